/* Safe creation of the files people read (see include/motcua/safe_file.h). */
#include "motcua/safe_file.h"
#include "motcua/privilege.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

mc_status mc_safe_file_begin(mc_safe_file *sf, const char *path, mc_error *err)
{
	memset(sf, 0, sizeof *sf);
	if (strlen(path) + 8 >= sizeof sf->tmp)
		return mc_error_set(err, MC_EUSAGE, "%s: the name is too long", path);
	snprintf(sf->path, sizeof sf->path, "%s", path);
	snprintf(sf->tmp, sizeof sf->tmp, "%s.XXXXXX", path);
	/* mkostemp opens O_CREAT|O_EXCL: a new name, never a planted link. */
	mc_privilege_as_caller();
	int fd = mkostemp(sf->tmp, O_CLOEXEC);
	mc_privilege_resume();
	if (fd < 0)
		return mc_error_set(err, MC_ESYS, "cannot write %s: %s", path, strerror(errno));
	if (fchmod(fd, 0640) != 0 || !(sf->f = fdopen(fd, "wb"))) {
		int e = errno;
		close(fd);
		unlink(sf->tmp);
		return mc_error_set(err, MC_ESYS, "cannot write %s: %s", path, strerror(e));
	}
	return MC_OK;
}

mc_status mc_safe_file_commit(mc_safe_file *sf, mc_error *err)
{
	int e = 0;
	if (fflush(sf->f) != 0 || fsync(fileno(sf->f)) != 0)
		e = errno;
	if (fclose(sf->f) != 0 && !e)
		e = errno;
	sf->f = NULL;
	mc_privilege_as_caller();
	if (!e && rename(sf->tmp, sf->path) != 0)
		e = errno;
	mc_privilege_resume();
	if (e) {
		mc_privilege_as_caller();
		unlink(sf->tmp);
		mc_privilege_resume();
		return mc_error_set(err, MC_ESYS, "writing %s: %s; nothing was changed there",
				    sf->path, strerror(e));
	}
	return MC_OK;
}

void mc_safe_file_abort(mc_safe_file *sf)
{
	if (sf->f)
		fclose(sf->f);
	sf->f = NULL;
	if (sf->tmp[0]) {
		mc_privilege_as_caller();
		unlink(sf->tmp);
		mc_privilege_resume();
	}
}

static int make_one(const char *dir)
{
	if (mkdir(dir, 02770) != 0)
		return errno == EEXIST ? 0 : -1;
	/* The umask trimmed the mode: set it, so the next clerk can write too. */
	return chmod(dir, 02770);
}

mc_status mc_dir_make(const char *dir, mc_error *err)
{
	char tmp[4096];
	if (snprintf(tmp, sizeof tmp, "%s", dir) >= (int)sizeof tmp)
		return mc_error_set(err, MC_EUSAGE, "%s: the name is too long", dir);
	for (char *p = tmp + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (make_one(tmp) != 0)
				return mc_error_set(err, MC_ESYS, "cannot create %s: %s", tmp,
						    strerror(errno));
			*p = '/';
		}
	if (make_one(tmp) != 0)
		return mc_error_set(err, MC_ESYS, "cannot create %s: %s", tmp, strerror(errno));
	return MC_OK;
}
