/*
 * Fee rules: parse the catalog's fee columns, compute what is due. Integer
 * đồng throughout; every product is checked against overflow before it is
 * taken, though the limits on copies and pages keep real values far away.
 */
#include "motcua/fee_rule.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {
	[MC_FEE_FIXED] = "fixed",
	[MC_FEE_PER_COPY] = "per_copy",
	[MC_FEE_PER_PAGE] = "per_page",
	[MC_FEE_FREE] = "free",
};

const char *mc_fee_kind_name(mc_fee_kind k)
{
	return k <= MC_FEE_FREE ? kind_names[k] : "?";
}

bool mc_fee_kind_parse(const char *s, mc_fee_kind *out)
{
	for (int k = MC_FEE_FIXED; k <= MC_FEE_FREE; k++)
		if (strcmp(s, kind_names[k]) == 0) {
			*out = (mc_fee_kind)k;
			return true;
		}
	return false;
}

/* A whole number of đồng (or pages) in [0, max]; the entire text. */
static bool whole(const char *s, size_t n, int64_t max, int64_t *out)
{
	if (n == 0 || n > 15)
		return false;
	int64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	if (v > max)
		return false;
	*out = v;
	return true;
}

/* No single price above a trillion đồng; products are still checked. */
#define FEE_MAX 1000000000000LL

static mc_status parse_steps(const char *s, mc_fee_rule *r, mc_error *err)
{
	while (*s) {
		size_t n = strcspn(s, ";");
		const char *colon = memchr(s, ':', n);
		int64_t from, price;
		if (!colon || !whole(s, (size_t)(colon - s), MC_FEE_MAX_PAGES, &from) ||
		    !whole(colon + 1, n - (size_t)(colon + 1 - s), FEE_MAX, &price))
			return mc_error_set(err, MC_EDATA,
					    "fee_steps \"%.*s\" is not FROM_PAGE:PRICE "
					    "(e.g. 1:2000;3:1000)", (int)n, s);
		if (r->nsteps == MC_FEE_MAX_STEPS)
			return mc_error_set(err, MC_EDATA, "fee_steps has more than %d steps",
					    MC_FEE_MAX_STEPS);
		int prev = r->nsteps ? r->steps[r->nsteps - 1].from_page : 0;
		if ((r->nsteps == 0 && from != 1) || (r->nsteps > 0 && from <= prev))
			return mc_error_set(err, MC_EDATA,
					    "fee_steps must start at page 1 and go up (step \"%.*s\")",
					    (int)n, s);
		r->steps[r->nsteps].from_page = (int)from;
		r->steps[r->nsteps].price = price;
		r->nsteps++;
		s += n + (s[n] == ';');
	}
	return MC_OK;
}

static bool key_ok(const char *s, size_t n)
{
	if (n == 0 || n >= sizeof ((mc_fee_rule *)0)->exempt[0].key)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

static mc_status parse_exempt(const char *s, mc_fee_rule *r, mc_error *err)
{
	while (*s) {
		size_t n = strcspn(s, "|");
		const char *eq = memchr(s, '=', n);
		size_t klen = eq ? (size_t)(eq - s) : 0;
		size_t rlen = eq ? n - klen - 1 : 0;
		if (!eq || !key_ok(s, klen) || rlen == 0 ||
		    rlen >= sizeof r->exempt[0].reason)
			return mc_error_set(err, MC_EDATA,
					    "fee_exempt \"%.*s\" is not key=reason (key in a-z, 0-9, _; "
					    "reason up to %zu bytes)", (int)n, s,
					    sizeof r->exempt[0].reason - 1);
		for (int i = 0; i < r->nexempt; i++)
			if (strlen(r->exempt[i].key) == klen && !memcmp(r->exempt[i].key, s, klen))
				return mc_error_set(err, MC_EDATA, "fee_exempt names \"%.*s\" twice",
						    (int)klen, s);
		if (r->nexempt == MC_FEE_MAX_EXEMPT)
			return mc_error_set(err, MC_EDATA, "fee_exempt has more than %d exemptions",
					    MC_FEE_MAX_EXEMPT);
		memcpy(r->exempt[r->nexempt].key, s, klen);
		r->exempt[r->nexempt].key[klen] = '\0';
		memcpy(r->exempt[r->nexempt].reason, eq + 1, rlen);
		r->exempt[r->nexempt].reason[rlen] = '\0';
		r->nexempt++;
		s += n + (s[n] == '|');
	}
	return MC_OK;
}

mc_status mc_fee_rule_parse(int64_t fee, const char *kind, const char *steps, const char *cap,
			    const char *exempt, const char *collect, mc_fee_rule *out,
			    mc_error *err)
{
	memset(out, 0, sizeof *out);
	kind = kind ? kind : "";
	steps = steps ? steps : "";
	cap = cap ? cap : "";
	exempt = exempt ? exempt : "";
	collect = collect ? collect : "";
	if (!*kind)
		out->kind = fee > 0 ? MC_FEE_FIXED : MC_FEE_FREE;
	else if (!mc_fee_kind_parse(kind, &out->kind))
		return mc_error_set(err, MC_EDATA,
				    "fee_kind \"%s\" must be fixed, per_copy, per_page or free", kind);
	mc_status st = parse_steps(steps, out, err);
	if (st != MC_OK)
		return st;
	if (*cap && !whole(cap, strlen(cap), FEE_MAX, &out->cap))
		return mc_error_set(err, MC_EDATA, "fee_cap \"%s\" is not a whole number of dong",
				    cap);
	if ((st = parse_exempt(exempt, out, err)) != MC_OK)
		return st;
	if (!*collect || strcmp(collect, "intake") == 0)
		out->at_return = false;
	else if (strcmp(collect, "return") == 0)
		out->at_return = true;
	else
		return mc_error_set(err, MC_EDATA, "fee_collect \"%s\" must be intake or return",
				    collect);
	/* Each kind takes only what it uses: a stray column is a typo. */
	switch (out->kind) {
	case MC_FEE_FIXED:
	case MC_FEE_PER_COPY:
		if (fee <= 0)
			return mc_error_set(err, MC_EDATA, "fee_kind %s needs a fee above 0",
					    kind_names[out->kind]);
		if (out->nsteps || out->cap)
			return mc_error_set(err, MC_EDATA,
					    "fee_steps and fee_cap are for fee_kind per_page only");
		break;
	case MC_FEE_PER_PAGE:
		if (!out->nsteps)
			return mc_error_set(err, MC_EDATA, "fee_kind per_page needs fee_steps");
		break;
	case MC_FEE_FREE:
		if (fee != 0 || out->nsteps || out->cap || out->nexempt)
			return mc_error_set(err, MC_EDATA,
					    "fee_kind free takes fee 0 and no steps, cap or exemptions");
		break;
	}
	return MC_OK;
}

void mc_fee_rule_steps_text(const mc_fee_rule *r, char *buf, size_t bufsz)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int i = 0; i < r->nsteps && n < bufsz; i++) {
		int w = snprintf(buf + n, bufsz - n, "%s%d:%lld", i ? ";" : "",
				 r->steps[i].from_page, (long long)r->steps[i].price);
		n += w > 0 ? (size_t)w : 0;
	}
}

