/*
 * Schema step: the sync_dirty triggers (step sync_delta) fire only where a
 * peer needs them.
 *
 * Their INSERT ... SELECT reads sync_dirty while writing it, so SQLite
 * gathers the rows in a temporary table first: opened and closed on every
 * write even when no peer of that kind exists (a province importing its
 * offices' dossiers, an office's catalog before it ever exported). A WHEN
 * clause asking for such a peer skips the trigger's body then. The body
 * itself is unchanged, so where a peer exists the same rows are marked.
 */
#include "store_schema.h"

#define MARK(tbl, kind, key)                                                              \
	"  INSERT INTO sync_dirty(peer, tbl, k)"                                          \
	"  SELECT p.peer, '" tbl "', " key " FROM sync_peer p WHERE p.kind = '" kind "'"  \
	"  AND NOT EXISTS (SELECT 1 FROM sync_dirty d WHERE d.peer = p.peer"             \
	"  AND d.tbl = '" tbl "' AND d.k = " key ");"

#define NEEDED(kind) " WHEN EXISTS (SELECT 1 FROM sync_peer WHERE kind = '" kind "')"

#define DIRTY3(tbl, kind, col)                                                           \
	"DROP TRIGGER sync_dirty_" tbl "_insert;"                                         \
	"DROP TRIGGER sync_dirty_" tbl "_delete;"                                         \
	"DROP TRIGGER sync_dirty_" tbl "_update;"                                         \
	"CREATE TRIGGER sync_dirty_" tbl "_insert AFTER INSERT ON " tbl NEEDED(kind)      \
	" BEGIN" MARK(tbl, kind, "new." col) " END;"                                      \
	"CREATE TRIGGER sync_dirty_" tbl "_delete AFTER DELETE ON " tbl NEEDED(kind)      \
	" BEGIN" MARK(tbl, kind, "old." col) " END;"                                      \
	"CREATE TRIGGER sync_dirty_" tbl "_update AFTER UPDATE ON " tbl NEEDED(kind)      \
	" BEGIN" MARK(tbl, kind, "old." col) MARK(tbl, kind, "new." col) " END;"

const char store_schema_dirty_when[] =
	DIRTY3("dossiers", "dossiers", "id")
	DIRTY3("dossier_documents", "dossiers", "dossier_id")
	DIRTY3("dossier_events", "dossiers", "id")
	DIRTY3("procedures", "reference", "id")
	DIRTY3("procedure_documents", "reference", "procedure_id")
	DIRTY3("holidays", "reference", "day");
