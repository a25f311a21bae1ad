/*
 * Offline offices and the province: sync bundles (docs/sync.md).
 *
 * An office works offline for days; now and then it exports a bundle (a
 * file carried on a stick or sent by mail) holding what changed in its
 * dossiers since its last export to that peer, captured with SQLite's
 * session extension. The province imports the bundles of many offices into
 * one database, where their dossiers sit side by side. The other way, the
 * province exports its catalog and holiday table to each office.
 *
 * A bundle carries a header (unit, peer, sequence number, length and
 * SHA-256) and is applied whole or not at all: a damaged, foreign or
 * out-of-sequence bundle is refused with a message naming which; the same
 * bundle twice changes nothing; bundles of different offices apply in any
 * order with the same result. Conflicts follow one rule (docs/sync.md) and
 * are listed in the report and kept in the database.
 */
#ifndef MOTCUA_SYNC_H
#define MOTCUA_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "motcua/error.h"
#include "motcua/store.h"

/* An office sends its dossiers; the province sends reference data. */
typedef enum mc_sync_role { MC_SYNC_OFFICE, MC_SYNC_PROVINCE } mc_sync_role;

/* The role is a setting of the database (office by default). Setting it
 * is an admin action. */
mc_status mc_sync_role_get(mc_store *store, mc_sync_role *out, mc_error *err);
mc_status mc_sync_role_set(mc_store *store, mc_sync_role role, mc_error *err);

#define MC_SYNC_MAX_TABLES 12
#define MC_SYNC_MAX_CONFLICTS_SHOWN 1000
/* A bundle file larger than this is refused before it is read (256 MiB:
 * years of one office's dossiers). */
#define MC_SYNC_MAX_BUNDLE ((size_t)256 << 20)

/* Rows a bundle changed (or, for an export, carries), per table. */
typedef struct mc_sync_count {
	char table[40];
	int added, updated, deleted, unchanged, skipped;
} mc_sync_count;

typedef struct mc_sync_counts {
	int ntables;
	mc_sync_count t[MC_SYNC_MAX_TABLES];
} mc_sync_counts;

typedef struct mc_sync_export_info {
	char kind[16];          /* "dossiers" or "reference" */
	char peer[64];
	int64_t seq;
	size_t bytes;           /* size of the bundle file */
	mc_sync_counts counts;  /* rows the bundle carries */
} mc_sync_export_info;

/* Export what changed since the last export to peer and write it to
 * out_path (written to a temporary file, synced, then renamed into place).
 * An office exports its dossiers; peer NULL means the setting sync.peer,
 * else "province". A province exports its catalog and holidays to the
 * office whose unit code is peer (required). MC_EEMPTY, writing nothing,
 * when nothing changed. Supervisor or admin. */
mc_status mc_sync_export(mc_store *store, const char *peer, const char *out_path,
			 mc_sync_export_info *info, mc_error *err);

/* At the province: a "recovery" bundle giving office peer all its own
 * dossiers, documents and events back under the office's own ids (docs/
 * sync.md, Recovery); imported at the office, syncing resumes after the
 * last bundle the province applied. Not kept in sync_out. MC_EEMPTY when
 * nothing of that office was ever applied here. Supervisor or admin. */
mc_status mc_sync_export_recover(mc_store *store, const char *peer, const char *out_path,
				 mc_sync_export_info *info, mc_error *err);

/* Write bundle seq to peer again, byte for byte (a lost stick). */
mc_status mc_sync_export_again(mc_store *store, const char *peer, int64_t seq,
			       const char *out_path, mc_sync_export_info *info, mc_error *err);

typedef struct mc_sync_report {
	char kind[16];
	char unit[40];          /* the sending unit */
	int64_t seq;
	bool already_applied;   /* same bundle again: nothing changed */
	mc_sync_counts counts;
	size_t nconflicts;
	char **conflicts;       /* "subject: what the rule decided", malloc'd */
} mc_sync_report;

