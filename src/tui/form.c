/*
 * The runtime side of a form: lays out a form_spec on the screen (labels,
 * brackets, notes), creates the libform fields, draws what libform does
 * not (radio buttons, checklists, errors next to fields) and routes keys.
 * libform owns the text, the cursor inside a field and the field order;
 * this file owns everything around it. Typing itself (input method,
 * allowed characters) is in form_field.c, drop-down lists in form_picker.c.
 */
#include "tform.h"

#include <stdlib.h>
#include <string.h>

static bool is_anchor(const struct tfield *fld)
{
	return fld->spec->type == FT_CHOICE || fld->spec->type == FT_CHECKLIST;
}

static int label_width(struct tui *t, const struct form_field_spec *s)
{
	if (!s->label[0])
		return 0;
	return s->labelw ? s->labelw : u8_width(t, _(s->label));
}

/* Columns used by a choice: "(•) Label  " per option. */
static int choice_width(struct tui *t, const struct form_field_spec *s)
{
	int w = 0;
	for (int i = 0; i < s->noptions; i++)
		w += 4 + u8_width(t, _(s->options[i].label)) + 2;
	return w;
}

static int layout(struct tform *f, struct tfield *fld, char *err, size_t errsz)
{
	const struct form_field_spec *s = fld->spec;
	int lw = label_width(f->t, s);
	fld->frow = CONTENT_TOP + s->row;
	if (s->type == FT_CHECKLIST) {
		fld->frow += s->label[0] ? 1 : 0;
		fld->fcol = s->col + 1;
		fld->width = s->width < MIN_COLS - s->col ? s->width : MIN_COLS - s->col;
		return 0;
	}
	fld->fcol = s->col + (lw ? lw + 1 : 0) + 1;
	if (s->type == FT_CHOICE) {
		fld->width = choice_width(f->t, s);
		return 0;
	}
	fld->width = s->width;
	if (fld->fcol + fld->width + 1 > MIN_COLS)
		fld->width = MIN_COLS - 1 - fld->fcol;
	if (fld->width < 4) {
		snprintf(err, errsz, "%s:%d: field %s does not fit in 80 columns with its label",
			 f->spec->path, s->line, s->name);
		return -1;
	}
	return 0;
}

static FIELD *make_field(struct tform *f, struct tfield *fld)
{
	bool anchor = is_anchor(fld);
	FIELD *x = new_field(1, anchor ? 1 : fld->width, fld->frow, fld->fcol, 0, 0);
	if (!x)
		return NULL;
	set_field_userptr(x, fld);
	field_opts_off(x, O_AUTOSKIP | O_BLANK);
	if (anchor) {
		field_opts_off(x, O_EDIT | O_PUBLIC);
		set_field_back(x, A_NORMAL);
		return x;
	}
	field_opts_off(x, O_STATIC);
	set_max_field(x, fld->spec->max);
	set_field_back(x, f->t->th.field);
	if (fld->spec->type == FT_PASSWORD)
		field_opts_off(x, O_PUBLIC);
	return x;
}

static void static_items(struct tfield *fld)
{
	const struct form_field_spec *s = fld->spec;
	if (s->type != FT_CHECKLIST || s->source[0])
		return;
	fld->items = calloc((size_t)s->noptions, sizeof *fld->items);
	if (!fld->items)
		return;
	for (int i = 0; i < s->noptions; i++)
		snprintf(fld->items[i], sizeof fld->items[i], "%s", _(s->options[i].label));
	fld->nitems = s->noptions;
}

struct tform *tform_new(struct tui *t, const struct form_spec *spec, char *err, size_t errsz)
{
	struct tform *f = calloc(1, sizeof *f);
	if (!f) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	f->t = t;
	f->spec = spec;
	f->nfields = spec->nfields;
	f->keep_field = -1;
	f->fields = calloc((size_t)spec->nfields, sizeof *f->fields);
	f->farr = calloc((size_t)spec->nfields + 1, sizeof *f->farr);
	if (!f->fields || !f->farr) {
		snprintf(err, errsz, "out of memory");
		tform_free(f);
		return NULL;
	}
	for (int i = 0; i < f->nfields; i++) {
		f->fields[i].spec = &spec->fields[i];
		if (layout(f, &f->fields[i], err, errsz)) {
			tform_free(f);
			return NULL;
		}
		static_items(&f->fields[i]);
		f->fields[i].choice = spec->fields[i].required ? 0 : -1;
		if (!(f->fields[i].f = f->farr[i] = make_field(f, &f->fields[i]))) {
			snprintf(err, errsz, "%s:%d: curses refused field %s", spec->path,
				 spec->fields[i].line, spec->fields[i].name);
			tform_free(f);
			return NULL;
		}
	}
	f->form = new_form(f->farr);
	if (!f->form) {
		snprintf(err, errsz, "%s: curses refused the form (overlapping fields?)",
			 spec->path);
		tform_free(f);
		return NULL;
	}
	set_form_userptr(f->form, f);
	form_opts_off(f->form, O_BS_OVERLOAD | O_NL_OVERLOAD);
	return f;
}

