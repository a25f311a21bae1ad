/* Guidance slips (include/motcua/guidance.h): rows only; checks in guidance.c. */
#include "motcua/guidance.h"
#include "store_internal.h"
#include "store_guidance.h"

#define COLUMNS                                                                     \
	"id, given_at, user_name, procedure_code, procedure_name, applicant_name,"  \
	" id_number, phone, missing, note"

static void read_row(sqlite3_stmt *st, mc_guidance *g)
{
	g->id = sqlite3_column_int64(st, 0);
	store_col_copy(st, 1, g->given_at, sizeof g->given_at);
	store_col_copy(st, 2, g->user, sizeof g->user);
	store_col_copy(st, 3, g->procedure_code, sizeof g->procedure_code);
	store_col_copy(st, 4, g->procedure_name, sizeof g->procedure_name);
	store_col_copy(st, 5, g->applicant_name, sizeof g->applicant_name);
	store_col_copy(st, 6, g->id_number, sizeof g->id_number);
	store_col_copy(st, 7, g->phone, sizeof g->phone);
	store_col_copy(st, 8, g->missing, sizeof g->missing);
	store_col_copy(st, 9, g->note, sizeof g->note);
}

mc_status store_guidance_insert(mc_store *s, mc_guidance *g, const char *entered_at,
				mc_error *err)
{
	static const char sql[] =
		"INSERT INTO guidance(given_at, entered_at, user_name, procedure_code,"
		" procedure_name, applicant_name, id_number, phone, missing, note)"
		" VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, g->given_at);
	store_bind_text(st, 2, entered_at);
	store_bind_text(st, 3, g->user);
	store_bind_text(st, 4, g->procedure_code);
	store_bind_text(st, 5, g->procedure_name);
	store_bind_text(st, 6, g->applicant_name);
	store_bind_text(st, 7, g->id_number);
	store_bind_text(st, 8, g->phone);
	store_bind_text(st, 9, g->missing);
	store_bind_text(st, 10, g->note);
	mc_status r = store_exec(s, st, "keeping the guidance slip", err);
	if (r == MC_OK)
		g->id = sqlite3_last_insert_rowid(s->db);
	return r;
}

mc_status store_guidance_get(mc_store *s, int64_t id, mc_guidance *out, mc_error *err)
{
	static const char sql[] = "SELECT " COLUMNS " FROM guidance WHERE id = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_row(st, out);
	store_done(st);
	if (rc == SQLITE_DONE)
		return mc_error_set(err, MC_EDATA, "no guidance slip number %lld", (long long)id);
	return rc == SQLITE_ROW ? MC_OK : store_fail(s, "reading a guidance slip", err);
}

mc_status store_guidance_each(mc_store *s, const char *from, const char *to, const char *user,
			      mc_guidance_cb cb, void *ctx, mc_error *err)
{
	static const char sql[] =
		"SELECT " COLUMNS " FROM guidance"
		" WHERE (?1 IS NULL OR given_at >= ?1) AND (?2 IS NULL OR given_at < ?2 || 'z')"
		" AND (?3 IS NULL OR user_name = ?3) ORDER BY given_at, id";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, from);
	store_bind_text(st, 2, to);
	store_bind_text(st, 3, user);
	mc_guidance g;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_row(st, &g);
		if (cb(&g, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	store_done(st);
	return rc == SQLITE_DONE ? MC_OK : store_fail(s, "listing guidance slips", err);
}
