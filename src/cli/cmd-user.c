/* motcua user: add users, set passwords, list them. */
#include "cli.h"

#include "motcua/json.h"
#include "motcua/user.h"

#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* One line from stdin without its newline; echo off on a terminal. */
static int read_password(char *buf, size_t sz, bool from_stdin)
{
	struct termios old, quiet;
	bool tty = !from_stdin && isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	if (tty) {
		fputs(_("Password: "), stderr);
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

static const char add_usage[] =
	N_("Usage: motcua user add NAME --role clerk|supervisor|admin [--full-name TEXT]\n"
	"                       [--counter N] [--account LOGIN] [--password-stdin]\n\n"
	"Adds a user. The password is read from the terminal (or, with\n"
	"--password-stdin, as one line from standard input) and stored only as a\n"
	"yescrypt hash. --account maps the system account LOGIN to the user: under a\n"
	"setgid motcua (docs/security.md) LOGIN acts as this user without a password.\n");

static int user_add(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"role", required_argument, NULL, 'r'},
		{"full-name", required_argument, NULL, 'f'},
		{"counter", required_argument, NULL, 'c'},
		{"password-stdin", no_argument, NULL, 'p'},
		{"account", required_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *full = NULL, *account = NULL;
	mc_role role = MC_ROLE_CLERK;
	bool has_role = false, pw_stdin = false;
	int counter = 0, c;
	while ((c = cli_getopt(argc, argv, "", opts, "user add", add_usage)) != -1) {
		switch (c) {
		case 'r':
			if (!mc_role_parse(optarg, &role))
				return cli_usage_error("user add",
						       "--role must be clerk, supervisor or admin");
			has_role = true;
			break;
		case 'f': full = optarg; break;
		case 'c': counter = atoi(optarg); break;
		case 'p': pw_stdin = true; break;
		case 'a': account = optarg; break;
		case 'h': return 0;
		default: return MC_EUSAGE;
		}
	}
	if (optind != argc - 1 || !has_role)
		return cli_usage_error("user add", "give NAME and --role");
	int rc = cli_store(cli);
	if (rc)
		return rc;
	char pw[256];
	if (read_password(pw, sizeof pw, pw_stdin) != 0)
		return cli_usage_error("user add", "no password given");
	mc_error err = {0};
	mc_status st = mc_user_add(cli->store, argv[optind], full, role, counter, pw, &err);
	explicit_bzero(pw, sizeof pw);
	if (st == MC_OK && account)
		st = mc_user_set_account(cli->store, argv[optind], account, &err);
	return st == MC_OK ? 0 : cli_fail(&err);
}

static const char passwd_usage[] = N_("Usage: motcua user passwd NAME [--password-stdin]\n");

static int user_passwd(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"password-stdin", no_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	bool pw_stdin = false;
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "user passwd", passwd_usage)) != -1) {
		if (c == 'p')
			pw_stdin = true;
		else
			return c == 'h' ? 0 : MC_EUSAGE;
	}
	if (optind != argc - 1)
		return cli_usage_error("user passwd", "give NAME");
	int rc = cli_store(cli);
	if (rc)
		return rc;
	char pw[256];
	if (read_password(pw, sizeof pw, pw_stdin) != 0)
		return cli_usage_error("user passwd", "no password given");
	mc_error err = {0};
	mc_status st = mc_user_set_password(cli->store, argv[optind], pw, &err);
	explicit_bzero(pw, sizeof pw);
	return st == MC_OK ? 0 : cli_fail(&err);
}

struct list_ctx {
	bool json;
	mc_json j;
};

static int print_user(const mc_user *u, void *arg)
{
	struct list_ctx *lc = arg;
	if (lc->json) {
		mc_json_begin_object(&lc->j, NULL);
		mc_json_string(&lc->j, "username", u->username);
		mc_json_string(&lc->j, "full_name", u->full_name);
		mc_json_string(&lc->j, "role", mc_role_name(u->role));
		mc_json_int(&lc->j, "counter", u->counter);
		mc_json_bool(&lc->j, "active", u->active);
		mc_json_end_object(&lc->j);
	} else {
		printf("%-16s %-10s %-4d %s%s\n", u->username, mc_role_name(u->role), u->counter,
		       u->full_name, u->has_password ? "" : _("  (no password)"));
	}
	return 0;
}

static const char list_usage[] = N_("Usage: motcua user list [--json]\n");

static int user_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct list_ctx lc = {0};
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "user list", list_usage)) != -1) {
		if (c == 'j')
			lc.json = true;
		else
			return c == 'h' ? 0 : MC_EUSAGE;
	}
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	mc_json_init(&lc.j, stdout);
	if (lc.json)
		mc_json_begin_array(&lc.j, NULL);
	mc_status st = mc_user_list(cli->store, print_user, &lc, &err);
	if (lc.json)
		mc_json_end_array(&lc.j);
	return st == MC_OK ? 0 : cli_fail(&err);
}

int cmd_user(struct cli *cli, int argc, char **argv)
{
	static const struct cli_cmd cmds[] = {
		{"add", user_add, N_("add a user with a role")},
		{"passwd", user_passwd, N_("set a user's password")},
		{"list", user_list, N_("list users")},
		{NULL, NULL, NULL},
	};
	return cli_dispatch(cli, "user", cmds, argc - 1, argv + 1);
}
