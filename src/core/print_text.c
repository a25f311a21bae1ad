/*
 * Plain-text rendering of a form document, for line printers and the
 * terminal: 80 columns (portrait forms) or 132 (the register). Widths are
 * display columns measured with utf8proc, so Vietnamese letters (one
 * column each in NFC) and wide characters line up. Words wrap at spaces;
 * a word longer than its column is cut between characters. Tables get box
 * borders (or + - | with ascii); the QR code is drawn with half blocks so
 * one text line holds two module rows.
 */
#include "motcua/print.h"
#include "print_internal.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Decode one character at s (len bytes left); returns its byte length
 * (at least 1 so that broken bytes still move on) and its width. */
static size_t next_char(const char *s, size_t len, int *width)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s,
					      (utf8proc_ssize_t)len, &cp);
	if (n < 1) {
		*width = 1;
		return 1;
	}
	int w = utf8proc_charwidth(cp);
	*width = w < 0 ? 0 : w;
	return (size_t)n;
}

size_t print_char_len(const char *s, size_t len)
{
	int w;
	size_t n = next_char(s, len, &w);
	return n > len ? len : n;
}

static double columns(void *ctx, const char *s, size_t len)
{
	(void)ctx;
	int total = 0, w;
	for (size_t i = 0; i < len; ) {
		i += next_char(s + i, len - i, &w);
		total += w;
	}
	return total;
}

static void push(struct print_segs *o, const char *s, size_t len, double width)
{
	if (o->oom)
		return;
	if (o->n == o->cap) {
		int cap = o->cap ? o->cap * 2 : 8;
		struct print_seg *nv = realloc(o->v, (size_t)cap * sizeof *nv);
		if (!nv) {
			o->oom = true;
			return;
		}
		o->v = nv;
		o->cap = cap;
	}
	o->v[o->n++] = (struct print_seg){s, len, width};
}

/* Cut a word too wide for any line into pieces, after a dash or slash
 * when one fits, else between characters; the last piece becomes the open
 * line (*line.. *line_end, width *lw). */
static void cut_word(const char *p, const char *we, double first, double rest,
		     print_measure m, void *ctx, struct print_segs *o, const char **line,
		     const char **line_end, double *lw)
{
	while (p < we) {
		double avail = o->n == 0 ? first : rest, cw = 0;
		const char *c = p;
		while (c < we) {
			size_t n = print_char_len(c, (size_t)(we - c));
			double w = m(ctx, p, (size_t)(c + n - p));
			if (w > avail && c > p)
				break;
			c += n;
			cw = w;
		}
		/* Prefer to cut after a dash or slash ("...-260213-" / "0001"). */
		for (const char *k = c; c < we && k > p + 1; k--)
			if (k[-1] == '-' || k[-1] == '/') {
				cw = m(ctx, p, (size_t)(k - p));
				c = k;
				break;
			}
		if (c == we) {
			*line = p;
			*line_end = we;
			*lw = cw;
		} else {
			push(o, p, (size_t)(c - p), cw);
		}
		p = c;
	}
}

void print_wrap(const char *s, double first, double rest, print_measure m, void *ctx,
		struct print_segs *o)
{
	o->n = 0;
	o->oom = false;
	const char *line = NULL, *line_end = NULL;
	double lw = 0;
	const char *end = s + strlen(s);
	for (const char *p = s; p < end; ) {
		while (p < end && *p == ' ')
			p++;
		if (p == end)
			break;
		if (*p == '\n') {
			/* A line break written into the template. */
			if (line)
				push(o, line, (size_t)(line_end - line), lw);
			else
				push(o, p, 0, 0);
			line = NULL;
			p++;
			continue;
		}
		const char *we = p + strcspn(p, " \n");
		double ww = m(ctx, p, (size_t)(we - p));
		double avail = o->n == 0 ? first : rest;
		if (line) {
			double with = m(ctx, line, (size_t)(we - line));
			if (with <= avail) {
				lw = with;
				line_end = p = we;
				continue;
			}
			push(o, line, (size_t)(line_end - line), lw);
			line = NULL;
			avail = rest;
		}
		if (ww <= avail) {
			line = p;
			line_end = we;
			lw = ww;
		} else {
			cut_word(p, we, first, rest, m, ctx, o, &line, &line_end, &lw);
		}
		p = we;
	}
	if (line)
		push(o, line, (size_t)(line_end - line), lw);
	if (o->n == 0)
		push(o, "", 0, 0);
}

