/*
 * PDF and PostScript rendering of a form document through cairo, for the
 * office printer: A4 (landscape for the register), the margins of
 * administrative documents (NĐ 30/2020: left 30 mm, right 15 mm, top and
 * bottom 20 mm), a font that has every Vietnamese letter, the QR code drawn
 * as vector squares so it stays sharp at any printer resolution. Lines
 * wrap with the same word wrapper as the text renderer, measured in points.
 * A page break inside a table repeats the table's header rows.
 *
 * The font is a file (Liberation Serif of fonts-liberation2 at its Debian
 * path: a serif metric-compatible with Times New Roman, the typeface Decree
 * 30/2020/NĐ-CP Annex I asks of administrative documents, docs/rules.md
 * R18; or $MOTCUA_PRINT_FONT) loaded with FreeType, not a family looked up
 * through fontconfig: the printout does not change with the fonts someone
 * installs, a missing font is one clear message, and no font configuration
 * is parsed on every print.
 *
 * This file is built as a shared module of its own (see print_module.h):
 * the core loads it only when a PDF or PostScript is printed, and lends it
 * the few core functions it calls through the table H points to.
 */
#include "motcua/print.h"
#include "print_module.h"

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo-ps.h>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FONT_DIR "/usr/share/fonts/truetype/liberation2/"

#define MM (72.0 / 25.4)
#define BODY 10.5
#define TITLE 13.0
#define SMALL 9.0
#define LEADING 1.35
#define CELL_PAD 3.0

static const struct print_host *H;   /* the core's functions, set per render */

struct pdf {
	cairo_t *cr;
	cairo_font_face_t *face[2];   /* regular, bold */
	double pw, ph, left, right, top, bottom, y;
	double size;
	bool bold;
};

static void font(struct pdf *p, bool bold, double size)
{
	p->bold = bold;
	p->size = size;
	cairo_set_font_face(p->cr, p->face[bold]);
	cairo_set_font_size(p->cr, size);
}

static double measure(void *ctx, const char *s, size_t len)
{
	struct pdf *p = ctx;
	char buf[1024];
	if (len >= sizeof buf)
		len = sizeof buf - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	cairo_text_extents_t ext;
	cairo_text_extents(p->cr, buf, &ext);
	return ext.x_advance;
}

static void show(struct pdf *p, double x, double baseline, const struct print_seg *g)
{
	char buf[1024];
	size_t len = g->len < sizeof buf ? g->len : sizeof buf - 1;
	memcpy(buf, g->s, len);
	buf[len] = '\0';
	cairo_move_to(p->cr, x, baseline);
	cairo_show_text(p->cr, buf);
}

static double line_h(const struct pdf *p)
{
	return p->size * LEADING;
}

static double content_w(const struct pdf *p)
{
	return p->pw - p->left - p->right;
}

static void new_page(struct pdf *p)
{
	cairo_show_page(p->cr);
	p->y = p->top;
}

/* Start a new page unless h more points fit on this one. */
static void need(struct pdf *p, double h)
{
	if (p->y + h > p->ph - p->bottom && p->y > p->top)
		new_page(p);
}

/* Lines of sg at x0 within width w; align 0 left, 1 centre, 2 right;
 * `hang` indents every line after the first. */
static void lines(struct pdf *p, const struct print_segs *sg, double x0, double w, int align,
		  double hang)
{
	for (int i = 0; i < sg->n; i++) {
		need(p, line_h(p));
		double x = x0 + (i ? hang : 0);
		if (align == 1)
			x = x0 + (w - sg->v[i].width) / 2;
		else if (align == 2)
			x = x0 + w - sg->v[i].width;
		show(p, x, p->y + p->size, &sg->v[i]);
		p->y += line_h(p);
	}
}

static void paragraph(struct pdf *p, const mc_print_line *l, struct print_segs *sg, int align,
		      double size)
{
	font(p, (l->bold & 1) || l->kind == MC_PL_TITLE, size);
	double em = measure(p, "n", 1);
	double indent = l->kind == MC_PL_TEXT ? l->indent * em : 0;
	double hang = l->hang ? measure(p, l->cells[0], (size_t)l->hang) : 0;
	double w = content_w(p) - indent;
	H->wrap(l->cells[0], w, w - hang, measure, p, sg);
	lines(p, sg, p->left + indent, w, align, hang);
}

/* Two halves: the left (agency, "Nơi nhận") narrower than the right,
 * which holds the national motto in bold. */
