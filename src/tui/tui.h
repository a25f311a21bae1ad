/*
 * The counter TUI (ncursesw): entry point called by main() when no
 * command is given.
 */
#ifndef MOTCUA_TUI_H
#define MOTCUA_TUI_H

#include <stdbool.h>

struct cli;

/* Run the TUI on cli's database (opened here). demo: build a throw-away
 * demo database first and log in as its clerk. Returns the exit code. */
int tui_main(struct cli *cli, bool demo);

#endif
