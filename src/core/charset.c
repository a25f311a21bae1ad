/*
 * Converting between UTF-8 and the legacy Vietnamese charsets (see
 * motcua/charset.h). Every conversion pivots on UTF-8 NFC:
 *
 * - A legacy source is decoded a chunk at a time through per-byte tables; a
 *   mark byte (CP1258 tone, VNI mark) is composed with the byte before it by
 *   table, and only a mark that does not compose sends its few characters
 *   through utf8proc.
 * - UTF-8 text is encoded a line at a time. A line holding only code points
 *   that NFC leaves alone (Latin, Vietnamese, general punctuation: the usual
 *   case) goes straight through the dense encode tables; any other line is
 *   normalized with utf8proc first. Lines never interact under NFC, so the
 *   result is the same as normalizing the whole text.
 *
 * Both sides of legacy -> legacy meet in a scratch buffer of NFC UTF-8.
 * Line numbers are counted as lines go by; columns and byte offsets are
 * worked out only when a letter is lost or a byte refused.
 */
#define MOTCUA_CHARSET_INTERNAL
#include "motcua/charset.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <iconv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <strings.h>
#include <utf8proc.h>

typedef struct buf {
	uint8_t *p;
	size_t len, cap;
} buf;

struct mc_conv {
	mc_charset from, to;
	bool replace;             /* write U+FFFD / '?' for bad input */
	const mc_cs_dec *dec;     /* 8-bit legacy source */
	const mc_cs_enc *enc;     /* 8-bit, VIQR or ASCII target */
	mc_conv_stats st;
	uint64_t line_base;       /* newlines before the current chunk */
	uint64_t col_base;        /* characters of the current line in earlier chunks */
	uint64_t byte_base;       /* input bytes before the current chunk */
	const uint8_t *raw;       /* the chunk being converted */
	mc_error *err;
	buf mid;                  /* decoded text when both sides are legacy */
	buf tmp;                  /* a line with invalid UTF-8 replaced */
	int32_t *u32;             /* normalized code points of one line */
	size_t u32cap;
	/* iconv does what it converts correctly: the source side of VISCII and
	 * CP1258 (straight to NFC UTF-8) and both sides of any other name iconv
	 * knows (UTF-16, CP1252...), around the UTF-8 converter. */
	iconv_t ic;               /* source -> UTF-8, or (iconv_t)-1 */
	iconv_t ec;               /* UTF-8 -> target, or (iconv_t)-1 */
	bool ic_direct;           /* ic's output is already NFC: no second pass */
	bool ic_flush;            /* flush ic at the end of each chunk: CP1258 holds
				   * a letter back for a tone mark that may follow */
	char from_name[48], to_name[48];
	uint8_t carry[8];         /* a character cut at the end of a chunk */
	size_t carry_len;
	size_t out0;              /* where iconv_run's output began (line counts) */
	buf pre, post;            /* before and after the UTF-8 converter */
};

static const struct {
	const char *name;
	mc_charset cs;
} NAMES[] = {
	{"utf-8", MC_CS_UTF8}, {"utf8", MC_CS_UTF8}, {"utf-8-nfd", MC_CS_UTF8_NFD},
	{"nfd", MC_CS_UTF8_NFD}, {"tohop", MC_CS_UTF8_NFD}, {"viscii", MC_CS_VISCII},
	{"cp1258", MC_CS_CP1258}, {"windows-1258", MC_CS_CP1258}, {"tcvn3", MC_CS_TCVN3},
	{"abc", MC_CS_TCVN3}, {"vni", MC_CS_VNI}, {"vni-win", MC_CS_VNI},
	{"viqr", MC_CS_VIQR}, {"vps", MC_CS_VPS}, {"ascii", MC_CS_ASCII},
};

static const char *const CANON[MC_CS_COUNT] = {
	"utf-8", "utf-8-nfd", "viscii", "cp1258", "tcvn3", "vni", "viqr", "vps", "ascii",
};

mc_status mc_charset_parse(const char *name, mc_charset *out, mc_error *err)
{
	for (size_t i = 0; name && i < sizeof NAMES / sizeof NAMES[0]; i++) {
		if (strcasecmp(name, NAMES[i].name) == 0) {
			*out = NAMES[i].cs;
			return MC_OK;
		}
	}
	return mc_error_set(err, MC_EUSAGE,
			    "unknown encoding '%s' (known: utf-8, utf-8-nfd (tohop), viscii, "
			    "cp1258, tcvn3 (abc), vni, viqr, vps, ascii)", name ? name : "");
}

const char *mc_charset_name(mc_charset cs)
{
	return (unsigned)cs < MC_CS_COUNT ? CANON[cs] : "?";
}

static bool is_utf8(mc_charset cs)
{
	return cs == MC_CS_UTF8 || cs == MC_CS_UTF8_NFD;
}

/* ---- small helpers ---------------------------------------------------- */

/* Make room for `more` bytes after len (plus slack for 4-byte stores). */
static bool reserve(buf *b, size_t more)
{
	more += 8;
	if (b->cap - b->len >= more)
		return true;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap - b->len < more) {
		if (cap > SIZE_MAX / 2)
			return false;
		cap *= 2;
	}
	uint8_t *p = realloc(b->p, cap);
	if (!p)
		return false;
	b->p = p;
	b->cap = cap;
	return true;
}

static mc_status oom(mc_conv *cv)
{
	return mc_error_set(cv->err, MC_ESYS, "out of memory while converting text");
}

