/*
 * The PostgreSQL store's connection (pgstore.h): loading libpq through the
 * pq module, the identity check and schema steps, statements with text
 * parameters, COPY, transactions, and the office and settings rows.
 */
#include "pgstore.h"

#include "motcua/oplog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The schema version lives in a table of its own (PostgreSQL has no
 * user_version); 'application' marks the database as motcua's so that
 * another program's database is never migrated. */
#define PG_APPLICATION "motcua"

static const struct module_spec pq_spec = {
	.file = PQ_MODULE_FILE,
	.entry = PQ_MODULE_ENTRY,
	.what = "the PostgreSQL module",
	.abi = PQ_MODULE_ABI,
	.layout = PQ_MODULE_LAYOUT,
};

bool pgstore_is_uri(const char *path)
{
	return path && (strncmp(path, "postgresql://", 13) == 0 ||
			strncmp(path, "postgres://", 11) == 0);
}

mc_status pgstore_unsupported(const char *what, mc_error *err)
{
	return mc_error_set(err, MC_EUSAGE,
			    "%s is an office's work and is not done on the province's "
			    "PostgreSQL database (it does init, catalog, units, users, sync, "
			    "report and dossier look-up; docs/hub.md)", what);
}

const char *pg_i64(char buf[24], int64_t v)
{
	snprintf(buf, 24, "%lld", (long long)v);
	return buf;
}

/* An mc_error from a failed result: constraint violations are the data's
 * fault, the rest the system's (disk, connection, a cancelled statement). */
static mc_status pg_fail(mc_store *s, pg_res *r, const char *what, mc_error *err)
{
	const struct pq_module *pq = s->pg->pq;
	/* Copied: the result (and its SQLSTATE) is freed below. */
	const char *st0 = r ? pq->sqlstate(r) : "";
	snprintf(s->pg->state, sizeof s->pg->state, "%s", st0 ? st0 : "");
	const char *state = s->pg->state;
	char msg[400];
	snprintf(msg, sizeof msg, "%s", r ? pq->result_error(r) : pq->conn_error(s->pg->conn));
	msg[strcspn(msg, "\n")] = '\0';
	if (strncmp(msg, "ERROR:  ", 8) == 0)
		memmove(msg, msg + 8, strlen(msg + 8) + 1);
	if (r)
		pq->clear(r);
	if (strncmp(state, "23", 2) == 0)
		return mc_error_set(err, MC_EDATA, "%s: %s", what, msg);
	if (strcmp(state, "53100") == 0)
		return mc_error_set(err, MC_ESYS, "%s: the database server's disk is full; "
				    "nothing was saved (%s)", what, s->path);
	if (strncmp(state, "08", 2) == 0 || !*state)
		return mc_error_set(err, MC_ESYS, "%s: the connection to %s failed: %s", what,
				    s->path, msg);
	return mc_error_set(err, MC_ESYS, "%s: %s (%s)", what, msg, s->path);
}

static pg_res *checked(mc_store *s, pg_res *r, const char *what, mc_error *err)
{
	int kind = r ? s->pg->pq->result_kind(r) : PQ_ERROR;
	if (kind == PQ_COMMAND || kind == PQ_ROWS)
		return r;
	pg_fail(s, r, what, err);
	return NULL;
}

pg_res *pg_run_text(mc_store *s, const char *sql, int n, const char *const *values,
		    const char *what, mc_error *err)
{
	return checked(s, s->pg->pq->exec(s->pg->conn, sql, n, values), what, err);
}

pg_res *pg_run(mc_store *s, const char *sql, int n, const char *const *values,
	       const char *what, mc_error *err)
{
	struct pgconn *c = s->pg;
	for (int i = 0; i < c->ncache; i++)
		if (c->cache[i].sql == sql)
			return checked(s, c->pq->exec_prepared(c->conn, c->cache[i].name, n, values),
				       what, err);
	if (c->ncache == PG_STMT_CACHE)
		return pg_run_text(s, sql, n, values, what, err);
	char name[16];
	snprintf(name, sizeof name, "mc%d", c->ncache);
	pg_res *p = checked(s, c->pq->prepare(c->conn, name, sql, n), what, err);
	if (!p)
		return NULL;
	c->pq->clear(p);
	c->cache[c->ncache].sql = sql;
	memcpy(c->cache[c->ncache].name, name, sizeof name);
	c->ncache++;
	return checked(s, c->pq->exec_prepared(c->conn, name, n, values), what, err);
}

