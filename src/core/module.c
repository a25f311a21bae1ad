/*
 * dlopen of the core's modules (see module.h): finding the file, checking
 * that it belongs to this build, and naming the path and the reason when
 * it cannot be loaded.
 */
#include "module.h"
#include "motcua/privilege.h"

#include "config.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* True when the running executable lies inside the build tree. */
static bool running_uninstalled(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	size_t bl = strlen(MOTCUA_BUILD_DIR);
	if (bl == 0)  /* built without build paths (a package) */
		return false;
	return strncmp(exe, MOTCUA_BUILD_DIR, bl) == 0 && exe[bl] == '/';
}

static void module_path(const char *file, char *buf, size_t bufsz)
{
	const char *dir = mc_env("MOTCUA_MODULEDIR");
	if (!dir || !*dir)
		dir = running_uninstalled() ? MOTCUA_BUILD_MODULEDIR : MOTCUA_MODULEDIR;
	snprintf(buf, bufsz, "%s/%s", dir, file);
}

void *module_open(const struct module_spec *spec, const struct module_header **table,
		  mc_error *err)
{
	*table = NULL;
	char path[PATH_MAX + 32];
	module_path(spec->file, path, sizeof path);
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		/* dlerror() usually starts with the path again. */
		const char *why = dlerror();
		size_t pl = strlen(path);
		if (why && strncmp(why, path, pl) == 0 && strncmp(why + pl, ": ", 2) == 0)
			why += pl + 2;
		mc_error_set(err, MC_ESYS, "cannot load %s %s: %s (reinstall motcua, or set "
			     "MOTCUA_MODULEDIR to the directory that holds %s)", spec->what, path,
			     why ? why : "unknown error", spec->file);
		return NULL;
	}
	module_entry entry;
	/* POSIX: a data pointer from dlsym converts to a function pointer. */
	*(void **)&entry = dlsym(h, spec->entry);
	const struct module_header *m = entry ? entry() : NULL;
	if (!m || m->abi != spec->abi || m->layout != spec->layout) {
		dlclose(h);
		mc_error_set(err, MC_ESYS, "%s %s belongs to another build of motcua "
			     "(reinstall motcua, or set MOTCUA_MODULEDIR)", spec->what, path);
		return NULL;
	}
	*table = m;
	return h;
}

const struct module_header *module_keep(const struct module_spec *spec,
					const struct module_header **slot, mc_error *err)
{
	if (!*slot)
		module_open(spec, slot, err);   /* the handle stays open */
	return *slot;
}

void module_close(void *handle)
{
	if (handle)
		dlclose(handle);
}
