/* motcua dossier: intake, show, find and list dossiers. */
#include "cli.h"

#include "motcua/dossier.h"
#include "motcua/clock.h"
#include "motcua/holidays.h"
#include "motcua/json.h"
#include "motcua/lifecycle.h"

#include <stdlib.h>
#include <string.h>

static void print_dossier_line(const mc_dossier *d)
{
	printf("%s  %-10s  %s%*s  %s  %s  %s\n", d->code, mc_dossier_status_key(d->status),
	       d->applicant.name, cli_pad(d->applicant.name, 28), "", d->procedure_code,
	       d->received_at, d->due_at);
}

static int print_detail_event(const mc_event *e, void *arg)
{
	(void)arg;
	printf("  %s  %-10s %-12s %s%s%s\n", e->at, e->user, e->action, e->to_status,
	       e->note[0] ? "  " : "", e->note);
	return 0;
}

/* "còn 2 ngày làm việc" / "quá hạn 8 ngày": working time left or overdue,
 * in whole working days, or in hours under a day. */
static void print_time_left(int64_t mins, int day)
{
	bool late = mins < 0;
	long a = (long)(late ? -mins : mins);
	if (day > 0 && a >= day) {
		long n = a / day;
		printf(late ? ngettext("%ld working day overdue", "%ld working days overdue", n)
			    : ngettext("%ld working day left", "%ld working days left", n), n);
	} else {
		long n = (a + 59) / 60;
		printf(late ? ngettext("%ld working hour overdue", "%ld working hours overdue", n)
			    : ngettext("%ld working hour left", "%ld working hours left", n), n);
	}
}

/* Timeliness: derived as of now (never stored). Open dossiers say how
 * much working time is left or overdue; a paused one that its clock is
 * stopped. */
static void print_timeliness(struct cli *cli, const mc_dossier *d)
{
	mc_timeliness tl;
	mc_error err = {0};
	int64_t now = mc_clock_now(), mins;
	int day;
	if (mc_dossier_timeliness(cli->store, d, now, &tl, &err) != MC_OK)
		return;
	/* Judged against the statutory appointment; an apology (Mẫu 04) is
	 * named beside it, never turns late into on time (docs/rules.md R3). */
	const char *apology = d->extensions ? _("apology letter sent") : NULL;
	if (mc_dossier_time_left(cli->store, d, now, &mins, &day, &err) != MC_OK) {
		printf("%s: %s", _("Timeliness"), mc_timeliness_label(tl));
		if (apology)
			printf(" (%s)", apology);
		printf("\n");
		return;
	}
	/* Open: trong hạn (on time so far) or quá hạn. */
	printf("%s: %s, ", _("Timeliness"), tl == MC_TL_LATE ? "quá hạn" : "trong hạn");
	if (tl == MC_TL_LATE && mins == 0)
		printf(_("the appointment %s has passed"), d->due_at);
	else
		print_time_left(mins, day);
	if (d->paused_at[0])
		printf(" (%s %s)", _("clock paused since"), d->paused_at);
	if (apology)
		printf(" (%s, %s %s)", apology, _("new appointment"), d->due_at);
	printf("\n");
}

