/*
 * Recovery (docs/sync.md): an office that lost its disk or restored an
 * old backup gets its own dossiers back from the province.
 *
 * At the province, a "recovery" bundle carries, as inserts, every dossier
 * of the office with its documents and the events the office made (uid
 * "UNIT/n"), under the office's own ids: a dossier's id is the remote id
 * the province learnt from the office's bundles (sync_map), an event's is
 * the n of its uid. Later bundles of the office name rows by those ids,
 * and its new events must not reuse an n, so they have to come back.
 * Its seq is the last bundle of the office applied at the province.
 *
 * At the office the rows are put back by id (the province's copy wins;
 * the history only gains events), the code numbering is moved past the
 * recovered codes, and the picture of what the province holds becomes
 * exactly the recovered rows: every other row of the office is marked
 * changed, and the next bundle follows the province's last one. So the
 * next export sends what the province lacks, numbered as it expects.
 */
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include "store_sync_export.h"
#include "store_sync_internal.h"
#include "pgstore_sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The expression giving column c of table t as the office knew it;
 * x is the province's row, m its sync_map entry. */
static void office_value(sqlite3_str *q, const struct tinfo *t, int c)
{
	const char *col = t->cols[c];
	if (strcmp(t->name, "dossier_events") == 0 && strcmp(col, "id") == 0)
		sqlite3_str_appendall(q, "CAST(substr(x.uid, length(?1) + 2) AS INTEGER)");
	else if ((strcmp(t->name, "dossiers") == 0 && strcmp(col, "id") == 0) ||
		 strcmp(col, "dossier_id") == 0)
		sqlite3_str_appendall(q, "m.remote_id");
	else
		sqlite3_str_appendf(q, "x.\"%w\"", col);
}

/* INSERT INTO mc_shadow.<t> the office's rows of <t>, under its ids. */
static mc_status gather(mc_store *s, const struct tinfo *t, const char *unit, mc_error *err)
{
	sqlite3_str *q = sqlite3_str_new(s->db);
	sqlite3_str_appendf(q, "INSERT INTO " SHADOW ".\"%w\" (", t->name);
	for (int i = 0; i < t->n; i++)
		sqlite3_str_appendf(q, "%s\"%w\"", i ? ", " : "", t->cols[i]);
	sqlite3_str_appendall(q, ") SELECT ");
	for (int i = 0; i < t->n; i++) {
		if (i)
			sqlite3_str_appendall(q, ", ");
		office_value(q, t, i);
	}
	if (strcmp(t->name, "dossiers") == 0)
		sqlite3_str_appendall(q, " FROM main.dossiers x JOIN main.sync_map m ON m.unit = ?1"
				      " AND m.tbl = 'dossiers' AND m.natural_key = x.code"
				      " WHERE x.unit_code = ?1");
	else if (strcmp(t->name, "dossier_documents") == 0)
		sqlite3_str_appendall(q, " FROM main.dossier_documents x JOIN main.dossiers d"
				      " ON d.id = x.dossier_id JOIN main.sync_map m ON m.unit = ?1"
				      " AND m.tbl = 'dossiers' AND m.natural_key = d.code"
				      " WHERE d.unit_code = ?1");
	else
		sqlite3_str_appendall(q, " FROM main.dossier_events x JOIN main.dossiers d"
				      " ON d.id = x.dossier_id JOIN main.sync_map m ON m.unit = ?1"
				      " AND m.tbl = 'dossiers' AND m.natural_key = d.code"
				      " WHERE d.unit_code = ?1 AND x.uid LIKE ?1 || '/%'");
	return sync_exec_dyn(s, sqlite3_str_finish(q), unit, "gathering the office's dossiers",
			     err);
}

static mc_status last_applied(mc_store *s, sync_bundle *hdr, mc_error *err)
{
	static const char sql[] = "SELECT coalesce(max(seq), 0) FROM sync_in WHERE unit = ?1"
				  " AND kind = 'dossiers'";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, hdr->peer);
	int rc = sqlite3_step(st);
	hdr->seq = sqlite3_column_int64(st, 0);
	store_done(st);
	if (rc != SQLITE_ROW)
		return store_fail(s, "reading the bundles applied", err);
	if (hdr->seq == 0)
		return mc_error_set(err, MC_EEMPTY,
				    "no bundle of %s was ever applied here: there is nothing to "
				    "recover", hdr->peer);
	return MC_OK;
}

