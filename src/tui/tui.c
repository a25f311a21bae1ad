/*
 * The counter TUI: opens the office database (or a throw-away demo one),
 * sets up curses, and runs the loop that draws a frame, reads a key and
 * dispatches it: global keys here (F1-F6, quit, input-method toggle,
 * resize), everything else to the current screen's key handler. Screens
 * are opened once and kept, so switching to look-up and back never loses
 * what a clerk was typing.
 */
#include "tui.h"
#include "motcua/privilege.h"

#include "cli/cli.h"
#include "tform.h"
#include "motcua/auth.h"
#include "motcua/demo.h"
#include "motcua/paths.h"
#include "motcua/queue.h"
#include "screen.h"

#include <dirent.h>
#include <errno.h>
#include <langinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

volatile sig_atomic_t tui_stop;

static const struct screen_ops *const all_ops[SCR_COUNT] = {
	[SCR_LOGIN] = &login_ops,   [SCR_INTAKE] = &intake_ops,
	[SCR_LOOKUP] = &lookup_ops, [SCR_RETURN] = &return_ops,
	[SCR_QUEUE] = &queue_ops,   [SCR_SUPERVISOR] = &supervisor_ops,
	[SCR_HELP] = &help_ops,     [SCR_STEP] = &step_ops,
	[SCR_LISTS] = &lists_ops,   [SCR_GUIDANCE] = &guidance_ops,
};

void tui_msg(struct tui *t, enum msg_kind kind, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->msg, sizeof t->msg, fmt, ap);
	va_end(ap);
	t->msg_kind = kind;
}

static void open_screen(struct tui *t, int id)
{
	struct screen *s = &t->screens[id];
	if (s->opened)
		return;
	s->ops = all_ops[id];
	s->error[0] = '\0';
	s->opened = true;
	if (s->ops->open && s->ops->open(t, s) != 0 && !s->error[0])
		snprintf(s->error, sizeof s->error, "%s", _("This screen could not be opened"));
}

static void switch_to(struct tui *t, int id)
{
	struct screen *old = &t->screens[t->cur];
	if (old->opened && old->ops->leave)
		old->ops->leave(t, old);
	open_screen(t, id);
	t->cur = id;
	t->full = true;
	mc_ime_reset(&t->ime);
	/* Post the new screen's forms now: keys typed ahead of the next
	 * frame (a paste, a scanner) must reach them. */
	struct screen *s = &t->screens[id];
	werase(stdscr);
	if (s->ops->enter && !s->error[0] && !t->too_small)
		s->ops->enter(t, s);
	t->entered = true;
}

void tui_go(struct tui *t, int id)
{
	if (id == t->cur)
		return;
	if (t->cur != SCR_LOGIN) {
		/* Going to a screen already on the stack unwinds to it, so Esc
		 * always leads back along a short path. */
		for (int i = 0; i < t->depth; i++)
			if (t->stack[i] == id) {
				t->depth = i;
				switch_to(t, id);
				return;
			}
		if (t->depth < (int)(sizeof t->stack / sizeof t->stack[0]))
			t->stack[t->depth++] = t->cur;
	}
	switch_to(t, id);
}

void tui_back(struct tui *t)
{
	if (t->depth == 0)
		return;
	switch_to(t, t->stack[--t->depth]);
}

/* Idle too long: every screen stays as it was behind the log-in screen. */
static void lock_session(struct tui *t)
{
	t->locked = true;
	t->locked_from = t->cur;
	t->logged_in = false;
	t->depth = 0;
	switch_to(t, SCR_LOGIN);
	tui_msg(t, MSG_INFO, "%s", _("Locked after a while without use: log in again"));
}

void tui_logged_in(struct tui *t)
{
	mc_ticket tk;
	t->ticket[0] = '\0';
	if (t->user.counter > 0 && mc_queue_current(t->store, t->user.counter, &tk, NULL) == MC_OK)
		snprintf(t->ticket, sizeof t->ticket, "%s", tk.ticket);
	t->logged_in = true;
	t->depth = 0;
	int to = t->locked ? t->locked_from : SCR_INTAKE;
	t->locked = false;
	switch_to(t, to);
}

void tui_reset_screens(struct tui *t)
{
	for (int i = 0; i < SCR_COUNT; i++) {
		struct screen *s = &t->screens[i];
		if (i == SCR_LOGIN || !s->opened)
			continue;
		if (s->ops->leave)
			s->ops->leave(t, s);
		if (s->ops->close)
			s->ops->close(t, s);
		s->opened = false;
	}
	t->locked = false;
}

