/*
 * Sync between offline offices and the province (include/motcua/sync.h,
 * docs/sync.md). This file decides who may do what and whether a bundle
 * belongs here; the bundle format is sync_bundle.c, capture is store_sync.c
 * and applying is store_sync_apply.c / store_sync_rows.c.
 *
 * Design, in short:
 * - Capture: SQLite's session extension. An export diffs the live tables
 *   against what the peer was already sent (rebuilt from the bundles kept
 *   in sync_out) with sqlite3session_diff(); the changeset is the payload.
 * - Bundle: a text header (magic, format version, kind, unit, peer,
 *   sequence, schema, column names, length, SHA-256 over header and
 *   payload) and the changeset. Sequence numbers run per (sender, peer).
 * - Apply: never raw (local ids collide across offices); each change is
 *   applied by natural key: dossier code, event uid (unit/local id, schema
 *   step 4), procedure code, holiday day.
 * - Direction: an office (the default role) sends its dossiers, documents
 *   and history to the province; a database set to the province role
 *   holds many offices' dossiers side by side and sends its catalog and
 *   holiday table to each office.
 * - Refusals are whole: not a bundle, another format version, damaged,
 *   for another database, from a newer schema, a gap in the sequence, or
 *   a known sequence number with other content. The same bundle again is
 *   "already applied, nothing changed".
 * - Conflicts: the rule is in store_sync_apply.c and docs/sync.md; every
 *   decision is listed in the report and kept in sync_conflicts.
 */
#include "sync_internal.h"
#include "store_chain.h"

#include "motcua/oplog.h"
#include "motcua/auth.h"
#include "motcua/clock.h"
#include "motcua/csv.h"
#include "motcua/dossier.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int *sync_count(mc_sync_counts *c, const char *table, const char *which)
{
	int i = 0;
	while (i < c->ntables && strcmp(c->t[i].table, table) != 0)
		i++;
	if (i == c->ntables) {
		if (i == MC_SYNC_MAX_TABLES)
			return NULL;
		memset(&c->t[i], 0, sizeof c->t[i]);
		snprintf(c->t[i].table, sizeof c->t[i].table, "%s", table);
		c->ntables++;
	}
	mc_sync_count *t = &c->t[i];
	return strcmp(which, "added") == 0 ? &t->added
	       : strcmp(which, "updated") == 0 ? &t->updated
	       : strcmp(which, "deleted") == 0 ? &t->deleted
	       : strcmp(which, "unchanged") == 0 ? &t->unchanged : &t->skipped;
}

mc_status mc_sync_role_get(mc_store *store, mc_sync_role *out, mc_error *err)
{
	char buf[32];
	mc_status st = mc_store_setting_get(store, "sync.role", buf, sizeof buf, err);
	if (st != MC_OK && st != MC_EEMPTY)
		return st;
	*out = st == MC_OK && strcmp(buf, "province") == 0 ? MC_SYNC_PROVINCE : MC_SYNC_OFFICE;
	return MC_OK;
}

mc_status mc_sync_role_set(mc_store *store, mc_sync_role role, mc_error *err)
{
	return mc_store_setting_set(store, "sync.role",
				    role == MC_SYNC_PROVINCE ? "province" : "office", err);
}

static const char *actor_name(mc_store *store)
{
	const char *name;
	return mc_auth_actor(store, &name, NULL) ? name : "local admin";
}

/* Write bytes to path whole or not at all: a temporary file beside it,
 * synced, then renamed over it. */
