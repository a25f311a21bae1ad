/* The progress hook (see include/motcua/progress.h). */
#include "motcua/progress.h"

#include <stddef.h>

static mc_progress_fn hook;
static void *hook_ctx;

void mc_progress_set(mc_progress_fn fn, void *ctx)
{
	hook = fn;
	hook_ctx = ctx;
}

bool mc_progress_on(void)
{
	return hook != NULL;
}

void mc_progress(const char *what, uint64_t done, uint64_t total)
{
	if (hook)
		hook(what, done, total, hook_ctx);
}
