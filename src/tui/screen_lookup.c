/*
 * Look-up (F3, Tra cứu): one search box (forms/lookup.form: a dossier
 * code or its tail, a CCCD, a phone number, or a name typed without
 * diacritics), the matches as a list that updates while typing, and the
 * detail of the chosen dossier with its history and the citizen's other
 * dossiers. With the box empty the list shows today's dossiers. A receipt's
 * code scanned (a burst of keys ending in Enter) opens its detail at once,
 * from the list or from another detail; a scanned CCCD searches its ID.
 */
#include "tform.h"
#include "view.h"

#include "motcua/calendar.h"
#include "motcua/cccd.h"
#include "motcua/clock.h"
#include "motcua/dossier.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROWS 200

struct row {
	char code[64];
	char name[256];
	char procedure[256];
	char due_at[17];
	int status;
};

struct lookup {
	struct form_spec spec;
	struct tform *form;
	struct row *rows;
	int nrows, sel, top;
	bool in_list;
	bool searched;
	char last[256];
	bool detail;
	mc_dossier *d;
	struct view view;
	char keys[300];
	struct key_burst burst;
};

static int lookup_open(struct tui *t, struct screen *s)
{
	struct lookup *l = calloc(1, sizeof *l);
	if (!l)
		return -1;
	s->priv = l;
	l->rows = calloc(MAX_ROWS, sizeof *l->rows);
	l->d = calloc(1, sizeof *l->d);
	if (!l->rows || !l->d)
		return -1;
	if (form_spec_load_named("lookup", &l->spec, s->error, sizeof s->error) ||
	    form_spec_require(&l->spec, "query", FT_TEXT, s->error, sizeof s->error))
		return -1;
	l->form = tform_new(t, &l->spec, s->error, sizeof s->error);
	return l->form ? 0 : -1;
}

static void lookup_close(struct tui *t, struct screen *s)
{
	struct lookup *l = s->priv;
	if (!l)
		return;
	tform_free(l->form);
	form_spec_free(&l->spec);
	view_clear(&l->view);
	free(l->rows);
	free(l->d);
	free(l);
	s->priv = NULL;
}

static int add_row(const mc_dossier *d, void *ctx)
{
	struct lookup *l = ctx;
	if (l->nrows >= MAX_ROWS)
		return 1;
	struct row *r = &l->rows[l->nrows++];
	snprintf(r->code, sizeof r->code, "%s", d->code);
	snprintf(r->name, sizeof r->name, "%s", d->applicant.name);
	/* Most catalog names start with "Thủ tục": the column has no room for it. */
	const char *pn = d->procedure_name;
	if (strncmp(pn, "Thủ tục ", strlen("Thủ tục ")) == 0)
		pn += strlen("Thủ tục ");
	snprintf_trunc(r->procedure, sizeof r->procedure, "%s", pn);
	snprintf(r->due_at, sizeof r->due_at, "%s", d->due_at);
	r->status = d->status;
	return 0;
}

static void search(struct tui *t, struct lookup *l, const char *q)
{
	mc_error err = {0};
	l->nrows = l->sel = l->top = 0;
	snprintf(l->last, sizeof l->last, "%s", q);
	l->searched = true;
	mc_status st;
	if (!q[0]) {
		char today[17];
		mc_time_format(mc_clock_now(), today);
		today[10] = '\0';
		mc_dossier_filter f = {.from = today, .to = today, .limit = MAX_ROWS};
		st = mc_dossier_list(t->store, &f, add_row, l, &err);
	} else {
		st = mc_dossier_find(t->store, q, MAX_ROWS, add_row, l, &err);
	}
	if (st != MC_OK && st != MC_EUSAGE)
		tui_msg(t, MSG_ERROR, "%s", err.msg);
}

static bool open_code(struct tui *t, struct lookup *l, const char *code);

static void lookup_enter(struct tui *t, struct screen *s)
{
	struct lookup *l = s->priv;
	if (t->lookup_code[0]) {
		char code[64];
		snprintf(code, sizeof code, "%s", t->lookup_code);
		t->lookup_code[0] = '\0';
		l->detail = false;
		l->in_list = false;
		if (open_code(t, l, code))
			return;
	}
	if (l->detail)
		return;
	tform_post(l->form);
	if (t->lookup_query[0]) {
		tform_set_text(l->form, "query", t->lookup_query);
		t->lookup_query[0] = '\0';
	}
	l->searched = false;  /* statuses may have changed meanwhile */
}

static void lookup_leave(struct tui *t, struct screen *s)
{
	struct lookup *l = s->priv;
	if (l && l->form)
		tform_unpost(l->form);
}

/* Column widths for the list at the current width. */
struct cols {
	int code, name, proc, due, status;
};

static struct cols columns(void)
{
	struct cols c = {12, 22, 20, 7, 14};
	int extra = COLS - 80;
	if (extra > 0) {
		c.name += extra / 2;
		c.proc += extra - extra / 2;
	}
	return c;
}

