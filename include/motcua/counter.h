/*
 * The counter's day (issue 13 §2): the supervisor's lists of dossiers
 * overdue and due soon, a clerk's own dossiers of a day, and the hand-over
 * list of the dossiers a clerk passed to the departments, printed for
 * signatures.
 */
#ifndef MOTCUA_COUNTER_H
#define MOTCUA_COUNTER_H

#include <stdint.h>
#include <stdio.h>

#include "motcua/dossier.h"
#include "motcua/print.h"

/* One dossier of a watch list: working minutes left (negative: overdue)
 * as of the moment asked, and the length of a working day to speak in
 * days. */
typedef struct mc_due_row {
	const mc_dossier *d;
	int64_t minutes;
	int day_minutes;
} mc_due_row;

typedef int (*mc_due_cb)(const mc_due_row *w, void *ctx);

/* Open dossiers whose clock runs (accepted, processing) or paused after
 * the appointment: overdue ones (soon_days < 0), most overdue first; or
 * those due within soon_days working days from as_of and not yet overdue
 * (soon_days >= 0), soonest first. At most limit (0: 500). */
mc_status mc_counter_watch(mc_store *store, int64_t as_of, int soon_days, int limit,
			   mc_due_cb cb, void *ctx, mc_error *err);

/* What a user did to a dossier on a day: action is "intake", "return" or
 * "transfer" (the event's), at its time, to the department for a transfer. */
typedef struct mc_day_item {
	const mc_dossier *d;
	const char *action;
	const char *at;
	const char *to;
} mc_day_item;

typedef int (*mc_day_cb)(const mc_day_item *it, void *ctx);

/* The dossiers user took in, returned or transferred on day (YYYY-MM-DD),
 * in the order it happened. actions: a comma list among intake, return,
 * transfer (NULL: all three). Voided dossiers are left out. */
mc_status mc_counter_day(mc_store *store, const char *user, const char *day,
			 const char *actions, mc_day_cb cb, void *ctx, mc_error *err);

/* The hand-over list (Danh sách bàn giao hồ sơ) of the dossiers user
 * transferred on day, from forms/print/handover.tmpl, with signature
 * blocks; MC_EEMPTY when there was none. */
mc_status mc_print_handover(mc_store *store, const char *user, const char *day,
			    const mc_print_opts *o, FILE *out, mc_error *err);

#endif
