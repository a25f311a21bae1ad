/*
 * The steps of a dossier's life at the counter, from its detail (F3,
 * Enter, then F7): a numbered list of what may be done to it now (the
 * lifecycle's mc_step_allowed, the user's role from mc_step_role, and the
 * corrections), then the step's own form (forms/step_NAME.form). F10 saves
 * through the core (mc_dossier_step, mc_dossier_correct, mc_dossier_void),
 * prints the step's official form with the step's date (Mẫu 02, 03, 04,
 * 05, the control slip; a reprint keeps its first date and is marked) on
 * the counter's printer, and goes back to the refreshed detail.
 */
#include "receipt.h"
#include "tform.h"
#include "view.h"

#include "motcua/auth.h"
#include "motcua/clock.h"
#include "motcua/dossier.h"
#include "motcua/lifecycle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the list offers: a lifecycle step, or one of the corrections. */
enum act_kind { ACT_STEP, ACT_CORRECT, ACT_VOID, ACT_REPRINT };

struct action {
	enum act_kind kind;
	mc_step_kind step;
	const char *form;    /* forms/NAME.form */
	const char *label;   /* msgid */
	const char *print;   /* form printed after the step, or NULL */
};

static const struct action actions[] = {
	{ACT_STEP, MC_STEP_TRANSFER, "step_transfer", N_("Transfer to a department"), "control"},
	{ACT_STEP, MC_STEP_RESULT, "step_result", N_("Record the result"), NULL},
	{ACT_STEP, MC_STEP_SUPPLEMENT, "step_supplement", N_("Request missing papers (Mẫu 02)"),
	 "supplement"},
	{ACT_STEP, MC_STEP_RESUME, "step_resume", N_("Papers supplied: resume"), NULL},
	{ACT_STEP, MC_STEP_REFUSE, "step_refuse", N_("Refuse the dossier (Mẫu 03)"), "refuse"},
	{ACT_STEP, MC_STEP_EXTEND, "step_extend", N_("Apology and new appointment (Mẫu 04)"),
	 "apology"},
	{ACT_STEP, MC_STEP_WITHDRAW, "step_withdraw", N_("Withdraw the dossier"), "stop"},
	{ACT_STEP, MC_STEP_STOP, "step_stop", N_("Stop processing"), "stop"},
	{ACT_CORRECT, 0, "step_correct", N_("Correct the applicant's data"), NULL},
	{ACT_REPRINT, 0, "step_reprint", N_("Print a form again"), NULL},
	{ACT_VOID, 0, "step_void", N_("Void a wrong intake"), NULL},
};
#define NACTIONS (int)(sizeof actions / sizeof actions[0])

struct step_screen {
	mc_dossier *d;
	int offer[NACTIONS];     /* indexes into actions[] offered now */
	int noffer, sel;
	const struct action *act; /* chosen: its form is open */
	struct form_spec spec;
	struct tform *form;
	char keys[300];
};

static bool step_allowed(mc_dossier_status st, mc_step_kind k)
{
	mc_step_kind v[MC_STEP_COUNT];
	size_t n = mc_step_allowed(st, v, MC_STEP_COUNT);
	for (size_t i = 0; i < n; i++)
		if (v[i] == k)
			return true;
	return false;
}

static bool is_supervisor(const struct tui *t)
{
	return t->user.role == MC_ROLE_SUPERVISOR || t->user.role == MC_ROLE_ADMIN;
}

/* A clerk corrects what they took in today; a supervisor anything. */
static bool may_correct(const struct tui *t, const mc_dossier *d)
{
	if (d->status == MC_DS_VOIDED)
		return false;
	if (is_supervisor(t))
		return true;
	char today[17];
	mc_time_format(mc_clock_now(), today);
	return strcmp(d->received_by, t->user.username) == 0 &&
	       strncmp(today, d->received_at, 10) == 0;
}

