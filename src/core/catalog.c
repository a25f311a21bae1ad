/*
 * Catalog import and search. The import parses and checks every row of
 * the file before the first write, then applies all rows in one
 * transaction, so a bad file never leaves a half-imported catalog.
 */
#include "motcua/catalog.h"
#include "motcua/auth.h"
#include "motcua/csv.h"
#include "motcua/text.h"
#include "store_ops.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const unit_names[] = {
	[MC_UNIT_DAY] = "day",
	[MC_UNIT_HOUR] = "hour",
	[MC_UNIT_CALENDAR_DAY] = "calendar_day",
};

const char *mc_deadline_unit_name(mc_deadline_unit unit)
{
	return unit <= MC_UNIT_CALENDAR_DAY ? unit_names[unit] : "?";
}

bool mc_deadline_unit_parse(const char *s, mc_deadline_unit *out)
{
	for (int u = MC_UNIT_DAY; u <= MC_UNIT_CALENDAR_DAY; u++)
		if (strcmp(s, unit_names[u]) == 0) {
			*out = (mc_deadline_unit)u;
			return true;
		}
	return false;
}

bool mc_procedure_code_valid(const char *c)
{
	if (strlen(c) != 8 || c[1] != '.')
		return false;
	for (int i = 0; i < 8; i++)
		if (i != 1 && (c[i] < '0' || c[i] > '9'))
			return false;
	return true;
}

enum { COL_CODE, COL_NAME, COL_FIELD, COL_AGENCY, COL_LEVEL, COL_DEADLINE, COL_UNIT,
       COL_FEE, COL_DOCS, NCOLS };
static const char *const col_names[NCOLS] = {
	"code", "name", "field", "agency", "level", "deadline", "deadline_unit", "fee",
	"documents",
};
/* Optional: files without them still import (docs/catalog.md). */
enum { OPT_KIND, OPT_STEPS, OPT_CAP, OPT_EXEMPT, OPT_COLLECT, NOPT };
static const char *const opt_names[NOPT] = {
	"fee_kind", "fee_steps", "fee_cap", "fee_exempt", "fee_collect",
};

/* Copy a cleaned (NFC, trimmed) text field into dst, or explain. */
static mc_status take_text(const char *src, char *dst, size_t dstsz, const char *col,
			   bool required, mc_error *err)
{
	char *clean;
	mc_status st = mc_text_clean(src, &clean, err);
	if (st != MC_OK)
		return mc_error_prefix(err, "column %s", col);
	if (required && !*clean)
		st = mc_error_set(err, MC_EDATA, "column %s is empty", col);
	else if (strlen(clean) >= dstsz)
		st = mc_error_set(err, MC_EDATA, "column %s is longer than %zu bytes", col,
				  dstsz - 1);
	else
		memcpy(dst, clean, strlen(clean) + 1);
	free(clean);
	return st;
}

static const char *opt_field(char **f, size_t nfields, const int *opt, int which)
{
	return opt[which] >= 0 && (size_t)opt[which] < nfields ? f[opt[which]] : "";
}

static mc_status parse_fee_rule(char **f, size_t nfields, const int *opt, mc_procedure *p,
				mc_error *err)
{
	char *text[NOPT];
	mc_status st = MC_OK;
	int n = 0;
	for (; n < NOPT; n++)
		if ((st = mc_text_clean(opt_field(f, nfields, opt, n), &text[n], err)) != MC_OK) {
			mc_error_prefix(err, "column %s", opt_names[n]);
			break;
		}
	if (st == MC_OK)
		st = mc_fee_rule_parse(p->fee, text[OPT_KIND], text[OPT_STEPS], text[OPT_CAP],
				       text[OPT_EXEMPT], text[OPT_COLLECT], &p->fee_rule, err);
	while (n-- > 0)
		free(text[n]);
	return st;
}

