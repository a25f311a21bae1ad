/*
 * tests/cli/setgid.sh installs this setgid to the motcua group, like motcua:
 * it prints the effective group it runs with, then runs `id -G` in a child
 * the way motcua runs any other program (mc_privilege_drop() after fork,
 * before exec), so the test can see the group is gone for good.
 * With "nodrop" the child skips the drop (the test's control case).
 */
#include "motcua/privilege.h"

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	printf("egid %d privileged %d\n", (int)getegid(), mc_privileged());
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		mc_error err = {0};
		if (!(argc > 1 && strcmp(argv[1], "nodrop") == 0) && mc_privilege_drop(&err) != MC_OK) {
			fprintf(stderr, "%s\n", err.msg);
			_exit(127);
		}
		/* Would a program regain the group? Try, as an attacker's would. */
		gid_t r, e, s;
		getresgid(&r, &e, &s);
		printf("child saved %d\n", (int)s);
		fflush(stdout);
		execl("/usr/bin/id", "id", "-G", (char *)NULL);
		_exit(127);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
