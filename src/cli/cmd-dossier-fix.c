/*
 * motcua dossier correct / void / guidance: corrections after saving and
 * guidance given without an intake (issue 13 §2).
 */
#include "cli.h"

#include "motcua/calendar.h"
#include "motcua/clock.h"
#include "motcua/counter.h"
#include "motcua/dossier.h"
#include "motcua/guidance.h"
#include "motcua/json.h"
#include "motcua/lifecycle.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char correct_usage[] =
	N_("Usage: motcua dossier correct CODE --field FIELD --value TEXT [--json]\n\n"
	"Fixes a typo in the applicant's data after saving. FIELD is name, id_number,\n"
	"phone or address; the value is checked as at intake. The history keeps the\n"
	"old and the new value (event \"correct\"). A clerk may correct the dossiers\n"
	"they took in themselves the same day; anything else needs a supervisor.\n");

int dossier_correct(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"field", required_argument, NULL, 'f'},
		{"value", required_argument, NULL, 'v'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *field = NULL, *value = NULL;
	bool json = false;
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "dossier correct", correct_usage)) != -1) {
		switch (c) {
		case 'f': field = optarg; break;
		case 'v': value = optarg; break;
		case 'j': json = true; break;
		case 'h': return 0;
		default: return MC_EUSAGE;
		}
	}
	if (optind != argc - 1)
		return cli_usage_error("dossier correct", "give exactly one dossier CODE");
	if (!field || !value)
		return cli_usage_error("dossier correct", "give --field and --value");
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	if (mc_dossier_correct(cli->store, argv[optind], field, value, cli_actor(cli), &err) !=
	    MC_OK)
		return cli_fail(&err);
	mc_dossier d;
	if (mc_dossier_get(cli->store, argv[optind], &d, &err) != MC_OK)
		return cli_fail(&err);
	if (json) {
		mc_json j;
		mc_json_init(&j, stdout);
		return mc_dossier_json(cli->store, &j, &d, true, &err) == MC_OK ? 0 : cli_fail(&err);
	}
	printf("%s  %s  %s\n", d.code, d.applicant.name, d.applicant.phone);
	return 0;
}

static const char void_usage[] =
	N_("Usage: motcua dossier void CODE --reason TEXT [--json]\n\n"
	"Voids a wrong intake (supervisor or admin). The dossier keeps its row and\n"
	"its code, which is never given again; its status becomes voided (event\n"
	"\"void\" with the reason), the register shows it voided and the reports\n"
	"leave it out. A returned dossier cannot be voided.\n");

int dossier_void(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"reason", required_argument, NULL, 'r'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *reason = NULL;
	bool json = false;
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "dossier void", void_usage)) != -1) {
		switch (c) {
		case 'r': reason = optarg; break;
		case 'j': json = true; break;
		case 'h': return 0;
		default: return MC_EUSAGE;
		}
	}
	if (optind != argc - 1)
		return cli_usage_error("dossier void", "give exactly one dossier CODE");
	if (!reason)
		return cli_usage_error("dossier void", "give --reason (why the intake was wrong)");
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	mc_dossier d;
	if (mc_dossier_void(cli->store, argv[optind], reason, cli_actor(cli), &err) != MC_OK ||
	    mc_dossier_get(cli->store, argv[optind], &d, &err) != MC_OK)
		return cli_fail(&err);
	if (json) {
		mc_json j;
		mc_json_init(&j, stdout);
		return mc_dossier_json(cli->store, &j, &d, true, &err) == MC_OK ? 0 : cli_fail(&err);
	}
	printf("%s  %s\n", d.code, mc_dossier_status_key(d.status));
	return 0;
}

/* ---- guidance ------------------------------------------------------------------------ */

