/*
 * Unicode at the core's edge: validation, NFC and the folded search key,
 * all through utf8proc so that NFC, NFD and "tổ hợp" input behave the same.
 */
#include "motcua/text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

mc_status mc_text_check_utf8(const char *s, size_t len, mc_error *err)
{
	size_t i = 0;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(len - i), &cp);
		if (n < 0 || cp < 0)
			return mc_error_set(err, MC_EDATA,
					    "invalid UTF-8 at byte offset %zu", i);
		i += (size_t)n;
	}
	return MC_OK;
}

mc_status mc_text_nfc(const char *in, char **out, mc_error *err)
{
	size_t len = strlen(in);
	mc_status st = mc_text_check_utf8(in, len, err);
	if (st != MC_OK)
		return st;
	utf8proc_uint8_t *r = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)in, (utf8proc_ssize_t)len,
					  &r, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n < 0)
		return mc_error_set(err, MC_EDATA, "cannot normalize text: %s",
				    utf8proc_errmsg(n));
	/* Line breaks and tabs may stay (notes, addresses); ESC, the other C0
	 * controls, DEL and C1 (U+0080-U+009F) may not: they drive terminals. */
	for (const utf8proc_uint8_t *p = r; *p; p++) {
		bool c1 = p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f;
		if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || *p == 0x7f || c1) {
			unsigned cp = c1 ? p[1] : *p;
			size_t at = (size_t)(p - r);
			free(r);
			return mc_error_set(err, MC_EDATA,
					    "control character 0x%02x at byte offset %zu",
					    cp, at);
		}
	}
	*out = (char *)r;
	return MC_OK;
}

mc_status mc_text_clean(const char *in, char **out, mc_error *err)
{
	char *nfc;
	mc_status st = mc_text_nfc(in, &nfc, err);
	if (st != MC_OK)
		return st;
	/* Collapse white space in place; NFC never grows here. */
	char *w = nfc;
	bool space = false;
	for (const char *r = nfc; *r; r++) {
		unsigned char c = (unsigned char)*r;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = w != nfc;
			continue;
		}
		if (c < 0x20 || c == 0x7f || (c == 0xc2 && (unsigned char)r[1] >= 0x80 &&
						    (unsigned char)r[1] <= 0x9f)) {
			size_t at = (size_t)(r - nfc);
			unsigned cp = c == 0xc2 ? (unsigned char)r[1] : c;
			free(nfc);
			return mc_error_set(err, MC_EDATA,
					    "control character 0x%02x at byte offset %zu",
					    cp, at);
		}
		if (space) {
			*w++ = ' ';
			space = false;
		}
		*w++ = (char)c;
	}
	*w = '\0';
	*out = nfc;
	return MC_OK;
}

/* Letters that stand for Đ/đ: đ itself, and the look-alikes that legacy
 * conversions (VNI, TCVN3 and CP1258 tables read as Latin-1 or with the
 * wrong font) left in names: Ð/ð (eth, Latin-1 0xD0/0xF0), Ɖ/ɖ (African
 * D), Ɗ/ɗ (D with hook), ᵭ and ᶑ. After case folding only the small ones
 * remain. The schema step store_schema_dfold folds names stored before
 * this the same way (keep the two lists alike). */
static bool d_like(utf8proc_int32_t c)
{
	switch (c) {
	case 0x0110: case 0x0111: case 0x00d0: case 0x00f0: case 0x0189: case 0x0256:
	case 0x018a: case 0x0257: case 0x1d6d: case 0x1d91:
		return true;
	default:
		return false;
	}
}

/* Decomposes, drops marks and case-folds; đ has no decomposition in
 * Unicode, so it is mapped by hand (FTS5's unicode61 misses it too), with
 * its look-alikes (d_like). */
size_t mc_text_fold_buf(const char *in, char *out, size_t outsz)
{
	size_t len = strlen(in), o = 0, i = 0;
	bool pending_space = false;
	while (i < len) {
		unsigned char c = (unsigned char)in[i];
		if (c < 0x80) {
			i++;
			if (isalnum(c)) {
				if (pending_space && o > 0) {
					if (o + 1 >= outsz)
						return (size_t)-1;
					out[o++] = ' ';
				}
				pending_space = false;
				if (o + 1 >= outsz)
					return (size_t)-1;
				out[o++] = (char)tolower(c);
			} else {
				pending_space = true;
			}
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)in + i,
						      (utf8proc_ssize_t)(len - i), &cp);
		if (n < 0 || cp < 0)
			return (size_t)-1;
		i += (size_t)n;
		utf8proc_int32_t buf[8];
		int bound = 0;
		utf8proc_ssize_t k = utf8proc_decompose_char(cp, buf, 8,
			UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD, &bound);
		if (k < 0)
			return (size_t)-1;
		for (utf8proc_ssize_t j = 0; j < k; j++) {
			utf8proc_int32_t d = buf[j];
			if (d_like(d))
				d = 'd';
			const utf8proc_property_t *p = utf8proc_get_property(d);
			bool word = p->category <= UTF8PROC_CATEGORY_LO ||
				    (p->category >= UTF8PROC_CATEGORY_ND &&
				     p->category <= UTF8PROC_CATEGORY_NO);
			if (p->category >= UTF8PROC_CATEGORY_MN &&
			    p->category <= UTF8PROC_CATEGORY_ME)
				continue;
			if (!word) {
				pending_space = true;
				continue;
			}
			if (pending_space && o > 0) {
				if (o + 1 >= outsz)
					return (size_t)-1;
				out[o++] = ' ';
			}
			pending_space = false;
			utf8proc_uint8_t enc[4];
			utf8proc_ssize_t e = utf8proc_encode_char(d, enc);
			if (o + (size_t)e >= outsz)
				return (size_t)-1;
			memcpy(out + o, enc, (size_t)e);
			o += (size_t)e;
		}
	}
	if (outsz == 0)
		return (size_t)-1;
	out[o] = '\0';
	return o;
}

