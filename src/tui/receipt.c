/*
 * Writing and printing the intake receipt. The text comes from the core's
 * printer of official forms (the dossier's form set picks Mẫu 01 of 2018
 * or of 2025); this file only decides where it goes: a file per dossier,
 * kept as the office's copy, and the CUPS queue when one is set (lp with
 * an argument list, src/core/spool.c; never a shell).
 */
#include "receipt.h"

#include "motcua/print.h"
#include "motcua/safe_file.h"
#include "motcua/spool.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int receipt_mkdir(const char *dir)
{
	/* 2770: every clerk of the group writes there (docs/security.md). */
	mc_error e = {0};
	return mc_dir_make(dir, &e) == MC_OK ? 0 : -1;
}

int receipt_form(const struct tui *t, const char *code, const char *form, bool reprint,
		 char *path, size_t pathsz, char *err, size_t errsz)
{
	/* The directory 2770, the file 0640, written beside and renamed: a link
	 * planted at the predictable name is replaced, never followed. */
	mc_error e = {0};
	mc_safe_file sf;
	/* The receipt keeps its plain name (CODE.txt): it is the office's copy. */
	bool plain = strcmp(form, "receipt") == 0 && !reprint;
	snprintf(path, pathsz, "%s/%s%s%s%s.txt", t->receipt_dir, code, plain ? "" : "-",
		 plain ? "" : form, reprint ? "-reprint" : "");
	if (mc_dir_make(t->receipt_dir, &e) != MC_OK || mc_safe_file_begin(&sf, path, &e) != MC_OK) {
		snprintf(err, errsz, "%s", e.msg);
		return -1;
	}
	mc_print_opts o = {.format = MC_PRINT_TEXT, .width = 80, .reprint = reprint};
	int rc = 0;
	if (mc_print_dossier(t->store, form, code, &o, sf.f, &e) != MC_OK) {
		mc_safe_file_abort(&sf);
		rc = -1;
	} else if (mc_safe_file_commit(&sf, &e) != MC_OK)
		rc = -1;
	if (rc != 0)
		snprintf(err, errsz, "%s", e.msg);
	if (rc == 0 && t->printer) {
		mc_error pe = {0};
		if (mc_spool_print(t->printer, path, "receipt_printer", &pe) != MC_OK) {
			snprintf(err, errsz, "%s", pe.msg);
			rc = -2;
		}
	}
	return rc;
}

int receipt_save(const struct tui *t, const mc_dossier *d, char *path, size_t pathsz,
		 char *err, size_t errsz)
{
	return receipt_form(t, d->code, "receipt", false, path, pathsz, err, errsz);
}

void receipt_where(const struct tui *t, int rc, bool receipt, const char *path,
		   const char *err, char *buf, size_t bufsz)
{
	if (rc == -1)
		snprintf_trunc(buf, bufsz, receipt ? _("Receipt not written: %s")
						   : _("Form not written: %s"), err);
	else if (rc == -2)
		snprintf_trunc(buf, bufsz, _("Written to %s but not printed: %s"), path, err);
	else if (t->printer)
		snprintf_trunc(buf, bufsz, receipt ? _("Receipt printed, copy in %s")
						   : _("Form printed, copy in %s"), path);
	else
		snprintf_trunc(buf, bufsz, _("Written to %s; no printer set (an admin sets one: "
					     "motcua config set receipt_printer QUEUE)"), path);
}

int receipt_spool(const struct tui *t, const char *path, char *where, size_t wheresz)
{
	int rc = 0;
	char err[600] = "";
	if (t->printer) {
		mc_error pe = {0};
		if (mc_spool_print(t->printer, path, "receipt_printer", &pe) != MC_OK) {
			snprintf(err, sizeof err, "%s", pe.msg);
			rc = -2;
		}
	}
	receipt_where(t, rc, false, path, err, where, wheresz);
	return rc;
}