static void guidance_json(mc_json *j, const mc_guidance *g)
{
	mc_json_begin_object(j, NULL);
	mc_json_int(j, "number", g->id);
	mc_json_string(j, "given_at", g->given_at);
	mc_json_string(j, "user", g->user);
	mc_json_string(j, "procedure", g->procedure_code);
	mc_json_string(j, "procedure_name", g->procedure_name);
	mc_json_string(j, "name", g->applicant_name);
	mc_json_string(j, "id_number", g->id_number);
	mc_json_string(j, "phone", g->phone);
	mc_json_string(j, "missing", g->missing);
	mc_json_string(j, "note", g->note);
	mc_json_end_object(j);
}

static const char gadd_usage[] =
	N_("Usage: motcua dossier guidance add --procedure CODE --name NAME --missing TEXT\n"
	"                                   [--id-number N] [--phone P] [--note TEXT]\n"
	"                                   [--json]\n\n"
	"Keeps a guidance slip given to a citizen whose dossier is incomplete: the\n"
	"dossier is not received (no dossier code, not counted as received). Print\n"
	"it with 'motcua print guidance NUMBER'. --missing lists the papers, \"a; b\".\n");

static int guidance_add(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"procedure", required_argument, NULL, 'p'},
		{"name", required_argument, NULL, 'n'},
		{"missing", required_argument, NULL, 'm'},
		{"id-number", required_argument, NULL, 'i'},
		{"phone", required_argument, NULL, 'P'},
		{"note", required_argument, NULL, 'N'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	mc_guidance_in in = {0};
	bool json = false;
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "dossier guidance add", gadd_usage)) != -1) {
		switch (c) {
		case 'p': in.procedure_code = optarg; break;
		case 'n': in.name = optarg; break;
		case 'm': in.missing = optarg; break;
		case 'i': in.id_number = optarg; break;
		case 'P': in.phone = optarg; break;
		case 'N': in.note = optarg; break;
		case 'j': json = true; break;
		case 'h': return 0;
		default: return MC_EUSAGE;
		}
	}
	if (optind != argc)
		return cli_usage_error("dossier guidance add", "unexpected argument \"%s\"",
				       argv[optind]);
	int rc = cli_store(cli);
	if (rc)
		return rc;
	in.user = cli_actor(cli);
	mc_error err = {0};
	mc_guidance g;
	if (mc_guidance_add(cli->store, &in, &g, &err) != MC_OK)
		return cli_fail(&err);
	if (json) {
		mc_json j;
		mc_json_init(&j, stdout);
		guidance_json(&j, &g);
	} else {
		printf("%lld  %s  %s\n", (long long)g.id, g.given_at, g.applicant_name);
	}
	return 0;
}

struct glist {
	bool json;
	mc_json j;
};

static int glist_row(const mc_guidance *g, void *ctx)
{
	struct glist *l = ctx;
	if (l->json)
		guidance_json(&l->j, g);
	else
		printf("%-5lld %s  %-10s %s%*s  %s  %s\n", (long long)g->id, g->given_at, g->user,
		       g->applicant_name, cli_pad(g->applicant_name, 24), "", g->procedure_code,
		       g->missing);
	return 0;
}

static const char glist_usage[] =
	N_("Usage: motcua dossier guidance list|count [--from DATE] [--to DATE]\n"
	"                                          [--user NAME] [--json]\n\n"
	"The guidance slips given without an intake in the period (YYYY-MM-DD,\n"
	"inclusive), or how many. JSON keys: number, given_at, user, procedure,\n"
	"procedure_name, name, id_number, phone, missing, note; count: {\"count\": N}.\n");

