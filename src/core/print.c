/*
 * The form template engine (see include/motcua/print.h and the syntax in
 * forms/print/README.md). A template is read line by line: section tags on
 * lines of their own repeat or skip whole lines, then each remaining line
 * is split into its layout (@center, @pair, @tr ...) and cells *before*
 * the placeholders inside the cells are filled, so a value can never
 * change the layout, whatever characters it holds.
 */
#include "motcua/print.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- variables ------------------------------------------------------------ */

struct entry {
	char *key;
	char *value;                /* NULL for a list */
	mc_print_vars **items;
	size_t nitems, cap;
};

struct mc_print_vars {
	struct entry *e;
	size_t n, cap;
};

mc_print_vars *mc_print_vars_new(void)
{
	return calloc(1, sizeof(mc_print_vars));
}

void mc_print_vars_free(mc_print_vars *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n; i++) {
		free(v->e[i].key);
		free(v->e[i].value);
		for (size_t k = 0; k < v->e[i].nitems; k++)
			mc_print_vars_free(v->e[i].items[k]);
		free(v->e[i].items);
	}
	free(v->e);
	free(v);
}

static struct entry *find_entry(const mc_print_vars *v, const char *key)
{
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->e[i].key, key) == 0)
			return &v->e[i];
	return NULL;
}

static struct entry *add_entry(mc_print_vars *v, const char *key)
{
	struct entry *e = find_entry(v, key);
	if (e)
		return e;
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 16;
		struct entry *ne = realloc(v->e, cap * sizeof *ne);
		if (!ne)
			return NULL;
		v->e = ne;
		v->cap = cap;
	}
	e = &v->e[v->n];
	memset(e, 0, sizeof *e);
	if (!(e->key = strdup(key)))
		return NULL;
	v->n++;
	return e;
}

bool mc_print_vars_set(mc_print_vars *v, const char *key, const char *value)
{
	struct entry *e = add_entry(v, key);
	if (!e || e->items)
		return false;
	char *copy = strdup(value ? value : "");
	if (!copy)
		return false;
	free(e->value);
	e->value = copy;
	return true;
}

bool mc_print_vars_setf(mc_print_vars *v, const char *key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return false;
	bool ok = mc_print_vars_set(v, key, s);
	free(s);
	return ok;
}

mc_print_vars *mc_print_vars_item(mc_print_vars *v, const char *key)
{
	struct entry *e = add_entry(v, key);
	if (!e || e->value)
		return NULL;
	if (e->nitems == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 8;
		mc_print_vars **ni = realloc(e->items, cap * sizeof *ni);
		if (!ni)
			return NULL;
		e->items = ni;
		e->cap = cap;
	}
	mc_print_vars *item = mc_print_vars_new();
	if (item)
		e->items[e->nitems++] = item;
	return item;
}

const char *mc_print_vars_get(const mc_print_vars *v, const char *key)
{
	const struct entry *e = find_entry(v, key);
	return e ? e->value : NULL;
}

/* ---- expansion state ------------------------------------------------------ */

#define MAX_DEPTH 16

struct scope {
	const mc_print_vars *v[MAX_DEPTH];
	int n;
};

struct buf {
	char *s;
	size_t n, cap;
	bool oom;
};

struct expander {
	const char *name;
	char **lines;
	size_t nlines;
	mc_print_doc *doc;
	int table;          /* open table, or -1 */
	mc_error *err;
	mc_status st;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = (b->n + n + 1) * 2;
		char *ns = realloc(b->s, cap);
		if (!ns) {
			b->oom = true;
			return;
		}
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static const struct entry *lookup(const struct scope *sc, const char *key)
{
	for (int i = sc->n - 1; i >= 0; i--) {
		const struct entry *e = find_entry(sc->v[i], key);
		if (e)
			return e;
	}
	return NULL;
}

/* True when a section over e renders (a non-empty value or list). */
static bool truthy(const struct entry *e)
{
	return e && ((e->value && e->value[0]) || e->nitems > 0);
}

static mc_status fail(struct expander *x, size_t line, const char *fmt, const char *arg)
{
	char what[256];
	snprintf(what, sizeof what, fmt, arg);
	return x->st = mc_error_set(x->err, MC_EDATA, "%s:%zu: %s", x->name, line + 1, what);
}

/* Append a value with control characters turned into spaces (a value is
 * always one line of one cell). */
static void add_value(struct buf *b, const char *v)
{
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		/* C1 controls (U+0080-U+009F) are terminal commands too. */
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			buf_add(b, " ", 1);
			p++;
			continue;
		}
		char c = *p < 0x20 || *p == 0x7f ? ' ' : (char)*p;
		buf_add(b, &c, 1);
	}
}

