/*
 * The dossier lifecycle (include/motcua/lifecycle.h, domain.md §3.1, §4).
 *
 * Allowed steps by status (anything else is refused with MC_EDATA naming
 * the current status and the allowed steps, and nothing is written):
 *
 *   status (code)      allowed steps            → status after
 *   new (1)            accept                   → accepted
 *                      refuse                   → refused
 *                      withdraw                 → withdrawn
 *   accepted (2)       transfer                 → processing
 *                      supplement | fees        → supplement | fees (pause)
 *                      refuse | withdraw | stop → refused | withdrawn | stopped
 *                      extend                   → accepted (new appointment)
 *                      result                   → ready
 *   processing (4)     as accepted, but no refuse (after acceptance the
 *                      dossier is stopped, Mẫu 05 of 2025, not refused);
 *                      transfer again hands it to another department
 *   supplement (5)     resume                   → processing if a department
 *                                                 has it, else accepted
 *                      refuse | withdraw | stop, extend
 *   fees (6)           resume, withdraw | stop, extend
 *   ready (9)          return                   → returned
 *   refused (3), withdrawn (7), stopped (8), returned (10): final;
 *   voided (11, dossier_fix.c: a wrong intake) too.
 *
 * "result" straight from accepted is how a counter records a commune
 * procedure finished at the counter the same day; the TUI's return screen
 * records result then return. "accept" computes the appointment from the
 * moment of acceptance: the clock starts at the receipt of a complete,
 * valid dossier, not at the online submission (§4.1).
 *
 * Every step is one BEGIN IMMEDIATE transaction: read the dossier, check
 * the table, update the row, append the event (from/to status, note, the
 * step's fields as JSON data, `at` = --at or now, entered_at = the real
 * time, user). An --at in the future or before the dossier's last event is
 * refused, so the history stays in order; nothing is deleted or rewritten.
 *
 * Pauses: supplement and fees start a pause (paused_at); resume ends it and
 * moves the appointment on by the WORKING time paused (office calendar),
 * so the time already spent still counts and the citizen's time does not
 * (domain.md §4.1). A dossier refused, withdrawn or stopped while paused
 * ends its pause the same way, so its timeliness is judged on the clock
 * that actually ran. The first appointment is kept in original_due_at;
 * extend needs a later appointment and a reason (Mẫu 04 is printed from
 * the event by the forms module). Timeliness is judged against the
 * statutory appointment (statutory_due_at: pauses move it, an extension
 * never), so a dossier resolved after it is late even with an apology; an
 * extension is given once, no later than one day before the due date
 * (docs/rules.md R1-R5).
 *
 * Resolved (finished_at) is set by result, refuse, withdraw and stop;
 * return keeps the result's time. Timeliness is derived, never stored: a
 * finished dossier by finished_at against due_at (before the due date →
 * early; on the due date by the due time → on time; after → late, §4.3);
 * an open one as of a given moment (on time until due_at, late after),
 * with a paused dossier's clock stopped at paused_at.
 */
#include "motcua/auth.h"
#include "motcua/lifecycle.h"
#include "motcua/clock.h"
#include "motcua/holidays.h"
#include "motcua/json.h"
#include "motcua/text.h"
#include "store_ops.h"

#include <stdlib.h>
#include <string.h>

static const char *const step_names[MC_STEP_COUNT] = {
	"transfer", "supplement", "resume", "fees", "refuse", "withdraw", "stop", "extend",
	"result", "return", "accept",
};

