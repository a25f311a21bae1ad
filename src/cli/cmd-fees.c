/*
 * motcua dossier pay CODE ... and motcua fees charge|receipt|void|refund|day:
 * collecting fees with numbered receipts and closing the shift
 * (docs/fees.md). Amounts are whole đồng.
 */
#include "cli.h"

#include "motcua/fees.h"
#include "motcua/fees_print.h"
#include "motcua/json.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A whole, positive number of đồng (no separators). */
static bool parse_amount(const char *s, int64_t *out)
{
	if (!*s || strlen(s) > 15)
		return false;
	int64_t v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
	}
	*out = v;
	return true;
}

static const char pay_usage[] =
	N_("Usage: motcua dossier pay CODE --amount N --method cash|transfer|card\n"
	"                          [--payer NAME] [--json]\n\n"
	"Collects the fee of a dossier and issues the next fee receipt of the office's\n"
	"series (settings fees.receipt_form, fees.receipt_series). N is in whole dong\n"
	"and must be what is due; a wrong amount, or a dossier with nothing due, exits 2\n"
	"saying why. --json prints receipt_number, amount, method and paid_at.\n");

int dossier_pay(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"amount", required_argument, NULL, 'a'},
		{"method", required_argument, NULL, 'm'},
		{"payer", required_argument, NULL, 'p'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *amount = NULL, *method = NULL;
	mc_payment p = {0};
	bool json = false;
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "dossier pay", pay_usage)) != -1) {
		switch (c) {
		case 'a': amount = optarg; break;
		case 'm': method = optarg; break;
		case 'p': p.payer = optarg; break;
		case 'j': json = true; break;
		case 'h': return 0;
		default: return MC_EUSAGE;
		}
	}
	if (optind != argc - 1 || !amount || !method)
		return cli_usage_error("dossier pay", "give CODE, --amount and --method");
	if (!mc_pay_method_parse(method, &p.method))
		return cli_usage_error("dossier pay", "--method must be cash, transfer or card, "
				       "not \"%s\"", method);
	if (!parse_amount(amount, &p.amount) || p.amount == 0) {
		fprintf(stderr, _("motcua: --amount \"%s\" is not a whole number of dong above 0\n"),
			amount);
		return MC_EDATA;
	}
	int rc = cli_store(cli);
	if (rc)
		return rc;
	p.code = argv[optind];
	p.user = cli_actor(cli);
	mc_error err = {0};
	mc_fee_receipt r;
	if (mc_fee_pay(cli->store, &p, &r, &err) != MC_OK)
		return cli_fail(&err);
	if (json) {
		mc_json j;
		mc_json_init(&j, stdout);
		mc_json_begin_object(&j, NULL);
		mc_json_string(&j, "receipt_number", r.receipt_number);
		mc_json_int(&j, "amount", r.amount);
		mc_json_string(&j, "method", mc_pay_method_name(r.method));
		mc_json_string(&j, "paid_at", r.paid_at);
		mc_json_end_object(&j);
		fputc('\n', stdout);
		return 0;
	}
	printf(_("Fee receipt %s: %lld dong, %s, %s\n"), r.receipt_number, (long long)r.amount,
	       mc_pay_method_name(r.method), r.paid_at);
	return 0;
}

static const char charge_usage[] =
	N_("Usage: motcua fees charge CODE [--copies N] [--pages N] [--exempt KEY] [--json]\n\n"
	"Records what the citizen asks for (copies, pages of each copy) and prints\n"
	"the amount due under the procedure's fee rule; --exempt applies one of the\n"
	"procedure's exemptions (docs/catalog.md). Refused once a receipt is paid.\n");

static void due_json(const mc_fee_due *d)
{
	mc_json j;
	mc_json_init(&j, stdout);
	mc_json_begin_object(&j, NULL);
	mc_json_string(&j, "kind", mc_fee_kind_name(d->kind));
	mc_json_string(&j, "collect", d->at_return ? "return" : "intake");
	mc_json_int(&j, "copies", d->copies);
	mc_json_int(&j, "pages", d->pages);
	mc_json_int(&j, "amount", d->amount);
	mc_json_int(&j, "exempted", d->exempted);
	mc_json_string(&j, "exempt_reason", d->exempt_reason);
	mc_json_int(&j, "paid", d->paid);
	mc_json_int(&j, "outstanding", d->outstanding);
	mc_json_end_object(&j);
	fputc('\n', stdout);
}

