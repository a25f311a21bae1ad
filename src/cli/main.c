/*
 * motcua: entry point. Global options come before the command
 * (motcua --db PATH COMMAND ...); with no command the counter TUI opens.
 * Exit codes: 0 ok, 1 usage, 2 data error, 3 nothing to do, 4 system error.
 */
#include "cli.h"

#include "config.h"
#include "tui/charset_proxy.h"
#include "out_filter.h"
#include "tui/tui.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct cli_cmd commands[] = {
	{"init", cmd_init, N_("create or set up the office database")},
	{"catalog", cmd_catalog, N_("import and list the procedure catalog")},
	{"calendar", cmd_calendar, N_("holidays, working time and due dates")},
	{"dossier", cmd_dossier, N_("take in, look up and list dossiers")},
	{"units", cmd_units, N_("administrative units (2025) and old addresses")},
	{"user", cmd_user, N_("add and list users")},
	{"text", cmd_text, N_("Vietnamese text: fold, convert, input methods")},
	{"sync", cmd_sync, N_("bundles between offline offices and the province")},
	{"backup", cmd_backup, N_("copy the database while clerks work")},
	{"restore", cmd_restore, N_("replace the database with a backup")},
	{"check", cmd_check, N_("check the database; exit 0 only when sound")},
	{"print", cmd_print, N_("print official forms and the register (text, PDF)")},
	{"report", cmd_report, N_("resolution report of a period (text, CSV, JSON)")},
	{"queue", cmd_queue, N_("queue tickets: services, counters, issue and call")},
	{"kiosk", cmd_kiosk, N_("the ticket kiosk at the entrance (full screen)")},
	{"board", cmd_board, N_("the waiting-room board of called tickets (full screen)")},
	{"dashboard", cmd_dashboard, N_("the supervisor's live dashboard (full screen)")},
	{"config", cmd_config, N_("office settings: list, get, set, unset")},
	{"fees", cmd_fees, N_("fee receipts: charge, void, refund, the day's totals")},
	{NULL, NULL, NULL},
};

static void usage(FILE *out)
{
	fprintf(out, _("Usage: motcua [--db PATH] [--user NAME] [--lang vi|en] [COMMAND ...]\n"
		       "       motcua --demo\n\n"
		       "With no command, opens the counter screens (TUI).\n\n"
		       "Global options:\n"
		       "  --db PATH     database file (else $MOTCUA_DB, else "
		       "$XDG_DATA_HOME/motcua/motcua.db)\n"
		       "  --user NAME   log in as this user: password typed, or in $MOTCUA_PASSWORD;\n"
		       "                without --user the database file's owner acts as the local\n"
		       "                admin, anyone else as a clerk (docs/security.md)\n"
		       "  --lang LANG   vi (default) or en\n"
		       "  --charset CS  the terminal's charset: utf-8, ascii, viscii or tcvn3 (else\n"
		       "                $MOTCUA_CHARSET, else the locale's; docs/charset.md)\n"
		       "  --demo        open a throw-away demo database, logged in as a clerk\n"
		       "  --version     print the version\n\nCommands:\n"));
	for (const struct cli_cmd *c = commands; c->name; c++)
		fprintf(out, "  %-10s %s\n", c->name, _(c->summary));
	fprintf(out, _("\nRun 'motcua COMMAND --help' for the commands of each group.\n"
		       "Exit codes: 0 ok, 1 usage error, 2 data error, 3 nothing to do, "
		       "4 system error.\n"));
}

int main(int argc, char **argv)
{
	struct cli cli = {0};
	const char *lang = NULL, *charset = NULL;
	bool demo = false;
	int i = 1;
	/* Global options, by hand: getopt would permute into the command's. */
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if ((strcmp(a, "--db") == 0 || strcmp(a, "--user") == 0 ||
		     strcmp(a, "--lang") == 0 || strcmp(a, "--charset") == 0) && i + 1 >= argc) {
			fprintf(stderr, _("motcua: %s needs a value\n"), a);
			return MC_EUSAGE;
		}
		if (strcmp(a, "--db") == 0)
			cli.db_opt = argv[++i];
		else if (strncmp(a, "--db=", 5) == 0)
			cli.db_opt = a + 5;
		else if (strcmp(a, "--user") == 0)
			cli.user = argv[++i];
		else if (strcmp(a, "--lang") == 0)
			lang = argv[++i];
		else if (strncmp(a, "--lang=", 7) == 0)
			lang = a + 7;
		else if (strcmp(a, "--charset") == 0)
			charset = argv[++i];
		else if (strncmp(a, "--charset=", 10) == 0)
			charset = a + 10;
		else if (strcmp(a, "--demo") == 0)
			demo = true;
		else if (strcmp(a, "--version") == 0) {
			printf("motcua %s\n", MOTCUA_VERSION);
			return 0;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			motcua_i18n_init(lang);
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, _("motcua: unknown option %s (try --help)\n"), a);
			return MC_EUSAGE;
		}
	}
	if (lang && strcmp(lang, "vi") != 0 && strcmp(lang, "en") != 0) {
		fprintf(stderr, _("motcua: --lang must be vi or en, not \"%s\"\n"), lang);
		return MC_EUSAGE;
	}
	motcua_i18n_init(lang);
	/* On a terminal that is not UTF-8 the full-screen modes run behind a pty
	 * that converts (docs/charset.md); the parent ends here. */
	int rc = charset_proxy_start(charset, i < argc ? argv[i] : NULL);
	if (rc >= 0)
		return rc;
	if (!charset_proxy_full_screen(i < argc ? argv[i] : NULL))
		cli_filter_terminal_output();
	if (i >= argc) {
		rc = tui_main(&cli, demo);
	} else {
		rc = -1;
		cli_progress_init();  /* commands only: the screens own the terminal */
		for (const struct cli_cmd *c = commands; c->name; c++)
			if (strcmp(argv[i], c->name) == 0) {
				optind = 0;
				rc = c->fn(&cli, argc - i, argv + i);
				break;
			}
		if (rc < 0) {
			fprintf(stderr, _("motcua: unknown command \"%s\" (try --help)\n"), argv[i]);
			rc = MC_EUSAGE;
		}
	}
	mc_store_close(cli.store);
	return rc;
}
