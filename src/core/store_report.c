/*
 * The resolution report's counting (definitions: src/core/report.c), one
 * SQL statement per grouping so that SQLite does the work in one pass.
 *
 * Shaped for a million dossiers. The dossiers that matter, those open at
 * the start of the period or received since, are found through an index:
 * dossiers_finished (still open, or finished from the start on) for a
 * recent period, dossiers_received (received before the end) for an old
 * one; counting both ranges in their indexes (bounded) picks the shorter.
 * Those returned in the period are found by returned_at (a scan of the
 * table unless the schema gives that column an index). The kind of finish
 * (result, withdrawal, refusal, stop) is the dossier's final status. The
 * status at the end of the period, needed only for dossiers open then, is
 * the status their last event before the end moved them to (a few rows
 * through dossier_events_dossier), so a report on a past quarter counts
 * what was open and paused then, not now.
 */
#include "store_internal.h"
#include "store_ops.h"
#include "pgstore_ref.h"

#include <string.h>

/* ?1 start, ?2 end ('YYYY-MM-DD HH:MM', [start, end)), ?3 one office's
 * unit code or NULL. KEY and LABEL are the grouping columns over d
 * (dossiers) and p (procedures). FIN and RCV are "" or "+": a unary + keeps
 * SQLite off that column's index, so the other one is used. MATERIALIZED
 * makes the status at the end (a subquery) be looked up once per dossier,
 * not once per use. Its last event before the end is the greatest at, then
 * id ("at" may be back-dated paper work).
 *
 * Only what was true before the end is read (docs/rules.md R6): the
 * status then (events before the end), the acceptance time, the finish
 * time and kind (final once reached), the statutory appointment of a
 * finished dossier (never moved after the finish) and, for one open at the
 * end, the statutory appointment its last acceptance or resume before the
 * end recorded (else the first appointment). A void recorded before the
 * end leaves the dossier out (only a dossier whose status is 'voided' is
 * looked up in its history, so the check costs nothing for the others),
 * and one voided later is counted as it stood
 * (its kind of finish is the status the void found); a rating counts once
 * it was given.
 * e: the dossiers in scope; g: received or not (R7, R8, R12) and the due
 * time at the end; f: one row of 0/1 flags per dossier (and per return). */
