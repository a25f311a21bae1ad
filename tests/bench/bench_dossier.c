/*
 * Benchmark (run by hand): 1,000,000 synthetic dossiers; code look-up and
 * folded name search latency (p50/p99) and intakes per second, each set
 * against raw SQLite doing the same query / writing the same rows in the
 * same run on the same file. Prints ratios (motcua / raw): for latency,
 * lower is better (target ≤ 1.5); for intake rate, higher is better
 * (target ≥ 0.5).
 *
 *   ninja -C build tests/bench_dossier && build/tests/bench_dossier [ROWS] [DIR]
 */
#include "motcua/catalog.h"
#include "motcua/clock.h"
#include "motcua/dossier.h"
#include "motcua/text.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *const family[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan",
	"Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Lò", "Hà"};
static const char *const middle[] = {"Văn", "Thị", "Minh", "Ngọc", "Thanh", "Đức", "Hữu", "Quốc",
	"Thu", "Hoàng", "Xuân", "Kim", "Gia", "Bảo", "Thuỳ", "Mạnh"};
static const char *const given[] = {"An", "Anh", "Bình", "Chi", "Dũng", "Đức", "Giang", "Hà",
	"Hải", "Hùng", "Hương", "Khoa", "Lan", "Linh", "Long", "Mai", "Nam", "Ngọc", "Phúc", "Quân",
	"Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vân", "Yến", "Dương", "Hiếu", "Khánh", "Lộc", "My"};
#define N(a) (sizeof a / sizeof a[0])

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

static void make_name(char *buf, size_t sz)
{
	snprintf(buf, sz, "%s %s %s", family[next() % N(family)], middle[next() % N(middle)],
		 given[next() % N(given)]);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double pct(double *v, int n, double p)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return v[(int)(p * (n - 1))];
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

/* Bulk fill through raw SQL (setup only, not measured). */
static void fill(const char *path, int rows)
{
	sqlite3 *db;
	sqlite3_open(path, &db);
	exec(db, "PRAGMA synchronous=OFF; BEGIN");
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db,
		"INSERT INTO dossiers(code, unit_code, procedure_id, procedure_code, procedure_name,"
		" deadline, deadline_unit, applicant_name, applicant_name_fold, id_number, phone,"
		" address, status, received_at, entered_at, due_at, received_by, form_set, extra,"
		" updated_at) VALUES(?1,'000.17.22.H56',1,'2.000908','Chứng thực',4,'hour',?2,?3,?4,"
		"?5,'',?6,?7,?7,?7,'bench','2025','{}',?7)", -1, &st, NULL);
	for (int i = 0; i < rows; i++) {
		char code[64], name[128], fold[128], id[16], phone[16], at[20];
		int day = i / 400;     /* 400 dossiers a day, back from 2026 */
		int y = 2019 + day / 336, m = 1 + (day / 28) % 12, d = 1 + day % 28;
		snprintf(code, sizeof code, "000.17.22.H56-%02d%02d%02d-%04d", y % 100, m, d, i % 400 + 1);
		make_name(name, sizeof name);
		mc_text_fold_buf(name, fold, sizeof fold);
		snprintf(id, sizeof id, "0%011llu", (unsigned long long)(next() % 100000000000ull));
		snprintf(phone, sizeof phone, "09%08llu", (unsigned long long)(next() % 100000000ull));
		snprintf(at, sizeof at, "%04d-%02d-%02d 09:00", y, m, d);
		sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, fold, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, phone, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 6, i % 7 ? "returned" : "accepted", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, at, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE)
			die("fill", sqlite3_errmsg(db));
		sqlite3_reset(st);
		if (i % 100000 == 99999) {
			exec(db, "COMMIT; BEGIN");
			fprintf(stderr, "  %d rows\r", i + 1);
		}
	}
	sqlite3_finalize(st);
	exec(db, "COMMIT; PRAGMA optimize;");
	sqlite3_close(db);
	fprintf(stderr, "\n");
}

