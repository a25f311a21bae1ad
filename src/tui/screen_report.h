/* The report screen (screen_report.c), for the counter TUI's key table. */
#ifndef MOTCUA_TUI_SCREEN_REPORT_H
#define MOTCUA_TUI_SCREEN_REPORT_H

#include "motcua/store.h"

/* Show the resolution report of the current quarter (keys move the period
 * — a day, week, month, quarter, year or any dates — and the grouping;
 * x writes the CSV into export_dir, NULL: the current directory) until q
 * or Esc. Opens curses itself when it is not open, and leaves the caller's
 * curses state (input delay, cursor) as it found it. Returns 0, or -1 when
 * the terminal cannot be set up. */
int report_screen_run(mc_store *store, const char *export_dir);

#endif
