/*
 * The hub's side of sync export (reference data for an office), of
 * --again and of the sync log.
 *
 * An office reads a reference bundle as a SQLite changeset made by the
 * session extension. The hub makes the very same thing: it builds, in a
 * SQLite database in memory with motcua's whole SQLite schema, the
 * reference tables from its own rows and the bundles it already sent that
 * office (sync_out, kept on the hub), then runs store_sync_export() on it:
 * the same capture code as a SQLite province's (the picture rebuilt from
 * the bundles sent, diffed with sqlite3session_diff). Values go in as the
 * hub prints them and take the SQLite column's type by affinity (a
 * deadline "2" becomes the REAL 2.0, as in a province's file). The new
 * bundle is recorded in the hub's sync_out, in one transaction that holds
 * an advisory lock on the peer.
 */
#include "pgstore_sync.h"
#include "store_sync_export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* bytea in PostgreSQL's text output ("\x" and hex) to bytes. */
static unsigned char *bytea_decode(const char *hex, size_t *n)
{
	if (!hex || strncmp(hex, "\\x", 2) != 0)
		return NULL;
	hex += 2;
	size_t len = strlen(hex) / 2;
	unsigned char *out = malloc(len + 1);
	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		unsigned v = 0;
		if (sscanf(hex + 2 * i, "%2x", &v) != 1) {
			free(out);
			return NULL;
		}
		out[i] = (unsigned char)v;
	}
	*n = len;
	return out;
}

static char *bytea_encode(const unsigned char *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	char *out = malloc(2 * n + 3);
	if (!out)
		return NULL;
	out[0] = '\\';
	out[1] = 'x';
	for (size_t i = 0; i < n; i++) {
		out[2 + 2 * i] = digits[p[i] >> 4];
		out[3 + 2 * i] = digits[p[i] & 15];
	}
	out[2 + 2 * n] = '\0';
	return out;
}

mc_status pgstore_sync_log(mc_store *s, mc_sync_log_cb cb, void *ctx, mc_error *err)
{
	/* COLLATE "C": SQLite's ORDER BY compares bytes. */
	static const char sql[] =
		"SELECT * FROM (SELECT 'out' AS dir, kind, peer AS who, seq, created_at AS at,"
		"  created_by AS by, octet_length(bundle) || ' bytes' AS summary FROM sync_out"
		" UNION ALL SELECT 'in', kind, unit, seq, applied_at, applied_by, summary"
		" FROM sync_in) l ORDER BY at COLLATE \"C\", dir COLLATE \"C\", who COLLATE \"C\", seq";
	pg_res *r = pg_run(s, sql, 0, NULL, "reading the sync log", err);
	if (!r)
		return MC_ESYS;
	for (int i = 0; i < pg_rows(r); i++) {
		mc_sync_log_entry e;
		pg_copy(r, i, 0, e.dir, sizeof e.dir);
		pg_copy(r, i, 1, e.kind, sizeof e.kind);
		pg_copy(r, i, 2, e.unit_or_peer, sizeof e.unit_or_peer);
		e.seq = pg_int(r, i, 3);
		pg_copy(r, i, 4, e.at, sizeof e.at);
		pg_copy(r, i, 5, e.by, sizeof e.by);
		pg_copy(r, i, 6, e.summary, sizeof e.summary);
		if (cb(&e, ctx))
			break;
	}
	pg_free(r);
	return MC_OK;
}

mc_status pgstore_sync_again(mc_store *s, const char *peer, int64_t seq, unsigned char **out,
			     size_t *outlen, mc_error *err)
{
	static const char sql[] = "SELECT bundle FROM sync_out WHERE peer = $1 AND seq = $2";
	char q[24];
	const char *v[] = {peer, pg_i64(q, seq)};
	pg_res *r = pg_run(s, sql, 2, v, "reading the bundles sent", err);
	if (!r)
		return MC_ESYS;
	mc_status st = MC_OK;
	if (!pg_rows(r))
		st = mc_error_set(err, MC_EDATA, "no bundle %lld was exported to %s", (long long)seq,
				  peer);
	else if (!(*out = bytea_decode(pg_get(r, 0, 0), outlen)))
		st = mc_error_set(err, MC_ESYS, "bundle %lld to %s: cannot read it back",
				  (long long)seq, peer);
	pg_free(r);
	return st;
}

/* Copy the hub's rows of table t (columns as the SQLite schema has them)
 * into the in-memory database: all of them, or those of "FROM t x ..."
 * (from, with $1 = param) when given. */
