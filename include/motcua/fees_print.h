/* Printed fee papers: the fee receipt and the day's hand-over sheet
 * (forms/print/bienlai-phi.tmpl, bangke-phi.tmpl). */
#ifndef MOTCUA_FEES_PRINT_H
#define MOTCUA_FEES_PRINT_H

#include <stdio.h>

#include "motcua/fees.h"
#include "motcua/print.h"

/* "Tiền mặt", "Chuyển khoản", "Thẻ" (as printed on paper). */
const char *mc_pay_method_label(mc_pay_method m);
/* "1.234.000 đồng". */
void mc_fee_money(int64_t v, char *buf, size_t bufsz);

/* The receipt NUMBER (SERIES/NNNNNNN) as issued, marked when voided or
 * refunded; its QR code is the office's VietQR for the amount and the
 * dossier code when the bank account is set, else the dossier code. */
mc_status mc_fee_print_receipt(mc_store *store, const char *number, const mc_print_opts *o,
			       FILE *out, mc_error *err);

/* The hand-over sheet (bảng kê) of day (YYYY-MM-DD), of user or all. */
mc_status mc_fee_print_sheet(mc_store *store, const char *day, const char *user,
			     const mc_print_opts *o, FILE *out, mc_error *err);

#endif
