/*
 * Sync import into the PostgreSQL hub: the flow of store_sync_apply.c (its
 * comment states the rule) with the hub's SQL. One transaction per bundle,
 * holding an advisory lock on the sending unit: bundles of different
 * offices apply side by side on their own connections, and the same
 * office's bundles one after the other (the second then meets the first
 * in sync_in and is checked against it, as on SQLite).
 */
#include "pgstore_sync_internal.h"

#include "motcua/clock.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *psync_text(sqlite3_value *v, char buf[40])
{
	if (!v)
		return NULL;
	switch (sqlite3_value_type(v)) {
	case SQLITE_INTEGER:
		snprintf(buf, 40, "%lld", (long long)sqlite3_value_int64(v));
		return buf;
	case SQLITE_FLOAT:
		sqlite3_snprintf(40, buf, "%!.15g", sqlite3_value_double(v));
		return buf;
	case SQLITE_NULL:
		return NULL;
	default:
		return (const char *)sqlite3_value_text(v);
	}
}

bool psync_same(sqlite3_value *v, const char *hub)
{
	int t = v ? sqlite3_value_type(v) : SQLITE_NULL;
	if (t == SQLITE_NULL || !hub)
		return t == SQLITE_NULL && !hub;
	if (t == SQLITE_INTEGER) {
		char *end;
		long long h = strtoll(hub, &end, 10);
		if (*hub && !*end)
			return h == sqlite3_value_int64(v);
		double d = strtod(hub, &end);
		return *hub && !*end && d == (double)sqlite3_value_int64(v);
	}
	if (t == SQLITE_FLOAT) {
		char *end;
		double d = strtod(hub, &end);
		return *hub && !*end && d == sqlite3_value_double(v);
	}
	const char *x = (const char *)sqlite3_value_text(v);
	return x && strcmp(x, hub) == 0;
}

/* The interned texts: a handful per table, never freed (their addresses
 * key prepared statements on the connection). */
static struct interned {
	char *sql;
	struct interned *next;
} *interned;
static pthread_mutex_t intern_lock = PTHREAD_MUTEX_INITIALIZER;

const char *psync_sql(sqlite3_str *q, mc_error *err)
{
	char *sql = sqlite3_str_finish(q);
	if (!sql) {
		mc_error_set(err, MC_ESYS, "out of memory");
		return NULL;
	}
	pthread_mutex_lock(&intern_lock);
	struct interned *i = interned;
	while (i && strcmp(i->sql, sql) != 0)
		i = i->next;
	if (!i && (i = malloc(sizeof *i))) {
		if ((i->sql = strdup(sql))) {
			i->next = interned;
			interned = i;
		} else {
			free(i);
			i = NULL;
		}
	}
	pthread_mutex_unlock(&intern_lock);
	sqlite3_free(sql);
	if (!i)
		mc_error_set(err, MC_ESYS, "out of memory");
	return i ? i->sql : NULL;
}

void psync_bump(struct papp *a, const char *table, const char *which)
{
	int *k = sync_count(&a->rep->counts, table, which);
	if (k)
		++*k;
}

mc_status psync_touch(struct papp *a, int64_t dossier)
{
	for (size_t i = a->ntouched; i > 0 && i + 8 > a->ntouched; i--)
		if (a->touched[i - 1] == dossier)
			return MC_OK;
	if (a->ntouched == a->captouched) {
		size_t cap = a->captouched ? a->captouched * 2 : 256;
		int64_t *n = realloc(a->touched, cap * sizeof *n);
		if (!n)
			return mc_error_set(a->err, MC_ESYS, "out of memory");
		a->touched = n;
		a->captouched = cap;
	}
	a->touched[a->ntouched++] = dossier;
	return MC_OK;
}

/* ---- mapping remote ids to natural keys ---------------------------------- */

mc_status psync_map_put(struct papp *a, const char *tbl, int64_t remote, const char *key)
{
	static const char sql[] =
		"INSERT INTO sync_map(unit, tbl, remote_id, natural_key) VALUES($1, $2, $3, $4)"
		" ON CONFLICT (unit, tbl, remote_id) DO UPDATE SET natural_key = $4";
	char r[24];
	const char *v[] = {a->unit, tbl, pg_i64(r, remote), key};
	return pg_do(a->s, sql, 4, v, "remembering a remote id", NULL, a->err);
}

