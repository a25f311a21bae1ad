/*
 * motcua queue: services and counters as data, tickets (issue, call,
 * recall, skip, serve, done, transfer), today's status; and the three
 * full-screen programs of the waiting room: kiosk, board and the
 * supervisor's dashboard (until the counter TUI opens it with F6).
 * Every ticket command prints the ticket, or JSON with --json; "nobody
 * waiting" exits 3 so that scripts can loop on `queue call`.
 */
#include "cli.h"

#include "motcua/auth.h"
#include "motcua/clock.h"
#include "motcua/json.h"
#include "motcua/queue.h"
#include "motcua/user.h"
#include "tui/queue_screens.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- output ------------------------------------------------------------------- */

static void json_opt_string(mc_json *j, const char *key, const char *v)
{
	mc_json_string(j, key, v && *v ? v : NULL);
}

static void json_opt_int(mc_json *j, const char *key, int v)
{
	if (v > 0)
		mc_json_int(j, key, v);
	else
		mc_json_null(j, key);
}

static void ticket_json(mc_json *j, const mc_ticket *t, bool with_ahead)
{
	mc_json_begin_object(j, NULL);
	mc_json_string(j, "ticket", t->ticket);
	mc_json_string(j, "service", t->service);
	mc_json_string(j, "service_name", t->service_name);
	mc_json_int(j, "number", t->number);
	mc_json_string(j, "day", t->day);
	mc_json_string(j, "state", mc_ticket_state_key(t->state));
	json_opt_int(j, "counter", t->counter);
	mc_json_string(j, "issued_at", t->issued_at);
	json_opt_string(j, "called_at", t->called_at);
	json_opt_string(j, "served_at", t->served_at);
	json_opt_string(j, "done_at", t->done_at);
	mc_json_int(j, "recalls", t->recalls);
	json_opt_string(j, "dossier_code", t->dossier_code);
	json_opt_int(j, "transferred_to", t->transferred_to);
	if (with_ahead)
		mc_json_int(j, "waiting", t->waiting_ahead);
	mc_json_end_object(j);
}

static void ticket_line(const mc_ticket *t)
{
	printf("%s  %s  %s", t->ticket, t->service_name, qs_ticket_state_text(t->state));
	if (t->counter && t->state != MC_TICKET_WAITING)
		printf(_(" · counter %d"), t->counter);
	if (t->transferred_to && t->state == MC_TICKET_WAITING)
		printf(_(" · sent to counter %d"), t->transferred_to);
	if (t->dossier_code[0])
		printf(" · %s", t->dossier_code);
	putchar('\n');
}

/* "12" → 12 (1..999), else -1. */
static int parse_counter(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);
	return *s && !*end && v >= 1 && v <= 999 ? (int)v : -1;
}

/* The acting user's counter (mc_user.counter), 0 when none. */
static int actor_counter(struct cli *cli)
{
	const char *name;
	mc_user u;
	if (!mc_auth_actor(cli->store, &name, NULL) || mc_user_get(cli->store, name, &u, NULL))
		return 0;
	return u.counter;
}

/* ---- services and counters ----------------------------------------------------- */

static const char service_add_usage[] =
	N_("Usage: motcua queue service add CODE --name NAME [--fields F,...]\n\n"
	"Adds a service of the queue, or changes it: CODE is one or two letters that\n"
	"prefix its tickets (A001), NAME what the kiosk shows (\"Hộ tịch\"), --fields\n"
	"the fields (lĩnh vực) it covers. Supervisor or admin.\n");

static int service_add(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"name", required_argument, NULL, 'n'},
		{"fields", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *name = NULL, *fields = NULL;
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "queue service add", service_add_usage)) !=
	       -1) {
		switch (c) {
		case 'n': name = optarg; break;
		case 'f': fields = optarg; break;
		case 'h': return 0;
		default: return MC_EUSAGE;
		}
	}
	if (optind != argc - 1 || !name)
		return cli_usage_error("queue service add", "give CODE and --name NAME");
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	if (mc_queue_service_add(cli->store, argv[optind], name, fields, &err) != MC_OK)
		return cli_fail(&err);
	return 0;
}

struct list_ctx {
	bool json;
	mc_json j;
	int n;
};

