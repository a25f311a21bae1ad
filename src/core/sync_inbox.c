/*
 * sync inbox: the province applies every bundle waiting in a directory
 * (filled by sync send, a mail robot or by hand), each sending unit's in
 * sequence order. Run from a systemd path unit or timer, so two runs may
 * overlap: an exclusive lock on DIR/.motcua-inbox.lock makes the second
 * wait for the first. Applied bundles move to DIR/applied/; a refused one
 * stays where it is with its message in NAME.error and is tried again on
 * every run, so a bundle that arrived before the one filling its gap, or
 * whose copy was still arriving, goes in without hand work.
 */
#include "sync_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

struct waiting {
	char *name;
	char unit[40];
	int64_t seq;
	bool readable;       /* header parsed: sorted by unit and sequence */
};

static int by_sequence(const void *a, const void *b)
{
	const struct waiting *x = a, *y = b;
	if (x->readable != y->readable)
		return x->readable ? -1 : 1;
	int c = strcmp(x->unit, y->unit);
	if (c)
		return c;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return strcmp(x->name, y->name);
}

static bool is_bundle_name(const char *n)
{
	size_t len = strlen(n);
	return n[0] != '.' && len > 7 && strcmp(n + len - 7, ".bundle") == 0;
}

static void free_list(struct waiting *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(w[i].name);
	free(w);
}

/* The *.bundle files of dir with their sender and sequence, if readable. */
static mc_status list_waiting(const char *dir, struct waiting **out, size_t *nout, mc_error *err)
{
	*out = NULL;
	*nout = 0;
	DIR *d = opendir(dir);
	if (!d)
		return mc_error_set(err, errno == ENOENT ? MC_EUSAGE : MC_ESYS,
				    "cannot read the inbox %s: %s", dir, strerror(errno));
	struct waiting *w = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	mc_status st = MC_OK;
	while ((e = readdir(d))) {
		if (!is_bundle_name(e->d_name))
			continue;
		char path[4096];
		struct stat sb;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			struct waiting *nw = realloc(w, cap * sizeof *w);
			if (!nw) {
				st = mc_error_set(err, MC_ESYS, "out of memory");
				break;
			}
			w = nw;
		}
		memset(&w[n], 0, sizeof w[n]);
		if (!(w[n].name = strdup(e->d_name))) {
			st = mc_error_set(err, MC_ESYS, "out of memory");
			break;
		}
		mc_error ignored = {0};
		sync_bundle b;
		if (sync_file_header(path, &b, &ignored) == MC_OK) {
			snprintf(w[n].unit, sizeof w[n].unit, "%s", b.unit);
			w[n].seq = b.seq;
			w[n].readable = true;
		}
		n++;
	}
	closedir(d);
	if (st != MC_OK) {
		free_list(w, n);
		return st;
	}
	if (n)
		qsort(w, n, sizeof *w, by_sequence);
	*out = w;
	*nout = n;
	return MC_OK;
}

/* NAME.error beside the bundle, whole or not at all. */
static void write_error(const char *dir, const char *name, const char *msg)
{
	char path[4096], tmp[4200];
	snprintf(path, sizeof path, "%s/%s.error", dir, name);
	snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0)
		return;
	fchmod(fd, 0640);
	size_t n = strlen(msg);
	bool ok = write(fd, msg, n) == (ssize_t)n && write(fd, "\n", 1) == 1;
	if (close(fd) != 0 || !ok || rename(tmp, path) != 0)
		unlink(tmp);
}

static mc_status move_aside(const char *dir, const char *name, mc_error *err)
{
	char applied[4096], from[4096], to[4200], errfile[4200];
	snprintf(applied, sizeof applied, "%s/applied", dir);
	if (mkdir(applied, 0750) != 0 && errno != EEXIST)
		return mc_error_set(err, MC_ESYS, "cannot create %s: %s", applied, strerror(errno));
	snprintf(from, sizeof from, "%s/%s", dir, name);
	snprintf(to, sizeof to, "%s/%s", applied, name);
	if (rename(from, to) != 0)
		return mc_error_set(err, MC_ESYS, "%s was applied but cannot be moved to %s: %s",
				    from, applied, strerror(errno));
	snprintf(errfile, sizeof errfile, "%s.error", from);
	unlink(errfile);
	return MC_OK;
}

mc_status mc_sync_inbox(mc_store *store, const char *dir, mc_sync_inbox_cb cb, void *ctx,
			int *applied, int *refused, mc_error *err)
{
	*applied = *refused = 0;
	char lock[4096];
	snprintf(lock, sizeof lock, "%s/.motcua-inbox.lock", dir);
	int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0660);
	if (fd < 0)
		return mc_error_set(err, errno == ENOENT ? MC_EUSAGE : MC_ESYS,
				    "cannot lock the inbox %s: %s", dir, strerror(errno));
	while (flock(fd, LOCK_EX) != 0)
		if (errno != EINTR) {
			close(fd);
			return mc_error_set(err, MC_ESYS, "cannot lock %s: %s", lock,
					    strerror(errno));
		}
	struct waiting *w;
	size_t n;
	mc_status st = list_waiting(dir, &w, &n, err);
	if (st == MC_OK && n == 0)
		st = mc_error_set(err, MC_EEMPTY, "no bundle waits in %s", dir);
	for (size_t i = 0; st == MC_OK && i < n; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, w[i].name);
		mc_sync_report rep;
		mc_error e = {0};
		mc_status r = mc_sync_import(store, path, &rep, &e);
		mc_sync_inbox_entry ent = {.name = w[i].name, .status = r};
		if (r == MC_OK) {
			st = move_aside(dir, w[i].name, err);
			ent.rep = &rep;
			if (st == MC_OK) {
				++*applied;
				if (cb)
					cb(&ent, ctx);
			}
			mc_sync_report_free(&rep);
		} else if (r == MC_EDATA || r == MC_EUSAGE) {
			write_error(dir, w[i].name, e.msg);
			++*refused;
			ent.message = e.msg;
			if (cb)
				cb(&ent, ctx);
		} else {
			/* The database, the disk: the rest waits for the next run. */
			*err = e;
			st = r;
		}
	}
	free_list(w, n);
	close(fd);
	return st;
}
