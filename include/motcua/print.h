/*
 * Official forms (TT 01/2018 Mẫu 01–06, TT 03/2025 Mẫu 01–07) printed from
 * templates in forms/print/ (syntax: forms/print/README.md).
 *
 * Three layers, so that every output shares one reading of a template:
 *   variables (mc_print_vars: a dossier, its office, its history) →
 *   a document (mc_print_doc: lines that say centred / two halves / table
 *   row / QR, not how wide they are) →
 *   a renderer (plain text at 80 or 132 columns, or PDF / PostScript for a
 *   printer through cairo).
 * The form set of a dossier is the one of its receipt date (2025 set from
 * 15 Sep 2025, the date of TT 03/2025; stored in mc_dossier.form_set).
 */
#ifndef MOTCUA_PRINT_H
#define MOTCUA_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "motcua/error.h"
#include "motcua/store.h"

/* ---- variables ------------------------------------------------------------ */

/* A set of named values ("applicant.name") and named lists of sets
 * ("documents"), filled by the caller and read by mc_print_expand. */
typedef struct mc_print_vars mc_print_vars;

/* NULL on out of memory. */
mc_print_vars *mc_print_vars_new(void);
void mc_print_vars_free(mc_print_vars *v);

/* Set key to a copy of value (NULL counts as empty); a key set twice keeps
 * the last value. False on out of memory. */
