/*
 * Private to store_sync_apply.c (the import's flow, key mapping and
 * helpers) and store_sync_rows.c (what each kind of row change becomes).
 */
#ifndef MOTCUA_STORE_SYNC_INTERNAL_H
#define MOTCUA_STORE_SYNC_INTERNAL_H

#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include "store_internal.h"
#include "sync_internal.h"

#define SYNC_STMT_CACHE 48

enum { SYNC_HOT_ADD, SYNC_HOT_READ, SYNC_HOT_CHILD_SEL, SYNC_HOT_CHILD_PUT, SYNC_HOT_EV_SEL,
       SYNC_HOT_EV_ADD, SYNC_HOT_CHILD_ADD, SYNC_HOT_N };

/* A local table as seen through one bundle's column list. */
struct ltable {
	const sync_table *bt;
	int n;                       /* local columns */
	char cols[SYNC_MAX_COLS][64];
	int map[SYNC_MAX_COLS];      /* bundle column -> local column, -1 when absent */
	int fk;                      /* bundle column naming the parent, or -1 */
	const char *parent;          /* "dossiers" | "procedures" | NULL */
};

/* An event insert held back so that each dossier's events are added in the
 * order they were made at the office. */
struct event_row {
	int64_t dossier, remote_id;
	int ncol;
	sqlite3_value **v;           /* one per bundle column (sqlite3_value_dup) */
};

/* What derive_status would read of a dossier this bundle added, kept as
 * its rows are written (store_sync_apply.c, "fresh dossiers"). */
struct fresh_status {
	char status[32], last[32];   /* as store_col_copy would copy them */
	bool stale;                  /* changed otherwise: read it back */
};

/* Child rows held back for one multi-row INSERT (store_sync_rows.c). */
struct child_batch;

struct applier {
	mc_store *s;
	const sync_bundle *b;
	mc_sync_report *rep;
	const char *unit;            /* sending unit */
	mc_error *err;
	struct {
		char *sql;
		sqlite3_stmt *st;
	} cache[SYNC_STMT_CACHE];
	int ncache;
	int64_t *touched;            /* dossiers whose status is re-derived */
	size_t ntouched, captouched;
	struct event_row *events;
	size_t nevents, capevents;
	/* Statements whose SQL depends only on the table, built once per
	 * bundle: [table index in the bundle][SYNC_HOT_*]. */
	const struct ltable *lt;
	sqlite3_stmt *hot[MC_SYNC_MAX_TABLES][SYNC_HOT_N];
	/* Remote dossier id -> local id, for the dossiers this bundle added or
	 * merged (their children's parent without two look-ups each). */
	struct {
		int64_t *keys, *vals;     /* key 0 = empty slot */
		size_t cap, n;
	} parents;
	unsigned char child_pk[MC_SYNC_MAX_TABLES][SYNC_MAX_COLS]; /* key the child SQL has */
	char proc_code[32];          /* the last procedure looked up, and its id */
	int64_t proc_id;
	/* The name index (dossier_fts) is filled at the end for the dossiers
	 * added, by one statement per run of ids (store_sync_apply.c). */
	bool fts_deferred;
	struct {
		int64_t lo, hi;
	} *fts_runs;
	size_t nfts, capfts;
	/* Fresh dossiers: the ones this bundle adds get ids fresh_floor + 1,
	 * + 2, ... in order (nothing else inserts dossiers meanwhile). When no
	 * document or event names an id above the floor yet (fresh_ok), their
	 * children here are all this bundle's: their documents need no
	 * look-up and their status follows from the events added. */
	int64_t fresh_floor;
	bool fresh_ok;
	struct fresh_status *fresh;
	size_t nfresh, capfresh;
	struct child_batch *docs[MC_SYNC_MAX_TABLES];
};

/* Fresh dossiers (store_sync_apply.c). */
mc_status sync_fresh_start(struct applier *a);
void sync_fresh_added(struct applier *a, int64_t id, sqlite3_value *status);
struct fresh_status *sync_fresh_of(struct applier *a, int64_t id);
void sync_fresh_event(struct applier *a, int64_t dossier, sqlite3_value *to_status);
mc_status sync_children_flush(struct applier *a);
void sync_children_free(struct applier *a);

