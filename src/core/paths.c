/* Locating the database and the shipped data (see include/motcua/paths.h). */
#include "motcua/paths.h"
#include "motcua/privilege.h"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int mkdir_p(char *dir)
{
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		int r = mkdir(dir, 0770);
		*p = '/';
		if (r != 0 && errno != EEXIST)
			return -1;
	}
	return mkdir(dir, 0770) == 0 || errno == EEXIST ? 0 : -1;
}

mc_status mc_paths_db(const char *explicit_path, char *buf, size_t bufsz, mc_error *err)
{
	const char *env = mc_env("MOTCUA_DB");
	if (explicit_path && *explicit_path) {
		snprintf(buf, bufsz, "%s", explicit_path);
		return MC_OK;
	}
	if (env && *env) {
		snprintf(buf, bufsz, "%s", env);
		return MC_OK;
	}
	char dir[1024];
	const char *xdg = mc_env("XDG_DATA_HOME"), *home = mc_env("HOME");
	if (xdg && *xdg)
		snprintf(dir, sizeof dir, "%s/motcua", xdg);
	else if (home && *home)
		snprintf(dir, sizeof dir, "%s/.local/share/motcua", home);
	else
		return mc_error_set(err, MC_EUSAGE,
				    "no database given: use --db PATH or set MOTCUA_DB");
	if (mkdir_p(dir) != 0)
		return mc_error_set(err, MC_ESYS, "cannot create %s: %s", dir, strerror(errno));
	snprintf(buf, bufsz, "%s/motcua.db", dir);
	return MC_OK;
}

const char *mc_paths_datadir(void)
{
	const char *env = mc_env("MOTCUA_DATADIR");
	if (env && *env)
		return env;
	if (access(MOTCUA_INSTALLED_DATADIR "/forms", F_OK) == 0)
		return MOTCUA_INSTALLED_DATADIR;
	return MOTCUA_SOURCE_DIR;
}

void mc_paths_data_file(const char *rel, char *buf, size_t bufsz)
{
	snprintf(buf, bufsz, "%s/%s", mc_paths_datadir(), rel);
}
