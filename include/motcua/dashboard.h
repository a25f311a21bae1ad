/*
 * The supervisor dashboard's figures (F6, Giám sát; docs screens.md): the
 * queue of today (waiting tickets, average and longest wait, each
 * counter's state and served count) and the open dossiers by department
 * (due later today, overdue, waiting for return, paused). One call reads
 * everything; screens redraw from it when mc_watch reports a change.
 */
#ifndef MOTCUA_DASHBOARD_H
#define MOTCUA_DASHBOARD_H

#include <stdint.h>

#include "motcua/error.h"
#include "motcua/queue.h"
#include "motcua/store.h"

#define MC_DASH_MAX_DEPTS 24

typedef struct mc_dashboard_dept {
	char name[128];       /* the dossier's department, else its procedure's field */
	int due_today;        /* due later today (not yet late) */
	int overdue;          /* past the appointment, clock running */
	int ready;            /* result ready, waiting for return (status ready) */
	int paused;           /* supplement requested or waiting for fees */
} mc_dashboard_dept;

typedef struct mc_dashboard {
	char as_of[17];
	mc_queue_snapshot queue;
	mc_dashboard_dept total;       /* name "" */
	int ndepts;                    /* past MC_DASH_MAX_DEPTS - 1 the rest is summed */
	mc_dashboard_dept depts[MC_DASH_MAX_DEPTS];   /* into a last row named "…" */
} mc_dashboard;

/* Read the dashboard as of a time (minutes, motcua/clock.h). Supervisors
 * and admins only (MC_EDATA for a clerk). *out is about 100 KB: allocate
 * it on the heap. */
mc_status mc_dashboard_read(mc_store *store, int64_t as_of, mc_dashboard *out, mc_error *err);

#endif
