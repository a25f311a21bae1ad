/* SQL side of signed bundles (store_sign.c), private to the core. */
#ifndef MOTCUA_STORE_SIGN_H
#define MOTCUA_STORE_SIGN_H

#include <stdbool.h>

#include "store_internal.h"

/* This database's key pair as hex; MC_EEMPTY when it has none yet. */
mc_status store_sign_identity(mc_store *s, char pub[65], char priv[65], mc_error *err);
mc_status store_sign_identity_set(mc_store *s, const char *pub, const char *priv,
				  const char *at, mc_error *err);
mc_status store_sign_trusted(mc_store *s, const char *unit, const char *pub, bool *yes,
			     mc_error *err);
mc_status store_sign_trust_add(mc_store *s, const char *unit, const char *pub, const char *at,
			       const char *by, mc_error *err);
typedef int (*store_sign_trust_cb)(const char *unit, const char *pub, const char *at,
				   const char *by, void *ctx);
mc_status store_sign_trust_each(mc_store *s, store_sign_trust_cb cb, void *ctx, mc_error *err);

#endif
