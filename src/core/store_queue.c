/*
 * Queue rows: services, counters, tickets, today's snapshot, and the
 * dossier counts of the supervisor dashboard. Only reads and writes; the
 * rules (who may, what follows what, transactions) live in queue.c and
 * dashboard.c. The call is one UPDATE whose WHERE re-checks the state, so
 * even outside a transaction a ticket could not be called twice.
 */
#include "store_internal.h"
#include "store_ops.h"

#include <stdlib.h>
#include <string.h>

#define TICKET_COLUMNS \
	"t.id, t.ticket, t.service, coalesce(s.name, ''), t.day, t.number, t.state," \
	" coalesce(t.counter, 0), t.issued_at, coalesce(t.called_at, '')," \
	" coalesce(t.served_at, ''), coalesce(t.done_at, ''), t.recalls," \
	" coalesce(t.dossier_code, ''), coalesce(t.transferred_to, 0)"
#define TICKET_FROM " FROM queue_tickets t LEFT JOIN queue_services s ON s.code = t.service"

static void read_ticket(sqlite3_stmt *st, mc_ticket *t)
{
	memset(t, 0, sizeof *t);
	t->id = sqlite3_column_int64(st, 0);
	store_col_copy(st, 1, t->ticket, sizeof t->ticket);
	store_col_copy(st, 2, t->service, sizeof t->service);
	store_col_copy(st, 3, t->service_name, sizeof t->service_name);
	store_col_copy(st, 4, t->day, sizeof t->day);
	t->number = sqlite3_column_int(st, 5);
	char buf[16];
	store_col_copy(st, 6, buf, sizeof buf);
	mc_ticket_state_parse(buf, &t->state);
	t->counter = sqlite3_column_int(st, 7);
	store_col_copy(st, 8, t->issued_at, sizeof t->issued_at);
	store_col_copy(st, 9, t->called_at, sizeof t->called_at);
	store_col_copy(st, 10, t->served_at, sizeof t->served_at);
	store_col_copy(st, 11, t->done_at, sizeof t->done_at);
	t->recalls = sqlite3_column_int(st, 12);
	store_col_copy(st, 13, t->dossier_code, sizeof t->dossier_code);
	t->transferred_to = sqlite3_column_int(st, 14);
}

/* Step a one-row query: MC_OK with the row ready, MC_EEMPTY when none. */
static mc_status step_row(mc_store *s, sqlite3_stmt *st, const char *what, mc_error *err)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return MC_OK;
	store_done(st);
	return rc == SQLITE_DONE ? MC_EEMPTY : store_fail(s, what, err);
}

/* ---- services ---------------------------------------------------------------- */

static void read_service(sqlite3_stmt *st, mc_queue_service *v)
{
	memset(v, 0, sizeof *v);
	store_col_copy(st, 0, v->code, sizeof v->code);
	store_col_copy(st, 1, v->name, sizeof v->name);
	store_col_copy(st, 2, v->fields, sizeof v->fields);
	v->active = sqlite3_column_int(st, 3) != 0;
}

mc_status store_queue_service_put(mc_store *s, const mc_queue_service *svc, mc_error *err)
{
	static const char sql[] =
		"INSERT INTO queue_services(code, name, fields, active) VALUES(?1, ?2, ?3, ?4)"
		" ON CONFLICT(code) DO UPDATE SET name = ?2, fields = ?3, active = ?4";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, svc->code);
	store_bind_text(st, 2, svc->name);
	store_bind_text(st, 3, svc->fields);
	sqlite3_bind_int(st, 4, svc->active);
	return store_exec(s, st, "saving the queue service", err);
}

mc_status store_queue_service_get(mc_store *s, const char *code, mc_queue_service *out,
				  mc_error *err)
{
	static const char sql[] =
		"SELECT code, name, fields, active FROM queue_services WHERE code = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, code);
	mc_status r = step_row(s, st, "reading a queue service", err);
	if (r == MC_OK) {
		read_service(st, out);
		store_done(st);
	}
	return r;
}

mc_status store_queue_service_each(mc_store *s, mc_queue_service_cb cb, void *ctx,
				   mc_error *err)
{
	static const char sql[] =
		"SELECT code, name, fields, active FROM queue_services ORDER BY code";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		mc_queue_service v;
		read_service(st, &v);
		if (cb(&v, ctx))
			break;
	}
	store_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, "listing the queue services", err);
	return MC_OK;
}

/* ---- counters ---------------------------------------------------------------- */

