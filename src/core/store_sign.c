/* SQL of signed bundles (sync_sign.c): the key pair and the trusted keys. */
#include "store_sign.h"
#include "pgstore_sync.h"

#include <string.h>

mc_status store_sign_identity(mc_store *s, char pub[65], char priv[65], mc_error *err)
{
	if (s->pg)
		return pgstore_sign_identity(s, pub, priv, err);
	sqlite3_stmt *st = store_stmt(s, "SELECT public_key, private_key FROM sync_identity"
					 " WHERE id = 1", err);
	if (!st)
		return MC_ESYS;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		store_col_copy(st, 0, pub, 65);
		store_col_copy(st, 1, priv, 65);
	}
	store_done(st);
	if (rc == SQLITE_ROW)
		return MC_OK;
	return rc == SQLITE_DONE ? MC_EEMPTY : store_fail(s, "reading the signing key", err);
}

mc_status store_sign_identity_set(mc_store *s, const char *pub, const char *priv,
				  const char *at, mc_error *err)
{
	if (s->pg)
		return pgstore_sign_identity_set(s, pub, priv, at, err);
	sqlite3_stmt *st = store_stmt(s, "INSERT OR IGNORE INTO sync_identity(id, public_key,"
					 " private_key, created_at) VALUES(1, ?1, ?2, ?3)", err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, pub);
	store_bind_text(st, 2, priv);
	store_bind_text(st, 3, at);
	return store_exec(s, st, "saving the signing key", err);
}

mc_status store_sign_trusted(mc_store *s, const char *unit, const char *pub, bool *yes,
			     mc_error *err)
{
	if (s->pg)
		return pgstore_sign_trusted(s, unit, pub, yes, err);
	sqlite3_stmt *st = store_stmt(s, "SELECT 1 FROM sync_trust WHERE unit = ?1"
					 " AND public_key = ?2", err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, unit);
	store_bind_text(st, 2, pub);
	int rc = sqlite3_step(st);
	*yes = rc == SQLITE_ROW;
	store_done(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? MC_OK
						       : store_fail(s, "reading the trusted keys", err);
}

mc_status store_sign_trust_add(mc_store *s, const char *unit, const char *pub, const char *at,
			       const char *by, mc_error *err)
{
	if (s->pg)
		return pgstore_sign_trust_add(s, unit, pub, at, by, err);
	sqlite3_stmt *st = store_stmt(s, "INSERT OR IGNORE INTO sync_trust(unit, public_key,"
					 " added_at, added_by) VALUES(?1, ?2, ?3, ?4)", err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, unit);
	store_bind_text(st, 2, pub);
	store_bind_text(st, 3, at);
	store_bind_text(st, 4, by);
	return store_exec(s, st, "enrolling the key", err);
}

mc_status store_sign_trust_each(mc_store *s, store_sign_trust_cb cb, void *ctx, mc_error *err)
{
	if (s->pg)
		return pgstore_sign_trust_each(s, cb, ctx, err);
	sqlite3_stmt *st = store_stmt(s, "SELECT unit, public_key, added_at, added_by"
					 " FROM sync_trust ORDER BY unit, added_at", err);
	if (!st)
		return MC_ESYS;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (cb((const char *)sqlite3_column_text(st, 0),
		       (const char *)sqlite3_column_text(st, 1),
		       (const char *)sqlite3_column_text(st, 2),
		       (const char *)sqlite3_column_text(st, 3), ctx))
			break;
	store_done(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? MC_OK
						       : store_fail(s, "reading the trusted keys", err);
}
