/*
 * Benchmark (run by hand): first loads at the province (issue #16). OFFICES
 * offices each export their first bundle of DOSSIERS dossiers (three
 * documents and four events each: intake, transfer, result, return, as the
 * lifecycle writes them; varied names, so the name index has real work),
 * then a fresh provincial database (sync role province, every office's key
 * enrolled) imports them one by one through mc_sync_import, as `motcua
 * sync import` does. Prints dossiers per second, wall and CPU, against
 * raw SQLite in the same run: the very rows the import wrote, read back
 * and inserted with plain prepared INSERTs into a fresh database of the
 * same schema (triggers, name index and history chain included), one
 * transaction per office, with the cache and temp_store pragmas the import
 * sets; and the same INSERTs into bare tables (same columns, no index,
 * trigger or name index), so that the schema's own cost shows.
 *
 *   ninja -C build tests/bench_import && build/tests/bench_import [OFFICES] [DOSSIERS] [DIR]
 *
 * Defaults 30 x 10000 in /tmp (the full target is 300 x 10000).
 * Target: >= 10,000 dossiers/s. The office bundles and keys are kept in
 * DIR (bench-import-O-N-*) and reused by the next run with the same
 * counts: only the import is measured.
 */
#include "motcua/catalog.h"
#include "motcua/dossier.h"
#include "motcua/lifecycle.h"
#include "motcua/store.h"
#include "motcua/sync.h"
#include "motcua/text.h"
#include "store_internal.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
	       ru.ru_stime.tv_usec / 1e6;
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

static const char catalog_csv[] =
	"code,name,field,agency,level,deadline,deadline_unit,fee,documents\n"
	"1.004873,Cấp Giấy xác nhận tình trạng hôn nhân,Hộ tịch,UBND cấp xã,Cấp xã,3,day,0,"
	"Tờ khai|Giấy tờ tùy thân|Giấy xác nhận nơi cư trú\n";

static void catalog(mc_store *s, const char *dir)
{
	char csv[1024];
	snprintf(csv, sizeof csv, "%s/bench-import-%d.csv", dir, (int)getpid());
	FILE *f = fopen(csv, "w");
	if (!f)
		die(csv, "cannot write");
	fputs(catalog_csv, f);
	fclose(f);
	mc_import_stats is;
	mc_error err = {0};
	if (mc_catalog_import(s, csv, NULL, &is, &err) != MC_OK)
		die("catalog", err.msg);
	unlink(csv);
}

static void unit_of(int i, char *buf, size_t sz)
{
	snprintf(buf, sz, "000.%02d.%02d.H56", 10 + i / 80, 10 + i % 80);
}

static void names_table(sqlite3 *db)
{
	static const char *const fam[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh",
					  "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"};
	static const char *const mid[] = {"Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh",
					  "Quốc"};
	static const char *const giv[] = {"An", "Bình", "Cường", "Dung", "Em", "Giang", "Hà",
					  "Hải", "Hạnh", "Hùng", "Hương", "Khánh", "Lan", "Linh",
					  "Long", "Mai", "Nam", "Nga", "Phúc", "Quang", "Sơn",
					  "Tâm", "Thảo", "Trang", "Tuấn", "Vân", "Xuân", "Yến"};
	exec(db, "CREATE TEMP TABLE bench_names(k INTEGER PRIMARY KEY, name TEXT, fold TEXT)");
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "INSERT INTO bench_names VALUES (?, ?, ?)", -1, &st, NULL))
		die("names", sqlite3_errmsg(db));
	int k = 0;
	for (size_t g = 0; g < sizeof giv / sizeof *giv; g++)
		for (size_t m = 0; m < sizeof mid / sizeof *mid; m++)
			for (size_t f = 0; f < sizeof fam / sizeof *fam; f++) {
				char name[96];
				snprintf(name, sizeof name, "%s %s %s", fam[f], mid[m], giv[g]);
				char *fold = mc_text_fold(name);
				sqlite3_bind_int(st, 1, k++);
				sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
				sqlite3_bind_text(st, 3, fold, -1, SQLITE_TRANSIENT);
				if (sqlite3_step(st) != SQLITE_DONE)
					die("names", sqlite3_errmsg(db));
				sqlite3_reset(st);
				free(fold);
			}
	sqlite3_finalize(st);
}

/* One office: a dossier taken in and carried through its lifecycle, then
 * n - 1 copies of it by SQL on the store's own connection (its triggers
 * stamp uids, chain the events and mark the rows for export); exported. */
