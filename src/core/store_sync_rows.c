/*
 * What each row change of an imported bundle becomes here, by natural key
 * (the rule is at the top of store_sync_apply.c and in docs/sync.md):
 * parents (dossiers, procedures) by code, events by uid, child rows by
 * their parent plus their own key columns, holidays by day. SQL is built
 * from the local table's column names (never from the bundle's text) and
 * every value is bound.
 */
#include "store_sync_internal.h"

#include "motcua/catalog.h"
#include "motcua/dossier.h"

#include <stdlib.h>
#include <string.h>

static bool is_dossiers(const struct ltable *t)
{
	return strcmp(t->bt->name, "dossiers") == 0;
}

/* A column copied as it is: present here, not a local id and not a
 * parent id (those are mapped). */
static bool plain(const struct ltable *t, int i)
{
	const char *c = t->bt->cols[i];
	return t->map[i] >= 0 && i != t->fk && strcmp(c, "id") != 0 &&
	       !(is_dossiers(t) && strcmp(c, "procedure_id") == 0);
}

static const char *lname(const struct ltable *t, int i)
{
	return t->cols[t->map[i]];
}

static mc_status damaged(struct applier *a, const char *what)
{
	return mc_error_set(a->err, MC_EDATA, "bundle %lld from %s is damaged: %s",
			    (long long)a->b->seq, a->unit, what);
}

static void list_add(char *buf, size_t sz, const char *name)
{
	size_t n = strlen(buf);
	if (n + strlen(name) + 3 < sz)
		snprintf(buf + n, sz - n, "%s%s", n ? ", " : "", name);
}

/* ---- parents: dossiers and procedures, by code ---------------------------- */

static char *parent_add_sql(struct applier *a, const struct ltable *t, const void *arg)
{
	(void)arg;
	sqlite3_str *q = sqlite3_str_new(a->s->db);
	sqlite3_str_appendf(q, "INSERT INTO \"%w\"(", t->bt->name);
	int n = 0;
	for (int i = 0; i < t->bt->ncols; i++)
		if (plain(t, i))
			sqlite3_str_appendf(q, "%s\"%w\"", n++ ? ", " : "", lname(t, i));
	if (is_dossiers(t))
		sqlite3_str_appendf(q, "%sprocedure_id", n++ ? ", " : "");
	sqlite3_str_appendall(q, ") VALUES (");
	for (int i = 0; i < n; i++)
		sqlite3_str_appendall(q, i ? ", ?" : "?");
	sqlite3_str_appendall(q, ")");
	return sqlite3_str_finish(q);
}

static mc_status parent_add(struct applier *a, const struct ltable *t, sqlite3_value **v,
			    int64_t remote, int64_t proc)
{
	bool dos = is_dossiers(t);
	sqlite3_stmt *st = sync_hot(a, t, SYNC_HOT_ADD, parent_add_sql, NULL);
	if (!st)
		return MC_ESYS;
	int k = 1;
	for (int i = 0; i < t->bt->ncols; i++)
		if (plain(t, i))
			sync_bindv(st, k++, v[i]);
	if (dos)
		sqlite3_bind_int64(st, k, proc);
	mc_status r = sync_step(a, st);
	if (r != MC_OK)
		return r;
	sync_bump(a, t->bt->name, "added");
	if (!dos)
		return MC_OK;
	int64_t id = sqlite3_last_insert_rowid(a->s->db);
	int cs = sync_bcol(t, "status");
	sync_fresh_added(a, id, cs >= 0 && plain(t, cs) ? v[cs] : NULL);
	if ((r = sync_fts_added(a, id)) == MC_OK && (r = sync_parent_learn(a, remote, id)) == MC_OK)
		r = sync_touch(a, id);
	return r;
}

/* Read the plain columns of local row id (then, for dossiers, its
 * procedure_id); sel[i] is bundle column i's result column (or -1). The
 * statement is left on its row. */
static char *parent_read_sql(struct applier *a, const struct ltable *t, const void *arg)
{
	(void)arg;
	sqlite3_str *q = sqlite3_str_new(a->s->db);
	sqlite3_str_appendall(q, "SELECT ");
	int n = 0;
	for (int i = 0; i < t->bt->ncols; i++)
		if (plain(t, i))
			sqlite3_str_appendf(q, "%s\"%w\"", n++ ? ", " : "", lname(t, i));
	if (is_dossiers(t))
		sqlite3_str_appendf(q, "%sprocedure_id", n++ ? ", " : "");
	if (!n)
		sqlite3_str_appendall(q, "1");
	sqlite3_str_appendf(q, " FROM \"%w\" WHERE id = ?1", t->bt->name);
	return sqlite3_str_finish(q);
}

static sqlite3_stmt *parent_read(struct applier *a, const struct ltable *t, int64_t id, int *sel)
{
	int n = 0;
	for (int i = 0; i < t->bt->ncols; i++)
		sel[i] = plain(t, i) ? n++ : -1;
	sqlite3_stmt *st = sync_hot(a, t, SYNC_HOT_READ, parent_read_sql, NULL);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		store_fail(a->s, "reading a row", a->err);
		sqlite3_reset(st);
		return NULL;
	}
	return st;
}

