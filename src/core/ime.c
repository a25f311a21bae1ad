/*
 * The input method's key side: what each Telex / VNI / VIQR key does to the
 * word being typed, Backspace, and the edit stream. Every key changes the
 * word model (ime_word.c), the whole word is re-rendered and diffed against
 * what the caller's buffer shows, so the caller only ever erases code points
 * before its cursor and inserts text — no terminal tricks, no timers, no
 * emulated backspaces, one synchronous call per key.
 */
#include "ime_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

/* How a modifier key ended up. */
enum { K_DONE, K_LITERAL, K_UNDONE };

static void word_clear(mc_ime_word *w)
{
	memset(w, 0, sizeof *w);
}

void mc_ime_init(mc_ime *ime, mc_ime_method m, mc_tone_style s)
{
	memset(ime, 0, sizeof *ime);
	ime->method = m;
	ime->style = s;
}

void mc_ime_reset(mc_ime *ime)
{
	word_clear(&ime->cur);
	word_clear(&ime->prev);
	ime->has_prev = false;
}

void mc_ime_set_method(mc_ime *ime, mc_ime_method m)
{
	mc_ime_reset(ime);
	ime->method = m;
}

void mc_ime_set_style(mc_ime *ime, mc_tone_style s)
{
	ime->style = s;
}

mc_ime_method mc_ime_next_method(mc_ime_method m)
{
	switch (m) {
	case MC_IME_TELEX: return MC_IME_VNI;
	case MC_IME_VNI: return MC_IME_VIQR;
	case MC_IME_VIQR: return MC_IME_OFF;
	case MC_IME_OFF: return MC_IME_TELEX;
	}
	return MC_IME_TELEX;
}

const char *mc_ime_method_name(mc_ime_method m)
{
	switch (m) {
	case MC_IME_TELEX: return "Telex";
	case MC_IME_VNI: return "VNI";
	case MC_IME_VIQR: return "VIQR";
	case MC_IME_OFF: return "Off";
	}
	return "Off";
}

int mc_ime_method_parse(const char *s, mc_ime_method *out)
{
	static const struct { const char *name; mc_ime_method m; } names[] = {
		{ "telex", MC_IME_TELEX }, { "vni", MC_IME_VNI },
		{ "viqr", MC_IME_VIQR }, { "off", MC_IME_OFF },
	};
	if (!s || !out)
		return -1;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcasecmp(s, names[i].name) == 0) {
			*out = names[i].m;
			return 0;
		}
	return -1;
}

/* ---- edit stream ---- */

