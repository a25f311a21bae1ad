/*
 * An office's first bundle at the hub, in bulk: COPY instead of a
 * statement per row. A first bundle can carry a year of an office (tens of
 * thousands of dossiers), and at a hub of hundreds of offices the first
 * loads are most of the work.
 *
 * Taken only when the row-by-row rules (pgstore_sync_rows.c) would simply
 * add every row: the unit has no bundle, no remote ids and none of the
 * bundle's dossier codes or event uids at the hub, every change is an
 * insert and every child names a dossier of the bundle. Anything else
 * (and every check that would refuse the bundle) is left to the row path
 * before a single row is written, so the result and the report are the
 * row path's: dossiers, documents and events added, in the same order and
 * with ids in the same order, each dossier's status checked against its
 * history and the correction listed. Ids come from the tables' sequences
 * (nextval), so offices loading side by side never collide.
 */
#include "pgstore_sync_internal.h"

#include "motcua/dossier.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct dos {
	int64_t remote, local;
	char *code;
	char status[32];
	char last[32];          /* to_status of its latest status event */
	int64_t last_remote;
};

struct ev {
	int64_t remote;
	size_t dossier;         /* index into dossiers */
};

struct load {
	struct papp *a;
	struct ltable *lt;
	int td, tdoc, tev;      /* bundle table indexes, -1 when absent */
	struct dos *d;
	size_t nd, capd;
	struct ev *e;
	size_t ne, cape;
	size_t ndoc;
	/* remote dossier id -> index + 1 (open addressing) */
	int64_t *hkey;
	size_t *hval;
	size_t hcap;
};

static size_t hslot(const struct load *l, int64_t k)
{
	uint64_t h = (uint64_t)k * 0x9E3779B97F4A7C15ull;
	return (size_t)(h >> 17) & (l->hcap - 1);
}

static size_t hget(const struct load *l, int64_t k)
{
	if (!l->hcap)
		return 0;
	for (size_t i = hslot(l, k);; i = (i + 1) & (l->hcap - 1)) {
		if (!l->hval[i])
			return 0;
		if (l->hkey[i] == k)
			return l->hval[i];
	}
}

static bool hput(struct load *l, int64_t k, size_t v)
{
	if ((l->nd + 1) * 2 > l->hcap) {
		size_t ncap = l->hcap ? l->hcap * 2 : 1024;
		int64_t *nk = calloc(ncap, sizeof *nk);
		size_t *nv = calloc(ncap, sizeof *nv);
		if (!nk || !nv) {
			free(nk);
			free(nv);
			return false;
		}
		int64_t *ok = l->hkey;
		size_t *ov = l->hval, ocap = l->hcap;
		l->hkey = nk;
		l->hval = nv;
		l->hcap = ncap;
		for (size_t i = 0; i < ocap; i++)
			if (ov[i]) {
				size_t j = hslot(l, ok[i]);
				while (l->hval[j])
					j = (j + 1) & (l->hcap - 1);
				l->hkey[j] = ok[i];
				l->hval[j] = ov[i];
			}
		free(ok);
		free(ov);
	}
	size_t j = hslot(l, k);
	while (l->hval[j]) {
		if (l->hkey[j] == k)
			return false;   /* the same id twice: not a plain first load */
		j = (j + 1) & (l->hcap - 1);
	}
	l->hkey[j] = k;
	l->hval[j] = v;
	return true;
}

static void load_free(struct load *l)
{
	for (size_t i = 0; i < l->nd; i++)
		free(l->d[i].code);
	free(l->d);
	free(l->e);
	free(l->hkey);
	free(l->hval);
}

static int bcol(const struct load *l, int t, const char *name)
{
	return t < 0 ? -1 : sync_bcol(&l->lt[t], name);
}

static int64_t ival(sqlite3_value *v, bool *okay)
{
	if (!v || sqlite3_value_type(v) != SQLITE_INTEGER) {
		*okay = false;
		return 0;
	}
	return sqlite3_value_int64(v);
}

