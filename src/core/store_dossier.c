/* Dossier rows, their documents and their append-only history. */
#include "store_internal.h"
#include "store_ops.h"
#include "pgstore_ref.h"

#include "motcua/clock.h"

#include <string.h>

#define DOSSIER_COLUMNS \
	"d.id, d.code, d.unit_code, d.procedure_code, d.procedure_name, d.deadline," \
	" d.deadline_unit, d.applicant_name, d.id_number, d.phone, d.address, d.status," \
	" d.received_at, d.entered_at, d.due_at, d.received_by, d.form_set, d.extra," \
	" coalesce(d.department, ''), coalesce(d.assignee, ''), coalesce(d.paused_at, '')," \
	" coalesce(d.original_due_at, ''), coalesce(d.finished_at, ''), coalesce(d.returned_at, '')," \
	" coalesce(d.returned_to, ''), coalesce(d.return_by, ''), coalesce(d.rating, 0)," \
	" d.channel, coalesce(d.accepted_at, ''), coalesce(d.statutory_due_at, d.due_at)," \
	" (SELECT count(*) FROM dossier_events x WHERE x.dossier_id = d.id" \
	"  AND x.action = 'extend')"

static void read_dossier(sqlite3_stmt *st, mc_dossier *d)
{
	memset(d, 0, sizeof *d);
	d->id = sqlite3_column_int64(st, 0);
	store_col_copy(st, 1, d->code, sizeof d->code);
	store_col_copy(st, 2, d->unit_code, sizeof d->unit_code);
	store_col_copy(st, 3, d->procedure_code, sizeof d->procedure_code);
	store_col_copy(st, 4, d->procedure_name, sizeof d->procedure_name);
	d->deadline = sqlite3_column_double(st, 5);
	char buf[32];
	store_col_copy(st, 6, buf, sizeof buf);
	mc_deadline_unit_parse(buf, &d->deadline_unit);
	store_col_copy(st, 7, d->applicant.name, sizeof d->applicant.name);
	store_col_copy(st, 8, d->applicant.id_number, sizeof d->applicant.id_number);
	store_col_copy(st, 9, d->applicant.phone, sizeof d->applicant.phone);
	store_col_copy(st, 10, d->applicant.address, sizeof d->applicant.address);
	store_col_copy(st, 11, buf, sizeof buf);
	mc_dossier_status_parse(buf, &d->status);
	store_col_copy(st, 12, d->received_at, sizeof d->received_at);
	store_col_copy(st, 13, d->entered_at, sizeof d->entered_at);
	store_col_copy(st, 14, d->due_at, sizeof d->due_at);
	store_col_copy(st, 15, d->received_by, sizeof d->received_by);
	store_col_copy(st, 16, d->form_set, sizeof d->form_set);
	store_col_copy(st, 17, d->extra, sizeof d->extra);
	store_col_copy(st, 18, d->department, sizeof d->department);
	store_col_copy(st, 19, d->assignee, sizeof d->assignee);
	store_col_copy(st, 20, d->paused_at, sizeof d->paused_at);
	store_col_copy(st, 21, d->original_due_at, sizeof d->original_due_at);
	store_col_copy(st, 22, d->finished_at, sizeof d->finished_at);
	store_col_copy(st, 23, d->returned_at, sizeof d->returned_at);
	store_col_copy(st, 24, d->returned_to, sizeof d->returned_to);
	store_col_copy(st, 25, d->return_by, sizeof d->return_by);
	d->rating = sqlite3_column_int(st, 26);
	store_col_copy(st, 27, d->channel, sizeof d->channel);
	store_col_copy(st, 28, d->accepted_at, sizeof d->accepted_at);
	store_col_copy(st, 29, d->statutory_due_at, sizeof d->statutory_due_at);
	d->extensions = sqlite3_column_int(st, 30);
}

