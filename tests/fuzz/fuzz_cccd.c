/* libFuzzer target: the citizen ID card QR line parser (mc_cccd_parse). */
#include "motcua/cccd.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1);
	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	mc_cccd c;
	mc_error err = {0};
	mc_cccd_looks_like(line);
	mc_cccd_parse(line, &c, &err);
	free(line);
	return 0;
}
