/*
 * Writing and printing the intake receipt. The text comes from the core's
 * printer of official forms (the dossier's form set picks Mẫu 01 of 2018
 * or of 2025); this file only decides where it goes: a file per dossier,
 * kept as the office's copy, and the CUPS queue when one is set (lp with
 * an argument list, src/core/spool.c; never a shell).
 */
#include "receipt.h"

#include "motcua/print.h"
#include "motcua/spool.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int receipt_mkdir(const char *dir)
{
	char tmp[1024];
	snprintf(tmp, sizeof tmp, "%s", dir);
	for (char *p = tmp + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(tmp, 0770) != 0 && errno != EEXIST)
				return -1;
			*p = '/';
		}
	return mkdir(tmp, 0770) == 0 || errno == EEXIST ? 0 : -1;
}

int receipt_form(const struct tui *t, const char *code, const char *form, bool reprint,
		 char *path, size_t pathsz, char *err, size_t errsz)
{
	if (receipt_mkdir(t->receipt_dir) != 0) {
		snprintf(err, errsz, "%s: %s", t->receipt_dir, strerror(errno));
		return -1;
	}
	/* The receipt keeps its plain name (CODE.txt): it is the office's copy. */
	bool plain = strcmp(form, "receipt") == 0 && !reprint;
	snprintf(path, pathsz, "%s/%s%s%s%s.txt", t->receipt_dir, code, plain ? "" : "-",
		 plain ? "" : form, reprint ? "-reprint" : "");
	FILE *out = fopen(path, "w");
	if (!out) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	mc_print_opts o = {.format = MC_PRINT_TEXT, .width = 80, .reprint = reprint};
	mc_error e = {0};
	int rc = 0;
	if (mc_print_dossier(t->store, form, code, &o, out, &e) != MC_OK) {
		snprintf(err, errsz, "%s", e.msg);
		rc = -1;
	}
	if (fclose(out) != 0 && rc == 0) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	if (rc != 0)
		remove(path);
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
