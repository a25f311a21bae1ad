/*
 * Units and holidays on the hub (pgstore_ref.h). A units import gathers
 * its 14,000 rows and sends each table with one COPY into a temporary
 * table, then merges it in one statement: a row whose values did not
 * change is not rewritten, as on SQLite.
 */
#include "pgstore_ref.h"

#include <stdlib.h>
#include <string.h>

struct pg_unit_load {
	struct {
		char *buf;
		size_t len, cap;
		int64_t n;
	} t[3];
	bool oom;
};

enum { T_PROVINCES, T_COMMUNES, T_OLD };

mc_status pgstore_unit_load_begin(mc_store *s, mc_error *err)
{
	free(s->pg->unit_load);
	s->pg->unit_load = calloc(1, sizeof *s->pg->unit_load);
	return s->pg->unit_load ? MC_OK : mc_error_set(err, MC_ESYS, "out of memory");
}

/* One row: its ordinal (the last of two rows with one key wins, as the
 * second upsert would on SQLite) and five fields. */
static mc_status gather(mc_store *s, int table, const char *const f[5], mc_error *err)
{
	struct pg_unit_load *l = s->pg->unit_load;
	char n[24];
	int bad = pg_copy_field(&l->t[table].buf, &l->t[table].len, &l->t[table].cap,
				pg_i64(n, ++l->t[table].n), '\t');
	for (int i = 0; i < 5; i++)
		bad |= pg_copy_field(&l->t[table].buf, &l->t[table].len, &l->t[table].cap, f[i],
				     i == 4 ? '\n' : '\t');
	if (bad)
		l->oom = true;
	return bad ? mc_error_set(err, MC_ESYS, "out of memory") : MC_OK;
}

static const char provinces_merge[] =
	"INSERT INTO unit_provinces(code, name, short_name, kind, name_fold)"
	" SELECT DISTINCT ON (code) code, name, short_name, kind, name_fold"
	" FROM unit_provinces_in ORDER BY code, n DESC"
	" ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
	" short_name = excluded.short_name, kind = excluded.kind, name_fold = excluded.name_fold"
	" WHERE (unit_provinces.name, unit_provinces.short_name, unit_provinces.kind)"
	" IS DISTINCT FROM (excluded.name, excluded.short_name, excluded.kind)";
static const char communes_merge[] =
	"INSERT INTO unit_communes(code, province_code, name, kind, name_fold)"
	" SELECT DISTINCT ON (code) code, province_code, name, kind, name_fold"
	" FROM unit_communes_in ORDER BY code, n DESC"
	" ON CONFLICT (code) DO UPDATE SET province_code = excluded.province_code,"
	" name = excluded.name, kind = excluded.kind, name_fold = excluded.name_fold"
	" WHERE (unit_communes.province_code, unit_communes.name, unit_communes.kind)"
	" IS DISTINCT FROM (excluded.province_code, excluded.name, excluded.kind)";
static const char old_merge[] =
	"INSERT INTO unit_old(new_code, old_code, old_name, old_name_fold, merge_type)"
	" SELECT DISTINCT ON (new_code, old_code) new_code, old_code, old_name,"
	" old_name_fold, merge_type FROM unit_old_in ORDER BY new_code, old_code, n DESC"
	" ON CONFLICT (new_code, old_code) DO UPDATE SET old_name = excluded.old_name,"
	" old_name_fold = excluded.old_name_fold, merge_type = excluded.merge_type"
	" WHERE (unit_old.old_name, unit_old.merge_type)"
	" IS DISTINCT FROM (excluded.old_name, excluded.merge_type)";

mc_status pgstore_unit_load_end(mc_store *s, bool apply, mc_error *err)
{
	static const struct {
		const char *temp, *copy, *merge, *what;
	} t[3] = {
		{"CREATE TEMP TABLE unit_provinces_in (n bigint, code text, name text,"
		 " short_name text, kind text, name_fold text) ON COMMIT DROP",
		 "COPY unit_provinces_in FROM STDIN", provinces_merge, "saving the provinces"},
		{"CREATE TEMP TABLE unit_communes_in (n bigint, code text, province_code text,"
		 " name text, kind text, name_fold text) ON COMMIT DROP",
		 "COPY unit_communes_in FROM STDIN", communes_merge, "saving the communes"},
		{"CREATE TEMP TABLE unit_old_in (n bigint, new_code text, old_code text,"
		 " old_name text, old_name_fold text, merge_type text) ON COMMIT DROP",
		 "COPY unit_old_in FROM STDIN", old_merge, "saving the merged units"},
	};
	struct pg_unit_load *l = s->pg->unit_load;
	s->pg->unit_load = NULL;
	mc_status st = MC_OK;
	if (!l)
		return MC_OK;
	if (apply && l->oom)
		st = mc_error_set(err, MC_ESYS, "out of memory");
	/* Provinces first: communes refer to them. */
	for (int i = 0; apply && st == MC_OK && i < 3; i++) {
		if (!l->t[i].n)
			continue;
		if ((st = pg_script(s, t[i].temp, t[i].what, err)) == MC_OK &&
		    (st = pg_copy_in(s, t[i].copy, l->t[i].buf, l->t[i].len, t[i].what, err)) ==
			    MC_OK)
			st = pg_do(s, t[i].merge, 0, NULL, t[i].what, NULL, err);
	}
	for (int i = 0; i < 3; i++)
		free(l->t[i].buf);
	free(l);
	return st;
}

