/* Helpers shared by the CLI commands (see cli.h). */
#include "cli.h"
#include "motcua/privilege.h"

#include "motcua/auth.h"
#include "motcua/paths.h"
#include "motcua/text.h"
#include "motcua/user.h"

#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

int cli_fail(const mc_error *err)
{
	fprintf(stderr, "motcua: %s\n", err->msg);
	return err->code ? (int)err->code : 2;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "motcua %s: ", cmd);
	vfprintf(stderr, _(fmt), ap);
	fprintf(stderr, "\n%s\n", _("Try --help."));
	va_end(ap);
	return MC_EUSAGE;
}

int cli_read_password(const char *prompt, char *buf, size_t sz, bool from_stdin)
{
	struct termios old, quiet;
	bool tty = !from_stdin && isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	if (tty) {
		fputs(prompt, stderr);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	char *r = fgets(buf, (int)sz, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (!r)
		return -1;
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

static const char *os_user(void)
{
	struct passwd *pw = getpwuid(getuid());
	return pw ? pw->pw_name : "unknown";
}

/* Who the command acts as (docs/security.md):
 * - --user NAME (or $MOTCUA_USER) logs in as NAME with NAME's password,
 *   from $MOTCUA_PASSWORD or typed at the terminal; NAME's role applies.
 * - The local admin (root or the owner of the database file) may give
 *   --user NAME without a password: the name is recorded in the history
 *   and NAME's role applies (a clerk's for a name that is not a user).
 * - No --user: the local admin acts as the local admin; anyone else who can
 *   open the file (the clerks' group) gets a clerk's rights only. */
static int cli_login(struct cli *cli)
{
	const char *name = cli->user && *cli->user ? cli->user : getenv("MOTCUA_USER");
	bool admin = mc_auth_store_local_admin(cli->store, cli->db_path);
	if (!name || !*name) {
		/* A system account mapped to a user is that user: under a setgid
		 * motcua the account is a trusted identity (docs/security.md). */
		mc_user u;
		mc_error e2 = {0};
		mc_status st = admin ? MC_EEMPTY : mc_user_by_account(cli->store, os_user(), &u, &e2);
		if (st == MC_OK) {
			mc_auth_set_actor(cli->store, u.username, u.role);
			return 0;
		}
		if (st == MC_ESYS)
			return cli_fail(&e2);
		if (!admin && mc_privileged()) {
			fprintf(stderr, _("motcua: the system account %s is not mapped to a motcua "
					  "user: log in with --user NAME, or ask the admin to map it "
					  "(motcua user add NAME --account %s)\n"), os_user(), os_user());
			return MC_EDATA;
		}
		mc_auth_set_actor(cli->store, os_user(), admin ? MC_ROLE_ADMIN : MC_ROLE_CLERK);
		return 0;
	}
	char pw[256];
	bool have = false;
	const char *env = getenv("MOTCUA_PASSWORD");
	if (env) {
		snprintf(pw, sizeof pw, "%s", env);
		unsetenv("MOTCUA_PASSWORD");
		have = true;
	} else if (!admin) {
		if (!isatty(STDIN_FILENO)) {
			fprintf(stderr, _("motcua: --user %s needs %s's password: type it at a "
					  "terminal or set MOTCUA_PASSWORD\n"), name, name);
			return MC_EUSAGE;
		}
		char prompt[128];
		snprintf(prompt, sizeof prompt, _("Password for %s: "), name);
		have = cli_read_password(prompt, pw, sizeof pw, false) == 0;
		if (!have) {
			fprintf(stderr, _("motcua: no password given\n"));
			return MC_EUSAGE;
		}
	}
	mc_error err = {0};
	mc_user u;
	if (have) {
		mc_status st = mc_user_login(cli->store, name, pw, &u, &err);
		explicit_bzero(pw, sizeof pw);
		return st == MC_OK ? 0 : cli_fail(&err);
	}
	mc_status st = mc_user_get(cli->store, name, &u, &err);
	if (st == MC_ESYS)
		return cli_fail(&err);
	mc_auth_set_actor(cli->store, name, st == MC_OK && u.active ? u.role : MC_ROLE_CLERK);
	return 0;
}

mc_status cli_db_exists(const char *path, mc_error *err)
{
	if (mc_store_is_postgres(path))
		return MC_OK;   /* the server says whether it is there */
	if (access(path, F_OK) == 0 || errno != ENOENT)
		return MC_OK;
	return mc_error_set(err, MC_ESYS,
			    _("no database at %s: create it with 'motcua --db %s init --unit CODE "
			      "--name NAME' (or give the right --db)"), path, path);
}

int cli_store(struct cli *cli)
{
	if (cli->store)
		return 0;
	mc_error err = {0};
	if (mc_paths_db(cli->db_opt, cli->db_path, sizeof cli->db_path, &err) != MC_OK ||
	    (!cli->create && cli_db_exists(cli->db_path, &err) != MC_OK) ||
	    mc_store_open(cli->db_path, &cli->store, &err) != MC_OK)
		return cli_fail(&err);
	int rc = cli_login(cli);
	if (rc) {
		mc_store_close(cli->store);
		cli->store = NULL;
	}
	return rc;
}

int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts,
	       const char *cmd, const char *usage)
{
	opterr = 0;
	int c = getopt_long(argc, argv, shortopts, longopts, NULL);
	if (c == 'h') {
		fputs(_(usage), stdout);
		return 'h';
	}
	if (c == '?' || c == ':') {
		if (optopt)
			cli_usage_error(cmd, N_("option -%c is unknown or needs a value"), optopt);
		else
			cli_usage_error(cmd, N_("option %s is unknown or needs a value"),
					argv[optind - 1]);
		return '?';
	}
	return c;
}

int cli_dispatch(struct cli *cli, const char *group, const struct cli_cmd *cmds, int argc,
		 char **argv)
{
	if (argc < 1 || strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0) {
		printf(_("Usage: motcua %s COMMAND [OPTIONS]\n\nCommands:\n"), group);
		for (const struct cli_cmd *c = cmds; c->name; c++)
			printf("  %-12s %s\n", c->name, _(c->summary));
		printf(_("\nRun 'motcua %s COMMAND --help' for the options of a command.\n"), group);
		return argc < 1 ? MC_EUSAGE : 0;
	}
	for (const struct cli_cmd *c = cmds; c->name; c++)
		if (strcmp(argv[0], c->name) == 0) {
			optind = 0;
			return c->fn(cli, argc, argv);
		}
	return cli_usage_error(group, "unknown command \"%s\"", argv[0]);
}

int cli_pad(const char *s, int cols)
{
	int w = mc_text_width(s);
	return w < cols ? cols - w : 0;
}

const char *cli_actor(struct cli *cli)
{
	const char *who;
	if (cli->store && mc_auth_actor(cli->store, &who, NULL) && *who)
		return who;   /* logged in, or the user mapped to the account */
	if (cli->user && *cli->user)
		return cli->user;
	const char *env = getenv("MOTCUA_USER");
	if (env && *env)
		return env;
	return os_user();
}

void cli_join_args(int argc, char **argv, int from, char *buf, size_t bufsz)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int i = from; i < argc && n + 1 < bufsz; i++)
		n += (size_t)snprintf(buf + n, bufsz - n, "%s%s", n ? " " : "", argv[i]);
}
