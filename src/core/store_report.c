/*
 * The resolution report's counting (definitions: src/core/report.c), one
 * SQL statement per grouping so that SQLite does the work in one pass.
 *
 * Shaped for a province: 3,000,000 dossiers, a quarter's report reading a
 * million (tests/bench/bench_report.c). The dossiers that matter, those
 * open at the start of the period or received since, are found through an
 * index: dossiers_finished_report (still open, or finished from the start
 * on) for a recent period, dossiers_received (received before the end) for
 * an old one; counting both ranges in their indexes (bounded) picks the
 * shorter. Those returned in the period are found through
 * dossiers_returned_report. Both indexes carry the columns read
 * (store_schema_report.c), so a recent period never reads the table. The
 * kind of finish (result, withdrawal, refusal, stop) is the dossier's final
 * status. The status at the end of the period, needed only for dossiers
 * open then, is the status their last event before the end moved them to
 * (a few rows through dossier_events_dossier), so a report on a past
 * quarter counts what was open and paused then, not now.
 */
#include "store_internal.h"
#include "store_ops.h"
#include "pgstore_ref.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ?1 start, ?2 end ('YYYY-MM-DD HH:MM', [start, end)), ?3 one office's
 * unit code or NULL. KEY and LABEL are the grouping columns over d
 * (dossiers) and p (procedures). WHERE picks the dossiers in scope, those
 * open at the start or received since (DOSSIERS_*).
 *
 * Only what was true before the end is read (docs/rules.md R6): the
 * status then (st: the status the last event before the end moved the
 * dossier to, the greatest at, then id, as "at" may be back-dated paper
 * work), the acceptance time, the finish time and kind (final once
 * reached), the statutory appointment of a finished dossier (never moved
 * after the finish) and, for one open at the end, the statutory
 * appointment its last acceptance or resume before the end recorded (else
 * the first appointment). A void recorded before the end leaves the
 * dossier out, and one voided later is counted as it stood (its kind of
 * finish is the status the void found); a rating counts once it was given.
 * The history is read only where needed: the status at the end of a
 * dossier not finished before it, the void of a voided one (CASE, not
 * AND: SQLite before 3.46 works out both sides of an AND).
 *
 * One row per dossier in scope: group, label, kind of finish (status), the
 * status at the end (st), channel, voided before the end (0/1), and the
 * times compared with the period: acceptance, finish, statutory
 * appointment (sdue) and, for a dossier not finished before the end, the
 * appointment then (dx); then one row per dossier returned in the period
 * (8 + the rating given before the end, 0 if none, in the voided column).
 * count_row() compares and counts them (R7-R13) in SQL's own order and
 * three-valued logic, and store_report adds them up by group: one flat
 * pass with no temporary table, no sort and no expression or aggregate
 * call per figure and row, which cost SQLite seconds at a province's
 * million rows. */
#define REPORT_FIGURES 18
#define REPORT_SCOPE(KEY, LABEL, WHERE) \
	" SELECT " KEY ", " LABEL "," \
	"  CASE WHEN d.status = 'voided' THEN (SELECT v.from_status FROM dossier_events v" \
	"   WHERE v.dossier_id = d.id AND v.action = 'void' ORDER BY v.id DESC LIMIT 1)" \
	"   ELSE d.status END," \
	"  CASE WHEN d.finished_at IS NULL OR d.finished_at >= ?2 THEN (SELECT h.to_status" \
	"   FROM (SELECT ev.to_status, max(ev.at || printf('%010d', ev.id))" \
	"    FROM dossier_events ev WHERE ev.dossier_id = d.id AND ev.at < ?2" \
	"    AND ev.to_status IS NOT NULL) h) END," \
	"  d.channel," \
	"  CASE WHEN d.status = 'voided' THEN EXISTS (SELECT 1 FROM dossier_events v" \
	"   WHERE v.dossier_id = d.id AND v.action = 'void' AND v.at < ?2) ELSE 0 END," \
	"  d.accepted_at, d.finished_at, coalesce(d.statutory_due_at, d.due_at)," \
	"  CASE WHEN d.finished_at IS NULL OR d.finished_at >= ?2 THEN coalesce((SELECT" \
	"   coalesce(json_extract(x.data, '$.statutory_due_at'), json_extract(x.data, '$.due_at'))" \
	"   FROM dossier_events x WHERE x.dossier_id = d.id AND x.at < ?2" \
	"   AND x.action IN ('accept', 'resume') ORDER BY x.at DESC, x.id DESC LIMIT 1)," \
	"   d.original_due_at, d.statutory_due_at, d.due_at) END" \
	" FROM dossiers d JOIN procedures p ON p.id = d.procedure_id" \
	" WHERE " WHERE " AND (?3 IS NULL OR d.unit_code = ?3)"
