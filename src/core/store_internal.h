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

struct mc_store {
	sqlite3 *db;
	char *path;
	struct {
		const char *sql;
		sqlite3_stmt *stmt;
	} cache[STORE_STMT_CACHE];
	int ncache;
};

/* A reset, ready-to-bind statement for sql (a string literal), or NULL with
 * err set. Do not finalize it; call store_done() when finished. */
sqlite3_stmt *store_stmt(mc_store *s, const char *sql, mc_error *err);
void store_done(sqlite3_stmt *st);

/* Turn the connection's last error into an mc_error (disk full, read-only,
 * busy and corruption get messages of their own). */
mc_status store_fail(mc_store *s, const char *what, mc_error *err);

/* Step a statement that returns no rows. */
mc_status store_exec(mc_store *s, sqlite3_stmt *st, const char *what, mc_error *err);

/* Bind helpers: NULL text binds SQL NULL. */
void store_bind_text(sqlite3_stmt *st, int i, const char *v);
void store_col_copy(sqlite3_stmt *st, int col, char *buf, size_t bufsz);

#endif
