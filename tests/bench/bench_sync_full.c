/*
 * Benchmark (run by hand): the cost of synchronous=FULL (every intake's
 * commit reaches the disk before the receipt prints: issue 15, power loss)
 * against the former synchronous=NORMAL, same build, same file system, same
 * run. Prints intakes per second for each and the ratio FULL / NORMAL
 * (higher is better; 1.0 = free).
 *
 *   ninja -C build tests/bench_sync_full && build/tests/bench_sync_full [N] [DIR]
 */
#include "motcua/catalog.h"
#include "motcua/dossier.h"
#include "motcua/store.h"
#include "store_internal.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

/* n intakes, each its own transaction as at the counter; returns per second. */
static double run(const char *dir, const char *name, const char *pragma, int n)
{
	char db[1024], csv[1024];
	snprintf(db, sizeof db, "%s/%s.db", dir, name);
	snprintf(csv, sizeof csv, "%s/catalog.csv", dir);
	unlink(db);
	mc_store *s;
	mc_error err = {0};
	if (mc_store_open(db, &s, &err) != MC_OK)
		die("open", err.msg);
	mc_office o = {.unit_code = "000.17.22.H56", .name = "UBND xã Quảng Phú"};
	mc_import_stats is;
	if (mc_store_office_set(s, &o, &err) != MC_OK ||
	    mc_catalog_import(s, csv, NULL, &is, &err) != MC_OK)
		die("setup", err.msg);
	if (pragma && sqlite3_exec(s->db, pragma, NULL, NULL, NULL) != SQLITE_OK)
		die(pragma, sqlite3_errmsg(s->db));
	double t0 = now_s();
	for (int i = 0; i < n; i++) {
		char id[24];
		snprintf(id, sizeof id, "0340%08d", i % 100000000);
		mc_intake in = {.procedure_code = "1.004873", .name = "Nguyễn Văn An",
				.id_number = id, .phone = "0912345678", .user = "mai"};
		mc_dossier d;
		if (mc_dossier_intake(s, &in, &d, &err) != MC_OK)
			die("intake", err.msg);
	}
	double rate = n / (now_s() - t0);
	mc_store_close(s);
	return rate;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 300;
	const char *dir = argc > 2 ? argv[2] : "/tmp";
	char csv[1024];
	snprintf(csv, sizeof csv, "%s/catalog.csv", dir);
	FILE *f = fopen(csv, "w");
	if (!f)
		die(csv, "cannot write");
	fputs("code,name,field,agency,level,deadline,deadline_unit,fee,documents\n"
	      "1.004873,Cấp Giấy xác nhận tình trạng hôn nhân,Hộ tịch,UBND cấp xã,Cấp xã,3,day,0,"
	      "Tờ khai|Giấy tờ tùy thân\n", f);
	fclose(f);
	double normal = run(dir, "bench-normal", "PRAGMA synchronous=NORMAL", n);
	double full = run(dir, "bench-full", NULL, n);
	printf("intakes/s: synchronous=NORMAL %.0f, FULL (motcua's) %.0f; ratio FULL/NORMAL %.2f\n",
	       normal, full, full / normal);
	return 0;
}
