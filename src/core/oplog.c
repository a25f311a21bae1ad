/* The operations log (see include/motcua/oplog.h). */
#include "motcua/oplog.h"

#include "motcua/auth.h"

#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

static const char *os_user(void)
{
	struct passwd *pw = getpwuid(getuid());
	return pw ? pw->pw_name : "?";
}

void mc_oplog(mc_store *store, mc_oplog_kind kind, const char *fmt, ...)
{
	char event[512], line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(event, sizeof event, fmt, ap);
	va_end(ap);
	/* One line whatever a name held: control characters become '?'. */
	for (char *p = event; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	const char *who = NULL;
	if (!store || !mc_auth_actor(store, &who, NULL))
		who = NULL;
	char actor[96];
	if (who && *who)
		snprintf(actor, sizeof actor, "user %s", who);
	else
		snprintf(actor, sizeof actor, "local admin %s", os_user());
	snprintf(line, sizeof line, "%s (%s, database %s)", event, actor,
		 store ? mc_store_path(store) : "-");
	static const int prio[] = {
		[MC_OPLOG_AUTH] = LOG_AUTHPRIV | LOG_NOTICE,
		[MC_OPLOG_AUTH_BAD] = LOG_AUTHPRIV | LOG_WARNING,
		[MC_OPLOG_OPS] = LOG_USER | LOG_NOTICE,
		[MC_OPLOG_OPS_BAD] = LOG_USER | LOG_ERR,
	};
	const char *file = secure_getenv("MOTCUA_SYSLOG_FILE");
	if (file && *file) {
		static const char *const names[] = {"auth.notice", "auth.warning", "user.notice",
						    "user.err"};
		int fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0) {
			dprintf(fd, "motcua[%d] %s: %s\n", (int)getpid(), names[kind], line);
			close(fd);
		}
		return;
	}
	openlog("motcua", LOG_PID, LOG_USER);
	syslog(prio[kind], "%s", line);
	closelog();
}