mc_status pg_do(mc_store *s, const char *sql, int n, const char *const *values,
		const char *what, long long *changed, mc_error *err)
{
	pg_res *r = pg_run(s, sql, n, values, what, err);
	if (!r)
		return err ? err->code : MC_ESYS;
	if (changed)
		*changed = s->pg->pq->changed(r);
	s->pg->pq->clear(r);
	return MC_OK;
}

mc_status pg_script(mc_store *s, const char *sql, const char *what, mc_error *err)
{
	pg_res *r = checked(s, s->pg->pq->exec_script(s->pg->conn, sql), what, err);
	if (!r)
		return err ? err->code : MC_ESYS;
	s->pg->pq->clear(r);
	return MC_OK;
}

/* The store of a result is reachable from no global; results carry no
 * back-pointer, so these use the module table kept by the last open. */
static const struct module_header *pq_loaded;
#define PQ ((const struct pq_module *)pq_loaded)

int pg_rows(pg_res *r)
{
	return r ? PQ->ntuples(r) : 0;
}

const char *pg_get(pg_res *r, int row, int col)
{
	return PQ->value(r, row, col);
}

void pg_copy(pg_res *r, int row, int col, char *buf, size_t bufsz)
{
	const char *v = PQ->value(r, row, col);
	snprintf(buf, bufsz, "%s", v ? v : "");
}

int64_t pg_int(pg_res *r, int row, int col)
{
	const char *v = PQ->value(r, row, col);
	return v ? strtoll(v, NULL, 10) : 0;
}

void pg_free(pg_res *r)
{
	if (r)
		PQ->clear(r);
}

int pg_copy_field(char **buf, size_t *len, size_t *cap, const char *v, char sep)
{
	size_t need = v ? strlen(v) * 2 + 2 : 3;
	if (*len + need + 1 > *cap) {
		size_t ncap = *cap ? *cap : 65536;
		while (*len + need + 1 > ncap)
			ncap *= 2;
		char *nb = realloc(*buf, ncap);
		if (!nb)
			return -1;
		*buf = nb;
		*cap = ncap;
	}
	char *p = *buf + *len;
	if (!v) {
		*p++ = '\\';
		*p++ = 'N';
	} else {
		/* COPY's text format: backslash, tab, newline and carriage
		 * return are escaped; everything else (UTF-8) goes as is. */
		for (; *v; v++) {
			switch (*v) {
			case '\\': *p++ = '\\'; *p++ = '\\'; break;
			case '\t': *p++ = '\\'; *p++ = 't'; break;
			case '\n': *p++ = '\\'; *p++ = 'n'; break;
			case '\r': *p++ = '\\'; *p++ = 'r'; break;
			default: *p++ = *v;
			}
		}
	}
	*p++ = sep;
	*len = (size_t)(p - *buf);
	return 0;
}

mc_status pg_copy_begin(mc_store *s, const char *copy_sql, const char *what, mc_error *err)
{
	struct pgconn *c = s->pg;
	pg_res *r = c->pq->exec(c->conn, copy_sql, 0, NULL);
	if (!r || c->pq->result_kind(r) != PQ_COPY_IN)
		return pg_fail(s, r, what, err);
	c->pq->clear(r);
	return MC_OK;
}

int pg_copy_send(mc_store *s, const char *data, size_t len)
{
	struct pgconn *c = s->pg;
	for (size_t off = 0; off < len;) {
		size_t piece = len - off < (1u << 20) ? len - off : (1u << 20);
		if (c->pq->copy_data(c->conn, data + off, (int)piece) != 1)
			return -1;
		off += piece;
	}
	return 0;
}

mc_status pg_copy_finish(mc_store *s, bool sent, const char *what, mc_error *err)
{
	struct pgconn *c = s->pg;
	c->pq->copy_end(c->conn, sent ? NULL : "sending the rows failed");
	mc_status st = MC_OK;
	pg_res *r;
	while ((r = c->pq->next_result(c->conn))) {
		if (st == MC_OK && c->pq->result_kind(r) != PQ_COMMAND)
			st = pg_fail(s, r, what, err);
		else
			c->pq->clear(r);
	}
	return st;
}

mc_status pg_copy_in(mc_store *s, const char *copy_sql, const char *data, size_t len,
		     const char *what, mc_error *err)
{
	mc_status st = pg_copy_begin(s, copy_sql, what, err);
	if (st != MC_OK)
		return st;
	return pg_copy_finish(s, pg_copy_send(s, data, len) == 0, what, err);
}