/* Set the columns flagged in set[] (values in v) and, for dossiers with
 * proc > 0, procedure_id, on local row id. */
static mc_status parent_set(struct applier *a, const struct ltable *t, int64_t id,
			    sqlite3_value **v, const bool *set, int64_t proc)
{
	if (is_dossiers(t)) {
		/* The update trigger takes the old name out of the index. */
		mc_status r = sync_fts_flush(a);
		if (r != MC_OK)
			return r;
		struct fresh_status *f = sync_fresh_of(a, id);
		if (f)
			f->stale = true;
		for (int i = 0; i < t->bt->ncols; i++)
			if (set[i] && (strcmp(t->bt->cols[i], "code") == 0 ||
				       strcmp(t->bt->cols[i], "unit_code") == 0))
				sync_parent_forget(a);
	}
	sqlite3_str *q = sqlite3_str_new(a->s->db);
	sqlite3_str_appendf(q, "UPDATE \"%w\" SET ", t->bt->name);
	int n = 0;
	for (int i = 0; i < t->bt->ncols; i++)
		if (set[i])
			sqlite3_str_appendf(q, "%s\"%w\" = ?", n++ ? ", " : "", lname(t, i));
	if (proc > 0)
		sqlite3_str_appendf(q, "%sprocedure_id = ?", n++ ? ", " : "");
	sqlite3_str_appendall(q, " WHERE id = ?");
	sqlite3_stmt *st = sync_prep(a, sqlite3_str_finish(q));
	if (!st)
		return MC_ESYS;
	int k = 1;
	for (int i = 0; i < t->bt->ncols; i++)
		if (set[i])
			sync_bindv(st, k++, v[i]);
	if (proc > 0)
		sqlite3_bind_int64(st, k++, proc);
	sqlite3_bind_int64(st, k, id);
	return sync_step(a, st);
}

/* The same code is here already: the sender's copy wins (office for its
 * dossiers, province for procedures). */
static mc_status parent_merge(struct applier *a, const struct ltable *t, sqlite3_value **v,
			      int64_t remote, int64_t id, int64_t proc, const char *code)
{
	if (is_dossiers(t)) {
		mc_status r = sync_parent_learn(a, remote, id);
		if (r != MC_OK)
			return r;
	}
	int sel[SYNC_MAX_COLS];
	bool set[SYNC_MAX_COLS] = {false};
	char names[300] = "";
	sqlite3_stmt *st = parent_read(a, t, id, sel);
	if (!st)
		return MC_ESYS;
	int n = 0;
	for (int i = 0; i < t->bt->ncols; i++)
		if (sel[i] >= 0 && !sync_same(v[i], st, sel[i])) {
			set[i] = true;
			n++;
			list_add(names, sizeof names, lname(t, i));
		}
	int ncols = sqlite3_column_count(st);
	bool proc_diff = is_dossiers(t) && sqlite3_column_int64(st, ncols - 1) != proc;
	sqlite3_reset(st);
	if (!n && !proc_diff) {
		sync_bump(a, t->bt->name, "unchanged");
		return MC_OK;
	}
	mc_status r = parent_set(a, t, id, v, set, proc_diff ? proc : 0);
	if (r != MC_OK)
		return r;
	sync_bump(a, t->bt->name, "updated");
	if (!is_dossiers(t))
		return MC_OK;
	sync_report_conflict(a->rep, code, "was here already with a different %s; the office's "
			     "copy was taken", n ? names : "procedure");
	return sync_touch(a, id);
}

/* The catalog does not change while dossiers apply (a dossier bundle
 * carries none): the last code's id is kept. */
static mc_status procedure_of(struct applier *a, const char *dossier, const char *pcode,
			      int64_t *proc)
{
	if (a->proc_id && strcmp(a->proc_code, pcode) == 0) {
		*proc = a->proc_id;
		return MC_OK;
	}
	mc_status r = sync_local_row(a, "procedures", pcode, proc, NULL, 0);
	if (r == MC_OK && *proc && strlen(pcode) < sizeof a->proc_code) {
		strcpy(a->proc_code, pcode);
		a->proc_id = *proc;
	}
	if (r == MC_OK && !*proc)
		r = mc_error_set(a->err, MC_EDATA,
				 "dossier %s uses procedure %s, which is not in this database's "
				 "catalog: import the catalog first; nothing was applied",
				 dossier, pcode);
	return r;
}