static mc_status recover_locked(mc_store *s, sync_bundle *hdr, struct tinfo *ti, int nti,
				unsigned char **out, size_t *outlen, mc_sync_counts *counts,
				mc_error *err)
{
	mc_status r = last_applied(s, hdr, err);
	for (int i = 0; i < nti && r == MC_OK; i++)
		r = sync_shadow_create(s, &ti[i], err);
	if (r != MC_OK)
		return r;
	sqlite3_session *ses = NULL;
	if (sqlite3session_create(s->db, SHADOW, &ses) != SQLITE_OK)
		return mc_error_set(err, MC_ESYS, "cannot start an SQLite session");
	for (int i = 0; i < nti && r == MC_OK; i++)
		if (sqlite3session_attach(ses, ti[i].name) != SQLITE_OK)
			r = mc_error_set(err, MC_ESYS, "watching table %s", ti[i].name);
	for (int i = 0; i < nti && r == MC_OK; i++)
		r = gather(s, &ti[i], hdr->peer, err);
	void *cs = NULL;
	int n = 0;
	if (r == MC_OK && sqlite3session_changeset(ses, &n, &cs) != SQLITE_OK)
		r = mc_error_set(err, MC_ESYS, "cannot build the changeset");
	sqlite3session_delete(ses);
	if (r == MC_OK && n == 0)
		r = mc_error_set(err, MC_EEMPTY, "no dossier of %s is here", hdr->peer);
	if (r == MC_OK) {
		sync_count_changes(cs, n, counts);
		hdr->ntables = 0;
		for (int i = 0; i < nti; i++) {
			sync_table *t = &hdr->tables[hdr->ntables++];
			memcpy(t->name, ti[i].name, sizeof t->name);
			t->ncols = ti[i].n;
			for (int c = 0; c < ti[i].n; c++)
				t->cols[c] = ti[i].cols[c];
		}
		r = sync_bundle_format(hdr, cs, (size_t)n, out, outlen, err);
	}
	sqlite3_free(cs);
	return r;
}

mc_status store_sync_recover_export(mc_store *s, sync_bundle *hdr, unsigned char **out,
				    size_t *outlen, mc_sync_counts *counts, mc_error *err)
{
	*out = NULL;
	if (s->pg)
		return pgstore_sync_recover_export(s, hdr, out, outlen, counts, err);
	struct tinfo ti[3];
	int nti = 0;
	mc_status r = MC_OK;
	for (; sync_dossier_tables[nti] && nti < 3 && r == MC_OK; nti++)
		if ((r = sync_tinfo_load(s, sync_dossier_tables[nti], &ti[nti], err)) == MC_OK &&
		    ti[nti].n == 0)
			r = mc_error_set(err, MC_ESYS, "table %s is missing", ti[nti].name);
	if (r == MC_OK &&
	    sqlite3_exec(s->db, "ATTACH ':memory:' AS " SHADOW, NULL, NULL, NULL) != SQLITE_OK)
		r = store_fail(s, "preparing the recovery", err);
	if (r == MC_OK) {
		/* A read transaction: one consistent view while bundles go on
		 * arriving. */
		if (sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
			r = store_fail(s, "preparing the recovery", err);
		} else {
			r = recover_locked(s, hdr, ti, nti, out, outlen, counts, err);
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		}
		sqlite3_exec(s->db, "DETACH " SHADOW, NULL, NULL, NULL);
	}
	for (int i = 0; i < nti; i++)
		sync_tinfo_free(&ti[i]);
	if (r != MC_OK) {
		free(*out);
		*out = NULL;
	}
	return r;
}

/* Put back one recovered row; refuse a row that this database holds under
 * the same id or code for another dossier or event. */
struct putback {
	mc_store *s;
	const sync_bundle *b;
	const char *peer;
	mc_sync_report *rep;
	sqlite3_stmt *ins[3];
	struct tinfo ti[3];
	int map[3][SYNC_MAX_COLS];   /* bundle column -> local column, or -1 */
};

static int table_index(const char *name)
{
	for (int i = 0; i < 3; i++)
		if (strcmp(sync_dossier_tables[i], name) == 0)
			return i;
	return -1;
}

/* INSERT of table k with the bundle's columns that exist here; dossiers
 * and documents take the province's values over this database's. */