static void build_office(const char *dir, int i, int n, const char *bundle, const char *keyfile)
{
	char path[1024], unit[40];
	unit_of(i, unit, sizeof unit);
	snprintf(path, sizeof path, "%s/bench-import-office-%d.db", dir, (int)getpid());
	unlink(path);
	mc_store *s;
	mc_error err = {0};
	if (mc_store_open(path, &s, &err) != MC_OK)
		die("open", err.msg);
	mc_office o = {.name = "UBND xã"};
	snprintf(o.unit_code, sizeof o.unit_code, "%s", unit);
	if (mc_store_office_set(s, &o, &err) != MC_OK)
		die("office", err.msg);
	catalog(s, dir);
	mc_intake in = {.procedure_code = "1.004873", .name = "Nguyễn Văn An",
			.id_number = "034091002345", .phone = "0912345678",
			.address = "Thôn 3, xã Quảng Phú", .user = "mai"};
	mc_dossier d;
	if (mc_dossier_intake(s, &in, &d, &err) != MC_OK)
		die("intake", err.msg);
	mc_step steps[] = {
		{.kind = MC_STEP_TRANSFER, .code = d.code, .user = "mai", .to = "Tư pháp"},
		{.kind = MC_STEP_RESULT, .code = d.code, .user = "mai"},
		{.kind = MC_STEP_RETURN, .code = d.code, .user = "mai", .to = "Nguyễn Văn An",
		 .by = "counter"},
	};
	for (size_t k = 0; k < sizeof steps / sizeof *steps; k++)
		if (mc_dossier_step(s, &steps[k], NULL, &err) != MC_OK)
			die("step", err.msg);
	sqlite3 *db = s->db;
	names_table(db);
	exec(db, "BEGIN");
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT group_concat(name, ',') FROM pragma_table_info('dossiers')"
			       " WHERE name NOT IN ('id', 'code', 'applicant_name',"
			       " 'applicant_name_fold', 'id_number')", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		die("columns", sqlite3_errmsg(db));
	char *cols = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	/* Codes as an office mints them, 40 a day. */
	char *sql = sqlite3_mprintf(
		"WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < %d)"
		" INSERT INTO dossiers(code, applicant_name, applicant_name_fold, id_number, %s)"
		" SELECT printf('%s-%%s-%%04d', substr(strftime('%%Y%%m%%d', '2024-01-01',"
		" '+' || (i / 40) || ' days'), 3), i %% 40 + 1), n.name, n.fold,"
		" printf('0340%%08d', i * 7919 %% 100000000), %s"
		" FROM k JOIN bench_names n ON n.k = (i * 131) %% (SELECT count(*) FROM bench_names),"
		" dossiers WHERE dossiers.id = 1",
		n - 1, cols, unit, cols);
	exec(db, sql);
	sqlite3_free(sql);
	free(cols);
	exec(db, "INSERT INTO dossier_documents(dossier_id, position, name, received)"
		 " SELECT d.id, p.position, p.name, p.received FROM dossiers d, dossier_documents p"
		 " WHERE p.dossier_id = 1 AND d.id > 1 ORDER BY d.id, p.position");
	exec(db, "INSERT INTO dossier_events(dossier_id, at, entered_at, user_name, action,"
		 " from_status, to_status, note, data)"
		 " SELECT d.id, e.at, e.entered_at, e.user_name, e.action, e.from_status, e.to_status,"
		 " e.note, e.data FROM dossiers d, dossier_events e"
		 " WHERE e.dossier_id = 1 AND d.id > 1 ORDER BY d.id, e.id");
	exec(db, "COMMIT");
	mc_sync_export_info info;
	if (mc_sync_export(s, NULL, bundle, &info, &err) != MC_OK)
		die("export", err.msg);
	mc_sync_key k;
	if (mc_sync_key_get(s, &k, &err) != MC_OK || mc_sync_key_write(&k, keyfile, &err) != MC_OK)
		die("key", err.msg);
	mc_store_close(s);
	unlink(path);
	char side[1100];
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

static void trust(mc_store *s, int i, const char *keyfile)
{
	char unit[40], line[256], fp[128] = "";
	unit_of(i, unit, sizeof unit);
	FILE *f = fopen(keyfile, "r");
	if (!f)
		die(keyfile, "cannot read");
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "fingerprint: %127[^\n]", fp) == 1)
			break;
	fclose(f);
	mc_error err = {0};
	if (mc_sync_trust_add(s, unit, keyfile, fp, &err) != MC_OK)
		die("trust", err.msg);
}

static mc_store *province(const char *path, const char *dir)
{
	unlink(path);
	mc_store *s;
	mc_error err = {0};
	if (mc_store_open(path, &s, &err) != MC_OK)
		die("open", err.msg);
	mc_office o = {.unit_code = "000.00.00.H56", .name = "Tỉnh"};
	if (mc_store_office_set(s, &o, &err) != MC_OK ||
	    mc_sync_role_set(s, MC_SYNC_PROVINCE, &err) != MC_OK)
		die("province", err.msg);
	catalog(s, dir);
	return s;
}