#define S(k) (1u << (k))
static const unsigned allowed[MC_DS_VOIDED + 1] = {
	[MC_DS_NEW] = S(MC_STEP_ACCEPT) | S(MC_STEP_REFUSE) | S(MC_STEP_WITHDRAW),
	[MC_DS_ACCEPTED] = S(MC_STEP_TRANSFER) | S(MC_STEP_SUPPLEMENT) | S(MC_STEP_FEES) |
			   S(MC_STEP_REFUSE) | S(MC_STEP_WITHDRAW) | S(MC_STEP_STOP) |
			   S(MC_STEP_EXTEND) | S(MC_STEP_RESULT),
	[MC_DS_PROCESSING] = S(MC_STEP_TRANSFER) | S(MC_STEP_SUPPLEMENT) | S(MC_STEP_FEES) |
			     S(MC_STEP_WITHDRAW) | S(MC_STEP_STOP) | S(MC_STEP_EXTEND) |
			     S(MC_STEP_RESULT),
	[MC_DS_SUPPLEMENT] = S(MC_STEP_RESUME) | S(MC_STEP_WITHDRAW) | S(MC_STEP_STOP) |
			     S(MC_STEP_REFUSE) | S(MC_STEP_EXTEND),
	[MC_DS_FEES] = S(MC_STEP_RESUME) | S(MC_STEP_WITHDRAW) | S(MC_STEP_STOP) |
		       S(MC_STEP_EXTEND),
	[MC_DS_READY] = S(MC_STEP_RETURN),
};

const char *mc_step_name(mc_step_kind k)
{
	return k < MC_STEP_COUNT ? step_names[k] : "?";
}

bool mc_step_parse(const char *name, mc_step_kind *out)
{
	for (int k = 0; k < MC_STEP_COUNT; k++)
		if (strcmp(name, step_names[k]) == 0) {
			*out = (mc_step_kind)k;
			return true;
		}
	return false;
}

size_t mc_step_allowed(mc_dossier_status st, mc_step_kind *out, size_t cap)
{
	size_t n = 0;
	if (st < MC_DS_NEW || st > MC_DS_VOIDED)
		return 0;
	for (int k = 0; k < MC_STEP_COUNT; k++)
		if (allowed[st] & S(k)) {
			if (n < cap)
				out[n] = (mc_step_kind)k;
			n++;
		}
	return n;
}

static mc_status refuse_step(const mc_dossier *d, mc_step_kind k, mc_error *err)
{
	char list[160] = "";
	mc_step_kind ks[MC_STEP_COUNT];
	size_t n = mc_step_allowed(d->status, ks, MC_STEP_COUNT);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(list);
		snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", mc_step_name(ks[i]));
	}
	return mc_error_set(err, MC_EDATA,
			    "dossier %s is %s (%s): %s is not allowed; allowed steps: %s", d->code,
			    mc_dossier_status_key(d->status), mc_dossier_status_label(d->status),
			    mc_step_name(k), n ? list : "none (the dossier is closed)");
}

/* Clean a free-text argument into dst; required ones must not be empty. */
static mc_status take(const char *src, char *dst, size_t dstsz, const char *what,
		      bool required, mc_error *err)
{
	dst[0] = '\0';
	if (!src || !*src)
		return required ? mc_error_set(err, MC_EDATA, "%s is required", what) : MC_OK;
	char *c;
	if (mc_text_clean(src, &c, err) != MC_OK)
		return mc_error_prefix(err, "%s", what);
	mc_status st = MC_OK;
	if (required && !*c)
		st = mc_error_set(err, MC_EDATA, "%s is required", what);
	else if (strlen(c) >= dstsz)
		st = mc_error_set(err, MC_EDATA, "%s is longer than %zu bytes", what, dstsz - 1);
	else
		memcpy(dst, c, strlen(c) + 1);
	free(c);
	return st;
}

/* When the step happened: --at (paper work during an outage) or now; never
 * in the future nor before the dossier's last recorded event. */
static mc_status step_time(mc_store *store, const mc_dossier *d, const char *at, int64_t *out,
			   char when[17], mc_error *err)
{
	int64_t now = mc_clock_now();
	*out = now;
	if (at && *at) {
		if (mc_time_parse(at, out, err) != MC_OK)
			return mc_error_prefix(err, "--at");
		if (*out > now)
			return mc_error_set(err, MC_EDATA, "--at %s is in the future", at);
	}
	mc_time_format(*out, when);
	char last[17] = "";
	mc_status st = store_event_last_at(store, d->id, last, err);
	if (st != MC_OK)
		return st;
	if (strcmp(when, last) < 0)
		return mc_error_set(err, MC_EDATA,
				    "%s is before the dossier's last recorded step (%s)", when, last);
	return MC_OK;
}