/* One UTF-8 sequence at p (n bytes left): its length, 0 when invalid. */
static inline size_t u8_get(const uint8_t *p, size_t n, int32_t *cp)
{
	uint8_t b = p[0];
	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	if (b < 0xC2 || b > 0xF4)
		return 0;
	size_t k = b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
	if (n < k)
		return 0;
	int32_t c = b & (0x7F >> k);
	for (size_t i = 1; i < k; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if ((k == 3 && (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))) ||
	    (k == 4 && (c < 0x10000 || c > 0x10FFFF)))
		return 0;
	*cp = c;
	return k;
}

/* Offset of the first invalid UTF-8 byte, n when all is valid. */
static size_t u8_valid(const uint8_t *p, size_t n)
{
	size_t i = 0;
	int32_t cp;
	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		size_t k = u8_get(p + i, n - i, &cp);
		if (!k)
			return i;
		i += k;
	}
	return n;
}

/* Characters (not bytes) in valid UTF-8. */
static uint64_t u8_count(const uint8_t *p, size_t n)
{
	uint64_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += (p[i] & 0xC0) != 0x80;
	return c;
}

static uint64_t count_nl(const uint8_t *p, size_t n)
{
	uint64_t c = 0;
	const uint8_t *end = p + n, *q;
	while (p < end && (q = memchr(p, '\n', (size_t)(end - p)))) {
		c++;
		p = q + 1;
	}
	return c;
}

/* Code points NFC leaves alone wherever they stand (no mark can follow
 * them either, or the mark would have sent the line down the slow path):
 * U+0000-02FF, U+1E00-1EFF, U+2002-20BF and U+2122. */
static inline bool cp_fast(int32_t cp)
{
	return cp < 0x300 || (uint32_t)(cp - 0x1E00) < 0x100 ||
	       (uint32_t)(cp - 0x2002) < 0xBE || cp == 0x2122;
}

/* Valid UTF-8 that NFC leaves alone? */
static bool utf8_fast(const uint8_t *p, size_t n)
{
	int32_t cp;
	for (size_t i = 0, k; i < n; i += k) {
		if (p[i] < 0x80) {
			k = 1;
			continue;
		}
		if (!(k = u8_get(p + i, n - i, &cp)) || !cp_fast(cp))
			return false;
	}
	return true;
}

/* ---- positions ---------------------------------------------------------- */

static void lost_at(mc_conv *cv, uint64_t line, uint64_t col)
{
	if (cv->st.lost++ == 0) {
		cv->st.first_lost_line = line;
		cv->st.first_lost_col = col;
	}
}

/* Invalid input at byte p of the current chunk: counted, and MC_EDATA with
 * the position unless bad input is being replaced. */
static mc_status bad_at(mc_conv *cv, uint64_t line, const uint8_t *p)
{
	unsigned long long off = cv->byte_base + (uint64_t)(p - cv->raw);
	if (cv->st.bad_input++ == 0) {
		cv->st.first_bad_line = line;
		cv->st.first_bad_byte = off;
	}
	if (cv->replace)
		return MC_OK;
	if (is_utf8(cv->from) && !cv->from_name[0])
		return mc_error_set(cv->err, MC_EDATA,
				    "invalid UTF-8 at line %llu, byte offset %llu (byte 0x%02X)",
				    (unsigned long long)line, off, *p);
	return mc_error_set(cv->err, MC_EDATA,
			    "byte 0x%02X is not defined in %s (line %llu, byte offset %llu)",
			    *p, cv->from_name[0] ? cv->from_name : mc_charset_name(cv->from),
			    (unsigned long long)line, off);
}

/* The line of in[i] in a decoder's chunk; only worked out for the first
 * bad byte, the only one whose line is kept. */
static uint64_t bad_line(const mc_conv *cv, const uint8_t *in, size_t i)
{
	return cv->st.bad_input ? 0 : cv->line_base + 1 + count_nl(in, i);
}

/* ---- normalization through utf8proc ----------------------------------- */

/* Decompose (and unless nfd, compose) valid UTF-8 into cv->u32. */
static mc_status norm_u32(mc_conv *cv, const uint8_t *s, size_t n, bool nfd, size_t *m)
{
	utf8proc_option_t opt = UTF8PROC_STABLE | (nfd ? UTF8PROC_DECOMPOSE : UTF8PROC_COMPOSE);
	for (;;) {
		utf8proc_ssize_t r = utf8proc_decompose(s, (utf8proc_ssize_t)n, cv->u32,
							(utf8proc_ssize_t)cv->u32cap, opt);
		if (r < 0)
			return mc_error_set(cv->err, MC_EDATA, "cannot normalize text: %s",
					    utf8proc_errmsg(r));
		if ((size_t)r <= cv->u32cap) {
			if (!nfd)
				r = utf8proc_normalize_utf32(cv->u32, r, opt);
			if (r < 0)
				return mc_error_set(cv->err, MC_EDATA, "cannot normalize text: %s",
						    utf8proc_errmsg(r));
			*m = (size_t)r;
			return MC_OK;
		}
		int32_t *u = realloc(cv->u32, ((size_t)r + 64) * sizeof *u);
		if (!u)
			return oom(cv);
		cv->u32 = u;
		cv->u32cap = (size_t)r + 64;
	}
}

/* A line's code points, NFC or NFD, in cv->u32; invalid UTF-8 is reported
 * (or replaced by U+FFFD). */
