/*
 * Guidance without intake (include/motcua/guidance.h): checks here, rows
 * in store_guidance.c. A slip never touches the dossiers or the daily
 * sequence of dossier codes.
 */
#include "motcua/guidance.h"

#include "motcua/calendar.h"
#include "motcua/catalog.h"
#include "motcua/clock.h"
#include "motcua/text.h"
#include "store_guidance.h"

#include <stdlib.h>
#include <string.h>

static mc_status take(const char *src, char *dst, size_t dstsz, const char *what,
		      bool required, mc_error *err)
{
	dst[0] = '\0';
	char *c = NULL;
	if (src && *src && mc_text_clean(src, &c, err) != MC_OK)
		return mc_error_prefix(err, "%s", what);
	mc_status st = MC_OK;
	if (required && (!c || !*c))
		st = mc_error_set(err, MC_EDATA, "%s is required", what);
	else if (c && strlen(c) >= dstsz)
		st = mc_error_set(err, MC_EDATA, "%s is longer than %zu bytes", what, dstsz - 1);
	else if (c)
		memcpy(dst, c, strlen(c) + 1);
	free(c);
	return st;
}

mc_status mc_guidance_add(mc_store *store, const mc_guidance_in *in, mc_guidance *out,
			  mc_error *err)
{
	mc_guidance g = {0};
	mc_procedure *p = malloc(sizeof *p);
	if (!p)
		return mc_error_set(err, MC_ESYS, "out of memory");
	mc_status st = MC_OK;
	if (!in->procedure_code || !*in->procedure_code)
		st = mc_error_set(err, MC_EDATA, "procedure is required");
	else
		st = mc_catalog_get(store, in->procedure_code, p, err);
	if (st == MC_OK) {
		snprintf(g.procedure_code, sizeof g.procedure_code, "%s", p->code);
		snprintf(g.procedure_name, sizeof g.procedure_name, "%s", p->name);
	}
	free(p);
	if (st != MC_OK ||
	    (st = take(in->name, g.applicant_name, sizeof g.applicant_name, "name", true, err)) ||
	    (st = take(in->missing, g.missing, sizeof g.missing, "missing papers", true, err)) ||
	    (st = take(in->note, g.note, sizeof g.note, "note", false, err)))
		return st;
	if (in->id_number && *in->id_number) {
		size_t n = strlen(in->id_number);
		if (!mc_text_is_digits(in->id_number) || (n != 12 && n != 9))
			return mc_error_set(err, MC_EDATA, "ID number \"%s\" must be the 12 digits "
					    "of a CCCD (or 9 of an old CMND)", in->id_number);
		snprintf(g.id_number, sizeof g.id_number, "%s", in->id_number);
	}
	if (in->phone && *in->phone &&
	    !mc_text_phone_normalize(in->phone, g.phone, sizeof g.phone))
		return mc_error_set(err, MC_EDATA, "phone \"%s\" is not a phone number", in->phone);
	snprintf(g.user, sizeof g.user, "%s", in->user && *in->user ? in->user : "admin");
	mc_time_format(mc_clock_now(), g.given_at);
	char entered[20];
	mc_clock_stamp(entered);
	if ((st = mc_store_begin(store, err)) != MC_OK)
		return st;
	if ((st = store_guidance_insert(store, &g, entered, err)) != MC_OK ||
	    (st = mc_store_commit(store, err)) != MC_OK) {
		mc_store_rollback(store);
		return st;
	}
	if (out)
		*out = g;
	return MC_OK;
}

mc_status mc_guidance_get(mc_store *store, int64_t id, mc_guidance *out, mc_error *err)
{
	return store_guidance_get(store, id, out, err);
}

static mc_status check_period(const char *from, const char *to, mc_error *err)
{
	int32_t a = 0, b = 0;
	if (from && mc_date_parse(from, &a, err) != MC_OK)
		return mc_error_prefix(err, "--from");
	if (to && mc_date_parse(to, &b, err) != MC_OK)
		return mc_error_prefix(err, "--to");
	if (from && to && b < a)
		return mc_error_set(err, MC_EDATA, "the period %s..%s ends before it starts", from,
				    to);
	return MC_OK;
}

mc_status mc_guidance_list(mc_store *store, const char *from, const char *to,
			   const char *user, mc_guidance_cb cb, void *ctx, mc_error *err)
{
	mc_status st = check_period(from, to, err);
	return st != MC_OK ? st : store_guidance_each(store, from, to, user, cb, ctx, err);
}

static int count_one(const mc_guidance *g, void *ctx)
{
	(void)g;
	(*(int *)ctx)++;
	return 0;
}

mc_status mc_guidance_count(mc_store *store, const char *from, const char *to,
			    const char *user, int *n, mc_error *err)
{
	*n = 0;
	return mc_guidance_list(store, from, to, user, count_one, n, err);
}
