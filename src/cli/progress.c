/* Progress of long work on stderr, only when it is a terminal and the work
 * has run for a second (MOTCUA_PROGRESS_AFTER_MS changes that, for tests);
 * the line is cleared when the work ends, and the command then says what it
 * did. */
#include "cli.h"

#include "motcua/progress.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The work the core names, for the catalogs. */
static const char *const labels[] = {N_("backing up"), N_("restoring"), N_("reading")};

struct progress {
	char what[32];
	double start, last, after;
	bool shown;
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Our own line, written past stderr's filter of control characters
 * (out_filter.c): it clears itself with ESC [K, and holds no data. */
static void raw(int fd, const char *s, size_t n)
{
	fflush(stderr);
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static void report(const char *what, uint64_t done, uint64_t total, void *ctx)
{
	struct progress *p = ctx;
	double t = now_s();
	if (strcmp(what, p->what) != 0) {  /* new work */
		snprintf(p->what, sizeof p->what, "%s", what);
		p->start = t;
		p->last = 0;
		p->shown = false;
	}
	if (done >= total) {
		if (p->shown)
			raw(STDERR_FILENO, "\r\033[K", 4);
		p->what[0] = '\0';
		return;
	}
	double spent = t - p->start;
	if (spent < p->after || t - p->last < 0.2)
		return;
	p->last = t;
	p->shown = true;
	long left = done ? (long)(spent * (double)(total - done) / (double)done + 0.5) : 0;
	char line[200];
	int n = snprintf(line, sizeof line, "\r\033[K%s: %3d%%", _(what), (int)(100 * done / total));
	if (done && n > 0 && (size_t)n < sizeof line)
		n += snprintf(line + n, sizeof line - (size_t)n, _(", about %ld:%02ld left"),
			      left / 60, left % 60);
	if (n > 0)
		raw(STDERR_FILENO, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

void cli_progress_init(void)
{
	static struct progress p = {.after = 1.0};
	(void)labels;
	if (!isatty(STDERR_FILENO))
		return;
	const char *ms = getenv("MOTCUA_PROGRESS_AFTER_MS");
	if (ms && *ms)
		p.after = atof(ms) / 1000.0;
	mc_progress_set(report, &p);
}
