/*
 * Schema step (rules of issue #14, docs/rules.md): what the official
 * report and the timeliness rules need on each dossier.
 *
 * - channel: how the dossier came in (counter, online, post): the report
 *   splits new dossiers by channel (Circular 01/2020/TT-VPCP).
 * - accepted_at: when it was received for resolution (a counter intake at
 *   once; an online submission when the one-stop accepts it). NULL while
 *   only submitted, and for a submission refused without acceptance.
 * - statutory_due_at: the appointment the law sets (from acceptance, moved
 *   by pauses only). An apology with a new appointment (Mẫu 04) moves
 *   due_at, never this: timeliness is judged against it.
 * - holidays.proposed: a day the lunar calculator proposed (R16).
 * Existing rows: an online submission is one that was ever 'new'; the
 * statutory appointment is the one the first extension started from.
 */
#include "store_schema.h"

const char store_schema_rules[] =
	"ALTER TABLE dossiers ADD COLUMN channel TEXT NOT NULL DEFAULT 'counter'"
	"  CHECK (channel IN ('counter','online','post'));"
	"ALTER TABLE dossiers ADD COLUMN accepted_at TEXT;"
	"ALTER TABLE dossiers ADD COLUMN statutory_due_at TEXT;"
	"UPDATE dossiers SET channel = 'online' WHERE status = 'new' OR EXISTS (SELECT 1"
	"  FROM dossier_events e WHERE e.dossier_id = dossiers.id AND e.from_status = 'new');"
	"UPDATE dossiers SET accepted_at = CASE WHEN channel = 'online' THEN (SELECT min(e.at)"
	"  FROM dossier_events e WHERE e.dossier_id = dossiers.id AND e.action = 'accept')"
	"  ELSE received_at END,"
	" statutory_due_at = coalesce((SELECT json_extract(e.data, '$.from')"
	"  FROM dossier_events e WHERE e.dossier_id = dossiers.id AND e.action = 'extend'"
	"  ORDER BY e.id LIMIT 1), due_at);"
	"CREATE INDEX dossiers_accepted ON dossiers(accepted_at);"
	/* A holiday proposed by the calculator at init, until someone confirms
	 * the year (docs/rules.md R16); rows typed in by people are confirmed. */
	"ALTER TABLE holidays ADD COLUMN proposed INTEGER NOT NULL DEFAULT 0;";