static int fees_charge(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"copies", required_argument, NULL, 'c'},
		{"pages", required_argument, NULL, 'p'},
		{"exempt", required_argument, NULL, 'e'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int copies = 1, pages = 0, c;
	const char *exempt = NULL;
	bool json = false;
	while ((c = cli_getopt(argc, argv, "", opts, "fees charge", charge_usage)) != -1) {
		int64_t v = 0;
		switch (c) {
		case 'c':
		case 'p':
			if (!parse_amount(optarg, &v) || v > 100000)
				return cli_usage_error("fees charge", "--%s must be a whole number",
						       c == 'c' ? "copies" : "pages");
			*(c == 'c' ? &copies : &pages) = (int)v;
			break;
		case 'e': exempt = optarg; break;
		case 'j': json = true; break;
		case 'h': return 0;
		default: return MC_EUSAGE;
		}
	}
	if (optind != argc - 1)
		return cli_usage_error("fees charge", "give exactly one dossier CODE");
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	mc_fee_due d;
	if (mc_fee_charge(cli->store, argv[optind], copies, pages, exempt, cli_actor(cli), &d,
			  &err) != MC_OK)
		return cli_fail(&err);
	if (json)
		due_json(&d);
	else if (d.exempt_key[0])
		printf(_("Due: 0 dong (exempt: %s; %lld dong waived)\n"), d.exempt_reason,
		       (long long)d.exempted);
	else
		printf(_("Due: %lld dong\n"), (long long)d.amount);
	return 0;
}

static const char close_usage[] =
	N_("Usage: motcua fees void NUMBER --reason TEXT\n"
	"       motcua fees refund NUMBER --reason TEXT\n\n"
	"void: a receipt issued in error (supervisor); the fee is due again.\n"
	"refund: the fee of a refused or withdrawn dossier is paid back.\n"
	"The receipt is kept, marked, and the dossier's history records it.\n");

static int fees_close(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"reason", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	bool refund = strcmp(argv[0], "refund") == 0;
	const char *cmd = refund ? "fees refund" : "fees void", *reason = NULL;
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, cmd, close_usage)) != -1) {
		if (c == 'r')
			reason = optarg;
		else
			return c == 'h' ? 0 : MC_EUSAGE;
	}
	if (optind != argc - 1 || !reason || !*reason)
		return cli_usage_error(cmd, "give the receipt NUMBER and --reason");
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	mc_fee_receipt r;
	mc_status st = refund ? mc_fee_refund(cli->store, argv[optind], reason, cli_actor(cli),
					      &r, &err)
			      : mc_fee_void(cli->store, argv[optind], reason, cli_actor(cli), &r,
					    &err);
	if (st != MC_OK)
		return cli_fail(&err);
	printf("%s  %s  %lld\n", r.receipt_number, r.status, (long long)r.amount);
	return 0;
}

static const char receipt_usage[] =
	N_("Usage: motcua fees receipt NUMBER [--json]\n\nShows one fee receipt.\n");

static void receipt_json(mc_json *j, const mc_fee_receipt *r)
{
	mc_json_begin_object(j, NULL);
	mc_json_string(j, "receipt_number", r->receipt_number);
	mc_json_string(j, "form", r->form);
	mc_json_string(j, "dossier_code", r->dossier_code);
	mc_json_int(j, "amount", r->amount);
	mc_json_string(j, "method", mc_pay_method_name(r->method));
	mc_json_string(j, "payer", r->payer);
	mc_json_string(j, "paid_at", r->paid_at);
	mc_json_string(j, "user", r->user);
	mc_json_string(j, "status", r->status);
	mc_json_string(j, "closed_reason", r->closed_reason[0] ? r->closed_reason : NULL);
	mc_json_string(j, "closed_by", r->closed_by[0] ? r->closed_by : NULL);
	mc_json_end_object(j);
}

static int fees_receipt(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	bool json = false;
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "fees receipt", receipt_usage)) != -1) {
		if (c == 'j')
			json = true;
		else
			return c == 'h' ? 0 : MC_EUSAGE;
	}
	if (optind != argc - 1)
		return cli_usage_error("fees receipt", "give exactly one receipt NUMBER");
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	mc_fee_receipt r;
	if (mc_fee_receipt_get(cli->store, argv[optind], &r, &err) != MC_OK)
		return cli_fail(&err);
	if (json) {
		mc_json j;
		mc_json_init(&j, stdout);
		receipt_json(&j, &r);
		fputc('\n', stdout);
		return 0;
	}
	printf("%s  %s  %s  %lld  %s  %s  %s\n", r.receipt_number, r.dossier_code, r.paid_at,
	       (long long)r.amount, mc_pay_method_name(r.method), r.user, r.status);
	if (r.closed_reason[0])
		printf("  %s %s: %s\n", r.closed_at, r.closed_by, r.closed_reason);
	return 0;
}

