/*
 * libFuzzer target: the catalog CSV importer (mc_catalog_import), in
 * UTF-8 and through a legacy-encoding decode chosen by the first byte.
 * Any input must end in MC_OK or a clean error, never a crash or leak.
 */
#include "fuzz_util.h"

static const char *const encodings[] = {NULL, "tcvn3", "vni", "viscii", "cp1258", "viqr",
					"vps", "utf-8-nfd"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	mc_store *s = fuzz_store("000.17.22.H56");
	const char *enc = encodings[data[0] % (sizeof encodings / sizeof encodings[0])];
	const char *path = fuzz_file("in.csv", data + 1, size - 1);
	mc_import_stats st;
	mc_error err = {0};
	mc_catalog_import(s, path, enc, &st, &err);
	return 0;
}