#define REPORT_RETURNED(KEY, LABEL) \
	" SELECT " KEY ", " LABEL ", NULL, NULL, NULL, 8 + CASE WHEN d.rated_at < ?2 THEN" \
	"  CASE d.rating WHEN 1 THEN 1 WHEN 2 THEN 2 WHEN 3 THEN 3 ELSE 0 END ELSE 0 END," \
	"  NULL, NULL, NULL, NULL" \
	" FROM dossiers d JOIN procedures p ON p.id = d.procedure_id" \
	" WHERE d.returned_at >= ?1 AND d.returned_at < ?2" \
	"  AND (?3 IS NULL OR d.unit_code = ?3) AND NOT CASE WHEN d.status = 'voided' THEN EXISTS" \
	"  (SELECT 1 FROM dossier_events v WHERE v.dossier_id = d.id AND v.action = 'void'" \
	"  AND v.at < ?2) ELSE 0 END"
/* A recent period: through the finish time (the still open, then those
 * finished from the start on: two ranges of one index, as an OR of them
 * makes SQLite keep a set of the rows seen); a unary + keeps SQLite off
 * the receipt time's index. */
#define DOSSIERS_BY_FINISH(KEY, LABEL) \
	REPORT_SCOPE(KEY, LABEL, "d.finished_at IS NULL AND +d.received_at < ?2") " UNION ALL" \
	REPORT_SCOPE(KEY, LABEL, "d.finished_at >= ?1 AND +d.received_at < ?2") " UNION ALL" \
	REPORT_RETURNED(KEY, LABEL)
/* An old period: through the receipt time. */
#define DOSSIERS_BY_RECEIPT(KEY, LABEL) \
	REPORT_SCOPE(KEY, LABEL, "(+d.finished_at IS NULL OR +d.finished_at >= ?1)" \
		     " AND d.received_at < ?2") " UNION ALL" \
	REPORT_RETURNED(KEY, LABEL)
#define REPORT_SQL(KEY, LABEL) {DOSSIERS_BY_FINISH(KEY, LABEL), DOSSIERS_BY_RECEIPT(KEY, LABEL)}

/* [grouping][0: by finished_at, 1: by received_at] */
static const char *const report_sql[5][2] = {
	[MC_REPORT_ALL] = REPORT_SQL("''", "''"),
	[MC_REPORT_FIELD] = REPORT_SQL("p.field", "p.field"),
	[MC_REPORT_AGENCY] = REPORT_SQL("p.agency", "p.agency"),
	[MC_REPORT_PROCEDURE] = REPORT_SQL("d.procedure_code", "d.procedure_name"),
	[MC_REPORT_UNIT] = REPORT_SQL("d.unit_code", "d.unit_code"),
};