static mc_status line_u32(mc_conv *cv, const uint8_t *p, size_t n, uint64_t line,
			  bool nfd, size_t *m)
{
	if (!nfd && utf8_fast(p, n)) {  /* already NFC: just decode */
		if (cv->u32cap < n) {
			int32_t *u = realloc(cv->u32, (n + 64) * sizeof *u);
			if (!u)
				return oom(cv);
			cv->u32 = u;
			cv->u32cap = n + 64;
		}
		size_t k = 0;
		for (size_t i = 0; i < n; k++)
			i += u8_get(p + i, n - i, &cv->u32[k]);
		*m = k;
		return MC_OK;
	}
	if (u8_valid(p, n) == n)
		return norm_u32(cv, p, n, nfd, m);
	cv->tmp.len = 0;
	if (!reserve(&cv->tmp, 3 * n))
		return oom(cv);
	for (size_t i = 0; i < n;) {
		int32_t cp;
		size_t k = u8_get(p + i, n - i, &cp);
		if (k) {
			memcpy(cv->tmp.p + cv->tmp.len, p + i, k);
			cv->tmp.len += k;
			i += k;
			continue;
		}
		mc_status st = bad_at(cv, line, p + i);
		if (st != MC_OK)
			return st;
		memcpy(cv->tmp.p + cv->tmp.len, "\xEF\xBF\xBD", 3);
		cv->tmp.len += 3;
		i++;
	}
	return norm_u32(cv, cv->tmp.p, cv->tmp.len, nfd, m);
}

/* ---- decoding legacy bytes to NFC UTF-8 ------------------------------- */

/* NFC of out[from..len), in place. */
static mc_status renormalize(mc_conv *cv, buf *out, size_t from)
{
	size_t m;
	mc_status st = norm_u32(cv, out->p + from, out->len - from, false, &m);
	if (st != MC_OK)
		return st;
	out->len = from;
	if (!reserve(out, 4 * m))
		return oom(cv);
	for (size_t k = 0; k < m; k++)
		out->len += (size_t)utf8proc_encode_char(cv->u32[k], out->p + out->len);
	return MC_OK;
}

/* A mark byte at in[i] that did not compose: where its run starts in the
 * output (the character before it, which the mark may still combine with). */
static size_t run_start(const buf *out, size_t chunk_start, const uint8_t *o)
{
	const uint8_t *q = o;
	if (q > out->p + chunk_start)
		do
			q--;
		while (q > out->p + chunk_start && (*q & 0xC0) == 0x80);
	return (size_t)(q - out->p);
}

static mc_status dec8(mc_conv *cv, const uint8_t *in, size_t n, buf *out)
{
	const mc_cs_dec *d = cv->dec;
	const size_t none = SIZE_MAX, start = out->len;
	size_t pend = none, i = 0;
	if (!reserve(out, 4 * n))
		return oom(cv);
	uint8_t *o = out->p + out->len;
	while (i < n) {
		const mc_cs_byte *e = &d->byte[in[i]];
		if (e->kind != MC_CSB_MARK && pend != none) {
			out->len = (size_t)(o - out->p);
			mc_status st = renormalize(cv, out, pend);
			if (st != MC_OK || !reserve(out, 4 * (n - i)))
				return st != MC_OK ? st : oom(cv);
			o = out->p + out->len;
			pend = none;
		}
		if (e->kind == MC_CSB_SAME) {
			size_t s = i++;
			while (i < n && d->byte[in[i]].kind == MC_CSB_SAME)
				i++;
			memcpy(o, in + s, i - s);
			o += i - s;
		} else if (e->kind == MC_CSB_CHAR) {
			memcpy(o, e->u8, 4);
			o += e->len;
			i++;
		} else if (e->kind == MC_CSB_MARK) {
			uint16_t c = i > 0 && pend == none ? d->comp[in[i - 1]][e->mark] : 0;
			if (c) {  /* base + mark in one letter: rewrite the base */
				o -= d->byte[in[i - 1]].len;
				o += utf8proc_encode_char(c, o);
			} else {
				if (pend == none)
					pend = i > 0 ? run_start(out, start, o) : (size_t)(o - out->p);
				memcpy(o, e->u8, 4);
				o += e->len;
			}
			i++;
		} else {
			mc_status st = bad_at(cv, bad_line(cv, in, i), in + i);
			if (st != MC_OK)
				return st;
			memcpy(o, "\xEF\xBF\xBD", 3);
			o += 3;
			i++;
		}
	}
	out->len = (size_t)(o - out->p);
	return pend != none ? renormalize(cv, out, pend) : MC_OK;
}

static bool viqr_tone(uint8_t c)
{
	return c == '\'' || c == '`' || c == '?' || c == '~' || c == '.';
}

static bool viqr_shape(uint8_t c)
{
	return c == '(' || c == '^' || c == '+' || c == '*';
}

/* VIQR: a vowel takes an optional shape then an optional tone mnemonic;
 * dd/DD/Dd is đ/Đ; a backslash makes the next mnemonic (or d, or \) plain. */