bool mc_print_vars_set(mc_print_vars *v, const char *key, const char *value);
bool mc_print_vars_setf(mc_print_vars *v, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Append a new, empty item to the list `key` and return it (owned by v),
 * or NULL on out of memory or when key already holds a value. */
mc_print_vars *mc_print_vars_item(mc_print_vars *v, const char *key);

/* The value of key in v alone (no outer scopes), or NULL when unset. */
const char *mc_print_vars_get(const mc_print_vars *v, const char *key);

/* ---- documents ------------------------------------------------------------ */

#define MC_PRINT_MAX_COLS 16

typedef enum mc_print_kind {
	MC_PL_TEXT,     /* a paragraph, wrapped; continuation lines hang */
	MC_PL_CENTER,   /* centred, wrapped */
	MC_PL_RIGHT,    /* right-aligned */
	MC_PL_TITLE,    /* the form's title: centred, bold, larger on paper */
	MC_PL_PAIR,     /* two halves, each centred (motto block, signatures) */
	MC_PL_ROW,      /* a table row (ncells = the table's columns) */
	MC_PL_RULE,     /* a short centred rule under a heading */
	MC_PL_QR,       /* the QR code of doc->qr_text, with the text under it */
	MC_PL_BLANK,    /* an empty line */
} mc_print_kind;

typedef struct mc_print_line {
	mc_print_kind kind;
	int indent;        /* TEXT: leading spaces of the template line */
	int hang;          /* TEXT: extra indent of continuation lines ("1. ") */
	int ncells;
	char **cells;      /* UTF-8, NFC; one for TEXT/CENTER/RIGHT/TITLE */
	unsigned bold;     /* bit i set: cell i is bold (*...* in the template) */
	int table;         /* ROW: index into doc->tables */
	bool head;         /* ROW: a header row */
} mc_print_line;

typedef struct mc_print_table {
	int ncols;
	int weight[MC_PRINT_MAX_COLS];  /* relative column widths */
} mc_print_table;

typedef struct mc_print_doc {
	mc_print_line *lines;
	size_t nlines;
	mc_print_table *tables;
	size_t ntables;
	bool landscape;    /* @page landscape: 132 columns / A4 landscape */
	char *qr_text;     /* what {{qr}} encodes (the variable "qr") */
	char *title;       /* the first @title line, for PDF metadata */
} mc_print_doc;

/* Expand template text (name: used in messages, e.g. the file name) with
 * the variables into a document. Errors name the template line: an
 * unclosed or mismatched section, an unknown @directive, a table row with
 * the wrong number of cells, a placeholder that is never closed. An unset
 * variable expands to nothing. *out is the caller's (mc_print_doc_free). */
mc_status mc_print_expand(const char *tmpl, const char *name, const mc_print_vars *v,
			  mc_print_doc **out, mc_error *err);
void mc_print_doc_free(mc_print_doc *doc);

/* ---- renderers ------------------------------------------------------------ */

typedef enum mc_print_format { MC_PRINT_TEXT, MC_PRINT_PDF, MC_PRINT_PS } mc_print_format;

/* Plain text, every line at most `width` display columns (40..400). The
 * QR code is drawn with Unicode half blocks, or as "[QR: text]" when ascii;
 * ascii also draws table borders with + - |. MC_ESYS on a write error. */
mc_status mc_print_text(const mc_print_doc *doc, int width, bool ascii, FILE *out,
			mc_error *err);

/* A4 PDF or PostScript through cairo, in a font file with Vietnamese
 * letters: DejaVu Sans (fonts-dejavu-core, /usr/share/fonts/truetype/
 * dejavu/) or $MOTCUA_PRINT_FONT (and $MOTCUA_PRINT_FONT_BOLD; bold is
 * synthesised without one). MC_ESYS when the font is missing or lacks
 * Vietnamese letters (the message names the file and the package), or on a
 * write error. */
mc_status mc_print_pdf(const mc_print_doc *doc, mc_print_format format, FILE *out,
		       mc_error *err);

/* ---- QR codes (libqrencode) ------------------------------------------------ */

typedef struct mc_qr {
	int size;              /* modules per side, without the quiet zone */
	unsigned char *dark;   /* size * size, row by row: 1 = dark module */
} mc_qr;

/* Encode UTF-8 text (error correction level M). MC_EDATA for empty or too
 * long text. Release with mc_qr_free. */
mc_status mc_qr_encode(const char *text, mc_qr *out, mc_error *err);
void mc_qr_free(mc_qr *qr);
static inline bool mc_qr_at(const mc_qr *qr, int x, int y)
{
	return x >= 0 && y >= 0 && x < qr->size && y < qr->size && qr->dark[y * qr->size + x];
}

/* ---- the official forms ----------------------------------------------------- */

typedef enum mc_form_kind {
	MC_FORM_RECEIPT = 1,  /* Giấy tiếp nhận hồ sơ và hẹn trả kết quả */
	MC_FORM_SUPPLEMENT,   /* Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ */
	MC_FORM_REFUSE,       /* Phiếu từ chối tiếp nhận giải quyết hồ sơ */
	MC_FORM_APOLOGY,      /* Phiếu xin lỗi và hẹn lại / đề nghị gia hạn */
	MC_FORM_STOP,         /* Thông báo dừng giải quyết hồ sơ (2025 only) */
	MC_FORM_CONTROL,      /* Phiếu kiểm soát quá trình giải quyết hồ sơ */
	MC_FORM_REGISTER,     /* Sổ theo dõi hồ sơ */
} mc_form_kind;

/* A form of one set: its number in that set (Mẫu 0N), stable key, title. */
typedef struct mc_form_info {
	mc_form_kind kind;
	int number;
	const char *key;       /* receipt, supplement, refuse, apology, stop, control, register */
	const char *title;     /* Vietnamese */
} mc_form_info;

/* The forms of a set ("2018": 6, "2025": 7) in number order; NULL and
 * *n = 0 for an unknown set. */
const mc_form_info *mc_form_list(const char *form_set, size_t *n);

/* Resolve a form named by number ("01", "1", "mau01", "Mẫu 01") or key
 * ("receipt", "register"; "extend" = apology) within a set. MC_EDATA names
 * the set when the form is not in it ("Mẫu 07 is not a form of the 2018
 * set (TT 01/2018/TT-VPCP: Mẫu 01–06)"). */
mc_status mc_form_resolve(const char *form_set, const char *name, const mc_form_info **out,
			  mc_error *err);

/* The set whose forms apply to a receipt date 'YYYY-MM-DD...': "2025"
 * from 2025-09-15 (the date of Circular 03/2025/TT-VPCP, docs/rules.md
 * R19), else "2018". */
const char *mc_form_set_for_date(const char *date);
/* The same as the office sets it: the setting forms.2025_from, when set,
 * replaces 2025-09-15 (a province that switched on another day). */
const char *mc_form_set_for(mc_store *store, const char *date);

typedef struct mc_print_opts {
	mc_print_format format;
	int width;              /* text: 80 (default when 0) or 132 */
	bool ascii;             /* text: no half blocks, ASCII table borders */
	const char *forms_dir;  /* NULL: <datadir>/forms/print */
	bool reprint;           /* marked "BẢN IN LẠI" with the day reprinted; the
				 * form keeps its first date (its step's, or the
				 * receipt's) */
} mc_print_opts;

/* Print form `form` of the dossier `code` in the dossier's form set.
 * Forms that tell of a lifecycle step read it from the dossier's history:
 * 02 the supplement request (else the papers not ticked at intake), 03 the
 * refusal, 04 the apology and new date, 05 (2025) the stop or withdrawal,
 * control slip the hand-overs. MC_EDATA when the step never happened, the
 * dossier is unknown or the form is the register (use mc_print_register). */
mc_status mc_print_dossier(mc_store *store, const char *form, const char *code,
			   const mc_print_opts *o, FILE *out, mc_error *err);

/* Print the register (Sổ theo dõi hồ sơ) of the dossiers received in
 * [from, to] (YYYY-MM-DD), in the set of `from` (Mẫu 06 of 2018 or Mẫu 07
 * of 2025). form NULL or a name of the register in that set. */
mc_status mc_print_register(mc_store *store, const char *form, const char *from,
			    const char *to, const mc_print_opts *o, FILE *out, mc_error *err);

#endif