static void draw_small(struct tui *t)
{
	werase(stdscr);
	char buf[400];
	int n0 = snprintf(buf, sizeof buf, _("Window too small: %dx%d, needs 80x24"), COLS, LINES);
	if (t->nheld > 0 && n0 > 0 && (size_t)n0 < sizeof buf)
		snprintf(buf + n0, sizeof buf - (size_t)n0, " · %s",
			 _("what was typed is kept until then"));
	for (int y = 0, o = 0; y < LINES && buf[o]; y++) {
		size_t n = u8_fit(t, buf + o, COLS);
		if (n == 0)
			break;
		char line[400];
		memcpy(line, buf + o, n);
		line[n] = '\0';
		draw_text(t, stdscr, y, 0, COLS, line, t->th.bold, false);
		o += (int)n;
	}
	wnoutrefresh(stdscr);
	doupdate();
}

static void frame(struct tui *t)
{
	struct screen *s = &t->screens[t->cur];
	if (LINES < MIN_LINES || COLS < MIN_COLS) {
		if (!t->too_small && s->ops->leave)
			s->ops->leave(t, s);
		t->too_small = true;
		draw_small(t);
		return;
	}
	if (t->too_small) {
		t->too_small = false;
		t->full = true;
	}
	if (t->full && !t->entered) {
		if (s->ops->leave)
			s->ops->leave(t, s);
		werase(stdscr);
		if (s->ops->enter && !s->error[0])
			s->ops->enter(t, s);
	}
	t->entered = false;
	t->field_msg[0] = '\0';
	/* The screen first (it may open a list, which changes the keys), then
	 * the fixed lines, then the cursor back where the screen left it. */
	if (s->error[0]) {
		for (int y = CONTENT_TOP; y < LINES - 2; y++)
			draw_text(t, stdscr, y, 0, COLS, "", A_NORMAL, true);
		draw_text(t, stdscr, CONTENT_TOP + 1, 1, COLS - 2, s->error, t->th.error, false);
		wmove(stdscr, CONTENT_TOP + 1, 1);
	} else {
		s->ops->draw(t, s, t->full);
	}
	t->full = false;
	int cy, cx;
	getyx(stdscr, cy, cx);
	statusline_draw(t, _(s->ops->title), s->error[0] ? _("Esc back") : s->ops->keys(t, s));
	wmove(stdscr, cy, cx);
	wnoutrefresh(stdscr);
	if (t->overlay) {
		wnoutrefresh(t->overlay);
		setsyx(cy, cx);
	}
	doupdate();
}

static bool ask(struct tui *t, const char *question, bool enter_yes)
{
	for (;;) {
		char q[700];
		snprintf(q, sizeof q, " %s %s ", question, _("(y/n)"));
		draw_text(t, stdscr, LINES - 2, 0, COLS, q, t->th.error, true);
		/* The key line names the answers (it may still show the Esc+digit
		 * hint of the key that asked). */
		draw_text(t, stdscr, LINES - 1, 0, COLS,
			  enter_yes ? _(" y/Enter yes · n/Esc no") : _(" y/c yes · n/k/Esc no"),
			  t->th.keys, true);
		int w = u8_width(t, q);
		wmove(stdscr, LINES - 2, w < COLS ? w : COLS - 1);
		wnoutrefresh(stdscr);
		doupdate();
		tui_key k;
		keys_read(t, &k, 1000);
		if (tui_stop)
			return true;
		if (k.code == TK_TICK || k.code == KEY_RESIZE)
			continue;
		/* y/c (có) or Enter: yes; n/k (không) or Esc: no. */
		if ((enter_yes && tk_is_enter(&k)) || tk_is_char(&k, 'y') || tk_is_char(&k, 'Y') ||
		    tk_is_char(&k, 'c') || tk_is_char(&k, 'C'))
			return true;
		if (k.code == TK_BACK || tk_is_char(&k, 'n') || tk_is_char(&k, 'N') ||
		    tk_is_char(&k, 'k') || tk_is_char(&k, 'K'))
			return false;
	}
}

bool tui_confirm(struct tui *t, const char *question)
{
	return ask(t, question, true);
}

bool tui_confirm_explicit(struct tui *t, const char *question)
{
	return ask(t, question, false);
}

static bool any_dirty(struct tui *t)
{
	for (int i = 0; i < SCR_COUNT; i++) {
		struct screen *s = &t->screens[i];
		if (s->opened && !s->error[0] && s->ops->dirty && s->ops->dirty(t, s))
			return true;
	}
	return false;
}

static void toggle_ime(struct tui *t)
{
	mc_ime_set_method(&t->ime, mc_ime_next_method(t->ime.method));
	tui_msg(t, MSG_INFO, _("Input method: %s"), _(mc_ime_method_name(t->ime.method)));
}

