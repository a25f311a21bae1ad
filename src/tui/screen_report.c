/*
 * The report screen: the resolution figures of a month, quarter or year
 * (domain.md §3.5, computed by mc_report_compute) with a bar per figure,
 * and the table by field, agency or procedure below. Self-contained: it
 * opens curses itself when nobody has, draws in 80x24 or more, and uses
 * only bold and reverse video (bars are reverse-video spaces), so it reads
 * the same on a monochrome terminal. The counter TUI calls
 * report_screen_run from its key table.
 *
 * Each figure is shown beside the previous period's (the quarter against
 * the one before), and the resolved dossiers as a stacked bar of
 * characters, early '>' / on time '=' / late 'X' (docs/rules.md R1, R9),
 * for the period and the previous one; `v` shows every line of the table
 * as such a bar. Characters, not colours: a monochrome VT100 reads it.
 *
 * Keys: ← → previous / next period, Tab month → quarter → year, b group by
 * none → field → agency → procedure, v numbers / bars in the table, ↑ ↓
 * PgUp PgDn scroll the table, q or Esc back.
 */
#include "screen_report.h"

#include "motcua/calendar.h"
#include "motcua/clock.h"
#include "motcua/report.h"
#include "i18n.h"

#include <curses.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

/* Tab cycles day → week → month → quarter → year; c asks for any period. */
enum period_kind { P_DAY, P_WEEK, P_MONTH, P_QUARTER, P_YEAR, P_CUSTOM };

struct rs {
	mc_store *store;
	enum period_kind kind;
	int year, index;          /* index: month 1-12, quarter 1-4 */
	int32_t day;              /* P_DAY, P_WEEK: a day of the period */
	char from[11], to[11];    /* P_CUSTOM */
	const char *export_dir;   /* where x writes the CSV */
	mc_report_by by;
	mc_report rep, prev;      /* the period and the one before it */
	bool have, have_prev;
	bool bars;                /* the table as stacked bars */
	char msg[512];
	int scroll;
};

/* Draw s at (y, x) in at most `cols` display columns. */
static void put(int y, int x, const char *s, int cols)
{
	size_t len = strlen(s), i = 0;
	int used = 0;
	move(y, x);
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(len - i), &cp);
		if (n < 1)
			break;
		int w = utf8proc_charwidth(cp);
		if (used + w > cols)
			break;
		addnstr(s + i, (int)n);
		used += w > 0 ? w : 0;
		i += (size_t)n;
	}
}

static void period_bounds(const struct rs *r, char from[11], char to[11])
{
	if (r->kind == P_CUSTOM) {
		memcpy(from, r->from, 11);
		memcpy(to, r->to, 11);
		return;
	}
	if (r->kind == P_DAY || r->kind == P_WEEK) {
		/* A week runs Monday to Sunday (mc_weekday: 0 = Monday). */
		int32_t a = r->day;
		if (r->kind == P_WEEK)
			a -= mc_weekday(a);
		mc_date_format(a, from);
		mc_date_format(r->kind == P_WEEK ? a + 6 : a, to);
		return;
	}
	int m1 = 1, m2 = 12;
	if (r->kind == P_MONTH)
		m1 = m2 = r->index;
	else if (r->kind == P_QUARTER)
		m1 = 3 * r->index - 2, m2 = 3 * r->index;
	int32_t a = mc_date_from_ymd(r->year, m1, 1);
	int32_t b = mc_date_from_ymd(m2 == 12 ? r->year + 1 : r->year, m2 == 12 ? 1 : m2 + 1, 1) - 1;
	mc_date_format(a, from);
	mc_date_format(b, to);
}

static void step_period(struct rs *r, int dir);

static void compute(struct rs *r)
{
	char from[11], to[11];
	period_bounds(r, from, to);
	if (r->have)
		mc_report_free(&r->rep);
	if (r->have_prev)
		mc_report_free(&r->prev);
	mc_error err = {0};
	r->have = mc_report_compute(r->store, from, to, r->by, &r->rep, &err) == MC_OK;
	snprintf(r->msg, sizeof r->msg, "%s", r->have ? "" : err.msg);
	/* The previous period, to compare with (its figures never change: R6). */
	struct rs p = *r;
	step_period(&p, -1);
	period_bounds(&p, from, to);
	r->have_prev = r->have &&
		       mc_report_compute(r->store, from, to, r->by, &r->prev, NULL) == MC_OK;
	r->scroll = 0;
}

