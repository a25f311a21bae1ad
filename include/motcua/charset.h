/*
 * Legacy Vietnamese charsets <-> UTF-8. Offices still hold files written in
 * TCVN3 (ABC), VNI-Windows, VISCII, VPS, Windows-1258 and VIQR; importers and
 * `motcua text convert` bring them to UTF-8 NFC, and exports can go back.
 * iconv converts what it converts correctly: VISCII and Windows-1258 to
 * UTF-8, and any other encoding iconv knows by name (UTF-16, CP1252...);
 * the own tables serve TCVN3, VNI, VIQR and VPS, which iconv lacks (glibc's
 * TCVN5712-1 is not TCVN3), the way back to VISCII and CP1258 (with the
 * nearest form of a letter they lack), and the terminal proxy.
 * Everything goes through UTF-8 NFC: legacy bytes are decoded to NFC, and
 * UTF-8 input of any normalization (NFC, NFD, "tổ hợp") is composed before
 * it is encoded. Conversion streams in chunks that end at line boundaries,
 * with table-driven fast paths, so 100 MB files convert at iconv speed.
 *
 * Nothing is dropped silently: a letter the target cannot hold is written in
 * its nearest form (TCVN3 capitals as the lower-case letter, otherwise the
 * letter without its tone or marks, else '?') and counted with the position
 * of the first one; input that is not valid in its charset is an error
 * naming the line and byte offset.
 */
#ifndef MOTCUA_CHARSET_H
#define MOTCUA_CHARSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "motcua/error.h"

typedef enum mc_charset {
	MC_CS_UTF8,     /* UTF-8; output NFC, input any normalization */
	MC_CS_UTF8_NFD, /* UTF-8 fully decomposed ("tổ hợp" output); input as UTF-8 */
	MC_CS_VISCII,   /* VISCII 1.1 (RFC 1456), via glibc's table */
	MC_CS_CP1258,   /* Windows-1258, base letter + combining tone byte */
	MC_CS_TCVN3,    /* TCVN3 / ABC (.VnTime fonts): no toned capitals */
	MC_CS_VNI,      /* VNI-Windows: base byte + mark byte */
	MC_CS_VIQR,     /* RFC 1456 mnemonics: a( a^ o+ dd ' ` ? ~ . with \ escape */
	MC_CS_VPS,      /* VPS, 8-bit with capitals in C0 slots */
	MC_CS_ASCII,    /* output only: letters without marks, for terminals without Vietnamese */
} mc_charset;

#define MC_CS_COUNT 9

/* Look a charset up by name, case-insensitively: utf-8|utf8,
 * utf-8-nfd|nfd|tohop, viscii, cp1258|windows-1258, tcvn3|abc,
 * vni|vni-win, viqr, vps, ascii. Unknown name: MC_EUSAGE listing the names. */
mc_status mc_charset_parse(const char *name, mc_charset *out, mc_error *err);

/* The canonical name ("utf-8", "utf-8-nfd", "viscii", "cp1258", "tcvn3",
 * "vni", "viqr", "vps", "ascii"); static storage. */
const char *mc_charset_name(mc_charset cs);

/* What a conversion lost or refused so far. Lines are 1-based; the column of
 * a lost letter is 1-based and counts characters of the decoded text (code
 * points of NFC UTF-8 input, letters of a legacy input); bad input is located
 * by its 0-based byte offset in the whole input. Zero when nothing happened.
 * ASCII output counts nothing as lost: stripping marks is what it is asked to
 * do (a display fallback, never a file to convert back), so a count there
 * would only repeat the number of Vietnamese letters. */
typedef struct mc_conv_stats {
	uint64_t lost;
	uint64_t first_lost_line, first_lost_col;
	uint64_t bad_input;
	uint64_t first_bad_line, first_bad_byte;
} mc_conv_stats;

/* A converter for one stream; its only state across calls is the position
 * (line, column, byte offset) and the statistics. */
typedef struct mc_conv mc_conv;

