/*
 * Benchmark (run by hand, tests/bench/bench_queue.sh): many clerk
 * processes on one database file, as on a host serving thin terminals.
 *
 *   A. PROCS processes each take in PER dossiers through mc_dossier_intake
 *      (code allocation, dossier, documents, history: one transaction).
 *   B. PROCS processes each write PER raw single-row transactions (BEGIN
 *      IMMEDIATE; INSERT; COMMIT) with plain sqlite3 and busy_timeout, on a
 *      file of their own: the floor any SQLite program pays for the lock.
 *   C. PROCS processes each issue a ticket and call one at their counter,
 *      PER times (mc_queue_issue + mc_queue_call).
 *
 * All processes start together (they block on a pipe the parent closes).
 * Prints per phase the rate, the slowest single operation and the number
 * of errors (any failed call: "database is locked" would be one), and the
 * ratio A/B (target >= 0.5).
 *
 *   ninja -C build tests/bench_queue && build/tests/bench_queue [PROCS] [PER] [DIR]
 */
#include "motcua/catalog.h"
#include "motcua/dossier.h"
#include "motcua/queue.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CSV "code,name,field,agency,level,deadline,deadline_unit,fee,documents\n" \
	"1.004873,Cấp Giấy xác nhận tình trạng hôn nhân,Hộ tịch,UBND cấp xã,Cấp xã,3,day,0,Tờ khai|Giấy tờ tùy thân\n" \
	"2.000908,Chứng thực bản sao từ bản chính,Chứng thực,UBND cấp xã,Cấp xã,4,hour,2000,Bản chính\n"

static const char *const given[] = {"An", "Anh", "Bình", "Chi", "Dũng", "Đức", "Giang", "Hà",
	"Hải", "Hùng", "Hương", "Khoa", "Lan", "Linh", "Long", "Mai", "Nam", "Ngọc", "Phúc", "Quân",
	"Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vân", "Yến", "Dương", "Hiếu", "Khánh", "Lộc", "My"};
#define NGIVEN (int)(sizeof given / sizeof given[0])

/* A name without digits (names are checked), different per clerk and row. */
static void make_name(char *buf, size_t sz, int n, int i)
{
	snprintf(buf, sz, "Nguyễn %s %s %s", given[n % NGIVEN], given[i % NGIVEN],
		 given[(i / NGIVEN) % NGIVEN]);
}

struct result {
	int ops;
	int errors;
	double max_us;
};

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void die(const char *what, const char *msg)
{
	fprintf(stderr, "bench_queue: %s: %s\n", what, msg);
	exit(1);
}

typedef void (*worker_fn)(const char *db, int n, int per, struct result *r);

static void work_intake(const char *db, int n, int per, struct result *r)
{
	mc_store *s;
	mc_error err = {0};
	if (mc_store_open(db, &s, &err) != MC_OK) {
		r->errors = per;
		return;
	}
	for (int i = 0; i < per; i++) {
		char name[96];
		make_name(name, sizeof name, n, i);
		mc_intake in = {.procedure_code = i % 2 ? "1.004873" : "2.000908", .name = name,
				.id_number = "034091002345", .phone = "0912345678", .user = "mai"};
		mc_dossier d;
		double t0 = now_us();
		if (mc_dossier_intake(s, &in, &d, &err) != MC_OK) {
			if (!r->errors++)
				fprintf(stderr, "clerk %d: %s\n", n, err.msg);
		} else {
			r->ops++;
		}
		double dt = now_us() - t0;
		r->max_us = dt > r->max_us ? dt : r->max_us;
	}
	mc_store_close(s);
}

static void work_raw(const char *db, int n, int per, struct result *r)
{
	sqlite3 *h;
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		r->errors = per;
		return;
	}
	sqlite3_busy_timeout(h, 60000);
	sqlite3_exec(h, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL);
	sqlite3_stmt *beg, *ins, *com;
	sqlite3_prepare_v2(h, "BEGIN IMMEDIATE", -1, &beg, NULL);
	sqlite3_prepare_v2(h, "INSERT INTO rows(clerk, name, at) VALUES(?1, ?2, datetime('now'))",
			   -1, &ins, NULL);
	sqlite3_prepare_v2(h, "COMMIT", -1, &com, NULL);
	for (int i = 0; i < per; i++) {
		char name[96];
		make_name(name, sizeof name, n, i);
		double t0 = now_us();
		sqlite3_reset(beg);
		sqlite3_reset(ins);
		sqlite3_reset(com);
		sqlite3_bind_int(ins, 1, n);
		sqlite3_bind_text(ins, 2, name, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(beg) != SQLITE_DONE || sqlite3_step(ins) != SQLITE_DONE ||
		    sqlite3_step(com) != SQLITE_DONE) {
			if (!r->errors++)
				fprintf(stderr, "raw %d: %s\n", n, sqlite3_errmsg(h));
			sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
		} else {
			r->ops++;
		}
		double dt = now_us() - t0;
		r->max_us = dt > r->max_us ? dt : r->max_us;
	}
	sqlite3_finalize(beg);
	sqlite3_finalize(ins);
	sqlite3_finalize(com);
	sqlite3_close(h);
}

