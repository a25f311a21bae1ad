/* JSON output (see include/motcua/json.h). */
#include "motcua/json.h"

#include <math.h>

void mc_json_init(mc_json *j, FILE *out)
{
	j->out = out;
	j->depth = 0;
	j->need_comma[0] = false;
}

void mc_json_escape(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

static void key(mc_json *j, const char *k)
{
	if (j->need_comma[j->depth])
		fputc(',', j->out);
	j->need_comma[j->depth] = true;
	if (k) {
		mc_json_escape(j->out, k);
		fputc(':', j->out);
	}
}

static void open(mc_json *j, const char *k, char c)
{
	key(j, k);
	fputc(c, j->out);
	if (j->depth < 31)
		j->depth++;
	j->need_comma[j->depth] = false;
}

void mc_json_begin_object(mc_json *j, const char *k) { open(j, k, '{'); }
void mc_json_begin_array(mc_json *j, const char *k) { open(j, k, '['); }

void mc_json_end_object(mc_json *j)
{
	if (j->depth > 0)
		j->depth--;
	fputc('}', j->out);
	if (j->depth == 0)
		fputc('\n', j->out);
}

void mc_json_end_array(mc_json *j)
{
	if (j->depth > 0)
		j->depth--;
	fputc(']', j->out);
	if (j->depth == 0)
		fputc('\n', j->out);
}

void mc_json_string(mc_json *j, const char *k, const char *v)
{
	key(j, k);
	if (v)
		mc_json_escape(j->out, v);
	else
		fputs("null", j->out);
}

void mc_json_int(mc_json *j, const char *k, int64_t v)
{
	key(j, k);
	fprintf(j->out, "%lld", (long long)v);
}

void mc_json_number(mc_json *j, const char *k, double v)
{
	key(j, k);
	if (isfinite(v))
		fprintf(j->out, "%.15g", v);
	else
		fputs("null", j->out);
}

void mc_json_bool(mc_json *j, const char *k, bool v)
{
	key(j, k);
	fputs(v ? "true" : "false", j->out);
}

void mc_json_null(mc_json *j, const char *k)
{
	key(j, k);
	fputs("null", j->out);
}

void mc_json_raw(mc_json *j, const char *k, const char *json)
{
	key(j, k);
	fputs(json && *json ? json : "null", j->out);
}
