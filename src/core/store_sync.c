/*
 * Store side of sync export: what changed since the last export to a peer,
 * captured with SQLite's session extension (docs/sync.md).
 *
 * Clerks write from many processes over days, so no single connection
 * could have watched every change. The database keeps instead, per peer,
 * the rows as the peer was last sent them (store_sync_sent.c) and, by
 * triggers, the keys of the rows written since. An export copies the kept
 * values of just those rows into an attached in-memory database, lets a
 * session on it watch them become the live values, and takes the
 * session's changeset as the bundle's payload: inserts for new rows,
 * updates naming only the changed columns, deletions.
 *
 * The first export to a peer (or the first after the schema step that
 * brought the kept picture) rebuilds the picture the old way, replaying
 * every bundle kept in sync_out for that peer, diffs the whole tables
 * with sqlite3session_diff(), and starts keeping the picture from there.
 * All of it runs in one write transaction, so the picture, the changeset
 * and the new sync_out row agree even while clerks keep working (they wait
 * on the busy handler for the moment it takes).
 */
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include "store_chain.h"
#include "store_internal.h"
#include "sync_internal.h"
#include "store_sync_export.h"
#include "pgstore_sync.h"

#include "motcua/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sync_tinfo_free(struct tinfo *t)
{
	for (int i = 0; i < t->n; i++) {
		free(t->cols[i]);
		free(t->types[i]);
	}
	t->n = 0;
}

/* 0 columns when the table does not exist. */
mc_status sync_tinfo_load(mc_store *s, const char *table, struct tinfo *t, mc_error *err)
{
	static const char sql[] = "SELECT name, type, pk FROM pragma_table_info(?1, 'main')";
	memset(t, 0, sizeof *t);
	snprintf(t->name, sizeof t->name, "%s", table);
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, table);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && t->n < SYNC_MAX_COLS) {
		const char *c = (const char *)sqlite3_column_text(st, 0);
		const char *ty = (const char *)sqlite3_column_text(st, 1);
		t->cols[t->n] = strdup(c ? c : "");
		t->types[t->n] = strdup(ty ? ty : "");
		t->pk[t->n] = sqlite3_column_int(st, 2);
		if (!t->cols[t->n] || !t->types[t->n]) {
			t->n++;
			store_done(st);
			sync_tinfo_free(t);
			return mc_error_set(err, MC_ESYS, "out of memory");
		}
		t->n++;
	}
	store_done(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		sync_tinfo_free(t);
		return store_fail(s, "reading the table layout", err);
	}
	return MC_OK;
}

int sync_tinfo_col(const struct tinfo *t, const char *name)
{
	for (int i = 0; i < t->n; i++)
		if (strcmp(t->cols[i], name) == 0)
			return i;
	return -1;
}

static mc_status exec_sql(mc_store *s, const char *sql, const char *what, mc_error *err)
{
	if (!sql)
		return mc_error_set(err, MC_ESYS, "out of memory");
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? MC_OK : store_fail(s, what, err);
}

/* CREATE TABLE mc_shadow.T with T's columns and primary key. */
mc_status sync_shadow_create(mc_store *s, const struct tinfo *t, mc_error *err)
{
	sqlite3_str *q = sqlite3_str_new(s->db);
	sqlite3_str_appendf(q, "CREATE TABLE " SHADOW ".\"%w\" (", t->name);
	for (int i = 0; i < t->n; i++)
		sqlite3_str_appendf(q, "%s\"%w\" %s", i ? ", " : "", t->cols[i], t->types[i]);
	sqlite3_str_appendall(q, ", PRIMARY KEY (");
	int npk = 0;
	for (int k = 1; k <= t->n; k++)
		for (int i = 0; i < t->n; i++)
			if (t->pk[i] == k)
				sqlite3_str_appendf(q, "%s\"%w\"", npk++ ? ", " : "", t->cols[i]);
	sqlite3_str_appendall(q, "))");
	char *sql = sqlite3_str_finish(q);
	mc_status st = npk ? exec_sql(s, sql, "preparing the export", err)
			   : mc_error_set(err, MC_ESYS, "table %s has no primary key", t->name);
	sqlite3_free(sql);
	return st;
}