static int emit_service(const mc_queue_service *v, void *arg)
{
	struct list_ctx *o = arg;
	o->n++;
	if (!o->json) {
		printf("%-3s %s%*s %s\n", v->code, v->name, cli_pad(v->name, 32), "", v->fields);
		return 0;
	}
	mc_json_begin_object(&o->j, NULL);
	mc_json_string(&o->j, "code", v->code);
	mc_json_string(&o->j, "name", v->name);
	mc_json_begin_array(&o->j, "fields");
	char buf[sizeof v->fields];
	snprintf(buf, sizeof buf, "%s", v->fields);
	char *save = NULL;
	for (char *f = strtok_r(buf, ",", &save); f; f = strtok_r(NULL, ",", &save))
		mc_json_string(&o->j, NULL, f);
	mc_json_end_array(&o->j);
	mc_json_bool(&o->j, "active", v->active);
	mc_json_end_object(&o->j);
	return 0;
}

static int emit_counter(const mc_counter *v, void *arg)
{
	struct list_ctx *o = arg;
	o->n++;
	if (!o->json) {
		printf("%3d  %-12s %-10s %s\n", v->number, v->services,
		       mc_counter_state_key(v->state), v->name);
		return 0;
	}
	mc_json_begin_object(&o->j, NULL);
	mc_json_int(&o->j, "counter", v->number);
	mc_json_string(&o->j, "name", v->name);
	mc_json_begin_array(&o->j, "services");
	char buf[sizeof v->services];
	snprintf(buf, sizeof buf, "%s", v->services);
	char *save = NULL;
	for (char *f = strtok_r(buf, ",", &save); f; f = strtok_r(NULL, ",", &save))
		mc_json_string(&o->j, NULL, f);
	mc_json_end_array(&o->j);
	mc_json_string(&o->j, "state", mc_counter_state_key(v->state));
	mc_json_end_object(&o->j);
	return 0;
}

/* `queue service list` and `queue counter list`: same options. */
static int list_cmd(struct cli *cli, int argc, char **argv, bool counters)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *cmd = counters ? "queue counter list" : "queue service list";
	const char *usage = counters ? N_("Usage: motcua queue counter list [--json]\n")
				     : N_("Usage: motcua queue service list [--json]\n");
	struct list_ctx o = {0};
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, cmd, usage)) != -1) {
		if (c == 'j')
			o.json = true;
		else
			return c == 'h' ? 0 : MC_EUSAGE;
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument \"%s\"", argv[optind]);
	int rc = cli_store(cli);
	if (rc)
		return rc;
	if (o.json) {
		mc_json_init(&o.j, stdout);
		mc_json_begin_array(&o.j, NULL);
	}
	mc_error err = {0};
	mc_status st = counters ? mc_queue_counter_list(cli->store, emit_counter, &o, &err)
				: mc_queue_service_list(cli->store, emit_service, &o, &err);
	if (o.json)
		mc_json_end_array(&o.j);
	return st == MC_OK ? 0 : cli_fail(&err);
}

static int service_list(struct cli *cli, int argc, char **argv)
{
	return list_cmd(cli, argc, argv, false);
}

static int counter_list(struct cli *cli, int argc, char **argv)
{
	return list_cmd(cli, argc, argv, true);
}

static const char counter_add_usage[] =
	N_("Usage: motcua queue counter add NUMBER --services CODE,... [--name NAME]\n\n"
	"Sets up counter (quầy) NUMBER to call the tickets of the given services,\n"
	"oldest first. Run again to change its services. Supervisor or admin.\n");

static int counter_add(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"services", required_argument, NULL, 's'},
		{"name", required_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *services = NULL, *name = NULL;
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "queue counter add", counter_add_usage)) !=
	       -1) {
		switch (c) {
		case 's': services = optarg; break;
		case 'n': name = optarg; break;
		case 'h': return 0;
		default: return MC_EUSAGE;
		}
	}
	int number = optind == argc - 1 ? parse_counter(argv[optind]) : -1;
	if (number < 0 || !services)
		return cli_usage_error("queue counter add",
				       "give NUMBER (1-999) and --services CODE,...");
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	if (mc_queue_counter_add(cli->store, number, name, services, &err) != MC_OK)
		return cli_fail(&err);
	return 0;
}

static const char counter_state_usage[] =
	N_("Usage: motcua queue counter state NUMBER open|paused|closed\n\n"
	"Opens, pauses (tạm nghỉ) or closes a counter; the board and the dashboard\n"
	"show it. Calling a ticket opens the counter again.\n");