static mc_status parent_insert(struct applier *a, const struct ltable *t,
			       sqlite3_changeset_iter *it)
{
	sqlite3_value *v[SYNC_MAX_COLS] = {NULL};
	for (int i = 0; i < t->bt->ncols; i++)
		sqlite3changeset_new(it, i, &v[i]);
	bool dos = is_dossiers(t);
	int ci = sync_bcol(t, "id"), cc = sync_bcol(t, "code");
	const char *code = cc >= 0 ? sync_vtext(v[cc]) : NULL;
	if (ci < 0 || !v[ci] || sqlite3_value_type(v[ci]) != SQLITE_INTEGER || !code ||
	    strlen(code) >= 64)
		return damaged(a, "a row without id or code");
	mc_status r;
	int64_t proc = 0;
	if (dos) {
		int cu = sync_bcol(t, "unit_code"), cp = sync_bcol(t, "procedure_code");
		const char *unit = cu >= 0 ? sync_vtext(v[cu]) : NULL;
		const char *pcode = cp >= 0 ? sync_vtext(v[cp]) : NULL;
		char u[40];
		int32_t day;
		int seq;
		if (!unit || !pcode)
			return damaged(a, "a dossier without unit or procedure");
		if (mc_dossier_code_parse(code, u, sizeof u, &day, &seq, a->err) != MC_OK)
			return mc_error_prefix(a->err, "bundle %lld from %s", (long long)a->b->seq,
					       a->unit);
		if ((r = sync_map_put(a, "dossiers", sqlite3_value_int64(v[ci]), code)) != MC_OK)
			return r;
		if (strcmp(unit, a->unit) != 0) {
			sync_report_conflict(a->rep, code, "belongs to unit %s, not to %s which sent "
					     "it; not taken", unit, a->unit);
			sync_bump(a, "dossiers", "skipped");
			return MC_OK;
		}
		if ((r = procedure_of(a, code, pcode, &proc)) != MC_OK)
			return r;
	} else {
		if (!mc_procedure_code_valid(code))
			return damaged(a, "a procedure with a malformed code");
		if ((r = sync_map_put(a, "procedures", sqlite3_value_int64(v[ci]), code)) != MC_OK)
			return r;
	}
	int64_t id;
	char lunit[40] = "";
	if ((r = sync_local_row(a, t->bt->name, code, &id, lunit, sizeof lunit)) != MC_OK)
		return r;
	int64_t remote = sqlite3_value_int64(v[ci]);
	if (!id)
		return parent_add(a, t, v, remote, proc);
	if (dos && strcmp(lunit, a->unit) != 0) {
		sync_report_conflict(a->rep, code, "a dossier of unit %s with this code is here "
				     "already; not taken", lunit);
		sync_bump(a, "dossiers", "skipped");
		return MC_OK;
	}
	return parent_merge(a, t, v, remote, id, proc, code);
}

/* An update names the row by its remote id and carries the changed columns
 * (old and new values): a column that changed here too is overridden and
 * listed. */
static mc_status parent_update(struct applier *a, const struct ltable *t,
			       sqlite3_changeset_iter *it)
{
	bool dos = is_dossiers(t);
	int ci = sync_bcol(t, "id");
	sqlite3_value *idv = NULL;
	if (ci < 0 || sqlite3changeset_old(it, ci, &idv) != SQLITE_OK || !idv ||
	    sqlite3_value_type(idv) != SQLITE_INTEGER)
		return damaged(a, "an update without the row's id");
	char code[64], lunit[40] = "";
	int64_t id;
	mc_status r = sync_map_get(a, t->bt->name, sqlite3_value_int64(idv), code, sizeof code);
	if (r == MC_OK)
		r = sync_local_row(a, t->bt->name, code, &id, lunit, sizeof lunit);
	if (r != MC_OK)
		return r;
	if (!id || (dos && strcmp(lunit, a->unit) != 0)) {
		sync_bump(a, t->bt->name, "skipped");
		return MC_OK;
	}
	sqlite3_value *nv[SYNC_MAX_COLS] = {NULL};
	bool set[SYNC_MAX_COLS] = {false};
	char overridden[300] = "";
	int sel[SYNC_MAX_COLS], n = 0;
	int64_t proc = 0;
	sqlite3_stmt *st = parent_read(a, t, id, sel);
	if (!st)
		return MC_ESYS;
	for (int i = 0; i < t->bt->ncols; i++) {
		sqlite3_value *ov = NULL;
		if (sel[i] < 0 || sqlite3changeset_new(it, i, &nv[i]) != SQLITE_OK || !nv[i] ||
		    sync_same(nv[i], st, sel[i]))
			continue;
		set[i] = true;
		n++;
		if (sqlite3changeset_old(it, i, &ov) == SQLITE_OK && !sync_same(ov, st, sel[i]))
			list_add(overridden, sizeof overridden, lname(t, i));
	}
	sqlite3_reset(st);
	int cp = dos ? sync_bcol(t, "procedure_code") : -1;
	if (cp >= 0 && set[cp]) {
		const char *pcode = sync_vtext(nv[cp]);
		if (!pcode)
			return damaged(a, "a dossier without procedure");
		if ((r = procedure_of(a, code, pcode, &proc)) != MC_OK)
			return r;
	}
	if (!n) {
		sync_bump(a, t->bt->name, "unchanged");
		return MC_OK;
	}
	if ((r = parent_set(a, t, id, nv, set, proc)) != MC_OK)
		return r;
	sync_bump(a, t->bt->name, "updated");
	if (overridden[0])
		sync_report_conflict(a->rep, code, "%s also changed here; the %s's value was taken",
				     overridden, dos ? "office" : "province");
	return dos ? sync_touch(a, id) : MC_OK;
}