static size_t cp_len(unsigned char lead)
{
	return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

/* Turn "the buffer shows old, it must show now" into erase + insert. */
static void diff(const char *old, const char *now, mc_ime_edit *e)
{
	size_t p = 0;
	while (old[p] && now[p]) {
		size_t n = cp_len((unsigned char)old[p]);
		if (strncmp(old + p, now + p, n) != 0)
			break;
		p += n;
	}
	int erase = 0;
	for (size_t q = p; old[q]; q += cp_len((unsigned char)old[q]))
		erase++;
	e->erase = erase;
	snprintf(e->insert, sizeof e->insert, "%s", now + p);
}

/* Re-render the word and describe the change in *e. */
static void sync(mc_ime *ime, mc_ime_edit *e)
{
	char now[sizeof ime->cur.shown];
	ime_render(&ime->cur, ime->style, now, sizeof now);
	diff(ime->cur.shown, now, e);
	memcpy(ime->cur.shown, now, sizeof now);
}

static void append_cp(mc_ime_edit *e, uint32_t cp)
{
	size_t len = strlen(e->insert);
	if (len + 4 < sizeof e->insert)
		e->insert[len + (size_t)utf8proc_encode_char((utf8proc_int32_t)cp,
				(utf8proc_uint8_t *)e->insert + len)] = '\0';
}

/* End the word with break character cp (appended to the edit). A printable
 * break is remembered so that Backspace can reopen the word. */
static void commit(mc_ime *ime, mc_ime_edit *e, uint32_t cp)
{
	append_cp(e, cp);
	ime->has_prev = ime->cur.n > 0 && cp >= 0x20 && cp != 0x7F;
	if (ime->has_prev)
		ime->prev = ime->cur;
	word_clear(&ime->cur);
}

/* ---- word edits shared by the methods ---- */

static void push(mc_ime *ime, char typed, int shape, int flags)
{
	mc_ime_word *w = &ime->cur;
	if (w->n >= MC_IME_MAX_LETTERS)
		return;        /* mc_ime_key flushes full words first */
	mc_ime_letter *l = &w->l[w->n++];
	l->base = (char)tolower((unsigned char)typed);
	l->shape = (unsigned char)shape;
	l->flags = (unsigned char)(flags | (isupper((unsigned char)typed) ? LF_CAP : 0));
	ime_complete_uo(w);
}

/* Tone t (0 = remove). VIQR marks are punctuation once the word has a tone
 * or a final consonant. */
static int apply_tone(mc_ime *ime, int t, bool viqr)
{
	mc_ime_word *w = &ime->cur;
	ime_syl s;
	ime_parse(w, &s);
	if (!s.composable || s.vs == s.ve)
		return K_LITERAL;
	if (t == 0) {
		if (w->tone == 0)
			return K_LITERAL;
		w->tone = 0;
		return K_DONE;
	}
	if (viqr && (w->tone != 0 || s.ve < w->n))
		return K_LITERAL;
	if (w->tone == t) {
		w->tone = 0;
		return K_UNDONE;
	}
	w->tone = (unsigned char)t;
	return K_DONE;
}

static bool has_shape_of(int shape, enum ime_shape_key k)
{
	switch (k) {
	case SK_CIRC: return shape == SH_CIRC;
	case SK_BREVE: return shape == SH_BREVE;
	case SK_HORN: return shape == SH_HORN;
	case SK_W: return shape == SH_HORN || shape == SH_BREVE;
	}
	return false;
}

/* Circumflex / breve / horn key. It marks the vowel it fits (uwow → ươ);
 * when nothing fits and the cluster already has that mark, it removes the
 * mark (K_UNDONE: the caller emits the key literally) — a ư made by a lone w
 * turns back into "w" and swallows the key (ww → w). */
static int apply_shape(mc_ime *ime, enum ime_shape_key k)
{
	mc_ime_word *w = &ime->cur;
	ime_syl s;
	ime_parse(w, &s);
	if (!s.composable)
		return K_LITERAL;
	bool valid, undone = false, swallowed = false;
	int sh, t = ime_shape_target(w, &s, k, &sh, &valid);
	if (t < 0 || !valid) {
		for (int i = s.vs; i < s.ve; i++) {
			mc_ime_letter *l = &w->l[i];
			if (!has_shape_of(l->shape, k))
				continue;
			undone = true;
			l->shape = SH_NONE;
			if (l->flags & LF_FROM_W) {
				l->base = 'w';
				l->flags = (unsigned char)((l->flags & LF_CAP) | LF_LIT);
				swallowed = true;
			}
		}
	}
	if (undone)
		return swallowed ? K_DONE : K_UNDONE;
	if (t < 0)
		return K_LITERAL;
	w->l[t].shape = (unsigned char)sh;
	ime_complete_uo(w);
	return K_DONE;
}

/* dd → đ: the d just typed, or the word's single-d onset (daid → đai);
 * again on đ undoes it. */
static int apply_d(mc_ime *ime)
{
	mc_ime_word *w = &ime->cur;
	mc_ime_letter *t = NULL;
	if (w->n > 0 && w->l[w->n - 1].base == 'd' && !(w->l[w->n - 1].flags & LF_LIT)) {
		t = &w->l[w->n - 1];
	} else if (w->n >= 2 && w->l[0].base == 'd' && !(w->l[0].flags & LF_LIT) &&
		   ime_is_vowel(&w->l[1])) {
		ime_syl s;
		ime_parse(w, &s);
		if (s.composable)
			t = &w->l[0];
	}
	if (!t)
		return K_LITERAL;
	if (t->shape == SH_STROKE) {
		t->shape = SH_NONE;
		return K_UNDONE;
	}
	t->shape = SH_STROKE;
	return K_DONE;
}

/* Telex aa ee oo: circumflex on the last vowel if it is that letter (free
 * marking: vietej, tieesng), else on an earlier one when that makes a
 * Vietnamese cluster (caua → câu but ngoeo stays); otherwise a new vowel. */
static void telex_circ(mc_ime *ime, char typed)
{
	mc_ime_word *w = &ime->cur;
	char lc = (char)tolower((unsigned char)typed);
	ime_syl s;
	ime_parse(w, &s);
	int t = -1;
	if (s.composable) {
		for (int i = s.ve - 1; i >= s.vs && t < 0; i--) {
			mc_ime_letter *l = &w->l[i];
			if (l->base != lc || (l->flags & LF_LIT))
				continue;
			if (i == s.ve - 1 || l->shape == SH_CIRC ||
			    ime_cluster_valid(w, &s, i, SH_CIRC))
				t = i;
		}
	}
	if (t < 0) {
		push(ime, typed, SH_NONE, 0);
	} else if (w->l[t].shape == SH_CIRC) {
		w->l[t].shape = SH_NONE;
		push(ime, typed, SH_NONE, LF_LIT);
	} else {
		w->l[t].shape = SH_CIRC;
		ime_complete_uo(w);
	}
}

/* Telex w: horn / breve on the cluster, or ư on its own (w, twf → từ,
 * giwx → giữ). */
static void telex_w(mc_ime *ime, char typed)
{
	mc_ime_word *w = &ime->cur;
	int r = apply_shape(ime, SK_W);
	if (r == K_LITERAL) {
		ime_syl s;
		ime_parse(w, &s);
		bool last_lit = w->n > 0 && (w->l[w->n - 1].flags & LF_LIT);
		/* bare "gi" is an onset waiting for its vowel: giwx → giữ */
		bool bare_gi = w->n == 2 && w->l[0].base == 'g' && w->l[1].base == 'i';
		if (s.composable && (s.vs == s.ve || bare_gi) && !last_lit) {
			push(ime, isupper((unsigned char)typed) ? 'U' : 'u', SH_HORN, LF_FROM_W);
			return;
		}
	}
	if (r != K_DONE)
		push(ime, typed, SH_NONE, LF_LIT);
}

/* Telex [ ] { } = ơ ư Ơ Ư; the same key again gives the bracket itself. */
static uint32_t telex_bracket(mc_ime *ime, char typed)
{
	mc_ime_word *w = &ime->cur;
	char base = typed == '[' || typed == '{' ? 'o' : 'u';
	if (w->n > 0) {
		mc_ime_letter *last = &w->l[w->n - 1];
		if ((last->flags & LF_BRACKET) && last->base == base) {
			w->n--;
			return (uint32_t)typed;
		}
	}
	ime_syl s;
	ime_parse(w, &s);
	if (!s.composable)
		return (uint32_t)typed;
	bool cap = typed == '{' || typed == '}';
	push(ime, cap ? (char)toupper((unsigned char)base) : base, SH_HORN, LF_BRACKET);
	return 0;
}

/* ---- the three methods: each returns a break character to commit with,
 * or 0 when the key stayed inside the word ---- */

static uint32_t telex_key(mc_ime *ime, uint32_t cp)
{
	if (cp >= 0x80)
		return cp;
	char c = (char)cp, lc = (char)tolower((unsigned char)c);
	if (strchr("[]{}", c))
		return telex_bracket(ime, c);
	if (!isalpha((unsigned char)c))
		return cp;
	const char *tones = "zsfrxj", *p = strchr(tones, lc);
	if (p) {
		if (apply_tone(ime, (int)(p - tones), false) != K_DONE)
			push(ime, c, SH_NONE, LF_LIT);
	} else if (lc == 'w') {
		telex_w(ime, c);
	} else if (lc == 'a' || lc == 'e' || lc == 'o') {
		telex_circ(ime, c);
	} else if (lc == 'd') {
		int r = apply_d(ime);
		if (r != K_DONE)
			push(ime, c, SH_NONE, r == K_UNDONE ? LF_LIT : 0);
	} else {
		push(ime, c, SH_NONE, 0);
	}
	return 0;
}

static uint32_t vni_key(mc_ime *ime, uint32_t cp)
{
	if (cp < 0x80 && isalpha((int)cp)) {
		push(ime, (char)cp, SH_NONE, 0);
		return 0;
	}
	if (cp < '0' || cp > '9')
		return cp;
	int r;
	switch (cp) {
	case '6': r = apply_shape(ime, SK_CIRC); break;
	case '7': r = apply_shape(ime, SK_HORN); break;
	case '8': r = apply_shape(ime, SK_BREVE); break;
	case '9': r = apply_d(ime); break;
	default: r = apply_tone(ime, (int)(cp - '0'), false); break;
	}
	return r == K_DONE ? 0 : cp;
}

/* A pending VIQR backslash: the next mark or d is literal. */
static uint32_t viqr_escaped(mc_ime *ime, uint32_t cp, bool *done)
{
	mc_ime_word *w = &ime->cur;
	*done = true;
	if (cp < 0x80 && cp && strchr("'`?~.^(+*0\\dD", (int)cp)) {
		w->n--;                 /* drop the shown "\" */
		if (cp == 'd' || cp == 'D') {
			push(ime, (char)cp, SH_NONE, LF_LIT);
			return 0;
		}
		return cp;
	}
	/* Not an escape after all: leave "\" in the text, start afresh. */
	word_clear(w);
	*done = false;
	return 0;
}

static uint32_t viqr_key(mc_ime *ime, uint32_t cp)
{
	mc_ime_word *w = &ime->cur;
	if (w->n > 0 && (w->l[w->n - 1].flags & LF_ESC)) {
		bool done;
		uint32_t brk = viqr_escaped(ime, cp, &done);
		if (done)
			return brk;
	}
	if (cp >= 0x80 || cp == 0)
		return cp;
	if (isalpha((int)cp)) {
		int r = cp == 'd' || cp == 'D' ? apply_d(ime) : K_LITERAL;
		if (r != K_DONE)
			push(ime, (char)cp, SH_NONE, r == K_UNDONE ? LF_LIT : 0);
		return 0;
	}
	const char *tones = "0'`?~.", *p = strchr(tones, (int)cp);
	int r;
	switch (cp) {
	case '\\': push(ime, '\\', SH_NONE, LF_ESC); return 0;
	case '^': r = apply_shape(ime, SK_CIRC); break;
	case '(': r = apply_shape(ime, SK_BREVE); break;
	case '+': case '*': r = apply_shape(ime, SK_HORN); break;
	default:
		if (!p)
			return cp;
		r = apply_tone(ime, (int)(p - tones), true);
		break;
	}
	return r == K_DONE ? 0 : cp;
}

void mc_ime_key(mc_ime *ime, uint32_t cp, mc_ime_edit *edit)
{
	edit->erase = 0;
	edit->insert[0] = '\0';
	ime->has_prev = false;
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
		mc_ime_reset(ime);
		return;
	}
	if (ime->cur.n >= MC_IME_MAX_LETTERS)
		word_clear(&ime->cur);   /* a long run: leave it as typed */
	uint32_t brk = cp;
	if (cp >= 0x20 && cp != 0x7F) {
		switch (ime->method) {
		case MC_IME_TELEX: brk = telex_key(ime, cp); break;
		case MC_IME_VNI: brk = vni_key(ime, cp); break;
		case MC_IME_VIQR: brk = viqr_key(ime, cp); break;
		case MC_IME_OFF: break;
		}
	}
	sync(ime, edit);
	if (brk)
		commit(ime, edit, brk);
}

