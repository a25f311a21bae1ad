/*
 * Fees at the counter: what is due, payment with a numbered receipt, void
 * and refund, day totals. Every change is one transaction that also
 * appends to the dossier's history, so a receipt and its record in the
 * history exist together or not at all.
 */
#include "motcua/fees.h"
#include "motcua/auth.h"
#include "motcua/calendar.h"
#include "motcua/clock.h"
#include "motcua/dossier.h"
#include "store_fees.h"
#include "store_ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const method_names[MC_PAY_COUNT] = {"cash", "transfer", "card"};

const char *mc_pay_method_name(mc_pay_method m)
{
	return m < MC_PAY_COUNT ? method_names[m] : "?";
}

bool mc_pay_method_parse(const char *s, mc_pay_method *out)
{
	for (int m = 0; m < MC_PAY_COUNT; m++)
		if (strcmp(s, method_names[m]) == 0) {
			*out = (mc_pay_method)m;
			return true;
		}
	return false;
}

/* Dossier and procedure together; d and p are heap-sized, so malloc'd. */
struct ctx {
	mc_dossier d;
	mc_procedure p;
};

static mc_status load(mc_store *s, const char *code, struct ctx **out, mc_error *err)
{
	struct ctx *c = malloc(sizeof *c);
	if (!c)
		return mc_error_set(err, MC_ESYS, "out of memory");
	mc_status st = mc_dossier_get(s, code, &c->d, err);
	if (st == MC_OK)
		st = mc_catalog_get(s, c->d.procedure_code, &c->p, err);
	if (st != MC_OK) {
		free(c);
		return st;
	}
	*out = c;
	return MC_OK;
}

static mc_status due_of(mc_store *s, struct ctx *c, mc_fee_due *out, char last[48],
			mc_error *err)
{
	memset(out, 0, sizeof *out);
	out->kind = c->p.fee_rule.kind;
	out->at_return = c->p.fee_rule.at_return;
	mc_status st = store_fee_due_get(s, c->d.id, out, &out->recorded, err);
	if (st != MC_OK)
		return st;
	if (!out->recorded) {
		/* Nothing entered: one copy; a per-page fee needs the pages. */
		if (out->kind == MC_FEE_PER_PAGE) {
			out->amount = -1;
		} else {
			mc_fee_quote q;
			if ((st = mc_fee_compute(&c->p.fee_rule, c->p.fee, 1, 0, NULL, &q, err)))
				return st;
			out->copies = 1;
			out->amount = q.amount;
		}
	}
	if ((st = store_fee_paid(s, c->d.id, &out->paid, last, err)) != MC_OK)
		return st;
	out->outstanding = out->amount < 0 ? -1 : out->amount - out->paid;
	return MC_OK;
}

mc_status mc_fee_due_get(mc_store *store, const char *code, mc_fee_due *out, mc_error *err)
{
	struct ctx *c;
	mc_status st = load(store, code, &c, err);
	if (st != MC_OK)
		return st;
	char last[48];
	st = due_of(store, c, out, last, err);
	free(c);
	return st;
}

static void event_base(mc_event *e, const char *user, const char *action)
{
	memset(e, 0, sizeof *e);
	mc_time_format(mc_clock_now(), e->at);
	mc_clock_stamp(e->entered_at);
	snprintf(e->user, sizeof e->user, "%s", user && *user ? user : "admin");
	snprintf(e->action, sizeof e->action, "%s", action);
}

