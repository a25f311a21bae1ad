/*
 * Opening, checking and migrating the database; the statement cache;
 * transactions; office and settings. See include/motcua/store.h.
 */
#include "store_internal.h"
#include "store_chain.h"
#include "store_schema.h"
#include "pgstore.h"

#include "motcua/oplog.h"
#include "motcua/auth.h"
#include "motcua/text.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* "MCUA": marks a file as ours so a foreign database is never migrated. */
#define MOTCUA_APPLICATION_ID 0x4d435541

int mc_store_schema_version(void)
{
	return store_schema_count();
}

mc_status store_fail(mc_store *s, const char *what, mc_error *err)
{
	int rc = sqlite3_extended_errcode(s->db);
	const char *msg = sqlite3_errmsg(s->db);
	switch (rc & 0xff) {
	case SQLITE_FULL:
		return mc_error_set(err, MC_ESYS,
				    "%s: the disk is full; nothing was saved (%s)", what, s->path);
	case SQLITE_READONLY: {
		/* A -shm (or -wal) left by someone whose umask or group kept the
		 * others out makes the whole database read-only: name it and the fix. */
		char side[4200];
		bool db_writable = faccessat(AT_FDCWD, s->path, W_OK, AT_EACCESS) == 0;
		for (int i = 0; db_writable && i < 2; i++) {
			snprintf(side, sizeof side, "%s%s", s->path, i ? "-wal" : "-shm");
			if (faccessat(AT_FDCWD, side, F_OK, AT_EACCESS) == 0 &&
			    faccessat(AT_FDCWD, side, W_OK, AT_EACCESS) != 0)
				return mc_error_set(err, MC_ESYS,
						    "%s: %s is read-only for this user, so the "
						    "database is too; nothing was saved (fix: when "
						    "nobody is using motcua, 'chmod g+w %s' or remove "
						    "it; docs/security.md)", what, side, side);
		}
		return mc_error_set(err, MC_ESYS,
				    "%s: the database is read-only; nothing was saved (%s)",
				    what, s->path);
	}
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return mc_error_set(err, MC_ESYS,
				    "%s: the database stayed busy too long; nothing was saved (%s)",
				    what, s->path);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return mc_error_set(err, MC_ESYS,
				    "%s: the database file is damaged (%s): %s", what, s->path, msg);
	case SQLITE_CONSTRAINT:
		return mc_error_set(err, MC_EDATA, "%s: %s", what, msg);
	default:
		return mc_error_set(err, MC_ESYS, "%s: %s (%s)", what, msg, s->path);
	}
}

sqlite3_stmt *store_stmt(mc_store *s, const char *sql, mc_error *err)
{
	/* On a PostgreSQL hub only the operations pgstore*.c implements run;
	 * anything else reaching SQLite's side stops here, said plainly. */
	if (!s->db) {
		pgstore_unsupported("this operation", err);
		return NULL;
	}
	for (int i = 0; i < s->ncache; i++)
		if (s->cache[i].sql == sql) {
			sqlite3_stmt *st = s->cache[i].stmt;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		store_fail(s, "preparing a query", err);
		return NULL;
	}
	if (s->ncache < STORE_STMT_CACHE) {
		s->cache[s->ncache].sql = sql;
		s->cache[s->ncache].stmt = st;
		s->ncache++;
	} else {
		/* Cache full: should not happen; keep working, leak-free. */
		sqlite3_finalize(s->cache[0].stmt);
		s->cache[0].sql = sql;
		s->cache[0].stmt = st;
	}
	return st;
}

void store_done(sqlite3_stmt *st)
{
	if (st)
		sqlite3_reset(st);
}

mc_status store_exec(mc_store *s, sqlite3_stmt *st, const char *what, mc_error *err)
{
	int rc = sqlite3_step(st);
	mc_status r = MC_OK;
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		r = store_fail(s, what, err);
	store_done(st);
	return r;
}

void store_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

void store_col_copy(sqlite3_stmt *st, int col, char *buf, size_t bufsz)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	snprintf(buf, bufsz, "%s", t ? (const char *)t : "");
}