/* Bind changeset value v (NULL pointer: SQL NULL) at i. */
static void bind_value(sqlite3_stmt *st, int i, sqlite3_value *v)
{
	if (v)
		sqlite3_bind_value(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

/* Statements of one replay, by SQL text: the inserts of a table are all
 * the same statement, and a first bundle can hold a year of an office. */
#define REPLAY_CACHE 16
struct replay_cache {
	char *sql[REPLAY_CACHE];
	sqlite3_stmt *st[REPLAY_CACHE];
	int n;
};

static void replay_cache_free(struct replay_cache *c)
{
	for (int i = 0; i < c->n; i++) {
		sqlite3_finalize(c->st[i]);
		sqlite3_free(c->sql[i]);
	}
	c->n = 0;
}

static mc_status run_dynamic(mc_store *s, struct replay_cache *c, char *sql,
			     sqlite3_value **vals, int nvals, mc_error *err)
{
	if (!sql)
		return mc_error_set(err, MC_ESYS, "out of memory");
	sqlite3_stmt *st = NULL;
	for (int i = 0; i < c->n && !st; i++)
		if (strcmp(c->sql[i], sql) == 0)
			st = c->st[i];
	if (st) {
		sqlite3_free(sql);
	} else {
		if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
			sqlite3_free(sql);
			return store_fail(s, "rebuilding what was sent", err);
		}
		if (c->n == REPLAY_CACHE)
			replay_cache_free(c);
		c->sql[c->n] = sql;
		c->st[c->n++] = st;
	}
	for (int i = 0; i < nvals; i++)
		bind_value(st, i + 1, vals[i]);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? MC_OK : store_fail(s, "rebuilding what was sent", err);
}

/* Replay one change of an earlier bundle on the shadow table, mapping the
 * bundle's columns to today's by name (the schema may have grown since). */
static mc_status shadow_change(mc_store *s, struct replay_cache *cache, sqlite3_changeset_iter *it,
			       const sync_table *bt, const struct tinfo *t, mc_error *err)
{
	const char *tab;
	int ncol, op, ind;
	unsigned char *pk;
	sqlite3changeset_op(it, &tab, &ncol, &op, &ind);
	sqlite3changeset_pk(it, &pk, &ncol);
	sqlite3_value *vals[2 * SYNC_MAX_COLS];
	int nv = 0;
	sqlite3_str *q = sqlite3_str_new(s->db);
	if (op == SQLITE_INSERT) {
		sqlite3_str_appendf(q, "INSERT OR REPLACE INTO " SHADOW ".\"%w\"(", tab);
		for (int i = 0; i < ncol; i++) {
			int c = sync_tinfo_col(t, bt->cols[i]);
			if (c < 0)
				continue;
			sqlite3_str_appendf(q, "%s\"%w\"", nv ? ", " : "", t->cols[c]);
			sqlite3changeset_new(it, i, &vals[nv++]);
		}
		sqlite3_str_appendall(q, ") VALUES (");
		for (int i = 0; i < nv; i++)
			sqlite3_str_appendall(q, i ? ", ?" : "?");
		sqlite3_str_appendall(q, ")");
	} else {
		if (op == SQLITE_UPDATE) {
			sqlite3_str_appendf(q, "UPDATE " SHADOW ".\"%w\" SET ", tab);
			for (int i = 0; i < ncol; i++) {
				sqlite3_value *v = NULL;
				int c = sync_tinfo_col(t, bt->cols[i]);
				if (c < 0 || sqlite3changeset_new(it, i, &v) != SQLITE_OK || !v)
					continue;
				sqlite3_str_appendf(q, "%s\"%w\" = ?", nv ? ", " : "", t->cols[c]);
				vals[nv++] = v;
			}
			if (nv == 0) {
				sqlite3_free(sqlite3_str_finish(q));
				return MC_OK;
			}
		} else {
			sqlite3_str_appendf(q, "DELETE FROM " SHADOW ".\"%w\"", tab);
		}
		int nw = 0;
		for (int i = 0; i < ncol; i++) {
			int c = sync_tinfo_col(t, bt->cols[i]);
			if (!pk[i] || c < 0)
				continue;
			sqlite3_str_appendf(q, "%s\"%w\" IS ?", nw++ ? " AND " : " WHERE ", t->cols[c]);
			sqlite3changeset_old(it, i, &vals[nv++]);
		}
	}
	return run_dynamic(s, cache, sqlite3_str_finish(q), vals, nv, err);
}

static mc_status shadow_replay(mc_store *s, const sync_bundle *b, const struct tinfo *ti,
			       int nti, mc_error *err)
{
	sqlite3_changeset_iter *it = NULL;
	if (sqlite3changeset_start(&it, (int)b->payload_len, (void *)b->payload) != SQLITE_OK)
		return mc_error_set(err, MC_ESYS, "bundle %lld kept in sync_out is unreadable",
				    (long long)b->seq);
	mc_status st = MC_OK;
	struct replay_cache cache = {0};
	int rc;
	while (st == MC_OK && (rc = sqlite3changeset_next(it)) == SQLITE_ROW) {
		const char *tab;
		int ncol, op, ind;
		sqlite3changeset_op(it, &tab, &ncol, &op, &ind);
		const sync_table *bt = sync_bundle_table(b, tab);
		const struct tinfo *t = NULL;
		for (int i = 0; i < nti; i++)
			if (strcmp(ti[i].name, tab) == 0 && ti[i].n)
				t = &ti[i];
		if (!bt || bt->ncols != ncol)
			st = mc_error_set(err, MC_ESYS, "bundle %lld kept in sync_out is damaged",
					  (long long)b->seq);
		else if (t)
			st = shadow_change(s, &cache, it, bt, t, err);
	}
	replay_cache_free(&cache);
	if (sqlite3changeset_finalize(it) != SQLITE_OK && st == MC_OK)
		st = mc_error_set(err, MC_ESYS, "bundle %lld kept in sync_out is damaged",
				  (long long)b->seq);
	return st;
}

/* Every earlier bundle to hdr->peer, replayed in order; sets hdr->seq. */
static mc_status shadow_rebuild(mc_store *s, sync_bundle *hdr, const struct tinfo *ti, int nti,
				mc_error *err)
{
	static const char sql[] = "SELECT seq, bundle FROM sync_out WHERE peer = ?1 ORDER BY seq";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, hdr->peer);
	int rc;
	mc_status r = MC_OK;
	hdr->seq = 1;
	while (r == MC_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		sync_bundle old;
		hdr->seq = sqlite3_column_int64(st, 0) + 1;
		const void *blob = sqlite3_column_blob(st, 1);
		size_t n = (size_t)sqlite3_column_bytes(st, 1);
		if ((r = sync_bundle_parse(blob, n, "a bundle kept in sync_out", &old, err)) != MC_OK)
			break;
		if ((r = sync_changeset_check(&old, "a bundle kept in sync_out", err)) != MC_OK) {
			sync_bundle_free(&old);
			break;
		}
		r = shadow_replay(s, &old, ti, nti, err);
		sync_bundle_free(&old);
	}
	store_done(st);
	if (r == MC_OK && rc != SQLITE_DONE)
		r = store_fail(s, "reading the bundles sent", err);
	return r;
}

