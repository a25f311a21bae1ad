/*
 * The waiting-room board (motcua board): who is called to which counter,
 * in letters big enough to read across a hall. The newest calls come
 * first in large type ("A017 > QUẦY 1"), the newest of all highlighted
 * for a few seconds with the spoken-style line "Mời công dân có số A017
 * đến quầy 1"; every counter's current number and the people waiting per
 * service stay in small type at the bottom.
 *
 * The board never writes. It reads a queue snapshot when another process
 * commits (mc_watch: PRAGMA data_version, looked at every 250 ms while the
 * terminal is idle), so a call shows within a second.
 */
#include "queue_screens.h"

#include "bigdigits.h"
#include "motcua/calendar.h"
#include "motcua/clock.h"
#include "motcua/queue.h"
#include "motcua/store.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#define HIGHLIGHT_MS 6000
#define POLL_MS 250
#define KEY_CTRL_C 3
#define KEY_CTRL_L 12
#define KEY_CTRL_Q 17

struct seen {
	int64_t ticket_id;
	int recalls;
	int64_t order;        /* newest call = largest */
	int64_t lit_until;    /* qs_ms() until which it is highlighted */
};

struct board {
	mc_store *store;
	struct qs_term term;
	mc_office office;
	mc_queue_snapshot *q;
	struct seen seen[MC_QUEUE_MAX_COUNTERS];
	int64_t order;
	bool loaded;
	char error[600];
	char minute[17];
};

/* Stamp counters whose call changed since the last snapshot: a new ticket
 * or a recall puts the counter first and lights it up. */
static void note_calls(struct board *b, const mc_queue_snapshot *old)
{
	int64_t now = qs_ms();
	for (int i = 0; i < b->q->ncounters; i++) {
		const mc_queue_counter_view *v = &b->q->counters[i];
		struct seen *s = &b->seen[i];
		struct seen prev = {0};
		/* Counters may have been added: match the old view by number. */
		for (int k = 0; old && k < old->ncounters; k++)
			if (old->counters[k].counter.number == v->counter.number)
				prev = (struct seen){old->counters[k].has_ticket ? old->counters[k].ticket_id : 0,
						     old->counters[k].recalls, 0, 0};
		int64_t keep_order = s->order, keep_lit = s->lit_until;
		*s = (struct seen){v->has_ticket ? v->ticket_id : 0, v->recalls, 0, 0};
		if (!v->has_ticket)
			continue;
		if (!b->loaded) {
			/* First look: order by call time, nothing lit. */
			s->order = 0;
			continue;
		}
		if (prev.ticket_id != s->ticket_id || prev.recalls != s->recalls) {
			s->order = ++b->order;
			s->lit_until = now + HIGHLIGHT_MS;
			beep();   /* the hall's chime */
		} else {
			s->order = keep_order;
			s->lit_until = keep_lit;
		}
	}
}

static void reload(struct board *b)
{
	mc_queue_snapshot *old = b->q;
	mc_queue_snapshot *q = malloc(sizeof *q);
	mc_error err = {0};
	if (!q) {
		snprintf(b->error, sizeof b->error, "out of memory");
		return;
	}
	if (mc_queue_snapshot_read(b->store, mc_clock_now(), q, &err) != MC_OK) {
		snprintf(b->error, sizeof b->error, "%s", err.msg);
		free(q);
		return;
	}
	b->error[0] = '\0';
	b->q = q;
	note_calls(b, old);
	if (!b->loaded) {
		/* Oldest call first gets the smallest order. */
		for (int pass = 0; pass < b->q->ncounters; pass++) {
			int best = -1;
			for (int i = 0; i < b->q->ncounters; i++) {
				const mc_queue_counter_view *v = &b->q->counters[i];
				if (!v->has_ticket || b->seen[i].order)
					continue;
				if (best < 0 || strcmp(v->called_at, b->q->counters[best].called_at) < 0 ||
				    (strcmp(v->called_at, b->q->counters[best].called_at) == 0 &&
				     v->ticket_id < b->q->counters[best].ticket_id))
					best = i;
			}
			if (best < 0)
				break;
			b->seen[best].order = ++b->order;
		}
	}
	b->loaded = true;
	free(old);
}