mc_status pgstore_unit_province_put(mc_store *s, const char *code, const char *name,
				    const char *short_name, const char *kind, const char *fold,
				    mc_error *err)
{
	static const char sql[] =
		"INSERT INTO unit_provinces(code, name, short_name, kind, name_fold)"
		" VALUES($1, $2, $3, $4, $5) ON CONFLICT (code) DO UPDATE SET name = $2,"
		" short_name = $3, kind = $4, name_fold = $5 WHERE (unit_provinces.name,"
		" unit_provinces.short_name, unit_provinces.kind) IS DISTINCT FROM ($2, $3, $4)";
	const char *v[] = {code, name, short_name, kind, fold};
	if (s->pg->unit_load)
		return gather(s, T_PROVINCES, v, err);
	return pg_do(s, sql, 5, v, "saving a province", NULL, err);
}

mc_status pgstore_unit_commune_put(mc_store *s, const char *code, const char *province,
				   const char *name, const char *kind, const char *fold,
				   mc_error *err)
{
	static const char sql[] =
		"INSERT INTO unit_communes(code, province_code, name, kind, name_fold)"
		" VALUES($1, $2, $3, $4, $5) ON CONFLICT (code) DO UPDATE SET province_code = $2,"
		" name = $3, kind = $4, name_fold = $5 WHERE (unit_communes.province_code,"
		" unit_communes.name, unit_communes.kind) IS DISTINCT FROM ($2, $3, $4)";
	const char *v[] = {code, province, name, kind, fold};
	if (s->pg->unit_load)
		return gather(s, T_COMMUNES, v, err);
	return pg_do(s, sql, 5, v, "saving a commune", NULL, err);
}

mc_status pgstore_unit_old_put(mc_store *s, const char *new_code, const char *old_code,
			       const char *old_name, const char *fold, const char *merge_type,
			       mc_error *err)
{
	static const char sql[] =
		"INSERT INTO unit_old(new_code, old_code, old_name, old_name_fold, merge_type)"
		" VALUES($1, $2, $3, $4, $5) ON CONFLICT (new_code, old_code) DO UPDATE SET"
		" old_name = $3, old_name_fold = $4, merge_type = $5 WHERE (unit_old.old_name,"
		" unit_old.merge_type) IS DISTINCT FROM ($3, $5)";
	const char *v[] = {new_code, old_code, old_name, fold, merge_type};
	if (s->pg->unit_load)
		return gather(s, T_OLD, v, err);
	return pg_do(s, sql, 5, v, "saving a merged unit", NULL, err);
}

mc_status pgstore_unit_counts(mc_store *s, int *provinces, int *communes, int *old,
			      mc_error *err)
{
	static const char sql[] =
		"SELECT (SELECT count(*) FROM unit_provinces), (SELECT count(*) FROM unit_communes),"
		" (SELECT count(*) FROM unit_old WHERE length(new_code) = 5)";
	pg_res *r = pg_run(s, sql, 0, NULL, "counting units", err);
	if (!r)
		return MC_ESYS;
	*provinces = (int)pg_int(r, 0, 0);
	*communes = (int)pg_int(r, 0, 1);
	*old = (int)pg_int(r, 0, 2);
	pg_free(r);
	return MC_OK;
}

void pgstore_unit_province_of(mc_store *s, const char *commune, char *out, size_t outsz)
{
	static const char sql[] = "SELECT province_code FROM unit_communes WHERE code = $1";
	const char *v[] = {commune};
	out[0] = '\0';
	pg_res *r = pg_run(s, sql, 1, v, "reading a commune", NULL);
	if (r && pg_rows(r))
		pg_copy(r, 0, 0, out, outsz);
	pg_free(r);
}