/* Run a script of statements (schema DDL) one prepared statement at a time. */
static mc_status exec_script(mc_store *s, const char *sql, const char *what, mc_error *err)
{
	const char *tail = sql;
	while (tail && *tail) {
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(s->db, tail, -1, &st, &tail) != SQLITE_OK)
			return store_fail(s, what, err);
		if (!st)
			break;
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			;
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return store_fail(s, what, err);
	}
	return MC_OK;
}

static mc_status pragma_int(mc_store *s, const char *sql, int *out, mc_error *err)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "reading the database header", err);
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, "reading the database header", err);
	return MC_OK;
}

/* Reads only: decides whether this file may be used, before any write. */
/* The file begins with SQLite's magic string (so a NOTADB is damage). */
static bool sqlite_magic(const char *path)
{
	char head[16];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool yes = fd >= 0 && read(fd, head, sizeof head) == (ssize_t)sizeof head &&
		   memcmp(head, "SQLite format 3", 16) == 0;
	if (fd >= 0)
		close(fd);
	return yes;
}

static mc_status check_identity(mc_store *s, int *version, mc_error *err)
{
	int app = 0, tables = 0;
	mc_status st = pragma_int(s, "PRAGMA application_id", &app, err);
	if (st != MC_OK) {
		if (sqlite3_errcode(s->db) == SQLITE_NOTADB && sqlite_magic(s->path))
			return mc_error_set(err, MC_ESYS,
					    "%s is damaged: it starts as an SQLite file but its header "
					    "is invalid; it was left untouched (restore the last backup "
					    "into a new file with 'motcua --db NEW restore BACKUP')",
					    s->path);
		if (sqlite3_errcode(s->db) == SQLITE_NOTADB)
			return mc_error_set(err, MC_EDATA,
					    "%s is not a motcua database (not an SQLite file); "
					    "it was left untouched", s->path);
		return st;
	}
	if ((st = pragma_int(s, "PRAGMA user_version", version, err)) != MC_OK)
		return st;
	if ((st = pragma_int(s, "SELECT count(*) FROM sqlite_schema", &tables, err)) != MC_OK)
		return st;
	if (app != MOTCUA_APPLICATION_ID && (tables > 0 || *version != 0))
		return mc_error_set(err, MC_EDATA,
				    "%s is an SQLite database of another program "
				    "(application_id %d, %d tables); it was left untouched",
				    s->path, app, tables);
	if (*version > mc_store_schema_version())
		return mc_error_set(err, MC_EDATA,
				    "%s has schema version %d but this motcua knows only up to %d; "
				    "use a newer motcua (the file was left untouched)",
				    s->path, *version, mc_store_schema_version());
	return MC_OK;
}

static mc_status migrate(mc_store *s, int from, mc_error *err)
{
	mc_status st = mc_store_begin(s, err);
	if (st != MC_OK)
		return st;
	/* Another process may have migrated while we waited for the lock. */
	int now = 0;
	if ((st = pragma_int(s, "PRAGMA user_version", &now, err)) != MC_OK)
		goto fail;
	if (now > mc_store_schema_version()) {
		st = mc_error_set(err, MC_EDATA, "%s was upgraded by a newer motcua meanwhile",
				  s->path);
		goto fail;
	}
	(void)from;
	for (int v = now + 1; v <= mc_store_schema_version(); v++) {
		char what[64];
		snprintf(what, sizeof what, "migrating the schema to version %d", v);
		if ((st = exec_script(s, store_schema_step(v), what, err)) != MC_OK)
			goto fail;
	}
	if (now < mc_store_schema_version()) {
		char sql[96];
		/* PRAGMA cannot take bound parameters; both values are our integers. */
		snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d;",
			 MOTCUA_APPLICATION_ID, mc_store_schema_version());
		if ((st = exec_script(s, sql, "stamping the schema version", err)) != MC_OK)
			goto fail;
	}
	return mc_store_commit(s, err);
fail:
	mc_store_rollback(s);
	return st;
}

mc_status store_upgrade(mc_store *s, mc_error *err)
{
	int version = 0;
	mc_status st = check_identity(s, &version, err);
	if (st == MC_OK && version < mc_store_schema_version())
		st = migrate(s, version, err);
	return st;
}

/* Writers wait instead of failing: sleep with a growing step, up to ~60 s,
 * so that dozens of clerk processes on one file never see "locked". */
