/*
 * The store: one SQLite file per office, the only place that holds SQL.
 *
 * Opening a file checks that it is a motcua database (application_id) or an
 * empty one, refuses a schema newer than this program, migrates older ones in
 * one transaction, then turns on WAL, foreign keys and a busy handler so that
 * many clerk processes can share the file. Nothing is written to a file that
 * is refused.
 */
#ifndef MOTCUA_STORE_H
#define MOTCUA_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "motcua/error.h"

typedef struct mc_store mc_store;

/* Schema version this program writes (PRAGMA user_version). */
int mc_store_schema_version(void);

/* Open (creating if missing) and migrate. *out is NULL on failure. */
mc_status mc_store_open(const char *path, mc_store **out, mc_error *err);
void mc_store_close(mc_store *store);
/* A path that is a libpq URI (postgresql://...) names a province hub on
 * PostgreSQL (docs/hub.md) instead of an SQLite file. */
bool mc_store_is_postgres(const char *path);
/* Whether an open store is such a hub. */
bool mc_store_on_postgres(const mc_store *store);
const char *mc_store_path(const mc_store *store);

/* Write transactions are BEGIN IMMEDIATE so that writers queue on the busy
 * handler instead of failing half-way with "database is locked". */
mc_status mc_store_begin(mc_store *store, mc_error *err);
mc_status mc_store_commit(mc_store *store, mc_error *err);
void mc_store_rollback(mc_store *store);

/* Office identity (one row): the unit code heads every dossier code. */
typedef struct mc_office {
	char unit_code[40];
	char name[256];
} mc_office;

mc_status mc_store_office_get(mc_store *store, mc_office *out, mc_error *err);
mc_status mc_store_office_set(mc_store *store, const mc_office *office, mc_error *err);

/* Key/value settings. get returns MC_EEMPTY when the key is absent. */
mc_status mc_store_setting_get(mc_store *store, const char *key, char *buf,
			       size_t bufsz, mc_error *err);
mc_status mc_store_setting_set(mc_store *store, const char *key,
			       const char *value, mc_error *err);
/* Remove a setting (MC_EEMPTY when it was not set). */
mc_status mc_store_setting_unset(mc_store *store, const char *key, mc_error *err);

#endif
