/*
 * The ticket kiosk at the entrance (motcua kiosk). A citizen picks a
 * service (its letter, a digit, or the arrows and Enter; a kiosk's
 * buttons are usually wired to letters) and gets the next ticket: shown
 * in large letters with the people waiting before it and the counters
 * that serve it, and piped as a small text slip to the receipt printer.
 *
 * Keys are ignored for a moment after a ticket is issued, so that a
 * button held down does not print a stack of tickets. The list of
 * services and the waiting counts follow other processes' changes through
 * mc_watch. Only Ctrl-Q quits: the kiosk is not for citizens to close.
 */
#include "queue_screens.h"
#include "motcua/privilege.h"

#include "bigdigits.h"
#include "motcua/calendar.h"
#include "motcua/clock.h"
#include "motcua/queue.h"
#include "motcua/spool.h"

#include <ctype.h>
#include <curses.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define POLL_MS 250
#define SHOW_MS 8000         /* the ticket stays on screen */
#define DEAF_MS 1000         /* keys ignored after issuing */
#define SLIP_WIDTH 32
#define KEY_CTRL_Q 17

struct kiosk {
	mc_store *store;
	struct qs_term term;
	mc_office office;
	mc_queue_snapshot *q;
	int active[MC_QUEUE_MAX_SERVICES];   /* indexes of services in use */
	int nactive;
	int sel;
	char printer[512];
	bool showing;
	mc_ticket shown;
	char counters[128];                  /* "1, 3" serving the shown ticket */
	int64_t shown_at;
	char msg[600];
};

static void reload(struct kiosk *k)
{
	mc_queue_snapshot *q = malloc(sizeof *q);
	mc_error err = {0};
	if (!q || mc_queue_snapshot_read(k->store, mc_clock_now(), q, &err) != MC_OK) {
		snprintf(k->msg, sizeof k->msg, "%s", q ? err.msg : "out of memory");
		free(q);
		return;
	}
	free(k->q);
	k->q = q;
	k->nactive = 0;
	for (int i = 0; i < q->nservices; i++)
		if (q->services[i].service.active)
			k->active[k->nactive++] = i;
	if (k->sel >= k->nactive)
		k->sel = k->nactive ? k->nactive - 1 : 0;
}

/* "1, 3": the open or paused counters that call this service. */
static void counters_for(const struct kiosk *k, const char *code, char *buf, size_t bufsz)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int i = 0; k->q && i < k->q->ncounters && n < bufsz; i++) {
		const mc_counter *c = &k->q->counters[i].counter;
		char list[sizeof c->services + 2], key[8];
		snprintf(list, sizeof list, ",%s,", c->services);
		snprintf(key, sizeof key, ",%s,", code);
		if (c->state == MC_COUNTER_CLOSED || !strstr(list, key))
			continue;
		n += (size_t)snprintf(buf + n, bufsz - n, "%s%d", n ? ", " : "", c->number);
	}
}

/* ---- the printed slip --------------------------------------------------------------- */

/* Centre s on the slip: NFC Vietnamese takes one column per character. */
static void slip_center(FILE *f, const char *s)
{
	int cols = 0;
	for (const char *p = s; *p; p++)
		cols += ((unsigned char)*p & 0xc0) != 0x80;
	int pad = cols < SLIP_WIDTH ? (SLIP_WIDTH - cols) / 2 : 0;
	fprintf(f, "%*s%s\n", pad, "", s);
}

static void write_slip(const struct kiosk *k, FILE *f)
{
	const mc_ticket *t = &k->shown;
	slip_center(f, k->office.name);
	slip_center(f, "SỐ THỨ TỰ");
	fputc('\n', f);
	for (int r = 0; r < BIG_ROWS; r++) {
		char row[128];
		big_row(t->ticket, r, "#", row, sizeof row);
		slip_center(f, row);
	}
	fputc('\n', f);
	fprintf(f, "%s: %s\n", "Dịch vụ", t->service_name);
	int y, m, d;
	int32_t day;
	if (mc_date_parse(t->day, &day, NULL) == MC_OK) {
		mc_date_to_ymd(day, &y, &m, &d);
		fprintf(f, "Phát lúc %s ngày %02d/%02d/%04d\n", t->issued_at + 11, d, m, y);
	}
	fprintf(f, "Trước bạn còn %d người\n", t->waiting_ahead);
	if (k->counters[0])
		fprintf(f, "Mời đến quầy %s khi số được gọi\n", k->counters);
	fputs("\n\n\n", f);
}