static mc_status dec_viqr(mc_conv *cv, const uint8_t *in, size_t n, buf *out)
{
	if (!reserve(out, 3 * n))
		return oom(cv);
	uint8_t *o = out->p + out->len;
	for (size_t i = 0; i < n;) {
		uint8_t c = in[i], c1 = i + 1 < n ? in[i + 1] : 0;
		if (c >= 0x80) {
			mc_status st = bad_at(cv, bad_line(cv, in, i), in + i);
			if (st != MC_OK)
				return st;
			memcpy(o, "\xEF\xBF\xBD", 3);
			o += 3;
			i++;
		} else if (c == '\\' && (viqr_tone(c1) || viqr_shape(c1) || c1 == 'd' ||
					 c1 == 'D' || c1 == '\\')) {
			*o++ = c1;
			i += 2;
		} else if ((c == 'd' && c1 == 'd') || (c == 'D' && (c1 == 'd' || c1 == 'D'))) {
			o += utf8proc_encode_char(c == 'd' ? 0x111 : 0x110, o);
			i += 2;
		} else {
			uint8_t shape = viqr_shape(c1) && mc_cs_viqr_letter(c, c1, 0) ? c1 : 0;
			size_t j = i + 1 + (shape != 0);
			uint8_t tone = j < n && viqr_tone(in[j]) ? in[j] : 0;
			int32_t cp = shape || tone ? mc_cs_viqr_letter(c, shape, tone) : 0;
			if (cp) {
				o += utf8proc_encode_char(cp, o);
				i = j + (tone != 0);
			} else {
				*o++ = c;
				i++;
			}
		}
	}
	out->len = (size_t)(o - out->p);
	return MC_OK;
}

static mc_status decode(mc_conv *cv, const uint8_t *in, size_t n, buf *out)
{
	return cv->from == MC_CS_VIQR ? dec_viqr(cv, in, n, out) : dec8(cv, in, n, out);
}

/* ---- encoding NFC code points ----------------------------------------- */

static inline mc_cs_out enc_out(const mc_cs_enc *t, mc_charset to, int32_t cp)
{
	if (cp < 0x300)
		return t->lo[cp];
	if ((uint32_t)(cp - 0x1E00) < 0x100)
		return t->vn[cp - 0x1E00];
	if ((uint32_t)(cp - 0x2000) < 0x140)
		return t->gp[cp - 0x2000];
	return mc_cs_out_far(to, cp);
}

/* A line through the tables as it stands; MC_EEMPTY (nothing written) as
 * soon as a code point shows that the line needs NFC first. */
static mc_status enc_fast(mc_conv *cv, const uint8_t *p, size_t n, uint64_t line,
			  uint64_t col0, buf *out)
{
	const mc_cs_enc *t = cv->enc;
	if (!reserve(out, 3 * n))
		return oom(cv);
	uint8_t *o = out->p + out->len;
	for (size_t i = 0; i < n;) {
		while (i < n && t->same[p[i]])
			*o++ = p[i++];
		if (i == n)
			break;
		int32_t cp;
		size_t k = u8_get(p + i, n - i, &cp);
		if (k && !cp_fast(cp))
			return MC_EEMPTY;
		if (!k) {
			mc_status st = bad_at(cv, line, p + i);
			if (st != MC_OK)
				return st;
			cp = 0xFFFD;
			k = 1;
		}
		mc_cs_out e = enc_out(t, cv->to, cp);
		memcpy(o, &e, 4);
		o += e.n & MC_CSO_LEN;
		if (e.n & MC_CSO_LOST)  /* the column only matters for the first */
			lost_at(cv, line, cv->st.lost ? 0 : col0 + u8_count(p, i) + 1);
		i += k;
	}
	out->len = (size_t)(o - out->p);
	return MC_OK;
}

static mc_status enc_table(mc_conv *cv, size_t m, uint64_t line, uint64_t col0, buf *out)
{
	if (!reserve(out, 3 * m))
		return oom(cv);
	uint8_t *o = out->p + out->len;
	for (size_t k = 0; k < m; k++) {
		mc_cs_out e = enc_out(cv->enc, cv->to, cv->u32[k]);
		memcpy(o, &e, 4);
		o += e.n & MC_CSO_LEN;
		if (e.n & MC_CSO_LOST)
			lost_at(cv, line, col0 + k + 1);
	}
	out->len = (size_t)(o - out->p);
	return MC_OK;
}

static mc_status enc_utf8(mc_conv *cv, size_t m, buf *out)
{
	if (!reserve(out, 4 * m))
		return oom(cv);
	for (size_t k = 0; k < m; k++)
		out->len += (size_t)utf8proc_encode_char(cv->u32[k], out->p + out->len);
	return MC_OK;
}

/* Would a VIQR reader take byte c as a mark on the vowel just written? */
static bool viqr_takes(uint8_t vowel, bool shape_open, bool tone_open, uint8_t c)
{
	return vowel && ((tone_open && viqr_tone(c)) ||
			 (shape_open && viqr_shape(c) && mc_cs_viqr_letter(vowel, c, 0)));
}

/* VIQR spelling with the escapes a reader needs: a mnemonic right after a
 * vowel that could take it, a d before a d that would pair, a backslash. */
