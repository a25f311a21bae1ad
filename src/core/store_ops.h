/*
 * The store's operations on domain records, private to src/core: the
 * domain modules (catalog.c, dossier.c, ...) validate and decide, these
 * functions only read and write rows.
 */
#ifndef MOTCUA_STORE_OPS_H
#define MOTCUA_STORE_OPS_H

#include "motcua/catalog.h"
#include "motcua/dossier.h"
#include "motcua/holidays.h"
#include "motcua/report.h"
#include "motcua/units.h"
#include "motcua/user.h"

/* Catalog. outcome: 0 unchanged, 1 added, 2 updated. */
mc_status store_procedure_upsert(mc_store *s, const mc_procedure *p, const char *name_fold,
				 int *outcome, mc_error *err);
mc_status store_procedure_each(mc_store *s, mc_procedure_cb cb, void *ctx, mc_error *err);
mc_status store_procedure_get(mc_store *s, const char *code, mc_procedure *out, mc_error *err);

/* Holidays. */
mc_status store_holiday_put(mc_store *s, const mc_holiday *h, mc_error *err);
mc_status store_holiday_del(mc_store *s, int32_t day, bool *existed, mc_error *err);
/* All rows in [from, to] (days), sorted; *out malloc'd. */
mc_status store_holiday_range(mc_store *s, int32_t from, int32_t to, mc_holiday **out,
			      size_t *n, mc_error *err);

/* Dossiers. insert allocates the daily sequence and the code inside the
 * caller's transaction and fills d->id and d->code. */
mc_status store_dossier_insert(mc_store *s, mc_dossier *d, const char *name_fold,
			       mc_error *err);
mc_status store_event_append(mc_store *s, int64_t dossier_id, const mc_event *e,
			     mc_error *err);
mc_status store_dossier_get(mc_store *s, const char *code, mc_dossier *out, mc_error *err);
mc_status store_dossier_find_exact(mc_store *s, const char *column_kind, const char *value,
				   int limit, mc_dossier_cb cb, void *ctx, mc_error *err);
mc_status store_dossier_find_name(mc_store *s, const char *fts_query, int limit,
				  mc_dossier_cb cb, void *ctx, mc_error *err);
mc_status store_dossier_list(mc_store *s, const mc_dossier_filter *f, mc_dossier_cb cb,
			     void *ctx, mc_error *err);
mc_status store_event_each(mc_store *s, int64_t dossier_id, mc_event_cb cb, void *ctx,
			   mc_error *err);

/* Administrative units. */
mc_status store_unit_province_put(mc_store *s, const char *code, const char *name,
				  const char *short_name, const char *kind, const char *fold,
				  mc_error *err);
mc_status store_unit_commune_put(mc_store *s, const char *code, const char *province,
				 const char *name, const char *kind, const char *fold,
				 mc_error *err);
mc_status store_unit_old_put(mc_store *s, const char *new_code, const char *old_code,
			     const char *old_name, const char *fold, const char *merge_type,
			     mc_error *err);
mc_status store_unit_counts(mc_store *s, int *provinces, int *communes, int *old,
			    mc_error *err);
mc_status store_unit_find(mc_store *s, const char *fold_prefix, int limit, mc_unit_cb cb,
			  void *ctx, mc_error *err);

/* Users. */
mc_status store_user_insert(mc_store *s, const mc_user *u, const char *hash, mc_error *err);
mc_status store_user_get(mc_store *s, const char *username, mc_user *out, char *hash,
			 size_t hashsz, mc_error *err);
mc_status store_user_each(mc_store *s, mc_user_cb cb, void *ctx, mc_error *err);
mc_status store_user_set_password(mc_store *s, const char *username, const char *hash,
				  mc_error *err);
mc_status store_user_login_result(mc_store *s, const char *username, bool ok,
				  const char *locked_until, mc_error *err);

/* Lifecycle steps (store_steps.c). rated_at NULL keeps the stored one. */
mc_status store_dossier_update_state(mc_store *s, const mc_dossier *d, const char *rated_at,
				     const char *updated_at, mc_error *err);
mc_status store_event_last_at(mc_store *s, int64_t dossier_id, char at[17], mc_error *err);

/* Known citizens, most-used procedures. */
mc_status store_citizen_latest(mc_store *s, const char *id_number, mc_applicant *out,
			       int *dossiers, mc_error *err);
mc_status store_procedure_use_counts(mc_store *s, const char *clerk, const char *since,
				     int (*cb)(const char *code, int uses, void *ctx), void *ctx,
				     mc_error *err);

/* Reports (src/core/store_report.c; the figures are defined in report.c).
 * Counts [start, end) ('YYYY-MM-DD HH:MM') grouped by `by`, one call of cb
 * per group in key order (one group, key "", for MC_REPORT_ALL); cb
 * returns non-zero to stop (taken as out of memory). */
typedef int (*store_report_cb)(const char *key, const char *label, const mc_report_figures *f,
			       void *ctx);
mc_status store_report(mc_store *s, const char *start, const char *end, mc_report_by by,
		       store_report_cb cb, void *ctx, mc_error *err);

#endif