/* Counter indexes with a ticket, newest call first. */
static int by_recency(const struct board *b, int *idx)
{
	int n = 0;
	for (int i = 0; i < b->q->ncounters; i++)
		if (b->q->counters[i].has_ticket)
			idx[n++] = i;
	for (int i = 1; i < n; i++)
		for (int k = i; k > 0 && b->seen[idx[k]].order > b->seen[idx[k - 1]].order; k--) {
			int tmp = idx[k];
			idx[k] = idx[k - 1];
			idx[k - 1] = tmp;
		}
	return n;
}

/* One call in big letters at row y: TICKET > QUẦY N. */
static void draw_big_call(struct board *b, int y, const mc_queue_counter_view *v, bool lit)
{
	char num[8], line[512];
	snprintf(num, sizeof num, "%d", v->counter.number);
	int label = 5, w = big_width(v->ticket) + 2 + big_width(">") + 2 + label + 1 +
			 big_width(num);
	int x = COLS > w ? (COLS - w) / 2 : 0;
	if (lit)
		attron(A_REVERSE | A_BOLD);
	for (int r = 0; r < BIG_ROWS; r++) {
		int cx = x;
		big_row(v->ticket, r, qs_ink(&b->term), line, sizeof line);
		qs_put(&b->term, y + r, cx, COLS - cx, line);
		cx += big_width(v->ticket) + 2;
		big_row(">", r, qs_ink(&b->term), line, sizeof line);
		qs_put(&b->term, y + r, cx, COLS - cx, line);
		cx += big_width(">") + 2;
		if (r == BIG_ROWS / 2)
			qs_put(&b->term, y + r, cx, COLS - cx, "QUẦY");
		cx += label + 1;
		big_row(num, r, qs_ink(&b->term), line, sizeof line);
		qs_put(&b->term, y + r, cx, COLS - cx, line);
	}
	if (lit)
		attroff(A_REVERSE | A_BOLD);
}

/* Every counter in small type from row y; returns the next free row. */
static int draw_counter_strip(struct board *b, int y, int last_row)
{
	int x = 1;
	for (int i = 0; i < b->q->ncounters && y <= last_row; i++) {
		const mc_queue_counter_view *v = &b->q->counters[i];
		char cell[64];
		if (v->has_ticket)
			snprintf(cell, sizeof cell, "Quầy %d: %s", v->counter.number, v->ticket);
		else if (v->counter.state != MC_COUNTER_OPEN)
			snprintf(cell, sizeof cell, "Quầy %d: %s", v->counter.number,
				 mc_counter_state_label(v->counter.state));
		else
			snprintf(cell, sizeof cell, "Quầy %d: -", v->counter.number);
		int w = qs_width(&b->term, cell) + 3;
		if (x + w > COLS && x > 1) {
			x = 1;
			if (++y > last_row)
				break;
		}
		if (b->seen[i].lit_until > qs_ms())
			attron(A_REVERSE);
		qs_put(&b->term, y, x, COLS - x, cell);
		attroff(A_REVERSE);
		x += w;
	}
	return y + 1;
}

static void draw_waiting(struct board *b, int y)
{
	char line[1024];
	size_t n = (size_t)snprintf(line, sizeof line, "Đang chờ:");
	for (int i = 0; i < b->q->nservices && n < sizeof line - 1; i++) {
		const mc_queue_service_view *v = &b->q->services[i];
		if (!v->service.active)
			continue;
		n += (size_t)snprintf(line + n, sizeof line - n, "%s %s %s %d", i ? " ·" : "",
				      v->service.code, v->service.name, v->waiting);
	}
	qs_put(&b->term, y, 1, COLS - 2, line);
}

