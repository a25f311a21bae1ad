/*
 * Schema step 2: the dossier lifecycle. Columns only ever added; the
 * history itself stays in dossier_events.
 */
#include "store_schema.h"

const char store_schema_v2[] =
	"ALTER TABLE dossiers ADD COLUMN department TEXT;"
	"ALTER TABLE dossiers ADD COLUMN assignee TEXT;"
	/* start of the current pause (supplement requested, waiting for fees) */
	"ALTER TABLE dossiers ADD COLUMN paused_at TEXT;"
	/* the first appointment, before pauses and extensions moved it */
	"ALTER TABLE dossiers ADD COLUMN original_due_at TEXT;"
	/* resolved: result ready, refused, withdrawn or stopped */
	"ALTER TABLE dossiers ADD COLUMN finished_at TEXT;"
	"ALTER TABLE dossiers ADD COLUMN returned_at TEXT;"
	"ALTER TABLE dossiers ADD COLUMN returned_to TEXT;"
	"ALTER TABLE dossiers ADD COLUMN return_by TEXT;"
	"ALTER TABLE dossiers ADD COLUMN rating INTEGER CHECK (rating BETWEEN 1 AND 3);"
	"ALTER TABLE dossiers ADD COLUMN rated_at TEXT;"
	"CREATE INDEX dossiers_finished ON dossiers(finished_at);"
	"CREATE INDEX dossiers_received_by ON dossiers(received_by, received_at);"
	"CREATE INDEX dossiers_returned ON dossiers(returned_at);";