static mc_status parse_row(char **f, const int *map, mc_procedure *p, mc_error *err)
{
	memset(p, 0, sizeof *p);
	p->active = true;
	mc_status st;
	if ((st = take_text(f[map[COL_CODE]], p->code, sizeof p->code, "code", true, err)))
		return st;
	if (!mc_procedure_code_valid(p->code))
		return mc_error_set(err, MC_EDATA,
				    "code \"%s\" is not a national procedure code like 1.000894",
				    p->code);
	if ((st = take_text(f[map[COL_NAME]], p->name, sizeof p->name, "name", true, err)) ||
	    (st = take_text(f[map[COL_FIELD]], p->field, sizeof p->field, "field", true, err)) ||
	    (st = take_text(f[map[COL_AGENCY]], p->agency, sizeof p->agency, "agency", false, err)) ||
	    (st = take_text(f[map[COL_LEVEL]], p->level, sizeof p->level, "level", false, err)))
		return st;
	const char *d = f[map[COL_DEADLINE]];
	char *end;
	errno = 0;
	p->deadline = strtod(d, &end);
	if (!*d || *end || errno || !isfinite(p->deadline) || p->deadline < 0 ||
	    p->deadline > 3650)
		return mc_error_set(err, MC_EDATA,
				    "deadline \"%s\" is not a number of days or hours (0 to 3650)", d);
	if (!mc_deadline_unit_parse(f[map[COL_UNIT]], &p->unit))
		return mc_error_set(err, MC_EDATA,
				    "deadline_unit \"%s\" must be day, hour or calendar_day",
				    f[map[COL_UNIT]]);
	const char *fee = f[map[COL_FEE]];
	errno = 0;
	long long v = *fee ? strtoll(fee, &end, 10) : 0;
	if ((*fee && *end) || errno || v < 0)
		return mc_error_set(err, MC_EDATA,
				    "fee \"%s\" is not a whole number of dong (0 for free)", fee);
	p->fee = v;
	/* Documents: '|'-separated, empty pieces ignored. */
	const char *docs = f[map[COL_DOCS]];
	while (*docs) {
		size_t n = strcspn(docs, "|");
		char piece[512];
		if (n >= sizeof piece)
			return mc_error_set(err, MC_EDATA, "a document name is longer than 255 bytes");
		memcpy(piece, docs, n);
		piece[n] = '\0';
		docs += n + (docs[n] == '|');
		char name[256];
		if ((st = take_text(piece, name, sizeof name, "documents", false, err)))
			return st;
		if (!*name)
			continue;
		if (p->ndocuments == MC_PROCEDURE_MAX_DOCS)
			return mc_error_set(err, MC_EDATA, "more than %d documents",
					    MC_PROCEDURE_MAX_DOCS);
		memcpy(p->documents[p->ndocuments++], name, strlen(name) + 1);
	}
	return MC_OK;
}

static mc_status read_header(mc_csv *csv, const char *path, int *map, int *opt, mc_error *err)
{
	mc_status st = mc_csv_next(csv, err);
	if (st == MC_EEMPTY)
		return mc_error_set(err, MC_EDATA, "%s:1: the file is empty (a header row is needed)",
				    path);
	if (st != MC_OK)
		return mc_error_prefix(err, "%s", path);
	for (int c = 0; c < NOPT; c++) {
		opt[c] = -1;
		for (size_t i = 0; i < csv->nfields; i++)
			if (strcmp(csv->fields[i], opt_names[c]) == 0)
				opt[c] = (int)i;
	}
	for (int c = 0; c < NCOLS; c++) {
		map[c] = -1;
		for (size_t i = 0; i < csv->nfields; i++)
			if (strcmp(csv->fields[i], col_names[c]) == 0)
				map[c] = (int)i;
		if (map[c] < 0)
			return mc_error_set(err, MC_EDATA,
					    "%s:%zu: the header has no column \"%s\" (expected %s,%s,%s,"
					    "%s,%s,%s,%s,%s,%s)", path, csv->line, col_names[c],
					    col_names[0], col_names[1], col_names[2], col_names[3],
					    col_names[4], col_names[5], col_names[6], col_names[7],
					    col_names[8]);
	}
	return MC_OK;
}

