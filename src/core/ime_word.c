/*
 * The syllable side of the input method: where the vowel cluster of the word
 * is (gi-/qu- onsets taken out), which letter carries the tone in the old
 * ("hòa") or new ("hoà") style, which vowel a shape key (^, breve, horn)
 * applies to, and rendering the word to NFC. Rendering writes each letter as
 * base + combining marks and lets utf8proc compose, so there is no hand-made
 * table of the 134 precomposed letters to get wrong.
 */
#include "ime_internal.h"

#include <string.h>
#include <utf8proc.h>

bool ime_is_vowel(const mc_ime_letter *l)
{
	if (l->flags & LF_ESC || l->shape == SH_STROKE)
		return false;
	return strchr("aeiouy", l->base) != NULL && l->base != '\0';
}

void ime_parse(const mc_ime_word *w, ime_syl *s)
{
	int n = w->n, fv = 0;
	s->composable = true;
	for (int i = 0; i < n; i++)
		if (w->l[i].flags & LF_ESC)
			s->composable = false;
	while (fv < n && !ime_is_vowel(&w->l[fv]))
		fv++;
	int vs = fv, ve = fv;
	while (ve < n && ime_is_vowel(&w->l[ve]))
		ve++;
	/* gi + vowel, qu + vowel: the i / u belong to the onset (già, quý);
	 * a bare "gi" keeps i as its vowel (gì). */
	if (fv == 1 && ve - fv >= 2) {
		const mc_ime_letter *o = &w->l[0], *v = &w->l[1];
		if ((o->base == 'g' && v->base == 'i') ||
		    (o->base == 'q' && v->base == 'u' && v->shape == SH_NONE))
			vs = 2;
	}
	for (int i = ve; i < n; i++)
		if (ime_is_vowel(&w->l[i]))
			s->composable = false;
	s->vs = vs;
	s->ve = ve;
}

int ime_tone_pos(const mc_ime_word *w, const ime_syl *s, mc_tone_style st)
{
	int nv = s->ve - s->vs, shaped = -1;
	if (nv <= 0)
		return -1;
	for (int i = s->vs; i < s->ve; i++)
		if (w->l[i].shape != SH_NONE)
			shaped = i;            /* last one: ươ → ơ */
	if (shaped >= 0)
		return shaped;
	if (s->ve < w->n)
		return s->ve - 1;              /* closed: hoàn, huỳnh */
	if (nv >= 3)
		return s->vs + 1;              /* ngoài, khuỷu */
	if (nv == 2 && st == MC_TONE_NEW) {
		char a = w->l[s->vs].base, b = w->l[s->vs + 1].base;
		if ((a == 'o' && (b == 'a' || b == 'e')) || (a == 'u' && b == 'y'))
			return s->vs + 1;      /* hoà, khoẻ, thuỷ */
	}
	return s->vs;                          /* mùa, hòa (old style) */
}

/* Vowel sequences of Vietnamese, spelled Telex-style (aa = â, aw = ă,
 * ow = ơ, uw = ư, ee = ê, oo = ô). uơ is kept for thuở / huơ. */
static const char *const valid_clusters[] = {
	"a", "aw", "aa", "e", "ee", "i", "o", "oo", "ow", "u", "uw", "y",
	"ai", "ao", "au", "aau", "ay", "aay", "eo", "eeu", "ia", "iee", "iu",
	"oa", "oaw", "oe", "oi", "ooi", "owi", "oo", "ua", "uaa", "uee", "ui",
	"uoo", "uow", "uy", "uwa", "uwi", "uwow", "uwu", "yee",
	"ieeu", "yeeu", "oai", "oay", "oeo", "uaay", "uooi", "uya", "uyee",
	"uyu", "uwowi", "uwowu",
};

bool ime_cluster_valid(const mc_ime_word *w, const ime_syl *s, int idx, int sh)
{
	char code[3 * MC_IME_MAX_LETTERS + 1];
	size_t k = 0;
	for (int i = s->vs; i < s->ve; i++) {
		int shape = i == idx ? sh : w->l[i].shape;
		code[k++] = w->l[i].base;
		if (shape == SH_CIRC)
			code[k++] = w->l[i].base;
		else if (shape == SH_BREVE || shape == SH_HORN)
			code[k++] = 'w';
	}
	code[k] = '\0';
	for (size_t i = 0; i < sizeof valid_clusters / sizeof *valid_clusters; i++)
		if (strcmp(code, valid_clusters[i]) == 0)
			return true;
	return false;
}

/* Shape a letter takes from key k, or SH_NONE when it cannot take one. */
static int shape_for(const mc_ime_letter *l, enum ime_shape_key k)
{
	if (l->flags & LF_LIT)
		return SH_NONE;
	switch (k) {
	case SK_CIRC:
		return strchr("aeo", l->base) && l->shape != SH_CIRC ? SH_CIRC : SH_NONE;
	case SK_BREVE:
		return l->base == 'a' && l->shape != SH_BREVE ? SH_BREVE : SH_NONE;
	case SK_W:
		if (l->base == 'a' && l->shape != SH_BREVE)
			return SH_BREVE;
		/* fall through */
	case SK_HORN:
		if ((l->base == 'o' || l->base == 'u') && l->shape != SH_HORN)
			return SH_HORN;
		return SH_NONE;
	}
	return SH_NONE;
}

