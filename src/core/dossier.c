/*
 * Dossier intake, look-up and JSON (see include/motcua/dossier.h). Checks
 * happen here; rows are written by store_dossier.c inside one transaction.
 */
#include "motcua/dossier.h"
#include "motcua/clock.h"
#include "motcua/holidays.h"
#include "motcua/lifecycle.h"
#include "motcua/print.h"
#include "motcua/text.h"
#include "dossier_internal.h"
#include "store_ops.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *key;
	const char *label;
} statuses[] = {
	[MC_DS_NEW] = {"new", "Mới đăng ký"},
	[MC_DS_ACCEPTED] = {"accepted", "Được tiếp nhận"},
	[MC_DS_REFUSED] = {"refused", "Không được tiếp nhận"},
	[MC_DS_PROCESSING] = {"processing", "Đang xử lý"},
	[MC_DS_SUPPLEMENT] = {"supplement", "Yêu cầu bổ sung giấy tờ"},
	[MC_DS_FEES] = {"fees", "Chờ thực hiện nghĩa vụ tài chính"},
	[MC_DS_WITHDRAWN] = {"withdrawn", "Công dân rút hồ sơ"},
	[MC_DS_STOPPED] = {"stopped", "Dừng xử lý"},
	[MC_DS_READY] = {"ready", "Đã xử lý xong"},
	[MC_DS_RETURNED] = {"returned", "Đã trả kết quả"},
	[MC_DS_VOIDED] = {"voided", "Đã hủy (nhập sai)"},
};

const char *mc_dossier_status_key(mc_dossier_status s)
{
	return s >= MC_DS_NEW && s <= MC_DS_VOIDED ? statuses[s].key : "unknown";
}

const char *mc_dossier_status_label(mc_dossier_status s)
{
	return s >= MC_DS_NEW && s <= MC_DS_VOIDED ? statuses[s].label : "?";
}

bool mc_dossier_status_parse(const char *key, mc_dossier_status *out)
{
	for (int s = MC_DS_NEW; s <= MC_DS_VOIDED; s++)
		if (strcmp(key, statuses[s].key) == 0) {
			*out = (mc_dossier_status)s;
			return true;
		}
	return false;
}

bool mc_unit_code_valid(const char *u)
{
	size_t n = strlen(u);
	if (n == 0 || n > 32 || u[0] == '.' || u[n - 1] == '.')
		return false;
	for (; *u; u++)
		if (!((*u >= '0' && *u <= '9') || (*u >= 'A' && *u <= 'Z') ||
		      (*u >= 'a' && *u <= 'z') || *u == '.'))
			return false;
	return true;
}

void mc_dossier_code_format(const char *unit, int32_t day, int seq, char *buf, size_t bufsz)
{
	int y, m, d;
	mc_date_to_ymd(day, &y, &m, &d);
	snprintf(buf, bufsz, "%s-%02d%02d%02d-%04d", unit, y % 100, m, d, seq);
}

mc_status mc_dossier_code_parse(const char *code, char *unit, size_t unitsz, int32_t *day,
				int *seq, mc_error *err)
{
	const char *dash2 = strrchr(code, '-');
	const char *dash1 = NULL;
	for (const char *p = code; dash2 && p < dash2; p++)
		if (*p == '-')
			dash1 = p;
	if (!dash1 || dash2 - dash1 != 7)
		return mc_error_set(err, MC_EDATA,
				    "\"%s\" is not a dossier code UNIT-YYMMDD-NNNN", code);
	size_t ulen = (size_t)(dash1 - code);
	char tmp[40];
	if (ulen == 0 || ulen >= sizeof tmp || ulen >= unitsz)
		return mc_error_set(err, MC_EDATA, "\"%s\": bad unit part", code);
	memcpy(tmp, code, ulen);
	tmp[ulen] = '\0';
	if (!mc_unit_code_valid(tmp))
		return mc_error_set(err, MC_EDATA, "\"%s\": bad unit part \"%s\"", code, tmp);
	int yy, mm, dd;
	char digits[8];
	memcpy(digits, dash1 + 1, 6);
	digits[6] = '\0';
	if (!mc_text_is_digits(digits) || !mc_text_is_digits(dash2 + 1) ||
	    strlen(dash2 + 1) < 4 || strlen(dash2 + 1) > 6)
		return mc_error_set(err, MC_EDATA, "\"%s\": date and sequence must be digits", code);
	yy = (digits[0] - '0') * 10 + digits[1] - '0';
	mm = (digits[2] - '0') * 10 + digits[3] - '0';
	dd = (digits[4] - '0') * 10 + digits[5] - '0';
	char iso[32];
	snprintf(iso, sizeof iso, "%04d-%02d-%02d", 2000 + yy, mm, dd);
	int32_t dy;
	if (mc_date_parse(iso, &dy, NULL) != MC_OK)
		return mc_error_set(err, MC_EDATA, "\"%s\": %s is not a date", code, digits);
	memcpy(unit, tmp, ulen + 1);
	*day = dy;
	*seq = atoi(dash2 + 1);
	return MC_OK;
}