void mc_sync_report_free(mc_sync_report *r);

/* Import a bundle file / buffer (name is used in messages). Admin only.
 * Checked whole before anything is written: not a bundle, wrong format
 * version, damaged (length or checksum), for another database, from a
 * newer schema, out of sequence ("expected 3, got 5") or an already
 * applied sequence number with different content are MC_EDATA and change
 * nothing. An already applied bundle is MC_OK with already_applied set. */
mc_status mc_sync_import(mc_store *store, const char *path, mc_sync_report *rep, mc_error *err);
mc_status mc_sync_import_buffer(mc_store *store, const void *buf, size_t len, const char *name,
				mc_sync_report *rep, mc_error *err);

/* Bundles exported and applied, oldest first. dir is "out" or "in". */
typedef struct mc_sync_log_entry {
	char dir[4];
	char kind[16];
	char unit_or_peer[64];
	int64_t seq;
	char at[20];
	char by[64];
	char summary[512];
} mc_sync_log_entry;

typedef int (*mc_sync_log_cb)(const mc_sync_log_entry *e, void *ctx);
mc_status mc_sync_log(mc_store *store, mc_sync_log_cb cb, void *ctx, mc_error *err);

/* Copy a bundle file to USER@HOST:DIR with OpenSSH's scp (argument list,
 * no shell). The file is checked to be a whole bundle first. MC_EUSAGE for
 * a destination that is not [USER@]HOST:DIR, MC_EDATA for a file that is
 * not a bundle, MC_ESYS when scp cannot run or fails. */
mc_status mc_sync_send(const char *path, const char *to, mc_error *err);

/* One bundle file of an inbox, as it was handled. */
typedef struct mc_sync_inbox_entry {
	const char *name;            /* file name within the inbox */
	mc_status status;            /* MC_OK: applied (or already applied) and moved aside */
	const mc_sync_report *rep;   /* when MC_OK */
	const char *message;         /* the refusal, also in NAME.error, when not MC_OK */
} mc_sync_inbox_entry;

typedef void (*mc_sync_inbox_cb)(const mc_sync_inbox_entry *e, void *ctx);

/* Apply every *.bundle waiting in dir, each sending unit's in sequence
 * order, under an exclusive lock on dir/.motcua-inbox.lock (a second run
 * waits for the first). Applied ones move to dir/applied/; a refused one
 * stays with the message in NAME.error and is tried again on the next run
 * (a gap filled meanwhile, a transfer finished). *applied and *refused
 * count them. MC_EEMPTY when no bundle waits; MC_ESYS stops the run. */
mc_status mc_sync_inbox(mc_store *store, const char *dir, mc_sync_inbox_cb cb, void *ctx,
			int *applied, int *refused, mc_error *err);

/* Signed bundles (docs/sync.md). This database's public key, made on first
 * use: unit, 64 hex digits, and the fingerprint read aloud between sites. */
typedef struct mc_sync_key {
	char unit[40];
	char public_key[65];
	char fingerprint[48];
} mc_sync_key;
mc_status mc_sync_key_get(mc_store *store, mc_sync_key *out, mc_error *err);
/* The key file an admin hands to the other site. */
mc_status mc_sync_key_write(const mc_sync_key *k, const char *path, mc_error *err);
/* Trust the key in KEYFILE for bundles from UNIT, when its fingerprint is
 * FINGERPRINT (spaces and case ignored). Admin only. */
mc_status mc_sync_trust_add(mc_store *store, const char *unit, const char *keyfile,
			    const char *fingerprint, mc_error *err);
typedef int (*mc_sync_trust_cb)(const char *unit, const char *fingerprint, const char *added_at,
				const char *added_by, void *ctx);
mc_status mc_sync_trust_list(mc_store *store, mc_sync_trust_cb cb, void *ctx, mc_error *err);
#endif
