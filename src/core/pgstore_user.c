/* Users on the hub (pgstore_ref.h), as store_user.c on SQLite. Hashes are
 * read only for login checks and never logged. */
#include "pgstore_ref.h"

#include <string.h>

#define USER_COLUMNS \
	"id, username, full_name, role, counter, active, (password_hash IS NOT NULL)::int," \
	" failed_logins, coalesce(locked_until, ''), created_at, coalesce(password_hash, '')"

static void read_user(pg_res *r, int row, mc_user *u)
{
	memset(u, 0, sizeof *u);
	u->id = pg_int(r, row, 0);
	pg_copy(r, row, 1, u->username, sizeof u->username);
	pg_copy(r, row, 2, u->full_name, sizeof u->full_name);
	mc_role_parse(pg_get(r, row, 3), &u->role);
	u->counter = (int)pg_int(r, row, 4);
	u->active = pg_int(r, row, 5) != 0;
	u->has_password = pg_int(r, row, 6) != 0;
	u->failed_logins = (int)pg_int(r, row, 7);
	pg_copy(r, row, 8, u->locked_until, sizeof u->locked_until);
	pg_copy(r, row, 9, u->created_at, sizeof u->created_at);
}

mc_status pgstore_user_insert(mc_store *s, const mc_user *u, const char *hash, mc_error *err)
{
	static const char sql[] =
		"INSERT INTO users(username, full_name, role, password_hash, counter, created_at)"
		" VALUES($1, $2, $3, $4, $5, $6)";
	char counter[24];
	const char *v[] = {u->username, u->full_name, mc_role_name(u->role), hash,
			   u->counter > 0 ? pg_i64(counter, u->counter) : NULL, u->created_at};
	return pg_do(s, sql, 6, v, "saving the user", NULL, err);
}

mc_status pgstore_user_get(mc_store *s, const char *username, mc_user *out, char *hash,
			   size_t hashsz, mc_error *err)
{
	static const char sql[] = "SELECT " USER_COLUMNS " FROM users WHERE username = $1";
	const char *v[] = {username};
	pg_res *r = pg_run(s, sql, 1, v, "reading a user", err);
	if (!r)
		return MC_ESYS;
	bool found = pg_rows(r) > 0;
	if (found) {
		read_user(r, 0, out);
		pg_copy(r, 0, 10, hash, hashsz);
	}
	pg_free(r);
	return found ? MC_OK : mc_error_set(err, MC_EDATA, "no user %s", username);
}

mc_status pgstore_user_each(mc_store *s, mc_user_cb cb, void *ctx, mc_error *err)
{
	static const char sql[] =
		"SELECT " USER_COLUMNS " FROM users ORDER BY username COLLATE \"C\"";
	pg_res *r = pg_run(s, sql, 0, NULL, "listing users", err);
	if (!r)
		return MC_ESYS;
	mc_user u;
	for (int i = 0; i < pg_rows(r); i++) {
		read_user(r, i, &u);
		if (cb(&u, ctx))
			break;
	}
	pg_free(r);
	return MC_OK;
}

mc_status pgstore_user_set_password(mc_store *s, const char *username, const char *hash,
				    mc_error *err)
{
	static const char sql[] =
		"UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = NULL"
		" WHERE username = $1";
	const char *v[] = {username, hash};
	return pg_do(s, sql, 2, v, "saving the password", NULL, err);
}

mc_status pgstore_user_login_result(mc_store *s, const char *username, bool ok,
				    const char *locked_until, mc_error *err)
{
	static const char good[] =
		"UPDATE users SET failed_logins = 0, locked_until = NULL WHERE username = $1";
	static const char bad[] =
		"UPDATE users SET failed_logins = CASE WHEN $2::text IS NULL THEN failed_logins + 1"
		" ELSE 0 END, locked_until = $2 WHERE username = $1";
	const char *v[] = {username, locked_until};
	return ok ? pg_do(s, good, 1, v, "recording the login", NULL, err)
		  : pg_do(s, bad, 2, v, "recording the login", NULL, err);
}

mc_status pgstore_user_set_account(mc_store *s, const char *username, const char *account,
				   mc_error *err)
{
	static const char sql[] = "UPDATE users SET account = $2 WHERE username = $1";
	const char *v[] = {username, account && *account ? account : NULL};
	long long n = 0;
	mc_status st = pg_do(s, sql, 2, v, "mapping the account", &n, err);
	if (st == MC_OK && n == 0)
		return mc_error_set(err, MC_EDATA, "no user %s", username);
	return st;
}

mc_status pgstore_user_by_account(mc_store *s, const char *account, char *username,
				  size_t sz, mc_error *err)
{
	static const char sql[] = "SELECT username FROM users WHERE account = $1 AND active = 1";
	const char *v[] = {account};
	pg_res *r = pg_run(s, sql, 1, v, "reading users", err);
	if (!r)
		return MC_ESYS;
	bool found = pg_rows(r) > 0;
	if (found)
		pg_copy(r, 0, 0, username, sz);
	pg_free(r);
	return found ? MC_OK : MC_EEMPTY;
}