mc_status store_report_unit_known(mc_store *s, const char *unit, bool *known, mc_error *err)
{
	if (s->pg)
		return pgstore_report_unit_known(s, unit, known, err);
	sqlite3_stmt *st = store_stmt(s, "SELECT 1 FROM dossiers WHERE unit_code = ?1 LIMIT 1",
				      err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, unit);
	int rc = sqlite3_step(st);
	*known = rc == SQLITE_ROW;
	store_done(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? MC_OK
						      : store_fail(s, "looking up the office", err);
}

/* How many index entries a range holds, counting no further than limit. */
static mc_status range_size(mc_store *s, const char *sql, const char *bound, int64_t limit,
			    int64_t *n, mc_error *err)
{
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, bound);
	sqlite3_bind_int64(st, 2, limit);
	int rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	store_done(st);
	return rc == SQLITE_ROW ? MC_OK : store_fail(s, "sizing the report", err);
}

/* 1 when fewer dossiers were received before the end than finished from
 * the start on (an old period), else 0. Both ranges are counted in their
 * index, the second no further than the first: a few milliseconds for a
 * recent period, and at most 2 x 200,000 index entries for an old one. */
static mc_status access_path(mc_store *s, const char *start, const char *end, int *path,
			     mc_error *err)
{
	static const char finished[] =
		"SELECT count(*) FROM (SELECT 1 FROM dossiers WHERE finished_at >= ?1 LIMIT ?2)";
	static const char received[] =
		"SELECT count(*) FROM (SELECT 1 FROM dossiers WHERE received_at < ?1 LIMIT ?2)";
	int64_t nf, nr;
	mc_status st = range_size(s, finished, start, 200000, &nf, err);
	if (st == MC_OK)
		st = range_size(s, received, end, nf + 1, &nr, err);
	*path = st == MC_OK && nr <= nf;
	return st;
}

/* The groups a report's rows add up in, found by key through a hash. */
struct group {
	char *key, *label;   /* NUL-terminated copies; NULL for SQL NULL */
	int klen, llen;
	int64_t n[REPORT_FIGURES];
};

struct groups {
	struct group *g;
	size_t n, cap;
	uint32_t *slot;      /* index + 1, 0 empty; size mask + 1, a power of two */
	uint32_t mask;
	size_t last;         /* the previous row's group: rows often repeat it */
};

static uint32_t hash_key(const unsigned char *k, int len, bool null)
{
	uint32_t h = null ? 0x9e3779b9u : 2166136261u;
	for (int i = 0; i < len; i++)
		h = (h ^ k[i]) * 16777619u;
	return h;
}

static bool same_key(const struct group *g, const unsigned char *k, int len)
{
	if (!k)
		return !g->key;
	return g->key && g->klen == len && memcmp(g->key, k, (size_t)len) == 0;
}

static char *dup_text(const unsigned char *t, int len)
{
	char *c = malloc((size_t)len + 1);
	if (c) {
		memcpy(c, t, (size_t)len);
		c[len] = '\0';
	}
	return c;
}

/* SQLite's BINARY order, NULL first (as GROUP BY k ORDER BY k and max()). */
static int cmp_text(const char *a, int alen, const char *b, int blen)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	int c = memcmp(a, b, (size_t)(alen < blen ? alen : blen));
	return c ? c : (alen > blen) - (alen < blen);
}

static int cmp_group(const void *x, const void *y)
{
	const struct group *a = x, *b = y;
	return cmp_text(a->key, a->klen, b->key, b->klen);
}

static bool groups_grow(struct groups *gs)
{
	uint32_t size = gs->slot ? (gs->mask + 1) * 2 : 64;
	uint32_t *slot = calloc(size, sizeof *slot);
	if (!slot)
		return false;
	for (size_t i = 0; i < gs->n; i++) {
		const struct group *g = &gs->g[i];
		uint32_t h = hash_key((const unsigned char *)g->key, g->klen, !g->key) & (size - 1);
		while (slot[h])
			h = (h + 1) & (size - 1);
		slot[h] = (uint32_t)i + 1;
	}
	free(gs->slot);
	gs->slot = slot;
	gs->mask = size - 1;
	return true;
}