mc_status sync_row_parent(struct applier *a, const struct ltable *t, sqlite3_changeset_iter *it,
			  int op)
{
	if (op == SQLITE_INSERT)
		return parent_insert(a, t, it);
	if (op == SQLITE_UPDATE)
		return parent_update(a, t, it);
	sqlite3_value *idv = NULL;
	int ci = sync_bcol(t, "id");
	char code[64] = "?";
	if (ci >= 0 && sqlite3changeset_old(it, ci, &idv) == SQLITE_OK && idv &&
	    sqlite3_value_type(idv) == SQLITE_INTEGER &&
	    sync_map_get(a, t->bt->name, sqlite3_value_int64(idv), code, sizeof code) != MC_OK)
		return MC_EDATA;
	sync_report_conflict(a->rep, code, "%s deleted it; a bundle never deletes %s, so it was "
			     "kept", a->unit, t->bt->name);
	sync_bump(a, t->bt->name, "skipped");
	return MC_OK;
}

/* ---- child rows (documents) and holidays, by parent + own key ------------- */

/* WHERE on the key columns: the parent's local id for the fk column, the
 * bundle's values for the others. MC_EDATA for a table without a natural
 * key (a lone surrogate id). */
static mc_status key_where(struct applier *a, const struct ltable *t, const unsigned char *pk,
			   sqlite3_str *q)
{
	int nk = 0;
	for (int i = 0; i < t->bt->ncols; i++) {
		if (!pk[i])
			continue;
		if (t->map[i] < 0 || (i != t->fk && strcmp(t->bt->cols[i], "id") == 0))
			return damaged(a, "a table keyed by a local id");
		sqlite3_str_appendf(q, "%s\"%w\" IS ?", nk++ ? " AND " : " WHERE ", lname(t, i));
	}
	return nk ? MC_OK : damaged(a, "a table without a key");
}

static void bind_key(sqlite3_stmt *st, int k, const struct ltable *t, const unsigned char *pk,
		     sqlite3_value **v, int64_t parent)
{
	for (int i = 0; i < t->bt->ncols; i++) {
		if (!pk[i])
			continue;
		if (i == t->fk)
			sqlite3_bind_int64(st, k++, parent);
		else
			sync_bindv(st, k++, v[i]);
	}
}

static char *child_sel_sql(struct applier *a, const struct ltable *t, const void *arg)
{
	const unsigned char *pk = arg;
	sqlite3_str *q = sqlite3_str_new(a->s->db);
	sqlite3_str_appendall(q, "SELECT 1");
	for (int i = 0; i < t->bt->ncols; i++)
		if (!pk[i] && plain(t, i))
			sqlite3_str_appendf(q, ", \"%w\"", lname(t, i));
	sqlite3_str_appendf(q, " FROM \"%w\"", t->bt->name);
	if (key_where(a, t, pk, q) != MC_OK) {
		sqlite3_free(sqlite3_str_finish(q));
		return NULL;
	}
	return sqlite3_str_finish(q);
}

static char *child_put_sql(struct applier *a, const struct ltable *t, const void *arg)
{
	(void)arg;
	sqlite3_str *q = sqlite3_str_new(a->s->db);
	sqlite3_str_appendf(q, "INSERT OR REPLACE INTO \"%w\"(", t->bt->name);
	int n = 0;
	for (int i = 0; i < t->bt->ncols; i++)
		if (t->map[i] >= 0 && (i == t->fk || plain(t, i)))
			sqlite3_str_appendf(q, "%s\"%w\"", n++ ? ", " : "", lname(t, i));
	sqlite3_str_appendall(q, ") VALUES (");
	for (int i = 0; i < n; i++)
		sqlite3_str_appendall(q, i ? ", ?" : "?");
	sqlite3_str_appendall(q, ")");
	return sqlite3_str_finish(q);
}

/* Insert or replace a child row; counts added / updated / unchanged. */
static mc_status child_put(struct applier *a, const struct ltable *t, const unsigned char *pk,
			   sqlite3_value **v, int64_t parent)
{
	/* The SELECT is built for the table's key: the changeset gives it
	 * per table, so the same table twice with another key rebuilds it. */
	unsigned char *memo = a->child_pk[t - a->lt];
	sqlite3_stmt **sel = &a->hot[t - a->lt][SYNC_HOT_CHILD_SEL];
	for (int i = 0; i < t->bt->ncols; i++)
		if ((memo[i] ? 1 : 0) != (pk[i] ? 1 : 0)) {
			sqlite3_finalize(*sel);
			*sel = NULL;
			break;
		}
	for (int i = 0; i < t->bt->ncols; i++)
		memo[i] = pk[i] ? 1 : 0;
	sqlite3_stmt *st = sync_hot(a, t, SYNC_HOT_CHILD_SEL, child_sel_sql, pk);
	if (!st)
		return a->err && a->err->code != MC_OK ? a->err->code : MC_ESYS;
	bind_key(st, 1, t, pk, v, parent);
	int rc = sqlite3_step(st);
	bool exists = rc == SQLITE_ROW, differs = false;
	for (int i = 0, c = 1; exists && i < t->bt->ncols; i++)
		if (!pk[i] && plain(t, i) && !sync_same(v[i], st, c++))
			differs = true;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(a->s, "reading a row", a->err);
	if (exists && !differs) {
		sync_bump(a, t->bt->name, "unchanged");
		return MC_OK;
	}
	if (!(st = sync_hot(a, t, SYNC_HOT_CHILD_PUT, child_put_sql, NULL)))
		return MC_ESYS;
	int k = 1;
	for (int i = 0; i < t->bt->ncols; i++) {
		if (t->map[i] < 0)
			continue;
		if (i == t->fk)
			sqlite3_bind_int64(st, k++, parent);
		else if (plain(t, i))
			sync_bindv(st, k++, v[i]);
	}
	mc_status r = sync_step(a, st);
	if (r != MC_OK)
		return r;
	sync_bump(a, t->bt->name, exists ? "updated" : "added");
	return MC_OK;
}

