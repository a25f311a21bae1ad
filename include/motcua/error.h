/*
 * Errors are values: every core call that can fail returns an mc_status and
 * fills an mc_error with a message a clerk or admin can act on (what is
 * wrong and where). The status doubles as the process exit code, so the CLI
 * never has to translate: 0 ok, 1 usage, 2 data error, 3 nothing to do
 * (e.g. no ticket waiting), 4 system error (I/O, disk full, locked file).
 */
#ifndef MOTCUA_ERROR_H
#define MOTCUA_ERROR_H

#include <stddef.h>

typedef enum mc_status {
	MC_OK = 0,
	MC_EUSAGE = 1,    /* bad command line or call */
	MC_EDATA = 2,     /* bad input data, illegal step, not found */
	MC_EEMPTY = 3,    /* nothing to do: queue empty and the like */
	MC_ESYS = 4,      /* I/O, SQLite, out of memory */
} mc_status;

typedef struct mc_error {
	mc_status code;
	char msg[512];
} mc_error;

/* Record an error (printf-style) and return its code; err may be NULL. */
mc_status mc_error_set(mc_error *err, mc_status code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefix the existing message with "prefix: " (adds context on the way up)
 * and return its code; with err NULL it returns MC_EDATA, since it is only
 * called on a failure path. */
mc_status mc_error_prefix(mc_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Reset to MC_OK with an empty message. */
void mc_error_clear(mc_error *err);

#endif
