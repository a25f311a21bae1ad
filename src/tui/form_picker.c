/*
 * Picker fields: the procedure picker (type part of a name without
 * diacritics, or a code, and choose from the catalog; the clerk's most used
 * procedures come first, and ↓ in the empty field lists them) and the address
 * picker (the words after the last comma are looked up among the 2025
 * communes and the pre-2025 ones merged into them; picking an old name
 * writes today's commune and province). The list is a libmenu menu in a
 * window laid over stdscr, so closing it only needs stdscr copied again:
 * nothing underneath is redrawn or re-posted.
 */
#include "tform.h"

#include "motcua/catalog.h"
#include "motcua/citizen.h"
#include "motcua/text.h"
#include "motcua/units.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PICK_MAX 40
/* After a digit on the numbered list: how long the dot of a code
 * ("1.001193") may take to follow it. */
#define CODE_WAIT_MS 250
#define DROP_ROWS 8
/* How far back the clerk's habits count. */
#define USE_DAYS 90

bool field_is_picker(const struct tfield *fld)
{
	return fld->spec->type == FT_PROCEDURE || fld->spec->type == FT_ADDRESS;
}

struct collect {
	struct pick *v;
	int n;
};

static void fmt_vnd(int64_t v, char *buf, size_t bufsz)
{
	char digits[32];
	snprintf(digits, sizeof digits, "%lld", (long long)(v < 0 ? -v : v));
	size_t n = strlen(digits), o = 0;
	if (v < 0 && o + 1 < bufsz)
		buf[o++] = '-';
	for (size_t i = 0; i < n && o + 2 < bufsz; i++) {
		if (i && (n - i) % 3 == 0)
			buf[o++] = '.';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
}

static int proc_cb(const mc_procedure *p, int uses, void *ctx)
{
	(void)uses;
	struct collect *c = ctx;
	if (c->n >= PICK_MAX)
		return 1;
	struct pick *k = &c->v[c->n++];
	char dl[64], fee[32];
	snprintf_trunc(k->label, sizeof k->label, "%s %s", p->code, p->name);
	snprintf(k->value, sizeof k->value, "%s", p->code);
	tui_deadline_text(p->deadline, p->unit, dl, sizeof dl);
	fmt_vnd(p->fee, fee, sizeof fee);
	snprintf(k->note, sizeof k->note, "%s · %s đ", dl, fee);
	return 0;
}

static int unit_cb(const mc_unit *u, void *ctx)
{
	struct collect *c = ctx;
	if (c->n >= PICK_MAX)
		return 1;
	struct pick *k = &c->v[c->n++];
	snprintf(k->value, sizeof k->value, "%s, %s", u->name, u->province);
	if (u->old_name[0]) {
		snprintf_trunc(k->label, sizeof k->label, "%s %s %s, %s", u->old_name,
			 _("(old) →"), u->name, u->province);
		snprintf(k->note, sizeof k->note, _("formerly %s"), u->old_name);
	} else {
		snprintf(k->label, sizeof k->label, "%s, %s", u->name, u->province);
		k->note[0] = '\0';
	}
	return 0;
}

/* Part of an address the picker looks up: after the last comma. */
static const char *address_query(const char *text)
{
	const char *c = strrchr(text, ',');
	const char *q = c ? c + 1 : text;
	return q + strspn(q, " ");
}

static void destroy_menu(struct tform *f)
{
	if (f->menu) {
		unpost_menu(f->menu);
		free_menu(f->menu);
		f->menu = NULL;
	}
	if (f->items) {
		for (int i = 0; f->items[i]; i++)
			free_item(f->items[i]);
		free(f->items);
		f->items = NULL;
	}
	if (f->dropsub)
		delwin(f->dropsub);
	if (f->dropwin)
		delwin(f->dropwin);
	if (f->t->overlay == f->dropwin)
		f->t->overlay = NULL;
	if (f->dropwin)
		touchwin(stdscr);
	f->dropsub = f->dropwin = NULL;
}

void picker_close(struct tform *f)
{
	destroy_menu(f);
	f->drop_open = false;
}

void picker_update(struct tform *f, struct tfield *fld)
{
	char text[600];
	field_text(f, fld, text, sizeof text);
	f->drop_stale = false;
	if (strcmp(text, fld->last_text) == 0)
		return;
	snprintf(fld->last_text, sizeof fld->last_text, "%s", text);
	const char *q = fld->spec->type == FT_ADDRESS ? address_query(text) : text;
	char fold[600];
	if (mc_text_fold_buf(q, fold, sizeof fold) == (size_t)-1 || strlen(fold) < 2) {
		picker_close(f);
		return;
	}
	struct pick *v = calloc(PICK_MAX, sizeof *v);
	if (!v)
		return;
	struct collect c = {v, 0};
	mc_error err;
	mc_status st = fld->spec->type == FT_PROCEDURE
		? mc_catalog_ranked(f->t->store, f->t->user.username, USE_DAYS, q, PICK_MAX,
				    proc_cb, &c, &err)
		: mc_units_find(f->t->store, q, PICK_MAX, unit_cb, &c, &err);
	if (st != MC_OK || c.n == 0) {
		free(v);
		picker_close(f);
		if (st != MC_OK)
			tui_msg(f->t, MSG_ERROR, "%s", err.msg);
		else if (fld->spec->type == FT_PROCEDURE)
			tui_msg(f->t, MSG_INFO, "%s", _("No procedure matches; try fewer words"));
		return;
	}
	free(f->drop);
	f->drop = v;
	f->ndrop = c.n;
	f->drop_sel = 0;
	f->drop_open = true;
	f->drop_numbered = false;
	f->drop_moved = false;
}

/* Every word of the address part typed is a whole word of the unit: Enter
 * may take it without the clerk choosing it. */
static bool whole_match(struct tform *f, struct tfield *fld, const struct pick *p)
{
	char text[600], q[600], l[700];
	field_text(f, fld, text, sizeof text);
	if (mc_text_fold_buf(address_query(text), q, sizeof q) == (size_t)-1 ||
	    mc_text_fold_buf(p->label, l, sizeof l) == (size_t)-1)
		return false;
	for (char *w = strtok(q, " "); w; w = strtok(NULL, " ")) {
		bool found = false;
		size_t n = strlen(w);
		for (const char *t = l; *t && !found;) {
			t += strspn(t, " ");
			size_t tn = strcspn(t, " ");
			found = tn == n && strncmp(t, w, n) == 0;
			t += tn;
		}
		if (!found)
			return false;
	}
	return true;
}

void picker_open_used(struct tform *f, struct tfield *fld)
{
	if (fld->spec->type != FT_PROCEDURE)
		return;
	struct pick *v = calloc(PICK_MAX, sizeof *v);
	if (!v)
		return;
	struct collect c = {v, 0};
	mc_error err;
	if (mc_catalog_ranked(f->t->store, f->t->user.username, USE_DAYS, NULL, PICK_MAX, proc_cb,
			      &c, &err) != MC_OK || c.n == 0) {
		free(v);
		return;
	}
	/* One digit picks one of the first nine. */
	for (int i = 0; i < c.n; i++) {
		char l[sizeof v[i].label];
		snprintf(l, sizeof l, "%s", v[i].label);
		if (i < 9)
			snprintf_trunc(v[i].label, sizeof v[i].label, "%d %s", i + 1, l);
		else
			snprintf_trunc(v[i].label, sizeof v[i].label, "  %s", l);
	}
	free(f->drop);
	f->drop = v;
	f->ndrop = c.n;
	f->drop_sel = 0;
	f->drop_open = true;
	f->drop_numbered = true;
	f->drop_stale = false;
	fld->last_text[0] = '\0';
}

void picker_typed_fast(struct tform *f)
{
	if (!f->drop_open || !f->drop_numbered)
		return;
	picker_close(f);
	f->used_shut = true;
}

static void pick(struct tform *f, struct tfield *fld, int i)
{
	const struct pick *p = &f->drop[i];
	if (fld->spec->type == FT_PROCEDURE) {
		const char *l = p->label;
		if (f->drop_numbered) {  /* without its number */
			l += strspn(l, "0123456789");
			l += strspn(l, " ");
		}
		tform_set_text(f, fld->spec->name, l);
	} else {
		char text[600], out[1200];
		field_text(f, fld, text, sizeof text);
		char *c = strrchr(text, ',');
		if (c)
			c[1] = '\0';
		snprintf(out, sizeof out, "%s%s%s", c ? text : "", c ? " " : "", p->value);
		tform_set_text(f, fld->spec->name, out);
	}
	snprintf(fld->picked, sizeof fld->picked, "%s", p->value);
	snprintf(fld->note, sizeof fld->note, "%s", p->note);
	fld->error[0] = '\0';
	mc_ime_reset(&f->t->ime);
	picker_close(f);
	f->dirty = true;
	if (f->on_change)
		f->on_change(f, fld, f->ctx);
}

int picker_key(struct tform *f, struct tfield *fld, const tui_key *k)
{
	int page = DROP_ROWS;
	if (k->code == KEY_DOWN || k->code == KEY_UP || k->code == KEY_NPAGE || k->code == KEY_PPAGE)
		f->drop_moved = true;
	if (k->code == KEY_DOWN)
		f->drop_sel = f->drop_sel + 1 < f->ndrop ? f->drop_sel + 1 : f->drop_sel;
	else if (k->code == KEY_UP)
		f->drop_sel = f->drop_sel > 0 ? f->drop_sel - 1 : 0;
	else if (k->code == KEY_NPAGE)
		f->drop_sel = f->drop_sel + page < f->ndrop ? f->drop_sel + page : f->ndrop - 1;
	else if (k->code == KEY_PPAGE)
		f->drop_sel = f->drop_sel > page ? f->drop_sel - page : 0;
	else if (tk_is_enter(k) && fld->spec->type == FT_ADDRESS && !f->drop_moved &&
		 !whole_match(f, fld, &f->drop[f->drop_sel])) {
		/* Text that names no unit stays as typed (it would have become
		 * another province's commune); Enter goes on as in any field. */
		picker_close(f);
		return TF_UNHANDLED;
	} else if (tk_is_enter(k))
		pick(f, fld, f->drop_sel);
	else if (f->drop_numbered && k->code == 0 && k->ch >= '1' && k->ch <= '9' &&
		 (int)(k->ch - '1') < f->ndrop) {
		/* "1.001193" typed: a code, not the first of the list. */
		tui_key next;
		if (keys_peek(f->t, &next, CODE_WAIT_MS) && tk_is_char(&next, '.')) {
			picker_typed_fast(f);
			return TF_UNHANDLED;
		}
		pick(f, fld, (int)(k->ch - '1'));
	}
	else if (k->code == TK_BACK) {
		f->used_shut = f->drop_numbered;
		picker_close(f);
	}
	else {
		if (tk_is_char(k, '\t') || k->code == KEY_BTAB)
			picker_close(f);
		return TF_UNHANDLED;
	}
	return TF_HANDLED;
}

static bool build_menu(struct tform *f, int h, int w)
{
	f->items = calloc((size_t)f->ndrop + 1, sizeof *f->items);
	if (!f->items)
		return false;
	for (int i = 0; i < f->ndrop; i++) {
		struct pick *p = &f->drop[i];
		char *ascii = f->t->utf8 ? NULL : draw_ascii(p->label);
		const char *src = ascii ? ascii : p->label;
		size_t n = u8_fit(f->t, src, w - 3);
		n = n < sizeof p->shown - 1 ? n : sizeof p->shown - 1;
		memcpy(p->shown, src, n);
		p->shown[n] = '\0';
		if (!p->shown[0])
			snprintf(p->shown, sizeof p->shown, "?");
		free(ascii);
		if (!(f->items[i] = new_item(p->shown, "")))
			return false;
	}
	f->menu = new_menu(f->items);
	if (!f->menu)
		return false;
	menu_opts_off(f->menu, O_SHOWDESC);
	set_menu_win(f->menu, f->dropwin);
	set_menu_sub(f->menu, f->dropsub);
	set_menu_format(f->menu, h - 2, 1);
	set_menu_mark(f->menu, " ");
	set_menu_fore(f->menu, f->t->th.select);
	set_menu_back(f->menu, A_NORMAL);
	if (post_menu(f->menu) != E_OK)
		return false;
	set_current_item(f->menu, f->items[f->drop_sel]);
	return true;
}

void picker_draw(struct tform *f)
{
	destroy_menu(f);
	struct tfield *fld = tform_current(f);
	if (!f->drop_open || !fld || f->ndrop == 0)
		return;
	int rows = f->ndrop < DROP_ROWS ? f->ndrop : DROP_ROWS;
	int h = rows + 2, x = fld->fcol - 1, w = COLS - x - 1;
	if (w > 78)
		w = 78;
	if (w < 30) {
		w = COLS < 30 ? COLS : 30;
		x = COLS - w;
	}
	int y = fld->frow + 1;
	/* The list shown before typing leaves what a scan filled in view. */
	for (int i = 0; f->drop_numbered && i < f->nfields; i++) {
		struct tfield *o = &f->fields[i];
		char buf[8];
		field_text(f, o, buf, sizeof buf);
		bool filled = buf[0] || (o->spec->type == FT_CHOICE && o->choice >= 0 &&
					 !o->spec->required);
		int below = o->frow + (o->note[0] ? 2 : 1);
		if (o != fld && filled && below > y && below + h <= LINES - 2)
			y = below;
	}
	if (y + h > LINES - 2)
		y = fld->frow - h;
	if (y < 1 || w < 10)
		return;
	f->dropwin = newwin(h, w, y, x);
	f->dropsub = f->dropwin ? derwin(f->dropwin, h - 2, w - 2, 1, 1) : NULL;
	if (!f->dropsub) {
		destroy_menu(f);
		return;
	}
	draw_box(f->t, f->dropwin);
	if (!build_menu(f, h, w)) {
		destroy_menu(f);
		return;
	}
	f->t->overlay = f->dropwin;
}
