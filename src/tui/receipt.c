/*
 * Writing and printing the intake receipt. The text comes from the core's
 * printer of official forms (the dossier's form set picks Mẫu 01 of 2018
 * or of 2025); this file only decides where it goes: a file per dossier,
 * kept as the office's copy, and the printer command when one is set.
 */
#include "receipt.h"

#include "motcua/print.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int mkdir_p(const char *dir)
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
	if (mkdir_p(t->receipt_dir) != 0) {
		snprintf(err, errsz, "%s: %s", t->receipt_dir, strerror(errno));
		return -1;
	}
	snprintf(path, pathsz, "%s/%s.txt", t->receipt_dir, d->code);
	FILE *out = fopen(path, "w");
	if (!out) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	mc_print_opts o = {.format = MC_PRINT_TEXT, .width = 80};
	mc_error e = {0};
	int rc = 0;
	if (mc_print_dossier(t->store, "receipt", d->code, &o, out, &e) != MC_OK) {
		snprintf(err, errsz, "%s", e.msg);
		rc = -1;
	}
	if (fclose(out) != 0 && rc == 0) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	if (rc != 0)
		remove(path);
	if (rc == 0 && t->printer)
		rc = print_file(t, path, err, errsz);
	return rc;
}
