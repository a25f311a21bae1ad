/*
 * Roles enforced in the core: a clerk cannot run a supervisor or admin
 * action whatever calls it; a supervisor is not an admin; no actor is the
 * local admin; logging in makes the user the actor; a locked session is
 * refused; passwords never appear in clear in the database file, which is
 * created 0660.
 */
#include "testutil.h"

#include "motcua/auth.h"
#include "motcua/backup.h"
#include "motcua/catalog.h"
#include "motcua/holidays.h"
#include "motcua/sync.h"
#include "motcua/units.h"
#include "motcua/user.h"

#include <sys/stat.h>

#define CSV "code,name,field,agency,level,deadline,deadline_unit,fee,documents\n" \
	"2.000908,Chứng thực bản sao từ bản chính,Chứng thực,UBND cấp xã,Cấp xã,4,hour,2000,Bản chính\n"
#define SECRET "Mật-khẩu-rất-riêng-42"

static mc_store *setup(struct tdir *t, char *csv, size_t csvsz)
{
	tdir_make(t);
	mc_store *s = open_store(t->db);
	mc_error err = {0};
	mc_office o = {"000.17.22.H56", "UBND xã Quảng Phú"};
	assert_int_equal(mc_store_office_set(s, &o, &err), MC_OK);
	tdir_write(t, "c.csv", CSV, csv, csvsz);
	assert_int_equal(mc_user_add(s, "mai", "Lò Thị Mai", MC_ROLE_CLERK, 2, SECRET, &err), MC_OK);
	assert_int_equal(mc_user_add(s, "hung", NULL, MC_ROLE_SUPERVISOR, 0, "hung-pw-1", &err),
			 MC_OK);
	return s;
}

static int refused(mc_status st, const mc_error *err, const char *who)
{
	char want[96];
	snprintf(want, sizeof want, "user %s (", who);
	return st == MC_EDATA && strstr(err->msg, want) && strstr(err->msg, "may not");
}

/* Every admin or supervisor action, tried as the current actor; the number
 * refused with a message naming the user and saying what they may not do. */
static int refused_actions(mc_store *s, const char *csv, const char *who)
{
	mc_error err = {0};
	mc_import_stats is;
	mc_units_stats us;
	mc_holiday h = {.day = mc_date_from_ymd(2026, 9, 2), .kind = MC_DAY_OFF};
	mc_office o = {"000.17.22.H56", "Tên khác"};
	mc_sync_report rep;
	mc_sync_export_info info;
	char saved[512];
	size_t bytes;
	int n = 0;
	n += refused(mc_catalog_import(s, csv, NULL, &is, &err), &err, who);
	n += refused(mc_holiday_add(s, &h, &err), &err, who);
	n += refused(mc_holiday_del(s, h.day, &err), &err, who);
	n += refused(mc_store_setting_set(s, "calendar.windows", "07:00-11:00", &err), &err, who);
	n += refused(mc_user_add(s, "x", NULL, MC_ROLE_ADMIN, 0, "pw12-long", &err), &err, who);
	n += refused(mc_user_set_password(s, "hung", "pw12345-6", &err), &err, who);
	n += refused(mc_units_import(s, "/nonexistent", &us, &err), &err, who);
	n += refused(mc_sync_import(s, "/nonexistent", &rep, &err), &err, who);
	n += refused(mc_sync_export(s, NULL, "/tmp/never.bundle", &info, &err), &err, who);
	n += refused(mc_sync_role_set(s, MC_SYNC_PROVINCE, &err), &err, who);
	n += refused(mc_restore(s, "/nonexistent", saved, sizeof saved, &err), &err, who);
	n += refused(mc_backup(s, "/tmp/never.db", &bytes, &err), &err, who);
	n += refused(mc_store_office_set(s, &o, &err), &err, who);
	return n;
}

static void test_roles_in_core(void **state)
{
	(void)state;
	struct tdir t;
	char csv[300];
	mc_store *s = setup(&t, csv, sizeof csv);
	mc_error err = {0};
	mc_import_stats is;
	/* No actor: the local admin. */
	assert_int_equal(mc_catalog_import(s, csv, NULL, &is, &err), MC_OK);
	mc_auth_set_actor(s, "mai", MC_ROLE_CLERK);
	assert_int_equal(refused_actions(s, csv, "mai"), 13);
	assert_int_equal(mc_catalog_import(s, csv, NULL, &is, &err), MC_EDATA);
	assert_string_equal(err.msg, "user mai (clerk) may not import the catalog: supervisor or "
			    "admin only");
	mc_holiday h = {.day = mc_date_from_ymd(2026, 9, 2), .kind = MC_DAY_OFF};
	assert_int_equal(mc_holiday_add(s, &h, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "holiday"));
	assert_int_equal(mc_user_add(s, "x", NULL, MC_ROLE_ADMIN, 0, "pw12-long", &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "admin only"));
	/* A clerk may change their own password. */
	assert_int_equal(mc_user_set_password(s, "mai", SECRET, &err), MC_OK);
	/* A supervisor keeps the catalog and holidays, not the users. */
	mc_auth_set_actor(s, "hung", MC_ROLE_SUPERVISOR);
	assert_int_equal(mc_catalog_import(s, csv, NULL, &is, &err), MC_OK);
	assert_int_equal(mc_holiday_add(s, &h, &err), MC_OK);
	assert_int_equal(mc_store_setting_set(s, "calendar.windows", "07:00-11:30,13:30-17:00",
					      &err), MC_OK);
	assert_int_equal(mc_user_add(s, "x", NULL, MC_ROLE_ADMIN, 0, "pw12-long", &err), MC_EDATA);
	assert_string_equal(err.msg, "user hung (supervisor) may not add users: admin only");
	mc_sync_report rep;
	assert_int_equal(mc_sync_import(s, "/nonexistent", &rep, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "may not import sync bundles"));
	/* Back to the local admin. */
	mc_auth_set_local_admin(s);
	assert_int_equal(mc_user_add(s, "x", NULL, MC_ROLE_ADMIN, 0, "pw12-long", &err), MC_OK);
	/* At least 8 characters, counted as characters ("mật khẩu" is 8). */
	assert_int_equal(mc_user_add(s, "y", NULL, MC_ROLE_CLERK, 0, "1234567", &err), MC_EDATA);
	assert_string_equal(err.msg, "password must have at least 8 characters");
	assert_int_equal(mc_user_add(s, "y", NULL, MC_ROLE_CLERK, 0, "mật khẩu", &err), MC_OK);
	mc_store_close(s);
	tdir_remove(&t);
}