/* End the current pause (if any) at `until`: the appointment moves on by
 * the working time paused. */
static mc_status end_pause(mc_store *store, mc_dossier *d, int64_t until, mc_error *err)
{
	if (!d->paused_at[0])
		return MC_OK;
	int64_t from, due;
	if (mc_time_parse(d->paused_at, &from, err) != MC_OK)
		return mc_error_prefix(err, "paused_at of %s", d->code);
	if (mc_time_parse(d->due_at, &due, err) != MC_OK)
		return mc_error_prefix(err, "due_at of %s", d->code);
	mc_office_calendar oc;
	mc_status st = mc_office_calendar_load(store, &oc, err);
	if (st != MC_OK)
		return st;
	int64_t paused = mc_calendar_working_minutes(&oc.cal, from, until);
	int64_t moved = mc_calendar_add_working_minutes(&oc.cal, due, paused);
	/* The statutory appointment moves by the same pause (rules.md R2). */
	int64_t legal = due;
	if (d->statutory_due_at[0] && mc_time_parse(d->statutory_due_at, &legal, NULL) == MC_OK)
		legal = mc_calendar_add_working_minutes(&oc.cal, legal, paused);
	else
		legal = moved;
	mc_office_calendar_free(&oc);
	if (moved == MC_TIME_NEVER || legal == MC_TIME_NEVER)
		return mc_error_set(err, MC_EDATA, "the working calendar has no working days");
	mc_time_format(moved, d->due_at);
	mc_time_format(legal, d->statutory_due_at);
	d->paused_at[0] = '\0';
	return MC_OK;
}

/* Mẫu 04, apology and new appointment (docs/rules.md R4, R5): given once,
 * and no later than one day before the due date (Decree 61/2018/NĐ-CP,
 * Art. 12(3)(c)); after that the dossier is simply late. */
static mc_status extend_allowed(const mc_dossier *d, int64_t t, mc_error *err)
{
	const char *legal = d->statutory_due_at[0] ? d->statutory_due_at : d->due_at;
	int64_t due;
	if (d->extensions > 0)
		return mc_error_set(err, MC_EDATA,
				    "rule R4 (docs/rules.md): a new appointment (Mẫu 04) is given "
				    "only once; dossier %s already has one (now due %s)", d->code,
				    d->due_at);
	if (mc_time_parse(legal, &due, err) != MC_OK)
		return mc_error_prefix(err, "statutory due time of %s", d->code);
	if (mc_time_day(t) > mc_time_day(due) - 1) {
		char when[17];
		mc_time_format(t, when);
		return mc_error_set(err, MC_EDATA,
				    "rule R5 (docs/rules.md, Decree 61/2018/NĐ-CP Art. 12(3)(c)): "
				    "the apology and new appointment must be made no later than one "
				    "day before the due date %.10s; %s is too late", legal, when);
	}
	return MC_OK;
}

/* accept: the appointment counts from the moment of acceptance. */
static mc_status start_clock(mc_store *store, mc_dossier *d, int64_t t, mc_error *err)
{
	mc_office_calendar oc;
	int64_t due;
	mc_status st = mc_office_calendar_load(store, &oc, err);
	if (st != MC_OK)
		return st;
	st = mc_calendar_due(&oc.cal, t, d->deadline, d->deadline_unit, &due, err);
	mc_office_calendar_free(&oc);
	if (st != MC_OK)
		return st;
	mc_time_format(due, d->due_at);
	snprintf(d->original_due_at, sizeof d->original_due_at, "%s", d->due_at);
	snprintf(d->statutory_due_at, sizeof d->statutory_due_at, "%s", d->due_at);
	/* Received for resolution now (rules.md R8): the report counts it from
	 * this moment. */
	mc_time_format(t, d->accepted_at);
	return MC_OK;
}

