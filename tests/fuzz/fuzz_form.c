/*
 * libFuzzer target: the screen description parser (forms/NAME.form,
 * src/tui/form_file.c), which office administrators edit by hand.
 */
#include "fuzz_util.h"

#include "tform.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file("x.form", data, size);
	struct form_spec spec;
	char err[512];
	memset(&spec, 0, sizeof spec);
	if (form_spec_load(path, &spec, err, sizeof err) == 0)
		form_spec_free(&spec);
	return 0;
}
