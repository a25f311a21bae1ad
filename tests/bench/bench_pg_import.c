/*
 * Benchmark (run by hand, through tests/bench/bench_pg_import.sh): first
 * loads of offices' dossier bundles into the PostgreSQL hub. Each office's
 * bundle is made as an office makes it (a changeset of its dossiers,
 * documents and events from the session extension, with the SQLite
 * schema's columns, cloned from one real intake) and applied with the
 * import's store side: each file read, parsed and checked, then
 * store_sync_apply -> pgstore_sync_apply (the signature check is left out:
 * one ed25519 verification per bundle). Every bundle is written to a file
 * first; then W worker processes import their share of the offices side by
 * side, each on its own connection. Prints dossiers per second over the
 * imports' wall time, motcua's CPU and the server backends' CPU.
 *
 *   bench_pg_import URI CATALOG.csv OFFICES DOSSIERS [WORKERS]
 */
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include "motcua/catalog.h"
#include "motcua/clock.h"
#include "motcua/dossier.h"
#include "motcua/store.h"
#include "motcua/csv.h"
#include "pgstore.h"
#include "store_internal.h"
#include "sync_internal.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

mc_status store_sync_apply(mc_store *s, const sync_bundle *b, const char *by,
			   mc_sync_report *rep, mc_error *err);

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

static void exec_or_die(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		die(sql, msg ? msg : sqlite3_errmsg(db));
}

static const char *const tables[] = {"dossiers", "dossier_documents", "dossier_events"};

/* The template: one real intake in a SQLite office database in memory. */
static mc_store *template_store(const char *catalog)
{
	mc_store *s;
	mc_error err = {0};
	if (store_open_memory(&s, &err) != MC_OK)
		die("memory store", err.msg);
	mc_office o = {.unit_code = "000.17.22.H56", .name = "UBND xã Mẫu"};
	mc_import_stats is;
	if (mc_store_office_set(s, &o, &err) != MC_OK ||
	    mc_catalog_import(s, catalog, NULL, &is, &err) != MC_OK)
		die("template", err.msg);
	mc_intake in = {.procedure_code = "1.004873", .name = "Nguyễn Văn An",
			.id_number = "034091002345", .phone = "0912345678", .user = "mai"};
	mc_dossier d;
	if (mc_dossier_intake(s, &in, &d, &err) != MC_OK)
		die("intake", err.msg);
	exec_or_die(s->db, "ATTACH ':memory:' AS gen");
	/* The office's own table definitions (keys included: a session
	 * records only tables with a primary key), parents not enforced. */
	exec_or_die(s->db, "PRAGMA foreign_keys = OFF");
	for (int t = 0; t < 3; t++) {
		char q[160];
		snprintf(q, sizeof q, "SELECT sql FROM main.sqlite_master WHERE type = 'table'"
			 " AND name = '%s'", tables[t]);
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(s->db, q, -1, &st, NULL) != SQLITE_OK ||
		    sqlite3_step(st) != SQLITE_ROW)
			die(q, sqlite3_errmsg(s->db));
		const char *def = (const char *)sqlite3_column_text(st, 0);
		const char *rest = strchr(def, '(');
		char *sql = sqlite3_mprintf("CREATE TABLE gen.%s %s", tables[t], rest);
		sqlite3_finalize(st);
		exec_or_die(s->db, sql);
		sqlite3_free(sql);
	}
	return s;
}

/* Column list of a table, and the SELECT expressions that clone the
 * template row i times over. */
