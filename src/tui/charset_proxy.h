/*
 * The charset proxy: the full-screen modes on a terminal that is not UTF-8
 * (a VISCII or TCVN3 terminal, or one that only shows ASCII). Rather than
 * teach every screen a second way to draw and read, motcua puts a pty
 * between itself and such a terminal, as xterm's luit does: the screens run
 * on the pty under C.UTF-8 exactly as on a UTF-8 terminal (input method
 * included), and this side converts their output to the terminal's charset
 * and what the terminal types back to UTF-8, with the tables of
 * motcua/charset.h. docs/charset.md says how and what it cannot do.
 */
#ifndef MOTCUA_CHARSET_PROXY_H
#define MOTCUA_CHARSET_PROXY_H

#include <stdbool.h>

/* Called by main() once the global options are read, before any command
 * runs. opt: the --charset value, or NULL for $MOTCUA_CHARSET, else the
 * locale's codeset (UTF-8: none; VISCII: viscii; TCVN5712-1: tcvn3; any
 * other: ascii). command: the command about to run, NULL for the counter
 * screens; only those and kiosk, board and dashboard use the proxy, and only
 * when stdin and stdout are terminals.
 * Returns -1 when the caller should go on: no proxy is needed (an explicit
 * utf-8 under another locale switches LC_CTYPE to C.UTF-8), or this is the
 * child process on the pty (its locale now C.UTF-8). Otherwise returns
 * the exit code to end with: the child's exit status (128 + signal when it
 * was killed), 1 for a charset name that is not utf-8, ascii, viscii or
 * tcvn3 (message printed), 4 when no pty can be had. The real terminal's
 * modes are restored before it returns, also after SIGTERM, SIGHUP or
 * SIGINT (passed on to the child). */
int charset_proxy_start(const char *opt, const char *command);

/* True for the full-screen modes (no command, kiosk, board, dashboard). */
bool charset_proxy_full_screen(const char *command);
/* What the proxy sends the screens instead of a scanner's burst it could
 * not read (bytes above 0x7F that are not UTF-8): read as TK_SCAN_BAD. */
#define SCAN_BAD_SEQ "\033[990~"


#endif
