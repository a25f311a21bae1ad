/*
 * The supervisor's live dashboard (d on the F6 overview, or `motcua
 * dashboard`): today's queue (waiting, longest and average
 * wait, each counter's state, current ticket and served count) and the
 * open dossiers by department (due later today, overdue, waiting for
 * return, paused), as sketched in docs screens.md.
 *
 * It follows other processes without busy polling: the input wait is
 * 250 ms, after which one PRAGMA data_version read (mc_watch) says
 * whether anyone committed; only then are the figures read again, at most
 * twice a second however busy the office (less often when a reading is
 * slow: see reload_gap), and once a minute for the growing waits. Self-contained: it opens curses when run from the
 * command line and borrows the TUI's session otherwise.
 */
#include "queue_screens.h"

#include "bigdigits.h"
#include "motcua/calendar.h"
#include "motcua/clock.h"
#include "motcua/dashboard.h"
#include "motcua/text.h"
#include "i18n.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define POLL_MS 250
#define MIN_RELOAD_MS 500
#define MAX_LINES 160
#define BAR_MAX 12
#define KEY_ESC 27
#define KEY_CTRL_Q 17

struct line {
	char text[320];
	attr_t attr;
	/* Department rows end in a bar of this many eighths (0: none). */
	int bar8;
};

struct dash {
	mc_store *store;
	struct qs_term term;
	mc_dashboard *d;
	char error[600];
	int scroll;
	struct line lines[MAX_LINES];
	int nlines;
	int64_t loaded_at;
	int64_t reload_ms;      /* how long the last reading took */
	char loaded_minute[17];
};