static void read_counter(sqlite3_stmt *st, mc_counter *c)
{
	memset(c, 0, sizeof *c);
	c->number = sqlite3_column_int(st, 0);
	store_col_copy(st, 1, c->name, sizeof c->name);
	store_col_copy(st, 2, c->services, sizeof c->services);
	char buf[16];
	store_col_copy(st, 3, buf, sizeof buf);
	mc_counter_state_parse(buf, &c->state);
}

mc_status store_queue_counter_put(mc_store *s, const mc_counter *c, mc_error *err)
{
	static const char sql[] =
		"INSERT INTO counters(number, name, services, state) VALUES(?1, ?2, ?3, ?4)"
		" ON CONFLICT(number) DO UPDATE SET name = ?2, services = ?3";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	sqlite3_bind_int(st, 1, c->number);
	store_bind_text(st, 2, c->name);
	store_bind_text(st, 3, c->services);
	store_bind_text(st, 4, mc_counter_state_key(c->state));
	return store_exec(s, st, "saving the counter", err);
}

mc_status store_queue_counter_get(mc_store *s, int number, mc_counter *out, mc_error *err)
{
	static const char sql[] =
		"SELECT number, name, services, state FROM counters WHERE number = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	sqlite3_bind_int(st, 1, number);
	mc_status r = step_row(s, st, "reading a counter", err);
	if (r == MC_OK) {
		read_counter(st, out);
		store_done(st);
	}
	return r;
}

mc_status store_queue_counter_each(mc_store *s, mc_counter_cb cb, void *ctx, mc_error *err)
{
	static const char sql[] =
		"SELECT number, name, services, state FROM counters ORDER BY number";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		mc_counter c;
		read_counter(st, &c);
		if (cb(&c, ctx))
			break;
	}
	store_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, "listing the counters", err);
	return MC_OK;
}

mc_status store_queue_counter_state(mc_store *s, int number, mc_counter_state state,
				    mc_error *err)
{
	static const char sql[] = "UPDATE counters SET state = ?2 WHERE number = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	sqlite3_bind_int(st, 1, number);
	store_bind_text(st, 2, mc_counter_state_key(state));
	return store_exec(s, st, "changing the counter's state", err);
}

/* ---- tickets ------------------------------------------------------------------ */

mc_status store_queue_ticket_insert(mc_store *s, const char *service, const char *day,
				    const char *at, mc_ticket *out, mc_error *err)
{
	static const char sql[] =
		"INSERT INTO queue_tickets(service, day, number, ticket, state, issued_at)"
		" SELECT ?1, ?2, n, ?1 || printf('%03d', n), 'waiting', ?3 FROM"
		" (SELECT coalesce(max(number), 0) + 1 AS n FROM queue_tickets"
		"  WHERE service = ?1 AND day = ?2)"
		" RETURNING id";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, service);
	store_bind_text(st, 2, day);
	store_bind_text(st, 3, at);
	mc_status r = step_row(s, st, "issuing a ticket", err);
	if (r == MC_EEMPTY)
		return mc_error_set(err, MC_ESYS, "issuing a ticket: no row was written");
	if (r != MC_OK)
		return r;
	int64_t id = sqlite3_column_int64(st, 0);
	/* RETURNING rows are written when the statement finishes. */
	int rc = sqlite3_step(st);
	store_done(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "issuing a ticket", err);
	return store_queue_ticket_by_id(s, id, out, err);
}

mc_status store_queue_waiting_before(mc_store *s, const mc_ticket *t, int *n, mc_error *err)
{
	static const char sql[] =
		"SELECT count(*) FROM queue_tickets WHERE day = ?1 AND state = 'waiting'"
		" AND service = ?2 AND transferred_to IS NULL AND id < ?3";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, t->day);
	store_bind_text(st, 2, t->service);
	sqlite3_bind_int64(st, 3, t->id);
	mc_status r = step_row(s, st, "counting the people waiting", err);
	*n = 0;
	if (r == MC_OK) {
		*n = sqlite3_column_int(st, 0);
		store_done(st);
	}
	return r == MC_EEMPTY ? MC_OK : r;
}

mc_status store_queue_finish_current(mc_store *s, int counter, const char *at, mc_error *err)
{
	static const char sql[] =
		"UPDATE queue_tickets SET state = 'done', served_at = coalesce(served_at, ?2),"
		" done_at = ?2 WHERE counter = ?1 AND state IN ('called', 'serving')";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	sqlite3_bind_int(st, 1, counter);
	store_bind_text(st, 2, at);
	return store_exec(s, st, "finishing the current ticket", err);
}