/* Write the slip to a temporary file and send it to the kiosk's CUPS
 * queue with lp (an argument list, src/core/spool.c: never a shell). A
 * printer that fails must not stop the kiosk: the citizen is told to
 * remember the number. */
static void print_slip(struct kiosk *k)
{
	if (!k->printer[0])
		return;
	const char *tmp = getenv("TMPDIR");
	char path[600];
	snprintf(path, sizeof path, "%s/motcua-slip-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	mc_error err = {0};
	mc_status st = MC_ESYS;
	if (f) {
		write_slip(k, f);
		if (fclose(f) == 0)
			st = mc_spool_print(k->printer, path, "kiosk_printer", &err);
	} else if (fd >= 0) {
		close(fd);
	}
	if (fd >= 0)
		unlink(path);
	if (st != MC_OK)
		snprintf(k->msg, sizeof k->msg, "Không in được phiếu (%s): xin ghi nhớ số của bạn",
			 k->printer);
}

static void issue(struct kiosk *k, int which)
{
	if (which < 0 || which >= k->nactive || !k->q)
		return;
	const mc_queue_service *v = &k->q->services[k->active[which]].service;
	mc_error err = {0};
	k->msg[0] = '\0';
	if (mc_queue_issue(k->store, v->code, &k->shown, &err) != MC_OK) {
		snprintf(k->msg, sizeof k->msg, "%s", err.msg);
		return;
	}
	k->sel = which;
	counters_for(k, v->code, k->counters, sizeof k->counters);
	k->showing = true;
	k->shown_at = qs_ms();
	reload(k);
	print_slip(k);
}

/* ---- screens ----------------------------------------------------------------------- */

static void center(struct kiosk *k, int y, const char *s)
{
	int w = qs_width(&k->term, s);
	qs_put(&k->term, y, w < COLS ? (COLS - w) / 2 : 0, COLS, s);
}

static void draw_header(struct kiosk *k, const char *title)
{
	char now[17];
	mc_time_format(mc_clock_now(), now);
	attron(A_REVERSE);
	move(0, 0);
	hline(' ', COLS);
	qs_put(&k->term, 0, 1, COLS - 8, k->office.name);
	qs_put(&k->term, 0, COLS - 6, 6, now + 11);
	attroff(A_REVERSE);
	qs_rule(&k->term, 1, title);
}

static void draw_menu(struct kiosk *k)
{
	draw_header(k, "LẤY SỐ THỨ TỰ");
	center(k, 3, k->term.utf8 ? "Chọn dịch vụ: nhấn chữ cái, hoặc ↑↓ rồi Enter"
				  : "Chọn dịch vụ: nhấn chữ cái, hoặc ^v rồi Enter");
	int y = 5;
	for (int i = 0; i < k->nactive && y < LINES - 3; i++, y++) {
		const mc_queue_service_view *v = &k->q->services[k->active[i]];
		bool cur = i == k->sel;
		if (cur)
			attron(A_REVERSE | A_BOLD);
		move(y, 2);
		hline(' ', COLS - 4);
		qs_putf(&k->term, y, 3, COLS - 6, "%s [%s]  %s", cur ? (k->term.utf8 ? "▸" : ">") : " ",
			v->service.code, v->service.name);
		char waiting[64];
		snprintf(waiting, sizeof waiting, "%d người đang chờ", v->waiting);
		int ww = qs_width(&k->term, waiting);
		qs_put(&k->term, y, COLS - 4 - ww, ww, waiting);
		if (cur)
			attroff(A_REVERSE | A_BOLD);
	}
	if (!k->nactive)
		center(k, 5, "Chưa có dịch vụ nào (motcua queue service add)");
	qs_rule(&k->term, LINES - 2, NULL);
	qs_put(&k->term, LINES - 1, 1, COLS - 2, k->msg[0] ? k->msg : "Enter: lấy số");
}

static void draw_ticket(struct kiosk *k)
{
	const mc_ticket *t = &k->shown;
	draw_header(k, "SỐ THỨ TỰ CỦA BẠN");
	int w = big_width(t->ticket), x = w < COLS ? (COLS - w) / 2 : 0;
	attron(A_BOLD);
	for (int r = 0; r < BIG_ROWS; r++) {
		char row[256];
		big_row(t->ticket, r, qs_ink(&k->term), row, sizeof row);
		qs_put(&k->term, 3 + r, x, COLS - x, row);
	}
	attroff(A_BOLD);
	char line[300];
	snprintf(line, sizeof line, "Số %s · %s", t->ticket, t->service_name);
	center(k, 10, line);
	snprintf(line, sizeof line, "Trước bạn còn %d người · phát lúc %s", t->waiting_ahead,
		 t->issued_at + 11);
	center(k, 12, line);
	if (k->counters[0]) {
		snprintf(line, sizeof line, "Mời đến quầy %s khi số được gọi", k->counters);
		center(k, 13, line);
	}
	center(k, 15, k->msg[0] ? k->msg
				: k->printer[0] ? "Mời nhận phiếu ở khe in" : "Xin ghi nhớ số của bạn");
}

static void draw(struct kiosk *k)
{
	erase();
	if (k->showing)
		draw_ticket(k);
	else
		draw_menu(k);
	refresh();
}

/* A key at the menu; returns false to quit. */
static bool menu_key(struct kiosk *k, int ch)
{
	if (ch == KEY_UP && k->sel > 0)
		k->sel--;
	else if (ch == KEY_DOWN && k->sel + 1 < k->nactive)
		k->sel++;
	else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER)
		issue(k, k->sel);
	else if (ch >= '1' && ch <= '9')
		issue(k, ch - '1');
	else if (ch < 128 && isalpha(ch)) {
		/* The service whose code is this letter; with two-letter codes the
		 * first one starting with it is selected. */
		int first = -1;
		for (int i = 0; i < k->nactive; i++) {
			const char *code = k->q->services[k->active[i]].service.code;
			if (code[0] != toupper(ch))
				continue;
			if (!code[1]) {
				issue(k, i);
				return true;
			}
			if (first < 0)
				first = i;
		}
		if (first >= 0)
			k->sel = first;
	}
	return true;
}

