/*
 * Benchmark (run by hand, tests/bench/bench_intake64.sh): PROCS clerk
 * processes taking dossiers in at once on one database file, as on a host
 * serving thin terminals (issue #6), against raw SQLite doing the same
 * writes with the same process count.
 *
 *   A. motcua: each process opens its own connection with mc_store_open
 *      and calls mc_dossier_intake PER times (catalog procedure, calendar,
 *      code allocation, dossier + documents + history in one transaction).
 *   B. raw SQLite, same rows: each process opens the file with
 *      sqlite3_open_v2 + sqlite3_busy_timeout, WAL, synchronous=NORMAL, and
 *      per intake runs one BEGIN IMMEDIATE transaction writing what the
 *      real intake writes (store_dossier.c): the day's sequence upsert, the
 *      dossier row, one row per catalog document, the history event.
 *   C. raw SQLite, single-row: one BEGIN IMMEDIATE; INSERT dossier; COMMIT
 *      per operation (the strictest reading of "single-row transactions").
 *
 * Each phase gets a fresh file made the same way (mc_store_open, office,
 * catalog), so the schema, indexes and triggers (FTS, event uid) are the
 * same. Connections are opened before the start gate; the clock covers the
 * intakes only. Every failed call counts as an error and "busy"/"locked"
 * ones are counted apart; afterwards the dossier count must be exact and
 * the codes unique. Exit status 1 on any error or failed check.
 *
 *   ninja -C build tests/bench_intake64 && build/tests/bench_intake64 [PROCS] [PER] [DIR|-] [PHASES]
 *
 * DIR keeps the files there ("-" or none: a temporary directory, removed).
 * PHASES (default ABC) picks phases, e.g. A alone under a profiler; the
 * ratios are printed only when their phases ran.
 */
#include "motcua/catalog.h"
#include "motcua/dossier.h"
#include "motcua/text.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define UNIT "000.17.22.H56"
#define CSV "code,name,field,agency,level,deadline,deadline_unit,fee,documents\n" \
	"1.004873,Cấp Giấy xác nhận tình trạng hôn nhân,Hộ tịch,UBND cấp xã,Cấp xã,3,day,0," \
	"Tờ khai theo mẫu|Giấy tờ tùy thân\n" \
	"2.000908,Chứng thực bản sao từ bản chính,Chứng thực,UBND cấp xã,Cấp xã,4,hour,2000," \
	"Bản chính\n"

static const char *const family[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan",
	"Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Lò", "Hà"};
static const char *const middle[] = {"Văn", "Thị", "Minh", "Ngọc", "Thanh", "Đức", "Hữu", "Quốc",
	"Thu", "Hoàng", "Xuân", "Kim", "Gia", "Bảo", "Thuỳ", "Mạnh"};
static const char *const given[] = {"An", "Anh", "Bình", "Chi", "Dũng", "Đức", "Giang", "Hà",
	"Hải", "Hùng", "Hương", "Khoa", "Lan", "Linh", "Long", "Mai", "Nam", "Ngọc", "Phúc", "Quân",
	"Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vân", "Yến", "Dương", "Hiếu", "Khánh", "Lộc", "My"};
static const char *const province[] = {"001", "031", "034", "036", "038", "040", "046", "079"};
static const char *const village[] = {"Thôn Đông", "Thôn Tây", "Thôn Trung", "Xóm Mới",
	"Thôn Phú Lễ", "Thôn Kim Sơn"};
#define N(a) (sizeof a / sizeof a[0])

/* One applicant, the same for a given (process, row) on every side. */
struct applicant {
	const char *procedure;
	int ndocs;
	char name[128];
	char fold[128];
	char id[16];
	char phone[16];
	char address[128];
};

static void make_applicant(int proc, int row, struct applicant *a)
{
	uint64_t x = 0x9e3779b97f4a7c15ull * (uint64_t)(proc * 100003 + row + 1);
	x ^= x >> 29;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 32;
	a->procedure = row % 2 ? "1.004873" : "2.000908";
	a->ndocs = row % 2 ? 2 : 1;
	snprintf(a->name, sizeof a->name, "%s %s %s", family[x % N(family)],
		 middle[(x >> 8) % N(middle)], given[(x >> 16) % N(given)]);
	mc_text_fold_buf(a->name, a->fold, sizeof a->fold);
	int female = (x >> 24) & 1, year = 60 + (int)((x >> 25) % 45);
	snprintf(a->id, sizeof a->id, "%s%d%02d%06d", province[(x >> 32) % N(province)],
		 (year < 100 ? 0 : 2) + female, year % 100, (int)((x >> 36) % 1000000));
	snprintf(a->phone, sizeof a->phone, "09%08d", (int)((x >> 20) % 100000000));
	snprintf(a->address, sizeof a->address, "%s, xã Quảng Phú", village[(x >> 40) % N(village)]);
}