/* First walk: what the bundle holds, and whether it is a plain first load. */
static bool survey(struct load *l)
{
	const sync_bundle *b = l->a->b;
	sqlite3_changeset_iter *it = NULL;
	if (sqlite3changeset_start(&it, (int)b->payload_len, (void *)b->payload) != SQLITE_OK)
		return false;
	int did = bcol(l, l->td, "id"), dcode = bcol(l, l->td, "code");
	int dst = bcol(l, l->td, "status"), dunit = bcol(l, l->td, "unit_code");
	int dproc = bcol(l, l->td, "procedure_code");
	int eid = bcol(l, l->tev, "id"), efk = bcol(l, l->tev, "dossier_id");
	int eto = bcol(l, l->tev, "to_status");
	int docfk = bcol(l, l->tdoc, "dossier_id");
	bool plain = did >= 0 && dcode >= 0 && dst >= 0 && dunit >= 0 && dproc >= 0 &&
		     (l->tev < 0 || (eid >= 0 && efk >= 0 && eto >= 0 &&
				     bcol(l, l->tev, "uid") >= 0)) &&
		     (l->tdoc < 0 || docfk >= 0);
	while (plain && sqlite3changeset_next(it) == SQLITE_ROW) {
		const char *tab;
		int ncol, op, ind;
		sqlite3changeset_op(it, &tab, &ncol, &op, &ind);
		if (op != SQLITE_INSERT) {
			plain = false;
			break;
		}
		sqlite3_value *v = NULL, *w = NULL;
		if (l->td >= 0 && strcmp(tab, "dossiers") == 0) {
			if (l->nd == l->capd) {
				size_t cap = l->capd ? l->capd * 2 : 1024;
				struct dos *n = realloc(l->d, cap * sizeof *n);
				if (!n) {
					plain = false;
					break;
				}
				l->d = n;
				l->capd = cap;
			}
			struct dos *d = &l->d[l->nd];
			memset(d, 0, sizeof *d);
			sqlite3changeset_new(it, did, &v);
			d->remote = ival(v, &plain);
			sqlite3changeset_new(it, dcode, &v);
			const char *code = sync_vtext(v);
			sqlite3changeset_new(it, dst, &w);
			const char *st = sync_vtext(w);
			char u[40];
			int32_t day;
			int seq;
			if (!plain || !code || strlen(code) >= 64 || !st || strlen(st) >= sizeof d->status ||
			    mc_dossier_code_parse(code, u, sizeof u, &day, &seq, NULL) != MC_OK ||
			    !(d->code = strdup(code))) {
				plain = false;
				break;
			}
			snprintf(d->status, sizeof d->status, "%s", st);
			l->nd++;
			if (!hput(l, d->remote, l->nd))
				plain = false;
		} else if (l->tev >= 0 && strcmp(tab, "dossier_events") == 0) {
			if (l->ne == l->cape) {
				size_t cap = l->cape ? l->cape * 2 : 4096;
				struct ev *n = realloc(l->e, cap * sizeof *n);
				if (!n) {
					plain = false;
					break;
				}
				l->e = n;
				l->cape = cap;
			}
			struct ev *e = &l->e[l->ne++];
			sqlite3changeset_new(it, eid, &v);
			e->remote = ival(v, &plain);
			sqlite3changeset_new(it, efk, &w);
			/* The index is resolved after the walk (parents first). */
			e->dossier = (size_t)ival(w, &plain);
		} else if (l->tdoc >= 0 && strcmp(tab, "dossier_documents") == 0) {
			l->ndoc++;
		} else {
			plain = false;
		}
	}
	sqlite3changeset_finalize(it);
	return plain;
}

/* Each event's dossier, and each dossier's latest status event. */
static bool link_events(struct load *l)
{
	const sync_bundle *b = l->a->b;
	int eid = bcol(l, l->tev, "id"), eto = bcol(l, l->tev, "to_status");
	for (size_t i = 0; i < l->ne; i++) {
		size_t k = hget(l, (int64_t)l->e[i].dossier);
		if (!k)
			return false;
		l->e[i].dossier = k - 1;
	}
	if (l->tev < 0)
		return true;
	sqlite3_changeset_iter *it = NULL;
	if (sqlite3changeset_start(&it, (int)b->payload_len, (void *)b->payload) != SQLITE_OK)
		return false;
	size_t i = 0;
	bool okay = true;
	while (okay && sqlite3changeset_next(it) == SQLITE_ROW) {
		const char *tab;
		int ncol, op, ind;
		sqlite3changeset_op(it, &tab, &ncol, &op, &ind);
		if (strcmp(tab, "dossier_events") != 0)
			continue;
		sqlite3_value *v = NULL, *w = NULL;
		sqlite3changeset_new(it, eid, &v);
		sqlite3changeset_new(it, eto, &w);
		struct ev *e = &l->e[i++];
		const char *to = sync_vtext(w);
		struct dos *d = &l->d[e->dossier];
		if (to && *to && strlen(to) < sizeof d->last && e->remote >= d->last_remote) {
			d->last_remote = e->remote;
			snprintf(d->last, sizeof d->last, "%s", to);
		} else if (to && strlen(to) >= sizeof d->last) {
			okay = false;
		}
	}
	sqlite3changeset_finalize(it);
	return okay;
}

