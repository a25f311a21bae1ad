/*
 * What the waiting-room screens (board, kiosk, dashboard) share: ticket
 * numbers in large letters made of one ink character ('#' on a VT100,
 * a full block on UTF-8 terminals), text drawn within a width on UTF-8 or
 * plain-ASCII terminals, and a curses session that each screen opens
 * itself when run from the command line or borrows from the counter TUI.
 */
#ifndef MOTCUA_TUI_BIGDIGITS_H
#define MOTCUA_TUI_BIGDIGITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Glyphs are BIG_ROWS high and BIG_GLYPH wide, followed by one blank
 * column. Digits, A-Z (either case), space, '-', ':' and '>' (an arrow);
 * anything else is drawn blank. */
#define BIG_ROWS 5
#define BIG_GLYPH 5

/* Columns that text takes in big letters (the last gap not counted). */
int big_width(const char *text);

/* Row (0..BIG_ROWS-1) of text in big letters into buf: ink for every lit
 * cell, a space otherwise. buf is always terminated; a row that does not
 * fit is cut at a cell boundary. */
void big_row(const char *text, int row, const char *ink, char *buf, size_t bufsz);

/* ---- curses helpers of the waiting-room screens ------------------------------ */

struct qs_term {
	bool own;          /* curses opened here (command line), else borrowed */
	void *scr;         /* the SCREEN opened here */
	bool utf8;         /* the terminal's codeset is UTF-8 */
	int delay;         /* the borrowed session's input delay, restored at the end */
	int cursor;
};

/* Open curses unless it is already open (then only the input delay and
 * the cursor change, and qs_end puts them back). Keys are read raw, so
 * Ctrl-C and Ctrl-Q arrive as keys; SIGTERM and SIGHUP set qs_stop.
 * Input waits at most delay_ms so the screen can look for changes.
 * Returns 0, or -1 when the terminal cannot be used. */
int qs_begin(struct qs_term *t, int delay_ms);
void qs_end(struct qs_term *t);
/* Set by SIGTERM/SIGHUP while a screen opened curses itself. */
extern volatile int qs_stop;

/* The ink of big letters on this terminal. */
const char *qs_ink(const struct qs_term *t);

/* Draw s at (y, x) within w columns, clipped at a character boundary;
 * non-UTF-8 terminals get the ASCII rendering (marks dropped). */
void qs_put(const struct qs_term *t, int y, int x, int w, const char *s);
/* Columns s takes on this terminal. */
int qs_width(const struct qs_term *t, const char *s);
/* printf then qs_put. */
void qs_putf(const struct qs_term *t, int y, int x, int w, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* A horizontal rule across row y with an optional title after two dashes. */
void qs_rule(const struct qs_term *t, int y, const char *title);
/* Milliseconds of a monotonic clock. */
int64_t qs_ms(void);

#endif