#define REPORT_SQL(KEY, LABEL, FIN, RCV) \
	"WITH e AS MATERIALIZED (" \
	" SELECT " KEY " AS k, " LABEL " AS label, d.id, d.channel AS ch," \
	"  d.accepted_at AS acc, d.finished_at AS fin," \
	"  CASE WHEN d.status = 'voided' THEN (SELECT v.from_status FROM dossier_events v" \
	"   WHERE v.dossier_id = d.id AND v.action = 'void' ORDER BY v.id DESC LIMIT 1)" \
	"   ELSE d.status END AS status," \
	"  coalesce(d.finished_at >= ?1 AND d.finished_at < ?2, 0) AS fin_in," \
	"  coalesce(d.statutory_due_at, d.due_at) AS sdue," \
	"  coalesce(d.original_due_at, d.statutory_due_at, d.due_at) AS odue," \
	"  CASE WHEN d.finished_at IS NULL OR d.finished_at >= ?2 THEN (SELECT h.to_status" \
	"   FROM (SELECT ev.to_status, max(ev.at || printf('%010d', ev.id))" \
	"    FROM dossier_events ev WHERE ev.dossier_id = d.id AND ev.at < ?2" \
	"    AND ev.to_status IS NOT NULL) h) END AS st," \
	"  d.status = 'voided' AND EXISTS (SELECT 1 FROM dossier_events v" \
	"   WHERE v.dossier_id = d.id AND v.action = 'void' AND v.at < ?2) AS voided" \
	" FROM dossiers d JOIN procedures p ON p.id = d.procedure_id" \
	" WHERE (" FIN "d.finished_at IS NULL OR " FIN "d.finished_at >= ?1)" \
	"  AND " RCV "d.received_at < ?2 AND (?3 IS NULL OR d.unit_code = ?3))," \
	"g AS (" \
	" SELECT k, label, ch, status, fin, fin_in, sdue, st, acc < ?1 AS carried," \
	"  NOT voided AND acc IS NOT NULL AND acc < ?2" \
	"   AND NOT (fin_in AND status = 'refused' AND acc >= ?1) AS recv," \
	"  NOT voided AND fin_in AND status = 'refused' AND (acc IS NULL OR acc >= ?1) AS refused," \
	"  CASE WHEN st IN ('accepted', 'processing') THEN coalesce((SELECT" \
	"   coalesce(json_extract(x.data, '$.statutory_due_at'), json_extract(x.data, '$.due_at'))" \
	"   FROM dossier_events x WHERE x.dossier_id = e.id AND x.at < ?2" \
	"   AND x.action IN ('accept', 'resume') ORDER BY x.at DESC, x.id DESC LIMIT 1)," \
	"   odue) END AS due_end" \
	" FROM e)," \
	"f AS (" \
	" SELECT k, label, recv AND carried AS carried, recv AND NOT carried AS new," \
	"  recv AND NOT carried AND ch = 'counter' AS n_counter," \
	"  recv AND NOT carried AND ch = 'online' AS n_online," \
	"  recv AND NOT carried AND ch = 'post' AS n_post," \
	"  recv AND fin_in AND status IN ('ready', 'returned', 'withdrawn') AS res," \
	"  substr(fin, 1, 10) < substr(sdue, 1, 10) AS early, fin <= sdue AS by_due," \
	"  recv AND fin_in AND status = 'withdrawn' AS wd," \
	"  recv AND due_end IS NOT NULL AS open, due_end >= ?2 AS due_after," \
	"  recv AND fin_in AND status IN ('stopped', 'refused') AS stp," \
	"  recv AND (coalesce(st IN ('supplement', 'fees'), 0)" \
	"   OR (fin_in AND status IN ('stopped', 'refused'))) AS paused," \
	"  refused, 0 AS returned, NULL AS rating FROM g" \
	" UNION ALL" \
	" SELECT " KEY ", " LABEL ", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1," \
	"  CASE WHEN d.rated_at < ?2 THEN d.rating END" \
	" FROM dossiers d JOIN procedures p ON p.id = d.procedure_id" \
	" WHERE d.returned_at >= ?1 AND d.returned_at < ?2" \
	"  AND (?3 IS NULL OR d.unit_code = ?3) AND NOT (d.status = 'voided' AND EXISTS (SELECT 1" \
	"  FROM dossier_events v WHERE v.dossier_id = d.id AND v.action = 'void'" \
	"  AND v.at < ?2)))" \
	"SELECT k, max(label), sum(carried), sum(new), sum(res AND early)," \
	" sum(res AND NOT early AND by_due), sum(res AND NOT by_due)," \
	" sum(open AND due_after), sum(open AND NOT due_after), sum(paused), sum(refused)," \
	" sum(returned), count(rating = 1 OR NULL), count(rating = 2 OR NULL)," \
	" count(rating = 3 OR NULL), sum(n_counter), sum(n_online), sum(n_post), sum(wd)," \
	" sum(stp)" \
	" FROM f GROUP BY k ORDER BY k"

/* [grouping][0: by finished_at, 1: by received_at] */
static const char *const report_sql[5][2] = {
	[MC_REPORT_ALL] = {REPORT_SQL("''", "''", "", "+"), REPORT_SQL("''", "''", "+", "")},
	[MC_REPORT_FIELD] = {REPORT_SQL("p.field", "p.field", "", "+"),
			     REPORT_SQL("p.field", "p.field", "+", "")},
	[MC_REPORT_AGENCY] = {REPORT_SQL("p.agency", "p.agency", "", "+"),
			      REPORT_SQL("p.agency", "p.agency", "+", "")},
	[MC_REPORT_PROCEDURE] = {REPORT_SQL("d.procedure_code", "d.procedure_name", "", "+"),
				 REPORT_SQL("d.procedure_code", "d.procedure_name", "+", "")},
	[MC_REPORT_UNIT] = {REPORT_SQL("d.unit_code", "d.unit_code", "", "+"),
			    REPORT_SQL("d.unit_code", "d.unit_code", "+", "")},
};