static int counter_state(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "queue counter state", counter_state_usage)) !=
	       -1)
		return c == 'h' ? 0 : MC_EUSAGE;
	mc_counter_state state;
	int number = optind == argc - 2 ? parse_counter(argv[optind]) : -1;
	if (number < 0 || !mc_counter_state_parse(argv[argc - 1], &state))
		return cli_usage_error("queue counter state", "give NUMBER and open, paused or closed");
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	if (mc_queue_counter_set_state(cli->store, number, state, &err) != MC_OK)
		return cli_fail(&err);
	return 0;
}

static int queue_service(struct cli *cli, int argc, char **argv)
{
	static const struct cli_cmd cmds[] = {
		{"add", service_add, N_("add or change a service (ticket letter, name, fields)")},
		{"list", service_list, N_("list the services")},
		{NULL, NULL, NULL},
	};
	return cli_dispatch(cli, "queue service", cmds, argc - 1, argv + 1);
}

static int queue_counter(struct cli *cli, int argc, char **argv)
{
	static const struct cli_cmd cmds[] = {
		{"add", counter_add, N_("add or change a counter and the services it calls")},
		{"list", counter_list, N_("list the counters")},
		{"state", counter_state, N_("open, pause or close a counter")},
		{NULL, NULL, NULL},
	};
	return cli_dispatch(cli, "queue counter", cmds, argc - 1, argv + 1);
}

/* ---- tickets ---------------------------------------------------------------------- */

static const char issue_usage[] =
	N_("Usage: motcua queue issue --service CODE [--json]\n\n"
	"Issues the next ticket of a service for today (numbers restart every day)\n"
	"and prints it with the number of people waiting before it.\n");

static int queue_issue(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"service", required_argument, NULL, 's'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *service = NULL;
	bool json = false;
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "queue issue", issue_usage)) != -1) {
		switch (c) {
		case 's': service = optarg; break;
		case 'j': json = true; break;
		case 'h': return 0;
		default: return MC_EUSAGE;
		}
	}
	if (optind < argc || !service)
		return cli_usage_error("queue issue", "give --service CODE");
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	mc_ticket t;
	if (mc_queue_issue(cli->store, service, &t, &err) != MC_OK)
		return cli_fail(&err);
	if (json) {
		mc_json j;
		mc_json_init(&j, stdout);
		ticket_json(&j, &t, true);
	} else {
		printf(ngettext("%s  %s  (%d person waiting)\n", "%s  %s  (%d people waiting)\n",
				(unsigned long)t.waiting_ahead),
		       t.ticket, t.service_name, t.waiting_ahead);
	}
	return 0;
}

/* The commands on a counter's ticket share their options. */
static const struct counter_cmd {
	const char *name;
	const char *usage;
} counter_cmds[] = {
	{"call", N_("Usage: motcua queue call [--counter NUMBER] [--json]\n\n"
		 "Calls the next ticket for the counter: first those transferred to it, then\n"
		 "the oldest waiting ticket of its services. The counter's current ticket is\n"
		 "finished as done. Exits 3 when nobody is waiting. NUMBER defaults to the\n"
		 "counter of the --user.\n")},
	{"recall", N_("Usage: motcua queue recall [--counter NUMBER] [--json]\n\n"
		   "Announces the counter's called ticket again (the board shows it anew).\n")},
	{"skip", N_("Usage: motcua queue skip [--counter NUMBER] [--json]\n\n"
		 "The called citizen did not come: the ticket is marked skipped.\n")},
	{"serve", N_("Usage: motcua queue serve [--counter NUMBER] [--json]\n\n"
		  "The citizen has come to the counter: the ticket is being served.\n")},
	{"done", N_("Usage: motcua queue done [--counter NUMBER] [--dossier CODE] [--json]\n\n"
		 "Finishes the counter's ticket, linking the dossier taken in (if given).\n")},
	{"transfer", N_("Usage: motcua queue transfer [--counter NUMBER] --to NUMBER [--json]\n\n"
		     "Sends the counter's ticket to another counter, which calls it first.\n")},
	{"current", N_("Usage: motcua queue current [--counter NUMBER] [--json]\n\n"
		    "Shows the counter's current ticket; exits 3 when it has none.\n")},
	{NULL, NULL},
};