/* Open a converter from one charset to another. MC_EUSAGE when from is
 * MC_CS_ASCII (output only); MC_ESYS when out of memory. Free with
 * mc_conv_close. Invalid input makes mc_conv_chunk fail (strict). */
mc_status mc_conv_open(mc_conv **out, mc_charset from, mc_charset to, mc_error *err);

/* As mc_conv_open, by name: the names of mc_charset_parse, or any name
 * iconv knows ("utf-16", "UTF-16LE", "cp1252", "latin1"; iconv -l), which
 * iconv converts to and from UTF-8 around the converter (NFC on the way
 * in; on the way out a character the target lacks is '?' and counted as
 * lost). An unknown name is MC_EUSAGE. */
mc_status mc_conv_open_name(mc_conv **out, const char *from, const char *to, mc_error *err);

/* The target's name as given (for messages). */
const char *mc_conv_target_name(const mc_conv *cv);

/* Free a converter (NULL is fine). */
void mc_conv_close(mc_conv *cv);

/* Instead of failing on invalid input, write U+FFFD (UTF-8 targets) or '?'
 * and count it in bad_input (with the first position). */
void mc_conv_set_replace(mc_conv *cv, bool replace);

/* Convert one chunk that ends at a line boundary, at white space, or at the
 * end of the stream, and append the result to a growable buffer
 * (*out, *outlen, *outcap; *out may be NULL, it is realloc'd as needed and
 * stays the caller's). A UTF-8 byte-order mark at the very start of a UTF-8
 * stream is skipped. MC_EDATA on invalid input (message with line and byte
 * offset; nothing of this chunk is appended), MC_ESYS when out of memory. */
mc_status mc_conv_chunk(mc_conv *cv, const char *in, size_t inlen,
			char **out, size_t *outlen, size_t *outcap, mc_error *err);

/* The statistics so far (valid until mc_conv_close). */
const mc_conv_stats *mc_conv_stats_get(const mc_conv *cv);

/* Convert a whole stream: read `in` to EOF in large blocks cut at the last
 * newline (or white space), write to `out`. stats (may be NULL) receives the
 * counts. MC_EDATA on invalid input (what came before it has been written:
 * write to a temporary file and rename on success), MC_ESYS on read/write
 * errors, MC_EUSAGE for an output-only source. */
mc_status mc_conv_stream(mc_charset from, mc_charset to, FILE *in, FILE *out,
			 mc_conv_stats *stats, mc_error *err);

/* mc_conv_stream by name (see mc_conv_open_name). */
mc_status mc_conv_stream_name(const char *from, const char *to, FILE *in, FILE *out,
			      mc_conv_stats *stats, mc_error *err);

/* mc_charset_decode by name (see mc_conv_open_name). */
mc_status mc_charset_decode_name(const char *from, const char *in, size_t len,
				 char **out_utf8, mc_error *err);

/* Decode a whole buffer in `from` to NUL-terminated UTF-8 NFC in a malloc'd
 * *out_utf8 (the caller frees). UTF-8 input is checked and normalized.
 * MC_EDATA on invalid input, MC_EUSAGE for MC_CS_ASCII, MC_ESYS out of memory. */
mc_status mc_charset_decode(mc_charset from, const char *in, size_t len,
			    char **out_utf8, mc_error *err);

/*
 * One character at a time, for a terminal whose charset is not UTF-8 (the
 * charset proxy of the TUI). A screen is laid out in columns, so the rules
 * differ a little from file conversion: what one code point becomes always
 * takes the columns the code point takes on a UTF-8 terminal, and nothing
 * printable ever comes out as a control byte.
 */