/* "Q2/2026", "5/2026", "2026": the period's short name. */
static void short_name(const struct rs *r, int dir, char *buf, size_t sz)
{
	struct rs p = *r;
	if (dir)
		step_period(&p, dir);
	if (p.kind == P_MONTH)
		snprintf(buf, sz, "%d/%d", p.index, p.year);
	else if (p.kind == P_QUARTER)
		snprintf(buf, sz, _("Q%d/%d"), p.index, p.year);
	else
		snprintf(buf, sz, "%d", p.year);
}

static void step_period(struct rs *r, int dir)
{
	int n = r->kind == P_MONTH ? 12 : r->kind == P_QUARTER ? 4 : 1;
	if (r->kind == P_DAY || r->kind == P_WEEK) {
		r->day += dir * (r->kind == P_WEEK ? 7 : 1);
		return;
	}
	if (r->kind == P_CUSTOM)
		return;
	if (r->kind == P_YEAR) {
		r->year += dir;
		return;
	}
	r->index += dir;
	if (r->index < 1) {
		r->index = n;
		r->year--;
	} else if (r->index > n) {
		r->index = 1;
		r->year++;
	}
}

static void draw_header(const struct rs *r)
{
	static const char *const by_label[] = {N_("whole office"), N_("by field"),
					       N_("by agency"), N_("by procedure")};
	char title[160], from[11], to[11];
	period_bounds(r, from, to);
	if (r->kind == P_DAY)
		snprintf(title, sizeof title, _("Day %.2s/%.2s/%.4s"), from + 8, from + 5, from);
	else if (r->kind == P_WEEK || r->kind == P_CUSTOM)
		snprintf(title, sizeof title, "%.2s/%.2s-%.2s/%.2s/%.4s", from + 8, from + 5, to + 8,
			 to + 5, to);
	else if (r->kind == P_MONTH)
		snprintf(title, sizeof title, _("Month %d/%d"), r->index, r->year);
	else if (r->kind == P_QUARTER)
		snprintf(title, sizeof title, _("Quarter %d/%d"), r->index, r->year);
	else
		snprintf(title, sizeof title, _("Year %d"), r->year);
	attron(A_BOLD);
	put(0, 0, _("DOSSIER RESOLUTION REPORT"), COLS);
	attroff(A_BOLD);
	char line[200];
	snprintf(line, sizeof line, "%s, %s", title, _(by_label[r->by]));
	put(0, COLS - 40 > 26 ? COLS - 40 : 26, line, 40);
	mvhline(1, 0, ACS_HLINE, COLS);
}

/* One figure: label, number, the previous period's, reverse-video bar
 * scaled to max. */
static void figure(int y, const char *label, int64_t v, int64_t prev, bool have_prev,
		   int64_t max)
{
	char n[32];
	snprintf(n, sizeof n, "%7lld", (long long)v);
	put(y, 0, label, 22);
	put(y, 22, n, 8);
	if (have_prev) {
		snprintf(n, sizeof n, "%8lld", (long long)prev);
		put(y, 30, n, 9);
	}
	int room = COLS - 40, len = max > 0 ? (int)((v * room + max - 1) / max) : 0;
	if (len > room)
		len = room;
	attron(A_REVERSE);
	mvhline(y, 40, ' ', len);
	attroff(A_REVERSE);
}

/* Split `width` characters among early, on time, late in proportion, each
 * non-zero part getting at least one (largest remainders first). */
