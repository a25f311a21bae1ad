/* motcua catalog: import a procedure catalog CSV, list and show procedures. */
#include "cli.h"

#include "motcua/catalog.h"
#include "motcua/json.h"

#include <string.h>

static const char import_usage[] =
	N_("Usage: motcua catalog import FILE [--encoding ENC]\n\n"
	"Imports procedures from a CSV file with the header\n"
	"  code,name,field,agency,level,deadline,deadline_unit,fee,documents\n"
	"deadline_unit is day (working days), hour (working hours) or calendar_day;\n"
	"documents are separated by '|'. The whole file is checked first: a bad row\n"
	"is reported as FILE:LINE and nothing is imported. Re-importing the same file\n"
	"changes nothing; changed rows are updated.\n\n"
	"  --encoding ENC  file encoding (utf-8 by default; tcvn3, vni, viscii, cp1258, or any\n"
	"                  name iconv knows: utf-16, cp1252...; a byte-order mark is honoured)\n");

static int catalog_import(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"encoding", required_argument, NULL, 'e'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *enc = NULL;
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "catalog import", import_usage)) != -1) {
		if (c == 'e')
			enc = optarg;
		else
			return c == 'h' ? 0 : MC_EUSAGE;
	}
	if (optind != argc - 1)
		return cli_usage_error("catalog import", "give exactly one FILE");
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	mc_import_stats st;
	if (mc_catalog_import(cli->store, argv[optind], enc, &st, &err) != MC_OK)
		return cli_fail(&err);
	printf(_("%s: %d procedures (%d added, %d updated, %d unchanged)\n"), argv[optind],
	       st.rows, st.added, st.updated, st.unchanged);
	return 0;
}

static void procedure_json(mc_json *j, const mc_procedure *p)
{
	mc_json_begin_object(j, NULL);
	mc_json_string(j, "code", p->code);
	mc_json_string(j, "name", p->name);
	mc_json_string(j, "field", p->field);
	mc_json_string(j, "agency", p->agency);
	mc_json_string(j, "level", p->level);
	mc_json_number(j, "deadline", p->deadline);
	mc_json_string(j, "deadline_unit", mc_deadline_unit_name(p->unit));
	mc_json_int(j, "fee", p->fee);
	mc_json_begin_array(j, "documents");
	for (int i = 0; i < p->ndocuments; i++)
		mc_json_string(j, NULL, p->documents[i]);
	mc_json_end_array(j);
	mc_json_end_object(j);
}

static const char *unit_label(mc_deadline_unit u)
{
	return u == MC_UNIT_HOUR ? _("working hours")
	     : u == MC_UNIT_CALENDAR_DAY ? _("days") : _("working days");
}

struct list_ctx {
	bool json;
	mc_json j;
	int n;
};

static int print_procedure(const mc_procedure *p, void *arg)
{
	struct list_ctx *lc = arg;
	lc->n++;
	if (lc->json)
		procedure_json(&lc->j, p);
	else
		printf("%s  %s%*s  %g %s  %lld đ\n", p->code, p->name, cli_pad(p->name, 60), "",
		       p->deadline, unit_label(p->unit), (long long)p->fee);
	return 0;
}

static const char list_usage[] =
	N_("Usage: motcua catalog list [--search Q] [--json]\n\n"
	"Lists the procedures, or those whose code starts with Q or whose name has\n"
	"every word of Q as a word prefix, typed with or without diacritics.\n");

static int catalog_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"search", required_argument, NULL, 's'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct list_ctx lc = {0};
	const char *q = NULL;
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "catalog list", list_usage)) != -1) {
		if (c == 's')
			q = optarg;
		else if (c == 'j')
			lc.json = true;
		else
			return c == 'h' ? 0 : MC_EUSAGE;
	}
	if (optind < argc)
		return cli_usage_error("catalog list", "unexpected argument \"%s\"", argv[optind]);
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	mc_json_init(&lc.j, stdout);
	if (lc.json)
		mc_json_begin_array(&lc.j, NULL);
	mc_status st = mc_catalog_list(cli->store, q, print_procedure, &lc, &err);
	if (lc.json)
		mc_json_end_array(&lc.j);
	return st != MC_OK ? cli_fail(&err) : 0;
}

static const char show_usage[] = N_("Usage: motcua catalog show CODE [--json]\n");

static int catalog_show(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	bool json = false;
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "catalog show", show_usage)) != -1) {
		if (c == 'j')
			json = true;
		else
			return c == 'h' ? 0 : MC_EUSAGE;
	}
	if (optind != argc - 1)
		return cli_usage_error("catalog show", "give exactly one CODE");
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	mc_procedure p;
	if (mc_catalog_get(cli->store, argv[optind], &p, &err) != MC_OK)
		return cli_fail(&err);
	if (json) {
		mc_json j;
		mc_json_init(&j, stdout);
		procedure_json(&j, &p);
		return 0;
	}
	printf("%s  %s\n%s: %s\n%s: %s (%s)\n%s: %g %s\n%s: %lld đ\n%s:\n", p.code, p.name,
	       _("Field"), p.field, _("Agency"), p.agency, p.level, _("Time limit"), p.deadline,
	       unit_label(p.unit), _("Fee"), (long long)p.fee, _("Required documents"));
	for (int i = 0; i < p.ndocuments; i++)
		printf("  %d. %s\n", i + 1, p.documents[i]);
	return 0;
}

int cmd_catalog(struct cli *cli, int argc, char **argv)
{
	static const struct cli_cmd cmds[] = {
		{"import", catalog_import, N_("import procedures from a CSV file")},
		{"list", catalog_list, N_("list or search procedures")},
		{"show", catalog_show, N_("show one procedure and its documents")},
		{NULL, NULL, NULL},
	};
	return cli_dispatch(cli, "catalog", cmds, argc - 1, argv + 1);
}
