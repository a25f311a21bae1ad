/*
 * The hub's reference data, users, reports and dossier look-up on
 * PostgreSQL (pgstore_units.c, pgstore_catalog.c, pgstore_user.c,
 * pgstore_report.c, pgstore_dossier.c): each is the PostgreSQL half of the
 * store_*.c function of the same name, which hands over with
 * `if (s->pg) return pgstore_...`. Same rows in, same rows out, in the same
 * order (text is ordered and compared COLLATE "C", as SQLite's bytes).
 */
#ifndef MOTCUA_PGSTORE_REF_H
#define MOTCUA_PGSTORE_REF_H

#include "pgstore.h"
#include "store_ops.h"

/* Units: puts between load_begin and load_end are gathered and sent with
 * COPY at the end (apply false: dropped). */
mc_status pgstore_unit_load_begin(mc_store *s, mc_error *err);
mc_status pgstore_unit_load_end(mc_store *s, bool apply, mc_error *err);
mc_status pgstore_unit_province_put(mc_store *s, const char *code, const char *name,
				    const char *short_name, const char *kind, const char *fold,
				    mc_error *err);
mc_status pgstore_unit_commune_put(mc_store *s, const char *code, const char *province,
				   const char *name, const char *kind, const char *fold,
				   mc_error *err);
mc_status pgstore_unit_old_put(mc_store *s, const char *new_code, const char *old_code,
			       const char *old_name, const char *fold, const char *merge_type,
			       mc_error *err);
mc_status pgstore_unit_counts(mc_store *s, int *provinces, int *communes, int *old,
			      mc_error *err);
void pgstore_unit_province_of(mc_store *s, const char *commune, char *out, size_t outsz);
mc_status pgstore_unit_find(mc_store *s, const char *word, mc_unit_cb cb, void *ctx,
			    mc_error *err);

/* Holidays. */
mc_status pgstore_holiday_put(mc_store *s, const char *day, const char *kind,
			      const char *note, mc_error *err);
mc_status pgstore_holiday_propose(mc_store *s, const char *day, const char *kind,
				  const char *note, bool proposed, mc_error *err);
mc_status pgstore_holiday_year(mc_store *s, const char *from, const char *to, bool confirm,
			       int *days, int *proposed, mc_error *err);
mc_status pgstore_holiday_del(mc_store *s, const char *day, bool *existed, mc_error *err);
mc_status pgstore_holiday_range(mc_store *s, const char *from, const char *to,
				mc_holiday **out, size_t *n, mc_error *err);

/* Catalog. */
mc_status pgstore_procedure_get(mc_store *s, const char *code, mc_procedure *out,
				mc_error *err);
mc_status pgstore_procedure_each(mc_store *s, mc_procedure_cb cb, void *ctx, mc_error *err);
mc_status pgstore_procedure_write(mc_store *s, const mc_procedure *p, const char *name_fold,
				  const char *now, const char *steps, const char *exempt,
				  int64_t *id, mc_error *err);

/* Users. */
mc_status pgstore_user_insert(mc_store *s, const mc_user *u, const char *hash, mc_error *err);
mc_status pgstore_user_get(mc_store *s, const char *username, mc_user *out, char *hash,
			   size_t hashsz, mc_error *err);
mc_status pgstore_user_each(mc_store *s, mc_user_cb cb, void *ctx, mc_error *err);
mc_status pgstore_user_set_password(mc_store *s, const char *username, const char *hash,
				    mc_error *err);
mc_status pgstore_user_login_result(mc_store *s, const char *username, bool ok,
				    const char *locked_until, mc_error *err);
mc_status pgstore_user_set_account(mc_store *s, const char *username, const char *account,
				   mc_error *err);
mc_status pgstore_user_by_account(mc_store *s, const char *account, char *username,
				  size_t sz, mc_error *err);

/* Reports. */
mc_status pgstore_report_unit_known(mc_store *s, const char *unit, bool *known, mc_error *err);
mc_status pgstore_report(mc_store *s, const char *start, const char *end, mc_report_by by,
			 const char *unit, store_report_cb cb, void *ctx, mc_error *err);

/* Dossier look-up. */
mc_status pgstore_dossier_get(mc_store *s, const char *code, mc_dossier *out, mc_error *err);
mc_status pgstore_dossier_find_exact(mc_store *s, const char *kind, const char *value,
				     int limit, mc_dossier_cb cb, void *ctx, mc_error *err);
mc_status pgstore_dossier_find_name(mc_store *s, const char *fts_query, int limit,
				    mc_dossier_cb cb, void *ctx, mc_error *err);
mc_status pgstore_dossier_list(mc_store *s, const mc_dossier_filter *f, mc_dossier_cb cb,
			       void *ctx, mc_error *err);
mc_status pgstore_event_each(mc_store *s, int64_t dossier_id, mc_event_cb cb, void *ctx,
			     mc_error *err);
mc_status pgstore_citizen_latest(mc_store *s, const char *id_number, mc_applicant *out,
				 int *dossiers, mc_error *err);

#endif
