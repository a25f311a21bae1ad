/*
 * Benchmark (run by hand): a quarter's resolution report over 1,000,000
 * dossiers with their histories (about 4 events each, the lifecycle
 * columns filled as the lifecycle leaves them), through mc_report_compute
 * by field (by office with MOTCUA_BENCH_OFFICES), against the same figures
 * counted by raw SQL written separately (two plain aggregates, following
 * docs/rules.md R6-R13), in the same run on the same file. Both must
 * agree, group by group; prints the median wall and CPU times (the
 * machine may be shared: CPU is the steadier figure) and the ratio of the
 * wall times, motcua / raw (target ≤ 2).
 *
 *   ninja -C build tests/bench_report && build/tests/bench_report [ROWS] [DIR] [FROM TO]
 *
 * 400 dossiers a working day from 2 Jan 2019 (1,000,000 reach 2028). The
 * period is the last whole quarter before the newest receipt, the report
 * an office runs; FROM TO (YYYY-MM-DD) measure another one.
 * A province after sync (R14): MOTCUA_BENCH_OFFICES=300 spreads the
 * dossiers over 300 offices (unit codes) and reports --by unit and the
 * whole province (no --by), and
 * MOTCUA_BENCH_PER_DAY=12000 (40 an office) makes 3,000,000 a year:
 *   MOTCUA_BENCH_OFFICES=300 MOTCUA_BENCH_PER_DAY=12000 build/tests/bench_report 3000000
 * Filling takes minutes: MOTCUA_BENCH_DB=PATH fills PATH if it does not
 * exist and keeps it, and measures it again without filling if it does
 * (the same ROWS and MOTCUA_BENCH_* then); MOTCUA_BENCH_KEEP=1 keeps the
 * temporary one.
 */
#include "config.h"
#include "motcua/calendar.h"
#include "motcua/catalog.h"
#include "motcua/report.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <unistd.h>

static uint64_t rng = 88172645463325252ull;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void die(const char *what, const char *msg)
{
	fprintf(stderr, "bench: %s: %s\n", what, msg);
	exit(1);
}

static void exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		die(sql, msg);
}

/* Calendar days forward from t, stepping over Saturdays and Sundays. */
static int64_t working_days(int64_t t, int days)
{
	int32_t d = mc_time_day(t);
	int m = mc_time_minute_of_day(t);
	while (days > 0) {
		d++;
		if (mc_weekday(d) < 5)
			days--;
	}
	return (int64_t)d * 1440 + m;
}

static int offices = 1, per_day = 400;

struct fill {
	sqlite3 *db;
	sqlite3_stmt *dossier, *event;
	int nproc;
	int64_t last;    /* the newest receipt: dossiers near it may stay open */
};

