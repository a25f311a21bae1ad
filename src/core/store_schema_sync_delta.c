/*
 * Schema step: exports that cost what changed (docs/sync.md, "Capture").
 *
 * - sync_peer lists the peers whose picture of what they were sent is kept
 *   in the database (the sync_sent_<table> copies, made by store_sync.c at
 *   the first export after this step, because their columns follow the
 *   live tables as later steps add columns).
 *   base_seq is the last bundle the peer holds when a recovery
 *   (sync export --recover at the province) said so: the next bundle
 *   follows it even though this database never wrote those bundles.
 * - sync_dirty names, per such peer, the rows changed since its last
 *   bundle: triggers on the six tables a bundle carries add the row's key
 *   (for documents the dossier's or procedure's id, since their rows have
 *   no id of their own). An export reads only those rows and then empties
 *   the peer's list, so its cost follows the change, not the history.
 * - The triggers look up sync_peer by kind: an office's dossier writes mark
 *   rows for its province, a province's catalog writes for each office;
 *   a database with no peer yet pays one empty lookup per write.
 * - sync_out becomes an ordinary rowid table: WITHOUT ROWID kept each
 *   bundle inside the key's b-tree, and SQLite reads a whole overflowing
 *   record to compare keys, so finding the next sequence number or adding
 *   a bundle read megabytes of old bundles. The columns are step 4's and
 *   chain_seq, the history chain's head link the bundle carried, so the
 *   next export names it without reading the old bundle.
 */
#include "store_schema.h"

/* NOT EXISTS rather than OR IGNORE: a statement's own conflict clause
 * (an upsert, INSERT OR ROLLBACK) overrides the one of the statements of
 * the triggers it fires. */
#define MARK(tbl, kind, key)                                                              \
	"  INSERT INTO sync_dirty(peer, tbl, k)"                                          \
	"  SELECT p.peer, '" tbl "', " key " FROM sync_peer p WHERE p.kind = '" kind "'"  \
	"  AND NOT EXISTS (SELECT 1 FROM sync_dirty d WHERE d.peer = p.peer"             \
	"  AND d.tbl = '" tbl "' AND d.k = " key ");"

#define DIRTY3(tbl, kind, col)                                                           \
	"CREATE TRIGGER sync_dirty_" tbl "_insert AFTER INSERT ON " tbl " BEGIN"         \
	MARK(tbl, kind, "new." col) " END;"                                               \
	"CREATE TRIGGER sync_dirty_" tbl "_delete AFTER DELETE ON " tbl " BEGIN"         \
	MARK(tbl, kind, "old." col) " END;"                                               \
	"CREATE TRIGGER sync_dirty_" tbl "_update AFTER UPDATE ON " tbl " BEGIN"         \
	MARK(tbl, kind, "old." col) MARK(tbl, kind, "new." col) " END;"

const char store_schema_sync_delta[] =
	"CREATE TABLE sync_out_keyed ("
	"  peer TEXT NOT NULL,"
	"  seq INTEGER NOT NULL CHECK (seq > 0),"
	"  kind TEXT NOT NULL CHECK (kind IN ('dossiers','reference')),"
	"  created_at TEXT NOT NULL,"
	"  created_by TEXT NOT NULL,"
	"  bundle BLOB NOT NULL,"
	"  chain_seq INTEGER,"
	"  PRIMARY KEY (peer, seq));"
	"INSERT INTO sync_out_keyed(peer, seq, kind, created_at, created_by, bundle)"
	"  SELECT peer, seq, kind, created_at, created_by, bundle FROM sync_out ORDER BY peer, seq;"
	"DROP TABLE sync_out;"
	"ALTER TABLE sync_out_keyed RENAME TO sync_out;"
	"CREATE TABLE sync_peer ("
	"  peer TEXT PRIMARY KEY,"
	"  kind TEXT NOT NULL CHECK (kind IN ('dossiers','reference')),"
	"  base_seq INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE sync_dirty ("
	"  peer TEXT NOT NULL,"
	"  tbl TEXT NOT NULL,"
	"  k NOT NULL,"
	"  PRIMARY KEY (peer, tbl, k)) WITHOUT ROWID;"
	DIRTY3("dossiers", "dossiers", "id")
	DIRTY3("dossier_documents", "dossiers", "dossier_id")
	DIRTY3("dossier_events", "dossiers", "id")
	DIRTY3("procedures", "reference", "id")
	DIRTY3("procedure_documents", "reference", "procedure_id")
	DIRTY3("holidays", "reference", "day");