static int print_detail(struct cli *cli, const mc_dossier *d)
{
	printf("%s: %s\n", _("Code"), d->code);
	printf("%s: %s (%s)\n", _("Status"), mc_dossier_status_label(d->status),
	       mc_dossier_status_key(d->status));
	printf("%s: %s  %s: %s  %s: %s\n", _("Applicant"), d->applicant.name, _("ID"),
	       d->applicant.id_number, _("Phone"), d->applicant.phone);
	if (d->applicant.address[0])
		printf("%s: %s\n", _("Address"), d->applicant.address);
	printf("%s: %s %s\n", _("Procedure"), d->procedure_code, d->procedure_name);
	print_timeliness(cli, d);
	if (d->department[0])
		printf("%s: %s%s%s\n", _("Department"), d->department, d->assignee[0] ? " · " : "",
		       d->assignee);
	if (d->finished_at[0])
		printf("%s: %s\n", _("Finished"), d->finished_at);
	if (d->returned_at[0])
		printf("%s: %s → %s (%s)\n", _("Returned"), d->returned_at, d->returned_to,
		       d->return_by);
	printf("%s: %s  %s: %s  %s: %s\n", _("Received"), d->received_at, _("Due"), d->due_at,
	       _("By"), d->received_by);
	if (d->original_due_at[0] && strcmp(d->original_due_at, d->due_at) != 0)
		printf("%s: %s\n", _("First appointment"), d->original_due_at);
	if (d->rating)
		printf("%s: %d\n", _("Rating"), d->rating);
	if (d->ndocuments)
		printf("%s:\n", _("Documents"));
	for (int i = 0; i < d->ndocuments; i++)
		printf("  [%c] %s\n", d->documents[i].received ? 'x' : ' ', d->documents[i].name);
	if (strcmp(d->extra, "{}") != 0)
		printf("%s: %s\n", _("Other fields"), d->extra);
	printf("%s:\n", _("History"));
	mc_error err = {0};
	if (mc_dossier_events(cli->store, d->id, print_detail_event, NULL, &err) != MC_OK)
		return cli_fail(&err);
	return 0;
}

/* An appointment in a year whose holiday table nobody confirmed may fall
 * on a holiday (docs/rules.md R16): say so, on stderr, once per intake. */
static void warn_holidays(struct cli *cli, const mc_dossier *d)
{
	int year = atoi(d->due_at);
	bool confirmed = true;
	mc_error err = {0};
	if (mc_holidays_year_confirmed(cli->store, year, &confirmed, &err) == MC_OK && !confirmed)
		fprintf(stderr, _("warning: the holiday table of %d is not confirmed; the "
				  "appointment %s may fall on a holiday (calendar holiday list "
				  "--year %d, then calendar confirm %d)\n"), year, d->due_at, year,
			year);
}

static const char intake_usage[] =
	N_("Usage: motcua dossier intake --procedure CODE --name NAME --id-number N --phone P\n"
	"                             [--address A] [--received-at 'YYYY-MM-DD HH:MM']\n"
	"                             [--extra JSON] [--channel counter|online|post]\n"
	"                             [--received 1,2,4] [--missing 3] [--json]\n\n"
	"Takes in a dossier: allocates its code UNIT-YYMMDD-NNNN, computes the\n"
	"appointment from the procedure's time limit and the working calendar, and\n"
	"records the intake in the dossier's history. --received-at enters a paper\n"
	"dossier taken earlier (during an outage); the real entry time is kept too.\n"
	"--channel says how it came (default counter; the report counts by it).\n"
	"--received / --missing name the papers of the procedure's checklist that\n"
	"came or did not (1 = the checklist's first paper); by default all came.\n");

