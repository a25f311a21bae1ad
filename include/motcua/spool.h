/*
 * Printing a finished file on a CUPS queue: `lp -d QUEUE -- FILE` run with
 * an argument list (fork + execv), never through a shell, so a queue name
 * can never become a command. The queue name comes from the settings
 * receipt_printer (counter receipts) and kiosk_printer (ticket slips).
 */
#ifndef MOTCUA_SPOOL_H
#define MOTCUA_SPOOL_H

#include <stdbool.h>

#include "motcua/error.h"

/* A CUPS queue name as motcua accepts it: 1-127 bytes of [A-Za-z0-9_.-],
 * not starting with '-' (so it can never read as an option). */
bool mc_spool_queue_valid(const char *queue);

/* Send file to queue with `lp -d QUEUE -- FILE`: the program is /usr/bin/lp
 * (else lp found on a fixed system path); for tests only, and only in an
 * unprivileged process (real and effective ids equal), $MOTCUA_LP names
 * another program. lp's own output is discarded. MC_EDATA when the queue
 * name is not valid (an old setting that looks like a shell command: the
 * message says so and how to set a queue name) and nothing is run; MC_ESYS
 * when lp cannot be run or exits non-zero (the message names the queue and
 * the exit status). setting names the key it came from, for messages. */
mc_status mc_spool_print(const char *queue, const char *file, const char *setting,
			 mc_error *err);

#endif
