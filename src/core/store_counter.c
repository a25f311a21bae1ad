/* Rows of the counter's day (counter.c): a user's events of one day. */
#include "store_internal.h"
#include "store_ops.h"

#include <stdlib.h>
#include <string.h>

mc_status store_events_of_day(mc_store *s, const char *user, const char *day,
			      const char *actions,
			      int (*cb)(const char *code, const char *action, const char *at,
					const char *to, void *ctx),
			      void *ctx, mc_error *err)
{
	static const char sql[] =
		"SELECT d.code, e.action, e.at, coalesce(json_extract(e.data, '$.to'), '')"
		" FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id"
		" WHERE e.at >= ?2 AND e.at < ?2 || 'z' AND (?1 IS NULL OR e.user_name = ?1)"
		" AND instr(?3, ',' || e.action || ',') > 0 ORDER BY e.at, e.id";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, user);
	store_bind_text(st, 2, day);
	store_bind_text(st, 3, actions);
	/* Rows are copied out first: the callback reads dossiers through
	 * other statements. */
	struct row {
		char code[64], action[32], at[17], to[128];
	} *rows = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			struct row *nr = realloc(rows, cap * sizeof *nr);
			if (!nr) {
				free(rows);
				store_done(st);
				return mc_error_set(err, MC_ESYS, "out of memory");
			}
			rows = nr;
		}
		store_col_copy(st, 0, rows[n].code, sizeof rows[n].code);
		store_col_copy(st, 1, rows[n].action, sizeof rows[n].action);
		store_col_copy(st, 2, rows[n].at, sizeof rows[n].at);
		store_col_copy(st, 3, rows[n].to, sizeof rows[n].to);
		n++;
	}
	store_done(st);
	mc_status r = rc == SQLITE_DONE ? MC_OK : store_fail(s, "reading the day's history", err);
	for (size_t i = 0; r == MC_OK && i < n; i++)
		if (cb(rows[i].code, rows[i].action, rows[i].at, rows[i].to, ctx))
			break;
	free(rows);
	return r;
}
