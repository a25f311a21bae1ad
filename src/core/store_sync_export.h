/*
 * Private to the export side of sync: store_sync.c (the bundle's capture)
 * and store_sync_sent.c (the kept picture of what each peer was sent).
 */
#ifndef MOTCUA_STORE_SYNC_EXPORT_H
#define MOTCUA_STORE_SYNC_EXPORT_H

#include "store_internal.h"
#include "sync_internal.h"

#include <stdbool.h>

/* Attached in-memory database where an export builds the peer's picture. */
#define SHADOW "mc_shadow"

/* Column names, declared types and primary-key positions of a table. */
struct tinfo {
	char name[40];
	int n;
	char *cols[SYNC_MAX_COLS];
	char *types[SYNC_MAX_COLS];
	int pk[SYNC_MAX_COLS];
};

mc_status sync_tinfo_load(mc_store *s, const char *table, struct tinfo *t, mc_error *err);
void sync_tinfo_free(struct tinfo *t);
int sync_tinfo_col(const struct tinfo *t, const char *name);
/* Run one dynamic statement (sql is sqlite3_str_finish'd, freed here),
 * binding peer at ?1 when given. */
mc_status sync_exec_dyn(mc_store *s, char *sql, const char *peer, const char *what,
			mc_error *err);

/* CREATE TABLE mc_shadow.<table> with the table's columns and key. */
mc_status sync_shadow_create(mc_store *s, const struct tinfo *t, mc_error *err);
/* Count a changeset's changes per table into c. */
void sync_count_changes(const void *cs, int n, mc_sync_counts *c);

/* Whether peer's picture is kept in the database (schema step sync_delta). */
mc_status sync_sent_tracked(mc_store *s, const char *peer, bool *tracked, mc_error *err);
/* Create or widen sync_sent_<table> to the live columns. */
mc_status sync_sent_prepare(mc_store *s, const struct tinfo *t, mc_error *err);
/* Copy into mc_shadow.<table> the kept picture of the rows changed since
 * peer's last bundle. */
mc_status sync_sent_load(mc_store *s, const struct tinfo *t, const char *peer, mc_error *err);
/* Make mc_shadow.<table> hold the live values of those rows (a session on
 * mc_shadow records the difference). */
mc_status sync_sent_advance(mc_store *s, const struct tinfo *t, const char *peer, mc_error *err);
/* Keep the live values as peer's picture: of the changed rows, or of every
 * row (all) when the picture starts now. */
mc_status sync_sent_keep(mc_store *s, const struct tinfo *t, const char *peer, bool all,
			 mc_error *err);
/* peer's picture is now up to date: track it, forget its changed rows. */
mc_status sync_sent_done(mc_store *s, const char *peer, const char *kind, mc_error *err);

#endif
