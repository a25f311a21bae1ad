/*
 * VietQR: the NAPAS/EMVCo merchant-presented payload a bank app scans to
 * pay into the office's account (NAPAS QR Switching spec v1.5.2, service
 * QRIBFTTA "transfer to account"), made offline. Fields, in order:
 * 00 "01", 01 "12" (dynamic: one transaction) or "11" (static), 38 {00 A000000727,
 * 01 {00 BIN, 01 account}, 02 QRIBFTTA}, 53 "704", 54 amount, 58 "VN",
 * 62 {08 purpose}, 63 CRC-16/CCITT-FALSE of everything before it
 * including "6304".
 */
#ifndef MOTCUA_VIETQR_H
#define MOTCUA_VIETQR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "motcua/error.h"
#include "motcua/store.h"

#define MC_VIETQR_MAX 256

/* CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no xorout. */
uint16_t mc_crc16_ccitt_false(const void *data, size_t len);

/* The payload for bank BIN (6 digits), account (1-19 letters or digits),
 * amount in đồng (0: none) and purpose (printable ASCII up to 25
 * characters; "" none); dynamic: a code for this one payment (01 = "12"),
 * else a static one ("11"). MC_EDATA naming the bad value. */
mc_status mc_vietqr_payload(const char *bin, const char *account, int64_t amount,
			    const char *purpose, bool dynamic, char out[MC_VIETQR_MAX],
			    mc_error *err);

/* True when payload's last four characters are the CRC of the rest. */
bool mc_vietqr_crc_ok(const char *payload);

/* The office's dynamic payload (settings bank.bin, bank.account) for amount and
 * a dossier code (its last 25 characters when longer). MC_EEMPTY when
 * the account is not configured; MC_EDATA when a setting is wrong. The
 * account holder's name (bank.account_name) is copied to name when not
 * NULL, for the screen and paper (not part of the payload). */
mc_status mc_vietqr_office(mc_store *store, int64_t amount, const char *code,
			   char out[MC_VIETQR_MAX], char *name, size_t namesz, mc_error *err);

#endif
