/*
 * Benchmark driver for the charset converter: `bench_convert FROM TO < IN > OUT`
 * runs mc_conv_stream exactly as `motcua text convert` does, so that
 * bench_convert.sh can time it against the iconv command on the same file.
 * Silent on success; says what went wrong (or what was lost) on stderr.
 */
#include <stdio.h>

#include "motcua/charset.h"

int main(int argc, char **argv)
{
	mc_error err = {0};
	mc_charset from, to;
	if (argc != 3) {
		fprintf(stderr, "usage: bench_convert FROM TO < IN > OUT\n");
		return MC_EUSAGE;
	}
	if (mc_charset_parse(argv[1], &from, &err) != MC_OK ||
	    mc_charset_parse(argv[2], &to, &err) != MC_OK) {
		fprintf(stderr, "bench_convert: %s\n", err.msg);
		return MC_EUSAGE;
	}
	mc_conv_stats st;
	mc_status rc = mc_conv_stream(from, to, stdin, stdout, &st, &err);
	if (rc != MC_OK)
		fprintf(stderr, "bench_convert: %s\n", err.msg);
	else if (st.lost)
		fprintf(stderr, "bench_convert: %llu letters lost, first at line %llu column %llu\n",
			(unsigned long long)st.lost, (unsigned long long)st.first_lost_line,
			(unsigned long long)st.first_lost_col);
	return rc;
}
