/*
 * Private to src/core/store*.c: the connection, a cache of prepared
 * statements keyed by their SQL text, and small binding helpers. Every
 * statement in the store goes through store_stmt(), so each SQL string is
 * compiled once per connection and values are always bound, never pasted.
 */
#ifndef MOTCUA_STORE_INTERNAL_H
#define MOTCUA_STORE_INTERNAL_H

#include <sqlite3.h>

#include "motcua/store.h"

#define STORE_STMT_CACHE 96

struct pgconn;

struct mc_store {
	sqlite3 *db;            /* NULL on a PostgreSQL hub */
	struct pgconn *pg;      /* the hub's connection (pgstore.h), else NULL */
	char *path;
	struct {
		const char *sql;
		sqlite3_stmt *stmt;
	} cache[STORE_STMT_CACHE];
	int ncache;
	/* The acting user (see motcua/auth.h); none set = the local admin. */
	struct {
		bool set, locked;
		int role;               /* mc_role */
		char name[64];
		long long last_active;  /* CLOCK_MONOTONIC seconds */
	} actor;
};

/* A reset, ready-to-bind statement for sql (a string literal), or NULL with
 * err set. Do not finalize it; call store_done() when finished. */
sqlite3_stmt *store_stmt(mc_store *s, const char *sql, mc_error *err);
void store_done(sqlite3_stmt *st);

/* Open an existing file read-only after the same identity checks as
 * mc_store_open (a motcua database or an empty SQLite file, schema not
 * newer than ours); no migration, nothing written. *version is its
 * schema version (0 for an empty file). */
/* An empty database in memory with the whole SQLite schema (the hub builds
 * the reference tables there to diff them with the session code). */
mc_status store_open_memory(mc_store **out, mc_error *err);
mc_status store_open_readonly(const char *path, mc_store **out, int *version, mc_error *err);

/* Check the identity again and migrate to our schema (after a restore
 * replaced the content under an open handle). */
mc_status store_upgrade(mc_store *s, mc_error *err);

/* Turn the connection's last error into an mc_error (disk full, read-only,
 * busy and corruption get messages of their own). */
mc_status store_fail(mc_store *s, const char *what, mc_error *err);

/* Step a statement that returns no rows. */
mc_status store_exec(mc_store *s, sqlite3_stmt *st, const char *what, mc_error *err);

/* Bind helpers: NULL text binds SQL NULL. */
void store_bind_text(sqlite3_stmt *st, int i, const char *v);
void store_col_copy(sqlite3_stmt *st, int col, char *buf, size_t bufsz);

#endif
