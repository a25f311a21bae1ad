/* Private to backup.c, check.c and store_backup.c (the SQLite side). */
#ifndef MOTCUA_STORE_BACKUP_H
#define MOTCUA_STORE_BACKUP_H

#include "store_internal.h"

/* Online backup of s into a new database file at path, then quick_check. */
mc_status store_backup_to(mc_store *s, const char *path, mc_error *err);

/* MC_EDATA when PRAGMA quick_check finds damage. */
mc_status store_sound(mc_store *s, mc_error *err);

/* MC_EDATA naming the first table, index, trigger or view of src that is
 * missing, extra or changed against the program's own schema at version. */
mc_status store_same_schema(mc_store *src, int version, mc_error *err);

/* Copy src's content over s's with the backup API, then migrate. */
mc_status store_restore_from(mc_store *s, mc_store *src, mc_error *err);

/* One row of a check query (text columns, NULL for SQL NULL). */
typedef int (*store_check_row)(const char *const *cols, int ncols, void *ctx);

/* (kind, message) rows: integrity_check failures, foreign_key_check rows,
 * a wrong application_id. */
mc_status store_check_pragmas(mc_store *s, store_check_row cb, void *ctx, mc_error *err);
mc_status store_check_user_version(mc_store *s, int *version, mc_error *err);
/* (code, unit_code, status, last status event's to_status, event count). */
mc_status store_check_dossiers(mc_store *s, store_check_row cb, void *ctx, mc_error *err);
/* (subject, problem) rows: events without a uid. */
mc_status store_check_uids(mc_store *s, store_check_row cb, void *ctx, mc_error *err);
/* (subject, problem) rows: links of the history chain that are missing,
 * out of order or do not match their event, and events outside it. */
mc_status store_check_chain(mc_store *s, store_check_row cb, void *ctx, mc_error *err);
/* (code, daily last) rows: own_unit's codes numbered past the daily
 * sequence, so that a later intake would mint the same code again. */
mc_status store_check_numbering(mc_store *s, const char *own_unit, store_check_row cb,
				void *ctx, mc_error *err);

#endif