mc_status store_queue_pick(mc_store *s, int counter, const char *day, const char *at,
			   int64_t *id, mc_error *err)
{
	/* Transferred to this counter first, then the oldest waiting ticket of
	 * one of its services. The outer state check makes the UPDATE a no-op
	 * for a ticket someone else called, whatever the isolation. */
	static const char sql[] =
		"UPDATE queue_tickets SET state = 'called', counter = ?1, called_at = ?3,"
		" served_at = NULL, done_at = NULL"
		" WHERE state = 'waiting' AND id = ("
		"  SELECT t.id FROM queue_tickets t, counters c"
		"  WHERE c.number = ?1 AND t.day = ?2 AND t.state = 'waiting'"
		"  AND (t.transferred_to = ?1 OR (t.transferred_to IS NULL AND"
		"       instr(',' || replace(c.services, ' ', '') || ',', ',' || t.service || ',') > 0))"
		"  ORDER BY t.transferred_to IS NULL, t.issued_at, t.id LIMIT 1)"
		" RETURNING id";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	sqlite3_bind_int(st, 1, counter);
	store_bind_text(st, 2, day);
	store_bind_text(st, 3, at);
	mc_status r = step_row(s, st, "calling the next ticket", err);
	if (r != MC_OK)
		return r;
	*id = sqlite3_column_int64(st, 0);
	int rc = sqlite3_step(st);
	store_done(st);
	return rc == SQLITE_DONE ? MC_OK : store_fail(s, "calling the next ticket", err);
}

mc_status store_queue_current(mc_store *s, int counter, const char *day, mc_ticket *out,
			      mc_error *err)
{
	static const char sql[] =
		"SELECT " TICKET_COLUMNS TICKET_FROM
		" WHERE t.counter = ?1 AND t.state IN ('called', 'serving') AND t.day = ?2"
		" ORDER BY t.called_at DESC, t.id DESC LIMIT 1";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	sqlite3_bind_int(st, 1, counter);
	store_bind_text(st, 2, day);
	mc_status r = step_row(s, st, "reading the counter's ticket", err);
	if (r == MC_OK) {
		read_ticket(st, out);
		store_done(st);
	}
	return r;
}

mc_status store_queue_ticket_by_id(mc_store *s, int64_t id, mc_ticket *out, mc_error *err)
{
	static const char sql[] = "SELECT " TICKET_COLUMNS TICKET_FROM " WHERE t.id = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	sqlite3_bind_int64(st, 1, id);
	mc_status r = step_row(s, st, "reading a ticket", err);
	if (r == MC_EEMPTY)
		return mc_error_set(err, MC_EDATA, "ticket #%lld does not exist", (long long)id);
	if (r == MC_OK) {
		read_ticket(st, out);
		store_done(st);
	}
	return r;
}

mc_status store_queue_ticket_by_text(mc_store *s, const char *ticket, const char *day,
				     mc_ticket *out, mc_error *err)
{
	static const char sql[] =
		"SELECT " TICKET_COLUMNS TICKET_FROM " WHERE t.ticket = ?1 AND t.day = ?2";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, ticket);
	store_bind_text(st, 2, day);
	mc_status r = step_row(s, st, "reading a ticket", err);
	if (r == MC_OK) {
		read_ticket(st, out);
		store_done(st);
	}
	return r;
}

static void bind_opt(sqlite3_stmt *st, int i, const char *v)
{
	store_bind_text(st, i, v && *v ? v : NULL);
}

mc_status store_queue_ticket_update(mc_store *s, const mc_ticket *t, mc_error *err)
{
	static const char sql[] =
		"UPDATE queue_tickets SET state = ?2, counter = ?3, called_at = ?4,"
		" served_at = ?5, done_at = ?6, recalls = ?7, dossier_code = ?8,"
		" transferred_to = ?9 WHERE id = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	sqlite3_bind_int64(st, 1, t->id);
	store_bind_text(st, 2, mc_ticket_state_key(t->state));
	if (t->counter > 0)
		sqlite3_bind_int(st, 3, t->counter);
	bind_opt(st, 4, t->called_at);
	bind_opt(st, 5, t->served_at);
	bind_opt(st, 6, t->done_at);
	sqlite3_bind_int(st, 7, t->recalls);
	bind_opt(st, 8, t->dossier_code);
	if (t->transferred_to > 0)
		sqlite3_bind_int(st, 9, t->transferred_to);
	return store_exec(s, st, "saving the ticket", err);
}

mc_status store_queue_dossier_exists(mc_store *s, const char *code, bool *exists,
				     mc_error *err)
{
	static const char sql[] = "SELECT 1 FROM dossiers WHERE code = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, code);
	mc_status r = step_row(s, st, "looking up the dossier", err);
	*exists = r == MC_OK;
	if (r == MC_OK)
		store_done(st);
	return r == MC_EEMPTY ? MC_OK : r;
}

