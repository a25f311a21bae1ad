/*
 * What each row change of an imported bundle becomes at the hub: the rules
 * of store_sync_rows.c, row by row, with PostgreSQL's SQL (used for every
 * bundle but an office's first, which pgstore_sync_copy.c loads in bulk).
 * SQL is built from the hub's column names, never from the bundle's text,
 * and every value is a parameter.
 */
#include "pgstore_sync_internal.h"

#include "motcua/catalog.h"
#include "motcua/dossier.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXV (2 * SYNC_MAX_COLS + 4)

/* Parameters of one statement: texts, numbers printed into nb. */
struct params {
	const char *v[MAXV];
	char nb[MAXV][40];
	int n;
};

static void p_val(struct params *p, sqlite3_value *v)
{
	p->v[p->n] = psync_text(v, p->nb[p->n]);
	p->n++;
}

static void p_int(struct params *p, int64_t x)
{
	p->v[p->n] = pg_i64(p->nb[p->n], x);
	p->n++;
}

static void p_text(struct params *p, const char *x)
{
	p->v[p->n++] = x;
}

static bool is_dossiers(const struct ltable *t)
{
	return strcmp(t->bt->name, "dossiers") == 0;
}

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

static mc_status damaged(struct papp *a, const char *what)
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

static pg_res *run(struct papp *a, sqlite3_str *q, const struct params *p, const char *what)
{
	const char *sql = psync_sql(q, a->err);
	return sql ? pg_run(a->s, sql, p->n, p->v, what, a->err) : NULL;
}

static mc_status run_do(struct papp *a, sqlite3_str *q, const struct params *p,
			const char *what, long long *changed)
{
	const char *sql = psync_sql(q, a->err);
	return sql ? pg_do(a->s, sql, p->n, p->v, what, changed, a->err) : MC_ESYS;
}

/* ---- parents: dossiers and procedures, by code ---------------------------- */

static mc_status parent_add(struct papp *a, const struct ltable *t, sqlite3_value **v,
			    int64_t proc)
{
	bool dos = is_dossiers(t);
	struct params p = {.n = 0};
	sqlite3_str *q = sqlite3_str_new(NULL);
	sqlite3_str_appendf(q, "INSERT INTO \"%w\"(", t->bt->name);
	int n = 0;
	for (int i = 0; i < t->bt->ncols; i++)
		if (plain(t, i)) {
			sqlite3_str_appendf(q, "%s\"%w\"", n++ ? ", " : "", lname(t, i));
			p_val(&p, v[i]);
		}
	if (dos) {
		sqlite3_str_appendf(q, "%sprocedure_id", n++ ? ", " : "");
		p_int(&p, proc);
	}
	sqlite3_str_appendall(q, ") VALUES (");
	for (int i = 0; i < n; i++)
		sqlite3_str_appendf(q, "%s$%d", i ? ", " : "", i + 1);
	sqlite3_str_appendall(q, ") RETURNING id");
	pg_res *r = run(a, q, &p, "applying the bundle");
	if (!r)
		return MC_ESYS;
	int64_t id = pg_int(r, 0, 0);
	pg_free(r);
	psync_bump(a, t->bt->name, "added");
	return dos ? psync_touch(a, id) : MC_OK;
}

/* The plain columns of row id (then, for dossiers, procedure_id); sel[i]
 * is bundle column i's result column (or -1). */
static pg_res *parent_read(struct papp *a, const struct ltable *t, int64_t id, int *sel)
{
	sqlite3_str *q = sqlite3_str_new(NULL);
	sqlite3_str_appendall(q, "SELECT ");
	int n = 0;
	for (int i = 0; i < t->bt->ncols; i++) {
		sel[i] = -1;
		if (plain(t, i)) {
			sqlite3_str_appendf(q, "%s\"%w\"", n ? ", " : "", lname(t, i));
			sel[i] = n++;
		}
	}
	if (is_dossiers(t))
		sqlite3_str_appendf(q, "%sprocedure_id", n++ ? ", " : "");
	if (!n)
		sqlite3_str_appendall(q, "1");
	sqlite3_str_appendf(q, " FROM \"%w\" WHERE id = $1", t->bt->name);
	struct params p = {.n = 0};
	p_int(&p, id);
	pg_res *r = run(a, q, &p, "reading a row");
	if (r && !pg_rows(r)) {
		pg_free(r);
		mc_error_set(a->err, MC_ESYS, "reading a row: row %lld of %s is gone", (long long)id,
			     t->bt->name);
		return NULL;
	}
	return r;
}

