/*
 * Printed fee papers: the fee receipt (forms/print/bienlai-phi.tmpl) and
 * the day's hand-over sheet (forms/print/bangke-phi.tmpl), through the
 * same template engine and renderers as the official forms.
 */
#include "motcua/fees_print.h"
#include "motcua/calendar.h"
#include "motcua/catalog.h"
#include "motcua/clock.h"
#include "motcua/paths.h"
#include "motcua/text.h"
#include "motcua/user.h"
#include "motcua/vietqr.h"
#include "print_internal.h"
#include "store_fees.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *mc_pay_method_label(mc_pay_method m)
{
	static const char *const labels[MC_PAY_COUNT] = {"Tiền mặt", "Chuyển khoản", "Thẻ"};
	return m < MC_PAY_COUNT ? labels[m] : "?";
}

void mc_fee_money(int64_t v, char *buf, size_t bufsz)
{
	char digits[32], out[48];
	snprintf(digits, sizeof digits, "%lld", (long long)(v < 0 ? -v : v));
	size_t n = strlen(digits), k = 0;
	if (v < 0)
		out[k++] = '-';
	for (size_t i = 0; i < n && k + 2 < sizeof out; i++) {
		if (i && (n - i) % 3 == 0)
			out[k++] = '.';
		out[k++] = digits[i];
	}
	out[k] = '\0';
	snprintf(buf, bufsz, "%s đồng", out);
}

static mc_status render(const mc_print_opts *o, const char *file, const mc_print_vars *v,
			const char *qr, FILE *out, mc_error *err)
{
	char path[1200], *text = NULL;
	mc_status st = print_template_load(o, file, 64 * 1024, path, sizeof path, &text, err);
	mc_print_doc *doc = NULL;
	if (st == MC_OK)
		st = mc_print_expand(text, file, v, &doc, err);
	free(text);
	if (st != MC_OK)
		return st;
	if (qr && !doc->qr_text)
		doc->qr_text = strdup(qr);
	if (o->format == MC_PRINT_TEXT)
		st = mc_print_text(doc, o->width ? o->width : 80, o->ascii, out, err);
	else
		st = mc_print_pdf(doc, o->format, out, err);
	mc_print_doc_free(doc);
	return st;
}

static bool office_vars(mc_store *s, mc_print_vars *v)
{
	mc_office office;
	mc_error e2;
	if (mc_store_office_get(s, &office, &e2) != MC_OK)
		memset(&office, 0, sizeof office);
	char place[256], now[17];
	if (mc_store_setting_get(s, "office.place", place, sizeof place, &e2) != MC_OK)
		snprintf(place, sizeof place, "%s", office.name);
	mc_time_format(mc_clock_now(), now);
	return mc_print_vars_set(v, "office.name", office.name) &&
	       mc_print_vars_set(v, "office.place", place) &&
	       mc_print_vars_setf(v, "today", "ngày %.2s tháng %.2s năm %.4s", now + 8, now + 5,
				  now);
}

static void full_name(mc_store *s, const char *user, char *buf, size_t bufsz)
{
	mc_user u;
	mc_error e2;
	snprintf(buf, bufsz, "%s", mc_user_get(s, user, &u, &e2) == MC_OK && u.full_name[0]
					   ? u.full_name : user);
}

mc_status mc_fee_print_receipt(mc_store *store, const char *number, const mc_print_opts *o,
			       FILE *out, mc_error *err)
{
	mc_fee_receipt r;
	mc_status st = mc_fee_receipt_get(store, number, &r, err);
	if (st != MC_OK)
		return st;
	mc_print_vars *v = mc_print_vars_new();
	if (!v)
		return mc_error_set(err, MC_ESYS, "out of memory");
	char amount[64], clerk[256], qr[MC_VIETQR_MAX], bank_name[128] = "", account[64] = "";
	char closed[700] = "", detail[160] = "";
	mc_fee_money(r.amount, amount, sizeof amount);
	full_name(store, r.user, clerk, sizeof clerk);
	mc_error e2;
	if (mc_vietqr_office(store, r.amount, r.dossier_code, qr, bank_name, sizeof bank_name,
			     &e2) == MC_OK)
		mc_store_setting_get(store, "bank.account", account, sizeof account, &e2);
	else
		snprintf(qr, sizeof qr, "%s", r.dossier_code);
	if (strcmp(r.status, "voided") == 0)
		snprintf(closed, sizeof closed, "ĐÃ HỦY ngày %s (%s): %s", r.closed_at, r.closed_by,
			 r.closed_reason);
	else if (strcmp(r.status, "refunded") == 0)
		snprintf(closed, sizeof closed, "ĐÃ HOÀN TRẢ ngày %s (%s): %s", r.closed_at,
			 r.closed_by, r.closed_reason);
	mc_fee_due d;
	if (mc_fee_due_get(store, r.dossier_code, &d, &e2) == MC_OK && d.recorded) {
		if (d.pages)
			snprintf(detail, sizeof detail, "%d bản × %d trang", d.copies, d.pages);
		else if (d.copies > 1)
			snprintf(detail, sizeof detail, "%d bản", d.copies);
	}
	bool ok = office_vars(store, v) && mc_print_vars_set(v, "receipt.form", r.form) &&
		  mc_print_vars_set(v, "receipt.series", r.series) &&
		  mc_print_vars_setf(v, "receipt.number", "%07lld", (long long)r.number) &&
		  mc_print_vars_set(v, "receipt.closed", closed) &&
		  mc_print_vars_set(v, "procedure.name", r.procedure_name) &&
		  mc_print_vars_set(v, "code", r.dossier_code) &&
		  mc_print_vars_set(v, "payer", r.payer) && mc_print_vars_set(v, "amount", amount) &&
		  mc_print_vars_set(v, "fee.detail", detail) &&
		  mc_print_vars_set(v, "method", mc_pay_method_label(r.method)) &&
		  mc_print_vars_setf(v, "paid.time", "%.2s giờ %.2s phút, ngày %.2s/%.2s/%.4s",
				     r.paid_at + 11, r.paid_at + 14, r.paid_at + 8, r.paid_at + 5,
				     r.paid_at) &&
		  mc_print_vars_set(v, "bank.account", account) &&
		  mc_print_vars_set(v, "bank.account_name", bank_name) &&
		  mc_print_vars_set(v, "clerk", clerk) && mc_print_vars_set(v, "qr", qr);
	st = ok ? render(o, "bienlai-phi.tmpl", v, qr, out, err)
		: mc_error_set(err, MC_ESYS, "out of memory");
	mc_print_vars_free(v);
	return st;
}