mc_status store_data_version(mc_store *s, int64_t *out, mc_error *err)
{
	static const char sql[] = "PRAGMA data_version";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	mc_status r = step_row(s, st, "reading the database's change counter", err);
	*out = 0;
	if (r == MC_OK) {
		*out = sqlite3_column_int64(st, 0);
		store_done(st);
	}
	return r == MC_EEMPTY ? MC_OK : r;
}

/* ---- today's snapshot ------------------------------------------------------- */

/* A read transaction (unless the caller has one), so that the counts of a
 * snapshot agree with each other while clerks keep writing. */
static bool read_begin(mc_store *s)
{
	/* On a hub (no SQLite handle) the first statement says it is not done. */
	if (!s->db || !sqlite3_get_autocommit(s->db))
		return false;
	static const char sql[] = "BEGIN DEFERRED";
	sqlite3_stmt *st = store_stmt(s, sql, NULL);
	return st && store_exec(s, st, "starting a read", NULL) == MC_OK;
}

static void read_end(mc_store *s, bool began)
{
	if (!began)
		return;
	static const char sql[] = "COMMIT";
	sqlite3_stmt *st = store_stmt(s, sql, NULL);
	if (!st || store_exec(s, st, "ending a read", NULL) != MC_OK)
		mc_store_rollback(s);
}

static int snap_service(const mc_queue_service *v, void *ctx)
{
	mc_queue_snapshot *o = ctx;
	if (o->nservices >= MC_QUEUE_MAX_SERVICES)
		return 1;
	o->services[o->nservices++].service = *v;
	return 0;
}

static mc_queue_service_view *snap_find(mc_queue_snapshot *o, const char *code)
{
	for (int i = 0; i < o->nservices; i++)
		if (strcmp(o->services[i].service.code, code) == 0)
			return &o->services[i];
	return NULL;
}

static mc_status snap_counts(mc_store *s, const char *day, mc_queue_snapshot *o, mc_error *err)
{
	static const char sql[] =
		"SELECT service, state, count(*) FROM queue_tickets WHERE day = ?1"
		" GROUP BY service, state";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, day);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char code[4], state[16];
		store_col_copy(st, 0, code, sizeof code);
		store_col_copy(st, 1, state, sizeof state);
		int n = sqlite3_column_int(st, 2);
		mc_ticket_state ts = MC_TICKET_WAITING;
		mc_ticket_state_parse(state, &ts);
		o->issued += n;
		if (ts == MC_TICKET_WAITING)
			o->waiting += n;
		else if (ts == MC_TICKET_DONE)
			o->served += n;
		mc_queue_service_view *v = snap_find(o, code);
		if (!v)
			continue;
		v->issued += n;
		switch (ts) {
		case MC_TICKET_WAITING: v->waiting += n; break;
		case MC_TICKET_CALLED:
		case MC_TICKET_SERVING: v->called += n; break;
		case MC_TICKET_DONE: v->done += n; break;
		case MC_TICKET_SKIPPED: v->skipped += n; break;
		}
	}
	store_done(st);
	return rc == SQLITE_DONE ? MC_OK : store_fail(s, "counting today's tickets", err);
}

static mc_status snap_waits(mc_store *s, const char *day, const char *as_of,
			    mc_queue_snapshot *o, mc_error *err)
{
	/* Times are whole minutes ('YYYY-MM-DD HH:MM'): round away the
	 * floating-point noise of julianday; a clock set back gives 0, not a
	 * negative wait. */
	static const char sql[] =
		"SELECT"
		" (SELECT avg(max(0, round((julianday(?2) - julianday(issued_at)) * 1440)))"
		"  FROM queue_tickets WHERE day = ?1 AND state = 'waiting'),"
		" (SELECT ticket FROM queue_tickets"
		"  WHERE day = ?1 AND state = 'waiting' ORDER BY issued_at, id LIMIT 1),"
		" (SELECT max(round((julianday(?2) - julianday(issued_at)) * 1440))"
		"  FROM queue_tickets WHERE day = ?1 AND state = 'waiting'),"
		" (SELECT avg(max(0, round((julianday(called_at) - julianday(issued_at)) * 1440)))"
		"  FROM queue_tickets WHERE day = ?1 AND called_at IS NOT NULL),"
		" (SELECT avg(max(0, round((julianday(done_at) - julianday(called_at)) * 1440)))"
		"  FROM queue_tickets WHERE day = ?1 AND state = 'done' AND called_at IS NOT NULL)";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, day);
	store_bind_text(st, 2, as_of);
	mc_status r = step_row(s, st, "measuring the waits", err);
	if (r != MC_OK)
		return r == MC_EEMPTY ? MC_OK : r;
	o->avg_wait = sqlite3_column_double(st, 0);
	store_col_copy(st, 1, o->longest_ticket, sizeof o->longest_ticket);
	o->longest_wait = sqlite3_column_int(st, 2);
	if (o->longest_wait < 0)
		o->longest_wait = 0;
	o->avg_wait_called = sqlite3_column_double(st, 3);
	o->avg_service = sqlite3_column_double(st, 4);
	store_done(st);
	return MC_OK;
}

