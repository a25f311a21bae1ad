/*
 * The picture of what each peer was sent, kept in the database so that an
 * export reads only the rows changed since (docs/sync.md, "Capture").
 *
 * sync_sent_<table> holds, per peer (column mc_peer), every row of <table>
 * as the peer last received it. Triggers (schema step sync_delta) list in
 * sync_dirty the key of every row written since the peer's last bundle:
 * the row's id, or for documents their parent's id, or a holiday's day,
 * always the first column of the table's primary key. An export copies
 * the kept picture of just those keys into the in-memory mc_shadow, lets
 * an SQLite session on mc_shadow watch them become the live rows, and
 * takes the session's changeset: the same inserts, updates of changed
 * columns with their "before" values, and deletions that a diff of the
 * whole tables gives, at the cost of the change.
 *
 * The copies are created here, not in the schema step, because their
 * columns follow the live tables as later steps add columns (a column the
 * peer never saw is NULL in its picture, as it was when the picture was
 * rebuilt from the bundles).
 */
#include "store_sync_export.h"

#include <stdio.h>
#include <string.h>

/* The key that sync_dirty holds for a table: the first primary-key column. */
static const char *key_column(const struct tinfo *t)
{
	for (int i = 0; i < t->n; i++)
		if (t->pk[i] == 1)
			return t->cols[i];
	return NULL;
}

mc_status sync_exec_dyn(mc_store *s, char *sql, const char *peer, const char *what,
			mc_error *err)
{
	if (!sql)
		return mc_error_set(err, MC_ESYS, "out of memory");
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK)
		return store_fail(s, what, err);
	if (peer)
		store_bind_text(st, 1, peer);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? MC_OK : store_fail(s, what, err);
}

mc_status sync_sent_tracked(mc_store *s, const char *peer, bool *tracked, mc_error *err)
{
	static const char sql[] = "SELECT 1 FROM sync_peer WHERE peer = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, peer);
	int rc = sqlite3_step(st);
	store_done(st);
	*tracked = rc == SQLITE_ROW;
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? MC_OK
						    : store_fail(s, "reading the sync peers", err);
}

mc_status sync_sent_prepare(mc_store *s, const struct tinfo *t, mc_error *err)
{
	char name[64];
	snprintf(name, sizeof name, "sync_sent_%s", t->name);
	struct tinfo have;
	mc_status r = sync_tinfo_load(s, name, &have, err);
	if (r != MC_OK)
		return r;
	if (have.n == 0) {
		sqlite3_str *q = sqlite3_str_new(s->db);
		sqlite3_str_appendf(q, "CREATE TABLE main.\"%w\" (mc_peer TEXT NOT NULL", name);
		for (int i = 0; i < t->n; i++)
			sqlite3_str_appendf(q, ", \"%w\" %s", t->cols[i], t->types[i]);
		sqlite3_str_appendall(q, ", PRIMARY KEY (mc_peer");
		for (int k = 1; k <= t->n; k++)
			for (int i = 0; i < t->n; i++)
				if (t->pk[i] == k)
					sqlite3_str_appendf(q, ", \"%w\"", t->cols[i]);
		sqlite3_str_appendall(q, ")) WITHOUT ROWID");
		r = sync_exec_dyn(s, sqlite3_str_finish(q), NULL, "keeping what was sent", err);
	}
	bool widened = false;
	for (int i = 0; i < t->n && r == MC_OK && have.n; i++) {
		if (sync_tinfo_col(&have, t->cols[i]) >= 0)
			continue;
		char *sql = sqlite3_mprintf("ALTER TABLE main.\"%w\" ADD COLUMN \"%w\" %s", name,
					    t->cols[i], t->types[i]);
		r = sync_exec_dyn(s, sql, NULL, "keeping what was sent", err);
		widened = true;
	}
	/* The peers never saw the new column (NULL in their picture) and adding
	 * it fired no trigger: every row they hold is compared once. */
	if (r == MC_OK && widened) {
		sqlite3_str *q = sqlite3_str_new(s->db);
		sqlite3_str_appendf(q, "INSERT OR IGNORE INTO main.sync_dirty(peer, tbl, k)"
				       " SELECT DISTINCT mc_peer, '%q', \"%w\" FROM main.\"%w\"",
				    t->name, key_column(t), name);
		r = sync_exec_dyn(s, sqlite3_str_finish(q), NULL, "keeping what was sent", err);
	}
	sync_tinfo_free(&have);
	return r;
}