struct sheet {
	mc_print_vars *v;
	int no;
	mc_fee_day t;
	bool ok;
};

static int sheet_row(const mc_fee_receipt *r, void *ctx)
{
	struct sheet *s = ctx;
	mc_print_vars *it = mc_print_vars_item(s->v, "receipts");
	char amount[32];
	snprintf(amount, sizeof amount, "%lld", (long long)r->amount);
	const char *note = strcmp(r->status, "voided") == 0     ? "Đã hủy"
			   : strcmp(r->status, "refunded") == 0 ? "Đã hoàn trả"
								: "";
	s->ok = s->ok && it && mc_print_vars_setf(it, "no", "%d", ++s->no) &&
		mc_print_vars_set(it, "number", r->receipt_number) &&
		mc_print_vars_set(it, "code", r->dossier_code) &&
		mc_print_vars_set(it, "payer", r->payer) && mc_print_vars_set(it, "amount", amount) &&
		mc_print_vars_set(it, "method", mc_pay_method_label(r->method)) &&
		mc_print_vars_set(it, "note", note);
	if (!strcmp(r->status, "paid")) {
		s->t.total += r->amount;
		s->t.by_method[r->method] += r->amount;
		s->t.receipts++;
	} else {
		*(strcmp(r->status, "voided") == 0 ? &s->t.voided : &s->t.refunded) += 1;
	}
	return s->ok ? 0 : 1;
}

mc_status mc_fee_print_sheet(mc_store *store, const char *day, const char *user,
			     const mc_print_opts *o, FILE *out, mc_error *err)
{
	struct sheet s = {.v = mc_print_vars_new(), .ok = true};
	if (!s.v)
		return mc_error_set(err, MC_ESYS, "out of memory");
	mc_status st = mc_fee_receipts_day(store, day, user, sheet_row, &s, err);
	char clerk[256] = "", m[3][64], total[64];
	if (user)
		full_name(store, user, clerk, sizeof clerk);
	for (int i = 0; i < MC_PAY_COUNT; i++)
		mc_fee_money(s.t.by_method[i], m[i], sizeof m[i]);
	mc_fee_money(s.t.total, total, sizeof total);
	if (st == MC_OK) {
		bool ok = s.ok && office_vars(store, s.v) &&
			  mc_print_vars_setf(s.v, "day", "%.2s/%.2s/%.4s", day + 8, day + 5, day) &&
			  mc_print_vars_set(s.v, "clerk", clerk) &&
			  mc_print_vars_setf(s.v, "count", "%d", s.t.receipts) &&
			  mc_print_vars_setf(s.v, "voided", "%d", s.t.voided) &&
			  mc_print_vars_setf(s.v, "refunded", "%d", s.t.refunded) &&
			  mc_print_vars_set(s.v, "cash", m[MC_PAY_CASH]) &&
			  mc_print_vars_set(s.v, "transfer", m[MC_PAY_TRANSFER]) &&
			  mc_print_vars_set(s.v, "card", m[MC_PAY_CARD]) &&
			  mc_print_vars_set(s.v, "total", total);
		st = ok ? render(o, "bangke-phi.tmpl", s.v, NULL, out, err)
			: mc_error_set(err, MC_ESYS, "out of memory");
	}
	mc_print_vars_free(s.v);
	return st;
}
