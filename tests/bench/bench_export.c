/*
 * Benchmark (run by hand): an office with ROWS dossiers of history (three
 * documents and one event each), already sent to the province in bundles
 * of STEP dossiers, takes in one more dossier and exports. Each export runs
 * in a child process of its own; its wall time and peak RSS are printed
 * against a baseline measured in the same run on the same file: a raw
 * sqlite3 connection that SELECTs the changed rows (the new dossier, its
 * documents and its event) and writes them to a file. With REBUILD=1 it
 * also measures the export that rebuilds the peer's picture from every
 * bundle sent (what every export did before the picture was kept, and
 * what the first export after the upgrade still does).
 *
 *   ninja -C build tests/bench_export && build/tests/bench_export [ROWS] [DIR] [STEP]
 *
 * Targets (issue #16): ≤ 0.5 s and ≤ 64 MiB at 1,000,000.
 * MOTCUA_BENCH_KEEP=1 keeps the office database (its bundles serve to
 * measure imports at the province: sync export --again N).
 */
#include "motcua/catalog.h"
#include "motcua/dossier.h"
#include "motcua/sync.h"

#include <spawn.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
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

static void take_in(mc_store *s, int i)
{
	static const char *const names[] = {"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"};
	mc_intake in = {.procedure_code = "2.000908", .name = names[i % 3], .id_number = "034091002345",
			.phone = "0912345678", .user = "mai"};
	mc_dossier d;
	mc_error err = {0};
	if (mc_dossier_intake(s, &in, &d, &err) != MC_OK)
		die("intake", err.msg);
}

/* n copies of dossier 1 with its documents and event (raw SQL: minutes
 * saved; the triggers mark them for the next export all the same). */
static void clone_rows(const char *path, int from, int n)
{
	sqlite3 *db;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		die("open", path);
	exec(db, "PRAGMA cache_size = -65536");
	exec(db, "BEGIN");
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT group_concat(name, ',') FROM pragma_table_info('dossiers')"
			       " WHERE name NOT IN ('id', 'code')", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		die("columns", sqlite3_errmsg(db));
	char *cols = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(db, "SELECT max(id) FROM dossiers", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		die("max id", sqlite3_errmsg(db));
	long long last = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	/* Codes as an office mints them, 9,000 a day from 2019. */
	char *sql = sqlite3_mprintf(
		"WITH RECURSIVE k(i) AS (SELECT %d UNION ALL SELECT i + 1 FROM k WHERE i < %d)"
		" INSERT INTO dossiers(code, %s) SELECT printf('000.17.22.H56-%%s-%%04d',"
		" substr(strftime('%%Y%%m%%d', '2019-01-01', '+' || (i / 9000) || ' days'), 3), i %% 9000 + 1), %s"
		" FROM k, dossiers WHERE dossiers.id = 1",
		from, from + n - 1, cols, cols);
	exec(db, sql);
	sqlite3_free(sql);
	free(cols);
	sql = sqlite3_mprintf(
		"INSERT INTO dossier_documents(dossier_id, position, name, received)"
		" SELECT d.id, p.position, p.name, 1 FROM dossiers d,"
		" (SELECT 1 AS position, 'Tờ khai' AS name UNION ALL SELECT 2, 'Bản chính'"
		"  UNION ALL SELECT 3, 'Bản sao') p WHERE d.id > %lld", last);
	exec(db, sql);
	sqlite3_free(sql);
	sql = sqlite3_mprintf(
		"INSERT INTO dossier_events(dossier_id, at, entered_at, user_name, action,"
		" from_status, to_status, note)"
		" SELECT d.id, e.at, e.entered_at, e.user_name, e.action, e.from_status, e.to_status,"
		" e.note FROM dossiers d, dossier_events e WHERE e.id = 1 AND d.id > %lld", last);
	exec(db, sql);
	sqlite3_free(sql);
	exec(db, "COMMIT");
	sqlite3_close(db);
}

/* This process's own peak RSS in kB, written to OUT.rss for the parent
 * (wait4's ru_maxrss counts the parent's memory at the spawn). */
static int report_rss(const char *out)
{
	char line[256], name[700];
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "r");
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	snprintf(name, sizeof name, "%s.rss", out);
	if (!(f = fopen(name, "w")))
		return 1;
	fprintf(f, "%ld\n", kb);
	fclose(f);
	return 0;
}

static int export_now(const char *path, const char *out)
{
	mc_store *s;
	mc_error err = {0};
	if (mc_store_open(path, &s, &err) != MC_OK)
		die("open", err.msg);
	mc_sync_export_info info;
	mc_status st = mc_sync_export(s, NULL, out, &info, &err);
	if (st != MC_OK)
		die("export", err.msg);
	mc_store_close(s);
	unlink(out);
	return report_rss(out);
}

