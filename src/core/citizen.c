/*
 * Known citizens, most-used procedures, the picker's ranking and old card
 * addresses written with today's communes (see include/motcua/citizen.h).
 * The ranking is computed here rather than in SQL: the catalog's name match
 * is already done in C (folded words), and a commune-level catalog is a few
 * hundred rows.
 */
#include "motcua/citizen.h"
#include "motcua/calendar.h"
#include "motcua/clock.h"
#include "motcua/text.h"
#include "motcua/units.h"
#include "store_ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

mc_status mc_citizen_recall(mc_store *store, const char *id_number, mc_applicant *out,
			    int *dossiers, mc_error *err)
{
	if (!mc_text_is_digits(id_number))
		return mc_error_set(err, MC_EDATA, "ID number \"%s\" must be digits", id_number);
	return store_citizen_latest(store, id_number, out, dossiers, err);
}

struct use_ctx {
	const char *codes[256];
	int uses[256];
	int n;
	mc_procedure_use_cb cb;
	void *ctx;
	int pass;      /* 0: used ones, in order of use; 1: the rest */
	int stop;
};

static int count_cb(const char *code, int uses, void *arg)
{
	struct use_ctx *uc = arg;
	if (uc->n < 256) {
		uc->codes[uc->n] = strdup(code);
		uc->uses[uc->n++] = uses;
	}
	return 0;
}

static int rest_cb(const mc_procedure *p, void *arg)
{
	struct use_ctx *uc = arg;
	for (int i = 0; i < uc->n; i++)
		if (uc->codes[i] && strcmp(uc->codes[i], p->code) == 0)
			return 0;
	return uc->stop = uc->cb(p, 0, uc->ctx);
}

mc_status mc_catalog_by_use(mc_store *store, const char *clerk, int days,
			    mc_procedure_use_cb cb, void *ctx, mc_error *err)
{
	char since[17];
	mc_time_format(mc_clock_now() - (int64_t)days * 1440, since);
	struct use_ctx uc = {.cb = cb, .ctx = ctx};
	mc_status st = store_procedure_use_counts(store, clerk, since, count_cb, &uc, err);
	for (int i = 0; st == MC_OK && !uc.stop && i < uc.n; i++) {
		mc_procedure p;
		mc_error e2;
		if (!uc.codes[i] || mc_catalog_get(store, uc.codes[i], &p, &e2) != MC_OK || !p.active)
			continue;
		uc.stop = cb(&p, uc.uses[i], ctx);
	}
	if (st == MC_OK && !uc.stop)
		st = mc_catalog_list(store, NULL, rest_cb, &uc, err);
	for (int i = 0; i < uc.n; i++)
		free((char *)uc.codes[i]);
	return st;
}

/* ---- ranking for the picker ------------------------------------------------------ */

struct ranked {
	char code[16];
	int uses;
	int whole;    /* words typed that are whole words of the name */
	bool run;     /* the words typed appear in a row in the name */
	int others;   /* words of the name not typed */
};

struct rank_ctx {
	struct use_ctx *uc;
	char qwords[16][64];
	int nq;
	bool code_query;
	struct ranked *v;
	int n, cap;
	bool oom;
};

static int split_words(const char *fold, char (*w)[64], int max)
{
	int n = 0;
	for (const char *p = fold; *p && n < max;) {
		size_t l = strcspn(p, " ");
		if (l > 0) {
			snprintf(w[n++], 64, "%.*s", (int)(l < 63 ? l : 63), p);
		}
		p += l;
		p += strspn(p, " ");
	}
	return n;
}

