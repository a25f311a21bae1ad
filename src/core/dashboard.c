/*
 * The supervisor dashboard's figures (include/motcua/dashboard.h): the
 * queue snapshot plus the open dossiers counted by department. Read-only;
 * the SQL is in store_queue.c.
 */
#include "motcua/dashboard.h"

#include "motcua/auth.h"
#include "motcua/calendar.h"
#include "store_ops.h"

#include <string.h>

static void add_to(mc_dashboard_dept *d, int due, int overdue, int ready, int paused)
{
	d->due_today += due;
	d->overdue += overdue;
	d->ready += ready;
	d->paused += paused;
}

static int on_dept(const char *name, int due, int overdue, int ready, int paused, void *ctx)
{
	mc_dashboard *o = ctx;
	add_to(&o->total, due, overdue, ready, paused);
	mc_dashboard_dept *d;
	if (o->ndepts < MC_DASH_MAX_DEPTS - 1) {
		d = &o->depts[o->ndepts++];
		snprintf(d->name, sizeof d->name, "%s", name);
	} else {
		/* The last row gathers whatever does not fit. */
		d = &o->depts[MC_DASH_MAX_DEPTS - 1];
		if (o->ndepts < MC_DASH_MAX_DEPTS) {
			o->ndepts = MC_DASH_MAX_DEPTS;
			snprintf(d->name, sizeof d->name, "…");
		}
	}
	add_to(d, due, overdue, ready, paused);
	return 0;
}

mc_status mc_dashboard_read(mc_store *store, int64_t as_of, mc_dashboard *out, mc_error *err)
{
	if (mc_auth_require(store, MC_ROLE_SUPERVISOR, "open the supervisor dashboard", err))
		return MC_EDATA;
	memset(out, 0, sizeof *out);
	mc_time_format(as_of, out->as_of);
	mc_status r = mc_queue_snapshot_read(store, as_of, &out->queue, err);
	if (r != MC_OK)
		return r;
	char day_end[17];
	mc_time_format(((int64_t)mc_time_day(as_of) + 1) * 1440, day_end);
	return store_dashboard_dossiers(store, out->as_of, day_end, on_dept, out, err);
}
