/*
 * Return of results (F4, Trả kết quả): find the dossier by its code (as
 * scanned from the appointment slip, or its tail, a CCCD, a phone number
 * or a name when only one dossier matches), record who received the
 * result and how (at the counter or by post), and mark it returned: the
 * lifecycle's MC_STEP_RESULT first when the result was not yet recorded,
 * then MC_STEP_RETURN. Afterwards the citizen may rate the service (1-3).
 * A receipt scanned anywhere on this screen (a burst of keys ending in
 * Enter) loads its dossier ready to return: F10 confirms, a digit rates.
 */
#include "fees_tui.h"
#include "tform.h"
#include "view.h"

#include "motcua/dossier.h"
#include "motcua/lifecycle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ret {
	struct form_spec spec;
	struct tform *form;
	mc_dossier *d;
	bool loaded;
	char loaded_query[256];
	bool rating;
	char rated_code[64];
	char fields_for[64];  /* the dossier whose details fill the fields */
	char keys[300];
	struct key_burst burst;
};

static int ret_open(struct tui *t, struct screen *s)
{
	struct ret *r = calloc(1, sizeof *r);
	if (!r)
		return -1;
	s->priv = r;
	if (!(r->d = calloc(1, sizeof *r->d)))
		return -1;
	if (form_spec_load_named("return", &r->spec, s->error, sizeof s->error) ||
	    form_spec_require(&r->spec, "code", FT_TEXT, s->error, sizeof s->error) ||
	    form_spec_require(&r->spec, "receiver", FT_VNTEXT, s->error, sizeof s->error) ||
	    form_spec_require(&r->spec, "how", FT_CHOICE, s->error, sizeof s->error))
		return -1;
	const struct form_field_spec *how = form_spec_field(&r->spec, "how");
	for (int i = 0; i < how->noptions; i++)
		if (strcmp(how->options[i].key, "counter") && strcmp(how->options[i].key, "post")) {
			snprintf(s->error, sizeof s->error,
				 "%s:%d: options of how must be counter and post, not %s",
				 r->spec.path, how->line, how->options[i].key);
			return -1;
		}
	r->form = tform_new(t, &r->spec, s->error, sizeof s->error);
	return r->form ? 0 : -1;
}

static void ret_close(struct tui *t, struct screen *s)
{
	struct ret *r = s->priv;
	if (!r)
		return;
	tform_free(r->form);
	form_spec_free(&r->spec);
	free(r->d);
	free(r);
	s->priv = NULL;
}

struct one {
	mc_dossier *d;
	int n;
};

static int keep_first(const mc_dossier *d, void *ctx)
{
	struct one *o = ctx;
	if (o->n++ == 0)
		*o->d = *d;
	return o->n > 1;
}

/* Load the dossier the code field names; fills the receiver's name. */
static bool load(struct tui *t, struct ret *r)
{
	char q[256];
	tform_value(r->form, "code", q, sizeof q);
	r->loaded = false;
	if (!q[0]) {
		tform_set_error(r->form, "code", _("Required"));
		return false;
	}
	mc_error err = {0};
	if (mc_dossier_get(t->store, q, r->d, &err) != MC_OK) {
		struct one o = {r->d, 0};
		mc_dossier_find(t->store, q, 2, keep_first, &o, &err);
		if (o.n != 1) {
			tform_set_error(r->form, "code", o.n ? _("Several dossiers match: type the "
								  "whole code or use F3")
							     : _("No dossier with this code"));
			return false;
		}
	}
	r->loaded = true;
	tform_set_text(r->form, "code", r->d->code);
	snprintf(r->loaded_query, sizeof r->loaded_query, "%s", r->d->code);
	/* Another dossier: every field comes from it, nothing stays from the
	 * one looked up before (its receiver would be saved on this one). What
	 * the clerk typed for this same dossier is kept. */
	if (strcmp(r->fields_for, r->d->code) != 0) {
		tform_set_text(r->form, "receiver", r->d->applicant.name);
		tform_set_text(r->form, "how", "counter");
		snprintf(r->fields_for, sizeof r->fields_for, "%s", r->d->code);
	}
	tform_focus(r->form, "receiver");
	return true;
}

