/*
 * Intake (F2, Tiếp nhận hồ sơ): forms/intake.form filled by the clerk,
 * saved with mc_dossier_intake. The fields this screen knows by name map
 * to mc_intake; every other field of the file goes to the dossier's
 * `extra` JSON. Choosing the procedure loads its required papers into the
 * checklist and previews the appointment. A CCCD QR scanner (which types
 * "ID|old ID|name|birth date|sex|address|issue date" and Enter) fills the
 * applicant in one go. After saving, the code and the appointment fill
 * the screen and the receipt is written (and printed when configured).
 */
#include "tform.h"
#include "receipt.h"

#include "motcua/catalog.h"
#include "motcua/cccd.h"
#include "motcua/clock.h"
#include "motcua/dossier.h"
#include "motcua/holidays.h"
#include "motcua/queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const known[] = {"procedure", "applicant_name", "id_number", "phone",
				    "address", "documents", NULL};

struct intake {
	struct tform *form;
	mc_procedure *proc;
	bool has_proc;
	char due[96];
	bool scanning;
	char scan[600];
	bool saved;
	mc_dossier *last;
	char receipt[1200];
	bool receipt_ok;
	char keys[300];
};

const struct form_spec *tui_intake_spec(struct tui *t, char *err, size_t errsz)
{
	if (t->intake_spec)
		return t->intake_spec;
	struct form_spec *s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	if (form_spec_load_named("intake", s, err, errsz) ||
	    form_spec_require(s, "procedure", FT_PROCEDURE, err, errsz) ||
	    form_spec_require(s, "applicant_name", FT_VNTEXT, err, errsz) ||
	    form_spec_require(s, "id_number", FT_DIGITS, err, errsz) ||
	    form_spec_require(s, "phone", FT_PHONE, err, errsz)) {
		form_spec_free(s);
		free(s);
		return NULL;
	}
	const struct form_field_spec *a = form_spec_field(s, "address");
	const struct form_field_spec *d = form_spec_field(s, "documents");
	if ((a && form_spec_require(s, "address", FT_ADDRESS, err, errsz)) ||
	    (d && form_spec_require(s, "documents", FT_CHECKLIST, err, errsz))) {
		form_spec_free(s);
		free(s);
		return NULL;
	}
	t->intake_spec = s;
	return s;
}

static void preview_due(struct tui *t, struct intake *in)
{
	mc_office_calendar oc;
	int64_t due;
	in->due[0] = '\0';
	if (mc_office_calendar_load(t->store, &oc, NULL) != MC_OK)
		return;
	if (mc_calendar_due(&oc.cal, mc_clock_now(), in->proc->deadline, in->proc->unit, &due,
			    NULL) == MC_OK) {
		char iso[17];
		mc_time_format(due, iso);
		tui_appointment_text(iso, in->due, sizeof in->due);
	}
	mc_office_calendar_free(&oc);
}

static void on_change(struct tform *f, struct tfield *fld, void *ctx)
{
	struct intake *in = ctx;
	if (strcmp(fld->spec->name, "procedure") != 0)
		return;
	in->has_proc = false;
	in->due[0] = '\0';
	tform_set_items(f, "documents", NULL, 0, false);
	if (!fld->picked[0] || mc_catalog_get(f->t->store, fld->picked, in->proc, NULL) != MC_OK)
		return;
	in->has_proc = true;
	const char *docs[MC_PROCEDURE_MAX_DOCS];
	for (int i = 0; i < in->proc->ndocuments; i++)
		docs[i] = in->proc->documents[i];
	tform_set_items(f, "documents", docs, in->proc->ndocuments, false);
	char note[400];
	snprintf_trunc(note, sizeof note, "%s · %s", fld->note, in->proc->field);
	tform_set_note(f, "procedure", note);
	preview_due(f->t, in);
}