/* Horn keys: uo → ươ/uơ (horn on o; ime_complete_uo adds the u's),
 * ua → ưa (chưa). */
static int horn_pair(const mc_ime_word *w, const ime_syl *s)
{
	const mc_ime_letter *l = w->l;
	for (int i = s->vs; i + 1 < s->ve; i++)
		if (l[i].base == 'u' && l[i + 1].base == 'o' &&
		    !((l[i].flags | l[i + 1].flags) & LF_LIT) &&
		    (l[i].shape == SH_NONE || l[i].shape == SH_HORN) &&
		    (l[i + 1].shape == SH_NONE || l[i + 1].shape == SH_CIRC))
			return i + 1;
	if (s->ve - s->vs >= 2 && l[s->vs].base == 'u' && l[s->vs + 1].base == 'a' &&
	    l[s->vs].shape == SH_NONE && l[s->vs + 1].shape == SH_NONE &&
	    !(l[s->vs].flags & LF_LIT))
		return s->vs;
	return -1;
}

int ime_shape_target(const mc_ime_word *w, const ime_syl *s, enum ime_shape_key k,
		     int *sh, bool *valid)
{
	*valid = true;
	if (k == SK_W || k == SK_HORN) {
		int t = horn_pair(w, s);
		if (t >= 0) {
			*sh = SH_HORN;
			return t;
		}
	}
	/* Horn/w scan left to right (ưi, ơi, oă); circumflex and breve right
	 * to left (uô, iê, uyê). The first candidate giving a Vietnamese
	 * cluster wins; failing that the first candidate met. */
	bool ltr = k == SK_W || k == SK_HORN;
	int first = -1, first_sh = SH_NONE;
	for (int j = 0; j < s->ve - s->vs; j++) {
		int i = ltr ? s->vs + j : s->ve - 1 - j;
		int cand = shape_for(&w->l[i], k);
		if (cand == SH_NONE)
			continue;
		if (w->l[i].base == 'u' && i + 1 < s->ve && w->l[i + 1].base == 'o' &&
		    w->l[i + 1].shape == SH_HORN)
			continue;      /* uơ already has its horn */
		if (ime_cluster_valid(w, s, i, cand)) {
			*sh = cand;
			return i;
		}
		if (first < 0) {
			first = i;
			first_sh = cand;
		}
	}
	*sh = first_sh;
	*valid = false;
	return first;
}

void ime_complete_uo(mc_ime_word *w)
{
	ime_syl s;
	ime_parse(w, &s);
	for (int i = s.vs; i + 1 < s.ve && i + 2 < w->n; i++) {
		mc_ime_letter *u = &w->l[i], *o = &w->l[i + 1];
		if (u->base != 'u' || o->base != 'o' || ((u->flags | o->flags) & LF_LIT))
			continue;
		if (u->shape == SH_NONE && o->shape == SH_HORN)
			u->shape = SH_HORN;
		else if (u->shape == SH_HORN && o->shape == SH_NONE)
			o->shape = SH_HORN;
	}
}

static size_t put_utf8(char *p, utf8proc_int32_t cp)
{
	return (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)p);
}

size_t ime_render(const mc_ime_word *w, mc_tone_style st, char *out, size_t outsz)
{
	static const utf8proc_int32_t shape_mark[] = { 0, 0x302, 0x306, 0x31B, 0 };
	static const utf8proc_int32_t tone_mark[] = { 0, 0x301, 0x300, 0x309, 0x303, 0x323 };
	char dec[MC_IME_MAX_LETTERS * 10 + 1];
	size_t k = 0;
	ime_syl s;
	ime_parse(w, &s);
	int tp = w->tone ? ime_tone_pos(w, &s, st) : -1;
	for (int i = 0; i < w->n; i++) {
		const mc_ime_letter *l = &w->l[i];
		bool cap = l->flags & LF_CAP;
		if (l->flags & LF_ESC) {
			dec[k++] = '\\';
			continue;
		}
		if (l->shape == SH_STROKE) {
			k += put_utf8(dec + k, cap ? 0x110 : 0x111);
			continue;
		}
		dec[k++] = cap ? (char)(l->base - 'a' + 'A') : l->base;
		if (shape_mark[l->shape])
			k += put_utf8(dec + k, shape_mark[l->shape]);
		if (i == tp && w->tone < 6)
			k += put_utf8(dec + k, tone_mark[w->tone]);
	}
	utf8proc_int32_t buf[MC_IME_MAX_LETTERS * 3 + 8];
	utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
	utf8proc_ssize_t n = utf8proc_decompose((const utf8proc_uint8_t *)dec,
						(utf8proc_ssize_t)k, buf,
						(utf8proc_ssize_t)(sizeof buf / sizeof *buf) - 1, opt);
	if (n < 0 || (size_t)n >= sizeof buf / sizeof *buf) {
		out[0] = '\0';
		return 0;
	}
	n = utf8proc_reencode(buf, n, opt);
	if (n < 0 || (size_t)n >= outsz) {
		out[0] = '\0';
		return 0;
	}
	memcpy(out, buf, (size_t)n + 1);
	return (size_t)n;
}
