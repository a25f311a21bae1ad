/*
 * Store side of sync import: apply a verified bundle by natural keys.
 *
 * A changeset names rows by their primary key, and local ids mean nothing
 * across databases (office A's dossier 7 is not office B's, nor the
 * province's). So the changeset is never applied raw: it is walked with
 * sqlite3changeset_next() and each change is turned into SQL on natural
 * keys: dossiers by code, procedures by code, events by uid, holidays by
 * day, child rows by their parent's key plus their own key columns. Which
 * remote id stands for which code is learnt from the inserts (sync_map),
 * because an update carries only the id and the changed columns.
 *
 * The conflict rule (docs/sync.md), decided per row and listed:
 * - An office is the authority on its own dossiers (unit_code = the
 *   sending unit): its values replace the province's, and a change the
 *   province made meanwhile is listed as overridden. A dossier of another
 *   unit in an office's bundle is not taken.
 * - The history is append-only: events are added by uid and never changed
 *   or removed; the same uid with other content keeps what is here.
 * - A dossier's status is the to_status of its latest status event (events
 *   in the order they reached this database, each office's in its own
 *   order); a bundle whose status disagrees with its history is corrected
 *   and listed.
 * - Dossiers and procedures are never deleted by a bundle (listed).
 * - The province is the authority on the catalog and the holiday table.
 * Everything runs in one transaction with the sequence check: a bundle is
 * applied whole or not at all.
 */
#include "store_sync_internal.h"
#include "store_chain.h"
#include "pgstore_sync.h"

#include "motcua/clock.h"
#include "motcua/dossier.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A prepared statement for dynamic SQL (freed here), reset and cached. */
sqlite3_stmt *sync_prep(struct applier *a, char *sql)
{
	if (!sql) {
		mc_error_set(a->err, MC_ESYS, "out of memory");
		return NULL;
	}
	for (int i = 0; i < a->ncache; i++)
		if (strcmp(a->cache[i].sql, sql) == 0) {
			sqlite3_free(sql);
			sqlite3_reset(a->cache[i].st);
			sqlite3_clear_bindings(a->cache[i].st);
			return a->cache[i].st;
		}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(a->s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		store_fail(a->s, "applying the bundle", a->err);
		sqlite3_free(sql);
		return NULL;
	}
	if (a->ncache == SYNC_STMT_CACHE) {
		sqlite3_finalize(a->cache[0].st);
		sqlite3_free(a->cache[0].sql);
		memmove(a->cache, a->cache + 1, sizeof a->cache[0] * (SYNC_STMT_CACHE - 1));
		a->ncache--;
	}
	a->cache[a->ncache].sql = sql;
	a->cache[a->ncache++].st = st;
	return st;
}

sqlite3_stmt *sync_hot(struct applier *a, const struct ltable *t, int which,
		       char *(*build)(struct applier *, const struct ltable *, const void *),
		       const void *arg)
{
	sqlite3_stmt **slot = &a->hot[t - a->lt][which];
	if (*slot) {
		sqlite3_reset(*slot);
		sqlite3_clear_bindings(*slot);
		return *slot;
	}
	char *sql = build(a, t, arg);
	if (!sql) {
		if (!a->err || a->err->code == MC_OK)
			mc_error_set(a->err, MC_ESYS, "out of memory");
		return NULL;
	}
	if (sqlite3_prepare_v2(a->s->db, sql, -1, slot, NULL) != SQLITE_OK) {
		store_fail(a->s, "applying the bundle", a->err);
		*slot = NULL;
	}
	sqlite3_free(sql);
	return *slot;
}

mc_status sync_step(struct applier *a, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? MC_OK
						     : store_fail(a->s, "applying the bundle", a->err);
}

