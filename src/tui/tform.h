/*
 * The form engine: forms/NAME.form files (form_file.c) rendered with ncurses'
 * own form library (libformw) for the text fields and the menu library
 * (libmenuw) for the pickers' drop-down lists. Fields the engine draws
 * itself (choices as radio buttons, checklists) sit on a one-cell libform
 * field, so libform still owns the field order and the focus.
 *
 * Screens know some fields by name (the intake screen maps procedure,
 * applicant_name, id_number, phone, address and documents to mc_intake);
 * every other field of a form file is an office's own and travels as JSON
 * in the dossier's `extra` column, so adding one needs no recompiling.
 */
#ifndef MOTCUA_TUI_TFORM_H
#define MOTCUA_TUI_TFORM_H

#include <form.h>
#include <menu.h>
#include <stdbool.h>
#include <stddef.h>

#include "screen.h"

typedef enum form_type {
	FT_TEXT,       /* any text, no input method */
	FT_VNTEXT,     /* Vietnamese text typed through the input method */
	FT_DIGITS,     /* digits only; len=N exact or min=/max= */
	FT_DATE,       /* dd/mm/yyyy, stored YYYY-MM-DD */
	FT_PHONE,      /* phone number, stored as digits (0...) */
	FT_CHOICE,     /* one of options, drawn as radio buttons */
	FT_CHECKLIST,  /* several of a list (source=procedure_documents or options) */
	FT_PROCEDURE,  /* catalog picker: type to filter, folded */
	FT_ADDRESS,    /* Vietnamese text + picker over the 2025 communes */
	FT_PASSWORD,   /* not shown */
	FT_COUNT
} form_type;

#define FORM_MAX_OPTIONS 12
#define FORM_NAME_MAX 32
#define FORM_TEXT_MAX 160

struct form_option {
	char key[FORM_NAME_MAX];    /* stored value */
	char label[FORM_TEXT_MAX];  /* msgid shown */
};

struct form_field_spec {
	char name[FORM_NAME_MAX];
	form_type type;
	char label[FORM_TEXT_MAX];  /* msgid, translated when drawn */
	char hint[FORM_TEXT_MAX];   /* msgid drawn after the field, may be "" */
	bool required;
	int row, col;               /* of the label, row 0 = first content row */
	int labelw;                 /* columns reserved for the label (0: its width) */
	int width;                  /* visible columns of the input */
	int height;                 /* checklist rows */
	int min, max;               /* length limits in characters (digits: len) */
	int noptions;
	struct form_option options[FORM_MAX_OPTIONS];
	char source[FORM_NAME_MAX]; /* checklist: procedure_documents */
	int line;                   /* where it was declared */
};

struct form_text_spec {
	int row, col;
	bool bold;
	char text[FORM_TEXT_MAX];   /* msgid */
};

struct form_spec {
	char path[512];
	char name[FORM_NAME_MAX];
	char title[FORM_TEXT_MAX];
	int nfields, ntexts;
	struct form_field_spec *fields;
	struct form_text_spec *texts;
};

/* ---- form_file.c ------------------------------------------------------------ */

/* Parse a .form file. On failure returns -1 with "FILE:LINE: what is wrong"
 * in err; on success fills *out (free with form_spec_free). */
int form_spec_load(const char *path, struct form_spec *out, char *err, size_t errsz);
/* Load DATADIR/forms/NAME.form (MOTCUA_DATADIR or the installed data). */
int form_spec_load_named(const char *name, struct form_spec *out, char *err, size_t errsz);
void form_spec_free(struct form_spec *s);
const struct form_field_spec *form_spec_field(const struct form_spec *s, const char *name);
/* Check that the fields a screen relies on exist with a fitting type. */
int form_spec_require(const struct form_spec *s, const char *name, form_type type, char *err,
		      size_t errsz);
const char *form_type_name(form_type t);

/* The intake form's spec, loaded once per session (the look-up screen
 * needs its labels for the fields an office added). NULL with err set. */
const struct form_spec *tui_intake_spec(struct tui *t, char *err, size_t errsz);

/* ---- form.c / form_field.c / form_picker.c ---------------------------------- */

#define FORM_MAX_ITEMS 40

struct tform;

/* One candidate of a picker list. */
struct pick {
	char label[300];   /* shown in the list */
	char value[600];   /* what goes into the field / its value */
	char note[300];    /* shown next to the field once picked */
	char shown[320];   /* label as fitted into the list */
};

struct tfield {
	const struct form_field_spec *spec;
	FIELD *f;
	int fcol, frow;            /* screen position of the input */
	int width;                 /* after shrinking to the screen */
	int choice;                /* FT_CHOICE: selected option */
	int nitems;                /* FT_CHECKLIST */
	char (*items)[256];
	bool checks[FORM_MAX_ITEMS];
	int cur_item, top_item;
	char picked[600];          /* picker: chosen value ("" none) */
	char note[300];            /* text next to the field (screen or picker) */
	char error[300];           /* validation message ("" none) */
	bool note_shown;           /* the note area holds text to clear */
	char last_text[600];       /* text the picker last searched for */
};

/* Called when a field's value changed by a pick or a toggle. */
typedef void (*tform_change_cb)(struct tform *f, struct tfield *field, void *ctx);

