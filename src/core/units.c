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
	if ((st = store_unit_load_begin(store, err)) != MC_OK) {
		mc_store_rollback(store);
		return st;
	}
	if ((st = load_file(store, dir, "provinces.csv", pcols, province_row, &stats->provinces,
			    err)) == MC_OK &&
	    (st = load_file(store, dir, "communes.csv", ccols, commune_row, &stats->communes,
			    err)) == MC_OK)
		st = load_file(store, dir, "old-units.csv", ocols, old_row, &stats->old_units, err);
	mc_status end = store_unit_load_end(store, st == MC_OK, err);
	if (st == MC_OK)
		st = end;
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

/* Words naming a unit's kind ("Phường", "Xã", "Thị trấn", "Đặc khu")
 * match only when typed whole: "phu" is the start of "Phú", not of every
 * "Phường" in the country. */
static bool kind_word(const char *w, size_t n)
{
	static const char *const kinds[] = {"phuong", "xa", "thi", "tran", "dac", "khu"};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strlen(kinds[i]) == n && strncmp(kinds[i], w, n) == 0)
			return true;
	return false;
}

/* Every word of query is the start of a word of text (a kind word only
 * whole); *whole counts the query words that are whole words of text. */
static bool words_match(const char *text, const char *query, int *whole)
{
	*whole = 0;
	for (const char *q = query; *q;) {
		q += strspn(q, " ");
		size_t qn = strcspn(q, " ");
		if (!qn)
			break;
		bool found = false, exact = false;
		for (const char *t = text; *t;) {
			t += strspn(t, " ");
			size_t tn = strcspn(t, " ");
			if (!tn)
				break;
			if (tn == qn && strncmp(t, q, qn) == 0)
				found = exact = true;
			else if (tn > qn && strncmp(t, q, qn) == 0 && !kind_word(t, tn))
				found = true;
			t += tn;
		}
		if (!found)
			return false;
		*whole += exact;
		q += qn;
	}
	return true;
}

struct cand {
	mc_unit u;
	int rank;  /* lower first */
};

struct find_ctx {
	const char *query;
	char home_commune[8], home_province[4];
	struct cand *v;
	int n, cap;
	bool oom;
};

static int collect(const mc_unit *u, void *arg)
{
	struct find_ctx *fc = arg;
	int whole;
	if (!words_match(u->match_fold, fc->query, &whole))
		return 0;
	for (int i = 0; i < fc->n; i++)
		if (strcmp(fc->v[i].u.code, u->code) == 0)
			return 0;   /* current-name hits come first */
	if (fc->n == fc->cap) {
		int cap = fc->cap ? fc->cap * 2 : 64;
		struct cand *nv = realloc(fc->v, (size_t)cap * sizeof *nv);
		if (!nv) {
			fc->oom = true;
			return 1;
		}
		fc->v = nv;
		fc->cap = cap;
	}
	struct cand *c = &fc->v[fc->n];
	c->u = *u;
	/* The office's own commune, then its province; then more whole words;
	 * the store's order (current names, by name) after that. */
	int home = strcmp(u->code, fc->home_commune) == 0 ? 0
		 : strcmp(u->province_code, fc->home_province) == 0 ? 1 : 2;
	c->rank = (home * 100 + (99 - whole)) * 100000 + fc->n;
	fc->n++;
	return 0;
}

static int cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	return (x->rank > y->rank) - (x->rank < y->rank);
}

static int home_cb(const mc_unit *u, void *arg)
{
	struct find_ctx *fc = arg;
	if (u->old_name[0])
		return 0;
	char fold[256];
	if (mc_text_fold_buf(u->name, fold, sizeof fold) == (size_t)-1 ||
	    strcmp(fold, fc->query) != 0)
		return 0;
	if (fc->n++ == 0) {
		snprintf(fc->home_commune, sizeof fc->home_commune, "%s", u->code);
		snprintf(fc->home_province, sizeof fc->home_province, "%s", u->province_code);
	}
	return 0;
}

mc_status mc_units_home(mc_store *store, char *commune, size_t csz, char *province, size_t psz,
			mc_error *err)
{
	char code[8];
	struct find_ctx fc = {0};
	commune[0] = province[0] = '\0';
	if (mc_store_setting_get(store, "office.commune", code, sizeof code, NULL) == MC_OK) {
		snprintf(fc.home_commune, sizeof fc.home_commune, "%s", code);
	} else {
		/* "UBND xã Quảng Phú": the one commune of that name, if only one. */
		mc_office o;
		if (mc_store_office_get(store, &o, err) != MC_OK)
			return MC_EEMPTY;
		char fold[256];
		if (mc_text_fold_buf(o.name, fold, sizeof fold) == (size_t)-1)
			return MC_EEMPTY;
		const char *name = strncmp(fold, "ubnd ", 5) == 0 ? fold + 5 : fold;
		fc.query = name;
		const char *last = strrchr(name, ' ');
		mc_status st = store_unit_find(store, last ? last + 1 : name, 0, home_cb, &fc, err);
		if (st != MC_OK)
			return st;
		if (fc.n != 1)
			return MC_EEMPTY;
	}
	store_unit_province_of(store, fc.home_commune, fc.home_province, sizeof fc.home_province);
	snprintf(commune, csz, "%s", fc.home_commune);
	snprintf(province, psz, "%s", fc.home_province);
	return province[0] ? MC_OK : MC_EEMPTY;
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
	struct find_ctx fc = {.query = fold};
	mc_units_home(store, fc.home_commune, sizeof fc.home_commune, fc.home_province,
		      sizeof fc.home_province, NULL);
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
	mc_status st = store_unit_find(store, word, limit, collect, &fc, err);
	if (st == MC_OK && fc.oom)
		st = mc_error_set(err, MC_ESYS, "out of memory");
	if (st == MC_OK) {
		qsort(fc.v, (size_t)fc.n, sizeof *fc.v, cand_cmp);
		int left = limit > 0 ? limit : 20;
		for (int i = 0; i < fc.n && i < left; i++)
			if (cb(&fc.v[i].u, ctx))
				break;
	}
	free(fc.v);
	free(fold);
	return st;
}