/* The changed rows, selected and written out by plain SQLite. */
static int baseline(const char *path, const char *out)
{
	sqlite3 *db;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		die("open", path);
	FILE *f = fopen(out, "w");
	static const char *const q[] = {
		"SELECT * FROM dossiers WHERE id = (SELECT max(id) FROM dossiers)",
		"SELECT * FROM dossier_documents WHERE dossier_id = (SELECT max(id) FROM dossiers)",
		"SELECT * FROM dossier_events WHERE dossier_id = (SELECT max(id) FROM dossiers)",
	};
	for (int i = 0; i < 3; i++) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db, q[i], -1, &st, NULL) != SQLITE_OK)
			die(q[i], sqlite3_errmsg(db));
		while (sqlite3_step(st) == SQLITE_ROW)
			for (int c = 0; c < sqlite3_column_count(st); c++)
				fprintf(f, "%s%c", (const char *)sqlite3_column_text(st, c) ?: "",
					c + 1 < sqlite3_column_count(st) ? '|' : '\n');
		sqlite3_finalize(st);
	}
	fclose(f);
	sqlite3_close(db);
	unlink(out);
	return report_rss(out);
}

/* Run this program again as "--MODE PATH OUT"; its wall time and its own
 * peak RSS (MiB). */
static void measure(const char *mode, const char *path, const char *out, double *secs,
		    double *mib)
{
	double t0 = now_s();
	char *const args[] = {"bench_export", (char *)mode, (char *)path, (char *)out, NULL};
	pid_t pid;
	/* posix_spawn does not copy this process's memory into the child,
	 * whose peak RSS would count it. */
	if (posix_spawn(&pid, "/proc/self/exe", NULL, NULL, args, environ) != 0)
		die("spawn", "/proc/self/exe");
	int status;
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		die("child", "failed");
	*secs = now_s() - t0;
	char name[700];
	snprintf(name, sizeof name, "%s.rss", out);
	FILE *f = fopen(name, "r");
	long kb = -1;
	if (!f || fscanf(f, "%ld", &kb) != 1)
		die("child", "no peak RSS");
	fclose(f);
	unlink(name);
	*mib = kb / 1024.0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "--export") == 0)
		return export_now(argv[2], argv[3]);
	if (argc == 4 && strcmp(argv[1], "--baseline") == 0)
		return baseline(argv[2], argv[3]);
	int rows = argc > 1 ? atoi(argv[1]) : 1000000;
	const char *dir = argc > 2 ? argv[2] : "/tmp";
	int step = argc > 3 ? atoi(argv[3]) : 100000;
	bool rebuild = getenv("REBUILD") && atoi(getenv("REBUILD"));
	char path[512], out[600], csv[600];
	snprintf(path, sizeof path, "%s/motcua-bench-export-%d.db", dir, (int)getpid());
	snprintf(out, sizeof out, "%s.bundle", path);
	snprintf(csv, sizeof csv, "%s.csv", path);
	mc_error err = {0};
	mc_store *s;
	if (mc_store_open(path, &s, &err) != MC_OK)
		die("open", err.msg);
	mc_office o = {"000.17.22.H56", "Bench"};
	mc_store_office_set(s, &o, &err);
	FILE *f = fopen(csv, "w");
	fputs("code,name,field,agency,level,deadline,deadline_unit,fee,documents\n"
	      "2.000908,Chứng thực bản sao từ bản chính,Chứng thực,UBND,Cấp xã,4,hour,2000,"
	      "Tờ khai|Bản chính|Bản sao\n", f);
	fclose(f);
	mc_import_stats is;
	if (mc_catalog_import(s, csv, NULL, &is, &err) != MC_OK)
		die("catalog", err.msg);
	unlink(csv);
	take_in(s, 0);
	mc_store_close(s);
	double t0 = now_s();
	for (int done = 1; done < rows;) {
		int n = rows - done < step ? rows - done : step;
		clone_rows(path, done, n);
		done += n;
		double t, m;
		measure("--export", path, out, &t, &m);
		fprintf(stderr, "history: %d dossiers, bundle of %d exported in %.1f s, %.0f MiB\n",
			done, n, t, m);
	}
	fprintf(stderr, "history of %d dossiers built in %.0f s\n", rows, now_s() - t0);

	double et, em, bt, bm;
	if (mc_store_open(path, &s, &err) != MC_OK)
		die("open", err.msg);
	take_in(s, 1);
	mc_store_close(s);
	measure("--baseline", path, out, &bt, &bm);
	measure("--export", path, out, &et, &em);
	printf("export of 1 new dossier after %d of history: %.3f s, %.1f MiB peak\n", rows, et, em);
	printf("baseline (raw SELECT of the changed rows):     %.3f s, %.1f MiB peak\n", bt, bm);
	printf("ratio motcua / raw: time %.1f, memory %.1f\n", et / bt, em / bm);
	if (rebuild) {
		if (mc_store_open(path, &s, &err) != MC_OK)
			die("open", err.msg);
		take_in(s, 2);
		mc_store_close(s);
		sqlite3 *db;
		sqlite3_open(path, &db);
		exec(db, "DELETE FROM sync_peer");
		sqlite3_close(db);
		measure("--export", path, out, &et, &em);
		fflush(stdout);
		printf("same export rebuilding the picture from all bundles (before): %.3f s,"
		       " %.1f MiB peak\n", et, em);
	}
	if (!getenv("MOTCUA_BENCH_KEEP")) {
		unlink(path);
		char side[620];
		snprintf(side, sizeof side, "%s-wal", path);
		unlink(side);
		snprintf(side, sizeof side, "%s-shm", path);
		unlink(side);
	}
	return 0;
}