static mc_status prepare_insert(struct putback *p, int k, const sync_table *bt, mc_error *err)
{
	const struct tinfo *t = &p->ti[k];
	sqlite3_str *q = sqlite3_str_new(p->s->db);
	sqlite3_str_appendf(q, "INSERT INTO main.\"%w\" (", t->name);
	int n = 0;
	for (int i = 0; i < bt->ncols; i++) {
		p->map[k][i] = sync_tinfo_col(t, bt->cols[i]);
		if (p->map[k][i] >= 0)
			sqlite3_str_appendf(q, "%s\"%w\"", n++ ? ", " : "", bt->cols[i]);
	}
	sqlite3_str_appendall(q, ") VALUES (");
	n = 0;
	for (int i = 0; i < bt->ncols; i++) {
		if (p->map[k][i] < 0)
			continue;
		if (k == 0 && strcmp(bt->cols[i], "procedure_id") == 0)
			sqlite3_str_appendf(q, "%s(SELECT id FROM procedures WHERE code = ?%d)",
					    n++ ? ", " : "", SYNC_MAX_COLS + 1);
		else
			sqlite3_str_appendf(q, "%s?%d", n++ ? ", " : "", i + 1);
	}
	sqlite3_str_appendall(q, ")");
	if (k < 2) {
		sqlite3_str_appendall(q, k == 0 ? " ON CONFLICT(id) DO UPDATE SET "
						: " ON CONFLICT(dossier_id, position) DO UPDATE SET ");
		n = 0;
		for (int i = 0; i < bt->ncols; i++)
			if (p->map[k][i] >= 0 && !t->pk[p->map[k][i]])
				sqlite3_str_appendf(q, "%s\"%w\" = excluded.\"%w\"", n++ ? ", " : "",
						    bt->cols[i], bt->cols[i]);
	}
	char *sql = sqlite3_str_finish(q);
	if (!sql)
		return mc_error_set(err, MC_ESYS, "out of memory");
	int rc = sqlite3_prepare_v2(p->s->db, sql, -1, &p->ins[k], NULL);
	sqlite3_free(sql);
	return rc == SQLITE_OK ? MC_OK : store_fail(p->s, "putting the dossiers back", err);
}

static sqlite3_value *bundle_value(sqlite3_changeset_iter *it, const sync_table *bt,
				   const char *col)
{
	sqlite3_value *v = NULL;
	for (int i = 0; i < bt->ncols; i++)
		if (strcmp(bt->cols[i], col) == 0 && sqlite3changeset_new(it, i, &v) == SQLITE_OK)
			return v;
	return NULL;
}

/* What this database holds under the row's id or code: 0 nothing, 1 the
 * same dossier or event, -1 another one (message set). The same one has
 * the same code (uid) and the same entry time, which never changes, and the
 * same applicant and receipt time (an event: the same step at the same
 * time): a dossier taken in after a restore may get the number and code of
 * one that was lost, and even its entry second in a fast drill, but not
 * its applicant too. */
static int existing(struct putback *p, int k, sqlite3_changeset_iter *it, const sync_table *bt,
		    mc_error *err)
{
	sqlite3_value *id = bundle_value(it, bt, "id");
	sqlite3_value *key = bundle_value(it, bt, k == 0 ? "code" : "uid");
	sqlite3_value *when = bundle_value(it, bt, "entered_at");
	sqlite3_value *what = bundle_value(it, bt, k == 0 ? "applicant_name" : "action");
	sqlite3_value *at = bundle_value(it, bt, k == 0 ? "received_at" : "at");
	const char *sql =
		k == 0 ? "SELECT id, code, entered_at IS ?3 AND applicant_name IS ?4"
			 " AND received_at IS ?5 FROM dossiers WHERE id = ?1 OR code = ?2"
		       : "SELECT id, uid, entered_at IS ?3 AND action IS ?4 AND at IS ?5"
			 " FROM dossier_events WHERE id = ?1 OR uid = ?2";
	sqlite3_stmt *st = store_stmt(p->s, sql, err);
	if (!st || !id || !key || !when || !what || !at) {
		if (st)
			store_done(st);
		mc_error_set(err, MC_EDATA, "the recovery bundle is damaged: a row without its key");
		return -1;
	}
	sqlite3_bind_value(st, 1, id);
	sqlite3_bind_value(st, 2, key);
	sqlite3_bind_value(st, 3, when);
	sqlite3_bind_value(st, 4, what);
	sqlite3_bind_value(st, 5, at);
	int found = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *have = (const char *)sqlite3_column_text(st, 1);
		if (sqlite3_column_int64(st, 0) == sqlite3_value_int64(id) && have &&
		    strcmp(have, (const char *)sqlite3_value_text(key)) == 0 &&
		    sqlite3_column_int(st, 2)) {
			found = 1;
			continue;
		}
		mc_error_set(err, MC_EDATA,
			     "%s %s comes back from the province as number %lld, but this "
			     "database holds another %s there (%s, taken in after the backup "
			     "that was restored?): nothing was applied; export and keep what was "
			     "done since, then recover into a fresh database",
			     k == 0 ? "dossier" : "event", sqlite3_value_text(key),
			     (long long)sqlite3_value_int64(id), k == 0 ? "dossier" : "event",
			     have ? have : "?");
		found = -1;
		break;
	}
	store_done(st);
	return found;
}