bool mc_ime_backspace(mc_ime *ime, mc_ime_edit *edit)
{
	edit->erase = 0;
	edit->insert[0] = '\0';
	mc_ime_word *w = &ime->cur;
	if (w->n > 0) {
		w->n--;
		ime_syl s;
		ime_parse(w, &s);
		if (s.vs == s.ve)
			w->tone = 0;
		sync(ime, edit);
		if (w->n == 0)
			word_clear(w);
		ime->has_prev = false;
		return true;
	}
	if (ime->has_prev) {
		ime->cur = ime->prev;
		ime->has_prev = false;
		edit->erase = 1;
		return true;
	}
	return false;
}

/* ---- whole lines (motcua text type) ---- */

/* Apply an edit to the NUL-terminated text out[0..*len). */
static bool apply_edit(char *out, size_t *len, size_t outsz, const mc_ime_edit *e)
{
	for (int i = 0; i < e->erase && *len > 0; i++) {
		do
			(*len)--;
		while (*len > 0 && ((unsigned char)out[*len] & 0xC0) == 0x80);
	}
	size_t add = strlen(e->insert);
	if (*len + add >= outsz) {
		out[*len] = '\0';
		return false;
	}
	memcpy(out + *len, e->insert, add + 1);
	*len += add;
	return true;
}