mc_status sync_write_atomic(const char *path, const unsigned char *p, size_t n, mc_error *err)
{
	char tmp[4096];
	if (snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path) >= (int)sizeof tmp)
		return mc_error_set(err, MC_EUSAGE, "file name too long: %s", path);
	int fd = mkstemp(tmp);
	if (fd < 0)
		return mc_error_set(err, MC_ESYS, "cannot create %s: %s", path, strerror(errno));
	fchmod(fd, 0640);
	size_t off = 0;
	while (off < n) {
		ssize_t w = write(fd, p + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	int e = off == n ? 0 : errno ? errno : EIO;
	if (!e && fsync(fd) != 0)
		e = errno;
	if (close(fd) != 0 && !e)
		e = errno;
	if (!e && rename(tmp, path) != 0)
		e = errno;
	if (e) {
		unlink(tmp);
		return mc_error_set(err, MC_ESYS, "cannot write %s: %s%s", path, strerror(e),
				    e == ENOSPC ? " (the disk is full)" : "");
	}
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", path);
	int dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return MC_OK;
}

/* The bundle in its signed envelope (sync_sign.c), whole or not at all. */
static mc_status write_signed(mc_store *store, const char *path, const unsigned char *b, size_t n,
			      mc_error *err)
{
	unsigned char *signed_bytes = NULL;
	size_t sn = 0;
	mc_status st = sync_sign_wrap(store, b, n, &signed_bytes, &sn, err);
	if (st == MC_OK)
		st = sync_write_atomic(path, signed_bytes, sn, err);
	free(signed_bytes);
	return st;
}

/* The peer an export goes to, and the kind it carries. */
static mc_status export_target(mc_store *store, const mc_office *office, const char *peer,
			       sync_bundle *hdr, mc_error *err)
{
	mc_sync_role role;
	mc_status st = mc_sync_role_get(store, &role, err);
	if (st != MC_OK)
		return st;
	snprintf(hdr->unit, sizeof hdr->unit, "%s", office->unit_code);
	if (role == MC_SYNC_PROVINCE) {
		snprintf(hdr->kind, sizeof hdr->kind, "reference");
		if (!peer || !*peer)
			return mc_error_set(err, MC_EUSAGE,
					    "this is the province's database: name the office to "
					    "export the catalog and holidays to (--peer UNIT)");
		if (!mc_unit_code_valid(peer) || strlen(peer) >= sizeof hdr->peer)
			return mc_error_set(err, MC_EUSAGE,
					    "--peer \"%s\" is not a unit code like 000.17.22.H56", peer);
		if (strcmp(peer, office->unit_code) == 0)
			return mc_error_set(err, MC_EUSAGE, "--peer %s is this database itself", peer);
		snprintf(hdr->peer, sizeof hdr->peer, "%s", peer);
		return MC_OK;
	}
	snprintf(hdr->kind, sizeof hdr->kind, "dossiers");
	char def[64] = "province";
	if ((!peer || !*peer) &&
	    (st = mc_store_setting_get(store, "sync.peer", def, sizeof def, err)) != MC_OK &&
	    st != MC_EEMPTY)
		return st;
	const char *p = peer && *peer ? peer : def;
	if (strcmp(p, "province") != 0 && (!mc_unit_code_valid(p) || strlen(p) >= sizeof hdr->peer))
		return mc_error_set(err, MC_EUSAGE,
				    "--peer \"%s\" must be \"province\" or the province's unit code", p);
	snprintf(hdr->peer, sizeof hdr->peer, "%s", p);
	return MC_OK;
}

static void fill_info(mc_sync_export_info *info, const sync_bundle *b, size_t bytes)
{
	snprintf(info->kind, sizeof info->kind, "%s", b->kind);
	snprintf(info->peer, sizeof info->peer, "%s", b->peer);
	info->seq = b->seq;
	info->bytes = bytes;
}

mc_status mc_sync_export(mc_store *store, const char *peer, const char *out_path,
			 mc_sync_export_info *info, mc_error *err)
{
	memset(info, 0, sizeof *info);
	mc_status st = mc_auth_require(store, MC_ROLE_SUPERVISOR, "export sync bundles", err);
	mc_office office;
	if (st != MC_OK || (st = mc_store_office_get(store, &office, err)) != MC_OK)
		return st;
	sync_bundle hdr = {0};
	if ((st = export_target(store, &office, peer, &hdr, err)) != MC_OK)
		return st;
	const char *const *tables = strcmp(hdr.kind, "dossiers") == 0 ? sync_dossier_tables
								      : sync_reference_tables;
	unsigned char *bytes = NULL;
	size_t n = 0;
	st = store_sync_export(store, &hdr, tables, actor_name(store), &bytes, &n, &info->counts,
			       err);
	if (st != MC_OK)
		return st;
	fill_info(info, &hdr, n);
	st = write_signed(store, out_path, bytes, n, err);
	free(bytes);
	mc_oplog(store, st == MC_OK ? MC_OPLOG_OPS : MC_OPLOG_OPS_BAD,
		 "sync bundle %lld for %s %s %s", (long long)hdr.seq, hdr.peer,
		 st == MC_OK ? "exported to" : "recorded but not written to", out_path);
	if (st != MC_OK)
		mc_error_prefix(err, "bundle %lld to %s was recorded, but the file was not written; "
				"write it with 'motcua sync export --again %lld --out FILE'",
				(long long)hdr.seq, hdr.peer, (long long)hdr.seq);
	return st;
}

mc_status mc_sync_export_recover(mc_store *store, const char *peer, const char *out_path,
				 mc_sync_export_info *info, mc_error *err)
{
	memset(info, 0, sizeof *info);
	mc_status st = mc_auth_require(store, MC_ROLE_SUPERVISOR, "export sync bundles", err);
	mc_office office;
	if (st != MC_OK || (st = mc_store_office_get(store, &office, err)) != MC_OK)
		return st;
	sync_bundle hdr = {0};
	if ((st = export_target(store, &office, peer, &hdr, err)) != MC_OK)
		return st;
	if (strcmp(hdr.kind, "reference") != 0)
		return mc_error_set(err, MC_EUSAGE,
				    "--recover is for the province's database: it gives an office "
				    "its dossiers back");
	snprintf(hdr.kind, sizeof hdr.kind, "recovery");
	mc_clock_stamp(hdr.created);
	hdr.schema = mc_store_schema_version();
	unsigned char *bytes = NULL;
	size_t n = 0;
	if ((st = store_sync_recover_export(store, &hdr, &bytes, &n, &info->counts, err)) != MC_OK)
		return st;
	fill_info(info, &hdr, n);
	st = write_signed(store, out_path, bytes, n, err);
	free(bytes);
	/* The office puts its history back from this bundle and chains it anew:
	 * its next bundle starts a new chain here (an admin's explicit act). */
	if (st == MC_OK)
		st = store_chain_peer_forget(store, hdr.peer, err);
	return st;
}

mc_status mc_sync_export_again(mc_store *store, const char *peer, int64_t seq,
			       const char *out_path, mc_sync_export_info *info, mc_error *err)
{
	memset(info, 0, sizeof *info);
	mc_status st = mc_auth_require(store, MC_ROLE_SUPERVISOR, "export sync bundles", err);
	mc_office office;
	if (st != MC_OK || (st = mc_store_office_get(store, &office, err)) != MC_OK)
		return st;
	sync_bundle hdr = {0};
	if ((st = export_target(store, &office, peer, &hdr, err)) != MC_OK)
		return st;
	unsigned char *bytes = NULL;
	size_t n = 0;
	if ((st = store_sync_again(store, hdr.peer, seq, &bytes, &n, err)) != MC_OK)
		return st;
	sync_bundle b;
	if ((st = sync_bundle_parse(bytes, n, "the kept bundle", &b, err)) == MC_OK) {
		fill_info(info, &b, n);
		sync_bundle_free(&b);
		st = write_signed(store, out_path, bytes, n, err);
	}
	free(bytes);
	return st;
}

/* Whether a verified bundle is meant for this database. */
static mc_status check_addressee(mc_store *store, const sync_bundle *b, const char *name,
				 const mc_office *office, mc_error *err)
{
	mc_sync_role role;
	mc_status st = mc_sync_role_get(store, &role, err);
	if (st != MC_OK)
		return st;
	if (b->schema > mc_store_schema_version())
		return mc_error_set(err, MC_EDATA,
				    "%s was made by a newer motcua (schema %d; this one knows %d): "
				    "upgrade motcua here first; nothing was applied",
				    name, b->schema, mc_store_schema_version());
	if (strcmp(b->unit, office->unit_code) == 0)
		return mc_error_set(err, MC_EDATA,
				    "%s was exported by this very database (unit %s); nothing was "
				    "applied", name, b->unit);
	if (strcmp(b->kind, "recovery") == 0) {
		if (role == MC_SYNC_PROVINCE)
			return mc_error_set(err, MC_EDATA,
					    "%s gives office %s its dossiers back, but this database "
					    "is the province's; nothing was applied", name, b->peer);
		if (strcmp(b->peer, office->unit_code) != 0)
			return mc_error_set(err, MC_EDATA,
					    "%s is a foreign bundle: it is addressed to %s, and this "
					    "database is %s; nothing was applied", name, b->peer,
					    office->unit_code);
		return MC_OK;
	}
	bool dossiers = strcmp(b->kind, "dossiers") == 0;
	if (dossiers && role != MC_SYNC_PROVINCE)
		return mc_error_set(err, MC_EDATA,
				    "%s carries the dossiers of office %s, but this database is an "
				    "office (unit %s): dossier bundles are imported at the province "
				    "(a provincial database is set up with 'motcua sync role "
				    "province'); nothing was applied", name, b->unit,
				    office->unit_code);
	if (!dossiers && role == MC_SYNC_PROVINCE)
		return mc_error_set(err, MC_EDATA,
				    "%s carries reference data for an office, but this database is "
				    "the province's; nothing was applied", name);
	bool mine = strcmp(b->peer, office->unit_code) == 0 ||
		    (dossiers && strcmp(b->peer, "province") == 0);
	if (!mine)
		return mc_error_set(err, MC_EDATA,
				    "%s is a foreign bundle: it is addressed to %s, and this database "
				    "is %s; nothing was applied", name, b->peer, office->unit_code);
	return MC_OK;
}

mc_status mc_sync_import_buffer(mc_store *store, const void *buf, size_t len, const char *name,
				mc_sync_report *rep, mc_error *err)
{
	memset(rep, 0, sizeof *rep);
	mc_status st = mc_auth_require(store, MC_ROLE_ADMIN, "import sync bundles", err);
	if (st != MC_OK)
		return st;
	/* Signed by a key enrolled for the sending unit, or not at all. */
	const unsigned char *inner;
	size_t inner_len;
	char key[65];
	if ((st = sync_sign_unwrap(buf, len, name, &inner, &inner_len, key, err)) != MC_OK)
		return st;
	sync_bundle b;
	if ((st = sync_bundle_parse(inner, inner_len, name, &b, err)) != MC_OK)
		return st;
	if ((st = sync_changeset_check(&b, name, err)) != MC_OK) {
		sync_bundle_free(&b);
		return st;
	}
	snprintf(rep->kind, sizeof rep->kind, "%s", b.kind);
	snprintf(rep->unit, sizeof rep->unit, "%s", b.unit);
	rep->seq = b.seq;
	mc_office office;
	if ((st = mc_store_office_get(store, &office, err)) == MC_OK &&
	    (st = check_addressee(store, &b, name, &office, err)) == MC_OK &&
	    (st = sync_sign_check_trust(store, b.unit, key, name, err)) == MC_OK &&
	    (st = sync_check_units(&b, strcmp(b.kind, "recovery") == 0 ? office.unit_code : b.unit,
				   name, err)) == MC_OK) {
		if (strcmp(b.kind, "recovery") != 0) {
			st = store_sync_apply(store, &b, actor_name(store), rep, err);
		} else {
			/* Resume with the peer the office's exports go to. */
			sync_bundle to = {0};
			if ((st = export_target(store, &office, NULL, &to, err)) == MC_OK)
				st = store_sync_recover_apply(store, &b, to.peer, rep, err);
		}
	}
	sync_bundle_free(&b);
	if (st == MC_OK)
		mc_oplog(store, MC_OPLOG_OPS, "sync bundle %lld of %s (%s) imported from %s",
			 (long long)rep->seq, rep->unit, rep->kind, name);
	else
		mc_oplog(store, MC_OPLOG_OPS_BAD, "sync bundle %s refused, nothing changed", name);
	if (st != MC_OK) {
		mc_sync_report_free(rep);
		rep->counts.ntables = 0;
	}
	return st;
}

mc_status sync_file_header(const char *path, sync_bundle *out, mc_error *err)
{
	memset(out, 0, sizeof *out);
	char *buf;
	size_t len;
	mc_status st = mc_file_read(path, &buf, &len, err);
	if (st != MC_OK)
		return st;
	/* A bundle file is the signed envelope: a whole, untouched one (its
	 * signature holds) before its header is read. */
	sync_bundle b;
	const unsigned char *inner = NULL;
	size_t inner_len = 0;
	char key[65];
	if ((st = sync_sign_unwrap((const unsigned char *)buf, len, path, &inner, &inner_len, key,
				   err)) == MC_OK &&
	    (st = sync_bundle_parse(inner, inner_len, path, &b, err)) == MC_OK) {
		out->version = b.version;
		out->schema = b.schema;
		out->seq = b.seq;
		memcpy(out->kind, b.kind, sizeof out->kind);
		memcpy(out->unit, b.unit, sizeof out->unit);
		memcpy(out->peer, b.peer, sizeof out->peer);
		memcpy(out->created, b.created, sizeof out->created);
		memcpy(out->sha256, b.sha256, sizeof out->sha256);
		sync_bundle_free(&b);
	}
	free(buf);
	return st;
}

mc_status mc_sync_import(mc_store *store, const char *path, mc_sync_report *rep, mc_error *err)
{
	memset(rep, 0, sizeof *rep);
	mc_status st = mc_auth_require(store, MC_ROLE_ADMIN, "import sync bundles", err);
	char *buf;
	size_t len;
	if (st != MC_OK || (st = mc_file_read_max(path, MC_SYNC_MAX_BUNDLE, &buf, &len, err)) != MC_OK)
		return st;
	st = mc_sync_import_buffer(store, buf, len, path, rep, err);
	free(buf);
	return st;
}

void mc_sync_report_free(mc_sync_report *r)
{
	for (size_t i = 0; i < r->nconflicts; i++)
		free(r->conflicts[i]);
	free(r->conflicts);
	r->conflicts = NULL;
	r->nconflicts = 0;
}

mc_status mc_sync_log(mc_store *store, mc_sync_log_cb cb, void *ctx, mc_error *err)
{
	return store_sync_log(store, cb, ctx, err);
}