static bool offered(const struct tui *t, const mc_dossier *d, const struct action *a)
{
	switch (a->kind) {
	case ACT_STEP:
		return step_allowed(d->status, a->step) &&
		       (int)t->user.role >= (int)mc_step_role(a->step);
	case ACT_CORRECT:
		return may_correct(t, d);
	case ACT_VOID:
		return is_supervisor(t) && d->status != MC_DS_VOIDED &&
		       d->status != MC_DS_RETURNED;
	case ACT_REPRINT:
		return true;
	}
	return false;
}

static void close_form(struct step_screen *p)
{
	if (p->form) {
		tform_unpost(p->form);
		tform_free(p->form);
		form_spec_free(&p->spec);
	}
	p->form = NULL;
	p->act = NULL;
}

static int step_open(struct tui *t, struct screen *s)
{
	struct step_screen *p = calloc(1, sizeof *p);
	if (!p)
		return -1;
	s->priv = p;
	p->d = calloc(1, sizeof *p->d);
	return p->d ? 0 : -1;
}

static void step_close(struct tui *t, struct screen *s)
{
	struct step_screen *p = s->priv;
	if (!p)
		return;
	close_form(p);
	free(p->d);
	free(p);
	s->priv = NULL;
}

/* The dossier named by t->step_code, and what may be done to it. */
static void load(struct tui *t, struct step_screen *p)
{
	mc_error err = {0};
	p->noffer = 0;
	if (mc_dossier_get(t->store, t->step_code, p->d, &err) != MC_OK) {
		tui_msg(t, MSG_ERROR, "%s", err.msg);
		return;
	}
	for (int i = 0; i < NACTIONS; i++)
		if (offered(t, p->d, &actions[i]))
			p->offer[p->noffer++] = i;
	if (p->sel >= p->noffer)
		p->sel = 0;
}

static void step_enter(struct tui *t, struct screen *s)
{
	struct step_screen *p = s->priv;
	if (p->form && strcmp(p->d->code, t->step_code) == 0) {
		tform_post(p->form);
		return;
	}
	close_form(p);
	p->sel = 0;
	load(t, p);
}

static void step_leave(struct tui *t, struct screen *s)
{
	struct step_screen *p = s->priv;
	if (p && p->form)
		tform_unpost(p->form);
}

/* Open the chosen action's form, filled from the dossier. */
static void choose(struct tui *t, struct step_screen *p, int i)
{
	if (i < 0 || i >= p->noffer)
		return;
	const struct action *a = &actions[p->offer[i]];
	char err[600];
	if (form_spec_load_named(a->form, &p->spec, err, sizeof err)) {
		tui_msg(t, MSG_ERROR, "%s", err);
		return;
	}
	if (!(p->form = tform_new(t, &p->spec, err, sizeof err))) {
		form_spec_free(&p->spec);
		tui_msg(t, MSG_ERROR, "%s", err);
		return;
	}
	p->act = a;
	t->full = true;
	tform_post(p->form);
	if (tform_field(p->form, "missing")) {
		/* Mẫu 02: the dossier's papers, those not received ticked. */
		const char *docs[MC_DOSSIER_MAX_DOCS];
		for (int k = 0; k < p->d->ndocuments; k++)
			docs[k] = p->d->documents[k].name;
		tform_set_items(p->form, "missing", docs, p->d->ndocuments, false);
		struct tfield *m = tform_field(p->form, "missing");
		for (int k = 0; m && k < p->d->ndocuments && k < FORM_MAX_ITEMS; k++)
			m->checks[k] = !p->d->documents[k].received;
	}
	if (a->kind == ACT_STEP && a->step == MC_STEP_TRANSFER && p->d->department[0])
		tform_set_text(p->form, "to", p->d->department);
}

