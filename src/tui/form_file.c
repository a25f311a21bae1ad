/*
 * Parser of forms/NAME.form: one directive per line, words separated by
 * spaces, values bare or "quoted" (\" and \\ escaped), '#' starts a
 * comment line. The format is documented in forms/README.md and at the top
 * of every shipped form. Errors name the file and line, because the people
 * who edit these files are office administrators, not programmers, and the
 * screen refuses to open until the file is right.
 */
#include "tform.h"

#include "motcua/paths.h"
#include "motcua/text.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const type_names[FT_COUNT] = {
	[FT_TEXT] = "text",         [FT_VNTEXT] = "vntext",   [FT_DIGITS] = "digits",
	[FT_DATE] = "date",         [FT_PHONE] = "phone",     [FT_CHOICE] = "choice",
	[FT_CHECKLIST] = "checklist", [FT_PROCEDURE] = "procedure", [FT_ADDRESS] = "address",
	[FT_PASSWORD] = "password",
};

const char *form_type_name(form_type t)
{
	return t < FT_COUNT ? type_names[t] : "?";
}

struct parser {
	const char *path;
	int line;
	char *err;
	size_t errsz;
};

static int fail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct parser *p, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(p->err, p->errsz, "%s:%d: %s", p->path, p->line, msg);
	return -1;
}

#define MAX_WORDS 24

struct word {
	char key[32];
	char value[FORM_TEXT_MAX * 4];
	bool has_value;
};

/* Split a line into words; returns the count or -1. */
static int split(struct parser *p, char *s, struct word *w)
{
	int n = 0;
	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '\r' || *s == '\n')
			return n;
		if (n == MAX_WORDS)
			return fail(p, "too many words on one line");
		struct word *cur = &w[n++];
		memset(cur, 0, sizeof *cur);
		size_t k = 0;
		if (*s == '"')
			return fail(p, "a quoted value needs a name before it (name=\"...\")");
		while (*s && *s != '=' && *s != ' ' && *s != '\t' && *s != '\r' && *s != '\n') {
			if (k + 1 >= sizeof cur->key)
				return fail(p, "name \"%.20s...\" is too long", cur->key);
			cur->key[k++] = *s++;
		}
		if (*s != '=')
			continue;
		s++;
		cur->has_value = true;
		size_t v = 0;
		if (*s == '"') {
			s++;
			while (*s != '"') {
				if (!*s || *s == '\n' || *s == '\r')
					return fail(p, "the quote after %s= is not closed", cur->key);
				if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
					s++;
				if (v + 1 >= sizeof cur->value)
					return fail(p, "the value of %s is too long", cur->key);
				cur->value[v++] = *s++;
			}
			s++;
		} else {
			while (*s && *s != ' ' && *s != '\t' && *s != '\r' && *s != '\n') {
				if (v + 1 >= sizeof cur->value)
					return fail(p, "the value of %s is too long", cur->key);
				cur->value[v++] = *s++;
			}
		}
		if (*s && *s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return fail(p, "put a space after the value of %s", cur->key);
	}
}

static int int_value(struct parser *p, const struct word *w, int lo, int hi, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(w->value, &end, 10);
	if (!w->has_value || !*w->value || *end || errno)
		return fail(p, "%s must be a number, not \"%s\"", w->key, w->value);
	if (v < lo || v > hi)
		return fail(p, "%s=%ld is out of range (%d to %d)", w->key, v, lo, hi);
	*out = (int)v;
	return 0;
}

static int text_value(struct parser *p, const struct word *w, char *out, size_t outsz)
{
	if (!w->has_value)
		return fail(p, "%s needs a value (%s=\"...\")", w->key, w->key);
	if (strlen(w->value) >= outsz)
		return fail(p, "the value of %s is longer than %zu bytes", w->key, outsz - 1);
	snprintf(out, outsz, "%s", w->value);
	return 0;
}