/* A fresh dossier's documents (store_sync_internal.h) cannot be here yet:
 * they are added CHILD_BATCH at a time by one multi-row INSERT OR REPLACE
 * (the statement child_put would run), without child_put's look-up; a row
 * whose key is already in the batch sends the batch first, so that it is
 * compared as child_put would. Same rows, same counts. */
#define CHILD_BATCH 128

struct child_batch {
	int n;
	int64_t parent[CHILD_BATCH];
	sqlite3_value **v[CHILD_BATCH];   /* bundle columns (sqlite3_value_dup) */
	unsigned char pk[SYNC_MAX_COLS];
	int ncol;
};

static char *child_rows_sql(struct applier *a, const struct ltable *t, int rows)
{
	char *one = child_put_sql(a, t, NULL);
	if (!one)
		return NULL;
	const char *values = strstr(one, ") VALUES (");
	sqlite3_str *q = sqlite3_str_new(a->s->db);
	sqlite3_str_appendall(q, one);
	for (int r = 1; values && r < rows; r++)
		sqlite3_str_appendf(q, ", %s", values + strlen(") VALUES "));
	sqlite3_free(one);
	return sqlite3_str_finish(q);
}

static char *child_batch_sql(struct applier *a, const struct ltable *t, const void *arg)
{
	(void)arg;
	return child_rows_sql(a, t, CHILD_BATCH);
}

static void child_batch_clear(struct child_batch *b)
{
	for (int r = 0; r < b->n; r++) {
		for (int i = 0; i < b->ncol; i++)
			sqlite3_value_free(b->v[r][i]);
		free(b->v[r]);
	}
	b->n = 0;
}

static mc_status child_batch_flush(struct applier *a, const struct ltable *t)
{
	struct child_batch *b = a->docs[t - a->lt];
	if (!b || !b->n)
		return MC_OK;
	sqlite3_stmt *st = b->n == CHILD_BATCH
				   ? sync_hot(a, t, SYNC_HOT_CHILD_ADD, child_batch_sql, NULL)
				   : sync_prep(a, child_rows_sql(a, t, b->n));
	if (!st) {
		child_batch_clear(b);
		return MC_ESYS;
	}
	int k = 1;
	for (int r = 0; r < b->n; r++)
		for (int i = 0; i < t->bt->ncols; i++) {
			if (t->map[i] < 0)
				continue;
			if (i == t->fk)
				sqlite3_bind_int64(st, k++, b->parent[r]);
			else if (plain(t, i))
				sync_bindv(st, k++, b->v[r][i]);
		}
	mc_status r = sync_step(a, st);
	sqlite3_clear_bindings(st);   /* the values live in the batch */
	for (int i = 0; r == MC_OK && i < b->n; i++)
		sync_bump(a, t->bt->name, "added");
	child_batch_clear(b);
	return r;
}

static bool same_value(sqlite3_value *x, sqlite3_value *y)
{
	int tx = x ? sqlite3_value_type(x) : SQLITE_NULL, ty = y ? sqlite3_value_type(y) : SQLITE_NULL;
	if (tx != ty)
		return false;
	switch (tx) {
	case SQLITE_NULL:
		return true;
	case SQLITE_INTEGER:
		return sqlite3_value_int64(x) == sqlite3_value_int64(y);
	case SQLITE_FLOAT:
		return sqlite3_value_double(x) == sqlite3_value_double(y);
	default: {
		int n = sqlite3_value_bytes(x);
		const void *p = tx == SQLITE_TEXT ? (const void *)sqlite3_value_text(x)
						  : sqlite3_value_blob(x);
		const void *q = tx == SQLITE_TEXT ? (const void *)sqlite3_value_text(y)
						  : sqlite3_value_blob(y);
		return n == sqlite3_value_bytes(y) && (n == 0 || memcmp(p, q, (size_t)n) == 0);
	}
	}
}

/* May this insert go into the batch? Only a fresh dossier's row, under
 * the key the batch was started with; false when it must go alone. */
static bool child_batchable(struct applier *a, const struct ltable *t, const unsigned char *pk,
			    int64_t parent)
{
	if (!t->parent || strcmp(t->parent, "dossiers") != 0 || !sync_fresh_of(a, parent))
		return false;
	struct child_batch *b = a->docs[t - a->lt];
	if (!b || !b->n)
		return true;
	for (int i = 0; i < t->bt->ncols; i++)
		if ((b->pk[i] ? 1 : 0) != (pk[i] ? 1 : 0))
			return false;
	return true;
}