static void draw(struct board *b)
{
	erase();
	char now[17];
	mc_time_format(mc_clock_now(), now);
	attron(A_REVERSE);
	move(0, 0);
	hline(' ', COLS);
	qs_putf(&b->term, 0, 1, COLS - 8, "%s · MỜI CÔNG DÂN ĐẾN QUẦY", b->office.name);
	qs_put(&b->term, 0, COLS - 6, 6, now + 11);
	attroff(A_REVERSE);
	if (b->error[0] || !b->q) {
		qs_put(&b->term, 2, 1, COLS - 2, b->error[0] ? b->error : "…");
		refresh();
		return;
	}
	int idx[MC_QUEUE_MAX_COUNTERS];
	int n = by_recency(b, idx);
	int footer = LINES - 4;   /* rule, two strip rows, waiting line */
	if (n > 0) {
		const mc_queue_counter_view *v = &b->q->counters[idx[0]];
		bool lit = b->seen[idx[0]].lit_until > qs_ms();
		if (lit)
			attron(A_BOLD | A_REVERSE);
		qs_putf(&b->term, 2, 1, COLS - 2, "Mời công dân có số %s đến quầy %d", v->ticket,
			v->counter.number);
		if (lit)
			attroff(A_BOLD | A_REVERSE);
	} else {
		qs_put(&b->term, 2, 1, COLS - 2, "Chưa gọi số nào hôm nay");
	}
	int y = 4;
	for (int k = 0; k < n && y + BIG_ROWS <= footer; k++) {
		const mc_queue_counter_view *v = &b->q->counters[idx[k]];
		draw_big_call(b, y, v, b->seen[idx[k]].lit_until > qs_ms());
		y += BIG_ROWS + 1;
	}
	qs_rule(&b->term, footer, NULL);
	draw_counter_strip(b, footer + 1, LINES - 2);
	draw_waiting(b, LINES - 1);
	refresh();
}

/* Whether a highlight ran out since the last draw (so it must redraw). */
static bool light_changed(struct board *b, int64_t last_draw)
{
	int64_t now = qs_ms();
	for (int i = 0; b->q && i < b->q->ncounters; i++)
		if (b->seen[i].lit_until > last_draw && b->seen[i].lit_until <= now)
			return true;
	return false;
}

int board_run(mc_store *store)
{
	struct board *b = calloc(1, sizeof *b);
	if (!b)
		return MC_ESYS;
	b->store = store;
	mc_error err = {0};
	if (mc_store_office_get(store, &b->office, &err) != MC_OK)
		snprintf(b->office.name, sizeof b->office.name, "motcua");
	mc_watch w;
	if (mc_watch_init(&w, store, &err) != MC_OK || qs_begin(&b->term, POLL_MS) != 0) {
		free(b);
		return MC_ESYS;
	}
	reload(b);
	int64_t last_draw = qs_ms();
	draw(b);
	while (!qs_stop) {
		int ch = getch();
		if (ch == 'q' || ch == 'Q' || ch == KEY_CTRL_Q || ch == KEY_CTRL_C)
			break;
		bool changed = false, redraw = ch == KEY_RESIZE || ch == KEY_CTRL_L;
		if (mc_watch_changed(&w, &changed, &err) != MC_OK)
			snprintf(b->error, sizeof b->error, "%s", err.msg);
		if (changed)
			reload(b);
		char minute[17];
		mc_time_format(mc_clock_now(), minute);
		if (strcmp(minute, b->minute) != 0) {
			memcpy(b->minute, minute, sizeof minute);
			redraw = true;
		}
		if (changed || redraw || light_changed(b, last_draw)) {
			if (ch == KEY_CTRL_L)
				clear();
			draw(b);
			last_draw = qs_ms();
		}
	}
	qs_end(&b->term);
	free(b->q);
	free(b);
	return 0;
}
