/* The setgid deployment's two rules (see include/motcua/privilege.h). */
#include "motcua/privilege.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

bool mc_privileged(void)
{
	return getauxval(AT_SECURE) != 0 || getegid() != getgid() || geteuid() != getuid();
}

const char *mc_env(const char *name)
{
	return mc_privileged() ? NULL : getenv(name);
}

mc_status mc_privilege_drop(mc_error *err)
{
	gid_t g = getgid();
	uid_t u = getuid();
	/* Group first: once the user id is dropped the group could not be. */
	if (setresgid(g, g, g) != 0 || setresuid(u, u, u) != 0)
		return mc_error_set(err, MC_ESYS, "cannot give up the motcua group: %s",
				    strerror(errno));
	gid_t rg, eg, sg;
	uid_t ru, eu, su;
	if (getresgid(&rg, &eg, &sg) != 0 || getresuid(&ru, &eu, &su) != 0 || rg != g ||
	    eg != g || sg != g || ru != u || eu != u || su != u)
		return mc_error_set(err, MC_ESYS, "the motcua group is still held after dropping it");
	return MC_OK;
}

/* The motcua group, kept as the saved id while files are made as the caller. */
static gid_t motcua_gid = (gid_t)-1;

void mc_privilege_as_caller(void)
{
	gid_t r, e, sv;
	if (getresgid(&r, &e, &sv) != 0 || e == r)
		return;
	motcua_gid = e;
	if (setresgid((gid_t)-1, r, (gid_t)-1) != 0)
		motcua_gid = (gid_t)-1;
}

void mc_privilege_resume(void)
{
	if (motcua_gid != (gid_t)-1 && setresgid((gid_t)-1, motcua_gid, (gid_t)-1) == 0)
		motcua_gid = (gid_t)-1;
}
