/*
 * Large letters for ticket numbers and the drawing helpers shared by the
 * waiting-room screens (see bigdigits.h). The font is 5x5 and plain data
 * so that the same glyphs serve the board, the kiosk's screen and the
 * printed ticket; zero is slashed so that it never reads as the letter O.
 */
#include "bigdigits.h"
#include "screen.h"   /* draw_ascii */

#include <ctype.h>
#include <curses.h>
#include <langinfo.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

static const struct {
	char ch;
	const char *rows[BIG_ROWS];
} font[] = {
	{'0', {" ### ", "#  ##", "# # #", "##  #", " ### "}},
	{'1', {"  #  ", " ##  ", "  #  ", "  #  ", " ### "}},
	{'2', {"#### ", "    #", " ### ", "#    ", "#####"}},
	{'3', {"#### ", "    #", " ### ", "    #", "#### "}},
	{'4', {"#   #", "#   #", "#####", "    #", "    #"}},
	{'5', {"#####", "#    ", "#### ", "    #", "#### "}},
	{'6', {" ### ", "#    ", "#### ", "#   #", " ### "}},
	{'7', {"#####", "    #", "   # ", "  #  ", "  #  "}},
	{'8', {" ### ", "#   #", " ### ", "#   #", " ### "}},
	{'9', {" ### ", "#   #", " ####", "    #", " ### "}},
	{'A', {" ### ", "#   #", "#####", "#   #", "#   #"}},
	{'B', {"#### ", "#   #", "#### ", "#   #", "#### "}},
	{'C', {" ####", "#    ", "#    ", "#    ", " ####"}},
	{'D', {"#### ", "#   #", "#   #", "#   #", "#### "}},
	{'E', {"#####", "#    ", "#### ", "#    ", "#####"}},
	{'F', {"#####", "#    ", "#### ", "#    ", "#    "}},
	{'G', {" ####", "#    ", "#  ##", "#   #", " ####"}},
	{'H', {"#   #", "#   #", "#####", "#   #", "#   #"}},
	{'I', {"#####", "  #  ", "  #  ", "  #  ", "#####"}},
	{'J', {"#####", "   # ", "   # ", "#  # ", " ##  "}},
	{'K', {"#   #", "#  # ", "###  ", "#  # ", "#   #"}},
	{'L', {"#    ", "#    ", "#    ", "#    ", "#####"}},
	{'M', {"#   #", "## ##", "# # #", "#   #", "#   #"}},
	{'N', {"#   #", "##  #", "# # #", "#  ##", "#   #"}},
	{'O', {" ### ", "#   #", "#   #", "#   #", " ### "}},
	{'P', {"#### ", "#   #", "#### ", "#    ", "#    "}},
	{'Q', {" ### ", "#   #", "# # #", "#  # ", " ## #"}},
	{'R', {"#### ", "#   #", "#### ", "#  # ", "#   #"}},
	{'S', {" ####", "#    ", " ### ", "    #", "#### "}},
	{'T', {"#####", "  #  ", "  #  ", "  #  ", "  #  "}},
	{'U', {"#   #", "#   #", "#   #", "#   #", " ### "}},
	{'V', {"#   #", "#   #", "#   #", " # # ", "  #  "}},
	{'W', {"#   #", "#   #", "# # #", "## ##", "#   #"}},
	{'X', {"#   #", " # # ", "  #  ", " # # ", "#   #"}},
	{'Y', {"#   #", " # # ", "  #  ", "  #  ", "  #  "}},
	{'Z', {"#####", "   # ", "  #  ", " #   ", "#####"}},
	{'-', {"     ", "     ", "#####", "     ", "     "}},
	{':', {"     ", "  #  ", "     ", "  #  ", "     "}},
	{'>', {"  #  ", "   # ", "#####", "   # ", "  #  "}},
};

static const char *glyph_row(char ch, int row)
{
	char up = (char)toupper((unsigned char)ch);
	for (size_t i = 0; i < sizeof font / sizeof font[0]; i++)
		if (font[i].ch == up)
			return font[i].rows[row];
	return "     ";
}

int big_width(const char *text)
{
	size_t n = strlen(text);
	return n ? (int)n * (BIG_GLYPH + 1) - 1 : 0;
}