/* Write the bytes that show code point cp on a terminal in charset cs into
 * out (not NUL-terminated) and return how many (0-4).
 * - UTF-8 charsets: the UTF-8 of cp (U+FFFD for a non-character value).
 * - cp below 0x80: the byte itself, controls included (they are the caller's).
 * - Zero-width code points (combining marks, C1 controls, format characters)
 *   give no bytes; double-width ones two '?' (or their look-alike twice).
 * - A character the charset holds as one byte outside C0, DEL and C1 is that
 *   byte (C1 is allowed for VISCII, whose capitals live there by design).
 * - Otherwise one ASCII look-alike: box drawing U+2500-257F as - | + / \ X,
 *   arrows < > ^ v, bullets *, ellipsis ~, blocks #, typographic quotes and
 *   dashes as ' " -; a letter in its nearest form as the converter writes it
 *   (without its tone, then without its marks, TCVN3 capitals as the
 *   lower-case letter, đ as d), so VISCII's six capitals in C0 slots
 *   (Ẳ Ẵ Ẫ Ỷ Ỹ Ỵ) come out as Ă Ă Â Y Y Y; anything else '?'.
 * 8-bit charsets and ASCII thus write at most one byte per column; VNI and
 * CP1258 may write base + mark, VIQR its mnemonic. */
int mc_charset_encode_cp(mc_charset cs, uint32_t cp, char out[4]);

/* The code point of byte b typed on a terminal in charset cs. Bytes below
 * 0x20 and 0x7F are the control keys they are everywhere (so VISCII's and
 * VPS's capitals in C0 slots cannot be typed); other bytes below 0x80 are
 * ASCII. CP1258/VNI mark bytes give their combining mark. -1 when b means
 * nothing in cs: above 0x7F for ASCII, VIQR and UTF-8 (a UTF-8 character is
 * more than one byte), and the holes of the 8-bit tables. */
int32_t mc_charset_decode_byte(mc_charset cs, uint8_t b);

#ifdef MOTCUA_CHARSET_INTERNAL
/*
 * Private to src/core/charset.c and src/core/charset_tables.c: the tables
 * the converter runs on, built once from the generated byte maps.
 */

/* What one legacy byte decodes to. */
enum { MC_CSB_SAME, MC_CSB_CHAR, MC_CSB_MARK, MC_CSB_BAD };
typedef struct mc_cs_byte {
	uint8_t u8[4];  /* UTF-8 of the character, or of its combining mark(s) */
	uint8_t len;    /* bytes of u8 used */
	uint8_t kind;   /* MC_CSB_*: same as ASCII, character, mark, undefined */
	uint8_t mark;   /* MC_CSB_MARK: column in comp[][] */
	uint8_t pad;
} mc_cs_byte;

#define MC_CS_MAXMARK 36
typedef struct mc_cs_dec {
	mc_cs_byte byte[256];
	/* base byte x mark column -> the precomposed code point, 0 when none */
	uint16_t comp[256][MC_CS_MAXMARK];
} mc_cs_dec;

/* How one code point is written: up to 3 bytes, flags in n. */
enum { MC_CSO_LEN = 0x07, MC_CSO_LOST = 0x80 };
typedef struct mc_cs_out {
	uint8_t b[3];
	uint8_t n;      /* length | MC_CSO_LOST when this is a nearest form */
} mc_cs_out;

/* Dense encode tables for U+0000-02FF, U+1E00-1EFF and U+2000-213F. */
typedef struct mc_cs_enc {
	mc_cs_out lo[0x300], vn[0x100], gp[0x140];
	bool same[256];  /* encode: byte < 0x80 is written as itself */
} mc_cs_enc;

/* Decoder tables of an 8-bit charset (VISCII, CP1258, TCVN3, VNI, VPS),
 * else NULL. Built on first use; thread-safe. */
const mc_cs_dec *mc_cs_dec_get(mc_charset cs);
/* Encoder tables of an 8-bit charset, VIQR or ASCII, else NULL. */
const mc_cs_enc *mc_cs_enc_get(mc_charset cs);
/* How to write a code point outside the dense ranges (nearest form). */
mc_cs_out mc_cs_out_far(mc_charset cs, int32_t cp);
/* VIQR: the letter for an ASCII vowel, shape ('(' '^' '+' '*' or 0) and tone
 * (one of ' ` ? ~ . or 0), or 0 when the combination is not a letter. */
int32_t mc_cs_viqr_letter(uint8_t vowel, uint8_t shape, uint8_t tone);
#endif

#endif