char *mc_text_fold(const char *in)
{
	size_t cap = strlen(in) * 2 + 16;
	char *out = malloc(cap);
	if (!out)
		return NULL;
	if (mc_text_fold_buf(in, out, cap) == (size_t)-1) {
		free(out);
		return NULL;
	}
	return out;
}

bool mc_text_is_digits(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

mc_phone_check mc_text_phone_check(const char *in, char *out, size_t outsz)
{
	char d[32];
	size_t n = 0;
	const char *p = in;
	while (*p == ' ')
		p++;
	bool plus = *p == '+';
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n + 1 >= sizeof d)
				return MC_PHONE_LENGTH;
			d[n++] = *p;
		} else if (!strchr(" .-()+", *p)) {
			return MC_PHONE_CHARS;
		}
	}
	d[n] = '\0';
	const char *digits = d;
	char tmp[32];
	if ((plus || n == 11) && strncmp(d, "84", 2) == 0 && n >= 11) {
		snprintf(tmp, sizeof tmp, "0%s", d + 2);
		digits = tmp;
	}
	size_t len = strlen(digits);
	/* Mobiles: 10 digits, 03 05 07 08 09; landlines: 11 digits, 02. */
	if (len > 0 && digits[0] != '0')
		return MC_PHONE_PREFIX;
	if (len >= 2 && digits[1] == '2') {
		if (len != 11)
			return MC_PHONE_LENGTH;
	} else if (len >= 2 && strchr("35789", digits[1])) {
		if (len != 10)
			return MC_PHONE_LENGTH;
	} else {
		return len < 2 ? MC_PHONE_LENGTH : MC_PHONE_PREFIX;
	}
	if (len + 1 > outsz)
		return MC_PHONE_LENGTH;
	memcpy(out, digits, len + 1);
	return MC_PHONE_OK;
}

bool mc_text_paper_optional(const char *paper)
{
	/* "(nếu có)", "(nếu ủy quyền)": brought only in some cases. */
	const char *p = strstr(paper, "(n\xe1\xba\xbfu ");
	if (!p)
		p = strstr(paper, "(N\xe1\xba\xbeu ");
	return p != NULL;
}

bool mc_text_phone_normalize(const char *in, char *out, size_t outsz)
{
	return mc_text_phone_check(in, out, outsz) == MC_PHONE_OK;
}

static bool word_has_prefix(const char *text, const char *w, size_t wlen)
{
	const char *p = text;
	while (*p) {
		if (strncmp(p, w, wlen) == 0)
			return true;
		p = strchr(p, ' ');
		if (!p)
			break;
		p++;
	}
	return false;
}

bool mc_text_fold_match(const char *text, const char *query)
{
	const char *q = query;
	while (*q) {
		while (*q == ' ')
			q++;
		if (!*q)
			break;
		size_t n = strcspn(q, " ");
		if (!word_has_prefix(text, q, n))
			return false;
		q += n;
	}
	return true;
}

/* Next character of S at I: its length in bytes (1 for an invalid byte)
 * and its width in columns. */
static utf8proc_ssize_t next_char(const char *s, size_t i, int *width)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, -1, &cp);
	if (n <= 0) {
		*width = 1;
		return 1;
	}
	*width = utf8proc_charwidth(cp);
	return n;
}

int mc_text_width(const char *s)
{
	int w = 0, cw;
	for (size_t i = 0; s[i];) {
		i += (size_t)next_char(s, i, &cw);
		w += cw;
	}
	return w;
}

char *mc_text_fit(const char *s, int cols, char *buf, size_t bufsz)
{
	if (!bufsz)
		return buf;
	size_t o = 0;
	int used = 0, cw;
	for (size_t i = 0; s && s[i];) {
		utf8proc_ssize_t n = next_char(s, i, &cw);
		/* A control character (C0, DEL, C1) is shown as '?': a cell must
		 * not drive the terminal it is printed on. */
		unsigned char c0 = (unsigned char)s[i], c1 = n > 1 ? (unsigned char)s[i + 1] : 0;
		bool control = c0 < 0x20 || c0 == 0x7f || (c0 == 0xc2 && c1 >= 0x80 && c1 <= 0x9f);
		if (control)
			cw = 1;
		/* Room for the character and the padding still owed after it. */
		if (used + cw > cols || o + (size_t)n + (size_t)(cols - used - cw) + 1 > bufsz)
			break;
		if (control) {
			buf[o++] = '?';
		} else {
			memcpy(buf + o, s + i, (size_t)n);
			o += (size_t)n;
		}
		i += (size_t)n;
		used += cw;
	}
	while (used < cols && o + 1 < bufsz) {
		buf[o++] = ' ';
		used++;
	}
	buf[o] = '\0';
	return buf;
}
