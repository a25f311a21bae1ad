/* Catalog rows: procedures and their required documents. */
#include "store_internal.h"
#include "store_ops.h"
#include "pgstore_ref.h"

#include "motcua/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void read_procedure(sqlite3_stmt *st, mc_procedure *p)
{
	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(st, 0);
	store_col_copy(st, 1, p->code, sizeof p->code);
	store_col_copy(st, 2, p->name, sizeof p->name);
	store_col_copy(st, 3, p->field, sizeof p->field);
	store_col_copy(st, 4, p->agency, sizeof p->agency);
	store_col_copy(st, 5, p->level, sizeof p->level);
	p->deadline = sqlite3_column_double(st, 6);
	char unit[16];
	store_col_copy(st, 7, unit, sizeof unit);
	mc_deadline_unit_parse(unit, &p->unit);
	p->fee = sqlite3_column_int64(st, 8);
	p->active = sqlite3_column_int(st, 9) != 0;
}

#define PROCEDURE_COLUMNS \
	"id, code, name, field, agency, level, deadline, deadline_unit, fee, active"

/* The fee rule (schema step fees); a procedure without one pays its fee
 * column once, or nothing. */
static mc_status read_fee_rule(mc_store *s, mc_procedure *p, mc_error *err)
{
	static const char sql[] =
		"SELECT kind, steps, cap, exemptions, collect_at FROM procedure_fees"
		" WHERE procedure_id = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	sqlite3_bind_int64(st, 1, p->id);
	int rc = sqlite3_step(st);
	char kind[16] = "", steps[256] = "", cap[24] = "", exempt[2048] = "", collect[16] = "";
	if (rc == SQLITE_ROW) {
		store_col_copy(st, 0, kind, sizeof kind);
		store_col_copy(st, 1, steps, sizeof steps);
		snprintf(cap, sizeof cap, "%lld", (long long)sqlite3_column_int64(st, 2));
		store_col_copy(st, 3, exempt, sizeof exempt);
		store_col_copy(st, 4, collect, sizeof collect);
	}
	store_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, "reading a fee rule", err);
	if (strcmp(cap, "0") == 0)
		cap[0] = '\0';
	mc_error e2;
	/* A row written by an older or newer rule syntax: the fee column, once. */
	if (mc_fee_rule_parse(p->fee, kind, steps, cap, exempt, collect, &p->fee_rule, &e2) != MC_OK)
		mc_fee_rule_parse(p->fee, "", "", "", "", "", &p->fee_rule, &e2);
	return MC_OK;
}

static mc_status read_documents(mc_store *s, mc_procedure *p, mc_error *err)
{
	mc_status fr = read_fee_rule(s, p, err);
	if (fr != MC_OK)
		return fr;
	static const char sql[] =
		"SELECT name FROM procedure_documents WHERE procedure_id = ?1 ORDER BY position";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	sqlite3_bind_int64(st, 1, p->id);
	int rc;
	p->ndocuments = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && p->ndocuments < MC_PROCEDURE_MAX_DOCS)
		store_col_copy(st, 0, p->documents[p->ndocuments++], sizeof p->documents[0]);
	store_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, "reading procedure documents", err);
	return MC_OK;
}

mc_status store_procedure_get(mc_store *s, const char *code, mc_procedure *out, mc_error *err)
{
	if (s->pg)
		return pgstore_procedure_get(s, code, out, err);
	static const char sql[] = "SELECT " PROCEDURE_COLUMNS " FROM procedures WHERE code = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, code);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_procedure(st, out);
	store_done(st);
	if (rc == SQLITE_DONE)
		return mc_error_set(err, MC_EDATA,
				    "no procedure with code %s in the catalog", code);
	if (rc != SQLITE_ROW)
		return store_fail(s, "reading a procedure", err);
	return read_documents(s, out, err);
}

mc_status store_procedure_each(mc_store *s, mc_procedure_cb cb, void *ctx, mc_error *err)
{
	if (s->pg)
		return pgstore_procedure_each(s, cb, ctx, err);
	static const char sql[] =
		"SELECT " PROCEDURE_COLUMNS " FROM procedures WHERE active ORDER BY code";
	/* Rows are collected first: the callback may run other queries. */
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	size_t n = 0, cap = 0;
	mc_procedure *rows = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 128;
			mc_procedure *r = realloc(rows, cap * sizeof *rows);
			if (!r) {
				store_done(st);
				free(rows);
				return mc_error_set(err, MC_ESYS, "out of memory");
			}
			rows = r;
		}
		read_procedure(st, &rows[n++]);
	}
	store_done(st);
	mc_status r = MC_OK;
	if (rc != SQLITE_DONE)
		r = store_fail(s, "listing procedures", err);
	for (size_t i = 0; r == MC_OK && i < n; i++) {
		if ((r = read_documents(s, &rows[i], err)) != MC_OK)
			break;
		if (cb(&rows[i], ctx))
			break;
	}
	free(rows);
	return r;
}