static int count_cb(const mc_dossier *d, void *ctx)
{
	(void)d;
	(*(int *)ctx)++;
	return 0;
}

#define DOSSIER_COLUMNS \
	"d.id, d.code, d.unit_code, d.procedure_code, d.procedure_name, d.deadline," \
	" d.deadline_unit, d.applicant_name, d.id_number, d.phone, d.address, d.status," \
	" d.received_at, d.entered_at, d.due_at, d.received_by, d.form_set, d.extra"

/* Raw side reads the same columns into the same struct-sized buffers. */
static int raw_rows(sqlite3_stmt *st)
{
	int n = 0;
	char buf[18][256];
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (int c = 0; c < 18; c++) {
			const unsigned char *t = sqlite3_column_text(st, c);
			snprintf(buf[c], sizeof buf[c], "%s", t ? (const char *)t : "");
		}
		n++;
	}
	sqlite3_reset(st);
	return n;
}

int main(int argc, char **argv)
{
	int rows = argc > 1 ? atoi(argv[1]) : 1000000;
	const char *dir = argc > 2 ? argv[2] : "/tmp";
	char path[512];
	snprintf(path, sizeof path, "%s/motcua-bench-%d.db", dir, (int)getpid());
	mc_error err = {0};
	mc_store *s;
	if (mc_store_open(path, &s, &err) != MC_OK)
		die("open", err.msg);
	mc_office o = {"000.17.22.H56", "Bench"};
	mc_store_office_set(s, &o, &err);
	char csv[600];
	snprintf(csv, sizeof csv, "%s.csv", path);
	FILE *f = fopen(csv, "w");
	fputs("code,name,field,agency,level,deadline,deadline_unit,fee,documents\n"
	      "2.000908,Chứng thực bản sao từ bản chính,Chứng thực,UBND,Cấp xã,4,hour,2000,"
	      "Bản chính|Bản sao\n", f);
	fclose(f);
	mc_import_stats is;
	if (mc_catalog_import(s, csv, NULL, &is, &err) != MC_OK)
		die("catalog", err.msg);
	mc_store_close(s);
	fprintf(stderr, "filling %d dossiers...\n", rows);
	double t0 = now_us();
	fill(path, rows);
	fprintf(stderr, "filled in %.1f s\n", (now_us() - t0) / 1e6);
	if (mc_store_open(path, &s, &err) != MC_OK)
		die("reopen", err.msg);
	sqlite3 *raw;
	sqlite3_open(path, &raw);

	/* Code look-up. */
	enum { LOOKUPS = 20000, SEARCHES = 2000, INTAKES = 3000 };
	static double a[LOOKUPS], b[LOOKUPS];
	sqlite3_stmt *by_code;
	sqlite3_prepare_v2(raw, "SELECT " DOSSIER_COLUMNS " FROM dossiers d WHERE d.code = ?1",
			   -1, &by_code, NULL);
	sqlite3_stmt *docs;
	sqlite3_prepare_v2(raw, "SELECT name, received FROM dossier_documents WHERE dossier_id = ?1"
			   " ORDER BY position", -1, &docs, NULL);
	for (int i = 0; i < LOOKUPS; i++) {
		int k = (int)(next() % (uint64_t)rows);
		int day = k / 400, y = 2019 + day / 336, m = 1 + (day / 28) % 12, d = 1 + day % 28;
		char code[64];
		snprintf(code, sizeof code, "000.17.22.H56-%02d%02d%02d-%04d", y % 100, m, d, k % 400 + 1);
		mc_dossier dd;
		double t = now_us();
		if (mc_dossier_get(s, code, &dd, &err) != MC_OK)
			die("get", err.msg);
		a[i] = now_us() - t;
		t = now_us();
		sqlite3_bind_text(by_code, 1, code, -1, SQLITE_TRANSIENT);
		int id = 0;
		if (sqlite3_step(by_code) == SQLITE_ROW)
			id = sqlite3_column_int(by_code, 0);
		raw_rows(by_code);
		sqlite3_bind_int(docs, 1, id);
		while (sqlite3_step(docs) == SQLITE_ROW)
			;
		sqlite3_reset(docs);
		b[i] = now_us() - t;
	}
	double ca50 = pct(a, LOOKUPS, .5), ca99 = pct(a, LOOKUPS, .99);
	double cb50 = pct(b, LOOKUPS, .5), cb99 = pct(b, LOOKUPS, .99);
	printf("code lookup   motcua p50 %7.1f us p99 %7.1f us | raw p50 %7.1f us p99 %7.1f us"
	       " | ratio p50 %.2f p99 %.2f\n", ca50, ca99, cb50, cb99, ca50 / cb50, ca99 / cb99);

	/* Folded name search: "family middle-initial given" prefixes. */
	sqlite3_stmt *by_name;
	sqlite3_prepare_v2(raw, "SELECT " DOSSIER_COLUMNS " FROM dossier_fts f JOIN dossiers d ON"
			   " d.id = f.rowid WHERE dossier_fts MATCH ?1 ORDER BY f.rowid DESC LIMIT 50",
			   -1, &by_name, NULL);
	int total_a = 0, total_b = 0;
	for (int i = 0; i < SEARCHES; i++) {
		char q[128], fq[128], fts[256];
		char mid[64];
		mc_text_fold_buf(middle[next() % N(middle)], mid, sizeof mid);
		snprintf(q, sizeof q, "%s %c %s", family[next() % N(family)], mid[0],
			 given[next() % N(given)]);
		mc_text_fold_buf(q, fq, sizeof fq);
		size_t len = 0;
		for (char *w = strtok(fq, " "); w; w = strtok(NULL, " "))
			len += (size_t)snprintf(fts + len, sizeof fts - len, "%s\"%s\"*", len ? " " : "",
						w);
		int na = 0;
		double t = now_us();
		if (mc_dossier_find(s, q, 50, count_cb, &na, &err) != MC_OK)
			die("find", err.msg);
		a[i] = now_us() - t;
		t = now_us();
		sqlite3_bind_text(by_name, 1, fts, -1, SQLITE_TRANSIENT);
		int nb = raw_rows(by_name);
		b[i] = now_us() - t;
		if (na != nb)
			die("find", "motcua and raw disagree on the row count");
		total_a += na;
		total_b += nb;
	}
	double sa50 = pct(a, SEARCHES, .5), sa99 = pct(a, SEARCHES, .99);
	double sb50 = pct(b, SEARCHES, .5), sb99 = pct(b, SEARCHES, .99);
	printf("name search   motcua p50 %7.1f us p99 %7.1f us | raw p50 %7.1f us p99 %7.1f us"
	       " | ratio p50 %.2f p99 %.2f  (%d rows)\n", sa50, sa99, sb50, sb99, sa50 / sb50,
	       sa99 / sb99, total_a);

	/* Intakes per second: motcua's full intake vs raw single-row
	 * transactions writing the same rows (sequence, dossier, 2 documents,
	 * event). */
	setenv("MOTCUA_NOW", "2026-11-25 09:00", 1);
	double t = now_us();
	for (int i = 0; i < INTAKES; i++) {
		char name[128];
		make_name(name, sizeof name);
		mc_intake in = {.procedure_code = "2.000908", .name = name, .id_number = "034091002345",
				.phone = "0912345678", .user = "bench"};
		mc_dossier dd;
		if (mc_dossier_intake(s, &in, &dd, &err) != MC_OK)
			die("intake", err.msg);
	}
	double ia = INTAKES / ((now_us() - t) / 1e6);
	sqlite3_busy_timeout(raw, 5000);
	exec(raw, "PRAGMA synchronous=NORMAL");
	sqlite3_stmt *seq, *ins, *doc, *ev, *beg, *com;
	sqlite3_prepare_v2(raw, "BEGIN IMMEDIATE", -1, &beg, NULL);
	sqlite3_prepare_v2(raw, "COMMIT", -1, &com, NULL);
	sqlite3_prepare_v2(raw, "INSERT INTO dossier_seq(unit_code, day, last) VALUES('RAW', ?1, 1)"
			   " ON CONFLICT(unit_code, day) DO UPDATE SET last = last + 1 RETURNING last",
			   -1, &seq, NULL);
	sqlite3_prepare_v2(raw,
		"INSERT INTO dossiers(code, unit_code, procedure_id, procedure_code, procedure_name,"
		" deadline, deadline_unit, applicant_name, applicant_name_fold, id_number, phone,"
		" address, status, received_at, entered_at, due_at, received_by, form_set, extra,"
		" updated_at) VALUES(?1,'RAW',1,'2.000908','Chứng thực',4,'hour',?2,?3,'034091002345',"
		"'0912345678','','accepted','2026-11-25 09:00','2026-11-25 09:00:00','2026-11-25 13:00',"
		"'bench','2025','{}','2026-11-25 09:00:00')", -1, &ins, NULL);
	sqlite3_prepare_v2(raw, "INSERT INTO dossier_documents(dossier_id, position, name, received)"
			   " VALUES(?1, ?2, ?3, 1)", -1, &doc, NULL);
	sqlite3_prepare_v2(raw, "INSERT INTO dossier_events(dossier_id, at, entered_at, user_name,"
			   " action, to_status, note) VALUES(?1,'2026-11-25 09:00','2026-11-25 09:00:00',"
			   "'bench','intake','accepted','')", -1, &ev, NULL);
	t = now_us();
	for (int i = 0; i < INTAKES; i++) {
		char name[128], fold[128], code[64];
		make_name(name, sizeof name);
		mc_text_fold_buf(name, fold, sizeof fold);
		sqlite3_step(beg);
		sqlite3_reset(beg);
		sqlite3_bind_text(seq, 1, "2026-11-25", -1, SQLITE_STATIC);
		sqlite3_step(seq);
		int n = sqlite3_column_int(seq, 0);
		sqlite3_reset(seq);
		snprintf(code, sizeof code, "RAW-261125-%04d", n);
		sqlite3_bind_text(ins, 1, code, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 2, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 3, fold, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(ins) != SQLITE_DONE)
			die("raw intake", sqlite3_errmsg(raw));
		sqlite3_reset(ins);
		sqlite3_int64 id = sqlite3_last_insert_rowid(raw);
		for (int k = 1; k <= 2; k++) {
			sqlite3_bind_int64(doc, 1, id);
			sqlite3_bind_int(doc, 2, k);
			sqlite3_bind_text(doc, 3, k == 1 ? "Bản chính" : "Bản sao", -1, SQLITE_STATIC);
			sqlite3_step(doc);
			sqlite3_reset(doc);
		}
		sqlite3_bind_int64(ev, 1, id);
		sqlite3_step(ev);
		sqlite3_reset(ev);
		sqlite3_step(com);
		sqlite3_reset(com);
	}
	double ib = INTAKES / ((now_us() - t) / 1e6);
	printf("intake        motcua %8.0f /s | raw %8.0f /s | ratio %.2f\n", ia, ib, ia / ib);
	sqlite3_finalize(by_code);
	sqlite3_finalize(docs);
	sqlite3_finalize(by_name);
	sqlite3_finalize(seq);
	sqlite3_finalize(ins);
	sqlite3_finalize(doc);
	sqlite3_finalize(ev);
	sqlite3_finalize(beg);
	sqlite3_finalize(com);
	sqlite3_close(raw);
	mc_store_close(s);
	char cmd[2200];
	snprintf(cmd, sizeof cmd, "rm -f '%s' '%s-wal' '%s-shm' '%s'", path, path, path, csv);
	if (system(cmd) != 0)
		return 1;
	return 0;
}
