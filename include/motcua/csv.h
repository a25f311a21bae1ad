/*
 * RFC 4180 CSV reader over a buffer in memory, with line numbers so every
 * importer can report "FILE:LINE: what is wrong". Quoted fields may hold
 * commas, doubled quotes and line breaks; CRLF and a UTF-8 BOM are accepted.
 */
#ifndef MOTCUA_CSV_H
#define MOTCUA_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "motcua/error.h"

#define MC_CSV_MAX_FIELDS 64

typedef struct mc_csv {
	const char *buf;
	size_t len, pos;
	size_t line;            /* line where the current record started */
	size_t next_line;
	char *scratch;          /* unescaped fields of the current record */
	size_t scratch_cap;
	char *fields[MC_CSV_MAX_FIELDS];
	size_t nfields;
} mc_csv;

void mc_csv_init(mc_csv *csv, const char *buf, size_t len);
void mc_csv_free(mc_csv *csv);

/* Read the next record: MC_OK with csv->fields/nfields/line set, MC_EEMPTY
 * at the end, MC_EDATA on a malformed record (unterminated quote, too many
 * fields), the message naming the line. Blank lines are skipped. */
mc_status mc_csv_next(mc_csv *csv, mc_error *err);

/* Read a whole file into memory (NUL-terminated). */
mc_status mc_file_read(const char *path, char **out, size_t *len, mc_error *err);

/* mc_file_read() of at most max bytes: a larger file is refused, from its
 * size, before it is read (imports of untrusted files). */
mc_status mc_file_read_max(const char *path, size_t max, char **out, size_t *len,
			   mc_error *err);

/* Read a text file and decode it to UTF-8 from encoding (a name of
 * mc_conv_open_name; NULL or "utf-8": as is, without a UTF-8 byte-order
 * mark; a UTF-16 byte-order mark decodes UTF-16). Errors name the file. */
mc_status mc_file_read_text(const char *path, const char *encoding, char **out, size_t *len,
			    mc_error *err);

/* Write one CSV cell (RFC 4180 quoting). A cell that a spreadsheet would
 * run as a formula (starting with =, +, -, @, tab or CR) is written with a
 * leading apostrophe, quoted: every CSV that motcua writes goes through it. */
void mc_csv_write_field(FILE *out, const char *s);
#endif