static mc_status enc_viqr(mc_conv *cv, size_t m, uint64_t line, uint64_t col0, buf *out)
{
	const mc_cs_enc *t = cv->enc;
	uint8_t vowel = 0;
	bool shape_open = false, tone_open = false;
	if (!reserve(out, 5 * m))
		return oom(cv);
	uint8_t *o = out->p + out->len;
	for (size_t k = 0; k < m; k++) {
		mc_cs_out e = enc_out(t, MC_CS_VIQR, cv->u32[k]);
		size_t len = e.n & MC_CSO_LEN;
		uint8_t c = e.b[0];
		if (e.n & MC_CSO_LOST)
			lost_at(cv, line, col0 + k + 1);
		bool esc = viqr_takes(vowel, shape_open, tone_open, c) || c == '\\';
		if ((c == 'd' || c == 'D') && len == 1 && k + 1 < m) {
			uint8_t next = enc_out(t, MC_CS_VIQR, cv->u32[k + 1]).b[0];
			esc = next == 'd' || (c == 'D' && next == 'D');
		}
		if (esc)
			*o++ = '\\';
		memcpy(o, &e, 4);
		o += len;
		bool spelled = len > 1 && viqr_takes(c, true, true, e.b[1]);
		uint8_t last = e.b[len - 1];
		vowel = 0;
		if (!esc && (len == 1 || spelled) && c && strchr("aeiouyAEIOUY", c)) {
			vowel = c;
			shape_open = len == 1;
			tone_open = !viqr_tone(last);
		} else if (!esc && len > 1 && !spelled && strchr("aeiouyAEIOUY", last)) {
			vowel = last;
			shape_open = tone_open = true;
		}
	}
	out->len = (size_t)(o - out->p);
	return MC_OK;
}

/* One line of UTF-8 text (with its '\n' when it has one) to the target. */
static mc_status enc_line(mc_conv *cv, const uint8_t *p, size_t n, uint64_t line,
			  uint64_t col0, buf *out)
{
	if (cv->enc && cv->to != MC_CS_VIQR) {
		mc_conv_stats keep = cv->st;
		mc_status st = enc_fast(cv, p, n, line, col0, out);
		if (st != MC_EEMPTY)
			return st;
		cv->st = keep;  /* the slow path counts this line again */
	} else if (cv->to == MC_CS_UTF8 && utf8_fast(p, n)) {
		if (!reserve(out, n))
			return oom(cv);
		memcpy(out->p + out->len, p, n);
		out->len += n;
		return MC_OK;
	}
	size_t m;
	mc_status st = line_u32(cv, p, n, line, cv->to == MC_CS_UTF8_NFD, &m);
	if (st != MC_OK)
		return st;
	if (is_utf8(cv->to))
		return enc_utf8(cv, m, out);
	if (cv->to == MC_CS_VIQR)
		return enc_viqr(cv, m, line, col0, out);
	return enc_table(cv, m, line, col0, out);
}

static mc_status encode_text(mc_conv *cv, const uint8_t *p, size_t n, buf *out)
{
	uint64_t line = cv->line_base + 1, col0 = cv->col_base;
	for (size_t s = 0; s < n;) {
		const uint8_t *nl = memchr(p + s, '\n', n - s);
		size_t e = nl ? (size_t)(nl - p) + 1 : n;
		mc_status st = enc_line(cv, p + s, e - s, line, col0, out);
		if (st != MC_OK)
			return st;
		if (nl) {
			line++;
			col0 = 0;
		} else {
			col0 += u8_count(p + s, e - s);
		}
		s = e;
	}
	cv->line_base = line - 1;
	cv->col_base = col0;
	return MC_OK;
}

/* ---- the converter ------------------------------------------------------ */

/* ---- iconv around the converter ---------------------------------------- */

/* Write what the decoder holds back (chunks end at a line or a blank). */
static mc_status iconv_flush(mc_conv *cv, buf *out)
{
	if (!reserve(out, 64))
		return oom(cv);
	char *op = (char *)out->p + out->len;
	size_t room = out->cap - out->len - 8;
	iconv(cv->ic, NULL, NULL, &op, &room);
	out->len = (size_t)((uint8_t *)op - out->p);
	return MC_OK;
}

/* Run iconv over in[0..n) into out. The source side (to_utf8) reports bytes
 * iconv refuses as bad input at their offset; a character cut at the end is
 * kept for the next chunk. The target side writes what the target cannot
 * hold as '?' and counts it as lost (line and column of the UTF-8 text). */
static mc_status iconv_run(mc_conv *cv, iconv_t cd, bool to_utf8, const uint8_t *in, size_t n,
			   buf *out)
{
	char *ip = (char *)in;
	size_t left = n;
	uint64_t line = cv->line_base + 1, col = cv->col_base;
	const uint8_t *scanned = in;  /* line/col of the target side counted up to here */
	while (left) {
		if (!reserve(out, left * 4 + 16))
			return oom(cv);
		char *op = (char *)out->p + out->len;
		size_t room = out->cap - out->len - 8;
		size_t r = iconv(cd, &ip, &left, &op, &room);
		out->len = (size_t)((uint8_t *)op - out->p);
		if (r != (size_t)-1 || errno == E2BIG)
			continue;
		const uint8_t *at = (const uint8_t *)ip;
		if (errno == EINVAL && to_utf8 && left < sizeof cv->carry) {
			memcpy(cv->carry, at, left);
			cv->carry_len = left;
			break;
		}
		if (to_utf8) {
			if (cv->ic_flush && iconv_flush(cv, out) != MC_OK)
				return MC_ESYS;
			cv->raw = in;
			mc_status st = bad_at(cv, cv->line_base + 1 +
						     count_nl(out->p + cv->out0, out->len - cv->out0), at);
			if (st != MC_OK)
				return st;
			memcpy(out->p + out->len, "\xEF\xBF\xBD", 3);
			out->len += 3;
			ip++;
			left--;
			continue;
		}
		/* One UTF-8 character the target lacks: '?', counted where it is. */
		for (; scanned < at; scanned++) {
			if (*scanned == '\n') {
				line++;
				col = 0;
			} else if ((*scanned & 0xC0) != 0x80) {
				col++;
			}
		}
		int32_t cp;
		size_t k = u8_get(at, left, &cp);
		lost_at(cv, line, col + 1);
		out->p[out->len++] = '?';
		ip += k ? k : 1;
		left -= k ? k : 1;
	}
	return MC_OK;
}

