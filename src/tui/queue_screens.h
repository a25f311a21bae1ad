/*
 * The waiting-room screens: the ticket kiosk, the board of called
 * numbers, and the supervisor's dashboard. Each runs until its quit key,
 * opening curses itself when called from the command line (motcua kiosk,
 * board, dashboard) or borrowing the counter TUI's session (F6), whose
 * input delay and cursor it puts back. All three follow other processes'
 * changes through mc_watch (PRAGMA data_version every 250 ms).
 */
#ifndef MOTCUA_TUI_QUEUE_SCREENS_H
#define MOTCUA_TUI_QUEUE_SCREENS_H

#include "motcua/queue.h"
#include "motcua/store.h"

/* The kiosk: pick a service, get a ticket (shown large, piped to printer:
 * a shell command such as "lp -d kiosk"; NULL = $MOTCUA_KIOSK_PRINTER,
 * else the kiosk_printer setting, else no printing). Ctrl-Q quits.
 * Returns 0, or an exit code when the terminal cannot be used. */
int kiosk_run(mc_store *store, const char *printer);

/* The board: q or Ctrl-Q quits. Returns 0 or an exit code. */
int board_run(mc_store *store);

/* The supervisor's dashboard: q, Esc or F10 goes back. A clerk sees why
 * it is refused instead. Returns 0 or an exit code. */
int dashboard_run(mc_store *store);

/* Ticket and counter states in the language of the session, for staff
 * (the core's labels are the Vietnamese of the public board). */
const char *qs_ticket_state_text(mc_ticket_state st);
const char *qs_counter_state_text(mc_counter_state st);

#endif
