/* CSV reading for importers (see include/motcua/csv.h). */
#include "motcua/csv.h"
#include "motcua/charset.h"
#include "motcua/progress.h"
#include "motcua/privilege.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

void mc_csv_init(mc_csv *csv, const char *buf, size_t len)
{
	memset(csv, 0, sizeof *csv);
	csv->buf = buf;
	csv->len = len;
	csv->next_line = 1;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		csv->pos = 3;
}

void mc_csv_free(mc_csv *csv)
{
	free(csv->scratch);
	csv->scratch = NULL;
}

static int scratch_put(mc_csv *csv, size_t *w, char c)
{
	if (*w + 1 >= csv->scratch_cap) {
		size_t cap = csv->scratch_cap ? csv->scratch_cap * 2 : 1024;
		char *n = realloc(csv->scratch, cap);
		if (!n)
			return -1;
		/* Re-point fields already stored in the old scratch. */
		for (size_t i = 0; i < csv->nfields; i++)
			csv->fields[i] = n + (csv->fields[i] - csv->scratch);
		csv->scratch = n;
		csv->scratch_cap = cap;
	}
	csv->scratch[(*w)++] = c;
	return 0;
}

mc_status mc_csv_next(mc_csv *csv, mc_error *err)
{
	const char *b = csv->buf;
	/* Skip blank lines. */
	while (csv->pos < csv->len && (b[csv->pos] == '\n' || b[csv->pos] == '\r')) {
		if (b[csv->pos] == '\n')
			csv->next_line++;
		csv->pos++;
	}
	if (csv->pos >= csv->len) {
		mc_progress("reading", csv->len, csv->len);
		return MC_EEMPTY;
	}
	if ((csv->next_line & 1023) == 0)
		mc_progress("reading", csv->pos, csv->len);
	csv->line = csv->next_line;
	csv->nfields = 0;
	size_t w = 0;
	size_t starts[MC_CSV_MAX_FIELDS];
	for (;;) {
		if (csv->nfields == MC_CSV_MAX_FIELDS)
			return mc_error_set(err, MC_EDATA, "line %zu: more than %d fields",
					    csv->line, MC_CSV_MAX_FIELDS);
		starts[csv->nfields++] = w;
		csv->fields[csv->nfields - 1] = NULL;
		if (csv->pos < csv->len && b[csv->pos] == '"') {
			csv->pos++;
			for (;;) {
				if (csv->pos >= csv->len)
					return mc_error_set(err, MC_EDATA,
							    "line %zu: a quoted field is never closed",
							    csv->line);
				char c = b[csv->pos++];
				if (c == '"') {
					if (csv->pos < csv->len && b[csv->pos] == '"')
						csv->pos++;
					else
						break;
				}
				if (c == '\n')
					csv->next_line++;
				if (scratch_put(csv, &w, c))
					return mc_error_set(err, MC_ESYS, "out of memory");
			}
			if (csv->pos < csv->len && !strchr(",\r\n", b[csv->pos]))
				return mc_error_set(err, MC_EDATA,
						    "line %zu: text after the closing quote of field %zu",
						    csv->line, csv->nfields);
		} else {
			while (csv->pos < csv->len && !strchr(",\r\n", b[csv->pos])) {
				if (b[csv->pos] == '"')
					return mc_error_set(err, MC_EDATA,
							    "line %zu: a quote inside unquoted field %zu",
							    csv->line, csv->nfields);
				if (scratch_put(csv, &w, b[csv->pos++]))
					return mc_error_set(err, MC_ESYS, "out of memory");
			}
		}
		if (scratch_put(csv, &w, '\0'))
			return mc_error_set(err, MC_ESYS, "out of memory");
		if (csv->pos < csv->len && b[csv->pos] == ',') {
			csv->pos++;
			continue;
		}
		if (csv->pos < csv->len && b[csv->pos] == '\r')
			csv->pos++;
		if (csv->pos < csv->len && b[csv->pos] == '\n') {
			csv->pos++;
			csv->next_line++;
		}
		break;
	}
	for (size_t i = 0; i < csv->nfields; i++)
		csv->fields[i] = csv->scratch + starts[i];
	return MC_OK;
}

mc_status mc_file_read(const char *path, char **out, size_t *len, mc_error *err)
{
	return mc_file_read_max(path, SIZE_MAX - 1, out, len, err);
}

mc_status mc_file_read_max(const char *path, size_t max, char **out, size_t *len,
			   mc_error *err)
{
	/* Opened as the caller: a clerk reads through motcua only files of theirs. */
	mc_privilege_as_caller();
	FILE *f = fopen(path, "rb");
	int open_errno = errno;
	mc_privilege_resume();
	if (!f)
		return mc_error_set(err, MC_EDATA, "%s: %s", path, strerror(open_errno));
	/* Refused by its size before a byte is read; a pipe is cut at max + 1. */
	struct stat sb;
	if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) && (uintmax_t)sb.st_size > max) {
		fclose(f);
		return mc_error_set(err, MC_EDATA, "%s is %jd bytes, over the limit of %zu",
				    path, (intmax_t)sb.st_size, max);
	}
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap);
	while (buf) {
		if (n > max) {
			free(buf);
			fclose(f);
			return mc_error_set(err, MC_EDATA, "%s is over the limit of %zu bytes",
					    path, max);
		}
		size_t r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
		if (r == 0)
			break;
		if (n + 1 >= cap) {
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	int bad = ferror(f);
	fclose(f);
	if (!buf)
		return mc_error_set(err, MC_ESYS, "%s: out of memory", path);
	if (bad) {
		free(buf);
		return mc_error_set(err, MC_EDATA, "%s: read error", path);
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return MC_OK;
}

mc_status mc_file_read_text(const char *path, const char *encoding, char **buf, size_t *len,
			    mc_error *err)
{
	mc_status st = mc_file_read(path, buf, len, err);
	if (st != MC_OK)
		return st;
	const unsigned char *b = (const unsigned char *)*buf;
	mc_charset cs = MC_CS_UTF8;
	bool utf8 = !encoding || (mc_charset_parse(encoding, &cs, NULL) == MC_OK &&
				  (cs == MC_CS_UTF8 || cs == MC_CS_UTF8_NFD));
	/* Excel's "Unicode text" is UTF-16 with a byte-order mark, and its
	 * "CSV UTF-8" starts with one: both import without --encoding. */
	if (utf8 && *len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
		encoding = "UTF-16";
	else if (utf8) {
		if (*len >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0) {
			memmove(*buf, *buf + 3, *len - 3 + 1);
			*len -= 3;
		}
		return MC_OK;
	}
	char *utf8buf;
	if ((st = mc_charset_decode_name(encoding, *buf, *len, &utf8buf, err)) != MC_OK) {
		mc_error_prefix(err, "%s", path);
		free(*buf);
		*buf = NULL;
		return st;
	}
	free(*buf);
	*buf = utf8buf;
	*len = strlen(utf8buf);
	return MC_OK;
}

void mc_csv_write_field(FILE *out, const char *s)
{
	/* A spreadsheet runs a cell that starts with = + - @ (or a tab or CR
	 * before one) as a formula: such a cell gets a leading apostrophe. */
	bool formula = s[0] && strchr("=+-@\t\r", s[0]);
	if (!formula && !strpbrk(s, ",\"\r\n")) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	if (formula)
		fputc('\'', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}