static void remove_db(const char *path)
{
	char side[1100];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

/* A table's rows of one unit's dossiers (read from src, untimed), then
 * inserted into dst by one prepared INSERT (timed by the caller). */
struct rows {
	int ncols;
	size_t n;
	sqlite3_value **v;
};

static void rows_load(sqlite3 *src, const char *select, const char *unit, struct rows *r)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(src, select, -1, &st, NULL) != SQLITE_OK)
		die(select, sqlite3_errmsg(src));
	sqlite3_bind_text(st, 1, unit, -1, SQLITE_STATIC);
	r->ncols = sqlite3_column_count(st);
	r->n = 0;
	size_t cap = 0;
	r->v = NULL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (r->n == cap) {
			cap = cap ? cap * 2 : 4096;
			r->v = realloc(r->v, cap * (size_t)r->ncols * sizeof *r->v);
			if (!r->v)
				die("rows", "out of memory");
		}
		for (int c = 0; c < r->ncols; c++)
			r->v[r->n * (size_t)r->ncols + (size_t)c] = sqlite3_value_dup(
				sqlite3_column_value(st, c));
		r->n++;
	}
	sqlite3_finalize(st);
}

static void rows_insert(sqlite3 *db, const char *insert, struct rows *r)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, insert, -1, &st, NULL) != SQLITE_OK)
		die(insert, sqlite3_errmsg(db));
	for (size_t i = 0; i < r->n; i++) {
		for (int c = 0; c < r->ncols; c++)
			sqlite3_bind_value(st, c + 1, r->v[i * (size_t)r->ncols + (size_t)c]);
		if (sqlite3_step(st) != SQLITE_DONE)
			die(insert, sqlite3_errmsg(db));
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
}

static void rows_free(struct rows *r)
{
	for (size_t i = 0; i < r->n * (size_t)r->ncols; i++)
		sqlite3_value_free(r->v[i]);
	free(r->v);
}

/* Column list of a table minus its rowid alias, for the raw copy. */
static char *columns(sqlite3 *db, const char *table, const char *prefix)
{
	char *sql = sqlite3_mprintf("SELECT group_concat('%q' || name, ', ') FROM"
				    " pragma_table_info('%q')", prefix, table);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
		die("columns", sqlite3_errmsg(db));
	char *out = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_free(sql);
	return out;
}