void big_row(const char *text, int row, const char *ink, char *buf, size_t bufsz)
{
	size_t o = 0, inklen = strlen(ink);
	if (!bufsz)
		return;
	buf[0] = '\0';
	if (row < 0 || row >= BIG_ROWS)
		return;
	for (const char *p = text; *p; p++) {
		const char *g = glyph_row(*p, row);
		for (int c = 0; c <= BIG_GLYPH; c++) {
			bool lit = c < BIG_GLYPH && g[c] == '#';
			size_t need = lit ? inklen : 1;
			if (p[1] == '\0' && c == BIG_GLYPH)
				break;   /* no gap after the last glyph */
			if (o + need >= bufsz) {
				buf[o] = '\0';
				return;
			}
			memcpy(buf + o, lit ? ink : " ", need);
			o += need;
		}
	}
	buf[o] = '\0';
}

/* ---- curses ---------------------------------------------------------------------- */

volatile int qs_stop;

static void on_stop(int sig)
{
	(void)sig;
	qs_stop = 1;
}

int qs_begin(struct qs_term *t, int delay_ms)
{
	memset(t, 0, sizeof *t);
	const char *cs = nl_langinfo(CODESET);
	t->utf8 = cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
	t->own = stdscr == NULL || isendwin();
	if (t->own) {
		/* newterm, not initscr: an unknown TERM is an error to report,
		 * not an exit. */
		if (!(t->scr = newterm(NULL, stdout, stdin)))
			return -1;
		raw();
		noecho();
		nonl();
		keypad(stdscr, TRUE);
		struct sigaction sa = {0};
		sa.sa_handler = on_stop;
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGHUP, &sa, NULL);
		qs_stop = 0;
	}
	t->delay = wgetdelay(stdscr);
	t->cursor = curs_set(0);
	timeout(delay_ms);
	return 0;
}

void qs_end(struct qs_term *t)
{
	timeout(t->delay);
	if (t->cursor != ERR)
		curs_set(t->cursor);
	if (t->own) {
		erase();
		refresh();
		endwin();
		delscreen((SCREEN *)t->scr);
		t->scr = NULL;
	} else {
		clear();
	}
}

const char *qs_ink(const struct qs_term *t)
{
	return t->utf8 ? "\u2588" : "#";
}

/* s as wide characters (ASCII rendering first on a non-UTF-8 terminal);
 * returns how many, 0 on failure. */
static size_t to_wide(const struct qs_term *t, const char *s, wchar_t *w, size_t cap)
{
	char *a = t->utf8 ? NULL : draw_ascii(s);
	size_t n = mbstowcs(w, a ? a : s, cap - 1);
	free(a);
	if (n == (size_t)-1)
		return 0;
	w[n] = L'\0';
	return n;
}

int qs_width(const struct qs_term *t, const char *s)
{
	wchar_t w[512];
	size_t n = to_wide(t, s, w, sizeof w / sizeof w[0]);
	int cols = 0;
	for (size_t i = 0; i < n; i++) {
		int cw = wcwidth(w[i]);
		cols += cw < 0 ? 1 : cw;
	}
	return cols;
}

void qs_put(const struct qs_term *t, int y, int x, int w, const char *s)
{
	if (w <= 0 || y < 0 || y >= LINES || x >= COLS)
		return;
	if (x + w > COLS)
		w = COLS - x;
	wchar_t wide[512];
	size_t n = to_wide(t, s, wide, sizeof wide / sizeof wide[0]), k = 0;
	int used = 0;
	for (; k < n; k++) {
		int cw = wcwidth(wide[k]);
		cw = cw < 0 ? 1 : cw;
		if (used + cw > w)
			break;
		used += cw;
	}
	if (k)
		mvaddnwstr(y, x, wide, (int)k);
}

void qs_putf(const struct qs_term *t, int y, int x, int w, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	qs_put(t, y, x, w, buf);
}

void qs_rule(const struct qs_term *t, int y, const char *title)
{
	const char *dash = t->utf8 ? "\u2500" : "-";
	move(y, 0);
	for (int x = 0; x < COLS; x++)
		addstr(dash);
	if (title && *title) {
		char buf[300];
		snprintf(buf, sizeof buf, " %s ", title);
		qs_put(t, y, 2, COLS - 4, buf);
	}
}

int64_t qs_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