static void split_bar(const int64_t v[3], int width, int out[3])
{
	int64_t total = v[0] + v[1] + v[2];
	int used = 0;
	int64_t rem[3];
	for (int i = 0; i < 3; i++) {
		out[i] = total > 0 ? (int)(v[i] * width / total) : 0;
		rem[i] = total > 0 ? v[i] * width % total : 0;
		if (v[i] > 0 && out[i] == 0 && width >= 3)
			out[i] = 1, rem[i] = -1;
		used += out[i];
	}
	while (used < width && total > 0) {
		int best = -1;
		for (int i = 0; i < 3; i++)
			if (v[i] > 0 && (best < 0 || rem[i] > rem[best]))
				best = i;
		out[best]++;
		rem[best] = -1;
		used++;
	}
	while (used > width) {   /* the minimum of one pushed it over */
		int big = out[0] >= out[1] && out[0] >= out[2] ? 0 : out[1] >= out[2] ? 1 : 2;
		out[big]--;
		used--;
	}
}

/* A stacked bar of a line's resolved dossiers at (y, x): early '>', on
 * time '=', late 'X', `width` characters for `max` dossiers. */
static void stacked(int y, int x, const mc_report_figures *f, int64_t max, int width)
{
	const int64_t v[3] = {f->resolved_early, f->resolved_on_time, f->resolved_late};
	int64_t total = mc_report_resolved(f);
	if (max <= 0 || width < 3 || total == 0)
		return;
	int len = (int)((total * width + max - 1) / max), part[3];
	split_bar(v, len < 3 ? 3 : len > width ? width : len, part);
	static const char glyph[3] = {'>', '=', 'X'};
	move(y, x);
	for (int i = 0; i < 3; i++)
		for (int k = 0; k < part[i]; k++)
			addch((chtype)glyph[i]);
}

/* The resolved dossiers of the period and of the previous one as stacked
 * bars, with the share resolved on time (early + on time). */
static int draw_resolved(const struct rs *r, int y)
{
	const mc_report_figures *f[2] = {&r->rep.total, r->have_prev ? &r->prev.total : NULL};
	int64_t max = mc_report_resolved(f[0]);
	if (f[1] && mc_report_resolved(f[1]) > max)
		max = mc_report_resolved(f[1]);
	for (int i = 0; i < 2; i++) {
		if (!f[i])
			continue;
		char name[32], line[80];
		short_name(r, -i, name, sizeof name);
		int64_t res = mc_report_resolved(f[i]);
		long pct = res ? (long)((f[i]->resolved_early + f[i]->resolved_on_time) * 100 / res)
			       : 0;
		snprintf(line, sizeof line, _("%-8s %5lld  %3ld%% in time"), name, (long long)res,
			 pct);
		put(y + i, 0, line, 30);
		stacked(y + i, 31, f[i], max, COLS - 32);
	}
	put(y + 2, 0, _("Resolved: > early   = on time   X late"), COLS);
	return y + 3;
}

static int draw_figures(const struct rs *r)
{
	const mc_report_figures *f = &r->rep.total;
	const struct {
		const char *label;
		int64_t v;
	} rows[] = {
		{N_("Carried over"), f->carried_over}, {N_("Received in the period"), f->received_new},
		{N_("Resolved early"), f->resolved_early}, {N_("Resolved on time"), f->resolved_on_time},
		{N_("Resolved late"), f->resolved_late}, {N_("Open, on time"), f->open_on_time},
		{N_("Open, late"), f->open_late}, {N_("Paused"), f->paused},
		{N_("Results returned"), f->returned},
	};
	const mc_report_figures *p = &r->prev.total;
	const int64_t pv[] = {p->carried_over, p->received_new, p->resolved_early,
			      p->resolved_on_time, p->resolved_late, p->open_on_time, p->open_late,
			      p->paused, p->returned};
	int64_t max = 0;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		max = rows[i].v > max ? rows[i].v : max;
	char now[32], before[32];
	short_name(r, 0, now, sizeof now);
	short_name(r, -1, before, sizeof before);
	/* The two periods' names over their columns, in the rule below the title. */
	attron(A_BOLD);
	mvprintw(1, 22, " %*s ", 6, now);
	if (r->have_prev)
		mvprintw(1, 31, " %*s ", 7, before);
	attroff(A_BOLD);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		figure(2 + (int)i, _(rows[i].label), rows[i].v, pv[i], r->have_prev, max);
	char line[200];
	snprintf(line, sizeof line, _("Not accepted %lld   Ratings: very satisfied %lld, "
		 "satisfied %lld, not satisfied %lld"), (long long)f->refused,
		 (long long)f->rating[0], (long long)f->rating[1], (long long)f->rating[2]);
	put(11, 0, line, COLS);
	return draw_resolved(r, 12);
}