static void name_match(struct rank_ctx *rc, const char *name, struct ranked *r)
{
	char fold[1024], nw[64][64];
	r->run = false;
	r->others = 0;
	if (mc_text_fold_buf(name, fold, sizeof fold) == (size_t)-1)
		return;
	/* "Thủ tục" opens most names and says nothing. */
	const char *f = strncmp(fold, "thu tuc ", 8) == 0 ? fold + 8 : fold;
	int nn = split_words(f, nw, 64);
	r->others = nn > rc->nq ? nn - rc->nq : 0;
	/* "khai tu" is two whole words of "khai tử", only a prefix of
	 * "... khai sinh" (through "thủ tục"): whole words count first. */
	r->whole = 0;
	for (int j = 0; j < rc->nq; j++)
		for (int i = 0; i < nn; i++)
			if (strcmp(nw[i], rc->qwords[j]) == 0) {
				r->whole++;
				break;
			}
	for (int i = 0; i + rc->nq <= nn && !r->run; i++) {
		bool all = true;
		for (int j = 0; j < rc->nq && all; j++)
			all = strncmp(nw[i + j], rc->qwords[j], strlen(rc->qwords[j])) == 0;
		r->run = all;
	}
}

static int rank_cb(const mc_procedure *p, void *arg)
{
	struct rank_ctx *rc = arg;
	if (rc->n == rc->cap) {
		int cap = rc->cap ? rc->cap * 2 : 64;
		struct ranked *nv = realloc(rc->v, (size_t)cap * sizeof *nv);
		if (!nv) {
			rc->oom = true;
			return 1;
		}
		rc->v = nv;
		rc->cap = cap;
	}
	struct ranked *r = &rc->v[rc->n++];
	snprintf(r->code, sizeof r->code, "%s", p->code);
	r->uses = 0;
	for (int i = 0; i < rc->uc->n; i++)
		if (rc->uc->codes[i] && strcmp(rc->uc->codes[i], p->code) == 0)
			r->uses = rc->uc->uses[i];
	r->whole = 0;
	if (rc->code_query || rc->nq == 0) {
		r->run = true;
		r->others = 0;
	} else {
		name_match(rc, p->name, r);
	}
	return 0;
}

/* The list shown before typing: the clerk's most used first. */
static int use_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->uses != y->uses)
		return y->uses - x->uses;
	return strcmp(x->code, y->code);
}

/* Typed text: the name match only, so that the same letters always give
 * the same order (use counts would move it during the day). */
static int rank_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->whole != y->whole)
		return y->whole - x->whole;
	if (x->run != y->run)
		return (int)y->run - (int)x->run;
	if (x->others != y->others)
		return x->others - y->others;
	return strcmp(x->code, y->code);
}

mc_status mc_catalog_ranked(mc_store *store, const char *clerk, int days, const char *query,
			    int limit, mc_procedure_use_cb cb, void *ctx, mc_error *err)
{
	char since[17];
	mc_time_format(mc_clock_now() - (int64_t)days * 1440, since);
	struct use_ctx uc = {.cb = cb, .ctx = ctx};
	struct rank_ctx rc = {.uc = &uc};
	mc_status st = store_procedure_use_counts(store, clerk ? clerk : "", since, count_cb, &uc,
						  err);
	if (st == MC_OK && query && *query) {
		char *fold = mc_text_fold(query);
		if (!fold)
			st = mc_error_set(err, MC_EDATA, "the search text is not valid UTF-8");
		else
			rc.nq = split_words(fold, rc.qwords, 16);
		free(fold);
		rc.code_query = query[0] >= '0' && query[0] <= '9';
	}
	if (st == MC_OK)
		st = mc_catalog_list(store, query, rank_cb, &rc, err);
	if (st == MC_OK && rc.oom)
		st = mc_error_set(err, MC_ESYS, "out of memory ranking procedures");
	if (st == MC_OK && rc.n > 1)
		qsort(rc.v, (size_t)rc.n, sizeof *rc.v, rc.nq || rc.code_query ? rank_cmp : use_cmp);
	mc_procedure *p = st == MC_OK ? malloc(sizeof *p) : NULL;
	if (st == MC_OK && !p)
		st = mc_error_set(err, MC_ESYS, "out of memory");
	for (int i = 0; st == MC_OK && i < rc.n && i < limit; i++) {
		mc_error e2;
		if (mc_catalog_get(store, rc.v[i].code, p, &e2) == MC_OK && cb(p, rc.v[i].uses, ctx))
			break;
	}
	free(p);
	free(rc.v);
	for (int i = 0; i < uc.n; i++)
		free((char *)uc.codes[i]);
	return st;
}

