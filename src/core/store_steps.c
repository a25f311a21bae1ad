/* Writing lifecycle steps: the dossier row's state after a step. */
#include "store_internal.h"
#include "store_ops.h"

mc_status store_dossier_update_state(mc_store *s, const mc_dossier *d, const char *rated_at,
				     const char *updated_at, mc_error *err)
{
	static const char sql[] =
		"UPDATE dossiers SET status = ?2, due_at = ?3, department = nullif(?4, ''),"
		" assignee = nullif(?5, ''), paused_at = nullif(?6, ''),"
		" original_due_at = nullif(?7, ''), finished_at = nullif(?8, ''),"
		" returned_at = nullif(?9, ''), returned_to = nullif(?10, ''),"
		" return_by = nullif(?11, ''), rating = nullif(?12, 0),"
		" rated_at = coalesce(?13, rated_at), updated_at = ?14,"
		" accepted_at = nullif(?15, ''), statutory_due_at = nullif(?16, '') WHERE id = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	sqlite3_bind_int64(st, 1, d->id);
	store_bind_text(st, 2, mc_dossier_status_key(d->status));
	store_bind_text(st, 3, d->due_at);
	store_bind_text(st, 4, d->department);
	store_bind_text(st, 5, d->assignee);
	store_bind_text(st, 6, d->paused_at);
	store_bind_text(st, 7, d->original_due_at);
	store_bind_text(st, 8, d->finished_at);
	store_bind_text(st, 9, d->returned_at);
	store_bind_text(st, 10, d->returned_to);
	store_bind_text(st, 11, d->return_by);
	sqlite3_bind_int(st, 12, d->rating);
	store_bind_text(st, 13, rated_at);
	store_bind_text(st, 14, updated_at);
	store_bind_text(st, 15, d->accepted_at);
	store_bind_text(st, 16, d->statutory_due_at[0] ? d->statutory_due_at : d->due_at);
	return store_exec(s, st, "saving the dossier's new state", err);
}

mc_status store_event_last_at(mc_store *s, int64_t dossier_id, char at[17], mc_error *err)
{
	static const char sql[] =
		"SELECT coalesce(max(at), '') FROM dossier_events WHERE dossier_id = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	sqlite3_bind_int64(st, 1, dossier_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		store_col_copy(st, 0, at, 17);
	store_done(st);
	return rc == SQLITE_ROW ? MC_OK : store_fail(s, "reading the dossier history", err);
}

mc_status store_dossier_set_applicant(mc_store *s, int64_t id, const mc_applicant *a,
				      const char *name_fold, const char *updated_at,
				      mc_error *err)
{
	static const char sql[] =
		"UPDATE dossiers SET applicant_name = ?2, applicant_name_fold = ?3,"
		" id_number = ?4, phone = ?5, address = ?6, updated_at = ?7"
		" WHERE id = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, a->name);
	store_bind_text(st, 3, name_fold);
	store_bind_text(st, 4, a->id_number);
	store_bind_text(st, 5, a->phone);
	store_bind_text(st, 6, a->address);
	store_bind_text(st, 7, updated_at);
	return store_exec(s, st, "correcting the applicant", err);
}