static void ret_enter(struct tui *t, struct screen *s)
{
	struct ret *r = s->priv;
	tform_post(r->form);
	if (t->return_code[0]) {
		tform_clear(r->form);
		r->fields_for[0] = '\0';
		tform_set_text(r->form, "code", t->return_code);
		t->return_code[0] = '\0';
		load(t, r);
	} else if (r->loaded) {
		mc_dossier_get(t->store, r->d->code, r->d, NULL);
	}
}

static void ret_leave(struct tui *t, struct screen *s)
{
	struct ret *r = s->priv;
	if (r && r->form)
		tform_unpost(r->form);
}

static void draw_summary(struct tui *t, struct ret *r)
{
	int y = CONTENT_TOP + 5;
	char line[900], tl[96], due[32];
	for (int i = 0; i < 4; i++)
		draw_text(t, stdscr, y + i, 0, COLS, "", A_NORMAL, true);
	if (r->rating) {
		draw_text(t, stdscr, y, 1, COLS - 2, _("Please rate the service:"), t->th.bold, true);
		draw_text(t, stdscr, y + 1, 3, COLS - 4,
			  _("1 Very satisfied   2 Satisfied   3 Not satisfied   (Esc: skip)"),
			  A_NORMAL, true);
		return;
	}
	if (!r->loaded)
		return;
	const mc_dossier *d = r->d;
	tui_timeliness_text(t, d, tl, sizeof tl);
	tui_time_text(d->due_at, due, sizeof due);
	snprintf(line, sizeof line, "%s · %s", d->applicant.name, d->procedure_name);
	draw_text(t, stdscr, y, 1, COLS - 2, line, t->th.bold, true);
	snprintf(line, sizeof line, "%s: %s · %s: %s%s%s", _("Status"),
		 tui_status_label(d->status), _("Appointment"), due, tl[0] ? " · " : "", tl);
	draw_text(t, stdscr, y + 1, 1, COLS - 2, line, A_NORMAL, true);
	snprintf(line, sizeof line, "%s: %s · %s %s", _("Applicant"), d->applicant.name, _("ID"),
		 d->applicant.id_number);
	draw_text(t, stdscr, y + 2, 1, COLS - 2, line, A_NORMAL, true);
}

static void ret_draw(struct tui *t, struct screen *s, bool full)
{
	struct ret *r = s->priv;
	draw_summary(t, r);
	tform_draw(r->form);
	if (r->rating)
		wmove(stdscr, CONTENT_TOP + 6, 3);
}

static bool allowed(mc_dossier_status st, mc_step_kind k)
{
	mc_step_kind v[MC_STEP_COUNT];
	size_t n = mc_step_allowed(st, v, MC_STEP_COUNT);
	for (size_t i = 0; i < n; i++)
		if (v[i] == k)
			return true;
	return false;
}

static mc_status do_return(struct tui *t, struct ret *r, const char *who, const char *by,
			   mc_error *err)
{
	mc_step step = {.code = r->d->code, .user = t->user.username};
	if (r->d->status != MC_DS_READY && allowed(r->d->status, MC_STEP_RESULT)) {
		step.kind = MC_STEP_RESULT;
		mc_status st = mc_dossier_step(t->store, &step, r->d, err);
		if (st != MC_OK)
			return st;
	}
	step.kind = MC_STEP_RETURN;
	step.to = who;
	step.by = by;
	return mc_dossier_step(t->store, &step, r->d, err);
}

static void rate(struct tui *t, struct ret *r, int n)
{
	mc_error err = {0};
	if (mc_dossier_rate(t->store, r->rated_code, n, t->user.username, &err) != MC_OK)
		tui_msg(t, MSG_ERROR, "%s", err.msg);
	else
		tui_msg(t, MSG_INFO, _("Thank you: rating recorded for %s"), r->rated_code);
}

