/*
 * The Ed25519 module: nettle's Ed25519 (SHA-512) signatures of sync bundles,
 * loaded by sync_sign.c when a bundle is signed or checked.
 */
#include "ed25519_module.h"

#include <nettle/eddsa.h>

static void public_key(uint8_t pub[32], const uint8_t priv[32])
{
	ed25519_sha512_public_key(pub, priv);
}

static void sign(const uint8_t pub[32], const uint8_t priv[32], size_t len, const uint8_t *msg,
		 uint8_t sig[64])
{
	ed25519_sha512_sign(pub, priv, len, msg, sig);
}

static bool verify(const uint8_t pub[32], size_t len, const uint8_t *msg, const uint8_t sig[64])
{
	return ed25519_sha512_verify(pub, len, msg, sig) != 0;
}

__attribute__((visibility("default"))) const struct module_header *motcua_ed25519_module(void);

const struct module_header *motcua_ed25519_module(void)
{
	static const struct ed25519_module m = {
		.head = {.abi = ED25519_MODULE_ABI, .layout = ED25519_MODULE_LAYOUT},
		.public_key = public_key,
		.sign = sign,
		.verify = verify,
	};
	return &m.head;
}
