/*
 * Who is acting on a store, and what they may do. The store handle carries
 * the acting user; supervisor- and admin-only core functions call
 * mc_auth_require() first, so a clerk is refused whatever the path (TUI,
 * CLI, a script linking the library).
 *
 * No actor set means the local admin: whoever may write the database file
 * can already change anything in it with sqlite3, so the file's permissions
 * are the real boundary (docs/security.md). mc_user_login() makes the user
 * it checked the actor; the CLI sets one for --user (src/cli/cli.c).
 *
 * An idle session locks: after mc_auth_lock() (or mc_auth_idle_check()
 * finding the session idle too long) every guarded call is refused until
 * the next successful mc_user_login().
 */
#ifndef MOTCUA_AUTH_H
#define MOTCUA_AUTH_H

#include <stdbool.h>

#include "motcua/error.h"
#include "motcua/store.h"
#include "motcua/user.h"

/* Act as username (1-63 bytes, copied) with role; unlocks the session. */
void mc_auth_set_actor(mc_store *store, const char *username, mc_role role);

/* Back to no actor: the local admin. */
void mc_auth_set_local_admin(mc_store *store);

/* The actor: false (and *username "", *role admin) for the local admin.
 * Either out pointer may be NULL; *username points into the store. */
bool mc_auth_actor(const mc_store *store, const char **username, mc_role *role);

/* MC_OK when the actor's role is at least min (clerk < supervisor < admin)
 * and the session is not locked; else MC_EDATA "user mai (clerk) may not
 * <what>: supervisor or admin only". what is a verb phrase ("import the
 * catalog"). */
mc_status mc_auth_require(mc_store *store, mc_role min, const char *what, mc_error *err);

/* As mc_auth_require(min), but also allowed when the actor is username
 * itself (changing one's own password). */
mc_status mc_auth_require_self(mc_store *store, const char *username, mc_role min,
			       const char *what, mc_error *err);

/* Idle lock. mc_auth_touch records activity (a key press); idle_check
 * locks the session when more than idle_seconds passed since the last
 * activity (or since the actor was set) and says whether it is locked. */
void mc_auth_touch(mc_store *store);
bool mc_auth_idle_check(mc_store *store, int idle_seconds);
void mc_auth_lock(mc_store *store);
bool mc_auth_locked(const mc_store *store);

/* Whether the calling process is the local admin of the database file at
 * path: root, or the owner of the file (of its directory when the file
 * does not exist yet). Group members who share the file are not. */
bool mc_auth_is_local_admin(const char *path);
/* The same for an open store: on a PostgreSQL hub, the database role that
 * owns the hub's database (or a superuser) is its local admin, as the
 * file's owner is an office's; other roles log in as motcua users. */
bool mc_auth_store_local_admin(mc_store *store, const char *path);

#endif