static void setup_printer(struct kiosk *k, const char *printer)
{
	const char *env = mc_env("MOTCUA_KIOSK_PRINTER");
	if (printer && *printer)
		snprintf(k->printer, sizeof k->printer, "%s", printer);
	else if (env && *env)
		snprintf(k->printer, sizeof k->printer, "%s", env);
	else if (mc_store_setting_get(k->store, "kiosk_printer", k->printer, sizeof k->printer,
				      NULL) != MC_OK)
		k->printer[0] = '\0';
}

int kiosk_run(mc_store *store, const char *printer)
{
	struct kiosk *k = calloc(1, sizeof *k);
	if (!k)
		return MC_ESYS;
	k->store = store;
	mc_error err = {0};
	if (mc_store_office_get(store, &k->office, &err) != MC_OK)
		snprintf(k->office.name, sizeof k->office.name, "motcua");
	setup_printer(k, printer);
	mc_watch w;
	if (mc_watch_init(&w, store, &err) != MC_OK || qs_begin(&k->term, POLL_MS) != 0) {
		free(k);
		return MC_ESYS;
	}
	reload(k);
	draw(k);
	char minute[17] = "";
	while (!qs_stop) {
		int ch = getch();
		if (ch == KEY_CTRL_Q)
			break;
		int64_t now = qs_ms();
		bool was_showing = k->showing;
		if (k->showing && ch != ERR && now - k->shown_at >= DEAF_MS) {
			k->showing = false;   /* any key: back to the menu */
			k->msg[0] = '\0';
			ch = ERR;
		} else if (k->showing && now - k->shown_at >= SHOW_MS) {
			k->showing = false;
			k->msg[0] = '\0';
		}
		if (ch != ERR && !k->showing)
			menu_key(k, ch);
		bool changed = false;
		if (mc_watch_changed(&w, &changed, &err) == MC_OK && changed)
			reload(k);
		if (k->showing && now - k->shown_at < DEAF_MS)
			flushinp();
		char m[17];
		mc_time_format(mc_clock_now(), m);
		bool tick = strcmp(m, minute) != 0;
		memcpy(minute, m, sizeof m);
		/* Redraw only for a key, a change, the clock or the ticket's end. */
		if (ch != ERR || changed || tick || was_showing != k->showing)
			draw(k);
	}
	qs_end(&k->term);
	free(k->q);
	free(k);
	return 0;
}
