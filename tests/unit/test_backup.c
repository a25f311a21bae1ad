/*
 * Backup while writers work, restore and its refusals, the check finding
 * each kind of problem, and a full disk / read-only database saying so and
 * losing nothing.
 */
#include "testutil.h"

#include "motcua/backup.h"
#include "motcua/catalog.h"
#include "motcua/dossier.h"
#include "store_internal.h"

#include <sqlite3.h>
#include <sys/wait.h>

#define CSV "code,name,field,agency,level,deadline,deadline_unit,fee,documents\n" \
	"2.000908,Chứng thực bản sao từ bản chính,Chứng thực,UBND cấp xã,Cấp xã,4,hour,2000,Bản chính\n"

static mc_store *setup_unit(struct tdir *t, const char *unit)
{
	return office_store(t, unit, "UBND xã", CSV);
}

static mc_status intake(mc_store *s, const char *name, mc_error *err)
{
	mc_intake in = {.procedure_code = "2.000908", .name = name, .id_number = "034091002345",
			.phone = "0912345678", .user = "mai"};
	mc_dossier d;
	return mc_dossier_intake(s, &in, &d, err);
}

static int dossiers(const char *db)
{
	sqlite3 *h;
	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT count(*) FROM dossiers", -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

static int collect(const char *problem, void *ctx)
{
	char *buf = ctx;
	strncat(buf, problem, 4000 - strlen(buf));
	strncat(buf, "\n", 4000 - strlen(buf));
	return 0;
}

static long check_file(const char *db, char *problems)
{
	mc_store *s = open_store(db);
	mc_error err = {0};
	long n = -1;
	problems[0] = '\0';
	mc_status st = mc_check(s, collect, problems, &n, &err);
	assert_true(st == MC_OK || st == MC_EDATA);
	assert_int_equal(st == MC_OK, n == 0);
	mc_store_close(s);
	return n;
}

#define WRITERS 3
#define PER_WRITER 120

static void test_backup_while_writing(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup_unit(&t, "000.17.22.H56");
	setenv("MOTCUA_NOW", "2026-03-02 09:00", 1);
	pid_t pids[WRITERS];
	for (int w = 0; w < WRITERS; w++) {
		pids[w] = fork();
		assert_true(pids[w] >= 0);
		if (pids[w] == 0) {
			mc_store *ws = NULL;
			mc_error err = {0};
			if (mc_store_open(t.db, &ws, &err) != MC_OK)
				_exit(10);
			for (int i = 0; i < PER_WRITER; i++)
				if (intake(ws, "Người Viết", &err) != MC_OK)
					_exit(11);
			mc_store_close(ws);
			_exit(0);
		}
	}
	/* Backups taken while the writers run are each sound and complete
	 * snapshots: every dossier in them has its history. */
	char problems[4096];
	for (int b = 0; b < 4; b++) {
		char path[320];
		snprintf(path, sizeof path, "%s/b%d.db", t.path, b);
		mc_error err = {0};
		size_t bytes = 0;
		if (mc_backup(s, path, &bytes, &err) != MC_OK)
			fail_msg("backup: %s", err.msg);
		assert_true(bytes > 0);
		assert_int_equal(check_file(path, problems), 0);
	}
	for (int w = 0; w < WRITERS; w++) {
		int status;
		assert_int_equal(waitpid(pids[w], &status, 0), pids[w]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	char last[320];
	snprintf(last, sizeof last, "%s/last.db", t.path);
	mc_error err = {0};
	assert_int_equal(mc_backup(s, last, NULL, &err), MC_OK);
	assert_int_equal(dossiers(last), WRITERS * PER_WRITER);
	assert_int_equal(check_file(last, problems), 0);
	/* No -wal or temporary file is left beside a backup. */
	char side[340];
	snprintf(side, sizeof side, "%s-wal", last);
	assert_int_equal(access(side, F_OK), -1);
	assert_int_equal(mc_backup(s, t.db, NULL, &err), MC_EUSAGE);
	mc_store_close(s);
	unsetenv("MOTCUA_NOW");
	tdir_remove(&t);
}

static void test_restore_and_refusals(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup_unit(&t, "000.17.22.H56");
	mc_error err = {0};
	assert_int_equal(intake(s, "Nguyễn Văn An", &err), MC_OK);
	char bak[320], saved[1024];
	snprintf(bak, sizeof bak, "%s/bak.db", t.path);
	assert_int_equal(mc_backup(s, bak, NULL, &err), MC_OK);
	assert_int_equal(intake(s, "Trần Thị Bình", &err), MC_OK);
	assert_int_equal(dossiers(t.db), 2);
	/* Refused, changing nothing. */
	char junk[320], foreign[320], other[320], broken[320];
	tdir_write(&t, "junk.db", "plain text, not a database at all..............................",
		   junk, sizeof junk);
	assert_int_equal(mc_restore(s, junk, saved, sizeof saved, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "not a motcua database"));
	snprintf(foreign, sizeof foreign, "%s/foreign.db", t.path);
	sqlite3 *h;
	assert_int_equal(sqlite3_open(foreign, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "CREATE TABLE t(x)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(mc_restore(s, foreign, saved, sizeof saved, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "another program"));
	struct tdir t2;
	mc_store *o = setup_unit(&t2, "000.99.99.H99");
	snprintf(other, sizeof other, "%s/other.db", t.path);
	assert_int_equal(mc_backup(o, other, NULL, &err), MC_OK);
	mc_store_close(o);
	tdir_remove(&t2);
	assert_int_equal(mc_restore(s, other, saved, sizeof saved, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "unit 000.99.99.H99"));
	/* A damaged backup: a page in the middle overwritten. */
	snprintf(broken, sizeof broken, "%s/broken.db", t.path);
	assert_int_equal(mc_backup(s, broken, NULL, &err), MC_OK);
	FILE *f = fopen(broken, "r+b");
	assert_non_null(f);
	fseek(f, 4096 * 3, SEEK_SET);
	for (int i = 0; i < 4096; i++)
		fputc(0x5a, f);
	fclose(f);
	assert_int_not_equal(mc_restore(s, broken, saved, sizeof saved, &err), MC_OK);
	assert_non_null(strstr(err.msg, "broken.db"));
	assert_int_equal(dossiers(t.db), 2);
	/* The real one: back to one dossier, the two kept aside. */
	assert_int_equal(mc_restore(s, bak, saved, sizeof saved, &err), MC_OK);
	assert_int_equal(dossiers(t.db), 1);
	assert_int_equal(dossiers(saved), 2);
	/* The handle keeps working on the restored content. */
	assert_int_equal(intake(s, "Lê Văn Cường", &err), MC_OK);
	assert_int_equal(dossiers(t.db), 2);
	char problems[4096];
	mc_store_close(s);
	assert_int_equal(check_file(t.db, problems), 0);
	tdir_remove(&t);
}

static void test_check_finds_problems(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup_unit(&t, "000.17.22.H56");
	mc_error err = {0};
	setenv("MOTCUA_NOW", "2026-03-02 09:00", 1);
	for (int i = 0; i < 4; i++)
		assert_int_equal(intake(s, "Người Thử", &err), MC_OK);
	mc_store_close(s);
	char problems[4096];
	assert_int_equal(check_file(t.db, problems), 0);
	sqlite3 *h;
	assert_int_equal(sqlite3_open(t.db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h,
		"UPDATE dossiers SET status = 'returned' WHERE code LIKE '%0001';"
		"UPDATE dossiers SET code = 'XYZ' WHERE code LIKE '%0002';"
		"UPDATE dossier_seq SET last = 3;"
		"INSERT INTO dossiers(code, unit_code, procedure_id, procedure_code, procedure_name,"
		" deadline, deadline_unit, applicant_name, applicant_name_fold, status, received_at,"
		" entered_at, due_at, received_by, form_set, updated_at) SELECT"
		" '000.17.22.H56-260302-0003x', unit_code, procedure_id, procedure_code,"
		" procedure_name, deadline, deadline_unit, 'Không Sử', 'khong su', 'accepted',"
		" received_at, entered_at, due_at, received_by, form_set, updated_at FROM dossiers"
		" LIMIT 1;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	long n = check_file(t.db, problems);
	assert_non_null(strstr(problems, "-0001: status is returned but its history ends at "
				"accepted"));
	assert_non_null(strstr(problems, "dossier XYZ: malformed code"));
	assert_non_null(strstr(problems, "-0004: the daily numbering stands at 3"));
	assert_non_null(strstr(problems, "-0003x: has no history"));
	assert_true(n >= 4);
	unsetenv("MOTCUA_NOW");
	tdir_remove(&t);
}

/* A full disk and a read-only database, as SQLite reports them: the
 * message says which, and nothing half-written remains. */
static void test_full_and_readonly(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup_unit(&t, "000.17.22.H56");
	mc_error err = {0};
	assert_int_equal(intake(s, "Người Đầu", &err), MC_OK);
	/* No page may be added: the next intake cannot fit. */
	assert_int_equal(sqlite3_exec(s->db, "PRAGMA max_page_count = 1", NULL, NULL, NULL),
			 SQLITE_OK);
	char name[64];
	mc_status st = MC_OK;
	for (int i = 0; i < 200 && st == MC_OK; i++) {
		snprintf(name, sizeof name, "Người Thứ %c%c", 'A' + i % 26, 'a' + i / 26);
		st = intake(s, name, &err);
	}
	if (st != MC_ESYS)
		fail_msg("expected a full disk: %s", err.msg);
	assert_non_null(strstr(err.msg, "the disk is full; nothing was saved"));
	int before = dossiers(t.db);
	assert_int_equal(sqlite3_exec(s->db, "PRAGMA max_page_count = 1000000", NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_exec(s->db, "PRAGMA query_only = 1", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(intake(s, "Người Sau", &err), MC_ESYS);
	assert_non_null(strstr(err.msg, "read-only; nothing was saved"));
	assert_int_equal(dossiers(t.db), before);
	mc_store_close(s);
	char problems[4096];
	assert_int_equal(check_file(t.db, problems), 0);
	tdir_remove(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backup_while_writing),
		cmocka_unit_test(test_restore_and_refusals),
		cmocka_unit_test(test_check_finds_problems),
		cmocka_unit_test(test_full_and_readonly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