static int parse_options(struct parser *p, const struct word *w, struct form_field_spec *f)
{
	char buf[sizeof w->value];
	snprintf(buf, sizeof buf, "%s", w->value);
	f->noptions = 0;
	char *save = NULL;
	for (char *o = strtok_r(buf, "|", &save); o; o = strtok_r(NULL, "|", &save)) {
		if (f->noptions == FORM_MAX_OPTIONS)
			return fail(p, "at most %d options", FORM_MAX_OPTIONS);
		struct form_option *opt = &f->options[f->noptions++];
		char *eq = strchr(o, '=');
		const char *label = eq ? eq + 1 : o;
		if (eq)
			*eq = '\0';
		if (!*o || !*label)
			return fail(p, "option %d is empty", f->noptions);
		if (strlen(o) >= sizeof opt->key || strlen(label) >= sizeof opt->label)
			return fail(p, "option \"%.20s\" is too long", o);
		snprintf(opt->key, sizeof opt->key, "%s", o);
		snprintf(opt->label, sizeof opt->label, "%s", label);
	}
	if (f->noptions == 0)
		return fail(p, "options is empty");
	return 0;
}

static void field_defaults(struct form_field_spec *f)
{
	static const int widths[FT_COUNT] = {30, 30, 12, 10, 14, 0, 60, 50, 50, 20};
	static const int maxes[FT_COUNT] = {250, 250, 20, 10, 20, 0, 0, 300, 500, 128};
	if (!f->width)
		f->width = widths[f->type];
	if (!f->max)
		f->max = maxes[f->type];
	if (f->type == FT_CHECKLIST && !f->height)
		f->height = 4;
	if (f->type == FT_DATE)
		f->width = f->max = 10;
}

static bool valid_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static int parse_field_attr(struct parser *p, const struct word *w, struct form_field_spec *f,
			    bool *has_type)
{
	const char *k = w->key;
	if (strcmp(k, "required") == 0 && !w->has_value) {
		f->required = true;
		return 0;
	}
	if (strcmp(k, "type") == 0) {
		for (int t = 0; t < FT_COUNT; t++)
			if (strcmp(w->value, type_names[t]) == 0) {
				f->type = (form_type)t;
				*has_type = true;
				return 0;
			}
		return fail(p, "unknown type \"%s\" (text, vntext, digits, date, phone, choice, "
			       "checklist, procedure, address, password)", w->value);
	}
	if (strcmp(k, "label") == 0)
		return text_value(p, w, f->label, sizeof f->label);
	if (strcmp(k, "hint") == 0)
		return text_value(p, w, f->hint, sizeof f->hint);
	if (strcmp(k, "source") == 0) {
		if (strcmp(w->value, "procedure_documents") != 0)
			return fail(p, "unknown source \"%s\" (procedure_documents)", w->value);
		return text_value(p, w, f->source, sizeof f->source);
	}
	if (strcmp(k, "options") == 0)
		return parse_options(p, w, f);
	if (strcmp(k, "row") == 0)
		return int_value(p, w, 0, MIN_LINES - 5, &f->row);
	if (strcmp(k, "col") == 0)
		return int_value(p, w, 0, MIN_COLS - 2, &f->col);
	if (strcmp(k, "labelw") == 0)
		return int_value(p, w, 0, MIN_COLS - 4, &f->labelw);
	if (strcmp(k, "width") == 0)
		return int_value(p, w, 1, MIN_COLS - 2, &f->width);
	if (strcmp(k, "height") == 0)
		return int_value(p, w, 1, MIN_LINES - 4, &f->height);
	if (strcmp(k, "min") == 0)
		return int_value(p, w, 0, 500, &f->min);
	if (strcmp(k, "max") == 0)
		return int_value(p, w, 1, 500, &f->max);
	if (strcmp(k, "len") == 0) {
		if (int_value(p, w, 1, 40, &f->max))
			return -1;
		f->min = f->max;
		return 0;
	}
	return fail(p, "unknown word \"%s\" in a field", k);
}