static void save(struct tui *t, struct ret *r)
{
	char q[256];
	tform_value(r->form, "code", q, sizeof q);
	if ((!r->loaded || strcmp(q, r->loaded_query) != 0) && !load(t, r))
		return;
	if (tform_validate(r->form))
		return;
	if (r->d->status == MC_DS_RETURNED) {
		tform_set_error(r->form, "code", _("Already returned"));
		tform_focus(r->form, "code");
		return;
	}
	/* No result recorded yet: returning records it, so the clerk says so. */
	if (r->d->status != MC_DS_READY && allowed(r->d->status, MC_STEP_RESULT)) {
		char ask[300];
		snprintf(ask, sizeof ask, _("Status \"%s\", no result yet. Record the result and "
					"return?"), tui_status_label(r->d->status));
		if (!tui_confirm_explicit(t, ask)) {
			tui_msg(t, MSG_INFO, "%s", _("Not returned: nothing recorded"));
			return;
		}
	}
	char who[300], by[16];
	tform_value(r->form, "receiver", who, sizeof who);
	tform_value(r->form, "how", by, sizeof by);
	mc_error err = {0};
	if (do_return(t, r, who, by, &err) != MC_OK) {
		tui_msg(t, MSG_ERROR, _("Not saved: %s"), err.msg);
		return;
	}
	tui_msg(t, MSG_INFO, _("Returned %s to %s"), r->d->code, who);
	fees_collect_run(t, r->d, true);   /* a fee collected at return (fees_tui.c) */
	snprintf(r->rated_code, sizeof r->rated_code, "%s", r->d->code);
	tform_clear(r->form);
	r->fields_for[0] = '\0';
	r->loaded = false;
	r->rating = true;
}

static int key_plain(struct tui *t, struct ret *r, const tui_key *k);

/* A scan: a new citizen's receipt, whatever was on the screen. */
static void ret_burst(struct tui *t, struct ret *r, const struct key_burst *b)
{
	if (b->enter && b->text[0] && mc_dossier_get(t->store, b->text, r->d, NULL) == MC_OK) {
		r->rating = false;
		tform_clear(r->form);
		r->fields_for[0] = '\0';
		tform_set_text(r->form, "code", b->text);
		load(t, r);
		return;
	}
	for (int i = 0; i < b->n; i++)
		key_plain(t, r, &b->keys[i]);
}

static int ret_key(struct tui *t, struct screen *s, const tui_key *k)
{
	struct ret *r = s->priv;
	if (keys_may_scan(k) && keys_burst(t, k, &r->burst)) {
		ret_burst(t, r, &r->burst);
		return KEY_HANDLED;
	}
	return key_plain(t, r, k);
}

static int key_plain(struct tui *t, struct ret *r, const tui_key *k)
{
	if (r->rating) {
		if (k->code == 0 && k->ch >= '1' && k->ch <= '3') {
			r->rating = false;
			rate(t, r, (int)(k->ch - '0'));
		} else if (k->code == TK_BACK || tk_is_enter(k)) {
			r->rating = false;
		} else if (k->code != 0) {
			return KEY_UNHANDLED;
		}
		return KEY_HANDLED;
	}
	struct tfield *cur = tform_current(r->form);
	if (cur && strcmp(cur->spec->name, "code") == 0 && tk_is_enter(k)) {
		load(t, r);
		return KEY_HANDLED;
	}
	int rc = tform_key(r->form, k);
	if (rc == TF_SUBMIT)
		save(t, r);
	if (rc == TF_HANDLED && cur && strcmp(cur->spec->name, "code") == 0 && r->loaded) {
		char q[256];
		tform_value(r->form, "code", q, sizeof q);
		r->loaded = strcmp(q, r->loaded_query) == 0;
	}
	return rc == TF_UNHANDLED ? KEY_UNHANDLED : KEY_HANDLED;
}

static const char *ret_keys(struct tui *t, struct screen *s)
{
	struct ret *r = s->priv;
	if (r->rating)
		return _("1 2 3 rate · Esc skip");
	snprintf(r->keys, sizeof r->keys, "%s · %s · %s", _("Enter find the code"),
		 _("F10 Mark returned"), tform_keys(r->form));
	return r->keys;
}

static bool ret_dirty(struct tui *t, struct screen *s)
{
	struct ret *r = s->priv;
	return r && r->form && tform_dirty(r->form);
}

const struct screen_ops return_ops = {
	.title = N_("Return results"),
	.open = ret_open,
	.draw = ret_draw,
	.key = ret_key,
	.close = ret_close,
	.keys = ret_keys,
	.dirty = ret_dirty,
	.leave = ret_leave,
	.enter = ret_enter,
};
