/*
 * The citizen ID card (CCCD, and the 2024 "thẻ căn cước") as a USB scanner
 * types its QR code: one line of '|'-separated fields,
 *   ID|old ID|full name|birth date ddmmyyyy|sex|address|issue date ddmmyyyy
 * The intake screen turns that burst of keystrokes into a filled form, so
 * the parser is tolerant of what scanners and card generations really send
 * (trailing CR/LF, spaces, NFD text, a missing issue date, extra fields) and
 * strict about what would put wrong data in a dossier (bad digits, impossible
 * dates), naming the field at fault so the clerk knows what to retype.
 */
#ifndef MOTCUA_CCCD_H
#define MOTCUA_CCCD_H

#include <stdbool.h>
#include <stdio.h>

#include "motcua/error.h"

typedef struct mc_cccd {
	char id_number[13];      /* 12 digits */
	char old_id_number[13];  /* 9 or 12 digits, "" when absent */
	char name[128];          /* NFC UTF-8 */
	char birth_date[11];     /* YYYY-MM-DD */
	char sex[8];             /* "Nam" or "Nữ" */
	char address[256];       /* NFC UTF-8, as on the card */
	char issue_date[11];     /* YYYY-MM-DD or "" */
} mc_cccd;

/* Parse one scanned line (NUL-terminated, any normalization form).
 * Accepted: surrounding white space and a trailing CR/LF; spaces around each
 * field; runs of white space collapsed to one space; an empty old ID, or one of
 * 9 or 12 digits; sex "Nam"/"Nữ" in any case, also "Nu"; no issue date field
 * (or an empty one); any fields after the issue date, which are ignored.
 * Checked: the ID is exactly 12 digits (the first three are a province code
 * 001-096, but only their being digits is checked, so new codes still scan);
 * dates are real calendar dates with a year in 1900-2099; the birth date is
 * not after the issue date; the name is non-empty and has no digits; the name
 * and address fit their buffers (never truncated); the address is non-empty.
 * On success fills *out (NFC text) and returns MC_OK. On failure returns
 * MC_EDATA with a message naming the field (number and name) and what is
 * wrong, e.g. "field 4 (birth date): 31022001 is not a date", or the byte
 * offset in line for invalid UTF-8 and control characters; *out is then left
 * untouched. NULL line or out: MC_EUSAGE. err may be NULL. */
mc_status mc_cccd_parse(const char *line, mc_cccd *out, mc_error *err);

/* Cheap test for the TUI: does this burst of typed text look like a CCCD
 * scan? True when it has at least 5 '|'-separated fields and the first one
 * (spaces around it ignored) is 12 ASCII digits. Nothing else is validated;
 * call mc_cccd_parse for that. NULL gives false. */
bool mc_cccd_looks_like(const char *line);

/* Write c as one JSON object, followed by a newline, with the string keys
 * id_number, old_id_number, name, birth_date, sex, address, issue_date in
 * that order; quotes, backslashes and control characters escaped, UTF-8
 * written as is. Write errors are left for the caller to see with ferror(). */
void mc_cccd_write_json(const mc_cccd *c, FILE *out);

#endif