static void event(struct fill *f, int64_t id, int64_t at, const char *action, const char *from,
		  const char *to)
{
	char when[17];
	mc_time_format(at, when);
	sqlite3_bind_int64(f->event, 1, id);
	sqlite3_bind_text(f->event, 2, when, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(f->event, 3, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(f->event, 4, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(f->event, 5, to, -1, SQLITE_STATIC);
	if (sqlite3_step(f->event) != SQLITE_DONE)
		die("event", sqlite3_errmsg(f->db));
	sqlite3_reset(f->event);
}

struct history {
	int n;
	struct {
		int64_t at;
		const char *action, *from, *to;
	} ev[8];
	int64_t finished, returned;   /* -1: not (yet) */
	const char *status;
};

static void add(struct history *h, int64_t at, const char *action, const char *from,
		const char *to)
{
	h->ev[h->n].at = at;
	h->ev[h->n].action = action;
	h->ev[h->n].from = from;
	h->ev[h->n].to = to;
	h->n++;
	h->status = to;
	if (h->finished < 0 && (!strcmp(to, "ready") || !strcmp(to, "refused") ||
				!strcmp(to, "withdrawn") || !strcmp(to, "stopped")))
		h->finished = at;
	if (!strcmp(to, "returned"))
		h->returned = at;
}

/* A plausible history: most dossiers are resolved within a week and
 * returned, some wait for papers, a few are refused, withdrawn or
 * stopped, and those of the last two months may still be open. */
static void story(struct fill *f, int64_t received, struct history *h)
{
	h->n = 0;
	h->finished = h->returned = -1;
	add(h, received, "intake", NULL, "accepted");
	int r = (int)(next() % 100);
	bool recent = f->last - received < 60 * 1440;
	if (r == 0) {
		add(h, received + 30, "refuse", "accepted", "refused");
		return;
	}
	int64_t t = received + 60;
	add(h, t, "transfer", "accepted", "processing");
	if (r == 1 || r == 5) {
		add(h, t + 2 * 1440, r == 1 ? "withdraw" : "stop", "processing",
		    r == 1 ? "withdrawn" : "stopped");
		return;
	}
	if (r <= 4) {
		add(h, t + 1440, "supplement", "processing", "supplement");
		if (recent && r == 2)
			return;
		t += 5 * 1440;
		add(h, t, "resume", "supplement", "processing");
	}
	if (recent && next() % 4 == 0)
		return;
	t += (int64_t)(next() % (7 * 1440));
	add(h, t, "result", "processing", "ready");
	if (next() % 20)
		add(h, t + (int64_t)(next() % (5 * 1440)), "return", "ready", "returned");
}

static void bind_time(sqlite3_stmt *st, int i, int64_t t)
{
	char buf[17];
	if (t < 0) {
		sqlite3_bind_null(st, i);
		return;
	}
	mc_time_format(t, buf);
	sqlite3_bind_text(st, i, buf, -1, SQLITE_TRANSIENT);
}

static void one(struct fill *f, int i, int64_t received)
{
	struct history h;
	story(f, received, &h);
	int y, m, d;
	mc_date_to_ymd(mc_time_day(received), &y, &m, &d);
	char code[64], unit[32];
	int j = i % per_day;   /* the n-th of the day: office j % offices, its seq */
	snprintf(unit, sizeof unit, "000.%02d.%02d.H56", j % offices / 100, j % offices % 100);
	snprintf(code, sizeof code, "%s-%02d%02d%02d-%04d", unit, y % 100, m, d,
		 j / offices + 1);
	sqlite3_stmt *st = f->dossier;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 9, unit, -1, SQLITE_TRANSIENT);
	/* R7: 70 % at the counter, 25 % online, 5 % by post. */
	int ch = (int)(next() % 20);
	sqlite3_bind_text(st, 10, ch < 14 ? "counter" : ch < 19 ? "online" : "post", -1,
			  SQLITE_STATIC);
	sqlite3_bind_int(st, 2, 1 + (int)(next() % (uint64_t)f->nproc));
	bind_time(st, 3, received);
	bind_time(st, 4, working_days(received, 3));
	sqlite3_bind_text(st, 5, h.status, -1, SQLITE_STATIC);
	bind_time(st, 6, h.finished);
	bind_time(st, 7, h.returned);
	if (h.returned >= 0 && next() % 2)
		sqlite3_bind_int(st, 8, 1 + (int)(next() % 3));
	else
		sqlite3_bind_null(st, 8);
	if (sqlite3_step(st) != SQLITE_DONE)
		die("dossier", sqlite3_errmsg(f->db));
	sqlite3_reset(st);
	int64_t id = sqlite3_last_insert_rowid(f->db);
	for (int k = 0; k < h.n; k++)
		event(f, id, h.ev[k].at, h.ev[k].action, h.ev[k].from, h.ev[k].to);
}

/* The fill's own connection has no motcua functions (the history chain's
 * trigger needs one), and triggers and secondary indexes kept up row by
 * row make 3,000,000 dossiers take long: they are set aside during the
 * fill and put back after it (the indexes rebuilt by one sort each). The
 * uid an office's trigger would stamp is given directly; the chain is not
 * what is measured and stays empty for the bench's events. */
struct aside {
	int n;
	char *sql[64];
};

static void set_aside(sqlite3 *db, struct aside *a)
{
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db,
		"SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'index')"
		" AND tbl_name IN ('dossiers', 'dossier_events') AND sql IS NOT NULL", -1, &st, NULL);
	char drop[200];
	a->n = 0;
	while (sqlite3_step(st) == SQLITE_ROW && a->n < 64) {
		a->sql[a->n++] = strdup((const char *)sqlite3_column_text(st, 2));
		snprintf(drop, sizeof drop, "DROP %s %s", sqlite3_column_text(st, 0),
			 sqlite3_column_text(st, 1));
		sqlite3_reset(st);     /* no schema change under a running statement */
		exec(db, drop);
		sqlite3_finalize(st);
		sqlite3_prepare_v2(db,
			"SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'index')"
			" AND tbl_name IN ('dossiers', 'dossier_events') AND sql IS NOT NULL", -1, &st,
			NULL);
	}
	sqlite3_finalize(st);
}

static void put_back(sqlite3 *db, struct aside *a)
{
	for (int i = 0; i < a->n; i++) {
		/* the FTS index is not what is measured: its insert trigger stays off */
		if (!strstr(a->sql[i], "dossiers_fts_ins"))
			exec(db, a->sql[i]);
		free(a->sql[i]);
	}
}

/* Bulk fill through raw SQL (setup only, not measured): PER_DAY dossiers
 * a working day from 2 Jan 2019, one transaction. */
static void fill(const char *path, int rows)
{
	struct fill f = {0};
	sqlite3_open(path, &f.db);
	exec(f.db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000;"
		   " PRAGMA temp_store=MEMORY; BEGIN");
	struct aside aside;
	set_aside(f.db, &aside);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(f.db, "SELECT count(*) FROM procedures", -1, &st, NULL);
	sqlite3_step(st);
	f.nproc = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(f.db,
		"INSERT INTO dossiers(code, unit_code, procedure_id, procedure_code, procedure_name,"
		" deadline, deadline_unit, applicant_name, applicant_name_fold, id_number, phone,"
		" address, status, received_at, entered_at, due_at, original_due_at, received_by,"
		" form_set, extra, updated_at, finished_at, returned_at, rating, rated_at,"
		" channel, accepted_at, statutory_due_at)"
		" SELECT ?1, ?9, p.id, p.code, p.name, 3, 'day', 'Nguyễn Văn An',"
		" 'nguyen van an', '034091002345', '0912345678', '', ?5, ?3, ?3, ?4, ?4, 'bench',"
		" '2025', '{}', ?3, ?6, ?7, ?8, iif(?8 IS NULL, NULL, ?7), ?10, ?3, ?4"
		" FROM procedures p WHERE p.id = ?2", -1, &f.dossier, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(f.db,
		"INSERT INTO dossier_events(dossier_id, at, entered_at, user_name, action,"
		" from_status, to_status, uid) VALUES(?1, ?2, ?2, 'bench', ?3, ?4, ?5,"
		" (SELECT unit_code FROM dossiers WHERE id = ?1) || '/' ||"
		" (SELECT coalesce(max(id), 0) + 1 FROM dossier_events))", -1, &f.event,
		NULL) != SQLITE_OK)
		die("fill", sqlite3_errmsg(f.db));
	int32_t day = mc_date_from_ymd(2019, 1, 2);
	int days = (rows + per_day - 1) / per_day, n = 0;
	f.last = (int64_t)(day + days * 7 / 5) * 1440;
	for (int k = 0; n < rows; day++) {
		if (mc_weekday(day) >= 5)
			continue;
		for (int j = 0; j < per_day && n < rows; j++, n++)
			one(&f, n, (int64_t)day * 1440 + 7 * 60 + (int64_t)(next() % 570));
		if (++k % (100000 / per_day + 1) == 0)
			fprintf(stderr, "  %d rows\r", n);
	}
	sqlite3_finalize(f.dossier);
	sqlite3_finalize(f.event);
	fprintf(stderr, "\n  indexes...\n");
	put_back(f.db, &aside);
	exec(f.db, "COMMIT; PRAGMA journal_mode=WAL;");
	sqlite3_close(f.db);
}

/* The same figures, written separately as two plain aggregates by GROUP
 * (field, or unit for a province): the dossiers open at the start or
 * received since, then those returned (docs/rules.md R6-R13; the fill has
 * no voids, no resumed pauses with a recorded appointment, and ratings
 * given at the return). */
#define RAW_MAIN(GROUP) \
	"SELECT " GROUP ", sum(d.recv AND d.acc < ?1), sum(d.recv AND d.acc >= ?1)," \
	" sum(d.res AND date(d.finished_at) < date(d.sdue))," \
	" sum(d.res AND date(d.finished_at) >= date(d.sdue) AND d.finished_at <= d.sdue)," \
	" sum(d.res AND d.finished_at > d.sdue)," \
	" sum(d.recv AND d.st IN ('accepted','processing') AND d.odue >= ?2)," \
	" sum(d.recv AND d.st IN ('accepted','processing') AND d.odue < ?2)," \
	" sum(d.recv AND (d.st IN ('supplement','fees')" \
	"     OR (d.fin_in AND d.status IN ('stopped','refused'))))," \
	" sum(d.fin_in AND d.status = 'refused' AND d.acc >= ?1)," \
	" sum(d.recv AND d.acc >= ?1 AND d.channel = 'counter')," \
	" sum(d.recv AND d.acc >= ?1 AND d.channel = 'online')," \
	" sum(d.recv AND d.acc >= ?1 AND d.channel = 'post')" \
	" FROM (SELECT x.procedure_id, x.unit_code, x.accepted_at AS acc, x.channel," \
	"   x.statutory_due_at AS sdue, x.original_due_at AS odue, x.finished_at, x.status," \
	"   x.finished_at >= ?1 AND x.finished_at < ?2 AS fin_in," \
	"   x.accepted_at < ?2 AND NOT (x.status = 'refused' AND x.finished_at >= ?1" \
	"    AND x.finished_at < ?2 AND x.accepted_at >= ?1) AS recv," \
	"   x.finished_at >= ?1 AND x.finished_at < ?2" \
	"    AND x.status IN ('ready','returned','withdrawn') AS res," \
	"   iif(x.finished_at IS NULL OR x.finished_at >= ?2, (SELECT e.to_status" \
	"    FROM dossier_events e WHERE e.dossier_id = x.id AND e.at < ?2" \
	"    AND e.to_status IS NOT NULL ORDER BY e.at DESC, e.id DESC LIMIT 1), NULL) AS st" \
	"  FROM dossiers x WHERE (x.finished_at IS NULL OR x.finished_at >= ?1)" \
	"  AND +x.received_at < ?2) d" \
	" JOIN procedures p ON p.id = d.procedure_id GROUP BY 1"
#define RAW_RETURNED(GROUP) \
	"SELECT " GROUP ", count(*), sum(d.rating = 1), sum(d.rating = 2), sum(d.rating = 3)" \
	" FROM dossiers d JOIN procedures p ON p.id = d.procedure_id" \
	" WHERE d.returned_at >= ?1 AND d.returned_at < ?2 GROUP BY 1"

/* Run a raw statement for the period, adding its columns 1.. into tot[at..]. */
static char start[17], end[17];

static void raw_run(sqlite3_stmt *st, int64_t *tot, int at, int ncols)
{
	sqlite3_bind_text(st, 1, start, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, end, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		for (int c = 0; c < ncols; c++)
			tot[at + c] += sqlite3_column_int64(st, c + 1);
	sqlite3_reset(st);
}

/* FROM TO from the command line, else the last whole quarter before the
 * newest receipt (the report an office runs); sets start and end too. */
static void period(sqlite3 *db, int argc, char **argv, char from[11], char to[11])
{
	int32_t a, b;
	if (argc > 4) {
		if (mc_date_parse(argv[3], &a, NULL) != MC_OK ||
		    mc_date_parse(argv[4], &b, NULL) != MC_OK)
			die("period", "FROM and TO must be YYYY-MM-DD");
	} else {
		sqlite3_stmt *st;
		sqlite3_prepare_v2(db, "SELECT max(received_at) FROM dossiers", -1, &st, NULL);
		char newest[11] = "";
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
			snprintf(newest, sizeof newest, "%.10s", sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		int32_t day;
		if (mc_date_parse(newest, &day, NULL) != MC_OK)
			die("period", "no dossiers");
		int y, m;
		mc_date_to_ymd(day, &y, &m, NULL);
		int q = (m - 1) / 3;          /* the quarter before the newest one */
		if (q == 0) {
			q = 4;
			y--;
		}
		a = mc_date_from_ymd(y, 3 * q - 2, 1);
		b = mc_date_from_ymd(q == 4 ? y + 1 : y, q == 4 ? 1 : 3 * q + 1, 1) - 1;
	}
	mc_date_format(a, from);
	mc_date_format(b, to);
	snprintf(start, sizeof start, "%s 00:00", from);
	char day[11];
	mc_date_format(b + 1, day);
	snprintf(end, sizeof end, "%s 00:00", day);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double cpu_us(void)
{
	struct rusage u;
	getrusage(RUSAGE_SELF, &u);
	return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e6 + u.ru_utime.tv_usec +
	       u.ru_stime.tv_usec;
}

enum { RUNS = 5, NFIG = 16 };

static void figures_of(const mc_report_figures *f, int64_t v[NFIG])
{
	const int64_t w[NFIG] = {f->carried_over, f->received_new, f->resolved_early,
				 f->resolved_on_time, f->resolved_late, f->open_on_time,
				 f->open_late, f->paused, f->refused, f->new_counter,
				 f->new_online, f->new_post, f->returned, f->rating[0],
				 f->rating[1], f->rating[2]};
	memcpy(v, w, sizeof w);
}

static void disagree(const char *group, const int64_t *mine, const int64_t *raw)
{
	for (int c = 0; c < NFIG; c++)
		if (mine[c] != raw[c]) {
			fprintf(stderr, "%s figure %d: motcua %lld, raw %lld\n", group, c,
				(long long)mine[c], (long long)raw[c]);
			die("report", "motcua and raw SQL disagree");
		}
}

/* Raw rows (group, figures from column 1) added into their report row's. */
static void raw_rows(sqlite3_stmt *st, const mc_report *rep, int64_t (*per)[NFIG], int at,
		     int ncols)
{
	sqlite3_bind_text(st, 1, start, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, end, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);
		size_t i = 0;
		while (i < rep->nrows && strcmp(rep->rows[i].key, k ? k : ""))
			i++;
		if (i == rep->nrows)
			die("report", "a group of the raw SQL is missing from motcua's");
		for (int c = 0; c < ncols; c++)
			per[i][at + c] += sqlite3_column_int64(st, c + 1);
	}
	sqlite3_reset(st);
}

/* The quarter, grouped by `by`, RUNS times each, alternating with the raw
 * SQL: both must agree, group by group; prints the medians (wall and
 * CPU) and their ratio. */
static void measure(mc_store *s, sqlite3 *raw, const char *from, const char *to,
		    mc_report_by by, const char *main_sql, const char *ret_sql, const char *what)
{
	sqlite3_stmt *main_st, *ret_st;
	if (sqlite3_prepare_v2(raw, main_sql, -1, &main_st, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(raw, ret_sql, -1, &ret_st, NULL) != SQLITE_OK)
		die("raw", sqlite3_errmsg(raw));
	double a[RUNS], b[RUNS], ac[RUNS], bc[RUNS];
	mc_report rep = {0};
	mc_error err = {0};
	int64_t raw_total[NFIG];
	for (int run = 0; run < RUNS; run++) {
		double t = now_us(), c = cpu_us();
		if (mc_report_compute(s, from, to, by, &rep, &err))
			die("report", err.msg);
		a[run] = now_us() - t;
		ac[run] = cpu_us() - c;
		if (run < RUNS - 1)
			mc_report_free(&rep);
		memset(raw_total, 0, sizeof raw_total);
		t = now_us();
		c = cpu_us();
		raw_run(main_st, raw_total, 0, 12);
		raw_run(ret_st, raw_total, 12, 4);
		b[run] = now_us() - t;
		bc[run] = cpu_us() - c;
	}
	int64_t mine[NFIG];
	figures_of(&rep.total, mine);
	disagree("total", mine, raw_total);
	if (rep.nrows) {
		int64_t (*per)[NFIG] = calloc(rep.nrows, sizeof *per);
		raw_rows(main_st, &rep, per, 0, 12);
		raw_rows(ret_st, &rep, per, 12, 4);
		for (size_t i = 0; i < rep.nrows; i++) {
			figures_of(&rep.rows[i].f, mine);
			disagree(rep.rows[i].key, mine, per[i]);
		}
		free(per);
		figures_of(&rep.total, mine);
	}
	printf("figures        carried %lld new %lld (%lld/%lld/%lld) resolved %lld/%lld/%lld "
	       "open %lld/%lld paused %lld refused %lld returned %lld ratings %lld/%lld/%lld "
	       "(%zu rows)\n", (long long)mine[0], (long long)mine[1], (long long)mine[9],
	       (long long)mine[10], (long long)mine[11], (long long)mine[2], (long long)mine[3],
	       (long long)mine[4], (long long)mine[5], (long long)mine[6], (long long)mine[7],
	       (long long)mine[8], (long long)mine[12], (long long)mine[13], (long long)mine[14],
	       (long long)mine[15], rep.nrows);
	mc_report_free(&rep);
	qsort(a, RUNS, sizeof a[0], cmp_double);
	qsort(b, RUNS, sizeof b[0], cmp_double);
	qsort(ac, RUNS, sizeof ac[0], cmp_double);
	qsort(bc, RUNS, sizeof bc[0], cmp_double);
	printf("report %s..%s %-8s motcua %7.1f ms (cpu %7.1f) | raw %7.1f ms (cpu %7.1f) | "
	       "ratio %.2f (target <= 2)\n", from, to, what, a[RUNS / 2] / 1e3, ac[RUNS / 2] / 1e3,
	       b[RUNS / 2] / 1e3, bc[RUNS / 2] / 1e3, a[RUNS / 2] / b[RUNS / 2]);
	sqlite3_finalize(main_st);
	sqlite3_finalize(ret_st);
}

int main(int argc, char **argv)
{
	int rows = argc > 1 ? atoi(argv[1]) : 1000000;
	if (getenv("MOTCUA_BENCH_OFFICES"))
		offices = atoi(getenv("MOTCUA_BENCH_OFFICES"));
	if (getenv("MOTCUA_BENCH_PER_DAY"))
		per_day = atoi(getenv("MOTCUA_BENCH_PER_DAY"));
	if (offices < 1 || offices > 9999 || per_day < offices || per_day / offices > 9999)
		die("setup", "MOTCUA_BENCH_OFFICES 1..9999, MOTCUA_BENCH_PER_DAY at least that");
	bool province = offices > 1;
	const char *dir = argc > 2 ? argv[2] : "/tmp";
	char path[512], csv[600];
	const char *keep = getenv("MOTCUA_BENCH_DB");
	if (keep && *keep)
		snprintf(path, sizeof path, "%s", keep);
	else
		snprintf(path, sizeof path, "%s/motcua-bench-report-%d.db", dir, (int)getpid());
	bool again = keep && *keep && access(path, F_OK) == 0;
	snprintf(csv, sizeof csv, "%s/data/catalog-sample.csv", MOTCUA_SOURCE_DIR);
	mc_error err = {0};
	mc_store *s;
	if (!again) {
		if (mc_store_open(path, &s, &err) != MC_OK)
			die("open", err.msg);
		mc_office o = {"000.17.22.H56", "Bench"};
		mc_import_stats is;
		if (mc_store_office_set(s, &o, &err) != MC_OK ||
		    mc_catalog_import(s, csv, NULL, &is, &err) != MC_OK)
			die("setup", err.msg);
		mc_store_close(s);
		fprintf(stderr, "filling %d dossiers with their histories...\n", rows);
		double t0 = now_us();
		fill(path, rows);
		fprintf(stderr, "filled in %.1f s\n", (now_us() - t0) / 1e6);
	}
	if (mc_store_open(path, &s, &err) != MC_OK)
		die("reopen", err.msg);
	sqlite3 *raw;
	sqlite3_open(path, &raw);
	char from[11], to[11];
	period(raw, argc, argv, from, to);
	if (province) {
		measure(s, raw, from, to, MC_REPORT_UNIT, RAW_MAIN("d.unit_code"),
			RAW_RETURNED("d.unit_code"), "by unit");
		measure(s, raw, from, to, MC_REPORT_ALL, RAW_MAIN("''"), RAW_RETURNED("''"), "all");
	} else {
		measure(s, raw, from, to, MC_REPORT_FIELD, RAW_MAIN("p.field"),
			RAW_RETURNED("p.field"), "by field");
	}
	sqlite3_close(raw);
	mc_store_close(s);
	if (getenv("MOTCUA_BENCH_KEEP") || (keep && *keep)) {
		fprintf(stderr, "kept %s\n", path);
		return 0;
	}
	char cmd[1600];
	snprintf(cmd, sizeof cmd, "rm -f '%s' '%s-wal' '%s-shm'", path, path, path);
	return system(cmd) != 0;
}
