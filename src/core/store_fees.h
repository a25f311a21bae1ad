/* Rows of fees.c (private to src/core): dues, receipt numbers, receipts. */
#ifndef MOTCUA_STORE_FEES_H
#define MOTCUA_STORE_FEES_H

#include "motcua/fees.h"

mc_status store_fee_due_get(mc_store *s, int64_t dossier_id, mc_fee_due *out, bool *found,
			    mc_error *err);
mc_status store_fee_due_put(mc_store *s, int64_t dossier_id, const mc_fee_due *d,
			    const char *at, const char *by, mc_error *err);
/* Sum of the dossier's receipts still paid; last: the newest one's number. */
mc_status store_fee_paid(mc_store *s, int64_t dossier_id, int64_t *sum, char last[48],
			 mc_error *err);
/* The next number of series, inside the caller's transaction. */
mc_status store_fee_next_number(mc_store *s, const char *series, int64_t *number,
				mc_error *err);
mc_status store_fee_receipt_insert(mc_store *s, int64_t dossier_id, mc_fee_receipt *r,
				   mc_error *err);
mc_status store_fee_receipt_get(mc_store *s, const char *series, int64_t number,
				mc_fee_receipt *out, int64_t *dossier_id, mc_error *err);
mc_status store_fee_receipt_close(mc_store *s, const mc_fee_receipt *r, mc_error *err);
mc_status store_fee_receipts_day(mc_store *s, const char *day, const char *user,
				 mc_fee_receipt_cb cb, void *ctx, mc_error *err);
mc_status store_fee_period(mc_store *s, const char *from, const char *to, int64_t *collected,
			   int64_t *exempted, int *receipts, int *exemptions, mc_error *err);

#endif
