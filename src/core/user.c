/*
 * Users, roles and logins (see include/motcua/user.h). Hashing is libcrypt's
 * yescrypt ("$y$"), through password.c; the clear password goes nowhere else.
 */
#include "motcua/oplog.h"
#include "motcua/user.h"
#include "motcua/auth.h"
#include "motcua/calendar.h"
#include "motcua/clock.h"
#include "motcua/text.h"
#include "password.h"
#include "store_ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FAILED_LOGINS 5
#define LOCK_MINUTES 5
#define MIN_PASSWORD_CHARS 8

static const char *const roles[] = {"clerk", "supervisor", "admin"};

const char *mc_role_name(mc_role r)
{
	return r <= MC_ROLE_ADMIN ? roles[r] : "?";
}

bool mc_role_parse(const char *s, mc_role *out)
{
	for (int i = 0; i <= MC_ROLE_ADMIN; i++)
		if (strcmp(s, roles[i]) == 0) {
			*out = (mc_role)i;
			return true;
		}
	return false;
}

static mc_status check_username(const char *u, mc_error *err)
{
	size_t n = strlen(u);
	if (n == 0 || n > 63)
		return mc_error_set(err, MC_EDATA, "user name must be 1 to 63 characters");
	for (const char *p = u; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("._-", *p)))
			return mc_error_set(err, MC_EDATA,
					    "user name \"%s\": only a-z, 0-9, '.', '_' and '-' are allowed",
					    u);
	return MC_OK;
}

static mc_status hash_password(const char *password, char *out, size_t outsz, mc_error *err)
{
	/* Characters, not bytes: "mật khẩu" is 8 of them. */
	size_t chars = 0;
	for (const unsigned char *p = (const unsigned char *)password; *p; p++)
		chars += (*p & 0xC0) != 0x80;
	if (chars < MIN_PASSWORD_CHARS)
		return mc_error_set(err, MC_EDATA, "password must have at least %d characters",
				    MIN_PASSWORD_CHARS);
	return password_hash(password, out, outsz, err);
}

mc_status mc_user_add(mc_store *store, const char *username, const char *full_name,
		      mc_role role, int counter, const char *password, mc_error *err)
{
	mc_status st = mc_auth_require(store, MC_ROLE_ADMIN, "add users", err);
	if (st != MC_OK || (st = check_username(username, err)) != MC_OK)
		return st;
	char hash[256] = "";
	if (password && (st = hash_password(password, hash, sizeof hash, err)) != MC_OK)
		return st;
	mc_user u = {0};
	char *clean = NULL;
	if (full_name && mc_text_clean(full_name, &clean, err) != MC_OK)
		return mc_error_prefix(err, "full name");
	snprintf(u.username, sizeof u.username, "%s", username);
	snprintf(u.full_name, sizeof u.full_name, "%s", clean && *clean ? clean : username);
	free(clean);
	u.role = role;
	u.counter = counter;
	mc_clock_stamp(u.created_at);
	st = store_user_insert(store, &u, hash[0] ? hash : NULL, err);
	explicit_bzero(hash, sizeof hash);
	if (st == MC_EDATA)
		return mc_error_set(err, MC_EDATA, "user %s already exists", username);
	if (st == MC_OK)
		mc_oplog(store, MC_OPLOG_OPS, "user %s added with role %s", username,
			 mc_role_name(role));
	return st;
}

mc_status mc_user_set_password(mc_store *store, const char *username, const char *password,
			       mc_error *err)
{
	char hash[256];
	mc_user u;
	char old[256];
	mc_status st = mc_auth_require_self(store, username, MC_ROLE_ADMIN,
					    "set another user's password", err);
	if (st != MC_OK)
		return st;
	st = store_user_get(store, username, &u, old, sizeof old, err);
	explicit_bzero(old, sizeof old);
	if (st != MC_OK)
		return st;
	if ((st = hash_password(password, hash, sizeof hash, err)) != MC_OK)
		return st;
	st = store_user_set_password(store, username, hash, err);
	explicit_bzero(hash, sizeof hash);
	if (st == MC_OK)
		mc_oplog(store, MC_OPLOG_OPS, "password of user %s changed", username);
	return st;
}

