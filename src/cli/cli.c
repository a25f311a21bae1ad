/* Helpers shared by the CLI commands (see cli.h). */
#include "cli.h"

#include "motcua/paths.h"

#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
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
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n%s\n", _("Try --help."));
	va_end(ap);
	return MC_EUSAGE;
}

int cli_store(struct cli *cli)
{
	if (cli->store)
		return 0;
	mc_error err = {0};
	if (mc_paths_db(cli->db_opt, cli->db_path, sizeof cli->db_path, &err) != MC_OK ||
	    mc_store_open(cli->db_path, &cli->store, &err) != MC_OK)
		return cli_fail(&err);
	return 0;
}

int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts,
	       const char *cmd, const char *usage)
{
	opterr = 0;
	int c = getopt_long(argc, argv, shortopts, longopts, NULL);
	if (c == 'h') {
		fputs(usage, stdout);
		return 'h';
	}
	if (c == '?' || c == ':') {
		if (optopt)
			cli_usage_error(cmd, "option -%c is unknown or needs a value", optopt);
		else
			cli_usage_error(cmd, "option %s is unknown or needs a value",
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

const char *cli_actor(struct cli *cli)
{
	if (cli->user && *cli->user)
		return cli->user;
	const char *env = getenv("MOTCUA_USER");
	if (env && *env)
		return env;
	struct passwd *pw = getpwuid(getuid());
	return pw ? pw->pw_name : "admin";
}

void cli_join_args(int argc, char **argv, int from, char *buf, size_t bufsz)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int i = from; i < argc && n + 1 < bufsz; i++)
		n += (size_t)snprintf(buf + n, bufsz - n, "%s%s", n ? " " : "", argv[i]);
}
