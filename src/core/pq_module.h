/*
 * The contract between the core's PostgreSQL store (pgstore*.c) and the pq
 * module (pq_libpq.c, a shared module over libpq; see module.h): only a
 * province hub talks to PostgreSQL, so only its processes map libpq and
 * what libpq pulls in (OpenSSL, Kerberos, LDAP). Connections and results
 * are opaque here; values travel as text.
 */
#ifndef MOTCUA_PQ_MODULE_H
#define MOTCUA_PQ_MODULE_H

#include "module.h"

#define PQ_MODULE_ABI 1
#define PQ_MODULE_FILE "pq.so"
#define PQ_MODULE_ENTRY "motcua_pq_module"
#define PQ_MODULE_LAYOUT (sizeof(struct pq_module))

/* What a result holds (pq_module.result_kind). */
enum pq_kind { PQ_ERROR = 0, PQ_COMMAND, PQ_ROWS, PQ_COPY_IN };

struct pq_module {
	struct module_header head;
	/* A connection from a libpq URI (NULL only when out of memory); check
	 * it with ok(). */
	void *(*connect)(const char *uri);
	int (*ok)(void *conn);
	const char *(*conn_error)(void *conn);
	void (*finish)(void *conn);
	/* Statements with $1..$n text parameters (NULL = SQL NULL). */
	void *(*exec)(void *conn, const char *sql, int n, const char *const *values);
	/* Several statements without parameters (schema DDL). */
	void *(*exec_script)(void *conn, const char *sql);
	void *(*prepare)(void *conn, const char *name, const char *sql, int n);
	void *(*exec_prepared)(void *conn, const char *name, int n, const char *const *values);
	int (*result_kind)(void *res);
	const char *(*result_error)(void *res);
	/* The five-character SQLSTATE of a failed statement ("" when none). */
	const char *(*sqlstate)(void *res);
	int (*ntuples)(void *res);
	int (*nfields)(void *res);
	/* The text of a value, NULL for SQL NULL. */
	const char *(*value)(void *res, int row, int col);
	/* Rows a command changed (INSERT/UPDATE/DELETE), 0 for others. */
	long long (*changed)(void *res);
	void (*clear)(void *res);
	/* COPY ... FROM STDIN: 1 sent, -1 failed. */
	int (*copy_data)(void *conn, const char *buf, int len);
	int (*copy_end)(void *conn, const char *error);
	/* The next result of the connection (after COPY), NULL when none. */
	void *(*next_result)(void *conn);
};

#endif
