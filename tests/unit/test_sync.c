/*
 * Sync bundles: two offices work offline, export, and the province imports
 * both bundles in either order and twice with the same result; later
 * bundles bring new dossiers and status changes; damaged, foreign and
 * out-of-sequence bundles are refused whole; conflicts are listed; the
 * catalog and holidays travel from the province to an office.
 */
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include "testutil.h"
#include "motcua/csv.h"
#include "store_sign.h"
#include "sync_internal.h"

#include "motcua/catalog.h"
#include "motcua/dossier.h"
#include "motcua/holidays.h"
#include "motcua/lifecycle.h"
#include "motcua/sync.h"
#include "sync_internal.h"

#include <sqlite3.h>

#define CSV "code,name,field,agency,level,deadline,deadline_unit,fee,documents\n" \
	"1.004873,Cấp Giấy xác nhận tình trạng hôn nhân,Hộ tịch,UBND cấp xã,Cấp xã,3,day,0,Tờ khai|Giấy tờ tùy thân\n" \
	"2.000908,Chứng thực bản sao từ bản chính,Chứng thực,UBND cấp xã,Cấp xã,4,hour,2000,Bản chính\n"
#define CSV2 "code,name,field,agency,level,deadline,deadline_unit,fee,documents\n" \
	"1.004873,Cấp Giấy xác nhận tình trạng hôn nhân,Hộ tịch,UBND cấp xã,Cấp xã,5,day,0,Tờ khai|Giấy tờ tùy thân|Ảnh\n" \
	"2.000908,Chứng thực bản sao từ bản chính,Chứng thực,UBND cấp xã,Cấp xã,4,hour,2000,Bản chính\n" \
	"1.000894,Đăng ký kết hôn,Hộ tịch,UBND cấp xã,Cấp xã,5,day,0,Tờ khai\n"

#define UNIT_A "000.17.22.H56"
#define UNIT_B "000.31.40.H56"
#define UNIT_P "000.00.00.H56"

static mc_store *make_db(struct tdir *t, const char *file, const char *unit, const char *csv,
			 bool province)
{
	char path[400], csvpath[400];
	snprintf(path, sizeof path, "%s/%s", t->path, file);
	mc_store *s = open_store(path);
	mc_error err = {0};
	mc_office o;
	snprintf(o.unit_code, sizeof o.unit_code, "%s", unit);
	snprintf(o.name, sizeof o.name, "Văn phòng %s", unit);
	assert_int_equal(mc_store_office_set(s, &o, &err), MC_OK);
	tdir_write(t, "catalog.csv", csv, csvpath, sizeof csvpath);
	mc_import_stats st;
	assert_int_equal(mc_catalog_import(s, csvpath, NULL, &st, &err), MC_OK);
	if (province)
		assert_int_equal(mc_sync_role_set(s, MC_SYNC_PROVINCE, &err), MC_OK);
	return s;
}

static void take_in(mc_store *s, const char *name, const char *at, mc_dossier *d)
{
	mc_intake in = {.procedure_code = "1.004873", .name = name, .id_number = "034091002345",
			.phone = "0912345678", .received_at = at, .user = "mai"};
	mc_error err = {0};
	if (mc_dossier_intake(s, &in, d, &err) != MC_OK)
		fail_msg("intake: %s", err.msg);
}

static void export_to(mc_store *s, struct tdir *t, const char *file, const char *peer,
		      char *path, size_t pathsz)
{
	snprintf(path, pathsz, "%s/%s", t->path, file);
	mc_sync_export_info info;
	mc_error err = {0};
	if (mc_sync_export(s, peer, path, &info, &err) != MC_OK)
		fail_msg("export %s: %s", file, err.msg);
}

/* Imports a bundle file, first enrolling its signer's key for its unit as
 * an admin would after checking the fingerprint (tests/cli/sync.sh and
 * security.sh test the enrolment and the refusals themselves). */
static mc_status import(mc_store *s, const char *path, mc_sync_report *rep, mc_error *err)
{
	char *buf;
	size_t len;
	const unsigned char *inner;
	size_t n;
	char key[65];
	sync_bundle b;
	mc_error e2 = {0};
	if (mc_file_read(path, &buf, &len, &e2) == MC_OK) {
		if (sync_sign_unwrap((const unsigned char *)buf, len, path, &inner, &n, key, &e2) ==
			    MC_OK &&
		    sync_bundle_parse(inner, n, path, &b, &e2) == MC_OK) {
			store_sign_trust_add(s, b.unit, key, "2026-01-01 00:00:00", "test", &e2);
			sync_bundle_free(&b);
		}
		free(buf);
	}
	mc_status st = mc_sync_import(s, path, rep, err);
	return st;
}

/* Run SQL on a database file directly (what the lifecycle code will do,
 * or what a careless hand does). */
static void raw_sql(const char *db, const char *sql)
{
	sqlite3 *h;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	char *msg = NULL;
	if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(h);
}

/* A status change at an office, through the lifecycle. */
static void transfer(mc_store *s, const char *code)
{
	mc_step step = {.kind = MC_STEP_TRANSFER, .code = code, .user = "mai", .to = "Tư pháp"};
	mc_error err = {0};
	if (mc_dossier_step(s, &step, NULL, &err) != MC_OK)
		fail_msg("transfer %s: %s", code, err.msg);
}

/* Everything that must agree between two provincial databases, by natural
 * key (local ids differ with the order of imports). */
