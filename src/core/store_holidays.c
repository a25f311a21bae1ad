/* Holiday-table rows. Days are stored as 'YYYY-MM-DD' text. */
#include "store_internal.h"
#include "store_ops.h"

#include <stdlib.h>
#include <string.h>

mc_status store_holiday_put(mc_store *s, const mc_holiday *h, mc_error *err)
{
	static const char sql[] =
		"INSERT INTO holidays(day, kind, note) VALUES(?1, ?2, ?3)"
		" ON CONFLICT(day) DO UPDATE SET kind = ?2, note = ?3";
	char day[11];
	mc_date_format(h->day, day);
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, day);
	store_bind_text(st, 2, h->kind == MC_DAY_WORK ? "workday" : "off");
	store_bind_text(st, 3, h->note);
	return store_exec(s, st, "saving a holiday", err);
}

mc_status store_holiday_del(mc_store *s, int32_t dayn, bool *existed, mc_error *err)
{
	static const char sql[] = "DELETE FROM holidays WHERE day = ?1";
	char day[11];
	mc_date_format(dayn, day);
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