mc_status store_report_unit_known(mc_store *s, const char *unit, bool *known, mc_error *err)
{
	if (s->pg)
		return pgstore_report_unit_known(s, unit, known, err);
	sqlite3_stmt *st = store_stmt(s, "SELECT 1 FROM dossiers WHERE unit_code = ?1 LIMIT 1",
				      err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, unit);
	int rc = sqlite3_step(st);
	*known = rc == SQLITE_ROW;
	store_done(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? MC_OK
						      : store_fail(s, "looking up the office", err);
}

/* How many index entries a range holds, counting no further than limit. */
static mc_status range_size(mc_store *s, const char *sql, const char *bound, int64_t limit,
			    int64_t *n, mc_error *err)
{
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, bound);
	sqlite3_bind_int64(st, 2, limit);
	int rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	store_done(st);
	return rc == SQLITE_ROW ? MC_OK : store_fail(s, "sizing the report", err);
}

/* 1 when fewer dossiers were received before the end than finished from
 * the start on (an old period), else 0. Both ranges are counted in their
 * index, the second no further than the first: a few milliseconds for a
 * recent period, and at most 2 x 200,000 index entries for an old one. */
static mc_status access_path(mc_store *s, const char *start, const char *end, int *path,
			     mc_error *err)
{
	static const char finished[] =
		"SELECT count(*) FROM (SELECT 1 FROM dossiers WHERE finished_at >= ?1 LIMIT ?2)";
	static const char received[] =
		"SELECT count(*) FROM (SELECT 1 FROM dossiers WHERE received_at < ?1 LIMIT ?2)";
	int64_t nf, nr;
	mc_status st = range_size(s, finished, start, 200000, &nf, err);
	if (st == MC_OK)
		st = range_size(s, received, end, nf + 1, &nr, err);
	*path = st == MC_OK && nr <= nf;
	return st;
}

mc_status store_report(mc_store *s, const char *start, const char *end, mc_report_by by,
		       const char *unit, store_report_cb cb, void *ctx, mc_error *err)
{
	if (s->pg)
		return pgstore_report(s, start, end, by, unit, cb, ctx, err);
	int path;
	if (by < MC_REPORT_ALL || by > MC_REPORT_UNIT)
		by = MC_REPORT_ALL;
	mc_status r = access_path(s, start, end, &path, err);
	if (r != MC_OK)
		return r;
	sqlite3_stmt *st = store_stmt(s, report_sql[by][path], err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, start);
	store_bind_text(st, 2, end);
	store_bind_text(st, 3, unit && *unit ? unit : NULL);
	int rc;
	bool stopped = false;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char key[512], label[512];
		store_col_copy(st, 0, key, sizeof key);
		store_col_copy(st, 1, label, sizeof label);
		mc_report_figures f = {0};
		int64_t *v[] = {&f.carried_over, &f.received_new, &f.resolved_early,
				&f.resolved_on_time, &f.resolved_late, &f.open_on_time, &f.open_late,
				&f.paused, &f.refused, &f.returned, &f.rating[0], &f.rating[1],
				&f.rating[2], &f.new_counter, &f.new_online, &f.new_post,
				&f.withdrawn, &f.stopped};
		for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
			*v[i] = sqlite3_column_int64(st, (int)i + 2);
		if (cb(key, label, &f, ctx)) {
			stopped = true;
			break;
		}
	}
	store_done(st);
	if (stopped)
		return mc_error_set(err, MC_ESYS, "out of memory");
	if (rc != SQLITE_DONE)
		return store_fail(s, "counting the report", err);
	return MC_OK;
}
