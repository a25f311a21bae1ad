/*
 * The resolution report on the hub (pgstore_ref.h): store_report.c's
 * counting (definitions in report.c, docs/rules.md R6-R13) in PostgreSQL,
 * figure for figure. What differs from SQLite and how it is kept equal:
 *   - text dates and keys are compared and ordered COLLATE "C" (bytes, as
 *     SQLite's BINARY), whatever the hub's default collation;
 *   - flags are booleans with SQL's three-valued logic, as SQLite's 0/1/NULL
 *     (NULL AND false = false), summed as integers (NULL is skipped by sum,
 *     an empty sum reads as 0 on both);
 *   - the last event before the end is the greatest at || id padded to ten
 *     digits (SQLite's printf('%010d')), compared by bytes;
 *   - json_extract(data, '$.k') is data::jsonb ->> 'k' (the appointments
 *     are JSON strings: both give the string, and NULL when absent).
 * One statement per grouping; PostgreSQL picks the access path itself (the
 * unary + hints of the SQLite statement have no meaning here). Shaped for
 * a province's quarter (bench_pg_report.sh: 3,000,000 dossiers): the
 * status at the end and the appointment it then had are looked up only
 * for the dossiers open at the end (o, oe: a few percent, through the
 * finished_at index), not inside the scan of every dossier in scope; each
 * dossier's flags are computed once (OFFSET 0 keeps g a subquery of its
 * own: inlined, each of its expressions would be computed again at each
 * use in f); the two parts are added up by group before they are put
 * together. The dossiers read by finish and by return time come from
 * covering indexes (schema step 3: index-only scans, the table is not
 * read), and the few voided ones are read apart from the others, so the
 * big reads carry no per-row look-up in their estimate and the planner
 * hashes the groups instead of sorting the rows.
 */
#include "pgstore_ref.h"

#include <string.h>

#define C " COLLATE \"C\""

/* $1 start, $2 end ('YYYY-MM-DD HH:MM', [start, end)), $3 one office's unit
 * code or NULL. KEY and LABEL are the grouping columns over d (dossiers)
 * and p (procedures). o: the dossiers not finished before the end (st: the
 * status their last event before the end moved them to, greatest at then
 * id); oe: for those accepted or processing then, the statutory (else
 * plain) appointment of their last acceptance or resume before the end;
 * e, g, f as in store_report.c; t: the two parts' sums by group. */
/* The columns of a dossier in scope (over d, and p when joined). */
#define PG_REPORT_COLS(KEY, LABEL) \
	" " KEY " AS k, " LABEL " AS label, d.channel AS ch, d.accepted_at AS acc," \
	"  d.finished_at AS fin," \
	"  CASE WHEN d.status = 'voided' THEN (SELECT v.from_status FROM dossier_events v" \
	"   WHERE v.dossier_id = d.id AND v.action = 'void' ORDER BY v.id DESC LIMIT 1)" \
	"   ELSE d.status END AS status," \
	"  coalesce(d.finished_at" C " >= $1 AND d.finished_at" C " < $2, false) AS fin_in," \
	"  coalesce(d.statutory_due_at, d.due_at) AS sdue," \
	"  coalesce(d.original_due_at, d.statutory_due_at, d.due_at) AS odue," \
	"  d.status = 'voided' AND EXISTS (SELECT 1 FROM dossier_events v" \
	"   WHERE v.dossier_id = d.id AND v.action = 'void' AND v.at" C " < $2) AS voided"

/* The same for a dossier not voided (the partition of those in scope
 * that is nearly all of them): its status is its own and it was never
 * voided, with no look-up in its history. Without a per-row look-up in its
 * estimate, the planner sees the adding up by group is cheaper hashed than
 * sorted (with one, the sort's cost is lost in the look-ups' and the
 * sorted plan wins: half a million rows sorted on disk). */
#define PG_REPORT_COLS_PLAIN(KEY, LABEL) \
	" " KEY " AS k, " LABEL " AS label, d.channel AS ch, d.accepted_at AS acc," \
	"  d.finished_at AS fin, d.status," \
	"  coalesce(d.finished_at" C " >= $1 AND d.finished_at" C " < $2, false) AS fin_in," \
	"  coalesce(d.statutory_due_at, d.due_at) AS sdue," \
	"  coalesce(d.original_due_at, d.statutory_due_at, d.due_at) AS odue, false AS voided"

/* The dossiers returned in the period, by group: those not voided, then
 * those voided after the end (WHERE; split for the same reason). */