void sync_count_changes(const void *cs, int n, mc_sync_counts *c)
{
	sqlite3_changeset_iter *it = NULL;
	if (sqlite3changeset_start(&it, n, (void *)cs) != SQLITE_OK)
		return;
	while (sqlite3changeset_next(it) == SQLITE_ROW) {
		const char *tab;
		int ncol, op, ind;
		sqlite3changeset_op(it, &tab, &ncol, &op, &ind);
		int *k = sync_count(c, tab, op == SQLITE_INSERT ? "added"
					    : op == SQLITE_UPDATE ? "updated" : "deleted");
		if (k)
			++*k;
	}
	sqlite3changeset_finalize(it);
}

/* The session diff of every table against the shadow. */
static mc_status diff_tables(mc_store *s, const struct tinfo *ti, int nti, void **cs, int *n,
			     mc_error *err)
{
	sqlite3_session *ses = NULL;
	if (sqlite3session_create(s->db, "main", &ses) != SQLITE_OK)
		return mc_error_set(err, MC_ESYS, "cannot start an SQLite session");
	mc_status r = MC_OK;
	for (int i = 0; i < nti && r == MC_OK; i++) {
		if (!ti[i].n)
			continue;
		char *msg = NULL;
		if (sqlite3session_attach(ses, ti[i].name) != SQLITE_OK ||
		    sqlite3session_diff(ses, SHADOW, ti[i].name, &msg) != SQLITE_OK)
			r = mc_error_set(err, MC_ESYS, "comparing table %s: %s", ti[i].name,
					 msg ? msg : sqlite3_errmsg(s->db));
		sqlite3_free(msg);
	}
	if (r == MC_OK && sqlite3session_changeset(ses, n, cs) != SQLITE_OK)
		r = mc_error_set(err, MC_ESYS, "cannot build the changeset");
	sqlite3session_delete(ses);
	return r;
}