static mc_status load_rows(mc_store *s, mc_store *mem, const struct tinfo *t, const char *from,
			   const char *param, mc_error *err)
{
	static const char cols_sql[] =
		"SELECT column_name FROM information_schema.columns"
		" WHERE table_schema = current_schema() AND table_name = $1";
	const char *v[] = {t->name};
	pg_res *hc = pg_run(s, cols_sql, 1, v, "reading the table layout", err);
	if (!hc)
		return MC_ESYS;
	sqlite3_str *sel = sqlite3_str_new(NULL), *ins = sqlite3_str_new(NULL);
	sqlite3_str_appendall(sel, "SELECT ");
	sqlite3_str_appendf(ins, "INSERT INTO main.\"%w\"(", t->name);
	int n = 0;
	for (int i = 0; i < t->n; i++) {
		bool here = false;
		for (int k = 0; k < pg_rows(hc) && !here; k++)
			here = strcmp(pg_get(hc, k, 0), t->cols[i]) == 0;
		if (!here)
			continue;   /* the SQLite default, as a province's own row */
		sqlite3_str_appendf(sel, "%sx.\"%w\"::text", n ? ", " : "", t->cols[i]);
		sqlite3_str_appendf(ins, "%s\"%w\"", n ? ", " : "", t->cols[i]);
		n++;
	}
	pg_free(hc);
	if (from)
		sqlite3_str_appendf(sel, " %s", from);
	else
		sqlite3_str_appendf(sel, " FROM \"%w\" x", t->name);
	sqlite3_str_appendall(ins, ") VALUES (");
	for (int i = 0; i < n; i++)
		sqlite3_str_appendall(ins, i ? ", ?" : "?");
	sqlite3_str_appendall(ins, ")");
	char *selsql = sqlite3_str_finish(sel), *inssql = sqlite3_str_finish(ins);
	mc_status st = MC_OK;
	pg_res *rows = NULL;
	sqlite3_stmt *stmt = NULL;
	if (!selsql || !inssql || !n)
		st = mc_error_set(err, MC_ESYS, "out of memory or table %s missing here", t->name);
	else if (!(rows = pg_run_text(s, selsql, param ? 1 : 0, &param, "reading the rows", err)))
		st = MC_ESYS;
	else if (sqlite3_prepare_v2(mem->db, inssql, -1, &stmt, NULL) != SQLITE_OK)
		st = store_fail(mem, "building the reference data", err);
	for (int r = 0; st == MC_OK && r < pg_rows(rows); r++) {
		for (int c = 0; c < n; c++) {
			const char *x = pg_get(rows, r, c);
			if (x)
				sqlite3_bind_text(stmt, c + 1, x, -1, SQLITE_STATIC);
			else
				sqlite3_bind_null(stmt, c + 1);
		}
		if (sqlite3_step(stmt) != SQLITE_DONE)
			st = store_fail(mem, "building the reference data", err);
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
	pg_free(rows);
	sqlite3_free(selsql);
	sqlite3_free(inssql);
	return st;
}

/* The bundles already sent to the peer, into the memory database's
 * sync_out, where store_sync_export() replays them. */
static mc_status load_sent(mc_store *s, mc_store *mem, const char *peer, mc_error *err)
{
	static const char sql[] =
		"SELECT seq, kind, created_at, created_by, bundle, chain_seq FROM sync_out"
		" WHERE peer = $1 ORDER BY seq";
	static const char ins[] =
		"INSERT INTO sync_out(peer, seq, kind, created_at, created_by, bundle, chain_seq)"
		" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	const char *v[] = {peer};
	pg_res *r = pg_run(s, sql, 1, v, "reading the bundles sent", err);
	if (!r)
		return MC_ESYS;
	mc_status st = MC_OK;
	for (int i = 0; st == MC_OK && i < pg_rows(r); i++) {
		size_t n = 0;
		unsigned char *bytes = bytea_decode(pg_get(r, i, 4), &n);
		sqlite3_stmt *stmt = bytes ? store_stmt(mem, ins, err) : NULL;
		if (!bytes)
			st = mc_error_set(err, MC_ESYS, "out of memory");
		else if (!stmt)
			st = MC_ESYS;
		if (st == MC_OK) {
			store_bind_text(stmt, 1, peer);
			sqlite3_bind_int64(stmt, 2, pg_int(r, i, 0));
			store_bind_text(stmt, 3, pg_get(r, i, 1));
			store_bind_text(stmt, 4, pg_get(r, i, 2));
			store_bind_text(stmt, 5, pg_get(r, i, 3));
			sqlite3_bind_blob64(stmt, 6, bytes, n, SQLITE_STATIC);
			if (pg_get(r, i, 5))
				sqlite3_bind_int64(stmt, 7, pg_int(r, i, 5));
			st = store_exec(mem, stmt, "building the bundles sent", err);
		}
		free(bytes);
	}
	pg_free(r);
	return st;
}

static mc_status record_out(mc_store *s, const sync_bundle *h, const char *by,
			    const unsigned char *bytes, size_t n, mc_error *err)
{
	static const char sql[] =
		"INSERT INTO sync_out(peer, seq, kind, created_at, created_by, bundle)"
		" VALUES($1, $2, $3, $4, $5, $6::bytea)";
	char *hex = bytea_encode(bytes, n), q[24];
	if (!hex)
		return mc_error_set(err, MC_ESYS, "out of memory");
	const char *v[] = {h->peer, pg_i64(q, h->seq), h->kind, h->created, by, hex};
	mc_status st = pg_do(s, sql, 6, v, "recording the bundle", NULL, err);
	free(hex);
	return st;
}

static mc_status export_locked(mc_store *s, mc_store *mem, sync_bundle *hdr,
			       const char *const *tables, const char *by, unsigned char **out,
			       size_t *outlen, mc_sync_counts *counts, mc_error *err)
{
	static const char lock[] =
		"SELECT pg_advisory_xact_lock(hashtext('motcua export ' || $1))";
	const char *v[] = {hdr->peer};
	mc_status st = pg_do(s, lock, 1, v, "waiting for the peer's other exports", NULL, err);
	for (int i = 0; st == MC_OK && tables[i]; i++) {
		struct tinfo t;
		if ((st = sync_tinfo_load(mem, tables[i], &t, err)) != MC_OK)
			break;
		st = load_rows(s, mem, &t, NULL, NULL, err);
		sync_tinfo_free(&t);
	}
	if (st == MC_OK)
		st = load_sent(s, mem, hdr->peer, err);
	if (st == MC_OK)
		st = store_sync_export(mem, hdr, tables, by, out, outlen, counts, err);
	if (st == MC_OK && (st = record_out(s, hdr, by, *out, *outlen, err)) != MC_OK) {
		free(*out);
		*out = NULL;
	}
	return st;
}

mc_status pgstore_sync_export(mc_store *s, sync_bundle *hdr, const char *const *tables,
			      const char *by, unsigned char **out, size_t *outlen,
			      mc_sync_counts *counts, mc_error *err)
{
	*out = NULL;
	if (strcmp(hdr->kind, "reference") != 0)
		return pgstore_unsupported("exporting dossiers", err);
	mc_store *mem = NULL;
	mc_status st = store_open_memory(&mem, err);
	if (st != MC_OK)
		return st;
	if ((st = pg_begin(s, err)) == MC_OK) {
		st = export_locked(s, mem, hdr, tables, by, out, outlen, counts, err);
		if (st == MC_OK)
			st = pg_commit(s, err);
		else
			pg_rollback(s);
		if (st != MC_OK) {
			free(*out);
			*out = NULL;
		}
	}
	mc_store_close(mem);
	return st;
}

/* Recovery: the office's dossiers, documents and events as the hub holds
 * them, with the remote ids and bundles applied that the recovery needs,
 * in the memory database; then SQLite's store_sync_recover_export() on it
 * makes the same bundle a SQLite province would. */
mc_status pgstore_sync_recover_export(mc_store *s, sync_bundle *hdr, unsigned char **out,
				      size_t *outlen, mc_sync_counts *counts, mc_error *err)
{
	static const struct {
		const char *table, *from;
	} parts[] = {
		{"dossiers", "FROM dossiers x WHERE x.unit_code = $1"},
		{"dossier_documents", "FROM dossier_documents x JOIN dossiers d ON d.id = x.dossier_id"
				      " WHERE d.unit_code = $1"},
		{"dossier_events", "FROM dossier_events x JOIN dossiers d ON d.id = x.dossier_id"
				   " WHERE d.unit_code = $1"},
		{"sync_map", "FROM sync_map x WHERE x.unit = $1"},
		{"sync_in", "FROM sync_in x WHERE x.unit = $1"},
	};
	*out = NULL;
	mc_store *mem = NULL;
	mc_status st = store_open_memory(&mem, err);
	if (st != MC_OK)
		return st;
	/* Only the office's rows are here: their procedures are not. */
	if (sqlite3_exec(mem->db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL) != SQLITE_OK)
		st = store_fail(mem, "preparing the recovery", err);
	/* One consistent view while bundles go on arriving. */
	static const char begin[] = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
	if (st == MC_OK && (st = pg_do(s, begin, 0, NULL, "preparing the recovery", NULL, err)) == MC_OK) {
		s->pg->in_tx = true;
		for (size_t i = 0; st == MC_OK && i < sizeof parts / sizeof parts[0]; i++) {
			struct tinfo t;
			if ((st = sync_tinfo_load(mem, parts[i].table, &t, err)) != MC_OK)
				break;
			st = load_rows(s, mem, &t, parts[i].from, hdr->peer, err);
			sync_tinfo_free(&t);
		}
		pg_rollback(s);
	}
	if (st == MC_OK)
		st = store_sync_recover_export(mem, hdr, out, outlen, counts, err);
	mc_store_close(mem);
	return st;
}
