/* motcua report: the resolution report of a period (domain.md §3.5) as a
 * text table with bar charts, CSV or JSON. */
#include "cli.h"

#include "motcua/report.h"

#include <stdlib.h>
#include <string.h>

static const char report_usage[] =
	N_("Usage: motcua report --from DATE --to DATE [--by field|agency|procedure|unit]\n"
	"                     [--unit CODE] [--format text|csv|json] [--width N] [--ascii]\n\n"
	"Counts the dossiers of the period (dates YYYY-MM-DD, both included):\n"
	"received (carried over, new by channel), resolved (early, on time, late,\n"
	"against the statutory appointment), in progress\n"
	"at the end (on time, late), paused, refused, returned, and the ratings of\n"
	"the dossiers returned (1 very satisfied, 2 satisfied, 3 unsatisfied).\n"
	"--by groups the figures by the procedure's field, agency or code, or by\n"
	"office (unit code, at a province after sync); --unit counts one office.\n"
	"The rules are in docs/rules.md; a closed period's figures never change.\n\n"
	"  --format F   text (default: table and bar charts), csv or json\n"
	"  --width N    text columns (default 80)\n"
	"  --ascii      bars drawn with # instead of blocks\n");

/* The report's JSON with the fees key added (report_fees.c). */
static mc_status report_json_with_fees(mc_store *store, const mc_report *r, const char *from,
				       const char *to, mc_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (!mem)
		return mc_error_set(err, MC_ESYS, "out of memory");
	mc_status st = mc_report_write_json(r, mem, err);
	if (fclose(mem) != 0 && st == MC_OK)
		st = mc_error_set(err, MC_ESYS, "out of memory");
	if (st == MC_OK)
		st = report_fees_json(store, from, to, buf, stdout, err);
	free(buf);
	return st;
}

int cmd_report(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"by", required_argument, NULL, 'b'},
		{"format", required_argument, NULL, 'F'},
		{"width", required_argument, NULL, 'w'},
		{"ascii", no_argument, NULL, 'a'},
		{"unit", required_argument, NULL, 'u'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *from = NULL, *to = NULL, *format = "text", *unit = NULL;
	mc_report_by by = MC_REPORT_ALL;
	int width = 80, c;
	bool ascii = false;
	while ((c = cli_getopt(argc, argv, "", opts, "report", report_usage)) != -1) {
		switch (c) {
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		case 'F': format = optarg; break;
		case 'a': ascii = true; break;
		case 'u':
			if (!*optarg)
				return cli_usage_error("report", "--unit needs an office's unit code");
			unit = optarg;
			break;
		case 'b':
			if (!mc_report_by_parse(optarg, &by) || by == MC_REPORT_ALL)
				return cli_usage_error("report", "--by must be field, agency, "
						       "procedure or unit, not \"%s\"", optarg);
			break;
		case 'w':
			width = atoi(optarg);
			if (width < 60 || width > 400)
				return cli_usage_error("report", "--width must be 60..400");
			break;
		case 'h': return 0;
		default: return MC_EUSAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error("report", "unexpected argument \"%s\"", argv[optind]);
	if (!from || !to)
		return cli_usage_error("report", "--from and --to are required");
	if (strcmp(format, "text") != 0 && strcmp(format, "csv") != 0 &&
	    strcmp(format, "json") != 0)
		return cli_usage_error("report", "--format must be text, csv or json");
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	mc_report r;
	if (mc_report_compute_unit(cli->store, from, to, by, unit, &r, &err) != MC_OK)
		return cli_fail(&err);
	mc_status st = strcmp(format, "csv") == 0 ? mc_report_write_csv(&r, stdout, &err)
		     : strcmp(format, "json") == 0
			     ? report_json_with_fees(cli->store, &r, from, to, &err)
		     : mc_report_write_text(&r, width, ascii, stdout, &err);
	if (st == MC_OK && strcmp(format, "text") == 0)
		st = report_fees_text(cli->store, from, to, stdout, &err);   /* fees: report_fees.c */
	mc_report_free(&r);
	return st == MC_OK ? 0 : cli_fail(&err);
}