static mc_status record_out(mc_store *s, const sync_bundle *h, const char *by,
			    const unsigned char *bytes, size_t n, mc_error *err)
{
	static const char sql[] =
		"INSERT INTO sync_out(peer, seq, kind, created_at, created_by, bundle, chain_seq)"
		" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, h->peer);
	sqlite3_bind_int64(st, 2, h->seq);
	store_bind_text(st, 3, h->kind);
	store_bind_text(st, 4, h->created);
	store_bind_text(st, 5, by);
	sqlite3_bind_blob64(st, 6, bytes, n, SQLITE_STATIC);
	if (h->has_chain)
		sqlite3_bind_int64(st, 7, h->chain_seq);
	return store_exec(s, st, "recording the bundle", err);
}

static mc_status next_seq(mc_store *s, sync_bundle *hdr, mc_error *err)
{
	/* base_seq: the last bundle the peer holds, as a recovery said. */
	static const char sql[] =
		"SELECT max(coalesce((SELECT max(seq) FROM sync_out WHERE peer = ?1), 0),"
		" coalesce((SELECT base_seq FROM sync_peer WHERE peer = ?1), 0)) + 1";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, hdr->peer);
	int rc = sqlite3_step(st);
	hdr->seq = sqlite3_column_int64(st, 0);
	store_done(st);
	return rc == SQLITE_ROW ? MC_OK : store_fail(s, "reading the bundles sent", err);
}

/* The changeset from the kept picture of the rows changed since the last
 * bundle: a session on the shadow watches them become the live rows. */
static mc_status capture_delta(mc_store *s, sync_bundle *hdr, const struct tinfo *ti, int nti,
			       void **cs, int *n, mc_error *err)
{
	mc_status r = next_seq(s, hdr, err);
	for (int i = 0; i < nti && r == MC_OK; i++)
		if (ti[i].n && (r = sync_sent_prepare(s, &ti[i], err)) == MC_OK &&
		    (r = sync_shadow_create(s, &ti[i], err)) == MC_OK)
			r = sync_sent_load(s, &ti[i], hdr->peer, err);
	if (r != MC_OK)
		return r;
	sqlite3_session *ses = NULL;
	if (sqlite3session_create(s->db, SHADOW, &ses) != SQLITE_OK)
		return mc_error_set(err, MC_ESYS, "cannot start an SQLite session");
	for (int i = 0; i < nti && r == MC_OK; i++)
		if (ti[i].n && sqlite3session_attach(ses, ti[i].name) != SQLITE_OK)
			r = mc_error_set(err, MC_ESYS, "watching table %s: %s", ti[i].name,
					 sqlite3_errmsg(s->db));
	for (int i = 0; i < nti && r == MC_OK; i++)
		if (ti[i].n)
			r = sync_sent_advance(s, &ti[i], hdr->peer, err);
	if (r == MC_OK && sqlite3session_changeset(ses, n, cs) != SQLITE_OK)
		r = mc_error_set(err, MC_ESYS, "cannot build the changeset");
	sqlite3session_delete(ses);
	return r;
}

