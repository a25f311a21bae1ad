/*
 * How a procedure's fee (phí, lệ phí) is computed: a fixed amount, so much
 * per copy, or per page with steps and a cap per copy (certified copies:
 * TT 226/2016), or free; plus the exemptions the law allows, each with its
 * reason. Amounts are whole đồng in int64_t, never floating point.
 * The catalog CSV spells a rule in its fee_* columns (docs/catalog.md).
 */
#ifndef MOTCUA_FEE_RULE_H
#define MOTCUA_FEE_RULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "motcua/error.h"

typedef enum mc_fee_kind {
	MC_FEE_FIXED,     /* the fee column, once per dossier */
	MC_FEE_PER_COPY,  /* the fee column times the copies */
	MC_FEE_PER_PAGE,  /* steps over the pages of each copy, capped per copy */
	MC_FEE_FREE,
} mc_fee_kind;

#define MC_FEE_MAX_STEPS 8
#define MC_FEE_MAX_EXEMPT 8
#define MC_FEE_MAX_COPIES 1000
#define MC_FEE_MAX_PAGES 10000

typedef struct mc_fee_rule {
	mc_fee_kind kind;
	int nsteps;
	struct {
		int from_page;   /* this price applies from this page on (first step: 1) */
		int64_t price;   /* đồng per page */
	} steps[MC_FEE_MAX_STEPS];
	int64_t cap;             /* most one copy costs (per_page), 0 = no cap */
	int nexempt;
	struct {
		char key[32];    /* [a-z0-9_], what the clerk picks: "on_time" */
		char reason[224];/* printed and kept: "Đăng ký khai sinh đúng hạn" */
	} exempt[MC_FEE_MAX_EXEMPT];
	bool at_return;          /* collected when the result is handed back */
} mc_fee_rule;

const char *mc_fee_kind_name(mc_fee_kind k);          /* "fixed", ... */
bool mc_fee_kind_parse(const char *s, mc_fee_kind *out);

/* Build a rule from the catalog's text columns (any may be "" for the
 * default): kind (empty: fixed when fee > 0, else free), steps
 * "1:2000;3:1000" (from page 1 at 2000 đồng a page, from page 3 at 1000),
 * cap (đồng per copy), exemptions "key=reason|key=reason", collect
 * ("intake" or "return"). MC_EDATA naming the column when wrong. */
mc_status mc_fee_rule_parse(int64_t fee, const char *kind, const char *steps, const char *cap,
			    const char *exempt, const char *collect, mc_fee_rule *out,
			    mc_error *err);

/* The canonical text of steps and exemptions (as parse reads them back). */
void mc_fee_rule_steps_text(const mc_fee_rule *r, char *buf, size_t bufsz);
void mc_fee_rule_exempt_text(const mc_fee_rule *r, char *buf, size_t bufsz);
bool mc_fee_rule_equal(const mc_fee_rule *a, const mc_fee_rule *b);

typedef struct mc_fee_quote {
	int64_t amount;          /* due */
	int64_t exempted;        /* what the exemption waived (0 if none) */
	int copies, pages;
	char exempt_key[32];     /* "" if none */
	char exempt_reason[224];
} mc_fee_quote;

/* The amount due for copies (>= 1) of pages pages each (per_page only;
 * else ignored), exempted under exempt_key when not NULL/"". MC_EDATA
 * when the counts are out of range or the exemption is not the
 * procedure's. */
mc_status mc_fee_compute(const mc_fee_rule *r, int64_t fee, int copies, int pages,
			 const char *exempt_key, mc_fee_quote *out, mc_error *err);

#endif