#define PG_REPORT_RETURNED(KEY, LABEL, JOIN, WHERE) \
	" SELECT " KEY ", max(" LABEL C "), 0, 0, 0, 0, 0, 0, 0, 0, 0, count(*)," \
	"  count(CASE WHEN d.rated_at" C " < $2 THEN d.rating END = 1 OR NULL)," \
	"  count(CASE WHEN d.rated_at" C " < $2 THEN d.rating END = 2 OR NULL)," \
	"  count(CASE WHEN d.rated_at" C " < $2 THEN d.rating END = 3 OR NULL), 0, 0, 0, 0, 0" \
	" FROM dossiers d" JOIN \
	" WHERE d.returned_at" C " >= $1 AND d.returned_at" C " < $2" \
	"  AND ($3::text IS NULL OR d.unit_code = $3) AND " WHERE \
	" GROUP BY 1"

#define PG_REPORT_SQL(KEY, LABEL, JOIN) \
	"WITH o AS MATERIALIZED (" \
	" SELECT" PG_REPORT_COLS(KEY, LABEL) ", d.id," \
	"  (SELECT ev.to_status FROM dossier_events ev WHERE ev.dossier_id = d.id" \
	"  AND ev.at" C " < $2 AND ev.to_status IS NOT NULL" \
	"  ORDER BY (ev.at || repeat('0', 10 - length(ev.id::text)) || ev.id::text)" C " DESC" \
	"  LIMIT 1) AS st" \
	" FROM dossiers d" JOIN \
	" WHERE (d.finished_at IS NULL OR d.finished_at" C " >= $2)" \
	"  AND d.received_at" C " < $2 AND ($3::text IS NULL OR d.unit_code = $3))," \
	"e AS (" \
	" SELECT" PG_REPORT_COLS_PLAIN(KEY, LABEL) ", NULL::text AS st, NULL::text AS due" \
	" FROM dossiers d" JOIN \
	" WHERE d.finished_at" C " >= $1 AND d.finished_at" C " < $2 AND d.status <> 'voided'" \
	"  AND d.received_at" C " < $2 AND ($3::text IS NULL OR d.unit_code = $3)" \
	" UNION ALL" \
	" SELECT" PG_REPORT_COLS(KEY, LABEL) ", NULL::text AS st, NULL::text AS due" \
	" FROM dossiers d" JOIN \
	" WHERE d.finished_at" C " >= $1 AND d.finished_at" C " < $2 AND d.status = 'voided'" \
	"  AND d.received_at" C " < $2 AND ($3::text IS NULL OR d.unit_code = $3)" \
	" UNION ALL" \
	" SELECT k, label, ch, acc, fin, status, fin_in, sdue, odue, voided, st," \
	"  CASE WHEN st IN ('accepted', 'processing') THEN (SELECT" \
	"   coalesce(x.data::jsonb ->> 'statutory_due_at', x.data::jsonb ->> 'due_at')" \
	"   FROM dossier_events x WHERE x.dossier_id = o.id AND x.at" C " < $2" \
	"   AND x.action IN ('accept', 'resume') ORDER BY x.at" C " DESC, x.id DESC LIMIT 1)" \
	"  END FROM o)," \
	"g AS (" \
	" SELECT k, label, ch, status, fin, fin_in, sdue, st, acc" C " < $1 AS carried," \
	"  NOT voided AND acc IS NOT NULL AND acc" C " < $2" \
	"   AND NOT (fin_in AND status = 'refused' AND acc" C " >= $1) AS recv," \
	"  NOT voided AND fin_in AND status = 'refused' AND (acc IS NULL OR acc" C " >= $1)" \
	"   AS refused," \
	"  CASE WHEN st IN ('accepted', 'processing') THEN coalesce(due, odue) END AS due_end" \
	" FROM e OFFSET 0)," \
	"f AS (" \
	" SELECT k, label, recv AND carried AS carried, recv AND NOT carried AS new," \
	"  recv AND NOT carried AND ch = 'counter' AS n_counter," \
	"  recv AND NOT carried AND ch = 'online' AS n_online," \
	"  recv AND NOT carried AND ch = 'post' AS n_post," \
	"  recv AND fin_in AND status IN ('ready', 'returned', 'withdrawn') AS res," \
	"  substr(fin, 1, 10)" C " < substr(sdue, 1, 10) AS early, fin" C " <= sdue AS by_due," \
	"  recv AND fin_in AND status = 'withdrawn' AS wd," \
	"  recv AND due_end IS NOT NULL AS open, due_end" C " >= $2 AS due_after," \
	"  recv AND fin_in AND status IN ('stopped', 'refused') AS stp," \
	"  recv AND (coalesce(st IN ('supplement', 'fees'), false)" \
	"   OR (fin_in AND status IN ('stopped', 'refused'))) AS paused, refused FROM g)," \
	/* Each part is added up by group before the two are put together, \
	 * so a million rows are hashed into a few hundred groups, not sorted. */ \
	"t AS (" \
	" SELECT k, max(label" C ") AS label, sum(carried::int) AS carried, sum(new::int) AS new," \
	"  sum((res AND early)::int) AS early, sum((res AND NOT early AND by_due)::int) AS on_time," \
	"  sum((res AND NOT by_due)::int) AS late, sum((open AND due_after)::int) AS open_on_time," \
	"  sum((open AND NOT due_after)::int) AS open_late, sum(paused::int) AS paused," \
	"  sum(refused::int) AS refused, 0 AS returned, 0 AS r1, 0 AS r2, 0 AS r3," \
	"  sum(n_counter::int) AS n_counter, sum(n_online::int) AS n_online," \
	"  sum(n_post::int) AS n_post, sum(wd::int) AS wd, sum(stp::int) AS stp" \
	" FROM f GROUP BY k" \
	" UNION ALL" PG_REPORT_RETURNED(KEY, LABEL, JOIN, "d.status <> 'voided'") \
	" UNION ALL" PG_REPORT_RETURNED(KEY, LABEL, JOIN, "d.status = 'voided' AND NOT EXISTS" \
	"  (SELECT 1 FROM dossier_events v WHERE v.dossier_id = d.id" \
	"  AND v.action = 'void' AND v.at" C " < $2)") ")" \
	"SELECT k, max(label" C "), sum(carried), sum(new), sum(early), sum(on_time), sum(late)," \
	" sum(open_on_time), sum(open_late), sum(paused), sum(refused), sum(returned), sum(r1)," \
	" sum(r2), sum(r3), sum(n_counter), sum(n_online), sum(n_post), sum(wd), sum(stp)" \
	" FROM t GROUP BY k ORDER BY k" C