/* What each process reports, in memory shared with the parent. */
struct result {
	int ops;
	int errors;
	int busy;            /* errors that were "busy" / "locked" */
	double max_ms;
	char first_error[160];
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what, const char *msg)
{
	fprintf(stderr, "bench_intake64: %s: %s\n", what, msg);
	exit(1);
}

static void record(struct result *r, double t0, int ok, const char *msg, int busy)
{
	double ms = (now_s() - t0) * 1e3;
	r->max_ms = ms > r->max_ms ? ms : r->max_ms;
	if (ok) {
		r->ops++;
		return;
	}
	if (!r->errors++)
		snprintf(r->first_error, sizeof r->first_error, "%.150s", msg);
	r->busy += busy;
}

static int wait_gate(int fd)
{
	char c;
	while (read(fd, &c, 1) > 0)
		;
	return 0;
}

/* ---- A. motcua ------------------------------------------------------------ */

static void work_motcua(const char *db, int proc, int per, int gate, struct result *r)
{
	mc_store *s;
	mc_error err = {0};
	if (mc_store_open(db, &s, &err) != MC_OK) {
		wait_gate(gate);
		r->errors = per;
		snprintf(r->first_error, sizeof r->first_error, "%.150s", err.msg);
		return;
	}
	char user[16];
	snprintf(user, sizeof user, "clerk%02d", proc);
	wait_gate(gate);
	for (int i = 0; i < per; i++) {
		struct applicant a;
		make_applicant(proc, i, &a);
		mc_intake in = {.procedure_code = a.procedure, .name = a.name, .id_number = a.id,
				.phone = a.phone, .address = a.address, .user = user};
		mc_dossier d;
		double t0 = now_s();
		int ok = mc_dossier_intake(s, &in, &d, &err) == MC_OK;
		record(r, t0, ok, err.msg,
		       !ok && (strstr(err.msg, "busy") || strstr(err.msg, "locked")));
	}
	mc_store_close(s);
}

/* ---- B and C. raw SQLite ---------------------------------------------------- */

static const char raw_seq[] =
	"INSERT INTO dossier_seq(unit_code, day, last) VALUES('" UNIT "', ?1, 1)"
	" ON CONFLICT(unit_code, day) DO UPDATE SET last = last + 1 RETURNING last";
static const char raw_dossier[] =
	"INSERT INTO dossiers(code, unit_code, procedure_id, procedure_code, procedure_name,"
	" deadline, deadline_unit, applicant_name, applicant_name_fold, id_number, phone,"
	" address, status, received_at, entered_at, due_at, received_by, form_set, extra,"
	" updated_at) VALUES(?1,'" UNIT "',?2,?3,'Thủ tục',3,'day',?4,?5,?6,?7,?8,'accepted',"
	"'2026-11-25 09:00','2026-11-25 09:00:00','2026-11-30 09:00',?9,'2025','{}',"
	"'2026-11-25 09:00:00')";
static const char raw_doc[] =
	"INSERT INTO dossier_documents(dossier_id, position, name, received) VALUES(?1, ?2, ?3, 1)";
static const char raw_event[] =
	"INSERT INTO dossier_events(dossier_id, at, entered_at, user_name, action, to_status,"
	" note, data) VALUES(?1,'2026-11-25 09:00','2026-11-25 09:00:00',?2,'intake','accepted',"
	"'hẹn trả 2026-11-30 09:00','{}')";

enum { S_BEGIN, S_COMMIT, S_SEQ, S_DOSSIER, S_DOC, S_EVENT, S_N };

struct raw {
	sqlite3 *h;
	sqlite3_stmt *st[S_N];
};