static mc_status run_counter_cmd(mc_store *s, const char *name, int counter, int to,
				 const char *dossier, mc_ticket *t, mc_error *err)
{
	if (strcmp(name, "call") == 0)
		return mc_queue_call(s, counter, t, err);
	if (strcmp(name, "recall") == 0)
		return mc_queue_recall(s, counter, t, err);
	if (strcmp(name, "skip") == 0)
		return mc_queue_skip(s, counter, t, err);
	if (strcmp(name, "serve") == 0)
		return mc_queue_serve(s, counter, t, err);
	if (strcmp(name, "done") == 0)
		return mc_queue_done(s, counter, dossier, t, err);
	if (strcmp(name, "transfer") == 0)
		return mc_queue_transfer(s, counter, to, t, err);
	return mc_queue_current(s, counter, t, err);
}

static int queue_counter_cmd(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"counter", required_argument, NULL, 'c'},
		{"to", required_argument, NULL, 't'},
		{"dossier", required_argument, NULL, 'd'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const struct counter_cmd *cc = counter_cmds;
	while (strcmp(cc->name, argv[0]) != 0)
		cc++;
	char cmd[32];
	snprintf(cmd, sizeof cmd, "queue %s", cc->name);
	int counter = 0, to = 0, c;
	const char *dossier = NULL;
	bool json = false;
	while ((c = cli_getopt(argc, argv, "", opts, cmd, cc->usage)) != -1) {
		switch (c) {
		case 'c':
			if ((counter = parse_counter(optarg)) < 0)
				return cli_usage_error(cmd, "--counter takes a number 1-999");
			break;
		case 't':
			if ((to = parse_counter(optarg)) < 0 || strcmp(cc->name, "transfer") != 0)
				return cli_usage_error(cmd, "--to NUMBER is for transfer");
			break;
		case 'd':
			if (strcmp(cc->name, "done") != 0)
				return cli_usage_error(cmd, "--dossier is for done");
			dossier = optarg;
			break;
		case 'j': json = true; break;
		case 'h': return 0;
		default: return MC_EUSAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument \"%s\"", argv[optind]);
	if (strcmp(cc->name, "transfer") == 0 && !to)
		return cli_usage_error(cmd, "give --to NUMBER");
	int rc = cli_store(cli);
	if (rc)
		return rc;
	if (!counter && !(counter = actor_counter(cli)))
		return cli_usage_error(cmd, "give --counter NUMBER (the user has no counter)");
	mc_error err = {0};
	mc_ticket t;
	if (run_counter_cmd(cli->store, cc->name, counter, to, dossier, &t, &err) != MC_OK)
		return cli_fail(&err);
	if (json) {
		mc_json j;
		mc_json_init(&j, stdout);
		ticket_json(&j, &t, false);
	} else {
		ticket_line(&t);
	}
	return 0;
}

static const char show_usage[] =
	N_("Usage: motcua queue show TICKET [--day YYYY-MM-DD] [--json]\n\n"
	"Shows a ticket of today (or of --day) with every time it went through.\n");

static int queue_show(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"day", required_argument, NULL, 'd'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *day = NULL;
	bool json = false;
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "queue show", show_usage)) != -1) {
		switch (c) {
		case 'd': day = optarg; break;
		case 'j': json = true; break;
		case 'h': return 0;
		default: return MC_EUSAGE;
		}
	}
	if (optind != argc - 1)
		return cli_usage_error("queue show", "give exactly one TICKET");
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	mc_ticket t;
	if (mc_queue_ticket_get(cli->store, argv[optind], day, &t, &err) != MC_OK)
		return cli_fail(&err);
	if (json) {
		mc_json j;
		mc_json_init(&j, stdout);
		ticket_json(&j, &t, false);
		return 0;
	}
	ticket_line(&t);
	printf("  %s %s", _("issued"), t.issued_at);
	if (t.called_at[0])
		printf("  %s %s", _("called"), t.called_at);
	if (t.served_at[0])
		printf("  %s %s", _("served"), t.served_at);
	if (t.done_at[0])
		printf("  %s %s", _("done"), t.done_at);
	if (t.recalls)
		printf("  %s %d", _("recalls"), t.recalls);
	putchar('\n');
	return 0;
}

/* ---- today's status ------------------------------------------------------------- */

