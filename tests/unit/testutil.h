/* Helpers shared by the unit tests: a fresh temp directory per test and a
 * store opened on a real SQLite file inside it. */
#ifndef MOTCUA_TESTUTIL_H
#define MOTCUA_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "motcua/catalog.h"
#include "motcua/store.h"

struct tdir {
	char path[256];
	char db[300];
};

static inline void tdir_make(struct tdir *t)
{
	const char *base = getenv("TMPDIR");
	snprintf(t->path, sizeof t->path, "%s/motcua-test-XXXXXX", base && *base ? base : "/tmp");
	assert_non_null(mkdtemp(t->path));
	snprintf(t->db, sizeof t->db, "%s/test.db", t->path);
}

static inline void tdir_remove(struct tdir *t)
{
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", t->path);
	assert_int_equal(system(cmd), 0);
}

/* Write text to dir/name and return the full path in out. */
static inline void tdir_write(struct tdir *t, const char *name, const char *text, char *out,
			      size_t outsz)
{
	snprintf(out, outsz, "%s/%s", t->path, name);
	FILE *f = fopen(out, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static inline mc_store *open_store(const char *path)
{
	mc_store *s = NULL;
	mc_error err = {0};
	mc_status st = mc_store_open(path, &s, &err);
	if (st != MC_OK)
		fail_msg("open %s: %s", path, err.msg);
	return s;
}

/* A fresh office in a new temp directory: the store opened on t->db, the
 * office (unit code, name) set and the catalog csv (CSV text) imported. */
static inline mc_store *office_store(struct tdir *t, const char *unit, const char *name,
				     const char *csv)
{
	tdir_make(t);
	mc_store *s = open_store(t->db);
	mc_error err = {0};
	mc_office o;
	snprintf(o.unit_code, sizeof o.unit_code, "%s", unit);
	snprintf(o.name, sizeof o.name, "%s", name);
	if (mc_store_office_set(s, &o, &err) != MC_OK)
		fail_msg("office %s: %s", unit, err.msg);
	char path[300];
	tdir_write(t, "c.csv", csv, path, sizeof path);
	mc_import_stats st;
	if (mc_catalog_import(s, path, NULL, &st, &err) != MC_OK)
		fail_msg("catalog: %s", err.msg);
	return s;
}

#endif
