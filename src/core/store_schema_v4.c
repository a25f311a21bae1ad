/*
 * Schema step 4: what offline offices need to reach the province intact
 * (docs/sync.md).
 *
 * - Every event gets a uid, unit || '/' || local id, stamped right after
 *   insert by a trigger unless the writer gave one (an event imported from
 *   an office keeps the office's uid). Local ids collide across offices;
 *   uids do not, so the province merges histories by uid.
 * - The append-only rule stays: the update trigger of step 1 is replaced by
 *   one that lets through only the one-time stamping of a missing uid, and
 *   every committed row has its uid, so no committed event can change.
 * - sync_out keeps every bundle this database exported (to rebuild what a
 *   peer was sent, and to write a lost bundle again); sync_in records every
 *   bundle applied here, per sending unit and sequence; sync_map remembers
 *   which remote row id stands for which natural key (dossier code,
 *   procedure code), because a changeset's updates name rows by id only;
 *   sync_conflicts lists what the conflict rule decided.
 */
#include "store_schema.h"

const char store_schema_v4[] =
	"ALTER TABLE dossier_events ADD COLUMN uid TEXT;"
	"DROP TRIGGER dossier_events_no_update;"
	"UPDATE dossier_events SET uid ="
	"  coalesce((SELECT unit_code FROM office WHERE id = 1), 'local') || '/' || id;"
	"CREATE TRIGGER dossier_events_no_update BEFORE UPDATE ON dossier_events"
	"  WHEN old.uid IS NOT NULL OR new.uid IS NULL OR new.id IS NOT old.id "
	"BEGIN SELECT RAISE(ABORT, 'dossier history is append-only'); END;"
	"CREATE TRIGGER dossier_events_uid AFTER INSERT ON dossier_events"
	"  WHEN new.uid IS NULL BEGIN"
	"  UPDATE dossier_events SET uid ="
	"    coalesce((SELECT unit_code FROM office WHERE id = 1), 'local') || '/' || new.id"
	"  WHERE id = new.id; END;"
	"CREATE UNIQUE INDEX dossier_events_uid_key ON dossier_events(uid);"
	"CREATE TABLE sync_out ("
	"  peer TEXT NOT NULL,"
	"  seq INTEGER NOT NULL CHECK (seq > 0),"
	"  kind TEXT NOT NULL CHECK (kind IN ('dossiers','reference')),"
	"  created_at TEXT NOT NULL,"
	"  created_by TEXT NOT NULL,"
	"  bundle BLOB NOT NULL,"
	"  PRIMARY KEY (peer, seq)) WITHOUT ROWID;"
	"CREATE TABLE sync_in ("
	"  unit TEXT NOT NULL,"
	"  seq INTEGER NOT NULL CHECK (seq > 0),"
	"  kind TEXT NOT NULL CHECK (kind IN ('dossiers','reference')),"
	"  sha256 TEXT NOT NULL,"
	"  created_at TEXT NOT NULL,"
	"  applied_at TEXT NOT NULL,"
	"  applied_by TEXT NOT NULL,"
	"  summary TEXT NOT NULL,"
	"  PRIMARY KEY (unit, seq)) WITHOUT ROWID;"
	"CREATE TABLE sync_map ("
	"  unit TEXT NOT NULL,"
	"  tbl TEXT NOT NULL,"
	"  remote_id INTEGER NOT NULL,"
	"  natural_key TEXT NOT NULL,"
	"  PRIMARY KEY (unit, tbl, remote_id)) WITHOUT ROWID;"
	"CREATE TABLE sync_conflicts ("
	"  id INTEGER PRIMARY KEY,"
	"  unit TEXT NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  subject TEXT NOT NULL,"
	"  message TEXT NOT NULL);"
	"CREATE INDEX sync_conflicts_bundle ON sync_conflicts(unit, seq);";