mc_status psync_map_get(struct papp *a, const char *tbl, int64_t remote, char *key,
			size_t keysz)
{
	static const char sql[] =
		"SELECT natural_key FROM sync_map WHERE unit = $1 AND tbl = $2 AND remote_id = $3";
	char rb[24];
	const char *v[] = {a->unit, tbl, pg_i64(rb, remote)};
	pg_res *r = pg_run(a->s, sql, 3, v, "reading remote ids", a->err);
	if (!r)
		return MC_ESYS;
	bool found = pg_rows(r) > 0;
	if (found)
		pg_copy(r, 0, 0, key, keysz);
	pg_free(r);
	if (found)
		return MC_OK;
	return mc_error_set(a->err, MC_EDATA,
			    "bundle %lld from %s changes %s row #%lld that no earlier bundle "
			    "from it brought; import its earlier bundles first",
			    (long long)a->b->seq, a->unit, tbl, (long long)remote);
}

mc_status psync_local_row(struct papp *a, const char *parent, const char *code, int64_t *id,
			  char *unit, size_t unitsz)
{
	static const char dsql[] = "SELECT id, unit_code FROM dossiers WHERE code = $1";
	static const char psql[] = "SELECT id, '' FROM procedures WHERE code = $1";
	const char *v[] = {code};
	pg_res *r = pg_run(a->s, strcmp(parent, "dossiers") == 0 ? dsql : psql, 1, v,
			   "finding a row", a->err);
	if (!r)
		return MC_ESYS;
	*id = 0;
	if (pg_rows(r)) {
		*id = pg_int(r, 0, 0);
		if (unit)
			pg_copy(r, 0, 1, unit, unitsz);
	}
	pg_free(r);
	return MC_OK;
}

mc_status psync_parent_id(struct papp *a, const struct ltable *t, sqlite3_value *remote,
			  int64_t *out)
{
	*out = 0;
	if (!remote || sqlite3_value_type(remote) != SQLITE_INTEGER)
		return mc_error_set(a->err, MC_EDATA, "bundle %lld from %s: a %s row has no %s",
				    (long long)a->b->seq, a->unit, t->bt->name,
				    t->bt->cols[t->fk]);
	char code[64], unit[40] = "";
	mc_status r = psync_map_get(a, t->parent, sqlite3_value_int64(remote), code, sizeof code);
	if (r == MC_OK)
		r = psync_local_row(a, t->parent, code, out, unit, sizeof unit);
	if (r == MC_OK && strcmp(t->parent, "dossiers") == 0 && *out &&
	    strcmp(unit, a->unit) != 0)
		*out = 0;
	return r;
}

/* ---- the hub's side of each table ----------------------------------------- */

static mc_status ltable_load(struct papp *a, const sync_table *bt, struct ltable *t)
{
	static const char sql[] =
		"SELECT column_name FROM information_schema.columns"
		" WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position";
	memset(t, 0, sizeof *t);
	t->bt = bt;
	t->fk = -1;
	const char *v[] = {bt->name};
	pg_res *r = pg_run(a->s, sql, 1, v, "reading the table layout", a->err);
	if (!r)
		return MC_ESYS;
	for (int i = 0; i < pg_rows(r) && t->n < SYNC_MAX_COLS; i++)
		pg_copy(r, i, 0, t->cols[t->n++], sizeof t->cols[0]);
	pg_free(r);
	if (t->n == 0)
		return mc_error_set(a->err, MC_EDATA,
				    "bundle %lld from %s carries table %s, which this database "
				    "does not have (upgrade motcua here)",
				    (long long)a->b->seq, a->unit, bt->name);
	for (int i = 0; i < bt->ncols; i++) {
		t->map[i] = -1;
		for (int c = 0; c < t->n; c++)
			if (strcmp(bt->cols[i], t->cols[c]) == 0)
				t->map[i] = c;
		if (strcmp(bt->cols[i], "dossier_id") == 0 && strcmp(bt->name, "dossiers") != 0) {
			t->fk = i;
			t->parent = "dossiers";
		}
		if (strcmp(bt->cols[i], "procedure_id") == 0 && strcmp(bt->name, "dossiers") != 0) {
			t->fk = i;
			t->parent = "procedures";
		}
	}
	return MC_OK;
}