/* '{"a","b"}' for = ANY($1::text[]). */
static char *codes_array(struct load *l)
{
	size_t cap = 64, len = 1;
	char *s = malloc(cap);
	if (!s)
		return NULL;
	s[0] = '{';
	for (size_t i = 0; i < l->nd; i++) {
		char buf[120];
		snprintf(buf, sizeof buf, "%s\"%s\"", i ? "," : "", l->d[i].code);
		size_t k = strlen(buf);
		if (len + k + 2 > cap) {
			while (len + k + 2 > cap)
				cap *= 2;
			char *ns = realloc(s, cap);
			if (!ns) {
				free(s);
				return NULL;
			}
			s = ns;
		}
		memcpy(s + len, buf, k);
		len += k;
	}
	s[len++] = '}';
	s[len] = '\0';
	return s;
}

static int64_t count_of(struct papp *a, const char *sql, const char *p1, bool *okay)
{
	const char *v[] = {p1};
	pg_res *r = pg_run(a->s, sql, 1, v, "checking the bundle against the hub", a->err);
	if (!r) {
		*okay = false;
		return -1;
	}
	int64_t n = pg_rows(r) ? pg_int(r, 0, 0) : 0;
	pg_free(r);
	return n;
}

/* Ids from a table's sequence, in increasing order. */
static mc_status take_ids(struct papp *a, const char *table, size_t n, int64_t *out)
{
	static const char sql[] =
		"SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2::bigint)";
	char nb[24];
	const char *v[] = {table, pg_i64(nb, (int64_t)n)};
	pg_res *r = pg_run(a->s, sql, 2, v, "numbering the rows", a->err);
	if (!r)
		return MC_ESYS;
	for (size_t i = 0; i < n; i++)
		out[i] = pg_int(r, (int)i, 0);
	pg_free(r);
	return MC_OK;
}

static int cmp_i64(const void *x, const void *y)
{
	int64_t p = *(const int64_t *)x, q = *(const int64_t *)y;
	return (p > q) - (p < q);
}

struct sort_ctx {
	const struct ev *e;
	const struct dos *d;
};

static int idx_order(const void *x, const void *y, void *ctx)
{
	const struct sort_ctx *c = ctx;
	const struct ev *p = &c->e[*(const size_t *)x], *q = &c->e[*(const size_t *)y];
	const struct dos *d = c->d;
	int64_t dp = d[p->dossier].local, dq = d[q->dossier].local;
	if (dp != dq)
		return dp < dq ? -1 : 1;
	return (p->remote > q->remote) - (p->remote < q->remote);
}

struct buf {
	char *p;
	size_t len, cap;
};

static bool field(struct buf *b, const char *v, char sep)
{
	return pg_copy_field(&b->p, &b->len, &b->cap, v, sep) == 0;
}

static bool is_plain(const struct ltable *t, int i)
{
	const char *c = t->bt->cols[i];
	return t->map[i] >= 0 && i != t->fk && strcmp(c, "id") != 0 &&
	       !(strcmp(t->bt->name, "dossiers") == 0 && strcmp(c, "procedure_id") == 0);
}

/* "COPY t(id, a, b, ...) FROM STDIN" with the plain columns in bundle order. */
static char *copy_sql(const struct ltable *t, const char *lead, const char *tail)
{
	sqlite3_str *q = sqlite3_str_new(NULL);
	sqlite3_str_appendf(q, "COPY \"%w\"(%s", t->bt->name, lead);
	for (int i = 0; i < t->bt->ncols; i++)
		if (is_plain(t, i) && strcmp(t->bt->cols[i], "uid") != 0)
			sqlite3_str_appendf(q, ", \"%w\"", t->cols[t->map[i]]);
	sqlite3_str_appendf(q, "%s) FROM STDIN", tail);
	return sqlite3_str_finish(q);
}