static int parse_field(struct parser *p, struct word *w, int n, struct form_spec *s)
{
	if (n < 2 || w[1].has_value)
		return fail(p, "a field needs a name: field NAME type=... row=... col=...");
	if (!valid_name(w[1].key))
		return fail(p, "field name \"%s\": use a-z, 0-9 and _", w[1].key);
	for (int i = 0; i < s->nfields; i++)
		if (strcmp(s->fields[i].name, w[1].key) == 0)
			return fail(p, "field %s is declared twice (first on line %d)", w[1].key,
				    s->fields[i].line);
	struct form_field_spec *nf = realloc(s->fields, (size_t)(s->nfields + 1) * sizeof *nf);
	if (!nf)
		return fail(p, "out of memory");
	s->fields = nf;
	struct form_field_spec *f = &nf[s->nfields];
	memset(f, 0, sizeof *f);
	f->row = f->col = -1;
	f->line = p->line;
	snprintf(f->name, sizeof f->name, "%s", w[1].key);
	bool has_type = false;
	for (int i = 2; i < n; i++)
		if (parse_field_attr(p, &w[i], f, &has_type))
			return -1;
	if (!has_type)
		return fail(p, "field %s has no type=", f->name);
	if (f->row < 0 || f->col < 0)
		return fail(p, "field %s needs row= and col=", f->name);
	if (f->type == FT_CHOICE && f->noptions == 0)
		return fail(p, "choice field %s needs options=\"a|b\"", f->name);
	if (f->type == FT_CHECKLIST && !f->source[0] && f->noptions == 0)
		return fail(p, "checklist %s needs source=procedure_documents or options=",
			    f->name);
	field_defaults(f);
	if (f->min > f->max)
		return fail(p, "field %s: min=%d is more than max=%d", f->name, f->min, f->max);
	int rows = f->type == FT_CHECKLIST ? f->height + (f->label[0] ? 1 : 0) : 1;
	if (f->row + rows > MIN_LINES - 4)
		return fail(p, "field %s ends on row %d: an 80x24 screen has rows 0 to %d",
			    f->name, f->row + rows - 1, MIN_LINES - 5);
	s->nfields++;
	return 0;
}

static int parse_text(struct parser *p, struct word *w, int n, struct form_spec *s)
{
	struct form_text_spec t = {.row = -1, .col = -1};
	for (int i = 1; i < n; i++) {
		if (strcmp(w[i].key, "row") == 0) {
			if (int_value(p, &w[i], 0, MIN_LINES - 5, &t.row))
				return -1;
		} else if (strcmp(w[i].key, "col") == 0) {
			if (int_value(p, &w[i], 0, MIN_COLS - 1, &t.col))
				return -1;
		} else if (strcmp(w[i].key, "value") == 0) {
			if (text_value(p, &w[i], t.text, sizeof t.text))
				return -1;
		} else if (strcmp(w[i].key, "bold") == 0 && !w[i].has_value) {
			t.bold = true;
		} else {
			return fail(p, "unknown word \"%s\" in a text line", w[i].key);
		}
	}
	if (t.row < 0 || t.col < 0 || !t.text[0])
		return fail(p, "text needs row=, col= and value=\"...\"");
	struct form_text_spec *nt = realloc(s->texts, (size_t)(s->ntexts + 1) * sizeof *nt);
	if (!nt)
		return fail(p, "out of memory");
	s->texts = nt;
	nt[s->ntexts++] = t;
	return 0;
}