mc_status store_dossier_insert(mc_store *s, mc_dossier *d, const char *name_fold,
			       mc_error *err)
{
	static const char next_seq[] =
		"INSERT INTO dossier_seq(unit_code, day, last) VALUES(?1, ?2, 1)"
		" ON CONFLICT(unit_code, day) DO UPDATE SET last = last + 1 RETURNING last";
	static const char insert[] =
		"INSERT INTO dossiers(code, unit_code, procedure_id, procedure_code, procedure_name,"
		" deadline, deadline_unit, applicant_name, applicant_name_fold, id_number, phone,"
		" address, status, received_at, entered_at, due_at, received_by, form_set, extra,"
		" updated_at, channel, accepted_at, statutory_due_at) SELECT ?1, ?2, p.id, p.code,"
		" ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?13, ?19,"
		" nullif(?20, ''), ?21 FROM procedures p WHERE p.code = ?18";
	static const char bump_seq[] =
		"INSERT INTO dossier_seq(unit_code, day, last) VALUES(?1, ?2, ?3)"
		" ON CONFLICT(unit_code, day) DO UPDATE SET last = max(last, ?3)";
	static const char add_doc[] =
		"INSERT INTO dossier_documents(dossier_id, position, name, received)"
		" VALUES(?1, ?2, ?3, ?4)";
	char day[11];
	memcpy(day, d->received_at, 10);
	day[10] = '\0';
	int32_t dayn;
	mc_status r = mc_date_parse(day, &dayn, err);
	if (r != MC_OK)
		return r;
	sqlite3_stmt *st;
	if (d->code[0]) {
		/* An imported dossier keeps its code; later intakes of that day
		 * must number after it. */
		char unit[40];
		int32_t cday;
		int cseq;
		if ((r = mc_dossier_code_parse(d->code, unit, sizeof unit, &cday, &cseq, err)))
			return r;
		if (!(st = store_stmt(s, bump_seq, err)))
			return MC_ESYS;
		store_bind_text(st, 1, unit);
		mc_date_format(cday, day);
		store_bind_text(st, 2, day);
		sqlite3_bind_int(st, 3, cseq);
		if ((r = store_exec(s, st, "moving the dossier number on", err)) != MC_OK)
			return r;
	} else {
		if (!(st = store_stmt(s, next_seq, err)))
			return MC_ESYS;
		store_bind_text(st, 1, d->unit_code);
		store_bind_text(st, 2, day);
		int rc = sqlite3_step(st), seq = 0;
		if (rc == SQLITE_ROW)
			seq = sqlite3_column_int(st, 0);
		store_done(st);
		if (rc != SQLITE_ROW)
			return store_fail(s, "allocating the dossier number", err);
		mc_dossier_code_format(d->unit_code, dayn, seq, d->code, sizeof d->code);
	}

	if (!(st = store_stmt(s, insert, err)))
		return MC_ESYS;
	store_bind_text(st, 1, d->code);
	store_bind_text(st, 2, d->unit_code);
	store_bind_text(st, 3, d->procedure_name);
	sqlite3_bind_double(st, 4, d->deadline);
	store_bind_text(st, 5, mc_deadline_unit_name(d->deadline_unit));
	store_bind_text(st, 6, d->applicant.name);
	store_bind_text(st, 7, name_fold);
	store_bind_text(st, 8, d->applicant.id_number[0] ? d->applicant.id_number : NULL);
	store_bind_text(st, 9, d->applicant.phone[0] ? d->applicant.phone : NULL);
	store_bind_text(st, 10, d->applicant.address);
	store_bind_text(st, 11, mc_dossier_status_key(d->status));
	store_bind_text(st, 12, d->received_at);
	store_bind_text(st, 13, d->entered_at);
	store_bind_text(st, 14, d->due_at);
	store_bind_text(st, 15, d->received_by);
	store_bind_text(st, 16, d->form_set);
	store_bind_text(st, 17, d->extra);
	store_bind_text(st, 18, d->procedure_code);
	/* Received for resolution at intake unless only submitted online; the
	 * statutory appointment starts as the appointment given. */
	if (!d->channel[0])
		snprintf(d->channel, sizeof d->channel, "counter");
	if (d->status == MC_DS_NEW)
		d->accepted_at[0] = '\0';
	else if (!d->accepted_at[0])
		snprintf(d->accepted_at, sizeof d->accepted_at, "%s", d->received_at);
	if (!d->statutory_due_at[0])
		snprintf(d->statutory_due_at, sizeof d->statutory_due_at, "%s", d->due_at);
	store_bind_text(st, 19, d->channel);
	store_bind_text(st, 20, d->accepted_at);
	store_bind_text(st, 21, d->statutory_due_at);
	if ((r = store_exec(s, st, "saving the dossier", err)) != MC_OK)
		return r;
	if (sqlite3_changes(s->db) != 1)
		return mc_error_set(err, MC_EDATA, "procedure %s vanished from the catalog",
				    d->procedure_code);
	d->id = sqlite3_last_insert_rowid(s->db);
	for (int i = 0; i < d->ndocuments; i++) {
		if (!(st = store_stmt(s, add_doc, err)))
			return MC_ESYS;
		sqlite3_bind_int64(st, 1, d->id);
		sqlite3_bind_int(st, 2, i + 1);
		store_bind_text(st, 3, d->documents[i].name);
		sqlite3_bind_int(st, 4, d->documents[i].received);
		if ((r = store_exec(s, st, "saving the dossier's documents", err)) != MC_OK)
			return r;
	}
	return MC_OK;
}

