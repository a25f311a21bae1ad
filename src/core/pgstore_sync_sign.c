/*
 * The hub's side of signed bundles and of the offices' history chains:
 * store_sign.c's and store_chain.c's peer functions in PostgreSQL's SQL.
 */
#include "pgstore_sync.h"

#include <stdio.h>
#include <string.h>

mc_status pgstore_sign_identity(mc_store *s, char pub[65], char priv[65], mc_error *err)
{
	static const char sql[] =
		"SELECT public_key, private_key FROM sync_identity WHERE id = 1";
	pg_res *r = pg_run(s, sql, 0, NULL, "reading the signing key", err);
	if (!r)
		return MC_ESYS;
	bool found = pg_rows(r) > 0;
	if (found) {
		pg_copy(r, 0, 0, pub, 65);
		pg_copy(r, 0, 1, priv, 65);
	}
	pg_free(r);
	return found ? MC_OK : MC_EEMPTY;
}

mc_status pgstore_sign_identity_set(mc_store *s, const char *pub, const char *priv,
				    const char *at, mc_error *err)
{
	static const char sql[] =
		"INSERT INTO sync_identity(id, public_key, private_key, created_at)"
		" VALUES(1, $1, $2, $3) ON CONFLICT (id) DO NOTHING";
	const char *v[] = {pub, priv, at};
	return pg_do(s, sql, 3, v, "saving the signing key", NULL, err);
}

mc_status pgstore_sign_trusted(mc_store *s, const char *unit, const char *pub, bool *yes,
			       mc_error *err)
{
	static const char sql[] = "SELECT 1 FROM sync_trust WHERE unit = $1 AND public_key = $2";
	const char *v[] = {unit, pub};
	pg_res *r = pg_run(s, sql, 2, v, "reading the trusted keys", err);
	if (!r)
		return MC_ESYS;
	*yes = pg_rows(r) > 0;
	pg_free(r);
	return MC_OK;
}

mc_status pgstore_sign_trust_add(mc_store *s, const char *unit, const char *pub,
				 const char *at, const char *by, mc_error *err)
{
	static const char sql[] =
		"INSERT INTO sync_trust(unit, public_key, added_at, added_by)"
		" VALUES($1, $2, $3, $4) ON CONFLICT (unit, public_key) DO NOTHING";
	const char *v[] = {unit, pub, at, by};
	return pg_do(s, sql, 4, v, "enrolling the key", NULL, err);
}

mc_status pgstore_sign_trust_each(mc_store *s, store_sign_trust_cb cb, void *ctx,
				  mc_error *err)
{
	/* COLLATE "C": SQLite's ORDER BY compares bytes. */
	static const char sql[] =
		"SELECT unit, public_key, added_at, added_by FROM sync_trust"
		" ORDER BY unit COLLATE \"C\", added_at COLLATE \"C\"";
	pg_res *r = pg_run(s, sql, 0, NULL, "reading the trusted keys", err);
	if (!r)
		return MC_ESYS;
	for (int i = 0; i < pg_rows(r); i++)
		if (cb(pg_get(r, i, 0), pg_get(r, i, 1), pg_get(r, i, 2), pg_get(r, i, 3), ctx))
			break;
	pg_free(r);
	return MC_OK;
}

mc_status pgstore_chain_peer_check(mc_store *s, const sync_bundle *b, mc_error *err)
{
	static const char sql[] =
		"SELECT bundle_seq, chain_seq, hash FROM sync_chain_heads WHERE unit = $1";
	if (strcmp(b->kind, "dossiers") != 0)
		return MC_OK;
	if (!b->has_chain)
		return mc_error_set(err, MC_EDATA,
				    "bundle %lld from %s carries no history chain head (made by an "
				    "older motcua?); nothing was applied", (long long)b->seq, b->unit);
	const char *v[] = {b->unit};
	pg_res *r = pg_run(s, sql, 1, v, "reading the offices' history chains", err);
	if (!r)
		return MC_ESYS;
	mc_status st = MC_OK;
	if (pg_rows(r)) {
		long long bseq = pg_int(r, 0, 0), cseq = pg_int(r, 0, 1);
		char hash[65];
		pg_copy(r, 0, 2, hash, sizeof hash);
		if (b->chain_prev_seq != cseq || strcmp(b->chain_prev_hash, hash) != 0)
			st = mc_error_set(err, MC_EDATA,
					  "bundle %lld from %s shows that the office's history was "
					  "rewritten: bundle %lld ended its history chain at link %lld "
					  "(%.12s...), this one says link %lld is %.12s...; nothing was "
					  "applied (run 'motcua check' at the office)",
					  (long long)b->seq, b->unit, bseq, cseq, hash,
					  (long long)b->chain_prev_seq,
					  b->chain_prev_seq ? b->chain_prev_hash : "-");
	}
	pg_free(r);
	return st;
}

mc_status pgstore_chain_peer_record(mc_store *s, const sync_bundle *b, mc_error *err)
{
	static const char sql[] =
		"INSERT INTO sync_chain_heads(unit, bundle_seq, chain_seq, hash)"
		" VALUES($1, $2, $3, $4) ON CONFLICT (unit) DO UPDATE"
		" SET bundle_seq = $2, chain_seq = $3, hash = $4";
	if (strcmp(b->kind, "dossiers") != 0 || !b->has_chain)
		return MC_OK;
	char q[24], c[24];
	const char *v[] = {b->unit, pg_i64(q, b->seq), pg_i64(c, b->chain_seq), b->chain_hash};
	return pg_do(s, sql, 4, v, "recording the office's history chain", NULL, err);
}

mc_status pgstore_chain_peer_forget(mc_store *s, const char *unit, mc_error *err)
{
	static const char sql[] = "DELETE FROM sync_chain_heads WHERE unit = $1";
	const char *v[] = {unit};
	return pg_do(s, sql, 1, v, "forgetting the office's history chain", NULL, err);
}