mc_status mc_user_get(mc_store *store, const char *username, mc_user *out, mc_error *err)
{
	char hash[256];
	mc_status st = store_user_get(store, username, out, hash, sizeof hash, err);
	explicit_bzero(hash, sizeof hash);
	return st;
}

mc_status mc_user_list(mc_store *store, mc_user_cb cb, void *ctx, mc_error *err)
{
	return store_user_each(store, cb, ctx, err);
}

mc_status mc_user_login(mc_store *store, const char *username, const char *password,
			mc_user *out, mc_error *err)
{
	char hash[256];
	mc_error e2;
	mc_status st = store_user_get(store, username, out, hash, sizeof hash, &e2);
	if (st == MC_ESYS) {
		*err = e2;
		return st;
	}
	char now[17];
	mc_time_format(mc_clock_real(), now);
	if (st == MC_OK && out->locked_until[0] && strcmp(out->locked_until, now) > 0) {
		mc_oplog(store, MC_OPLOG_AUTH_BAD, "login refused: user %s is locked out until %s",
			 username, out->locked_until);
		return mc_error_set(err, MC_EDATA,
				    "the account %s is locked after too many failed logins: "
				    "try again after %s", username, out->locked_until);
	}
	bool ok = false;
	if (st == MC_OK && out->active && hash[0] == '$' &&
	    password_verify(password, hash, &ok, &e2) != MC_OK) {
		/* The check could not be made: not a failed attempt. */
		explicit_bzero(hash, sizeof hash);
		*err = e2;
		return MC_ESYS;
	}
	explicit_bzero(hash, sizeof hash);
	if (st != MC_OK) {
		/* Not the name typed: it may be a password typed one field early. */
		mc_oplog(store, MC_OPLOG_AUTH_BAD, "failed login for a user name that does not exist");
		return mc_error_set(err, MC_EDATA, "wrong user name or password");
	}
	char until[17] = "";
	if (!ok && out->failed_logins + 1 >= MAX_FAILED_LOGINS)
		mc_time_format(mc_clock_real() + LOCK_MINUTES, until);
	if ((st = store_user_login_result(store, username, ok, until[0] ? until : NULL, err)))
		return st;
	if (!ok) {
		mc_oplog(store, MC_OPLOG_AUTH_BAD, "failed login: user %s", username);
		if (until[0]) {
			mc_oplog(store, MC_OPLOG_AUTH_BAD,
				 "user %s locked out until %s after %d failed logins", username, until,
				 out->failed_logins + 1);
			return mc_error_set(err, MC_EDATA,
					    "wrong password; after %d failed logins the account is "
					    "locked: try again after %s", MAX_FAILED_LOGINS, until);
		}
		return mc_error_set(err, MC_EDATA, "wrong user name or password");
	}
	out->failed_logins = 0;
	out->locked_until[0] = '\0';
	/* The user who logged in acts on this store from now on. */
	mc_auth_set_actor(store, out->username, out->role);
	mc_oplog(store, MC_OPLOG_AUTH, "login: user %s", out->username);
	return MC_OK;
}

mc_status mc_user_set_account(mc_store *store, const char *username, const char *account,
			      mc_error *err)
{
	mc_status st = mc_auth_require(store, MC_ROLE_ADMIN, "map system accounts to users", err);
	if (st != MC_OK)
		return st;
	if (account && *account && (st = check_username(account, err)) != MC_OK)
		return mc_error_prefix(err, "account");
	st = store_user_set_account(store, username, account, err);
	if (st == MC_ESYS && strstr(err->msg, "UNIQUE"))
		return mc_error_set(err, MC_EDATA, "account %s is already mapped to another user",
				    account);
	return st;
}

mc_status mc_user_by_account(mc_store *store, const char *account, mc_user *out, mc_error *err)
{
	char name[64];
	mc_status st = store_user_by_account(store, account, name, sizeof name, err);
	if (st != MC_OK)
		return st;
	return mc_user_get(store, name, out, err);
}