mc_status mc_ime_type_line(mc_ime_method m, mc_tone_style s, const char *keys,
			   char *out, size_t outsz, mc_error *err)
{
	if (!keys || !out || outsz == 0)
		return mc_error_set(err, MC_EUSAGE, "mc_ime_type_line: no keys or no output buffer");
	mc_ime ime;
	mc_ime_edit e;
	mc_ime_init(&ime, m, s);
	size_t len = 0, klen = strlen(keys), i = 0;
	out[0] = '\0';
	while (i < klen) {
		size_t at = i;
		if (strncmp(keys + i, "<BS>", 4) == 0) {
			if (!mc_ime_backspace(&ime, &e)) {
				e.erase = 1;
				e.insert[0] = '\0';
			}
			i += 4;
		} else {
			utf8proc_int32_t cp;
			utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)keys + i,
							      (utf8proc_ssize_t)(klen - i), &cp);
			if (n < 0 || cp < 0)
				return mc_error_set(err, MC_EDATA,
						    "keys: invalid UTF-8 at byte offset %zu", i);
			mc_ime_key(&ime, (uint32_t)cp, &e);
			i += (size_t)n;
		}
		if (!apply_edit(out, &len, outsz, &e))
			return mc_error_set(err, MC_EDATA,
					    "output buffer too small (%zu bytes) at key byte offset %zu",
					    outsz, at);
	}
	/* Words come out NFC; keys that were themselves combining marks may
	 * not, so normalize the line once. */
	utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)out);
	if (!nfc)
		return mc_error_set(err, MC_ESYS, "out of memory normalizing typed text");
	size_t nlen = strlen((const char *)nfc);
	if (nlen >= outsz) {
		free(nfc);
		return mc_error_set(err, MC_EDATA, "output buffer too small (%zu bytes) after NFC", outsz);
	}
	memcpy(out, nfc, nlen + 1);
	free(nfc);
	return MC_OK;
}