/* Text-column wrapping. */
static void wrap(const char *s, int first, int rest, struct print_segs *o)
{
	print_wrap(s, first, rest, columns, NULL, o);
}

static void spaces(FILE *out, int n)
{
	for (int i = 0; i < n; i++)
		fputc(' ', out);
}

static void put_seg(FILE *out, const struct print_seg *g)
{
	fwrite(g->s, 1, g->len, out);
}

/* Write `count` copies of a (possibly multi-byte) string. */
static void repeat(FILE *out, const char *s, int count)
{
	for (int i = 0; i < count; i++)
		fputs(s, out);
}

static void aligned(FILE *out, const char *text, int width, int align,
		    struct print_segs *sg)
{
	wrap(text, width, width, sg);
	for (int i = 0; i < sg->n; i++) {
		int pad = align == 0 ? 0 : align == 1 ? (width - (int)sg->v[i].width) / 2
						       : width - (int)sg->v[i].width;
		spaces(out, pad);
		put_seg(out, &sg->v[i]);
		fputc('\n', out);
	}
}

static void pair(FILE *out, const mc_print_line *l, int width, struct print_segs *a,
		 struct print_segs *b)
{
	int half = width / 2;
	wrap(l->cells[0], half - 1, half - 1, a);
	wrap(l->cells[1], width - half, width - half, b);
	int rows = a->n > b->n ? a->n : b->n;
	for (int i = 0; i < rows; i++) {
		int used = 0;
		if (i < a->n) {
			int pad = (half - (int)a->v[i].width) / 2;
			spaces(out, pad);
			put_seg(out, &a->v[i]);
			used = pad + (int)a->v[i].width;
		}
		if (i < b->n && b->v[i].len) {
			spaces(out, half - used + (width - half - (int)b->v[i].width) / 2);
			put_seg(out, &b->v[i]);
		}
		fputc('\n', out);
	}
}

/* ---- tables ------------------------------------------------------------------ */

struct box {
	const char *h, *v, *top[3], *mid[3], *bot[3];  /* left, cross, right */
};

static const struct box box_ascii = {"-", "|", {"+", "+", "+"}, {"+", "+", "+"},
				     {"+", "+", "+"}};
static const struct box box_unicode = {"─", "│", {"┌", "┬", "┐"}, {"├", "┼", "┤"},
				       {"└", "┴", "┘"}};

/* Column content widths for a table across `width` columns. */
static void column_widths(const mc_print_table *t, int width, int *cols, int *pad)
{
	int inner = width - (t->ncols + 1);
	*pad = inner / t->ncols >= 8 ? 1 : 0;
	inner -= 2 * *pad * t->ncols;
	int total = 0, used = 0;
	for (int c = 0; c < t->ncols; c++)
		total += t->weight[c];
	for (int c = 0; c < t->ncols; c++) {
		cols[c] = inner * t->weight[c] / total;
		if (cols[c] < 1)
			cols[c] = 1;
		used += cols[c];
	}
	/* Hand the rounding remainder to the widest columns, left first. */
	for (int c = 0; used < inner; c = (c + 1) % t->ncols)
		if (t->weight[c] * t->ncols >= total) {
			cols[c]++;
			used++;
		}
}

static void table_rule(FILE *out, const struct box *bx, const char *const ends[3],
		       const int *cols, int ncols, int pad)
{
	fputs(ends[0], out);
	for (int c = 0; c < ncols; c++) {
		repeat(out, bx->h, cols[c] + 2 * pad);
		fputs(c == ncols - 1 ? ends[2] : ends[1], out);
	}
	fputc('\n', out);
}

static bool table_row(FILE *out, const struct box *bx, const mc_print_line *l, const int *cols,
		      int pad)
{
	struct print_segs cell[MC_PRINT_MAX_COLS] = {0};
	int rows = 0;
	bool ok = true;
	for (int c = 0; c < l->ncells; c++) {
		wrap(l->cells[c], cols[c], cols[c], &cell[c]);
		ok = ok && !cell[c].oom;
		if (cell[c].n > rows)
			rows = cell[c].n;
	}
	for (int r = 0; ok && r < rows; r++) {
		fputs(bx->v, out);
		for (int c = 0; c < l->ncells; c++) {
			int w = 0, lead = 0;
			if (r < cell[c].n) {
				w = (int)cell[c].v[r].width;
				lead = l->head ? (cols[c] - w) / 2 : 0;
			}
			spaces(out, pad + lead);
			if (r < cell[c].n)
				put_seg(out, &cell[c].v[r]);
			spaces(out, cols[c] - w - lead + pad);
			fputs(bx->v, out);
		}
		fputc('\n', out);
	}
	for (int c = 0; c < l->ncells; c++)
		free(cell[c].v);
	return ok;
}

