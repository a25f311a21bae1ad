/*
 * Fees at the counter (docs/fees.md): what a dossier owes, payment with a
 * numbered fee receipt (biên lai thu phí, lệ phí) from the office's series,
 * void and refund kept in the history, and the day's totals for closing a
 * shift. Amounts are whole đồng.
 */
#ifndef MOTCUA_FEES_H
#define MOTCUA_FEES_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/error.h"
#include "motcua/fee_rule.h"
#include "motcua/store.h"

typedef enum mc_pay_method { MC_PAY_CASH, MC_PAY_TRANSFER, MC_PAY_CARD, MC_PAY_COUNT } mc_pay_method;

const char *mc_pay_method_name(mc_pay_method m);   /* "cash", "transfer", "card" */
bool mc_pay_method_parse(const char *s, mc_pay_method *out);

/* What a dossier owes now. */
typedef struct mc_fee_due {
	bool recorded;           /* copies/pages entered by a clerk (else the default) */
	mc_fee_kind kind;
	bool at_return;          /* collected when the result is handed back */
	int copies, pages;
	int64_t amount;          /* due in all */
	int64_t exempted;        /* waived by the exemption */
	int64_t paid;            /* on receipts not voided nor refunded */
	int64_t outstanding;     /* amount - paid */
	char exempt_key[32];
	char exempt_reason[224];
} mc_fee_due;

/* The dossier's due: the one recorded by mc_fee_charge, else the
 * procedure's rule for one copy (MC_EDATA for a per-page fee whose pages
 * were never entered). */
mc_status mc_fee_due_get(mc_store *store, const char *code, mc_fee_due *out, mc_error *err);

/* Record the copies and pages (and an exemption key, or NULL) the citizen
 * asks for; refused once a receipt is paid (void it first). */
mc_status mc_fee_charge(mc_store *store, const char *code, int copies, int pages,
			const char *exempt_key, const char *user, mc_fee_due *out,
			mc_error *err);

typedef struct mc_fee_receipt {
	int64_t id;
	char form[32];           /* mẫu số (settings fees.receipt_form) */
	char series[32];         /* ký hiệu (settings fees.receipt_series) */
	int64_t number;
	char receipt_number[48]; /* SERIES/NNNNNNN, what the citizen's copy shows */
	char dossier_code[64];
	char procedure_name[512];
	int64_t amount;
	mc_pay_method method;
	char payer[256];
	char paid_at[17];
	char user[64];
	char status[16];         /* paid, voided, refunded */
	char closed_at[17];
	char closed_by[64];
	char closed_reason[512];
} mc_fee_receipt;

typedef struct mc_payment {
	const char *code;        /* dossier */
	int64_t amount;          /* must equal what is outstanding */
	mc_pay_method method;
	const char *payer;       /* NULL/"": the applicant */
	const char *user;        /* the clerk who collects */
} mc_payment;

/* Take the payment and issue the next receipt number of the series, in
 * one transaction (numbers never reused nor skipped). MC_EDATA saying
 * why for a wrong amount, nothing due, no series set, or a dossier
 * refused, withdrawn or stopped. */
mc_status mc_fee_pay(mc_store *store, const mc_payment *p, mc_fee_receipt *out, mc_error *err);

/* By receipt number (SERIES/NNNNNNN). */
mc_status mc_fee_receipt_get(mc_store *store, const char *number, mc_fee_receipt *out,
			     mc_error *err);

/* Void a receipt issued in error (a supervisor, with the reason): the
 * amount is due again. Refund one of a refused or withdrawn dossier. The
 * receipt stays, marked, and the dossier's history records it. */
mc_status mc_fee_void(mc_store *store, const char *number, const char *reason,
		      const char *user, mc_fee_receipt *out, mc_error *err);
mc_status mc_fee_refund(mc_store *store, const char *number, const char *reason,
			const char *user, mc_fee_receipt *out, mc_error *err);

typedef int (*mc_fee_receipt_cb)(const mc_fee_receipt *r, void *ctx);

/* Receipts paid on day (YYYY-MM-DD), by user when not NULL, in number
 * order, whatever became of them. */
mc_status mc_fee_receipts_day(mc_store *store, const char *day, const char *user,
			      mc_fee_receipt_cb cb, void *ctx, mc_error *err);

/* Totals of a day, only receipts still paid. */
typedef struct mc_fee_day {
	int64_t total;
	int64_t by_method[MC_PAY_COUNT];
	int receipts, voided, refunded;
} mc_fee_day;
mc_status mc_fee_day_totals(mc_store *store, const char *day, const char *user,
			    mc_fee_day *out, mc_error *err);

/* Fees collected (still paid) and exempted over received-days
 * [from, to] (YYYY-MM-DD), for the period report. */
mc_status mc_fee_period(mc_store *store, const char *from, const char *to, int64_t *collected,
			int64_t *exempted, int *receipts, int *exemptions, mc_error *err);

#endif
