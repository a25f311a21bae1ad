/*
 * Scrollable text pages and the dossier detail (see view.h). The detail is
 * built once into lines, so scrolling is only drawing.
 */
#include "view.h"

#include "tform.h"
#include "motcua/calendar.h"
#include "motcua/clock.h"
#include "motcua/holidays.h"
#include "motcua/lifecycle.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void view_add(struct view *v, bool heading, const char *fmt, ...)
{
	if (v->n == v->cap) {
		int cap = v->cap ? v->cap * 2 : 64;
		struct view_line *nl = realloc(v->lines, (size_t)cap * sizeof *nl);
		if (!nl)
			return;
		v->lines = nl;
		v->cap = cap;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(v->lines[v->n].text, VIEW_LINE, fmt, ap);
	va_end(ap);
	v->lines[v->n++].heading = heading;
}

void view_prepend(struct view *v, bool heading, const char *text)
{
	view_add(v, heading, "%s", text);
	if (v->n < 2)
		return;
	struct view_line last = v->lines[v->n - 1];
	memmove(v->lines + 1, v->lines, (size_t)(v->n - 1) * sizeof *v->lines);
	v->lines[0] = last;
}

void view_clear(struct view *v)
{
	free(v->lines);
	memset(v, 0, sizeof *v);
}

static int view_rows(void)
{
	return LINES - 2 - CONTENT_TOP;
}

/* One screen row of a line: bytes [off, off + len) after indent spaces. */
struct view_row {
	int line, indent;
	size_t off, len;
};

/* Splits line i into rows of at most w columns, breaking at the last space
 * that fits (or inside a word longer than a row). Appends to *rows (grown
 * as needed); returns false when out of memory. */
static bool wrap_line(const struct tui *t, const struct view *v, int i, int w,
		      struct view_row **rows, int *n, int *cap)
{
	const char *s = v->lines[i].text;
	int lead = 0;
	while (s[lead] == ' ')
		lead++;
	int indent = 0;
	size_t off = 0, total = strlen(s);
	do {
		if (*n == *cap) {
			int c = *cap ? *cap * 2 : 128;
			struct view_row *nr = realloc(*rows, (size_t)c * sizeof *nr);
			if (!nr)
				return false;
			*rows = nr;
			*cap = c;
		}
		size_t len = v->clip ? total - off : u8_fit(t, s + off, w - indent);
		if (off + len < total && !v->clip) {
			size_t cut = len;
			while (cut > 0 && s[off + cut] != ' ' && s[off + cut - 1] != ' ')
				cut--;
			if (cut > (size_t)(indent ? 0 : lead))
				len = cut;
			if (len == 0)   /* not even one character fits */
				len = total - off;
		}
		(*rows)[(*n)++] = (struct view_row){.line = i, .indent = indent, .off = off,
						    .len = len};
		off += len;
		while (off < total && s[off] == ' ')
			off++;
		indent = lead + 2 < w / 2 ? lead + 2 : 0;
	} while (off < total);
	return true;
}

void view_draw(struct tui *t, struct view *v)
{
	int h = view_rows(), w = COLS - 2;
	struct view_row *rows = NULL;
	int n = 0, cap = 0;
	for (int i = 0; i < v->n; i++)
		if (!wrap_line(t, v, i, w, &rows, &n, &cap))
			break;
	v->rows = n;
	if (v->top > n - h)
		v->top = n - h > 0 ? n - h : 0;
	char buf[VIEW_LINE + 64];
	for (int r = 0; r < h; r++) {
		int i = v->top + r;
		attr_t a = A_NORMAL;
		buf[0] = '\0';
		if (i < n) {
			const struct view_row *row = &rows[i];
			snprintf(buf, sizeof buf, "%*s%.*s", row->indent, "", (int)row->len,
				 v->lines[row->line].text + row->off);
			a = v->lines[row->line].heading ? t->th.title : A_NORMAL;
		}
		draw_text(t, stdscr, CONTENT_TOP + r, 1, w, buf, a, true);
	}
	free(rows);
	if (n > h) {
		char more[32];
		snprintf(more, sizeof more, "%d/%d", v->top + h < n ? v->top + h : n, n);
		draw_text(t, stdscr, CONTENT_TOP, COLS - 1 - (int)strlen(more), (int)strlen(more),
			  more, t->th.hint, false);
	}
	wmove(stdscr, CONTENT_TOP, 0);
}

bool view_key(struct view *v, const tui_key *k)
{
	/* Rows as last drawn: the lines wrapped to the terminal's width. */
	int total = v->rows > v->n ? v->rows : v->n;
	int page = view_rows() - 1, max = total - view_rows();
	if (max < 0)
		max = 0;
	if (k->code == KEY_DOWN)
		v->top++;
	else if (k->code == KEY_UP)
		v->top--;
	else if (k->code == KEY_NPAGE || tk_is_char(k, ' '))
		v->top += page;
	else if (k->code == KEY_PPAGE)
		v->top -= page;
	else if (k->code == KEY_HOME)
		v->top = 0;
	else if (k->code == KEY_END)
		v->top = max;
	else
		return false;
	v->top = v->top < 0 ? 0 : v->top > max ? max : v->top;
	return true;
}

/* ---- timeliness ----------------------------------------------------------------- */

void tui_timeliness_text(struct tui *t, const mc_dossier *d, char *buf, size_t bufsz)
{
	static const char *const done_words[] = {
		[MC_TL_EARLY] = N_("finished early"),
		[MC_TL_ON_TIME] = N_("finished on time"),
		[MC_TL_LATE] = N_("finished late"),
	};
	buf[0] = '\0';
	if (d->status == MC_DS_REFUSED || d->status == MC_DS_WITHDRAWN ||
	    d->status == MC_DS_STOPPED || d->status == MC_DS_VOIDED)
		return;
	mc_timeliness tl;
	if (d->status == MC_DS_RETURNED || d->status == MC_DS_READY) {
		if (mc_dossier_timeliness(t->store, d, mc_clock_now(), &tl, NULL) == MC_OK &&
		    tl <= MC_TL_LATE)
			snprintf(buf, bufsz, "%s%s%s", _(done_words[tl]),
				 d->extensions ? ", " : "", d->extensions ? _("apology letter sent") : "");
		return;
	}
	int64_t due, now = mc_clock_now();
	mc_office_calendar oc;
	/* Against the statutory appointment (docs/rules.md R1, R3). */
	if (mc_time_parse(d->statutory_due_at[0] ? d->statutory_due_at : d->due_at, &due,
			  NULL) != MC_OK ||
	    mc_office_calendar_load(t->store, &oc, NULL) != MC_OK)
		return;
	bool late = now > due;
	int64_t mins = late ? mc_calendar_working_minutes(&oc.cal, due, now)
			    : mc_calendar_working_minutes(&oc.cal, now, due);
	int day = mc_calendar_day_minutes(&oc.cal);
	mc_office_calendar_free(&oc);
	if (day <= 0)
		return;
	long days = (long)(mins / day), hours = (long)((mins + 59) / 60);
	if (late && mins == 0)
		snprintf(buf, bufsz, "%s", _("due now"));
	else if (late && days >= 1)
		snprintf(buf, bufsz, ngettext("%ld working day late", "%ld working days late",
					      (unsigned long)days), days);
	else if (late)
		snprintf(buf, bufsz, ngettext("%ld working hour late", "%ld working hours late",
					      (unsigned long)hours), hours);
	else if (days >= 1)
		snprintf(buf, bufsz, ngettext("%ld working day left", "%ld working days left",
					      (unsigned long)days), days);
	else
		snprintf(buf, bufsz, ngettext("%ld working hour left", "%ld working hours left",
					      (unsigned long)hours), hours);
	if (d->extensions) {
		size_t n = strlen(buf);
		snprintf(buf + n, bufsz - n, ", %s", _("apology letter sent"));
	}
}

/* ---- dossier detail --------------------------------------------------------------- */

static const struct {
	const char *action, *label;
} actions[] = {
	{"intake", N_("Received")},         {"transfer", N_("Sent to department")},
	{"supplement", N_("Papers requested")}, {"resume", N_("Resumed")},
	{"fees", N_("Fees requested")},     {"refuse", N_("Refused")},
	{"withdraw", N_("Withdrawn")},      {"stop", N_("Stopped")},
	{"extend", N_("Appointment moved")}, {"result", N_("Result ready")},
	{"return", N_("Result returned")},  {"rate", N_("Rated")},
	/* fees.c */
	{"fee_due", N_("Fee set")},         {"fee_paid", N_("Fee paid")},
	{"fee_void", N_("Fee receipt voided")}, {"fee_refund", N_("Fee refunded")},
};

static const char *action_label(const char *a)
{
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
		if (strcmp(actions[i].action, a) == 0)
			return _(actions[i].label);
	return a;
}

static int add_event(const mc_event *e, void *ctx)
{
	struct view *v = ctx;
	char when[32], to[64] = "";
	mc_dossier_status st;
	tui_time_text(e->at, when, sizeof when);
	if (e->to_status[0] && mc_dossier_status_parse(e->to_status, &st))
		snprintf(to, sizeof to, " → %s", tui_status_label((int)st));
	view_add(v, false, "  %s  %-10s %s%s%s%s", when, e->user, action_label(e->action), to,
		 e->note[0] ? " · " : "", e->note);
	return 0;
}

struct extra_ctx {
	struct view *v;
	const struct form_spec *spec;
};

static void add_extra(const char *key, const char *value, void *ctx)
{
	struct extra_ctx *x = ctx;
	const struct form_field_spec *f = form_spec_field(x->spec, key);
	const char *label = f && f->label[0] ? _(f->label) : key;
	/* Written by the intake screen itself (a scanned card's address). */
	if (!f && strcmp(key, "card_address") == 0)
		label = _("Address on the card");
	const char *shown = value;
	char date[16];
	for (int i = 0; f && i < f->noptions; i++)
		if (strcmp(f->options[i].key, value) == 0)
			shown = _(f->options[i].label);
	if (f && f->type == FT_DATE) {
		tui_time_text(value, date, sizeof date);
		shown = date;
	}
	view_add(x->v, false, "  %s: %s", label, shown);
}

static void add_head(struct tui *t, const mc_dossier *d, struct view *v)
{
	char when[32], due[32], tl[96], dl[64];
	tui_time_text(d->received_at, when, sizeof when);
	tui_time_text(d->due_at, due, sizeof due);
	tui_timeliness_text(t, d, tl, sizeof tl);
	tui_deadline_text(d->deadline, d->deadline_unit, dl, sizeof dl);
	view_add(v, true, "%s  ·  %s", d->code, tui_status_label(d->status));
	view_add(v, false, "%s: %s %s (%s)", _("Procedure"), d->procedure_code, d->procedure_name,
		 dl);
	view_add(v, false, "%s: %s · %s %s · %s %s", _("Applicant"), d->applicant.name,
		 _("ID"), d->applicant.id_number, _("Phone"), d->applicant.phone);
	if (d->applicant.address[0])
		view_add(v, false, "%s: %s", _("Address"), d->applicant.address);
	view_add(v, false, "%s: %s (%s) · %s: %s%s%s", _("Received"), when, d->received_by,
		 _("Appointment"), due, tl[0] ? " · " : "", tl);
}

struct others_ctx {
	struct view *v;
	const mc_dossier *self;
	int n;
};

static int add_other(const mc_dossier *o, void *ctx)
{
	struct others_ctx *oc = ctx;
	if (strcmp(o->code, oc->self->code) == 0 ||
	    strcmp(o->applicant.id_number, oc->self->applicant.id_number) != 0)
		return 0;
	if (oc->n++ == 0)
		view_add(oc->v, true, "%s", _("Other dossiers of this citizen"));
	char when[32];
	tui_time_text(o->received_at, when, sizeof when);
	when[10] = '\0';
	view_add(oc->v, false, "  %s  %s  %s · %s", o->code, when, o->procedure_name,
		 tui_status_label(o->status));
	return 0;
}

int view_dossier(struct tui *t, const char *code, mc_dossier *d, struct view *v, char *err,
		 size_t errsz)
{
	mc_error e = {0};
	if (mc_dossier_get(t->store, code, d, &e) != MC_OK) {
		snprintf(err, errsz, "%s", e.msg);
		return -1;
	}
	view_clear(v);
	add_head(t, d, v);
	if (d->ndocuments) {
		view_add(v, true, "%s", _("Papers"));
		for (int i = 0; i < d->ndocuments; i++)
			view_add(v, false, "  [%c] %s", d->documents[i].received ? 'x' : ' ',
				 d->documents[i].name);
	}
	char lerr[600];
	const struct form_spec *spec = tui_intake_spec(t, lerr, sizeof lerr);
	struct view extra = {0};
	struct extra_ctx x = {&extra, spec};
	if (extra_each(d->extra, add_extra, &x) > 0) {
		view_add(v, true, "%s", _("Other information"));
		for (int i = 0; i < extra.n; i++)
			view_add(v, false, "%s", extra.lines[i].text);
	}
	view_clear(&extra);
	if (d->applicant.id_number[0]) {
		struct others_ctx oc = {v, d, 0};
		mc_dossier_find(t->store, d->applicant.id_number, 50, add_other, &oc, NULL);
	}
	view_add(v, true, "%s", _("History"));
	if (mc_dossier_events(t->store, d->id, add_event, v, &e) != MC_OK)
		view_add(v, false, "  %s", e.msg);
	return 0;
}