static mc_status parent_set(struct papp *a, const struct ltable *t, int64_t id,
			    sqlite3_value **v, const bool *set, int64_t proc)
{
	struct params p = {.n = 0};
	sqlite3_str *q = sqlite3_str_new(NULL);
	sqlite3_str_appendf(q, "UPDATE \"%w\" SET ", t->bt->name);
	for (int i = 0; i < t->bt->ncols; i++)
		if (set[i]) {
			p_val(&p, v[i]);
			sqlite3_str_appendf(q, "%s\"%w\" = $%d", p.n > 1 ? ", " : "", lname(t, i),
					    p.n);
		}
	if (proc > 0) {
		p_int(&p, proc);
		sqlite3_str_appendf(q, "%sprocedure_id = $%d", p.n > 1 ? ", " : "", p.n);
	}
	p_int(&p, id);
	sqlite3_str_appendf(q, " WHERE id = $%d", p.n);
	return run_do(a, q, &p, "applying the bundle", NULL);
}

static mc_status parent_merge(struct papp *a, const struct ltable *t, sqlite3_value **v,
			      int64_t id, int64_t proc, const char *code)
{
	int sel[SYNC_MAX_COLS];
	bool set[SYNC_MAX_COLS] = {false};
	char names[300] = "";
	pg_res *r = parent_read(a, t, id, sel);
	if (!r)
		return MC_ESYS;
	int n = 0, last = -1;
	for (int i = 0; i < t->bt->ncols; i++) {
		if (sel[i] > last)
			last = sel[i];
		if (sel[i] >= 0 && !psync_same(v[i], pg_get(r, 0, sel[i]))) {
			set[i] = true;
			n++;
			list_add(names, sizeof names, lname(t, i));
		}
	}
	bool proc_diff = is_dossiers(t) && pg_int(r, 0, last + 1) != proc;
	pg_free(r);
	if (!n && !proc_diff) {
		psync_bump(a, t->bt->name, "unchanged");
		return MC_OK;
	}
	mc_status st = parent_set(a, t, id, v, set, proc_diff ? proc : 0);
	if (st != MC_OK)
		return st;
	psync_bump(a, t->bt->name, "updated");
	if (!is_dossiers(t))
		return MC_OK;
	sync_report_conflict(a->rep, code, "was here already with a different %s; the office's "
			     "copy was taken", n ? names : "procedure");
	return psync_touch(a, id);
}

static mc_status procedure_of(struct papp *a, const char *dossier, const char *pcode,
			      int64_t *proc)
{
	mc_status r = psync_local_row(a, "procedures", pcode, proc, NULL, 0);
	if (r == MC_OK && !*proc)
		r = mc_error_set(a->err, MC_EDATA,
				 "dossier %s uses procedure %s, which is not in this database's "
				 "catalog: import the catalog first; nothing was applied",
				 dossier, pcode);
	return r;
}

static mc_status parent_insert(struct papp *a, const struct ltable *t,
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
		if ((r = psync_map_put(a, "dossiers", sqlite3_value_int64(v[ci]), code)) != MC_OK)
			return r;
		if (strcmp(unit, a->unit) != 0) {
			sync_report_conflict(a->rep, code, "belongs to unit %s, not to %s which sent "
					     "it; not taken", unit, a->unit);
			psync_bump(a, "dossiers", "skipped");
			return MC_OK;
		}
		if ((r = procedure_of(a, code, pcode, &proc)) != MC_OK)
			return r;
	} else {
		if (!mc_procedure_code_valid(code))
			return damaged(a, "a procedure with a malformed code");
		if ((r = psync_map_put(a, "procedures", sqlite3_value_int64(v[ci]), code)) != MC_OK)
			return r;
	}
	int64_t id;
	char lunit[40] = "";
	if ((r = psync_local_row(a, t->bt->name, code, &id, lunit, sizeof lunit)) != MC_OK)
		return r;
	if (!id)
		return parent_add(a, t, v, proc);
	if (dos && strcmp(lunit, a->unit) != 0) {
		sync_report_conflict(a->rep, code, "a dossier of unit %s with this code is here "
				     "already; not taken", lunit);
		psync_bump(a, "dossiers", "skipped");
		return MC_OK;
	}
	return parent_merge(a, t, v, id, proc, code);
}