static bool iconv_direct(mc_charset cs)
{
	return cs == MC_CS_VISCII || cs == MC_CS_CP1258;
}

mc_status mc_conv_open(mc_conv **out, mc_charset from, mc_charset to, mc_error *err)
{
	*out = NULL;
	if ((unsigned)from >= MC_CS_COUNT || (unsigned)to >= MC_CS_COUNT)
		return mc_error_set(err, MC_EUSAGE, "unknown encoding number %d -> %d", from, to);
	if (from == MC_CS_ASCII)
		return mc_error_set(err, MC_EUSAGE,
				    "ascii is an output-only encoding; name the encoding the "
				    "input was written in");
	mc_conv *cv = calloc(1, sizeof *cv);
	if (!cv)
		return mc_error_set(err, MC_ESYS, "out of memory");
	cv->from = from;
	cv->to = to;
	cv->ic = cv->ec = (iconv_t)-1;
	if (iconv_direct(from) && to == MC_CS_UTF8) {
		/* glibc's VISCII and CP1258 modules decode to composed letters. */
		cv->ic = iconv_open("UTF-8", from == MC_CS_VISCII ? "VISCII" : "CP1258");
		cv->ic_direct = cv->ic_flush = cv->ic != (iconv_t)-1;
	}
	if (!cv->ic_direct)
		cv->dec = mc_cs_dec_get(from);
	cv->enc = mc_cs_enc_get(to);
	*out = cv;
	return MC_OK;
}

/* An encoding iconv knows, under the name the user gave. */
static bool iconv_knows(const char *name)
{
	iconv_t cd = iconv_open("UTF-8", name);
	if (cd == (iconv_t)-1)
		return false;
	iconv_close(cd);
	return true;
}

static mc_status unknown_name(const char *name, mc_error *err)
{
	return mc_error_set(err, MC_EUSAGE,
			    "unknown encoding '%s' (known: utf-8, utf-8-nfd (tohop), viscii, "
			    "cp1258, tcvn3 (abc), vni, viqr, vps, ascii, and any name iconv "
			    "knows: utf-16, cp1252, latin1... see iconv -l)", name ? name : "");
}

mc_status mc_conv_open_name(mc_conv **out, const char *from, const char *to, mc_error *err)
{
	mc_charset cf = MC_CS_UTF8, ct = MC_CS_UTF8;
	bool gf = mc_charset_parse(from, &cf, NULL) != MC_OK;
	bool gt = mc_charset_parse(to, &ct, NULL) != MC_OK;
	if (gf && !iconv_knows(from))
		return unknown_name(from, err);
	if (gt && !iconv_knows(to))
		return unknown_name(to, err);
	mc_status st = mc_conv_open(out, cf, ct, err);
	if (st != MC_OK)
		return st;
	mc_conv *cv = *out;
	if (gf) {
		cv->ic = iconv_open("UTF-8", from);
		/* A flush resets the state: UTF-16 and UTF-32 would forget the
		 * byte order their byte-order mark set. */
		cv->ic_flush = strncasecmp(from, "UTF-16", 6) != 0 &&
			       strncasecmp(from, "UTF16", 5) != 0 &&
			       strncasecmp(from, "UTF-32", 6) != 0 &&
			       strncasecmp(from, "UTF32", 5) != 0 &&
			       strncasecmp(from, "UCS", 3) != 0 && strncasecmp(from, "UNICODE", 7) != 0;
		snprintf(cv->from_name, sizeof cv->from_name, "%s", from);
	}
	if (gt) {
		cv->ec = iconv_open(to, "UTF-8");
		snprintf(cv->to_name, sizeof cv->to_name, "%s", to);
	}
	if ((gf && cv->ic == (iconv_t)-1) || (gt && cv->ec == (iconv_t)-1)) {
		mc_conv_close(cv);
		*out = NULL;
		return mc_error_set(err, MC_ESYS, "iconv cannot open %s -> %s", from, to);
	}
	return MC_OK;
}

const char *mc_conv_target_name(const mc_conv *cv)
{
	return cv->to_name[0] ? cv->to_name : mc_charset_name(cv->to);
}

void mc_conv_close(mc_conv *cv)
{
	if (!cv)
		return;
	if (cv->ic != (iconv_t)-1)
		iconv_close(cv->ic);
	if (cv->ec != (iconv_t)-1)
		iconv_close(cv->ec);
	free(cv->mid.p);
	free(cv->tmp.p);
	free(cv->pre.p);
	free(cv->post.p);
	free(cv->u32);
	free(cv);
}

void mc_conv_set_replace(mc_conv *cv, bool replace)
{
	cv->replace = replace;
}

const mc_conv_stats *mc_conv_stats_get(const mc_conv *cv)
{
	return &cv->st;
}

/* The UTF-8 converter proper: source charset (or UTF-8) to target. */
static mc_status conv_core(mc_conv *cv, const uint8_t *p, size_t inlen, buf *ob)
{
	mc_status st;
	if (is_utf8(cv->from)) {
		size_t bom = cv->byte_base == 0 && inlen >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0;
		st = encode_text(cv, p + 3 * bom, inlen - 3 * bom, ob);
	} else if (cv->to == MC_CS_UTF8) {
		st = decode(cv, p, inlen, ob);
		cv->line_base += count_nl(p, inlen);
	} else {
		cv->mid.len = 0;
		st = decode(cv, p, inlen, &cv->mid);
		if (st == MC_OK)
			st = encode_text(cv, cv->mid.p, cv->mid.len, ob);
	}
	return st;
}

