/*
 * Store side of backup, restore and check (include/motcua/backup.h): the
 * SQLite online backup API and the queries of the consistency check. The
 * decisions (what to refuse, where files go, how problems read) are in
 * backup.c and check.c.
 */
#include "store_backup.h"
#include "pgstore.h"
#include "motcua/progress.h"
#include "store_chain.h"
#include "store_schema.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* Copy every page of src into dst in one step from one read snapshot;
 * a busy or locked database is waited for (the busy handlers run too). */
static mc_status copy_pages(sqlite3 *dst, sqlite3 *src, const char *what, const char *path,
			    mc_error *err)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b)
		return mc_error_set(err, MC_ESYS, "%s: %s (%s)", what, sqlite3_errmsg(dst), path);
	int rc, tries = 0;
	/* Shown on a terminal: steps of 128 pages inside one read transaction,
	 * so the copy is still one snapshot. Else all pages in one step. */
	bool steps = mc_progress_on() && sqlite3_get_autocommit(src) &&
		     sqlite3_exec(src, "BEGIN; SELECT count(*) FROM sqlite_schema", NULL, NULL,
				  NULL) == SQLITE_OK;
	for (;;) {
		rc = sqlite3_backup_step(b, steps ? 128 : -1);
		if (rc == SQLITE_OK) {
			int total = sqlite3_backup_pagecount(b);
			mc_progress(what, (uint64_t)(total - sqlite3_backup_remaining(b)),
				    (uint64_t)total);
			continue;
		}
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || ++tries > 600)
			break;
		struct timespec ts = {0, 100 * 1000000L};
		nanosleep(&ts, NULL);
	}
	if (rc == SQLITE_DONE)
		mc_progress(what, 1, 1);
	sqlite3_backup_finish(b);
	if (steps)
		sqlite3_exec(src, "COMMIT", NULL, NULL, NULL);
	if (rc == SQLITE_DONE)
		return MC_OK;
	int code = sqlite3_extended_errcode(dst) & 0xff;
	if (rc == SQLITE_FULL || code == SQLITE_FULL)
		return mc_error_set(err, MC_ESYS, "%s: the disk is full (%s)", what, path);
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return mc_error_set(err, MC_ESYS, "%s: the database stayed busy for a minute (%s)",
				    what, path);
	return mc_error_set(err, MC_ESYS, "%s: %s (%s)", what, sqlite3_errstr(rc), path);
}

/* "ok" or the first problem of PRAGMA quick_check, into msg. */
static mc_status quick_check(sqlite3 *db, char *msg, size_t msgsz)
{
	sqlite3_stmt *st = NULL;
	snprintf(msg, msgsz, "cannot be read");
	if (sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &st, NULL) != SQLITE_OK)
		return MC_EDATA;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);
		snprintf(msg, msgsz, "%s", t ? (const char *)t : "?");
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW && strcmp(msg, "ok") == 0 ? MC_OK : MC_EDATA;
}

mc_status store_backup_to(mc_store *s, const char *path, mc_error *err)
{
	if (!s->db)
		return pgstore_unsupported("a backup to a file", err);
	sqlite3 *dst = NULL;
	mode_t old = umask(0007);
	int rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	umask(old);
	if (rc != SQLITE_OK) {
		mc_status st = mc_error_set(err, MC_ESYS, "cannot create %s: %s", path,
					    dst ? sqlite3_errmsg(dst) : "out of memory");
		sqlite3_close(dst);
		return st;
	}
	mc_status st = copy_pages(dst, s->db, "backing up", path, err);
	/* A backup is one self-contained file: no -wal beside it. */
	if (st == MC_OK && sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL))
		st = mc_error_set(err, MC_ESYS, "backing up: %s (%s)", sqlite3_errmsg(dst), path);
	char msg[256];
	if (st == MC_OK && quick_check(dst, msg, sizeof msg) != MC_OK)
		st = mc_error_set(err, MC_ESYS, "the backup %s fails its check: %s", path, msg);
	if (sqlite3_close(dst) != SQLITE_OK && st == MC_OK)
		st = mc_error_set(err, MC_ESYS, "cannot close %s", path);
	return st;
}