/* Quit, the input-method toggle and redraw come before the screen. */
static bool early_key(struct tui *t, const tui_key *k)
{
	if (tk_is_char(k, TK_CTRL('l'))) {
		clearok(curscr, TRUE);
		t->full = true;
		return true;
	}
	if (k->code == TK_QUIT) {
		if (!any_dirty(t) || tui_confirm(t, _("Typed input will be lost. Quit?")))
			t->quit = true;
		return true;
	}
	if (k->code == TK_IME) {
		toggle_ime(t);
		return true;
	}
	if (k->code == TK_SCAN_BAD) {
		tui_msg(t, MSG_ERROR, "%s", _("The scan could not be read (not UTF-8): nothing was "
					      "filled in, scan again"));
		return true;
	}
	return false;
}

/* Function keys the screen left alone switch screens. */
static bool global_key(struct tui *t, const tui_key *k)
{
	static const struct {
		int fkey, screen;
	} fkeys[] = {
		{1, SCR_HELP},  {2, SCR_INTAKE},  {3, SCR_LOOKUP},
		{4, SCR_RETURN}, {5, SCR_QUEUE},  {6, SCR_SUPERVISOR},
	};
	for (size_t i = 0; i < sizeof fkeys / sizeof fkeys[0]; i++)
		if (k->code == KEY_F(fkeys[i].fkey)) {
			if (!t->logged_in && fkeys[i].screen != SCR_HELP)
				return false;
			tui_go(t, fkeys[i].screen);
			return true;
		}
	return false;
}

void tui_hold(struct tui *t, const tui_key *k)
{
	if (keys_is_typing(k) && t->nheld < KEYS_HELD_MAX)
		t->held[t->nheld++] = *k;
	else
		beep();
}

static void dispatch(struct tui *t, const tui_key *k)
{
	if (k->code == KEY_RESIZE) {
		t->full = true;
		return;
	}
	if (k->code == TK_TICK) {
		if (t->logged_in && t->idle_seconds > 0 &&
		    mc_auth_idle_check(t->store, t->idle_seconds))
			lock_session(t);
		return;
	}
	if (t->logged_in)
		mc_auth_touch(t->store);
	t->msg[0] = '\0';
	t->msg_kind = MSG_NONE;
	if (early_key(t, k))
		return;
	if (t->too_small) {
		tui_hold(t, k);
		return;
	}
	struct screen *s = &t->screens[t->cur];
	int r = s->error[0] ? KEY_UNHANDLED : s->ops->key(t, s, k);
	if (r == KEY_UNHANDLED && !global_key(t, k) && k->code == TK_BACK)
		tui_back(t);
}

static void run(struct tui *t)
{
	frame(t);
	while (!t->quit && !tui_stop) {
		tui_key k;
		keys_read(t, &k, 1000);
		if (tui_stop)
			break;
		dispatch(t, &k);
		if (t->quit)
			break;
		if (k.code != TK_TICK && keys_pending())
			continue;
		frame(t);
		if (!t->too_small && t->nheld > 0) {
			keys_replay(t->held, t->nheld);
			t->nheld = 0;
		}
	}
}

static void on_signal(int sig)
{
	(void)sig;
	tui_stop = 1;
}

/* ---- set-up ------------------------------------------------------------------- */

static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char p[2048];
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		if (unlink(p) != 0 && errno == EISDIR)
			remove_tree(p);
	}
	closedir(d);
	rmdir(dir);
}

static mc_status open_demo(struct tui *t, char *dir, size_t dirsz, mc_error *err)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, dirsz, "%s/motcua-demo-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		mc_error_set(err, MC_ESYS, "cannot create a demo directory %s: %s", dir,
			     strerror(errno));
		dir[0] = '\0';
		return MC_ESYS;
	}
	char path[1100];
	snprintf(path, sizeof path, "%s/demo.db", dir);
	mc_status st = mc_store_open(path, &t->store, err);
	if (st == MC_OK)
		st = mc_demo_populate(t->store, err);
	if (st == MC_OK)
		st = mc_user_get(t->store, MC_DEMO_CLERK, &t->user, err);
	if (st == MC_OK)
		mc_auth_set_actor(t->store, t->user.username, t->user.role);
	t->logged_in = st == MC_OK;
	snprintf(t->receipt_dir, sizeof t->receipt_dir, "%s/receipts", dir);
	return st;
}

