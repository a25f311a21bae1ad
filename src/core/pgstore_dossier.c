/*
 * Dossier look-up on the hub (pgstore_ref.h): by code, ID number, phone or
 * name, the filtered list, one dossier with its documents and history.
 * Name search: every word of the office's FTS5 query ("w1"* "w2"*) is a
 * prefix of a word of the folded name, through the GIN index on
 * to_tsvector('simple', applicant_name_fold); newest first, as on SQLite.
 */
#include "pgstore_ref.h"

#include <stdio.h>
#include <stdlib.h>
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

static void read_dossier(pg_res *r, int row, mc_dossier *d)
{
	memset(d, 0, sizeof *d);
	d->id = pg_int(r, row, 0);
	pg_copy(r, row, 1, d->code, sizeof d->code);
	pg_copy(r, row, 2, d->unit_code, sizeof d->unit_code);
	pg_copy(r, row, 3, d->procedure_code, sizeof d->procedure_code);
	pg_copy(r, row, 4, d->procedure_name, sizeof d->procedure_name);
	d->deadline = strtod(pg_get(r, row, 5), NULL);
	mc_deadline_unit_parse(pg_get(r, row, 6), &d->deadline_unit);
	pg_copy(r, row, 7, d->applicant.name, sizeof d->applicant.name);
	pg_copy(r, row, 8, d->applicant.id_number, sizeof d->applicant.id_number);
	pg_copy(r, row, 9, d->applicant.phone, sizeof d->applicant.phone);
	pg_copy(r, row, 10, d->applicant.address, sizeof d->applicant.address);
	mc_dossier_status_parse(pg_get(r, row, 11), &d->status);
	pg_copy(r, row, 12, d->received_at, sizeof d->received_at);
	pg_copy(r, row, 13, d->entered_at, sizeof d->entered_at);
	pg_copy(r, row, 14, d->due_at, sizeof d->due_at);
	pg_copy(r, row, 15, d->received_by, sizeof d->received_by);
	pg_copy(r, row, 16, d->form_set, sizeof d->form_set);
	pg_copy(r, row, 17, d->extra, sizeof d->extra);
	pg_copy(r, row, 18, d->department, sizeof d->department);
	pg_copy(r, row, 19, d->assignee, sizeof d->assignee);
	pg_copy(r, row, 20, d->paused_at, sizeof d->paused_at);
	pg_copy(r, row, 21, d->original_due_at, sizeof d->original_due_at);
	pg_copy(r, row, 22, d->finished_at, sizeof d->finished_at);
	pg_copy(r, row, 23, d->returned_at, sizeof d->returned_at);
	pg_copy(r, row, 24, d->returned_to, sizeof d->returned_to);
	pg_copy(r, row, 25, d->return_by, sizeof d->return_by);
	d->rating = (int)pg_int(r, row, 26);
	pg_copy(r, row, 27, d->channel, sizeof d->channel);
	pg_copy(r, row, 28, d->accepted_at, sizeof d->accepted_at);
	pg_copy(r, row, 29, d->statutory_due_at, sizeof d->statutory_due_at);
	d->extensions = (int)pg_int(r, row, 30);
}

static mc_status read_documents(mc_store *s, mc_dossier *d, mc_error *err)
{
	static const char sql[] =
		"SELECT name, received FROM dossier_documents WHERE dossier_id = $1 ORDER BY position";
	char id[24];
	const char *v[] = {pg_i64(id, d->id)};
	pg_res *r = pg_run(s, sql, 1, v, "reading the dossier's documents", err);
	if (!r)
		return MC_ESYS;
	d->ndocuments = 0;
	for (int i = 0; i < pg_rows(r) && d->ndocuments < MC_DOSSIER_MAX_DOCS; i++) {
		pg_copy(r, i, 0, d->documents[d->ndocuments].name, sizeof d->documents[0].name);
		d->documents[d->ndocuments++].received = pg_int(r, i, 1) != 0;
	}
	pg_free(r);
	return MC_OK;
}

mc_status pgstore_dossier_get(mc_store *s, const char *code, mc_dossier *out, mc_error *err)
{
	static const char sql[] = "SELECT " DOSSIER_COLUMNS " FROM dossiers d WHERE d.code = $1";
	const char *v[] = {code};
	pg_res *r = pg_run(s, sql, 1, v, "reading a dossier", err);
	if (!r)
		return MC_ESYS;
	bool found = pg_rows(r) > 0;
	if (found)
		read_dossier(r, 0, out);
	pg_free(r);
	if (!found)
		return mc_error_set(err, MC_EDATA, "no dossier with code %s", code);
	return read_documents(s, out, err);
}

