/*
 * Private to the sync code: the bundle file format (sync_bundle.c), the
 * store side of export and import (store_sync.c, store_sync_apply.c), and
 * the tables each kind of bundle carries.
 */
#ifndef MOTCUA_SYNC_INTERNAL_H
#define MOTCUA_SYNC_INTERNAL_H

#include "motcua/sync.h"

#define SYNC_FORMAT_VERSION 1
#define SYNC_MAGIC "MOTCUA-BUNDLE"
#define SYNC_MAX_COLS 96
#define SYNC_MAX_HEADER 65536

typedef struct sync_table {
	char name[40];
	int ncols;
	const char *cols[SYNC_MAX_COLS];
} sync_table;

typedef struct sync_bundle {
	int version;
	int schema;
	char kind[16];          /* "dossiers" | "reference" | "recovery" */
	char unit[40];          /* sender's unit code */
	char peer[64];          /* receiver */
	int64_t seq;
	char created[20];
	char sha256[65];        /* hex */
	int ntables;
	sync_table tables[MC_SYNC_MAX_TABLES];
	const unsigned char *payload;  /* changeset bytes (into the parsed buffer) */
	size_t payload_len;
	char *strings;          /* owned: column names of a parsed bundle */
	/* Dossier bundles: the sender's history chain head and, again, the link
	 * that was head in its previous bundle to that peer (store_chain.c). */
	bool has_chain;
	int64_t chain_seq, chain_prev_seq;
	char chain_hash[65], chain_prev_hash[65];
} sync_bundle;

/* Parse and verify a bundle in buf (which must outlive *out): magic and
 * format version, every header field, length and SHA-256. name is used in
 * messages. MC_EDATA names what is wrong. */
mc_status sync_bundle_parse(const void *buf, size_t len, const char *name, sync_bundle *out,
			    mc_error *err);
void sync_bundle_free(sync_bundle *b);

/* Read and verify the bundle file at path as an import would, keeping only
 * its header fields in *out (tables and payload cleared): sync send
 * checks what it sends, the inbox orders what waits. */
mc_status sync_file_header(const char *path, sync_bundle *out, mc_error *err);

/* Walk the payload against the changeset format and the header's tables
 * before SQLite parses it. MC_EDATA "NAME is damaged: ..." otherwise. */
mc_status sync_changeset_check(const sync_bundle *b, const char *name, mc_error *err);

/* Serialize header fields of b (tables' cols are borrowed) and the payload
 * into a malloc'd *out; fills b->sha256. */
mc_status sync_bundle_format(sync_bundle *b, const void *payload, size_t len,
			     unsigned char **out, size_t *outlen, mc_error *err);

const sync_table *sync_bundle_table(const sync_bundle *b, const char *name);

/* SHA-256 of a followed by b, as 64 hex digits. */
mc_status sync_sha256_hex(const void *a, size_t alen, const void *b, size_t blen,
			  char out[65], mc_error *err);

/* Tables carried by each kind, parents before children; NULL-terminated.
 * A table missing from a database is skipped. */
extern const char *const sync_dossier_tables[];
extern const char *const sync_reference_tables[];

/* Counters of one table in a report (added on first use). */
int *sync_count(mc_sync_counts *c, const char *table, const char *which);

/* Store side. */
typedef struct mc_store mc_store;

/* In one write transaction: rebuild what peer was sent so far, diff the
 * live tables against it with the session extension, and if anything
 * changed record bundle (header filled here: seq, tables, checksum) in
 * sync_out. *out is the bundle file (malloc'd); MC_EEMPTY if nothing
 * changed. */
mc_status store_sync_export(mc_store *s, sync_bundle *hdr, const char *const *tables,
			    const char *by, unsigned char **out, size_t *outlen,
			    mc_sync_counts *counts, mc_error *err);
mc_status store_sync_again(mc_store *s, const char *peer, int64_t seq, unsigned char **out,
			   size_t *outlen, mc_error *err);

/* Apply a verified bundle in one write transaction (sequence checks
 * included); see store_sync_apply.c for the rule. */
mc_status store_sync_apply(mc_store *s, const sync_bundle *b, const char *by,
			   mc_sync_report *rep, mc_error *err);

/* Recovery (store_sync_recover.c). At the province: a bundle of kind
 * "recovery" for office hdr->peer (hdr->unit set), read-only, not kept in
 * sync_out; seq is the office's last bundle applied here. At the office:
 * put the rows back and resume the sync with peer (its export peer). */
mc_status store_sync_recover_export(mc_store *s, sync_bundle *hdr, unsigned char **out,
				    size_t *outlen, mc_sync_counts *counts, mc_error *err);
mc_status store_sync_recover_apply(mc_store *s, const sync_bundle *b, const char *peer,
				   mc_sync_report *rep, mc_error *err);

mc_status store_sync_log(mc_store *s, mc_sync_log_cb cb, void *ctx, mc_error *err);

/* Add a conflict line to the report (copied). */
void sync_report_conflict(mc_sync_report *r, const char *subject, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Signed envelopes (sync_sign.c). */
mc_status sync_sign_wrap(mc_store *store, const unsigned char *b, size_t n, unsigned char **out,
			 size_t *outlen, mc_error *err);
/* Checks the envelope and its signature; *inner points into buf; key gets
 * the signer's public key (hex). Not yet whether the key is trusted. */
mc_status sync_sign_unwrap(const unsigned char *buf, size_t len, const char *name,
			   const unsigned char **inner, size_t *inner_len, char key[65],
			   mc_error *err);
mc_status sync_sign_check_trust(mc_store *store, const char *unit, const char *key,
				const char *name, mc_error *err);
void sync_key_fingerprint(const char *pub_hex, char out[48]);
/* MC_EDATA when a dossier bundle names a dossier code, unit code or event
 * uid of another unit than its sender's (sync_units.c). */
/* Dossier codes, unit codes and event uids all of unit owner (the sender
 * for an office's bundle, the receiving office for a recovery). */
mc_status sync_check_units(const sync_bundle *b, const char *owner, const char *name,
			   mc_error *err);
/* Whole or not at all, 0640 (sync.c). */
mc_status sync_write_atomic(const char *path, const unsigned char *p, size_t n, mc_error *err);
#endif
