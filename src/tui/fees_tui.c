/*
 * Fees on the counter screens (docs/fees.md): the supervisor's overview
 * (F6) shows what was collected today, by method, and how many receipts
 * were voided or refunded; after an intake (or a return) the payment step
 * takes the fee and writes the fee receipt.
 */
#include "fees_tui.h"
#include "tform.h"

#include "motcua/calendar.h"
#include "motcua/catalog.h"
#include "motcua/print.h"
#include "motcua/vietqr.h"
#include "motcua/clock.h"
#include "motcua/fees.h"
#include "motcua/fees_print.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct {
	mc_fee_day t;
	bool ok;
} day;

void fees_day_collect(struct tui *t)
{
	char now[17], d[11];
	mc_time_format(mc_clock_now(), now);
	snprintf(d, sizeof d, "%.10s", now);
	mc_error err;
	day.ok = mc_fee_day_totals(t->store, d, NULL, &day.t, &err) == MC_OK;
	if (!day.ok)
		tui_msg(t, MSG_ERROR, "%s", err.msg);
}

int fees_day_draw(struct tui *t, int y)
{
	if (!day.ok || y >= LINES - 3)
		return y;
	char total[64], m[MC_PAY_COUNT][64];
	mc_fee_money(day.t.total, total, sizeof total);
	for (int i = 0; i < MC_PAY_COUNT; i++)
		mc_fee_money(day.t.by_method[i], m[i], sizeof m[i]);
	draw_fmt(t, stdscr, y++, 1, COLS - 2, A_NORMAL, false,
		 _("fees today %s · %d receipts · voided %d · refunded %d"), total,
		 day.t.receipts, day.t.voided, day.t.refunded);
	draw_fmt(t, stdscr, y++, 3, COLS - 4, A_NORMAL, false, _("cash %s · transfer %s · card %s"),
		 m[MC_PAY_CASH], m[MC_PAY_TRANSFER], m[MC_PAY_CARD]);
	return y;
}

/* ---- the payment step ------------------------------------------------------ */

/* Listed for xgettext (forms/payment.form labels; see form_labels.c). */
const char *const fees_form_msgids[] = {
	N_("Fee payment"), N_("Copies"), N_("Pages per copy"), N_("(per-page fees)"),
	N_("Exemption"), N_("None"), N_("Paid by"), N_("Cash"), N_("Bank transfer"),
	N_("Card"), N_("Payer"), NULL,
};

struct pay {
	struct tui *t;
	const mc_dossier *d;
	mc_procedure *p;
	struct form_spec spec;
	struct tform *form;
	mc_fee_quote q;
	char due[300];
	bool due_ok;
	char keys[300];
};

static bool series_set(mc_store *s)
{
	char v[64];
	mc_error e2;
	return mc_store_setting_get(s, "fees.receipt_form", v, sizeof v, &e2) == MC_OK && v[0] &&
	       mc_store_setting_get(s, "fees.receipt_series", v, sizeof v, &e2) == MC_OK && v[0];
}

static int num(struct tform *f, const char *name)
{
	char v[16];
	tform_value(f, name, v, sizeof v);
	return v[0] ? atoi(v) : 0;
}

/* The amount for what is typed now. */
static void quote(struct pay *p)
{
	char ex[FORM_NAME_MAX];
	tform_value(p->form, "exempt", ex, sizeof ex);
	mc_error err;
	int copies = num(p->form, "copies");
	p->due_ok = mc_fee_compute(&p->p->fee_rule, p->p->fee, copies ? copies : 1,
				   num(p->form, "pages"), strcmp(ex, "none") ? ex : NULL, &p->q,
				   &err) == MC_OK;
	char money[64];
	if (p->p->fee_rule.kind == MC_FEE_PER_PAGE && num(p->form, "pages") == 0) {
		p->due_ok = false;
		snprintf_trunc(p->due, sizeof p->due, "%s", _("Type the pages of each copy"));
	} else if (!p->due_ok) {
		snprintf_trunc(p->due, sizeof p->due, "%s", err.msg);
	} else if (p->q.exempt_key[0]) {
		mc_fee_money(p->q.exempted, money, sizeof money);
		snprintf_trunc(p->due, sizeof p->due, _("Amount due: 0 đồng (exempt, %s waived)"),
			       money);
	} else {
		mc_fee_money(p->q.amount, money, sizeof money);
		snprintf_trunc(p->due, sizeof p->due, _("Amount due: %s"), money);
	}
}