/* ---- the whole bundle ---------------------------------------------------- */

static mc_status check_sequence(struct papp *a, bool *already, int64_t *prev)
{
	static const char one[] = "SELECT sha256, applied_at FROM sync_in WHERE unit = $1 AND seq = $2";
	static const char last[] = "SELECT coalesce(max(seq), 0) FROM sync_in WHERE unit = $1";
	*already = false;
	char q[24];
	const char *v[] = {a->unit, pg_i64(q, a->b->seq)};
	pg_res *r = pg_run(a->s, one, 2, v, "reading the bundles applied", a->err);
	if (!r)
		return MC_ESYS;
	char sum[65] = "", at[20] = "";
	bool found = pg_rows(r) > 0;
	if (found) {
		pg_copy(r, 0, 0, sum, sizeof sum);
		pg_copy(r, 0, 1, at, sizeof at);
	}
	pg_free(r);
	if (found) {
		return sync_seq_known(a->b, a->unit, sum, at, already, a->err);
	}
	if (!(r = pg_run(a->s, last, 1, v, "reading the bundles applied", a->err)))
		return MC_ESYS;
	*prev = pg_int(r, 0, 0);
	pg_free(r);
	return sync_seq_next(a->b, a->unit, *prev, a->err);
}

/* One change of the bundle, to the kind of row it is (sync_walk). */
struct walk_ctx {
	struct papp *a;
	const struct ltable *lt;
};

static mc_status walk_row(void *ctx, int table, const char *name, sqlite3_changeset_iter *it,
			  int op)
{
	struct walk_ctx *w = ctx;
	const struct ltable *t = &w->lt[table];
	if (sync_is_parent(name))
		return psync_row_parent(w->a, t, it, op);
	if (strcmp(name, "dossier_events") == 0)
		return psync_row_event(w->a, t, it, op);
	return psync_row_child(w->a, t, it, op);
}

/* One walk over the changeset: parents (pass 1) or the rest (pass 2). */
static mc_status walk(struct papp *a, struct ltable *lt, int pass)
{
	struct walk_ctx w = {a, lt};
	return sync_walk(a->b, a->unit, pass, walk_row, &w, a->err);
}

/* Status = to_status of the latest status event (docs/sync.md). */
static mc_status derive_status(struct papp *a)
{
	static const char sql[] =
		"SELECT d.code, d.status, (SELECT e.to_status FROM dossier_events e"
		"  WHERE e.dossier_id = d.id AND coalesce(e.to_status, '') != ''"
		"  ORDER BY e.id DESC LIMIT 1) FROM dossiers d WHERE d.id = $1";
	static const char set[] = "UPDATE dossiers SET status = $2 WHERE id = $1";
	for (size_t i = 0; i < a->ntouched; i++) {
		char id[24];
		const char *v[] = {pg_i64(id, a->touched[i]), NULL};
		pg_res *r = pg_run(a->s, sql, 1, v, "checking dossier statuses", a->err);
		if (!r)
			return MC_ESYS;
		char code[64] = "", status[32] = "", last[32] = "";
		if (pg_rows(r)) {
			pg_copy(r, 0, 0, code, sizeof code);
			pg_copy(r, 0, 1, status, sizeof status);
			pg_copy(r, 0, 2, last, sizeof last);
		}
		pg_free(r);
		if (!last[0] || strcmp(last, status) == 0)
			continue;
		sync_report_conflict(a->rep, code,
				     "its record says %s but its history ends at %s; the history's "
				     "status was taken", status, last);
		v[1] = last;
		mc_status st = pg_do(a->s, set, 2, v, "correcting a dossier status", NULL, a->err);
		if (st != MC_OK)
			return st;
	}
	return MC_OK;
}