static void draw_table(struct rs *r, int top)
{
	int rows = LINES - 2 - top - 1;
	if (r->by == MC_REPORT_ALL || rows < 1)
		return;
	int lw = COLS - 8 * 7;
	attron(A_BOLD);
	put(top, 0, r->by == MC_REPORT_FIELD ? _("Field") : r->by == MC_REPORT_AGENCY
		    ? _("Agency") : _("Procedure"), lw);
	if (r->bars) {
		/* Each line's resolved dossiers as a stacked bar (v toggles). */
		put(top, lw, _(" Solved  > early  = on time  X late"), COLS - lw);
		attroff(A_BOLD);
		int64_t max = 0;
		for (size_t i = 0; i < r->rep.nrows; i++)
			if (mc_report_resolved(&r->rep.rows[i].f) > max)
				max = mc_report_resolved(&r->rep.rows[i].f);
		if (r->scroll > (int)r->rep.nrows - rows)
			r->scroll = (int)r->rep.nrows - rows;
		if (r->scroll < 0)
			r->scroll = 0;
		for (int i = 0; i < rows && r->scroll + i < (int)r->rep.nrows; i++) {
			const mc_report_row *row = &r->rep.rows[r->scroll + i];
			char n[32];
			snprintf(n, sizeof n, "%7lld ", (long long)mc_report_resolved(&row->f));
			put(top + 1 + i, 0, row->label, lw - 1);
			put(top + 1 + i, lw, n, 8);
			stacked(top + 1 + i, lw + 9, &row->f, max, COLS - lw - 10);
		}
		return;
	}
	/* TRANSLATORS: column titles right-aligned over numbers 7, 8, 7, 7, 8, 6
	 * and 8 columns wide (received, resolved, resolved late, open, open
	 * late, paused, returned): keep each title's last letter in place. */
	put(top, lw, _("  Recv.  Solved   Late   Open    Late Pause  Return"), COLS - lw);
	attroff(A_BOLD);
	if (r->scroll > (int)r->rep.nrows - rows)
		r->scroll = (int)r->rep.nrows - rows;
	if (r->scroll < 0)
		r->scroll = 0;
	for (int i = 0; i < rows && r->scroll + i < (int)r->rep.nrows; i++) {
		const mc_report_row *row = &r->rep.rows[r->scroll + i];
		const mc_report_figures *f = &row->f;
		char nums[128];
		snprintf(nums, sizeof nums, "%7lld %7lld %6lld %6lld %7lld %5lld %7lld",
			 (long long)mc_report_received(f), (long long)mc_report_resolved(f),
			 (long long)f->resolved_late, (long long)mc_report_open(f),
			 (long long)f->open_late, (long long)f->paused, (long long)f->returned);
		put(top + 1 + i, 0, row->label, lw - 1);
		put(top + 1 + i, lw, nums, COLS - lw);
	}
}

static void draw(struct rs *r)
{
	erase();
	draw_header(r);
	if (r->have)
		draw_table(r, draw_figures(r));
	if (r->msg[0])
		put(LINES - 2, 0, r->msg, COLS);
	attron(A_REVERSE);
	mvhline(LINES - 1, 0, ' ', COLS);
	put(LINES - 1, 0, _(" ←/→ period  Tab span  c dates  b group  v bars  x CSV  ↑/↓  q back"),
	    COLS);
	attroff(A_REVERSE);
	refresh();
}

/* The period of the current kind that holds today. */
static void set_today(struct rs *r)
{
	int y, m;
	r->day = mc_time_day(mc_clock_now());
	mc_date_to_ymd(r->day, &y, &m, NULL);
	r->year = y;
	r->index = r->kind == P_MONTH ? m : r->kind == P_QUARTER ? (m - 1) / 3 + 1 : 1;
}