static void pair(struct pdf *p, const mc_print_line *l, struct print_segs *a,
		 struct print_segs *b)
{
	double lw = content_w(p) * 0.42, rw = content_w(p) - lw;
	font(p, l->bold & 1, BODY);
	H->wrap(l->cells[0], lw - 6, lw - 6, measure, p, a);
	font(p, l->bold & 2, BODY);
	H->wrap(l->cells[1], rw, rw, measure, p, b);
	int rows = a->n > b->n ? a->n : b->n;
	for (int i = 0; i < rows; i++) {
		need(p, line_h(p));
		double base = p->y + p->size;
		if (i < a->n) {
			font(p, l->bold & 1, BODY);
			show(p, p->left + (lw - 6 - a->v[i].width) / 2, base, &a->v[i]);
		}
		if (i < b->n) {
			font(p, l->bold & 2, BODY);
			show(p, p->left + lw + (rw - b->v[i].width) / 2, base, &b->v[i]);
		}
		p->y += line_h(p);
	}
}

static void rule(struct pdf *p)
{
	double w = content_w(p) / 4, x = p->left + (content_w(p) - w) / 2;
	cairo_set_line_width(p->cr, 0.6);
	cairo_move_to(p->cr, x, p->y + 3);
	cairo_line_to(p->cr, x + w, p->y + 3);
	cairo_stroke(p->cr);
	p->y += 8;
}

static mc_status qr(struct pdf *p, const char *text, mc_error *err)
{
	mc_qr q;
	mc_status st = H->qr_encode(text, &q, err);
	if (st != MC_OK)
		return st;
	double module = 22 * MM / q.size;   /* about 22 mm across, any version */
	double side = q.size * module;
	need(p, side + 2 * SMALL);
	double x0 = p->left + content_w(p) - side, y0 = p->y + 2;
	for (int y = 0; y < q.size; y++)
		for (int x = 0; x < q.size; x++)
			if (mc_qr_at(&q, x, y))
				cairo_rectangle(p->cr, x0 + x * module, y0 + y * module, module,
						module);
	cairo_fill(p->cr);
	H->qr_free(&q);
	font(p, false, SMALL);
	struct print_seg g = {text, strlen(text), measure(p, text, strlen(text))};
	show(p, x0 + side - g.width, y0 + side + SMALL, &g);
	p->y = y0 + side + SMALL * LEADING + 2;
	return MC_OK;
}

/* ---- tables ------------------------------------------------------------------ */

static void column_widths(const struct pdf *p, const mc_print_table *t, double *cols)
{
	int total = 0;
	for (int c = 0; c < t->ncols; c++)
		total += t->weight[c];
	for (int c = 0; c < t->ncols; c++)
		cols[c] = content_w(p) * t->weight[c] / total;
}

/* Height of a row once wrapped; leaves the wrapped cells in cell[]. */
static double row_height(struct pdf *p, const mc_print_line *l, const double *cols,
			 struct print_segs *cell)
{
	int rows = 1;
	font(p, l->head, SMALL);
	for (int c = 0; c < l->ncells; c++) {
		double w = cols[c] - 2 * CELL_PAD;
		H->wrap(l->cells[c], w, w, measure, p, &cell[c]);
		if (cell[c].n > rows)
			rows = cell[c].n;
	}
	return rows * SMALL * LEADING + 2 * CELL_PAD;
}

static void draw_row(struct pdf *p, const mc_print_line *l, const double *cols,
		     struct print_segs *cell, double h)
{
	double x = p->left;
	cairo_set_line_width(p->cr, 0.5);
	font(p, l->head, SMALL);
	for (int c = 0; c < l->ncells; c++) {
		cairo_rectangle(p->cr, x, p->y, cols[c], h);
		cairo_stroke(p->cr);
		for (int i = 0; i < cell[c].n; i++) {
			double tx = x + CELL_PAD;
			if (l->head)
				tx = x + (cols[c] - cell[c].v[i].width) / 2;
			show(p, tx, p->y + CELL_PAD + SMALL + i * SMALL * LEADING, &cell[c].v[i]);
		}
		x += cols[c];
	}
	p->y += h;
}