mc_status pg_begin(mc_store *s, mc_error *err)
{
	static const char sql[] = "BEGIN";
	mc_status st = pg_do(s, sql, 0, NULL, "starting a transaction", NULL, err);
	s->pg->in_tx = st == MC_OK;
	return st;
}

mc_status pg_commit(mc_store *s, mc_error *err)
{
	static const char sql[] = "COMMIT";
	mc_status st = pg_do(s, sql, 0, NULL, "saving", NULL, err);
	if (st != MC_OK)
		pg_rollback(s);
	s->pg->in_tx = false;
	return st;
}

void pg_rollback(mc_store *s)
{
	static const char sql[] = "ROLLBACK";
	if (s->pg->in_tx)
		pg_do(s, sql, 0, NULL, "rolling back", NULL, NULL);
	s->pg->in_tx = false;
}

/* ---- opening -------------------------------------------------------------- */

/* The version in the database, 0 for an empty one; MC_EDATA for a
 * database of another program or a newer motcua. */
static mc_status check_identity(mc_store *s, int *version, mc_error *err)
{
	static const char tables[] =
		"SELECT count(*), count(*) FILTER (WHERE table_name = 'motcua_meta')"
		" FROM information_schema.tables WHERE table_schema = current_schema()";
	static const char meta[] =
		"SELECT (SELECT value FROM motcua_meta WHERE key = 'application'),"
		" (SELECT value FROM motcua_meta WHERE key = 'schema')";
	*version = 0;
	pg_res *r = pg_run(s, tables, 0, NULL, "reading the database", err);
	if (!r)
		return MC_ESYS;
	int64_t n = pg_int(r, 0, 0), ours = pg_int(r, 0, 1);
	pg_free(r);
	if (n == 0)
		return MC_OK;
	if (!ours)
		return mc_error_set(err, MC_EDATA,
				    "%s is a PostgreSQL database of another program (%lld tables "
				    "and no motcua_meta); it was left untouched", s->path,
				    (long long)n);
	if (!(r = pg_run(s, meta, 0, NULL, "reading the database", err)))
		return MC_ESYS;
	const char *app = pg_get(r, 0, 0);
	bool mine = app && strcmp(app, PG_APPLICATION) == 0;
	*version = (int)pg_int(r, 0, 1);
	pg_free(r);
	if (!mine)
		return mc_error_set(err, MC_EDATA, "%s is not a motcua database; it was left "
				    "untouched", s->path);
	if (*version > pgstore_schema_count())
		return mc_error_set(err, MC_EDATA,
				    "%s has schema version %d but this motcua knows only up to %d; "
				    "use a newer motcua (the database was left untouched)", s->path,
				    *version, pgstore_schema_count());
	return MC_OK;
}

/* Steps run in one transaction under an advisory lock, so two processes
 * opening a new hub at once do not both create it. */
static mc_status migrate(mc_store *s, mc_error *err)
{
	static const char lock[] = "SELECT pg_advisory_xact_lock(1296258369)";
	static const char stamp[] =
		"INSERT INTO motcua_meta(key, value) VALUES('application', $1), ('schema', $2)"
		" ON CONFLICT (key) DO UPDATE SET value = excluded.value";
	mc_status st = pg_begin(s, err);
	if (st != MC_OK)
		return st;
	int now = 0;
	if ((st = pg_do(s, lock, 0, NULL, "locking the schema", NULL, err)) != MC_OK ||
	    (st = check_identity(s, &now, err)) != MC_OK)
		goto fail;
	for (int v = now + 1; v <= pgstore_schema_count(); v++) {
		char what[64];
		snprintf(what, sizeof what, "migrating the schema to version %d", v);
		if ((st = pg_script(s, pgstore_schema_step(v), what, err)) != MC_OK)
			goto fail;
	}
	char ver[24];
	const char *vals[] = {PG_APPLICATION, pg_i64(ver, pgstore_schema_count())};
	if (now < pgstore_schema_count() &&
	    (st = pg_do(s, stamp, 2, vals, "stamping the schema version", NULL, err)) != MC_OK)
		goto fail;
	return pg_commit(s, err);
fail:
	pg_rollback(s);
	return st;
}