/* Rows of a query whose first columns are DOSSIER_COLUMNS; all are read
 * first, so the callback may run queries of its own. */
static mc_status each_row(pg_res *r, mc_dossier_cb cb, void *ctx)
{
	mc_dossier *d = malloc(sizeof *d);
	if (!d) {
		pg_free(r);
		return MC_ESYS;
	}
	for (int i = 0; i < pg_rows(r); i++) {
		read_dossier(r, i, d);
		if (cb(d, ctx))
			break;
	}
	free(d);
	pg_free(r);
	return MC_OK;
}

mc_status pgstore_dossier_find_exact(mc_store *s, const char *kind, const char *value,
				     int limit, mc_dossier_cb cb, void *ctx, mc_error *err)
{
	static const char by_code[] =
		"SELECT " DOSSIER_COLUMNS " FROM dossiers d WHERE d.code = $1 LIMIT $2";
	/* SQLite's LIKE: no escape character, ASCII letters either case. */
	static const char by_tail[] =
		"SELECT " DOSSIER_COLUMNS " FROM dossiers d"
		" WHERE d.code ILIKE '%-' || $1 ESCAPE '' ORDER BY d.id DESC LIMIT $2";
	static const char by_id[] =
		"SELECT " DOSSIER_COLUMNS " FROM dossiers d WHERE d.id_number = $1"
		" ORDER BY d.id DESC LIMIT $2";
	static const char by_phone[] =
		"SELECT " DOSSIER_COLUMNS " FROM dossiers d WHERE d.phone = $1"
		" ORDER BY d.id DESC LIMIT $2";
	const char *sql = strcmp(kind, "code") == 0 ? by_code
			: strcmp(kind, "code_tail") == 0 ? by_tail
			: strcmp(kind, "id_number") == 0 ? by_id : by_phone;
	char lim[24];
	const char *v[] = {value, pg_i64(lim, limit)};
	pg_res *r = pg_run(s, sql, 2, v, "searching dossiers", err);
	if (!r)
		return MC_ESYS;
	if (each_row(r, cb, ctx) != MC_OK)
		return mc_error_set(err, MC_ESYS, "out of memory");
	return MC_OK;
}

/* The FTS5 query's quoted terms ("w"*, "" inside a term is one ") as a
 * tsquery of prefix lexemes joined by &: 'w1':* & 'w2':*. NULL when out of
 * memory; "" when there is no term. */
static char *tsquery_of(const char *fts)
{
	size_t cap = strlen(fts) * 2 + 16;
	char *out = malloc(cap), *o = out;
	if (!out)
		return NULL;
	for (const char *p = fts; *p;) {
		if (*p != '"') {
			p++;
			continue;
		}
		if (o != out) {
			memcpy(o, " & ", 3);
			o += 3;
		}
		*o++ = '\'';
		for (p++; *p; p++) {
			if (*p == '"' && p[1] == '"') {
				*o++ = '"';
				p++;
			} else if (*p == '"') {
				p++;
				break;
			} else {
				if (*p == '\'' || *p == '\\')
					*o++ = *p;   /* doubled: a quote or backslash as such */
				*o++ = *p;
			}
		}
		memcpy(o, "':*", 3);
		o += 3;
	}
	*o = '\0';
	return out;
}

mc_status pgstore_dossier_find_name(mc_store *s, const char *fts_query, int limit,
				    mc_dossier_cb cb, void *ctx, mc_error *err)
{
	static const char sql[] =
		"SELECT " DOSSIER_COLUMNS " FROM dossiers d"
		" WHERE to_tsvector('simple', d.applicant_name_fold) @@ to_tsquery('simple', $1)"
		" ORDER BY d.id DESC LIMIT $2";
	char *q = tsquery_of(fts_query);
	if (!q)
		return mc_error_set(err, MC_ESYS, "out of memory");
	char lim[24];
	const char *v[] = {q, pg_i64(lim, limit)};
	pg_res *r = *q ? pg_run(s, sql, 2, v, "searching dossiers", err) : NULL;
	bool failed = *q && !r;
	free(q);
	if (failed)
		return MC_ESYS;
	if (r && each_row(r, cb, ctx) != MC_OK)
		return mc_error_set(err, MC_ESYS, "out of memory");
	return MC_OK;
}