mc_status pgstore_unit_find(mc_store *s, const char *word, mc_unit_cb cb, void *ctx,
			    mc_error *err)
{
	/* SQLite's LIKE: no escape character, ASCII case folded (the folded
	 * names are ASCII, so ILIKE is the same); order by bytes. */
	static const char sql[] =
		"SELECT * FROM (SELECT c.code, c.name, p.code AS pcode, p.name AS pname,"
		"  '' AS old_name, '' AS old_code, 0 AS partial, c.name_fold || ' ' ||"
		"  p.name_fold AS k, 0 AS pass"
		" FROM unit_communes c JOIN unit_provinces p ON p.code = c.province_code"
		" WHERE c.name_fold ILIKE '%' || $1 || '%' ESCAPE ''"
		"  OR p.name_fold ILIKE '%' || $1 || '%' ESCAPE ''"
		" UNION ALL "
		"SELECT c.code, c.name, p.code, p.name, o.old_name, o.old_code,"
		"  (o.merge_type = 'partial')::int, c.name_fold || ' ' || o.old_name_fold || ' ' ||"
		"  p.name_fold, 1"
		" FROM unit_old o JOIN unit_communes c ON c.code = o.new_code"
		" JOIN unit_provinces p ON p.code = c.province_code"
		" WHERE o.old_name_fold ILIKE '%' || $1 || '%' ESCAPE ''"
		") u ORDER BY pass, name COLLATE \"C\", code COLLATE \"C\", old_code COLLATE \"C\"";
	const char *v[] = {word};
	pg_res *r = pg_run(s, sql, 1, v, "searching units", err);
	if (!r)
		return MC_ESYS;
	mc_unit u;
	for (int i = 0; i < pg_rows(r); i++) {
		memset(&u, 0, sizeof u);
		pg_copy(r, i, 0, u.code, sizeof u.code);
		pg_copy(r, i, 1, u.name, sizeof u.name);
		pg_copy(r, i, 2, u.province_code, sizeof u.province_code);
		pg_copy(r, i, 3, u.province, sizeof u.province);
		pg_copy(r, i, 4, u.old_name, sizeof u.old_name);
		pg_copy(r, i, 5, u.old_code, sizeof u.old_code);
		u.partial = pg_int(r, i, 6) != 0;
		pg_copy(r, i, 7, u.match_fold, sizeof u.match_fold);
		if (cb(&u, ctx))
			break;
	}
	pg_free(r);
	return MC_OK;
}

/* ---- holidays ------------------------------------------------------------ */

mc_status pgstore_holiday_put(mc_store *s, const char *day, const char *kind,
			      const char *note, mc_error *err)
{
	static const char sql[] =
		"INSERT INTO holidays(day, kind, note) VALUES($1, $2, $3)"
		" ON CONFLICT (day) DO UPDATE SET kind = $2, note = $3, proposed = 0";
	const char *v[] = {day, kind, note};
	return pg_do(s, sql, 3, v, "saving a holiday", NULL, err);
}

mc_status pgstore_holiday_propose(mc_store *s, const char *day, const char *kind,
				  const char *note, bool proposed, mc_error *err)
{
	static const char sql[] =
		"INSERT INTO holidays(day, kind, note, proposed) VALUES($1, $2, $3, $4)"
		" ON CONFLICT (day) DO NOTHING";
	const char *v[] = {day, kind, note, proposed ? "1" : "0"};
	return pg_do(s, sql, 4, v, "saving a proposed holiday", NULL, err);
}

mc_status pgstore_holiday_year(mc_store *s, const char *from, const char *to, bool confirm,
			       int *days, int *proposed, mc_error *err)
{
	static const char upd[] =
		"UPDATE holidays SET proposed = 0 WHERE day COLLATE \"C\" BETWEEN $1 AND $2"
		" AND proposed <> 0";
	static const char sql[] =
		"SELECT count(*), coalesce(sum(proposed), 0) FROM holidays"
		" WHERE day COLLATE \"C\" BETWEEN $1 AND $2";
	const char *v[] = {from, to};
	mc_status st;
	if (confirm && (st = pg_do(s, upd, 2, v, "confirming the holidays", NULL, err)) != MC_OK)
		return st;
	pg_res *r = pg_run(s, sql, 2, v, "reading the holiday table", err);
	if (!r)
		return MC_ESYS;
	*days = (int)pg_int(r, 0, 0);
	*proposed = (int)pg_int(r, 0, 1);
	pg_free(r);
	return MC_OK;
}

mc_status pgstore_holiday_del(mc_store *s, const char *day, bool *existed, mc_error *err)
{
	static const char sql[] = "DELETE FROM holidays WHERE day = $1";
	const char *v[] = {day};
	long long n = 0;
	mc_status st = pg_do(s, sql, 1, v, "deleting a holiday", &n, err);
	*existed = st == MC_OK && n > 0;
	return st;
}

mc_status pgstore_holiday_range(mc_store *s, const char *from, const char *to,
				mc_holiday **out, size_t *n, mc_error *err)
{
	static const char sql[] =
		"SELECT day, kind, note FROM holidays WHERE day COLLATE \"C\" BETWEEN $1 AND $2"
		" ORDER BY day COLLATE \"C\"";
	const char *v[] = {from, to};
	*out = NULL;
	*n = 0;
	pg_res *r = pg_run(s, sql, 2, v, "reading the holiday table", err);
	if (!r)
		return MC_ESYS;
	int rows = pg_rows(r);
	if (rows && !(*out = calloc((size_t)rows, sizeof **out))) {
		pg_free(r);
		return mc_error_set(err, MC_ESYS, "out of memory");
	}
	for (int i = 0; i < rows; i++) {
		mc_holiday *h = &(*out)[*n];
		memset(h, 0, sizeof *h);
		pg_copy(r, i, 2, h->note, sizeof h->note);
		if (mc_date_parse(pg_get(r, i, 0), &h->day, NULL) != MC_OK)
			continue;   /* a row typed by hand in psql */
		h->kind = strcmp(pg_get(r, i, 1), "workday") == 0 ? MC_DAY_WORK : MC_DAY_OFF;
		(*n)++;
	}
	pg_free(r);
	return MC_OK;
}