/* Apply one step's effect to *d (in memory); fills the event's note/data. */
static mc_status apply(mc_store *store, const mc_step *s, mc_dossier *d, int64_t t,
		       const char *when, mc_event *e, mc_error *err)
{
	char text[512];
	mc_status st;
	mc_json j;
	char *data = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&data, &len);
	if (!f)
		return mc_error_set(err, MC_ESYS, "out of memory");
	mc_json_init(&j, f);
	mc_json_begin_object(&j, NULL);
	switch (s->kind) {
	case MC_STEP_TRANSFER:
		if ((st = take(s->to, d->department, sizeof d->department, "--to (department)", true,
			       err)) ||
		    (st = take(s->assignee, d->assignee, sizeof d->assignee, "--assignee", false, err)))
			goto out;
		d->status = MC_DS_PROCESSING;
		mc_json_string(&j, "to", d->department);
		if (d->assignee[0])
			mc_json_string(&j, "assignee", d->assignee);
		snprintf(e->note, sizeof e->note, "chuyển %s%s%s", d->department,
			 d->assignee[0] ? " · " : "", d->assignee);
		break;
	case MC_STEP_SUPPLEMENT:
	case MC_STEP_FEES:
		if ((st = take(s->text, text, sizeof text, s->kind == MC_STEP_SUPPLEMENT
			       ? "--missing (papers to supplement)" : "note",
			       s->kind == MC_STEP_SUPPLEMENT, err)))
			goto out;
		snprintf(d->paused_at, sizeof d->paused_at, "%s", when);
		mc_json_string(&j, "resume_status", mc_dossier_status_key(d->status));
		d->status = s->kind == MC_STEP_SUPPLEMENT ? MC_DS_SUPPLEMENT : MC_DS_FEES;
		if (text[0])
			mc_json_string(&j, s->kind == MC_STEP_SUPPLEMENT ? "missing" : "note", text);
		snprintf(e->note, sizeof e->note, "%s", text);
		break;
	case MC_STEP_RESUME:
		if ((st = take(s->text, e->note, sizeof e->note, "note", false, err)) ||
		    (st = end_pause(store, d, t, err)))
			goto out;
		d->status = d->department[0] ? MC_DS_PROCESSING : MC_DS_ACCEPTED;
		mc_json_string(&j, "due_at", d->due_at);
		mc_json_string(&j, "statutory_due_at", d->statutory_due_at);
		break;
	case MC_STEP_REFUSE:
	case MC_STEP_STOP:
		if ((st = take(s->text, e->note, sizeof e->note, "--reason", true, err)))
			goto out;
		if (d->paused_at[0]) {
			if ((st = end_pause(store, d, t, err)))
				goto out;
			mc_json_string(&j, "due_at", d->due_at);
			mc_json_string(&j, "statutory_due_at", d->statutory_due_at);
		}
		d->status = s->kind == MC_STEP_REFUSE ? MC_DS_REFUSED : MC_DS_STOPPED;
		snprintf(d->finished_at, sizeof d->finished_at, "%s", when);
		mc_json_string(&j, "reason", e->note);
		break;
	case MC_STEP_WITHDRAW:
		if ((st = take(s->text, e->note, sizeof e->note, "note", false, err)))
			goto out;
		if (d->paused_at[0]) {
			if ((st = end_pause(store, d, t, err)))
				goto out;
			mc_json_string(&j, "due_at", d->due_at);
			mc_json_string(&j, "statutory_due_at", d->statutory_due_at);
		}
		d->status = MC_DS_WITHDRAWN;
		snprintf(d->finished_at, sizeof d->finished_at, "%s", when);
		break;
	case MC_STEP_EXTEND: {
		int64_t until, due;
		if ((st = take(s->text, e->note, sizeof e->note, "--reason", true, err)))
			goto out;
		if (!s->until || mc_time_parse(s->until, &until, err) != MC_OK) {
			st = s->until ? mc_error_prefix(err, "--until")
				      : mc_error_set(err, MC_EDATA, "--until is required");
			goto out;
		}
		if (mc_time_parse(d->due_at, &due, err) != MC_OK) {
			st = mc_error_prefix(err, "due_at of %s", d->code);
			goto out;
		}
		if (until <= due) {
			st = mc_error_set(err, MC_EDATA,
					  "--until %s must be later than the current appointment %s",
					  s->until, d->due_at);
			goto out;
		}
		if ((st = extend_allowed(d, t, err)) != MC_OK)
			goto out;
		mc_json_string(&j, "from", d->due_at);
		mc_time_format(until, d->due_at);
		mc_json_string(&j, "until", d->due_at);
		mc_json_string(&j, "reason", e->note);
		break;
	}
	case MC_STEP_RESULT:
		if ((st = take(s->text, e->note, sizeof e->note, "note", false, err)))
			goto out;
		d->status = MC_DS_READY;
		snprintf(d->finished_at, sizeof d->finished_at, "%s", when);
		break;
	case MC_STEP_ACCEPT:
		if ((st = take(s->text, e->note, sizeof e->note, "note", false, err)) ||
		    (st = start_clock(store, d, t, err)))
			goto out;
		d->status = MC_DS_ACCEPTED;
		mc_json_string(&j, "due_at", d->due_at);
		mc_json_string(&j, "statutory_due_at", d->statutory_due_at);
		if (!e->note[0])
			snprintf(e->note, sizeof e->note, "hẹn trả %s", d->due_at);
		break;
	case MC_STEP_RETURN: {
		const char *by = s->by && *s->by ? s->by : "counter";
		if (strcmp(by, "counter") != 0 && strcmp(by, "post") != 0) {
			st = mc_error_set(err, MC_EUSAGE, "--by must be counter or post, not \"%s\"", by);
			goto out;
		}
		if ((st = take(s->to, d->returned_to, sizeof d->returned_to,
			       "--to (who received the result)", true, err)))
			goto out;
		snprintf(d->return_by, sizeof d->return_by, "%s", by);
		snprintf(d->returned_at, sizeof d->returned_at, "%s", when);
		d->status = MC_DS_RETURNED;
		mc_json_string(&j, "to", d->returned_to);
		mc_json_string(&j, "by", by);
		snprintf(e->note, sizeof e->note, "%s (%s)", d->returned_to,
			 strcmp(by, "post") == 0 ? "bưu chính" : "tại quầy");
		break;
	}
	default:
		st = mc_error_set(err, MC_EUSAGE, "unknown step");
		goto out;
	}
	st = MC_OK;
