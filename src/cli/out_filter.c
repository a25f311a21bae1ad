/*
 * Nothing from the database reaches a terminal raw (issue 15): a name with
 * ESC, an OSC title sequence or a C1 control (U+0080-U+009F, which some
 * terminals obey like ESC) would otherwise drive the clerk's terminal. When
 * stdout or stderr is a terminal, the command-line modes write through a
 * filter that shows each such character as '?'. Files and pipes get the
 * bytes as they are (JSON escapes them, CSV is data).
 */
#include "out_filter.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

struct filter {
	int fd;
	bool keep_cr;   /* stderr: progress lines redraw with \r */
	bool lead_c2;   /* the previous write ended on the lead byte of U+0080-U+00BF */
};

static bool put(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

static ssize_t filter_write(void *cookie, const char *buf, size_t size)
{
	struct filter *f = cookie;
	char out[4096];
	size_t o = 0;
	for (size_t i = 0; i < size; i++) {
		unsigned char c = (unsigned char)buf[i];
		if (o + 2 > sizeof out) {
			if (!put(f->fd, out, o))
				return -1;
			o = 0;
		}
		if (f->lead_c2) {
			f->lead_c2 = false;
			if (c >= 0x80 && c <= 0x9f) {   /* C1 control */
				out[o++] = '?';
				continue;
			}
			out[o++] = (char)0xc2;
		}
		if (c == 0xc2) {
			f->lead_c2 = true;
			continue;
		}
		bool control = (c < 0x20 && c != '\n' && c != '\t' && !(c == '\r' && f->keep_cr)) ||
			       c == 0x7f;
		out[o++] = control ? '?' : (char)c;
	}
	return put(f->fd, out, o) ? (ssize_t)size : -1;
}

static int filter_close(void *cookie)
{
	struct filter *f = cookie;
	if (f->lead_c2)
		put(f->fd, "\xc2", 1);
	f->lead_c2 = false;
	return 0;
}

static FILE *wrap(struct filter *f, int fd, bool keep_cr, FILE *orig)
{
	if (!isatty(fd))
		return orig;
	f->fd = fd;
	f->keep_cr = keep_cr;
	f->lead_c2 = false;
	cookie_io_functions_t io = {.write = filter_write, .close = filter_close};
	FILE *s = fopencookie(f, "w", io);
	if (!s)
		return orig;
	fflush(orig);
	setvbuf(s, NULL, fd == 2 ? _IONBF : _IOLBF, 0);
	return s;
}

void cli_filter_terminal_output(void)
{
	static struct filter out, err;
	stdout = wrap(&out, STDOUT_FILENO, false, stdout);
	stderr = wrap(&err, STDERR_FILENO, true, stderr);
}