mc_status mc_catalog_import(mc_store *store, const char *path, const char *encoding,
			    mc_import_stats *stats, mc_error *err)
{
	memset(stats, 0, sizeof *stats);
	mc_status st = mc_auth_require(store, MC_ROLE_SUPERVISOR, "import the catalog", err);
	if (st != MC_OK)
		return st;
	char *buf;
	size_t len;
	st = mc_file_read_text(path, encoding, &buf, &len, err);
	if (st != MC_OK)
		return st;
	mc_procedure *rows = NULL;
	size_t nrows = 0, cap = 0;
	mc_csv csv;
	mc_csv_init(&csv, buf, len);
	int map[NCOLS], opt[NOPT];
	if ((st = read_header(&csv, path, map, opt, err)) != MC_OK)
		goto done;
	while ((st = mc_csv_next(&csv, err)) == MC_OK) {
		if (csv.nfields < NCOLS) {
			st = mc_error_set(err, MC_EDATA, "%s:%zu: %zu columns, expected at least %d",
					  path, csv.line, csv.nfields, NCOLS);
			goto done;
		}
		if (nrows == cap) {
			cap = cap ? cap * 2 : 64;
			mc_procedure *n = realloc(rows, cap * sizeof *rows);
			if (!n) {
				st = mc_error_set(err, MC_ESYS, "out of memory");
				goto done;
			}
			rows = n;
		}
		if ((st = parse_row(csv.fields, map, &rows[nrows], err)) != MC_OK ||
		    (st = parse_fee_rule(csv.fields, csv.nfields, opt, &rows[nrows], err)) != MC_OK) {
			mc_error_prefix(err, "%s:%zu", path, csv.line);
			goto done;
		}
		for (size_t i = 0; i < nrows; i++)
			if (strcmp(rows[i].code, rows[nrows].code) == 0) {
				st = mc_error_set(err, MC_EDATA, "%s:%zu: code %s appears twice in the file",
						  path, csv.line, rows[nrows].code);
				goto done;
			}
		nrows++;
	}
	if (st == MC_EEMPTY)
		st = MC_OK;
	else {
		mc_error_prefix(err, "%s", path);
		goto done;
	}
	if ((st = mc_store_begin(store, err)) != MC_OK)
		goto done;
	for (size_t i = 0; i < nrows; i++) {
		char *fold = mc_text_fold(rows[i].name);
		int outcome = 0;
		st = fold ? store_procedure_upsert(store, &rows[i], fold, &outcome, err)
			  : mc_error_set(err, MC_ESYS, "out of memory");
		free(fold);
		if (st != MC_OK) {
			mc_store_rollback(store);
			goto done;
		}
		stats->added += outcome == 1;
		stats->updated += outcome == 2;
		stats->unchanged += outcome == 0;
	}
	stats->rows = (int)nrows;
	st = mc_store_commit(store, err);
done:
	mc_csv_free(&csv);
	free(rows);
	free(buf);
	return st;
}

struct list_ctx {
	const char *query_fold;
	mc_procedure_cb cb;
	void *ctx;
};

static int filter(const mc_procedure *p, void *arg)
{
	struct list_ctx *lc = arg;
	if (lc->query_fold && *lc->query_fold) {
		bool code_hit = strncmp(p->code, lc->query_fold, strlen(lc->query_fold)) == 0;
		char fold[1024];
		if (!code_hit && (mc_text_fold_buf(p->name, fold, sizeof fold) == (size_t)-1 ||
				  !mc_text_fold_match(fold, lc->query_fold)))
			return 0;
	}
	return lc->cb(p, lc->ctx);
}

mc_status mc_catalog_list(mc_store *store, const char *query, mc_procedure_cb cb, void *ctx,
			  mc_error *err)
{
	struct list_ctx lc = {NULL, cb, ctx};
	char *fold = NULL;
	if (query && *query) {
		if (!(fold = mc_text_fold(query)))
			return mc_error_set(err, MC_EDATA, "the search text is not valid UTF-8");
		/* Codes keep their dot: fold turns it into a space. */
		if (query[0] >= '0' && query[0] <= '9' && strchr(query, '.')) {
			free(fold);
			if (!(fold = strdup(query)))
				return mc_error_set(err, MC_ESYS, "out of memory");
		}
		lc.query_fold = fold;
	}
	mc_status st = store_procedure_each(store, filter, &lc, err);
	free(fold);
	return st;
}

mc_status mc_catalog_get(mc_store *store, const char *code, mc_procedure *out, mc_error *err)
{
	return store_procedure_get(store, code, out, err);
}
