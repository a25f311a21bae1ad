/*
 * Schema step (issue 15, docs/security.md): system accounts mapped to users,
 * and the dossier history hash-chained.
 *
 * users.account: the system account (login name) that is this user when
 * motcua runs setgid; one user per account.
 *
 *
 * Each event, whatever code path inserts it, gets the next row of
 * event_chain from a trigger: seq 1, 2, 3 ... in insert order and the
 * SHA-256 of the previous link's hash and the event's every column
 * (motcua_event_hash(), an application-defined function registered on each
 * connection by store_chain.c; a plain sqlite3 shell cannot add an event).
 * `motcua check` recomputes the chain, so an event rewritten or removed
 * behind the triggers' back shows; every office bundle carries the chain's
 * head, so a history rewritten and rechained shows at the province.
 * Existing events are chained in id order by the step itself.
 * sync_chain_heads keeps, at the province, each office's head as its last
 * bundle carried it.
 */
#include "store_schema.h"

/* The uid expression is the step-4 trigger's own: the chain trigger may
 * fire before the uid is stamped. */
#define CHAIN_OF(e, prev)                                                                    \
	"motcua_event_hash(" prev ", " e ".id, coalesce(" e ".uid,"                         \
	" coalesce((SELECT unit_code FROM office WHERE id = 1), 'local') || '/' || " e ".id),"  \
	" " e ".dossier_id, " e ".at, " e ".entered_at, " e ".user_name, " e ".action,"       \
	" " e ".from_status, " e ".to_status, " e ".note, " e ".data)"

const char store_schema_security[] =
	"ALTER TABLE users ADD COLUMN account TEXT;"
	"CREATE UNIQUE INDEX users_account ON users(account);"
	"CREATE TABLE event_chain ("
	"  seq INTEGER PRIMARY KEY,"
	"  event_id INTEGER NOT NULL UNIQUE,"
	"  hash TEXT NOT NULL);"
	"WITH RECURSIVE c(seq, id, hash) AS ("
	"  SELECT 0, 0, ''"
	"  UNION ALL"
	"  SELECT c.seq + 1, e.id, " CHAIN_OF("e", "c.hash")
	"  FROM c JOIN dossier_events e"
	"    ON e.id = (SELECT min(id) FROM dossier_events WHERE id > c.id))"
	"INSERT INTO event_chain(seq, event_id, hash) SELECT seq, id, hash FROM c WHERE seq > 0;"
	"CREATE TRIGGER dossier_events_chain AFTER INSERT ON dossier_events BEGIN"
	"  INSERT INTO event_chain(event_id, hash) VALUES (new.id, "
	CHAIN_OF("new", "coalesce((SELECT hash FROM event_chain ORDER BY seq DESC LIMIT 1), '')")
	"); END;"
	"CREATE TRIGGER event_chain_no_update BEFORE UPDATE ON event_chain "
	"BEGIN SELECT RAISE(ABORT, 'the history chain is append-only'); END;"
	"CREATE TRIGGER event_chain_no_delete BEFORE DELETE ON event_chain "
	"BEGIN SELECT RAISE(ABORT, 'the history chain is append-only'); END;"
	/* At the province: each office's chain head as its last bundle gave it. */
	"CREATE TABLE sync_chain_heads ("
	"  unit TEXT PRIMARY KEY,"
	"  bundle_seq INTEGER NOT NULL,"
	"  chain_seq INTEGER NOT NULL,"
	"  hash TEXT NOT NULL) WITHOUT ROWID;"
	/* Signed bundles: this database's Ed25519 key pair (hex), and the
	 * public keys an admin enrolled for each peer unit. */
	"CREATE TABLE sync_identity ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  public_key TEXT NOT NULL,"
	"  private_key TEXT NOT NULL,"
	"  created_at TEXT NOT NULL);"
	"CREATE TABLE sync_trust ("
	"  unit TEXT NOT NULL,"
	"  public_key TEXT NOT NULL,"
	"  added_at TEXT NOT NULL,"
	"  added_by TEXT NOT NULL,"
	"  PRIMARY KEY (unit, public_key)) WITHOUT ROWID;";