/* ---- QR ------------------------------------------------------------------------ */

static mc_status qr_block(FILE *out, const char *text, bool ascii, mc_error *err)
{
	if (ascii) {
		fprintf(out, "[QR: %s]\n", text);
		return MC_OK;
	}
	mc_qr qr;
	mc_status st = mc_qr_encode(text, &qr, err);
	if (st != MC_OK)
		return st;
	enum { QUIET = 2 };
	static const char *const glyph[4] = {" ", "▀", "▄", "█"};
	for (int y = -QUIET; y < qr.size + QUIET; y += 2) {
		for (int x = -QUIET; x < qr.size + QUIET; x++)
			fputs(glyph[mc_qr_at(&qr, x, y) | mc_qr_at(&qr, x, y + 1) << 1], out);
		fputc('\n', out);
	}
	mc_qr_free(&qr);
	return MC_OK;
}

/* ---- document ------------------------------------------------------------------ */

static bool row_continues(const mc_print_doc *d, size_t i)
{
	return i + 1 < d->nlines && d->lines[i + 1].kind == MC_PL_ROW &&
	       d->lines[i + 1].table == d->lines[i].table;
}

static mc_status render_line(const mc_print_doc *d, size_t i, int width, bool ascii,
			     FILE *out, struct print_segs *a, struct print_segs *b, mc_error *err)
{
	const mc_print_line *l = &d->lines[i];
	const struct box *bx = ascii ? &box_ascii : &box_unicode;
	switch (l->kind) {
	case MC_PL_BLANK:
		fputc('\n', out);
		break;
	case MC_PL_TEXT: {
		int ind = l->indent < width / 2 ? l->indent : 0;
		int hang = l->hang < width / 4 ? l->hang : 0;
		wrap(l->cells[0], width - ind, width - ind - hang, a);
		for (int k = 0; k < a->n; k++) {
			spaces(out, ind + (k ? hang : 0));
			put_seg(out, &a->v[k]);
			fputc('\n', out);
		}
		break;
	}
	case MC_PL_CENTER:
	case MC_PL_TITLE:
		aligned(out, l->cells[0], width, 1, a);
		break;
	case MC_PL_RIGHT:
		aligned(out, l->cells[0], width, 2, a);
		break;
	case MC_PL_PAIR:
		pair(out, l, width, a, b);
		break;
	case MC_PL_RULE:
		spaces(out, (width - width / 4) / 2);
		repeat(out, bx->h, width / 4);
		fputc('\n', out);
		break;
	case MC_PL_QR:
		return qr_block(out, d->qr_text, ascii, err);
	case MC_PL_ROW: {
		const mc_print_table *t = &d->tables[l->table];
		int cols[MC_PRINT_MAX_COLS], pad;
		column_widths(t, width, cols, &pad);
		bool first = i == 0 || d->lines[i - 1].kind != MC_PL_ROW ||
			     d->lines[i - 1].table != l->table;
		if (first)
			table_rule(out, bx, bx->top, cols, t->ncols, pad);
		if (!table_row(out, bx, l, cols, pad))
			return mc_error_set(err, MC_ESYS, "out of memory");
		table_rule(out, bx, row_continues(d, i) ? bx->mid : bx->bot, cols, t->ncols, pad);
		break;
	}
	}
	return a->oom || b->oom ? mc_error_set(err, MC_ESYS, "out of memory") : MC_OK;
}

mc_status mc_print_text(const mc_print_doc *doc, int width, bool ascii, FILE *out,
			mc_error *err)
{
	if (width < 40 || width > 400)
		return mc_error_set(err, MC_EUSAGE, "text width %d is outside 40..400", width);
	struct print_segs a = {0}, b = {0};
	mc_status st = MC_OK;
	for (size_t i = 0; i < doc->nlines && st == MC_OK; i++)
		st = render_line(doc, i, width, ascii, out, &a, &b, err);
	free(a.v);
	free(b.v);
	if (st == MC_OK && (fflush(out) != 0 || ferror(out)))
		st = mc_error_set(err, MC_ESYS, "writing the form failed");
	return st;
}