static void status_json(const mc_queue_snapshot *q)
{
	mc_json j;
	mc_json_init(&j, stdout);
	mc_json_begin_object(&j, NULL);
	mc_json_string(&j, "day", q->day);
	mc_json_string(&j, "as_of", q->as_of);
	mc_json_int(&j, "issued", q->issued);
	mc_json_int(&j, "waiting", q->waiting);
	mc_json_int(&j, "served", q->served);
	mc_json_int(&j, "longest_wait", q->longest_wait);
	json_opt_string(&j, "longest_ticket", q->longest_ticket);
	mc_json_number(&j, "avg_wait", q->avg_wait);
	mc_json_number(&j, "avg_wait_called", q->avg_wait_called);
	mc_json_number(&j, "avg_service", q->avg_service);
	mc_json_begin_array(&j, "services");
	for (int i = 0; i < q->nservices; i++) {
		const mc_queue_service_view *v = &q->services[i];
		mc_json_begin_object(&j, NULL);
		mc_json_string(&j, "service", v->service.code);
		mc_json_string(&j, "name", v->service.name);
		mc_json_int(&j, "issued", v->issued);
		mc_json_int(&j, "waiting", v->waiting);
		mc_json_int(&j, "called", v->called);
		mc_json_int(&j, "done", v->done);
		mc_json_int(&j, "skipped", v->skipped);
		mc_json_end_object(&j);
	}
	mc_json_end_array(&j);
	mc_json_begin_array(&j, "counters");
	for (int i = 0; i < q->ncounters; i++) {
		const mc_queue_counter_view *v = &q->counters[i];
		mc_json_begin_object(&j, NULL);
		mc_json_int(&j, "counter", v->counter.number);
		mc_json_string(&j, "name", v->counter.name);
		mc_json_string(&j, "services", v->counter.services);
		mc_json_string(&j, "state", mc_counter_state_key(v->counter.state));
		json_opt_string(&j, "ticket", v->has_ticket ? v->ticket : NULL);
		json_opt_string(&j, "ticket_state",
				v->has_ticket ? mc_ticket_state_key(v->ticket_state) : NULL);
		json_opt_string(&j, "called_at", v->has_ticket ? v->called_at : NULL);
		mc_json_int(&j, "served", v->served);
		mc_json_end_object(&j);
	}
	mc_json_end_array(&j);
	mc_json_end_object(&j);
}

static void status_text(const mc_queue_snapshot *q)
{
	printf(_("Queue %s · issued %d · waiting %d · served %d"), q->as_of, q->issued,
	       q->waiting, q->served);
	if (q->longest_ticket[0])
		printf(_(" · longest wait %d min (%s) · average %.0f min"), q->longest_wait,
		       q->longest_ticket, q->avg_wait);
	putchar('\n');
	for (int i = 0; i < q->nservices; i++) {
		const mc_queue_service_view *v = &q->services[i];
		printf("  %-3s %s%*s ", v->service.code, v->service.name,
		       cli_pad(v->service.name, 28), "");
		printf(_("waiting %3d  called %2d  done %3d  absent %2d\n"), v->waiting, v->called,
		       v->done, v->skipped);
	}
	for (int i = 0; i < q->ncounters; i++) {
		const mc_queue_counter_view *v = &q->counters[i];
		const char *state = qs_counter_state_text(v->counter.state);
		char counter[64];
		snprintf(counter, sizeof counter, _("Counter %d"), v->counter.number);
		printf("  %s%*s %-8s %s%*s", counter, cli_pad(counter, 10), "", v->counter.services,
		       state, cli_pad(state, 10), "");
		if (v->has_ticket)
			printf(" %s (%s)", v->ticket, qs_ticket_state_text(v->ticket_state));
		else
			printf(" %-4s", "-");
		printf(_("  served %d\n"), v->served);
	}
}

static const char status_usage[] =
	N_("Usage: motcua queue status [--json]\n\n"
	"Today's queue: tickets issued, waiting and served, the longest and average\n"
	"wait, each service's counts, each counter's state and current ticket.\n");

static int queue_status(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	bool json = false;
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "queue status", status_usage)) != -1) {
		if (c == 'j')
			json = true;
		else
			return c == 'h' ? 0 : MC_EUSAGE;
	}
	if (optind < argc)
		return cli_usage_error("queue status", "unexpected argument \"%s\"", argv[optind]);
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_queue_snapshot *q = malloc(sizeof *q);
	if (!q)
		return MC_ESYS;
	mc_error err = {0};
	if (mc_queue_snapshot_read(cli->store, mc_clock_now(), q, &err) != MC_OK) {
		free(q);
		return cli_fail(&err);
	}
	if (json)
		status_json(q);
	else
		status_text(q);
	free(q);
	return 0;
}

