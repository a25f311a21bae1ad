/*
 * Shared state and helpers of the command-line interface. Each command
 * lives in its own cmd-*.c file and is registered in the table of main.c.
 */
#ifndef MOTCUA_CLI_H
#define MOTCUA_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "i18n.h"
#include "motcua/error.h"
#include "motcua/store.h"

struct cli {
	const char *db_opt;      /* --db PATH */
	const char *user;        /* --user NAME, else $MOTCUA_USER, else the OS user;
				  * see cli_store() for the log-in rules */
	bool create;             /* init: the database may be created */
	char db_path[1024];
	mc_store *store;
};

typedef int (*cli_fn)(struct cli *cli, int argc, char **argv);

struct cli_cmd {
	const char *name;
	cli_fn fn;
	const char *summary;
};

/* Open the database (once) and set who acts on it (--user log-in, or the
 * local admin; docs/security.md). Prints the error and returns its exit
 * code. */
int cli_store(struct cli *cli);

/* MC_OK when the database file exists (or cannot be checked: opening it
 * then says why); else MC_ESYS naming the path and 'motcua init'. Only
 * init creates a database: a wrong path must not show an empty office. */
mc_status cli_db_exists(const char *path, mc_error *err);

/* One line from stdin without its newline; echo off and prompt shown on a
 * terminal (unless from_stdin). -1 at end of input. */
int cli_read_password(const char *prompt, char *buf, size_t sz, bool from_stdin);

/* Print "motcua: message" to stderr and return the error's code. */
int cli_fail(const mc_error *err);

/* Print a usage error naming the command and return 1. fmt is translated
 * here (xgettext takes the second argument: --keyword=cli_usage_error:2). */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Dispatch argv[0] among subcommands; prints their list for --help. */
int cli_dispatch(struct cli *cli, const char *group, const struct cli_cmd *cmds, int argc,
		 char **argv);

/* getopt_long wrapper that resets state, handles --help by printing usage
 * (an N_() msgid, translated here)
 * and returning 'h', and reports unknown options as usage errors ('?'). */
int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts,
	       const char *cmd, const char *usage);

/* Join argv[from..argc) with single spaces into buf: search words may be
 * given unquoted ("find nguyen van an"). */
void cli_join_args(int argc, char **argv, int from, char *buf, size_t bufsz);

/* Spaces that pad S to COLS terminal columns (0 when it is as wide or
 * wider): print table cells with "%s%*s", S, cli_pad(S, COLS), "" since
 * printf's %-20s pads bytes and Vietnamese letters take two or three. */
int cli_pad(const char *s, int cols);

/* Show the progress of long work on stderr when it is a terminal. */
void cli_progress_init(void);

/* Name recorded in the history for actions taken from the command line. */
const char *cli_actor(struct cli *cli);

/* Commands. */
int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_catalog(struct cli *cli, int argc, char **argv);
int cmd_calendar(struct cli *cli, int argc, char **argv);
int cmd_dossier(struct cli *cli, int argc, char **argv);
int cmd_units(struct cli *cli, int argc, char **argv);
int cmd_user(struct cli *cli, int argc, char **argv);
int cmd_text(struct cli *cli, int argc, char **argv);
int cmd_sync(struct cli *cli, int argc, char **argv);
int cmd_backup(struct cli *cli, int argc, char **argv);
int cmd_restore(struct cli *cli, int argc, char **argv);
int cmd_check(struct cli *cli, int argc, char **argv);
int cmd_print(struct cli *cli, int argc, char **argv);
int cmd_report(struct cli *cli, int argc, char **argv);
int cmd_queue(struct cli *cli, int argc, char **argv);
int cmd_kiosk(struct cli *cli, int argc, char **argv);
int cmd_board(struct cli *cli, int argc, char **argv);
int cmd_dashboard(struct cli *cli, int argc, char **argv);
int cmd_config(struct cli *cli, int argc, char **argv);
int dossier_import(struct cli *cli, int argc, char **argv);
int dossier_step_cmd(struct cli *cli, int argc, char **argv);
int dossier_rate(struct cli *cli, int argc, char **argv);
int dossier_pay(struct cli *cli, int argc, char **argv);
int cmd_fees(struct cli *cli, int argc, char **argv);
/* The fees part of the report (report_fees.c). */
mc_status report_fees_text(mc_store *s, const char *from, const char *to, FILE *out,
			   mc_error *err);
mc_status report_fees_json(mc_store *s, const char *from, const char *to, const char *report,
			   FILE *out, mc_error *err);
int dossier_correct(struct cli *cli, int argc, char **argv);
int dossier_void(struct cli *cli, int argc, char **argv);
int dossier_guidance(struct cli *cli, int argc, char **argv);
int dossier_mine(struct cli *cli, int argc, char **argv);
int dossier_due(struct cli *cli, int argc, char **argv);

#endif