mc_status mc_fee_charge(mc_store *store, const char *code, int copies, int pages,
			const char *exempt_key, const char *user, mc_fee_due *out,
			mc_error *err)
{
	mc_status st = mc_store_begin(store, err);
	if (st != MC_OK)
		return st;
	struct ctx *c = NULL;
	mc_fee_due d;
	mc_fee_quote q;
	char last[48];
	if ((st = load(store, code, &c, err)) != MC_OK ||
	    (st = due_of(store, c, &d, last, err)) != MC_OK)
		goto fail;
	if (d.paid > 0) {
		st = mc_error_set(err, MC_EDATA,
				  "dossier %s already has fee receipt %s; void it before changing "
				  "the copies or pages", code, last);
		goto fail;
	}
	if ((st = mc_fee_compute(&c->p.fee_rule, c->p.fee, copies, pages, exempt_key, &q, err)))
		goto fail;
	d.recorded = true;
	d.copies = q.copies;
	d.pages = q.pages;
	d.amount = q.amount;
	d.exempted = q.exempted;
	d.outstanding = q.amount;
	snprintf(d.exempt_key, sizeof d.exempt_key, "%s", q.exempt_key);
	snprintf(d.exempt_reason, sizeof d.exempt_reason, "%s", q.exempt_reason);
	mc_event e;
	event_base(&e, user, "fee_due");
	snprintf(e.data, sizeof e.data,
		 "{\"amount\":%lld,\"exempted\":%lld,\"copies\":%d,\"pages\":%d,\"exempt\":\"%s\"}",
		 (long long)d.amount, (long long)d.exempted, d.copies, d.pages, d.exempt_key);
	snprintf(e.note, sizeof e.note, "%s", d.exempt_reason);
	if ((st = store_fee_due_put(store, c->d.id, &d, e.entered_at, e.user, err)) != MC_OK ||
	    (st = store_event_append(store, c->d.id, &e, err)) != MC_OK ||
	    (st = mc_store_commit(store, err)) != MC_OK)
		goto fail;
	free(c);
	if (out)
		*out = d;
	return MC_OK;
fail:
	mc_store_rollback(store);
	free(c);
	return st;
}

/* Why nothing can be collected, or MC_OK when the amount is right. */
static mc_status check_payable(const struct ctx *c, const mc_fee_due *d, const char *last,
			       int64_t amount, mc_error *err)
{
	const char *code = c->d.code;
	mc_dossier_status s = c->d.status;
	if (s == MC_DS_REFUSED || s == MC_DS_WITHDRAWN || s == MC_DS_STOPPED)
		return mc_error_set(err, MC_EDATA, "dossier %s is %s: no fee is collected", code,
				    mc_dossier_status_key(s));
	if (d->amount < 0)
		return mc_error_set(err, MC_EDATA,
				    "dossier %s: the fee is per page and the pages are not entered "
				    "yet (motcua fees charge %s --copies N --pages N)", code, code);
	if (d->exempt_key[0] && d->amount == 0)
		return mc_error_set(err, MC_EDATA, "dossier %s has nothing due: exempt (%s)", code,
				    d->exempt_reason);
	if (d->amount == 0)
		return mc_error_set(err, MC_EDATA,
				    "dossier %s has nothing due: procedure %s is free", code,
				    c->p.code);
	if (d->outstanding <= 0)
		return mc_error_set(err, MC_EDATA,
				    "dossier %s has nothing due: paid on fee receipt %s", code, last);
	if (amount != d->outstanding)
		return mc_error_set(err, MC_EDATA,
				    "dossier %s: the amount due is %lld dong, not %lld", code,
				    (long long)d->outstanding, (long long)amount);
	return MC_OK;
}

static mc_status receipt_series(mc_store *s, mc_fee_receipt *r, mc_error *err)
{
	mc_error e2;
	if (mc_store_setting_get(s, "fees.receipt_form", r->form, sizeof r->form, &e2) != MC_OK ||
	    !r->form[0] ||
	    mc_store_setting_get(s, "fees.receipt_series", r->series, sizeof r->series, &e2) !=
		    MC_OK || !r->series[0])
		return mc_error_set(err, MC_EDATA,
				    "no fee receipt series: an admin sets fees.receipt_form and "
				    "fees.receipt_series first");
	return MC_OK;
}