static void frame(struct pay *p)
{
	struct tui *t = p->t;
	/* Only our own lines are padded: libform keeps the fields' text. */
	draw_fmt(t, stdscr, CONTENT_TOP, 1, COLS - 2, t->th.bold, true, "%s · %s", p->d->code,
		 p->d->applicant.name);
	draw_text(t, stdscr, CONTENT_TOP + 1, 1, COLS - 2, p->d->procedure_name, A_NORMAL, true);
	draw_text(t, stdscr, CONTENT_TOP + 12, 1, COLS - 2, p->due,
		  p->due_ok ? t->th.title : t->th.error, true);
	tform_draw(p->form);
	int cy, cx;
	getyx(stdscr, cy, cx);
	snprintf(p->keys, sizeof p->keys, "%s · %s · %s", _("F10 take the payment"),
		 _("Esc not now"), tform_keys(p->form));
	statusline_draw(t, _("Fee payment"), p->keys);
	wmove(stdscr, cy, cx);
	wnoutrefresh(stdscr);
	doupdate();
}

/* The VietQR of the amount, full screen: dark modules drawn as blocks on
 * a light background (black on white when the terminal has colours, else
 * reversed), two modules a row. True when the clerk confirms the money
 * arrived. */
static bool show_vietqr(struct pay *p, const char *payload, const char *holder)
{
	struct tui *t = p->t;
	mc_qr qr;
	mc_error err;
	if (mc_qr_encode(payload, &qr, &err) != MC_OK) {
		tui_msg(t, MSG_ERROR, "%s", err.msg);
		return false;
	}
	attr_t light = A_REVERSE;
	if (t->color && COLOR_PAIRS > 9) {
		init_pair(9, COLOR_BLACK, COLOR_WHITE);
		light = COLOR_PAIR(9);
	}
	bool yes = false;
	for (;;) {
		werase(stdscr);
		int w = qr.size + 2;
		for (int r = -1; r < qr.size + 1 && r / 2 < LINES - 3; r += 2) {
			wmove(stdscr, (r + 1) / 2, 1);
			for (int x = -1; x < qr.size + 1; x++) {
				bool top = mc_qr_at(&qr, x, r), bot = mc_qr_at(&qr, x, r + 1);
				const char *c = !t->utf8       ? (top || bot ? "#" : " ")
						: top && bot   ? "█"
						: top          ? "▀"
						: bot          ? "▄"
							       : " ";
				wattron(stdscr, light);
				waddstr(stdscr, c);
				wattroff(stdscr, light);
			}
		}
		int x = w + 3;
		char money[64];
		mc_fee_money(p->q.amount, money, sizeof money);
		draw_text(t, stdscr, 1, x, COLS - x - 1, _("Scan with a bank app"), t->th.bold,
			  false);
		draw_text(t, stdscr, 3, x, COLS - x - 1, money, t->th.title, false);
		draw_text(t, stdscr, 4, x, COLS - x - 1, p->d->code, A_NORMAL, false);
		draw_text(t, stdscr, 5, x, COLS - x - 1, holder, A_NORMAL, false);
		draw_text(t, stdscr, 7, x, COLS - x - 1, _("Has the transfer arrived?"), t->th.bold,
			  false);
		draw_text(t, stdscr, LINES - 1, 0, COLS,
			  _(" y the money arrived · Esc back"), t->th.keys, true);
		wnoutrefresh(stdscr);
		doupdate();
		tui_key k;
		keys_read(t, &k, 1000);
		if (tui_stop || k.code == TK_BACK || tk_is_char(&k, 'n'))
			break;
		if (tk_is_char(&k, 'y') || tk_is_char(&k, 'c')) {
			yes = true;
			break;
		}
	}
	mc_qr_free(&qr);
	werase(stdscr);
	t->full = true;
	return yes;
}

