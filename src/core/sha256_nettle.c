/*
 * The SHA-256 module: nettle's SHA-256 over two buffers (a sync bundle's
 * header and its data), loaded by sync_bundle.c when a bundle is written
 * or checked.
 */
#include "sha256_module.h"

#include <nettle/sha2.h>

static void digest2(const void *a, size_t alen, const void *b, size_t blen,
		    unsigned char out[32])
{
	struct sha256_ctx ctx;
	sha256_init(&ctx);
	if (alen)
		sha256_update(&ctx, alen, a);
	if (blen)
		sha256_update(&ctx, blen, b);
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, out);
}

__attribute__((visibility("default"))) const struct module_header *motcua_sha256_module(void);

const struct module_header *motcua_sha256_module(void)
{
	static const struct sha256_module m = {
		.head = {.abi = SHA256_MODULE_ABI, .layout = SHA256_MODULE_LAYOUT},
		.digest2 = digest2,
	};
	return &m.head;
}
