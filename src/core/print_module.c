/*
 * mc_print_pdf as the core sees it: loads the PDF/PostScript printer
 * module (print_pdf.c, linked against cairo and FreeType) with dlopen the
 * first time a PDF or PostScript is printed, and keeps it loaded for the
 * rest of the process. Every other process - the counter screens above
 * all - never maps cairo and its dozen dependencies, which used to be a
 * third of the TUI's resident memory and a good part of its start-up.
 *
 * Where the module is: $MOTCUA_MODULEDIR when set; else the build tree
 * when this executable runs from it (uninstalled runs and the tests);
 * else the installed module directory (libdir/motcua).
 */
#include "motcua/print.h"
#include "print_module.h"

#include "config.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct print_host host = {
	.error_set = mc_error_set,
	.wrap = print_wrap,
	.qr_encode = mc_qr_encode,
	.qr_free = mc_qr_free,
};

static const struct print_module *loaded;

/* True when the running executable lies inside the build tree. */
static bool running_uninstalled(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	size_t bl = strlen(MOTCUA_BUILD_DIR);
	return strncmp(exe, MOTCUA_BUILD_DIR, bl) == 0 && exe[bl] == '/';
}

static void module_path(char *buf, size_t bufsz)
{
	const char *dir = getenv("MOTCUA_MODULEDIR");
	if (!dir || !*dir)
		dir = running_uninstalled() ? MOTCUA_BUILD_MODULEDIR : MOTCUA_MODULEDIR;
	snprintf(buf, bufsz, "%s/%s", dir, PRINT_MODULE_FILE);
}

static mc_status load(mc_error *err)
{
	if (loaded)
		return MC_OK;
	char path[PATH_MAX + 32];
	module_path(path, sizeof path);
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		/* dlerror() usually starts with the path again. */
		const char *why = dlerror();
		size_t pl = strlen(path);
		if (why && strncmp(why, path, pl) == 0 && strncmp(why + pl, ": ", 2) == 0)
			why += pl + 2;
		return mc_error_set(err, MC_ESYS, "cannot load the PDF printer module %s: %s "
				    "(reinstall motcua, or set MOTCUA_MODULEDIR to the directory "
				    "that holds %s)", path, why ? why : "unknown error",
				    PRINT_MODULE_FILE);
	}
	print_module_entry entry;
	/* POSIX: a data pointer from dlsym converts to a function pointer. */
	*(void **)&entry = dlsym(h, PRINT_MODULE_ENTRY);
	const struct print_module *m = entry ? entry() : NULL;
	if (!m || m->abi != PRINT_MODULE_ABI || m->layout != PRINT_MODULE_LAYOUT) {
		dlclose(h);
		return mc_error_set(err, MC_ESYS, "the PDF printer module %s belongs to another "
				    "build of motcua (reinstall motcua, or set MOTCUA_MODULEDIR)",
				    path);
	}
	loaded = m;   /* the handle stays open for the life of the process */
	return MC_OK;
}

mc_status mc_print_pdf(const mc_print_doc *doc, mc_print_format format, FILE *out,
		       mc_error *err)
{
	if (format != MC_PRINT_PDF && format != MC_PRINT_PS)
		return mc_error_set(err, MC_EUSAGE, "mc_print_pdf: format must be PDF or PS");
	mc_status st = load(err);
	if (st != MC_OK)
		return st;
	return loaded->render(&host, doc, format, out, err);
}
