/*
 * An office's first bundle at the hub, in bulk: COPY instead of a
 * statement per row. A first bundle can carry a year of an office (tens of
 * thousands of dossiers), and at a hub of hundreds of offices the first
 * loads are most of the work.
 *
 * Taken only when the row-by-row rules (pgstore_sync_rows.c) would simply
 * add every row: the unit has no remote ids, no dossier and none of the
 * bundle's codes at the hub, every change is an insert and every child
 * names a dossier of the bundle whose procedure is in the catalog.
 * Anything else (and every check that would refuse the bundle) is left to
 * the row path before a single row is written, so the result and the
 * report are the row path's: dossiers, documents and events added, ids in
 * the same order (events by dossier, then in the office's order), each
 * dossier's status checked against its history and the correction listed.
 * Ids come from the tables' sequences, so offices loading side by side
 * never collide.
 *
 * The changeset is read twice: once to decide and number, once to send.
 * The rows are sent while they are made (COPY in pieces), so the server
 * stores the first dossiers while the next are formatted.
 */
#include "pgstore_sync_internal.h"

#include "motcua/dossier.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PIECE (256 * 1024)

struct dos {
	int64_t remote, local, proc;
	char *code, *pcode;
	char status[32];
	char last[32];          /* to_status of its latest status event */
	int64_t last_remote;
};

struct ev {
	int64_t remote, fk;
	size_t dossier;         /* index into d[] */
	char to[32];
};