/* The day's receipts, kept for the totals by clerk. */
struct day {
	mc_fee_receipt *rows;
	size_t n, cap;
};

static int keep(const mc_fee_receipt *r, void *ctx)
{
	struct day *d = ctx;
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 32;
		mc_fee_receipt *g = realloc(d->rows, cap * sizeof *g);
		if (!g)
			return 1;
		d->rows = g;
		d->cap = cap;
	}
	d->rows[d->n++] = *r;
	return 0;
}

static const char day_usage[] =
	N_("Usage: motcua fees day --date YYYY-MM-DD [--user U] [--json]\n\n"
	"Closes a shift: the receipts of the day (of one clerk with --user), the\n"
	"totals by method and by clerk of those still paid, and the hand-over sheet\n"
	"(bảng kê) of the cash. --json prints total, by_method, by_user, receipts.\n");

static void day_text(const char *date, const char *user, const struct day *d,
		     const mc_fee_day *t)
{
	printf(_("FEES COLLECTED ON %s%s%s\n\n"), date, user ? " - " : "", user ? user : "");
	const char *h[6] = {_("Receipt no."), _("Dossier"), _("Amount"), _("Method"), _("Clerk"),
			    _("Status")};
	printf("%s%*s %s%*s %*s%s %s%*s %s%*s %s\n", h[0], cli_pad(h[0], 16), "", h[1],
	       cli_pad(h[1], 26), "", cli_pad(h[2], 10), "", h[2], h[3], cli_pad(h[3], 8), "",
	       h[4], cli_pad(h[4], 10), "", h[5]);
	for (size_t i = 0; i < d->n; i++) {
		const mc_fee_receipt *r = &d->rows[i];
		printf("%-16s %-26s %10lld %-8s %-10s %s\n", r->receipt_number, r->dossier_code,
		       (long long)r->amount, mc_pay_method_name(r->method), r->user, r->status);
	}
	printf("\n");
	for (int m = 0; m < MC_PAY_COUNT; m++)
		printf("%-10s %12lld\n", mc_pay_method_name((mc_pay_method)m),
		       (long long)t->by_method[m]);
	printf("%s%*s %12lld\n", _("total"), cli_pad(_("total"), 10), "", (long long)t->total);
	printf(_("%d receipts paid, %d voided, %d refunded\n"), t->receipts, t->voided,
	       t->refunded);
	printf(_("\nCash handed over: %lld dong\n\n"
		 "HANDED OVER BY                          RECEIVED BY\n"
		 "(signature, full name)                  (signature, full name)\n"),
	       (long long)t->by_method[MC_PAY_CASH]);
}

static int fees_day(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"date", required_argument, NULL, 'd'},
		{"user", required_argument, NULL, 'u'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *date = NULL, *user = NULL;
	bool json = false;
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "fees day", day_usage)) != -1) {
		switch (c) {
		case 'd': date = optarg; break;
		case 'u': user = optarg; break;
		case 'j': json = true; break;
		case 'h': return 0;
		default: return MC_EUSAGE;
		}
	}
	if (optind != argc || !date)
		return cli_usage_error("fees day", "give --date YYYY-MM-DD");
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	struct day d = {0};
	mc_fee_day t = {0};
	if (mc_fee_receipts_day(cli->store, date, user, keep, &d, &err) != MC_OK) {
		free(d.rows);
		return cli_fail(&err);
	}
	for (size_t i = 0; i < d.n; i++) {
		const mc_fee_receipt *r = &d.rows[i];
		if (strcmp(r->status, "paid") == 0) {
			t.total += r->amount;
			t.by_method[r->method] += r->amount;
			t.receipts++;
		} else {
			*(strcmp(r->status, "voided") == 0 ? &t.voided : &t.refunded) += 1;
		}
	}
	if (!json) {
		day_text(date, user, &d, &t);
		free(d.rows);
		return 0;
	}
	mc_json j;
	mc_json_init(&j, stdout);
	mc_json_begin_object(&j, NULL);
	mc_json_int(&j, "total", t.total);
	mc_json_begin_object(&j, "by_method");
	for (int m = 0; m < MC_PAY_COUNT; m++)
		mc_json_int(&j, mc_pay_method_name((mc_pay_method)m), t.by_method[m]);
	mc_json_end_object(&j);
	mc_json_begin_object(&j, "by_user");
	/* Clerks in order of their first receipt; each summed once. */
	for (size_t i = 0; i < d.n; i++) {
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = strcmp(d.rows[k].user, d.rows[i].user) == 0;
		if (seen)
			continue;
		int64_t sum = 0;
		for (size_t k = i; k < d.n; k++)
			if (strcmp(d.rows[k].user, d.rows[i].user) == 0 &&
			    strcmp(d.rows[k].status, "paid") == 0)
				sum += d.rows[k].amount;
		mc_json_int(&j, d.rows[i].user, sum);
	}
	mc_json_end_object(&j);
	mc_json_begin_array(&j, "receipts");
	for (size_t i = 0; i < d.n; i++)
		receipt_json(&j, &d.rows[i]);
	mc_json_end_array(&j);
	mc_json_end_object(&j);
	fputc('\n', stdout);
	free(d.rows);
	return 0;
}

