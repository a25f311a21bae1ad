/*
 * Parser for the QR line of the chip-based citizen ID card (CCCD / căn cước)
 * as a USB scanner types it (see include/motcua/cccd.h).
 *
 * Shape: checks that need byte offsets of the line as typed (invalid UTF-8,
 * control characters) run first on the raw line; then the whole line is
 * cleaned once by mc_text_clean (NFC, white space collapsed) — '|' never takes
 * part in composition, so normalizing the line equals normalizing each field —
 * split in place, and each field checked by its own small function that
 * reports "field N (what): problem". Results go to a local mc_cccd copied to
 * the caller's only when every field passed.
 */
#include "motcua/cccd.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "motcua/json.h"
#include "motcua/text.h"

enum {
	F_ID, F_OLD_ID, F_NAME, F_BIRTH, F_SEX, F_ADDRESS, F_ISSUE,
	F_COUNT,
	F_REQUIRED = F_ADDRESS + 1, /* the issue date may be missing */
};

static const char *field_name(int f)
{
	static const char *const names[F_COUNT] = {
		"ID number", "old ID number", "name", "birth date", "sex",
		"address", "issue date",
	};
	return f >= 0 && f < F_COUNT ? names[f] : "extra field";
}

/* Record MC_EDATA as "field N (what): <fmt>"; f is 0-based. */
__attribute__((format(printf, 3, 4)))
static mc_status field_error(mc_error *err, int f, const char *fmt, ...)
{
	char what[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return mc_error_set(err, MC_EDATA, "field %d (%s): %s", f + 1, field_name(f), what);
}

/* A short copy of valid UTF-8 text for messages: at most 40 bytes, cut on a
 * character boundary, "..." appended when cut. buf must hold 44 bytes. */
static const char *excerpt(const char *s, char *buf)
{
	size_t n = strlen(s);
	if (n <= 40) {
		memcpy(buf, s, n + 1);
		return buf;
	}
	n = 40;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(buf, s, n);
	memcpy(buf + n, "...", 4);
	return buf;
}

/* 0-based index of the field holding byte off of line. */
static int field_at(const char *line, size_t off)
{
	int f = 0;
	for (size_t i = 0; i < off; i++)
		f += line[i] == '|';
	return f;
}

/* Invalid UTF-8 and control characters, reported with byte offsets of the
 * line as typed. White space (CR/LF included) at either end is allowed. */
static mc_status check_raw(const char *line, mc_error *err)
{
	size_t len = strlen(line);
	if (mc_text_check_utf8(line, len, err) != MC_OK) {
		/* The first bad byte lies in the first field that fails alone. */
		mc_error scratch;
		size_t start = 0;
		for (int f = 0;; f++) {
			size_t end = start + strcspn(line + start, "|");
			if (mc_text_check_utf8(line + start, end - start, &scratch) != MC_OK ||
			    line[end] == '\0') {
				mc_error_prefix(err, "field %d (%s)", f + 1, field_name(f));
				return MC_EDATA;
			}
			start = end + 1;
		}
	}
	size_t lo = strspn(line, " \t\r\n"), hi = len;
	while (hi > lo && strchr(" \t\r\n", line[hi - 1]))
		hi--;
	for (size_t i = lo; i < hi; i++) {
		unsigned char c = (unsigned char)line[i];
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return field_error(err, field_at(line, i),
					   "control character 0x%02x at byte offset %zu", c, i);
	}
	return MC_OK;
}

/* Split s in place at '|' into at most F_COUNT trimmed fields; returns how
 * many fields the line has in all (extras are counted, not kept). */
static int split_fields(char *s, char *fields[F_COUNT])
{
	int n = 0;
	for (char *p = s;;) {
		char *bar = strchr(p, '|');
		if (bar)
			*bar = '\0';
		if (n < F_COUNT) {
			p += strspn(p, " ");
			size_t len = strlen(p);
			while (len > 0 && p[len - 1] == ' ')
				p[--len] = '\0';
			fields[n] = p;
		}
		n++;
		if (!bar)
			return n;
		p = bar + 1;
	}
}

static bool all_digits(const char *s, size_t len)
{
	return strlen(s) == len && strspn(s, "0123456789") == len;
}

static mc_status parse_id(const char *s, mc_cccd *c, mc_error *err)
{
	char ex[44];
	if (!all_digits(s, 12))
		return field_error(err, F_ID, "expected 12 digits, got \"%s\"", excerpt(s, ex));
	memcpy(c->id_number, s, 13);
	return MC_OK;
}

/* Older cards carry the 9-digit CMND; some carry a previous 12-digit number. */
static mc_status parse_old_id(const char *s, mc_cccd *c, mc_error *err)
{
	char ex[44];
	if (*s && !all_digits(s, 9) && !all_digits(s, 12))
		return field_error(err, F_OLD_ID, "expected empty, 9 or 12 digits, got \"%s\"",
				   excerpt(s, ex));
	memcpy(c->old_id_number, s, strlen(s) + 1);
	return MC_OK;
}

/* Copy s into dst (size dstsz) or report it too long: never truncate. */
static mc_status copy_text(int f, const char *s, char *dst, size_t dstsz, mc_error *err)
{
	size_t n = strlen(s);
	if (n == 0)
		return field_error(err, f, "empty");
	if (n >= dstsz)
		return field_error(err, f, "too long (%zu bytes, at most %zu)", n, dstsz - 1);
	memcpy(dst, s, n + 1);
	return MC_OK;
}

static mc_status parse_name(const char *s, mc_cccd *c, mc_error *err)
{
	char ex[44];
	if (strpbrk(s, "0123456789"))
		return field_error(err, F_NAME, "a name has no digits, got \"%s\"", excerpt(s, ex));
	return copy_text(F_NAME, s, c->name, sizeof c->name, err);
}

static int days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

/* ddmmyyyy → YYYY-MM-DD in iso[11]. */
static mc_status parse_date(int f, const char *s, char *iso, mc_error *err)
{
	char ex[44];
	if (!all_digits(s, 8))
		return field_error(err, f, "expected ddmmyyyy (8 digits), got \"%s\"", excerpt(s, ex));
	int d = (s[0] - '0') * 10 + (s[1] - '0');
	int m = (s[2] - '0') * 10 + (s[3] - '0');
	int y = atoi(s + 4);
	if (y < 1900 || y > 2099)
		return field_error(err, f, "%s: year %d is outside 1900-2099", s, y);
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return field_error(err, f, "%s is not a date", s);
	memcpy(iso, s + 4, 4);
	iso[4] = '-';
	memcpy(iso + 5, s + 2, 2);
	iso[7] = '-';
	memcpy(iso + 8, s, 2);
	iso[10] = '\0';
	return MC_OK;
}

/* Text is NFC here, so "Nữ" in any case is N/n followed by ữ (U+1EEF) or
 * Ữ (U+1EEE); "Nam" and the unaccented "Nu" are plain ASCII. */
static mc_status parse_sex(const char *s, mc_cccd *c, mc_error *err)
{
	char ex[44];
	const char *value = NULL;
	if (strcasecmp(s, "nam") == 0)
		value = "Nam";
	else if (strcasecmp(s, "nu") == 0 ||
		 ((s[0] == 'N' || s[0] == 'n') &&
		  (strcmp(s + 1, "ữ") == 0 || strcmp(s + 1, "Ữ") == 0)))
		value = "Nữ";
	if (!value)
		return field_error(err, F_SEX, "expected \"Nam\" or \"Nữ\", got \"%s\"",
				   excerpt(s, ex));
	memcpy(c->sex, value, strlen(value) + 1);
	return MC_OK;
}

/* An empty or absent issue date is allowed; a present one must not come
 * before the birth date. */
static mc_status parse_issue(const char *s, const char *birth_raw, mc_cccd *c,
			     mc_error *err)
{
	if (!s || !*s) {
		c->issue_date[0] = '\0';
		return MC_OK;
	}
	mc_status st = parse_date(F_ISSUE, s, c->issue_date, err);
	if (st == MC_OK && strcmp(c->issue_date, c->birth_date) < 0)
		return field_error(err, F_ISSUE, "%s is before the birth date %s", s, birth_raw);
	return st;
}

static mc_status parse_fields(char *const f[F_COUNT], int n, mc_cccd *c, mc_error *err)
{
	mc_status st;
	if ((st = parse_id(f[F_ID], c, err)) != MC_OK ||
	    (st = parse_old_id(f[F_OLD_ID], c, err)) != MC_OK ||
	    (st = parse_name(f[F_NAME], c, err)) != MC_OK ||
	    (st = parse_date(F_BIRTH, f[F_BIRTH], c->birth_date, err)) != MC_OK ||
	    (st = parse_sex(f[F_SEX], c, err)) != MC_OK ||
	    (st = copy_text(F_ADDRESS, f[F_ADDRESS], c->address, sizeof c->address, err)) != MC_OK)
		return st;
	return parse_issue(n > F_ISSUE ? f[F_ISSUE] : NULL, f[F_BIRTH], c, err);
}

mc_status mc_cccd_parse(const char *line, mc_cccd *out, mc_error *err)
{
	if (!line || !out)
		return mc_error_set(err, MC_EUSAGE, "mc_cccd_parse: line and out are required");
	mc_status st = check_raw(line, err);
	if (st != MC_OK)
		return st;
	char *clean;
	if ((st = mc_text_clean(line, &clean, err)) != MC_OK)
		return st;
	if (!*clean) {
		free(clean);
		return mc_error_set(err, MC_EDATA, "empty line: nothing was scanned");
	}
	char *fields[F_COUNT];
	int n = split_fields(clean, fields);
	if (n < F_REQUIRED) {
		st = field_error(err, n, "missing; the line has only %d field%s, a CCCD scan has "
				 "at least %d (ID|old ID|name|birth date|sex|address)",
				 n, n == 1 ? "" : "s", F_REQUIRED);
	} else {
		mc_cccd c;
		memset(&c, 0, sizeof c);
		st = parse_fields(fields, n, &c, err);
		if (st == MC_OK)
			*out = c;
	}
	free(clean);
	return st;
}

bool mc_cccd_looks_like(const char *line)
{
	if (!line)
		return false;
	const char *p = line + strspn(line, " \t");
	size_t digits = strspn(p, "0123456789");
	p += digits;
	p += strspn(p, " \t");
	if (digits != 12 || *p != '|')
		return false;
	int bars = 0;
	for (; *p; p++)
		bars += *p == '|';
	return bars >= 4;
}

void mc_cccd_write_json(const mc_cccd *c, FILE *out)
{
	mc_json j;
	mc_json_init(&j, out);
	mc_json_begin_object(&j, NULL);
	mc_json_string(&j, "id_number", c->id_number);
	mc_json_string(&j, "old_id_number", c->old_id_number);
	mc_json_string(&j, "name", c->name);
	mc_json_string(&j, "birth_date", c->birth_date);
	mc_json_string(&j, "sex", c->sex);
	mc_json_string(&j, "address", c->address);
	mc_json_string(&j, "issue_date", c->issue_date);
	mc_json_end_object(&j);
}