static char *dump(const char *db)
{
	sqlite3 *h;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(h,
		"SELECT group_concat(x, char(10)) FROM ("
		" SELECT d.code || '|' || d.unit_code || '|' || d.applicant_name || '|' || d.status"
		"  || '|' || d.received_at || '|' || d.due_at || '|' || p.code || '|' ||"
		"  (SELECT group_concat(name || received, ',') FROM dossier_documents"
		"   WHERE dossier_id = d.id) AS x"
		" FROM dossiers d JOIN procedures p ON p.id = d.procedure_id"
		" UNION ALL SELECT e.uid || '|' || d.code || '|' || e.action || '|' ||"
		"  coalesce(e.to_status, '') FROM dossier_events e JOIN dossiers d"
		"  ON d.id = e.dossier_id ORDER BY 1)", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	const char *t = (const char *)sqlite3_column_text(st, 0);
	char *out = strdup(t ? t : "");
	sqlite3_finalize(st);
	sqlite3_close(h);
	return out;
}

static int count(const char *db, const char *sql)
{
	sqlite3 *h;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

static int count_cb(const mc_dossier *d, void *ctx)
{
	(void)d;
	++*(int *)ctx;
	return 0;
}

static void expect_import(mc_store *s, const char *path, bool already)
{
	mc_sync_report rep;
	mc_error err = {0};
	if (import(s, path, &rep, &err) != MC_OK)
		fail_msg("import %s: %s", path, err.msg);
	if (rep.already_applied != already)
		fail_msg("import %s: already_applied %d", path, rep.already_applied);
	mc_sync_report_free(&rep);
}

static void test_two_offices_any_order_twice(void **state)
{
	(void)state;
	struct tdir t;
	tdir_make(&t);
	setenv("MOTCUA_NOW", "2026-03-02 09:00", 1);
	mc_store *a = make_db(&t, "a.db", UNIT_A, CSV, false);
	mc_store *b = make_db(&t, "b.db", UNIT_B, CSV, false);
	mc_dossier d;
	/* Both offices mint local ids 1, 2, ... and codes of the same day. */
	take_in(a, "Nguyễn Văn An", "2026-03-02 08:00", &d);
	take_in(a, "Trần Thị Bình", "2026-03-02 08:10", &d);
	take_in(a, "Lê Văn Cường", "2026-03-02 08:20", &d);
	take_in(b, "Phạm Thị Dung", "2026-03-02 08:00", &d);
	take_in(b, "Hoàng Văn Em", "2026-03-02 08:05", &d);
	char a1[400], b1[400];
	export_to(a, &t, "a1.bundle", NULL, a1, sizeof a1);
	export_to(b, &t, "b1.bundle", NULL, b1, sizeof b1);

	mc_store *p = make_db(&t, "p.db", UNIT_P, CSV, true);
	mc_store *q = make_db(&t, "q.db", UNIT_P, CSV, true);
	expect_import(p, a1, false);
	expect_import(p, b1, false);
	expect_import(p, a1, true);
	expect_import(p, b1, true);
	expect_import(q, b1, false);
	expect_import(q, a1, false);
	expect_import(q, b1, true);
	expect_import(q, a1, true);
	char pdb[400], qdb[400];
	snprintf(pdb, sizeof pdb, "%s/p.db", t.path);
	snprintf(qdb, sizeof qdb, "%s/q.db", t.path);
	char *dp = dump(pdb), *dq = dump(qdb);
	assert_string_equal(dp, dq);
	assert_int_equal(count(pdb, "SELECT count(*) FROM dossiers"), 5);
	assert_int_equal(count(pdb, "SELECT count(DISTINCT code) FROM dossiers"), 5);
	assert_int_equal(count(pdb, "SELECT count(*) FROM dossier_events"), 5);
	assert_int_equal(count(pdb, "SELECT count(*) FROM dossiers WHERE unit_code = '"
			 UNIT_B "'"), 2);
	assert_int_equal(count(pdb, "SELECT count(*) FROM dossier_documents"), 10);
	free(dp);
	free(dq);

	/* Later: office A takes in one more and moves one on; B does nothing. */
	setenv("MOTCUA_NOW", "2026-03-02 10:00", 1);
	take_in(a, "Đỗ Thị Giang", "2026-03-02 09:30", &d);
	transfer(a, UNIT_A "-260302-0001");
	char a2[400];
	export_to(a, &t, "a2.bundle", NULL, a2, sizeof a2);
	mc_sync_export_info info;
	mc_error err = {0};
	char b2[400];
	snprintf(b2, sizeof b2, "%s/b2.bundle", t.path);
	assert_int_equal(mc_sync_export(b, NULL, b2, &info, &err), MC_EEMPTY);
	assert_non_null(strstr(err.msg, "nothing changed"));
	assert_int_equal(access(b2, F_OK), -1);
	expect_import(p, a2, false);
	expect_import(q, a2, false);
	expect_import(q, a2, true);
	dp = dump(pdb);
	dq = dump(qdb);
	assert_string_equal(dp, dq);
	assert_int_equal(count(pdb, "SELECT count(*) FROM dossiers"), 6);
	assert_int_equal(count(pdb, "SELECT count(*) FROM dossiers WHERE code = '" UNIT_A
			 "-260302-0001' AND status = 'processing'"), 1);
	assert_int_equal(count(pdb, "SELECT count(*) FROM dossier_events e JOIN dossiers d ON"
			 " d.id = e.dossier_id WHERE d.code = '" UNIT_A "-260302-0001'"), 2);
	/* The province lists them per unit. */
	mc_dossier_filter f = {.unit = UNIT_A};
	int n = 0;
	assert_int_equal(mc_dossier_list(p, &f, count_cb, &n, &err), MC_OK);
	assert_int_equal(n, 4);
	free(dp);
	free(dq);
	mc_store_close(a);
	mc_store_close(b);
	mc_store_close(p);
	mc_store_close(q);
	unsetenv("MOTCUA_NOW");
	tdir_remove(&t);
}

static void same_counts(const mc_sync_counts *x, const mc_sync_counts *y)
{
	assert_int_equal(x->ntables, y->ntables);
	for (int i = 0; i < x->ntables; i++) {
		assert_string_equal(x->t[i].table, y->t[i].table);
		assert_int_equal(x->t[i].added, y->t[i].added);
		assert_int_equal(x->t[i].updated, y->t[i].updated);
		assert_int_equal(x->t[i].deleted, y->t[i].deleted);
	}
}

/* A later export reads only the rows written since the last one, from the
 * picture kept in the database, and says the same as the diff against the
 * picture rebuilt from every bundle sent (still used for a peer with no
 * kept picture, e.g. after the upgrade): same changes, same result at the
 * province. The old bundles are not read again (one damaged in sync_out
 * does not stop it). */
static void test_export_delta_matches_rebuild(void **state)
{
	(void)state;
	struct tdir t;
	tdir_make(&t);
	setenv("MOTCUA_NOW", "2026-03-02 09:00", 1);
	mc_store *a = make_db(&t, "a.db", UNIT_A, CSV, false);
	char adb[400], cdb[400], pdb[400], qdb[400];
	snprintf(adb, sizeof adb, "%s/a.db", t.path);
	snprintf(cdb, sizeof cdb, "%s/c.db", t.path);
	snprintf(pdb, sizeof pdb, "%s/p.db", t.path);
	snprintf(qdb, sizeof qdb, "%s/q.db", t.path);
	mc_dossier d;
	take_in(a, "Nguyễn Văn An", "2026-03-02 08:00", &d);
	take_in(a, "Trần Thị Bình", "2026-03-02 08:10", &d);
	take_in(a, "Lê Văn Cường", "2026-03-02 08:20", &d);
	/* No peer yet: the marking triggers are skipped (their WHEN clause),
	 * and the first export below still carries every row. */
	assert_int_equal(count(adb, "SELECT count(*) FROM sync_dirty"), 0);
	assert_int_equal(count(adb, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"
			 " AND name LIKE 'sync_dirty_%' AND sql LIKE '% WHEN EXISTS (SELECT 1 FROM"
			 " sync_peer WHERE kind = %'"), 18);
	char a1[400], a2[400], c2[400];
	export_to(a, &t, "a1.bundle", NULL, a1, sizeof a1);
	assert_int_equal(count(adb, "SELECT count(*) FROM sync_peer WHERE peer = 'province'"), 1);
	assert_int_equal(count(adb, "SELECT count(*) FROM sync_sent_dossiers"), 3);
	assert_int_equal(count(adb, "SELECT count(*) FROM sync_dirty"), 0);

	/* New, moved on, edited, a document struck off, one written back. */
	setenv("MOTCUA_NOW", "2026-03-02 10:00", 1);
	take_in(a, "Đỗ Thị Giang", "2026-03-02 09:30", &d);
	transfer(a, UNIT_A "-260302-0001");
	raw_sql(adb, "UPDATE dossiers SET address = 'Tổ 7' WHERE code = '" UNIT_A "-260302-0002'");
	raw_sql(adb, "DELETE FROM dossier_documents WHERE position = 2 AND dossier_id ="
		" (SELECT id FROM dossiers WHERE code = '" UNIT_A "-260302-0003')");
	raw_sql(adb, "UPDATE dossiers SET phone = phone WHERE code = '" UNIT_A "-260302-0003'");
	assert_int_equal(count(adb, "SELECT count(*) FROM sync_dirty WHERE tbl = 'dossiers'"), 4);

	/* The same database without its kept picture: rebuilt from sync_out. */
	char sql[600];
	snprintf(sql, sizeof sql, "VACUUM INTO '%s'", cdb);
	raw_sql(adb, sql);
	raw_sql(cdb, "DELETE FROM sync_peer; DELETE FROM sync_dirty");
	mc_store *c = open_store(cdb);
	/* ... while a's first bundle, which its export does not read, is spoilt. */
	raw_sql(adb, "UPDATE sync_out SET bundle = x'00'");

	mc_sync_export_info ia, ic;
	mc_error err = {0};
	snprintf(a2, sizeof a2, "%s/a2.bundle", t.path);
	snprintf(c2, sizeof c2, "%s/c2.bundle", t.path);
	if (mc_sync_export(a, NULL, a2, &ia, &err) != MC_OK)
		fail_msg("delta export: %s", err.msg);
	if (mc_sync_export(c, NULL, c2, &ic, &err) != MC_OK)
		fail_msg("rebuilt export: %s", err.msg);
	assert_int_equal(ia.seq, 2);
	assert_int_equal(ic.seq, 2);
	same_counts(&ia.counts, &ic.counts);
	int *k = sync_count(&ia.counts, "dossiers", "added");
	assert_int_equal(*k, 1);
	k = sync_count(&ia.counts, "dossiers", "updated");
	assert_int_equal(*k, 2);
	k = sync_count(&ia.counts, "dossier_documents", "deleted");
	assert_int_equal(*k, 1);
	assert_int_equal(count(adb, "SELECT count(*) FROM sync_dirty"), 0);
	assert_int_equal(count(adb, "SELECT count(*) FROM sync_sent_dossiers"), 4);
	assert_int_equal(count(adb, "SELECT count(*) FROM (SELECT * FROM dossier_documents"
			 " EXCEPT SELECT dossier_id, position, name, received FROM"
			 " sync_sent_dossier_documents)"), 0);

	mc_store *p = make_db(&t, "p.db", UNIT_P, CSV, true);
	mc_store *q = make_db(&t, "q.db", UNIT_P, CSV, true);
	expect_import(p, a1, false);
	expect_import(q, a1, false);
	expect_import(p, a2, false);
	expect_import(q, c2, false);
	char *dp = dump(pdb), *dq = dump(qdb);
	assert_string_equal(dp, dq);
	free(dp);
	free(dq);
	assert_int_equal(count(pdb, "SELECT count(*) FROM dossiers WHERE address = 'Tổ 7'"), 1);
	assert_int_equal(count(pdb, "SELECT count(*) FROM dossier_documents"), 7);

	/* A later schema step adds a column: every row the province holds is
	 * compared once, as the rebuilt picture (NULL there) would be. */
	raw_sql(adb, "ALTER TABLE dossiers ADD COLUMN test_channel TEXT NOT NULL DEFAULT 'counter'");
	raw_sql(cdb, "ALTER TABLE dossiers ADD COLUMN test_channel TEXT NOT NULL DEFAULT 'counter'");
	raw_sql(cdb, "DELETE FROM sync_peer; DELETE FROM sync_dirty");
	snprintf(a2, sizeof a2, "%s/a3.bundle", t.path);
	snprintf(c2, sizeof c2, "%s/c3.bundle", t.path);
	if (mc_sync_export(a, NULL, a2, &ia, &err) != MC_OK)
		fail_msg("delta export after a new column: %s", err.msg);
	if (mc_sync_export(c, NULL, c2, &ic, &err) != MC_OK)
		fail_msg("rebuilt export after a new column: %s", err.msg);
	same_counts(&ia.counts, &ic.counts);
	k = sync_count(&ia.counts, "dossiers", "updated");
	assert_int_equal(*k, 4);

	/* Nothing since: exit 3 at both, and nothing left marked. */
	snprintf(a2, sizeof a2, "%s/a4.bundle", t.path);
	assert_int_equal(mc_sync_export(a, NULL, a2, &ia, &err), MC_EEMPTY);
	assert_int_equal(mc_sync_export(c, NULL, a2, &ic, &err), MC_EEMPTY);
	mc_store_close(a);
	mc_store_close(c);
	mc_store_close(p);
	mc_store_close(q);
	unsetenv("MOTCUA_NOW");
	tdir_remove(&t);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc(*len + 1);
	assert_int_equal(fread(buf, 1, *len, f), *len);
	fclose(f);
	return buf;
}

/* s trusts its own key for unit: bundles below are signed with it, so
 * that their own damage is what is tested. */
static void trust_self(mc_store *s, const char *unit)
{
	mc_sync_key k;
	mc_error err = {0};
	assert_int_equal(mc_sync_key_get(s, &k, &err), MC_OK);
	assert_int_equal(store_sign_trust_add(s, unit, k.public_key, "2026-01-01 00:00:00", "test",
					      &err), MC_OK);
}

/* Imports bundle bytes (not a file) signed with s's own key. */
static mc_status import_buf(mc_store *s, const char *buf, size_t len, mc_error *err)
{
	mc_sync_report rep;
	unsigned char *signed_bytes;
	size_t n;
	assert_int_equal(sync_sign_wrap(s, (const unsigned char *)buf, len, &signed_bytes, &n, err),
			 MC_OK);
	mc_status st = mc_sync_import_buffer(s, signed_bytes, n, "x.bundle", &rep, err);
	free(signed_bytes);
	mc_sync_report_free(&rep);
	return st;
}

static void test_refusals(void **state)
{
	(void)state;
	struct tdir t;
	tdir_make(&t);
	setenv("MOTCUA_NOW", "2026-03-02 09:00", 1);
	mc_store *a = make_db(&t, "a.db", UNIT_A, CSV, false);
	mc_store *p = make_db(&t, "p.db", UNIT_P, CSV, true);
	mc_dossier d;
	take_in(a, "Nguyễn Văn An", "2026-03-02 08:00", &d);
	char a1[400], a2[400], pdb[400];
	export_to(a, &t, "a1.bundle", NULL, a1, sizeof a1);
	take_in(a, "Trần Thị Bình", "2026-03-02 08:10", &d);
	export_to(a, &t, "a2.bundle", NULL, a2, sizeof a2);
	snprintf(pdb, sizeof pdb, "%s/p.db", t.path);
	mc_error err = {0};
	size_t len;
	char *buf = slurp(a1, &len);
	/* The bundle out of its signed envelope: the cases below damage the
	 * bundle itself, signed again (tests/cli/security.sh damages signed
	 * files and forges signatures). */
	char *inner = strstr(buf, "\n\n") + 2;
	len -= (size_t)(inner - buf);
	memmove(buf, inner, len + 1);
	trust_self(p, UNIT_A);

	/* Out of sequence: 2 before 1. */
	mc_sync_report rep;
	assert_int_equal(import(p, a2, &rep, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "out of sequence: expected 1, got 2"));
	/* Damaged: one payload byte flipped, then cut short, then the header's
	 * sequence number changed. */
	buf[len - 3] ^= 0x20;
	assert_int_equal(import_buf(p, buf, len, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "damaged"));
	assert_non_null(strstr(err.msg, "checksum"));
	buf[len - 3] ^= 0x20;
	assert_int_equal(import_buf(p, buf, len - 10, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "cut short"));
	char *seq = strstr(buf, "seq: 1");
	assert_non_null(seq);
	seq[5] = '2';
	assert_int_equal(import_buf(p, buf, len, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "checksum"));
	seq[5] = '1';
	/* Foreign: not a bundle at all; a bundle addressed elsewhere; an
	 * office's own bundle; a dossier bundle at an office. */
	assert_int_equal(import_buf(p, "SQLite format 3\0junk", 20, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "not a motcua sync bundle"));
	char other[400];
	snprintf(other, sizeof other, "%s/o.bundle", t.path);
	mc_sync_export_info info;
	mc_store *c = make_db(&t, "c.db", "000.99.99.H56", CSV, false);
	take_in(c, "Vũ Văn Hải", "2026-03-02 08:00", &d);
	assert_int_equal(mc_sync_export(c, "000.11.11.H11", other, &info, &err), MC_OK);
	assert_int_equal(import(p, other, &rep, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "foreign"));
	assert_non_null(strstr(err.msg, "000.11.11.H11"));
	assert_int_equal(import(a, a1, &rep, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "this very database"));
	assert_int_equal(import(c, a1, &rep, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "this database is an office"));
	/* Nothing of any refused bundle was written. */
	assert_int_equal(count(pdb, "SELECT count(*) FROM dossiers"), 0);
	assert_int_equal(count(pdb, "SELECT count(*) FROM sync_in"), 0);
	/* In order they apply. A bundle needing a procedure the province lacks
	 * is refused whole. */
	expect_import(p, a1, false);
	expect_import(p, a2, false);
	assert_int_equal(count(pdb, "SELECT count(*) FROM dossiers"), 2);
	/* The same number with other content (an office restored from a
	 * backup): refused, naming the cause. */
	mc_store *a_again = make_db(&t, "a-restored.db", UNIT_A, CSV, false);
	take_in(a_again, "Người Khác", "2026-03-02 08:00", &d);
	char x1[400];
	export_to(a_again, &t, "x1.bundle", NULL, x1, sizeof x1);
	assert_int_equal(import(p, x1, &rep, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "already applied"));
	assert_non_null(strstr(err.msg, "differs"));
	free(buf);
	mc_store_close(a);
	mc_store_close(a_again);
	mc_store_close(c);
	mc_store_close(p);
	unsetenv("MOTCUA_NOW");
	tdir_remove(&t);
}

static bool has_conflict(const mc_sync_report *r, const char *a, const char *b)
{
	for (size_t i = 0; i < r->nconflicts; i++)
		if (strstr(r->conflicts[i], a) && strstr(r->conflicts[i], b))
			return true;
	return false;
}

static void test_conflicts_listed(void **state)
{
	(void)state;
	struct tdir t;
	tdir_make(&t);
	setenv("MOTCUA_NOW", "2026-03-02 09:00", 1);
	mc_store *a = make_db(&t, "a.db", UNIT_A, CSV, false);
	mc_store *p = make_db(&t, "p.db", UNIT_P, CSV, true);
	char adb[400], pdb[400];
	snprintf(adb, sizeof adb, "%s/a.db", t.path);
	snprintf(pdb, sizeof pdb, "%s/p.db", t.path);
	mc_dossier d;
	take_in(a, "Nguyễn Văn An", "2026-03-02 08:00", &d);
	char a1[400], a2[400];
	export_to(a, &t, "a1.bundle", NULL, a1, sizeof a1);
	expect_import(p, a1, false);
	/* The province edits the phone; the office edits it too. */
	raw_sql(pdb, "UPDATE dossiers SET phone = '0900000001'");
	raw_sql(adb, "UPDATE dossiers SET phone = '0900000002', address = 'Tổ 7'");
	/* A status set without its event: the history decides. */
	raw_sql(adb, "UPDATE dossiers SET status = 'returned' WHERE unit_code = '" UNIT_A "'");
	export_to(a, &t, "a2.bundle", NULL, a2, sizeof a2);
	mc_sync_report rep;
	mc_error err = {0};
	assert_int_equal(import(p, a2, &rep, &err), MC_OK);
	assert_true(has_conflict(&rep, UNIT_A "-260302-0001", "phone also changed here"));
	assert_false(has_conflict(&rep, UNIT_A "-260302-0001", "address also"));
	assert_true(has_conflict(&rep, UNIT_A "-260302-0001", "history ends at accepted"));
	mc_sync_report_free(&rep);
	assert_int_equal(count(pdb, "SELECT count(*) FROM dossiers WHERE phone = '0900000002'"
			 " AND address = 'Tổ 7' AND status = 'accepted'"), 1);
	assert_int_equal(count(pdb, "SELECT count(*) FROM dossiers"), 1);
	assert_int_equal(count(pdb, "SELECT count(*) FROM sync_conflicts"), 2);
	/* A dossier of a unit that is not the office's own: the bundle is
	 * refused whole (issue 15: it could take that unit's codes). */
	raw_sql(adb, "INSERT INTO dossiers(code, unit_code, procedure_id, procedure_code,"
		" procedure_name, deadline, deadline_unit, applicant_name, applicant_name_fold,"
		" status, received_at, entered_at, due_at, received_by, form_set, updated_at)"
		" SELECT '000.55.55.H56-260302-0001', '000.55.55.H56', procedure_id, procedure_code,"
		" procedure_name, deadline, deadline_unit, 'Khách Lạ', 'khach la', status,"
		" received_at, entered_at, due_at, received_by, form_set, updated_at FROM dossiers");
	char a3[400];
	export_to(a, &t, "a3.bundle", NULL, a3, sizeof a3);
	assert_int_equal(import(p, a3, &rep, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "carries dossier 000.55.55.H56-260302-0001, whose code is "
				       "not of that unit"));
	assert_int_equal(count(pdb, "SELECT count(*) FROM dossiers"), 1);
	mc_store_close(a);
	mc_store_close(p);
	unsetenv("MOTCUA_NOW");
	tdir_remove(&t);
}

static void test_history_append_only_and_uids(void **state)
{
	(void)state;
	struct tdir t;
	tdir_make(&t);
	setenv("MOTCUA_NOW", "2026-03-02 09:00", 1);
	mc_store *a = make_db(&t, "a.db", UNIT_A, CSV, false);
	mc_dossier d;
	take_in(a, "Nguyễn Văn An", "2026-03-02 08:00", &d);
	char adb[400];
	snprintf(adb, sizeof adb, "%s/a.db", t.path);
	assert_int_equal(count(adb, "SELECT count(*) FROM dossier_events WHERE uid = '" UNIT_A
			 "/' || id"), 1);
	sqlite3 *h;
	assert_int_equal(sqlite3_open(adb, &h), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(h, "UPDATE dossier_events SET note = 'x'", NULL, NULL,
					  NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(h, "UPDATE dossier_events SET uid = 'other/1'", NULL,
					  NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(h, "DELETE FROM dossier_events", NULL, NULL, NULL),
			     SQLITE_OK);
	assert_non_null(strstr(sqlite3_errmsg(h), "append-only"));
	sqlite3_close(h);
	mc_store_close(a);
	unsetenv("MOTCUA_NOW");
	tdir_remove(&t);
}

static void test_reference_to_office(void **state)
{
	(void)state;
	struct tdir t;
	tdir_make(&t);
	setenv("MOTCUA_NOW", "2026-03-02 09:00", 1);
	mc_store *a = make_db(&t, "a.db", UNIT_A, CSV, false);
	mc_store *p = make_db(&t, "p.db", UNIT_P, CSV2, true);
	mc_error err = {0};
	mc_holiday h = {.day = mc_date_from_ymd(2026, 4, 27), .kind = MC_DAY_OFF,
			.note = "Giỗ Tổ Hùng Vương"};
	assert_int_equal(mc_holiday_add(p, &h, &err), MC_OK);
	char r1[400], r2[400], wrong[400];
	mc_sync_export_info info;
	snprintf(r1, sizeof r1, "%s/r1.bundle", t.path);
	assert_int_equal(mc_sync_export(p, NULL, r1, &info, &err), MC_EUSAGE);
	assert_non_null(strstr(err.msg, "--peer"));
	export_to(p, &t, "r1.bundle", UNIT_A, r1, sizeof r1);
	export_to(p, &t, "wrong.bundle", UNIT_B, wrong, sizeof wrong);
	mc_sync_report rep;
	assert_int_equal(import(a, wrong, &rep, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "foreign"));
	expect_import(a, r1, false);
	expect_import(a, r1, true);
	mc_procedure proc;
	assert_int_equal(mc_catalog_get(a, "1.004873", &proc, &err), MC_OK);
	assert_true(proc.deadline == 5);
	assert_int_equal(proc.ndocuments, 3);
	assert_int_equal(mc_catalog_get(a, "1.000894", &proc, &err), MC_OK);
	mc_holiday *list;
	size_t n;
	assert_int_equal(mc_holiday_list(a, INT32_MIN, INT32_MAX, &list, &n, &err), MC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].note, "Giỗ Tổ Hùng Vương");
	free(list);
	/* The province drops the holiday and shortens a document list. */
	assert_int_equal(mc_holiday_del(p, h.day, &err), MC_OK);
	char csvpath[400];
	tdir_write(&t, "c3.csv", CSV, csvpath, sizeof csvpath);
	mc_import_stats ist;
	assert_int_equal(mc_catalog_import(p, csvpath, NULL, &ist, &err), MC_OK);
	export_to(p, &t, "r2.bundle", UNIT_A, r2, sizeof r2);
	expect_import(a, r2, false);
	assert_int_equal(mc_holiday_list(a, INT32_MIN, INT32_MAX, &list, &n, &err), MC_OK);
	assert_int_equal(n, 0);
	free(list);
	assert_int_equal(mc_catalog_get(a, "1.004873", &proc, &err), MC_OK);
	assert_int_equal(proc.ndocuments, 2);
	/* Written again byte for byte. */
	char again[400];
	snprintf(again, sizeof again, "%s/again.bundle", t.path);
	assert_int_equal(mc_sync_export_again(p, UNIT_A, 1, again, &info, &err), MC_OK);
	size_t l1, l2;
	char *x = slurp(r1, &l1), *y = slurp(again, &l2);
	assert_int_equal(l1, l2);
	assert_memory_equal(x, y, l1);
	free(x);
	free(y);
	mc_store_close(a);
	mc_store_close(p);
	unsetenv("MOTCUA_NOW");
	tdir_remove(&t);
}

/* A bundle with a correct checksum but a crafted changeset (SQLite 3.40's
 * own parser loops on this one) is refused as damaged before SQLite reads
 * it. */
static void test_crafted_changeset_refused(void **state)
{
	(void)state;
	struct tdir t;
	tdir_make(&t);
	mc_store *p = make_db(&t, "p.db", UNIT_P, CSV, true);
	static const char *const cols[] = {"id", "code"};
	sync_bundle b;
	memset(&b, 0, sizeof b);
	snprintf(b.kind, sizeof b.kind, "dossiers");
	snprintf(b.unit, sizeof b.unit, UNIT_A);
	snprintf(b.peer, sizeof b.peer, "province");
	snprintf(b.created, sizeof b.created, "2026-03-02 09:00:00");
	b.seq = 1;
	b.schema = 4;
	b.ntables = 1;
	snprintf(b.tables[0].name, sizeof b.tables[0].name, "dossiers");
	b.tables[0].ncols = 2;
	b.tables[0].cols[0] = cols[0];
	b.tables[0].cols[1] = cols[1];
	static const unsigned char bad[][24] = {
		{'T', 0xed, 0x01, 0, 0, 0, 0},                       /* 13,953 columns */
		{'T', 2, 1, 0, 'd', 'o', 's', 's', 'i', 'e', 'r', 's', 0, 18, 0, 1, 0, 0, 0},
		{'T', 2, 1, 0, 'd', 'o', 's', 's', 'i', 'e', 'r', 's', 0, 18, 0, 3, 0x7f},
		{'T', 2, 1, 0, 'x', 0, 18, 0, 5, 5},
	};
	static const size_t lens[] = {7, 19, 17, 10};
	for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		unsigned char *buf;
		size_t len;
		mc_error err = {0};
		assert_int_equal(sync_bundle_format(&b, bad[i], lens[i], &buf, &len, &err), MC_OK);
		mc_sync_report rep;
		unsigned char *sb;
		size_t sn;
		trust_self(p, UNIT_A);
		assert_int_equal(sync_sign_wrap(p, buf, len, &sb, &sn, &err), MC_OK);
		assert_int_equal(mc_sync_import_buffer(p, sb, sn, "crafted", &rep, &err), MC_EDATA);
		assert_non_null(strstr(err.msg, "crafted is damaged"));
		free(sb);
		free(buf);
	}
	mc_store_close(p);
	tdir_remove(&t);
}

/* A dossiers bundle made by hand: office a's dossiers and events as its
 * rows are, plus what extra (SQL on that copy: "main.dossiers",
 * "main.dossier_events") changes, captured as one changeset. */
static mc_status import_crafted(mc_store *p, const char *adb, const char *extra, int64_t seq,
				mc_sync_report *rep, mc_error *err)
{
	static const char *const tables[] = {"dossiers", "dossier_events"};
	static char names[2][SYNC_MAX_COLS][64];
	sqlite3 *h;
	assert_int_equal(sqlite3_open(":memory:", &h), SQLITE_OK);
	char *sql = sqlite3_mprintf("ATTACH %Q AS o", adb);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_free(sql);
	sync_bundle b;
	memset(&b, 0, sizeof b);
	sqlite3_session *ses;
	assert_int_equal(sqlite3session_create(h, "main", &ses), SQLITE_OK);
	for (int t = 0; t < 2; t++) {
		sqlite3_stmt *st;
		sql = sqlite3_mprintf("SELECT name FROM pragma_table_info(%Q, 'o')", tables[t]);
		assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
		sqlite3_free(sql);
		sync_table *bt = &b.tables[t];
		snprintf(bt->name, sizeof bt->name, "%s", tables[t]);
		sqlite3_str *ddl = sqlite3_str_new(NULL);
		sqlite3_str_appendf(ddl, "CREATE TABLE main.%s(id INTEGER PRIMARY KEY", tables[t]);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *c = (const char *)sqlite3_column_text(st, 0);
			snprintf(names[t][bt->ncols], sizeof names[t][0], "%s", c);
			bt->cols[bt->ncols] = names[t][bt->ncols];
			bt->ncols++;
			if (strcmp(c, "id") != 0)
				sqlite3_str_appendf(ddl, ", \"%w\"", c);
		}
		sqlite3_finalize(st);
		sqlite3_str_appendall(ddl, ")");
		sql = sqlite3_str_finish(ddl);
		assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
		sqlite3_free(sql);
		assert_int_equal(sqlite3session_attach(ses, tables[t]), SQLITE_OK);
		sql = sqlite3_mprintf("INSERT INTO main.%s SELECT * FROM o.%s", tables[t], tables[t]);
		assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
		sqlite3_free(sql);
	}
	if (sqlite3_exec(h, extra, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s: %s", extra, sqlite3_errmsg(h));
	int n;
	void *cs;
	assert_int_equal(sqlite3session_changeset(ses, &n, &cs), SQLITE_OK);
	sqlite3session_delete(ses);
	sqlite3_close(h);
	snprintf(b.kind, sizeof b.kind, "dossiers");
	snprintf(b.unit, sizeof b.unit, UNIT_A);
	snprintf(b.peer, sizeof b.peer, "province");
	snprintf(b.created, sizeof b.created, "2026-03-02 09:00:00");
	b.seq = seq;
	b.schema = mc_store_schema_version();
	b.has_chain = true;   /* heads are not what is tested here */
	memset(b.chain_hash, '0', 64);
	memset(b.chain_prev_hash, '0', 64);
	b.ntables = 2;
	unsigned char *buf, *sb;
	size_t len, sn;
	assert_int_equal(sync_bundle_format(&b, cs, (size_t)n, &buf, &len, err), MC_OK);
	sqlite3_free(cs);
	trust_self(p, UNIT_A);
	assert_int_equal(sync_sign_wrap(p, buf, len, &sb, &sn, err), MC_OK);
	mc_status r = mc_sync_import_buffer(p, sb, sn, "crafted", rep, err);
	free(sb);
	free(buf);
	return r;
}

static int added(const mc_sync_report *r, const char *table, const char *which)
{
	for (int i = 0; i < r->counts.ntables; i++)
		if (strcmp(r->counts.t[i].table, table) == 0)
			return strcmp(which, "added") == 0 ? r->counts.t[i].added
							    : r->counts.t[i].skipped;
	return -1;
}

/* Events are added many to one INSERT (issue 16): one bundle holding the
 * same uid twice still adds the first and keeps it against the second. */
static void test_same_uid_twice_in_a_bundle(void **state)
{
	(void)state;
	struct tdir t;
	tdir_make(&t);
	setenv("MOTCUA_NOW", "2026-03-02 09:00", 1);
	mc_store *a = make_db(&t, "a.db", UNIT_A, CSV, false);
	mc_store *p = make_db(&t, "p.db", UNIT_P, CSV, true);
	char adb[400], pdb[400];
	snprintf(adb, sizeof adb, "%s/a.db", t.path);
	snprintf(pdb, sizeof pdb, "%s/p.db", t.path);
	mc_dossier d;
	take_in(a, "Nguyễn Văn An", "2026-03-02 08:00", &d);
	transfer(a, d.code);
	mc_sync_report rep;
	mc_error err = {0};
	assert_int_equal(import_crafted(p, adb,
					"CREATE TEMP TABLE y AS SELECT * FROM main.dossier_events"
					" WHERE id = 1; UPDATE y SET id = 9, note = 'khác';"
					" INSERT INTO main.dossier_events SELECT * FROM y",
					1, &rep, &err), MC_OK);
	assert_int_equal(added(&rep, "dossier_events", "added"), 2);
	assert_int_equal(added(&rep, "dossier_events", "skipped"), 1);
	assert_true(has_conflict(&rep, UNIT_A "/1", "another event with this uid"));
	mc_sync_report_free(&rep);
	assert_int_equal(count(pdb, "SELECT count(*) FROM dossier_events WHERE note = 'khác'"), 0);
	assert_int_equal(count(pdb, "SELECT count(*) FROM dossier_events"), 2);
	mc_store_close(a);
	mc_store_close(p);
	unsetenv("MOTCUA_NOW");
	tdir_remove(&t);
}

/* The name index at the province (issue 16): a first load indexes the
 * dossiers it adds in one go, with the index's insert trigger set aside
 * meanwhile; the dossier changed in the same bundle (here a second row
 * with the same code) leaves the index right, a refused bundle leaves the
 * trigger as it was, and so does a bundle applied. */
/* A first load takes shortcuts for the dossiers it adds (documents added
 * by batches without a look-up, status not read back when the history
 * agrees): the same database where a stray row turns them off must end
 * the same, with the same counts and conflicts. */
static void test_fresh_dossiers_shortcuts(void **state)
{
	(void)state;
	struct tdir t;
	tdir_make(&t);
	setenv("MOTCUA_NOW", "2026-03-02 09:00", 1);
	mc_store *a = make_db(&t, "a.db", UNIT_A, CSV, false);
	char adb[400], pdb[400], qdb[400];
	snprintf(adb, sizeof adb, "%s/a.db", t.path);
	snprintf(pdb, sizeof pdb, "%s/p.db", t.path);
	snprintf(qdb, sizeof qdb, "%s/q.db", t.path);
	mc_dossier d;
	for (int i = 0; i < 140; i++) {
		static const char *const names[] = {"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"};
		char at[32];
		if (i < 50)
			snprintf(at, sizeof at, "2026-03-02 08:%02d", i);
		else
			snprintf(at, sizeof at, "2026-03-01 %02d:%02d", 8 + (i - 50) / 60, (i - 50) % 60);
		take_in(a, names[i % 3], at, &d);
	}
	transfer(a, UNIT_A "-260302-0003");
	/* Statuses set without their events: the history decides. */
	raw_sql(adb, "UPDATE dossiers SET status = 'returned' WHERE code IN ('" UNIT_A
		"-260302-0007', '" UNIT_A "-260302-0003')");
	int ndocs = count(adb, "SELECT count(*) FROM dossier_documents");
	assert_true(ndocs > 128);
	char a1[400];
	export_to(a, &t, "a1.bundle", NULL, a1, sizeof a1);
	mc_store *p = make_db(&t, "p.db", UNIT_P, CSV, true);
	mc_store *q = make_db(&t, "q.db", UNIT_P, CSV, true);
	/* A document naming no dossier yet, above every id: no shortcut at q. */
	raw_sql(qdb, "INSERT INTO dossier_documents(dossier_id, position, name) VALUES (9999, 1, 'x')");
	mc_sync_report rp, rq;
	mc_error err = {0};
	assert_int_equal(import(p, a1, &rp, &err), MC_OK);
	assert_int_equal(import(q, a1, &rq, &err), MC_OK);
	same_counts(&rp.counts, &rq.counts);
	assert_int_equal(*sync_count(&rp.counts, "dossier_documents", "added"), ndocs);
	assert_int_equal(rp.nconflicts, 2);
	assert_int_equal(rq.nconflicts, 2);
	for (size_t i = 0; i < rp.nconflicts; i++)
		assert_string_equal(rp.conflicts[i], rq.conflicts[i]);
	assert_true(has_conflict(&rp, UNIT_A "-260302-0007", "history ends at accepted"));
	assert_true(has_conflict(&rp, UNIT_A "-260302-0003", "history ends at processing"));
	mc_sync_report_free(&rp);
	mc_sync_report_free(&rq);
	raw_sql(qdb, "DELETE FROM dossier_documents WHERE dossier_id = 9999");
	char *dp = dump(pdb), *dq = dump(qdb);
	assert_string_equal(dp, dq);
	free(dp);
	free(dq);
	assert_int_equal(count(pdb, "SELECT count(*) FROM dossiers WHERE status = 'returned'"), 0);
	assert_int_equal(count(pdb, "SELECT count(*) FROM dossier_documents"), ndocs);
	mc_store_close(a);
	mc_store_close(p);
	mc_store_close(q);
	unsetenv("MOTCUA_NOW");
	tdir_remove(&t);
}

static void test_name_index_after_import(void **state)
{
	(void)state;
	struct tdir t;
	tdir_make(&t);
	setenv("MOTCUA_NOW", "2026-03-02 09:00", 1);
	mc_store *a = make_db(&t, "a.db", UNIT_A, CSV, false);
	mc_store *p = make_db(&t, "p.db", UNIT_P, CSV, true);
	char adb[400], pdb[400];
	snprintf(adb, sizeof adb, "%s/a.db", t.path);
	snprintf(pdb, sizeof pdb, "%s/p.db", t.path);
	mc_dossier d;
	take_in(a, "Nguyễn Văn An", "2026-03-02 08:00", &d);
	static const char trig[] = "SELECT count(*) FROM sqlite_schema WHERE name = 'dossiers_fts_ins'"
				   " AND sql = 'CREATE TRIGGER dossiers_fts_ins AFTER INSERT ON dossiers"
				   " BEGIN  INSERT INTO dossier_fts(rowid, applicant_name_fold)  VALUES"
				   " (new.id, new.applicant_name_fold); END'";
	assert_int_equal(count(pdb, trig), 1);
	mc_sync_report rep;
	mc_error err = {0};
	/* Refused half way (a procedure the province lacks): nothing changed. */
	assert_int_equal(import_crafted(p, adb, "UPDATE main.dossiers SET procedure_code = '9.999999'",
					1, &rep, &err), MC_EDATA);
	if (!strstr(err.msg, "9.999999"))
		fail_msg("[%s] %d", err.msg, err.code);
	assert_int_equal(count(pdb, trig), 1);
	assert_int_equal(count(pdb, "SELECT count(*) FROM dossiers"), 0);
	/* The same code twice under two remote ids: added, then changed. */
	assert_int_equal(import_crafted(p, adb,
					"CREATE TEMP TABLE x AS SELECT * FROM main.dossiers;"
					" UPDATE x SET id = 2, applicant_name = 'Trần Thị Bình',"
					" applicant_name_fold = 'tran thi binh';"
					" INSERT INTO main.dossiers SELECT * FROM x",
					1, &rep, &err), MC_OK);
	assert_true(has_conflict(&rep, UNIT_A "-260302-0001", "applicant_name"));
	mc_sync_report_free(&rep);
	assert_int_equal(count(pdb, trig), 1);
	assert_int_equal(count(pdb, "SELECT count(*) FROM dossiers"), 1);
	assert_int_equal(count(pdb, "SELECT count(*) FROM dossier_fts WHERE dossier_fts MATCH 'tran'"),
			 1);
	assert_int_equal(count(pdb, "SELECT count(*) FROM dossier_fts WHERE dossier_fts MATCH"
			 " 'nguyen'"), 0);
	/* Later bundles, and the trigger itself, keep indexing. */
	take_in(a, "Lê Văn Cường", "2026-03-02 08:10", &d);
	take_in(a, "Lê Thị Dung", "2026-03-02 08:20", &d);
	assert_int_equal(import_crafted(p, adb, "SELECT 1", 2, &rep, &err), MC_OK);
	mc_sync_report_free(&rep);
	int found = 0;
	assert_int_equal(mc_dossier_find(p, "le", 10, count_cb, &found, &err), MC_OK);
	assert_int_equal(found, 2);
	raw_sql(pdb, "INSERT INTO dossiers(code, unit_code, procedure_id, procedure_code,"
		" procedure_name, deadline, deadline_unit, applicant_name, applicant_name_fold,"
		" status, received_at, entered_at, due_at, received_by, form_set, updated_at)"
		" SELECT '" UNIT_P "-260302-0001', '" UNIT_P "', procedure_id, procedure_code,"
		" procedure_name, deadline, deadline_unit, 'Phạm Văn Em', 'pham van em', status,"
		" received_at, entered_at, due_at, received_by, form_set, updated_at FROM dossiers"
		" LIMIT 1");
	assert_int_equal(count(pdb, "SELECT count(*) FROM dossier_fts WHERE dossier_fts MATCH 'pham'"),
			 1);
	mc_store_close(a);
	mc_store_close(p);
	unsetenv("MOTCUA_NOW");
	tdir_remove(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_offices_any_order_twice),
		cmocka_unit_test(test_export_delta_matches_rebuild),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_conflicts_listed),
		cmocka_unit_test(test_history_append_only_and_uids),
		cmocka_unit_test(test_reference_to_office),
		cmocka_unit_test(test_crafted_changeset_refused),
		cmocka_unit_test(test_name_index_after_import),
		cmocka_unit_test(test_same_uid_twice_in_a_bundle),
		cmocka_unit_test(test_fresh_dossiers_shortcuts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