static mc_status parent_update(struct papp *a, const struct ltable *t,
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
	mc_status r = psync_map_get(a, t->bt->name, sqlite3_value_int64(idv), code, sizeof code);
	if (r == MC_OK)
		r = psync_local_row(a, t->bt->name, code, &id, lunit, sizeof lunit);
	if (r != MC_OK)
		return r;
	if (!id || (dos && strcmp(lunit, a->unit) != 0)) {
		psync_bump(a, t->bt->name, "skipped");
		return MC_OK;
	}
	sqlite3_value *nv[SYNC_MAX_COLS] = {NULL};
	bool set[SYNC_MAX_COLS] = {false};
	char overridden[300] = "";
	int sel[SYNC_MAX_COLS], n = 0;
	int64_t proc = 0;
	pg_res *row = parent_read(a, t, id, sel);
	if (!row)
		return MC_ESYS;
	for (int i = 0; i < t->bt->ncols; i++) {
		sqlite3_value *ov = NULL;
		if (sel[i] < 0 || sqlite3changeset_new(it, i, &nv[i]) != SQLITE_OK || !nv[i] ||
		    psync_same(nv[i], pg_get(row, 0, sel[i])))
			continue;
		set[i] = true;
		n++;
		if (sqlite3changeset_old(it, i, &ov) == SQLITE_OK &&
		    !psync_same(ov, pg_get(row, 0, sel[i])))
			list_add(overridden, sizeof overridden, lname(t, i));
	}
	pg_free(row);
	int cp = dos ? sync_bcol(t, "procedure_code") : -1;
	if (cp >= 0 && set[cp]) {
		const char *pcode = sync_vtext(nv[cp]);
		if (!pcode)
			return damaged(a, "a dossier without procedure");
		if ((r = procedure_of(a, code, pcode, &proc)) != MC_OK)
			return r;
	}
	if (!n) {
		psync_bump(a, t->bt->name, "unchanged");
		return MC_OK;
	}
	if ((r = parent_set(a, t, id, nv, set, proc)) != MC_OK)
		return r;
	psync_bump(a, t->bt->name, "updated");
	if (overridden[0])
		sync_report_conflict(a->rep, code, "%s also changed here; the %s's value was taken",
				     overridden, dos ? "office" : "province");
	return dos ? psync_touch(a, id) : MC_OK;
}

mc_status psync_row_parent(struct papp *a, const struct ltable *t, sqlite3_changeset_iter *it,
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
	    psync_map_get(a, t->bt->name, sqlite3_value_int64(idv), code, sizeof code) != MC_OK)
		return MC_EDATA;
	sync_report_conflict(a->rep, code, "%s deleted it; a bundle never deletes %s, so it was "
			     "kept", a->unit, t->bt->name);
	psync_bump(a, t->bt->name, "skipped");
	return MC_OK;
}

/* ---- child rows (documents) and holidays, by parent + own key ------------- */

/* WHERE on the key columns, numbered from $k. */
static mc_status key_where(struct papp *a, const struct ltable *t, const unsigned char *pk,
			   sqlite3_str *q, int k)
{
	int nk = 0;
	for (int i = 0; i < t->bt->ncols; i++) {
		if (!pk[i])
			continue;
		if (t->map[i] < 0 || (i != t->fk && strcmp(t->bt->cols[i], "id") == 0))
			return damaged(a, "a table keyed by a local id");
		sqlite3_str_appendf(q, "%s\"%w\" = $%d", nk++ ? " AND " : " WHERE ", lname(t, i),
				    k++);
	}
	return nk ? MC_OK : damaged(a, "a table without a key");
}

static void bind_key(struct params *p, const struct ltable *t, const unsigned char *pk,
		     sqlite3_value **v, int64_t parent)
{
	for (int i = 0; i < t->bt->ncols; i++) {
		if (!pk[i])
			continue;
		if (i == t->fk)
			p_int(p, parent);
		else
			p_val(p, v[i]);
	}
}