static void clone_sql(sqlite3 *db, const char *table, const char *unit, int n, char *out,
		      size_t outsz)
{
	char q[128];
	snprintf(q, sizeof q, "SELECT name FROM pragma_table_info('%s', 'main')", table);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, q, -1, &st, NULL) != SQLITE_OK)
		die(q, sqlite3_errmsg(db));
	char cols[4096] = "", exprs[8192] = "";
	size_t nc = 0, ne = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(st, 0);
		char e[400];
		bool dos = strcmp(table, "dossiers") == 0, ev = strcmp(table, "dossier_events") == 0;
		if (strcmp(c, "id") == 0 && dos)
			snprintf(e, sizeof e, "n.i");
		else if (strcmp(c, "id") == 0 && ev)
			snprintf(e, sizeof e, "n.i * 4 + x.id");
		else if (strcmp(c, "dossier_id") == 0)
			snprintf(e, sizeof e, "n.i");
		else if (strcmp(c, "code") == 0)
			snprintf(e, sizeof e, "printf('%s-26%%02d%%02d-%%04d', 1 + (n.i / 9000 / 28) %% 12,"
				 " 1 + (n.i / 9000) %% 28, n.i %% 9000 + 1)", unit);
		else if (strcmp(c, "unit_code") == 0)
			snprintf(e, sizeof e, "'%s'", unit);
		else if (strcmp(c, "uid") == 0)
			snprintf(e, sizeof e, "'%s/' || (n.i * 4 + x.id)", unit);
		else if (strcmp(c, "applicant_name") == 0 || strcmp(c, "applicant_name_fold") == 0)
			snprintf(e, sizeof e, "x.\"%s\" || ' ' || n.i", c);
		else
			snprintf(e, sizeof e, "x.\"%s\"", c);
		nc += (size_t)snprintf(cols + nc, sizeof cols - nc, "%s\"%s\"", nc ? ", " : "", c);
		ne += (size_t)snprintf(exprs + ne, sizeof exprs - ne, "%s%s", ne ? ", " : "", e);
	}
	sqlite3_finalize(st);
	snprintf(out, outsz,
		 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
		 " INSERT INTO gen.%s(%s) SELECT %s FROM n, main.%s x%s", n, table, cols, exprs, table,
		 strcmp(table, "dossiers") == 0 ? " WHERE x.id = 1" : "");
}

/* One office's first bundle, parsed as an import parses it. */
static void make_bundle(mc_store *t, const char *unit, int n, unsigned char **bytes, size_t *len,
			sync_bundle *b)
{
	sqlite3 *db = t->db;
	for (int k = 0; k < 3; k++) {
		char sql[128];
		snprintf(sql, sizeof sql, "DELETE FROM gen.%s", tables[k]);
		exec_or_die(db, sql);
	}
	sqlite3_session *ses;
	if (sqlite3session_create(db, "gen", &ses) != SQLITE_OK)
		die("session", sqlite3_errmsg(db));
	sync_bundle h = {0};
	h.version = SYNC_FORMAT_VERSION;
	snprintf(h.kind, sizeof h.kind, "dossiers");
	snprintf(h.unit, sizeof h.unit, "%s", unit);
	snprintf(h.peer, sizeof h.peer, "province");
	h.seq = 1;
	mc_clock_stamp(h.created);
	h.schema = mc_store_schema_version();
	h.has_chain = true;
	h.chain_seq = n;
	memset(h.chain_hash, 'a', 64);
	static char colnames[3][SYNC_MAX_COLS][64];
	for (int k = 0; k < 3; k++) {
		sqlite3session_attach(ses, tables[k]);
		sync_table *st = &h.tables[h.ntables++];
		snprintf(st->name, sizeof st->name, "%s", tables[k]);
		char q[128];
		snprintf(q, sizeof q, "SELECT name FROM pragma_table_info('%s', 'gen')", tables[k]);
		sqlite3_stmt *s;
		sqlite3_prepare_v2(db, q, -1, &s, NULL);
		while (sqlite3_step(s) == SQLITE_ROW && st->ncols < SYNC_MAX_COLS) {
			snprintf(colnames[k][st->ncols], 64, "%s", sqlite3_column_text(s, 0));
			st->cols[st->ncols] = colnames[k][st->ncols];
			st->ncols++;
		}
		sqlite3_finalize(s);
	}
	exec_or_die(db, "BEGIN");
	for (int k = 0; k < 3; k++) {
		static char sql[16384];
		clone_sql(db, tables[k], unit, n, sql, sizeof sql);
		exec_or_die(db, sql);
	}
	exec_or_die(db, "COMMIT");
	void *cs;
	int ncs;
	if (sqlite3session_changeset(ses, &ncs, &cs) != SQLITE_OK)
		die("changeset", sqlite3_errmsg(db));
	sqlite3session_delete(ses);
	mc_error err = {0};
	if (sync_bundle_format(&h, cs, (size_t)ncs, bytes, len, &err) != MC_OK)
		die("format", err.msg);
	sqlite3_free(cs);
	if (sync_bundle_parse(*bytes, *len, "bench", b, &err) != MC_OK ||
	    sync_changeset_check(b, "bench", &err) != MC_OK)
		die("parse", err.msg);
}

