/* motcua init: create the database, name the office, load the 2025 units. */
#include "cli.h"

#include "motcua/dossier.h"
#include "motcua/paths.h"
#include "motcua/units.h"

#include <string.h>

static const char usage[] =
	N_("Usage: motcua [--db PATH] init --unit CODE --name NAME [--no-units]\n\n"
	"Creates the database if needed (or upgrades it), records the office's\n"
	"unit code (it heads every dossier code, e.g. 000.17.22.H56) and name, and\n"
	"loads the 34 provinces and 3,321 communes of 2025 with the old units\n"
	"merged into each (from data/units).\n\n"
	"  --unit CODE   unit code (letters, digits and dots)\n"
	"  --name NAME   office name, e.g. \"UBND phường Tô Hiệu\"\n"
	"  --no-units    do not load the administrative units\n");

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
	return 0;
}
