/*
 * An office speaks only for its own unit (docs/sync.md): a dossier bundle
 * whose dossier codes, unit codes or event uids name another unit is
 * refused whole before anything is applied, so no office can take another
 * office's next code or event uid, nor the province's. A recovery bundle
 * from the province carries only the receiving office's own (owner).
 */
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include "sync_internal.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

static int col_of(const sync_table *t, const char *name)
{
	for (int i = 0; t && i < t->ncols; i++)
		if (strcmp(t->cols[i], name) == 0)
			return i;
	return -1;
}

/* The new value of column col in the current change, as text, or NULL. */
static const char *new_text(sqlite3_changeset_iter *it, int op, int col)
{
	sqlite3_value *v = NULL;
	if (col < 0 || op == SQLITE_DELETE || sqlite3changeset_new(it, col, &v) != SQLITE_OK || !v ||
	    sqlite3_value_type(v) != SQLITE_TEXT)
		return NULL;
	return (const char *)sqlite3_value_text(v);
}

static bool has_prefix(const char *s, const char *unit, char sep)
{
	size_t n = strlen(unit);
	return strncmp(s, unit, n) == 0 && s[n] == sep;
}

mc_status sync_check_units(const sync_bundle *b, const char *owner, const char *name,
			   mc_error *err)
{
	if (strcmp(b->kind, "dossiers") != 0 && strcmp(b->kind, "recovery") != 0)
		return MC_OK;
	const sync_table *d = sync_bundle_table(b, "dossiers");
	const sync_table *e = sync_bundle_table(b, "dossier_events");
	int code = col_of(d, "code"), unit = col_of(d, "unit_code"), uid = col_of(e, "uid");
	sqlite3_changeset_iter *it = NULL;
	if (sqlite3changeset_start(&it, (int)b->payload_len, (void *)b->payload) != SQLITE_OK)
		return mc_error_set(err, MC_EDATA, "%s is damaged: its changeset cannot be read", name);
	mc_status st = MC_OK;
	while (st == MC_OK && sqlite3changeset_next(it) == SQLITE_ROW) {
		const char *tab, *v;
		int ncol, op, ind;
		sqlite3changeset_op(it, &tab, &ncol, &op, &ind);
		if (strcmp(tab, "dossiers") == 0) {
			if ((v = new_text(it, op, code)) && !has_prefix(v, owner, '-'))
				st = mc_error_set(err, MC_EDATA,
						  "%s from unit %s carries dossier %s, whose code is "
						  "not of that unit; nothing was applied", name,
						  owner, v);
			else if ((v = new_text(it, op, unit)) && strcmp(v, owner) != 0)
				st = mc_error_set(err, MC_EDATA,
						  "%s from unit %s carries a dossier filed under unit "
						  "%s; nothing was applied", name, owner, v);
		} else if (strcmp(tab, "dossier_events") == 0 && (v = new_text(it, op, uid)) &&
			   !has_prefix(v, owner, '/')) {
			st = mc_error_set(err, MC_EDATA,
					  "%s from unit %s carries event %s, whose uid is not of "
					  "that unit; nothing was applied", name, owner, v);
		}
	}
	sqlite3changeset_finalize(it);
	return st;
}