static int intake_open(struct tui *t, struct screen *s)
{
	struct intake *in = calloc(1, sizeof *in);
	if (!in)
		return -1;
	s->priv = in;
	in->proc = calloc(1, sizeof *in->proc);
	in->last = calloc(1, sizeof *in->last);
	if (!in->proc || !in->last)
		return -1;
	const struct form_spec *spec = tui_intake_spec(t, s->error, sizeof s->error);
	if (!spec || !(in->form = tform_new(t, spec, s->error, sizeof s->error)))
		return -1;
	in->form->on_change = on_change;
	in->form->ctx = in;
	return 0;
}

static void intake_close(struct tui *t, struct screen *s)
{
	struct intake *in = s->priv;
	if (!in)
		return;
	tform_free(in->form);
	free(in->proc);
	free(in->last);
	free(in);
	s->priv = NULL;
}

static void intake_enter(struct tui *t, struct screen *s)
{
	struct intake *in = s->priv;
	if (!in->saved)
		tform_post(in->form);
}

static void intake_leave(struct tui *t, struct screen *s)
{
	struct intake *in = s->priv;
	if (in && in->form)
		tform_unpost(in->form);
}

static void center(struct tui *t, int row, const char *text, attr_t a)
{
	int w = u8_width(t, text);
	draw_text(t, stdscr, CONTENT_TOP + row, w < COLS ? (COLS - w) / 2 : 0, COLS, text, a,
		  false);
}

static void draw_saved(struct tui *t, struct intake *in)
{
	const mc_dossier *d = in->last;
	char buf[1400], when[96];
	center(t, 2, _("Dossier received"), t->th.bold);
	snprintf(buf, sizeof buf, "  %s  ", d->code);
	center(t, 4, buf, t->th.select | A_BOLD);
	snprintf(buf, sizeof buf, "%s · %s", d->applicant.name, d->procedure_name);
	center(t, 6, buf, A_NORMAL);
	tui_appointment_text(d->due_at, when, sizeof when);
	snprintf(buf, sizeof buf, _("Appointment: %s"), when);
	center(t, 8, buf, t->th.bold);
	center(t, 10, in->receipt, in->receipt_ok ? t->th.hint : t->th.error);
	const char *next = _("Enter: next citizen · F5 call the next ticket · F3 look up");
	center(t, 13, next, A_NORMAL);
	wmove(stdscr, CONTENT_TOP + 13, 0);
}

static void intake_draw(struct tui *t, struct screen *s, bool full)
{
	struct intake *in = s->priv;
	if (in->saved) {
		draw_saved(t, in);
		return;
	}
	int row = CONTENT_TOP + 18;
	char line[200];
	if (in->due[0])
		snprintf(line, sizeof line, "%s: %s", _("Appointment"), in->due);
	else
		line[0] = '\0';
	draw_text(t, stdscr, row, 1, 60, line, t->th.bold, true);
	int64_t now = mc_clock_now();
	char iso[17];
	mc_time_format(now, iso);
	snprintf(line, sizeof line, _("Form 01 (%s set)"),
		 strcmp(iso, "2025-07-01") >= 0 ? "2025" : "2018");
	int w = u8_width(t, line);
	draw_text(t, stdscr, row, COLS - w - 1, w, line, t->th.hint, false);
	tform_draw(in->form);
}