static int raw_open(const char *db, struct raw *w)
{
	memset(w, 0, sizeof *w);
	if (sqlite3_open_v2(db, &w->h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		return 0;
	sqlite3_busy_timeout(w->h, 60000);
	if (sqlite3_exec(w->h, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL) != SQLITE_OK)
		return 0;
	const char *sql[S_N] = {"BEGIN IMMEDIATE", "COMMIT", raw_seq, raw_dossier, raw_doc,
				raw_event};
	for (int i = 0; i < S_N; i++)
		if (sqlite3_prepare_v2(w->h, sql[i], -1, &w->st[i], NULL) != SQLITE_OK)
			return 0;
	return 1;
}

static void raw_close(struct raw *w)
{
	for (int i = 0; i < S_N; i++)
		sqlite3_finalize(w->st[i]);
	sqlite3_close(w->h);
}

/* Step a statement; SQLITE_ROW or SQLITE_DONE count as success. */
static int step(struct raw *w, int i)
{
	sqlite3_stmt *st = w->st[i];
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW;
}

static int raw_intake(struct raw *w, int proc, const struct applicant *a, const char *user)
{
	if (!step(w, S_BEGIN))
		return 0;
	sqlite3_stmt *st = w->st[S_SEQ];
	sqlite3_bind_text(st, 1, "2026-11-25", -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	int seq = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	if (!seq)
		goto fail;
	char code[64];
	snprintf(code, sizeof code, UNIT "-261125-%04d", seq);
	(void)proc;
	st = w->st[S_DOSSIER];
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, a->ndocs == 2 ? 1 : 2);
	sqlite3_bind_text(st, 3, a->procedure, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, a->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, a->fold, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, a->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, a->phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, a->address, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, user, -1, SQLITE_STATIC);
	if (!step(w, S_DOSSIER))
		goto fail;
	sqlite3_int64 id = sqlite3_last_insert_rowid(w->h);
	static const char *const docs[2][2] = {{"Bản chính", ""},
					       {"Tờ khai theo mẫu", "Giấy tờ tùy thân"}};
	for (int k = 0; k < a->ndocs; k++) {
		st = w->st[S_DOC];
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, k + 1);
		sqlite3_bind_text(st, 3, docs[a->ndocs - 1][k], -1, SQLITE_STATIC);
		if (!step(w, S_DOC))
			goto fail;
	}
	sqlite3_bind_int64(w->st[S_EVENT], 1, id);
	sqlite3_bind_text(w->st[S_EVENT], 2, user, -1, SQLITE_STATIC);
	if (!step(w, S_EVENT) || !step(w, S_COMMIT))
		goto fail;
	return 1;
fail:
	if (!sqlite3_get_autocommit(w->h))
		sqlite3_exec(w->h, "ROLLBACK", NULL, NULL, NULL);
	return 0;
}

/* One INSERT of the dossier row in its own transaction; the code is made
 * by the process (no sequence row). */
static int raw_single(struct raw *w, int proc, int row, const struct applicant *a,
		      const char *user)
{
	if (!step(w, S_BEGIN))
		return 0;
	char code[64];
	snprintf(code, sizeof code, UNIT "-261125-%02d%04d", proc, row);
	sqlite3_stmt *st = w->st[S_DOSSIER];
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, a->ndocs == 2 ? 1 : 2);
	sqlite3_bind_text(st, 3, a->procedure, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, a->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, a->fold, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, a->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, a->phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, a->address, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, user, -1, SQLITE_STATIC);
	if (step(w, S_DOSSIER) && step(w, S_COMMIT))
		return 1;
	if (!sqlite3_get_autocommit(w->h))
		sqlite3_exec(w->h, "ROLLBACK", NULL, NULL, NULL);
	return 0;
}

static void work_raw_common(const char *db, int proc, int per, int gate, struct result *r,
			    int single)
{
	struct raw w;
	if (!raw_open(db, &w)) {
		wait_gate(gate);
		r->errors = per;
		snprintf(r->first_error, sizeof r->first_error, "open: %s",
			 w.h ? sqlite3_errmsg(w.h) : "failed");
		return;
	}
	char user[16];
	snprintf(user, sizeof user, "clerk%02d", proc);
	wait_gate(gate);
	for (int i = 0; i < per; i++) {
		struct applicant a;
		make_applicant(proc, i, &a);
		double t0 = now_s();
		int ok = single ? raw_single(&w, proc, i, &a, user) : raw_intake(&w, proc, &a, user);
		int code = sqlite3_errcode(w.h) & 0xff;
		record(r, t0, ok, sqlite3_errmsg(w.h),
		       !ok && (code == SQLITE_BUSY || code == SQLITE_LOCKED));
	}
	raw_close(&w);
}

