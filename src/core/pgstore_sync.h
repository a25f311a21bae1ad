/*
 * Sync on the PostgreSQL hub (pgstore_sync*.c), private to the core: the
 * store_sync*, store_sign and store_chain functions hand over to these when
 * the store is a hub (s->pg). The rules are SQLite's (store_sync_apply.c,
 * docs/sync.md); only the SQL differs.
 */
#ifndef MOTCUA_PGSTORE_SYNC_H
#define MOTCUA_PGSTORE_SYNC_H

#include "pgstore.h"
#include "store_sign.h"
#include "sync_internal.h"

/* Import (pgstore_sync_apply.c, pgstore_sync_rows.c, pgstore_sync_copy.c). */
mc_status pgstore_sync_apply(mc_store *s, const sync_bundle *b, const char *by,
			     mc_sync_report *rep, mc_error *err);

/* Export of reference data, again, log (pgstore_sync_export.c). */
mc_status pgstore_sync_export(mc_store *s, sync_bundle *hdr, const char *const *tables,
			      const char *by, unsigned char **out, size_t *outlen,
			      mc_sync_counts *counts, mc_error *err);
mc_status pgstore_sync_again(mc_store *s, const char *peer, int64_t seq, unsigned char **out,
			     size_t *outlen, mc_error *err);
mc_status pgstore_sync_recover_export(mc_store *s, sync_bundle *hdr, unsigned char **out,
				      size_t *outlen, mc_sync_counts *counts, mc_error *err);
mc_status pgstore_sync_log(mc_store *s, mc_sync_log_cb cb, void *ctx, mc_error *err);

/* The offices' history chain heads (pgstore_sync_sign.c). */
mc_status pgstore_chain_peer_check(mc_store *s, const sync_bundle *b, mc_error *err);
mc_status pgstore_chain_peer_record(mc_store *s, const sync_bundle *b, mc_error *err);
mc_status pgstore_chain_peer_forget(mc_store *s, const char *unit, mc_error *err);

/* The hub's key pair and the keys it trusts (pgstore_sync_sign.c). */
mc_status pgstore_sign_identity(mc_store *s, char pub[65], char priv[65], mc_error *err);
mc_status pgstore_sign_identity_set(mc_store *s, const char *pub, const char *priv,
				    const char *at, mc_error *err);
mc_status pgstore_sign_trusted(mc_store *s, const char *unit, const char *pub, bool *yes,
			       mc_error *err);
mc_status pgstore_sign_trust_add(mc_store *s, const char *unit, const char *pub,
				 const char *at, const char *by, mc_error *err);
mc_status pgstore_sign_trust_each(mc_store *s, store_sign_trust_cb cb, void *ctx,
				  mc_error *err);

#endif
