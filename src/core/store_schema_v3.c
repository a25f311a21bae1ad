/*
 * Schema step 3: the waiting-room queue (domain.md §5). Services are data
 * (a letter that prefixes the ticket, a name, the fields they cover);
 * counters, created in step 1, gain a state; tickets are numbered per
 * service and day, and UNIQUE(service, day, number) makes a second ticket
 * with the same number impossible whatever the writers do. A ticket keeps
 * every time it passed through (issued, called, served, done) so waits and
 * service times are derived, never stored.
 */
#include "store_schema.h"

const char store_schema_v3[] =
	"CREATE TABLE queue_services ("
	"  code TEXT PRIMARY KEY CHECK (code GLOB '[A-Z]' OR code GLOB '[A-Z][A-Z]'),"
	"  name TEXT NOT NULL,"
	"  fields TEXT NOT NULL DEFAULT '',"   /* lĩnh vực covered, comma-separated */
	"  active INTEGER NOT NULL DEFAULT 1) WITHOUT ROWID;"
	"ALTER TABLE counters ADD COLUMN state TEXT NOT NULL DEFAULT 'open'"
	"  CHECK (state IN ('open','paused','closed'));"
	"CREATE TABLE queue_tickets ("
	"  id INTEGER PRIMARY KEY,"
	"  service TEXT NOT NULL REFERENCES queue_services(code),"
	"  day TEXT NOT NULL,"                 /* YYYY-MM-DD: numbers restart daily */
	"  number INTEGER NOT NULL CHECK (number > 0),"
	"  ticket TEXT NOT NULL,"              /* service || zero-padded number: A012 */
	"  state TEXT NOT NULL DEFAULT 'waiting'"
	"    CHECK (state IN ('waiting','called','serving','done','skipped')),"
	"  counter INTEGER,"                   /* the counter that called it last */
	"  issued_at TEXT NOT NULL,"
	"  called_at TEXT,"
	"  served_at TEXT,"
	"  done_at TEXT,"
	"  recalls INTEGER NOT NULL DEFAULT 0,"
	"  dossier_code TEXT,"                 /* the dossier taken in for it */
	"  transferred_to INTEGER,"            /* waiting for this counter only */
	"  UNIQUE (service, day, number));"
	/* The call picks the oldest waiting ticket: only waiting rows indexed. */
	"CREATE INDEX queue_tickets_waiting ON queue_tickets(day, issued_at, id)"
	"  WHERE state = 'waiting';"
	/* Today's counts per service and state; a counter's current ticket
	 * and its served count. */
	"CREATE INDEX queue_tickets_day ON queue_tickets(day, state, service);"
	"CREATE INDEX queue_tickets_counter ON queue_tickets(counter, state, day);";