/* Grouped by a procedure's field or agency, the dossiers are joined to
 * their procedure; by office or procedure code they need not be (a dossier's
 * procedure is always there: the importer files each dossier under a
 * procedure of the catalog and the hub deletes none, schema step 5, so the
 * join would drop no row). */
#define P_JOIN " JOIN procedures p ON p.id = d.procedure_id"
static const char *const report_sql[5] = {
	[MC_REPORT_ALL] = PG_REPORT_SQL("''::text", "''::text", ""),
	[MC_REPORT_FIELD] = PG_REPORT_SQL("p.field", "p.field", P_JOIN),
	[MC_REPORT_AGENCY] = PG_REPORT_SQL("p.agency", "p.agency", P_JOIN),
	[MC_REPORT_PROCEDURE] = PG_REPORT_SQL("d.procedure_code", "d.procedure_name", ""),
	[MC_REPORT_UNIT] = PG_REPORT_SQL("d.unit_code", "d.unit_code", ""),
};

mc_status pgstore_report_unit_known(mc_store *s, const char *unit, bool *known, mc_error *err)
{
	static const char sql[] = "SELECT 1 FROM dossiers WHERE unit_code = $1 LIMIT 1";
	const char *v[] = {unit};
	pg_res *r = pg_run(s, sql, 1, v, "looking up the office", err);
	if (!r)
		return MC_ESYS;
	*known = pg_rows(r) > 0;
	pg_free(r);
	return MC_OK;
}

mc_status pgstore_report(mc_store *s, const char *start, const char *end, mc_report_by by,
			 const char *unit, store_report_cb cb, void *ctx, mc_error *err)
{
	if (by < MC_REPORT_ALL || by > MC_REPORT_UNIT)
		by = MC_REPORT_ALL;
	/* The planner's cost of the per-dossier look-ups (estimated for
	 * every row, run for the few open ones) would have the statement
	 * JIT-compiled: seconds of compiling for a statement that runs in
	 * less. */
	mc_status st = pg_script(s, "SET jit = off", "counting the report", err);
	if (st != MC_OK)
		return st;
	const char *v[] = {start, end, unit && *unit ? unit : NULL};
	pg_res *r = pg_run(s, report_sql[by], 3, v, "counting the report", err);
	if (!r)
		return MC_ESYS;
	for (int i = 0; i < pg_rows(r); i++) {
		char key[512], label[512];
		pg_copy(r, i, 0, key, sizeof key);
		pg_copy(r, i, 1, label, sizeof label);
		mc_report_figures f = {0};
		int64_t *fig[] = {&f.carried_over, &f.received_new, &f.resolved_early,
				  &f.resolved_on_time, &f.resolved_late, &f.open_on_time, &f.open_late,
				  &f.paused, &f.refused, &f.returned, &f.rating[0], &f.rating[1],
				  &f.rating[2], &f.new_counter, &f.new_online, &f.new_post,
				  &f.withdrawn, &f.stopped};
		for (size_t j = 0; j < sizeof fig / sizeof fig[0]; j++)
			*fig[j] = pg_int(r, i, (int)j + 2);
		if (cb(key, label, &f, ctx)) {
			st = mc_error_set(err, MC_ESYS, "out of memory");
			break;
		}
	}
	pg_free(r);
	return st;
}
