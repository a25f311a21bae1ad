/*
 * Shared by the libFuzzer targets: a scratch directory per process and a
 * store opened once in it (opening and migrating per input would spend the
 * run on set-up instead of on the importer).
 */
#ifndef MOTCUA_FUZZ_UTIL_H
#define MOTCUA_FUZZ_UTIL_H

#include "motcua/catalog.h"
#include "motcua/store.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char fuzz_dir[256];

/* A private directory under $TMPDIR (or /tmp), made once. */
static const char *fuzz_scratch(void)
{
	if (!fuzz_dir[0]) {
		const char *base = getenv("TMPDIR");
		snprintf(fuzz_dir, sizeof fuzz_dir, "%s/motcua-fuzz-XXXXXX",
			 base && *base ? base : "/tmp");
		if (!mkdtemp(fuzz_dir))
			abort();
	}
	return fuzz_dir;
}

/* Write data to a file in the scratch directory; returns its path. */
static const char *fuzz_file(const char *name, const uint8_t *data, size_t size)
{
	static char path[320];
	snprintf(path, sizeof path, "%s/%s", fuzz_scratch(), name);
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	return path;
}

/* A store with an office and a two-procedure catalog, opened once. */
static mc_store *fuzz_store(const char *unit)
{
	static mc_store *s;
	if (s)
		return s;
	char path[320];
	snprintf(path, sizeof path, "%s/fuzz.db", fuzz_scratch());
	mc_error err = {0};
	if (mc_store_open(path, &s, &err) != MC_OK)
		abort();
	mc_office o;
	snprintf(o.unit_code, sizeof o.unit_code, "%s", unit);
	snprintf(o.name, sizeof o.name, "Fuzz");
	static const char csv[] =
		"code,name,field,agency,level,deadline,deadline_unit,fee,documents\n"
		"1.004873,Cấp Giấy xác nhận tình trạng hôn nhân,Hộ tịch,UBND,Cấp xã,3,day,0,"
		"Tờ khai|Giấy tờ tùy thân\n"
		"2.000908,Chứng thực bản sao,Chứng thực,UBND,Cấp xã,4,hour,2000,Bản chính\n";
	const char *cpath = fuzz_file("seed.csv", (const uint8_t *)csv, sizeof csv - 1);
	mc_import_stats st;
	if (mc_store_office_set(s, &o, &err) != MC_OK ||
	    mc_catalog_import(s, cpath, NULL, &st, &err) != MC_OK)
		abort();
	return s;
}

#endif
