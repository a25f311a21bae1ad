/* Holiday-table rows. Days are stored as 'YYYY-MM-DD' text. */
#include "store_internal.h"
#include "store_ops.h"
#include "pgstore_ref.h"

#include <stdlib.h>
#include <string.h>

mc_status store_holiday_put(mc_store *s, const mc_holiday *h, mc_error *err)
{
	static const char sql[] =
		"INSERT INTO holidays(day, kind, note) VALUES(?1, ?2, ?3)"
		" ON CONFLICT(day) DO UPDATE SET kind = ?2, note = ?3, proposed = 0";
	char day[11];
	mc_date_format(h->day, day);
	if (s->pg)
		return pgstore_holiday_put(s, day, h->kind == MC_DAY_WORK ? "workday" : "off",
					   h->note, err);
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, day);
	store_bind_text(st, 2, h->kind == MC_DAY_WORK ? "workday" : "off");
	store_bind_text(st, 3, h->note);
	return store_exec(s, st, "saving a holiday", err);
}

/* A proposed day (init): never replaces a day already in the table. */
mc_status store_holiday_propose(mc_store *s, const mc_holiday *h, bool proposed, mc_error *err)
{
	static const char sql[] =
		"INSERT INTO holidays(day, kind, note, proposed) VALUES(?1, ?2, ?3, ?4)"
		" ON CONFLICT(day) DO NOTHING";
	char day[11];
	mc_date_format(h->day, day);
	if (s->pg)
		return pgstore_holiday_propose(s, day, h->kind == MC_DAY_WORK ? "workday" : "off",
					       h->note, proposed, err);
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, day);
	store_bind_text(st, 2, h->kind == MC_DAY_WORK ? "workday" : "off");
	store_bind_text(st, 3, h->note);
	sqlite3_bind_int(st, 4, proposed);
	return store_exec(s, st, "saving a proposed holiday", err);
}

/* Days of year `year` in the table (*days) and how many are still
 * proposed (*proposed); confirm: mark them all confirmed first. */
mc_status store_holiday_year(mc_store *s, int year, bool confirm, int *days, int *proposed,
			     mc_error *err)
{
	static const char upd[] =
		"UPDATE holidays SET proposed = 0 WHERE day BETWEEN ?1 AND ?2 AND proposed";
	static const char sql[] =
		"SELECT count(*), coalesce(sum(proposed), 0) FROM holidays"
		" WHERE day BETWEEN ?1 AND ?2";
	char a[11], b[11];
	snprintf(a, sizeof a, "%04d-01-01", year);
	snprintf(b, sizeof b, "%04d-12-31", year);
	if (s->pg)
		return pgstore_holiday_year(s, a, b, confirm, days, proposed, err);
	sqlite3_stmt *st;
	mc_status r;
	if (confirm) {
		if (!(st = store_stmt(s, upd, err)))
			return MC_ESYS;
		store_bind_text(st, 1, a);
		store_bind_text(st, 2, b);
		if ((r = store_exec(s, st, "confirming the holidays", err)) != MC_OK)
			return r;
	}
	if (!(st = store_stmt(s, sql, err)))
		return MC_ESYS;
	store_bind_text(st, 1, a);
	store_bind_text(st, 2, b);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*days = sqlite3_column_int(st, 0);
		*proposed = sqlite3_column_int(st, 1);
	}
	store_done(st);
	return rc == SQLITE_ROW ? MC_OK : store_fail(s, "reading the holiday table", err);
}

mc_status store_holiday_del(mc_store *s, int32_t dayn, bool *existed, mc_error *err)
{
	static const char sql[] = "DELETE FROM holidays WHERE day = ?1";
	char day[11];
	mc_date_format(dayn, day);
	if (s->pg)
		return pgstore_holiday_del(s, day, existed, err);
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, day);
	mc_status r = store_exec(s, st, "deleting a holiday", err);
	*existed = r == MC_OK && sqlite3_changes(s->db) > 0;
	return r;
}

mc_status store_holiday_range(mc_store *s, int32_t from, int32_t to, mc_holiday **out,
			      size_t *n, mc_error *err)
{
	static const char sql[] =
		"SELECT day, kind, note FROM holidays WHERE day BETWEEN ?1 AND ?2 ORDER BY day";
	char a[11] = "0000-00-00", b[11] = "9999-99-99";
	if (from != INT32_MIN)
		mc_date_format(from, a);
	if (to != INT32_MAX)
		mc_date_format(to, b);
	if (s->pg)
		return pgstore_holiday_range(s, a, b, out, n, err);
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, a);
	store_bind_text(st, 2, b);
	size_t cap = 0;
	int rc;
	mc_status r = MC_OK;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			mc_holiday *nh = realloc(*out, cap * sizeof **out);
			if (!nh) {
				r = mc_error_set(err, MC_ESYS, "out of memory");
				break;
			}
			*out = nh;
		}
		mc_holiday *h = &(*out)[*n];
		memset(h, 0, sizeof *h);
		char day[16], kind[16];
		store_col_copy(st, 0, day, sizeof day);
		store_col_copy(st, 1, kind, sizeof kind);
		store_col_copy(st, 2, h->note, sizeof h->note);
		if (mc_date_parse(day, &h->day, NULL) != MC_OK)
			continue;   /* a row typed by hand in the sqlite3 shell */
		h->kind = strcmp(kind, "workday") == 0 ? MC_DAY_WORK : MC_DAY_OFF;
		(*n)++;
	}
	store_done(st);
	if (r == MC_OK && rc != SQLITE_DONE)
		r = store_fail(s, "reading the holiday table", err);
	if (r != MC_OK) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return r;
}
