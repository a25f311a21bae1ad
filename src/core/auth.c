/*
 * The acting user on a store handle and the role checks of admin and
 * supervisor actions (see include/motcua/auth.h). It lives beside the store
 * because the actor is a property of the open handle: every process, and
 * every TUI session in it, has its own.
 */
#include "pgstore.h"
#include "motcua/auth.h"
#include "store_internal.h"

#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static long long mono_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec;
}

void mc_auth_set_actor(mc_store *s, const char *username, mc_role role)
{
	s->actor.set = true;
	s->actor.locked = false;
	s->actor.role = (int)role;
	snprintf(s->actor.name, sizeof s->actor.name, "%s", username ? username : "");
	s->actor.last_active = mono_seconds();
}

void mc_auth_set_local_admin(mc_store *s)
{
	memset(&s->actor, 0, sizeof s->actor);
	s->actor.last_active = mono_seconds();
}

bool mc_auth_actor(const mc_store *s, const char **username, mc_role *role)
{
	if (username)
		*username = s->actor.set ? s->actor.name : "";
	if (role)
		*role = s->actor.set ? (mc_role)s->actor.role : MC_ROLE_ADMIN;
	return s->actor.set;
}

static const char *allowed_roles(mc_role min)
{
	return min == MC_ROLE_ADMIN ? "admin only"
	       : min == MC_ROLE_SUPERVISOR ? "supervisor or admin only" : "any user";
}

mc_status mc_auth_require(mc_store *s, mc_role min, const char *what, mc_error *err)
{
	if (s->actor.locked)
		return mc_error_set(err, MC_EDATA,
				    "the session is locked after being idle: log in again to %s", what);
	if (!s->actor.set || s->actor.role >= (int)min)
		return MC_OK;
	return mc_error_set(err, MC_EDATA, "user %s (%s) may not %s: %s", s->actor.name,
			    mc_role_name((mc_role)s->actor.role), what, allowed_roles(min));
}

mc_status mc_auth_require_self(mc_store *s, const char *username, mc_role min,
			       const char *what, mc_error *err)
{
	if (!s->actor.locked && s->actor.set && username && strcmp(s->actor.name, username) == 0)
		return MC_OK;
	return mc_auth_require(s, min, what, err);
}

void mc_auth_touch(mc_store *s)
{
	s->actor.last_active = mono_seconds();
}

bool mc_auth_idle_check(mc_store *s, int idle_seconds)
{
	if (!s->actor.locked && idle_seconds > 0 &&
	    mono_seconds() - s->actor.last_active > idle_seconds)
		s->actor.locked = true;
	return s->actor.locked;
}

void mc_auth_lock(mc_store *s)
{
	s->actor.locked = true;
}

bool mc_auth_locked(const mc_store *s)
{
	return s->actor.locked;
}

bool mc_auth_is_local_admin(const char *path)
{
	uid_t me = geteuid();
	if (me == 0)
		return true;
	struct stat st;
	if (stat(path, &st) == 0)
		return st.st_uid == me;
	/* Not created yet: whoever creates it will own it, if they may. */
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", path);
	return stat(dirname(dir), &st) == 0 && st.st_uid == me;
}

bool mc_auth_store_local_admin(mc_store *s, const char *path)
{
	return s->pg ? pgstore_is_owner(s) : mc_auth_is_local_admin(path);
}