mc_status pgstore_dossier_list(mc_store *s, const mc_dossier_filter *f, mc_dossier_cb cb,
			       void *ctx, mc_error *err)
{
	/* Dates are text compared by bytes (COLLATE "C"), as on SQLite. */
	static const char sql[] =
		"SELECT " DOSSIER_COLUMNS " FROM dossiers d"
		" WHERE ($1::text IS NULL OR d.status = $1)"
		" AND ($2::text IS NULL OR d.received_at >= $2 COLLATE \"C\")"
		" AND ($3::text IS NULL OR d.received_at < $3 || 'x' COLLATE \"C\")"
		" AND ($4::text IS NULL OR d.unit_code = $4)"
		" AND ($6::text IS NULL OR (d.status IN ('accepted', 'processing')"
		"  AND d.due_at < $6 COLLATE \"C\")"
		"  OR (d.status IN ('supplement', 'fees') AND d.paused_at > d.due_at COLLATE \"C\"))"
		" ORDER BY d.received_at COLLATE \"C\", d.id LIMIT $5::bigint";
	char lim[24];
	const char *v[] = {f->has_status ? mc_dossier_status_key(f->status) : NULL, f->from, f->to,
			   f->unit, f->limit > 0 ? pg_i64(lim, f->limit) : NULL, f->overdue_at};
	pg_res *r = pg_run(s, sql, 6, v, "searching dossiers", err);
	if (!r)
		return MC_ESYS;
	if (each_row(r, cb, ctx) != MC_OK)
		return mc_error_set(err, MC_ESYS, "out of memory");
	return MC_OK;
}

mc_status pgstore_event_each(mc_store *s, int64_t dossier_id, mc_event_cb cb, void *ctx,
			     mc_error *err)
{
	static const char sql[] =
		"SELECT id, at, entered_at, user_name, action, from_status, to_status, note, data"
		" FROM dossier_events WHERE dossier_id = $1 ORDER BY id";
	char id[24];
	const char *v[] = {pg_i64(id, dossier_id)};
	pg_res *r = pg_run(s, sql, 1, v, "reading the dossier history", err);
	if (!r)
		return MC_ESYS;
	mc_event *e = malloc(sizeof *e);
	if (!e) {
		pg_free(r);
		return mc_error_set(err, MC_ESYS, "out of memory");
	}
	for (int i = 0; i < pg_rows(r); i++) {
		memset(e, 0, sizeof *e);
		e->id = pg_int(r, i, 0);
		pg_copy(r, i, 1, e->at, sizeof e->at);
		pg_copy(r, i, 2, e->entered_at, sizeof e->entered_at);
		pg_copy(r, i, 3, e->user, sizeof e->user);
		pg_copy(r, i, 4, e->action, sizeof e->action);
		pg_copy(r, i, 5, e->from_status, sizeof e->from_status);
		pg_copy(r, i, 6, e->to_status, sizeof e->to_status);
		pg_copy(r, i, 7, e->note, sizeof e->note);
		pg_copy(r, i, 8, e->data, sizeof e->data);
		if (cb(e, ctx))
			break;
	}
	free(e);
	pg_free(r);
	return MC_OK;
}

mc_status pgstore_citizen_latest(mc_store *s, const char *id_number, mc_applicant *out,
				 int *dossiers, mc_error *err)
{
	static const char sql[] =
		"SELECT applicant_name, coalesce(phone, ''), coalesce(address, ''),"
		" (SELECT count(*) FROM dossiers WHERE id_number = $1)"
		" FROM dossiers WHERE id_number = $1 ORDER BY id DESC LIMIT 1";
	const char *v[] = {id_number};
	pg_res *r = pg_run(s, sql, 1, v, "looking up the citizen", err);
	if (!r)
		return MC_ESYS;
	bool found = pg_rows(r) > 0;
	if (found) {
		memset(out, 0, sizeof *out);
		snprintf(out->id_number, sizeof out->id_number, "%s", id_number);
		pg_copy(r, 0, 0, out->name, sizeof out->name);
		pg_copy(r, 0, 1, out->phone, sizeof out->phone);
		pg_copy(r, 0, 2, out->address, sizeof out->address);
		*dossiers = (int)pg_int(r, 0, 3);
	}
	pg_free(r);
	return found ? MC_OK : MC_EEMPTY;
}