static void test_login_sets_actor_and_lock(void **state)
{
	(void)state;
	struct tdir t;
	char csv[300];
	mc_store *s = setup(&t, csv, sizeof csv);
	mc_error err = {0};
	mc_user u;
	mc_import_stats is;
	const char *name;
	mc_role role;
	assert_false(mc_auth_actor(s, &name, &role));
	assert_int_equal(role, MC_ROLE_ADMIN);
	assert_int_equal(mc_user_login(s, "mai", "wrong", &u, &err), MC_EDATA);
	assert_false(mc_auth_actor(s, NULL, NULL));
	assert_int_equal(mc_user_login(s, "mai", SECRET, &u, &err), MC_OK);
	assert_true(mc_auth_actor(s, &name, &role));
	assert_string_equal(name, "mai");
	assert_int_equal(role, MC_ROLE_CLERK);
	assert_int_equal(mc_catalog_import(s, csv, NULL, &is, &err), MC_EDATA);
	/* Idle lock: refused until the next log-in, even for a supervisor. */
	assert_int_equal(mc_user_login(s, "hung", "hung-pw-1", &u, &err), MC_OK);
	assert_false(mc_auth_idle_check(s, 3600));
	mc_auth_lock(s);
	assert_true(mc_auth_locked(s));
	assert_int_equal(mc_catalog_import(s, csv, NULL, &is, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "locked"));
	assert_int_equal(mc_user_login(s, "hung", "hung-pw-1", &u, &err), MC_OK);
	assert_false(mc_auth_locked(s));
	assert_int_equal(mc_catalog_import(s, csv, NULL, &is, &err), MC_OK);
	/* Five failures lock the account itself (throttling). */
	for (int i = 0; i < 5; i++)
		assert_int_equal(mc_user_login(s, "mai", "nope", &u, &err), MC_EDATA);
	/* The fifth failure says the account is now locked, and so does the next try. */
	assert_non_null(strstr(err.msg, "the account is locked"));
	assert_int_equal(mc_user_login(s, "mai", SECRET, &u, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "the account mai is locked after too many failed logins"));
	/* The lock-out runs on the real clock: MOTCUA_NOW a year ahead does not
	 * open it, and failures under a pinned year 9999 lock for 5 real minutes
	 * only (the supervisor is not locked out until 9999). */
	setenv("MOTCUA_NOW", "2027-12-31 08:00", 1);
	assert_int_equal(mc_user_login(s, "mai", SECRET, &u, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "too many failed logins"));
	setenv("MOTCUA_NOW", "9999-12-31 08:00", 1);
	for (int i = 0; i < 5; i++)
		assert_int_equal(mc_user_login(s, "hung", "nope", &u, &err), MC_EDATA);
	assert_int_equal(mc_user_get(s, "hung", &u, &err), MC_OK);
	assert_true(strncmp(u.locked_until, "9999", 4) != 0);
	assert_true(u.locked_until[0] != '\0');
	unsetenv("MOTCUA_NOW");
	mc_store_close(s);
	tdir_remove(&t);
}

static bool file_contains(const char *path, const char *needle)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	static char buf[1 << 22];
	size_t n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	return memmem(buf, n, needle, strlen(needle)) != NULL;
}

static void test_no_clear_passwords_and_mode(void **state)
{
	(void)state;
	struct tdir t;
	char csv[300];
	mc_store *s = setup(&t, csv, sizeof csv);
	mc_error err = {0};
	mc_user u;
	assert_int_equal(mc_user_login(s, "mai", SECRET, &u, &err), MC_OK);
	assert_int_equal(mc_user_login(s, "mai", SECRET "x", &u, &err), MC_EDATA);
	assert_null(strstr(err.msg, SECRET));
	mc_store_close(s);
	char wal[320];
	snprintf(wal, sizeof wal, "%s-wal", t.db);
	assert_false(file_contains(t.db, SECRET));
	assert_false(file_contains(wal, SECRET));
	assert_true(file_contains(t.db, "$y$"));
	struct stat st;
	assert_int_equal(stat(t.db, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0660);
	tdir_remove(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roles_in_core),
		cmocka_unit_test(test_login_sets_actor_and_lock),
		cmocka_unit_test(test_no_clear_passwords_and_mode),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