static void draw_row(struct tui *t, int y, const struct row *r, bool sel, const struct cols *c)
{
	char code[80], due[32];
	size_t n = strlen(r->code);
	if (n > (size_t)c->code)
		snprintf(code, sizeof code, "%s%s", t->utf8 ? "…" : "~",
			 r->code + n - (size_t)(c->code - 1));
	else
		snprintf(code, sizeof code, "%s", r->code);
	tui_time_text(r->due_at, due, sizeof due);
	due[5] = '\0';
	int64_t d;
	bool late = r->status < MC_DS_READY && r->status != MC_DS_REFUSED &&
		    r->status != MC_DS_WITHDRAWN && r->status != MC_DS_STOPPED &&
		    mc_time_parse(r->due_at, &d, NULL) == MC_OK && d < mc_clock_now();
	attr_t a = sel ? t->th.select : A_NORMAL;
	const char *cells[5] = {code, r->name, r->procedure, due,
				late ? _("Overdue") : tui_status_label(r->status)};
	int widths[5] = {c->code, c->name, c->proc, c->due, COLS};
	draw_text(t, stdscr, y, 0, 1, sel ? (t->utf8 ? "▸" : ">") : " ", a, true);
	for (int i = 0, x = 1; i < 5 && x < COLS; i++) {
		int w = i == 4 ? COLS - x : widths[i];
		attr_t ca = (i >= 3 && late) ? a | A_BOLD : a;
		draw_text(t, stdscr, y, x, w, cells[i], ca, true);
		if (i < 4)
			draw_text(t, stdscr, y, x + w, 1, "", a, true);
		x += w + 1;
	}
}

static int list_rows(void)
{
	return LINES - 2 - (CONTENT_TOP + 3);
}

static void draw_list(struct tui *t, struct lookup *l)
{
	struct cols c = columns();
	int y = CONTENT_TOP + 2, x = 1;
	const char *heads[] = {_("Dossier code"), _("Applicant"), _("Procedure"), _("Due"),
			       _("Status")};
	int widths[] = {c.code, c.name, c.proc, c.due, c.status};
	for (int i = 0; i < 5; i++) {
		draw_text(t, stdscr, y, x, i == 4 ? COLS - x : widths[i] + 1, heads[i], t->th.title,
			  true);
		x += widths[i] + 1;
	}
	draw_text(t, stdscr, y, 0, 1, "", A_NORMAL, true);
	int rows = list_rows();
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + rows)
		l->top = l->sel - rows + 1;
	for (int r = 0; r < rows; r++) {
		int i = l->top + r;
		if (i < l->nrows)
			draw_row(t, y + 1 + r, &l->rows[i], l->in_list && i == l->sel, &c);
		else
			draw_text(t, stdscr, y + 1 + r, 0, COLS, "", A_NORMAL, true);
	}
	char count[160];
	if (l->nrows == 0 && l->last[0])
		snprintf(count, sizeof count, "%s", _("No dossier found"));
	else
		snprintf(count, sizeof count,
			 l->last[0] ? ngettext("%d dossier", "%d dossiers", (unsigned long)l->nrows)
				    : ngettext("%d dossier received today",
					       "%d dossiers received today", (unsigned long)l->nrows),
			 l->nrows);
	draw_text(t, stdscr, CONTENT_TOP + 1, 1, COLS - 2, count, t->th.hint, true);
}

static void lookup_draw(struct tui *t, struct screen *s, bool full)
{
	struct lookup *l = s->priv;
	if (l->detail) {
		view_draw(t, &l->view);
		return;
	}
	char q[256];
	tform_value(l->form, "query", q, sizeof q);
	if ((!l->searched || strcmp(q, l->last) != 0) && !keys_pending())
		search(t, l, q);
	draw_list(t, l);
	tform_draw(l->form);
	if (l->in_list)
		wmove(stdscr, CONTENT_TOP + 3 + l->sel - l->top, 0);
}

static bool open_code(struct tui *t, struct lookup *l, const char *code)
{
	char err[600];
	if (view_dossier(t, code, l->d, &l->view, err, sizeof err) != 0) {
		tui_msg(t, MSG_ERROR, "%s", err);
		return false;
	}
	if (t->notice[0]) {
		/* Too long for the message line: where the form went, wrapped. */
		view_prepend(&l->view, false, "");
		view_prepend(&l->view, true, t->notice);
		t->notice[0] = '\0';
	}
	tform_unpost(l->form);
	l->detail = true;
	t->full = true;
	return true;
}

static void open_detail(struct tui *t, struct lookup *l)
{
	if (l->sel < l->nrows)
		open_code(t, l, l->rows[l->sel].code);
}

static void to_return(struct tui *t, struct lookup *l, const char *code)
{
	snprintf(t->return_code, sizeof t->return_code, "%s", code);
	tui_go(t, SCR_RETURN);
}

