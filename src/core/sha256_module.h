/*
 * The contract between the core (sync_bundle.c) and the SHA-256 module
 * (sha256_nettle.c, built as a shared module over nettle; see module.h):
 * only the sync commands checksum bundles, so only they map nettle.
 */
#ifndef MOTCUA_SHA256_MODULE_H
#define MOTCUA_SHA256_MODULE_H

#include "module.h"

#include <stddef.h>

#define SHA256_MODULE_ABI 1
#define SHA256_MODULE_FILE "sha256.so"
#define SHA256_MODULE_ENTRY "motcua_sha256_module"
#define SHA256_MODULE_LAYOUT (sizeof(struct sha256_module))

struct sha256_module {
	struct module_header head;
	/* The SHA-256 of A followed by B (either may be empty) into OUT. */
	void (*digest2)(const void *a, size_t alen, const void *b, size_t blen,
			unsigned char out[32]);
};

#endif