/* Second walk: the rows in COPY's text format. Events go to ev[] by their
 * place in the sorted order. */
static bool rows(struct load *l, const int64_t *proc_ids, struct buf *bd, struct buf *bdoc,
		 struct buf *bmap, char **evrow, const size_t *evpos)
{
	const sync_bundle *b = l->a->b;
	sqlite3_changeset_iter *it = NULL;
	if (sqlite3changeset_start(&it, (int)b->payload_len, (void *)b->payload) != SQLITE_OK)
		return false;
	const struct ltable *td = &l->lt[l->td];
	int dst = sync_bcol(td, "status");
	size_t di = 0, ei = 0;
	bool okay = true;
	char nb[40], idb[24];
	while (okay && sqlite3changeset_next(it) == SQLITE_ROW) {
		const char *tab;
		int ncol, op, ind;
		sqlite3changeset_op(it, &tab, &ncol, &op, &ind);
		sqlite3_value *v = NULL;
		if (strcmp(tab, "dossiers") == 0) {
			struct dos *d = &l->d[di];
			okay = field(bd, pg_i64(idb, d->local), '\t');
			for (int i = 0; okay && i < td->bt->ncols; i++) {
				if (!is_plain(td, i))
					continue;
				sqlite3changeset_new(it, i, &v);
				const char *x = i == dst && d->last[0] ? d->last : psync_text(v, nb);
				okay = field(bd, x, '\t');
			}
			okay = okay && field(bd, pg_i64(idb, proc_ids[di]), '\n');
			okay = okay && field(bmap, l->a->unit, '\t') && field(bmap, "dossiers", '\t') &&
			       field(bmap, pg_i64(idb, d->remote), '\t') && field(bmap, d->code, '\n');
			di++;
		} else if (strcmp(tab, "dossier_documents") == 0) {
			const struct ltable *t = &l->lt[l->tdoc];
			sqlite3changeset_new(it, t->fk, &v);
			size_t k = v && sqlite3_value_type(v) == SQLITE_INTEGER
					   ? hget(l, sqlite3_value_int64(v)) : 0;
			if (!k) {
				okay = false;
				break;
			}
			okay = field(bdoc, pg_i64(idb, l->d[k - 1].local), '\t');
			int last = -1;
			for (int i = 0; i < t->bt->ncols; i++)
				if (is_plain(t, i))
					last = i;
			for (int i = 0; okay && i < t->bt->ncols; i++) {
				if (!is_plain(t, i))
					continue;
				sqlite3changeset_new(it, i, &v);
				okay = field(bdoc, psync_text(v, nb), i == last ? '\n' : '\t');
			}
			if (last < 0)
				bdoc->p[bdoc->len - 1] = '\n';
		} else {
			const struct ltable *t = &l->lt[l->tev];
			struct buf e = {0};
			size_t me = ei++;
			const struct ev *ev = &l->e[me];
			int cu = sync_bcol(t, "uid");
			sqlite3changeset_new(it, cu, &v);
			char uid[96];
			const char *given = sync_vtext(v);
			if (given)
				snprintf(uid, sizeof uid, "%s", given);
			else
				snprintf(uid, sizeof uid, "%s/%lld", l->a->unit, (long long)ev->remote);
			/* id is filled in front once the order is known: reserve it. */
			okay = field(&e, pg_i64(idb, l->d[ev->dossier].local), '\t') &&
			       field(&e, uid, '\t');
			for (int i = 0; okay && i < t->bt->ncols; i++) {
				if (!is_plain(t, i) || i == cu)
					continue;
				sqlite3changeset_new(it, i, &v);
				okay = field(&e, psync_text(v, nb), '\t');
			}
			if (okay)
				e.p[e.len - 1] = '\n';
			evrow[evpos[me]] = okay ? e.p : NULL;
			if (!okay)
				free(e.p);
			else
				e.p[e.len] = '\0';
		}
	}
	sqlite3changeset_finalize(it);
	return okay;
}

static mc_status copy_in(struct papp *a, char *sql, const struct buf *b)
{
	if (!sql)
		return mc_error_set(a->err, MC_ESYS, "out of memory");
	mc_status st = b->len ? pg_copy_in(a->s, sql, b->p, b->len, "loading the bundle", a->err)
			      : MC_OK;
	sqlite3_free(sql);
	return st;
}

