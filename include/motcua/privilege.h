/*
 * The setgid deployment (docs/security.md): motcua installed setgid to a
 * `motcua` group that no person is in, so clerks reach the database only
 * through it. A privileged process trusts nothing its caller's environment
 * says about paths, modules, the clock or catalogs, and gives the group up
 * for good before it runs any other program.
 */
#ifndef MOTCUA_PRIVILEGE_H
#define MOTCUA_PRIVILEGE_H

#include <stdbool.h>

#include "motcua/error.h"

/* True when the process runs with more rights than its caller (setgid or
 * setuid binary: the kernel's AT_SECURE, or real and effective ids differ). */
bool mc_privileged(void);

/* getenv() that answers NULL in a privileged process: for every variable
 * that changes paths, modules, the clock or catalogs. */
const char *mc_env(const char *name);

/*
 * Drops the privileged group (and user) for good: real, effective and saved
 * ids all become the caller's. A child calls it after fork() and before
 * exec() of any other program (printers, viewers); it fails, and the child
 * must then _exit() without exec, if the ids could be regained afterwards.
 */
mc_status mc_privilege_drop(mc_error *err);

/* Files named by the caller (--out, imports) are opened and created with
 * the caller's own group, never the motcua group: a clerk must not write
 * or read through motcua what they could not themselves (the data
 * directory). as_caller switches the effective group to the real one,
 * resume switches back; both do nothing in an unprivileged process. */
void mc_privilege_as_caller(void);
void mc_privilege_resume(void);
#endif