/* Parse the tag at s ("{{" already seen at s): kind ('#', '^', '/', '!'
 * or 0 for a value), name into key; returns the length of the tag or 0
 * when unclosed. */
static size_t parse_tag(const char *s, char *kind, char *key, size_t keysz)
{
	const char *end = strstr(s + 2, "}}");
	if (!end)
		return 0;
	const char *p = s + 2;
	*kind = (*p == '#' || *p == '^' || *p == '/' || *p == '!') ? *p++ : 0;
	while (*p == ' ')
		p++;
	const char *q = end;
	while (q > p && q[-1] == ' ')
		q--;
	size_t n = (size_t)(q - p) < keysz - 1 ? (size_t)(q - p) : keysz - 1;
	memcpy(key, p, n);
	key[n] = '\0';
	return (size_t)(end + 2 - s);
}

/* Find the {{/key}} closing an inline section opened before s (nesting
 * counted); NULL when not on this line. *after receives the text after it. */
static const char *inline_close(const char *s, const char *key, const char **after)
{
	int depth = 1;
	for (const char *p = s; (p = strstr(p, "{{")); ) {
		char kind, k[128];
		size_t n = parse_tag(p, &kind, k, sizeof k);
		if (!n)
			return NULL;
		if ((kind == '#' || kind == '^') && strcmp(k, key) == 0)
			depth++;
		else if (kind == '/' && strcmp(k, key) == 0 && --depth == 0) {
			*after = p + n;
			return p;
		}
		p += n;
	}
	return NULL;
}

/* Expand placeholders in s[0..len) into b. */
static void expand_inline(struct expander *x, size_t line, const char *s, size_t len,
			  struct scope *sc, struct buf *b)
{
	const char *end = s + len;
	while (s < end && x->st == MC_OK) {
		const char *open = strstr(s, "{{");
		if (!open || open >= end) {
			buf_add(b, s, (size_t)(end - s));
			return;
		}
		buf_add(b, s, (size_t)(open - s));
		char kind, key[128];
		size_t n = parse_tag(open, &kind, key, sizeof key);
		if (!n || open + n > end) {
			fail(x, line, "%s", "a {{ placeholder is not closed with }}");
			return;
		}
		s = open + n;
		if (kind == '!')
			continue;
		if (kind == '/') {
			fail(x, line, "{{/%s}} closes a section that is not open", key);
			return;
		}
		if (kind == 0) {
			const struct entry *e = lookup(sc, key);
			if (e && e->value)
				add_value(b, e->value);
			continue;
		}
		const char *after, *close = inline_close(s, key, &after);
		if (!close || close > end) {
			fail(x, line, "section {{%s}} is not closed on its line (put the open and "
			     "close tags on lines of their own to repeat lines)", key);
			return;
		}
		const struct entry *e = lookup(sc, key);
		if (kind == '^') {
			if (!truthy(e))
				expand_inline(x, line, s, (size_t)(close - s), sc, b);
		} else if (e && e->nitems && sc->n < MAX_DEPTH) {
			for (size_t i = 0; i < e->nitems; i++) {
				sc->v[sc->n++] = e->items[i];
				expand_inline(x, line, s, (size_t)(close - s), sc, b);
				sc->n--;
			}
		} else if (truthy(e)) {
			expand_inline(x, line, s, (size_t)(close - s), sc, b);
		}
		s = after;
	}
}

/* ---- document building ------------------------------------------------------ */

static mc_print_line *new_line(struct expander *x, mc_print_kind kind)
{
	mc_print_doc *d = x->doc;
	mc_print_line *nl = realloc(d->lines, (d->nlines + 1) * sizeof *nl);
	if (!nl) {
		x->st = mc_error_set(x->err, MC_ESYS, "out of memory");
		return NULL;
	}
	d->lines = nl;
	mc_print_line *l = &d->lines[d->nlines++];
	memset(l, 0, sizeof *l);
	l->kind = kind;
	l->table = -1;
	return l;
}