static mc_status child_hold(struct applier *a, const struct ltable *t, const unsigned char *pk,
			    sqlite3_value **v, int64_t parent)
{
	struct child_batch **slot = &a->docs[t - a->lt];
	if (!*slot && !(*slot = calloc(1, sizeof **slot)))
		return mc_error_set(a->err, MC_ESYS, "out of memory");
	struct child_batch *b = *slot;
	/* The same key waiting (two remote dossiers under one code): sent
	 * first, so that this row is compared with it. */
	for (int r = 0; r < b->n; r++) {
		if (b->parent[r] != parent)
			continue;
		bool same = true;
		for (int i = 0; same && i < t->bt->ncols; i++)
			if (pk[i] && i != t->fk)
				same = same_value(b->v[r][i], v[i]);
		if (same) {
			mc_status st = child_batch_flush(a, t);
			if (st != MC_OK)
				return st;
			return child_put(a, t, pk, v, parent);
		}
	}
	if (!b->n) {
		for (int i = 0; i < t->bt->ncols; i++)
			b->pk[i] = pk[i] ? 1 : 0;
		b->ncol = t->bt->ncols;
	}
	sqlite3_value **row = calloc((size_t)t->bt->ncols, sizeof *row);
	if (!row)
		return mc_error_set(a->err, MC_ESYS, "out of memory");
	b->v[b->n] = row;
	b->parent[b->n++] = parent;
	for (int i = 0; i < t->bt->ncols; i++)
		if (v[i] && !(row[i] = sqlite3_value_dup(v[i])))
			return mc_error_set(a->err, MC_ESYS, "out of memory");
	return b->n == CHILD_BATCH ? child_batch_flush(a, t) : MC_OK;
}

mc_status sync_children_flush(struct applier *a)
{
	for (int i = 0; a->lt && i < a->b->ntables; i++) {
		mc_status r = child_batch_flush(a, &a->lt[i]);
		if (r != MC_OK)
			return r;
	}
	return MC_OK;
}

void sync_children_free(struct applier *a)
{
	for (int i = 0; i < MC_SYNC_MAX_TABLES; i++)
		if (a->docs[i]) {
			child_batch_clear(a->docs[i]);
			free(a->docs[i]);
			a->docs[i] = NULL;
		}
}

/* Update the changed columns, or delete, of the row with that key. */
static mc_status child_change(struct applier *a, const struct ltable *t,
			      sqlite3_changeset_iter *it, const unsigned char *pk, int op,
			      sqlite3_value **old, int64_t parent)
{
	sqlite3_value *nv[SYNC_MAX_COLS] = {NULL};
	sqlite3_str *q = sqlite3_str_new(a->s->db);
	int n = 0;
	if (op == SQLITE_UPDATE) {
		sqlite3_str_appendf(q, "UPDATE \"%w\" SET ", t->bt->name);
		for (int i = 0; i < t->bt->ncols; i++)
			if (!pk[i] && plain(t, i) && sqlite3changeset_new(it, i, &nv[i]) == SQLITE_OK &&
			    nv[i])
				sqlite3_str_appendf(q, "%s\"%w\" = ?", n++ ? ", " : "", lname(t, i));
	} else {
		sqlite3_str_appendf(q, "DELETE FROM \"%w\"", t->bt->name);
	}
	mc_status r = key_where(a, t, pk, q);
	char *sql = sqlite3_str_finish(q);
	if (r != MC_OK || (op == SQLITE_UPDATE && !n)) {
		sqlite3_free(sql);
		if (r == MC_OK)
			sync_bump(a, t->bt->name, "unchanged");
		return r;
	}
	sqlite3_stmt *st = sync_prep(a, sql);
	if (!st)
		return MC_ESYS;
	int k = 1;
	for (int i = 0; i < t->bt->ncols; i++)
		if (nv[i])
			sync_bindv(st, k++, nv[i]);
	bind_key(st, k, t, pk, old, parent);
	if ((r = sync_step(a, st)) != MC_OK)
		return r;
	bool hit = sqlite3_changes(a->s->db) > 0;
	sync_bump(a, t->bt->name, !hit ? "skipped" : op == SQLITE_UPDATE ? "updated" : "deleted");
	return MC_OK;
}