struct load {
	struct papp *a;
	struct ltable *lt;
	int td, tdoc, tev;      /* bundle table indexes, -1 when absent */
	struct dos *d;
	size_t nd, capd;
	struct ev *e;
	size_t ne, cape;
	int64_t *docfk;
	size_t ndoc, capdoc;
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
		size_t ncap = l->hcap ? l->hcap * 2 : 1024, ocap = l->hcap;
		int64_t *nk = calloc(ncap, sizeof *nk), *ok = l->hkey;
		size_t *nv = calloc(ncap, sizeof *nv), *ov = l->hval;
		if (!nk || !nv) {
			free(nk);
			free(nv);
			return false;
		}
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
	for (size_t i = 0; i < l->nd; i++) {
		free(l->d[i].code);
		free(l->d[i].pcode);
	}
	free(l->d);
	free(l->e);
	free(l->docfk);
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

static bool grow(void **p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return true;
	size_t ncap = *cap ? *cap * 2 : 4096;
	void *np = realloc(*p, ncap * size);
	if (!np)
		return false;
	*p = np;
	*cap = ncap;
	return true;
}

static bool survey_dossier(struct load *l, sqlite3_changeset_iter *it)
{
	int did = bcol(l, l->td, "id"), dcode = bcol(l, l->td, "code");
	int dst = bcol(l, l->td, "status"), dproc = bcol(l, l->td, "procedure_code");
	if (!grow((void **)&l->d, &l->capd, l->nd, sizeof *l->d))
		return false;
	struct dos *d = &l->d[l->nd];
	memset(d, 0, sizeof *d);
	sqlite3_value *v = NULL, *s = NULL, *p = NULL;
	bool okay = true;
	sqlite3changeset_new(it, did, &v);
	d->remote = ival(v, &okay);
	sqlite3changeset_new(it, dcode, &v);
	sqlite3changeset_new(it, dst, &s);
	sqlite3changeset_new(it, dproc, &p);
	const char *code = sync_vtext(v), *st = sync_vtext(s), *pc = sync_vtext(p);
	char u[40];
	int32_t day;
	int seq;
	if (!okay || !code || strlen(code) >= 64 || !st || strlen(st) >= sizeof d->status || !pc ||
	    mc_dossier_code_parse(code, u, sizeof u, &day, &seq, NULL) != MC_OK)
		return false;
	d->code = strdup(code);
	d->pcode = strdup(pc);
	snprintf(d->status, sizeof d->status, "%s", st);
	l->nd++;
	return d->code && d->pcode && hput(l, d->remote, l->nd);
}

static bool survey_event(struct load *l, sqlite3_changeset_iter *it)
{
	int eid = bcol(l, l->tev, "id"), efk = l->lt[l->tev].fk, eto = bcol(l, l->tev, "to_status");
	if (!grow((void **)&l->e, &l->cape, l->ne, sizeof *l->e))
		return false;
	struct ev *e = &l->e[l->ne++];
	sqlite3_value *v = NULL, *w = NULL, *x = NULL;
	bool okay = true;
	sqlite3changeset_new(it, eid, &v);
	sqlite3changeset_new(it, efk, &w);
	sqlite3changeset_new(it, eto, &x);
	e->remote = ival(v, &okay);
	e->fk = ival(w, &okay);
	const char *to = sync_vtext(x);
	if (to && strlen(to) >= sizeof e->to)
		return false;
	snprintf(e->to, sizeof e->to, "%s", to ? to : "");
	return okay;
}

/* The first read: what the bundle holds, and whether it is a plain first
 * load (every change an insert, every child's dossier in the bundle). */
static bool survey(struct load *l)
{
	const sync_bundle *b = l->a->b;
	if (bcol(l, l->td, "id") < 0 || bcol(l, l->td, "code") < 0 ||
	    bcol(l, l->td, "status") < 0 || bcol(l, l->td, "procedure_code") < 0 ||
	    (l->tev >= 0 && (bcol(l, l->tev, "id") < 0 || bcol(l, l->tev, "to_status") < 0 ||
			     bcol(l, l->tev, "uid") < 0 || l->lt[l->tev].fk < 0)) ||
	    (l->tdoc >= 0 && l->lt[l->tdoc].fk < 0))
		return false;
	sqlite3_changeset_iter *it = NULL;
	if (sqlite3changeset_start(&it, (int)b->payload_len, (void *)b->payload) != SQLITE_OK)
		return false;
	bool plain = true;
	while (plain && sqlite3changeset_next(it) == SQLITE_ROW) {
		const char *tab;
		int ncol, op, ind;
		sqlite3changeset_op(it, &tab, &ncol, &op, &ind);
		if (op != SQLITE_INSERT) {
			plain = false;
		} else if (strcmp(tab, "dossiers") == 0) {
			plain = survey_dossier(l, it);
		} else if (l->tev >= 0 && strcmp(tab, "dossier_events") == 0) {
			plain = survey_event(l, it);
		} else if (l->tdoc >= 0 && strcmp(tab, "dossier_documents") == 0) {
			sqlite3_value *v = NULL;
			sqlite3changeset_new(it, l->lt[l->tdoc].fk, &v);
			plain = grow((void **)&l->docfk, &l->capdoc, l->ndoc, sizeof *l->docfk);
			if (plain)
				l->docfk[l->ndoc++] = ival(v, &plain);
		} else {
			plain = false;
		}
	}
	if (sqlite3changeset_finalize(it) != SQLITE_OK)
		plain = false;
	for (size_t i = 0; plain && i < l->ndoc; i++)
		plain = hget(l, l->docfk[i]) != 0;
	for (size_t i = 0; plain && i < l->ne; i++) {
		size_t k = hget(l, l->e[i].fk);
		if (!(plain = k != 0))
			break;
		struct ev *e = &l->e[i];
		struct dos *d = &l->d[k - 1];
		e->dossier = k - 1;
		if (e->to[0] && e->remote >= d->last_remote) {
			d->last_remote = e->remote;
			memcpy(d->last, e->to, sizeof d->last);
		}
	}
	return plain && l->nd > 0;
}

/* Each dossier's procedure id; false when one is not in the catalog (the
 * row path names it). */
static mc_status procedures(struct load *l, bool *all)
{
	static const char sql[] = "SELECT code, id FROM procedures ORDER BY code COLLATE \"C\"";
	pg_res *r = pg_run(l->a->s, sql, 0, NULL, "reading the catalog", l->a->err);
	if (!r)
		return MC_ESYS;
	int n = pg_rows(r);
	*all = true;
	for (size_t i = 0; *all && i < l->nd; i++) {
		int lo = 0, hi = n - 1;
		l->d[i].proc = 0;
		while (lo <= hi) {
			int mid = (lo + hi) / 2, c = strcmp(pg_get(r, mid, 0), l->d[i].pcode);
			if (c == 0) {
				l->d[i].proc = pg_int(r, mid, 1);
				break;
			}
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid - 1;
		}
		*all = l->d[i].proc != 0;
	}
	pg_free(r);
	return MC_OK;
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

/* '{"a","b"}' for = ANY($1::text[]) (codes are letters, digits, dots and
 * dashes: nothing to escape). */
static char *codes_array(const struct load *l)
{
	size_t len = 3;
	for (size_t i = 0; i < l->nd; i++)
		len += strlen(l->d[i].code) + 3;
	char *s = malloc(len), *p = s;
	if (!s)
		return NULL;
	*p++ = '{';
	for (size_t i = 0; i < l->nd; i++)
		p += sprintf(p, "%s\"%s\"", i ? "," : "", l->d[i].code);
	*p++ = '}';
	*p = '\0';
	return s;
}

/* Ids from a table's sequence, in increasing order. The sequence is
 * looked up once: without OFFSET 0 the planner pulls the subquery up and
 * looks it up in the catalog again for every id (a tenth of the server's
 * work in a first load). */
static mc_status take_ids(struct papp *a, const char *table, size_t n, int64_t *out)
{
	static const char sql[] =
		"SELECT nextval(q.s) FROM (SELECT pg_get_serial_sequence($1, 'id')::regclass AS s"
		" OFFSET 0) q, generate_series(1, $2::bigint)";
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
	int64_t dp = c->d[p->dossier].local, dq = c->d[q->dossier].local;
	if (dp != dq)
		return dp < dq ? -1 : 1;
	return (p->remote > q->remote) - (p->remote < q->remote);
}

/* ---- sending -------------------------------------------------------------- */

struct buf {
	char *p;
	size_t len, cap;
};

static bool field(struct buf *b, const char *v, char sep)
{
	return pg_copy_field(&b->p, &b->len, &b->cap, v, sep) == 0;
}

/* One COPY at a time, fed in pieces. */
struct sink {
	struct papp *a;
	struct buf b;
	bool open, failed;
	mc_status st;
};

static void sink_begin(struct sink *k, char *sql)
{
	if (k->st != MC_OK)
		return;
	if (!sql) {
		k->st = mc_error_set(k->a->err, MC_ESYS, "out of memory");
		return;
	}
	k->st = pg_copy_begin(k->a->s, sql, "loading the bundle", k->a->err);
	k->open = k->st == MC_OK;
	k->b.len = 0;
	sqlite3_free(sql);
}

static void sink_flush(struct sink *k, bool all)
{
	if (k->open && !k->failed && (all || k->b.len >= PIECE)) {
		k->failed = pg_copy_send(k->a->s, k->b.p, k->b.len) != 0;
		k->b.len = 0;
	}
}

static void sink_end(struct sink *k)
{
	if (!k->open)
		return;
	sink_flush(k, true);
	k->open = false;
	mc_status st = pg_copy_finish(k->a->s, !k->failed, "loading the bundle", k->a->err);
	if (k->st == MC_OK)
		k->st = st != MC_OK ? st
				    : k->failed ? mc_error_set(k->a->err, MC_ESYS,
							       "loading the bundle: the connection "
							       "failed")
						: MC_OK;
	k->failed = false;
}

static bool is_plain(const struct ltable *t, int i)
{
	const char *c = t->bt->cols[i];
	return t->map[i] >= 0 && i != t->fk && strcmp(c, "id") != 0 && strcmp(c, "uid") != 0 &&
	       !(strcmp(t->bt->name, "dossiers") == 0 && strcmp(c, "procedure_id") == 0);
}

/* "COPY t(LEAD, plain columns in bundle order TAIL) FROM STDIN". */
static char *copy_sql(const struct ltable *t, const char *lead, const char *tail)
{
	sqlite3_str *q = sqlite3_str_new(NULL);
	sqlite3_str_appendf(q, "COPY \"%w\"(%s", t->bt->name, lead);
	for (int i = 0; i < t->bt->ncols; i++)
		if (is_plain(t, i))
			sqlite3_str_appendf(q, ", \"%w\"", t->cols[t->map[i]]);
	sqlite3_str_appendf(q, "%s) FROM STDIN", tail);
	return sqlite3_str_finish(q);
}

/* The plain columns of the current change, tab-separated, ending the row. */
static bool plain_fields(struct buf *b, const struct ltable *t, sqlite3_changeset_iter *it,
			 int status_col, const char *status, const char *tail)
{
	char nb[40];
	for (int i = 0; i < t->bt->ncols; i++) {
		if (!is_plain(t, i))
			continue;
		sqlite3_value *v = NULL;
		sqlite3changeset_new(it, i, &v);
		if (!field(b, i == status_col && status[0] ? status : psync_text(v, nb), '\t'))
			return false;
	}
	if (tail)
		return field(b, tail, '\n');
	b->p[b->len - 1] = '\n';
	return true;
}

/* The events formatted in the bundle's order, all in one buffer; the row
 * of the k-th to send is at[k] up to end[k]. */
struct evrows {
	struct buf b;
	size_t *at, *end;
};

/* The second read: dossiers and documents sent as they come, events kept
 * (formatted) for their order, the remote ids gathered. */
static mc_status send_rows(struct load *l, struct evrows *ev, const size_t *evpos,
			   struct buf *map)
{
	struct papp *a = l->a;
	const sync_bundle *b = a->b;
	struct sink k = {.a = a};
	sqlite3_changeset_iter *it = NULL;
	if (sqlite3changeset_start(&it, (int)b->payload_len, (void *)b->payload) != SQLITE_OK)
		return mc_error_set(a->err, MC_EDATA, "bundle %lld from %s is damaged: unreadable data",
				    (long long)b->seq, a->unit);
	const struct ltable *td = &l->lt[l->td];
	int dst = sync_bcol(td, "status");
	size_t di = 0, ei = 0;
	enum { NONE, DOSSIERS, DOCUMENTS, EVENTS } cur = NONE;
	char idb[24], pb[24];
	bool okay = true;
	while (okay && k.st == MC_OK && sqlite3changeset_next(it) == SQLITE_ROW) {
		const char *tab;
		int ncol, op, ind;
		sqlite3changeset_op(it, &tab, &ncol, &op, &ind);
		int now = strcmp(tab, "dossiers") == 0 ? DOSSIERS
			  : strcmp(tab, "dossier_documents") == 0 ? DOCUMENTS : EVENTS;
		if (now != (int)cur) {
			/* A changeset holds each table's changes together. */
			sink_end(&k);
			cur = now;
			if (cur == DOSSIERS)
				sink_begin(&k, copy_sql(td, "id", ", procedure_id"));
			else if (cur == DOCUMENTS)
				sink_begin(&k, copy_sql(&l->lt[l->tdoc], "dossier_id", ""));
			if (k.st != MC_OK)
				break;
		}
		if (cur == DOSSIERS) {
			const struct dos *d = &l->d[di++];
			okay = field(&k.b, pg_i64(idb, d->local), '\t') &&
			       plain_fields(&k.b, td, it, dst, d->last, pg_i64(pb, d->proc)) &&
			       field(map, a->unit, '\t') && field(map, "dossiers", '\t') &&
			       field(map, pg_i64(idb, d->remote), '\t') && field(map, d->code, '\n');
		} else if (cur == DOCUMENTS) {
			const struct ltable *t = &l->lt[l->tdoc];
			sqlite3_value *v = NULL;
			sqlite3changeset_new(it, t->fk, &v);
			size_t x = hget(l, sqlite3_value_int64(v));
			okay = x && field(&k.b, pg_i64(idb, l->d[x - 1].local), '\t') &&
			       plain_fields(&k.b, t, it, -1, "", NULL);
		} else {
			const struct ltable *t = &l->lt[l->tev];
			const struct ev *e = &l->e[ei];
			sqlite3_value *v = NULL;
			sqlite3changeset_new(it, sync_bcol(t, "uid"), &v);
			char uid[96];
			const char *given = sync_vtext(v);
			if (given)
				snprintf(uid, sizeof uid, "%s", given);
			else
				snprintf(uid, sizeof uid, "%s/%lld", a->unit, (long long)e->remote);
			size_t at = ev->b.len;
			okay = field(&ev->b, pg_i64(idb, l->d[e->dossier].local), '\t') &&
			       field(&ev->b, uid, '\t') && plain_fields(&ev->b, t, it, -1, "", NULL);
			ev->at[evpos[ei]] = at;
			ev->end[evpos[ei++]] = ev->b.len;
		}
		sink_flush(&k, false);
	}
	sink_end(&k);
	sqlite3changeset_finalize(it);
	free(k.b.p);
	if (k.st == MC_OK && !okay)
		k.st = mc_error_set(a->err, MC_ESYS, "out of memory");
	if (k.st == MC_OK && ei != l->ne)
		k.st = mc_error_set(a->err, MC_EDATA, "bundle %lld from %s is damaged: unreadable data",
				    (long long)b->seq, a->unit);
	return k.st;
}

/* The events in their order (ids[k] for the k-th), then the remote ids. */
static mc_status send_events(struct load *l, const struct evrows *ev, const int64_t *ids,
			     const struct buf *map)
{
	struct papp *a = l->a;
	struct sink k = {.a = a};
	if (l->ne) {
		sink_begin(&k, copy_sql(&l->lt[l->tev], "id, dossier_id, uid", ""));
		for (size_t i = 0; k.st == MC_OK && i < l->ne; i++) {
			char idb[24];
			size_t n = ev->end[i] - ev->at[i];
			if (!field(&k.b, pg_i64(idb, ids[i]), '\t')) {
				k.st = mc_error_set(a->err, MC_ESYS, "out of memory");
				break;
			}
			/* the row's own bytes follow, escaped already */
			if (k.b.len + n + 1 > k.b.cap) {
				char *p = realloc(k.b.p, k.b.len + n + PIECE);
				if (!p) {
					k.st = mc_error_set(a->err, MC_ESYS, "out of memory");
					break;
				}
				k.b.p = p;
				k.b.cap = k.b.len + n + PIECE;
			}
			memcpy(k.b.p + k.b.len, ev->b.p + ev->at[i], n);
			k.b.len += n;
			sink_flush(&k, false);
		}
		sink_end(&k);
	}
	free(k.b.p);
	static const char sql[] = "COPY sync_map(unit, tbl, remote_id, natural_key) FROM STDIN";
	if (k.st == MC_OK && map->len)
		k.st = pg_copy_in(a->s, sql, map->p, map->len, "remembering remote ids", a->err);
	return k.st;
}

static mc_status write_all(struct load *l)
{
	struct papp *a = l->a;
	size_t most = l->nd > l->ne ? l->nd : l->ne;
	int64_t *ids = calloc(most + 1, sizeof *ids);
	size_t *idx = calloc(l->ne + 1, sizeof *idx), *evpos = calloc(l->ne + 1, sizeof *evpos);
	struct evrows ev = {.at = calloc(l->ne + 1, sizeof *ev.at),
			    .end = calloc(l->ne + 1, sizeof *ev.end)};
	struct buf map = {0};
	mc_status st = MC_OK;
	if (!ids || !idx || !evpos || !ev.at || !ev.end) {
		st = mc_error_set(a->err, MC_ESYS, "out of memory");
		goto out;
	}
	/* Dossiers numbered in the bundle's order, as the row path adds them. */
	if ((st = take_ids(a, "dossiers", l->nd, ids)) != MC_OK)
		goto out;
	qsort(ids, l->nd, sizeof *ids, cmp_i64);
	for (size_t i = 0; i < l->nd; i++)
		l->d[i].local = ids[i];
	/* Events by dossier, then in the office's order; evpos[i] is event
	 * i's place. */
	for (size_t i = 0; i < l->ne; i++)
		idx[i] = i;
	struct sort_ctx c = {l->e, l->d};
	qsort_r(idx, l->ne, sizeof *idx, idx_order, &c);
	for (size_t k = 0; k < l->ne; k++)
		evpos[idx[k]] = k;
	if ((st = take_ids(a, "dossier_events", l->ne, ids)) != MC_OK)
		goto out;
	qsort(ids, l->ne, sizeof *ids, cmp_i64);
	if ((st = send_rows(l, &ev, evpos, &map)) != MC_OK)
		goto out;
	if ((st = send_events(l, &ev, ids, &map)) != MC_OK)
		goto out;
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
	free(ev.b.p);
	free(ev.at);
	free(ev.end);
	free(evpos);
	free(idx);
	free(ids);
	free(map.p);
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
	bool all = false, okay = true;
	if (l.td >= 0 && survey(&l) && (st = procedures(&l, &all)) == MC_OK && all) {
		char *arr = codes_array(&l);
		if (!arr)
			st = mc_error_set(a->err, MC_ESYS, "out of memory");
		else if (count_of(a, mapped, a->unit, &okay) == 0 && okay &&
			 count_of(a, filed, a->unit, &okay) == 0 && okay &&
			 count_of(a, codes, arr, &okay) == 0 && okay) {
			*done = true;   /* from here on the load is this one's */
			st = write_all(&l);
		} else if (!okay) {
			st = a->err ? a->err->code : MC_ESYS;
		}
		free(arr);
	}
	load_free(&l);
	return st;
}