static mc_status snap_counters(mc_store *s, const char *day, mc_queue_snapshot *o,
			       mc_error *err)
{
	static const char sql[] =
		"SELECT c.number, c.name, c.services, c.state,"
		" (SELECT count(*) FROM queue_tickets t"
		"  WHERE t.counter = c.number AND t.state = 'done' AND t.day = ?1)"
		" FROM counters c ORDER BY c.number";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, day);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && o->ncounters < MC_QUEUE_MAX_COUNTERS) {
		mc_queue_counter_view *v = &o->counters[o->ncounters++];
		read_counter(st, &v->counter);
		v->served = sqlite3_column_int(st, 4);
	}
	store_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, "listing the counters", err);
	for (int i = 0; i < o->ncounters; i++) {
		mc_queue_counter_view *v = &o->counters[i];
		mc_ticket t;
		mc_status r = store_queue_current(s, v->counter.number, day, &t, err);
		if (r == MC_EEMPTY)
			continue;
		if (r != MC_OK)
			return r;
		v->has_ticket = true;
		v->ticket_id = t.id;
		snprintf(v->ticket, sizeof v->ticket, "%s", t.ticket);
		v->ticket_state = t.state;
		snprintf(v->called_at, sizeof v->called_at, "%s", t.called_at);
		v->recalls = t.recalls;
	}
	return MC_OK;
}

mc_status store_queue_snapshot(mc_store *s, const char *day, const char *as_of,
			       mc_queue_snapshot *out, mc_error *err)
{
	memset(out, 0, sizeof *out);
	snprintf(out->day, sizeof out->day, "%s", day);
	snprintf(out->as_of, sizeof out->as_of, "%s", as_of);
	bool began = read_begin(s);
	mc_status r = store_queue_service_each(s, snap_service, out, err);
	if (r == MC_OK)
		r = snap_counts(s, day, out, err);
	if (r == MC_OK)
		r = snap_waits(s, day, as_of, out, err);
	if (r == MC_OK)
		r = snap_counters(s, day, out, err);
	read_end(s, began);
	return r;
}

/* ---- supervisor dashboard: open dossiers by department ------------------------ */

mc_status store_dashboard_dossiers(mc_store *s, const char *now, const char *day_end,
				   store_dash_cb cb, void *ctx, mc_error *err)
{
	/* Due today = still ahead today (due_at in [now, end of day)); overdue
	 * = due_at before now; both among dossiers whose clock runs. Each part
	 * is a range of the (status, due_at) index, so open dossiers due on
	 * later days are never read. */
	static const char sql[] =
		"SELECT coalesce(nullif(x.dep, ''), p.field, '') AS dept,"
		" sum(x.k = 1), sum(x.k = 2), sum(x.k = 3), sum(x.k = 4) FROM ("
		"  SELECT procedure_id AS pid, department AS dep, 1 AS k FROM dossiers"
		"  WHERE status IN ('accepted', 'processing') AND due_at >= ?1 AND due_at < ?2"
		"  UNION ALL SELECT procedure_id, department, 2 FROM dossiers"
		"  WHERE status IN ('accepted', 'processing') AND due_at < ?1"
		"  UNION ALL SELECT procedure_id, department, 3 FROM dossiers WHERE status = 'ready'"
		"  UNION ALL SELECT procedure_id, department, 4 FROM dossiers"
		"  WHERE status IN ('supplement', 'fees')"
		" ) x LEFT JOIN procedures p ON p.id = x.pid GROUP BY dept ORDER BY dept";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, now);
	store_bind_text(st, 2, day_end);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char dept[128];
		store_col_copy(st, 0, dept, sizeof dept);
		if (cb(dept, sqlite3_column_int(st, 1), sqlite3_column_int(st, 2),
		       sqlite3_column_int(st, 3), sqlite3_column_int(st, 4), ctx))
			break;
	}
	store_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, "counting the open dossiers", err);
	return MC_OK;
}