static mc_status write_all(struct load *l, bool *done)
{
	struct papp *a = l->a;
	mc_status st = MC_OK;
	const struct ltable *td = &l->lt[l->td];
	int dproc = sync_bcol(td, "procedure_code");
	/* The catalog, for each dossier's procedure id. */
	static const char procs[] = "SELECT code, id FROM procedures";
	pg_res *pr = pg_run(a->s, procs, 0, NULL, "reading the catalog", a->err);
	if (!pr)
		return MC_ESYS;
	int64_t *proc_ids = calloc(l->nd + 1, sizeof *proc_ids);
	int64_t *ids = calloc(l->nd + l->ne + 1, sizeof *ids);
	size_t *evpos = calloc(l->ne + 1, sizeof *evpos);
	char **evrow = calloc(l->ne + 1, sizeof *evrow);
	struct ev *sorted = calloc(l->ne + 1, sizeof *sorted);
	struct buf bd = {0}, bdoc = {0}, bmap = {0}, bev = {0};
	if (!proc_ids || !ids || !evpos || !evrow || !sorted) {
		st = mc_error_set(a->err, MC_ESYS, "out of memory");
		goto out;
	}
	{
		/* Procedure codes in changeset order; a missing one leaves it to
		 * the row path, which names it. */
		sqlite3_changeset_iter *it = NULL;
		size_t di = 0;
		if (sqlite3changeset_start(&it, (int)a->b->payload_len, (void *)a->b->payload) !=
		    SQLITE_OK)
			goto out;
		while (sqlite3changeset_next(it) == SQLITE_ROW) {
			const char *tab;
			int ncol, op, ind;
			sqlite3changeset_op(it, &tab, &ncol, &op, &ind);
			if (strcmp(tab, "dossiers") != 0)
				continue;
			sqlite3_value *v = NULL;
			sqlite3changeset_new(it, dproc, &v);
			const char *pc = sync_vtext(v);
			for (int r = 0; pc && r < pg_rows(pr) && !proc_ids[di]; r++)
				if (strcmp(pg_get(pr, r, 0), pc) == 0)
					proc_ids[di] = pg_int(pr, r, 1);
			di++;
		}
		sqlite3changeset_finalize(it);
		for (size_t i = 0; i < l->nd; i++)
			if (!proc_ids[i])
				goto out;
	}
	/* From here on the load is ours: ids, then the rows. */
	*done = true;
	if ((st = take_ids(a, "dossiers", l->nd, ids)) != MC_OK)
		goto out;
	qsort(ids, l->nd, sizeof *ids, cmp_i64);
	for (size_t i = 0; i < l->nd; i++)
		l->d[i].local = ids[i];
	{
		/* Events in the row path's order: by dossier (local id), then by
		 * the office's id; evpos[i] is event i's place. */
		for (size_t i = 0; i < l->ne; i++) {
			sorted[i] = l->e[i];
			sorted[i].remote = l->e[i].remote;
		}
		size_t *idx = malloc((l->ne + 1) * sizeof *idx);
		if (!idx) {
			st = mc_error_set(a->err, MC_ESYS, "out of memory");
			goto out;
		}
		for (size_t i = 0; i < l->ne; i++)
			idx[i] = i;
		struct sort_ctx c = {l->e, l->d};
		qsort_r(idx, l->ne, sizeof *idx, idx_order, &c);
		for (size_t k = 0; k < l->ne; k++)
			evpos[idx[k]] = k;
		free(idx);
	}
	if ((st = take_ids(a, "dossier_events", l->ne, ids)) != MC_OK)
		goto out;
	qsort(ids, l->ne, sizeof *ids, cmp_i64);
	if (!rows(l, proc_ids, &bd, &bdoc, &bmap, evrow, evpos)) {
		st = mc_error_set(a->err, MC_ESYS, "out of memory or an unreadable bundle");
		goto out;
	}
	for (size_t k = 0; k < l->ne; k++) {
		char idb[24];
		if (!evrow[k] || !field(&bev, pg_i64(idb, ids[k]), '\t')) {
			st = mc_error_set(a->err, MC_ESYS, "out of memory");
			goto out;
		}
		size_t n = strlen(evrow[k]);
		if (bev.len + n + 1 > bev.cap) {
			size_t cap = bev.cap * 2 + n + 1;
			char *p = realloc(bev.p, cap);
			if (!p) {
				st = mc_error_set(a->err, MC_ESYS, "out of memory");
				goto out;
			}
			bev.p = p;
			bev.cap = cap;
		}
		memcpy(bev.p + bev.len, evrow[k], n);
		bev.len += n;
	}
	if ((st = copy_in(a, copy_sql(td, "id", ", procedure_id"), &bd)) != MC_OK)
		goto out;
	if (l->tdoc >= 0 && (st = copy_in(a, copy_sql(&l->lt[l->tdoc], "dossier_id", ""), &bdoc)) != MC_OK)
		goto out;
	if (l->tev >= 0 &&
	    (st = copy_in(a, copy_sql(&l->lt[l->tev], "id, dossier_id, uid", ""), &bev)) != MC_OK)
		goto out;
	{
		static const char map[] = "COPY sync_map(unit, tbl, remote_id, natural_key) FROM STDIN";
		if (bmap.len && (st = pg_copy_in(a->s, map, bmap.p, bmap.len, "remembering remote ids",
						 a->err)) != MC_OK)
			goto out;
	}
	/* The report, as the row path counts and lists. */
	for (size_t i = 0; i < l->nd; i++)
		psync_bump(a, "dossiers", "added");
	for (size_t i = 0; i < l->ndoc; i++)
		psync_bump(a, "dossier_documents", "added");
	for (size_t i = 0; i < l->ne; i++)
		psync_bump(a, "dossier_events", "added");
	for (size_t i = 0; i < l->nd; i++)
		if (l->d[i].last[0] && strcmp(l->d[i].last, l->d[i].status) != 0)
			sync_report_conflict(a->rep, l->d[i].code,
					     "its record says %s but its history ends at %s; the "
					     "history's status was taken", l->d[i].status, l->d[i].last);
out:
	pg_free(pr);
	for (size_t i = 0; evrow && i < l->ne; i++)
		free(evrow[i]);
	free(evrow);
	free(evpos);
	free(sorted);
	free(ids);
	free(proc_ids);
	free(bd.p);
	free(bdoc.p);
	free(bmap.p);
	free(bev.p);
	return st;
}