static mc_status put_row(struct putback *p, sqlite3_changeset_iter *it, mc_error *err)
{
	const char *tab;
	int ncol, op, ind;
	sqlite3changeset_op(it, &tab, &ncol, &op, &ind);
	int k = table_index(tab);
	const sync_table *bt = sync_bundle_table(p->b, tab);
	if (k < 0 || !bt || bt->ncols != ncol || op != SQLITE_INSERT || !p->ti[k].n)
		return mc_error_set(err, MC_EDATA, "the recovery bundle is damaged: a change of %s "
				    "it should not hold", tab);
	if (!p->ins[k]) {
		mc_status r = prepare_insert(p, k, bt, err);
		if (r != MC_OK)
			return r;
	}
	int have = 0;
	if (k != 1 && (have = existing(p, k, it, bt, err)) < 0)
		return MC_EDATA;
	if (k == 2 && have) {
		++*sync_count(&p->rep->counts, tab, "unchanged");
		return MC_OK;
	}
	sqlite3_stmt *st = p->ins[k];
	for (int i = 0; i < ncol; i++) {
		sqlite3_value *v = NULL;
		sqlite3changeset_new(it, i, &v);
		sync_bindv(st, i + 1, v);
	}
	if (k == 0) {
		sqlite3_value *pc = bundle_value(it, bt, "procedure_code");
		sync_bindv(st, SYNC_MAX_COLS + 1, pc);
		sqlite3_stmt *q = store_stmt(p->s, "SELECT 1 FROM procedures WHERE code = ?1", err);
		if (!q)
			return MC_ESYS;
		sqlite3_bind_value(q, 1, pc);
		int rc = sqlite3_step(q);
		store_done(q);
		if (rc != SQLITE_ROW)
			return mc_error_set(err, MC_EDATA,
					    "dossier %s uses procedure %s, which is not in this "
					    "database's catalog: import the catalog first; nothing was "
					    "applied", sqlite3_value_text(bundle_value(it, bt, "code")),
					    pc ? (const char *)sqlite3_value_text(pc) : "?");
	}
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return store_fail(p->s, "putting the dossiers back", err);
	if (k != 1)
		++*sync_count(&p->rep->counts, tab, have ? "updated" : "added");
	else
		++*sync_count(&p->rep->counts, tab, "added");
	/* Remember the key: the picture of what the province holds. */
	sqlite3_value *key = bundle_value(it, bt, k == 1 ? "dossier_id" : "id");
	sqlite3_stmt *d = store_stmt(p->s, "INSERT OR IGNORE INTO sync_dirty(peer, tbl, k)"
					   " VALUES(?1 || ' recovered', ?2, ?3)", err);
	if (!d)
		return MC_ESYS;
	store_bind_text(d, 1, p->peer);
	store_bind_text(d, 2, tab);
	sync_bindv(d, 3, key);
	return store_exec(p->s, d, "putting the dossiers back", err);
}

/* The numbering goes on after the recovered codes. */
static const char renumber[] =
	"INSERT INTO dossier_seq(unit_code, day, last)"
	" SELECT unit_code, '20' || substr(code, length(unit_code) + 2, 2) || '-' ||"
	"  substr(code, length(unit_code) + 4, 2) || '-' || substr(code, length(unit_code) + 6, 2),"
	"  max(CAST(substr(code, length(unit_code) + 9) AS INTEGER))"
	" FROM dossiers WHERE unit_code = ?1 AND substr(code, 1, length(unit_code) + 1) ="
	"  unit_code || '-' GROUP BY 1, 2"
	" ON CONFLICT(unit_code, day) DO UPDATE SET last = max(last, excluded.last)";

/* Every row that did not come back is one the province lacks. */
static const char *const mark_rest[] = {
	"INSERT OR IGNORE INTO sync_dirty(peer, tbl, k) SELECT ?1, 'dossiers', id FROM dossiers"
	" WHERE id NOT IN (SELECT k FROM sync_dirty WHERE peer = ?1 || ' recovered'"
	" AND tbl = 'dossiers')",
	"INSERT OR IGNORE INTO sync_dirty(peer, tbl, k) SELECT DISTINCT ?1, 'dossier_documents',"
	" dossier_id FROM dossier_documents WHERE dossier_id NOT IN (SELECT k FROM sync_dirty"
	" WHERE peer = ?1 || ' recovered' AND tbl = 'dossier_documents')",
	"INSERT OR IGNORE INTO sync_dirty(peer, tbl, k) SELECT ?1, 'dossier_events', id FROM"
	" dossier_events WHERE id NOT IN (SELECT k FROM sync_dirty WHERE peer = ?1 ||"
	" ' recovered' AND tbl = 'dossier_events')",
};