static int busy_wait(void *arg, int tries)
{
	(void)arg;
	if (tries > 2000)
		return 0;
	long us = tries < 10 ? 1000L * (tries + 1) : 20000L + (rand() % 10000);
	struct timespec ts = {0, us * 1000L};
	nanosleep(&ts, NULL);
	return 1;
}

/* Process-wide SQLite settings, before its first use (sqlite3_config is
 * refused once SQLite is initialised; then the defaults simply stay). No
 * up-front page cache: SQLite would otherwise allocate and touch 20 pages
 * (about 85 KiB) per connection whether or not the database ever needs
 * them; the office database is small and pages now come as they are read.
 * No memory statistics: nothing reads them, and they cost a lock on every
 * allocation. */
static void configure_sqlite(void)
{
	static bool done;
	if (done)
		return;
	done = true;
	sqlite3_config(SQLITE_CONFIG_PAGECACHE, (void *)NULL, 0, 0);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	/* A path is a path: a "file:" URI would open one file while the owner
	 * check (mc_auth_is_local_admin) looked at another. */
	sqlite3_config(SQLITE_CONFIG_URI, 0);
}

/* The URI as messages show it: any password replaced by ***. */
static char *masked_uri(const char *uri)
{
	char *m = strdup(uri);
	char *auth = m ? strstr(m, "://") : NULL;
	if (!auth)
		return m;
	auth += 3;
	char *at = strchr(auth, '@'), *colon = strchr(auth, ':');
	if (at && colon && colon < at && at - colon > 1) {
		memmove(colon + 4, at, strlen(at) + 1);
		memcpy(colon + 1, "***", 3);
	}
	char *pw = strstr(m, "password=");
	if (pw)
		for (pw += 9; *pw && *pw != '&'; pw++)
			*pw = '*';
	return m;
}

static mc_status open_postgres(const char *uri, mc_store **out, mc_error *err)
{
	mc_store *s = calloc(1, sizeof *s);
	if (!s || !(s->path = masked_uri(uri))) {
		free(s);
		return mc_error_set(err, MC_ESYS, "out of memory");
	}
	mc_status st = pgstore_open(s, uri, err);
	if (st != MC_OK) {
		mc_store_close(s);
		return st;
	}
	*out = s;
	return MC_OK;
}

bool mc_store_is_postgres(const char *path)
{
	return pgstore_is_uri(path);
}

bool mc_store_on_postgres(const mc_store *s)
{
	return s && s->pg;
}

mc_status mc_store_open(const char *path, mc_store **out, mc_error *err)
{
	*out = NULL;
	if (pgstore_is_uri(path))
		return open_postgres(path, out, err);
	configure_sqlite();
	mc_store *s = calloc(1, sizeof *s);
	if (!s || !(s->path = strdup(path))) {
		free(s);
		return mc_error_set(err, MC_ESYS, "out of memory");
	}
	bool existed = access(path, F_OK) == 0;
	/* New files are shared by the clerks' group: 0660 (docs/security.md).
	 * SQLite would create 0644 & ~umask, so the file is made here first;
	 * its -wal and -shm files take the same mode. */
	mode_t old_mask = umask(0007);
	if (!existed) {
		int fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0660);
		if (fd >= 0)
			close(fd);
	}
	int rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	umask(old_mask);
	mc_status st = MC_OK;
	if (rc != SQLITE_OK) {
		/* SQLite says "unable to open database file" whatever the cause:
		 * name the system's reason, and for a clerk outside the file's
		 * group what to do about it. */
		int sys = s->db ? sqlite3_system_errno(s->db) : ENOMEM;
		if (sys == EACCES || sys == EPERM)
			st = mc_error_set(err, MC_ESYS,
					  "cannot open database %s: permission denied (the file and its "
					  "directory must be writable by the clerks' group: "
					  "docs/security.md)", path);
		else
			st = mc_error_set(err, MC_ESYS, "cannot open database %s: %s%s%s%s", path,
					  s->db ? sqlite3_errmsg(s->db) : "out of memory",
					  sys ? " (" : "", sys ? strerror(sys) : "", sys ? ")" : "");
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_handler(s->db, busy_wait, NULL);
	store_chain_register(s->db);
	int version = 0;
	if ((st = check_identity(s, &version, err)) != MC_OK)
		goto fail;
	if ((st = exec_script(s, "PRAGMA foreign_keys=ON; PRAGMA journal_mode=WAL; "
				 "PRAGMA synchronous=FULL;", "configuring the database", err)) != MC_OK)
		goto fail;
	if (version < mc_store_schema_version() && (st = migrate(s, version, err)) != MC_OK)
		goto fail;
	*out = s;
	return MC_OK;
fail:
	mc_store_close(s);
	if (!existed && st != MC_OK)
		unlink(path);
	return st;
}