static mc_status child_put(struct papp *a, const struct ltable *t, const unsigned char *pk,
			   sqlite3_value **v, int64_t parent)
{
	sqlite3_str *q = sqlite3_str_new(NULL);
	sqlite3_str_appendall(q, "SELECT 1");
	for (int i = 0; i < t->bt->ncols; i++)
		if (!pk[i] && plain(t, i))
			sqlite3_str_appendf(q, ", \"%w\"", lname(t, i));
	sqlite3_str_appendf(q, " FROM \"%w\"", t->bt->name);
	mc_status r = key_where(a, t, pk, q, 1);
	if (r != MC_OK) {
		sqlite3_free(sqlite3_str_finish(q));
		return r;
	}
	struct params p = {.n = 0};
	bind_key(&p, t, pk, v, parent);
	pg_res *res = run(a, q, &p, "reading a row");
	if (!res)
		return MC_ESYS;
	bool exists = pg_rows(res) > 0, differs = false;
	for (int i = 0, c = 1; exists && i < t->bt->ncols; i++)
		if (!pk[i] && plain(t, i) && !psync_same(v[i], pg_get(res, 0, c++)))
			differs = true;
	pg_free(res);
	if (exists && !differs) {
		psync_bump(a, t->bt->name, "unchanged");
		return MC_OK;
	}
	/* SQLite's INSERT OR REPLACE: the key's row takes the bundle's values. */
	q = sqlite3_str_new(NULL);
	sqlite3_str_appendf(q, "INSERT INTO \"%w\"(", t->bt->name);
	p.n = 0;
	for (int i = 0; i < t->bt->ncols; i++) {
		if (t->map[i] < 0)
			continue;
		if (i == t->fk)
			p_int(&p, parent);
		else if (plain(t, i))
			p_val(&p, v[i]);
		else
			continue;
		sqlite3_str_appendf(q, "%s\"%w\"", p.n > 1 ? ", " : "", lname(t, i));
	}
	sqlite3_str_appendall(q, ") VALUES (");
	for (int i = 0; i < p.n; i++)
		sqlite3_str_appendf(q, "%s$%d", i ? ", " : "", i + 1);
	sqlite3_str_appendall(q, ") ON CONFLICT (");
	int nk = 0, nset = 0;
	for (int i = 0; i < t->bt->ncols; i++)
		if (pk[i])
			sqlite3_str_appendf(q, "%s\"%w\"", nk++ ? ", " : "", lname(t, i));
	sqlite3_str_appendall(q, ") DO ");
	for (int i = 0; i < t->bt->ncols; i++)
		if (!pk[i] && plain(t, i))
			sqlite3_str_appendf(q, "%s\"%w\" = excluded.\"%w\"",
					    nset++ ? ", " : "UPDATE SET ", lname(t, i), lname(t, i));
	if (!nset)
		sqlite3_str_appendall(q, "NOTHING");
	if ((r = run_do(a, q, &p, "applying the bundle", NULL)) != MC_OK)
		return r;
	psync_bump(a, t->bt->name, exists ? "updated" : "added");
	return MC_OK;
}

static mc_status child_change(struct papp *a, const struct ltable *t,
			      sqlite3_changeset_iter *it, const unsigned char *pk, int op,
			      sqlite3_value **old, int64_t parent)
{
	struct params p = {.n = 0};
	sqlite3_str *q = sqlite3_str_new(NULL);
	if (op == SQLITE_UPDATE) {
		sqlite3_str_appendf(q, "UPDATE \"%w\" SET ", t->bt->name);
		for (int i = 0; i < t->bt->ncols; i++) {
			sqlite3_value *nv = NULL;
			if (!pk[i] && plain(t, i) && sqlite3changeset_new(it, i, &nv) == SQLITE_OK &&
			    nv) {
				p_val(&p, nv);
				sqlite3_str_appendf(q, "%s\"%w\" = $%d", p.n > 1 ? ", " : "",
						    lname(t, i), p.n);
			}
		}
	} else {
		sqlite3_str_appendf(q, "DELETE FROM \"%w\"", t->bt->name);
	}
	mc_status r = key_where(a, t, pk, q, p.n + 1);
	if (r != MC_OK || (op == SQLITE_UPDATE && !p.n)) {
		sqlite3_free(sqlite3_str_finish(q));
		if (r == MC_OK)
			psync_bump(a, t->bt->name, "unchanged");
		return r;
	}
	bind_key(&p, t, pk, old, parent);
	long long changed = 0;
	if ((r = run_do(a, q, &p, "applying the bundle", &changed)) != MC_OK)
		return r;
	psync_bump(a, t->bt->name, !changed ? "skipped" : op == SQLITE_UPDATE ? "updated"
									       : "deleted");
	return MC_OK;
}