mc_status store_event_append(mc_store *s, int64_t dossier_id, const mc_event *e, mc_error *err)
{
	static const char sql[] =
		"INSERT INTO dossier_events(dossier_id, at, entered_at, user_name, action,"
		" from_status, to_status, note, data) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	sqlite3_bind_int64(st, 1, dossier_id);
	store_bind_text(st, 2, e->at);
	store_bind_text(st, 3, e->entered_at);
	store_bind_text(st, 4, e->user);
	store_bind_text(st, 5, e->action);
	store_bind_text(st, 6, e->from_status[0] ? e->from_status : NULL);
	store_bind_text(st, 7, e->to_status[0] ? e->to_status : NULL);
	store_bind_text(st, 8, e->note);
	store_bind_text(st, 9, e->data[0] ? e->data : "{}");
	return store_exec(s, st, "recording the dossier history", err);
}

static mc_status read_documents(mc_store *s, mc_dossier *d, mc_error *err)
{
	static const char sql[] =
		"SELECT name, received FROM dossier_documents WHERE dossier_id = ?1 ORDER BY position";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	sqlite3_bind_int64(st, 1, d->id);
	int rc;
	d->ndocuments = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && d->ndocuments < MC_DOSSIER_MAX_DOCS) {
		store_col_copy(st, 0, d->documents[d->ndocuments].name,
			       sizeof d->documents[0].name);
		d->documents[d->ndocuments++].received = sqlite3_column_int(st, 1) != 0;
	}
	store_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, "reading the dossier's documents", err);
	return MC_OK;
}

mc_status store_dossier_get(mc_store *s, const char *code, mc_dossier *out, mc_error *err)
{
	if (s->pg)
		return pgstore_dossier_get(s, code, out, err);
	static const char sql[] = "SELECT " DOSSIER_COLUMNS " FROM dossiers d WHERE d.code = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, code);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_dossier(st, out);
	store_done(st);
	if (rc == SQLITE_DONE)
		return mc_error_set(err, MC_EDATA, "no dossier with code %s", code);
	if (rc != SQLITE_ROW)
		return store_fail(s, "reading a dossier", err);
	return read_documents(s, out, err);
}

/* Run a query whose first columns are DOSSIER_COLUMNS; rows are read one at
 * a time (the callback must not use this same statement). */