/* ---- old card addresses ------------------------------------------------------------ */

struct addr_ctx {
	const char *part;    /* folded commune part of the card */
	const char *rest;    /* folded parts after it (district, province) */
	mc_unit any, in_prov;
	int n_any, n_prov;
};

/* "tinh son la" / "thanh pho ha noi" -> "son la" / "ha noi" */
static const char *bare_province(const char *fold)
{
	if (strncmp(fold, "tinh ", 5) == 0)
		return fold + 5;
	if (strncmp(fold, "thanh pho ", 10) == 0)
		return fold + 10;
	return fold;
}

static int addr_cb(const mc_unit *u, void *arg)
{
	struct addr_ctx *ac = arg;
	char old[256], prov[256];
	if (!u->old_name[0] || u->partial ||
	    mc_text_fold_buf(u->old_name, old, sizeof old) == (size_t)-1 ||
	    strcmp(old, ac->part) != 0 ||
	    mc_text_fold_buf(u->province, prov, sizeof prov) == (size_t)-1)
		return 0;
	ac->any = *u;
	ac->n_any++;
	if (strstr(ac->rest, bare_province(prov))) {
		ac->in_prov = *u;
		ac->n_prov++;
	}
	return 0;
}

static bool commune_word(const char *fold)
{
	return strncmp(fold, "xa ", 3) == 0 || strncmp(fold, "phuong ", 7) == 0 ||
	       strncmp(fold, "thi tran ", 9) == 0;
}

static void trim_copy(char *dst, size_t dstsz, const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	snprintf(dst, dstsz, "%.*s", (int)n, s);
}

mc_status mc_citizen_address_today(mc_store *store, const char *card, char *out, size_t outsz,
				   char *old_commune, size_t oldsz, mc_error *err)
{
	char parts[12][256];
	int np = 0;
	if (!card || !out || outsz == 0)
		return mc_error_set(err, MC_EUSAGE, "no address given");
	snprintf(out, outsz, "%s", card);
	if (old_commune && oldsz)
		old_commune[0] = '\0';
	for (const char *p = card; *p && np < 12;) {
		size_t l = strcspn(p, ",");
		trim_copy(parts[np++], sizeof parts[0], p, l);
		p += l + (p[l] == ',');
	}
	for (int i = 0; i < np; i++) {
		char part[256], rest[1024] = "", f[256];
		if (mc_text_fold_buf(parts[i], part, sizeof part) == (size_t)-1 || !commune_word(part))
			continue;
		for (int j = i + 1; j < np; j++)
			if (mc_text_fold_buf(parts[j], f, sizeof f) != (size_t)-1 &&
			    strlen(rest) + strlen(f) + 3 < sizeof rest) {
				strcat(rest, " ");
				strcat(rest, f);
			}
		struct addr_ctx ac = {.part = part, .rest = rest};
		mc_status st = mc_units_find(store, parts[i], 60, addr_cb, &ac, err);
		if (st != MC_OK)
			return st;
		const mc_unit *u = ac.n_prov == 1 ? &ac.in_prov
				 : ac.n_prov == 0 && ac.n_any == 1 ? &ac.any : NULL;
		if (!u)
			continue;
		size_t o = 0;
		out[0] = '\0';
		for (int j = 0; j < i && o < outsz; j++)
			o += (size_t)snprintf(out + o, outsz - o, "%s, ", parts[j]);
		if (o < outsz)
			/* As the address picker writes it (form_picker.c). */
			snprintf(out + o, outsz - o, "%s, %s", u->name, u->province);
		if (old_commune && oldsz)
			snprintf(old_commune, oldsz, "%s", u->old_name);
		return MC_OK;
	}
	return MC_EEMPTY;
}
