/* The catalog on the hub (pgstore_ref.h): procedures, their documents and
 * fee rules, read and written as store_catalog.c does on SQLite. */
#include "pgstore_ref.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROCEDURE_COLUMNS \
	"id, code, name, field, agency, level, deadline, deadline_unit, fee, active"

static void read_procedure(pg_res *r, int row, mc_procedure *p)
{
	memset(p, 0, sizeof *p);
	p->id = pg_int(r, row, 0);
	pg_copy(r, row, 1, p->code, sizeof p->code);
	pg_copy(r, row, 2, p->name, sizeof p->name);
	pg_copy(r, row, 3, p->field, sizeof p->field);
	pg_copy(r, row, 4, p->agency, sizeof p->agency);
	pg_copy(r, row, 5, p->level, sizeof p->level);
	p->deadline = strtod(pg_get(r, row, 6), NULL);
	mc_deadline_unit_parse(pg_get(r, row, 7), &p->unit);
	p->fee = pg_int(r, row, 8);
	p->active = pg_int(r, row, 9) != 0;
}

static mc_status read_fee_rule(mc_store *s, mc_procedure *p, mc_error *err)
{
	static const char sql[] =
		"SELECT kind, steps, cap, exemptions, collect_at FROM procedure_fees"
		" WHERE procedure_id = $1";
	char id[24];
	const char *v[] = {pg_i64(id, p->id)};
	pg_res *r = pg_run(s, sql, 1, v, "reading a fee rule", err);
	if (!r)
		return MC_ESYS;
	char kind[16] = "", steps[256] = "", cap[24] = "", exempt[2048] = "", collect[16] = "";
	if (pg_rows(r)) {
		pg_copy(r, 0, 0, kind, sizeof kind);
		pg_copy(r, 0, 1, steps, sizeof steps);
		pg_copy(r, 0, 2, cap, sizeof cap);
		pg_copy(r, 0, 3, exempt, sizeof exempt);
		pg_copy(r, 0, 4, collect, sizeof collect);
	}
	pg_free(r);
	if (strcmp(cap, "0") == 0)
		cap[0] = '\0';
	mc_error e2;
	if (mc_fee_rule_parse(p->fee, kind, steps, cap, exempt, collect, &p->fee_rule, &e2) != MC_OK)
		mc_fee_rule_parse(p->fee, "", "", "", "", "", &p->fee_rule, &e2);
	return MC_OK;
}

static mc_status read_documents(mc_store *s, mc_procedure *p, mc_error *err)
{
	static const char sql[] =
		"SELECT name FROM procedure_documents WHERE procedure_id = $1 ORDER BY position";
	mc_status st = read_fee_rule(s, p, err);
	if (st != MC_OK)
		return st;
	char id[24];
	const char *v[] = {pg_i64(id, p->id)};
	pg_res *r = pg_run(s, sql, 1, v, "reading procedure documents", err);
	if (!r)
		return MC_ESYS;
	p->ndocuments = 0;
	for (int i = 0; i < pg_rows(r) && p->ndocuments < MC_PROCEDURE_MAX_DOCS; i++)
		pg_copy(r, i, 0, p->documents[p->ndocuments++], sizeof p->documents[0]);
	pg_free(r);
	return MC_OK;
}

mc_status pgstore_procedure_get(mc_store *s, const char *code, mc_procedure *out,
				mc_error *err)
{
	static const char sql[] = "SELECT " PROCEDURE_COLUMNS " FROM procedures WHERE code = $1";
	const char *v[] = {code};
	pg_res *r = pg_run(s, sql, 1, v, "reading a procedure", err);
	if (!r)
		return MC_ESYS;
	bool found = pg_rows(r) > 0;
	if (found)
		read_procedure(r, 0, out);
	pg_free(r);
	if (!found)
		return mc_error_set(err, MC_EDATA, "no procedure with code %s in the catalog", code);
	return read_documents(s, out, err);
}

