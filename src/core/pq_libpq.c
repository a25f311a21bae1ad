/*
 * The pq module: libpq behind the small table of pq_module.h, loaded by
 * pgstore.c when a database named by a postgresql:// URI is opened.
 */
#include "pq_module.h"

#include <libpq-fe.h>
#include <stdlib.h>

static void *connect_uri(const char *uri)
{
	return PQconnectdb(uri);
}

static int conn_ok(void *conn)
{
	return PQstatus(conn) == CONNECTION_OK;
}

static const char *conn_error(void *conn)
{
	return PQerrorMessage(conn);
}

static void finish(void *conn)
{
	PQfinish(conn);
}

static void *exec(void *conn, const char *sql, int n, const char *const *values)
{
	return PQexecParams(conn, sql, n, NULL, values, NULL, NULL, 0);
}

static void *exec_script(void *conn, const char *sql)
{
	return PQexec(conn, sql);
}

static void *prepare(void *conn, const char *name, const char *sql, int n)
{
	return PQprepare(conn, name, sql, n, NULL);
}

static void *exec_prepared(void *conn, const char *name, int n, const char *const *values)
{
	return PQexecPrepared(conn, name, n, values, NULL, NULL, 0);
}

static int result_kind(void *res)
{
	switch (PQresultStatus(res)) {
	case PGRES_COMMAND_OK:
		return PQ_COMMAND;
	case PGRES_TUPLES_OK:
		return PQ_ROWS;
	case PGRES_COPY_IN:
		return PQ_COPY_IN;
	default:
		return PQ_ERROR;
	}
}

static const char *result_error(void *res)
{
	return res ? PQresultErrorMessage(res) : "out of memory";
}

static const char *sqlstate(void *res)
{
	const char *s = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	return s ? s : "";
}

static int ntuples(void *res)
{
	return PQntuples(res);
}

static int nfields(void *res)
{
	return PQnfields(res);
}

static const char *value(void *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

static long long changed(void *res)
{
	const char *n = PQcmdTuples(res);
	return n && *n ? strtoll(n, NULL, 10) : 0;
}

static void clear(void *res)
{
	PQclear(res);
}

static int copy_data(void *conn, const char *buf, int len)
{
	return PQputCopyData(conn, buf, len) == 1 ? 1 : -1;
}

static int copy_end(void *conn, const char *error)
{
	return PQputCopyEnd(conn, error) == 1 ? 1 : -1;
}

static void *next_result(void *conn)
{
	return PQgetResult(conn);
}

__attribute__((visibility("default"))) const struct module_header *motcua_pq_module(void);

const struct module_header *motcua_pq_module(void)
{
	static const struct pq_module m = {
		.head = {.abi = PQ_MODULE_ABI, .layout = PQ_MODULE_LAYOUT},
		.connect = connect_uri,
		.ok = conn_ok,
		.conn_error = conn_error,
		.finish = finish,
		.exec = exec,
		.exec_script = exec_script,
		.prepare = prepare,
		.exec_prepared = exec_prepared,
		.result_kind = result_kind,
		.result_error = result_error,
		.sqlstate = sqlstate,
		.ntuples = ntuples,
		.nfields = nfields,
		.value = value,
		.changed = changed,
		.clear = clear,
		.copy_data = copy_data,
		.copy_end = copy_end,
		.next_result = next_result,
	};
	return &m.head;
}