static int guidance_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"user", required_argument, NULL, 'u'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *from = NULL, *to = NULL, *user = NULL;
	bool count = strcmp(argv[0], "count") == 0;
	struct glist l = {0};
	char cmd[40];
	snprintf(cmd, sizeof cmd, "dossier guidance %s", argv[0]);
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, cmd, glist_usage)) != -1) {
		switch (c) {
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		case 'u': user = optarg; break;
		case 'j': l.json = true; break;
		case 'h': return 0;
		default: return MC_EUSAGE;
		}
	}
	if (optind != argc)
		return cli_usage_error(cmd, "unexpected argument \"%s\"", argv[optind]);
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	if (count) {
		int n;
		if (mc_guidance_count(cli->store, from, to, user, &n, &err) != MC_OK)
			return cli_fail(&err);
		if (l.json)
			printf("{\"count\":%d}\n", n);
		else
			printf("%d\n", n);
		return 0;
	}
	mc_json_init(&l.j, stdout);
	if (l.json)
		mc_json_begin_array(&l.j, NULL);
	mc_status st = mc_guidance_list(cli->store, from, to, user, glist_row, &l, &err);
	if (l.json)
		mc_json_end_array(&l.j);
	return st == MC_OK ? 0 : cli_fail(&err);
}

int dossier_guidance(struct cli *cli, int argc, char **argv)
{
	static const struct cli_cmd cmds[] = {
		{"add", guidance_add, N_("keep a guidance slip (no intake, no code)")},
		{"list", guidance_list, N_("guidance slips given in a period")},
		{"count", guidance_list, N_("how many guidance slips in a period")},
		{NULL, NULL, NULL},
	};
	return cli_dispatch(cli, "dossier guidance", cmds, argc - 1, argv + 1);
}

/* ---- the counter's day ------------------------------------------------------------------ */

static void today(char day[11])
{
	char now[17];
	mc_time_format(mc_clock_now(), now);
	snprintf(day, 11, "%.10s", now);
}

struct day_out {
	bool json;
	mc_json j;
};

static int day_row(const mc_day_item *it, void *ctx)
{
	struct day_out *o = ctx;
	if (o->json) {
		mc_json_begin_object(&o->j, NULL);
		mc_json_string(&o->j, "code", it->d->code);
		mc_json_string(&o->j, "action", it->action);
		mc_json_string(&o->j, "at", it->at);
		mc_json_string(&o->j, "to", it->to);
		mc_json_string(&o->j, "name", it->d->applicant.name);
		mc_json_string(&o->j, "status", mc_dossier_status_key(it->d->status));
		mc_json_end_object(&o->j);
	} else {
		printf("%s  %-8s  %s  %s%*s  %s\n", it->at + 11, it->action, it->d->code,
		       it->d->applicant.name, cli_pad(it->d->applicant.name, 24), "", it->to);
	}
	return 0;
}

static const char mine_usage[] =
	N_("Usage: motcua dossier mine [--date DATE] [--user NAME] [--json]\n"
	"       motcua dossier handover [--date DATE] [--user NAME] [--out FILE]\n\n"
	"mine: the dossiers a clerk took in, returned or transferred on a day (default\n"
	"today, the acting user). handover: the hand-over list of the dossiers the\n"
	"clerk transferred to the departments that day, printed for signatures\n"
	"(forms/print/handover.tmpl; exit 3 when there is none). JSON keys: code,\n"
	"action (intake, return, transfer), at, to, name, status.\n");