static double self_cpu(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
	       ru.ru_stime.tv_usec / 1e6;
}

static long long proc_cpu_ticks(long pid)
{
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	char *p = strrchr(buf, ')');
	long long ut = 0, stt = 0;
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lld %lld", &ut, &stt) != 2)
		return -1;
	return ut + stt;
}

static void bundle_path(const char *dir, int k, char *out, size_t sz)
{
	snprintf(out, sz, "%s/office-%d.bundle", dir, k);
}

/* One worker: makes the bundles of offices first..last-1 into dir, says
 * ready, waits for the go, then imports them (each read from its file and
 * parsed, as an import does). Writes "import_s cpu_s server_cpu_s dossiers". */
static void worker(const char *uri, const char *catalog, const char *dir, int first, int last,
		   int n, int ready, int go, int fd)
{
	mc_store *t = template_store(catalog);
	for (int k = first; k < last; k++) {
		char unit[40], path[1024];
		snprintf(unit, sizeof unit, "000.%02d.%02d.H56", 10 + k / 90, 10 + k % 90);
		unsigned char *bytes;
		size_t len;
		sync_bundle b;
		make_bundle(t, unit, n, &bytes, &len, &b);
		bundle_path(dir, k, path, sizeof path);
		FILE *f = fopen(path, "wb");
		if (!f || fwrite(bytes, 1, len, f) != len || fclose(f) != 0)
			die(path, "cannot write");
		sync_bundle_free(&b);
		free(bytes);
	}
	mc_store_close(t);
	mc_store *hub;
	mc_error err = {0};
	if (mc_store_open(uri, &hub, &err) != MC_OK)
		die("open hub", err.msg);
	pg_res *r = pg_run(hub, "SELECT pg_backend_pid()", 0, NULL, "backend", &err);
	long backend = r ? (long)pg_int(r, 0, 0) : 0;
	pg_free(r);
	char c = 'r';
	/* ready closed once said, so a worker that died before saying it
	 * ends the wait with end-of-file instead of hanging it. */
	if (write(ready, &c, 1) != 1 || close(ready) != 0 || read(go, &c, 1) != 1)
		die("pipe", "start");
	double spent = 0, cpu = 0;
	long long cpu0 = proc_cpu_ticks(backend), dossiers = 0;
	for (int k = first; k < last; k++) {
		char path[1024];
		bundle_path(dir, k, path, sizeof path);
		double t0 = now_s(), c0 = self_cpu();
		char *buf;
		size_t len;
		sync_bundle b;
		mc_sync_report rep = {0};
		if (mc_file_read(path, &buf, &len, &err) != MC_OK ||
		    sync_bundle_parse(buf, len, path, &b, &err) != MC_OK ||
		    sync_changeset_check(&b, path, &err) != MC_OK ||
		    store_sync_apply(hub, &b, "bench", &rep, &err) != MC_OK)
			die(path, err.msg);
		spent += now_s() - t0;
		cpu += self_cpu() - c0;
		const mc_sync_count *cnt = rep.counts.ntables ? &rep.counts.t[0] : NULL;
		if (!cnt || cnt->added != n)
			die(path, "not every dossier was added");
		dossiers += cnt->added;
		mc_sync_report_free(&rep);
		sync_bundle_free(&b);
		free(buf);
		unlink(path);
	}
	long long cpu1 = proc_cpu_ticks(backend);
	char line[200];
	int m = snprintf(line, sizeof line, "%.6f %.6f %.6f %lld\n", spent, cpu,
			 cpu0 >= 0 && cpu1 >= 0 ? (double)(cpu1 - cpu0) / sysconf(_SC_CLK_TCK) : -1.0,
			 dossiers);
	if (write(fd, line, (size_t)m) != m)
		die("pipe", "write");
	mc_store_close(hub);
}