static int parse_line(struct parser *p, char *line, struct form_spec *s)
{
	struct word w[MAX_WORDS];
	int n = split(p, line, w);
	if (n <= 0)
		return n;
	if (w[0].has_value)
		return fail(p, "a line starts with form, title, text or field");
	if (strcmp(w[0].key, "field") == 0)
		return parse_field(p, w, n, s);
	if (strcmp(w[0].key, "text") == 0)
		return parse_text(p, w, n, s);
	if (strcmp(w[0].key, "form") == 0) {
		if (n != 2 || w[1].has_value || !valid_name(w[1].key))
			return fail(p, "form needs one name: form NAME");
		snprintf(s->name, sizeof s->name, "%s", w[1].key);
		return 0;
	}
	if (strcmp(w[0].key, "title") == 0) {
		if (n != 2 || strcmp(w[1].key, "value") != 0)
			return fail(p, "title needs value=\"...\"");
		return text_value(p, &w[1], s->title, sizeof s->title);
	}
	return fail(p, "unknown directive \"%s\" (form, title, text, field)", w[0].key);
}

int form_spec_load(const char *path, struct form_spec *out, char *err, size_t errsz)
{
	memset(out, 0, sizeof *out);
	snprintf(out->path, sizeof out->path, "%s", path);
	struct parser p = {.path = path, .err = err, .errsz = errsz};
	FILE *fp = fopen(path, "r");
	if (!fp) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	char line[2048];
	int rc = 0;
	while (rc == 0 && fgets(line, sizeof line, fp)) {
		p.line++;
		size_t len = strlen(line);
		if (len == sizeof line - 1 && line[len - 1] != '\n') {
			rc = fail(&p, "line longer than %zu bytes", sizeof line - 2);
			break;
		}
		mc_error e;
		if (mc_text_check_utf8(line, len, &e) != MC_OK) {
			rc = fail(&p, "%s", e.msg);
			break;
		}
		const char *q = line + strspn(line, " \t");
		if (*q == '#' || *q == '\n' || *q == '\r' || !*q)
			continue;
		rc = parse_line(&p, line, out);
	}
	if (rc == 0 && ferror(fp)) {
		snprintf(err, errsz, "%s: read error", path);
		rc = -1;
	}
	fclose(fp);
	if (rc == 0 && out->nfields == 0) {
		snprintf(err, errsz, "%s: no fields", path);
		rc = -1;
	}
	if (rc)
		form_spec_free(out);
	return rc;
}

int form_spec_load_named(const char *name, struct form_spec *out, char *err, size_t errsz)
{
	char rel[128], path[1024];
	snprintf(rel, sizeof rel, "forms/%s.form", name);
	mc_paths_data_file(rel, path, sizeof path);
	return form_spec_load(path, out, err, errsz);
}

void form_spec_free(struct form_spec *s)
{
	free(s->fields);
	free(s->texts);
	s->fields = NULL;
	s->texts = NULL;
	s->nfields = s->ntexts = 0;
}

const struct form_field_spec *form_spec_field(const struct form_spec *s, const char *name)
{
	for (int i = 0; s && i < s->nfields; i++)
		if (strcmp(s->fields[i].name, name) == 0)
			return &s->fields[i];
	return NULL;
}

int form_spec_require(const struct form_spec *s, const char *name, form_type type, char *err,
		      size_t errsz)
{
	const struct form_field_spec *f = form_spec_field(s, name);
	if (!f) {
		snprintf(err, errsz, "%s: the screen needs a field named %s (type=%s)", s->path,
			 name, form_type_name(type));
		return -1;
	}
	bool ok = f->type == type || (type == FT_VNTEXT && f->type == FT_TEXT) ||
		  (type == FT_TEXT && f->type == FT_VNTEXT) ||
		  (type == FT_ADDRESS && (f->type == FT_VNTEXT || f->type == FT_TEXT)) ||
		  (type == FT_DIGITS && f->type == FT_TEXT);
	if (!ok) {
		snprintf(err, errsz, "%s:%d: field %s must have type=%s, not %s", s->path, f->line,
			 name, form_type_name(type), form_type_name(f->type));
		return -1;
	}
	return 0;
}