/* Read a dd/mm/yyyy date on the message line into iso; false on Esc. */
static bool ask_date(const char *prompt, char iso[11])
{
	char buf[32];
	move(LINES - 2, 0);
	clrtoeol();
	put(LINES - 2, 0, prompt, COLS);
	echo();
	curs_set(1);
	int rc = getnstr(buf, 12);
	noecho();
	curs_set(0);
	int d, m, y;
	if (rc == ERR || sscanf(buf, "%d/%d/%d", &d, &m, &y) != 3 || !mc_date_valid(y, m, d))
		return false;
	mc_date_format(mc_date_from_ymd(y, m, d), iso);
	return true;
}

/* c: any period, from and to typed as dd/mm/yyyy. */
static bool ask_dates(struct rs *r)
{
	char from[11], to[11];
	if (!ask_date(_("From (dd/mm/yyyy): "), from) || !ask_date(_("To (dd/mm/yyyy): "), to) ||
	    strcmp(to, from) < 0) {
		snprintf(r->msg, sizeof r->msg, "%s", _("Not a period: type two dates, the first "
							"not after the second"));
		return false;
	}
	memcpy(r->from, from, 11);
	memcpy(r->to, to, 11);
	r->kind = P_CUSTOM;
	return true;
}

/* x: the report shown, as CSV (mc_report_write_csv), in the export dir. */
static void export_csv(struct rs *r)
{
	char from[11], to[11], path[1200];
	period_bounds(r, from, to);
	snprintf(path, sizeof path, "%s/report-%s-%s.csv",
		 r->export_dir && *r->export_dir ? r->export_dir : ".", from, to);
	if (r->export_dir && *r->export_dir)
		mkdir(r->export_dir, 0770);
	FILE *f = r->have ? fopen(path, "w") : NULL;
	mc_error err = {0};
	mc_status st = f ? mc_report_write_csv(&r->rep, f, &err) : MC_ESYS;
	if (f && fclose(f) != 0)
		st = MC_ESYS;
	if (st == MC_OK)
		snprintf(r->msg, sizeof r->msg, _("CSV written to %s"), path);
	else
		snprintf(r->msg, sizeof r->msg, _("CSV not written: %s"), f ? err.msg : path);
}

static void key(struct rs *r, int ch)
{
	switch (ch) {
	case KEY_LEFT: step_period(r, -1); break;
	case KEY_RIGHT: step_period(r, 1); break;
	case '\t':
		/* Each kind starts on the period holding today (or the last day shown). */
		r->kind = r->kind == P_CUSTOM ? P_DAY : (enum period_kind)((r->kind + 1) % P_CUSTOM);
		set_today(r);
		break;
	case 'c': if (!ask_dates(r)) return; break;
	case 'x': export_csv(r); return;
	case 'b': r->by = (mc_report_by)((r->by + 1) % (MC_REPORT_PROCEDURE + 1)); break;
	case 'v': r->bars = !r->bars; return;
	case KEY_UP: r->scroll--; return;
	case KEY_DOWN: r->scroll++; return;
	case KEY_PPAGE: r->scroll -= LINES / 2; return;
	case KEY_NPAGE: r->scroll += LINES / 2; return;
	default: return;   /* KEY_RESIZE and the rest: just redraw */
	}
	compute(r);
}

int report_screen_run(mc_store *store, const char *export_dir)
{
	bool own = stdscr == NULL || isendwin();
	if (own) {
		if (!initscr())
			return -1;
		cbreak();
		noecho();
		keypad(stdscr, TRUE);
	}
	int delay = wgetdelay(stdscr), cursor = curs_set(0);
	timeout(-1);
	struct rs r = {.store = store, .kind = P_QUARTER, .by = MC_REPORT_ALL,
		       .export_dir = export_dir};
	set_today(&r);
	compute(&r);
	for (;;) {
		draw(&r);
		int ch = getch();
		if (ch == 'q' || ch == 27 || ch == KEY_F(10) || ch == ERR)
			break;
		key(&r, ch);
	}
	if (r.have)
		mc_report_free(&r.rep);
	if (r.have_prev)
		mc_report_free(&r.prev);
	timeout(delay);
	if (cursor != ERR)
		curs_set(cursor);
	if (own)
		endwin();
	return 0;
}
