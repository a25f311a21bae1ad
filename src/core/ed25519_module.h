/*
 * The contract between the core (sync_sign.c) and the Ed25519 module
 * (ed25519_nettle.c, a shared module over nettle; see module.h): only the
 * sync commands sign and verify bundles, so only they map nettle.
 */
#ifndef MOTCUA_ED25519_MODULE_H
#define MOTCUA_ED25519_MODULE_H

#include "module.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ED25519_MODULE_ABI 1
#define ED25519_MODULE_FILE "ed25519.so"
#define ED25519_MODULE_ENTRY "motcua_ed25519_module"
#define ED25519_MODULE_LAYOUT (sizeof(struct ed25519_module))

struct ed25519_module {
	struct module_header head;
	/* The public key of a 32-byte private key (its seed). */
	void (*public_key)(uint8_t pub[32], const uint8_t priv[32]);
	void (*sign)(const uint8_t pub[32], const uint8_t priv[32], size_t len,
		     const uint8_t *msg, uint8_t sig[64]);
	bool (*verify)(const uint8_t pub[32], size_t len, const uint8_t *msg,
		       const uint8_t sig[64]);
};

#endif
