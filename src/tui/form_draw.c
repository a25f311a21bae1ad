/*
 * Drawing a posted form: the parts libform does not draw (labels,
 * brackets, hints, notes and errors beside the fields, radio buttons,
 * checklists) and the cursor. Called every frame; curses sends only the
 * cells that changed, so redrawing unchanged text costs no output.
 */
#include "tform.h"

#include <stdio.h>
#include <string.h>

static int label_w(struct tform *f, const struct form_field_spec *s)
{
	if (!s->label[0])
		return 0;
	return s->labelw ? s->labelw : u8_width(f->t, _(s->label));
}

/* Where the note/error of a field goes (see form.c note_area). */
static void note_place(struct tform *f, const struct tfield *fld, int *y, int *x, int *w)
{
	int end = fld->fcol + fld->width + 1;
	if (fld->spec->hint[0])
		end += 1 + u8_width(f->t, _(fld->spec->hint));
	int start = end + 1, limit = -1;
	bool below = false;
	for (int pass = 0; pass < 2; pass++) {
		int row = fld->frow + pass;
		int from = pass ? fld->fcol : start;
		limit = -1;
		if (row >= CONTENT_TOP + MIN_LINES - 4 || row >= LINES - 2)
			break;
		limit = COLS;
		for (int i = 0; i < f->nfields; i++) {
			const struct tfield *o = &f->fields[i];
			int orow = CONTENT_TOP + o->spec->row;
			int rows = o->spec->type == FT_CHECKLIST ? o->spec->height + 1 : 1;
			if (o == fld || row < orow || row >= orow + rows)
				continue;
			int oend = o->fcol + o->width + 1;
			if (oend > from && o->spec->col < limit)
				limit = o->spec->col > from ? o->spec->col : from;
		}
		for (int i = 0; i < f->spec->ntexts; i++) {
			const struct form_text_spec *tx = &f->spec->texts[i];
			int xend = tx->col + u8_width(f->t, _(tx->text));
			if (CONTENT_TOP + tx->row == row && xend > from && tx->col < limit)
				limit = tx->col > from ? tx->col : from;
		}
		if (limit - from - 1 >= 16) {
			below = pass == 1;
			start = from;
			break;
		}
		limit = -1;
	}
	if (limit < 0 || fld->spec->type == FT_CHECKLIST) {
		*w = 0;
		return;
	}
	*y = fld->frow + (below ? 1 : 0);
	*x = start;
	*w = limit - start - (limit < COLS ? 1 : 0);
}

static void draw_choice(struct tform *f, struct tfield *fld, bool cur)
{
	struct tui *t = f->t;
	int x = fld->fcol - 1;
	for (int i = 0; i < fld->spec->noptions; i++) {
		const char *lab = _(fld->spec->options[i].label);
		bool on = i == fld->choice;
		const char *mark = on ? (t->utf8 ? "(\u2022)" : "(*)") : "( )";
		draw_text(t, stdscr, fld->frow, x, 3, mark, on && cur ? t->th.select : A_NORMAL,
			  false);
		int lw = u8_width(t, lab);
		draw_text(t, stdscr, fld->frow, x + 4, lw, lab, on ? t->th.bold : A_NORMAL,
			  false);
		draw_text(t, stdscr, fld->frow, x + 4 + lw, 2, "", A_NORMAL, true);
		x += 4 + lw + 2;
	}
}

static void draw_checklist(struct tform *f, struct tfield *fld, bool cur)
{
	struct tui *t = f->t;
	const struct form_field_spec *s = fld->spec;
	int h = s->height, w = fld->width;
	if (s->label[0]) {
		char more[64] = "";
		if (fld->nitems > h)
			snprintf(more, sizeof more, " %d-%d/%d %s", fld->top_item + 1,
				 fld->top_item + h < fld->nitems ? fld->top_item + h : fld->nitems,
				 fld->nitems, t->utf8 ? "\u2191\u2193" : "^v");
		int lw = u8_width(t, _(s->label));
		draw_text(t, stdscr, fld->frow - 1, s->col, lw, _(s->label),
			  fld->error[0] ? t->th.error : t->th.title, false);
		draw_text(t, stdscr, fld->frow - 1, s->col + lw, w - lw, more, t->th.hint, true);
	}
	for (int r = 0; r < h; r++) {
		int i = fld->top_item + r;
		int y = fld->frow + r;
		if (i >= fld->nitems) {
			const char *empty = r == 0 && fld->nitems == 0
				? (s->source[0] ? _("(choose the procedure first)") : "") : "";
			draw_text(t, stdscr, y, s->col, w, empty, t->th.hint, true);
			continue;
		}
		draw_text(t, stdscr, y, s->col, 4, fld->checks[i] ? "[x] " : "[ ] ",
			  A_NORMAL, false);
		attr_t a = cur && i == fld->cur_item ? t->th.select : A_NORMAL;
		draw_text(t, stdscr, y, s->col + 4, w - 4, fld->items[i], a, true);
	}
}