mc_status pgstore_open(mc_store *s, const char *uri, mc_error *err)
{
	if (!module_keep(&pq_spec, &pq_loaded, err))
		return MC_ESYS;
	struct pgconn *c = calloc(1, sizeof *c);
	if (!c)
		return mc_error_set(err, MC_ESYS, "out of memory");
	c->pq = PQ;
	s->pg = c;
	c->conn = c->pq->connect(uri);
	if (!c->conn || !c->pq->ok(c->conn)) {
		char msg[400];
		snprintf(msg, sizeof msg, "%s", c->conn ? c->pq->conn_error(c->conn) : "out of memory");
		msg[strcspn(msg, "\n")] = '\0';
		return mc_error_set(err, MC_ESYS, "cannot open database %s: %s", s->path, msg);
	}
	/* Quiet NOTICEs (CREATE ... IF NOT EXISTS) and dates as motcua
	 * writes them; the hub's clock zone does not enter any figure. */
	mc_status st = pg_script(s, "SET client_min_messages = warning; SET TIME ZONE 'UTC'",
				 "configuring the connection", err);
	int version = 0;
	if (st == MC_OK)
		st = check_identity(s, &version, err);
	if (st == MC_OK && version < pgstore_schema_count())
		st = migrate(s, err);
	return st;
}

void pgstore_close(mc_store *s)
{
	if (!s->pg)
		return;
	if (s->pg->conn)
		s->pg->pq->finish(s->pg->conn);
	free(s->pg);
	s->pg = NULL;
}

bool pgstore_is_owner(mc_store *s)
{
	static const char sql[] =
		"SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"
		" OR pg_get_userbyid(datdba) = current_user FROM pg_database"
		" WHERE datname = current_database()";
	pg_res *r = pg_run(s, sql, 0, NULL, "reading the database owner", NULL);
	const char *v = r && pg_rows(r) ? pg_get(r, 0, 0) : NULL;
	bool yes = v && strcmp(v, "t") == 0;
	pg_free(r);
	return yes;
}

/* ---- office and settings ------------------------------------------------- */

mc_status pgstore_office_get(mc_store *s, mc_office *out, mc_error *err)
{
	static const char sql[] = "SELECT unit_code, name FROM office WHERE id = 1";
	pg_res *r = pg_run(s, sql, 0, NULL, "reading the office", err);
	if (!r)
		return MC_ESYS;
	bool found = pg_rows(r) > 0;
	if (found) {
		pg_copy(r, 0, 0, out->unit_code, sizeof out->unit_code);
		pg_copy(r, 0, 1, out->name, sizeof out->name);
	}
	pg_free(r);
	return found ? MC_OK
		     : mc_error_set(err, MC_EDATA, "%s has no office yet: run 'motcua init "
				    "--unit CODE --name NAME'", s->path);
}

mc_status pgstore_office_set(mc_store *s, const mc_office *o, const char *name, mc_error *err)
{
	static const char sql[] =
		"INSERT INTO office(id, unit_code, name) VALUES(1, $1, $2)"
		" ON CONFLICT (id) DO UPDATE SET unit_code = $1, name = $2";
	const char *v[] = {o->unit_code, name};
	return pg_do(s, sql, 2, v, "saving the office", NULL, err);
}

mc_status pgstore_setting_get(mc_store *s, const char *key, char *buf, size_t bufsz,
			      mc_error *err)
{
	static const char sql[] = "SELECT value FROM settings WHERE key = $1";
	const char *v[] = {key};
	pg_res *r = pg_run(s, sql, 1, v, "reading a setting", err);
	if (!r)
		return MC_ESYS;
	bool found = pg_rows(r) > 0;
	if (found)
		pg_copy(r, 0, 0, buf, bufsz);
	pg_free(r);
	return found ? MC_OK : MC_EEMPTY;
}

mc_status pgstore_setting_set(mc_store *s, const char *key, const char *value, mc_error *err)
{
	static const char sql[] =
		"INSERT INTO settings(key, value) VALUES($1, $2)"
		" ON CONFLICT (key) DO UPDATE SET value = $2";
	const char *v[] = {key, value};
	return pg_do(s, sql, 2, v, "saving a setting", NULL, err);
}

mc_status pgstore_setting_unset(mc_store *s, const char *key, bool *existed, mc_error *err)
{
	static const char sql[] = "DELETE FROM settings WHERE key = $1";
	const char *v[] = {key};
	long long n = 0;
	mc_status st = pg_do(s, sql, 1, v, "removing a setting", &n, err);
	*existed = n > 0;
	return st;
}
