/* User rows. Hashes are read only for login checks and never logged. */
#include "store_internal.h"
#include "store_ops.h"
#include "pgstore_ref.h"

#include <string.h>

#define USER_COLUMNS \
	"id, username, full_name, role, counter, active, password_hash IS NOT NULL," \
	" failed_logins, coalesce(locked_until, ''), created_at, coalesce(password_hash, '')"

static void read_user(sqlite3_stmt *st, mc_user *u)
{
	memset(u, 0, sizeof *u);
	u->id = sqlite3_column_int64(st, 0);
	store_col_copy(st, 1, u->username, sizeof u->username);
	store_col_copy(st, 2, u->full_name, sizeof u->full_name);
	char role[16];
	store_col_copy(st, 3, role, sizeof role);
	mc_role_parse(role, &u->role);
	u->counter = sqlite3_column_int(st, 4);
	u->active = sqlite3_column_int(st, 5) != 0;
	u->has_password = sqlite3_column_int(st, 6) != 0;
	u->failed_logins = sqlite3_column_int(st, 7);
	store_col_copy(st, 8, u->locked_until, sizeof u->locked_until);
	store_col_copy(st, 9, u->created_at, sizeof u->created_at);
}

mc_status store_user_insert(mc_store *s, const mc_user *u, const char *hash, mc_error *err)
{
	if (s->pg)
		return pgstore_user_insert(s, u, hash, err);
	static const char sql[] =
		"INSERT INTO users(username, full_name, role, password_hash, counter, created_at)"
		" VALUES(?1, ?2, ?3, ?4, ?5, ?6)";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, u->username);
	store_bind_text(st, 2, u->full_name);
	store_bind_text(st, 3, mc_role_name(u->role));
	store_bind_text(st, 4, hash);
	if (u->counter > 0)
		sqlite3_bind_int(st, 5, u->counter);
	store_bind_text(st, 6, u->created_at);
	return store_exec(s, st, "saving the user", err);
}

mc_status store_user_get(mc_store *s, const char *username, mc_user *out, char *hash,
			 size_t hashsz, mc_error *err)
{
	if (s->pg)
		return pgstore_user_get(s, username, out, hash, hashsz, err);
	static const char sql[] = "SELECT " USER_COLUMNS " FROM users WHERE username = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, username);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_user(st, out);
		store_col_copy(st, 10, hash, hashsz);
	}
	store_done(st);
	if (rc == SQLITE_DONE)
		return mc_error_set(err, MC_EDATA, "no user %s", username);
	return rc == SQLITE_ROW ? MC_OK : store_fail(s, "reading a user", err);
}

mc_status store_user_each(mc_store *s, mc_user_cb cb, void *ctx, mc_error *err)
{
	if (s->pg)
		return pgstore_user_each(s, cb, ctx, err);
	static const char sql[] = "SELECT " USER_COLUMNS " FROM users ORDER BY username";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	mc_user u;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_user(st, &u);
		if (cb(&u, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	store_done(st);
	return rc == SQLITE_DONE ? MC_OK : store_fail(s, "listing users", err);
}

mc_status store_user_set_password(mc_store *s, const char *username, const char *hash,
				  mc_error *err)
{
	if (s->pg)
		return pgstore_user_set_password(s, username, hash, err);
	static const char sql[] =
		"UPDATE users SET password_hash = ?2, failed_logins = 0, locked_until = NULL"
		" WHERE username = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, username);
	store_bind_text(st, 2, hash);
	return store_exec(s, st, "saving the password", err);
}

mc_status store_user_login_result(mc_store *s, const char *username, bool ok,
				  const char *locked_until, mc_error *err)
{
	if (s->pg)
		return pgstore_user_login_result(s, username, ok, locked_until, err);
	static const char good[] =
		"UPDATE users SET failed_logins = 0, locked_until = NULL WHERE username = ?1";
	static const char bad[] =
		"UPDATE users SET failed_logins = CASE WHEN ?2 IS NULL THEN failed_logins + 1"
		" ELSE 0 END, locked_until = ?2 WHERE username = ?1";
	sqlite3_stmt *st = store_stmt(s, ok ? good : bad, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, username);
	if (!ok)
		store_bind_text(st, 2, locked_until);
	return store_exec(s, st, "recording the login", err);
}

mc_status store_user_set_account(mc_store *s, const char *username, const char *account,
				 mc_error *err)
{
	if (s->pg)
		return pgstore_user_set_account(s, username, account, err);
	sqlite3_stmt *st = store_stmt(s, "UPDATE users SET account = ?2 WHERE username = ?1", err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, username);
	store_bind_text(st, 2, account && *account ? account : NULL);
	mc_status r = store_exec(s, st, "mapping the account", err);
	if (r == MC_OK && sqlite3_changes(s->db) == 0)
		return mc_error_set(err, MC_EDATA, "no user %s", username);
	return r;
}

mc_status store_user_by_account(mc_store *s, const char *account, char *username, size_t sz,
				mc_error *err)
{
	if (s->pg)
		return pgstore_user_by_account(s, account, username, sz, err);
	sqlite3_stmt *st = store_stmt(s, "SELECT username FROM users WHERE account = ?1"
					 " AND active = 1", err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, account);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		store_col_copy(st, 0, username, sz);
	store_done(st);
	if (rc == SQLITE_ROW)
		return MC_OK;
	return rc == SQLITE_DONE ? MC_EEMPTY : store_fail(s, "reading users", err);
}