/* "c1", "c2", ... of t. */
static void append_cols(sqlite3_str *q, const struct tinfo *t)
{
	for (int i = 0; i < t->n; i++)
		sqlite3_str_appendf(q, "%s\"%w\"", i ? ", " : "", t->cols[i]);
}

/* WHERE-clause tail: the table's key is among peer's changed keys. */
static void append_dirty(sqlite3_str *q, const struct tinfo *t)
{
	sqlite3_str_appendf(q, "\"%w\" IN (SELECT k FROM main.sync_dirty WHERE peer = ?1 AND"
			       " tbl = '%q')", key_column(t), t->name);
}

mc_status sync_sent_load(mc_store *s, const struct tinfo *t, const char *peer, mc_error *err)
{
	sqlite3_str *q = sqlite3_str_new(s->db);
	sqlite3_str_appendf(q, "INSERT INTO " SHADOW ".\"%w\" (", t->name);
	append_cols(q, t);
	sqlite3_str_appendall(q, ") SELECT ");
	append_cols(q, t);
	sqlite3_str_appendf(q, " FROM main.\"sync_sent_%w\" WHERE mc_peer = ?1 AND ", t->name);
	append_dirty(q, t);
	return sync_exec_dyn(s, sqlite3_str_finish(q), peer, "reading what was sent", err);
}

mc_status sync_sent_advance(mc_store *s, const struct tinfo *t, const char *peer, mc_error *err)
{
	sqlite3_str *q = sqlite3_str_new(s->db);
	sqlite3_str_appendf(q, "DELETE FROM " SHADOW ".\"%w\" WHERE ", t->name);
	append_dirty(q, t);
	mc_status r = sync_exec_dyn(s, sqlite3_str_finish(q), peer, "comparing", err);
	if (r != MC_OK)
		return r;
	q = sqlite3_str_new(s->db);
	sqlite3_str_appendf(q, "INSERT INTO " SHADOW ".\"%w\" (", t->name);
	append_cols(q, t);
	sqlite3_str_appendall(q, ") SELECT ");
	append_cols(q, t);
	sqlite3_str_appendf(q, " FROM main.\"%w\" WHERE ", t->name);
	append_dirty(q, t);
	return sync_exec_dyn(s, sqlite3_str_finish(q), peer, "comparing", err);
}

mc_status sync_sent_keep(mc_store *s, const struct tinfo *t, const char *peer, bool all,
			 mc_error *err)
{
	sqlite3_str *q = sqlite3_str_new(s->db);
	sqlite3_str_appendf(q, "DELETE FROM main.\"sync_sent_%w\" WHERE mc_peer = ?1", t->name);
	if (!all) {
		sqlite3_str_appendall(q, " AND ");
		append_dirty(q, t);
	}
	mc_status r = sync_exec_dyn(s, sqlite3_str_finish(q), peer, "keeping what was sent", err);
	if (r != MC_OK)
		return r;
	q = sqlite3_str_new(s->db);
	sqlite3_str_appendf(q, "INSERT INTO main.\"sync_sent_%w\" (mc_peer, ", t->name);
	append_cols(q, t);
	sqlite3_str_appendall(q, ") SELECT ?1, ");
	append_cols(q, t);
	sqlite3_str_appendf(q, " FROM main.\"%w\"", t->name);
	if (!all) {
		sqlite3_str_appendall(q, " WHERE ");
		append_dirty(q, t);
	}
	return sync_exec_dyn(s, sqlite3_str_finish(q), peer, "keeping what was sent", err);
}

mc_status sync_sent_done(mc_store *s, const char *peer, const char *kind, mc_error *err)
{
	static const char track[] = "INSERT INTO sync_peer(peer, kind) VALUES(?1, ?2)"
				    " ON CONFLICT(peer) DO UPDATE SET kind = excluded.kind";
	static const char forget[] = "DELETE FROM sync_dirty WHERE peer = ?1";
	sqlite3_stmt *st = store_stmt(s, track, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, peer);
	store_bind_text(st, 2, kind);
	mc_status r = store_exec(s, st, "keeping what was sent", err);
	if (r != MC_OK || !(st = store_stmt(s, forget, err)))
		return r != MC_OK ? r : MC_ESYS;
	store_bind_text(st, 1, peer);
	return store_exec(s, st, "keeping what was sent", err);
}
