/*
 * Where things live: the database (--db, $MOTCUA_DB, then
 * $XDG_DATA_HOME/motcua/motcua.db) and the shipped data/ and forms/
 * ($MOTCUA_DATADIR, the installed share/motcua, then the source tree for
 * uninstalled builds).
 */
#ifndef MOTCUA_PATHS_H
#define MOTCUA_PATHS_H

#include <stddef.h>

#include "motcua/error.h"

/* Default database path, creating its directory. explicit_path wins. */
mc_status mc_paths_db(const char *explicit_path, char *buf, size_t bufsz, mc_error *err);

/* Directory holding data/ and forms/ (no trailing slash). */
const char *mc_paths_datadir(void);

/* Join datadir and a relative path ("data/catalog-sample.csv"). */
void mc_paths_data_file(const char *rel, char *buf, size_t bufsz);

#endif