/* The changeset against the picture rebuilt from every bundle sent. */
static mc_status capture_full(mc_store *s, sync_bundle *hdr, const struct tinfo *ti, int nti,
			      void **cs, int *n, mc_error *err)
{
	mc_status r;
	for (int i = 0; i < nti; i++)
		if (ti[i].n && (r = sync_shadow_create(s, &ti[i], err)) != MC_OK)
			return r;
	sqlite3_exec(s->db, "PRAGMA main.cache_size = -131072", NULL, NULL, NULL);
	r = shadow_rebuild(s, hdr, ti, nti, err);
	if (r == MC_OK)
		r = diff_tables(s, ti, nti, cs, n, err);
	sqlite3_exec(s->db, "PRAGMA main.cache_size = -2000", NULL, NULL, NULL);
	return r;
}

/* From now on the peer's picture is the live tables. */
static mc_status keep_sent(mc_store *s, const sync_bundle *hdr, const struct tinfo *ti, int nti,
			   bool all, mc_error *err)
{
	mc_status r = MC_OK;
	for (int i = 0; i < nti && r == MC_OK; i++)
		if (ti[i].n && (r = sync_sent_prepare(s, &ti[i], err)) == MC_OK)
			r = sync_sent_keep(s, &ti[i], hdr->peer, all, err);
	return r == MC_OK ? sync_sent_done(s, hdr->peer, hdr->kind, err) : r;
}

static mc_status export_locked(mc_store *s, sync_bundle *hdr, struct tinfo *ti, int nti,
			       const char *by, unsigned char **out, size_t *outlen,
			       mc_sync_counts *counts, mc_error *err)
{
	bool tracked;
	mc_status r = sync_sent_tracked(s, hdr->peer, &tracked, err);
	void *cs = NULL;
	int n = 0;
	if (r == MC_OK)
		r = tracked ? capture_delta(s, hdr, ti, nti, &cs, &n, err)
			    : capture_full(s, hdr, ti, nti, &cs, &n, err);
	if (r == MC_OK)
		r = keep_sent(s, hdr, ti, nti, !tracked, err);
	if (r != MC_OK) {
		sqlite3_free(cs);
		return r;
	}
	if (n == 0) {
		sqlite3_free(cs);
		return mc_error_set(err, MC_EEMPTY, "nothing changed since bundle %lld to %s",
				    (long long)hdr->seq - 1, hdr->peer);
	}
	sync_count_changes(cs, n, counts);
	hdr->ntables = 0;
	for (int i = 0; i < nti; i++) {
		if (!ti[i].n)
			continue;
		sync_table *t = &hdr->tables[hdr->ntables++];
		memcpy(t->name, ti[i].name, sizeof t->name);
		t->ncols = ti[i].n;
		for (int c = 0; c < ti[i].n; c++)
			t->cols[c] = ti[i].cols[c];
	}
	mc_clock_stamp(hdr->created);
	hdr->schema = mc_store_schema_version();
	/* The history chain's head travels with the office's dossiers. */
	if (strcmp(hdr->kind, "dossiers") == 0 && (r = store_chain_stamp(s, hdr, err)) != MC_OK) {
		sqlite3_free(cs);
		return r;
	}
	r = sync_bundle_format(hdr, cs, (size_t)n, out, outlen, err);
	sqlite3_free(cs);
	if (r == MC_OK && (r = record_out(s, hdr, by, *out, *outlen, err)) != MC_OK) {
		free(*out);
		*out = NULL;
	}
	return r;
}

