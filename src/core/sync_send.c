/*
 * sync send: a bundle file to the province's inbox over SSH, with
 * OpenSSH's scp run from an argument list (no shell, no transport of our
 * own). The inbox (sync_inbox.c) takes a bundle whose copy is still
 * arriving for damaged and tries it again on its next run.
 */
#include "sync_internal.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

extern char **environ;

/* [USER@]HOST:DIR with a plain host name (no option, no local path). */
static bool destination_valid(const char *to)
{
	const char *colon = strchr(to, ':');
	if (!colon || colon == to || !colon[1] || to[0] == '-')
		return false;
	for (const char *p = to; p < colon; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("._-@", *p)))
			return false;
	const char *at = memchr(to, '@', (size_t)(colon - to));
	return !at || (at != to && at + 1 < colon && at[1] != '-');
}

mc_status mc_sync_send(const char *path, const char *to, mc_error *err)
{
	if (!to || !destination_valid(to))
		return mc_error_set(err, MC_EUSAGE,
				    "--to \"%s\" is not a destination like motcua@tinh.example:/var/"
				    "spool/motcua/inbox", to ? to : "");
	sync_bundle b;
	mc_status st = sync_file_header(path, &b, err);
	if (st != MC_OK)
		return st;

	/* RESETIDS: scp runs without a setgid group motcua may hold. */
	posix_spawnattr_t attr;
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_RESETIDS);
	/* scp reads "a:b.bundle" as host a: a local name with a colon before
	 * any slash goes as ./a:b.bundle. */
	char local[4096];
	const char *colon = strchr(path, ':'), *slash = strchr(path, '/');
	if (snprintf(local, sizeof local, "%s%s", colon && (!slash || colon < slash) ? "./" : "",
		     path) >= (int)sizeof local)
		return mc_error_set(err, MC_EUSAGE, "file name too long: %s", path);
	char *const argv[] = {"scp", "-q", "--", local, (char *)to, NULL};
	pid_t pid;
	int rc = posix_spawnp(&pid, "scp", NULL, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	if (rc != 0)
		return mc_error_set(err, MC_ESYS, "cannot run scp: %s%s", strerror(rc),
				    rc == ENOENT ? " (install openssh-client)" : "");
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return mc_error_set(err, MC_ESYS, "waiting for scp: %s", strerror(errno));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return MC_OK;
	if (WIFEXITED(status))
		return mc_error_set(err, MC_ESYS,
				    "scp exited with status %d: %s was not sent to %s (scp's message "
				    "is above)", WEXITSTATUS(status), path, to);
	return mc_error_set(err, MC_ESYS, "scp was killed by signal %d: %s was not sent to %s",
			    WTERMSIG(status), path, to);
}