mc_status store_sound(mc_store *s, mc_error *err)
{
	if (!s->db)
		return pgstore_unsupported("restoring from a file", err);
	char msg[256];
	if (quick_check(s->db, msg, sizeof msg) != MC_OK)
		return mc_error_set(err, MC_EDATA, "%s is damaged (%s); nothing was restored",
				    s->path, msg);
	return MC_OK;
}

mc_status store_restore_from(mc_store *s, mc_store *src, mc_error *err)
{
	if (!s->db)
		return pgstore_unsupported("restoring from a file", err);
	/* Cached statements would hold the old schema's read locks. */
	for (int i = 0; i < s->ncache; i++)
		sqlite3_reset(s->cache[i].stmt);
	mc_status st = copy_pages(s->db, src->db, "restoring", s->path, err);
	if (st != MC_OK)
		return st;
	if (sqlite3_exec(s->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(s, "restoring", err);
	return store_upgrade(s, err);
}

mc_status store_check_pragmas(mc_store *s, store_check_row cb, void *ctx, mc_error *err)
{
	if (!s->db)
		return pgstore_unsupported("'check' (on the hub, PostgreSQL's amcheck checks pages; each office's history chain is checked at every import)", err);
	static const char *const sql[] = {
		"SELECT 'integrity', integrity_check FROM pragma_integrity_check",
		"SELECT 'foreign key', \"table\" || ' row ' || coalesce(rowid, '?') || ' refers to a"
		" missing ' || parent FROM pragma_foreign_key_check",
		"SELECT 'identity', 'application_id ' || application_id FROM pragma_application_id"
		" WHERE application_id != 1296258369",
	};
	for (size_t q = 0; q < sizeof sql / sizeof sql[0]; q++) {
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(s->db, sql[q], -1, &st, NULL) != SQLITE_OK)
			return store_fail(s, "checking the database", err);
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *a = (const char *)sqlite3_column_text(st, 0);
			const char *b = (const char *)sqlite3_column_text(st, 1);
			if (q == 0 && b && strcmp(b, "ok") == 0)
				continue;
			const char *v[2] = {a ? a : "", b ? b : ""};
			if (cb(v, 2, ctx))
				break;
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE && rc != SQLITE_ROW)
			return store_fail(s, "checking the database", err);
	}
	return MC_OK;
}

mc_status store_check_user_version(mc_store *s, int *version, mc_error *err)
{
	if (!s->db)
		return pgstore_unsupported("'check'", err);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "checking the schema version", err);
	int rc = sqlite3_step(st);
	*version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? MC_OK : store_fail(s, "checking the schema version", err);
}

