/*
 * Files that motcua writes for people (receipts, printed forms, reports):
 * never through a link planted at a predictable name, never half-written,
 * never destroying what was there when writing fails, readable by the
 * office's group (0640) and not by everyone.
 */
#ifndef MOTCUA_SAFE_FILE_H
#define MOTCUA_SAFE_FILE_H

#include <stdio.h>

#include "motcua/error.h"

typedef struct mc_safe_file {
	FILE *f;                /* write here */
	char path[4096];        /* the final name */
	char tmp[4096];         /* the new file beside it, until commit */
} mc_safe_file;

/* Creates a new file beside path (O_EXCL: no link followed), mode 0640. */
mc_status mc_safe_file_begin(mc_safe_file *sf, const char *path, mc_error *err);
/* Flushes, syncs and renames it over path (a link at path is replaced,
 * not followed). On failure the new file is removed and path is as it was. */
mc_status mc_safe_file_commit(mc_safe_file *sf, mc_error *err);
/* Removes the new file; path is untouched. */
void mc_safe_file_abort(mc_safe_file *sf);

/* mkdir -p with mode 2770 for what it creates (group-shared, new files take
 * the directory's group), whatever the umask. */
mc_status mc_dir_make(const char *dir, mc_error *err);

#endif