/* Copy cleaned text; name the field in the message. */
static mc_status clean_field(const char *in, char *out, size_t outsz, const char *label,
			     bool required, mc_error *err)
{
	if (!in || !*in) {
		if (required)
			return mc_error_set(err, MC_EDATA, "%s is required", label);
		out[0] = '\0';
		return MC_OK;
	}
	char *c;
	if (mc_text_clean(in, &c, err) != MC_OK)
		return mc_error_prefix(err, "%s", label);
	mc_status st = MC_OK;
	if (required && !*c)
		st = mc_error_set(err, MC_EDATA, "%s is required", label);
	else if (strlen(c) >= outsz)
		st = mc_error_set(err, MC_EDATA, "%s is longer than %zu bytes", label, outsz - 1);
	else
		memcpy(out, c, strlen(c) + 1);
	free(c);
	return st;
}

static mc_status check_applicant(const mc_intake *in, mc_applicant *a, mc_error *err)
{
	mc_status st;
	if ((st = clean_field(in->name, a->name, sizeof a->name, "name", true, err)))
		return st;
	for (const char *p = a->name; *p; p++)
		if (*p >= '0' && *p <= '9')
			return mc_error_set(err, MC_EDATA, "name \"%s\" contains a digit", a->name);
	if ((st = clean_field(in->id_number, a->id_number, sizeof a->id_number, "ID number",
			      true, err)))
		return st;
	size_t n = strlen(a->id_number);
	if (!mc_text_is_digits(a->id_number) || (n != 12 && n != 9))
		return mc_error_set(err, MC_EDATA,
				    "ID number \"%s\" must be the 12 digits of a CCCD "
				    "(or 9 of an old CMND)", a->id_number);
	if (in->phone && *in->phone) {
		static const char *const why[] = {
			[MC_PHONE_CHARS] = "only digits, spaces, dots and dashes",
			[MC_PHONE_LENGTH] = "a mobile has 10 digits, a landline 11",
			[MC_PHONE_PREFIX] = "a mobile starts 03, 05, 07, 08 or 09, a landline 02",
		};
		mc_phone_check pc = mc_text_phone_check(in->phone, a->phone, sizeof a->phone);
		if (pc != MC_PHONE_OK)
			return mc_error_set(err, MC_EDATA,
					    "phone \"%s\" is not a Vietnamese phone number (%s)",
					    in->phone, why[pc]);
	} else {
		return mc_error_set(err, MC_EDATA, "phone is required");
	}
	return clean_field(in->address, a->address, sizeof a->address, "address", false, err);
}


/* ESC, C0 (but tab and newline), DEL and C1 in the extra fields' JSON,
 * raw or as \u escapes: they would drive a terminal when shown. */
static mc_status extra_controls(const char *j, mc_error *err)
{
	for (const unsigned char *p = (const unsigned char *)j; *p; p++) {
		/* cp: the code point when it is a control's, else 0x20 (any other
		 * byte, such as the lead and continuation bytes of a letter). */
		unsigned cp = *p < 0x80 ? *p : 0x20;
		size_t at = (size_t)(p - (const unsigned char *)j);
		if (p[0] == '\\' && p[1] == 'u') {
			char hex[5] = {0};
			for (int i = 0; i < 4 && p[2 + i]; i++)
				hex[i] = (char)p[2 + i];
			cp = (unsigned)strtoul(hex, NULL, 16);
			p += 1;   /* and past the 'u' below */
		} else if (p[0] == '\\' && p[1]) {
			p++;
			continue;
		} else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			cp = p[1];   /* C1 as UTF-8 */
		}
		if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7f ||
		    (cp >= 0x80 && cp <= 0x9f))
			return mc_error_set(err, MC_EDATA, "control character 0x%02x at byte offset %zu",
					    cp, at);
	}
	return MC_OK;
}

