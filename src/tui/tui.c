/* Placeholder until the counter TUI lands: the CLI works meanwhile. */
#include "tui.h"

#include <stdio.h>

int tui_main(struct cli *cli, bool demo)
{
	(void)cli;
	(void)demo;
	fprintf(stderr, "motcua: the counter screens are not built yet; see motcua --help\n");
	return 4;
}