mc_status mc_fee_pay(mc_store *store, const mc_payment *p, mc_fee_receipt *out, mc_error *err)
{
	if (p->method >= MC_PAY_COUNT)
		return mc_error_set(err, MC_EUSAGE, "the method must be cash, transfer or card");
	if (p->amount <= 0)
		return mc_error_set(err, MC_EDATA, "the amount must be above 0 dong");
	mc_status st = mc_store_begin(store, err);
	if (st != MC_OK)
		return st;
	struct ctx *c = NULL;
	mc_fee_due d;
	char last[48];
	mc_fee_receipt r;
	memset(&r, 0, sizeof r);
	if ((st = load(store, p->code, &c, err)) != MC_OK ||
	    (st = due_of(store, c, &d, last, err)) != MC_OK ||
	    (st = check_payable(c, &d, last, p->amount, err)) != MC_OK ||
	    (st = receipt_series(store, &r, err)) != MC_OK ||
	    (st = store_fee_next_number(store, r.series, &r.number, err)) != MC_OK)
		goto fail;
	snprintf(r.receipt_number, sizeof r.receipt_number, "%s/%07lld", r.series,
		 (long long)r.number);
	snprintf(r.dossier_code, sizeof r.dossier_code, "%s", c->d.code);
	snprintf(r.procedure_name, sizeof r.procedure_name, "%s", c->d.procedure_name);
	r.amount = p->amount;
	r.method = p->method;
	snprintf(r.payer, sizeof r.payer, "%s",
		 p->payer && *p->payer ? p->payer : c->d.applicant.name);
	mc_time_format(mc_clock_now(), r.paid_at);
	snprintf(r.user, sizeof r.user, "%s", p->user && *p->user ? p->user : "admin");
	snprintf(r.status, sizeof r.status, "paid");
	mc_event e;
	event_base(&e, r.user, "fee_paid");
	snprintf(e.note, sizeof e.note, "%s", r.receipt_number);
	snprintf(e.data, sizeof e.data,
		 "{\"receipt_number\":\"%s\",\"amount\":%lld,\"method\":\"%s\"}",
		 r.receipt_number, (long long)r.amount, mc_pay_method_name(r.method));
	/* The due stays what was paid for, whatever the catalog says later. */
	if (!d.recorded && (st = store_fee_due_put(store, c->d.id, &d, e.entered_at, r.user,
						    err)) != MC_OK)
		goto fail;
	if ((st = store_fee_receipt_insert(store, c->d.id, &r, err)) != MC_OK ||
	    (st = store_event_append(store, c->d.id, &e, err)) != MC_OK ||
	    (st = mc_store_commit(store, err)) != MC_OK)
		goto fail;
	free(c);
	if (out)
		*out = r;
	return MC_OK;
fail:
	mc_store_rollback(store);
	free(c);
	return st;
}

/* "SERIES/NNNNNNN" (the series may itself hold slashes: split at the last). */
static mc_status split_number(const char *number, char series[32], int64_t *n, mc_error *err)
{
	const char *slash = strrchr(number, '/');
	char *end;
	if (slash && slash != number && (size_t)(slash - number) < 32 && slash[1]) {
		long long v = strtoll(slash + 1, &end, 10);
		if (!*end && v > 0) {
			memcpy(series, number, (size_t)(slash - number));
			series[slash - number] = '\0';
			*n = v;
			return MC_OK;
		}
	}
	return mc_error_set(err, MC_EDATA,
			    "\"%s\" is not a fee receipt number like AA-26P/0000001", number);
}

mc_status mc_fee_receipt_get(mc_store *store, const char *number, mc_fee_receipt *out,
			     mc_error *err)
{
	char series[32];
	int64_t n, did;
	mc_status st = split_number(number, series, &n, err);
	return st ? st : store_fee_receipt_get(store, series, n, out, &did, err);
}