int main(int argc, char **argv)
{
	if (argc < 5)
		die("usage", "bench_pg_import URI CATALOG.csv OFFICES DOSSIERS [WORKERS]");
	const char *uri = argv[1], *catalog = argv[2];
	int offices = atoi(argv[3]), n = atoi(argv[4]), workers = argc > 5 ? atoi(argv[5]) : 1;
	if (offices < 1 || n < 1 || workers < 1 || n > 9000 * 28 * 12)
		die("usage", "counts must be positive (at most 302400 dossiers per office)");
	int fds[2], ready[2], go[2];
	char dir[] = "/tmp/bench-pg-import.XXXXXX";
	if (pipe(fds) != 0 || pipe(ready) != 0 || pipe(go) != 0 || !mkdtemp(dir))
		die("pipe", "cannot");
	double g0 = now_s();
	for (int w = 0; w < workers; w++) {
		pid_t pid = fork();
		if (pid == 0) {
			close(fds[0]);
			close(ready[0]);
			close(go[1]);
			worker(uri, catalog, dir, offices * w / workers, offices * (w + 1) / workers, n,
			       ready[1], go[0], fds[1]);
			_exit(0);
		}
	}
	close(fds[1]);
	close(ready[1]);
	/* Every bundle made first: the imports then share the machine with
	 * nothing of the benchmark's own. */
	for (int w = 0; w < workers; w++) {
		char c;
		if (read(ready[0], &c, 1) != 1)
			die("workers", "one failed while making its bundles");
	}
	double t0 = now_s();
	printf("bundles made in %.2f s\n", t0 - g0);
	fflush(stdout);
	for (int w = 0; w < workers; w++)
		if (write(go[1], "g", 1) != 1)
			die("pipe", "go");
	int ok = 1;
	for (int w = 0; w < workers; w++) {
		int status;
		wait(&status);
		ok &= WIFEXITED(status) && WEXITSTATUS(status) == 0;
	}
	double wall = now_s() - t0;
	rmdir(dir);
	FILE *f = fdopen(fds[0], "r");
	double spent, icpu, server, max_spent = 0, sum_server = 0, sum_icpu = 0;
	long long d, total = 0;
	while (f && fscanf(f, "%lf %lf %lf %lld", &spent, &icpu, &server, &d) == 4) {
		if (spent > max_spent)
			max_spent = spent;
		sum_icpu += icpu;
		sum_server += server;
		total += d;
	}
	struct rusage ru;
	getrusage(RUSAGE_CHILDREN, &ru);
	double cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
		     ru.ru_stime.tv_usec / 1e6;
	if (!ok)
		die("workers", "one failed");
	printf("offices %d x %d dossiers, %d workers: %lld dossiers\n", offices, n, workers, total);
	printf("imports: %.2f s wall (slowest worker %.2f s): %.0f dossiers/s\n", wall, max_spent,
	       total / wall);
	printf("CPU in the imports: motcua %.2f s (%.1f us/dossier), server backends %.2f s"
	       " (%.1f us/dossier)\n", sum_icpu, 1e6 * sum_icpu / total, sum_server,
	       1e6 * sum_server / total);
	printf("motcua CPU with the bundles' making %.2f s\n", cpu);
	printf("MOTCUA_RATE %.0f\n", total / wall);
	return 0;
}