/* The receipt as text in the receipts directory (and to the printer). */
static void write_receipt(struct pay *p, const mc_fee_receipt *r, char *where, size_t wsz)
{
	struct tui *t = p->t;
	char name[64], path[1200];
	snprintf(name, sizeof name, "%s", r->receipt_number);
	for (char *c = name; *c; c++)
		if (*c == '/')
			*c = '-';
	snprintf(path, sizeof path, "%s/bienlai-%s.txt", t->receipt_dir, name);
	FILE *out = fopen(path, "w");
	mc_print_opts o = {.format = MC_PRINT_TEXT, .width = 80};
	mc_error err = {0};
	mc_status st = out ? mc_fee_print_receipt(t->store, r->receipt_number, &o, out, &err)
			   : mc_error_set(&err, MC_ESYS, "%s: %s", path, strerror(errno));
	if (out && fclose(out) != 0 && st == MC_OK)
		st = mc_error_set(&err, MC_ESYS, "%s: %s", path, strerror(errno));
	if (st == MC_OK && t->printer) {
		char cmd[1400];
		snprintf(cmd, sizeof cmd, "%s < '%s'", t->printer, path);
		if (system(cmd) != 0)
			st = mc_error_set(&err, MC_ESYS, _("printing with \"%s\" failed"),
					  t->printer);
	}
	if (st == MC_OK)
		snprintf_trunc(where, wsz, "%s", path);
	else
		snprintf_trunc(where, wsz, "%s", err.msg);
}

static bool take(struct pay *p)
{
	struct tui *t = p->t;
	quote(p);
	if (tform_validate(p->form) || !p->due_ok)
		return false;
	char method[16], payer[300], ex[FORM_NAME_MAX];
	tform_value(p->form, "method", method, sizeof method);
	tform_value(p->form, "payer", payer, sizeof payer);
	tform_value(p->form, "exempt", ex, sizeof ex);
	mc_error err = {0};
	mc_fee_due due;
	if (mc_fee_charge(t->store, p->d->code, num(p->form, "copies"), num(p->form, "pages"),
			  strcmp(ex, "none") ? ex : NULL, t->user.username, &due, &err) != MC_OK) {
		tui_msg(t, MSG_ERROR, _("Not saved: %s"), err.msg);
		return false;
	}
	if (due.outstanding <= 0) {
		tui_msg(t, MSG_INFO, _("%s: nothing to collect (%s)"), p->d->code,
			due.exempt_reason[0] ? due.exempt_reason : _("free"));
		return true;
	}
	mc_payment pay = {.code = p->d->code, .amount = due.outstanding, .payer = payer,
			  .user = t->user.username};
	mc_pay_method_parse(method, &pay.method);
	if (pay.method == MC_PAY_TRANSFER) {
		char payload[MC_VIETQR_MAX], holder[128];
		mc_status st = mc_vietqr_office(t->store, due.outstanding, p->d->code, payload,
						holder, sizeof holder, &err);
		if (st == MC_OK && !show_vietqr(p, payload, holder))
			return false;
		if (st != MC_OK && st != MC_EEMPTY) {
			tui_msg(t, MSG_ERROR, "%s", err.msg);
			return false;
		}
	}
	mc_fee_receipt r;
	if (mc_fee_pay(t->store, &pay, &r, &err) != MC_OK) {
		tui_msg(t, MSG_ERROR, _("Not saved: %s"), err.msg);
		return false;
	}
	char where[1300];
	write_receipt(p, &r, where, sizeof where);
	tui_msg(t, MSG_INFO, _("Fee receipt %s: %lld đồng · %s"), r.receipt_number,
		(long long)r.amount, where);
	return true;
}

