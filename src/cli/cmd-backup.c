/* motcua backup / restore / check: keep a database safe and know it is sound. */
#include "cli.h"

#include "motcua/backup.h"

#include <string.h>

/* The commands take no options but --help and a fixed number of FILEs. */
static int parse(int argc, char **argv, const char *cmd, const char *usage, int nfiles)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, cmd, usage)) != -1)
		return c == 'h' ? -1 : MC_EUSAGE;
	if (argc - optind != nfiles)
		return cli_usage_error(cmd, nfiles ? "give exactly one FILE" : "no arguments");
	return 0;
}

static const char backup_usage[] =
	N_("Usage: motcua backup FILE\n\n"
	"Copies the database to FILE with SQLite's online backup API while clerks keep\n"
	"working. FILE appears only when complete and checked. Supervisor or admin.\n");

int cmd_backup(struct cli *cli, int argc, char **argv)
{
	int rc = parse(argc, argv, "backup", backup_usage, 1);
	if (rc)
		return rc < 0 ? 0 : rc;
	if ((rc = cli_store(cli)))
		return rc;
	mc_error err = {0};
	size_t bytes = 0;
	if (mc_backup(cli->store, argv[optind], &bytes, &err) != MC_OK)
		return cli_fail(&err);
	printf(_("%s: backup written, %zu bytes\n"), argv[optind], bytes);
	return 0;
}

static const char restore_usage[] =
	N_("Usage: motcua restore FILE\n\n"
	"Replaces the database's content with the backup FILE. The backup must be a\n"
	"sound motcua database of this office; the current content is first saved\n"
	"beside the database (DB.before-restore-YYYYMMDD-HHMMSS). Stop the counters\n"
	"first. Admin only.\n");

int cmd_restore(struct cli *cli, int argc, char **argv)
{
	int rc = parse(argc, argv, "restore", restore_usage, 1);
	if (rc)
		return rc < 0 ? 0 : rc;
	if ((rc = cli_store(cli)))
		return rc;
	mc_error err = {0};
	char saved[4096];
	if (mc_restore(cli->store, argv[optind], saved, sizeof saved, &err) != MC_OK)
		return cli_fail(&err);
	printf(_("%s restored; the previous content is saved in %s\n"), cli->db_path, saved);
	return 0;
}

static int print_problem(const char *problem, void *ctx)
{
	(void)ctx;
	printf("%s\n", problem);
	return 0;
}

static const char check_usage[] =
	N_("Usage: motcua check\n\n"
	"Checks the database: SQLite integrity and foreign keys, its identity and\n"
	"schema version, every dossier's status against the end of its history, the\n"
	"dossier codes and their daily numbering. Prints each problem; exit 0 only\n"
	"when there is none, 2 when there are problems.\n");

int cmd_check(struct cli *cli, int argc, char **argv)
{
	int rc = parse(argc, argv, "check", check_usage, 0);
	if (rc)
		return rc < 0 ? 0 : rc;
	if ((rc = cli_store(cli)))
		return rc;
	mc_error err = {0};
	long problems = 0;
	mc_status st = mc_check(cli->store, print_problem, NULL, &problems, &err);
	if (st != MC_OK)
		return cli_fail(&err);
	printf(_("%s: no problems found\n"), cli->db_path);
	return 0;
}
