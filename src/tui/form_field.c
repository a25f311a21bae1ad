/*
 * What each field type accepts, how it is typed (Vietnamese text through
 * the built-in input method, patching the libform buffer by the engine's
 * erase/insert instructions), how it is checked (messages in the clerk's
 * language, shown next to the field, never erasing what was typed) and
 * what value it stores.
 */
#include "tform.h"

#include "motcua/calendar.h"
#include "motcua/catalog.h"
#include "motcua/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_anchor(const struct tfield *fld)
{
	return fld->spec->type == FT_CHOICE || fld->spec->type == FT_CHECKLIST;
}

static int u8_count(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

void field_text(struct tform *f, struct tfield *fld, char *buf, size_t bufsz)
{
	buf[0] = '\0';
	if (is_anchor(fld) || bufsz == 0)
		return;
	if (f->posted && fld == tform_current(f) && !tform_window_cut(f))
		form_driver(f->form, REQ_VALIDATION);
	const char *b = field_buffer(fld->f, 0);
	if (!b)
		return;
	b += strspn(b, " ");
	size_t n = strlen(b);
	while (n > 0 && b[n - 1] == ' ')
		n--;
	if (n >= bufsz) {
		n = bufsz - 1;
		while (n > 0 && ((unsigned char)b[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(buf, b, n);
	buf[n] = '\0';
}

bool field_accepts(const struct tfield *fld, uint32_t cp)
{
	bool digit = cp >= '0' && cp <= '9';
	switch (fld->spec->type) {
	case FT_DIGITS:
		return digit;
	case FT_DATE:
		return digit || cp == '/' || cp == '-' || cp == '.';
	case FT_PHONE:
		return digit || cp == ' ' || cp == '.' || cp == '-' || cp == '+' || cp == '(' ||
		       cp == ')';
	default:
		return true;
	}
}

/* Patch the focused libform field as the input method says. */
static void apply_edit(struct tform *f, const mc_ime_edit *e)
{
	bool ok = true;
	for (int i = 0; i < e->erase; i++)
		ok = form_driver(f->form, REQ_DEL_PREV) == E_OK && ok;
	for (const char *p = e->insert; *p;) {
		uint32_t cp;
		int n = u8_decode(p, &cp);
		if (n <= 0)
			break;
		p += n;
		ok = form_driver_w(f->form, OK, (wchar_t)cp) == E_OK && ok;
	}
	if (!ok)
		mc_ime_reset(&f->t->ime);
}

static bool uses_ime(struct tform *f, const struct tfield *fld)
{
	return (fld->spec->type == FT_VNTEXT || fld->spec->type == FT_ADDRESS) && f->t->utf8 &&
	       f->t->ime.method != MC_IME_OFF;
}

void field_type_char(struct tform *f, struct tfield *fld, uint32_t cp)
{
	struct tui *t = f->t;
	if ((!t->utf8 && cp >= 0x80) || cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
		beep();
		return;
	}
	mc_ime_edit e = {0};
	if (uses_ime(f, fld)) {
		mc_ime_key(&t->ime, cp, &e);
	} else {
		int n = u8_encode(cp, e.insert);
		e.insert[n] = '\0';
	}
	char cur[2048];
	field_text(f, fld, cur, sizeof cur);
	if (u8_count(cur) - e.erase + u8_count(e.insert) > fld->spec->max) {
		beep();
		mc_ime_reset(&t->ime);
		tui_msg(t, MSG_ERROR, _("This field holds at most %d characters"), fld->spec->max);
		return;
	}
	apply_edit(f, &e);
}

void tform_insert_raw(struct tform *f, struct tfield *fld, const char *text)
{
	if (is_anchor(fld) || !f->posted || fld != tform_current(f))
		return;
	char cur[2048];
	field_text(f, fld, cur, sizeof cur);
	int room = fld->spec->max - u8_count(cur);
	mc_ime_reset(&f->t->ime);
	for (const char *p = text; *p && room > 0;) {
		uint32_t cp;
		int n = u8_decode(p, &cp);
		if (n <= 0)
			break;
		p += n;
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (!f->t->utf8 && cp >= 0x80) ||
		    !field_accepts(fld, cp))
			continue;
		if (form_driver_w(f->form, OK, (wchar_t)cp) == E_OK)
			room--;
	}
	f->dirty = true;
	fld->error[0] = '\0';
	if (field_is_picker(fld) && fld->picked[0])
		fld->picked[0] = fld->note[0] = '\0';
	f->drop_stale = true;
}

void field_backspace(struct tform *f, struct tfield *fld)
{
	mc_ime_edit e;
	if (uses_ime(f, fld) && mc_ime_backspace(&f->t->ime, &e)) {
		apply_edit(f, &e);
		return;
	}
	mc_ime_reset(&f->t->ime);
	form_driver(f->form, REQ_DEL_PREV);
}

/* dd/mm/yyyy (or with - or .), or yyyy-mm-dd → YYYY-MM-DD. */
static bool parse_date(const char *s, char *iso, size_t isosz)
{
	int d, m, y;
	char c1, c2, tail;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && strlen(s) == 10) {
		/* ISO */
	} else if (sscanf(s, "%2d%c%2d%c%4d%c", &d, &c1, &m, &c2, &y, &tail) == 5 &&
		   c1 == c2 && (c1 == '/' || c1 == '-' || c1 == '.') && y >= 1000) {
		/* dd/mm/yyyy */
	} else {
		return false;
	}
	if (!mc_date_valid(y, m, d) || y < 1900 || y > 2100)
		return false;
	snprintf(iso, isosz, "%04d-%02d-%02d", y, m, d);
	return true;
}

static bool procedure_code(struct tform *f, struct tfield *fld, const char *text, char *code,
			   size_t codesz)
{
	if (fld->picked[0]) {
		snprintf(code, codesz, "%s", fld->picked);
		return true;
	}
	char first[32];
	size_t n = strcspn(text, " ");
	if (n == 0 || n >= sizeof first)
		return false;
	memcpy(first, text, n);
	first[n] = '\0';
	mc_procedure *p = malloc(sizeof *p);
	bool ok = p && mc_procedure_code_valid(first) &&
		  mc_catalog_get(f->t->store, first, p, NULL) == MC_OK;
	free(p);
	if (ok)
		snprintf(code, codesz, "%s", first);
	return ok;
}

static bool validate_text(struct tform *f, struct tfield *fld, const char *text)
{
	const struct form_field_spec *s = fld->spec;
	char tmp[64];
	int n = u8_count(text);
	switch (s->type) {
	case FT_DIGITS:
		if (!mc_text_is_digits(text) || n < s->min || n > s->max) {
			if (s->min == s->max)
				snprintf(fld->error, sizeof fld->error, _("Must be %d digits"), s->max);
			else
				snprintf(fld->error, sizeof fld->error, _("Must be %d to %d digits"),
					 s->min ? s->min : 1, s->max);
			return false;
		}
		return true;
	case FT_DATE:
		if (!parse_date(text, tmp, sizeof tmp)) {
			snprintf(fld->error, sizeof fld->error, "%s", _("Not a date (dd/mm/yyyy)"));
			return false;
		}
		return true;
	case FT_PHONE:
		switch (mc_text_phone_check(text, tmp, sizeof tmp)) {
		case MC_PHONE_OK:
			return true;
		case MC_PHONE_CHARS:
			snprintf(fld->error, sizeof fld->error, "%s",
				 _("Only digits (e.g. 0912 345 678)"));
			return false;
		case MC_PHONE_LENGTH:
			snprintf(fld->error, sizeof fld->error, "%s",
				 _("A mobile has 10 digits, a landline 11"));
			return false;
		default:
			snprintf(fld->error, sizeof fld->error, "%s",
				 _("A mobile starts 03 05 07 08 09, a landline 02"));
			return false;
		}
	case FT_PROCEDURE:
		if (!procedure_code(f, fld, text, tmp, sizeof tmp)) {
			snprintf(fld->error, sizeof fld->error, "%s",
				 _("Choose a procedure from the list"));
			return false;
		}
		return true;
	default:
		if (s->min && n < s->min) {
			snprintf(fld->error, sizeof fld->error, _("At least %d characters"), s->min);
			return false;
		}
		return true;
	}
}

bool field_validate(struct tform *f, struct tfield *fld)
{
	fld->error[0] = '\0';
	const struct form_field_spec *s = fld->spec;
	if (s->type == FT_CHOICE)
		return true;
	if (s->type == FT_CHECKLIST) {
		bool any = false;
		for (int i = 0; i < fld->nitems; i++)
			any = any || fld->checks[i];
		if (s->required && !any) {
			snprintf(fld->error, sizeof fld->error, "%s", _("Tick at least one"));
			return false;
		}
		return true;
	}
	char text[2048];
	field_text(f, fld, text, sizeof text);
	if (!text[0]) {
		if (s->required)
			snprintf(fld->error, sizeof fld->error, "%s", _("Required"));
		return !s->required;
	}
	return validate_text(f, fld, text);
}

void field_value(struct tform *f, struct tfield *fld, char *buf, size_t bufsz)
{
	const struct form_field_spec *s = fld->spec;
	buf[0] = '\0';
	if (s->type == FT_CHOICE) {
		if (fld->choice >= 0)
			snprintf(buf, bufsz, "%s", s->options[fld->choice].key);
		return;
	}
	if (s->type == FT_CHECKLIST) {
		size_t o = 0;
		for (int i = 0; i < fld->nitems && i < s->noptions; i++)
			if (fld->checks[i] && o + strlen(s->options[i].key) + 2 < bufsz)
				o += (size_t)snprintf(buf + o, bufsz - o, "%s%s", o ? "," : "",
						      s->options[i].key);
		return;
	}
	char text[2048];
	field_text(f, fld, text, sizeof text);
	if (s->type == FT_DATE && parse_date(text, buf, bufsz))
		return;
	if (s->type == FT_PHONE && bufsz >= 16 && mc_text_phone_normalize(text, buf, bufsz))
		return;
	if (s->type == FT_PROCEDURE) {
		if (!procedure_code(f, fld, text, buf, bufsz))
			buf[0] = '\0';
		return;
	}
	u8_copy(buf, bufsz, text);
}

char *tform_value(struct tform *f, const char *name, char *buf, size_t bufsz)
{
	struct tfield *fld = tform_field(f, name);
	buf[0] = '\0';
	if (fld)
		field_value(f, fld, buf, bufsz);
	return buf;
}

void tform_set_text(struct tform *f, const char *name, const char *text)
{
	struct tfield *fld = tform_field(f, name);
	if (!fld)
		return;
	if (fld->spec->type == FT_CHOICE) {
		for (int i = 0; i < fld->spec->noptions; i++)
			if (strcmp(fld->spec->options[i].key, text) == 0)
				fld->choice = i;
		return;
	}
	if (is_anchor(fld))
		return;
	char *ascii = f->t->utf8 ? NULL : draw_ascii(text);
	set_field_buffer(fld->f, 0, ascii ? ascii : text);
	free(ascii);
	fld->error[0] = '\0';
	snprintf(fld->last_text, sizeof fld->last_text, "%s", text);
	if (f->posted && fld == tform_current(f)) {
		mc_ime_reset(&f->t->ime);
		form_driver(f->form, REQ_END_FIELD);
	}
}

void tform_set_items(struct tform *f, const char *name, const char *const *items, int n,
		     bool checked)
{
	struct tfield *fld = tform_field(f, name);
	if (!fld || fld->spec->type != FT_CHECKLIST)
		return;
	if (n > FORM_MAX_ITEMS)
		n = FORM_MAX_ITEMS;
	free(fld->items);
	fld->items = n ? calloc((size_t)n, sizeof *fld->items) : NULL;
	fld->nitems = fld->items ? n : 0;
	for (int i = 0; i < fld->nitems; i++) {
		u8_copy(fld->items[i], sizeof fld->items[i], items[i]);
		fld->checks[i] = checked;
	}
	fld->cur_item = fld->top_item = 0;
	fld->error[0] = '\0';
}

void tform_set_note(struct tform *f, const char *name, const char *note)
{
	struct tfield *fld = tform_field(f, name);
	if (fld)
		u8_copy(fld->note, sizeof fld->note, note ? note : "");
}

void tform_set_error(struct tform *f, const char *name, const char *msg)
{
	struct tfield *fld = tform_field(f, name);
	if (fld)
		u8_copy(fld->error, sizeof fld->error, msg ? msg : "");
}

void tform_clear(struct tform *f)
{
	picker_close(f);
	mc_ime_reset(&f->t->ime);
	for (int i = 0; i < f->nfields; i++) {
		struct tfield *fld = &f->fields[i];
		if (!is_anchor(fld))
			set_field_buffer(fld->f, 0, "");
		fld->choice = fld->spec->required ? 0 : -1;
		if (fld->spec->type == FT_CHECKLIST && fld->spec->source[0]) {
			free(fld->items);
			fld->items = NULL;
			fld->nitems = 0;
		}
		memset(fld->checks, 0, sizeof fld->checks);
		fld->cur_item = fld->top_item = 0;
		fld->picked[0] = fld->note[0] = fld->error[0] = fld->last_text[0] = '\0';
	}
	set_current_field(f->form, f->farr[0]);
	f->used_shut = false;
	f->holding = false;
	for (int i = 0; i < f->nfields; i++)
		if (!is_anchor(&f->fields[i]))
			set_field_back(f->farr[i], i == 0 ? f->t->th.field_cur : f->t->th.field);
	f->dirty = false;
}

int tform_validate(struct tform *f)
{
	int bad = 0;
	struct tfield *first = NULL;
	for (int i = 0; i < f->nfields; i++)
		if (!field_validate(f, &f->fields[i])) {
			bad++;
			if (!first)
				first = &f->fields[i];
		}
	if (first) {
		char keep[sizeof first->error];
		snprintf(keep, sizeof keep, "%s", first->error);
		tform_focus(f, first->spec->name);
		snprintf(first->error, sizeof first->error, "%s", keep);
	}
	return bad;
}

int tform_extra_json(struct tform *f, const char *const *known, char *buf, size_t bufsz)
{
	size_t len = 0;
	if (bufsz < 3)
		return -1;
	buf[len++] = '{';
	buf[len] = '\0';
	for (int i = 0; i < f->nfields; i++) {
		struct tfield *fld = &f->fields[i];
		bool is_known = false;
		for (const char *const *k = known; *k; k++)
			is_known = is_known || strcmp(*k, fld->spec->name) == 0;
		if (is_known)
			continue;
		char v[2048];
		field_value(f, fld, v, sizeof v);
		if (v[0] && !extra_put(buf, bufsz, &len, fld->spec->name, v))
			return -1;
	}
	if (len + 2 > bufsz)
		return -1;
	buf[len++] = '}';
	buf[len] = '\0';
	return (int)len;
}

bool tform_dirty(const struct tform *f)
{
	return f->dirty;
}
