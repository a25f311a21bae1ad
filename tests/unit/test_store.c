/* Store: creation, migrations, refusing newer or foreign files untouched. */
#include "testutil.h"
#include "store_internal.h"

#include <sqlite3.h>
#include <sys/stat.h>

static void file_digest(const char *path, unsigned long *sum, long *size)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	unsigned long h = 5381;
	long n = 0;
	int c;
	while ((c = fgetc(f)) != EOF) {
		h = h * 33 + (unsigned long)c;
		n++;
	}
	fclose(f);
	*sum = h;
	*size = n;
}

static int pragma(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void test_new_database_is_migrated(void **state)
{
	(void)state;
	struct tdir t;
	tdir_make(&t);
	mc_store *s = open_store(t.db);
	mc_store_close(s);
	assert_int_equal(pragma(t.db, "PRAGMA user_version"), mc_store_schema_version());
	assert_int_equal(pragma(t.db, "PRAGMA application_id"), 0x4d435541);
	assert_int_equal(pragma(t.db, "SELECT count(*) FROM sqlite_schema WHERE name IN "
				      "('office','procedures','procedure_documents','dossiers',"
				      "'dossier_events','users','counters','holidays','settings')"), 9);
	struct stat sb;
	assert_int_equal(stat(t.db, &sb), 0);
	assert_int_equal(sb.st_mode & 0007, 0);   /* no access for others */
	/* Re-opening an up-to-date file works and keeps the version. */
	s = open_store(t.db);
	mc_store_close(s);
	assert_int_equal(pragma(t.db, "PRAGMA user_version"), mc_store_schema_version());
	tdir_remove(&t);
}

static void test_wal_mode(void **state)
{
	(void)state;
	struct tdir t;
	tdir_make(&t);
	mc_store_close(open_store(t.db));
	sqlite3 *db;
	assert_int_equal(sqlite3_open(t.db, &db), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	sqlite3_close(db);
	tdir_remove(&t);
}

static void test_newer_schema_refused_untouched(void **state)
{
	(void)state;
	struct tdir t;
	tdir_make(&t);
	mc_store_close(open_store(t.db));
	sqlite3 *db;
	assert_int_equal(sqlite3_open(t.db, &db), SQLITE_OK);
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA journal_mode=DELETE; PRAGMA user_version=%d",
		 mc_store_schema_version() + 1);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	unsigned long before, after;
	long sb, sa;
	file_digest(t.db, &before, &sb);
	mc_store *s = NULL;
	mc_error err = {0};
	assert_int_equal(mc_store_open(t.db, &s, &err), MC_EDATA);
	assert_null(s);
	assert_non_null(strstr(err.msg, "newer motcua"));
	assert_non_null(strstr(err.msg, t.db));
	file_digest(t.db, &after, &sa);
	assert_int_equal(before, after);
	assert_int_equal(sb, sa);
	tdir_remove(&t);
}

static void test_foreign_sqlite_refused_untouched(void **state)
{
	(void)state;
	struct tdir t;
	tdir_make(&t);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(t.db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE accounts(id INTEGER, owner TEXT);"
					  "INSERT INTO accounts VALUES(1,'x');", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	unsigned long before, after;
	long sb, sa;
	file_digest(t.db, &before, &sb);
	mc_store *s = NULL;
	mc_error err = {0};
	assert_int_equal(mc_store_open(t.db, &s, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "another program"));
	file_digest(t.db, &after, &sa);
	assert_int_equal(before, after);
	assert_int_equal(sb, sa);
	char wal[320];
	snprintf(wal, sizeof wal, "%s-wal", t.db);
	assert_int_not_equal(access(wal, F_OK), 0);
	tdir_remove(&t);
}

static void test_not_sqlite_refused_untouched(void **state)
{
	(void)state;
	struct tdir t;
	tdir_make(&t);
	char path[300];
	tdir_write(&t, "notes.db", "Danh sách hồ sơ tháng 11\nthis is a text file, not SQLite\n"
				   "padding padding padding padding padding padding padding\n",
		   path, sizeof path);
	unsigned long before, after;
	long sb, sa;
	file_digest(path, &before, &sb);
	mc_store *s = NULL;
	mc_error err = {0};
	assert_int_equal(mc_store_open(path, &s, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "not a motcua database"));
	file_digest(path, &after, &sa);
	assert_int_equal(before, after);
	assert_int_equal(sb, sa);
	tdir_remove(&t);
}

static void test_office_and_settings(void **state)
{
	(void)state;
	struct tdir t;
	tdir_make(&t);
	mc_store *s = open_store(t.db);
	mc_error err = {0};
	mc_office o;
	assert_int_equal(mc_store_office_get(s, &o, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "motcua init"));
	mc_office w = {"000.17.22.H56", "UBND xã Quảng Phú"};
	assert_int_equal(mc_store_office_set(s, &w, &err), MC_OK);
	assert_int_equal(mc_store_office_get(s, &o, &err), MC_OK);
	assert_string_equal(o.unit_code, "000.17.22.H56");
	assert_string_equal(o.name, "UBND xã Quảng Phú");
	char buf[64];
	assert_int_equal(mc_store_setting_get(s, "calendar.windows", buf, sizeof buf, &err),
			 MC_EEMPTY);
	assert_int_equal(mc_store_setting_set(s, "calendar.windows", "07:30-11:30", &err), MC_OK);
	assert_int_equal(mc_store_setting_get(s, "calendar.windows", buf, sizeof buf, &err), MC_OK);
	assert_string_equal(buf, "07:30-11:30");
	mc_store_close(s);
	tdir_remove(&t);
}

static void test_event_history_append_only(void **state)
{
	(void)state;
	struct tdir t;
	tdir_make(&t);
	mc_store *s = open_store(t.db);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(t.db, &db), SQLITE_OK);
	sqlite3_exec(db, "PRAGMA foreign_keys=OFF", NULL, NULL, NULL);
	static const char add[] = "INSERT INTO dossier_events(dossier_id, at, entered_at,"
				  " user_name, action) VALUES(1,'2026-01-01 08:00',"
				  "'2026-01-01 08:00:00','mai','intake')";
	/* Another program cannot add an event: the chain trigger needs motcua's
	 * hash function. motcua's own connection can. */
	char *msg = NULL;
	assert_int_not_equal(sqlite3_exec(db, add, NULL, NULL, &msg), SQLITE_OK);
	assert_non_null(strstr(msg, "motcua_event_hash"));
	sqlite3_free(msg);
	msg = NULL;
	sqlite3_exec(s->db, "PRAGMA foreign_keys=OFF", NULL, NULL, NULL);
	assert_int_equal(sqlite3_exec(s->db, add, NULL, NULL, NULL), SQLITE_OK);
	mc_store_close(s);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE dossier_events SET user_name='x'", NULL, NULL,
					  &msg), SQLITE_OK);
	assert_non_null(strstr(msg, "append-only"));
	sqlite3_free(msg);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM dossier_events", NULL, NULL, NULL),
			     SQLITE_OK);
	sqlite3_close(db);
	tdir_remove(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_database_is_migrated),
		cmocka_unit_test(test_wal_mode),
		cmocka_unit_test(test_newer_schema_refused_untouched),
		cmocka_unit_test(test_foreign_sqlite_refused_untouched),
		cmocka_unit_test(test_not_sqlite_refused_untouched),
		cmocka_unit_test(test_office_and_settings),
		cmocka_unit_test(test_event_history_append_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