void tform_free(struct tform *f)
{
	if (!f)
		return;
	tform_unpost(f);
	if (f->form)
		free_form(f->form);
	for (int i = 0; f->farr && i < f->nfields; i++)
		if (f->farr[i])
			free_field(f->farr[i]);
	for (int i = 0; f->fields && i < f->nfields; i++)
		free(f->fields[i].items);
	free(f->drop);
	free(f->farr);
	free(f->fields);
	free(f);
}

struct tfield *tform_current(struct tform *f)
{
	FIELD *c = current_field(f->form);
	return c ? field_userptr(c) : NULL;
}

struct tfield *tform_field(struct tform *f, const char *name)
{
	for (int i = 0; i < f->nfields; i++)
		if (strcmp(f->fields[i].spec->name, name) == 0)
			return &f->fields[i];
	return NULL;
}

static void apply_backs(struct tform *f)
{
	struct tfield *cur = tform_current(f);
	for (int i = 0; i < f->nfields; i++) {
		struct tfield *x = &f->fields[i];
		if (!is_anchor(x))
			set_field_back(x->f, x == cur ? f->t->th.field_cur : f->t->th.field);
	}
}

/* post_form puts the cursor at the start of the focused field. Put it back
 * where tform_unpost saw it (a field's one line scrolls: curcol counts
 * columns of the whole buffer), or at the end of what the field holds. */
static void restore_cursor(struct tform *f)
{
	struct tfield *cur = tform_current(f);
	int keep = f->keep_field, col = f->keep_col;
	f->keep_field = -1;
	if (!cur || is_anchor(cur))
		return;
	if (keep != (int)(cur - f->fields) || col <= 0) {
		form_driver(f->form, REQ_END_FIELD);
		return;
	}
	form_driver(f->form, REQ_BEG_FIELD);
	for (int i = 0; i < col && f->form->curcol < col; i++)
		if (form_driver(f->form, REQ_NEXT_CHAR) != E_OK)
			break;
}

void tform_post(struct tform *f)
{
	if (f->posted)
		return;
	set_form_win(f->form, stdscr);
	set_form_sub(f->form, stdscr);
	f->posted = post_form(f->form) == E_OK;
	if (!f->posted)
		return;
	f->post_cols = COLS;
	f->post_lines = LINES;
	f->holding = false;
	apply_backs(f);
	/* The keys held meanwhile (tui_hold) come next, from the main loop,
	 * and go where the cursor was, as if the resize had not happened. */
	restore_cursor(f);
}

void tform_unpost(struct tform *f)
{
	picker_close(f);
	if (f->posted) {
		/* After a resize the field's window no longer holds what was
		 * typed (curses cut it to the new width, ^@ and blanks where it
		 * was cut): the buffer, kept current after every key, is what
		 * counts, so it is not read back from the window then. */
		if (!tform_window_cut(f))
			form_driver(f->form, REQ_VALIDATION);
		struct tfield *cur = tform_current(f);
		f->keep_field = cur && !is_anchor(cur) ? (int)(cur - f->fields) : -1;
		f->keep_col = f->form->curcol;
		unpost_form(f->form);
	}
	f->posted = false;
}

void tform_focus(struct tform *f, const char *name)
{
	struct tfield *fld = tform_field(f, name);
	if (!fld || fld == tform_current(f))
		return;
	picker_close(f);
	mc_ime_reset(&f->t->ime);
	f->used_shut = false;
	set_current_field(f->form, f->farr[fld - f->fields]);
	apply_backs(f);
	if (f->posted && !is_anchor(fld))
		form_driver(f->form, REQ_END_FIELD);
}

static bool needs_input(struct tform *f, struct tfield *fld)
{
	if (fld->spec->type == FT_CHECKLIST) {
		if (fld->nitems == 0)
			return false;
		for (int i = 0; i < fld->nitems; i++)
			if (fld->checks[i])
				return false;
		return true;
	}
	if (is_anchor(fld) || !fld->spec->required)
		return false;
	char buf[8];
	field_text(f, fld, buf, sizeof buf);
	return buf[0] == '\0';
}

struct tfield *tform_first_empty(struct tform *f, const struct tfield *after)
{
	int start = after ? (int)(after - f->fields) + 1 : 0;
	for (int k = 0; k < f->nfields; k++) {
		struct tfield *fld = &f->fields[(start + k) % f->nfields];
		if (fld != after && needs_input(f, fld))
			return fld;
	}
	return NULL;
}

