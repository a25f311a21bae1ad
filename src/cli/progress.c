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
			fputs("\r\033[K", stderr);
		p->what[0] = '\0';
		return;
	}
	double spent = t - p->start;
	if (spent < p->after || t - p->last < 0.2)
		return;
	p->last = t;
	p->shown = true;
	long left = done ? (long)(spent * (double)(total - done) / (double)done + 0.5) : 0;
	fprintf(stderr, "\r\033[K%s: %3d%%", _(what), (int)(100 * done / total));
	if (done)
		fprintf(stderr, _(", about %ld:%02ld left"), left / 60, left % 60);
	fflush(stderr);
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