static void draw_field(struct tform *f, struct tfield *fld, bool cur)
{
	struct tui *t = f->t;
	const struct form_field_spec *s = fld->spec;
	int lw = label_w(f, s);
	if (s->type != FT_CHECKLIST && lw)
		draw_text(t, stdscr, fld->frow, s->col, lw, _(s->label),
			  fld->error[0] ? t->th.error : t->th.label, true);
	if (s->type == FT_CHOICE) {
		draw_choice(f, fld, cur);
	} else if (s->type == FT_CHECKLIST) {
		draw_checklist(f, fld, cur);
		return;
	} else {
		attr_t b = cur ? t->th.select | A_BOLD : A_NORMAL;
		draw_text(t, stdscr, fld->frow, fld->fcol - 1, 1, "[", b, false);
		draw_text(t, stdscr, fld->frow, fld->fcol + fld->width, 1, "]", b, false);
	}
	int hx = fld->fcol + fld->width + 2;
	if (s->hint[0])
		draw_text(t, stdscr, fld->frow, hx, u8_width(t, _(s->hint)), _(s->hint),
			  t->th.hint, false);
	int ny = 0, nx = 0, nw = 0;
	note_place(f, fld, &ny, &nx, &nw);
	const char *txt = fld->error[0] ? fld->error : fld->note;
	/* A field that never showed a note leaves its area to the screen. */
	if (nw > 0 && (txt[0] || fld->note_shown)) {
		fld->note_shown = txt[0] != '\0';
		char buf[320];
		snprintf(buf, sizeof buf, "%s%s", fld->error[0] ? "! " : "", txt);
		draw_text(t, stdscr, ny, nx, nw, txt[0] ? buf : "",
			  fld->error[0] ? t->th.error : t->th.hint, true);
	}
}

void tform_cursor(struct tform *f)
{
	struct tfield *fld = tform_current(f);
	if (!f->posted || !fld)
		return;
	if (fld->spec->type == FT_CHOICE) {
		int x = fld->fcol - 1;
		for (int i = 0; i < fld->choice; i++) /* none chosen (-1): first */
			x += 4 + u8_width(f->t, _(fld->spec->options[i].label)) + 2;
		wmove(stdscr, fld->frow, x + 1);
	} else if (fld->spec->type == FT_CHECKLIST) {
		wmove(stdscr, fld->frow + fld->cur_item - fld->top_item, fld->fcol);
	} else {
		pos_form_cursor(f->form);
	}
}

void tform_draw(struct tform *f)
{
	if (!f->posted)
		return;
	struct tui *t = f->t;
	for (int i = 0; i < f->spec->ntexts; i++) {
		const struct form_text_spec *x = &f->spec->texts[i];
		draw_text(t, stdscr, CONTENT_TOP + x->row, x->col, COLS - x->col, _(x->text),
			  x->bold ? t->th.title : A_NORMAL, false);
	}
	struct tfield *cur = tform_current(f);
	for (int i = 0; i < f->nfields; i++)
		draw_field(f, &f->fields[i], &f->fields[i] == cur);
	if (cur && cur->error[0])
		snprintf_trunc(t->field_msg, sizeof t->field_msg, "%s: %s",
			       cur->spec->label[0] ? _(cur->spec->label) : cur->spec->name,
			       cur->error);
	if (cur && field_is_picker(cur) && f->drop_stale && !keys_pending())
		picker_update(f, cur);
	if (cur && cur->spec->type == FT_PROCEDURE && !f->drop_open && !f->used_shut &&
	    !keys_pending()) {
		char buf[8];
		field_text(f, cur, buf, sizeof buf);
		if (!buf[0])
			picker_open_used(f, cur);
	}
	picker_draw(f);
	tform_cursor(f);
}

const char *tform_keys(struct tform *f)
{
	struct tfield *fld = tform_current(f);
	if (!fld)
		return "";
	if (f->drop_open && f->drop_numbered)
		return _("1-9 or ↑↓ Enter take · Esc close list");
	if (f->drop_open)
		return _("↑↓ choose · Enter take · Esc close list");
	switch (fld->spec->type) {
	case FT_CHOICE:
		return _("Space/←→ change");
	case FT_CHECKLIST:
		return _("1-9/Space tick · a all · ↑↓ move");
	case FT_PROCEDURE:
		return _("Type to search · ↓ most used");
	case FT_ADDRESS:
		return _("Type to search");
	default:
		return _("Tab/Enter next · Shift-Tab back");
	}
}