mc_status dossier_prepare(mc_store *store, const mc_office *office, const mc_calendar *cal,
			  const mc_intake *in, mc_dossier *out, mc_error *err)
{
	memset(out, 0, sizeof *out);
	mc_procedure proc;
	mc_status st;
	if (!in->procedure_code || !*in->procedure_code)
		return mc_error_set(err, MC_EDATA, "procedure is required");
	if ((st = mc_catalog_get(store, in->procedure_code, &proc, err)) != MC_OK)
		return st;
	if ((st = check_applicant(in, &out->applicant, err)) != MC_OK)
		return st;
	int64_t now = mc_clock_now(), received = now, due;
	if (in->received_at && *in->received_at) {
		if ((st = mc_time_parse(in->received_at, &received, err)) != MC_OK)
			return mc_error_prefix(err, "received-at");
		if (received > now)
			return mc_error_set(err, MC_EDATA,
					    "received-at %s is in the future", in->received_at);
	}
	const char *extra = in->extra_json && *in->extra_json ? in->extra_json : "{}";
	size_t skip = strspn(extra, " \t\r\n");
	if (extra[skip] != '{' || strlen(extra) >= sizeof out->extra)
		return mc_error_set(err, MC_EDATA, "extra fields must be a JSON object under 2 KB");
	if (extra_controls(extra, err) != MC_OK)
		return mc_error_prefix(err, "extra fields");
	snprintf(out->extra, sizeof out->extra, "%s", extra);
	mc_time_format(received, out->received_at);
	if ((st = mc_calendar_due(cal, received, proc.deadline, proc.unit, &due, err)) != MC_OK)
		return st;
	mc_time_format(due, out->due_at);
	mc_clock_stamp(out->entered_at);
	snprintf(out->unit_code, sizeof out->unit_code, "%s", office->unit_code);
	snprintf(out->procedure_code, sizeof out->procedure_code, "%s", proc.code);
	snprintf(out->procedure_name, sizeof out->procedure_name, "%s", proc.name);
	out->deadline = proc.deadline;
	out->deadline_unit = proc.unit;
	out->status = MC_DS_ACCEPTED;
	/* How it came in (docs/rules.md R-channel): the report splits by it. */
	const char *ch = in->channel && *in->channel ? in->channel : "counter";
	if (strcmp(ch, "counter") != 0 && strcmp(ch, "online") != 0 && strcmp(ch, "post") != 0)
		return mc_error_set(err, MC_EUSAGE,
				    "channel \"%s\" is not one of counter, online, post", ch);
	snprintf(out->channel, sizeof out->channel, "%s", ch);
	snprintf(out->received_by, sizeof out->received_by, "%s",
		 in->user && *in->user ? in->user : "admin");
	/* The form set of the receipt date (docs/rules.md R19). */
	snprintf(out->form_set, sizeof out->form_set, "%s",
		 mc_form_set_for(store, out->received_at));
	out->ndocuments = proc.ndocuments;
	for (int i = 0; i < proc.ndocuments; i++) {
		snprintf(out->documents[i].name, sizeof out->documents[i].name, "%s",
			 proc.documents[i]);
		out->documents[i].received = in->documents_received ? in->documents_received[i]
								    : true;
	}
	return MC_OK;
}

mc_status dossier_write(mc_store *store, mc_dossier *d, const char *action, const char *note,
			mc_error *err)
{
	char *fold = mc_text_fold(d->applicant.name);
	if (!fold)
		return mc_error_set(err, MC_ESYS, "out of memory");
	mc_status st = store_dossier_insert(store, d, fold, err);
	free(fold);
	if (st != MC_OK)
		return st;
	mc_event e = {0};
	snprintf(e.at, sizeof e.at, "%s", d->received_at);
	snprintf(e.entered_at, sizeof e.entered_at, "%s", d->entered_at);
	snprintf(e.user, sizeof e.user, "%s", d->received_by);
	snprintf(e.action, sizeof e.action, "%s", action);
	snprintf(e.to_status, sizeof e.to_status, "%s", mc_dossier_status_key(d->status));
	snprintf(e.note, sizeof e.note, "%s", note);
	snprintf(e.data, sizeof e.data, "{}");
	return store_event_append(store, d->id, &e, err);
}