static mc_status close_receipt(mc_store *store, const char *number, const char *reason,
			       const char *user, bool refund, mc_fee_receipt *out,
			       mc_error *err)
{
	if (!reason || !*reason)
		return mc_error_set(err, MC_EUSAGE, "the reason is required");
	mc_status st = refund ? MC_OK
			      : mc_auth_require(store, MC_ROLE_SUPERVISOR, "void a fee receipt", err);
	if (st != MC_OK)
		return st;
	char series[32];
	int64_t n, did;
	mc_fee_receipt r;
	if ((st = split_number(number, series, &n, err)) != MC_OK ||
	    (st = mc_store_begin(store, err)) != MC_OK)
		return st;
	mc_dossier *d = malloc(sizeof *d);
	if (!d) {
		mc_store_rollback(store);
		return mc_error_set(err, MC_ESYS, "out of memory");
	}
	if ((st = store_fee_receipt_get(store, series, n, &r, &did, err)) != MC_OK ||
	    (st = mc_dossier_get(store, r.dossier_code, d, err)) != MC_OK)
		goto fail;
	if (strcmp(r.status, "paid") != 0) {
		st = mc_error_set(err, MC_EDATA, "fee receipt %s is already %s", r.receipt_number,
				  r.status);
		goto fail;
	}
	if (refund && d->status != MC_DS_REFUSED && d->status != MC_DS_WITHDRAWN) {
		st = mc_error_set(err, MC_EDATA,
				  "fee receipt %s: dossier %s is %s; only a refused or withdrawn "
				  "dossier's fee is refunded", r.receipt_number, d->code,
				  mc_dossier_status_key(d->status));
		goto fail;
	}
	mc_event e;
	event_base(&e, user, refund ? "fee_refund" : "fee_void");
	snprintf(r.status, sizeof r.status, "%s", refund ? "refunded" : "voided");
	snprintf(r.closed_at, sizeof r.closed_at, "%s", e.at);
	snprintf(r.closed_by, sizeof r.closed_by, "%s", e.user);
	snprintf(r.closed_reason, sizeof r.closed_reason, "%s", reason);
	snprintf(e.note, sizeof e.note, "%s: %s", r.receipt_number, reason);
	snprintf(e.data, sizeof e.data, "{\"receipt_number\":\"%s\",\"amount\":%lld}",
		 r.receipt_number, (long long)r.amount);
	if ((st = store_fee_receipt_close(store, &r, err)) != MC_OK ||
	    (st = store_event_append(store, did, &e, err)) != MC_OK ||
	    (st = mc_store_commit(store, err)) != MC_OK)
		goto fail;
	free(d);
	if (out)
		*out = r;
	return MC_OK;
fail:
	mc_store_rollback(store);
	free(d);
	return st;
}

mc_status mc_fee_void(mc_store *store, const char *number, const char *reason,
		      const char *user, mc_fee_receipt *out, mc_error *err)
{
	return close_receipt(store, number, reason, user, false, out, err);
}

mc_status mc_fee_refund(mc_store *store, const char *number, const char *reason,
			const char *user, mc_fee_receipt *out, mc_error *err)
{
	return close_receipt(store, number, reason, user, true, out, err);
}

static bool day_ok(const char *day)
{
	int y, m, dd;
	char tail;
	return day && strlen(day) == 10 && sscanf(day, "%4d-%2d-%2d%c", &y, &m, &dd, &tail) == 3 &&
	       m >= 1 && m <= 12 && dd >= 1 && dd <= 31;
}

mc_status mc_fee_receipts_day(mc_store *store, const char *day, const char *user,
			      mc_fee_receipt_cb cb, void *ctx, mc_error *err)
{
	if (!day_ok(day))
		return mc_error_set(err, MC_EUSAGE, "the date must be YYYY-MM-DD, not \"%s\"",
				    day ? day : "");
	return store_fee_receipts_day(store, day, user, cb, ctx, err);
}

static int add_up(const mc_fee_receipt *r, void *ctx)
{
	mc_fee_day *t = ctx;
	if (strcmp(r->status, "paid") == 0) {
		t->total += r->amount;
		t->by_method[r->method] += r->amount;
		t->receipts++;
	} else if (strcmp(r->status, "voided") == 0) {
		t->voided++;
	} else {
		t->refunded++;
	}
	return 0;
}

mc_status mc_fee_day_totals(mc_store *store, const char *day, const char *user,
			    mc_fee_day *out, mc_error *err)
{
	memset(out, 0, sizeof *out);
	return mc_fee_receipts_day(store, day, user, add_up, out, err);
}

mc_status mc_fee_period(mc_store *store, const char *from, const char *to, int64_t *collected,
			int64_t *exempted, int *receipts, int *exemptions, mc_error *err)
{
	if (!day_ok(from) || !day_ok(to))
		return mc_error_set(err, MC_EUSAGE, "the period must be given as YYYY-MM-DD dates");
	return store_fee_period(store, from, to, collected, exempted, receipts, exemptions, err);
}
