/*
 * The receipt handed to the citizen at intake (Mẫu 01, "Giấy tiếp nhận hồ
 * sơ và hẹn trả kết quả"), rendered by the core's form printer
 * (mc_print_dossier, templates in forms/print/) as 80-column text.
 */
#ifndef MOTCUA_TUI_RECEIPT_H
#define MOTCUA_TUI_RECEIPT_H

#include <stdbool.h>
#include <stddef.h>

#include "motcua/dossier.h"
#include "screen.h"

/* Write the receipt to t->receipt_dir/CODE.txt (directory created) and,
 * when a CUPS queue is set (the receipt_printer setting, or MOTCUA_PRINTER,
 * e.g. "quay2"), print it there with lp. path gets the file written.
 * Returns 0; -1 (nothing written) or -2 (written but not printed) with
 * what went wrong in err. */
int receipt_save(const struct tui *t, const mc_dossier *d, char *path, size_t pathsz,
		 char *err, size_t errsz);

/* Any official form of dossier code (form: receipt, supplement, refuse,
 * apology, stop, control) to t->receipt_dir/CODE-FORM.txt, marked as a
 * reprint (CODE-FORM-reprint.txt) when reprint; printed as receipt_save. */
int receipt_form(const struct tui *t, const char *code, const char *form, bool reprint,
		 char *path, size_t pathsz, char *err, size_t errsz);

/* The message line after receipt_form/receipt_save returned rc: where the
 * file went, the printer, or how to set one up. */
void receipt_where(const struct tui *t, int rc, bool receipt, const char *path,
		   const char *err, char *buf, size_t bufsz);

/* mkdir -p with the receipts' permissions; 0 or -1 (errno). */
int receipt_mkdir(const char *dir);

/* Print a file already written on the counter's printer, if one is set;
 * where gets the message (receipt_where). Returns 0 or -2. */
int receipt_spool(const struct tui *t, const char *path, char *where, size_t wheresz);

#endif