void tform_focus_field(struct tform *f, struct tfield *fld)
{
	if (fld)
		tform_focus(f, fld->spec->name);
}

/* Leave the focused field: check what was typed (an empty field is only
 * reported at save time), close its list, forget the word being typed. */
static void leave_field(struct tform *f, struct tfield *fld)
{
	picker_close(f);
	mc_ime_reset(&f->t->ime);
	if (!fld || is_anchor(fld))
		return;
	char buf[16];
	field_text(f, fld, buf, sizeof buf);
	if (buf[0])
		field_validate(f, fld);
}

static void goto_field(struct tform *f, int req)
{
	leave_field(f, tform_current(f));
	f->used_shut = false;
	form_driver(f->form, req);
	apply_backs(f);
	struct tfield *cur = tform_current(f);
	if (cur && !is_anchor(cur))
		form_driver(f->form, REQ_END_FIELD);
	if (cur && cur->spec->type == FT_CHECKLIST) {
		cur->cur_item = req == REQ_PREV_FIELD && cur->nitems ? cur->nitems - 1 : 0;
		if (cur->cur_item < cur->top_item || cur->cur_item >= cur->top_item + cur->spec->height)
			cur->top_item = cur->cur_item - cur->spec->height + 1 > 0
						? cur->cur_item - cur->spec->height + 1 : 0;
	}
}

static bool is_last(struct tform *f)
{
	return field_index(current_field(f->form)) == f->nfields - 1;
}

static void changed(struct tform *f, struct tfield *fld)
{
	f->dirty = true;
	fld->error[0] = '\0';
	if (f->on_change)
		f->on_change(f, fld, f->ctx);
}

static int key_choice(struct tform *f, struct tfield *fld, const tui_key *k)
{
	int n = fld->spec->noptions;
	if (tk_is_char(k, ' ') || k->code == KEY_RIGHT)
		fld->choice = (fld->choice + 1) % n;
	else if (k->code == KEY_LEFT)
		fld->choice = fld->choice <= 0 ? n - 1 : fld->choice - 1;
	else if (k->code == 0 && k->ch >= '1' && k->ch < '1' + (uint32_t)n)
		fld->choice = (int)(k->ch - '1');
	else
		return TF_UNHANDLED;
	changed(f, fld);
	return TF_HANDLED;
}

static void checklist_scroll(struct tfield *fld)
{
	int h = fld->spec->height;
	if (fld->cur_item < fld->top_item)
		fld->top_item = fld->cur_item;
	if (fld->cur_item >= fld->top_item + h)
		fld->top_item = fld->cur_item - h + 1;
}

static int key_checklist(struct tform *f, struct tfield *fld, const tui_key *k)
{
	int n = fld->nitems;
	if (k->code == KEY_DOWN && fld->cur_item + 1 < n) {
		fld->cur_item++;
	} else if (k->code == KEY_UP && fld->cur_item > 0) {
		fld->cur_item--;
	} else if (k->code == KEY_NPAGE && n) {
		fld->cur_item = fld->cur_item + fld->spec->height < n ? fld->cur_item + fld->spec->height
								       : n - 1;
	} else if (k->code == KEY_PPAGE) {
		fld->cur_item = fld->cur_item > fld->spec->height ? fld->cur_item - fld->spec->height
								  : 0;
	} else if (tk_is_char(k, ' ') && n) {
		fld->checks[fld->cur_item] = !fld->checks[fld->cur_item];
		changed(f, fld);
	} else if (k->code == 0 && k->ch >= '1' && k->ch <= '9' && (int)(k->ch - '1') < n) {
		/* One key per paper: its number ticks it (or unticks it). */
		fld->cur_item = (int)(k->ch - '1');
		fld->checks[fld->cur_item] = !fld->checks[fld->cur_item];
		changed(f, fld);
	} else if ((tk_is_char(k, 'a') || tk_is_char(k, 'A') || tk_is_char(k, '*')) && n) {
		bool all = true;
		for (int i = 0; i < n; i++)
			all = all && fld->checks[i];
		for (int i = 0; i < n; i++)
			fld->checks[i] = !all;
		changed(f, fld);
	} else {
		return TF_UNHANDLED;
	}
	checklist_scroll(fld);
	return TF_HANDLED;
}

