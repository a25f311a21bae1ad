/* Interim: UTF-8 only, until the legacy-encoding converter lands. */
#include "motcua/charset.h"

#include <string.h>

mc_status mc_charset_parse(const char *name, mc_charset *out, mc_error *err)
{
	if (strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") == 0) {
		*out = MC_CS_UTF8;
		return MC_OK;
	}
	return mc_error_set(err, MC_EUSAGE, "encoding %s is not supported yet", name);
}

const char *mc_charset_name(mc_charset cs)
{
	return cs == MC_CS_UTF8 ? "utf-8" : "?";
}

mc_status mc_conv_stream(mc_charset from, mc_charset to, FILE *in, FILE *out,
			 mc_conv_stats *stats, mc_error *err)
{
	memset(stats, 0, sizeof *stats);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		fwrite(buf, 1, n, out);
	return MC_OK;
}

mc_status mc_charset_decode(mc_charset from, const char *in, size_t len, char **out_utf8,
			    mc_error *err)
{
	return mc_error_set(err, MC_EUSAGE, "encoding conversion is not available yet");
}
