/*
 * Private to pgstore_sync_apply.c / pgstore_sync_rows.c / pgstore_sync_copy.c:
 * the hub's import of a verified bundle, the same steps as
 * store_sync_apply.c's with PostgreSQL's SQL. Values of the changeset
 * travel as text parameters, printed as SQLite prints them.
 */
#ifndef MOTCUA_PGSTORE_SYNC_INTERNAL_H
#define MOTCUA_PGSTORE_SYNC_INTERNAL_H

#include "store_sync_internal.h"
#include "pgstore_sync.h"

struct papp {
	mc_store *s;
	const sync_bundle *b;
	mc_sync_report *rep;
	const char *unit;
	mc_error *err;
	int64_t *touched;
	size_t ntouched, captouched;
	struct event_row *events;
	size_t nevents, capevents;
};

/* Text of a changeset value as SQLite prints it (integers as integers,
 * reals with "%!.15g", so 2.0 is "2.0"); NULL for SQL NULL. buf holds
 * numbers. */
const char *psync_text(sqlite3_value *v, char buf[40]);
/* Whether the hub's value (text, NULL for SQL NULL) is the changeset's. */
bool psync_same(sqlite3_value *v, const char *hub);
/* Dynamic SQL kept for the life of the process, so the connection's
 * statement cache (keyed by the text's address) can prepare it once. */
const char *psync_sql(sqlite3_str *q, mc_error *err);

void psync_bump(struct papp *a, const char *table, const char *which);
mc_status psync_touch(struct papp *a, int64_t dossier);
mc_status psync_map_put(struct papp *a, const char *tbl, int64_t remote, const char *key);
mc_status psync_map_get(struct papp *a, const char *tbl, int64_t remote, char *key,
			size_t keysz);
mc_status psync_local_row(struct papp *a, const char *parent, const char *code, int64_t *id,
			  char *unit, size_t unitsz);
mc_status psync_parent_id(struct papp *a, const struct ltable *t, sqlite3_value *remote,
			  int64_t *out);

/* Row changes (pgstore_sync_rows.c). */
mc_status psync_row_parent(struct papp *a, const struct ltable *t, sqlite3_changeset_iter *it,
			   int op);
mc_status psync_row_child(struct papp *a, const struct ltable *t, sqlite3_changeset_iter *it,
			  int op);
mc_status psync_row_event(struct papp *a, const struct ltable *t, sqlite3_changeset_iter *it,
			  int op);
mc_status psync_events_flush(struct papp *a, const struct ltable *t);
void psync_events_free(struct papp *a);

#endif
