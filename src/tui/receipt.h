/*
 * The receipt handed to the citizen at intake (Mẫu 01, "Giấy tiếp nhận hồ
 * sơ và hẹn trả kết quả"), rendered by the core's form printer
 * (mc_print_dossier, templates in forms/print/) as 80-column text.
 */
#ifndef MOTCUA_TUI_RECEIPT_H
#define MOTCUA_TUI_RECEIPT_H

#include <stddef.h>

#include "motcua/dossier.h"
#include "screen.h"

/* Write the receipt to t->receipt_dir/CODE.txt (directory created) and,
 * when a printer command is set (MOTCUA_PRINTER or the receipt_printer
 * setting, e.g. "lp -d quay2"), pipe it there too. path gets the file
 * written. Returns 0, or -1 with what went wrong in err. */
int receipt_save(const struct tui *t, const mc_dossier *d, char *path, size_t pathsz,
		 char *err, size_t errsz);

#endif