/* "a; b; other" from the ticked papers and the other field. */
static void missing_text(struct step_screen *p, char *buf, size_t bufsz)
{
	size_t len = 0;
	buf[0] = '\0';
	struct tfield *m = tform_field(p->form, "missing");
	for (int k = 0; m && k < m->nitems; k++)
		if (m->checks[k])
			len += (size_t)snprintf(buf + len, len < bufsz ? bufsz - len : 0, "%s%s",
						len ? "; " : "", m->items[k]);
	char other[400] = "";
	if (tform_field(p->form, "other"))
		tform_value(p->form, "other", other, sizeof other);
	if (other[0] && len < bufsz)
		snprintf_trunc(buf + len, bufsz - len, "%s%s", len ? "; " : "", other);
}

static void printed(struct tui *t, struct step_screen *p, const char *form, bool reprint,
		    const char *done)
{
	char path[1200], err[600], where[1400];
	int rc = receipt_form(t, p->d->code, form, reprint, path, sizeof path, err, sizeof err);
	receipt_where(t, rc, false, path, err, where, sizeof where);
	tui_msg(t, rc == 0 ? MSG_INFO : MSG_ERROR, "%s · %s", done, where);
	snprintf_trunc(t->notice, sizeof t->notice, "%s · %s", done, where);
}

/* Back to the dossier's detail, refreshed. */
static void done(struct tui *t, struct step_screen *p)
{
	close_form(p);
	snprintf(t->lookup_code, sizeof t->lookup_code, "%s", p->d->code);
	tui_back(t);
}

static void save(struct tui *t, struct step_screen *p)
{
	if (tform_validate(p->form))
		return;
	const struct action *a = p->act;
	char v1[1200] = "", v2[400] = "", until[40] = "", msg[300];
	mc_error err = {0};
	mc_status st = MC_OK;
	switch (a->kind) {
	case ACT_STEP: {
		mc_step s = {.kind = a->step, .code = p->d->code, .user = t->user.username};
		if (a->step == MC_STEP_TRANSFER) {
			tform_value(p->form, "to", v1, sizeof v1);
			tform_value(p->form, "assignee", v2, sizeof v2);
			s.to = v1;
			s.assignee = v2;
		} else if (a->step == MC_STEP_SUPPLEMENT) {
			missing_text(p, v1, sizeof v1);
			if (!v1[0]) {
				tform_set_error(p->form, "missing", _("Tick the missing papers or type "
								      "them in Other"));
				return;
			}
			s.text = v1;
		} else if (a->step == MC_STEP_EXTEND) {
			tform_value(p->form, "date", v2, sizeof v2);
			tform_value(p->form, "time", until, sizeof until);
			snprintf(v1, sizeof v1, "%s %s", v2, until);
			snprintf(until, sizeof until, "%.16s", v1);
			s.until = until;
			tform_value(p->form, "reason", v2, sizeof v2);
			s.text = v2;
		} else {
			tform_value(p->form, tform_field(p->form, "reason") ? "reason" : "note", v1,
				    sizeof v1);
			s.text = v1;
		}
		st = mc_dossier_step(t->store, &s, p->d, &err);
		break;
	}
	case ACT_CORRECT:
		tform_value(p->form, "field", v2, sizeof v2);
		tform_value(p->form, "value", v1, sizeof v1);
		st = mc_dossier_correct(t->store, p->d->code, v2, v1, t->user.username, &err);
		break;
	case ACT_VOID:
		tform_value(p->form, "reason", v1, sizeof v1);
		if (!tui_confirm(t, _("Void this intake for good? Its code is never used again.")))
			return;
		st = mc_dossier_void(t->store, p->d->code, v1, t->user.username, &err);
		break;
	case ACT_REPRINT:
		tform_value(p->form, "form", v1, sizeof v1);
		printed(t, p, v1, true, _("Printed again"));
		done(t, p);
		return;
	}
	if (st != MC_OK) {
		tui_msg(t, MSG_ERROR, _("Not saved: %s"), err.msg);
		return;
	}
	snprintf_trunc(msg, sizeof msg, _("Saved: %s"), _(a->label));
	/* The 2018 set has no stop notice: a withdrawal there prints nothing. */
	if (a->print && !(strcmp(a->print, "stop") == 0 && strcmp(p->d->form_set, "2025") != 0))
		printed(t, p, a->print, false, msg);
	else
		tui_msg(t, MSG_INFO, "%s", msg);
	done(t, p);
}