static mc_status record_in(struct papp *a, const char *by)
{
	static const char in[] =
		"INSERT INTO sync_in(unit, seq, kind, sha256, created_at, applied_at, applied_by,"
		" summary) VALUES($1, $2, $3, $4, $5, $6, $7, $8)";
	static const char conflict[] =
		"INSERT INTO sync_conflicts(unit, seq, subject, message) VALUES($1, $2, $3, $4)";
	char now[20], summary[512], q[24];
	mc_clock_stamp(now);
	sync_summarize(a->rep, summary, sizeof summary);
	const char *v[] = {a->unit, pg_i64(q, a->b->seq), a->b->kind, a->b->sha256,
			   a->b->created, now, by, summary};
	mc_status r = pg_do(a->s, in, 8, v, "recording the bundle", NULL, a->err);
	for (size_t i = 0; r == MC_OK && i < a->rep->nconflicts; i++) {
		const char *line = a->rep->conflicts[i], *sep = strstr(line, ": ");
		char subject[400];
		snprintf(subject, sizeof subject, "%.*s", sep ? (int)(sep - line) : (int)strlen(line),
			 line);
		const char *c[] = {a->unit, q, subject, sep ? sep + 2 : ""};
		r = pg_do(a->s, conflict, 4, c, "recording a conflict", NULL, a->err);
	}
	return r;
}

/* pgstore_sync_copy.c: a first load in bulk when the bundle allows it
 * (*done false: take the row path). */
mc_status psync_first_load(struct papp *a, struct ltable *lt, bool *done);

static mc_status apply_locked(struct papp *a, const char *by)
{
	static const char lock[] = "SELECT pg_advisory_xact_lock(hashtext('motcua sync ' || $1))";
	const char *lv[] = {a->unit};
	mc_status r = pg_do(a->s, lock, 1, lv, "waiting for the unit's other bundles", NULL, a->err);
	bool already;
	int64_t prev = 0;
	if (r == MC_OK)
		r = check_sequence(a, &already, &prev);
	if (r != MC_OK)
		return r;
	if (already) {
		a->rep->already_applied = true;
		return MC_OK;
	}
	if ((r = pgstore_chain_peer_check(a->s, a->b, a->err)) != MC_OK)
		return r;
	struct ltable *lt = calloc((size_t)a->b->ntables, sizeof *lt);
	if (!lt)
		return mc_error_set(a->err, MC_ESYS, "out of memory");
	for (int i = 0; r == MC_OK && i < a->b->ntables; i++) {
		const char *name = a->b->tables[i].name;
		if ((r = sync_table_allowed(a->b, a->unit, name, a->err)) == MC_OK)
			r = ltable_load(a, &a->b->tables[i], &lt[i]);
	}
	bool done = false;
	if (r == MC_OK && prev == 0 && strcmp(a->b->kind, "dossiers") == 0)
		r = psync_first_load(a, lt, &done);
	if (r == MC_OK && !done) {
		r = walk(a, lt, 1);
		if (r == MC_OK)
			r = walk(a, lt, 2);
		for (int i = 0; r == MC_OK && i < a->b->ntables; i++)
			if (strcmp(a->b->tables[i].name, "dossier_events") == 0)
				r = psync_events_flush(a, &lt[i]);
		if (r == MC_OK)
			r = derive_status(a);
	}
	if (r == MC_OK)
		r = record_in(a, by);
	if (r == MC_OK)
		r = pgstore_chain_peer_record(a->s, a->b, a->err);
	free(lt);
	return r;
}

/* A deadlock or serialization failure (another import) is tried again. */
static bool retryable(mc_store *s)
{
	return strcmp(s->pg->state, "40001") == 0 || strcmp(s->pg->state, "40P01") == 0;
}

mc_status pgstore_sync_apply(mc_store *s, const sync_bundle *b, const char *by,
			     mc_sync_report *rep, mc_error *err)
{
	mc_status r;
	for (int attempt = 0;; attempt++) {
		struct papp a = {.s = s, .b = b, .rep = rep, .unit = b->unit, .err = err};
		s->pg->state[0] = '\0';
		r = mc_store_begin(s, err);
		bool began = r == MC_OK;
		if (began)
			r = apply_locked(&a, by);
		psync_events_free(&a);
		free(a.touched);
		if (r == MC_OK && !rep->already_applied)
			r = mc_store_commit(s, err);
		else if (began)
			mc_store_rollback(s);
		if (r == MC_OK || attempt == 5 || !retryable(s))
			break;
		/* Start again from nothing: the report too. */
		mc_sync_report_free(rep);
		memset(&rep->counts, 0, sizeof rep->counts);
		rep->already_applied = false;
		mc_error_clear(err);
	}
	return r;
}
