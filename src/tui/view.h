/*
 * A scrollable page of text lines (the dossier detail of the look-up
 * screen, the help page), and the builder of a dossier's detail: the
 * applicant, the procedure, the papers, the fields an office added (with
 * the labels of forms/intake.form), the timeliness in words, the citizen's
 * other dossiers and every event of the history.
 */
#ifndef MOTCUA_TUI_VIEW_H
#define MOTCUA_TUI_VIEW_H

#include <stdbool.h>

#include "motcua/dossier.h"
#include "screen.h"

#define VIEW_LINE 400

struct view_line {
	char text[VIEW_LINE];
	bool heading;
};

struct view {
	struct view_line *lines;
	int n, cap;
	int top;      /* first screen row shown */
	int rows;     /* screen rows of the lines as last drawn (wrapped) */
	bool clip;    /* cut long lines instead of wrapping them (tables) */
};

void view_add(struct view *v, bool heading, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void view_clear(struct view *v);
/* Put a line before the others (a notice above a dossier's detail). */
void view_prepend(struct view *v, bool heading, const char *text);
/* Long lines wrap at spaces to the terminal's width (unless v->clip), the
 * rows after the first indented two more than the line. */
void view_draw(struct tui *t, struct view *v);
/* Up/Down/PgUp/PgDn/Home/End; false when the key is not for scrolling. */
bool view_key(struct view *v, const tui_key *k);

/* Fill v with the detail of dossier code. *d receives the dossier. */
int view_dossier(struct tui *t, const char *code, mc_dossier *d, struct view *v, char *err,
		 size_t errsz);

/* Timeliness in words: "còn 2 ngày làm việc", "quá hạn 8 ngày làm việc". */
void tui_timeliness_text(struct tui *t, const mc_dossier *d, char *buf, size_t bufsz);

#endif
