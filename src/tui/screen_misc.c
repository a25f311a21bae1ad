/*
 * The small screens: help (F1: every key, the input methods), the queue
 * (F5: call the next ticket to this counter, recall, mark absent; below,
 * the results waiting at the counter and the dossiers due today) and the
 * supervisor's overview (F6: counts by status, due today, overdue, work of
 * each clerk today, the live dashboard of screen_dashboard.c and the
 * resolution report of screen_report.c;
 * supervisors and admins only).
 */
#include "fees_tui.h"
#include "tform.h"
#include "queue_screens.h"
#include "screen_report.h"
#include "view.h"

#include "motcua/calendar.h"
#include "motcua/clock.h"
#include "motcua/dossier.h"
#include "motcua/guidance.h"
#include "motcua/queue.h"
#include "motcua/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- help -------------------------------------------------------------------- */

#define HEAD "\001"  /* marks a heading line */
static const char *const help_lines[] = {
	HEAD, N_("Keys (each F key also works as Esc then the digit, Esc 0 = F10)"),
	N_("  F1  help              F2  receive a dossier    F3  look up"),
	N_("  F4  return results    F5  queue (call next)    F6  supervisor"),
	N_("  F10 save and print    Esc back (Esc Esc: at once)"),
	N_("  F8  on intake: guidance slip, the dossier not received (incomplete)"),
	N_("  F7  on a dossier's detail: its steps, corrections, void, print again"),
	N_("  F5  m: my dossiers today, h there: print the hand-over list"),
	N_("  F6  o: overdue, s: due soon (supervisors), b: report, d: live"),
	N_("  Tab, Enter, ↓  next field      Shift-Tab, ↑  previous field"),
	N_("  Space  tick / change choice    a  tick all papers    1-9  tick paper n"),
	N_("  Enter  next field still empty  ↓ in an empty procedure: most used first"),
	N_("  Ctrl-R  use a known citizen's earlier name, phone and address"),
	N_("  Ctrl-U clear the field         Home/End or Ctrl-A/Ctrl-E  start/end"),
	N_("  Ctrl-T, F12 or Esc v  input method: Telex → VNI → VIQR → off"),
	N_("  Ctrl-Q or Esc q  quit (asks first when typed input would be lost)"),
	"",
	HEAD, N_("Typing Vietnamese"),
	N_("  Telex: s f r x j = sắc huyền hỏi ngã nặng, z removes the tone;"),
	N_("         aa ee oo = â ê ô, aw ow uw = ă ơ ư, w = ư, dd = đ"),
	N_("         example: Nguyeenx Thij Thuyf Duwowng → Nguyễn Thị Thùy Dương"),
	N_("  VNI:   1-5 tones, 0 removes, 6 = ^, 7 = horn, 8 = breve, 9 = đ"),
	N_("  VIQR:  ' ` ? ~ . tones, ^ ( + marks, dd = đ, \\ escapes"),
	"",
	HEAD, N_("Searching"),
	N_("  Names and procedures can be typed without diacritics: nguyen thi th"),
	N_("  A CCCD scanner fills the applicant on the intake screen (the input"),
	N_("  method never touches scanned text; an old commune becomes today's)."),
	N_("  A receipt's code scanned on intake, look-up or return opens the dossier."),
};

static int help_open(struct tui *t, struct screen *s)
{
	struct view *v = calloc(1, sizeof *v);
	if (!v)
		return -1;
	s->priv = v;
	bool head = false;
	for (size_t i = 0; i < sizeof help_lines / sizeof help_lines[0]; i++) {
		const char *l = help_lines[i];
		if (strcmp(l, HEAD) == 0) {
			head = true;
			continue;
		}
		view_add(v, head, "%s", l[0] ? _(l) : "");
		head = false;
	}
	return 0;
}

static void help_close(struct tui *t, struct screen *s)
{
	if (s->priv)
		view_clear(s->priv);
	free(s->priv);
	s->priv = NULL;
}

static void help_draw(struct tui *t, struct screen *s, bool full)
{
	view_draw(t, s->priv);
}