mc_status mc_dossier_intake(mc_store *store, const mc_intake *in, mc_dossier *out,
			    mc_error *err)
{
	mc_office office;
	mc_office_calendar oc;
	mc_status st = mc_store_office_get(store, &office, err);
	if (st != MC_OK || (st = mc_office_calendar_load(store, &oc, err)) != MC_OK)
		return st;
	st = dossier_prepare(store, &office, &oc.cal, in, out, err);
	mc_office_calendar_free(&oc);
	if (st != MC_OK || (st = mc_store_begin(store, err)) != MC_OK)
		return st;
	char note[64];
	snprintf(note, sizeof note, "hẹn trả %s", out->due_at);
	if ((st = dossier_write(store, out, "intake", note, err)) != MC_OK) {
		mc_store_rollback(store);
		return st;
	}
	return mc_store_commit(store, err);
}

/* Mark the positions of list ("1,2,4") in seen[] with mark; 0 = OK. */
static mc_status papers_mark(const char *list, const char *opt, int mark, int ndocs, int *seen,
			     mc_error *err)
{
	const char *p = list;
	if (!*p)
		return mc_error_set(err, MC_EUSAGE, "%s needs paper numbers, e.g. 1,2,4", opt);
	while (*p) {
		char *end;
		if (*p < '0' || *p > '9')
			return mc_error_set(err, MC_EUSAGE,
					    "%s \"%s\": paper numbers are digits separated by "
					    "commas, e.g. 1,2,4", opt, list);
		long n = strtol(p, &end, 10);
		if (*end && *end != ',')
			return mc_error_set(err, MC_EUSAGE,
					    "%s \"%s\": paper numbers are digits separated by "
					    "commas, e.g. 1,2,4", opt, list);
		if (n < 1 || n > ndocs)
			return mc_error_set(err, MC_EDATA,
					    "%s: paper %ld is not on the procedure's checklist "
					    "(papers 1-%d)", opt, n, ndocs);
		if (seen[n - 1] && seen[n - 1] != mark)
			return mc_error_set(err, MC_EDATA,
					    "paper %ld is named both --received and --missing", n);
		seen[n - 1] = mark;
		p = *end ? end + 1 : end;
		if (*end && !*p)
			return mc_error_set(err, MC_EUSAGE, "%s \"%s\" ends with a comma", opt,
					    list);
	}
	return MC_OK;
}

mc_status mc_dossier_papers_parse(const char *received, const char *missing, int ndocs,
				  bool *flags, mc_error *err)
{
	int seen[MC_DOSSIER_MAX_DOCS] = {0};
	if (ndocs < 0 || ndocs > MC_DOSSIER_MAX_DOCS)
		return mc_error_set(err, MC_EDATA, "the checklist has %d papers", ndocs);
	mc_status st;
	if (received && (st = papers_mark(received, "--received", 1, ndocs, seen, err)) != MC_OK)
		return st;
	if (missing && (st = papers_mark(missing, "--missing", 2, ndocs, seen, err)) != MC_OK)
		return st;
	for (int i = 0; i < ndocs; i++) {
		if (received && missing && !seen[i])
			return mc_error_set(err, MC_EDATA,
					    "paper %d is named neither --received nor --missing", i + 1);
		flags[i] = received ? seen[i] == 1 : seen[i] != 2;
	}
	return MC_OK;
}

mc_status mc_dossier_get(mc_store *store, const char *code, mc_dossier *out, mc_error *err)
{
	return store_dossier_get(store, code, out, err);
}

/* De-duplicates rows when several look-ups (ID, then phone) feed one list. */
struct find_ctx {
	mc_dossier_cb cb;
	void *ctx;
	int64_t seen[256];
	int nseen;
	int left;
	int stopped;
};

static int find_relay(const mc_dossier *d, void *arg)
{
	struct find_ctx *fc = arg;
	for (int i = 0; i < fc->nseen; i++)
		if (fc->seen[i] == d->id)
			return 0;
	if (fc->nseen < 256)
		fc->seen[fc->nseen++] = d->id;
	if (fc->left-- <= 0 || fc->cb(d, fc->ctx))
		fc->stopped = 1;
	return fc->stopped;
}