static const char print_usage[] =
	N_("Usage: motcua fees print NUMBER [--format text|pdf|ps] [--out FILE] [--ascii]\n"
	"       motcua fees sheet --date YYYY-MM-DD [--user U] [--format ...] [--out FILE]\n\n"
	"print: the fee receipt (biên lai thu phí, lệ phí) with the dossier code and,\n"
	"when the office's bank account is set, the VietQR of the amount.\n"
	"sheet: the day's hand-over sheet (bảng kê) with the cash to hand over.\n"
	"Templates: forms/print/bienlai-phi.tmpl, bangke-phi.tmpl.\n");

static int fees_paper(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"out", required_argument, NULL, 'o'},
		{"ascii", no_argument, NULL, 'a'},
		{"date", required_argument, NULL, 'd'},
		{"user", required_argument, NULL, 'u'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	bool sheet = strcmp(argv[0], "sheet") == 0;
	const char *cmd = sheet ? "fees sheet" : "fees print";
	const char *format = "text", *path = NULL, *date = NULL, *user = NULL;
	mc_print_opts o = {0};
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, cmd, print_usage)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'o': path = optarg; break;
		case 'a': o.ascii = true; break;
		case 'd': date = optarg; break;
		case 'u': user = optarg; break;
		case 'h': return 0;
		default: return MC_EUSAGE;
		}
	}
	if (sheet ? optind != argc || !date : optind != argc - 1)
		return cli_usage_error(cmd, sheet ? "give --date" : "give one receipt NUMBER");
	if (strcmp(format, "text") == 0)
		o.format = MC_PRINT_TEXT;
	else if (strcmp(format, "pdf") == 0)
		o.format = MC_PRINT_PDF;
	else if (strcmp(format, "ps") == 0)
		o.format = MC_PRINT_PS;
	else
		return cli_usage_error(cmd, "--format must be text, pdf or ps, not \"%s\"", format);
	if (!path && o.format != MC_PRINT_TEXT && isatty(STDOUT_FILENO))
		return cli_usage_error(cmd, "PDF or PostScript to a terminal: give --out FILE");
	int rc = cli_store(cli);
	if (rc)
		return rc;
	FILE *out = path ? fopen(path, "wb") : stdout;
	if (!out) {
		fprintf(stderr, "motcua: %s: %s\n", path, strerror(errno));
		return MC_ESYS;
	}
	mc_error err = {0};
	mc_status st = sheet ? mc_fee_print_sheet(cli->store, date, user, &o, out, &err)
			     : mc_fee_print_receipt(cli->store, argv[optind], &o, out, &err);
	if (path && fclose(out) != 0 && st == MC_OK)
		st = mc_error_set(&err, MC_ESYS, "%s: %s", path, strerror(errno));
	if (st != MC_OK) {
		if (path)
			unlink(path);
		return cli_fail(&err);
	}
	return 0;
}

int cmd_fees(struct cli *cli, int argc, char **argv)
{
	static const struct cli_cmd cmds[] = {
		{"charge", fees_charge, N_("record copies, pages or an exemption; print the fee due")},
		{"receipt", fees_receipt, N_("show one fee receipt")},
		{"void", fees_close, N_("void a fee receipt issued in error (supervisor)")},
		{"refund", fees_close, N_("refund the fee of a refused or withdrawn dossier")},
		{"day", fees_day, N_("a day's receipts and totals; the cash hand-over sheet")},
		{"print", fees_paper, N_("print a fee receipt (with the VietQR when set)")},
		{"sheet", fees_paper, N_("print the day's hand-over sheet (bảng kê)")},
		{NULL, NULL, NULL},
	};
	return cli_dispatch(cli, "fees", cmds, argc - 1, argv + 1);
}