mc_status psync_first_load(struct papp *a, struct ltable *lt, bool *done);
mc_status psync_first_load(struct papp *a, struct ltable *lt, bool *done)
{
	/* Nothing of the unit here yet: no remote ids, no dossier filed under
	 * it, none of the bundle's codes. Its events' uids carry the unit
	 * (sync_check_units) and hang only under its dossiers, so none of
	 * them is here either. */
	static const char mapped[] = "SELECT count(*) FROM (SELECT 1 FROM sync_map WHERE unit = $1"
				     " LIMIT 1) m";
	static const char filed[] = "SELECT count(*) FROM (SELECT 1 FROM dossiers"
				    " WHERE unit_code = $1 LIMIT 1) d";
	static const char codes[] = "SELECT count(*) FROM dossiers WHERE code = ANY($1::text[])";
	*done = false;
	struct load l = {.a = a, .lt = lt, .td = -1, .tdoc = -1, .tev = -1};
	for (int i = 0; i < a->b->ntables; i++) {
		const char *n = a->b->tables[i].name;
		if (strcmp(n, "dossiers") == 0)
			l.td = i;
		else if (strcmp(n, "dossier_documents") == 0)
			l.tdoc = i;
		else if (strcmp(n, "dossier_events") == 0)
			l.tev = i;
	}
	mc_status st = MC_OK;
	bool okay = l.td >= 0 && (l.tev < 0 || lt[l.tev].fk >= 0) &&
		    (l.tdoc < 0 || lt[l.tdoc].fk >= 0);
	if (okay && survey(&l) && l.nd > 0 && link_events(&l)) {
		char *arr = codes_array(&l);
		okay = arr != NULL;
		if (okay && count_of(a, mapped, a->unit, &okay) == 0 && okay &&
		    count_of(a, filed, a->unit, &okay) == 0 && okay &&
		    count_of(a, codes, arr, &okay) == 0 && okay)
			st = write_all(&l, done);
		else if (!okay && !arr)
			st = mc_error_set(a->err, MC_ESYS, "out of memory");
		else if (!okay)
			st = a->err ? a->err->code : MC_ESYS;
		free(arr);
	}
	load_free(&l);
	return st;
}