int dossier_mine(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"date", required_argument, NULL, 'd'},
		{"user", required_argument, NULL, 'u'},
		{"out", required_argument, NULL, 'o'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	bool handover = strcmp(argv[0], "handover") == 0;
	const char *user = NULL, *out = NULL;
	char day[11];
	today(day);
	struct day_out o = {0};
	char cmd[40];
	snprintf(cmd, sizeof cmd, "dossier %s", argv[0]);
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, cmd, mine_usage)) != -1) {
		switch (c) {
		case 'd': snprintf(day, sizeof day, "%s", optarg); break;
		case 'u': user = optarg; break;
		case 'o': out = optarg; break;
		case 'j': o.json = true; break;
		case 'h': return 0;
		default: return MC_EUSAGE;
		}
	}
	if (optind != argc)
		return cli_usage_error(cmd, "unexpected argument \"%s\"", argv[optind]);
	int rc = cli_store(cli);
	if (rc)
		return rc;
	if (!user)
		user = cli_actor(cli);
	mc_error err = {0};
	if (handover) {
		FILE *f = out ? fopen(out, "w") : stdout;
		if (!f) {
			mc_error_set(&err, MC_ESYS, "cannot write %s: %s", out, strerror(errno));
			return cli_fail(&err);
		}
		mc_print_opts po = {.format = MC_PRINT_TEXT};
		mc_status st = mc_print_handover(cli->store, user, day, &po, f, &err);
		if (f != stdout && fclose(f) != 0 && st == MC_OK)
			st = mc_error_set(&err, MC_ESYS, "writing %s", out);
		if (st != MC_OK && out)
			remove(out);
		return st == MC_OK ? 0 : cli_fail(&err);
	}
	mc_json_init(&o.j, stdout);
	if (o.json)
		mc_json_begin_array(&o.j, NULL);
	mc_status st = mc_counter_day(cli->store, user, day, NULL, day_row, &o, &err);
	if (o.json)
		mc_json_end_array(&o.j);
	return st == MC_OK ? 0 : cli_fail(&err);
}

static int due_row(const mc_due_row *w, void *ctx)
{
	struct day_out *o = ctx;
	long days = w->day_minutes > 0 ? (long)(w->minutes / w->day_minutes) : 0;
	if (o->json) {
		mc_json_begin_object(&o->j, NULL);
		mc_json_string(&o->j, "code", w->d->code);
		mc_json_string(&o->j, "name", w->d->applicant.name);
		mc_json_string(&o->j, "due_at", w->d->due_at);
		mc_json_string(&o->j, "department", w->d->department);
		mc_json_string(&o->j, "assignee", w->d->assignee);
		mc_json_int(&o->j, "minutes_left", w->minutes);
		mc_json_int(&o->j, "days_late", w->minutes < 0 ? -days : 0);
		mc_json_end_object(&o->j);
	} else {
		printf("%s  %s  %+ld  %s%*s  %s  %s\n", w->d->code, w->d->due_at, days,
		       w->d->applicant.name, cli_pad(w->d->applicant.name, 24), "",
		       w->d->department[0] ? w->d->department : "-",
		       w->d->assignee[0] ? w->d->assignee : "-");
	}
	return 0;
}

static const char due_usage[] =
	N_("Usage: motcua dossier due (--overdue | --soon DAYS) [--json]\n\n"
	"The supervisor's lists: open dossiers past their appointment, most overdue\n"
	"first, or due within DAYS working days, soonest first. Columns: code, due,\n"
	"working days left (negative: late), applicant, department, assignee. JSON\n"
	"keys: code, name, due_at, department, assignee, minutes_left, days_late.\n");

int dossier_due(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"overdue", no_argument, NULL, 'o'},
		{"soon", required_argument, NULL, 's'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int soon = -2;
	struct day_out o = {0};
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "dossier due", due_usage)) != -1) {
		switch (c) {
		case 'o': soon = -1; break;
		case 's': {
			char *end;
			soon = (int)strtol(optarg, &end, 10);
			if (*end || soon < 0 || soon > 365)
				return cli_usage_error("dossier due", "--soon takes 0..365 working days");
			break;
		}
		case 'j': o.json = true; break;
		case 'h': return 0;
		default: return MC_EUSAGE;
		}
	}
	if (soon == -2 || optind != argc)
		return cli_usage_error("dossier due", "give --overdue or --soon DAYS");
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	mc_json_init(&o.j, stdout);
	if (o.json)
		mc_json_begin_array(&o.j, NULL);
	mc_status st = mc_counter_watch(cli->store, mc_clock_now(), soon, 0, due_row, &o, &err);
	if (o.json)
		mc_json_end_array(&o.j);
	return st == MC_OK ? 0 : cli_fail(&err);
}
