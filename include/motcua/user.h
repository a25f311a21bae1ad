/*
 * Users and roles. Passwords are kept only as yescrypt hashes (libcrypt);
 * repeated failed logins lock the account for a while.
 */
#ifndef MOTCUA_USER_H
#define MOTCUA_USER_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/error.h"
#include "motcua/store.h"

typedef enum mc_role { MC_ROLE_CLERK, MC_ROLE_SUPERVISOR, MC_ROLE_ADMIN } mc_role;

typedef struct mc_user {
	int64_t id;
	char username[64];
	char full_name[256];
	mc_role role;
	int counter;             /* counter (quầy) number, 0 when none */
	bool active;
	bool has_password;
	int failed_logins;
	char locked_until[20];
	char created_at[20];
} mc_user;

typedef int (*mc_user_cb)(const mc_user *u, void *ctx);

const char *mc_role_name(mc_role r);
bool mc_role_parse(const char *s, mc_role *out);

/* username: 1–63 of [a-z0-9._-]; full_name may be NULL (then = username);
 * password may be NULL (account cannot log in until one is set). */
mc_status mc_user_add(mc_store *store, const char *username, const char *full_name,
		      mc_role role, int counter, const char *password, mc_error *err);
mc_status mc_user_set_password(mc_store *store, const char *username, const char *password,
			       mc_error *err);
mc_status mc_user_get(mc_store *store, const char *username, mc_user *out, mc_error *err);
mc_status mc_user_list(mc_store *store, mc_user_cb cb, void *ctx, mc_error *err);

/* Check a login. MC_OK fills *out; MC_EDATA with one message for an
 * unknown user or a wrong password (no hint which); a locked account says
 * until when. Five failures in a row lock the account for 5 minutes. */
mc_status mc_user_login(mc_store *store, const char *username, const char *password,
			mc_user *out, mc_error *err);

/* Maps system account ACCOUNT (a login name; NULL or "" removes the
 * mapping) to USERNAME: under a setgid motcua that account is that user
 * without a password (docs/security.md). Admin only. */
mc_status mc_user_set_account(mc_store *store, const char *username, const char *account,
			      mc_error *err);
/* The active user mapped to ACCOUNT; MC_EEMPTY when none. */
mc_status mc_user_by_account(mc_store *store, const char *account, mc_user *out, mc_error *err);
#endif