int cmd_queue(struct cli *cli, int argc, char **argv)
{
	static const struct cli_cmd cmds[] = {
		{"service", queue_service, N_("the services tickets are issued for")},
		{"counter", queue_counter, N_("the counters and the services they call")},
		{"issue", queue_issue, N_("issue the next ticket of a service")},
		{"call", queue_counter_cmd, N_("call the next ticket at a counter")},
		{"recall", queue_counter_cmd, N_("announce the counter's ticket again")},
		{"skip", queue_counter_cmd, N_("the called citizen did not come")},
		{"serve", queue_counter_cmd, N_("the citizen is being served")},
		{"done", queue_counter_cmd, N_("finish the ticket, linking its dossier")},
		{"transfer", queue_counter_cmd, N_("send the ticket to another counter")},
		{"current", queue_counter_cmd, N_("show the counter's current ticket")},
		{"show", queue_show, N_("show one ticket")},
		{"status", queue_status, N_("today's queue: waiting, served, counters")},
		{NULL, NULL, NULL},
	};
	return cli_dispatch(cli, "queue", cmds, argc - 1, argv + 1);
}

/* ---- the waiting room's screens ------------------------------------------------- */

static bool on_terminal(const char *what)
{
	if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
		return true;
	fprintf(stderr, "motcua %s: %s\n", what, _("this screen needs a terminal"));
	return false;
}

/* Shared by kiosk, board and dashboard: only --help and (kiosk) --printer. */
static int screen_cmd(struct cli *cli, int argc, char **argv, const char *name,
		      const char *usage, const char **printer)
{
	static const struct option opts[] = {
		{"printer", required_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, name, usage)) != -1) {
		if (c == 'p' && printer)
			*printer = optarg;
		else if (c == 'h')
			return 'h';
		else
			return c == 'p' ? cli_usage_error(name, "--printer is for the kiosk")
					: MC_EUSAGE;
	}
	if (optind < argc)
		return cli_usage_error(name, "unexpected argument \"%s\"", argv[optind]);
	if (!on_terminal(name))
		return MC_EUSAGE;
	return cli_store(cli);
}

static const char kiosk_usage[] =
	N_("Usage: motcua kiosk [--printer QUEUE]\n\n"
	"The ticket kiosk at the entrance: the citizen picks a service with the\n"
	"arrow keys or its letter and Enter, and gets the next ticket, shown in\n"
	"large digits and printed on a CUPS queue with lp -d QUEUE (--printer, else\n"
	"$MOTCUA_KIOSK_PRINTER or the kiosk_printer setting: a queue name of\n"
	"letters, digits, _ . -, never a command). Ctrl-Q quits.\n");

int cmd_kiosk(struct cli *cli, int argc, char **argv)
{
	const char *printer = NULL;
	int rc = screen_cmd(cli, argc, argv, "kiosk", kiosk_usage, &printer);
	if (rc)
		return rc == 'h' ? 0 : rc;
	return kiosk_run(cli->store, printer);
}

static const char board_usage[] =
	N_("Usage: motcua board\n\n"
	"The waiting-room board: the ticket called at each counter in large digits,\n"
	"the newest call highlighted for a few seconds, the people waiting per\n"
	"service. Updates within a second of a call made anywhere. q quits.\n");

int cmd_board(struct cli *cli, int argc, char **argv)
{
	int rc = screen_cmd(cli, argc, argv, "board", board_usage, NULL);
	if (rc)
		return rc == 'h' ? 0 : rc;
	return board_run(cli->store);
}

static const char dashboard_usage[] =
	N_("Usage: motcua dashboard\n\n"
	"The supervisor's dashboard (also F6 in the counter screens once wired):\n"
	"waiting tickets, average and longest wait, each counter's state and served\n"
	"count, dossiers due today, overdue and waiting for return by department.\n"
	"Updates within a second of a change. Supervisor or admin. q quits.\n");

int cmd_dashboard(struct cli *cli, int argc, char **argv)
{
	int rc = screen_cmd(cli, argc, argv, "dashboard", dashboard_usage, NULL);
	if (rc)
		return rc == 'h' ? 0 : rc;
	mc_error err = {0};
	if (mc_auth_require(cli->store, MC_ROLE_SUPERVISOR, "open the supervisor dashboard", &err))
		return cli_fail(&err);
	return dashboard_run(cli->store);
}