out:
	mc_json_end_object(&j);
	fclose(f);
	if (len && data[len - 1] == '\n')
		data[--len] = '\0';
	snprintf(e->data, sizeof e->data, "%s", st == MC_OK && len < sizeof e->data ? data : "{}");
	free(data);
	return st;
}

mc_status mc_dossier_step(mc_store *store, const mc_step *s, mc_dossier *out, mc_error *err)
{
	if (s->kind >= MC_STEP_COUNT)
		return mc_error_set(err, MC_EUSAGE, "unknown step");
	if (!s->code || !*s->code)
		return mc_error_set(err, MC_EUSAGE, "the dossier code is required");
	/* The apology with a new appointment and the stop are a supervisor's
	 * to sign (step_roles.c): held here, not only by the screens that
	 * offer them, so no front end lets a clerk take them. */
	char what[64];
	snprintf(what, sizeof what, "take the step %s on a dossier", mc_step_name(s->kind));
	mc_status st = mc_auth_require(store, mc_step_role(s->kind), what, err);
	if (st != MC_OK)
		return st;
	st = mc_store_begin(store, err);
	if (st != MC_OK)
		return st;
	mc_dossier *d = malloc(sizeof *d);
	if (!d) {
		mc_store_rollback(store);
		return mc_error_set(err, MC_ESYS, "out of memory");
	}
	mc_event e = {0};
	int64_t t;
	char when[17];
	if ((st = mc_dossier_get(store, s->code, d, err)) != MC_OK)
		goto fail;
	if (!(allowed[d->status] & S(s->kind))) {
		st = refuse_step(d, s->kind, err);
		goto fail;
	}
	if ((st = step_time(store, d, s->at, &t, when, err)) != MC_OK)
		goto fail;
	snprintf(e.from_status, sizeof e.from_status, "%s", mc_dossier_status_key(d->status));
	if (!d->original_due_at[0])
		snprintf(d->original_due_at, sizeof d->original_due_at, "%s", d->due_at);
	if ((st = apply(store, s, d, t, when, &e, err)) != MC_OK)
		goto fail;
	snprintf(e.at, sizeof e.at, "%s", when);
	mc_clock_stamp(e.entered_at);
	snprintf(e.user, sizeof e.user, "%s", s->user && *s->user ? s->user : "admin");
	snprintf(e.action, sizeof e.action, "%s", mc_step_name(s->kind));
	snprintf(e.to_status, sizeof e.to_status, "%s", mc_dossier_status_key(d->status));
	if ((st = store_dossier_update_state(store, d, NULL, e.entered_at, err)) != MC_OK ||
	    (st = store_event_append(store, d->id, &e, err)) != MC_OK ||
	    (st = mc_store_commit(store, err)) != MC_OK)
		goto fail;
	if (out)
		*out = *d;
	free(d);
	return MC_OK;
fail:
	mc_store_rollback(store);
	free(d);
	return st;
}