mc_status psync_row_child(struct papp *a, const struct ltable *t, sqlite3_changeset_iter *it,
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
		mc_status r = psync_parent_id(a, t, v[t->fk], &parent);
		if (r != MC_OK)
			return r;
		if (!parent) {
			psync_bump(a, t->bt->name, "skipped");
			return MC_OK;
		}
	}
	if (op == SQLITE_INSERT)
		return child_put(a, t, pk, v, parent);
	return child_change(a, t, it, pk, op, v, parent);
}

/* ---- events: append-only, by uid ------------------------------------------ */

mc_status psync_row_event(struct papp *a, const struct ltable *t, sqlite3_changeset_iter *it,
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
		psync_bump(a, t->bt->name, "skipped");
		return MC_OK;
	}
	sqlite3_value *fk = NULL;
	sqlite3changeset_new(it, ci, &idv);
	sqlite3changeset_new(it, t->fk, &fk);
	if (!idv || sqlite3_value_type(idv) != SQLITE_INTEGER)
		return damaged(a, "an event without id");
	int64_t dossier;
	mc_status r = psync_parent_id(a, t, fk, &dossier);
	if (r != MC_OK)
		return r;
	if (!dossier) {
		psync_bump(a, t->bt->name, "skipped");
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

static mc_status event_put(struct papp *a, const struct ltable *t, const struct event_row *e)
{
	int cu = sync_bcol(t, "uid");
	char uid[96];
	const char *given = sync_vtext(e->v[cu]);
	if (given)
		snprintf(uid, sizeof uid, "%s", given);
	else
		snprintf(uid, sizeof uid, "%s/%lld", a->unit, (long long)e->remote_id);
	sqlite3_str *q = sqlite3_str_new(NULL);
	sqlite3_str_appendall(q, "SELECT dossier_id");
	for (int i = 0; i < t->bt->ncols; i++)
		if (plain(t, i) && i != cu)
			sqlite3_str_appendf(q, ", \"%w\"", lname(t, i));
	sqlite3_str_appendall(q, " FROM dossier_events WHERE uid = $1");
	struct params p = {.n = 0};
	p_text(&p, uid);
	pg_res *r = run(a, q, &p, "reading the history");
	if (!r)
		return MC_ESYS;
	if (pg_rows(r)) {
		bool differs = pg_int(r, 0, 0) != e->dossier;
		for (int i = 0, c = 1; i < t->bt->ncols; i++)
			if (plain(t, i) && i != cu && !psync_same(e->v[i], pg_get(r, 0, c++)))
				differs = true;
		pg_free(r);
		if (differs)
			sync_report_conflict(a->rep, uid, "another event with this uid is here "
					     "already; the history is kept as it is");
		psync_bump(a, t->bt->name, differs ? "skipped" : "unchanged");
		return MC_OK;
	}
	pg_free(r);
	q = sqlite3_str_new(NULL);
	sqlite3_str_appendall(q, "INSERT INTO dossier_events(dossier_id, uid");
	p.n = 0;
	p_int(&p, e->dossier);
	p_text(&p, uid);
	for (int i = 0; i < t->bt->ncols; i++)
		if (plain(t, i) && i != cu) {
			sqlite3_str_appendf(q, ", \"%w\"", lname(t, i));
			p_val(&p, e->v[i]);
		}
	sqlite3_str_appendall(q, ") VALUES (");
	for (int i = 0; i < p.n; i++)
		sqlite3_str_appendf(q, "%s$%d", i ? ", " : "", i + 1);
	sqlite3_str_appendall(q, ")");
	mc_status st = run_do(a, q, &p, "applying the bundle", NULL);
	if (st != MC_OK)
		return st;
	psync_bump(a, t->bt->name, "added");
	return psync_touch(a, e->dossier);
}

mc_status psync_events_flush(struct papp *a, const struct ltable *t)
{
	if (a->nevents)
		qsort(a->events, a->nevents, sizeof *a->events, event_order);
	for (size_t i = 0; i < a->nevents; i++) {
		mc_status r = event_put(a, t, &a->events[i]);
		if (r != MC_OK)
			return r;
	}
	return MC_OK;
}

void psync_events_free(struct papp *a)
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