mc_status store_open_memory(mc_store **out, mc_error *err)
{
	*out = NULL;
	configure_sqlite();
	mc_store *s = calloc(1, sizeof *s);
	if (!s || !(s->path = strdup("(a database in memory)"))) {
		free(s);
		return mc_error_set(err, MC_ESYS, "out of memory");
	}
	mc_status st = MC_OK;
	if (sqlite3_open_v2(":memory:", &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			    SQLITE_OPEN_MEMORY, NULL) != SQLITE_OK) {
		st = mc_error_set(err, MC_ESYS, "cannot open a database in memory: %s",
				  s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	store_chain_register(s->db);
	if ((st = exec_script(s, "PRAGMA foreign_keys=ON", "configuring the database", err)) != MC_OK ||
	    (st = migrate(s, 0, err)) != MC_OK)
		goto fail;
	*out = s;
	return MC_OK;
fail:
	mc_store_close(s);
	return st;
}

mc_status store_open_readonly(const char *path, mc_store **out, int *version, mc_error *err)
{
	*out = NULL;
	configure_sqlite();
	mc_store *s = calloc(1, sizeof *s);
	if (!s || !(s->path = strdup(path))) {
		free(s);
		return mc_error_set(err, MC_ESYS, "out of memory");
	}
	mc_status st;
	if (access(path, R_OK) != 0) {
		st = mc_error_set(err, MC_EDATA, "cannot read %s: %s", path, strerror(errno));
		goto fail;
	}
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		st = mc_error_set(err, MC_ESYS, "cannot open %s: %s", path,
				  s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_handler(s->db, busy_wait, NULL);
	store_chain_register(s->db);
	*version = 0;
	if ((st = check_identity(s, version, err)) != MC_OK)
		goto fail;
	*out = s;
	return MC_OK;
fail:
	mc_store_close(s);
	return st;
}

void mc_store_close(mc_store *s)
{
	if (!s)
		return;
	pgstore_close(s);
	for (int i = 0; i < s->ncache; i++)
		sqlite3_finalize(s->cache[i].stmt);
	if (s->db)
		sqlite3_close(s->db);
	free(s->path);
	free(s);
}

const char *mc_store_path(const mc_store *s)
{
	return s->path;
}

mc_status mc_store_begin(mc_store *s, mc_error *err)
{
	static const char sql[] = "BEGIN IMMEDIATE";
	if (s->pg)
		return pg_begin(s, err);
	sqlite3_stmt *st = store_stmt(s, sql, err);
	return st ? store_exec(s, st, "starting a transaction", err) : MC_ESYS;
}

mc_status mc_store_commit(mc_store *s, mc_error *err)
{
	static const char sql[] = "COMMIT";
	if (s->pg)
		return pg_commit(s, err);
	sqlite3_stmt *st = store_stmt(s, sql, err);
	mc_status r = st ? store_exec(s, st, "saving", err) : MC_ESYS;
	if (r != MC_OK)
		mc_store_rollback(s);
	return r;
}

void mc_store_rollback(mc_store *s)
{
	if (s->pg) {
		pg_rollback(s);
		return;
	}
	if (!sqlite3_get_autocommit(s->db)) {
		static const char sql[] = "ROLLBACK";
		sqlite3_stmt *st = store_stmt(s, sql, NULL);
		if (st)
			store_exec(s, st, "rolling back", NULL);
	}
}

mc_status mc_store_office_get(mc_store *s, mc_office *out, mc_error *err)
{
	static const char sql[] = "SELECT unit_code, name FROM office WHERE id = 1";
	if (s->pg)
		return pgstore_office_get(s, out, err);
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		store_col_copy(st, 0, out->unit_code, sizeof out->unit_code);
		store_col_copy(st, 1, out->name, sizeof out->name);
		store_done(st);
		return MC_OK;
	}
	store_done(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "reading the office", err);
	return mc_error_set(err, MC_EDATA,
			    "%s has no office yet: run 'motcua init --unit CODE --name NAME'", s->path);
}

mc_status mc_store_office_set(mc_store *s, const mc_office *o, mc_error *err)
{
	if (mc_auth_require(s, MC_ROLE_ADMIN, "change the office's name or unit", err))
		return MC_EDATA;
	char *name;
	if (mc_text_clean(o->name, &name, err) != MC_OK)
		return mc_error_prefix(err, "office name");
	if (!*name) {
		free(name);
		return mc_error_set(err, MC_EDATA, "the office name is empty");
	}
	static const char sql[] =
		"INSERT INTO office(id, unit_code, name) VALUES(1, ?1, ?2) "
		"ON CONFLICT(id) DO UPDATE SET unit_code = ?1, name = ?2";
	if (s->pg) {
		mc_status r = pgstore_office_set(s, o, name, err);
		free(name);
		return r;
	}
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st) {
		free(name);
		return MC_ESYS;
	}
	store_bind_text(st, 1, o->unit_code);
	store_bind_text(st, 2, name);
	free(name);
	return store_exec(s, st, "saving the office", err);
}

mc_status mc_store_setting_get(mc_store *s, const char *key, char *buf, size_t bufsz,
			       mc_error *err)
{
	static const char sql[] = "SELECT value FROM settings WHERE key = ?1";
	if (s->pg)
		return pgstore_setting_get(s, key, buf, bufsz, err);
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, key);
	int rc = sqlite3_step(st);
	mc_status r = MC_OK;
	if (rc == SQLITE_ROW)
		store_col_copy(st, 0, buf, bufsz);
	else if (rc == SQLITE_DONE)
		r = MC_EEMPTY;
	else
		r = store_fail(s, "reading a setting", err);
	store_done(st);
	return r;
}