/* The group of key k (NULL for SQL NULL), made if new; NULL if out of memory. */
static struct group *group_of(struct groups *gs, const unsigned char *k, int len)
{
	if (gs->n && same_key(&gs->g[gs->last], k, len))
		return &gs->g[gs->last];
	if ((gs->n + 1) * 2 > (size_t)gs->mask + 1 && !groups_grow(gs))
		return NULL;
	uint32_t h = hash_key(k, len, !k) & gs->mask;
	for (; gs->slot[h]; h = (h + 1) & gs->mask)
		if (same_key(&gs->g[gs->slot[h] - 1], k, len)) {
			gs->last = gs->slot[h] - 1;
			return &gs->g[gs->last];
		}
	if (gs->n == gs->cap) {
		size_t cap = gs->cap ? gs->cap * 2 : 16;
		struct group *ng = realloc(gs->g, cap * sizeof *ng);
		if (!ng)
			return NULL;
		gs->g = ng;
		gs->cap = cap;
	}
	struct group *g = &gs->g[gs->n];
	memset(g, 0, sizeof *g);
	if (k && !(g->key = dup_text(k, len)))
		return NULL;
	g->klen = len;
	gs->slot[h] = (uint32_t)gs->n + 1;
	gs->last = gs->n++;
	return g;
}

/* SQL's three-valued logic, coded as TRI codes it. */
enum { T_NULL, T_FALSE, T_TRUE };

static int t_not(int a)
{
	return a == T_NULL ? T_NULL : a == T_TRUE ? T_FALSE : T_TRUE;
}

static int t_and(int a, int b)
{
	return a == T_FALSE || b == T_FALSE ? T_FALSE : a == T_TRUE && b == T_TRUE ? T_TRUE : T_NULL;
}

static int t_or(int a, int b)
{
	return a == T_TRUE || b == T_TRUE ? T_TRUE : a == T_FALSE && b == T_FALSE ? T_FALSE : T_NULL;
}

/* s IN (a, b) (b may be NULL: s = a), s NULL for SQL NULL. */
static int t_in(const unsigned char *s, const char *a, const char *b)
{
	if (!s)
		return T_NULL;
	return !strcmp((const char *)s, a) || (b && !strcmp((const char *)s, b)) ? T_TRUE
										    : T_FALSE;
}

/* A value as SQLite orders it: NULL, numbers, text (by bytes), blobs. */
struct val {
	int type;            /* SQLITE_NULL, SQLITE_INTEGER/FLOAT (as number), TEXT, BLOB */
	double num;
	const unsigned char *p;
	int len;
};

static struct val col_val(sqlite3_stmt *st, int col)
{
	struct val v = {.type = sqlite3_column_type(st, col)};
	if (v.type == SQLITE_INTEGER || v.type == SQLITE_FLOAT) {
		v.type = SQLITE_INTEGER;
		v.num = sqlite3_column_double(st, col);
	} else if (v.type == SQLITE_TEXT) {
		v.p = sqlite3_column_text(st, col);
		v.len = sqlite3_column_bytes(st, col);
	} else if (v.type == SQLITE_BLOB) {
		v.p = sqlite3_column_blob(st, col);
		v.len = sqlite3_column_bytes(st, col);
	}
	return v;
}

static int rank(int type)
{
	return type == SQLITE_INTEGER ? 1 : type == SQLITE_TEXT ? 2 : 3;
}

/* a compared with b, neither NULL (BINARY collation, no affinity change:
 * the columns are TEXT and so hold no numbers). */
static int cmp_val(const struct val *a, const struct val *b)
{
	if (rank(a->type) != rank(b->type))
		return rank(a->type) - rank(b->type);
	if (a->type == SQLITE_INTEGER)
		return (a->num > b->num) - (a->num < b->num);
	return cmp_text((const char *)a->p, a->len, (const char *)b->p, b->len);
}

/* a < b (LT), a <= b (LE) or a >= b (GE) as SQL has it: NULL if either is. */
enum op { LT, LE, GE };
static int t_cmp(const struct val *a, const struct val *b, enum op op)
{
	if (a->type == SQLITE_NULL || b->type == SQLITE_NULL)
		return T_NULL;
	int c = cmp_val(a, b);
	return (op == LT ? c < 0 : op == LE ? c <= 0 : c >= 0) ? T_TRUE : T_FALSE;
}