mc_status sync_row_child(struct applier *a, const struct ltable *t, sqlite3_changeset_iter *it,
			 int op)
{
	unsigned char *pk;
	int ncol;
	sqlite3changeset_pk(it, &pk, &ncol);
	sqlite3_value *v[SYNC_MAX_COLS] = {NULL};
	for (int i = 0; i < ncol; i++) {
		if (op == SQLITE_INSERT)
			sqlite3changeset_new(it, i, &v[i]);
		else if (pk[i])
			sqlite3changeset_old(it, i, &v[i]);
	}
	int64_t parent = 0;
	if (t->fk >= 0) {
		if (!pk[t->fk])
			return damaged(a, "a child row whose key does not name its parent");
		mc_status r = sync_parent_id(a, t, v[t->fk], &parent);
		if (r != MC_OK)
			return r;
		if (!parent) {  /* its dossier was not taken (listed there) */
			sync_bump(a, t->bt->name, "skipped");
			return MC_OK;
		}
	}
	if (op == SQLITE_INSERT && child_batchable(a, t, pk, parent))
		return child_hold(a, t, pk, v, parent);
	/* Anything else of this table waits for the rows held before it. */
	mc_status r = child_batch_flush(a, t);
	if (r != MC_OK)
		return r;
	if (op == SQLITE_INSERT)
		return child_put(a, t, pk, v, parent);
	return child_change(a, t, it, pk, op, v, parent);
}

/* ---- events: append-only, by uid ------------------------------------------ */

mc_status sync_row_event(struct applier *a, const struct ltable *t, sqlite3_changeset_iter *it,
			 int op)
{
	int ci = sync_bcol(t, "id");
	if (ci < 0 || t->fk < 0 || sync_bcol(t, "uid") < 0)
		return damaged(a, "events without id, dossier or uid");
	sqlite3_value *idv = NULL;
	if (op != SQLITE_INSERT) {
		sqlite3changeset_old(it, ci, &idv);
		char subject[80];
		snprintf(subject, sizeof subject, "event #%lld of %s",
			 idv ? (long long)sqlite3_value_int64(idv) : 0LL, a->unit);
		sync_report_conflict(a->rep, subject, "the history is append-only; the %s was "
				     "ignored", op == SQLITE_UPDATE ? "change" : "deletion");
		sync_bump(a, t->bt->name, "skipped");
		return MC_OK;
	}
	sqlite3_value *fk = NULL;
	sqlite3changeset_new(it, ci, &idv);
	sqlite3changeset_new(it, t->fk, &fk);
	if (!idv || sqlite3_value_type(idv) != SQLITE_INTEGER)
		return damaged(a, "an event without id");
	int64_t dossier;
	mc_status r = sync_parent_id(a, t, fk, &dossier);
	if (r != MC_OK)
		return r;
	if (!dossier) {
		sync_bump(a, t->bt->name, "skipped");
		return MC_OK;
	}
	if (a->nevents == a->capevents) {
		size_t cap = a->capevents ? a->capevents * 2 : 256;
		struct event_row *n = realloc(a->events, cap * sizeof *n);
		if (!n)
			return mc_error_set(a->err, MC_ESYS, "out of memory");
		a->events = n;
		a->capevents = cap;
	}
	struct event_row *e = &a->events[a->nevents];
	e->dossier = dossier;
	e->remote_id = sqlite3_value_int64(idv);
	e->ncol = t->bt->ncols;
	if (!(e->v = calloc((size_t)t->bt->ncols, sizeof *e->v)))
		return mc_error_set(a->err, MC_ESYS, "out of memory");
	a->nevents++;
	for (int i = 0; i < t->bt->ncols; i++) {
		sqlite3_value *v = NULL;
		sqlite3changeset_new(it, i, &v);
		if (v && !(e->v[i] = sqlite3_value_dup(v)))
			return mc_error_set(a->err, MC_ESYS, "out of memory");
	}
	return MC_OK;
}

static int event_order(const void *x, const void *y)
{
	const struct event_row *p = x, *q = y;
	if (p->dossier != q->dossier)
		return p->dossier < q->dossier ? -1 : 1;
	return (p->remote_id > q->remote_id) - (p->remote_id < q->remote_id);
}

static char *event_sel_sql(struct applier *a, const struct ltable *t, const void *arg)
{
	int cu = *(const int *)arg;
	sqlite3_str *q = sqlite3_str_new(a->s->db);
	sqlite3_str_appendall(q, "SELECT dossier_id");
	for (int i = 0; i < t->bt->ncols; i++)
		if (plain(t, i) && i != cu)
			sqlite3_str_appendf(q, ", \"%w\"", lname(t, i));
	sqlite3_str_appendall(q, " FROM dossier_events WHERE uid = ?1");
	return sqlite3_str_finish(q);
}

/* Events are added EV_BATCH at a time by one multi-row INSERT: the
 * statement's own cost (its journal, its savepoint, opening each table)
 * was most of an event's, paid once per row. Same rows, same order, same
 * ids as one INSERT each. */
#define EV_BATCH 128

struct ev_batch {
	const struct event_row *e[EV_BATCH];
	char uid[EV_BATCH][96];
	uint64_t hash[EV_BATCH];
	int n;
};

static char *event_add_rows_sql(struct applier *a, const struct ltable *t, int cu, int rows)
{
	sqlite3_str *q = sqlite3_str_new(a->s->db);
	sqlite3_str_appendall(q, "INSERT INTO dossier_events(dossier_id, uid");
	int n = 2;
	for (int i = 0; i < t->bt->ncols; i++)
		if (plain(t, i) && i != cu) {
			sqlite3_str_appendf(q, ", \"%w\"", lname(t, i));
			n++;
		}
	sqlite3_str_appendall(q, ") VALUES ");
	for (int r = 0; r < rows; r++) {
		sqlite3_str_appendall(q, r ? ", (?" : "(?");
		for (int i = 1; i < n; i++)
			sqlite3_str_appendall(q, ", ?");
		sqlite3_str_appendall(q, ")");
	}
	return sqlite3_str_finish(q);
}