static mc_status run(mc_store *s, const char *sql, const char *a, int64_t n, mc_error *err)
{
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, a);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, n);
	return store_exec(s, st, "resuming the sync", err);
}

/* From now on the province holds exactly the recovered rows. */
static mc_status resume(struct putback *p, mc_error *err)
{
	mc_store *s = p->s;
	const char *peer = p->peer;
	mc_status r = run(s, renumber, p->b->peer, 0, err);
	for (int k = 0; k < 3 && r == MC_OK; k++) {
		if ((r = sync_sent_prepare(s, &p->ti[k], err)) != MC_OK)
			break;
		char *sql = sqlite3_mprintf("DELETE FROM main.\"sync_sent_%w\" WHERE mc_peer = ?1",
					    p->ti[k].name);
		r = sync_exec_dyn(s, sql, peer, "resuming the sync", err);
	}
	/* The recovered keys, under the peer's own name, become its picture. */
	if (r == MC_OK)
		r = run(s, "DELETE FROM sync_dirty WHERE peer = ?1", peer, 0, err);
	if (r == MC_OK)
		r = run(s, "INSERT INTO sync_dirty(peer, tbl, k) SELECT ?1, tbl, k FROM sync_dirty"
			   " WHERE peer = ?1 || ' recovered'", peer, 0, err);
	for (int k = 0; k < 3 && r == MC_OK; k++)
		r = sync_sent_keep(s, &p->ti[k], peer, false, err);
	if (r == MC_OK)
		r = run(s, "DELETE FROM sync_dirty WHERE peer = ?1", peer, 0, err);
	for (int k = 0; k < 3 && r == MC_OK; k++)
		r = run(s, mark_rest[k], peer, 0, err);
	if (r == MC_OK)
		r = run(s, "DELETE FROM sync_dirty WHERE peer = ?1 || ' recovered'", peer, 0, err);
	if (r == MC_OK)
		r = run(s, "INSERT INTO sync_peer(peer, kind, base_seq) VALUES(?1, 'dossiers', ?2)"
			   " ON CONFLICT(peer) DO UPDATE SET kind = 'dossiers',"
			   " base_seq = excluded.base_seq", peer, p->b->seq, err);
	/* Bundles the province never applied are superseded by the next one. */
	if (r == MC_OK)
		r = run(s, "DELETE FROM sync_out WHERE peer = ?1 AND seq > ?2", peer, p->b->seq,
			err);
	return r;
}

static mc_status putback_locked(struct putback *p, mc_error *err)
{
	mc_status r = run(p->s, "DELETE FROM sync_dirty WHERE peer = ?1 || ' recovered'", p->peer,
			  0, err);
	sqlite3_changeset_iter *it = NULL;
	if (r == MC_OK && sqlite3changeset_start(&it, (int)p->b->payload_len,
						 (void *)p->b->payload) != SQLITE_OK)
		return mc_error_set(err, MC_EDATA, "the recovery bundle is damaged");
	int rc = SQLITE_DONE;
	while (r == MC_OK && (rc = sqlite3changeset_next(it)) == SQLITE_ROW)
		r = put_row(p, it, err);
	if (sqlite3changeset_finalize(it) != SQLITE_OK && r == MC_OK)
		r = mc_error_set(err, MC_EDATA, "the recovery bundle is damaged");
	return r == MC_OK ? resume(p, err) : r;
}

mc_status store_sync_recover_apply(mc_store *s, const sync_bundle *b, const char *peer,
				   mc_sync_report *rep, mc_error *err)
{
	struct putback p = {.s = s, .b = b, .peer = peer, .rep = rep};
	mc_status r = MC_OK;
	for (int k = 0; k < 3 && r == MC_OK; k++)
		r = sync_tinfo_load(s, sync_dossier_tables[k], &p.ti[k], err);
	if (r == MC_OK && (r = mc_store_begin(s, err)) == MC_OK) {
		r = putback_locked(&p, err);
		for (int k = 0; k < 3; k++)
			sqlite3_finalize(p.ins[k]);
		if (r == MC_OK)
			r = mc_store_commit(s, err);
		else
			mc_store_rollback(s);
	}
	for (int k = 0; k < 3; k++)
		sync_tinfo_free(&p.ti[k]);
	return r;
}
