/*
 * The PostgreSQL store: a province hub's database named by a libpq URI
 * (postgresql://...). Private to src/core/pgstore*.c and to the points in
 * store*.c that hand an operation over to it (each begins with
 * `if (s->pg) return pgstore_...`). Offices stay on SQLite; the hub does
 * what a province does (docs/hub.md): init, catalog, units, users, sync
 * import and the reference export, reports, dossier look-up. An operation
 * the hub does not do says so (pgstore_unsupported) instead of touching a
 * SQLite handle that is not there.
 *
 * Values travel as text both ways ($1..$n parameters, NULL = SQL NULL), so
 * what PostgreSQL hands back prints exactly as SQLite's column text would:
 * dates are the same 'YYYY-MM-DD HH:MM' strings, flags the same 0/1
 * integers, JSON the same bytes (cast to jsonb only where it is read).
 */
#ifndef MOTCUA_PGSTORE_H
#define MOTCUA_PGSTORE_H

#include "store_internal.h"
#include "pq_module.h"

#include <stdint.h>

#define PG_STMT_CACHE 160

struct pgconn {
	const struct pq_module *pq;
	void *conn;
	/* Statements prepared on this connection, keyed by their SQL text's
	 * address (a string literal), like store_stmt()'s cache. */
	struct {
		const char *sql;
		char name[16];
	} cache[PG_STMT_CACHE];
	int ncache;
	bool in_tx;
	/* SQLSTATE of the last failed statement ("" after a success is not
	 * promised): 40001/40P01 say a transaction may be tried again. */
	char state[6];
	/* Unit rows gathered for one COPY (pgstore_units.c), or NULL. */
	struct pg_unit_load *unit_load;
};

/* A result: rows or a command's outcome. Free it with pg_free(). */
typedef void pg_res;

/* Whether path names a PostgreSQL database (postgresql:// or postgres://). */
bool pgstore_is_uri(const char *path);
/* Connects, checks that the database is motcua's (or empty) and creates or
 * migrates its schema in one transaction. s->path is already the URI with
 * any password masked (for messages). */
mc_status pgstore_open(mc_store *s, const char *uri, mc_error *err);
void pgstore_close(mc_store *s);

/* MC_EUSAGE naming the operation: the hub does not do it. */
mc_status pgstore_unsupported(const char *what, mc_error *err);

/* One statement. sql is a string literal, prepared once per connection;
 * the result (rows or a command) or NULL with err set ("what" names the
 * operation in the message). */
pg_res *pg_run(mc_store *s, const char *sql, int n, const char *const *values,
	       const char *what, mc_error *err);
/* The same for SQL built at run time (not prepared, not cached). */
pg_res *pg_run_text(mc_store *s, const char *sql, int n, const char *const *values,
		    const char *what, mc_error *err);
/* A statement whose rows are not wanted. *changed (may be NULL) gets the
 * number of rows an INSERT/UPDATE/DELETE touched. */
mc_status pg_do(mc_store *s, const char *sql, int n, const char *const *values,
		const char *what, long long *changed, mc_error *err);
/* Script of statements without parameters (schema DDL), run as is. */
mc_status pg_script(mc_store *s, const char *sql, const char *what, mc_error *err);

int pg_rows(pg_res *r);
/* Text of a value; NULL for SQL NULL. */
const char *pg_get(pg_res *r, int row, int col);
/* Text of a value copied into buf ("" for NULL). */
void pg_copy(pg_res *r, int row, int col, char *buf, size_t bufsz);
int64_t pg_int(pg_res *r, int row, int col);
void pg_free(pg_res *r);

/* COPY table (cols) FROM STDIN with rows in COPY's text format (see
 * pg_copy_field): data is the whole load, sent in pieces. */
mc_status pg_copy_in(mc_store *s, const char *copy_sql, const char *data, size_t len,
		     const char *what, mc_error *err);
/* The same in steps, for rows sent while they are made (the server stores
 * the first while the next are built): begin, send pieces, finish (sent
 * false when a piece failed: the COPY is abandoned). */
mc_status pg_copy_begin(mc_store *s, const char *copy_sql, const char *what, mc_error *err);
int pg_copy_send(mc_store *s, const char *data, size_t len);
mc_status pg_copy_finish(mc_store *s, bool sent, const char *what, mc_error *err);
/* Appends one field in COPY text format to a growing buffer (v NULL = \N),
 * followed by sep ('\t' or '\n'). -1 when out of memory. */
int pg_copy_field(char **buf, size_t *len, size_t *cap, const char *v, char sep);

/* Transactions (mc_store_begin/commit/rollback hand over to these). */
mc_status pg_begin(mc_store *s, mc_error *err);
mc_status pg_commit(mc_store *s, mc_error *err);
void pg_rollback(mc_store *s);

/* A 64-bit integer as parameter text. */
const char *pg_i64(char buf[24], int64_t v);

/* Schema (pgstore_schema.c): the steps, as for SQLite's store_schema.c. */
int pgstore_schema_count(void);
const char *pgstore_schema_step(int version);

/* Whether the connection's role owns the database or is a superuser. */
bool pgstore_is_owner(mc_store *s);

/* Office and settings on the hub (pgstore.c). */
mc_status pgstore_office_get(mc_store *s, mc_office *out, mc_error *err);
mc_status pgstore_office_set(mc_store *s, const mc_office *o, const char *name, mc_error *err);
mc_status pgstore_setting_get(mc_store *s, const char *key, char *buf, size_t bufsz,
			      mc_error *err);
mc_status pgstore_setting_set(mc_store *s, const char *key, const char *value, mc_error *err);
mc_status pgstore_setting_unset(mc_store *s, const char *key, bool *existed, mc_error *err);

#endif
