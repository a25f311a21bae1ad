/* Administrative-unit rows (provinces, communes, merged pre-2025 units). */
#include "store_internal.h"
#include "store_ops.h"
#include "pgstore_ref.h"

#include <stdio.h>
#include <string.h>

mc_status store_unit_load_begin(mc_store *s, mc_error *err)
{
	return s->pg ? pgstore_unit_load_begin(s, err) : MC_OK;
}

mc_status store_unit_load_end(mc_store *s, bool apply, mc_error *err)
{
	return s->pg ? pgstore_unit_load_end(s, apply, err) : MC_OK;
}

mc_status store_unit_province_put(mc_store *s, const char *code, const char *name,
				  const char *short_name, const char *kind, const char *fold,
				  mc_error *err)
{
	if (s->pg)
		return pgstore_unit_province_put(s, code, name, short_name, kind, fold, err);
	static const char sql[] =
		"INSERT INTO unit_provinces(code, name, short_name, kind, name_fold)"
		" VALUES(?1,?2,?3,?4,?5) ON CONFLICT(code) DO UPDATE SET name=?2, short_name=?3,"
		" kind=?4, name_fold=?5 WHERE name IS NOT ?2 OR short_name IS NOT ?3 OR kind IS NOT ?4";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, code);
	store_bind_text(st, 2, name);
	store_bind_text(st, 3, short_name);
	store_bind_text(st, 4, kind);
	store_bind_text(st, 5, fold);
	return store_exec(s, st, "saving a province", err);
}

mc_status store_unit_commune_put(mc_store *s, const char *code, const char *province,
				 const char *name, const char *kind, const char *fold,
				 mc_error *err)
{
	if (s->pg)
		return pgstore_unit_commune_put(s, code, province, name, kind, fold, err);
	static const char sql[] =
		"INSERT INTO unit_communes(code, province_code, name, kind, name_fold)"
		" VALUES(?1,?2,?3,?4,?5) ON CONFLICT(code) DO UPDATE SET province_code=?2,"
		" name=?3, kind=?4, name_fold=?5 WHERE province_code IS NOT ?2 OR name IS NOT ?3"
		" OR kind IS NOT ?4";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, code);
	store_bind_text(st, 2, province);
	store_bind_text(st, 3, name);
	store_bind_text(st, 4, kind);
	store_bind_text(st, 5, fold);
	return store_exec(s, st, "saving a commune", err);
}

mc_status store_unit_old_put(mc_store *s, const char *new_code, const char *old_code,
			     const char *old_name, const char *fold, const char *merge_type,
			     mc_error *err)
{
	if (s->pg)
		return pgstore_unit_old_put(s, new_code, old_code, old_name, fold, merge_type, err);
	static const char sql[] =
		"INSERT INTO unit_old(new_code, old_code, old_name, old_name_fold, merge_type)"
		" VALUES(?1,?2,?3,?4,?5) ON CONFLICT(new_code, old_code) DO UPDATE SET"
		" old_name=?3, old_name_fold=?4, merge_type=?5"
		" WHERE old_name IS NOT ?3 OR merge_type IS NOT ?5";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, new_code);
	store_bind_text(st, 2, old_code);
	store_bind_text(st, 3, old_name);
	store_bind_text(st, 4, fold);
	store_bind_text(st, 5, merge_type);
	return store_exec(s, st, "saving a merged unit", err);
}

mc_status store_unit_counts(mc_store *s, int *provinces, int *communes, int *old,
			    mc_error *err)
{
	if (s->pg)
		return pgstore_unit_counts(s, provinces, communes, old, err);
	static const char sql[] =
		"SELECT (SELECT count(*) FROM unit_provinces), (SELECT count(*) FROM unit_communes),"
		" (SELECT count(*) FROM unit_old WHERE length(new_code) = 5)";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*provinces = sqlite3_column_int(st, 0);
		*communes = sqlite3_column_int(st, 1);
		*old = sqlite3_column_int(st, 2);
	}
	store_done(st);
	return rc == SQLITE_ROW ? MC_OK : store_fail(s, "counting units", err);
}

void store_unit_province_of(mc_store *s, const char *commune, char *out, size_t outsz)
{
	static const char sql[] = "SELECT province_code FROM unit_communes WHERE code = ?1";
	if (s->pg) {
		pgstore_unit_province_of(s, commune, out, outsz);
		return;
	}
	out[0] = '\0';
	sqlite3_stmt *st = store_stmt(s, sql, NULL);
	if (!st)
		return;
	store_bind_text(st, 1, commune);
	if (sqlite3_step(st) == SQLITE_ROW)
		store_col_copy(st, 0, out, outsz);
	store_done(st);
}

mc_status store_unit_find(mc_store *s, const char *word, int limit, mc_unit_cb cb, void *ctx,
			  mc_error *err)
{
	if (s->pg)
		return pgstore_unit_find(s, word, cb, ctx, err);
	/* Current names first, then pre-2025 names; the caller checks every
	 * word, this only narrows by one word (LIKE with a bound pattern). */
	static const char sql[] =
		"SELECT c.code, c.name, p.code, p.name, '', '', 0, c.name_fold || ' ' ||"
		"  p.name_fold AS k, 0 AS pass"
		" FROM unit_communes c JOIN unit_provinces p ON p.code = c.province_code"
		" WHERE c.name_fold LIKE '%' || ?1 || '%' OR p.name_fold LIKE '%' || ?1 || '%'"
		" UNION ALL "
		"SELECT c.code, c.name, p.code, p.name, o.old_name, o.old_code,"
		"  o.merge_type = 'partial', c.name_fold || ' ' || o.old_name_fold || ' ' || p.name_fold, 1"
		" FROM unit_old o JOIN unit_communes c ON c.code = o.new_code"
		" JOIN unit_provinces p ON p.code = c.province_code"
		" WHERE o.old_name_fold LIKE '%' || ?1 || '%'"
		/* Ties by code, then old code: the same order on PostgreSQL. */
		" ORDER BY pass, 2, 1, 6";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, word);
	(void)limit;
	mc_unit u;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&u, 0, sizeof u);
		store_col_copy(st, 0, u.code, sizeof u.code);
		store_col_copy(st, 1, u.name, sizeof u.name);
		store_col_copy(st, 2, u.province_code, sizeof u.province_code);
		store_col_copy(st, 3, u.province, sizeof u.province);
		store_col_copy(st, 4, u.old_name, sizeof u.old_name);
		store_col_copy(st, 5, u.old_code, sizeof u.old_code);
		u.partial = sqlite3_column_int(st, 6) != 0;
		store_col_copy(st, 7, u.match_fold, sizeof u.match_fold);
		if (cb(&u, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	store_done(st);
	return rc == SQLITE_DONE ? MC_OK : store_fail(s, "searching units", err);
}
