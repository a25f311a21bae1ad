/*
 * The built-in Vietnamese input method: UniKey-compatible Telex, VNI and
 * VIQR typed on a plain keyboard, composed inside the app (no terminal IME
 * needed). The engine keeps the word being typed as letters (base letter,
 * shape mark, capital flag) plus one syllable tone, re-renders the whole word
 * after every key and tells the caller how to patch its text buffer (erase N
 * code points before the cursor, insert UTF-8 NFC). State is fixed-size and
 * never allocates, so a form field can embed one per screen.
 *
 * Deliberate choices (see docs/vietnamese-text.md §3–5):
 *  - free tone placement, re-placed on every edit including Backspace;
 *  - no spell-check auto-restore (Đắk Lắk, Krông Búk, HĐLĐ must survive);
 *    a modifier key is literal only when it has nothing to apply to (no
 *    vowel, no vowel it fits) or the word is not one syllable (two vowel
 *    groups): "winner" gives "ưinner" (lone w is ư, r finds "ưinne") — the
 *    clerk switches to Off for Latin text;
 *  - Telex also maps [ ] { } to ơ ư Ơ Ư (UniKey); a repeated modifier undoes
 *    itself and is typed literally (ass → as, ww → w, xooong → xoong);
 *  - VNI: a digit that cannot apply is a plain digit and ends the word;
 *  - VIQR: a tone mark after a word that already has a tone, or after its
 *    final consonant, is punctuation ("Nội." stays "Nội."); 0 removes the
 *    tone; "\" escapes the next mark or d ("a\'" → a', "d\d" → dd).
 */
#ifndef MOTCUA_IME_H
#define MOTCUA_IME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "motcua/error.h"

typedef enum { MC_IME_OFF, MC_IME_TELEX, MC_IME_VNI, MC_IME_VIQR } mc_ime_method;
typedef enum { MC_TONE_OLD, MC_TONE_NEW } mc_tone_style;   /* hòa / hoà */

/* Longest word the engine composes; a longer run of letters is committed in
 * pieces (Vietnamese syllables have at most 7 letters). Every letter renders
 * as one code point of at most 3 UTF-8 bytes, so a whole word fits in
 * mc_ime_edit.insert. */
#define MC_IME_MAX_LETTERS 20

/* One letter of the word being typed (opaque to callers). */
typedef struct mc_ime_letter {
	char base;            /* lower-case ASCII letter, or '\\' for a VIQR escape */
	unsigned char shape;  /* none, circumflex, breve, horn, stroke (đ) */
	unsigned char flags;  /* capital, literal, made by w / [ ], escape */
} mc_ime_letter;

typedef struct mc_ime_word {
	mc_ime_letter l[MC_IME_MAX_LETTERS];
	unsigned char n;      /* letters in use */
	unsigned char tone;   /* 0 none, 1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng */
	char shown[64];       /* what the caller's buffer shows for this word */
} mc_ime_word;

typedef struct mc_ime {
	mc_ime_method method;
	mc_tone_style style;
	mc_ime_word cur;      /* word being composed (n == 0: none) */
	mc_ime_word prev;     /* last committed word, reopened by Backspace */
	bool has_prev;        /* prev is followed by exactly one break char */
} mc_ime;

/* What the caller must do to its text buffer after a key: delete `erase`
 * characters (code points) before the cursor, then insert `insert` (UTF-8,
 * NFC, NUL-terminated). */
typedef struct mc_ime_edit {
	int erase;
	char insert[64];
} mc_ime_edit;

/* Start with no word. */
void mc_ime_init(mc_ime *ime, mc_ime_method m, mc_tone_style s);

/* Switch method; forgets the word being typed (its text stays as shown). */
void mc_ime_set_method(mc_ime *ime, mc_ime_method m);

/* Switch tone style; takes effect from the next key of the current word. */
void mc_ime_set_style(mc_ime *ime, mc_tone_style s);

/* Toggle cycle Telex → VNI → VIQR → Off → Telex. */
mc_ime_method mc_ime_next_method(mc_ime_method m);

/* "Telex", "VNI", "VIQR", "Off" (static strings). */
const char *mc_ime_method_name(mc_ime_method m);

/* "telex" | "vni" | "viqr" | "off" (any case) → 0 and *out; else -1. */
int mc_ime_method_parse(const char *s, mc_ime_method *out);

/* Feed one typed code point. Always fills *edit (for a plain letter: erase 0,
 * insert that letter). A word break (space, punctuation, digits in Telex,
 * Enter, Tab, any non-ASCII or control character) commits the word, resets,
 * and is itself inserted as typed (the caller may handle Enter/Tab itself
 * and ignore the insert). An invalid code point inserts nothing. With
 * MC_IME_OFF every key is inserted as typed. */
void mc_ime_key(mc_ime *ime, uint32_t cp, mc_ime_edit *edit);

/* Backspace: if a word is being composed, delete one DISPLAYED character of
 * it and re-place the tone, returning true with *edit describing the
 * replacement. Right after a word was ended by one printable break character
 * (space, punctuation), deletes that character and reopens the word for
 * editing (also true). Returns false when there is no word (the caller then
 * deletes normally; *edit is set to erase 0, insert ""). */
bool mc_ime_backspace(mc_ime *ime, mc_ime_edit *edit);

/* Cursor moved, field changed, text deleted by other means: forget the word
 * and the reopen memory. */
void mc_ime_reset(mc_ime *ime);

/* Filter used by `motcua text type`: compose a whole line of keystrokes
 * ("<BS>" = Backspace; any other '<' is literal; a space ends a word as when
 * typing) into out (UTF-8 NFC, NUL-terminated). Returns MC_OK; MC_EDATA if
 * keys is not valid UTF-8 (message names the byte offset) or out is too
 * small (message says so); MC_EUSAGE for a NULL argument or outsz 0;
 * MC_ESYS when memory for the final NFC pass runs out. */
mc_status mc_ime_type_line(mc_ime_method m, mc_tone_style s, const char *keys,
			   char *out, size_t outsz, mc_error *err);

#endif
