/*
 * The dossier's `extra` column: a flat JSON object of the fields an office
 * added to its intake form ({"email":"a@b.vn","note":"..."}). The TUI only
 * ever writes strings and reads back what it wrote (plus plain numbers and
 * literals, shown as typed), so a small reader/writer is enough here.
 */
#include "tform.h"

#include <stdio.h>
#include <string.h>

bool extra_put(char *buf, size_t bufsz, size_t *len, const char *key, const char *value)
{
	size_t o = *len;
	const char *parts[2] = {key, value};
	if (o > 1) {
		if (o + 1 >= bufsz)
			return false;
		buf[o++] = ',';
	}
	for (int i = 0; i < 2; i++) {
		if (o + 1 >= bufsz)
			return false;
		buf[o++] = '"';
		for (const unsigned char *p = (const unsigned char *)parts[i]; *p; p++) {
			char esc[8];
			int n;
			if (*p == '"' || *p == '\\')
				n = snprintf(esc, sizeof esc, "\\%c", *p);
			else if (*p < 0x20)
				n = snprintf(esc, sizeof esc, "\\u%04x", *p);
			else
				n = snprintf(esc, sizeof esc, "%c", *p);
			if (o + (size_t)n + 1 >= bufsz)
				return false;
			memcpy(buf + o, esc, (size_t)n);
			o += (size_t)n;
		}
		if (o + 2 >= bufsz)
			return false;
		buf[o++] = '"';
		if (i == 0)
			buf[o++] = ':';
	}
	buf[o] = '\0';
	*len = o;
	return true;
}

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static bool hex4(const char *p, unsigned long *out)
{
	*out = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (v < 0)
			return false;
		*out = *out * 16 + (unsigned long)v;
	}
	return true;
}

/* A JSON string at p (after the quote) into out; returns the char after the
 * closing quote, or NULL. */
static const char *read_string(const char *p, char *out, size_t outsz)
{
	size_t o = 0;
	while (*p && *p != '"') {
		char tmp[4];
		size_t n = 1;
		if (*p == '\\') {
			p++;
			unsigned long cp;
			switch (*p) {
			case 'n': tmp[0] = '\n'; break;
			case 't': tmp[0] = '\t'; break;
			case 'r': tmp[0] = '\r'; break;
			case 'b': tmp[0] = '\b'; break;
			case 'f': tmp[0] = '\f'; break;
			case 'u':
				if (!hex4(p + 1, &cp))
					return NULL;
				p += 4;
				if (cp >= 0xd800 && cp < 0xdc00 && p[1] == '\\' && p[2] == 'u') {
					unsigned long lo;
					if (hex4(p + 3, &lo) && lo >= 0xdc00 && lo < 0xe000) {
						cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
						p += 6;
					}
				}
				n = (size_t)u8_encode((uint32_t)(cp > 0x10ffff ? 0xfffd : cp), tmp);
				break;
			case '\0':
				return NULL;
			default: tmp[0] = *p; break;
			}
		} else {
			tmp[0] = *p;
		}
		p++;
		if (o + n < outsz) {
			memcpy(out + o, tmp, n);
			o += n;
		}
	}
	if (outsz)
		out[o] = '\0';
	return *p == '"' ? p + 1 : NULL;
}

int extra_each(const char *json, extra_cb cb, void *ctx)
{
	char key[128], value[2048];
	const char *p = skip_ws(json ? json : "");
	if (*p != '{')
		return -1;
	p = skip_ws(p + 1);
	int n = 0;
	while (*p == '"') {
		if (!(p = read_string(p + 1, key, sizeof key)))
			return -1;
		p = skip_ws(p);
		if (*p != ':')
			return -1;
		p = skip_ws(p + 1);
		if (*p == '"') {
			if (!(p = read_string(p + 1, value, sizeof value)))
				return -1;
		} else {
			size_t len = strcspn(p, ",}");
			if (len == 0 || len >= sizeof value)
				return -1;
			memcpy(value, p, len);
			while (len > 0 && (value[len - 1] == ' ' || value[len - 1] == '\n'))
				len--;
			value[len] = '\0';
			p += strcspn(p, ",}");
		}
		cb(key, value, ctx);
		n++;
		p = skip_ws(p);
		if (*p == ',')
			p = skip_ws(p + 1);
	}
	return *p == '}' ? n : -1;
}