static void draw_head(struct tui *t, struct step_screen *p)
{
	char line[900], due[32];
	const mc_dossier *d = p->d;
	tui_time_text(d->due_at, due, sizeof due);
	draw_fmt(t, stdscr, CONTENT_TOP, 1, COLS - 2, t->th.bold, true, "%s · %s", d->code,
		 d->applicant.name);
	snprintf_trunc(line, sizeof line, "%s", d->procedure_name);
	draw_text(t, stdscr, CONTENT_TOP + 1, 1, COLS - 2, line, A_NORMAL, true);
	draw_fmt(t, stdscr, CONTENT_TOP + 2, 1, COLS - 2, A_NORMAL, true, "%s: %s · %s: %s",
		 _("Status"), tui_status_label(d->status), _("Appointment"), due);
}

static void step_draw(struct tui *t, struct screen *s, bool full)
{
	struct step_screen *p = s->priv;
	if (full || !p->form)
		for (int y = CONTENT_TOP; y < LINES - 2; y++)
			draw_text(t, stdscr, y, 0, COLS, "", A_NORMAL, true);
	draw_head(t, p);
	if (p->form) {
		tform_draw(p->form);
		return;
	}
	int y = CONTENT_TOP + 4;
	draw_text(t, stdscr, y++, 1, COLS - 2, _("What to do with this dossier:"), t->th.title,
		  true);
	for (int i = 0; i < p->noffer && y < LINES - 2; i++, y++)
		draw_fmt(t, stdscr, y, 3, COLS - 4, i == p->sel ? t->th.select : A_NORMAL, true,
			 "%d  %s", (i + 1) % 10, _(actions[p->offer[i]].label));
	if (p->noffer == 0)
		draw_text(t, stdscr, y, 3, COLS - 4, _("Nothing can be done to it now."), A_NORMAL,
			  true);
	wmove(stdscr, CONTENT_TOP + 5 + p->sel, 3);
}

static int step_key(struct tui *t, struct screen *s, const tui_key *k)
{
	struct step_screen *p = s->priv;
	if (p->form) {
		if (k->code == TK_BACK) {
			close_form(p);
			t->full = true;
			return KEY_HANDLED;
		}
		int rc = tform_key(p->form, k);
		if (rc == TF_SUBMIT)
			save(t, p);
		return rc == TF_UNHANDLED ? KEY_UNHANDLED : KEY_HANDLED;
	}
	if (k->code == KEY_DOWN && p->sel + 1 < p->noffer)
		p->sel++;
	else if (k->code == KEY_UP && p->sel > 0)
		p->sel--;
	else if (tk_is_enter(k))
		choose(t, p, p->sel);
	else if (k->code == 0 && k->ch >= '0' && k->ch <= '9')   /* 0 is the tenth */
		choose(t, p, k->ch == '0' ? 9 : (int)(k->ch - '1'));
	else if (k->code == TK_BACK) {
		done(t, p);
	} else
		return KEY_UNHANDLED;
	return KEY_HANDLED;
}

static const char *step_keys(struct tui *t, struct screen *s)
{
	struct step_screen *p = s->priv;
	if (!p->form)
		return _("1-9, 0 or ↑↓ Enter choose · Esc back to the dossier");
	snprintf(p->keys, sizeof p->keys, "%s · %s", _("F10 save and print"), tform_keys(p->form));
	return p->keys;
}

static bool step_dirty(struct tui *t, struct screen *s)
{
	struct step_screen *p = s->priv;
	return p && p->form && tform_dirty(p->form);
}

const struct screen_ops step_ops = {
	.title = N_("Dossier steps"),
	.open = step_open,
	.draw = step_draw,
	.key = step_key,
	.close = step_close,
	.keys = step_keys,
	.dirty = step_dirty,
	.leave = step_leave,
	.enter = step_enter,
};
