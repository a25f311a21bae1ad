/*
 * Private to src/core/ime*.c: the word model shared by the key dispatcher
 * (ime.c) and the syllable logic (ime_word.c: parsing, tone placement,
 * shape targets, rendering to NFC).
 */
#ifndef MOTCUA_IME_INTERNAL_H
#define MOTCUA_IME_INTERNAL_H

#include "motcua/ime.h"

enum ime_shape { SH_NONE, SH_CIRC, SH_BREVE, SH_HORN, SH_STROKE };

enum ime_flag {
	LF_CAP = 1,       /* typed as a capital */
	LF_LIT = 2,       /* literal (undo result or escape): never a target */
	LF_FROM_W = 4,    /* ư made by a lone Telex w: undo gives back "w" */
	LF_BRACKET = 8,   /* ơ/ư made by a Telex [ ] { } key */
	LF_ESC = 16,      /* pending VIQR backslash, shown as "\" */
};

/* Which shape a modifier key asks for. */
enum ime_shape_key {
	SK_CIRC,   /* VNI 6, VIQR ^: circumflex on a, e or o */
	SK_W,      /* Telex w: horn on o/u or breve on a */
	SK_HORN,   /* VNI 7, VIQR + *: horn on o/u */
	SK_BREVE,  /* VNI 8, VIQR (: breve on a */
};

/* The syllable structure of a word: onset, vowel cluster [vs, ve), final.
 * vs == ve when there is no vowel. composable is false when a second vowel
 * group follows the final or a pending escape is present: modifiers are then
 * literal. The gi-/qu- onsets are already taken out of the cluster. */
typedef struct ime_syl {
	int vs, ve;
	bool composable;
} ime_syl;

bool ime_is_vowel(const mc_ime_letter *l);
void ime_parse(const mc_ime_word *w, ime_syl *s);

/* Index of the letter that carries the tone, or -1 when there is no vowel. */
int ime_tone_pos(const mc_ime_word *w, const ime_syl *s, mc_tone_style st);

/* True when the vowel cluster, with letter idx given shape sh (idx < 0: as
 * is), is a Vietnamese vowel sequence (ươ and uơ both count). */
bool ime_cluster_valid(const mc_ime_word *w, const ime_syl *s, int idx, int sh);

/* Letter index a shape key applies to, or -1 (no candidate). Sets *sh to the
 * shape to give it and *valid to whether the cluster then is Vietnamese. */
int ime_shape_target(const mc_ime_word *w, const ime_syl *s, enum ime_shape_key k,
		     int *sh, bool *valid);

/* After a letter is appended: "uơ" or "ưo" followed by anything becomes "ươ"
 * (được, người, dduwocj). */
void ime_complete_uo(mc_ime_word *w);

/* Render the word as UTF-8 NFC into out (size ≥ 64). Returns the length. */
size_t ime_render(const mc_ime_word *w, mc_tone_style st, char *out, size_t outsz);

#endif
