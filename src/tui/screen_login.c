/*
 * Log-in screen (forms/login.form): user name, then password; Enter on
 * the password submits. The check is the core's (mc_user_login: yescrypt,
 * lock-out after five failures), which never says which part was wrong.
 */
#include "tform.h"

#include <stdlib.h>
#include <string.h>

struct login {
	struct form_spec spec;
	struct tform *form;
};

static int login_open(struct tui *t, struct screen *s)
{
	struct login *l = calloc(1, sizeof *l);
	if (!l)
		return -1;
	s->priv = l;
	if (form_spec_load_named("login", &l->spec, s->error, sizeof s->error) ||
	    form_spec_require(&l->spec, "username", FT_TEXT, s->error, sizeof s->error) ||
	    form_spec_require(&l->spec, "password", FT_PASSWORD, s->error, sizeof s->error))
		return -1;
	l->form = tform_new(t, &l->spec, s->error, sizeof s->error);
	if (!l->form)
		return -1;
	if (t->user.username[0]) {
		tform_set_text(l->form, "username", t->user.username);
		tform_focus(l->form, "password");
	}
	return 0;
}

static void login_close(struct tui *t, struct screen *s)
{
	struct login *l = s->priv;
	if (!l)
		return;
	tform_free(l->form);
	form_spec_free(&l->spec);
	free(l);
	s->priv = NULL;
}

static void login_enter(struct tui *t, struct screen *s)
{
	struct login *l = s->priv;
	tform_post(l->form);
	if (t->locked) {
		tform_set_text(l->form, "username", t->user.username);
		tform_focus(l->form, "password");
	}
}

static void login_leave(struct tui *t, struct screen *s)
{
	struct login *l = s->priv;
	if (l && l->form)
		tform_unpost(l->form);
}

static void login_draw(struct tui *t, struct screen *s, bool full)
{
	struct login *l = s->priv;
	if (full) {
		int w = u8_width(t, t->office.name);
		draw_text(t, stdscr, CONTENT_TOP + 1, (COLS - w) / 2 > 0 ? (COLS - w) / 2 : 0, COLS,
			  t->office.name, t->th.bold, false);
		const char *sub = _("One-stop counter");
		w = u8_width(t, sub);
		draw_text(t, stdscr, CONTENT_TOP + 2, (COLS - w) / 2 > 0 ? (COLS - w) / 2 : 0, COLS,
			  sub, A_NORMAL, false);
	}
	tform_draw(l->form);
}

static void try_login(struct tui *t, struct login *l)
{
	char user[64], pass[256];
	tform_value(l->form, "username", user, sizeof user);
	tform_value(l->form, "password", pass, sizeof pass);
	if (!user[0]) {
		tform_focus(l->form, "username");
		tui_msg(t, MSG_ERROR, "%s", _("Type your user name"));
		return;
	}
	mc_error err = {0};
	mc_user u;
	mc_status st = mc_user_login(t->store, user, pass, &u, &err);
	memset(pass, 0, sizeof pass);
	tform_set_text(l->form, "password", "");
	if (st != MC_OK) {
		tform_focus(l->form, "password");
		if (strstr(err.msg, "lock"))
			tui_msg(t, MSG_ERROR, "%s", err.msg);
		else
			tui_msg(t, MSG_ERROR, "%s", _("Wrong user name or password"));
		return;
	}
	bool same = strcmp(u.username, t->user.username) == 0;
	if (t->locked && !same) {
		/* Someone else at a locked counter: nothing typed by the
		 * previous clerk stays behind. */
		tui_reset_screens(t);
	}
	t->user = u;
	tui_logged_in(t);
	tui_msg(t, MSG_INFO, _("Welcome, %s"), u.full_name);
}

static int login_key(struct tui *t, struct screen *s, const tui_key *k)
{
	struct login *l = s->priv;
	if (k->code == TK_BACK)
		return KEY_HANDLED;
	int r = tform_key(l->form, k);
	if (r == TF_SUBMIT)
		try_login(t, l);
	return r == TF_UNHANDLED ? KEY_UNHANDLED : KEY_HANDLED;
}

static const char *login_keys(struct tui *t, struct screen *s)
{
	return _("Enter next/log in · Tab next field · F1 help");
}

const struct screen_ops login_ops = {
	.title = N_("Log in"),
	.open = login_open,
	.draw = login_draw,
	.key = login_key,
	.close = login_close,
	.keys = login_keys,
	.leave = login_leave,
	.enter = login_enter,
};