static bool table_row(struct pdf *p, const mc_print_doc *d, size_t i)
{
	const mc_print_line *l = &d->lines[i];
	double cols[MC_PRINT_MAX_COLS];
	struct print_segs cell[MC_PRINT_MAX_COLS] = {0};
	column_widths(p, &d->tables[l->table], cols);
	double h = row_height(p, l, cols, cell);
	bool ok = true;
	if (p->y + h > p->ph - p->bottom && p->y > p->top) {
		new_page(p);
		/* Repeat the header rows that open this table. */
		size_t first = i;
		while (first > 0 && d->lines[first - 1].kind == MC_PL_ROW &&
		       d->lines[first - 1].table == l->table)
			first--;
		for (size_t k = first; k < i && d->lines[k].head && !l->head; k++) {
			struct print_segs hc[MC_PRINT_MAX_COLS] = {0};
			double hh = row_height(p, &d->lines[k], cols, hc);
			draw_row(p, &d->lines[k], cols, hc, hh);
			for (int c = 0; c < MC_PRINT_MAX_COLS; c++)
				free(hc[c].v);
		}
		h = row_height(p, l, cols, cell);
	}
	draw_row(p, l, cols, cell, h);
	for (int c = 0; c < l->ncells; c++) {
		ok = ok && !cell[c].oom;
		free(cell[c].v);
	}
	return ok;
}

/* ---- document ---------------------------------------------------------------- */

/* ---- fonts --------------------------------------------------------------------- */

static FT_Library ft_lib;   /* one per process; cairo keeps faces cached */
static const cairo_user_data_key_t ft_key;

static void done_face(void *face)
{
	FT_Done_Face(face);
}

/* A cairo face for the font file at path; bold synthesised when asked
 * (no bold file). NULL with err set when the file cannot be used. */
static cairo_font_face_t *load_face(const char *path, bool synth_bold, mc_error *err)
{
	FT_Face face;
	if ((!ft_lib && FT_Init_FreeType(&ft_lib) != 0) || FT_New_Face(ft_lib, path, 0, &face)) {
		H->error_set(err, MC_ESYS, "cannot load the font %s for printing (install "
			     "fonts-liberation2, or set MOTCUA_PRINT_FONT to a TrueType font "
			     "with Vietnamese letters)", path);
		return NULL;
	}
	cairo_font_face_t *cf = cairo_ft_font_face_create_for_ft_face(face, 0);
	if (cairo_font_face_set_user_data(cf, &ft_key, face, done_face) != CAIRO_STATUS_SUCCESS) {
		cairo_font_face_destroy(cf);
		FT_Done_Face(face);
		H->error_set(err, MC_ESYS, "out of memory");
		return NULL;
	}
	if (synth_bold)
		cairo_ft_font_face_set_synthesize(cf, CAIRO_FT_SYNTHESIZE_BOLD);
	return cf;
}

/* The font must draw Vietnamese: check that letters with stacked marks
 * map to real glyphs, so a wrong file is refused instead of printing
 * empty boxes on an official form. */
static mc_status check_font(struct pdf *p, const char *path, mc_error *err)
{
	static const char probe[] = "ỆệĐđƯưỡẫ";
	font(p, false, BODY);
	cairo_scaled_font_t *sf = cairo_get_scaled_font(p->cr);
	cairo_glyph_t *glyphs = NULL;
	int n = 0;
	cairo_status_t cs = cairo_scaled_font_text_to_glyphs(sf, 0, 0, probe, -1, &glyphs, &n,
							     NULL, NULL, NULL);
	bool ok = cs == CAIRO_STATUS_SUCCESS && n > 0;
	for (int i = 0; ok && i < n; i++)
		ok = glyphs[i].index != 0;
	cairo_glyph_free(glyphs);
	if (!ok)
		return H->error_set(err, MC_ESYS, "the font %s has no Vietnamese letters (use "
				    "Liberation Serif of fonts-liberation2, or set MOTCUA_PRINT_FONT to "
				    "another TrueType font)", path);
	return MC_OK;
}

/* Regular and bold faces: $MOTCUA_PRINT_FONT (bold synthesised, or
 * $MOTCUA_PRINT_FONT_BOLD), else Liberation Serif and its bold. */
static mc_status load_fonts(struct pdf *p, const char **regular, mc_error *err)
{
	/* secure_getenv: a setgid motcua takes no font path from its caller. */
	const char *reg = secure_getenv("MOTCUA_PRINT_FONT"),
		   *bold = secure_getenv("MOTCUA_PRINT_FONT_BOLD");
	if (!reg || !*reg) {
		reg = FONT_DIR "LiberationSerif-Regular.ttf";
		if (!bold || !*bold)
			bold = FONT_DIR "LiberationSerif-Bold.ttf";
	}
	bool synth = !bold || !*bold || access(bold, R_OK) != 0;
	*regular = reg;
	if (!(p->face[0] = load_face(reg, false, err)))
		return MC_ESYS;
	if (!(p->face[1] = load_face(synth ? reg : bold, synth, err)))
		return MC_ESYS;
	return MC_OK;
}

