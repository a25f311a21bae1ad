/*
 * How far long work is. Backups, restores and the CSV imports report
 * through one process-wide hook; the command line shows it on stderr when
 * that is a terminal (src/cli/progress.c), nothing is reported otherwise.
 */
#ifndef MOTCUA_PROGRESS_H
#define MOTCUA_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

/* what: an English msgid ("backing up"); done of total units. */
typedef void (*mc_progress_fn)(const char *what, uint64_t done, uint64_t total, void *ctx);

/* Install (or with NULL remove) the reporter. */
void mc_progress_set(mc_progress_fn fn, void *ctx);

/* Whether a reporter listens (work may then go in smaller steps). */
bool mc_progress_on(void);

/* Report; a no-op without a reporter. done == total ends the work. */
void mc_progress(const char *what, uint64_t done, uint64_t total);

#endif