static int help_key(struct tui *t, struct screen *s, const tui_key *k)
{
	if (view_key(s->priv, k))
		return KEY_HANDLED;
	if (tk_is_enter(k) || tk_is_char(k, 'q')) {
		tui_back(t);
		return KEY_HANDLED;
	}
	return KEY_UNHANDLED;
}

static const char *help_keys(struct tui *t, struct screen *s)
{
	return _("↑↓ scroll · Esc back");
}

const struct screen_ops help_ops = {
	.title = N_("Help"),
	.open = help_open,
	.draw = help_draw,
	.key = help_key,
	.close = help_close,
	.keys = help_keys,
};

/* ---- queue and supervisor share a refreshed view ------------------------------------ */

struct stats {
	int by_status[12];
	int due_today, overdue, today, total, guidance;
	char today_s[11];
	int64_t now;
	struct {
		char user[64];
		int n;
	} clerks[16];
	int nclerks;
	struct view *ready;   /* queue: lines of dossiers waiting for return */
};

static bool open_status(int st)
{
	return st != MC_DS_RETURNED && st != MC_DS_REFUSED && st != MC_DS_WITHDRAWN &&
	       st != MC_DS_STOPPED && st != MC_DS_READY && st != MC_DS_VOIDED;
}

static int count(const mc_dossier *d, void *ctx)
{
	struct stats *s = ctx;
	int64_t due;
	s->total++;
	if (d->status >= 1 && d->status <= 11)
		s->by_status[d->status]++;
	if (open_status(d->status) && mc_time_parse(d->due_at, &due, NULL) == MC_OK) {
		s->overdue += due < s->now;
		s->due_today += strncmp(d->due_at, s->today_s, 10) == 0 && due >= s->now;
	}
	if (strncmp(d->received_at, s->today_s, 10) == 0) {
		s->today++;
		int i = 0;
		while (i < s->nclerks && strcmp(s->clerks[i].user, d->received_by) != 0)
			i++;
		if (i == s->nclerks && s->nclerks < 16)
			snprintf(s->clerks[s->nclerks++].user, sizeof s->clerks[0].user, "%s",
				 d->received_by);
		if (i < s->nclerks)
			s->clerks[i].n++;
	}
	if (s->ready && (d->status == MC_DS_READY ||
			 (open_status(d->status) && strncmp(d->due_at, s->today_s, 10) <= 0))) {
		char due_s[32];
		tui_time_text(d->due_at, due_s, sizeof due_s);
		char name[4 * 24 + 1];
		view_add(s->ready, false, "  %-26s %s %s  %s", d->code,
			 mc_text_fit(d->applicant.name, 24, name, sizeof name), due_s,
			 tui_status_label(d->status));
	}
	return 0;
}

static void collect(struct tui *t, struct stats *s)
{
	memset(s->by_status, 0, sizeof s->by_status);
	s->due_today = s->overdue = s->today = s->total = s->nclerks = 0;
	s->now = mc_clock_now();
	char iso[17];
	mc_time_format(s->now, iso);
	snprintf(s->today_s, sizeof s->today_s, "%.10s", iso);
	mc_dossier_filter f = {0};
	mc_error err;
	if (mc_dossier_list(t->store, &f, count, s, &err) != MC_OK)
		tui_msg(t, MSG_ERROR, "%s", err.msg);
	s->guidance = 0;
	mc_guidance_count(t->store, s->today_s, s->today_s, NULL, &s->guidance, NULL);
}

static int sup_open(struct tui *t, struct screen *s)
{
	s->priv = calloc(1, sizeof(struct stats));
	return s->priv ? 0 : -1;
}

static void sup_close(struct tui *t, struct screen *s)
{
	struct stats *st = s->priv;
	if (st && st->ready) {
		view_clear(st->ready);
		free(st->ready);
	}
	free(st);
	s->priv = NULL;
}

static bool may_supervise(struct tui *t)
{
	return t->user.role == MC_ROLE_SUPERVISOR || t->user.role == MC_ROLE_ADMIN;
}

static void sup_enter(struct tui *t, struct screen *s)
{
	if (may_supervise(t)) {
		collect(t, s->priv);
		fees_day_collect(t);
	}
}