mc_status mc_dossier_find(mc_store *store, const char *query, int limit, mc_dossier_cb cb,
			  void *ctx, mc_error *err)
{
	if (limit <= 0)
		limit = 50;
	char *q;
	mc_status st = mc_text_clean(query ? query : "", &q, err);
	if (st != MC_OK)
		return mc_error_prefix(err, "search text");
	struct find_ctx fc = {.cb = cb, .ctx = ctx, .left = limit};
	char phone[16] = "";
	if (!*q) {
		st = mc_error_set(err, MC_EUSAGE, "nothing to search for");
	} else if (strchr(q, '-')) {
		st = store_dossier_find_exact(store, "code", q, limit, find_relay, &fc, err);
		if (st == MC_OK && fc.nseen == 0)
			st = store_dossier_find_exact(store, "code_tail", q, limit, find_relay, &fc,
						      err);
	} else if (mc_text_phone_normalize(q, phone, sizeof phone) || mc_text_is_digits(q)) {
		char digits[32] = "";
		size_t n = 0;
		for (const char *p = q; *p && n + 1 < sizeof digits; p++)
			if (*p >= '0' && *p <= '9')
				digits[n++] = *p;
		digits[n] = '\0';
		/* The tail of a code ("0002"): every day's dossier with that
		 * number, newest first; then ID numbers and phones. */
		if (mc_text_is_digits(q) && strlen(q) <= 8)
			st = store_dossier_find_exact(store, "code_tail", q, limit, find_relay, &fc,
						      err);
		if (st == MC_OK && !fc.stopped)
			st = store_dossier_find_exact(store, "id_number", digits, limit, find_relay,
						      &fc, err);
		if (st == MC_OK && !fc.stopped && phone[0] &&
		    mc_text_phone_normalize(q, phone, sizeof phone))
			st = store_dossier_find_exact(store, "phone", phone, limit, find_relay, &fc,
						      err);
	} else {
		char *fold = mc_text_fold(q);
		/* FTS5 query: every folded word as a quoted prefix term (AND). */
		size_t cap = fold ? strlen(fold) * 4 + 8 : 0;
		char *fts = fold ? malloc(cap) : NULL;
		if (!fts) {
			st = mc_error_set(err, MC_ESYS, "out of memory");
		} else {
			size_t o = 0;
			for (char *w = strtok(fold, " "); w; w = strtok(NULL, " "))
				o += (size_t)snprintf(fts + o, cap - o, "%s\"%s\"*", o ? " " : "", w);
			fts[o] = '\0';
			st = o ? store_dossier_find_name(store, fts, limit, find_relay, &fc, err)
			       : mc_error_set(err, MC_EUSAGE, "nothing to search for");
		}
		free(fts);
		free(fold);
	}
	free(q);
	return st;
}

mc_status mc_dossier_list(mc_store *store, const mc_dossier_filter *f, mc_dossier_cb cb,
			  void *ctx, mc_error *err)
{
	int32_t d;
	if (f->from && mc_date_parse(f->from, &d, err) != MC_OK)
		return mc_error_prefix(err, "--from");
	if (f->to && mc_date_parse(f->to, &d, err) != MC_OK)
		return mc_error_prefix(err, "--to");
	if (!f->overdue_at)
		return store_dossier_list(store, f, cb, ctx, err);
	/* The stored times are 'YYYY-MM-DD HH:MM': compare in that form. */
	int64_t t;
	char at[17];
	if (mc_time_parse(f->overdue_at, &t, err) != MC_OK)
		return mc_error_prefix(err, "overdue at");
	mc_time_format(t, at);
	mc_dossier_filter g = *f;
	g.overdue_at = at;
	return store_dossier_list(store, &g, cb, ctx, err);
}

mc_status mc_dossier_events(mc_store *store, int64_t dossier_id, mc_event_cb cb, void *ctx,
			    mc_error *err)
{
	return store_event_each(store, dossier_id, cb, ctx, err);
}

static int event_json(const mc_event *e, void *arg)
{
	mc_json *j = arg;
	mc_json_begin_object(j, NULL);
	mc_json_string(j, "at", e->at);
	mc_json_string(j, "entered_at", e->entered_at);
	mc_json_string(j, "user", e->user);
	mc_json_string(j, "action", e->action);
	mc_json_string(j, "from_status", e->from_status[0] ? e->from_status : NULL);
	mc_json_string(j, "to_status", e->to_status[0] ? e->to_status : NULL);
	mc_json_string(j, "note", e->note);
	mc_json_raw(j, "data", e->data);
	mc_json_end_object(j);
	return 0;
}