void fees_collect_run(struct tui *t, const mc_dossier *d, bool at_return)
{
	struct pay p = {.t = t, .d = d};
	mc_error err;
	mc_fee_due due;
	if (!series_set(t->store) || !(p.p = malloc(sizeof *p.p)))
		return;
	if (mc_catalog_get(t->store, d->procedure_code, p.p, &err) != MC_OK ||
	    p.p->fee_rule.kind == MC_FEE_FREE || p.p->fee_rule.at_return != at_return ||
	    (mc_fee_due_get(t->store, d->code, &due, &err) == MC_OK && due.paid > 0)) {
		free(p.p);
		return;
	}
	char ferr[600];
	if (form_spec_load_named("payment", &p.spec, ferr, sizeof ferr) ||
	    form_spec_require(&p.spec, "copies", FT_DIGITS, ferr, sizeof ferr) ||
	    form_spec_require(&p.spec, "pages", FT_DIGITS, ferr, sizeof ferr) ||
	    form_spec_require(&p.spec, "exempt", FT_CHOICE, ferr, sizeof ferr) ||
	    form_spec_require(&p.spec, "method", FT_CHOICE, ferr, sizeof ferr) ||
	    form_spec_require(&p.spec, "payer", FT_VNTEXT, ferr, sizeof ferr)) {
		tui_msg(t, MSG_ERROR, "%s", ferr);
		free(p.p);
		return;
	}
	/* The exemptions are the procedure's: "none" and each of the rule. */
	struct form_field_spec *ex = NULL;
	for (int i = 0; i < p.spec.nfields; i++)
		if (strcmp(p.spec.fields[i].name, "exempt") == 0)
			ex = &p.spec.fields[i];
	ex->noptions = 1;
	for (int i = 0; i < p.p->fee_rule.nexempt && ex->noptions < FORM_MAX_OPTIONS; i++) {
		struct form_option *o = &ex->options[ex->noptions++];
		snprintf(o->key, sizeof o->key, "%s", p.p->fee_rule.exempt[i].key);
		snprintf_trunc(o->label, sizeof o->label, "%s", p.p->fee_rule.exempt[i].reason);
	}
	ex->required = true;   /* starts on "none" */
	if (!(p.form = tform_new(t, &p.spec, ferr, sizeof ferr))) {
		tui_msg(t, MSG_ERROR, "%s", ferr);
		form_spec_free(&p.spec);
		free(p.p);
		return;
	}
	werase(stdscr);
	tform_post(p.form);
	tform_set_text(p.form, "copies", "1");
	tform_set_text(p.form, "payer", d->applicant.name);
	tform_focus(p.form, p.p->fee_rule.kind == MC_FEE_PER_PAGE ? "pages" : "copies");
	for (;;) {
		quote(&p);
		frame(&p);
		tui_key k;
		keys_read(t, &k, 1000);
		if (tui_stop || k.code == TK_QUIT)
			break;
		if (k.code == TK_TICK)
			continue;
		if (k.code == TK_BACK) {
			tui_msg(t, MSG_INFO, _("%s: fee not collected yet"), d->code);
			break;
		}
		if (tform_key(p.form, &k) == TF_SUBMIT && take(&p))
			break;
		if (t->full) {   /* back from the VietQR: draw the form again */
			tform_unpost(p.form);
			werase(stdscr);
			tform_post(p.form);
			t->full = false;
		}
	}
	tform_unpost(p.form);
	tform_free(p.form);
	form_spec_free(&p.spec);
	free(p.p);
	werase(stdscr);
	t->full = true;
}
