/* motcua units: load and search the 2025 administrative units. */
#include "cli.h"

#include "motcua/json.h"
#include "motcua/paths.h"
#include "motcua/units.h"

#include <stdlib.h>
#include <string.h>

static const char import_usage[] =
	N_("Usage: motcua units import [DIR]\n\n"
	"Loads provinces.csv, communes.csv and old-units.csv from DIR (default: the\n"
	"shipped data/units). Unchanged rows stay as they are.\n");

static int units_import(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {0}};
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "units import", import_usage)) != -1)
		return c == 'h' ? 0 : MC_EUSAGE;
	if (argc - optind > 1)
		return cli_usage_error("units import", "give at most one DIR");
	char dir[1024];
	if (optind < argc)
		snprintf(dir, sizeof dir, "%s", argv[optind]);
	else
		mc_paths_data_file("data/units", dir, sizeof dir);
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	mc_units_stats st;
	if (mc_units_import(cli->store, dir, &st, &err) != MC_OK)
		return cli_fail(&err);
	printf(_("%d provinces, %d communes, %d merged old units\n"), st.provinces, st.communes,
	       st.old_units);
	return 0;
}

struct find_ctx {
	bool json;
	mc_json j;
};

static int print_unit(const mc_unit *u, void *arg)
{
	struct find_ctx *fc = arg;
	if (fc->json) {
		mc_json_begin_object(&fc->j, NULL);
		mc_json_string(&fc->j, "code", u->code);
		mc_json_string(&fc->j, "name", u->name);
		mc_json_string(&fc->j, "province_code", u->province_code);
		mc_json_string(&fc->j, "province", u->province);
		if (u->old_name[0]) {
			mc_json_string(&fc->j, "old_name", u->old_name);
			mc_json_string(&fc->j, "old_code", u->old_code);
			mc_json_bool(&fc->j, "partial", u->partial);
		}
		mc_json_end_object(&fc->j);
	} else if (u->old_name[0]) {
		printf("%s  %s, %s  (%s %s%s)\n", u->code, u->name, u->province, _("formerly"),
		       u->old_name, u->partial ? _(", in part") : "");
	} else {
		printf("%s  %s, %s\n", u->code, u->name, u->province);
	}
	return 0;
}

static const char find_usage[] =
	N_("Usage: motcua units find QUERY [--limit N] [--json]\n\n"
	"Communes whose name, province or pre-2025 commune name has every word of\n"
	"QUERY as a word prefix (without diacritics): 'chieng le son la' finds the\n"
	"commune that old Phường Chiềng Lề belongs to since 1 Jul 2025.\n");

static int units_find(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"limit", required_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct find_ctx fc = {0};
	int limit = 20, c;
	while ((c = cli_getopt(argc, argv, "", opts, "units find", find_usage)) != -1) {
		if (c == 'j')
			fc.json = true;
		else if (c == 'l')
			limit = atoi(optarg);
		else
			return c == 'h' ? 0 : MC_EUSAGE;
	}
	if (optind >= argc)
		return cli_usage_error("units find", "give the QUERY");
	char q[512];
	cli_join_args(argc, argv, optind, q, sizeof q);
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	mc_json_init(&fc.j, stdout);
	if (fc.json)
		mc_json_begin_array(&fc.j, NULL);
	mc_status st = mc_units_find(cli->store, q, limit, print_unit, &fc, &err);
	if (fc.json)
		mc_json_end_array(&fc.j);
	return st == MC_OK ? 0 : cli_fail(&err);
}

int cmd_units(struct cli *cli, int argc, char **argv)
{
	static const struct cli_cmd cmds[] = {
		{"import", units_import, N_("load the administrative units")},
		{"find", units_find, N_("find a commune by its new or old name")},
		{NULL, NULL, NULL},
	};
	return cli_dispatch(cli, "units", cmds, argc - 1, argv + 1);
}
