/*
 * Lists of dossiers to act on (issue 13 §2): the supervisor's overdue and
 * due-soon lists (F6, o / s: days late or left, department, assignee) and
 * the clerk's own day (F5, m: taken in, returned, transferred today; h
 * prints the hand-over list to the departments). Enter opens the chosen
 * dossier's detail, where F7 acts on it.
 */
#include "receipt.h"
#include "tform.h"
#include "view.h"

#include "motcua/calendar.h"
#include "motcua/clock.h"
#include "motcua/counter.h"
#include "motcua/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROWS 500

struct lrow {
	char code[64];
	char cells[4][260];
};

struct lists {
	struct lrow *rows;
	int n, sel, top;
	char keys[200];
};

static int lists_open(struct tui *t, struct screen *s)
{
	struct lists *l = calloc(1, sizeof *l);
	if (!l)
		return -1;
	s->priv = l;
	l->rows = calloc(MAX_ROWS, sizeof *l->rows);
	return l->rows ? 0 : -1;
}

static void lists_close(struct tui *t, struct screen *s)
{
	struct lists *l = s->priv;
	if (l)
		free(l->rows);
	free(l);
	s->priv = NULL;
}

static bool supervisor(const struct tui *t)
{
	return t->user.role == MC_ROLE_SUPERVISOR || t->user.role == MC_ROLE_ADMIN;
}

static struct lrow *add(struct lists *l, const char *code)
{
	if (l->n >= MAX_ROWS)
		return NULL;
	struct lrow *r = &l->rows[l->n++];
	memset(r, 0, sizeof *r);
	snprintf(r->code, sizeof r->code, "%s", code);
	return r;
}

/* "-3" → "quá 3 ngày", "2" → "còn 2 ngày", under a day in hours. */
static void left_text(int64_t mins, int day, char *buf, size_t bufsz)
{
	long a = (long)(mins < 0 ? -mins : mins);
	if (day > 0 && a >= day)
		snprintf(buf, bufsz, mins < 0 ? _("%ld d late") : _("%ld d left"), a / day);
	else
		snprintf(buf, bufsz, mins < 0 ? _("%ld h late") : _("%ld h left"), (a + 59) / 60);
}

static int due_row(const mc_due_row *w, void *ctx)
{
	struct lists *l = ctx;
	struct lrow *r = add(l, w->d->code);
	if (!r)
		return 1;
	left_text(w->minutes, w->day_minutes, r->cells[0], sizeof r->cells[0]);
	snprintf(r->cells[1], sizeof r->cells[1], "%s", w->d->applicant.name);
	snprintf(r->cells[2], sizeof r->cells[2], "%s",
		 w->d->department[0] ? w->d->department : "-");
	snprintf(r->cells[3], sizeof r->cells[3], "%s", w->d->assignee[0] ? w->d->assignee : "-");
	return 0;
}

static int day_row(const mc_day_item *it, void *ctx)
{
	struct lists *l = ctx;
	struct lrow *r = add(l, it->d->code);
	if (!r)
		return 1;
	const char *what = strcmp(it->action, "intake") == 0	 ? _("taken in")
			   : strcmp(it->action, "return") == 0 ? _("returned")
							       : _("transferred");
	snprintf(r->cells[0], sizeof r->cells[0], "%.5s %s", it->at + 11, what);
	snprintf(r->cells[1], sizeof r->cells[1], "%s", it->d->applicant.name);
	snprintf(r->cells[2], sizeof r->cells[2], "%s", it->to[0] ? it->to : "");
	snprintf(r->cells[3], sizeof r->cells[3], "%s", tui_status_label(it->d->status));
	return 0;
}

static void today(char day[11])
{
	char now[17];
	mc_time_format(mc_clock_now(), now);
	snprintf(day, 11, "%.10s", now);
}

static void lists_enter(struct tui *t, struct screen *s)
{
	struct lists *l = s->priv;
	mc_error err = {0};
	mc_status st = MC_OK;
	l->n = 0;
	if (t->list_kind == LIST_MINE) {
		char day[11];
		today(day);
		st = mc_counter_day(t->store, t->user.username, day, NULL, day_row, l, &err);
	} else if (supervisor(t)) {
		st = mc_counter_watch(t->store, mc_clock_now(), t->list_kind == LIST_OVERDUE ? -1 : 3,
				      MAX_ROWS, due_row, l, &err);
	}
	if (st != MC_OK)
		tui_msg(t, MSG_ERROR, "%s", err.msg);
	if (l->sel >= l->n)
		l->sel = l->n ? l->n - 1 : 0;
}

static const char *title(const struct tui *t)
{
	return t->list_kind == LIST_OVERDUE ? _("Overdue dossiers")
	       : t->list_kind == LIST_SOON   ? _("Due within 3 working days")
					     : _("My dossiers today");
}

