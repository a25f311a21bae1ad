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
		if (strcmp(sum, a->b->sha256) == 0) {
			*already = true;
			return MC_OK;
		}
		return mc_error_set(a->err, MC_EDATA,
				    "bundle %lld from %s was already applied on %s, but this file "
				    "differs from it (the office's database may have been restored "
				    "from a backup since); nothing was applied",
				    (long long)a->b->seq, a->unit, at);
	}
	if (!(st = store_stmt(a->s, last, a->err)))
		return MC_ESYS;
	store_bind_text(st, 1, a->unit);
	rc = sqlite3_step(st);
	int64_t prev = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	store_done(st);
	if (rc != SQLITE_ROW)
		return store_fail(a->s, "reading the bundles applied", a->err);
	if (a->b->seq != prev + 1)
		return mc_error_set(a->err, MC_EDATA,
				    "bundle from %s is out of sequence: expected %lld, got %lld%s; "
				    "nothing was applied",
				    a->unit, (long long)prev + 1, (long long)a->b->seq,
				    a->b->seq > prev + 1 ? " (the bundles in between are missing: "
				    "write them again at the sender with 'motcua sync export "
				    "--again N')" : "");
	return MC_OK;
}

static bool allowed_table(const char *kind, const char *name)
{
	const char *const *list = strcmp(kind, "dossiers") == 0 ? sync_dossier_tables
								  : sync_reference_tables;
	for (; *list; list++)
		if (strcmp(*list, name) == 0)
			return true;
	return false;
}

static bool is_parent(const char *name)
{
	return strcmp(name, "dossiers") == 0 || strcmp(name, "procedures") == 0;
}

/* One walk over the changeset: parents (pass 1) or the rest (pass 2). */
static mc_status walk(struct applier *a, struct ltable *lt, int pass)
{
	sqlite3_changeset_iter *it = NULL;
	if (sqlite3changeset_start(&it, (int)a->b->payload_len, (void *)a->b->payload) != SQLITE_OK)
		return mc_error_set(a->err, MC_EDATA, "bundle %lld from %s is damaged: unreadable data",
				    (long long)a->b->seq, a->unit);
	mc_status r = MC_OK;
	int rc;
	while (r == MC_OK && (rc = sqlite3changeset_next(it)) == SQLITE_ROW) {
		const char *tab;
		int ncol, op, ind;
		sqlite3changeset_op(it, &tab, &ncol, &op, &ind);
		int ti = -1;
		for (int i = 0; i < a->b->ntables; i++)
			if (strcmp(a->b->tables[i].name, tab) == 0)
				ti = i;
		if (ti < 0 || a->b->tables[ti].ncols != ncol) {
			r = mc_error_set(a->err, MC_EDATA,
					 "bundle %lld from %s is damaged: its data does not match its "
					 "header (table %.40s)", (long long)a->b->seq, a->unit, tab);
			break;
		}
		const struct ltable *t = &lt[ti];
		if ((pass == 1) != is_parent(tab))
			continue;
		if (is_parent(tab))
			r = sync_row_parent(a, t, it, op);
		else if (strcmp(tab, "dossier_events") == 0)
			r = sync_row_event(a, t, it, op);
		else
			r = sync_row_child(a, t, it, op);
	}
	int frc = sqlite3changeset_finalize(it);
	if (r == MC_OK && frc != SQLITE_OK)
		r = mc_error_set(a->err, MC_EDATA, "bundle %lld from %s is damaged: bad data (%s)",
				 (long long)a->b->seq, a->unit, sqlite3_errstr(frc));
	return r;
}

/* Status = to_status of the latest status event (docs/sync.md). */
static mc_status derive_status(struct applier *a)
{
	static const char sql[] =
		"SELECT d.code, d.status, (SELECT e.to_status FROM dossier_events e"
		"  WHERE e.dossier_id = d.id AND coalesce(e.to_status, '') != ''"
		"  ORDER BY e.id DESC LIMIT 1) FROM dossiers d WHERE d.id = ?1";
	static const char set[] = "UPDATE dossiers SET status = ?2 WHERE id = ?1";
	for (size_t i = 0; i < a->ntouched; i++) {
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

static void summarize(const mc_sync_report *rep, char *buf, size_t sz)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int i = 0; i < rep->counts.ntables && n < sz; i++) {
		const mc_sync_count *c = &rep->counts.t[i];
		n += (size_t)snprintf(buf + n, sz - n, "%s%s: %d added, %d updated, %d deleted",
				      n ? "; " : "", c->table, c->added, c->updated, c->deleted);
		if (c->skipped && n < sz)
			n += (size_t)snprintf(buf + n, sz - n, ", %d not taken", c->skipped);
	}
	if (n < sz)
		snprintf(buf + n, sz - n, "%s%zu conflicts", n ? "; " : "", rep->nconflicts);
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
	summarize(a->rep, summary, sizeof summary);
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
		if (!allowed_table(a->b->kind, name))
			r = mc_error_set(a->err, MC_EDATA,
					 "bundle %lld from %s carries table %s, which a %s bundle may "
					 "not; nothing was applied",
					 (long long)a->b->seq, a->unit, name, a->b->kind);
		else
			r = ltable_load(a, &a->b->tables[i], &lt[i]);
	}
	if (r == MC_OK)
		r = walk(a, lt, 1);
	if (r == MC_OK)
		r = walk(a, lt, 2);
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
	sync_events_free(&a);
	free(a.touched);
	if (r == MC_OK && !rep->already_applied)
		r = mc_store_commit(s, err);
	else if (began)
		mc_store_rollback(s);
	sqlite3_exec(s->db, "PRAGMA temp_store = DEFAULT", NULL, NULL, NULL);
	return r;
}
