/* Queries behind known citizens and most-used procedures. */
#include "store_internal.h"
#include "store_ops.h"
#include "pgstore_ref.h"

#include <string.h>

mc_status store_citizen_latest(mc_store *s, const char *id_number, mc_applicant *out,
			       int *dossiers, mc_error *err)
{
	if (s->pg)
		return pgstore_citizen_latest(s, id_number, out, dossiers, err);
	static const char sql[] =
		"SELECT applicant_name, coalesce(phone, ''), coalesce(address, ''),"
		" (SELECT count(*) FROM dossiers WHERE id_number = ?1)"
		" FROM dossiers WHERE id_number = ?1 ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, id_number);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		snprintf(out->id_number, sizeof out->id_number, "%s", id_number);
		store_col_copy(st, 0, out->name, sizeof out->name);
		store_col_copy(st, 1, out->phone, sizeof out->phone);
		store_col_copy(st, 2, out->address, sizeof out->address);
		*dossiers = sqlite3_column_int(st, 3);
	}
	store_done(st);
	if (rc == SQLITE_DONE)
		return MC_EEMPTY;
	return rc == SQLITE_ROW ? MC_OK : store_fail(s, "looking up the citizen", err);
}

mc_status store_procedure_use_counts(mc_store *s, const char *clerk, const char *since,
				     int (*cb)(const char *code, int uses, void *ctx), void *ctx,
				     mc_error *err)
{
	static const char sql[] =
		"SELECT procedure_code, count(*) AS n FROM dossiers"
		" WHERE received_by = ?1 AND received_at >= ?2"
		" GROUP BY procedure_code ORDER BY n DESC, procedure_code LIMIT 256";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, clerk);
	store_bind_text(st, 2, since);
	int rc;
	char code[16];
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		store_col_copy(st, 0, code, sizeof code);
		if (cb(code, sqlite3_column_int(st, 1), ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	store_done(st);
	return rc == SQLITE_DONE ? MC_OK : store_fail(s, "counting procedure use", err);
}