static void sup_draw(struct tui *t, struct screen *s, bool full)
{
	struct stats *st = s->priv;
	int y = CONTENT_TOP;
	for (int r = y; r < LINES - 2; r++)
		draw_text(t, stdscr, r, 0, COLS, "", A_NORMAL, true);
	if (!may_supervise(t)) {
		draw_text(t, stdscr, y + 1, 1, COLS - 2,
			  _("This overview is for supervisors and administrators."), t->th.bold, false);
		wmove(stdscr, y + 1, 1);
		return;
	}
	char day[16];
	tui_time_text(st->today_s, day, sizeof day);
	draw_fmt(t, stdscr, y++, 1, COLS - 2, t->th.title, false, "%s %s", _("Dossiers on"), day);
	draw_fmt(t, stdscr, y++, 1, COLS - 2, A_NORMAL, false, _("received today %d · due today %d "
		 "· overdue %d · waiting for return %d · all %d"), st->today, st->due_today,
		 st->overdue, st->by_status[MC_DS_READY], st->total);
	y = fees_day_draw(t, y);
	draw_fmt(t, stdscr, y++, 1, COLS - 2, A_NORMAL, false,
		 _("guidance slips today (not received) %d"), st->guidance);
	y++;
	draw_text(t, stdscr, y++, 1, COLS - 2, _("By status"), t->th.title, false);
	char cell[4 * 28 + 1];
	for (int i = 1; i <= 11; i++)
		if (st->by_status[i])
			draw_fmt(t, stdscr, y++, 3, COLS - 4, A_NORMAL, false, "%s %5d",
				 mc_text_fit(tui_status_label(i), 28, cell, sizeof cell),
				 st->by_status[i]);
	y++;
	draw_text(t, stdscr, y++, 1, COLS - 2, _("Received today by clerk"), t->th.title, false);
	for (int i = 0; i < st->nclerks && y < LINES - 2; i++)
		draw_fmt(t, stdscr, y++, 3, COLS - 4, A_NORMAL, false, "%s %5d",
			 mc_text_fit(st->clerks[i].user, 28, cell, sizeof cell), st->clerks[i].n);
	wmove(stdscr, CONTENT_TOP, 0);
}

static void open_list(struct tui *t, int kind)
{
	t->list_kind = kind;
	if (t->cur == SCR_LISTS)
		return;
	tui_go(t, SCR_LISTS);
}

static int sup_key(struct tui *t, struct screen *s, const tui_key *k)
{
	if (!may_supervise(t))
		return KEY_UNHANDLED;
	if (tk_is_char(k, 'o') || tk_is_char(k, 'O') || tk_is_char(k, 's') || tk_is_char(k, 'S')) {
		open_list(t, k->ch == 'o' || k->ch == 'O' ? LIST_OVERDUE : LIST_SOON);
		return KEY_HANDLED;
	}
	if (tk_is_char(k, 'r') || tk_is_char(k, 'R')) {
		sup_enter(t, s);
		return KEY_HANDLED;
	}
	bool report = tk_is_char(k, 'b') || tk_is_char(k, 'B');
	bool live = tk_is_char(k, 'd') || tk_is_char(k, 'D');
	if ((report || live) && may_supervise(t)) {
		/* The report and the live dashboard run their own loops until
		 * q or Esc, borrowing this session's curses. */
		if (report)
			report_screen_run(t->store, t->receipt_dir);
		else
			dashboard_run(t->store);
		clearok(curscr, TRUE);
		t->full = true;
		return KEY_HANDLED;
	}
	return KEY_UNHANDLED;
}

static const char *sup_keys(struct tui *t, struct screen *s)
{
	/* A clerk sees no key they could not use. */
	if (!may_supervise(t))
		return _("Esc back");
	return _("o overdue · s due soon · b report · d live · r refresh · Esc back");
}

const struct screen_ops supervisor_ops = {
	.title = N_("Supervisor"),
	.open = sup_open,
	.draw = sup_draw,
	.key = sup_key,
	.close = sup_close,
	.keys = sup_keys,
	.enter = sup_enter,
};

static int queue_open(struct tui *t, struct screen *s)
{
	struct stats *st = calloc(1, sizeof *st);
	if (!st)
		return -1;
	s->priv = st;
	st->ready = calloc(1, sizeof *st->ready);
	return st->ready ? 0 : -1;
}