static int dossier_intake(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"procedure", required_argument, NULL, 'p'},
		{"name", required_argument, NULL, 'n'},
		{"id-number", required_argument, NULL, 'i'},
		{"phone", required_argument, NULL, 't'},
		{"address", required_argument, NULL, 'a'},
		{"received-at", required_argument, NULL, 'r'},
		{"extra", required_argument, NULL, 'x'},
		{"channel", required_argument, NULL, 'c'},
		{"received", required_argument, NULL, 'R'},
		{"missing", required_argument, NULL, 'M'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	mc_intake in = {0};
	bool json = false, papers[MC_DOSSIER_MAX_DOCS];
	const char *received = NULL, *missing = NULL;
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "dossier intake", intake_usage)) != -1) {
		switch (c) {
		case 'p': in.procedure_code = optarg; break;
		case 'n': in.name = optarg; break;
		case 'i': in.id_number = optarg; break;
		case 't': in.phone = optarg; break;
		case 'a': in.address = optarg; break;
		case 'r': in.received_at = optarg; break;
		case 'x': in.extra_json = optarg; break;
		case 'c':
			if (strcmp(optarg, "counter") != 0 && strcmp(optarg, "online") != 0 &&
			    strcmp(optarg, "post") != 0)
				return cli_usage_error("dossier intake", "--channel must be counter, "
						       "online or post, not \"%s\"", optarg);
			in.channel = optarg;
			break;
		case 'R': received = optarg; break;
		case 'M': missing = optarg; break;
		case 'j': json = true; break;
		case 'h': return 0;
		default: return MC_EUSAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error("dossier intake", "unexpected argument \"%s\"", argv[optind]);
	if (!in.procedure_code || !in.name || !in.id_number || !in.phone)
		return cli_usage_error("dossier intake",
				       "--procedure, --name, --id-number and --phone are required");
	int rc = cli_store(cli);
	if (rc)
		return rc;
	in.user = cli_actor(cli);
	mc_error err = {0};
	mc_dossier d;
	if (received || missing) {
		/* Which papers of the checklist came; by default all of them. */
		mc_procedure proc;
		if (mc_catalog_get(cli->store, in.procedure_code, &proc, &err) != MC_OK ||
		    mc_dossier_papers_parse(received, missing, proc.ndocuments, papers, &err) !=
			    MC_OK)
			return cli_fail(&err);
		in.documents_received = papers;
	}
	if (mc_dossier_intake(cli->store, &in, &d, &err) != MC_OK)
		return cli_fail(&err);
	warn_holidays(cli, &d);
	if (json) {
		mc_json j;
		mc_json_init(&j, stdout);
		if (mc_dossier_json(cli->store, &j, &d, false, &err) != MC_OK)
			return cli_fail(&err);
	} else {
		printf("%s  %s %s\n", d.code, _("due"), d.due_at);
	}
	return 0;
}

static const char show_usage[] = N_("Usage: motcua dossier show CODE [--json]\n");

static int dossier_show(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	bool json = false;
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "dossier show", show_usage)) != -1) {
		if (c == 'j')
			json = true;
		else
			return c == 'h' ? 0 : MC_EUSAGE;
	}
	if (optind != argc - 1)
		return cli_usage_error("dossier show", "give exactly one CODE");
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	mc_dossier d;
	if (mc_dossier_get(cli->store, argv[optind], &d, &err) != MC_OK)
		return cli_fail(&err);
	if (!json)
		return print_detail(cli, &d);
	mc_json j;
	mc_json_init(&j, stdout);
	return mc_dossier_json(cli->store, &j, &d, true, &err) == MC_OK ? 0 : cli_fail(&err);
}

struct out_ctx {
	struct cli *cli;
	bool json;
	mc_json j;
	int n;
	mc_error err;
	mc_status st;
};

static int emit(const mc_dossier *d, void *arg)
{
	struct out_ctx *o = arg;
	o->n++;
	if (!o->json) {
		print_dossier_line(d);
		return 0;
	}
	o->st = mc_dossier_json(o->cli->store, &o->j, d, false, &o->err);
	return o->st != MC_OK;
}

static int finish(struct out_ctx *o, mc_status st, mc_error *err)
{
	if (o->json)
		mc_json_end_array(&o->j);
	if (st != MC_OK)
		return cli_fail(err);
	if (o->st != MC_OK)
		return cli_fail(&o->err);
	return 0;
}

static const char find_usage[] =
	N_("Usage: motcua dossier find QUERY [--limit N] [--json]\n\n"
	"QUERY is a dossier code (or its YYMMDD-NNNN tail), an ID number, a phone\n"
	"number, or a name typed in any case with or without diacritics, each word a\n"
	"prefix: 'nguyen v an' finds Nguyễn Văn An, 'duc' finds Đức. Newest first.\n");

static int dossier_find(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"limit", required_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct out_ctx o = {.cli = cli};
	int limit = 50, c;
	while ((c = cli_getopt(argc, argv, "", opts, "dossier find", find_usage)) != -1) {
		if (c == 'j')
			o.json = true;
		else if (c == 'l' && (limit = atoi(optarg)) > 0)
			continue;
		else if (c == 'l')
			return cli_usage_error("dossier find", "--limit must be a positive number");
		else
			return c == 'h' ? 0 : MC_EUSAGE;
	}
	if (optind >= argc)
		return cli_usage_error("dossier find", "give the QUERY");
	/* Words may come unquoted: "find nguyen van an". */
	char q[512] = "";
	for (int i = optind; i < argc; i++) {
		size_t n = strlen(q);
		snprintf(q + n, sizeof q - n, "%s%s", n ? " " : "", argv[i]);
	}
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	mc_json_init(&o.j, stdout);
	if (o.json)
		mc_json_begin_array(&o.j, NULL);
	mc_status st = mc_dossier_find(cli->store, q, limit, emit, &o, &err);
	return finish(&o, st, &err);
}