static int key_text(struct tform *f, struct tfield *fld, const tui_key *k)
{
	static const struct {
		int code;
		uint32_t ch;
		int req;
	} moves[] = {
		{KEY_LEFT, 0, REQ_PREV_CHAR}, {KEY_RIGHT, 0, REQ_NEXT_CHAR},
		{KEY_HOME, 0, REQ_BEG_FIELD}, {KEY_END, 0, REQ_END_FIELD},
		{0, TK_CTRL('a'), REQ_BEG_FIELD}, {0, TK_CTRL('e'), REQ_END_FIELD},
	};
	for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++)
		if (k->code == moves[i].code && (k->code || k->ch == moves[i].ch)) {
			mc_ime_reset(&f->t->ime);
			form_driver(f->form, moves[i].req);
			return TF_HANDLED;
		}
	int req = 0;
	if (k->code == KEY_DC)
		req = REQ_DEL_CHAR;
	else if (tk_is_char(k, TK_CTRL('u')))
		req = REQ_CLR_FIELD;
	else if (tk_is_char(k, TK_CTRL('k')))
		req = REQ_CLR_EOF;
	if (req) {
		mc_ime_reset(&f->t->ime);
		form_driver(f->form, req);
	} else if (k->code == KEY_BACKSPACE) {
		field_backspace(f, fld);
	} else if (tk_is_text(k)) {
		if (!field_accepts(fld, k->ch)) {
			beep();
			tui_msg(f->t, MSG_ERROR, "%s", fld->spec->type == FT_DATE
				? _("Type the date as dd/mm/yyyy")
				: _("Only digits here"));
			return TF_HANDLED;
		}
		field_type_char(f, fld, k->ch);
	} else {
		return TF_UNHANDLED;
	}
	if (field_is_picker(fld) && fld->picked[0]) {
		fld->picked[0] = '\0';
		fld->note[0] = '\0';
	}
	/* What was typed goes into the buffer at once (see tform_unpost). */
	form_driver(f->form, REQ_VALIDATION);
	changed(f, fld);
	f->drop_stale = true;
	return TF_HANDLED;
}

bool tform_window_cut(const struct tform *f)
{
	return f->posted && (COLS != f->post_cols || LINES != f->post_lines);
}

int tform_key(struct tform *f, const tui_key *k)
{
	/* The terminal was resized under a burst of keys (curses resized the
	 * screen before the main loop saw KEY_RESIZE): post again at the new
	 * size from the buffers before any key edits a cut window. */
	if (tform_window_cut(f)) {
		tform_unpost(f);
		if (COLS >= MIN_COLS && LINES >= MIN_LINES)
			tform_post(f);
		else
			f->holding = true;
	}
	if (f->holding && !f->posted) {
		tui_hold(f->t, k);
		return TF_HANDLED;
	}
	struct tfield *fld = tform_current(f);
	if (!f->posted || !fld)
		return TF_UNHANDLED;
	if (f->drop_open) {
		int r = picker_key(f, fld, k);
		if (r != TF_UNHANDLED) {
			/* A pick moves on to the next field that needs input
			 * (after a scan most are filled already). */
			bool digit = k->code == 0 && k->ch >= '1' && k->ch <= '9';
			if ((tk_is_enter(k) || digit) && fld->picked[0] && !f->drop_open) {
				struct tfield *e = tform_first_empty(f, fld);
				if (e)
					tform_focus_field(f, e);
				else if (!is_last(f))
					goto_field(f, REQ_NEXT_FIELD);
			}
			return r;
		}
	}
	if (k->code == TK_SAVE)
		return TF_SUBMIT;
	if (fld->spec->type == FT_CHECKLIST && key_checklist(f, fld, k) == TF_HANDLED)
		return TF_HANDLED;
	if (fld->spec->type == FT_CHOICE && key_choice(f, fld, k) == TF_HANDLED)
		return TF_HANDLED;
	if (tk_is_enter(k)) {
		if (is_last(f)) {
			leave_field(f, fld);
			return TF_SUBMIT;
		}
		/* Enter skips ahead to the next field that still needs input
		 * (Tab visits every field). */
		struct tfield *e = tform_first_empty(f, fld);
		if (e && e > fld) {
			leave_field(f, fld);
			tform_focus_field(f, e);
		} else {
			goto_field(f, REQ_NEXT_FIELD);
		}
		return TF_HANDLED;
	}
	if (k->code == KEY_DOWN && fld->spec->type == FT_PROCEDURE && !f->drop_open) {
		char buf[8];
		field_text(f, fld, buf, sizeof buf);
		if (!buf[0]) {
			picker_open_used(f, fld);
			if (f->drop_open)
				return TF_HANDLED;
		}
	}
	if (tk_is_char(k, '\t') || k->code == KEY_DOWN) {
		goto_field(f, REQ_NEXT_FIELD);
		return TF_HANDLED;
	}
	if (k->code == KEY_BTAB || k->code == KEY_UP) {
		goto_field(f, REQ_PREV_FIELD);
		return TF_HANDLED;
	}
	if (!is_anchor(fld))
		return key_text(f, fld, k);
	return TF_UNHANDLED;
}