static mc_status render(struct pdf *p, const mc_print_doc *d, mc_error *err)
{
	struct print_segs a = {0}, b = {0};
	mc_status st = MC_OK;
	bool ok = true;
	for (size_t i = 0; i < d->nlines && st == MC_OK && ok; i++) {
		const mc_print_line *l = &d->lines[i];
		switch (l->kind) {
		case MC_PL_BLANK:
			p->y += BODY * LEADING;
			break;
		case MC_PL_TEXT:
			paragraph(p, l, &a, 0, BODY);
			break;
		case MC_PL_CENTER:
			paragraph(p, l, &a, 1, BODY);
			break;
		case MC_PL_RIGHT:
			paragraph(p, l, &a, 2, BODY);
			break;
		case MC_PL_TITLE:
			paragraph(p, l, &a, 1, TITLE);
			break;
		case MC_PL_PAIR:
			pair(p, l, &a, &b);
			break;
		case MC_PL_RULE:
			rule(p);
			break;
		case MC_PL_QR:
			st = qr(p, d->qr_text, err);
			break;
		case MC_PL_ROW:
			ok = table_row(p, d, i);
			break;
		}
		ok = ok && !a.oom && !b.oom;
	}
	free(a.v);
	free(b.v);
	if (st == MC_OK && !ok)
		st = H->error_set(err, MC_ESYS, "out of memory");
	return st;
}

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int len)
{
	return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS
						    : CAIRO_STATUS_WRITE_ERROR;
}

static mc_status render_doc(const struct print_host *host, const mc_print_doc *doc,
			    mc_print_format format, FILE *out, mc_error *err)
{
	H = host;
	if (format != MC_PRINT_PDF && format != MC_PRINT_PS)
		return H->error_set(err, MC_EUSAGE, "mc_print_pdf: format must be PDF or PS");
	struct pdf p = {0};
	const char *font_path;
	mc_status st = load_fonts(&p, &font_path, err);
	if (st != MC_OK) {
		for (int i = 0; i < 2; i++)
			if (p.face[i])
				cairo_font_face_destroy(p.face[i]);
		return st;
	}
	p.pw = (doc->landscape ? 297 : 210) * MM;
	p.ph = (doc->landscape ? 210 : 297) * MM;
	p.left = (doc->landscape ? 20 : 30) * MM;
	p.right = 15 * MM;
	p.top = p.bottom = 20 * MM;
	p.y = p.top;
	cairo_surface_t *sf;
	if (format == MC_PRINT_PS) {
		sf = cairo_ps_surface_create_for_stream(write_out, out, p.pw, p.ph);
	} else {
		sf = cairo_pdf_surface_create_for_stream(write_out, out, p.pw, p.ph);
		cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_CREATOR, "motcua");
		if (doc->title)
			cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_TITLE, doc->title);
	}
	p.cr = cairo_create(sf);
	cairo_set_source_rgb(p.cr, 0, 0, 0);
	st = check_font(&p, font_path, err);
	if (st == MC_OK)
		st = render(&p, doc, err);
	cairo_show_page(p.cr);
	cairo_destroy(p.cr);
	cairo_surface_finish(sf);
	cairo_status_t cs = cairo_surface_status(sf);
	cairo_surface_destroy(sf);
	cairo_font_face_destroy(p.face[0]);
	cairo_font_face_destroy(p.face[1]);
	if (st == MC_OK && cs != CAIRO_STATUS_SUCCESS)
		st = H->error_set(err, MC_ESYS, "writing the %s failed: %s",
				  format == MC_PRINT_PS ? "PostScript" : "PDF",
				  cairo_status_to_string(cs));
	if (st == MC_OK && (fflush(out) != 0 || ferror(out)))
		st = H->error_set(err, MC_ESYS, "writing the form failed");
	return st;
}

/* The module's entry point, the one symbol it exports (the rest is hidden
 * by the build): its ABI, the layout it was built with, its renderer. */
__attribute__((visibility("default"))) const struct module_header *motcua_print_pdf_module(void);

const struct module_header *motcua_print_pdf_module(void)
{
	static const struct print_module m = {
		.head = {.abi = PRINT_MODULE_ABI, .layout = PRINT_MODULE_LAYOUT},
		.render = render_doc,
	};
	return &m.head;
}