static mc_status open_office(struct tui *t, struct cli *cli, mc_error *err)
{
	mc_status st = mc_paths_db(cli->db_opt, cli->db_path, sizeof cli->db_path, err);
	if (st == MC_OK)
		st = cli_db_exists(cli->db_path, err);
	if (st == MC_OK)
		st = mc_store_open(cli->db_path, &t->store, err);
	if (st != MC_OK)
		return st;
	if (mc_store_on_postgres(t->store))
		return mc_error_set(err, MC_EUSAGE, "%s",
				    _("the counter screens work on an office's SQLite database; the "
				      "province's PostgreSQL hub is used through commands (motcua "
				      "--help, docs/hub.md)"));
	const char *rd = mc_env("MOTCUA_RECEIPT_DIR");
	char setting[1024];
	if (rd && *rd) {
		snprintf(t->receipt_dir, sizeof t->receipt_dir, "%s", rd);
	} else if (mc_store_setting_get(t->store, "receipt_dir", setting, sizeof setting, NULL) ==
		   MC_OK) {
		snprintf(t->receipt_dir, sizeof t->receipt_dir, "%s", setting);
	} else {
		snprintf(t->receipt_dir, sizeof t->receipt_dir, "%s", cli->db_path);
		char *slash = strrchr(t->receipt_dir, '/');
		if (slash)
			snprintf(slash + 1, sizeof t->receipt_dir - (size_t)(slash + 1 - t->receipt_dir),
				 "receipts");
		else
			snprintf(t->receipt_dir, sizeof t->receipt_dir, "receipts");
	}
	return MC_OK;
}

static void setup_ime(struct tui *t)
{
	mc_ime_method m = MC_IME_TELEX;
	const char *env = getenv("MOTCUA_IME");
	char setting[32];
	if (env && *env)
		mc_ime_method_parse(env, &m);
	else if (mc_store_setting_get(t->store, "ime", setting, sizeof setting, NULL) == MC_OK)
		mc_ime_method_parse(setting, &m);
	if (!t->utf8)
		m = MC_IME_OFF;
	t->idle_seconds = 15 * 60;
	if (mc_store_setting_get(t->store, "idle_lock_minutes", setting, sizeof setting, NULL) ==
	    MC_OK)
		t->idle_seconds = atoi(setting) * 60;
	const char *idle = mc_env("MOTCUA_IDLE_LOCK");
	if (idle && *idle)
		t->idle_seconds = atoi(idle);
	mc_ime_init(&t->ime, m, MC_TONE_OLD);
	const char *printer = mc_env("MOTCUA_PRINTER");
	static char pset[256];
	if (printer && *printer)
		t->printer = printer;
	else if (mc_store_setting_get(t->store, "receipt_printer", pset, sizeof pset, NULL) ==
		 MC_OK && pset[0])
		t->printer = pset;
}

static int start_curses(struct tui *t, SCREEN **scr)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "motcua: %s\n",
			_("the counter screens need a terminal; see motcua --help for commands"));
		return -1;
	}
	*scr = newterm(NULL, stdout, stdin);
	if (!*scr) {
		fprintf(stderr, _("motcua: cannot use terminal type \"%s\"\n"),
			getenv("TERM") ? getenv("TERM") : "");
		return -1;
	}
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	keys_setup();
	draw_theme_init(t);
	curs_set(1);
	struct sigaction sa = {0};
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	return 0;
}

static void close_all(struct tui *t)
{
	for (int i = 0; i < SCR_COUNT; i++) {
		struct screen *s = &t->screens[i];
		if (s->opened && s->ops->close)
			s->ops->close(t, s);
	}
	if (t->intake_spec) {
		form_spec_free(t->intake_spec);
		free(t->intake_spec);
	}
}

int tui_main(struct cli *cli, bool demo)
{
	struct tui *t = calloc(1, sizeof *t);
	if (!t)
		return MC_ESYS;
	char demo_dir[1024] = "";
	mc_error err = {0};
	mc_status st = demo ? open_demo(t, demo_dir, sizeof demo_dir, &err)
			    : open_office(t, cli, &err);
	if (st == MC_OK)
		st = mc_store_office_get(t->store, &t->office, &err);
	int rc = st;
	SCREEN *scr = NULL;
	if (st != MC_OK) {
		fprintf(stderr, "motcua: %s\n", err.msg);
	} else {
		const char *cs = nl_langinfo(CODESET);
		t->utf8 = cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
		setup_ime(t);
		if (start_curses(t, &scr) != 0) {
			rc = MC_ESYS;
		} else {
			if (cli->user && !t->logged_in)
				snprintf(t->user.username, sizeof t->user.username, "%s", cli->user);
			t->cur = SCR_LOGIN;
			open_screen(t, t->logged_in ? SCR_INTAKE : SCR_LOGIN);
			t->cur = t->logged_in ? SCR_INTAKE : SCR_LOGIN;
			t->full = true;
			run(t);
			close_all(t);
			endwin();
			delscreen(scr);
			rc = 0;
		}
	}
	mc_store_close(t->store);
	if (demo_dir[0])
		remove_tree(demo_dir);
	free(t);
	return rc;
}