mc_status mc_dossier_rate(mc_store *store, const char *code, int rating, const char *user,
			  mc_error *err)
{
	if (!code || !*code)
		return mc_error_set(err, MC_EUSAGE, "the dossier code is required");
	if (rating < 1 || rating > 3)
		return mc_error_set(err, MC_EUSAGE,
				    "rating must be 1 (rất hài lòng), 2 (hài lòng) or 3 (không hài lòng)");
	mc_status st = mc_store_begin(store, err);
	if (st != MC_OK)
		return st;
	mc_dossier *d = malloc(sizeof *d);
	mc_event e = {0};
	if (!d) {
		st = mc_error_set(err, MC_ESYS, "out of memory");
		goto done;
	}
	if ((st = mc_dossier_get(store, code, d, err)) != MC_OK)
		goto done;
	if (d->status != MC_DS_RETURNED) {
		st = mc_error_set(err, MC_EDATA,
				  "dossier %s is %s: the citizen rates the service once the result "
				  "is returned", code, mc_dossier_status_key(d->status));
		goto done;
	}
	if (d->rating) {
		st = mc_error_set(err, MC_EDATA, "dossier %s was already rated %d", code, d->rating);
		goto done;
	}
	d->rating = rating;
	mc_time_format(mc_clock_now(), e.at);
	mc_clock_stamp(e.entered_at);
	snprintf(e.user, sizeof e.user, "%s", user && *user ? user : "admin");
	snprintf(e.action, sizeof e.action, "rate");
	static const char *const words[] = {"", "Rất hài lòng", "Hài lòng", "Không hài lòng"};
	snprintf(e.note, sizeof e.note, "%s", words[rating]);
	snprintf(e.data, sizeof e.data, "{\"rating\":%d}", rating);
	if ((st = store_dossier_update_state(store, d, e.at, e.entered_at, err)) == MC_OK &&
	    (st = store_event_append(store, d->id, &e, err)) == MC_OK)
		st = mc_store_commit(store, err);
done:
	if (st != MC_OK)
		mc_store_rollback(store);
	free(d);
	return st;
}

