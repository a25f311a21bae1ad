/* SHA-256 in the core (sha256.c): the history chain's hash. */
#ifndef MOTCUA_SHA256_H
#define MOTCUA_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char buf[64];
	size_t n;
};

void sha256_start(struct sha256 *s);
void sha256_add(struct sha256 *s, const void *data, size_t len);
/* Finishes: 64 lowercase hex digits and a NUL. */
void sha256_hex(struct sha256 *s, char out[65]);

#endif