struct tform {
	struct tui *t;
	const struct form_spec *spec;
	struct tfield *fields;
	int nfields;
	FIELD **farr;
	FORM *form;
	bool posted;
	int post_cols, post_lines; /* the screen's size when posted */
	bool holding;              /* cut by a resize to too small: keys go to tui_hold */
	/* Where the cursor stood in the focused field when unposted, so that
	 * posting again (after a resize) puts it back there and the keys held
	 * meanwhile land where the clerk was typing; -1: at the end. */
	int keep_field, keep_col;
	bool dirty;
	tform_change_cb on_change;
	void *ctx;
	/* drop-down of the focused picker */
	bool drop_open;
	bool drop_stale;
	bool drop_numbered;  /* the list before typing: 1-9 pick */
	bool used_shut;      /* ... closed with Esc in this visit of the field */
	bool drop_moved;     /* the clerk moved the highlight */
	int ndrop, drop_sel;
	struct pick *drop;
	ITEM **items;
	MENU *menu;
	WINDOW *dropwin, *dropsub;
	int dropy, dropx, droph, dropw;
};

/* What tform_key did with a key. */
enum { TF_UNHANDLED, TF_HANDLED, TF_SUBMIT };

/* Build the runtime form. Returns NULL with a message in err when the
 * screen is too narrow for a field or curses refuses. */
struct tform *tform_new(struct tui *t, const struct form_spec *spec, char *err, size_t errsz);
void tform_free(struct tform *f);

/* Post on stdscr (draws the fields) / unpost (keeps the values). */
void tform_post(struct tform *f);
void tform_unpost(struct tform *f);
/* Labels, brackets, radio buttons, checklists, notes, errors and the
 * drop-down; leaves the cursor in the focused field. */
void tform_draw(struct tform *f);
/* Put the cursor where the focused field wants it. */
void tform_cursor(struct tform *f);
/* Feed a key: TF_SUBMIT for F10, or Enter on the last field. */
int tform_key(struct tform *f, const tui_key *k);

struct tfield *tform_field(struct tform *f, const char *name);
struct tfield *tform_current(struct tform *f);
void tform_focus(struct tform *f, const char *name);
/* The first field, in the form's order from the one after `after` (NULL:
 * from the start) round to the end, that still needs input: a required
 * text field left empty, or a checklist with items of which none is
 * ticked. NULL when none does. */
struct tfield *tform_first_empty(struct tform *f, const struct tfield *after);
/* Focus fld (closing lists). The list of an empty procedure field stays
 * shut, so that what a scan filled in stays in view: ↓ opens it. */
void tform_focus_field(struct tform *f, struct tfield *fld);
/* Type text into fld at its cursor as it is, without the input method,
 * leaving out what the field does not accept and what does not fit. */
void tform_insert_raw(struct tform *f, struct tfield *fld, const char *text);
/* Stored value: date as YYYY-MM-DD, phone as digits, choice key,
 * procedure code, else the trimmed text. Returns buf. */
char *tform_value(struct tform *f, const char *name, char *buf, size_t bufsz);
void tform_set_text(struct tform *f, const char *name, const char *text);
void tform_set_items(struct tform *f, const char *name, const char *const *items, int n,
		     bool checked);
void tform_set_note(struct tform *f, const char *name, const char *note);
void tform_set_error(struct tform *f, const char *name, const char *msg);
/* Empty every field (after a save). */
void tform_clear(struct tform *f);
/* Validate all fields; returns the number of errors and focuses the first. */
int tform_validate(struct tform *f);
/* JSON object of the fields not named in known (NULL-terminated); empty
 * fields are left out. Returns bytes written or -1 if it does not fit. */
int tform_extra_json(struct tform *f, const char *const *known, char *buf, size_t bufsz);
/* The screen was resized since the form was posted: its fields' windows
 * no longer hold what was typed (the buffers do). */
bool tform_window_cut(const struct tform *f);
/* Something typed since the last clear. */
bool tform_dirty(const struct tform *f);
/* Key hints for the focused field. */
const char *tform_keys(struct tform *f);

/* form_field.c: per-type behaviour. */
bool field_accepts(const struct tfield *fld, uint32_t cp);
/* Validate one field; fills fld->error. Returns true when valid. */
bool field_validate(struct tform *f, struct tfield *fld);
/* Stored value of one field into buf. */
void field_value(struct tform *f, struct tfield *fld, char *buf, size_t bufsz);
/* Text typed into a libform field (libform pads with spaces). */
void field_text(struct tform *f, struct tfield *fld, char *buf, size_t bufsz);
/* Type one code point into the focused text field (through the IME for
 * Vietnamese fields). */
void field_type_char(struct tform *f, struct tfield *fld, uint32_t cp);
/* Backspace through the IME. */
void field_backspace(struct tform *f, struct tfield *fld);

/* form_picker.c: the drop-down. */
bool field_is_picker(const struct tfield *fld);
/* Search again when the text changed (skipped while typing ahead). */
void picker_update(struct tform *f, struct tfield *fld);
void picker_close(struct tform *f);
/* Open the procedure list with the field empty: the clerk's most used
 * procedures first (mc_catalog_ranked), numbered 1-9 so that one digit
 * picks. tform_draw opens it by itself when the focused procedure field
 * is empty (Esc shuts it for that visit), below the fields a scan filled. */
void picker_open_used(struct tform *f, struct tfield *fld);
void picker_draw(struct tform *f);
/* Text typed fast or pasted (a code "1.000894"): its digits are text, not
 * picks from the numbered list, which is shut. */
void picker_typed_fast(struct tform *f);
/* Keys for an open drop-down; TF_UNHANDLED when it does not take it. */
int picker_key(struct tform *f, struct tfield *fld, const tui_key *k);

/* extra.c: the extra JSON column. */
typedef void (*extra_cb)(const char *key, const char *value, void *ctx);
/* Walk a flat JSON object of strings (what tform_extra_json writes). */
int extra_each(const char *json, extra_cb cb, void *ctx);
/* Append "key":"value" with escapes; returns false when out of room. */
bool extra_put(char *buf, size_t bufsz, size_t *len, const char *key, const char *value);

#endif