static char *event_add_sql(struct applier *a, const struct ltable *t, const void *arg)
{
	return event_add_rows_sql(a, t, *(const int *)arg, EV_BATCH);
}

static uint64_t uid_hash(const char *s)
{
	uint64_t h = 14695981039346656037u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* Add the events held in the batch, in their order. */
static mc_status event_batch_flush(struct applier *a, const struct ltable *t, int cu,
				   struct ev_batch *b)
{
	if (!b->n)
		return MC_OK;
	sqlite3_stmt *st = b->n == EV_BATCH ? sync_hot(a, t, SYNC_HOT_EV_ADD, event_add_sql, &cu)
					    : sync_prep(a, event_add_rows_sql(a, t, cu, b->n));
	if (!st)
		return MC_ESYS;
	int k = 1;
	for (int r = 0; r < b->n; r++) {
		const struct event_row *e = b->e[r];
		sqlite3_bind_int64(st, k++, e->dossier);
		sqlite3_bind_text(st, k++, b->uid[r], -1, SQLITE_STATIC);
		for (int i = 0; i < t->bt->ncols; i++)
			if (plain(t, i) && i != cu)
				sync_bindv(st, k++, e->v[i]);
	}
	mc_status r = sync_step(a, st);
	sqlite3_clear_bindings(st);   /* the uids live in the batch */
	if (r != MC_OK)
		return r;
	int cts = sync_bcol(t, "to_status");
	for (int i = 0; r == MC_OK && i < b->n; i++) {
		sync_bump(a, t->bt->name, "added");
		if (cts >= 0 && plain(t, cts))
			sync_fresh_event(a, b->e[i]->dossier, b->e[i]->v[cts]);
		r = sync_touch(a, b->e[i]->dossier);
	}
	b->n = 0;
	return r;
}

/* One held-back event: into the batch, or (same uid here) compared. */
static mc_status event_put(struct applier *a, const struct ltable *t, const struct event_row *e,
			   struct ev_batch *b)
{
	int cu = sync_bcol(t, "uid");
	char uid[96];
	const char *given = sync_vtext(e->v[cu]);
	if (given)
		snprintf(uid, sizeof uid, "%s", given);
	else
		snprintf(uid, sizeof uid, "%s/%lld", a->unit, (long long)e->remote_id);
	/* The same uid waiting in the batch: added first, then compared. */
	uint64_t h = uid_hash(uid);
	for (int i = 0; i < b->n; i++)
		if (b->hash[i] == h && strcmp(b->uid[i], uid) == 0) {
			mc_status r = event_batch_flush(a, t, cu, b);
			if (r != MC_OK)
				return r;
			break;
		}
	sqlite3_stmt *st = sync_hot(a, t, SYNC_HOT_EV_SEL, event_sel_sql, &cu);
	if (!st)
		return MC_ESYS;
	sqlite3_bind_text(st, 1, uid, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	bool differs = false;
	if (rc == SQLITE_ROW) {
		differs = sqlite3_column_int64(st, 0) != e->dossier;
		for (int i = 0, c = 1; i < t->bt->ncols; i++)
			if (plain(t, i) && i != cu && !sync_same(e->v[i], st, c++))
				differs = true;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW) {
		if (differs)
			sync_report_conflict(a->rep, uid, "another event with this uid is here "
					     "already; the history is kept as it is");
		sync_bump(a, t->bt->name, differs ? "skipped" : "unchanged");
		return MC_OK;
	}
	if (rc != SQLITE_DONE)
		return store_fail(a->s, "reading the history", a->err);
	b->e[b->n] = e;
	memcpy(b->uid[b->n], uid, sizeof uid);
	b->hash[b->n++] = h;
	return b->n == EV_BATCH ? event_batch_flush(a, t, cu, b) : MC_OK;
}

mc_status sync_events_flush(struct applier *a, const struct ltable *t)
{
	if (a->nevents)
		qsort(a->events, a->nevents, sizeof *a->events, event_order);
	struct ev_batch *b = calloc(1, sizeof *b);
	if (!b)
		return mc_error_set(a->err, MC_ESYS, "out of memory");
	mc_status r = MC_OK;
	for (size_t i = 0; r == MC_OK && i < a->nevents; i++)
		r = event_put(a, t, &a->events[i], b);
	if (r == MC_OK)
		r = event_batch_flush(a, t, sync_bcol(t, "uid"), b);
	free(b);
	return r;
}

void sync_events_free(struct applier *a)
{
	for (size_t i = 0; i < a->nevents; i++) {
		for (int c = 0; a->events[i].v && c < a->events[i].ncol; c++)
			sqlite3_value_free(a->events[i].v[c]);
		free(a->events[i].v);
	}
	free(a->events);
	a->events = NULL;
	a->nevents = a->capevents = 0;
}