/* substr(v, 1, 10): the first 10 characters of text (UTF-8), bytes of a blob. */
static struct val prefix10(struct val v)
{
	if (v.type == SQLITE_TEXT) {
		int i = 0;
		for (int chars = 0; i < v.len; i++)
			if ((v.p[i] & 0xc0) != 0x80 && ++chars > 10)
				break;
		v.len = i;
	} else if (v.type == SQLITE_BLOB && v.len > 10) {
		v.len = 10;
	}
	return v;
}

/* What one row counts in (docs/rules.md R7-R13, see report.c): the
 * figures' sums, each counting the rows where its condition is true.
 * start and end: the period's bounds, as text values. */
static void count_row(int64_t n[REPORT_FIGURES], sqlite3_stmt *st, const struct val *start,
		      const struct val *end)
{
	int kind = sqlite3_column_int(st, 5);
	if (kind >= 8) {        /* R13: returned in the period, rated before the end */
		n[9]++;
		if (kind > 8 && kind <= 11)
			n[10 + kind - 9]++;
		return;
	}
	const unsigned char *status = sqlite3_column_text(st, 2);   /* kind of finish */
	const unsigned char *at_end = sqlite3_column_text(st, 3);   /* status at the end */
	const unsigned char *ch = sqlite3_column_text(st, 4);
	struct val acc = col_val(st, 6), fin = col_val(st, 7), sdue = col_val(st, 8),
		   dx = col_val(st, 9);
	int not_voided = kind ? T_FALSE : T_TRUE;
	/* coalesce(fin >= start AND fin < end, 0) */
	int fin_in = t_and(t_cmp(&fin, start, GE), t_cmp(&fin, end, LT)) == T_TRUE ? T_TRUE
										   : T_FALSE;
	/* acc IS NOT NULL AND acc < end; acc IS NULL OR acc >= start */
	int acc_in = acc.type != SQLITE_NULL ? t_cmp(&acc, end, LT) : T_FALSE;
	int acc_new = acc.type == SQLITE_NULL ? T_TRUE : t_cmp(&acc, start, GE);
	int was_refused = t_in(status, "refused", NULL);
	/* R7, R8, R12: accepted before the end, not voided by then, not
	 * refused in the period it was accepted in. */
	int recv = t_and(t_and(not_voided, acc_in),
			 t_not(t_and(t_and(fin_in, was_refused), acc_new)));
	int refused = t_and(t_and(not_voided, fin_in), t_and(was_refused, acc_new));
	int carried = t_cmp(&acc, start, LT);
	int recv_fin = t_and(recv, fin_in);
	int res = t_and(recv_fin, t_or(t_in(status, "ready", "returned"),
				       t_in(status, "withdrawn", NULL)));
	int stopped = t_in(status, "stopped", "refused");
	/* R10: open at the end, due (the statutory appointment then) after it
	 * or not: dx counts only for a dossier accepted or processing then. */
	int due_after = t_cmp(&dx, end, GE);
	int due_known = t_in(at_end, "accepted", "processing") == T_TRUE && due_after != T_NULL
				? T_TRUE : T_FALSE;
	int open = t_and(recv, due_known);
	if (due_known != T_TRUE)
		due_after = T_NULL;
	int waiting = t_in(at_end, "supplement", "fees");
	int paused = t_and(recv, t_or(waiting == T_NULL ? T_FALSE : waiting,
				      t_and(fin_in, stopped)));
	int nw = t_and(recv, t_not(carried));
	/* R9: early before the due date, on time by the due time. */
	struct val fin10 = prefix10(fin), sdue10 = prefix10(sdue);
	int early = t_cmp(&fin10, &sdue10, LT), by_due = t_cmp(&fin, &sdue, LE);
	const int fig[REPORT_FIGURES] = {
		t_and(recv, carried), nw, t_and(res, early), t_and(t_and(res, t_not(early)), by_due),
		t_and(res, t_not(by_due)), t_and(open, due_after), t_and(open, t_not(due_after)),
		paused, refused, T_FALSE, T_FALSE, T_FALSE, T_FALSE,
		t_and(nw, t_in(ch, "counter", NULL)), t_and(nw, t_in(ch, "online", NULL)),
		t_and(nw, t_in(ch, "post", NULL)), t_and(recv_fin, t_in(status, "withdrawn", NULL)),
		t_and(recv_fin, stopped)};
	for (int i = 0; i < REPORT_FIGURES; i++)
		n[i] += fig[i] == T_TRUE;
}

