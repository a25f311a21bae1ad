/*
 * Backup, restore and the consistency check of an office database.
 *
 * A backup is taken with SQLite's online backup API from a read snapshot,
 * so clerks keep working while it runs (WAL lets them write meanwhile);
 * it is written beside its destination, checked, then renamed into place.
 * A restore refuses anything that is not a sound motcua database of this
 * office, saves the current content first, copies the backup in with the
 * same API and brings its schema up to date. The check says whether a
 * database can be trusted: SQLite's own integrity and foreign-key checks,
 * its identity and schema version, and the domain's invariants (each
 * dossier's status is where its history ends, codes are well formed, the
 * daily numbering is ahead of every code, every event has its uid).
 */
#ifndef MOTCUA_BACKUP_H
#define MOTCUA_BACKUP_H

#include <stddef.h>

#include "motcua/error.h"
#include "motcua/store.h"

/* Copy the open database to path (replacing it). Supervisor or admin.
 * *bytes (may be NULL) receives the size written. */
mc_status mc_backup(mc_store *store, const char *path, size_t *bytes, mc_error *err);

/* Replace the open database's content with the backup at path. Admin.
 * Refused, changing nothing: not an SQLite/motcua file, a newer schema, a
 * damaged file, another office's database (unless this one has no office
 * yet), the database itself. The current content is first saved to
 * saved_path (DB.before-restore-YYYYMMDD-HHMMSS, returned; may be NULL). */
mc_status mc_restore(mc_store *store, const char *path, char *saved_path, size_t savedsz,
		     mc_error *err);

/* One problem found by mc_check: what is wrong and where ("dossier X:
 * status is ... but its history ends at ..."). Return non-zero to stop. */
typedef int (*mc_check_cb)(const char *problem, void *ctx);

/* Check the database (read only). *problems is the number found; the
 * result is MC_OK when there are none, MC_EDATA "N problems found"
 * otherwise, MC_ESYS when the check itself could not run. */
mc_status mc_check(mc_store *store, mc_check_cb cb, void *ctx, long *problems, mc_error *err);

#endif