static mc_status each_row(mc_store *s, sqlite3_stmt *st, mc_dossier_cb cb, void *ctx,
			  mc_error *err)
{
	mc_dossier d;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_dossier(st, &d);
		if (cb(&d, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	store_done(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "searching dossiers", err);
	return MC_OK;
}

mc_status store_dossier_find_exact(mc_store *s, const char *kind, const char *value, int limit,
				   mc_dossier_cb cb, void *ctx, mc_error *err)
{
	if (s->pg)
		return pgstore_dossier_find_exact(s, kind, value, limit, cb, ctx, err);
	static const char by_code[] =
		"SELECT " DOSSIER_COLUMNS " FROM dossiers d WHERE d.code = ?1 LIMIT ?2";
	static const char by_tail[] =
		"SELECT " DOSSIER_COLUMNS " FROM dossiers d WHERE d.code LIKE '%-' || ?1"
		" ORDER BY d.id DESC LIMIT ?2";
	static const char by_id[] =
		"SELECT " DOSSIER_COLUMNS " FROM dossiers d WHERE d.id_number = ?1"
		" ORDER BY d.id DESC LIMIT ?2";
	static const char by_phone[] =
		"SELECT " DOSSIER_COLUMNS " FROM dossiers d WHERE d.phone = ?1"
		" ORDER BY d.id DESC LIMIT ?2";
	const char *sql = strcmp(kind, "code") == 0 ? by_code
			: strcmp(kind, "code_tail") == 0 ? by_tail
			: strcmp(kind, "id_number") == 0 ? by_id : by_phone;
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, value);
	sqlite3_bind_int(st, 2, limit);
	return each_row(s, st, cb, ctx, err);
}

mc_status store_dossier_find_name(mc_store *s, const char *fts_query, int limit,
				  mc_dossier_cb cb, void *ctx, mc_error *err)
{
	if (s->pg)
		return pgstore_dossier_find_name(s, fts_query, limit, cb, ctx, err);
	static const char sql[] =
		"SELECT " DOSSIER_COLUMNS " FROM dossier_fts f JOIN dossiers d ON d.id = f.rowid"
		" WHERE dossier_fts MATCH ?1 ORDER BY f.rowid DESC LIMIT ?2";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, fts_query);
	sqlite3_bind_int(st, 2, limit);
	return each_row(s, st, cb, ctx, err);
}

mc_status store_dossier_list(mc_store *s, const mc_dossier_filter *f, mc_dossier_cb cb,
			     void *ctx, mc_error *err)
{
	if (s->pg)
		return pgstore_dossier_list(s, f, cb, ctx, err);
	static const char sql[] =
		"SELECT " DOSSIER_COLUMNS " FROM dossiers d"
		" WHERE (?1 IS NULL OR d.status = ?1)"
		" AND (?2 IS NULL OR d.received_at >= ?2)"
		" AND (?3 IS NULL OR d.received_at < ?3 || 'x')"
		" AND (?4 IS NULL OR d.unit_code = ?4)"
		/* overdue at ?6: the clock runs and the appointment has passed,
		 * or it stopped (paused) after the appointment had passed */
		" AND (?6 IS NULL OR (d.status IN ('accepted', 'processing') AND d.due_at < ?6)"
		"  OR (d.status IN ('supplement', 'fees') AND d.paused_at > d.due_at))"
		" ORDER BY d.received_at, d.id LIMIT ?5";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, f->has_status ? mc_dossier_status_key(f->status) : NULL);
	store_bind_text(st, 2, f->from);
	store_bind_text(st, 3, f->to);
	store_bind_text(st, 4, f->unit);
	sqlite3_bind_int(st, 5, f->limit > 0 ? f->limit : -1);
	store_bind_text(st, 6, f->overdue_at);
	return each_row(s, st, cb, ctx, err);
}

mc_status store_event_each(mc_store *s, int64_t dossier_id, mc_event_cb cb, void *ctx,
			   mc_error *err)
{
	if (s->pg)
		return pgstore_event_each(s, dossier_id, cb, ctx, err);
	static const char sql[] =
		"SELECT id, at, entered_at, user_name, action, from_status, to_status, note, data"
		" FROM dossier_events WHERE dossier_id = ?1 ORDER BY id";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	sqlite3_bind_int64(st, 1, dossier_id);
	mc_event e;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&e, 0, sizeof e);
		e.id = sqlite3_column_int64(st, 0);
		store_col_copy(st, 1, e.at, sizeof e.at);
		store_col_copy(st, 2, e.entered_at, sizeof e.entered_at);
		store_col_copy(st, 3, e.user, sizeof e.user);
		store_col_copy(st, 4, e.action, sizeof e.action);
		store_col_copy(st, 5, e.from_status, sizeof e.from_status);
		store_col_copy(st, 6, e.to_status, sizeof e.to_status);
		store_col_copy(st, 7, e.note, sizeof e.note);
		store_col_copy(st, 8, e.data, sizeof e.data);
		if (cb(&e, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	store_done(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "reading the dossier history", err);
	return MC_OK;
}