/* One row: its label (the greatest of the group's, as max()) and counts. */
static bool group_add(struct groups *gs, sqlite3_stmt *st, const struct val *start,
		      const struct val *end)
{
	const unsigned char *k = sqlite3_column_text(st, 0);
	struct group *g = group_of(gs, k, k ? sqlite3_column_bytes(st, 0) : 0);
	if (!g)
		return false;
	const unsigned char *l = sqlite3_column_text(st, 1);
	int llen = l ? sqlite3_column_bytes(st, 1) : 0;
	if (l && cmp_text((const char *)l, llen, g->label, g->llen) > 0) {
		char *c = dup_text(l, llen);
		if (!c)
			return false;
		free(g->label);
		g->label = c;
		g->llen = llen;
	}
	count_row(g->n, st, start, end);
	return true;
}

static void groups_free(struct groups *gs)
{
	for (size_t i = 0; i < gs->n; i++) {
		free(gs->g[i].key);
		free(gs->g[i].label);
	}
	free(gs->g);
	free(gs->slot);
}

mc_status store_report(mc_store *s, const char *start, const char *end, mc_report_by by,
		       const char *unit, store_report_cb cb, void *ctx, mc_error *err)
{
	if (s->pg)
		return pgstore_report(s, start, end, by, unit, cb, ctx, err);
	int path;
	if (by < MC_REPORT_ALL || by > MC_REPORT_UNIT)
		by = MC_REPORT_ALL;
	mc_status r = access_path(s, start, end, &path, err);
	if (r != MC_OK)
		return r;
	sqlite3_stmt *st = store_stmt(s, report_sql[by][path], err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, start);
	store_bind_text(st, 2, end);
	store_bind_text(st, 3, unit && *unit ? unit : NULL);
	struct groups gs = {0};
	struct val from = {.type = SQLITE_TEXT, .p = (const unsigned char *)start,
			   .len = (int)strlen(start)},
		   to = {.type = SQLITE_TEXT, .p = (const unsigned char *)end, .len = (int)strlen(end)};
	int rc;
	bool nomem = false;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (!group_add(&gs, st, &from, &to)) {
			nomem = true;
			break;
		}
	store_done(st);
	if (!nomem && rc != SQLITE_DONE) {
		groups_free(&gs);
		return store_fail(s, "counting the report", err);
	}
	if (gs.n)
		qsort(gs.g, gs.n, sizeof *gs.g, cmp_group);
	for (size_t i = 0; i < gs.n && !nomem; i++) {
		const struct group *g = &gs.g[i];
		mc_report_figures f = {0};
		int64_t *v[REPORT_FIGURES] = {
			&f.carried_over, &f.received_new, &f.resolved_early, &f.resolved_on_time,
			&f.resolved_late, &f.open_on_time, &f.open_late, &f.paused, &f.refused,
			&f.returned, &f.rating[0], &f.rating[1], &f.rating[2], &f.new_counter,
			&f.new_online, &f.new_post, &f.withdrawn, &f.stopped};
		for (int j = 0; j < REPORT_FIGURES; j++)
			*v[j] = g->n[j];
		nomem = cb(g->key ? g->key : "", g->label ? g->label : "", &f, ctx) != 0;
	}
	groups_free(&gs);
	if (nomem)
		return mc_error_set(err, MC_ESYS, "out of memory");
	return MC_OK;
}