void sync_bindv(sqlite3_stmt *st, int i, sqlite3_value *v)
{
	if (v)
		sqlite3_bind_value(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

/* Same type and content (an integer and an equal real count as same). */
bool sync_same(sqlite3_value *v, sqlite3_stmt *st, int col)
{
	int t1 = v ? sqlite3_value_type(v) : SQLITE_NULL, t2 = sqlite3_column_type(st, col);
	bool num1 = t1 == SQLITE_INTEGER || t1 == SQLITE_FLOAT;
	bool num2 = t2 == SQLITE_INTEGER || t2 == SQLITE_FLOAT;
	if (t1 == SQLITE_INTEGER && t2 == SQLITE_INTEGER)
		return sqlite3_value_int64(v) == sqlite3_column_int64(st, col);
	if (num1 && num2)
		return sqlite3_value_double(v) == sqlite3_column_double(st, col);
	if (t1 != t2)
		return false;
	if (t1 == SQLITE_NULL)
		return true;
	const void *p1 = t1 == SQLITE_TEXT ? (const void *)sqlite3_value_text(v)
					   : sqlite3_value_blob(v);
	int n1 = sqlite3_value_bytes(v);
	const void *p2 = t2 == SQLITE_TEXT ? (const void *)sqlite3_column_text(st, col)
					   : sqlite3_column_blob(st, col);
	int n2 = sqlite3_column_bytes(st, col);
	return n1 == n2 && (n1 == 0 || memcmp(p1, p2, (size_t)n1) == 0);
}

const char *sync_vtext(sqlite3_value *v)
{
	return v && sqlite3_value_type(v) == SQLITE_TEXT ? (const char *)sqlite3_value_text(v)
							 : NULL;
}

void sync_report_conflict(mc_sync_report *r, const char *subject, const char *fmt, ...)
{
	char msg[400], line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(line, sizeof line, "%s: %s", subject, msg);
	char **n = realloc(r->conflicts, (r->nconflicts + 1) * sizeof *n);
	if (!n)
		return;
	r->conflicts = n;
	if ((n[r->nconflicts] = strdup(line)))
		r->nconflicts++;
}

void sync_bump(struct applier *a, const char *table, const char *which)
{
	int *k = sync_count(&a->rep->counts, table, which);
	if (k)
		++*k;
}

/* ---- mapping remote ids to natural keys ---------------------------------- */

mc_status sync_map_put(struct applier *a, const char *tbl, int64_t remote, const char *key)
{
	static const char sql[] =
		"INSERT INTO sync_map(unit, tbl, remote_id, natural_key) VALUES(?1, ?2, ?3, ?4)"
		" ON CONFLICT(unit, tbl, remote_id) DO UPDATE SET natural_key = ?4";
	sqlite3_stmt *st = store_stmt(a->s, sql, a->err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, a->unit);
	store_bind_text(st, 2, tbl);
	sqlite3_bind_int64(st, 3, remote);
	store_bind_text(st, 4, key);
	return store_exec(a->s, st, "remembering a remote id", a->err);
}

/* The natural key of a remote row; MC_EDATA naming the gap when unknown. */
mc_status sync_map_get(struct applier *a, const char *tbl, int64_t remote, char *key,
		       size_t keysz)
{
	static const char sql[] =
		"SELECT natural_key FROM sync_map WHERE unit = ?1 AND tbl = ?2 AND remote_id = ?3";
	sqlite3_stmt *st = store_stmt(a->s, sql, a->err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, a->unit);
	store_bind_text(st, 2, tbl);
	sqlite3_bind_int64(st, 3, remote);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		store_col_copy(st, 0, key, keysz);
	store_done(st);
	if (rc == SQLITE_ROW)
		return MC_OK;
	if (rc != SQLITE_DONE)
		return store_fail(a->s, "reading remote ids", a->err);
	return mc_error_set(a->err, MC_EDATA,
			    "bundle %lld from %s changes %s row #%lld that no earlier bundle "
			    "from it brought; import its earlier bundles first",
			    (long long)a->b->seq, a->unit, tbl, (long long)remote);
}

/* Local id and owning unit of a dossier/procedure by code; 0 when none. */
mc_status sync_local_row(struct applier *a, const char *parent, const char *code, int64_t *id,
			 char *unit, size_t unitsz)
{
	static const char dsql[] = "SELECT id, unit_code FROM dossiers WHERE code = ?1";
	static const char psql[] = "SELECT id, '' FROM procedures WHERE code = ?1";
	sqlite3_stmt *st = store_stmt(a->s, strcmp(parent, "dossiers") == 0 ? dsql : psql, a->err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, code);
	int rc = sqlite3_step(st);
	*id = 0;
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		if (unit)
			store_col_copy(st, 1, unit, unitsz);
	}
	store_done(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? MC_OK
						     : store_fail(a->s, "finding a row", a->err);
}

/* ---- dossiers this bundle added or merged, by remote id ------------------ */

static size_t parent_slot(const struct applier *a, int64_t remote)
{
	uint64_t h = (uint64_t)remote * 0x9e3779b97f4a7c15u;
	size_t i = (size_t)(h >> 20) & (a->parents.cap - 1);
	while (a->parents.keys[i] && a->parents.keys[i] != remote)
		i = (i + 1) & (a->parents.cap - 1);
	return i;
}

/* What sync_map_get and sync_local_row would answer: the dossier that
 * remote id names is the one this bundle wrote under the sending unit,
 * and no dossier's code or unit changed since (sync_parent_forget). */
mc_status sync_parent_learn(struct applier *a, int64_t remote, int64_t local)
{
	if (remote == 0)
		return MC_OK;   /* 0 marks an empty slot: looked up the long way */
	if ((a->parents.n + 1) * 2 > a->parents.cap) {
		size_t cap = a->parents.cap ? a->parents.cap * 2 : 1024;
		int64_t *ok = a->parents.keys, *ov = a->parents.vals;
		size_t ocap = a->parents.cap;
		a->parents.keys = calloc(cap, sizeof *ok);
		a->parents.vals = calloc(cap, sizeof *ov);
		if (!a->parents.keys || !a->parents.vals) {
			free(a->parents.keys);
			free(a->parents.vals);
			a->parents.keys = ok;
			a->parents.vals = ov;
			return mc_error_set(a->err, MC_ESYS, "out of memory");
		}
		a->parents.cap = cap;
		for (size_t i = 0; i < ocap; i++)
			if (ok[i]) {
				size_t j = parent_slot(a, ok[i]);
				a->parents.keys[j] = ok[i];
				a->parents.vals[j] = ov[i];
			}
		free(ok);
		free(ov);
	}
	size_t i = parent_slot(a, remote);
	if (!a->parents.keys[i])
		a->parents.n++;
	a->parents.keys[i] = remote;
	a->parents.vals[i] = local;
	return MC_OK;
}

void sync_parent_forget(struct applier *a)
{
	free(a->parents.keys);
	free(a->parents.vals);
	a->parents.keys = a->parents.vals = NULL;
	a->parents.cap = a->parents.n = 0;
}

/* Parent's local id for the remote id in the fk column; 0 (with a conflict
 * listed) when the parent was not taken (another unit's dossier). */
mc_status sync_parent_id(struct applier *a, const struct ltable *t, sqlite3_value *remote,
			 int64_t *out)
{
	*out = 0;
	if (!remote || sqlite3_value_type(remote) != SQLITE_INTEGER)
		return mc_error_set(a->err, MC_EDATA, "bundle %lld from %s: a %s row has no %s",
				    (long long)a->b->seq, a->unit, t->bt->name,
				    t->bt->cols[t->fk]);
	if (a->parents.n && strcmp(t->parent, "dossiers") == 0) {
		size_t i = parent_slot(a, sqlite3_value_int64(remote));
		if (a->parents.keys[i]) {
			*out = a->parents.vals[i];
			return MC_OK;
		}
	}
	char code[64], unit[40] = "";
	mc_status r = sync_map_get(a, t->parent, sqlite3_value_int64(remote), code, sizeof code);
	if (r == MC_OK)
		r = sync_local_row(a, t->parent, code, out, unit, sizeof unit);
	if (r == MC_OK && strcmp(t->parent, "dossiers") == 0 && *out &&
	    strcmp(unit, a->unit) != 0)
		*out = 0;
	return r;
}

/* ---- the local side of each table ----------------------------------------- */

static mc_status ltable_load(struct applier *a, const sync_table *bt, struct ltable *t)
{
	static const char sql[] = "SELECT name FROM pragma_table_info(?1, 'main')";
	memset(t, 0, sizeof *t);
	t->bt = bt;
	t->fk = -1;
	sqlite3_stmt *st = store_stmt(a->s, sql, a->err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, bt->name);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && t->n < SYNC_MAX_COLS)
		store_col_copy(st, 0, t->cols[t->n++], sizeof t->cols[0]);
	store_done(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(a->s, "reading the table layout", a->err);
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

int sync_bcol(const struct ltable *t, const char *name)
{
	for (int i = 0; i < t->bt->ncols; i++)
		if (strcmp(t->bt->cols[i], name) == 0)
			return i;
	return -1;
}

mc_status sync_touch(struct applier *a, int64_t dossier)
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

/* ---- the whole bundle ---------------------------------------------------- */

/* Already applied (same checksum: nothing to do), a different bundle under
 * an applied number, or a gap: decided before anything is written. */
static mc_status check_sequence(struct applier *a, bool *already)
{
	static const char one[] = "SELECT sha256, applied_at FROM sync_in WHERE unit = ?1 AND seq = ?2";
	static const char last[] = "SELECT coalesce(max(seq), 0) FROM sync_in WHERE unit = ?1";
	*already = false;
	sqlite3_stmt *st = store_stmt(a->s, one, a->err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, a->unit);
	sqlite3_bind_int64(st, 2, a->b->seq);
	int rc = sqlite3_step(st);
	char sum[65] = "", at[20] = "";
	if (rc == SQLITE_ROW) {
		store_col_copy(st, 0, sum, sizeof sum);
		store_col_copy(st, 1, at, sizeof at);
	}
	store_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(a->s, "reading the bundles applied", a->err);
	if (rc == SQLITE_ROW) {
		return sync_seq_known(a->b, a->unit, sum, at, already, a->err);
	}
	if (!(st = store_stmt(a->s, last, a->err)))
		return MC_ESYS;
	store_bind_text(st, 1, a->unit);
	rc = sqlite3_step(st);
	int64_t prev = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	store_done(st);
	if (rc != SQLITE_ROW)
		return store_fail(a->s, "reading the bundles applied", a->err);
	return sync_seq_next(a->b, a->unit, prev, a->err);
}

/* One change of the bundle, to the kind of row it is (sync_walk). */
struct walk_ctx {
	struct applier *a;
	const struct ltable *lt;
};

static mc_status walk_row(void *ctx, int table, const char *name, sqlite3_changeset_iter *it,
			  int op)
{
	struct walk_ctx *w = ctx;
	const struct ltable *t = &w->lt[table];
	if (sync_is_parent(name))
		return sync_row_parent(w->a, t, it, op);
	if (strcmp(name, "dossier_events") == 0)
		return sync_row_event(w->a, t, it, op);
	return sync_row_child(w->a, t, it, op);
}

/* One walk over the changeset: parents (pass 1) or the rest (pass 2). */
static mc_status walk(struct applier *a, struct ltable *lt, int pass)
{
	struct walk_ctx w = {a, lt};
	return sync_walk(a->b, a->unit, pass, walk_row, &w, a->err);
}

/* ---- the name index ------------------------------------------------------ */

/* The name index (dossier_fts, FTS5) is kept by a trigger on each dossier
 * insert, and FTS5 writes what it holds out as a new segment at the start
 * of every statement of a transaction (SQLite 3.40): a first load of
 * 10,000 dossiers wrote 10,000 one-row segments and merged them, a
 * quarter of its time. So for the bundle's transaction the insert trigger
 * is set aside and the dossiers added are indexed by one statement per run
 * of ids (before any dossier is changed, whose update trigger takes the
 * old entry out, and at the end); the trigger is then made again. Only
 * when it is exactly the one store_schema.c made (step 1): any other keeps
 * indexing row by row. A failure rolls the whole back, trigger included. */
static const char fts_trigger[] =
	"CREATE TRIGGER dossiers_fts_ins AFTER INSERT ON dossiers BEGIN"
	"  INSERT INTO dossier_fts(rowid, applicant_name_fold)"
	"  VALUES (new.id, new.applicant_name_fold); END";

static mc_status fts_defer(struct applier *a)
{
	static const char sql[] =
		"SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'dossiers_fts_ins'";
	sqlite3_stmt *st = store_stmt(a->s, sql, a->err);
	if (!st)
		return MC_ESYS;
	int rc = sqlite3_step(st);
	bool same = rc == SQLITE_ROW && sqlite3_column_text(st, 0) &&
		    strcmp((const char *)sqlite3_column_text(st, 0), fts_trigger) == 0;
	store_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(a->s, "reading the schema", a->err);
	if (!same)
		return MC_OK;
	if (sqlite3_exec(a->s->db, "DROP TRIGGER dossiers_fts_ins", NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(a->s, "setting the name index aside", a->err);
	a->fts_deferred = true;
	return MC_OK;
}

mc_status sync_fts_added(struct applier *a, int64_t id)
{
	if (!a->fts_deferred)
		return MC_OK;
	if (a->nfts && a->fts_runs[a->nfts - 1].hi + 1 == id) {
		a->fts_runs[a->nfts - 1].hi = id;
		return MC_OK;
	}
	if (a->nfts == a->capfts) {
		size_t cap = a->capfts ? a->capfts * 2 : 16;
		void *n = realloc(a->fts_runs, cap * sizeof *a->fts_runs);
		if (!n)
			return mc_error_set(a->err, MC_ESYS, "out of memory");
		a->fts_runs = n;
		a->capfts = cap;
	}
	a->fts_runs[a->nfts].lo = a->fts_runs[a->nfts].hi = id;
	a->nfts++;
	return MC_OK;
}

mc_status sync_fts_flush(struct applier *a)
{
	static const char sql[] =
		"INSERT INTO dossier_fts(rowid, applicant_name_fold)"
		" SELECT id, applicant_name_fold FROM dossiers WHERE id BETWEEN ?1 AND ?2";
	for (size_t i = 0; i < a->nfts; i++) {
		sqlite3_stmt *st = store_stmt(a->s, sql, a->err);
		if (!st)
			return MC_ESYS;
		sqlite3_bind_int64(st, 1, a->fts_runs[i].lo);
		sqlite3_bind_int64(st, 2, a->fts_runs[i].hi);
		mc_status r = store_exec(a->s, st, "indexing the names", a->err);
		if (r != MC_OK)
			return r;
	}
	a->nfts = 0;
	return MC_OK;
}

static mc_status fts_restore(struct applier *a)
{
	if (!a->fts_deferred)
		return MC_OK;
	mc_status r = sync_fts_flush(a);
	if (r != MC_OK)
		return r;
	if (sqlite3_exec(a->s->db, fts_trigger, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(a->s, "restoring the name index", a->err);
	a->fts_deferred = false;
	return MC_OK;
}

/* ---- fresh dossiers -------------------------------------------------------- */

/* The floor is the highest dossier id before the bundle; a child row
 * naming a higher id (none unless the database was edited by hand) turns
 * the shortcuts off for the whole bundle. */
mc_status sync_fresh_start(struct applier *a)
{
	static const char floor_sql[] = "SELECT coalesce(max(id), 0) FROM dossiers";
	static const char above_sql[] =
		"SELECT EXISTS (SELECT 1 FROM dossier_documents WHERE dossier_id > ?1)"
		" OR EXISTS (SELECT 1 FROM dossier_events WHERE dossier_id > ?1)";
	sqlite3_stmt *st = store_stmt(a->s, floor_sql, a->err);
	if (!st)
		return MC_ESYS;
	int rc = sqlite3_step(st);
	a->fresh_floor = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	store_done(st);
	if (rc != SQLITE_ROW)
		return store_fail(a->s, "reading the dossiers", a->err);
	if (!(st = store_stmt(a->s, above_sql, a->err)))
		return MC_ESYS;
	sqlite3_bind_int64(st, 1, a->fresh_floor);
	rc = sqlite3_step(st);
	a->fresh_ok = rc == SQLITE_ROW && sqlite3_column_int(st, 0) == 0;
	store_done(st);
	return rc == SQLITE_ROW ? MC_OK : store_fail(a->s, "reading the dossiers", a->err);
}

static void fresh_copy(char *buf, size_t sz, sqlite3_value *v)
{
	const unsigned char *t = sqlite3_value_text(v);
	snprintf(buf, sz, "%s", t ? (const char *)t : "");
}

void sync_fresh_added(struct applier *a, int64_t id, sqlite3_value *status)
{
	if (!a->fresh_ok)
		return;
	if (id != a->fresh_floor + 1 + (int64_t)a->nfresh) {
		a->fresh_ok = false;   /* not the id expected: no shortcut */
		return;
	}
	if (a->nfresh == a->capfresh) {
		size_t cap = a->capfresh ? a->capfresh * 2 : 1024;
		struct fresh_status *n = realloc(a->fresh, cap * sizeof *n);
		if (!n) {
			a->fresh_ok = false;
			return;
		}
		a->fresh = n;
		a->capfresh = cap;
	}
	struct fresh_status *f = &a->fresh[a->nfresh++];
	f->last[0] = '\0';
	/* Only a text value is stored as it is (the column's affinity would
	 * turn another into text its own way). */
	f->stale = !status || sqlite3_value_type(status) != SQLITE_TEXT;
	if (!f->stale)
		fresh_copy(f->status, sizeof f->status, status);
}

struct fresh_status *sync_fresh_of(struct applier *a, int64_t id)
{
	if (!a->fresh_ok || id <= a->fresh_floor || id > a->fresh_floor + (int64_t)a->nfresh)
		return NULL;
	return &a->fresh[id - a->fresh_floor - 1];
}

/* An event added for the dossier: the latest non-empty to_status is its
 * history's status (events are added in id order). */
void sync_fresh_event(struct applier *a, int64_t dossier, sqlite3_value *to_status)
{
	struct fresh_status *f = sync_fresh_of(a, dossier);
	if (!f || !to_status || sqlite3_value_type(to_status) == SQLITE_NULL)
		return;
	if (sqlite3_value_type(to_status) != SQLITE_TEXT)
		f->stale = true;
	else if (sqlite3_value_bytes(to_status) > 0)
		fresh_copy(f->last, sizeof f->last, to_status);
}

/* Status = to_status of the latest status event (docs/sync.md). A fresh
 * dossier whose status already agrees is not read back; any other is. */
static mc_status derive_status(struct applier *a)
{
	static const char sql[] =
		"SELECT d.code, d.status, (SELECT e.to_status FROM dossier_events e"
		"  WHERE e.dossier_id = d.id AND coalesce(e.to_status, '') != ''"
		"  ORDER BY e.id DESC LIMIT 1) FROM dossiers d WHERE d.id = ?1";
	static const char set[] = "UPDATE dossiers SET status = ?2 WHERE id = ?1";
	for (size_t i = 0; i < a->ntouched; i++) {
		struct fresh_status *f = sync_fresh_of(a, a->touched[i]);
		if (f && !f->stale && (!f->last[0] || strcmp(f->last, f->status) == 0))
			continue;
		if (f)
			f->stale = true;   /* corrected below, or read again */
		sqlite3_stmt *st = store_stmt(a->s, sql, a->err);
		if (!st)
			return MC_ESYS;
		sqlite3_bind_int64(st, 1, a->touched[i]);
		char code[64] = "", status[32] = "", last[32] = "";
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			store_col_copy(st, 0, code, sizeof code);
			store_col_copy(st, 1, status, sizeof status);
			store_col_copy(st, 2, last, sizeof last);
		}
		store_done(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return store_fail(a->s, "checking dossier statuses", a->err);
		if (!last[0] || strcmp(last, status) == 0)
			continue;
		sync_report_conflict(a->rep, code,
				     "its record says %s but its history ends at %s; the history's "
				     "status was taken", status, last);
		if (!(st = store_stmt(a->s, set, a->err)))
			return MC_ESYS;
		sqlite3_bind_int64(st, 1, a->touched[i]);
		store_bind_text(st, 2, last);
		mc_status r = store_exec(a->s, st, "correcting a dossier status", a->err);
		if (r != MC_OK)
			return r;
	}
	return MC_OK;
}

static mc_status record_in(struct applier *a, const char *by)
{
	static const char in[] =
		"INSERT INTO sync_in(unit, seq, kind, sha256, created_at, applied_at, applied_by,"
		" summary) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
	static const char conflict[] =
		"INSERT INTO sync_conflicts(unit, seq, subject, message) VALUES(?1, ?2, ?3, ?4)";
	char now[20], summary[512];
	mc_clock_stamp(now);
	sync_summarize(a->rep, summary, sizeof summary);
	sqlite3_stmt *st = store_stmt(a->s, in, a->err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, a->unit);
	sqlite3_bind_int64(st, 2, a->b->seq);
	store_bind_text(st, 3, a->b->kind);
	store_bind_text(st, 4, a->b->sha256);
	store_bind_text(st, 5, a->b->created);
	store_bind_text(st, 6, now);
	store_bind_text(st, 7, by);
	store_bind_text(st, 8, summary);
	mc_status r = store_exec(a->s, st, "recording the bundle", a->err);
	for (size_t i = 0; r == MC_OK && i < a->rep->nconflicts; i++) {
		const char *line = a->rep->conflicts[i], *sep = strstr(line, ": ");
		if (!(st = store_stmt(a->s, conflict, a->err)))
			return MC_ESYS;
		store_bind_text(st, 1, a->unit);
		sqlite3_bind_int64(st, 2, a->b->seq);
		sqlite3_bind_text(st, 3, line, sep ? (int)(sep - line) : -1, SQLITE_TRANSIENT);
		store_bind_text(st, 4, sep ? sep + 2 : "");
		r = store_exec(a->s, st, "recording a conflict", a->err);
	}
	return r;
}

static mc_status apply_locked(struct applier *a, const char *by)
{
	bool already;
	mc_status r = check_sequence(a, &already);
	if (r != MC_OK)
		return r;
	if (already) {
		a->rep->already_applied = true;
		return MC_OK;
	}
	if ((r = store_chain_peer_check(a->s, a->b, a->err)) != MC_OK)
		return r;
	struct ltable *lt = calloc((size_t)a->b->ntables, sizeof *lt);
	if (!lt)
		return mc_error_set(a->err, MC_ESYS, "out of memory");
	for (int i = 0; r == MC_OK && i < a->b->ntables; i++) {
		const char *name = a->b->tables[i].name;
		if ((r = sync_table_allowed(a->b, a->unit, name, a->err)) == MC_OK)
			r = ltable_load(a, &a->b->tables[i], &lt[i]);
	}
	a->lt = lt;
	bool dossiers = false;
	for (int i = 0; i < a->b->ntables; i++)
		dossiers |= strcmp(a->b->tables[i].name, "dossiers") == 0;
	if (r == MC_OK && dossiers)
		r = fts_defer(a);
	if (r == MC_OK && dossiers)
		r = sync_fresh_start(a);
	if (r == MC_OK)
		r = walk(a, lt, 1);
	if (r == MC_OK)   /* only parents (pass 1) add or change dossiers */
		r = fts_restore(a);
	if (r == MC_OK)
		r = walk(a, lt, 2);
	if (r == MC_OK)
		r = sync_children_flush(a);
	for (int i = 0; r == MC_OK && i < a->b->ntables; i++)
		if (strcmp(a->b->tables[i].name, "dossier_events") == 0)
			r = sync_events_flush(a, &lt[i]);
	if (r == MC_OK)
		r = derive_status(a);
	if (r == MC_OK)
		r = record_in(a, by);
	if (r == MC_OK)
		r = store_chain_peer_record(a->s, a->b, a->err);
	free(lt);
	return r;
}

mc_status store_sync_apply(mc_store *s, const sync_bundle *b, const char *by,
			   mc_sync_report *rep, mc_error *err)
{
	if (s->pg)
		return pgstore_sync_apply(s, b, by, rep, err);
	struct applier a = {.s = s, .b = b, .rep = rep, .unit = b->unit, .err = err};
	/* A first bundle can hold a year of an office: keep its pages in
	 * memory instead of spilling them to the WAL and reading them back,
	 * and each statement's journal (one per row applied) in memory rather
	 * than in a file under /var/tmp (decided when the transaction begins). */
	sqlite3_exec(s->db, "PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY", NULL, NULL,
		     NULL);
	mc_status r = mc_store_begin(s, err);
	bool began = r == MC_OK;
	if (began)
		r = apply_locked(&a, by);
	sqlite3_exec(s->db, "PRAGMA cache_size = -2000", NULL, NULL, NULL);
	for (int i = 0; i < a.ncache; i++) {
		sqlite3_finalize(a.cache[i].st);
		sqlite3_free(a.cache[i].sql);
	}
	for (int i = 0; i < MC_SYNC_MAX_TABLES; i++)
		for (int k = 0; k < SYNC_HOT_N; k++)
			sqlite3_finalize(a.hot[i][k]);
	sync_parent_forget(&a);
	free(a.fts_runs);
	sync_events_free(&a);
	sync_children_free(&a);
	free(a.fresh);
	free(a.touched);
	if (r == MC_OK && !rep->already_applied)
		r = mc_store_commit(s, err);
	else if (began)
		mc_store_rollback(s);
	sqlite3_exec(s->db, "PRAGMA temp_store = DEFAULT", NULL, NULL, NULL);
	return r;
}