int main(int argc, char **argv)
{
	int offices = argc > 1 ? atoi(argv[1]) : 30;
	int per = argc > 2 ? atoi(argv[2]) : 10000;
	const char *dir = argc > 3 ? argv[3] : "/tmp";
	if (offices < 1 || offices > 6400 || per < 2 || per > 9999 * 40)
		die("usage", "bench_import [OFFICES 1..6400] [DOSSIERS 2..399960] [DIR]");
	setenv("MOTCUA_NOW", "2026-03-02 09:00", 0);
	char (*bundle)[1024] = calloc((size_t)offices, sizeof *bundle);
	char (*key)[1024] = calloc((size_t)offices, sizeof *key);
	double t0 = now_s();
	int built = 0;
	for (int i = 0; i < offices; i++) {
		snprintf(bundle[i], sizeof bundle[i], "%s/bench-import-%d-%d-%d.bundle", dir, offices,
			 per, i);
		snprintf(key[i], sizeof key[i], "%s/bench-import-%d-%d-%d.key", dir, offices, per, i);
		if (access(bundle[i], R_OK) == 0 && access(key[i], R_OK) == 0)
			continue;
		build_office(dir, i, per, bundle[i], key[i]);
		built++;
	}
	if (built)
		fprintf(stderr, "%d office bundles built in %.0f s\n", built, now_s() - t0);

	char ppath[1024], rpath[1024];
	snprintf(ppath, sizeof ppath, "%s/bench-import-province-%d.db", dir, (int)getpid());
	snprintf(rpath, sizeof rpath, "%s/bench-import-raw-%d.db", dir, (int)getpid());
	mc_store *p = province(ppath, dir);
	for (int i = 0; i < offices; i++)
		trust(p, i, key[i]);
	double wall = 0, cpu = 0;
	long long events = 0;
	for (int i = 0; i < offices; i++) {
		mc_sync_report rep;
		mc_error err = {0};
		double w0 = now_s(), c0 = cpu_s();
		if (mc_sync_import(p, bundle[i], &rep, &err) != MC_OK)
			die("import", err.msg);
		wall += now_s() - w0;
		cpu += cpu_s() - c0;
		for (int t = 0; t < rep.counts.ntables; t++)
			if (strcmp(rep.counts.t[t].table, "dossier_events") == 0)
				events += rep.counts.t[t].added;
		if (rep.nconflicts)
			die("import", rep.conflicts[0]);
		mc_sync_report_free(&rep);
	}
	long long total = (long long)offices * per;

	/* Raw SQLite: the rows the import wrote, into the same schema. */
	mc_store *r = province(rpath, dir);
	/* The pragmas the import sets for its transaction. */
	exec(r->db, "PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY");
	char *dcols = columns(p->db, "dossiers", ""), *ecols = columns(p->db, "dossier_events", "");
	char *docs = columns(p->db, "dossier_documents", "");
	char *q[3][2] = {
		{sqlite3_mprintf("SELECT %s FROM dossiers WHERE unit_code = ?1 ORDER BY id", dcols),
		 NULL},
		{sqlite3_mprintf("SELECT %s FROM dossier_documents WHERE dossier_id IN (SELECT id"
				 " FROM dossiers WHERE unit_code = ?1) ORDER BY dossier_id, position",
				 docs), NULL},
		{sqlite3_mprintf("SELECT %s FROM dossier_events WHERE dossier_id IN (SELECT id"
				 " FROM dossiers WHERE unit_code = ?1) ORDER BY id", ecols), NULL},
	};
	const char *cl[3] = {dcols, docs, ecols}, *tn[3] = {"dossiers", "dossier_documents",
							     "dossier_events"};
	for (int t = 0; t < 3; t++) {
		int nc = 1;
		for (const char *c = cl[t]; *c; c++)
			nc += *c == ',';
		sqlite3_str *s = sqlite3_str_new(NULL);
		sqlite3_str_appendf(s, "INSERT INTO %s(%s) VALUES (?", tn[t], cl[t]);
		for (int c = 1; c < nc; c++)
			sqlite3_str_appendall(s, ", ?");
		sqlite3_str_appendall(s, ")");
		q[t][1] = sqlite3_str_finish(s);
	}
	/* And bare tables: the same columns, no index, trigger or name index
	 * (what a plain copy of the rows costs; the schema's own share is the
	 * difference between the two raw figures). */
	char bpath[1024];
	snprintf(bpath, sizeof bpath, "%s/bench-import-bare-%d.db", dir, (int)getpid());
	remove_db(bpath);
	sqlite3 *bare;
	if (sqlite3_open(bpath, &bare) != SQLITE_OK)
		die("bare", sqlite3_errmsg(bare));
	exec(bare, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
		   " PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY");
	for (int t = 0; t < 3; t++) {
		char *ddl = sqlite3_mprintf("CREATE TABLE %s(%s)", tn[t], cl[t]);
		exec(bare, ddl);
		sqlite3_free(ddl);
	}
	double rwall = 0, rcpu = 0, bwall = 0, bcpu = 0;
	for (int i = 0; i < offices; i++) {
		char unit[40];
		unit_of(i, unit, sizeof unit);
		struct rows rs[3];
		for (int t = 0; t < 3; t++)
			rows_load(p->db, q[t][0], unit, &rs[t]);
		double w0 = now_s(), c0 = cpu_s();
		exec(r->db, "BEGIN");
		for (int t = 0; t < 3; t++)
			rows_insert(r->db, q[t][1], &rs[t]);
		exec(r->db, "COMMIT");
		rwall += now_s() - w0;
		rcpu += cpu_s() - c0;
		w0 = now_s();
		c0 = cpu_s();
		exec(bare, "BEGIN");
		for (int t = 0; t < 3; t++)
			rows_insert(bare, q[t][1], &rs[t]);
		exec(bare, "COMMIT");
		bwall += now_s() - w0;
		bcpu += cpu_s() - c0;
		for (int t = 0; t < 3; t++)
			rows_free(&rs[t]);
	}
	sqlite3_close(bare);
	remove_db(bpath);
	for (int t = 0; t < 3; t++) {
		sqlite3_free(q[t][0]);
		sqlite3_free(q[t][1]);
	}
	free(dcols);
	free(ecols);
	free(docs);
	mc_store_close(r);
	mc_store_close(p);
	remove_db(ppath);
	remove_db(rpath);
	printf("first loads: %d offices x %d dossiers (%lld events), imported in %.2f s wall,"
	       " %.2f s CPU\n", offices, per, events, wall, cpu);
	printf("motcua sync import: %8.0f dossiers/s wall, %8.0f dossiers/s CPU\n", total / wall,
	       total / cpu);
	printf("raw SQLite INSERTs: %8.0f dossiers/s wall, %8.0f dossiers/s CPU\n", total / rwall,
	       total / rcpu);
	printf("raw, bare tables:   %8.0f dossiers/s wall, %8.0f dossiers/s CPU\n", total / bwall,
	       total / bcpu);
	printf("ratio motcua / raw full schema (CPU time): %.2f, / bare tables: %.2f"
	       " (target: >= 10000 dossiers/s)\n", cpu / rcpu, cpu / bcpu);
	free(bundle);
	free(key);
	return 0;
}
