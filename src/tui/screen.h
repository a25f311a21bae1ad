/*
 * What every piece of the counter TUI shares: the session (struct tui),
 * the decoded keys, and the table of operations each screen fills in
 * (struct screen_ops, as tig's view_ops). The main loop in tui.c only
 * dispatches: global keys (F1-F6, quit, input-method toggle, resize) first,
 * everything else to the current screen.
 *
 * Layout at any size >= 80x24: row 0 context bar (office, counter, user,
 * input method, clock), row 1 title rule, rows 2..LINES-3 the screen's
 * content (form rows count from 0 at screen row 2), row LINES-2 message
 * line, row LINES-1 keys. Everything is drawn on stdscr (popups are derived
 * windows) so that one wnoutrefresh + doupdate sends only what changed.
 */
#ifndef MOTCUA_TUI_SCREEN_H
#define MOTCUA_TUI_SCREEN_H

#include <curses.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "i18n.h"
#include "motcua/ime.h"
#include "motcua/store.h"
#include "motcua/user.h"

/* snprintf where cutting the text short is intended (display, notes):
 * a function of its own, so the compiler does not flag the truncation. */
void snprintf_trunc(char *buf, size_t bufsz, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- keys ---------------------------------------------------------------- */

/* Keys beyond curses' own codes. F-keys typed as Esc+digit arrive as
 * KEY_F(n) like real function keys. */
#define TK_BACK (KEY_MAX + 1)   /* Esc alone (after the Esc-digit wait) */
#define TK_QUIT (KEY_MAX + 2)   /* Ctrl-Q or Esc q */
#define TK_IME (KEY_MAX + 3)    /* Ctrl-T or Esc v: next input method */
#define TK_TICK (KEY_MAX + 4)   /* no key for a while: redraw the clock */
#define TK_SCAN_BAD (KEY_MAX + 5) /* the charset proxy dropped an unreadable scan */
#define TK_SAVE KEY_F(10)

#define TK_CTRL(c) ((c) & 0x1f)

typedef struct tui_key {
	int code;     /* curses KEY_* / TK_* code, or 0 when ch is a character */
	uint32_t ch;  /* Unicode code point (printable, Tab, Enter, controls) */
} tui_key;

static inline bool tk_is_char(const tui_key *k, uint32_t c)
{
	return k->code == 0 && k->ch == c;
}
static inline bool tk_is_enter(const tui_key *k)
{
	return k->code == KEY_ENTER || (k->code == 0 && (k->ch == '\n' || k->ch == '\r'));
}
static inline bool tk_is_text(const tui_key *k)
{
	return k->code == 0 && k->ch >= 0x20 && k->ch != 0x7f;
}

/* ---- screens --------------------------------------------------------------- */

enum screen_id {
	SCR_LOGIN,
	SCR_INTAKE,
	SCR_LOOKUP,
	SCR_RETURN,
	SCR_QUEUE,
	SCR_SUPERVISOR,
	SCR_HELP,
	SCR_STEP,        /* a dossier's steps, from its detail (screen_step.c) */
	SCR_LISTS,       /* overdue, due soon, my day (screen_lists.c) */
	SCR_GUIDANCE,    /* guidance slip without intake (screen_guidance.c) */
	SCR_COUNT
};

/* What a key handler tells the main loop. */
enum { KEY_UNHANDLED = 0, KEY_HANDLED = 1 };

struct tui;
struct screen;

struct screen_ops {
	const char *title;  /* msgid of the title rule */
	/* Load forms, allocate state. Non-zero refuses the screen; the reason
	 * is in s->error (e.g. "forms/intake.form:12: unknown type"). */
	int (*open)(struct tui *t, struct screen *s);
	/* Draw the content area and leave the cursor where the clerk types.
	 * full: the screen was erased (resize, switch): redraw everything. */
	void (*draw)(struct tui *t, struct screen *s, bool full);
	int (*key)(struct tui *t, struct screen *s, const tui_key *k);
	void (*close)(struct tui *t, struct screen *s);
	/* Key hints for the bottom line (may depend on the focused field). */
	const char *(*keys)(struct tui *t, struct screen *s);
	/* Typed but unsaved input that quitting would lose. May be NULL. */
	bool (*dirty)(struct tui *t, struct screen *s);
	/* Switched away from / to (unpost forms, refresh lists). May be NULL. */
	void (*leave)(struct tui *t, struct screen *s);
	void (*enter)(struct tui *t, struct screen *s);
};

struct screen {
	const struct screen_ops *ops;
	void *priv;
	bool opened;
	char error[600];    /* why open failed, shown instead of the screen */
};

extern const struct screen_ops login_ops, intake_ops, lookup_ops, return_ops, queue_ops,
	supervisor_ops, help_ops, step_ops, lists_ops, guidance_ops;

/* What the lists screen shows (t->list_kind). */
enum { LIST_OVERDUE, LIST_SOON, LIST_MINE };

/* ---- the session ------------------------------------------------------------ */

struct theme {
	attr_t bar, title, label, field, field_cur, error, hint, select, keys, bold;
};

enum msg_kind { MSG_NONE, MSG_INFO, MSG_ERROR };

struct form_spec;

/* Keys kept while the window is too small (tui_hold): a whole scan or
 * paste. */
#define KEYS_HELD_MAX 1024

struct tui {
	mc_store *store;
	mc_office office;
	mc_user user;
	bool logged_in;
	bool locked;         /* idle lock: the log-in screen asks again */
	int locked_from;     /* screen to go back to after the same user logs in */
	int idle_seconds;    /* 0: never lock */
	mc_ime ime;
	bool utf8;           /* terminal codeset is UTF-8 (else ASCII, no marks) */
	bool color;
	struct theme th;
	char msg[600];
	enum msg_kind msg_kind;
	char field_msg[600]; /* error of the focused field, when msg is empty */
	struct screen screens[SCR_COUNT];
	int cur;             /* current screen */
	int stack[16];       /* screens to go back to (Esc) */
	int depth;
	bool full;           /* next frame erases and redraws everything */
	bool entered;        /* the screen was just switched to and posted */
	bool quit;
	bool too_small;      /* terminal under 80x24: only a notice is drawn */
	tui_key held[KEYS_HELD_MAX]; /* typing that came meanwhile, typed when */
	int nheld;                   /* the window is big enough again */
	bool esc_pending;    /* showing the Esc+digit hint */
	WINDOW *overlay;     /* drop-down drawn over stdscr, or NULL */
	char receipt_dir[1024];
	const char *printer; /* command receipts are piped to (lp), or NULL */
	struct form_spec *intake_spec;  /* labels of extra fields for look-up */
	char ticket[12];                /* queue ticket being served here, "" none */
	char lookup_query[256];         /* hand-over between screens */
	char lookup_code[64];           /* look-up opens this dossier's detail */
	char return_code[64];
	char step_code[64];             /* the steps screen acts on this dossier */
	int list_kind;                  /* LIST_*: what the lists screen shows */
	char notice[1400];              /* shown whole above the next detail opened
					 * (where a printed form went) */
	/* Intake → guidance slip (F8): what the intake screen held. */
	bool guidance_from_intake;
	bool guidance_done;             /* a slip was given: intake starts afresh */
	struct guidance_carry {
		char procedure[16];
		char name[256];
		char phone[32];
		char missing[4096];     /* papers not ticked, one a line */
	} guidance_carry;
};

extern volatile sig_atomic_t tui_stop;

/* Switch to screen id (opening it the first time); push the current one so
 * that Esc comes back. */
void tui_go(struct tui *t, int id);
/* Back to the previous screen (Esc). */
void tui_back(struct tui *t);
/* After a successful log-in (user in t->user, actor set): back to where a
 * locked session was, or a fresh start at the intake screen. */
void tui_logged_in(struct tui *t);
/* Close every screen but the log-in one (another user at the counter). */
void tui_reset_screens(struct tui *t);

/* Message line. */
void tui_msg(struct tui *t, enum msg_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Ask a yes/no question on the message line; true for y/c/Enter. */
bool tui_confirm(struct tui *t, const char *question);
/* The same, answered only by a letter (y/c yes; n/k/Esc no): for a step
 * that records something the clerk may not mean, where a stray Enter (a
 * scanner's) must not say yes. */
bool tui_confirm_explicit(struct tui *t, const char *question);
/* Nothing can be seen (the window is too small, or a resize cut a form under
 * a burst of keys): keep typing, in order, for the main loop to type once
 * the window is big enough again (a resize that raced the keys must not
 * lose them); a key that would act (F10, F-keys, Esc) beeps and is not kept,
 * so nothing is done that nobody could see. */
void tui_hold(struct tui *t, const tui_key *k);

/* ---- keys.c ------------------------------------------------------------------ */

void keys_setup(void);
/* Next key; blocks up to timeout_ms (-1 forever), then TK_TICK. */
void keys_read(struct tui *t, tui_key *k, int timeout_ms);
/* The next key without taking it (it is read again): false when none came
 * within timeout_ms. */
bool keys_peek(struct tui *t, tui_key *k, int timeout_ms);
/* True when more input is already waiting (skip redraws during a paste). */
bool keys_pending(void);
/* Read keys[0..n) before anything the terminal sends, in order: what was
 * typed while the window was too small. Returns how many were queued. */
int keys_replay(const tui_key *keys, int n);
/* Keys that only type or move (characters, Tab, Enter, Backspace, arrows,
 * Home/End, Delete): the ones worth keeping while nothing can be seen. */
bool keys_is_typing(const tui_key *k);

/* A scanner (CCCD QR, receipt barcode) or a paste types far faster than a
 * person: keys that follow each other within KEYS_BURST_GAP_MS form a
 * burst. The screens look at a burst as a whole, so that the input method
 * never sees scanned text, and replay it key by key when it is not a scan. */
#define KEYS_BURST_GAP_MS 40
#define KEYS_BURST_MAX 600
struct key_burst {
	tui_key keys[KEYS_BURST_MAX];
	int n;             /* keys, the first one included */
	char text[2400];   /* the printable keys as UTF-8 (the final Enter left out) */
	bool enter;        /* the burst ended with Enter */
};
/* Collect the typed characters that follow `first` in a burst, up to and
 * including an Enter (or KEYS_BURST_MAX keys); any other key (an F-key,
 * Tab, Ctrl-Q) ends the burst and is left for the next keys_read. Returns
 * true when more than the first key came. Never blocks longer than
 * KEYS_BURST_GAP_MS after the last key. */
bool keys_burst(struct tui *t, const tui_key *first, struct key_burst *b);
/* A burst that may be a scan starts with a digit (CCCD numbers and dossier
 * codes both do). */
static inline bool keys_may_scan(const tui_key *k)
{
	return k->code == 0 && k->ch >= '0' && k->ch <= '9';
}

/* ---- draw.c ------------------------------------------------------------------ */

/* Content area: rows [CONTENT_TOP, content_bottom()). */
#define CONTENT_TOP 2
#define MIN_COLS 80
#define MIN_LINES 24

void draw_theme_init(struct tui *t);
/* Display width of UTF-8 text as drawn (after the ASCII fold when needed). */
int u8_width(const struct tui *t, const char *s);
/* Draw s at (y, x) within w columns (clipped; padded with spaces when pad). */
void draw_text(const struct tui *t, WINDOW *win, int y, int x, int w, const char *s,
	       attr_t attr, bool pad);
/* printf into a buffer then draw_text. */
void draw_fmt(const struct tui *t, WINDOW *win, int y, int x, int w, attr_t attr, bool pad,
	      const char *fmt, ...) __attribute__((format(printf, 8, 9)));
/* Horizontal rule with an optional title at row y. */
void draw_rule(const struct tui *t, int y, const char *title);
/* Border of a pop-up window (Unicode lines, or ASCII). */
void draw_box(const struct tui *t, WINDOW *win);
/* Plain-ASCII rendering of UTF-8 text (marks dropped, đ→d, symbols
 * replaced); malloc'd. */
char *draw_ascii(const char *s);
/* Byte length of the longest prefix of s that fits in w columns. */
size_t u8_fit(const struct tui *t, const char *s, int w);
/* Copy at most maxbytes-1 bytes of s into buf without cutting a character. */
void u8_copy(char *buf, size_t maxbytes, const char *s);
/* Encode a code point (<= 0x10FFFF) as UTF-8; returns the bytes used. */
int u8_encode(uint32_t cp, char out[4]);
/* Decode one UTF-8 sequence; returns its length (0 at end, -1 invalid). */
int u8_decode(const char *s, uint32_t *cp);

/* ---- statusline.c ------------------------------------------------------------ */

/* Context bar, title rule, message line and keys line. */
void statusline_draw(struct tui *t, const char *title, const char *keys);

/* Translated status label of a dossier status. */
const char *tui_status_label(int status);
/* "5 ngày làm việc", "4 giờ làm việc", "30 ngày" */
void tui_deadline_text(double amount, int unit, char *buf, size_t bufsz);
/* "Thứ Năm 27/11/2026 lúc 09:42" from "2026-11-27 09:42" */
void tui_appointment_text(const char *iso, char *buf, size_t bufsz);
/* "27/11/2026 09:42" from "2026-11-27 09:42" */
void tui_time_text(const char *iso, char *buf, size_t bufsz);

#endif