static struct line *add(struct dash *s, attr_t attr, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static struct line *add(struct dash *s, attr_t attr, const char *fmt, ...)
{
	static struct line spare;
	if (s->nlines >= MAX_LINES)
		return &spare;
	struct line *l = &s->lines[s->nlines++];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(l->text, sizeof l->text, fmt, ap);
	va_end(ap);
	l->attr = attr;
	l->bar8 = 0;
	return l;
}

/* "Hộ tịch, Chứng thực" for a counter's "A,B". */
static void service_names(const mc_queue_snapshot *q, const char *codes, char *buf, size_t bufsz)
{
	char list[200];
	snprintf(list, sizeof list, "%s", codes);
	size_t n = 0;
	buf[0] = '\0';
	char *save = NULL;
	for (char *c = strtok_r(list, ",", &save); c && n < bufsz; c = strtok_r(NULL, ",", &save)) {
		const char *name = c;
		for (int i = 0; i < q->nservices; i++)
			if (strcmp(q->services[i].service.code, c) == 0)
				name = q->services[i].service.name;
		n += (size_t)snprintf(buf + n, bufsz - n, "%s%s", n ? ", " : "", name);
	}
}

/* S right-aligned in COLS columns (cut when longer): a column title over
 * numbers. */
static char *rjust(const char *s, int cols, char *buf, size_t bufsz)
{
	int w = mc_text_width(s);
	if (w >= cols)
		return mc_text_fit(s, cols, buf, bufsz);
	snprintf(buf, bufsz, "%*s%s", cols - w, "", s);
	return buf;
}

/* The first column of the summary lines: a title in 10 columns. */
#define LABEL_COLS 10

static void build_queue(struct dash *s)
{
	const mc_queue_snapshot *q = &s->d->queue;
	char label[4 * LABEL_COLS + 1];
	mc_text_fit(_("Queue"), LABEL_COLS, label, sizeof label);
	if (q->waiting)
		add(s, A_BOLD, _("%s waiting %d · longest wait %d min (%s) · average %.0f min"),
		    label, q->waiting, q->longest_wait, q->longest_ticket, q->avg_wait);
	else
		add(s, A_BOLD, _("%s nobody waiting"), label);
	add(s, 0, _("%*s issued %d · served %d · average wait %.0f min · average service %.0f min"),
	    LABEL_COLS, "", q->issued, q->served, q->avg_wait_called, q->avg_service);
	for (int i = 0; i < q->ncounters; i++) {
		const mc_queue_counter_view *v = &q->counters[i];
		char names[200], col[4 * 20 + 1], state[64];
		service_names(q, v->counter.services, names, sizeof names);
		mc_text_fit(names, 20, col, sizeof col);
		if (v->has_ticket)
			snprintf(state, sizeof state, "%s %s", qs_ticket_state_text(v->ticket_state),
				 v->ticket);
		else if (v->counter.state != MC_COUNTER_OPEN)
			snprintf(state, sizeof state, "%s", qs_counter_state_text(v->counter.state));
		else
			snprintf(state, sizeof state, "%s", _("no ticket called"));
		char st[4 * 18 + 1];
		mc_text_fit(state, 18, st, sizeof st);
		add(s, 0, _(" Counter %-3d %s %s served %3d"), v->counter.number, col, st, v->served);
	}
	for (int i = 0; i < q->nservices; i++) {
		const mc_queue_service_view *v = &q->services[i];
		if (!v->service.active)
			continue;
		char name[4 * 20 + 1];
		mc_text_fit(v->service.name, 20, name, sizeof name);
		add(s, 0, _("  %-2s %s waiting %3d · called %2d · done %3d · absent %2d"),
		    v->service.code, name, v->waiting, v->called, v->done, v->skipped);
	}
}

static void build_dossiers(struct dash *s)
{
	const mc_dashboard *d = s->d;
	char label[4 * LABEL_COLS + 1];
	mc_text_fit(_("Dossiers"), LABEL_COLS, label, sizeof label);
	add(s, A_BOLD, _("%s due today %d · overdue %d · to return %d · waiting for papers %d"),
	    label, d->total.due_today, d->total.overdue, d->total.ready, d->total.paused);
	if (!d->ndepts)
		return;
	/* Column titles over the numbers of the rows below: 26 + 7 + 8 + 8 + 8. */
	char head[4 * 26 + 1], c1[64], c2[64], c3[64], c4[64];
	add(s, A_UNDERLINE, "  %s %s %s %s %s",
	    mc_text_fit(_("By field / department"), 26, head, sizeof head),
	    rjust(_("due now"), 7, c1, sizeof c1), rjust(_("overdue"), 8, c2, sizeof c2),
	    rjust(_("ready"), 8, c3, sizeof c3), rjust(_("paused"), 8, c4, sizeof c4));
	int max = 1;
	for (int i = 0; i < d->ndepts; i++) {
		const mc_dashboard_dept *p = &d->depts[i];
		int all = p->due_today + p->overdue + p->ready + p->paused;
		max = all > max ? all : max;
	}
	for (int i = 0; i < d->ndepts; i++) {
		const mc_dashboard_dept *p = &d->depts[i];
		char name[4 * 26 + 1];
		mc_text_fit(p->name[0] ? p->name : _("(not set)"), 26, name, sizeof name);
		struct line *l = add(s, p->overdue ? A_BOLD : 0, "  %s %7d %8d %8d %8d", name,
				     p->due_today, p->overdue, p->ready, p->paused);
		int all = p->due_today + p->overdue + p->ready + p->paused;
		l->bar8 = all ? (all * BAR_MAX * 8 + max - 1) / max : 0;
	}
}

static void reload(struct dash *s)
{
	mc_error err = {0};
	s->nlines = 0;
	s->loaded_at = qs_ms();
	mc_time_format(mc_clock_now(), s->loaded_minute);
	if (mc_dashboard_read(s->store, mc_clock_now(), s->d, &err) != MC_OK) {
		snprintf(s->error, sizeof s->error, "%s", err.msg);
		return;
	}
	s->error[0] = '\0';
	build_queue(s);
	add(s, 0, "%s", "");
	build_dossiers(s);
	s->reload_ms = qs_ms() - s->loaded_at;
}

/* Wait between readings: at least MIN_RELOAD_MS, and four times what the
 * last one took, so that a huge office's dashboard costs at most a fifth
 * of a core however busy the clerks are. */
static int64_t reload_gap(const struct dash *s)
{
	return s->reload_ms * 4 > MIN_RELOAD_MS ? s->reload_ms * 4 : MIN_RELOAD_MS;
}

static void draw_bar(struct dash *s, int y, int x, int eighths)
{
	if (s->term.utf8) {
		static const char *const part[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
		char bar[BAR_MAX * 3 + 8] = "";
		for (int i = 0; i < eighths / 8; i++)
			strcat(bar, "█");
		strcat(bar, part[eighths % 8]);
		qs_put(&s->term, y, x, COLS - x, bar);
	} else {
		char bar[BAR_MAX + 2];
		int n = (eighths + 4) / 8;
		memset(bar, '#', (size_t)n);
		bar[n] = '\0';
		qs_put(&s->term, y, x, COLS - x, bar);
	}
}

static void draw(struct dash *s)
{
	erase();
	char title[120];
	int y, m, d;
	mc_date_to_ymd(mc_time_day(mc_clock_now()), &y, &m, &d);
	snprintf(title, sizeof title, _("Supervision · %02d/%02d/%04d %s (updates itself)"), d, m,
		 y, s->loaded_minute + 11);
	qs_rule(&s->term, 0, title);
	int rows = LINES - 2;
	if (s->error[0]) {
		qs_put(&s->term, 2, 1, COLS - 2, s->error);
	} else {
		if (s->scroll > s->nlines - rows)
			s->scroll = s->nlines - rows;
		if (s->scroll < 0)
			s->scroll = 0;
		for (int i = 0; i < rows && s->scroll + i < s->nlines; i++) {
			const struct line *l = &s->lines[s->scroll + i];
			attron(l->attr);
			qs_put(&s->term, 1 + i, 0, COLS, l->text);
			attroff(l->attr);
			if (l->bar8)
				draw_bar(s, 1 + i, qs_width(&s->term, l->text) + 3, l->bar8);
		}
	}
	attron(A_REVERSE);
	move(LINES - 1, 0);
	hline(' ', COLS);
	qs_put(&s->term, LINES - 1, 1, COLS - 2,
	       _("q/Esc back  ↑↓ scroll  updates itself when anything changes"));
	attroff(A_REVERSE);
	refresh();
}

/* A key; returns false to leave. */
static bool key(struct dash *s, int ch)
{
	switch (ch) {
	case 'q': case 'Q': case KEY_ESC: case KEY_F(10): case KEY_CTRL_Q: case 3:
		return false;
	case KEY_UP: s->scroll--; break;
	case KEY_DOWN: s->scroll++; break;
	case KEY_PPAGE: s->scroll -= LINES / 2; break;
	case KEY_NPAGE: s->scroll += LINES / 2; break;
	case 12: clear(); break;   /* Ctrl-L */
	default: break;
	}
	return true;
}

int dashboard_run(mc_store *store)
{
	struct dash *s = calloc(1, sizeof *s);
	mc_dashboard *d = malloc(sizeof *d);
	if (!s || !d) {
		free(s);
		free(d);
		return MC_ESYS;
	}
	s->store = store;
	s->d = d;
	mc_error err = {0};
	mc_watch w;
	if (mc_watch_init(&w, store, &err) != MC_OK || qs_begin(&s->term, POLL_MS) != 0) {
		free(d);
		free(s);
		return MC_ESYS;
	}
	reload(s);
	draw(s);
	bool pending = false;
	while (!qs_stop) {
		int ch = getch();
		if (ch != ERR && !key(s, ch))
			break;
		bool changed = false;
		if (mc_watch_changed(&w, &changed, &err) != MC_OK)
			snprintf(s->error, sizeof s->error, "%s", err.msg);
		pending = pending || changed;
		char minute[17];
		mc_time_format(mc_clock_now(), minute);
		bool tick = strcmp(minute, s->loaded_minute) != 0;
		if ((pending && qs_ms() - s->loaded_at >= reload_gap(s)) || tick) {
			reload(s);
			pending = false;
			draw(s);
		} else if (ch != ERR) {
			draw(s);
		}
	}
	qs_end(&s->term);
	free(d);
	free(s);
	return 0;
}
