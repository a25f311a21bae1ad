/*
 * Intake (F2, Tiếp nhận hồ sơ): forms/intake.form filled by the clerk,
 * saved with mc_dossier_intake. The fields this screen knows by name map
 * to mc_intake; every other field of the file goes to the dossier's
 * `extra` JSON. Choosing the procedure loads its required papers into the
 * checklist and previews the appointment. A CCCD QR scanner (which types
 * "ID|old ID|name|birth date|sex|address|issue date" and Enter) fills the
 * applicant in one go: its keys come as a burst (keys_burst), so the input
 * method never sees them; a card address naming a commune merged in 2025 is
 * written with today's commune, the card's kept beside it. A receipt's code
 * scanned here opens the dossier in look-up. An ID number seen before offers
 * the earlier name, phone and address (Ctrl-R). After saving, the code and
 * the appointment fill the screen and the receipt is written (and printed
 * when configured): F10 is the one key that saves and prints.
 */
#include "fees_tui.h"
#include "tform.h"
#include "receipt.h"

#include "motcua/catalog.h"
#include "motcua/cccd.h"
#include "motcua/citizen.h"
#include "motcua/clock.h"
#include "motcua/dossier.h"
#include "motcua/holidays.h"
#include "motcua/print.h"
#include "motcua/queue.h"
#include "motcua/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const known[] = {"procedure", "applicant_name", "id_number", "phone",
				    "address", "documents", "channel", NULL};

