/*
 * Text at the core's boundary. Everything stored is UTF-8 NFC; searches
 * compare "folded" keys (no marks, đ→d, case-folded) so that a clerk on a
 * keyboard without Vietnamese finds "Nguyễn Văn Đức" by typing "nguyen van duc".
 */
#ifndef MOTCUA_TEXT_H
#define MOTCUA_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "motcua/error.h"

/* MC_OK when s[0..len) is valid UTF-8; else MC_EDATA naming the byte offset. */
mc_status mc_text_check_utf8(const char *s, size_t len, mc_error *err);

/* Validate, NFC-normalize, trim and collapse runs of white space into one
 * space. *out is malloc'd (caller frees). Control characters are refused. */
mc_status mc_text_clean(const char *in, char **out, mc_error *err);

/* NFC-normalize only (keeps spacing as is). *out is malloc'd. */
mc_status mc_text_nfc(const char *in, char **out, mc_error *err);

/* The search key of a string: NFD, marks dropped, đ/Đ → d, case-folded,
 * anything that is not a letter or digit turned into a single space, trimmed.
 * Returns a malloc'd string, or NULL for invalid UTF-8 / out of memory. */
char *mc_text_fold(const char *in);

/* Same into a caller buffer; returns the length written, or (size_t)-1 when
 * the input is invalid or the buffer too small. */
size_t mc_text_fold_buf(const char *in, char *out, size_t outsz);

/* True when every word of the folded query is a prefix of some word of the
 * folded text (both already passed through mc_text_fold). An empty query
 * matches everything. */
bool mc_text_fold_match(const char *folded_text, const char *folded_query);

/* True when s is non-empty and only ASCII digits. */
bool mc_text_is_digits(const char *s);

/* A Vietnamese phone number typed with spaces, dots or dashes (a +84 / 84
 * prefix counts as 0): a mobile has 10 digits starting 03, 05, 07, 08 or
 * 09, a landline 11 starting 02. MC_PHONE_OK puts the digits into out
 * (size >= 16); otherwise what is wrong: other characters, a wrong number
 * of digits for its kind, or a start no number has. */
typedef enum mc_phone_check {
	MC_PHONE_OK,
	MC_PHONE_CHARS,
	MC_PHONE_LENGTH,
	MC_PHONE_PREFIX,
} mc_phone_check;
mc_phone_check mc_text_phone_check(const char *in, char *out, size_t outsz);
/* A paper of a procedure's checklist brought only in some cases: its text
 * says so in brackets, "(nếu có)" or "(nếu ủy quyền)". Such a paper not
 * ticked is not missing. */
bool mc_text_paper_optional(const char *paper);

/* mc_text_phone_check(...) == MC_PHONE_OK. */
bool mc_text_phone_normalize(const char *in, char *out, size_t outsz);

/* Columns UTF-8 text takes on a terminal: a wide (CJK) character two, a
 * combining mark none, an invalid byte one. printf's %-20s counts bytes,
 * which shifts every column after a Vietnamese name. */
int mc_text_width(const char *s);

/* S cut to at most COLS columns (whole characters only) and padded with
 * spaces to exactly COLS, into BUF; a table cell. Returns BUF. BUF needs
 * 4 * COLS + 1 bytes to hold any text (less cuts it shorter). */
char *mc_text_fit(const char *s, int cols, char *buf, size_t bufsz);

#endif
