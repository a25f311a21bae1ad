/*
 * Backup and restore of an office database (include/motcua/backup.h).
 * Files appear whole or not at all: a backup is written beside its name
 * and renamed into place; a restore first saves what it replaces.
 */
#include "motcua/oplog.h"
#include "motcua/backup.h"
#include "motcua/auth.h"
#include "motcua/clock.h"
#include "store_backup.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void sync_path(const char *path, bool dir)
{
	char buf[4096];
	snprintf(buf, sizeof buf, "%s", path);
	int fd = open(dir ? dirname(buf) : buf, O_RDONLY | (dir ? O_DIRECTORY : 0));
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

static mc_status backup_locked(mc_store *store, const char *path, size_t *bytes, mc_error *err)
{
	char tmp[4096];
	if (snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid()) >= (int)sizeof tmp)
		return mc_error_set(err, MC_EUSAGE, "file name too long: %s", path);
	unlink(tmp);
	mc_status st = store_backup_to(store, tmp, err);
	if (st == MC_OK) {
		sync_path(tmp, false);
		if (rename(tmp, path) != 0)
			st = mc_error_set(err, MC_ESYS, "cannot write %s: %s", path, strerror(errno));
	}
	if (st != MC_OK) {
		unlink(tmp);
		return st;
	}
	sync_path(path, true);
	struct stat sb;
	if (bytes)
		*bytes = stat(path, &sb) == 0 ? (size_t)sb.st_size : 0;
	return MC_OK;
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

mc_status mc_backup(mc_store *store, const char *path, size_t *bytes, mc_error *err)
{
	mc_status st = mc_auth_require(store, MC_ROLE_SUPERVISOR, "back up the database", err);
	if (st != MC_OK)
		return st;
	if (same_file(path, mc_store_path(store)))
		return mc_error_set(err, MC_EUSAGE, "%s is the database itself", path);
	st = backup_locked(store, path, bytes, err);
	if (st == MC_OK)
		mc_oplog(store, MC_OPLOG_OPS, "backup written to %s", path);
	else
		mc_oplog(store, MC_OPLOG_OPS_BAD, "backup to %s failed", path);
	return st;
}

/* The backup must be this office's (or this database must be blank). */
static mc_status same_office(mc_store *store, mc_store *src, const char *path, mc_error *err)
{
	mc_office here, there;
	mc_error e2 = {0};
	if (mc_store_office_get(src, &there, &e2) != MC_OK)
		return mc_error_set(err, MC_EDATA, "%s holds no office; nothing was restored", path);
	mc_status st = mc_store_office_get(store, &here, &e2);
	if (st == MC_ESYS) {
		*err = e2;
		return st;
	}
	if (st == MC_OK && strcmp(here.unit_code, there.unit_code) != 0)
		return mc_error_set(err, MC_EDATA,
				    "%s is the database of unit %s, but this one is unit %s; nothing "
				    "was restored (restore it into a new --db file instead)",
				    path, there.unit_code, here.unit_code);
	return MC_OK;
}

mc_status mc_restore(mc_store *store, const char *path, char *saved_path, size_t savedsz,
		     mc_error *err)
{
	if (saved_path && savedsz)
		saved_path[0] = '\0';
	mc_status st = mc_auth_require(store, MC_ROLE_ADMIN, "restore a backup", err);
	if (st != MC_OK)
		return st;
	if (same_file(path, mc_store_path(store)))
		return mc_error_set(err, MC_EUSAGE, "%s is the database itself", path);
	mc_store *src = NULL;
	int version = 0;
	if ((st = store_open_readonly(path, &src, &version, err)) != MC_OK)
		return mc_error_prefix(err, "restore");
	if (version == 0)
		st = mc_error_set(err, MC_EDATA, "%s is an empty database; nothing was restored",
				  path);
	if (st == MC_OK)
		st = store_sound(src, err);
	if (st == MC_OK)
		st = store_same_schema(src, version, err);
	if (st == MC_OK)
		st = same_office(store, src, path, err);
	char stamp[20], saved[4096];
	mc_clock_stamp(stamp);
	/* 2026-03-02 09:00:05 -> 20260302-090005 */
	snprintf(saved, sizeof saved, "%s.before-restore-%.4s%.2s%.2s-%.2s%.2s%.2s",
		 mc_store_path(store), stamp, stamp + 5, stamp + 8, stamp + 11, stamp + 14,
		 stamp + 17);
	if (st == MC_OK && (st = backup_locked(store, saved, NULL, err)) != MC_OK)
		mc_error_prefix(err, "saving the current content before the restore");
	if (st == MC_OK) {
		st = store_restore_from(store, src, err);
		if (st != MC_OK)
			mc_error_prefix(err, "the content before the restore is kept in %s", saved);
	}
	mc_store_close(src);
	if (st == MC_OK && saved_path)
		snprintf(saved_path, savedsz, "%s", saved);
	if (st == MC_OK)
		mc_oplog(store, MC_OPLOG_OPS, "database restored from %s (previous content in %s)",
			 path, saved);
	else
		mc_oplog(store, MC_OPLOG_OPS_BAD, "restore from %s failed, nothing changed", path);
	return st;
}