mc_status mc_conv_chunk(mc_conv *cv, const char *in, size_t inlen,
			char **out, size_t *outlen, size_t *outcap, mc_error *err)
{
	buf ob = {(uint8_t *)*out, *outlen, *outcap};
	const uint8_t *p = (const uint8_t *)in;
	const size_t start = ob.len;
	mc_status st = MC_OK;
	const uint64_t lb0 = cv->line_base, cb0 = cv->col_base;
	cv->raw = p;
	cv->err = err;
	if (cv->ic != (iconv_t)-1) {
		/* iconv decodes the source; a character cut at the last chunk's
		 * end comes first. */
		cv->pre.len = 0;
		size_t had = cv->carry_len;
		if (had) {
			cv->mid.len = 0;
			if (!reserve(&cv->mid, had + inlen))
				return oom(cv);
			memcpy(cv->mid.p, cv->carry, had);
			memcpy(cv->mid.p + had, p, inlen);
			cv->carry_len = 0;
			p = cv->mid.p;
			cv->byte_base -= had;  /* offsets count from the carried bytes */
		}
		/* VISCII and CP1258 go straight into the output; the rest (and
		 * CP1258 with combining marks) is normalized from cv->pre. */
		buf *into = cv->ic_direct ? &ob : &cv->pre;
		const size_t o0 = into->len;
		cv->out0 = o0;
		st = iconv_run(cv, cv->ic, true, p, inlen + had, into);
		cv->byte_base += had;
		if (st == MC_OK && cv->ic_flush && !cv->carry_len)
			st = iconv_flush(cv, into);
		const uint8_t *np = into->p + o0;
		size_t nn = into->len - o0;
		/* glibc leaves a second tone mark after a composed letter where NFC
		 * orders the marks: text with a combining mark (U+0300-036F, lead
		 * bytes 0xCC 0xCD) is normalized. */
		bool marks = cv->ic_direct && nn && (memchr(np, 0xCC, nn) || memchr(np, 0xCD, nn));
		if (st == MC_OK && marks) {
			if (!reserve(&cv->pre, nn))
				return oom(cv);
			memcpy(cv->pre.p, np, nn);
			cv->pre.len = nn;
			ob.len = o0;
		}
		if (st == MC_OK && cv->ic_direct && !marks) {
			cv->line_base += count_nl(np, nn);
		} else if (st == MC_OK) {
			size_t bom = cv->byte_base == had && cv->pre.len >= 3 &&
				     memcmp(cv->pre.p, "\xEF\xBB\xBF", 3) == 0;
			cv->raw = cv->pre.p;
			buf *dst = cv->ec != (iconv_t)-1 ? &cv->post : &ob;
			cv->post.len = 0;
			st = encode_text(cv, cv->pre.p + 3 * bom, cv->pre.len - 3 * bom, dst);
		}
	} else {
		cv->post.len = 0;
		st = conv_core(cv, p, inlen, cv->ec != (iconv_t)-1 ? &cv->post : &ob);
	}
	if (st == MC_OK && cv->ec != (iconv_t)-1) {
		/* Lost letters are placed from the chunk's first line again. */
		uint64_t lb = cv->line_base, cb = cv->col_base;
		cv->line_base = lb0;
		cv->col_base = cb0;
		st = iconv_run(cv, cv->ec, false, cv->post.p, cv->post.len, &ob);
		cv->line_base = lb;
		cv->col_base = cb;
	}
	cv->byte_base += inlen;
	if (st != MC_OK)
		ob.len = start;
	*out = (char *)ob.p;
	*outlen = ob.len;
	*outcap = ob.cap;
	return st;
}

/* The input ended inside a character (iconv sources). */
static mc_status conv_finish(mc_conv *cv, mc_error *err)
{
	if (!cv->carry_len || cv->replace)
		return MC_OK;
	return mc_error_set(err, MC_EDATA, "the input ends inside a character of %s (byte offset %llu)",
			    cv->from_name[0] ? cv->from_name : mc_charset_name(cv->from),
			    (unsigned long long)(cv->byte_base - cv->carry_len));
}

/* Where to cut a block: after its last newline, else its last blank. */
static size_t cut_point(const uint8_t *p, size_t n)
{
	const uint8_t *q = memrchr(p, '\n', n);
	if (q)
		return (size_t)(q - p) + 1;
	for (size_t i = n; i > 0; i--)
		if (p[i - 1] == ' ' || p[i - 1] == '\t')
			return i;
	return 0;
}