mc_status store_sync_export(mc_store *s, sync_bundle *hdr, const char *const *tables,
			    const char *by, unsigned char **out, size_t *outlen,
			    mc_sync_counts *counts, mc_error *err)
{
	*out = NULL;
	if (s->pg)
		return pgstore_sync_export(s, hdr, tables, by, out, outlen, counts, err);
	struct tinfo ti[MC_SYNC_MAX_TABLES];
	int nti = 0;
	mc_status r = MC_OK;
	for (; tables[nti] && nti < MC_SYNC_MAX_TABLES; nti++)
		if ((r = sync_tinfo_load(s, tables[nti], &ti[nti], err)) != MC_OK)
			break;
	if (r == MC_OK)
		r = exec_sql(s, "ATTACH ':memory:' AS " SHADOW, "preparing the export", err);
	if (r == MC_OK) {
		if ((r = mc_store_begin(s, err)) == MC_OK) {
			r = export_locked(s, hdr, ti, nti, by, out, outlen, counts, err);
			/* Nothing to send still keeps the picture and forgets the
			 * rows written back to what was sent. */
			if (r == MC_OK || r == MC_EEMPTY) {
				mc_status c = mc_store_commit(s, err);
				r = c == MC_OK ? r : c;
			} else {
				mc_store_rollback(s);
			}
			if (r != MC_OK) {
				free(*out);
				*out = NULL;
			}
		}
		sqlite3_exec(s->db, "DETACH " SHADOW, NULL, NULL, NULL);
	}
	for (int i = 0; i < nti; i++)
		sync_tinfo_free(&ti[i]);
	return r;
}

mc_status store_sync_again(mc_store *s, const char *peer, int64_t seq, unsigned char **out,
			   size_t *outlen, mc_error *err)
{
	static const char sql[] = "SELECT bundle FROM sync_out WHERE peer = ?1 AND seq = ?2";
	if (s->pg)
		return pgstore_sync_again(s, peer, seq, out, outlen, err);
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, peer);
	sqlite3_bind_int64(st, 2, seq);
	int rc = sqlite3_step(st);
	mc_status r = MC_OK;
	if (rc == SQLITE_ROW) {
		*outlen = (size_t)sqlite3_column_bytes(st, 0);
		if ((*out = malloc(*outlen + 1)))
			memcpy(*out, sqlite3_column_blob(st, 0), *outlen);
		else
			r = mc_error_set(err, MC_ESYS, "out of memory");
	} else if (rc == SQLITE_DONE) {
		r = mc_error_set(err, MC_EDATA, "no bundle %lld was exported to %s", (long long)seq,
				 peer);
	} else {
		r = store_fail(s, "reading the bundles sent", err);
	}
	store_done(st);
	return r;
}

mc_status store_sync_log(mc_store *s, mc_sync_log_cb cb, void *ctx, mc_error *err)
{
	static const char sql[] =
		"SELECT 'out', kind, peer, seq, created_at, created_by,"
		"  length(bundle) || ' bytes' FROM sync_out"
		" UNION ALL SELECT 'in', kind, unit, seq, applied_at, applied_by, summary"
		" FROM sync_in ORDER BY 5, 1, 3, 4";
	if (s->pg)
		return pgstore_sync_log(s, cb, ctx, err);
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		mc_sync_log_entry e;
		store_col_copy(st, 0, e.dir, sizeof e.dir);
		store_col_copy(st, 1, e.kind, sizeof e.kind);
		store_col_copy(st, 2, e.unit_or_peer, sizeof e.unit_or_peer);
		e.seq = sqlite3_column_int64(st, 3);
		store_col_copy(st, 4, e.at, sizeof e.at);
		store_col_copy(st, 5, e.by, sizeof e.by);
		store_col_copy(st, 6, e.summary, sizeof e.summary);
		if (cb(&e, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	store_done(st);
	return rc == SQLITE_DONE ? MC_OK : store_fail(s, "reading the sync log", err);
}