static void lists_draw(struct tui *t, struct screen *s, bool full)
{
	struct lists *l = s->priv;
	for (int y = CONTENT_TOP; y < LINES - 2; y++)
		draw_text(t, stdscr, y, 0, COLS, "", A_NORMAL, true);
	if (t->list_kind != LIST_MINE && !supervisor(t)) {
		draw_text(t, stdscr, CONTENT_TOP + 1, 1, COLS - 2,
			  _("This list is for supervisors and administrators."), t->th.bold, false);
		return;
	}
	draw_fmt(t, stdscr, CONTENT_TOP, 1, COLS - 2, t->th.title, true, "%s: %d", title(t), l->n);
	/* code tail 12 · first column 16 · name · department · assignee */
	int extra = COLS - 80, wname = 20 + extra / 2, wdep = 16 + (extra - extra / 2);
	const char *heads[5] = {_("Dossier code"), t->list_kind == LIST_MINE ? _("Time") : _("Time left"),
				_("Applicant"), t->list_kind == LIST_MINE ? _("To") : _("Department"),
				t->list_kind == LIST_MINE ? _("Status") : _("Assignee")};
	int widths[5] = {13, 16, wname, wdep, 0};
	int x = 1;
	for (int i = 0; i < 5; i++) {
		int w = i == 4 ? COLS - x - 1 : widths[i];
		draw_text(t, stdscr, CONTENT_TOP + 1, x, w, heads[i], t->th.title, true);
		x += w + 1;
	}
	int rows = LINES - 2 - (CONTENT_TOP + 2);
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + rows)
		l->top = l->sel - rows + 1;
	for (int r = 0; r < rows && l->top + r < l->n; r++) {
		const struct lrow *row = &l->rows[l->top + r];
		int y = CONTENT_TOP + 2 + r;
		attr_t a = l->top + r == l->sel ? t->th.select : A_NORMAL;
		size_t n = strlen(row->code);
		const char *tail = n > 12 ? row->code + n - 12 : row->code;
		draw_text(t, stdscr, y, 0, COLS, "", a, true);
		draw_text(t, stdscr, y, 1, 13, tail, a, true);
		x = 15;
		for (int i = 0; i < 4; i++) {
			int w = i == 3 ? COLS - x - 1 : widths[i + 1];
			draw_text(t, stdscr, y, x, w, row->cells[i], a, true);
			x += w + 1;
		}
	}
	if (l->n == 0)
		draw_text(t, stdscr, CONTENT_TOP + 2, 3, COLS - 4, _("Nothing in this list."),
			  A_NORMAL, true);
	wmove(stdscr, CONTENT_TOP + 2 + (l->sel - l->top), 0);
}

/* The hand-over list of today's transfers, to file and printer. */
static void print_handover(struct tui *t)
{
	char day[11], path[1200], where[1400];
	today(day);
	snprintf(path, sizeof path, "%s/handover-%s-%s.txt", t->receipt_dir, t->user.username, day);
	FILE *f = NULL;
	mc_error err = {0};
	int rc = receipt_mkdir(t->receipt_dir) == 0 && (f = fopen(path, "w")) ? 0 : -1;
	if (rc != 0) {
		tui_msg(t, MSG_ERROR, _("Not written: %s"), path);
		return;
	}
	mc_print_opts o = {.format = MC_PRINT_TEXT, .width = 80};
	mc_status st = mc_print_handover(t->store, t->user.username, day, &o, f, &err);
	fclose(f);
	if (st != MC_OK) {
		remove(path);
		tui_msg(t, st == MC_EEMPTY ? MSG_INFO : MSG_ERROR, "%s",
			st == MC_EEMPTY ? _("No dossier was transferred today") : err.msg);
		return;
	}
	rc = receipt_spool(t, path, where, sizeof where);
	tui_msg(t, rc == 0 ? MSG_INFO : MSG_ERROR, "%s", where);
}

static int lists_key(struct tui *t, struct screen *s, const tui_key *k)
{
	struct lists *l = s->priv;
	int page = LINES - 2 - (CONTENT_TOP + 2) - 1;
	if (k->code == KEY_DOWN && l->sel + 1 < l->n)
		l->sel++;
	else if (k->code == KEY_UP && l->sel > 0)
		l->sel--;
	else if (k->code == KEY_NPAGE)
		l->sel = l->sel + page < l->n ? l->sel + page : (l->n ? l->n - 1 : 0);
	else if (k->code == KEY_PPAGE)
		l->sel = l->sel > page ? l->sel - page : 0;
	else if (tk_is_enter(k) && l->sel < l->n) {
		snprintf(t->lookup_code, sizeof t->lookup_code, "%s", l->rows[l->sel].code);
		tui_go(t, SCR_LOOKUP);
	} else if (tk_is_char(k, 'r') || tk_is_char(k, 'R'))
		lists_enter(t, s);
	else if (t->list_kind == LIST_MINE && (tk_is_char(k, 'h') || tk_is_char(k, 'H')))
		print_handover(t);
	else
		return KEY_UNHANDLED;
	return KEY_HANDLED;
}

static const char *lists_keys(struct tui *t, struct screen *s)
{
	if (t->list_kind == LIST_MINE)
		return _("↑↓ choose · Enter open · h print the hand-over list · r refresh · Esc back");
	if (!supervisor(t))
		return _("Esc back");
	return _("↑↓ choose · Enter open the dossier · r refresh · Esc back");
}

const struct screen_ops lists_ops = {
	.title = N_("Dossier lists"),
	.open = lists_open,
	.draw = lists_draw,
	.key = lists_key,
	.close = lists_close,
	.keys = lists_keys,
	.enter = lists_enter,
};
