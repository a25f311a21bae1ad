/*
 * Drawing helpers shared by the screens: display width of UTF-8 text,
 * clipped and padded output, rules, and the theme. Text is decoded here
 * (not with the C library's multibyte functions) so that a terminal whose
 * codeset is not UTF-8 gets a plain-ASCII rendering (marks dropped, đ → d)
 * instead of garbage or a crash.
 */
#include "screen.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <wchar.h>

int u8_decode(const char *s, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	if (!p[0])
		return 0;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	int n = p[0] >= 0xf0 && p[0] < 0xf5 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc2 ? 2 : 0;
	if (n == 0 || p[0] >= 0xf5)
		return -1;
	uint32_t c = p[0] & (0x7f >> n);
	for (int i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*cp = c;
	return n;
}

void snprintf_trunc(char *buf, size_t bufsz, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, bufsz, fmt, ap);
	va_end(ap);
}

int u8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

void u8_copy(char *buf, size_t maxbytes, const char *s)
{
	if (maxbytes == 0)
		return;
	size_t n = strlen(s);
	if (n >= maxbytes) {
		n = maxbytes - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memmove(buf, s, n);
	buf[n] = '\0';
}

/* Symbols the screens use, with their ASCII stand-ins. */
static const struct {
	uint32_t cp;
	const char *ascii;
} symbols[] = {
	{0x00b7, "-"}, {0x2192, "->"}, {0x2022, "*"}, {0x2500, "-"}, {0x25b8, ">"},
	{0x2026, "..."}, {0x2191, "^"}, {0x2193, "v"}, {0x0110, "D"}, {0x0111, "d"},
	{0x2588, "#"}, {0x258c, "|"}, {0x2013, "-"}, {0x2014, "-"}, {0x201c, "\""},
	{0x201d, "\""}, {0x2018, "'"}, {0x2019, "'"}, {0x00a0, " "},
};

char *draw_ascii(const char *s)
{
	utf8proc_uint8_t *nfd = NULL;
	if (utf8proc_map((const utf8proc_uint8_t *)s, 0, &nfd,
			 UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
				 UTF8PROC_STRIPMARK) < 0) {
		nfd = NULL;
	}
	const char *src = nfd ? (const char *)nfd : s;
	size_t cap = strlen(src) * 3 + 1, o = 0;
	char *out = malloc(cap);
	if (!out) {
		free(nfd);
		return NULL;
	}
	for (const char *p = src; *p;) {
		uint32_t cp;
		int n = u8_decode(p, &cp);
		if (n <= 0) {
			out[o++] = '?';
			p++;
			continue;
		}
		p += n;
		if (cp < 0x80) {
			out[o++] = cp >= 0x20 && cp != 0x7f ? (char)cp : '?';
			continue;
		}
		const char *rep = "?";
		for (size_t i = 0; i < sizeof symbols / sizeof symbols[0]; i++)
			if (symbols[i].cp == cp)
				rep = symbols[i].ascii;
		size_t rl = strlen(rep);
		memcpy(out + o, rep, rl);
		o += rl;
	}
	out[o] = '\0';
	free(nfd);
	return out;
}

static int cp_width(uint32_t cp)
{
	int w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

int u8_width(const struct tui *t, const char *s)
{
	int w = 0;
	if (!t->utf8) {
		char *a = draw_ascii(s);
		w = a ? (int)strlen(a) : 0;
		free(a);
		return w;
	}
	for (const char *p = s; *p;) {
		uint32_t cp;
		int n = u8_decode(p, &cp);
		if (n <= 0) {
			w++;
			p++;
			continue;
		}
		w += cp_width(cp);
		p += n;
	}
	return w;
}

size_t u8_fit(const struct tui *t, const char *s, int w)
{
	int used = 0;
	const char *p = s;
	while (*p) {
		uint32_t cp;
		int n = u8_decode(p, &cp);
		int cw;
		if (n <= 0) {
			n = 1;
			cw = 1;
		} else {
			cw = t->utf8 ? cp_width(cp) : 1;
		}
		if (used + cw > w)
			break;
		used += cw;
		p += n;
	}
	return (size_t)(p - s);
}

void draw_text(const struct tui *t, WINDOW *win, int y, int x, int w, const char *s,
	       attr_t attr, bool pad)
{
	int maxy, maxx;
	getmaxyx(win, maxy, maxx);
	if (y < 0 || y >= maxy || x < 0 || x >= maxx || w <= 0)
		return;
	if (x + w > maxx)
		w = maxx - x;
	wattrset(win, (int)attr);
	wmove(win, y, x);
	int used = 0;
	char *ascii = t->utf8 ? NULL : draw_ascii(s ? s : "");
	const char *p = ascii ? ascii : (s ? s : "");
	wchar_t buf[256];
	int nb = 0;
	while (*p && used < w) {
		uint32_t cp;
		int n = u8_decode(p, &cp);
		if (n <= 0) {
			cp = '?';
			n = 1;
		}
		int cw = cp_width(cp);
		if (cp < 0x20 || cp == 0x7f || wcwidth((wchar_t)cp) < 0)
			cp = '?';
		if (used + cw > w)
			break;
		buf[nb++] = (wchar_t)cp;
		used += cw;
		p += n;
		if (nb == (int)(sizeof buf / sizeof buf[0]) - 1) {
			waddnwstr(win, buf, nb);
			nb = 0;
		}
	}
	if (nb)
		waddnwstr(win, buf, nb);
	if (pad)
		for (; used < w; used++)
			waddch(win, ' ');
	wattrset(win, A_NORMAL);
	free(ascii);
}

void draw_fmt(const struct tui *t, WINDOW *win, int y, int x, int w, attr_t attr, bool pad,
	      const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	draw_text(t, win, y, x, w, buf, attr, pad);
}

void draw_rule(const struct tui *t, int y, const char *title)
{
	if (y < 0 || y >= LINES)
		return;
	/* Unicode box characters rather than the alternate character set:
	 * what the terminal shows is then also what tmux captures. */
	const char *bar = t->utf8 ? "\u2500" : "-";
	char line[4 * 512];
	size_t o = 0, bl = strlen(bar);
	for (int i = 0; i < COLS && o + bl < sizeof line; i++, o += bl)
		memcpy(line + o, bar, bl);
	line[o] = '\0';
	int x = 0;
	if (title && *title) {
		char head[300];
		snprintf(head, sizeof head, "%s %s ", bar, title);
		draw_text(t, stdscr, y, 0, COLS, head, t->th.title, false);
		x = u8_width(t, head);
	}
	if (x < COLS)
		draw_text(t, stdscr, y, x, COLS - x, line, A_NORMAL, false);
}

void draw_box(const struct tui *t, WINDOW *win)
{
	if (!t->utf8) {
		wborder(win, '|', '|', '-', '-', '+', '+', '+', '+');
		return;
	}
	static const wchar_t chars[8] = {L'\u2502', L'\u2502', L'\u2500', L'\u2500',
					 L'\u250c', L'\u2510', L'\u2514', L'\u2518'};
	cchar_t c[8];
	for (int i = 0; i < 8; i++) {
		wchar_t w[2] = {chars[i], 0};
		setcchar(&c[i], w, A_NORMAL, 0, NULL);
	}
	wborder_set(win, &c[0], &c[1], &c[2], &c[3], &c[4], &c[5], &c[6], &c[7]);
}

void draw_theme_init(struct tui *t)
{
	struct theme mono = {
		.bar = A_REVERSE,
		.title = A_BOLD,
		.label = A_NORMAL,
		.field = A_UNDERLINE,
		/* The field being typed in is plain: each typed letter then costs
		 * one byte on the wire; its brackets show the focus instead. */
		.field_cur = A_NORMAL,
		.error = A_BOLD,
		.hint = A_NORMAL,
		.select = A_REVERSE,
		.keys = A_REVERSE,
		.bold = A_BOLD,
	};
	t->th = mono;
	t->color = has_colors() && start_color() == OK && COLORS >= 8;
	if (!t->color)
		return;
	use_default_colors();
	init_pair(1, COLOR_WHITE, COLOR_BLUE);    /* bars */
	init_pair(2, COLOR_RED, -1);              /* errors */
	init_pair(3, COLOR_BLACK, COLOR_CYAN);    /* current field, selection */
	init_pair(4, COLOR_CYAN, -1);             /* hints */
	t->th.bar = COLOR_PAIR(1);
	t->th.keys = COLOR_PAIR(1);
	t->th.error = COLOR_PAIR(2) | A_BOLD;
	t->th.select = COLOR_PAIR(3);
	t->th.hint = COLOR_PAIR(4);
}
