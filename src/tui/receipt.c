/*
 * Writing and printing the intake receipt. The text comes from the core's
 * printer of official forms (the dossier's form set picks Mẫu 01 of 2018
 * or of 2025); this file only decides where it goes: a file per dossier,
 * kept as the office's copy, and the printer command when one is set.
 */
#include "receipt.h"

#include "motcua/print.h"
#include "motcua/safe_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int print_file(const struct tui *t, const char *path, char *err, size_t errsz)
{
	FILE *in = fopen(path, "r");
	FILE *pipe = in ? popen(t->printer, "w") : NULL;
	if (!pipe) {
		if (in)
			fclose(in);
		snprintf(err, errsz, "%s: %s", t->printer, strerror(errno));
		return -1;
	}
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		fwrite(buf, 1, n, pipe);
	fclose(in);
	int rc = pclose(pipe);
	if (rc != 0) {
		snprintf(err, errsz, _("printing with \"%s\" failed (exit %d)"), t->printer, rc);
		return -1;
	}
	return 0;
}

int receipt_save(const struct tui *t, const mc_dossier *d, char *path, size_t pathsz,
		 char *err, size_t errsz)
{
	/* The directory 2770 (every clerk of the group writes there), the file
	 * 0640, written beside and renamed: a link planted at the predictable
	 * name is replaced, never followed. */
	mc_error e = {0};
	mc_safe_file sf;
	snprintf(path, pathsz, "%s/%s.txt", t->receipt_dir, d->code);
	if (mc_dir_make(t->receipt_dir, &e) != MC_OK || mc_safe_file_begin(&sf, path, &e) != MC_OK) {
		snprintf(err, errsz, "%s", e.msg);
		return -1;
	}
	mc_print_opts o = {.format = MC_PRINT_TEXT, .width = 80};
	int rc = 0;
	if (mc_print_dossier(t->store, "receipt", d->code, &o, sf.f, &e) != MC_OK) {
		mc_safe_file_abort(&sf);
		rc = -1;
	} else if (mc_safe_file_commit(&sf, &e) != MC_OK)
		rc = -1;
	if (rc != 0)
		snprintf(err, errsz, "%s", e.msg);
	if (rc == 0 && t->printer)
		rc = print_file(t, path, err, errsz);
	return rc;
}
