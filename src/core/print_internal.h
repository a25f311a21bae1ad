/*
 * Private to the print renderers (print_text.c, print_pdf.c): one word
 * wrapper for both, measuring with whatever unit the caller has (display
 * columns for text, points for PDF), so both break lines the same way.
 */
#ifndef MOTCUA_PRINT_INTERNAL_H
#define MOTCUA_PRINT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

struct print_seg {
	const char *s;     /* into the wrapped string */
	size_t len;
	double width;
};

struct print_segs {
	struct print_seg *v;
	int n, cap;
	bool oom;          /* set when a line could not be stored */
};

/* Width of s[0..len) in the caller's unit. */
typedef double (*print_measure)(void *ctx, const char *s, size_t len);

/* Wrap s at spaces into lines at most `first` (then `rest`) wide; a word
 * wider than a line is cut between characters (at least one per line).
 * Runs of spaces inside a line are kept; a newline character forces a
 * break (the template's \n). An empty string gives one empty line.
 * o is reused: its lines are replaced, its memory kept (free o->v). */
void print_wrap(const char *s, double first, double rest, print_measure m, void *ctx,
		struct print_segs *o);

/* Byte length of the UTF-8 character at s (at least 1, at most len). */
size_t print_char_len(const char *s, size_t len);

/* Reads forms/print/FILE (or o->forms_dir's) into *text, at most max bytes
 * of UTF-8; path gets the file's path for messages. */
mc_status print_template_load(const mc_print_opts *o, const char *file, size_t max,
			      char *path, size_t pathsz, char **text, mc_error *err);

#endif
