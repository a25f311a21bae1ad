/*
 * libFuzzer target: importing dossiers kept in another system
 * (mc_dossier_import: CSV checked whole, then written in one transaction).
 */
#include "fuzz_util.h"

#include "motcua/dossier.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mc_store *s = fuzz_store("000.17.22.H56");
	const char *path = fuzz_file("dossiers.csv", data, size);
	int n = 0;
	mc_error err = {0};
	mc_dossier_import(s, path, NULL, "fuzz", &n, &err);
	return 0;
}