static void queue_enter(struct tui *t, struct screen *s)
{
	struct stats *st = s->priv;
	view_clear(st->ready);
	st->ready->clip = true;   /* a table: one dossier a row */
	for (int i = 0; i < 3; i++)
		view_add(st->ready, false, "%s", "");
	view_add(st->ready, true, "%s", _("Results to hand over and dossiers due today"));
	int before = st->ready->n;
	collect(t, st);
	if (st->ready->n == before)
		view_add(st->ready, false, "  %s", _("Nothing waiting."));
	mc_ticket tk;
	t->ticket[0] = '\0';
	if (t->user.counter > 0 && mc_queue_current(t->store, t->user.counter, &tk, NULL) == MC_OK)
		snprintf(t->ticket, sizeof t->ticket, "%s", tk.ticket);
}

static void queue_draw(struct tui *t, struct screen *s, bool full)
{
	struct stats *st = s->priv;
	view_draw(t, st->ready);
	char line[200];
	if (t->user.counter <= 0)
		snprintf(line, sizeof line, "%s", _("This user has no counter: tickets cannot be called"));
	else if (t->ticket[0])
		snprintf(line, sizeof line, _("Counter %d · now serving %s"), t->user.counter, t->ticket);
	else
		snprintf(line, sizeof line, _("Counter %d · no ticket called"), t->user.counter);
	draw_text(t, stdscr, CONTENT_TOP, 1, COLS - 2, line, t->th.title, true);
	wmove(stdscr, CONTENT_TOP, 1);
}

/* n: call the next ticket, l: call the current one again, s: absent. */
static void queue_call(struct tui *t, struct screen *s, char what)
{
	mc_ticket tk;
	mc_error err = {0};
	mc_status st = what == 'n' ? mc_queue_call(t->store, t->user.counter, &tk, &err)
		     : what == 'l' ? mc_queue_recall(t->store, t->user.counter, &tk, &err)
				   : mc_queue_skip(t->store, t->user.counter, &tk, &err);
	if (st == MC_EEMPTY)
		tui_msg(t, MSG_INFO, "%s", what == 'n' ? _("Nobody is waiting")
							: _("No ticket is called"));
	else if (st != MC_OK)
		tui_msg(t, MSG_ERROR, "%s", err.msg);
	else if (what == 's')
		tui_msg(t, MSG_INFO, _("%s marked absent"), tk.ticket);
	else
		tui_msg(t, MSG_INFO, _("Ticket %s, please come to counter %d"), tk.ticket,
			t->user.counter);
	queue_enter(t, s);
}

static int queue_key(struct tui *t, struct screen *s, const tui_key *k)
{
	struct stats *st = s->priv;
	if (view_key(st->ready, k))
		return KEY_HANDLED;
	if (k->code == 0 && t->user.counter > 0 && (k->ch == 'n' || k->ch == 'N' || k->ch == '\r' ||
	    k->ch == '\n' || k->ch == 'l' || k->ch == 'L' || k->ch == 's' || k->ch == 'S')) {
		char c = k->ch == '\r' || k->ch == '\n' ? 'n' : (char)(k->ch | 0x20);
		queue_call(t, s, c);
		return KEY_HANDLED;
	}
	if (tk_is_char(k, 'r') || tk_is_char(k, 'R')) {
		queue_enter(t, s);
		return KEY_HANDLED;
	}
	if (tk_is_char(k, 'm') || tk_is_char(k, 'M')) {
		open_list(t, LIST_MINE);
		return KEY_HANDLED;
	}
	return KEY_UNHANDLED;
}

static const char *queue_keys(struct tui *t, struct screen *s)
{
	if (t->user.counter <= 0)
		return _("m my dossiers today · r refresh · F2 intake · Esc back");
	return _("n/Enter next · l again · s absent · m my day · r refresh · F2 intake");
}

const struct screen_ops queue_ops = {
	.title = N_("Queue"),
	.open = queue_open,
	.draw = queue_draw,
	.key = queue_key,
	.close = sup_close,
	.keys = queue_keys,
	.enter = queue_enter,
};