static bool is_closed(mc_dossier_status st)
{
	return st == MC_DS_REFUSED || st == MC_DS_WITHDRAWN || st == MC_DS_STOPPED ||
	       st == MC_DS_READY || st == MC_DS_RETURNED || st == MC_DS_VOIDED;
}

/* Where an open dossier's clock stands at as_of: stopped at paused_at
 * while paused. */
static mc_status clock_at(const mc_dossier *d, int64_t as_of, int64_t *out, mc_error *err)
{
	*out = as_of;
	if (!d->paused_at[0])
		return MC_OK;
	int64_t p;
	if (mc_time_parse(d->paused_at, &p, err) != MC_OK)
		return mc_error_prefix(err, "paused_at of %s", d->code);
	if (p < *out)
		*out = p;
	return MC_OK;
}

mc_status mc_dossier_timeliness(mc_store *store, const mc_dossier *d, int64_t as_of,
				mc_timeliness *out, mc_error *err)
{
	(void)store;
	int64_t due, end;
	/* Against the statutory appointment (rules.md R1, R3): an apology's new
	 * appointment does not make a late dossier on time. */
	const char *legal = d->statutory_due_at[0] ? d->statutory_due_at : d->due_at;
	if (mc_time_parse(legal, &due, err) != MC_OK)
		return mc_error_prefix(err, "due time of %s", d->code);
	const char *fin = d->finished_at[0] ? d->finished_at : d->returned_at;
	if (fin[0]) {
		if (mc_time_parse(fin, &end, err) != MC_OK)
			return mc_error_prefix(err, "finish time of %s", d->code);
		/* Resolved: before the due date → early; on the due date by the
		 * due time → on time; after → late (domain.md §4.3). */
		if (mc_time_day(end) < mc_time_day(due))
			*out = MC_TL_EARLY;
		else
			*out = end <= due ? MC_TL_ON_TIME : MC_TL_LATE;
		return MC_OK;
	}
	if (is_closed(d->status))
		return mc_error_set(err, MC_EEMPTY, "dossier %s is %s but has no finish time",
				    d->code, mc_dossier_status_key(d->status));
	mc_status st = clock_at(d, as_of, &end, err);
	if (st != MC_OK)
		return st;
	*out = end <= due ? MC_TL_ON_TIME : MC_TL_LATE;
	return MC_OK;
}

mc_status mc_dossier_time_left(mc_store *store, const mc_dossier *d, int64_t as_of,
			       int64_t *minutes, int *day_minutes, mc_error *err)
{
	int64_t due, now;
	if (d->finished_at[0] || d->returned_at[0] || is_closed(d->status))
		return mc_error_set(err, MC_EEMPTY, "dossier %s is finished (%s)", d->code,
				    mc_dossier_status_key(d->status));
	if (mc_time_parse(d->statutory_due_at[0] ? d->statutory_due_at : d->due_at, &due,
			  err) != MC_OK)
		return mc_error_prefix(err, "due time of %s", d->code);
	mc_status st = clock_at(d, as_of, &now, err);
	if (st != MC_OK)
		return st;
	mc_office_calendar oc;
	if ((st = mc_office_calendar_load(store, &oc, err)) != MC_OK)
		return st;
	*minutes = now <= due ? mc_calendar_working_minutes(&oc.cal, now, due)
			      : -mc_calendar_working_minutes(&oc.cal, due, now);
	if (day_minutes)
		*day_minutes = mc_calendar_day_minutes(&oc.cal);
	mc_office_calendar_free(&oc);
	return MC_OK;
}

const char *mc_timeliness_key(mc_timeliness t)
{
	return t == MC_TL_EARLY ? "early" : t == MC_TL_ON_TIME ? "on_time" : "late";
}

const char *mc_timeliness_label(mc_timeliness t)
{
	return t == MC_TL_EARLY ? "trước hạn" : t == MC_TL_ON_TIME ? "đúng hạn" : "quá hạn";
}