static int key_detail(struct tui *t, struct lookup *l, const tui_key *k)
{
	if (view_key(&l->view, k))
		return KEY_HANDLED;
	if (k->code == TK_BACK || tk_is_enter(k)) {
		l->detail = false;
		l->searched = false;
		t->full = true;
		return KEY_HANDLED;
	}
	if (k->code == KEY_F(4)) {
		l->detail = false;
		to_return(t, l, l->d->code);
		return KEY_HANDLED;
	}
	if (k->code == KEY_F(7)) {
		/* The dossier's steps (screen_step.c); Esc comes back here. */
		snprintf(t->step_code, sizeof t->step_code, "%s", l->d->code);
		tui_go(t, SCR_STEP);
		return KEY_HANDLED;
	}
	return KEY_UNHANDLED;
}

static int key_list(struct tui *t, struct lookup *l, const tui_key *k)
{
	int page = list_rows() - 1;
	if (k->code == KEY_DOWN)
		l->sel = l->sel + 1 < l->nrows ? l->sel + 1 : l->sel;
	else if (k->code == KEY_UP && l->sel == 0)
		l->in_list = false;
	else if (k->code == KEY_UP)
		l->sel--;
	else if (k->code == KEY_NPAGE)
		l->sel = l->sel + page < l->nrows ? l->sel + page : l->nrows - 1;
	else if (k->code == KEY_PPAGE)
		l->sel = l->sel > page ? l->sel - page : 0;
	else if (k->code == KEY_HOME)
		l->sel = 0;
	else if (k->code == KEY_END)
		l->sel = l->nrows - 1;
	else if (tk_is_enter(k))
		open_detail(t, l);
	else if (k->code == TK_BACK || tk_is_char(k, '\t') || k->code == KEY_BTAB ||
		 tk_is_char(k, '/'))
		l->in_list = false;
	else if (tk_is_text(k) || k->code == KEY_BACKSPACE) {
		l->in_list = false;
		tform_key(l->form, k);
	} else
		return KEY_UNHANDLED;
	if (l->sel < 0)
		l->sel = 0;
	return KEY_HANDLED;
}

static int key_plain(struct tui *t, struct lookup *l, const tui_key *k);

/* A scanned receipt code (burst ending in Enter) opens its detail; a
 * scanned CCCD searches for its ID number; anything else is replayed. */
static void lookup_burst(struct tui *t, struct lookup *l, const struct key_burst *b)
{
	if (b->enter && b->text[0] && mc_dossier_get(t->store, b->text, l->d, NULL) == MC_OK) {
		open_code(t, l, b->text);
		return;
	}
	if (mc_cccd_looks_like(b->text)) {
		char id[16];
		size_t n = strspn(b->text, " ");
		snprintf(id, sizeof id, "%.12s", b->text + n);
		if (l->detail) {
			l->detail = false;
			t->full = true;
			tform_post(l->form);
		}
		l->in_list = false;
		tform_set_text(l->form, "query", id);
		return;
	}
	for (int i = 0; i < b->n; i++)
		key_plain(t, l, &b->keys[i]);
}

static int lookup_key(struct tui *t, struct screen *s, const tui_key *k)
{
	struct lookup *l = s->priv;
	if (keys_may_scan(k) && keys_burst(t, k, &l->burst)) {
		lookup_burst(t, l, &l->burst);
		return KEY_HANDLED;
	}
	return key_plain(t, l, k);
}

static int key_plain(struct tui *t, struct lookup *l, const tui_key *k)
{
	if (l->detail)
		return key_detail(t, l, k);
	if (k->code == KEY_F(4)) {
		if (l->nrows > 0)
			to_return(t, l, l->rows[l->sel].code);
		else
			tui_go(t, SCR_RETURN);
		return KEY_HANDLED;
	}
	if (l->in_list)
		return key_list(t, l, k);
	if (l->nrows > 0 && (k->code == KEY_DOWN || tk_is_enter(k) || tk_is_char(k, '\t'))) {
		l->in_list = true;
		l->sel = 0;
		return KEY_HANDLED;
	}
	int r = tform_key(l->form, k);
	return r == TF_UNHANDLED ? KEY_UNHANDLED : KEY_HANDLED;
}

static const char *lookup_keys(struct tui *t, struct screen *s)
{
	struct lookup *l = s->priv;
	if (l->detail)
		return _("F7 steps, corrections, print · F4 return · ↑↓ PgUp PgDn · Esc list");
	if (l->in_list)
		return _("↑↓ choose · Enter detail · F4 return the result · / search · Esc back");
	return _("Type to search · ↓/Enter to the list · F2 intake · F4 return · Esc back");
}

const struct screen_ops lookup_ops = {
	.title = N_("Look up dossiers"),
	.open = lookup_open,
	.draw = lookup_draw,
	.key = lookup_key,
	.close = lookup_close,
	.keys = lookup_keys,
	.leave = lookup_leave,
	.enter = lookup_enter,
};