static bool same_procedure(mc_store *s, const mc_procedure *a, int64_t *id, bool *exists,
			   mc_error *err, mc_status *st)
{
	mc_procedure old;
	mc_error e2;
	*exists = false;
	*st = store_procedure_get(s, a->code, &old, &e2);
	if (*st == MC_EDATA) {
		*st = MC_OK;
		return false;
	}
	if (*st != MC_OK) {
		*err = e2;
		return false;
	}
	*exists = true;
	*id = old.id;
	if (strcmp(old.name, a->name) || strcmp(old.field, a->field) ||
	    strcmp(old.agency, a->agency) || strcmp(old.level, a->level) ||
	    old.deadline != a->deadline || old.unit != a->unit || old.fee != a->fee ||
	    !old.active || old.ndocuments != a->ndocuments ||
	    !mc_fee_rule_equal(&old.fee_rule, &a->fee_rule))
		return false;
	for (int i = 0; i < a->ndocuments; i++)
		if (strcmp(old.documents[i], a->documents[i]))
			return false;
	return true;
}

mc_status store_procedure_upsert(mc_store *s, const mc_procedure *p, const char *name_fold,
				 int *outcome, mc_error *err)
{
	static const char upsert[] =
		"INSERT INTO procedures(code, name, name_fold, field, agency, level, deadline,"
		" deadline_unit, fee, active, updated_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,1,?10)"
		" ON CONFLICT(code) DO UPDATE SET name=?2, name_fold=?3, field=?4, agency=?5,"
		" level=?6, deadline=?7, deadline_unit=?8, fee=?9, active=1, updated_at=?10"
		" RETURNING id";
	static const char del_docs[] = "DELETE FROM procedure_documents WHERE procedure_id = ?1";
	static const char add_doc[] =
		"INSERT INTO procedure_documents(procedure_id, position, name) VALUES(?1, ?2, ?3)";
	int64_t id = 0;
	bool exists;
	mc_status r;
	if (same_procedure(s, p, &id, &exists, err, &r)) {
		*outcome = 0;
		return MC_OK;
	}
	if (r != MC_OK)
		return r;
	char now[20];
	mc_clock_stamp(now);
	if (s->pg) {
		char steps[256], exempt[2048];
		mc_fee_rule_steps_text(&p->fee_rule, steps, sizeof steps);
		mc_fee_rule_exempt_text(&p->fee_rule, exempt, sizeof exempt);
		if ((r = pgstore_procedure_write(s, p, name_fold, now, steps, exempt, &id, err)))
			return r;
		*outcome = exists ? 2 : 1;
		return MC_OK;
	}
	sqlite3_stmt *st = store_stmt(s, upsert, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, p->code);
	store_bind_text(st, 2, p->name);
	store_bind_text(st, 3, name_fold);
	store_bind_text(st, 4, p->field);
	store_bind_text(st, 5, p->agency);
	store_bind_text(st, 6, p->level);
	sqlite3_bind_double(st, 7, p->deadline);
	store_bind_text(st, 8, mc_deadline_unit_name(p->unit));
	sqlite3_bind_int64(st, 9, p->fee);
	store_bind_text(st, 10, now);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	store_done(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "saving a procedure", err);
	if (!(st = store_stmt(s, del_docs, err)))
		return MC_ESYS;
	sqlite3_bind_int64(st, 1, id);
	if ((r = store_exec(s, st, "replacing procedure documents", err)) != MC_OK)
		return r;
	for (int i = 0; i < p->ndocuments; i++) {
		if (!(st = store_stmt(s, add_doc, err)))
			return MC_ESYS;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, i + 1);
		store_bind_text(st, 3, p->documents[i]);
		if ((r = store_exec(s, st, "saving procedure documents", err)) != MC_OK)
			return r;
	}
	static const char put_fee[] =
		"INSERT OR REPLACE INTO procedure_fees(procedure_id, kind, steps, cap, exemptions,"
		" collect_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6)";
	char steps[256], exempt[2048];
	mc_fee_rule_steps_text(&p->fee_rule, steps, sizeof steps);
	mc_fee_rule_exempt_text(&p->fee_rule, exempt, sizeof exempt);
	if (!(st = store_stmt(s, put_fee, err)))
		return MC_ESYS;
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, mc_fee_kind_name(p->fee_rule.kind));
	store_bind_text(st, 3, steps);
	sqlite3_bind_int64(st, 4, p->fee_rule.cap);
	store_bind_text(st, 5, exempt);
	store_bind_text(st, 6, p->fee_rule.at_return ? "return" : "intake");
	if ((r = store_exec(s, st, "saving a fee rule", err)) != MC_OK)
		return r;
	*outcome = exists ? 2 : 1;
	return MC_OK;
}
