/* Known citizens and most-used procedures (see include/motcua/citizen.h). */
#include "motcua/citizen.h"
#include "motcua/calendar.h"
#include "motcua/clock.h"
#include "motcua/text.h"
#include "store_ops.h"

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
