/*
 * Printing through CUPS (include/motcua/spool.h). The queue name is checked
 * against a strict alphabet and passed to lp as one argv element after
 * "--": there is no shell anywhere on this path, so a setting such as
 * "x; touch /tmp/pwned" is refused, never run.
 */
#include "motcua/spool.h"
#include "motcua/privilege.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

bool mc_spool_queue_valid(const char *q)
{
	size_t n = q ? strlen(q) : 0;
	if (n == 0 || n > 127 || q[0] == '-')
		return false;
	for (; *q; q++)
		if (!((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') ||
		      (*q >= '0' && *q <= '9') || *q == '_' || *q == '.' || *q == '-'))
			return false;
	return true;
}

/* The lp program: $MOTCUA_LP only when the process holds no privilege it
 * could lend to another program (tests run a fake lp that records argv). */
static const char *lp_path(void)
{
	const char *env = getenv("MOTCUA_LP");
	if (env && *env && env[0] == '/' && getuid() == geteuid() && getgid() == getegid())
		return env;
	static const char *const paths[] = {"/usr/bin/lp", "/bin/lp", "/usr/local/bin/lp"};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
		if (access(paths[i], X_OK) == 0)
			return paths[i];
	return paths[0];
}

mc_status mc_spool_print(const char *queue, const char *file, const char *setting,
			 mc_error *err)
{
	if (!setting)
		setting = "receipt_printer";
	if (!mc_spool_queue_valid(queue))
		return mc_error_set(err, MC_EDATA,
				    "the printer setting %s = \"%s\" is not a CUPS queue name "
				    "(letters, digits, _ . - only; an old value holding a command is "
				    "no longer run): an admin sets one with 'motcua config set %s "
				    "QUEUE' (see lpstat -p)", setting, queue ? queue : "", setting);
	if (!file || !*file)
		return mc_error_set(err, MC_EUSAGE, "no file to print");
	const char *lp = lp_path();
	/* A setgid motcua gives its group up before lp runs (docs/security.md),
	 * and the file, in the group's directory, may then be closed to the
	 * clerk: it is opened here and handed to lp as its standard input. */
	bool privileged = mc_privileged();
	int in = open(file, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return mc_error_set(err, MC_ESYS, "cannot read %s: %s", file, strerror(errno));
	char *const argv_file[] = {(char *)"lp", (char *)"-d", (char *)queue, (char *)"--",
				   (char *)file, NULL};
	char *const argv_stdin[] = {(char *)"lp", (char *)"-d", (char *)queue, NULL};
	pid_t pid = fork();
	if (pid < 0) {
		close(in);
		return mc_error_set(err, MC_ESYS, "cannot start %s: %s", lp, strerror(errno));
	}
	if (pid == 0) {
		/* lp's chatter ("request id is ...") must not reach a curses screen. */
		int null = open("/dev/null", O_RDWR);
		dup2(privileged ? in : null, STDIN_FILENO);
		mc_error e = {0};
		if (mc_privilege_drop(&e) != MC_OK)
			_exit(126);
		if (null >= 0) {
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
			if (null > STDERR_FILENO)
				close(null);
		}
		execv(lp, privileged ? argv_stdin : argv_file);
		_exit(127);
	}
	close(in);
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return mc_error_set(err, MC_ESYS, "waiting for %s: %s", lp, strerror(errno));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 126)
		return mc_error_set(err, MC_ESYS, "lp not run: the motcua group could not be "
				    "given up first (docs/security.md)");
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return mc_error_set(err, MC_ESYS, "cannot run %s (is the cups-client package "
				    "installed?)", lp);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return mc_error_set(err, MC_ESYS, "printing on queue %s failed (lp exit %d)", queue,
				    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return MC_OK;
}