void mc_fee_rule_exempt_text(const mc_fee_rule *r, char *buf, size_t bufsz)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int i = 0; i < r->nexempt && n < bufsz; i++) {
		int w = snprintf(buf + n, bufsz - n, "%s%s=%s", i ? "|" : "", r->exempt[i].key,
				 r->exempt[i].reason);
		n += w > 0 ? (size_t)w : 0;
	}
}

bool mc_fee_rule_equal(const mc_fee_rule *a, const mc_fee_rule *b)
{
	if (a->kind != b->kind || a->nsteps != b->nsteps || a->cap != b->cap ||
	    a->nexempt != b->nexempt || a->at_return != b->at_return)
		return false;
	for (int i = 0; i < a->nsteps; i++)
		if (a->steps[i].from_page != b->steps[i].from_page ||
		    a->steps[i].price != b->steps[i].price)
			return false;
	for (int i = 0; i < a->nexempt; i++)
		if (strcmp(a->exempt[i].key, b->exempt[i].key) ||
		    strcmp(a->exempt[i].reason, b->exempt[i].reason))
			return false;
	return true;
}

/* One copy of pages pages under the steps, before the cap. */
static bool per_copy_price(const mc_fee_rule *r, int pages, int64_t *out)
{
	int64_t sum = 0;
	for (int i = 0; i < r->nsteps; i++) {
		int first = r->steps[i].from_page;
		int last = i + 1 < r->nsteps ? r->steps[i + 1].from_page - 1 : pages;
		if (last > pages)
			last = pages;
		if (last < first)
			break;
		int64_t n = last - first + 1;
		if (r->steps[i].price > (INT64_MAX - sum) / n)
			return false;
		sum += n * r->steps[i].price;
	}
	*out = sum;
	return true;
}

mc_status mc_fee_compute(const mc_fee_rule *r, int64_t fee, int copies, int pages,
			 const char *exempt_key, mc_fee_quote *out, mc_error *err)
{
	memset(out, 0, sizeof *out);
	if (copies < 1 || copies > MC_FEE_MAX_COPIES)
		return mc_error_set(err, MC_EDATA, "copies must be 1 to %d, not %d",
				    MC_FEE_MAX_COPIES, copies);
	if (r->kind == MC_FEE_PER_PAGE && (pages < 1 || pages > MC_FEE_MAX_PAGES))
		return mc_error_set(err, MC_EDATA, "pages must be 1 to %d, not %d",
				    MC_FEE_MAX_PAGES, pages);
	out->copies = copies;
	out->pages = r->kind == MC_FEE_PER_PAGE ? pages : 0;
	int64_t one = 0, total = 0;
	switch (r->kind) {
	case MC_FEE_FIXED:
		total = fee;
		break;
	case MC_FEE_PER_COPY:
	case MC_FEE_PER_PAGE:
		one = fee;
		if (r->kind == MC_FEE_PER_PAGE && !per_copy_price(r, pages, &one))
			return mc_error_set(err, MC_EDATA, "the fee is too large to compute");
		if (r->kind == MC_FEE_PER_PAGE && r->cap && one > r->cap)
			one = r->cap;
		if (one > INT64_MAX / copies)
			return mc_error_set(err, MC_EDATA, "the fee is too large to compute");
		total = one * copies;
		break;
	case MC_FEE_FREE:
		total = 0;
		break;
	}
	if (exempt_key && *exempt_key) {
		int i = 0;
		while (i < r->nexempt && strcmp(r->exempt[i].key, exempt_key))
			i++;
		if (i == r->nexempt)
			return mc_error_set(err, MC_EDATA,
					    "\"%s\" is not an exemption of this procedure", exempt_key);
		snprintf(out->exempt_key, sizeof out->exempt_key, "%s", r->exempt[i].key);
		snprintf(out->exempt_reason, sizeof out->exempt_reason, "%s", r->exempt[i].reason);
		out->exempted = total;
		total = 0;
	}
	out->amount = total;
	return MC_OK;
}
