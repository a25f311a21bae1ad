/* motcua init: create the database, name the office, load the 2025 units. */
#include "cli.h"

#include "motcua/clock.h"
#include "motcua/dossier.h"
#include "motcua/holidays.h"
#include "motcua/lunar.h"
#include "motcua/paths.h"
#include "motcua/units.h"

#include <string.h>

static const char usage[] =
	N_("Usage: motcua [--db PATH] init --unit CODE --name NAME [--no-units]\n\n"
	"Creates the database if needed (or upgrades it), records the office's\n"
	"unit code (it heads every dossier code, e.g. 000.17.22.H56) and name, and\n"
	"loads the 34 provinces and 3,321 communes of 2025 with the old units\n"
	"merged into each (from data/units), and the holidays of this year and the\n"
	"next: the Labour Code's fixed days, and Tết, Giỗ Tổ, the day next to 2/9 and\n"
	"compensatory days as proposals to confirm (calendar confirm YEAR).\n\n"
	"  --unit CODE   unit code (letters, digits and dots)\n"
	"  --name NAME   office name, e.g. \"UBND phường Tô Hiệu\"\n"
	"  --no-units    do not load the administrative units\n");

/* The holidays of this year and the next (docs/rules.md R16), listed with
 * how to confirm or change them. Days already in the table are kept. */
static mc_status load_holidays(struct cli *cli, mc_error *err)
{
	int32_t today = mc_time_day(mc_clock_now());
	int y, m, d;
	mc_date_to_ymd(today, &y, &m, &d);
	for (int year = y; year <= y + 1; year++) {
		mc_holiday h[MC_HOLIDAYS_PROPOSE_MAX];
		bool proposed[MC_HOLIDAYS_PROPOSE_MAX];
		size_t n;
		mc_status st = mc_holidays_load_year(cli->store, year, h, proposed, &n, err);
		if (st != MC_OK)
			return st;
		printf(_("Holidays of %d (* = proposed, to confirm):\n"), year);
		for (size_t i = 0; i < n; i++) {
			char day[11];
			mc_date_format(h[i].day, day);
			printf("  %s %s  %s\n", proposed[i] ? "*" : " ", day, h[i].note);
		}
	}
	printf(_("The Government announces Tết and the day next to 2/9 each year. Check the "
		 "proposed days (calendar holiday list --year YEAR), change one with calendar "
		 "holiday add|del DATE, then confirm the year with calendar confirm YEAR.\n"));
	return MC_OK;
}

int cmd_init(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"unit", required_argument, NULL, 'u'},
		{"name", required_argument, NULL, 'n'},
		{"no-units", no_argument, NULL, 'N'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *unit = NULL, *name = NULL;
	bool units = true;
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "init", usage)) != -1) {
		switch (c) {
		case 'u': unit = optarg; break;
		case 'n': name = optarg; break;
		case 'N': units = false; break;
		case 'h': return 0;
		default: return MC_EUSAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error("init", "unexpected argument \"%s\"", argv[optind]);
	if (!unit || !name)
		return cli_usage_error("init", "--unit and --name are required");
	if (!mc_unit_code_valid(unit))
		return cli_usage_error("init",
				       "--unit \"%s\": use letters, digits and dots, e.g. 000.17.22.H56",
				       unit);
	if (!*name)
		return cli_usage_error("init", "--name is empty");
	cli->create = true;
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	mc_office office = {0};
	snprintf(office.unit_code, sizeof office.unit_code, "%s", unit);
	snprintf(office.name, sizeof office.name, "%s", name);
	if (mc_store_office_set(cli->store, &office, &err) != MC_OK)
		return cli_fail(&err);
	mc_units_stats st;
	if (units) {
		char dir[1024];
		mc_paths_data_file("data/units", dir, sizeof dir);
		if (mc_units_import(cli->store, dir, &st, &err) != MC_OK)
			return cli_fail(&err);
	}
	if (mc_units_counts(cli->store, &st, &err) != MC_OK)
		return cli_fail(&err);
	printf(_("Office %s (%s) ready in %s\n"), office.name, office.unit_code, cli->db_path);
	printf(_("Administrative units: %d provinces, %d communes, %d merged old communes\n"),
	       st.provinces, st.communes, st.old_units);
	if (load_holidays(cli, &err) != MC_OK)
		return cli_fail(&err);
	return 0;
}
