/*
 * libFuzzer target: legacy Vietnamese text decoding and conversion
 * (mc_charset_decode, mc_conv_chunk). Byte 0 picks the source charset,
 * byte 1 the target and whether bad input is replaced or refused.
 */
#include "motcua/charset.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	mc_charset from = (mc_charset)(data[0] % (MC_CS_COUNT - 1));  /* ASCII is output only */
	mc_charset to = (mc_charset)(data[1] % MC_CS_COUNT);
	const char *in = (const char *)data + 2;
	size_t len = size - 2;
	mc_error err = {0};
	char *utf8 = NULL;
	if (mc_charset_decode(from, in, len, &utf8, &err) == MC_OK)
		free(utf8);
	mc_conv *cv = NULL;
	if (mc_conv_open(&cv, from, to, &err) != MC_OK)
		return 0;
	mc_conv_set_replace(cv, data[1] & 0x80);
	char *out = NULL;
	size_t outlen = 0, cap = 0;
	mc_conv_chunk(cv, in, len, &out, &outlen, &cap, &err);
	mc_conv_stats_get(cv);
	free(out);
	mc_conv_close(cv);
	return 0;
}