static void work_raw(const char *db, int proc, int per, int gate, struct result *r)
{
	work_raw_common(db, proc, per, gate, r, 0);
}

static void work_single(const char *db, int proc, int per, int gate, struct result *r)
{
	work_raw_common(db, proc, per, gate, r, 1);
}

/* ---- running a phase ------------------------------------------------------ */

typedef void (*worker_fn)(const char *db, int proc, int per, int gate, struct result *r);

struct phase {
	double secs, cpu;    /* wall time; user + system CPU of the processes */
	struct result sum;
};

static double children_cpu(void)
{
	struct rusage ru;
	getrusage(RUSAGE_CHILDREN, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
	       ru.ru_stime.tv_usec / 1e6;
}

/* Fork procs workers that open their connection, then wait on a pipe the
 * parent closes once all have had time to get there. */
static void run(worker_fn fn, const char *db, int procs, int per, struct phase *ph)
{
	struct result *res = mmap(NULL, sizeof *res * (size_t)procs, PROT_READ | PROT_WRITE,
				  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (res == MAP_FAILED)
		die("mmap", "failed");
	memset(res, 0, sizeof *res * (size_t)procs);
	int gate[2];
	if (pipe(gate))
		die("pipe", "failed");
	double cpu0 = children_cpu();
	for (int p = 0; p < procs; p++) {
		pid_t pid = fork();
		if (pid < 0)
			die("fork", "failed");
		if (pid == 0) {
			close(gate[1]);
			fn(db, p, per, gate[0], &res[p]);
			_exit(0);
		}
	}
	close(gate[0]);
	usleep(procs * 20000 + 300000);   /* let every process open and reach the gate */
	double t0 = now_s();
	close(gate[1]);
	int status, crashed = 0;
	while (wait(&status) > 0)
		crashed += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
	ph->secs = now_s() - t0;
	ph->cpu = children_cpu() - cpu0;
	memset(&ph->sum, 0, sizeof ph->sum);
	for (int p = 0; p < procs; p++) {
		ph->sum.ops += res[p].ops;
		ph->sum.errors += res[p].errors;
		ph->sum.busy += res[p].busy;
		if (res[p].max_ms > ph->sum.max_ms)
			ph->sum.max_ms = res[p].max_ms;
		if (res[p].errors && !ph->sum.first_error[0])
			snprintf(ph->sum.first_error, sizeof ph->sum.first_error, "process %d: %.130s",
				 p, res[p].first_error);
	}
	ph->sum.errors += crashed;
	munmap(res, sizeof *res * (size_t)procs);
}

/* ---- set-up and checks ------------------------------------------------------ */

static void setup(const char *db, const char *dir)
{
	unlink(db);
	mc_store *s;
	mc_error err = {0};
	if (mc_store_open(db, &s, &err) != MC_OK)
		die("open", err.msg);
	mc_office o = {UNIT, "UBND xã Quảng Phú"};
	char csv[600];
	snprintf(csv, sizeof csv, "%s/catalog.csv", dir);
	FILE *f = fopen(csv, "w");
	if (!f)
		die(csv, "cannot write");
	fputs(CSV, f);
	fclose(f);
	mc_import_stats st;
	if (mc_store_office_set(s, &o, &err) || mc_catalog_import(s, csv, NULL, &st, &err))
		die("set-up", err.msg);
	mc_store_close(s);
}

static long long scalar(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		die(sql, sqlite3_errmsg(h));
	long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	return v;
}

/* Exact counts after a phase; returns the number of failed checks. */
static int check(const char *label, const char *db, long long want, long long want_docs,
		 int with_events)
{
	sqlite3 *h;
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		die(db, "cannot open");
	long long n = scalar(h, "SELECT count(*) FROM dossiers");
	long long codes = scalar(h, "SELECT count(DISTINCT code) FROM dossiers");
	long long docs = scalar(h, "SELECT count(*) FROM dossier_documents");
	long long ev = scalar(h, "SELECT count(*) FROM dossier_events");
	long long seq = scalar(h, "SELECT coalesce(max(last), 0) FROM dossier_seq");
	long long uids = scalar(h, "SELECT count(DISTINCT uid) FROM dossier_events");
	long long fts = scalar(h, "SELECT count(*) FROM dossier_fts");
	sqlite3_close(h);
	int bad = n != want || codes != want || docs != want_docs || fts != want;
	if (with_events)
		bad += ev != want || uids != want || seq != want;
	printf("  check %-9s dossiers %lld/%lld, distinct codes %lld, documents %lld/%lld,"
	       " events %lld (uids %lld), last number %lld: %s\n", label, n, want, codes, docs,
	       want_docs, ev, uids, seq, bad ? "FAILED" : "ok");
	return bad ? 1 : 0;
}

static void report(const char *what, int procs, const struct phase *ph, const char *unit)
{
	printf("%-30s %3d procs %6d %s %6.2f s = %6.0f /s  CPU %6.2f s  slowest %7.1f ms"
	       "  errors %d (busy/locked %d)\n", what, procs, ph->sum.ops, unit, ph->secs,
	       ph->sum.ops / ph->secs, ph->cpu, ph->sum.max_ms, ph->sum.errors, ph->sum.busy);
	if (ph->sum.first_error[0])
		printf("  first error: %s\n", ph->sum.first_error);
}

int main(int argc, char **argv)
{
	int procs = argc > 1 ? atoi(argv[1]) : 64;
	int per = argc > 2 ? atoi(argv[2]) : 50;
	char dir[512];
	bool own_dir = argc <= 3 || strcmp(argv[3], "-") == 0;   /* "-": a temporary one */
	if (!own_dir)
		snprintf(dir, sizeof dir, "%s", argv[3]);
	else if (!mkdtemp(strcpy(dir, "/tmp/bench-intake64-XXXXXX")))
		die("mkdtemp", "failed");
	if (procs < 1 || procs > 999 || per < 1 || per > 9999)
		die("usage", "bench_intake64 [PROCS 1-999] [PER 1-9999] [DIR|-] [PHASES]");
	/* One day for every process: codes number 0001.. on that day. */
	setenv("MOTCUA_NOW", "2026-11-25 09:00", 1);
	char a_db[600], b_db[600], c_db[600];
	snprintf(a_db, sizeof a_db, "%s/motcua.db", dir);
	snprintf(b_db, sizeof b_db, "%s/raw.db", dir);
	snprintf(c_db, sizeof c_db, "%s/single.db", dir);
	setup(a_db, dir);
	setup(b_db, dir);
	setup(c_db, dir);

	long long want = (long long)procs * per;
	/* Odd rows take the two-document procedure. */
	long long want_docs = 0;
	for (int i = 0; i < per; i++)
		want_docs += i % 2 ? 2 : 1;
	want_docs *= procs;

	const char *phases = argc > 4 ? argv[4] : "ABC";
	bool pa = strchr(phases, 'A'), pb = strchr(phases, 'B'), pc = strchr(phases, 'C');
	struct phase a = {0}, b = {0}, c = {0};
	if (pa)
		run(work_motcua, a_db, procs, per, &a);
	if (pb)
		run(work_raw, b_db, procs, per, &b);
	if (pc)
		run(work_single, c_db, procs, per, &c);
	printf("SQLite %s, %ld CPUs, %d processes x %d\n", sqlite3_libversion(),
	       sysconf(_SC_NPROCESSORS_ONLN), procs, per);
	if (pa)
		report("A. motcua mc_dossier_intake", procs, &a, "intakes");
	if (pb)
		report("B. raw SQLite, same rows", procs, &b, "intakes");
	if (pc)
		report("C. raw SQLite, single-row txn", procs, &c, "txns   ");
	if (pa && pb)
		printf("ratio A/B (same rows):       %.2f (target >= 0.50)\n",
		       (a.sum.ops / a.secs) / (b.sum.ops / b.secs));
	if (pa && pc)
		printf("ratio A/C (single-row txns): %.2f\n",
		       (a.sum.ops / a.secs) / (c.sum.ops / c.secs));
	int bad = (pa ? check("motcua", a_db, want, want_docs, 1) : 0) +
		  (pb ? check("raw", b_db, want, want_docs, 1) : 0) +
		  (pc ? check("single", c_db, want, 0, 0) : 0);
	int errors = a.sum.errors + b.sum.errors + c.sum.errors;
	printf("errors: %d (motcua %d, busy/locked reaching a clerk: %d); failed checks: %d\n",
	       errors, a.sum.errors, a.sum.busy, bad);
	if (own_dir) {
		char cmd[700];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
	}
	return errors || bad ? 1 : 0;
}