/* Map a core error ("phone ... is not a phone number") to its field. */
static void core_error(struct tui *t, struct intake *in, const mc_error *err)
{
	static const struct {
		const char *prefix, *field;
	} map[] = {
		{"name", "applicant_name"}, {"ID number", "id_number"}, {"phone", "phone"},
		{"address", "address"},     {"procedure", "procedure"}, {"extra", NULL},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (map[i].field && strncmp(err->msg, map[i].prefix, strlen(map[i].prefix)) == 0) {
			tform_set_error(in->form, map[i].field, err->msg);
			tform_focus(in->form, map[i].field);
			tform_set_error(in->form, map[i].field, err->msg);
		}
	tui_msg(t, MSG_ERROR, _("Not saved: %s"), err->msg);
}

static bool extra_checks(struct intake *in)
{
	char v[300];
	tform_value(in->form, "applicant_name", v, sizeof v);
	for (const char *p = v; *p; p++)
		if (*p >= '0' && *p <= '9') {
			tform_set_error(in->form, "applicant_name", _("A name has no digits"));
			tform_focus(in->form, "applicant_name");
			return false;
		}
	tform_value(in->form, "id_number", v, sizeof v);
	if (strlen(v) != 12 && strlen(v) != 9) {
		tform_set_error(in->form, "id_number", _("12 digits (CCCD) or 9 (old CMND)"));
		tform_focus(in->form, "id_number");
		return false;
	}
	return true;
}

/* Papers not ticked; the clerk confirms taking the dossier anyway. */
static bool papers_ok(struct tui *t, struct intake *in)
{
	struct tfield *df = tform_field(in->form, "documents");
	if (!df || !in->has_proc)
		return true;
	int missing = 0;
	for (int i = 0; i < df->nitems; i++)
		missing += !df->checks[i];
	if (!missing)
		return true;
	char q[200];
	snprintf(q, sizeof q, ngettext("%d paper not ticked. Take the dossier anyway?",
				       "%d papers not ticked. Take the dossier anyway?",
				       (unsigned long)missing), missing);
	if (tui_confirm(t, q))
		return true;
	tform_focus(in->form, "documents");
	return false;
}

static void saved(struct tui *t, struct intake *in)
{
	char err[600];
	in->receipt_ok = receipt_save(t, in->last, in->receipt, sizeof in->receipt, err,
				      sizeof err) == 0;
	/* The citizen came with a queue ticket: the dossier goes with it. */
	mc_ticket tk;
	if (t->ticket[0] && t->user.counter > 0)
		mc_queue_link_dossier(t->store, t->user.counter, in->last->code, &tk, NULL);
	char where[1300];
	if (in->receipt_ok)
		snprintf(where, sizeof where, t->printer ? _("Receipt printed, copy in %s")
							 : _("Receipt written to %s"), in->receipt);
	else
		snprintf(where, sizeof where, _("Receipt not written: %s"), err);
	snprintf_trunc(in->receipt, sizeof in->receipt, "%s", where);
	tform_clear(in->form);
	in->has_proc = false;
	in->due[0] = '\0';
	in->saved = true;
	tform_unpost(in->form);
	t->full = true;
	tui_msg(t, MSG_INFO, _("Saved %s"), in->last->code);
}

static void save(struct tui *t, struct intake *in)
{
	int bad = tform_validate(in->form);
	if (bad) {
		tui_msg(t, MSG_ERROR, ngettext("Not saved: %d field to fix", "Not saved: %d fields to fix",
					       (unsigned long)bad), bad);
		return;
	}
	if (!extra_checks(in) || !papers_ok(t, in))
		return;
	char code[32], name[300], id[32], phone[32], addr[600], extra[2048];
	struct tfield *df = tform_field(in->form, "documents");
	mc_intake req = {
		.procedure_code = tform_value(in->form, "procedure", code, sizeof code),
		.name = tform_value(in->form, "applicant_name", name, sizeof name),
		.id_number = tform_value(in->form, "id_number", id, sizeof id),
		.phone = tform_value(in->form, "phone", phone, sizeof phone),
		.address = tform_value(in->form, "address", addr, sizeof addr),
		.user = t->user.username,
		.extra_json = extra,
		.documents_received = df && in->has_proc ? df->checks : NULL,
	};
	if (tform_extra_json(in->form, known, extra, sizeof extra) < 0) {
		tui_msg(t, MSG_ERROR, "%s", _("Not saved: the added fields hold more than 2 KB"));
		return;
	}
	mc_error err = {0};
	if (mc_dossier_intake(t->store, &req, in->last, &err) != MC_OK) {
		core_error(t, in, &err);
		return;
	}
	saved(t, in);
}

static void scan_finish(struct tui *t, struct intake *in)
{
	mc_cccd c;
	mc_error err = {0};
	in->scanning = false;
	if (mc_cccd_parse(in->scan, &c, &err) != MC_OK) {
		tui_msg(t, MSG_ERROR, _("CCCD scan not understood: %s"), err.msg);
		return;
	}
	char date[16];
	tform_set_text(in->form, "applicant_name", c.name);
	tform_set_text(in->form, "id_number", c.id_number);
	tform_set_text(in->form, "address", c.address);
	tui_time_text(c.birth_date, date, sizeof date);
	tform_set_text(in->form, "birth_date", date);
	tform_set_text(in->form, "sex", strcmp(c.sex, "Nam") == 0 ? "male" : "female");
	in->form->dirty = true;
	tform_focus(in->form, "phone");
	tui_msg(t, MSG_INFO, _("CCCD read: %s"), c.name);
}

/* A scan starts as ID digits typed into the focused field, then '|'. */
static bool scan_key(struct tui *t, struct intake *in, const tui_key *k)
{
	if (!in->scanning) {
		struct tfield *cur = tform_current(in->form);
		if (!tk_is_char(k, '|') || !cur || cur->spec->type == FT_CHOICE ||
		    cur->spec->type == FT_CHECKLIST)
			return false;
		char text[600];
		field_text(in->form, cur, text, sizeof text);
		size_t n = strlen(text), d = 0;
		while (d < n && text[n - 1 - d] >= '0' && text[n - 1 - d] <= '9')
			d++;
		if (d < 9)
			return false;
		snprintf(in->scan, sizeof in->scan, "%s|", text + n - d);
		text[n - d] = '\0';
		picker_close(in->form);
		tform_set_text(in->form, cur->spec->name, text);
		in->scanning = true;
		return true;
	}
	size_t len = strlen(in->scan);
	if (k->code != 0 && k->code != TK_BACK && k->code != KEY_ENTER)
		return false;
	if (tk_is_enter(k)) {
		scan_finish(t, in);
	} else if (k->code == TK_BACK) {
		in->scanning = false;
	} else if (k->code == 0 && k->ch >= 0x20 && len + 5 < sizeof in->scan) {
		int n = u8_encode(k->ch > 0x10ffff ? 0xfffd : k->ch, in->scan + len);
		in->scan[len + (size_t)n] = '\0';
	}
	if (in->scanning)
		tui_msg(t, MSG_INFO, "%s", _("Reading the CCCD..."));
	return true;
}

static int intake_key(struct tui *t, struct screen *s, const tui_key *k)
{
	struct intake *in = s->priv;
	if (in->saved) {
		if (k->code >= KEY_F(1) && k->code <= KEY_F(12))
			return KEY_UNHANDLED;
		in->saved = false;
		t->full = true;
		return KEY_HANDLED;
	}
	if (scan_key(t, in, k))
		return KEY_HANDLED;
	int r = tform_key(in->form, k);
	if (r == TF_SUBMIT)
		save(t, in);
	return r == TF_UNHANDLED ? KEY_UNHANDLED : KEY_HANDLED;
}

static const char *intake_keys(struct tui *t, struct screen *s)
{
	struct intake *in = s->priv;
	if (in->saved)
		return _("Enter next citizen · F3 look up · F4 return");
	snprintf(in->keys, sizeof in->keys, "%s · %s · %s", _("F10 Save+print"),
		 tform_keys(in->form), _("F3 Look up · F4 Return"));
	return in->keys;
}

static bool intake_dirty(struct tui *t, struct screen *s)
{
	struct intake *in = s->priv;
	return in && in->form && tform_dirty(in->form);
}

const struct screen_ops intake_ops = {
	.title = N_("Receive a dossier"),
	.open = intake_open,
	.draw = intake_draw,
	.key = intake_key,
	.close = intake_close,
	.keys = intake_keys,
	.dirty = intake_dirty,
	.leave = intake_leave,
	.enter = intake_enter,
};