static const char list_usage[] =
	N_("Usage: motcua dossier list [--status S] [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
	"                           [--unit CODE] [--overdue] [--limit N] [--json]\n\n"
	"Dossiers received between the dates (inclusive), oldest first. Statuses:\n"
	"new accepted refused processing supplement fees withdrawn stopped ready returned\n"
	"--overdue keeps the open dossiers late now (paused ones if their appointment\n"
	"had passed when the clock stopped).\n");

static int dossier_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"status", required_argument, NULL, 's'},
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"unit", required_argument, NULL, 'u'},
		{"limit", required_argument, NULL, 'l'},
		{"overdue", no_argument, NULL, 'o'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct out_ctx o = {.cli = cli};
	mc_dossier_filter f = {0};
	char now[17];
	mc_time_format(mc_clock_now(), now);
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "dossier list", list_usage)) != -1) {
		switch (c) {
		case 's':
			if (!mc_dossier_status_parse(optarg, &f.status))
				return cli_usage_error("dossier list", "unknown status \"%s\"", optarg);
			f.has_status = true;
			break;
		case 'f': f.from = optarg; break;
		case 't': f.to = optarg; break;
		case 'u': f.unit = optarg; break;
		case 'l': f.limit = atoi(optarg); break;
		case 'o': f.overdue_at = now; break;
		case 'j': o.json = true; break;
		case 'h': return 0;
		default: return MC_EUSAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error("dossier list", "unexpected argument \"%s\"", argv[optind]);
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	mc_json_init(&o.j, stdout);
	if (o.json)
		mc_json_begin_array(&o.j, NULL);
	mc_status st = mc_dossier_list(cli->store, &f, emit, &o, &err);
	return finish(&o, st, &err);
}

int cmd_dossier(struct cli *cli, int argc, char **argv)
{
	static const struct cli_cmd cmds[] = {
		{"intake", dossier_intake, N_("take in a dossier and give its appointment")},
		{"show", dossier_show, N_("show one dossier with its history")},
		{"find", dossier_find, N_("find by code, ID number, phone or name")},
		{"list", dossier_list, N_("list dossiers by status and date")},
		{"import", dossier_import, N_("import dossiers from a CSV file")},
		{"transfer", dossier_step_cmd, N_("hand to a department")},
		{"supplement", dossier_step_cmd, N_("request missing papers (clock pauses)")},
		{"resume", dossier_step_cmd, N_("papers supplied / fees paid (clock runs)")},
		{"fees", dossier_step_cmd, N_("wait for fees or taxes (clock pauses)")},
		{"refuse", dossier_step_cmd, N_("refuse the dossier, with the reason")},
		{"withdraw", dossier_step_cmd, N_("the citizen withdraws it")},
		{"stop", dossier_step_cmd, N_("stop processing, with the reason")},
		{"extend", dossier_step_cmd, N_("apologise and set a new appointment")},
		{"result", dossier_step_cmd, N_("the result is ready")},
		{"return", dossier_step_cmd, N_("hand the result to the citizen")},
		{"accept", dossier_step_cmd, N_("accept an online submission (clock starts)")},
		{"rate", dossier_rate, N_("record the citizen's satisfaction")},
		{"pay", dossier_pay, N_("collect the fee and issue a fee receipt")},
		{"correct", dossier_correct, N_("fix a typo in the applicant's data")},
		{"void", dossier_void, N_("void a wrong intake (supervisor)")},
		{"guidance", dossier_guidance, N_("guidance slips given without an intake")},
		{"mine", dossier_mine, N_("a clerk's dossiers of a day")},
		{"handover", dossier_mine, N_("print the hand-over list to the departments")},
		{"due", dossier_due, N_("overdue and due-soon dossiers")},
		{NULL, NULL, NULL},
	};
	return cli_dispatch(cli, "dossier", cmds, argc - 1, argv + 1);
}