struct intake {
	struct tform *form;
	mc_procedure *proc;
	bool has_proc;
	char due[96];
	struct key_burst burst;
	mc_applicant offer;     /* a known citizen's earlier details */
	int offer_n;
	bool has_offer;
	char offer_id[32];      /* the ID number they were looked up for */
	char card_address[300]; /* a scanned card's address when it was rewritten */
	char card_id[16];       /* ... for this ID number */
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

static void offer_text(struct intake *in, char *buf, size_t bufsz)
{
	snprintf_trunc(buf, bufsz,
		       ngettext("Seen before: %s, %s (%d dossier) · Ctrl-R use again",
				"Seen before: %s, %s (%d dossiers) · Ctrl-R use again",
				(unsigned long)in->offer_n),
		       in->offer.name, in->offer.phone, in->offer_n);
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
	if (t->guidance_done) {
		/* The citizen left with a guidance slip: nothing was received. */
		t->guidance_done = false;
		tform_clear(in->form);
		in->has_offer = false;
		in->has_proc = false;
		in->due[0] = '\0';
	}
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
	/* Wider than the screen (where the receipt went and how to set up a
	 * printer): the rest wraps at spaces onto the rows below, at most 3. */
	for (int i = 0; w > COLS - 2 && i < 2; i++) {
		size_t n = u8_fit(t, text, COLS - 2), cut = n;
		while (cut > 0 && text[cut] != ' ')
			cut--;
		if (cut == 0)
			cut = n;
		char line[600];
		snprintf(line, sizeof line, "%.*s", (int)cut, text);
		draw_text(t, stdscr, CONTENT_TOP + row++, 1, COLS - 2, line, a, false);
		text += cut + (text[cut] == ' ');
		w = u8_width(t, text);
	}
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
		 mc_form_set_for(t->store, iso));
	int w = u8_width(t, line);
	draw_text(t, stdscr, row, COLS - w - 1, w, line, t->th.hint, false);
	if (in->has_offer && !t->msg[0]) {
		offer_text(in, t->msg, sizeof t->msg);
		t->msg_kind = MSG_INFO;
	}
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
		missing += !df->checks[i] && !mc_text_paper_optional(df->items[i]);
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

/* An appointment in a year whose holiday table is not confirmed may fall
 * on a holiday: the clerk is told once per session and year (docs/rules.md
 * R16); the dossier is saved either way. */
static void warn_holidays(struct tui *t, const mc_dossier *d)
{
	static int warned[8];
	static size_t nwarned;
	int year = atoi(d->due_at);
	bool confirmed = true;
	for (size_t i = 0; i < nwarned; i++)
		if (warned[i] == year)
			return;
	if (mc_holidays_year_confirmed(t->store, year, &confirmed, NULL) != MC_OK || confirmed)
		return;
	if (nwarned < sizeof warned / sizeof warned[0])
		warned[nwarned++] = year;
	tui_msg(t, MSG_ERROR, _("Saved %s. Holidays of %d are not confirmed: check the "
				"appointment %s"), d->code, year, d->due_at);
}

static void saved(struct tui *t, struct intake *in)
{
	char err[600];
	int rc = receipt_save(t, in->last, in->receipt, sizeof in->receipt, err, sizeof err);
	in->receipt_ok = rc != -1;
	/* The citizen came with a queue ticket: the dossier goes with it. */
	mc_ticket tk;
	if (t->ticket[0] && t->user.counter > 0)
		mc_queue_link_dossier(t->store, t->user.counter, in->last->code, &tk, NULL);
	char where[1300];
	receipt_where(t, rc, true, in->receipt, err, where, sizeof where);
	snprintf_trunc(in->receipt, sizeof in->receipt, "%s", where);
	tform_clear(in->form);
	in->has_offer = false;
	in->offer_id[0] = '\0';
	in->card_address[0] = '\0';
	in->has_proc = false;
	in->due[0] = '\0';
	in->saved = true;
	tform_unpost(in->form);
	t->full = true;
	tui_msg(t, MSG_INFO, _("Saved %s"), in->last->code);
	warn_holidays(t, in->last);
	fees_collect_run(t, in->last, false);   /* the fee step (fees_tui.c) */
}

/* The scanned card's address, kept beside today's (see fill_address). */
static bool add_card_address(struct intake *in, const char *id, char *extra, size_t sz)
{
	size_t len = strlen(extra);
	if (!in->card_address[0] || strcmp(id, in->card_id) != 0 || len < 2)
		return true;
	len--;  /* the closing brace */
	if (!extra_put(extra, sz, &len, "card_address", in->card_address) || len + 2 > sz)
		return false;
	extra[len++] = '}';
	extra[len] = '\0';
	return true;
}

static void save(struct tui *t, struct intake *in)
{
	int bad = tform_validate(in->form);
	if (bad) {
		/* The field and what is wrong with it (the focus is on it). */
		struct tfield *cur = tform_current(in->form);
		const char *label = cur && cur->spec->label[0] ? _(cur->spec->label) : "";
		char more[80] = "";
		if (bad > 1) {
			/* Through a variable: under the sanitizers gcc took ngettext's
			 * result for a possible null format. */
			const char *fmt = ngettext(" (and %d more field)", " (and %d more fields)",
						   (unsigned long)(bad - 1));
			snprintf(more, sizeof more, fmt ? fmt : "", bad - 1);
		}
		tui_msg(t, MSG_ERROR, _("Not saved: %s: %s%s"), label, cur ? cur->error : "", more);
		return;
	}
	if (!extra_checks(in) || !papers_ok(t, in))
		return;
	char code[32], name[300], id[32], phone[32], addr[600], extra[2048], channel[16];
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
		/* How it came in (docs/rules.md R7); empty = counter. */
		.channel = tform_value(in->form, "channel", channel, sizeof channel),
	};
	if (tform_extra_json(in->form, known, extra, sizeof extra) < 0 ||
	    !add_card_address(in, id, extra, sizeof extra)) {
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

/* ---- known citizens -------------------------------------------------------------- */

/* An ID number seen before: offer the earlier name, phone and address. */
static void check_known(struct tui *t, struct intake *in)
{
	char id[32];
	tform_value(in->form, "id_number", id, sizeof id);
	if (strcmp(id, in->offer_id) == 0)
		return;
	snprintf(in->offer_id, sizeof in->offer_id, "%s", id);
	in->has_offer = false;
	if ((strlen(id) != 12 && strlen(id) != 9) ||
	    mc_citizen_recall(t->store, id, &in->offer, &in->offer_n, NULL) != MC_OK)
		return;
	char name[300], phone[32], addr[600];
	tform_value(in->form, "applicant_name", name, sizeof name);
	tform_value(in->form, "phone", phone, sizeof phone);
	tform_value(in->form, "address", addr, sizeof addr);
	in->has_offer = strcmp(name, in->offer.name) || strcmp(phone, in->offer.phone) ||
			(in->offer.address[0] && strcmp(addr, in->offer.address));
}

/* Ctrl-R: the earlier details go into the fields still empty (a scanned
 * card's name and address stay as on the card). */
static void use_known(struct tui *t, struct intake *in)
{
	static const char *const names[] = {"applicant_name", "phone", "address"};
	const char *vals[] = {in->offer.name, in->offer.phone, in->offer.address};
	int filled = 0;
	for (int i = 0; i < 3; i++) {
		char v[600];
		tform_value(in->form, names[i], v, sizeof v);
		if (!v[0] && vals[i][0]) {
			tform_set_text(in->form, names[i], vals[i]);
			filled++;
		}
	}
	in->has_offer = false;
	in->form->dirty = true;
	struct tfield *e = tform_first_empty(in->form, NULL);
	if (e)
		tform_focus_field(in->form, e);
	tui_msg(t, MSG_INFO, ngettext("%d field filled from the earlier dossier",
				      "%d fields filled from the earlier dossier",
				      (unsigned long)filled), filled);
}

/* ---- scans -------------------------------------------------------------------------- */

/* A card address naming a commune merged in 2025 goes into the form with
 * today's commune; the card's own words are shown under it and saved with
 * the dossier (extra "card_address"), so both are kept. */
static void fill_address(struct tui *t, struct intake *in, const mc_cccd *c)
{
	char today[600], old[200];
	in->card_address[0] = '\0';
	if (mc_citizen_address_today(t->store, c->address, today, sizeof today, old, sizeof old,
				     NULL) != MC_OK) {
		tform_set_text(in->form, "address", c->address);
		return;
	}
	char note[300];
	tform_set_text(in->form, "address", today);
	snprintf_trunc(note, sizeof note, _("On the card: %s"), c->address);
	tform_set_note(in->form, "address", note);
	snprintf(in->card_address, sizeof in->card_address, "%s", c->address);
	snprintf(in->card_id, sizeof in->card_id, "%s", c->id_number);
}

/* A CCCD line: fill the applicant; a malformed one is left as typed in the
 * field it arrived in (never through the input method). */
static void scan_cccd(struct tui *t, struct intake *in, const char *line)
{
	mc_cccd c;
	mc_error err = {0};
	if (mc_cccd_parse(line, &c, &err) != MC_OK) {
		struct tfield *cur = tform_current(in->form);
		picker_close(in->form);
		if (cur)
			tform_insert_raw(in->form, cur, line);
		tui_msg(t, MSG_ERROR, _("CCCD scan not understood: %s"), err.msg);
		return;
	}
	char date[16];
	picker_close(in->form);
	tform_set_text(in->form, "applicant_name", c.name);
	tform_set_text(in->form, "id_number", c.id_number);
	fill_address(t, in, &c);
	tui_time_text(c.birth_date, date, sizeof date);
	tform_set_text(in->form, "birth_date", date);
	tform_set_text(in->form, "sex", strcmp(c.sex, "Nam") == 0 ? "male" : "female");
	in->form->dirty = true;
	mc_ime_reset(&t->ime);
	struct tfield *e = tform_first_empty(in->form, NULL);
	if (e)
		tform_focus_field(in->form, e);
	tui_msg(t, MSG_INFO, _("CCCD read: %s"), c.name);
	check_known(t, in);
}

/* A receipt's code (scanned, or typed fast and Enter): its detail in the
 * look-up screen. False when the text is not a dossier code. */
static bool scan_code(struct tui *t, const char *text)
{
	char unit[64];
	int32_t day;
	int seq;
	if (mc_dossier_code_parse(text, unit, sizeof unit, &day, &seq, NULL) != MC_OK)
		return false;
	mc_dossier *d = malloc(sizeof *d);
	bool ok = d && mc_dossier_get(t->store, text, d, NULL) == MC_OK;
	free(d);
	if (!ok) {
		tui_msg(t, MSG_ERROR, _("No dossier with the code %s"), text);
		return true;
	}
	snprintf_trunc(t->lookup_code, sizeof t->lookup_code, "%s", text);
	tui_go(t, SCR_LOOKUP);
	return true;
}

/* F8: the dossier is incomplete: a guidance slip instead of an intake
 * (screen_guidance.c), filled with what is typed here. */
static void to_guidance(struct tui *t, struct intake *in)
{
	struct guidance_carry *c = &t->guidance_carry;
	memset(c, 0, sizeof *c);
	tform_value(in->form, "procedure", c->procedure, sizeof c->procedure);
	tform_value(in->form, "applicant_name", c->name, sizeof c->name);
	tform_value(in->form, "phone", c->phone, sizeof c->phone);
	struct tfield *df = tform_field(in->form, "documents");
	size_t len = 0;
	for (int i = 0; df && i < df->nitems && len < sizeof c->missing; i++)
		if (!df->checks[i])
			len += (size_t)snprintf(c->missing + len, sizeof c->missing - len, "%s\n",
						df->items[i]);
	t->guidance_from_intake = true;
	tui_go(t, SCR_GUIDANCE);
}

/* Leave the saved dossier's summary for an empty form. */
static void next_citizen(struct tui *t, struct intake *in)
{
	in->saved = false;
	t->full = true;
	tform_post(in->form);
}

/* One key of the form (scans already told apart). */
static int key_plain(struct tui *t, struct intake *in, const tui_key *k)
{
	if (in->saved) {
		if (k->code >= KEY_F(1) && k->code <= KEY_F(12))
			return KEY_UNHANDLED;
		/* The next citizen: Enter only opens the empty form; any other key
		 * is already the first key of it (a clerk types on at once). */
		next_citizen(t, in);
		if (tk_is_enter(k) || k->code == TK_BACK)
			return KEY_HANDLED;
	}
	if (in->has_offer && tk_is_char(k, TK_CTRL('r'))) {
		use_known(t, in);
		return KEY_HANDLED;
	}
	if (k->code == KEY_F(8)) {
		to_guidance(t, in);
		return KEY_HANDLED;
	}
	struct tfield *cur = tform_current(in->form);
	int r = tform_key(in->form, k);
	if (r == TF_SUBMIT)
		save(t, in);
	else if (cur && strcmp(cur->spec->name, "id_number") == 0)
		check_known(t, in);
	return r == TF_UNHANDLED ? KEY_UNHANDLED : KEY_HANDLED;
}

/* A burst: a CCCD line, a receipt code, or fast typing to replay. */
static void intake_burst(struct tui *t, struct intake *in, const struct key_burst *b)
{
	bool card = mc_cccd_looks_like(b->text);
	if (card || b->enter) {
		if (in->saved)
			next_citizen(t, in);
		if (card) {
			scan_cccd(t, in, b->text);
			return;
		}
		if (scan_code(t, b->text))
			return;
	}
	picker_typed_fast(in->form);
	for (int i = 0; i < b->n; i++)
		key_plain(t, in, &b->keys[i]);
}

static int intake_key(struct tui *t, struct screen *s, const tui_key *k)
{
	struct intake *in = s->priv;
	if (keys_may_scan(k) && keys_burst(t, k, &in->burst)) {
		intake_burst(t, in, &in->burst);
		return KEY_HANDLED;
	}
	return key_plain(t, in, k);
}

static const char *intake_keys(struct tui *t, struct screen *s)
{
	struct intake *in = s->priv;
	if (in->saved)
		return _("Enter next citizen · F3 look up · F4 return");
	snprintf(in->keys, sizeof in->keys, "%s%s%s · %s · %s", _("F10 Save+print"),
		 in->has_offer ? " · " : "", in->has_offer ? _("Ctrl-R use again") : "",
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