mc_status mc_store_setting_set(mc_store *s, const char *key, const char *value, mc_error *err)
{
	/* The working calendar decides every appointment; sync settings say
	 * where the office's data goes. */
	if (strncmp(key, "calendar.", 9) == 0 &&
	    mc_auth_require(s, MC_ROLE_SUPERVISOR, "change the working calendar", err))
		return MC_EDATA;
	if (strncmp(key, "sync.", 5) == 0 &&
	    mc_auth_require(s, MC_ROLE_ADMIN, "change the sync set-up", err))
		return MC_EDATA;
	static const char sql[] =
		"INSERT INTO settings(key, value) VALUES(?1, ?2) "
		"ON CONFLICT(key) DO UPDATE SET value = ?2";
	mc_status r;
	if (s->pg) {
		r = pgstore_setting_set(s, key, value, err);
	} else {
		sqlite3_stmt *st = store_stmt(s, sql, err);
		if (!st)
			return MC_ESYS;
		store_bind_text(st, 1, key);
		store_bind_text(st, 2, value);
		r = store_exec(s, st, "saving a setting", err);
	}
	if (r == MC_OK)
		mc_oplog(s, MC_OPLOG_OPS, "setting %s changed", key);
	return r;
}

mc_status mc_store_setting_unset(mc_store *s, const char *key, mc_error *err)
{
	static const char sql[] = "DELETE FROM settings WHERE key = ?1";
	if (s->pg) {
		bool existed = false;
		mc_status r = pgstore_setting_unset(s, key, &existed, err);
		if (r == MC_OK && !existed)
			return MC_EEMPTY;
		if (r == MC_OK)
			mc_oplog(s, MC_OPLOG_OPS, "setting %s removed", key);
		return r;
	}
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, key);
	mc_status r = store_exec(s, st, "removing a setting", err);
	if (r == MC_OK && sqlite3_changes(s->db) == 0)
		r = MC_EEMPTY;
	else if (r == MC_OK)
		mc_oplog(s, MC_OPLOG_OPS, "setting %s removed", key);
	return r;
}
