/*
 * The official forms: which form a name means in which set, the variables
 * a dossier gives its template (see forms/print/README.md), and the
 * printing of one dossier's form or of the register. Everything a form
 * tells about a lifecycle step (missing papers, reasons, new appointment,
 * hand-overs) is read back from the dossier's history, never kept twice.
 */
#include "motcua/print.h"
#include "print_internal.h"

#include "motcua/calendar.h"
#include "motcua/catalog.h"
#include "motcua/clock.h"
#include "motcua/dossier.h"
#include "motcua/guidance.h"
#include "motcua/paths.h"
#include "motcua/text.h"
#include "motcua/user.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- the two sets ------------------------------------------------------------ */

static const mc_form_info forms_2018[] = {
	{MC_FORM_RECEIPT, 1, "receipt", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"},
	{MC_FORM_SUPPLEMENT, 2, "supplement", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"},
	{MC_FORM_REFUSE, 3, "refuse", "Phiếu từ chối tiếp nhận giải quyết hồ sơ"},
	{MC_FORM_APOLOGY, 4, "apology", "Phiếu xin lỗi và hẹn lại ngày trả kết quả"},
	{MC_FORM_CONTROL, 5, "control", "Phiếu kiểm soát quá trình giải quyết hồ sơ"},
	{MC_FORM_REGISTER, 6, "register", "Sổ theo dõi hồ sơ"},
};

static const mc_form_info forms_2025[] = {
	{MC_FORM_RECEIPT, 1, "receipt", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"},
	{MC_FORM_SUPPLEMENT, 2, "supplement", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"},
	{MC_FORM_REFUSE, 3, "refuse", "Phiếu từ chối tiếp nhận giải quyết hồ sơ"},
	{MC_FORM_APOLOGY, 4, "apology",
	 "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"},
	{MC_FORM_STOP, 5, "stop", "Thông báo dừng giải quyết hồ sơ"},
	{MC_FORM_CONTROL, 6, "control", "Phiếu kiểm soát quá trình giải quyết hồ sơ"},
	{MC_FORM_REGISTER, 7, "register", "Sổ theo dõi hồ sơ"},
};

static const char *basis(const char *set)
{
	return strcmp(set, "2025") == 0 ? "Thông tư số 03/2025/TT-VPCP"
					 : "Thông tư số 01/2018/TT-VPCP";
}

const mc_form_info *mc_form_list(const char *form_set, size_t *n)
{
	if (form_set && strcmp(form_set, "2018") == 0) {
		*n = sizeof forms_2018 / sizeof forms_2018[0];
		return forms_2018;
	}
	if (form_set && strcmp(form_set, "2025") == 0) {
		*n = sizeof forms_2025 / sizeof forms_2025[0];
		return forms_2025;
	}
	*n = 0;
	return NULL;
}

/* Circular 03/2025/TT-VPCP, which sets the 2025 forms, is dated 15 Sep
 * 2025 (domain.md §0): its forms cannot apply to a dossier received before
 * the circular existed, although Decree 118/2025 applies from 1 Jul 2025.
 * Its entry into force is not verified (docs/rules.md R19), and a province
 * may have switched on another day: the setting forms.2025_from moves the
 * date for an office without a new build. */
#define FORM_SET_2025_FROM "2025-09-15"

const char *mc_form_set_for_date(const char *date)
{
	return strncmp(date, FORM_SET_2025_FROM, 10) >= 0 ? "2025" : "2018";
}

const char *mc_form_set_for(mc_store *store, const char *date)
{
	char from[16];
	if (!store || mc_store_setting_get(store, "forms.2025_from", from, sizeof from, NULL) != MC_OK ||
	    strlen(from) != 10)
		return mc_form_set_for_date(date);
	return strncmp(date, from, 10) >= 0 ? "2025" : "2018";
}

mc_status mc_form_resolve(const char *form_set, const char *name, const mc_form_info **out,
			  mc_error *err)
{
	size_t n;
	const mc_form_info *list = mc_form_list(form_set, &n);
	if (!list)
		return mc_error_set(err, MC_EDATA, "unknown form set \"%s\" (2018 or 2025)",
				    form_set ? form_set : "");
	/* "Mẫu số 01", "mau01", "01", "1", "receipt". */
	char fold[64], word[64] = "";
	if (mc_text_fold_buf(name, fold, sizeof fold) == (size_t)-1)
		return mc_error_set(err, MC_EDATA, "unknown form \"%s\"", name);
	char *p = fold;
	if (strncmp(p, "mau", 3) == 0)
		p += 3 + (p[3] == ' ');
	if (strncmp(p, "so ", 3) == 0)
		p += 3;
	snprintf(word, sizeof word, "%s", p);
	int number = 0;
	if (mc_text_is_digits(word) && strlen(word) <= 2)
		number = atoi(word);
	if (strcmp(word, "extend") == 0)
		snprintf(word, sizeof word, "apology");
	for (size_t i = 0; i < n; i++)
		if ((number && list[i].number == number) || strcmp(word, list[i].key) == 0) {
			*out = &list[i];
			return MC_OK;
		}
	const char *range = strcmp(form_set, "2025") == 0 ? "01–07" : "01–06";
	char what[32];
	snprintf(what, sizeof what, number ? "Mẫu %02d" : "the stop notice", number);
	if (number || strcmp(word, "stop") == 0)
		return mc_error_set(err, MC_EDATA, "%s is not a form of the %s set (%s: Mẫu %s)",
				    what, form_set, basis(form_set), range);
	return mc_error_set(err, MC_EDATA,
			    "unknown form \"%s\": give a number (%s), mau01.., or receipt, "
			    "supplement, refuse, apology, stop (2025), control, register", name,
			    range);
}

/* ---- small readers ----------------------------------------------------------- */

/* The string (or number) value of a top-level key of a flat JSON object;
 * false when absent. Escapes \" \\ \/ \n \t are undone, \uXXXX kept as is:
 * the values written by the core are UTF-8 already. */
static bool json_get(const char *json, const char *key, char *buf, size_t bufsz)
{
	size_t klen = strlen(key);
	for (const char *p = json; (p = strchr(p, '"')); ) {
		const char *k = ++p;
		while (*p && *p != '"')
			p += *p == '\\' && p[1] ? 2 : 1;
		if (!*p)
			return false;
		bool match = (size_t)(p - k) == klen && strncmp(k, key, klen) == 0;
		const char *v = p + 1 + strspn(p + 1, " \t\r\n");
		if (*v != ':') {
			p++;
			continue;
		}
		v += 1 + strspn(v + 1, " \t\r\n");
		if (!match) {
			p = v;
			if (*p == '"') {
				for (p++; *p && *p != '"'; p += *p == '\\' && p[1] ? 2 : 1)
					;
				if (*p)
					p++;
			}
			continue;
		}
		size_t n = 0;
		if (*v == '"') {
			for (v++; *v && *v != '"' && n + 1 < bufsz; v++) {
				char c = *v;
				if (c == '\\' && v[1]) {
					c = *++v == 'n' ? ' ' : *v == 't' ? ' ' : *v;
				}
				buf[n++] = c;
			}
		} else {
			while (*v && !strchr(",}] \t\r\n", *v) && n + 1 < bufsz)
				buf[n++] = *v++;
		}
		buf[n] = '\0';
		return true;
	}
	return false;
}

/* Every top-level string value of a flat JSON object as extra.KEY. */
static bool set_extra(mc_print_vars *v, const char *json)
{
	for (const char *p = json; (p = strchr(p, '"')); ) {
		const char *k = ++p;
		while (*p && *p != '"')
			p += *p == '\\' && p[1] ? 2 : 1;
		if (!*p)
			break;
		char key[96], name[128], value[512];
		snprintf(key, sizeof key, "%.*s", (int)(p - k), k);
		const char *after = p + 1 + strspn(p + 1, " \t\r\n");
		if (*after != ':') {
			p++;
			continue;
		}
		if (json_get(json, key, value, sizeof value)) {
			snprintf(name, sizeof name, "extra.%s", key);
			if (!mc_print_vars_set(v, name, value))
				return false;
		}
		p = after + 1;
		p += strspn(p, " \t\r\n");
		if (*p == '"')
			for (p++; *p && *p != '"'; p += *p == '\\' && p[1] ? 2 : 1)
				;
		if (*p)
			p++;
	}
	return true;
}

/* "ngày 05 tháng 02 năm 2026" (days under 10 and months under 3 take a
 * leading zero, as in administrative documents); "" for a bad date. */
static void long_date(const char *at, char *buf, size_t bufsz)
{
	int32_t day;
	char d[11];
	snprintf(d, sizeof d, "%.10s", at);
	buf[0] = '\0';
	if (mc_date_parse(d, &day, NULL) != MC_OK)
		return;
	int y, m, dd;
	mc_date_to_ymd(day, &y, &m, &dd);
	snprintf(buf, bufsz, "ngày %02d tháng %s%d năm %d", dd, m < 3 ? "0" : "", m, y);
}

/* "10 giờ 00 phút, ngày 13 tháng 02 năm 2026". */
static void long_time(const char *at, char *buf, size_t bufsz)
{
	char date[64];
	long_date(at, date, sizeof date);
	if (!date[0] || strlen(at) < 16) {
		snprintf(buf, bufsz, "%s", date);
		return;
	}
	snprintf(buf, bufsz, "%.2s giờ %.2s phút, %s", at + 11, at + 14, date);
}

/* "13/02/2026". */
static void short_date(const char *at, char *buf, size_t bufsz)
{
	if (strlen(at) < 10)
		snprintf(buf, bufsz, "%s", at);
	else
		snprintf(buf, bufsz, "%.2s/%.2s/%.4s", at + 8, at + 5, at);
}

/* name.time, name.date and name.short for a 'YYYY-MM-DD HH:MM' value. */
static bool set_time(mc_print_vars *v, const char *name, const char *at)
{
	char key[64], val[96];
	snprintf(key, sizeof key, "%s.time", name);
	long_time(at, val, sizeof val);
	bool ok = mc_print_vars_set(v, key, val);
	snprintf(key, sizeof key, "%s.date", name);
	long_date(at, val, sizeof val);
	ok = ok && mc_print_vars_set(v, key, val);
	snprintf(key, sizeof key, "%s.short", name);
	short_date(at, val, sizeof val);
	return ok && mc_print_vars_set(v, key, val);
}

static void deadline_text(const mc_dossier *d, char *buf, size_t bufsz)
{
	const char *unit = d->deadline_unit == MC_UNIT_HOUR ? "giờ làm việc"
			 : d->deadline_unit == MC_UNIT_CALENDAR_DAY ? "ngày" : "ngày làm việc";
	if (d->deadline == 0 && d->deadline_unit == MC_UNIT_DAY)
		snprintf(buf, bufsz, "trong ngày");
	else
		snprintf(buf, bufsz, "%g %s", d->deadline, unit);
}

/* 2000 → "2.000 đồng". */
static void money(int64_t v, char *buf, size_t bufsz)
{
	char digits[32], out[48];
	snprintf(digits, sizeof digits, "%lld", (long long)v);
	size_t n = strlen(digits), k = 0;
	for (size_t i = 0; i < n && k + 2 < sizeof out; i++) {
		if (i && (n - i) % 3 == 0)
			out[k++] = '.';
		out[k++] = digits[i];
	}
	out[k] = '\0';
	snprintf(buf, bufsz, "%s đồng", out);
}

/* ---- the history ------------------------------------------------------------- */

#define MAX_EVENTS 256

struct history {
	mc_event *ev;
	int n;
};

static int add_event(const mc_event *e, void *ctx)
{
	struct history *h = ctx;
	if (h->n < MAX_EVENTS)
		h->ev[h->n++] = *e;
	return 0;
}

/* The last event of one of the actions (comma-separated), or NULL. */
static const mc_event *last_event(const struct history *h, const char *actions)
{
	for (int i = h->n - 1; i >= 0; i--) {
		char want[64];
		snprintf(want, sizeof want, ",%s,", actions);
		char act[40];
		snprintf(act, sizeof act, ",%s,", h->ev[i].action);
		if (strstr(want, act))
			return &h->ev[i];
	}
	return NULL;
}

/* The appointment an extension moved on from: the "from" the extend step
 * recorded, else the first appointment. */
static void missed_due(const mc_event *extend, const mc_dossier *d, char *buf, size_t bufsz)
{
	if (json_get(extend->data, "from", buf, bufsz) && buf[0])
		return;
	snprintf(buf, bufsz, "%s", d->original_due_at[0] ? d->original_due_at : d->due_at);
}

/* "trước hạn" / "đúng hạn" / "quá hạn" of a finish time against a due
 * time (domain.md §4.3: by date for early, by the minute for late). */
static const char *timeliness_label(const char *done, const char *due)
{
	if (strncmp(done, due, 10) < 0)
		return "trước hạn";
	return strcmp(done, due) <= 0 ? "đúng hạn" : "quá hạn";
}

/* The control slip's result cell: judged against the statutory appointment
 * (docs/rules.md R1, R3), with "có văn bản xin lỗi" beside it when the
 * dossier had an apology and new appointment (Mẫu 04). */
static const char *slip_result(const char *done, const mc_dossier *d, char *buf, size_t bufsz)
{
	const char *label = timeliness_label(done, d->statutory_due_at[0] ? d->statutory_due_at
									  : d->due_at);
	snprintf(buf, bufsz, "%s%s", label, d->extensions ? " (có văn bản xin lỗi)" : "");
	return buf;
}

/* ---- dossier variables ----------------------------------------------------------- */

static bool dossier_vars(mc_store *store, const mc_dossier *d, mc_print_vars *v)
{
	mc_procedure proc;
	bool have_proc = mc_catalog_get(store, d->procedure_code, &proc, NULL) == MC_OK;
	mc_user clerk;
	bool have_clerk = mc_user_get(store, d->received_by, &clerk, NULL) == MC_OK;
	char buf[600];
	bool ok = mc_print_vars_set(v, "code", d->code) && mc_print_vars_set(v, "qr", d->code) &&
		  mc_print_vars_set(v, "applicant.name", d->applicant.name) &&
		  mc_print_vars_set(v, "applicant.id_number", d->applicant.id_number) &&
		  mc_print_vars_set(v, "applicant.phone", d->applicant.phone) &&
		  mc_print_vars_set(v, "applicant.address", d->applicant.address) &&
		  mc_print_vars_set(v, "procedure.code", d->procedure_code) &&
		  mc_print_vars_set(v, "procedure.name", d->procedure_name) &&
		  mc_print_vars_set(v, "status", mc_dossier_status_label(d->status)) &&
		  mc_print_vars_set(v, "clerk", have_clerk ? clerk.full_name : d->received_by) &&
		  set_time(v, "received", d->received_at) && set_time(v, "due", d->due_at) &&
		  set_extra(v, d->extra);
	deadline_text(d, buf, sizeof buf);
	ok = ok && mc_print_vars_set(v, "deadline", buf);
	if (have_proc) {
		ok = ok && mc_print_vars_set(v, "procedure.field", proc.field) &&
		     mc_print_vars_set(v, "procedure.agency", proc.agency) &&
		     mc_print_vars_set(v, "procedure.level", proc.level);
		if (proc.fee > 0) {
			money(proc.fee, buf, sizeof buf);
			ok = ok && mc_print_vars_set(v, "procedure.fee", buf);
		}
	}
	int received = 0;
	for (int i = 0; i < d->ndocuments && ok; i++) {
		if (!d->documents[i].received)
			continue;
		mc_print_vars *it = mc_print_vars_item(v, "documents");
		ok = it && mc_print_vars_setf(it, "no", "%d", ++received) &&
		     mc_print_vars_set(it, "name", d->documents[i].name);
	}
	return ok && mc_print_vars_setf(v, "documents.count", "%02d", received);
}

/* The place of the date line (docs/rules.md R18): the setting office.place,
 * else the commune's name, the office's name without "UBND xã" and the
 * like ("UBND xã Quảng Phú" → "Quảng Phú"). */
static void default_place(const char *office, char *buf, size_t bufsz)
{
	static const char *const prefixes[] = {
		"Ủy ban nhân dân ", "Uỷ ban nhân dân ", "UBND ", NULL,
	};
	static const char *const kinds[] = {
		"xã ", "phường ", "thị trấn ", "đặc khu ", "Xã ", "Phường ", "Thị trấn ",
		"Đặc khu ", NULL,
	};
	const char *p = office;
	for (int i = 0; prefixes[i]; i++)
		if (strncmp(p, prefixes[i], strlen(prefixes[i])) == 0) {
			p += strlen(prefixes[i]);
			for (int k = 0; kinds[k]; k++)
				if (strncmp(p, kinds[k], strlen(kinds[k])) == 0) {
					p += strlen(kinds[k]);
					break;
				}
			break;
		}
	snprintf(buf, bufsz, "%s", *p ? p : office);
}

/* act: when the act the form records happened ('YYYY-MM-DD HH:MM'); the
 * date line carries it, never the print date, so a reprint says the same
 * (docs/rules.md R18). NULL: the print date (the register). */
static bool office_vars(mc_store *store, const mc_office *office, const char *set,
			const mc_form_info *f, const char *act, mc_print_vars *v)
{
	char place[256], today[17], date[64];
	if (mc_store_setting_get(store, "office.place", place, sizeof place, NULL) != MC_OK ||
	    !place[0])
		default_place(office->name, place, sizeof place);
	if (act && act[0])
		snprintf(today, sizeof today, "%s", act);
	else
		mc_time_format(mc_clock_now(), today);
	long_date(today, date, sizeof date);
	return mc_print_vars_set(v, "office.name", office->name) &&
	       mc_print_vars_set(v, "office.unit_code", office->unit_code) &&
	       mc_print_vars_set(v, "office.place", place) && mc_print_vars_set(v, "today", date) &&
	       mc_print_vars_set(v, "form.set", set) && mc_print_vars_set(v, "form.basis", basis(set)) &&
	       mc_print_vars_setf(v, "form.number", "%02d", f->number) &&
	       mc_print_vars_set(v, "form.title", f->title);
}

/* Split a list typed as "a; b" or one per line into numbered items. */
static bool list_items(mc_print_vars *v, const char *list, const char *text)
{
	char buf[1024];
	snprintf(buf, sizeof buf, "%s", text);
	int no = 0;
	for (char *save = NULL, *tok = strtok_r(buf, ";\n|", &save); tok;
	     tok = strtok_r(NULL, ";\n|", &save)) {
		tok += strspn(tok, " ");
		if (!*tok)
			continue;
		mc_print_vars *it = mc_print_vars_item(v, list);
		if (!it || !mc_print_vars_setf(it, "no", "%d", ++no) ||
		    !mc_print_vars_set(it, "name", tok))
			return false;
	}
	return true;
}

static mc_status no_step(const mc_dossier *d, const mc_form_info *f, const char *step,
			 mc_error *err)
{
	return mc_error_set(err, MC_EDATA,
			    "dossier %s has no %s in its history: Mẫu %02d (%s) tells of one "
			    "(record it with 'motcua dossier step %s')", d->code, step, f->number,
			    f->title, step);
}

static bool step_vars(mc_print_vars *v, const mc_event *e)
{
	return set_time(v, "step", e->at) && mc_print_vars_set(v, "reason", e->note) &&
	       mc_print_vars_set(v, "step.user", e->user);
}

static mc_status control_rows(const mc_dossier *d, const struct history *h, mc_print_vars *v)
{
	char holder[512] = "Bộ phận Một cửa", to[512], when[96], res[64];
	for (int i = 0; i < h->n; i++) {
		const mc_event *e = &h->ev[i];
		bool transfer = strcmp(e->action, "transfer") == 0;
		bool result = strcmp(e->action, "result") == 0;
		if (!transfer && !result)
			continue;
		if (transfer && !json_get(e->data, "to", to, sizeof to))
			snprintf(to, sizeof to, "%s", e->note);
		if (result)
			snprintf(to, sizeof to, "Bộ phận Một cửa");
		long_time(e->at, when, sizeof when);
		mc_print_vars *it = mc_print_vars_item(v, "handovers");
		if (!it || !mc_print_vars_setf(it, "no", "%d", i + 1) ||
		    !mc_print_vars_set(it, "from", holder) || !mc_print_vars_set(it, "to", to) ||
		    !mc_print_vars_set(it, "time", when) ||
		    !mc_print_vars_set(it, "result", result ? slip_result(e->at, d, res, sizeof res)
							    : "") ||
		    !mc_print_vars_set(it, "note", transfer ? "" : e->note))
			return MC_ESYS;
		snprintf(holder, sizeof holder, "%s", to);
	}
	return MC_OK;
}

/* Mẫu 02: the papers asked for in the last supplement step, else those not
 * ticked at intake; MC_EDATA when there are neither. */
static mc_status supplement_vars(const mc_dossier *d, const mc_form_info *f,
				 const struct history *h, mc_print_vars *v, mc_error *err)
{
	const mc_event *e = last_event(h, "supplement");
	char reason[512] = "";
	bool ok;
	if (e) {
		json_get(e->data, "reason", reason, sizeof reason);
		ok = step_vars(v, e) && list_items(v, "missing", e->note) &&
		     mc_print_vars_set(v, "reason", reason);
		return ok ? MC_OK : mc_error_set(err, MC_ESYS, "out of memory");
	}
	int no = 0;
	ok = true;
	for (int i = 0; i < d->ndocuments && ok; i++) {
		if (d->documents[i].received)
			continue;
		mc_print_vars *it = mc_print_vars_item(v, "missing");
		ok = it && mc_print_vars_setf(it, "no", "%d", ++no) &&
		     mc_print_vars_set(it, "name", d->documents[i].name);
	}
	if (ok && no == 0)
		return no_step(d, f, "supplement", err);
	ok = ok && set_time(v, "step", d->received_at);
	return ok ? MC_OK : mc_error_set(err, MC_ESYS, "out of memory");
}

/* The variables a form needs from the history; MC_EDATA (no_step) when
 * the step it reports never happened. */
static mc_status form_vars(const mc_dossier *d, const mc_form_info *f, const struct history *h,
			   mc_print_vars *v, mc_error *err)
{
	const mc_event *e;
	char buf[96];
	bool ok = true;
	switch (f->kind) {
	case MC_FORM_SUPPLEMENT:
		return supplement_vars(d, f, h, v, err);
	case MC_FORM_REFUSE:
		if (!(e = last_event(h, "refuse")))
			return no_step(d, f, "refuse", err);
		ok = step_vars(v, e);
		break;
	case MC_FORM_APOLOGY:
		if (!(e = last_event(h, "extend")))
			return no_step(d, f, "extend", err);
		missed_due(e, d, buf, sizeof buf);
		ok = step_vars(v, e) && set_time(v, "original_due", buf);
		if (ok && !json_get(e->data, "until", buf, sizeof buf))
			snprintf(buf, sizeof buf, "%s", d->due_at);
		ok = ok && set_time(v, "new_due", buf);
		break;
	case MC_FORM_STOP:
		if (!(e = last_event(h, "stop,withdraw")))
			return no_step(d, f, "stop", err);
		ok = step_vars(v, e) &&
		     mc_print_vars_set(v, "withdrawn",
				       strcmp(e->action, "withdraw") == 0 ? "yes" : "");
		break;
	case MC_FORM_CONTROL:
		if (control_rows(d, h, v) != MC_OK)
			ok = false;
		break;
	default:
		break;
	}
	return ok ? MC_OK : mc_error_set(err, MC_ESYS, "out of memory");
}

/* When the act a form records happened: the step it reports (supplement,
 * refusal, apology, stop), else the receipt. */
static const char *act_time(const mc_dossier *d, const mc_form_info *f, const struct history *h)
{
	const char *actions = f->kind == MC_FORM_SUPPLEMENT ? "supplement"
			    : f->kind == MC_FORM_REFUSE ? "refuse"
			    : f->kind == MC_FORM_APOLOGY ? "extend"
			    : f->kind == MC_FORM_STOP ? "stop,withdraw" : NULL;
	const mc_event *e = actions ? last_event(h, actions) : NULL;
	return e ? e->at : d->received_at;
}

/* ---- templates and output ------------------------------------------------------ */

mc_status print_template_load(const mc_print_opts *o, const char *file, size_t max,
			      char *path, size_t pathsz, char **text, mc_error *err)
{
	char dir[1024];
	if (o->forms_dir && *o->forms_dir)
		snprintf(dir, sizeof dir, "%s", o->forms_dir);
	else
		mc_paths_data_file("forms/print", dir, sizeof dir);
	snprintf(path, pathsz, "%s/%s", dir, file);
	FILE *in = fopen(path, "rb");
	if (!in)
		return mc_error_set(err, MC_ESYS, "cannot read the form template %s: %s", path,
				    strerror(errno));
	char *buf = malloc(max + 1);
	size_t n = buf ? fread(buf, 1, max + 1, in) : 0;
	bool bad = ferror(in);
	fclose(in);
	if (!buf)
		return mc_error_set(err, MC_ESYS, "out of memory");
	if (bad || n > max) {
		free(buf);
		return bad ? mc_error_set(err, MC_ESYS, "%s: read error", path)
			   : mc_error_set(err, MC_EDATA, "%s: larger than %zu KB", path, max / 1024);
	}
	buf[n] = '\0';
	if (mc_text_check_utf8(buf, n, err) != MC_OK) {
		free(buf);
		return mc_error_prefix(err, "%s", path);
	}
	*text = buf;
	return MC_OK;
}

static mc_status read_template(const mc_print_opts *o, const mc_form_info *f, const char *set,
			       char *path, size_t pathsz, char **text, mc_error *err)
{
	char file[64];
	snprintf(file, sizeof file, "mau%02d-%s.tmpl", f->number, set);
	return print_template_load(o, file, 256 * 1024, path, pathsz, text, err);
}

/* A reprint says so above everything else, with the day it was reprinted:
 * the form itself keeps the date it was first issued. */
static mc_status mark_reprint(mc_print_doc *doc, mc_error *err)
{
	char today[17], line[96];
	mc_time_format(mc_clock_now(), today);
	snprintf(line, sizeof line, "BẢN IN LẠI (in lại %.2s/%.2s/%.4s %.5s)", today + 8,
		 today + 5, today, today + 11);
	mc_print_line *nl = realloc(doc->lines, (doc->nlines + 1) * sizeof *nl);
	if (!nl)
		return mc_error_set(err, MC_ESYS, "out of memory");
	doc->lines = nl;
	memmove(nl + 1, nl, doc->nlines * sizeof *nl);
	doc->nlines++;
	nl[0] = (mc_print_line){.kind = MC_PL_RIGHT, .ncells = 1, .bold = 1};
	nl[0].cells = malloc(sizeof *nl[0].cells);
	if (!nl[0].cells || !(nl[0].cells[0] = strdup(line))) {
		free(nl[0].cells);
		nl[0].cells = NULL;
		nl[0].ncells = 0;
		return mc_error_set(err, MC_ESYS, "out of memory");
	}
	return MC_OK;
}

static mc_status render(const mc_print_opts *o, const mc_form_info *f, const char *set,
			const mc_print_vars *v, FILE *out, mc_error *err)
{
	char path[1200];
	char *text = NULL;
	mc_status st = read_template(o, f, set, path, sizeof path, &text, err);
	if (st != MC_OK)
		return st;
	const char *base = strrchr(path, '/');
	mc_print_doc *doc;
	st = mc_print_expand(text, base ? base + 1 : path, v, &doc, err);
	free(text);
	if (st != MC_OK)
		return st;
	if (o->reprint && (st = mark_reprint(doc, err)) != MC_OK) {
		mc_print_doc_free(doc);
		return st;
	}
	if (o->format == MC_PRINT_TEXT)
		st = mc_print_text(doc, o->width ? o->width : doc->landscape ? 132 : 80, o->ascii,
				   out, err);
	else
		st = mc_print_pdf(doc, o->format, out, err);
	mc_print_doc_free(doc);
	return st;
}

mc_status mc_print_dossier(mc_store *store, const char *form, const char *code,
			   const mc_print_opts *o, FILE *out, mc_error *err)
{
	mc_dossier *d = malloc(sizeof *d);
	struct history h = {.ev = malloc(MAX_EVENTS * sizeof(mc_event))};
	mc_print_vars *v = mc_print_vars_new();
	mc_office office;
	const mc_form_info *f = NULL;
	mc_status st = !d || !h.ev || !v ? mc_error_set(err, MC_ESYS, "out of memory") : MC_OK;
	if (st == MC_OK)
		st = mc_dossier_get(store, code, d, err);
	if (st == MC_OK && (st = mc_form_resolve(d->form_set, form, &f, err)) != MC_OK)
		mc_error_prefix(err, "dossier %s (received %.10s)", d->code, d->received_at);
	if (st == MC_OK && f->kind == MC_FORM_REGISTER)
		st = mc_error_set(err, MC_EDATA, "Mẫu %02d is the register: print it for a period "
				  "(register --from DATE --to DATE), not for one dossier", f->number);
	if (st == MC_OK)
		st = mc_store_office_get(store, &office, err);
	if (st == MC_OK)
		st = mc_dossier_events(store, d->id, add_event, &h, err);
	if (st == MC_OK && (!office_vars(store, &office, d->form_set, f, act_time(d, f, &h), v) ||
			    !dossier_vars(store, d, v)))
		st = mc_error_set(err, MC_ESYS, "out of memory");
	if (st == MC_OK)
		st = form_vars(d, f, &h, v, err);
	if (st == MC_OK && o->reprint) {
		/* The date the form was first issued: its step's, else the receipt's. */
		char date[64];
		const char *step = mc_print_vars_get(v, "step.date");
		if (f->kind != MC_FORM_RECEIPT && step && *step)
			snprintf(date, sizeof date, "%s", step);
		else
			long_date(d->received_at, date, sizeof date);
		if (!mc_print_vars_set(v, "today", date))
			st = mc_error_set(err, MC_ESYS, "out of memory");
	}
	if (st == MC_OK)
		st = render(o, f, d->form_set, v, out, err);
	mc_print_vars_free(v);
	free(h.ev);
	free(d);
	return st;
}

/* ---- the register ------------------------------------------------------------------ */

struct reg {
	mc_store *store;
	mc_print_vars *v;
	int no;
	mc_status st;
	mc_error *err;
};

static int reg_row(const mc_dossier *d, void *ctx)
{
	struct reg *r = ctx;
	mc_print_vars *it = mc_print_vars_item(r->v, "dossiers");
	char contact[600], agency[256] = "", when[16] = "";
	snprintf(contact, sizeof contact, "%s%s%s", d->applicant.address,
		 d->applicant.address[0] ? "; " : "", d->applicant.phone);
	/* The department it went to, else the procedure's agency. */
	if (d->department[0]) {
		snprintf(agency, sizeof agency, "%s", d->department);
	} else {
		mc_procedure *p = malloc(sizeof *p);
		if (p && mc_catalog_get(r->store, d->procedure_code, p, NULL) == MC_OK)
			snprintf(agency, sizeof agency, "%s", p->agency);
		free(p);
	}
	if (d->returned_at[0])
		short_date(d->returned_at, when, sizeof when);
	const char *by = !d->return_by[0] ? "" : strcmp(d->return_by, "post") == 0
		       ? "Bưu chính" : "Trực tiếp";
	/* A voided intake keeps its line (its code is never reused), marked. */
	if (d->status == MC_DS_VOIDED) {
		snprintf(when, sizeof when, "ĐÃ HỦY");
		by = "(nhập sai)";
	}
	bool ok = it && mc_print_vars_setf(it, "no", "%d", ++r->no) &&
		  mc_print_vars_set(it, "code", d->code) &&
		  mc_print_vars_set(it, "procedure.name", d->procedure_name) &&
		  mc_print_vars_set(it, "applicant.name", d->applicant.name) &&
		  mc_print_vars_set(it, "contact", contact) &&
		  mc_print_vars_set(it, "agency", agency) && mc_print_vars_set(it, "quantity", "01") &&
		  set_time(it, "received", d->received_at) && set_time(it, "due", d->due_at) &&
		  mc_print_vars_set(it, "returned.short", when) &&
		  mc_print_vars_set(it, "returned.by", by);
	if (!ok) {
		r->st = mc_error_set(r->err, MC_ESYS, "out of memory");
		return 1;
	}
	return 0;
}

mc_status mc_print_register(mc_store *store, const char *form, const char *from,
			    const char *to, const mc_print_opts *o, FILE *out, mc_error *err)
{
	int32_t a, b;
	if (mc_date_parse(from, &a, err) != MC_OK)
		return mc_error_prefix(err, "--from");
	if (mc_date_parse(to, &b, err) != MC_OK)
		return mc_error_prefix(err, "--to");
	if (b < a)
		return mc_error_set(err, MC_EDATA, "the period %s..%s ends before it starts", from,
				    to);
	const char *set = mc_form_set_for_date(from);
	const mc_form_info *f;
	mc_status st = mc_form_resolve(set, form ? form : "register", &f, err);
	if (st != MC_OK)
		return mc_error_prefix(err, "register from %s", from);
	if (f->kind != MC_FORM_REGISTER)
		return mc_error_set(err, MC_EDATA, "Mẫu %02d of the %s set is the %s, not the "
				    "register (Mẫu %s)", f->number, set, f->title,
				    strcmp(set, "2025") == 0 ? "07" : "06");
	mc_office office;
	struct reg r = {.store = store, .v = mc_print_vars_new(), .err = err};
	if (!r.v)
		st = mc_error_set(err, MC_ESYS, "out of memory");
	if (st == MC_OK)
		st = mc_store_office_get(store, &office, err);
	if (st == MC_OK && (!office_vars(store, &office, set, f, NULL, r.v) ||
			    !set_time(r.v, "from", from) || !set_time(r.v, "to", to)))
		st = mc_error_set(err, MC_ESYS, "out of memory");
	mc_dossier_filter flt = {.from = from, .to = to};
	if (st == MC_OK)
		st = mc_dossier_list(store, &flt, reg_row, &r, err);
	if (st == MC_OK)
		st = r.st;
	if (st == MC_OK && !mc_print_vars_setf(r.v, "dossiers.count", "%d", r.no))
		st = mc_error_set(err, MC_ESYS, "out of memory");
	if (st == MC_OK)
		st = render(o, f, set, r.v, out, err);
	mc_print_vars_free(r.v);
	return st;
}

/* ---- guidance without intake ---------------------------------------------------------- */

mc_status mc_print_guidance(mc_store *store, int64_t id, const mc_print_opts *o, FILE *out,
			    mc_error *err)
{
	mc_guidance *g = malloc(sizeof *g);
	mc_print_vars *v = mc_print_vars_new();
	mc_office office;
	const mc_form_info *f = NULL;
	mc_status st = !g || !v ? mc_error_set(err, MC_ESYS, "out of memory") : MC_OK;
	if (st == MC_OK)
		st = mc_guidance_get(store, id, g, err);
	const char *set = st == MC_OK ? mc_form_set_for_date(g->given_at) : "2025";
	if (st == MC_OK)
		st = mc_form_resolve(set, "supplement", &f, err);
	if (st == MC_OK)
		st = mc_store_office_get(store, &office, err);
	if (st == MC_OK) {
		mc_user clerk;
		bool have_clerk = mc_user_get(store, g->user, &clerk, NULL) == MC_OK;
		/* No dossier code: the dossier was not received; the date line
		 * is the day the slip was given (office_vars). */
		if (!office_vars(store, &office, set, f, g->given_at, v) ||
		    !mc_print_vars_set(v, "applicant.name", g->applicant_name) ||
		    !mc_print_vars_set(v, "applicant.id_number", g->id_number) ||
		    !mc_print_vars_set(v, "applicant.phone", g->phone) ||
		    !mc_print_vars_set(v, "procedure.code", g->procedure_code) ||
		    !mc_print_vars_set(v, "procedure.name", g->procedure_name) ||
		    !mc_print_vars_set(v, "clerk", have_clerk ? clerk.full_name : g->user) ||
		    !mc_print_vars_setf(v, "guidance.number", "%lld", (long long)g->id) ||
		    !mc_print_vars_set(v, "reason", g->note) || !set_time(v, "step", g->given_at) ||
		    !list_items(v, "missing", g->missing))
			st = mc_error_set(err, MC_ESYS, "out of memory");
	}
	if (st == MC_OK)
		st = render(o, f, set, v, out, err);
	mc_print_vars_free(v);
	free(g);
	return st;
}
