/* Terminal output filter of the command-line modes (out_filter.c). */
#ifndef MOTCUA_CLI_OUT_FILTER_H
#define MOTCUA_CLI_OUT_FILTER_H

/* When stdout / stderr is a terminal, route it through a filter that shows
 * control characters (C0 but tab and newline, DEL, C1) as '?'. */
void cli_filter_terminal_output(void);

#endif