static void work_queue(const char *db, int n, int per, struct result *r)
{
	mc_store *s;
	mc_error err = {0};
	if (mc_store_open(db, &s, &err) != MC_OK) {
		r->errors = per;
		return;
	}
	for (int i = 0; i < per; i++) {
		mc_ticket t;
		double t0 = now_us();
		if (mc_queue_issue(s, i % 2 ? "A" : "B", &t, &err) != MC_OK) {
			if (!r->errors++)
				fprintf(stderr, "kiosk %d: %s\n", n, err.msg);
		} else {
			r->ops++;
		}
		mc_status st = mc_queue_call(s, n + 1, &t, &err);
		if (st != MC_OK && st != MC_EEMPTY) {
			if (!r->errors++)
				fprintf(stderr, "counter %d: %s\n", n + 1, err.msg);
		} else {
			r->ops++;
		}
		double dt = now_us() - t0;
		r->max_us = dt > r->max_us ? dt : r->max_us;
	}
	mc_store_close(s);
}

/* Run fn in procs processes released together; returns the wall time in
 * seconds and the summed result. */
static double run(worker_fn fn, const char *db, int procs, int per, struct result *sum)
{
	int gate[2], out[2];
	if (pipe(gate) || pipe(out))
		die("pipe", "failed");
	for (int p = 0; p < procs; p++) {
		pid_t pid = fork();
		if (pid < 0)
			die("fork", "failed");
		if (pid == 0) {
			close(gate[1]);
			close(out[0]);
			char c;
			while (read(gate[0], &c, 1) > 0)
				;
			struct result r = {0};
			fn(db, p, per, &r);
			if (write(out[1], &r, sizeof r) != (ssize_t)sizeof r)
				_exit(2);
			_exit(0);
		}
	}
	close(gate[0]);
	close(out[1]);
	usleep(300000);   /* let every process reach the gate */
	double t0 = now_us();
	close(gate[1]);
	memset(sum, 0, sizeof *sum);
	struct result r;
	while (read(out[0], &r, sizeof r) == (ssize_t)sizeof r) {
		sum->ops += r.ops;
		sum->errors += r.errors;
		sum->max_us = r.max_us > sum->max_us ? r.max_us : sum->max_us;
	}
	double secs = (now_us() - t0) / 1e6;
	close(out[0]);
	while (wait(NULL) > 0)
		;
	return secs;
}

static void setup_motcua(const char *db, const char *dir, int procs)
{
	mc_store *s;
	mc_error err = {0};
	if (mc_store_open(db, &s, &err) != MC_OK)
		die("open", err.msg);
	mc_office o = {"000.17.22.H56", "UBND xã Quảng Phú"};
	char csv[600];
	snprintf(csv, sizeof csv, "%s/catalog.csv", dir);
	FILE *f = fopen(csv, "w");
	if (!f)
		die(csv, "cannot write");
	fputs(CSV, f);
	fclose(f);
	mc_import_stats st;
	if (mc_store_office_set(s, &o, &err) || mc_catalog_import(s, csv, NULL, &st, &err) ||
	    mc_queue_service_add(s, "A", "Hộ tịch", NULL, &err) ||
	    mc_queue_service_add(s, "B", "Chứng thực", NULL, &err))
		die("set-up", err.msg);
	for (int c = 1; c <= procs; c++)
		if (mc_queue_counter_add(s, c, NULL, "A,B", &err))
			die("counter", err.msg);
	mc_store_close(s);
}

static void setup_raw(const char *db)
{
	sqlite3 *h;
	if (sqlite3_open(db, &h) != SQLITE_OK ||
	    sqlite3_exec(h, "PRAGMA journal_mode=WAL; CREATE TABLE rows(id INTEGER PRIMARY KEY,"
			 " clerk INTEGER NOT NULL, name TEXT NOT NULL, at TEXT NOT NULL);",
			 NULL, NULL, NULL) != SQLITE_OK)
		die("raw set-up", sqlite3_errmsg(h));
	sqlite3_close(h);
}

static void report(const char *what, int procs, double secs, const struct result *r,
		   const char *unit)
{
	printf("%-34s %3d procs %6d %s in %6.2f s = %7.0f /s  slowest %6.1f ms  errors %d\n",
	       what, procs, r->ops, unit, secs, r->ops / secs, r->max_us / 1000, r->errors);
}

int main(int argc, char **argv)
{
	int procs = argc > 1 ? atoi(argv[1]) : 64;
	int per = argc > 2 ? atoi(argv[2]) : 50;
	char dir[512];
	if (argc > 3)
		snprintf(dir, sizeof dir, "%s", argv[3]);
	else if (!mkdtemp(strcpy(dir, "/tmp/bench-queue-XXXXXX")))
		die("mkdtemp", "failed");
	if (procs < 1 || procs > 999 || per < 1)
		die("usage", "bench_queue [PROCS 1-999] [PER] [DIR]");
	setenv("MOTCUA_NOW", "2026-11-25 09:00", 1);
	char db[600], raw[600];
	snprintf(db, sizeof db, "%s/office.db", dir);
	snprintf(raw, sizeof raw, "%s/raw.db", dir);
	unlink(db);
	unlink(raw);
	setup_motcua(db, dir, procs);
	setup_raw(raw);

	struct result a, b, c;
	double sa = run(work_intake, db, procs, per, &a);
	double sb = run(work_raw, raw, procs, per, &b);
	double sc = run(work_queue, db, procs, per, &c);
	printf("SQLite %s, %ld CPUs\n", sqlite3_libversion(), sysconf(_SC_NPROCESSORS_ONLN));
	report("A. motcua intake (1 txn each)", procs, sa, &a, "intakes");
	report("B. raw SQLite single-row txn", procs, sb, &b, "txns   ");
	report("C. motcua queue issue + call", procs, sc, &c, "ops    ");
	printf("ratio intake / raw single-row: %.2f (target >= 0.50)\n",
	       (a.ops / sa) / (b.ops / sb));
	int errors = a.errors + b.errors + c.errors;
	printf("errors: %d\n", errors);
	return errors ? 1 : 0;
}