/* Rows of a query with text columns, one callback per row. */
static mc_status each_text_row(mc_store *s, const char *sql, const char *bind,
			       store_check_row cb, void *ctx, const char *what, mc_error *err)
{
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, bind);
	int rc, n = sqlite3_column_count(st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v[8];
		for (int i = 0; i < n && i < 8; i++) {
			const unsigned char *t = sqlite3_column_text(st, i);
			v[i] = t ? (const char *)t : NULL;
		}
		if (cb(v, n, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	store_done(st);
	return rc == SQLITE_DONE ? MC_OK : store_fail(s, what, err);
}

mc_status store_check_dossiers(mc_store *s, store_check_row cb, void *ctx, mc_error *err)
{
	/* code, unit_code, status, last status event's to_status, events */
	static const char sql[] =
		"SELECT d.code, d.unit_code, d.status,"
		" (SELECT e.to_status FROM dossier_events e WHERE e.dossier_id = d.id"
		"  AND coalesce(e.to_status, '') != '' ORDER BY e.id DESC LIMIT 1),"
		" (SELECT count(*) FROM dossier_events e WHERE e.dossier_id = d.id)"
		" FROM dossiers d ORDER BY d.id";
	return each_text_row(s, sql, NULL, cb, ctx, "checking dossiers", err);
}

mc_status store_check_uids(mc_store *s, store_check_row cb, void *ctx, mc_error *err)
{
	static const char sql[] =
		"SELECT 'event ' || e.id || ' of dossier ' || d.code, 'has no uid'"
		" FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE e.uid IS NULL";
	return each_text_row(s, sql, NULL, cb, ctx, "checking the history", err);
}

mc_status store_check_numbering(mc_store *s, const char *own_unit, store_check_row cb,
				void *ctx, mc_error *err)
{
	/* The code's own day: an imported dossier keeps a code whose day may
	 * differ from its received_at. */
	static const char sql[] =
		"SELECT d.code, coalesce(q.last, 0) FROM dossiers d"
		" LEFT JOIN dossier_seq q ON q.unit_code = d.unit_code AND q.day ="
		"  '20' || substr(d.code, length(d.unit_code) + 2, 2) || '-' ||"
		"  substr(d.code, length(d.unit_code) + 4, 2) || '-' ||"
		"  substr(d.code, length(d.unit_code) + 6, 2)"
		" WHERE d.unit_code = ?1 AND substr(d.code, 1, length(d.unit_code) + 1) ="
		"  d.unit_code || '-' AND coalesce(q.last, 0) <"
		"  CAST(substr(d.code, length(d.unit_code) + 9) AS INTEGER)";
	return each_text_row(s, sql, own_unit, cb, ctx, "checking the numbering", err);
}

/* Next (type, name, sql) of a schema walk, or false at the end. */
static bool schema_next(sqlite3_stmt *st, const char **type, const char **name, const char **sql)
{
	if (!st || sqlite3_step(st) != SQLITE_ROW)
		return false;
	*type = (const char *)sqlite3_column_text(st, 0);
	*name = (const char *)sqlite3_column_text(st, 1);
	*sql = (const char *)sqlite3_column_text(st, 2);
	return true;
}

mc_status store_same_schema(mc_store *src, int version, mc_error *err)
{
	/* The program's own schema at that version: every step run on an empty
	 * database in memory. */
	/* The sync_sent_<table> copies (and their indexes) are made by the
	 * export as the live tables' columns go (store_sync.c), not by a step:
	 * they are data, so they are left out; a trigger or view is never. */
	static const char walk[] =
		"SELECT type, name, coalesce(sql, '') FROM sqlite_schema"
		" WHERE substr(name, 1, 7) <> 'sqlite_'"
		" AND NOT (type IN ('table', 'index') AND substr(name, 1, 10) = 'sync_sent_')"
		" ORDER BY type, name";
	sqlite3 *ref = NULL;
	mc_status st = MC_OK;
	if (sqlite3_open_v2(":memory:", &ref, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		st = mc_error_set(err, MC_ESYS, "out of memory");
	if (st == MC_OK)
		store_chain_register(ref);
	for (int v = 1; st == MC_OK && v <= version; v++)
		if (sqlite3_exec(ref, store_schema_step(v), NULL, NULL, NULL) != SQLITE_OK)
			st = mc_error_set(err, MC_ESYS, "building the reference schema: %s",
					  sqlite3_errmsg(ref));
	sqlite3_stmt *a = NULL, *b = NULL;
	if (st == MC_OK && (sqlite3_prepare_v2(ref, walk, -1, &a, NULL) != SQLITE_OK ||
			    sqlite3_prepare_v2(src->db, walk, -1, &b, NULL) != SQLITE_OK))
		st = mc_error_set(err, MC_ESYS, "reading the schema of %s", src->path);
	const char *ta = NULL, *na = NULL, *qa = NULL, *tb = NULL, *nb = NULL, *qb = NULL;
	bool ha = st == MC_OK && schema_next(a, &ta, &na, &qa);
	bool hb = st == MC_OK && schema_next(b, &tb, &nb, &qb);
	while (st == MC_OK && (ha || hb)) {
		int c = !ha ? 1 : !hb ? -1 : strcmp(ta, tb) ? strcmp(ta, tb) : strcmp(na, nb);
		if (c < 0)
			st = mc_error_set(err, MC_EDATA, "%s lacks motcua's %s %s: it is not a backup "
					  "made by motcua; nothing was restored", src->path, ta, na);
		else if (c > 0)
			st = mc_error_set(err, MC_EDATA, "%s has a %s %s that motcua does not make: it "
					  "is not a backup made by motcua; nothing was restored",
					  src->path, tb, nb);
		else if (strcmp(qa, qb) != 0)
			st = mc_error_set(err, MC_EDATA, "%s has a changed %s %s: it is not motcua's "
					  "own; nothing was restored", src->path, ta, na);
		else {
			ha = schema_next(a, &ta, &na, &qa);
			hb = schema_next(b, &tb, &nb, &qb);
		}
	}
	sqlite3_finalize(a);
	sqlite3_finalize(b);
	sqlite3_close(ref);
	return st;
}