/* The store-independent steps (sync_walk.c), shared with the hub's
 * pgstore_sync_apply.c. sync_table_allowed: MC_EDATA naming a table the
 * bundle's kind may not carry. sync_seq_known: a sequence number already
 * applied (*already when the checksum is the same, else MC_EDATA);
 * sync_seq_next: MC_EDATA unless the bundle follows prev. sync_walk calls
 * row() for each change of the parents' tables (pass 1) or the others'
 * (pass 2), table being the bundle's table index. */
mc_status sync_table_allowed(const sync_bundle *b, const char *unit, const char *name,
			     mc_error *err);
bool sync_is_parent(const char *name);
mc_status sync_seq_known(const sync_bundle *b, const char *unit, const char *sha256,
			 const char *applied_at, bool *already, mc_error *err);
mc_status sync_seq_next(const sync_bundle *b, const char *unit, int64_t prev, mc_error *err);
typedef mc_status (*sync_walk_row)(void *ctx, int table, const char *name,
				   sqlite3_changeset_iter *it, int op);
mc_status sync_walk(const sync_bundle *b, const char *unit, int pass, sync_walk_row row,
		    void *ctx, mc_error *err);
void sync_summarize(const mc_sync_report *rep, char *buf, size_t sz);

/* Helpers (store_sync_apply.c). */
sqlite3_stmt *sync_prep(struct applier *a, char *sql);
mc_status sync_step(struct applier *a, sqlite3_stmt *st);
void sync_bindv(sqlite3_stmt *st, int i, sqlite3_value *v);
bool sync_same(sqlite3_value *v, sqlite3_stmt *st, int col);
const char *sync_vtext(sqlite3_value *v);
void sync_bump(struct applier *a, const char *table, const char *which);
int sync_bcol(const struct ltable *t, const char *name);
mc_status sync_map_put(struct applier *a, const char *tbl, int64_t remote, const char *key);
mc_status sync_map_get(struct applier *a, const char *tbl, int64_t remote, char *key,
		       size_t keysz);
mc_status sync_local_row(struct applier *a, const char *parent, const char *code, int64_t *id,
			 char *unit, size_t unitsz);
mc_status sync_parent_id(struct applier *a, const struct ltable *t, sqlite3_value *remote,
			 int64_t *out);
mc_status sync_touch(struct applier *a, int64_t dossier);
/* The statement in slot which of table t, reset; built from the SQL that
 * build() returns (sqlite3_str_finish'd) on first use. NULL with the
 * error set on failure. */
sqlite3_stmt *sync_hot(struct applier *a, const struct ltable *t, int which,
		       char *(*build)(struct applier *, const struct ltable *, const void *),
		       const void *arg);
/* Remember the local id of remote dossier id (0: forget every one, as
 * when a dossier's code or unit changes). */
mc_status sync_parent_learn(struct applier *a, int64_t remote, int64_t local);
void sync_parent_forget(struct applier *a);
/* A dossier added: into the name index at once, or when it is filled. */
mc_status sync_fts_added(struct applier *a, int64_t id);
/* Index the dossiers added so far (before a dossier is changed). */
mc_status sync_fts_flush(struct applier *a);

/* Row changes (store_sync_rows.c): op is SQLITE_INSERT/UPDATE/DELETE. */
mc_status sync_row_parent(struct applier *a, const struct ltable *t, sqlite3_changeset_iter *it,
			  int op);
mc_status sync_row_child(struct applier *a, const struct ltable *t, sqlite3_changeset_iter *it,
			 int op);
mc_status sync_row_event(struct applier *a, const struct ltable *t, sqlite3_changeset_iter *it,
			 int op);
/* Add the held-back events, each dossier's in the office's order. */
mc_status sync_events_flush(struct applier *a, const struct ltable *t);
void sync_events_free(struct applier *a);

#endif
