/*
 * Loading the 2025 administrative units from the CSV files in data/units and finding
 * communes by their current or pre-2025 names (see include/motcua/units.h).
 */
#include "motcua/units.h"
#include "motcua/auth.h"
#include "motcua/csv.h"
#include "motcua/text.h"
#include "store_ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Column index by header name, or -1. */
static int column(const mc_csv *csv, const char *name)
{
	for (size_t i = 0; i < csv->nfields; i++)
		if (strcmp(csv->fields[i], name) == 0)
			return (int)i;
	return -1;
}

typedef mc_status (*row_fn)(mc_store *s, char **f, const int *cols, mc_error *err);

static mc_status province_row(mc_store *s, char **f, const int *c, mc_error *err)
{
	char fold[256];
	if (mc_text_fold_buf(f[c[2]], fold, sizeof fold) == (size_t)-1)
		return mc_error_set(err, MC_EDATA, "short_name is not valid UTF-8");
	return store_unit_province_put(s, f[c[0]], f[c[1]], f[c[2]], f[c[3]], fold, err);
}

static mc_status commune_row(mc_store *s, char **f, const int *c, mc_error *err)
{
	char fold[256];
	if (mc_text_fold_buf(f[c[2]], fold, sizeof fold) == (size_t)-1)
		return mc_error_set(err, MC_EDATA, "name is not valid UTF-8");
	return store_unit_commune_put(s, f[c[0]], f[c[1]], f[c[2]], f[c[3]], fold, err);
}

static mc_status old_row(mc_store *s, char **f, const int *c, mc_error *err)
{
	char fold[256];
	if (mc_text_fold_buf(f[c[2]], fold, sizeof fold) == (size_t)-1)
		return mc_error_set(err, MC_EDATA, "old_name is not valid UTF-8");
	return store_unit_old_put(s, f[c[0]], f[c[1]], f[c[2]], fold, f[c[3]], err);
}

static mc_status load_file(mc_store *s, const char *dir, const char *name,
			   const char *const cols[4], row_fn fn, int *count, mc_error *err)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	char *buf;
	size_t len;
	mc_status st = mc_file_read(path, &buf, &len, err);
	if (st != MC_OK)
		return st;
	mc_csv csv;
	mc_csv_init(&csv, buf, len);
	int c[4];
	if ((st = mc_csv_next(&csv, err)) != MC_OK) {
		st = mc_error_set(err, MC_EDATA, "%s:1: no header row", path);
		goto done;
	}
	for (int i = 0; i < 4; i++)
		if ((c[i] = column(&csv, cols[i])) < 0) {
			st = mc_error_set(err, MC_EDATA, "%s:1: no column \"%s\"", path, cols[i]);
			goto done;
		}
	*count = 0;
	while ((st = mc_csv_next(&csv, err)) == MC_OK) {
		for (int i = 0; i < 4; i++)
			if ((size_t)c[i] >= csv.nfields) {
				st = mc_error_set(err, MC_EDATA, "%s:%zu: missing column %s", path,
						  csv.line, cols[i]);
				goto done;
			}
		/* Names enter the store as NFC, whatever the file holds. */
		char *clean[MC_CSV_MAX_FIELDS] = {0}, *row[MC_CSV_MAX_FIELDS];
		for (size_t i = 0; i < csv.nfields; i++) {
			row[i] = csv.fields[i];
			if (st == MC_OK && (st = mc_text_clean(csv.fields[i], &clean[i], err)) == MC_OK)
				row[i] = clean[i];
		}
		if (st == MC_OK)
			st = fn(s, row, c, err);
		for (size_t i = 0; i < csv.nfields; i++)
			free(clean[i]);
		if (st != MC_OK) {
			mc_error_prefix(err, "%s:%zu", path, csv.line);
			goto done;
		}
		(*count)++;
	}
	if (st == MC_EEMPTY)
		st = MC_OK;
	else
		mc_error_prefix(err, "%s", path);
done:
	mc_csv_free(&csv);
	free(buf);
	return st;
}

mc_status mc_units_import(mc_store *store, const char *dir, mc_units_stats *stats,
			  mc_error *err)
{
	static const char *const pcols[4] = {"code", "name", "short_name", "kind"};
	static const char *const ccols[4] = {"code", "province_code", "name", "kind"};
	static const char *const ocols[4] = {"new_code", "old_code", "old_name", "merge_type"};
	memset(stats, 0, sizeof *stats);
	mc_status st = mc_auth_require(store, MC_ROLE_ADMIN, "import the administrative units", err);
	if (st != MC_OK || (st = mc_store_begin(store, err)) != MC_OK)
		return st;
	if ((st = load_file(store, dir, "provinces.csv", pcols, province_row, &stats->provinces,
			    err)) == MC_OK &&
	    (st = load_file(store, dir, "communes.csv", ccols, commune_row, &stats->communes,
			    err)) == MC_OK)
		st = load_file(store, dir, "old-units.csv", ocols, old_row, &stats->old_units, err);
	if (st != MC_OK) {
		mc_store_rollback(store);
		return st;
	}
	return mc_store_commit(store, err);
}

mc_status mc_units_counts(mc_store *store, mc_units_stats *stats, mc_error *err)
{
	return store_unit_counts(store, &stats->provinces, &stats->communes, &stats->old_units,
				 err);
}

struct find_ctx {
	const char *query;
	mc_unit_cb cb;
	void *ctx;
	int left;
	char seen[64][8];   /* communes already given (current-name hits first) */
	int nseen;
};

static int relay(const mc_unit *u, void *arg)
{
	struct find_ctx *fc = arg;
	if (!mc_text_fold_match(u->match_fold, fc->query))
		return 0;
	for (int i = 0; i < fc->nseen; i++)
		if (strcmp(fc->seen[i], u->code) == 0)
			return 0;
	if (fc->nseen < 64)
		memcpy(fc->seen[fc->nseen++], u->code, sizeof u->code);
	if (fc->left-- <= 0)
		return 1;
	return fc->cb(u, fc->ctx);
}

mc_status mc_units_find(mc_store *store, const char *query, int limit, mc_unit_cb cb,
			void *ctx, mc_error *err)
{
	char *fold = mc_text_fold(query ? query : "");
	if (!fold)
		return mc_error_set(err, MC_EDATA, "the search text is not valid UTF-8");
	if (!*fold) {
		free(fold);
		return mc_error_set(err, MC_EUSAGE, "nothing to search for");
	}
	struct find_ctx fc = {.query = fold, .cb = cb, .ctx = ctx, .left = limit > 0 ? limit : 20};
	/* Narrow in SQL by the longest word, then check every word in C. */
	char word[128] = "";
	for (char *w = fold; *w;) {
		size_t n = strcspn(w, " ");
		if (n > strlen(word) && n < sizeof word) {
			memcpy(word, w, n);
			word[n] = '\0';
		}
		w += n + (w[n] == ' ');
	}
	mc_status st = store_unit_find(store, word, limit, relay, &fc, err);
	free(fold);
	return st;
}