mc_status mc_dossier_json(mc_store *store, mc_json *j, const mc_dossier *d, bool with_events,
			  mc_error *err)
{
	mc_json_begin_object(j, NULL);
	mc_json_string(j, "code", d->code);
	mc_json_string(j, "unit_code", d->unit_code);
	mc_json_string(j, "status", mc_dossier_status_key(d->status));
	mc_json_int(j, "status_code", d->status);
	mc_json_string(j, "status_label", mc_dossier_status_label(d->status));
	mc_json_begin_object(j, "applicant");
	mc_json_string(j, "name", d->applicant.name);
	mc_json_string(j, "id_number", d->applicant.id_number);
	mc_json_string(j, "phone", d->applicant.phone);
	mc_json_string(j, "address", d->applicant.address);
	mc_json_end_object(j);
	mc_json_begin_object(j, "procedure");
	mc_json_string(j, "code", d->procedure_code);
	mc_json_string(j, "name", d->procedure_name);
	mc_json_number(j, "deadline", d->deadline);
	mc_json_string(j, "deadline_unit", mc_deadline_unit_name(d->deadline_unit));
	mc_json_end_object(j);
	mc_json_string(j, "received_at", d->received_at);
	mc_json_string(j, "entered_at", d->entered_at);
	mc_json_string(j, "due_at", d->due_at);
	mc_json_string(j, "statutory_due_at", d->statutory_due_at[0] ? d->statutory_due_at
								     : d->due_at);
	mc_json_bool(j, "apology", d->extensions > 0);
	mc_json_string(j, "channel", d->channel[0] ? d->channel : "counter");
	mc_json_string(j, "accepted_at", d->accepted_at[0] ? d->accepted_at : NULL);
	mc_json_string(j, "received_by", d->received_by);
	mc_json_string(j, "form_set", d->form_set);
	mc_json_begin_array(j, "documents");
	for (int i = 0; i < d->ndocuments; i++) {
		mc_json_begin_object(j, NULL);
		mc_json_string(j, "name", d->documents[i].name);
		mc_json_bool(j, "received", d->documents[i].received);
		mc_json_end_object(j);
	}
	mc_json_end_array(j);
	mc_json_raw(j, "extra", d->extra);
	/* Derived as of now; null for a closed dossier with no finish time
	 * (imported from another system). */
	mc_timeliness tl;
	mc_status st = mc_dossier_timeliness(store, d, mc_clock_now(), &tl, err);
	if (st == MC_EEMPTY)
		mc_json_null(j, "timeliness");
	else if (st != MC_OK)
		return st;
	else
		mc_json_string(j, "timeliness", mc_timeliness_key(tl));
	st = MC_OK;
	mc_json_string(j, "department", d->department[0] ? d->department : NULL);
	mc_json_string(j, "assignee", d->assignee[0] ? d->assignee : NULL);
	mc_json_string(j, "original_due_at", d->original_due_at[0] ? d->original_due_at : NULL);
	mc_json_string(j, "paused_at", d->paused_at[0] ? d->paused_at : NULL);
	mc_json_string(j, "finished_at", d->finished_at[0] ? d->finished_at : NULL);
	if (d->returned_at[0]) {
		mc_json_begin_object(j, "returned");
		mc_json_string(j, "at", d->returned_at);
		mc_json_string(j, "to", d->returned_to);
		mc_json_string(j, "by", d->return_by);
		mc_json_end_object(j);
	} else {
		mc_json_null(j, "returned");
	}
	if (d->rating)
		mc_json_int(j, "rating", d->rating);
	else
		mc_json_null(j, "rating");
	if (with_events) {
		mc_json_begin_array(j, "events");
		st = mc_dossier_events(store, d->id, event_json, j, err);
		mc_json_end_array(j);
	}
	mc_json_end_object(j);
	return st;
}

/* Corrections (dossier_fix.c) check the applicant as intake does. */
mc_status dossier_check_applicant(const mc_intake *in, mc_applicant *a, mc_error *err)
{
	return check_applicant(in, a, err);
}