static mc_status stream_loop(mc_conv *cv, FILE *in, FILE *out, buf *ib, buf *ob, mc_error *err)
{
	enum { BLOCK = 4 << 20 };
	for (bool eof = false; !eof;) {
		if (!reserve(ib, BLOCK))
			return mc_error_set(err, MC_ESYS, "out of memory while reading input");
		size_t want = ib->cap - 8 - ib->len;
		size_t got = fread(ib->p + ib->len, 1, want, in);
		ib->len += got;
		if (got < want) {
			if (ferror(in))
				return mc_error_set(err, MC_ESYS, "cannot read the input: %s",
						    strerror(errno));
			eof = true;
		}
		size_t cut = eof ? ib->len : cut_point(ib->p, ib->len);
		if (cut == 0)
			continue;  /* no line break yet: read more */
		ob->len = 0;
		mc_status st = mc_conv_chunk(cv, (const char *)ib->p, cut, (char **)&ob->p,
					     &ob->len, &ob->cap, err);
		if (st != MC_OK)
			return st;
		if (ob->len && fwrite(ob->p, 1, ob->len, out) != ob->len)
			return mc_error_set(err, MC_ESYS, "cannot write the output: %s",
					    strerror(errno));
		memmove(ib->p, ib->p + cut, ib->len - cut);
		ib->len -= cut;
	}
	if (fflush(out) != 0)
		return mc_error_set(err, MC_ESYS, "cannot write the output: %s", strerror(errno));
	return MC_OK;
}

/* A regular file is mapped rather than read: no copy through the kernel,
 * as the iconv command does. MC_EEMPTY when `in` cannot be mapped (a pipe,
 * or something already read from it). */
static mc_status stream_map(mc_conv *cv, FILE *in, FILE *out, buf *ob, mc_error *err)
{
	struct stat sb;
	int fd = fileno(in);
	if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size <= 0 ||
	    ftello(in) != 0 || lseek(fd, 0, SEEK_CUR) != 0)
		return MC_EEMPTY;
	size_t size = (size_t)sb.st_size;
	uint8_t *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED)
		return MC_EEMPTY;
	madvise(map, size, MADV_SEQUENTIAL);
	enum { BLOCK = 4 << 20 };
	mc_status st = MC_OK;
	for (size_t pos = 0; pos < size && st == MC_OK;) {
		size_t n = size - pos, cut = n;
		if (n > BLOCK) {
			cut = cut_point(map + pos, BLOCK);
			if (cut == 0)  /* no break in 4 MiB: the rest in one piece */
				cut = n;
		}
		ob->len = 0;
		st = mc_conv_chunk(cv, (const char *)map + pos, cut, (char **)&ob->p, &ob->len,
				   &ob->cap, err);
		if (st == MC_OK && ob->len && fwrite(ob->p, 1, ob->len, out) != ob->len)
			st = mc_error_set(err, MC_ESYS, "cannot write the output: %s", strerror(errno));
		pos += cut;
	}
	munmap(map, size);
	if (st == MC_OK && fflush(out) != 0)
		st = mc_error_set(err, MC_ESYS, "cannot write the output: %s", strerror(errno));
	return st;
}

static mc_status stream_cv(mc_conv *cv, FILE *in, FILE *out, mc_conv_stats *stats,
			   mc_error *err)
{
	buf ib = {0}, ob = {0};
	mc_status st = stream_map(cv, in, out, &ob, err);
	if (st == MC_EEMPTY)  /* not a regular file: read it */
		st = stream_loop(cv, in, out, &ib, &ob, err);
	if (st == MC_OK)
		st = conv_finish(cv, err);
	if (stats)
		*stats = cv->st;
	free(ib.p);
	free(ob.p);
	mc_conv_close(cv);
	return st;
}

mc_status mc_conv_stream(mc_charset from, mc_charset to, FILE *in, FILE *out,
			 mc_conv_stats *stats, mc_error *err)
{
	mc_conv *cv;
	if (stats)
		memset(stats, 0, sizeof *stats);
	mc_status st = mc_conv_open(&cv, from, to, err);
	return st != MC_OK ? st : stream_cv(cv, in, out, stats, err);
}

mc_status mc_conv_stream_name(const char *from, const char *to, FILE *in, FILE *out,
			      mc_conv_stats *stats, mc_error *err)
{
	mc_conv *cv;
	if (stats)
		memset(stats, 0, sizeof *stats);
	mc_status st = mc_conv_open_name(&cv, from, to, err);
	return st != MC_OK ? st : stream_cv(cv, in, out, stats, err);
}

static mc_status decode_cv(mc_conv *cv, const char *in, size_t len, char **out_utf8,
			   mc_error *err)
{
	char *out = NULL;
	size_t outlen = 0, outcap = 0;
	mc_status st = mc_conv_chunk(cv, in, len, &out, &outlen, &outcap, err);
	if (st == MC_OK)
		st = conv_finish(cv, err);
	mc_conv_close(cv);
	if (st == MC_OK && outlen + 1 > outcap) {
		char *p = realloc(out, outlen + 1);
		if (!p)
			st = mc_error_set(err, MC_ESYS, "out of memory");
		else
			out = p;
	}
	if (st != MC_OK) {
		free(out);
		return st;
	}
	out[outlen] = '\0';
	*out_utf8 = out;
	return MC_OK;
}

mc_status mc_charset_decode(mc_charset from, const char *in, size_t len,
			    char **out_utf8, mc_error *err)
{
	mc_conv *cv;
	*out_utf8 = NULL;
	mc_status st = mc_conv_open(&cv, from, MC_CS_UTF8, err);
	return st != MC_OK ? st : decode_cv(cv, in, len, out_utf8, err);
}

mc_status mc_charset_decode_name(const char *from, const char *in, size_t len,
				 char **out_utf8, mc_error *err)
{
	mc_conv *cv;
	*out_utf8 = NULL;
	mc_status st = mc_conv_open_name(&cv, from, "utf-8", err);
	return st != MC_OK ? st : decode_cv(cv, in, len, out_utf8, err);
}