mc_status pgstore_procedure_each(mc_store *s, mc_procedure_cb cb, void *ctx, mc_error *err)
{
	static const char sql[] =
		"SELECT " PROCEDURE_COLUMNS " FROM procedures WHERE active <> 0"
		" ORDER BY code COLLATE \"C\"";
	pg_res *r = pg_run(s, sql, 0, NULL, "listing procedures", err);
	if (!r)
		return MC_ESYS;
	int n = pg_rows(r);
	mc_procedure *rows = n ? calloc((size_t)n, sizeof *rows) : NULL;
	if (n && !rows) {
		pg_free(r);
		return mc_error_set(err, MC_ESYS, "out of memory");
	}
	for (int i = 0; i < n; i++)
		read_procedure(r, i, &rows[i]);
	pg_free(r);
	mc_status st = MC_OK;
	for (int i = 0; i < n; i++) {
		if ((st = read_documents(s, &rows[i], err)) != MC_OK)
			break;
		if (cb(&rows[i], ctx))
			break;
	}
	free(rows);
	return st;
}

mc_status pgstore_procedure_write(mc_store *s, const mc_procedure *p, const char *name_fold,
				  const char *now, const char *steps, const char *exempt,
				  int64_t *id, mc_error *err)
{
	static const char upsert[] =
		"INSERT INTO procedures(code, name, name_fold, field, agency, level, deadline,"
		" deadline_unit, fee, active, updated_at)"
		" VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10)"
		" ON CONFLICT (code) DO UPDATE SET name = $2, name_fold = $3, field = $4,"
		" agency = $5, level = $6, deadline = $7, deadline_unit = $8, fee = $9, active = 1,"
		" updated_at = $10 RETURNING id";
	static const char del_docs[] = "DELETE FROM procedure_documents WHERE procedure_id = $1";
	static const char add_docs[] =
		"INSERT INTO procedure_documents(procedure_id, position, name)"
		" SELECT $1, n, name FROM unnest($2::text[]) WITH ORDINALITY AS d(name, n)";
	static const char put_fee[] =
		"INSERT INTO procedure_fees(procedure_id, kind, steps, cap, exemptions, collect_at)"
		" VALUES($1, $2, $3, $4, $5, $6) ON CONFLICT (procedure_id) DO UPDATE SET"
		" kind = $2, steps = $3, cap = $4, exemptions = $5, collect_at = $6";
	char deadline[40], fee[24], idtext[24], cap[24];
	snprintf(deadline, sizeof deadline, "%.17g", p->deadline);
	const char *v[] = {p->code, p->name, name_fold, p->field, p->agency, p->level, deadline,
			   mc_deadline_unit_name(p->unit), pg_i64(fee, p->fee), now};
	pg_res *r = pg_run(s, upsert, 10, v, "saving a procedure", err);
	if (!r)
		return MC_ESYS;
	*id = pg_int(r, 0, 0);
	pg_free(r);
	pg_i64(idtext, *id);
	const char *vid[] = {idtext};
	mc_status st = pg_do(s, del_docs, 1, vid, "replacing procedure documents", NULL, err);
	if (st != MC_OK)
		return st;
	if (p->ndocuments) {
		/* One array literal: each name quoted, " and \ escaped. */
		size_t cap_len = 3;
		for (int i = 0; i < p->ndocuments; i++)
			cap_len += 2 * strlen(p->documents[i]) + 3;
		char *arr = malloc(cap_len), *o = arr;
		if (!arr)
			return mc_error_set(err, MC_ESYS, "out of memory");
		*o++ = '{';
		for (int i = 0; i < p->ndocuments; i++) {
			if (i)
				*o++ = ',';
			*o++ = '"';
			for (const char *c = p->documents[i]; *c; c++) {
				if (*c == '"' || *c == '\\')
					*o++ = '\\';
				*o++ = *c;
			}
			*o++ = '"';
		}
		*o++ = '}';
		*o = '\0';
		const char *vd[] = {idtext, arr};
		st = pg_do(s, add_docs, 2, vd, "saving procedure documents", NULL, err);
		free(arr);
		if (st != MC_OK)
			return st;
	}
	const char *vf[] = {idtext, mc_fee_kind_name(p->fee_rule.kind), steps,
			    pg_i64(cap, p->fee_rule.cap), exempt,
			    p->fee_rule.at_return ? "return" : "intake"};
	return pg_do(s, put_fee, 6, vf, "saving a fee rule", NULL, err);
}
