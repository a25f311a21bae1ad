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
#include "motcua/queue.h"
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
mc_status store_holiday_propose(mc_store *s, const mc_holiday *h, bool proposed, mc_error *err);
mc_status store_holiday_year(mc_store *s, int year, bool confirm, int *days, int *proposed,
			     mc_error *err);
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

/* Administrative units. Puts between load_begin and load_end may be
 * gathered and written at the end (PostgreSQL: one COPY per table);
 * load_end(apply false) drops what was gathered. */
mc_status store_unit_load_begin(mc_store *s, mc_error *err);
mc_status store_unit_load_end(mc_store *s, bool apply, mc_error *err);
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
/* The province code of a 2025 commune ("" when unknown). */
void store_unit_province_of(mc_store *s, const char *commune, char *out, size_t outsz);
mc_status store_unit_find(mc_store *s, const char *fold_prefix, int limit, mc_unit_cb cb,
			  void *ctx, mc_error *err);

/* Users. */
mc_status store_user_insert(mc_store *s, const mc_user *u, const char *hash, mc_error *err);
mc_status store_user_get(mc_store *s, const char *username, mc_user *out, char *hash,
			 size_t hashsz, mc_error *err);
mc_status store_user_each(mc_store *s, mc_user_cb cb, void *ctx, mc_error *err);
mc_status store_user_set_password(mc_store *s, const char *username, const char *hash,
				  mc_error *err);
mc_status store_user_set_account(mc_store *s, const char *username, const char *account,
				 mc_error *err);
mc_status store_user_by_account(mc_store *s, const char *account, char *username, size_t sz,
				mc_error *err);
mc_status store_user_login_result(mc_store *s, const char *username, bool ok,
				  const char *locked_until, mc_error *err);

/* Lifecycle steps (store_steps.c). rated_at NULL keeps the stored one. */
mc_status store_dossier_update_state(mc_store *s, const mc_dossier *d, const char *rated_at,
				     const char *updated_at, mc_error *err);
mc_status store_event_last_at(mc_store *s, int64_t dossier_id, char at[17], mc_error *err);
/* Corrections (store_steps.c): the applicant's columns (and the folded
 * name the search uses) of dossier id. */
mc_status store_dossier_set_applicant(mc_store *s, int64_t id, const mc_applicant *a,
				      const char *name_fold, const char *updated_at,
				      mc_error *err);

/* The counter's day (store_counter.c): events of user (NULL: anyone) on
 * day whose action is in actions (",intake,return,"), oldest first, with
 * the dossier's code and for a transfer its department; cb returns
 * non-zero to stop. */
mc_status store_events_of_day(mc_store *s, const char *user, const char *day,
			      const char *actions,
			      int (*cb)(const char *code, const char *action, const char *at,
					const char *to, void *ctx),
			      void *ctx, mc_error *err);

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
		       const char *unit, store_report_cb cb, void *ctx, mc_error *err);
/* Whether any dossier of office `unit` is in the database. */
mc_status store_report_unit_known(mc_store *s, const char *unit, bool *known, mc_error *err);

/* Queue (src/core/store_queue.c; the rules are in queue.c). Ticket reads
 * fill every column of mc_ticket except waiting_ahead. */
mc_status store_queue_service_put(mc_store *s, const mc_queue_service *svc, mc_error *err);
/* MC_EEMPTY when unknown. */
mc_status store_queue_service_get(mc_store *s, const char *code, mc_queue_service *out,
				  mc_error *err);
mc_status store_queue_service_each(mc_store *s, mc_queue_service_cb cb, void *ctx,
				   mc_error *err);
mc_status store_queue_counter_put(mc_store *s, const mc_counter *c, mc_error *err);
/* MC_EEMPTY when unknown. */
mc_status store_queue_counter_get(mc_store *s, int number, mc_counter *out, mc_error *err);
mc_status store_queue_counter_each(mc_store *s, mc_counter_cb cb, void *ctx, mc_error *err);
mc_status store_queue_counter_state(mc_store *s, int number, mc_counter_state state,
				    mc_error *err);
/* Next number of (service, day), inside the caller's transaction; fills
 * out (id, number, ticket and the stored columns). */
mc_status store_queue_ticket_insert(mc_store *s, const char *service, const char *day,
				    const char *at, mc_ticket *out, mc_error *err);
/* Waiting tickets of the same service and day issued before this one. */
mc_status store_queue_waiting_before(mc_store *s, const mc_ticket *t, int *n, mc_error *err);
/* Every called or serving ticket of the counter (any day) → done. */
mc_status store_queue_finish_current(mc_store *s, int counter, const char *at, mc_error *err);
/* Mark the next waiting ticket of day for counter as called; MC_EEMPTY
 * when none. *id is the ticket called. */
mc_status store_queue_pick(mc_store *s, int counter, const char *day, const char *at,
			   int64_t *id, mc_error *err);
/* The counter's called or serving ticket of day; MC_EEMPTY when none. */
mc_status store_queue_current(mc_store *s, int counter, const char *day, mc_ticket *out,
			      mc_error *err);
mc_status store_queue_ticket_by_id(mc_store *s, int64_t id, mc_ticket *out, mc_error *err);
/* MC_EEMPTY when unknown. */
mc_status store_queue_ticket_by_text(mc_store *s, const char *ticket, const char *day,
				     mc_ticket *out, mc_error *err);
/* Write state, counter, times, recalls, dossier and transfer of t->id. */
mc_status store_queue_ticket_update(mc_store *s, const mc_ticket *t, mc_error *err);
/* Counts, waits, counters' current tickets for day; as_of 'YYYY-MM-DD HH:MM'. */
mc_status store_queue_snapshot(mc_store *s, const char *day, const char *as_of,
			       mc_queue_snapshot *out, mc_error *err);
mc_status store_queue_dossier_exists(mc_store *s, const char *code, bool *exists,
				     mc_error *err);
/* The PRAGMA data_version of the connection. */
mc_status store_data_version(mc_store *s, int64_t *out, mc_error *err);

/* Supervisor dashboard (store_queue.c): open dossiers by department (the
 * dossier's department, else its procedure's field), one cb call per
 * department in name order: due later today (now <= due < day_end) and
 * overdue (due < now) among those whose clock runs, waiting for return
 * (ready), paused (supplement, fees). Times 'YYYY-MM-DD HH:MM'. */
typedef int (*store_dash_cb)(const char *department, int due_today, int overdue, int ready,
			     int paused, void *ctx);
mc_status store_dashboard_dossiers(mc_store *s, const char *now, const char *day_end,
				   store_dash_cb cb, void *ctx, mc_error *err);

#endif
