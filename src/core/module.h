/*
 * Loading the core's optional parts (modules) with dlopen, so that a library
 * only some commands need is mapped only by the processes that use it: the
 * PDF printer (cairo), the password hasher (libcrypt), the sync checksum
 * (nettle) and the QR encoder (libqrencode). The counter screens start
 * faster and stay smaller without them.
 *
 * A module links none of the core. Its one exported function returns a
 * table that begins with a struct module_header; the loader refuses a
 * module whose ABI number or structure layout differs from what this build
 * expects, so a module left over from another build is reported instead of
 * crashing.
 *
 * Where modules are: $MOTCUA_MODULEDIR when set; else the build tree when
 * the executable runs from it (uninstalled runs and the tests); else the
 * installed module directory (libdir/motcua).
 */
#ifndef MOTCUA_MODULE_H
#define MOTCUA_MODULE_H

#include "motcua/error.h"

struct module_header {
	int abi;
	unsigned long layout;
};

/* What the loader needs to know about one module. */
struct module_spec {
	const char *file;      /* "password.so" */
	const char *entry;     /* its exported function */
	const char *what;      /* for messages: "the password module" */
	int abi;
	unsigned long layout;
};

/* The exported function of every module. */
typedef const struct module_header *(*module_entry)(void);

/* Loads the module and stores its table in *table. Returns the handle for
 * module_close (or NULL with err set). */
void *module_open(const struct module_spec *spec, const struct module_header **table,
		  mc_error *err);

/* The module's table, loaded on first use and kept for the life of the
 * process: *slot (initially NULL) holds it once loaded. NULL with err set
 * when it cannot be loaded (the next call tries again). */
const struct module_header *module_keep(const struct module_spec *spec,
					const struct module_header **slot, mc_error *err);

/* Unmaps a module (and the libraries only it needed) once its work is done. */
void module_close(void *handle);

#endif