static void trim(const char **s, size_t *len)
{
	while (*len && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
}

/* Expand each '|'-separated cell of raw into l; *all_empty tells whether
 * placeholders left every cell blank. */
static void fill_cells(struct expander *x, size_t line, mc_print_line *l, const char *raw,
		       bool split, struct scope *sc, bool *all_empty)
{
	const char *cells[MC_PRINT_MAX_COLS];
	size_t lens[MC_PRINT_MAX_COLS];
	int n = 0;
	const char *p = raw;
	for (;;) {
		const char *bar = split ? strchr(p, '|') : NULL;
		if (n == MC_PRINT_MAX_COLS) {
			fail(x, line, "more than %s cells", "16");
			return;
		}
		cells[n] = p;
		lens[n] = bar ? (size_t)(bar - p) : strlen(p);
		n++;
		if (!bar)
			break;
		p = bar + 1;
	}
	if (!(l->cells = calloc((size_t)n, sizeof *l->cells))) {
		x->st = mc_error_set(x->err, MC_ESYS, "out of memory");
		return;
	}
	l->ncells = n;
	*all_empty = true;
	for (int i = 0; i < n && x->st == MC_OK; i++) {
		const char *c = cells[i];
		size_t len = lens[i];
		if (l->kind != MC_PL_TEXT)
			trim(&c, &len);
		if (len >= 2 && c[0] == '*' && c[len - 1] == '*') {
			l->bold |= 1u << i;
			c++;
			len -= 2;
		}
		/* The template's \n is a line break; values cannot make one
		 * (add_value turns control characters into spaces). */
		struct buf raw_cell = {0}, b = {0};
		for (size_t k = 0; k < len; k++) {
			bool nl = c[k] == '\\' && k + 1 < len && c[k + 1] == 'n';
			buf_add(&raw_cell, nl ? "\n" : c + k, 1);
			k += nl;
		}
		buf_add(&raw_cell, "", 0);
		buf_add(&b, "", 0);
		if (!raw_cell.oom)
			expand_inline(x, line, raw_cell.s, raw_cell.n, sc, &b);
		b.oom = b.oom || raw_cell.oom;
		free(raw_cell.s);
		if (b.oom) {
			x->st = mc_error_set(x->err, MC_ESYS, "out of memory");
			free(b.s);
			return;
		}
		l->cells[i] = b.s;
		if (strspn(b.s, " ") != b.n)
			*all_empty = false;
	}
}

/* The hanging indent of a list item ("1. ", "- ", "a) "), in columns. */
static int hang_of(const char *s)
{
	const char *p = s;
	while (*p >= '0' && *p <= '9')
		p++;
	if (p > s && (*p == '.' || *p == ')') && p[1] == ' ')
		return (int)(p - s) + 2;
	if ((*s == '-' || *s == '+') && s[1] == ' ')
		return 2;
	if (*s >= 'a' && *s <= 'z' && s[1] == ')' && s[2] == ' ')
		return 3;
	return 0;
}

static const struct {
	const char *name;
	mc_print_kind kind;
} directives[] = {
	{"@title", MC_PL_TITLE}, {"@center", MC_PL_CENTER}, {"@right", MC_PL_RIGHT},
	{"@pair", MC_PL_PAIR}, {"@th", MC_PL_ROW}, {"@tr", MC_PL_ROW},
};

static void open_table(struct expander *x, size_t line, const char *spec)
{
	mc_print_table t = {0};
	char *end;
	for (const char *p = spec; *p; p = end) {
		while (*p == ' ' || *p == ',')
			p++;
		if (!*p)
			break;
		long w = strtol(p, &end, 10);
		if (end == p || w < 1 || w > 100 || t.ncols == MC_PRINT_MAX_COLS) {
			fail(x, line, "@table wants 1 to 16 column widths (1..100), not \"%s\"", spec);
			return;
		}
		t.weight[t.ncols++] = (int)w;
	}
	if (t.ncols == 0) {
		fail(x, line, "%s", "@table needs its column widths, e.g. @table 4 30 10");
		return;
	}
	mc_print_doc *d = x->doc;
	mc_print_table *nt = realloc(d->tables, (d->ntables + 1) * sizeof *nt);
	if (!nt) {
		x->st = mc_error_set(x->err, MC_ESYS, "out of memory");
		return;
	}
	d->tables = nt;
	d->tables[d->ntables] = t;
	x->table = (int)d->ntables++;
}

/* Directives that take no cells: @table, @end, @rule, @qr, @page. Returns
 * true when raw was one of them. */
static bool layout_directive(struct expander *x, size_t line, const char *raw)
{
	if (strncmp(raw, "@table", 6) == 0 && (raw[6] == ' ' || raw[6] == '\0')) {
		if (x->table >= 0)
			fail(x, line, "%s", "@table inside a table (close it with @end)");
		else
			open_table(x, line, raw + 6);
	} else if (strcmp(raw, "@end") == 0) {
		if (x->table < 0)
			fail(x, line, "%s", "@end without @table");
		x->table = -1;
	} else if (strcmp(raw, "@rule") == 0) {
		new_line(x, MC_PL_RULE);
	} else if (strcmp(raw, "@qr") == 0) {
		new_line(x, MC_PL_QR);
	} else if (strcmp(raw, "@page landscape") == 0) {
		x->doc->landscape = true;
	} else if (strcmp(raw, "@page portrait") == 0) {
		x->doc->landscape = false;
	} else {
		return false;
	}
	return true;
}

/* A line starting with @: a layout directive or a line with cells. */
static void emit_directive(struct expander *x, size_t line, const char *raw, struct scope *sc)
{
	char tmp[64];
	size_t wl = strcspn(raw, " ");
	size_t tl = wl < sizeof tmp - 1 ? wl : sizeof tmp - 1;
	memcpy(tmp, raw, tl);
	tmp[tl] = '\0';
	if (layout_directive(x, line, raw))
		return;
	size_t i = 0, n = sizeof directives / sizeof directives[0];
	while (i < n && strcmp(tmp, directives[i].name) != 0)
		i++;
	if (i == n) {
		fail(x, line, "unknown directive %s", tmp);
		return;
	}
	bool row = directives[i].kind == MC_PL_ROW;
	if (row && x->table < 0) {
		fail(x, line, "%s outside @table ... @end", tmp);
		return;
	}
	mc_print_line *l = new_line(x, directives[i].kind);
	if (!l)
		return;
	bool empty;
	const char *body = raw + wl + (raw[wl] == ' ');
	fill_cells(x, line, l, body, row || l->kind == MC_PL_PAIR, sc, &empty);
	if (x->st != MC_OK)
		return;
	if (row) {
		l->table = x->table;
		l->head = strcmp(tmp, "@th") == 0;
		if (l->ncells != x->doc->tables[x->table].ncols) {
			char want[64];
			snprintf(want, sizeof want, "%d cells (one per @table column)",
				 x->doc->tables[x->table].ncols);
			fail(x, line, "a table row needs %s", want);
		}
	} else if (l->kind == MC_PL_PAIR && l->ncells != 2) {
		fail(x, line, "%s", "@pair needs two halves: LEFT | RIGHT");
	} else if (l->kind == MC_PL_TITLE && !x->doc->title) {
		x->doc->title = strdup(l->cells[0]);
	}
}

static void emit_line(struct expander *x, size_t line, const char *raw, struct scope *sc)
{
	size_t lead = strspn(raw, " ");
	if (raw[lead] == '\0') {
		new_line(x, MC_PL_BLANK);
		return;
	}
	const char *after_qr = raw + lead + 6;
	if (strncmp(raw + lead, "{{qr}}", 6) == 0 && after_qr[strspn(after_qr, " ")] == '\0') {
		new_line(x, MC_PL_QR);
		return;
	}
	if (raw[0] == '@' && raw[1] != '@') {
		emit_directive(x, line, raw, sc);
		return;
	}
	const char *text = raw[0] == '@' ? raw + 1 : raw + lead;
	mc_print_line *l = new_line(x, MC_PL_TEXT);
	if (!l)
		return;
	l->indent = raw[0] == '@' ? 0 : (int)lead;
	bool empty;
	fill_cells(x, line, l, text, false, sc, &empty);
	if (x->st != MC_OK)
		return;
	if (empty && strstr(text, "{{")) {
		/* A line made only of placeholders that are all empty disappears
		 * (optional lines such as an e-mail address). */
		free(l->cells[0]);
		free(l->cells);
		x->doc->nlines--;
		return;
	}
	l->hang = hang_of(l->cells[0]);
}

/* A line that is exactly one section tag (spaces around allowed). */
static bool standalone_tag(const char *raw, char *kind, char *key, size_t keysz)
{
	const char *p = raw + strspn(raw, " ");
	if (strncmp(p, "{{", 2) != 0)
		return false;
	size_t n = parse_tag(p, kind, key, keysz);
	if (!n || (*kind != '#' && *kind != '^' && *kind != '/'))
		return false;
	return p[n + strspn(p + n, " ")] == '\0';
}

static void expand_lines(struct expander *x, size_t from, size_t to, struct scope *sc)
{
	for (size_t i = from; i < to && x->st == MC_OK; i++) {
		const char *raw = x->lines[i];
		if (raw[0] == '#')
			continue;
		char kind, key[128];
		if (!standalone_tag(raw, &kind, key, sizeof key)) {
			emit_line(x, i, raw, sc);
			continue;
		}
		if (kind == '/') {
			fail(x, i, "{{/%s}} closes a section that is not open", key);
			return;
		}
		size_t close = i + 1;
		int depth = 1;
		for (; close < to; close++) {
			char k2, key2[128];
			if (!standalone_tag(x->lines[close], &k2, key2, sizeof key2) ||
			    strcmp(key2, key) != 0)
				continue;
			if (k2 == '/' && --depth == 0)
				break;
			if (k2 != '/')
				depth++;
		}
		if (close >= to) {
			fail(x, i, "section {{%s}} is never closed", key);
			return;
		}
		const struct entry *e = lookup(sc, key);
		if (kind == '^') {
			if (!truthy(e))
				expand_lines(x, i + 1, close, sc);
		} else if (e && e->nitems) {
			if (sc->n == MAX_DEPTH) {
				fail(x, i, "sections nested deeper than %s", "16");
				return;
			}
			for (size_t k = 0; k < e->nitems && x->st == MC_OK; k++) {
				sc->v[sc->n++] = e->items[k];
				expand_lines(x, i + 1, close, sc);
				sc->n--;
			}
		} else if (truthy(e)) {
			expand_lines(x, i + 1, close, sc);
		}
		i = close;
	}
}

/* Split text into lines (LF or CRLF), in place. */
static char **split_lines(char *text, size_t *n)
{
	size_t count = 1;
	for (char *p = text; *p; p++)
		count += *p == '\n';
	char **lines = malloc(count * sizeof *lines);
	if (!lines)
		return NULL;
	*n = 0;
	for (char *p = text; p; ) {
		char *nl = strchr(p, '\n');
		if (nl) {
			*nl = '\0';
			if (nl > p && nl[-1] == '\r')
				nl[-1] = '\0';
		}
		if (nl || *p)
			lines[(*n)++] = p;
		p = nl ? nl + 1 : NULL;
	}
	return lines;
}

mc_status mc_print_expand(const char *tmpl, const char *name, const mc_print_vars *v,
			  mc_print_doc **out, mc_error *err)
{
	*out = NULL;
	char *text = strdup(tmpl);
	mc_print_doc *doc = calloc(1, sizeof *doc);
	struct expander x = {.name = name ? name : "template", .doc = doc, .table = -1,
			     .err = err};
	if (!text || !doc || !(x.lines = split_lines(text, &x.nlines))) {
		free(text);
		free(doc);
		return mc_error_set(err, MC_ESYS, "out of memory");
	}
	struct scope sc = {.v = {v}, .n = 1};
	expand_lines(&x, 0, x.nlines, &sc);
	if (x.st == MC_OK && x.table >= 0)
		fail(&x, x.nlines - 1, "%s", "a @table is not closed with @end");
	free(x.lines);
	free(text);
	if (x.st != MC_OK) {
		mc_print_doc_free(doc);
		return x.st;
	}
	const char *qr = mc_print_vars_get(v, "qr");
	if (!(doc->qr_text = strdup(qr ? qr : ""))) {
		mc_print_doc_free(doc);
		return mc_error_set(err, MC_ESYS, "out of memory");
	}
	*out = doc;
	return MC_OK;
}

void mc_print_doc_free(mc_print_doc *doc)
{
	if (!doc)
		return;
	for (size_t i = 0; i < doc->nlines; i++) {
		for (int c = 0; c < doc->lines[i].ncells; c++)
			free(doc->lines[i].cells[c]);
		free(doc->lines[i].cells);
	}
	free(doc->lines);
	free(doc->tables);
	free(doc->qr_text);
	free(doc->title);
	free(doc);
}
