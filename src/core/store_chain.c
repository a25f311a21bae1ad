/*
 * The hash chain over the dossier history (store_schema_security.c): the SQL
 * function its trigger calls, its verification for `motcua check`, and its
 * head for sync bundles. The SHA-256 is the core's own (sha256.c): an
 * intake must not need a module installed beside the binary.
 */
#include "store_backup.h"
#include "sha256.h"
#include "store_chain.h"
#include "pgstore_sync.h"
#include "sync_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHAIN_FIELDS 11

/* One field: its bytes and length, or NULL for SQL NULL. */
struct field {
	const char *p;
	size_t n;
};

/* SHA-256 (hex) of the previous hash followed by each field as "-" (NULL)
 * or "LEN:BYTES", so that no two events share a text. */
static mc_status chain_hash(const char *prev, const struct field *f, char out[65], mc_error *err)
{
	(void)err;
	struct sha256 h;
	sha256_start(&h);
	sha256_add(&h, prev, strlen(prev));
	for (int i = 0; i < CHAIN_FIELDS; i++) {
		if (!f[i].p) {
			sha256_add(&h, "-", 1);
			continue;
		}
		/* "LEN:" by hand: snprintf was a third of the hash's time. */
		char len[24];
		size_t n = sizeof len, v = f[i].n;
		len[--n] = ':';
		do
			len[--n] = (char)('0' + v % 10);
		while ((v /= 10) != 0);
		sha256_add(&h, len + n, sizeof len - n);
		sha256_add(&h, f[i].p, f[i].n);
	}
	sha256_hex(&h, out);
	return MC_OK;
}

/* motcua_event_hash(prev, id, uid, dossier_id, at, entered_at, user_name,
 * action, from_status, to_status, note, data) */
static void sql_event_hash(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct field f[CHAIN_FIELDS];
	const char *prev = (const char *)sqlite3_value_text(argv[0]);
	for (int i = 0; i < CHAIN_FIELDS && i + 1 < argc; i++) {
		sqlite3_value *v = argv[i + 1];
		f[i].p = sqlite3_value_type(v) == SQLITE_NULL ? NULL
							       : (const char *)sqlite3_value_text(v);
		f[i].n = f[i].p ? (size_t)sqlite3_value_bytes(v) : 0;
	}
	char out[65];
	mc_error err = {0};
	if (chain_hash(prev ? prev : "", f, out, &err) != MC_OK) {
		sqlite3_result_error(ctx, err.msg, -1);
		return;
	}
	sqlite3_result_text(ctx, out, 64, SQLITE_TRANSIENT);
}

void store_chain_register(sqlite3 *db)
{
	sqlite3_create_function(db, "motcua_event_hash", 1 + CHAIN_FIELDS, SQLITE_UTF8, NULL,
				sql_event_hash, NULL, NULL);
}

static bool has_chain(mc_store *s)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT 1 FROM sqlite_schema WHERE type = 'table'"
					 " AND name = 'event_chain'", NULL);
	bool yes = st && sqlite3_step(st) == SQLITE_ROW;
	store_done(st);
	return yes;
}

mc_status store_check_chain(mc_store *s, store_check_row cb, void *ctx, mc_error *err)
{
	if (!has_chain(s))
		return MC_OK;   /* an older schema: nothing to verify yet */
	/* Every link in seq order with its event (NULL columns if removed),
	 * then every event without a link. */
	static const char links[] =
		"SELECT c.seq, c.event_id, c.hash, e.id, e.uid, e.dossier_id, e.at, e.entered_at,"
		" e.user_name, e.action, e.from_status, e.to_status, e.note, e.data"
		" FROM event_chain c LEFT JOIN dossier_events e ON e.id = c.event_id ORDER BY c.seq";
	static const char unlinked[] =
		"SELECT e.id FROM dossier_events e"
		" WHERE NOT EXISTS (SELECT 1 FROM event_chain c WHERE c.event_id = e.id) ORDER BY e.id";
	sqlite3_stmt *st = store_stmt(s, links, err);
	if (!st)
		return MC_ESYS;
	char prev[65] = "", want[65], subject[96], problem[256];
	long long expect_seq = 1, last_event = 0;
	int rc;
	mc_status r = MC_OK;
	bool stop = false;
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long seq = sqlite3_column_int64(st, 0), ev = sqlite3_column_int64(st, 1);
		const char *hash = (const char *)sqlite3_column_text(st, 2);
		snprintf(subject, sizeof subject, "history chain link %lld (event %lld)", seq, ev);
		problem[0] = '\0';
		if (seq != expect_seq)
			snprintf(problem, sizeof problem, "numbered %lld where %lld was expected: links "
				 "were removed", seq, expect_seq);
		else if (ev <= last_event)
			snprintf(problem, sizeof problem, "out of order: event %lld came after %lld",
				 ev, last_event);
		else if (sqlite3_column_type(st, 3) == SQLITE_NULL)
			snprintf(problem, sizeof problem, "its event was removed from the history");
		else {
			struct field f[CHAIN_FIELDS];
			for (int i = 0; i < CHAIN_FIELDS; i++) {
				f[i].p = sqlite3_column_type(st, 3 + i) == SQLITE_NULL
						 ? NULL : (const char *)sqlite3_column_text(st, 3 + i);
				f[i].n = f[i].p ? (size_t)sqlite3_column_bytes(st, 3 + i) : 0;
			}
			if ((r = chain_hash(prev, f, want, err)) != MC_OK)
				break;
			if (!hash || strcmp(hash, want) != 0)
				snprintf(problem, sizeof problem, "does not match its event: the event or "
					 "an earlier one was changed after it was written");
		}
		if (problem[0]) {
			const char *row[2] = {subject, problem};
			stop = cb(row, 2, ctx) != 0;
		}
		snprintf(prev, sizeof prev, "%s", hash ? hash : "");
		expect_seq = seq + 1;
		if (ev > last_event)
			last_event = ev;
	}
	store_done(st);
	if (r != MC_OK)
		return r;
	if (!stop && rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, "checking the history chain", err);
	if (stop || !(st = store_stmt(s, unlinked, err)))
		return stop ? MC_OK : MC_ESYS;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(subject, sizeof subject, "event %lld", (long long)sqlite3_column_int64(st, 0));
		const char *row[2] = {subject, "is not in the history chain: it was added behind "
					       "motcua's back"};
		if (cb(row, 2, ctx))
			break;
	}
	store_done(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? MC_OK
						       : store_fail(s, "checking the history chain", err);
}

mc_status store_chain_at(mc_store *s, int64_t seq, char hash[65], mc_error *err)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT hash FROM event_chain WHERE seq = ?1", err);
	if (!st)
		return MC_ESYS;
	sqlite3_bind_int64(st, 1, seq);
	int rc = sqlite3_step(st);
	hash[0] = '\0';
	if (rc == SQLITE_ROW)
		store_col_copy(st, 0, hash, 65);
	store_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, "reading the history chain", err);
	return rc == SQLITE_ROW ? MC_OK : MC_EEMPTY;
}

mc_status store_chain_head(mc_store *s, int64_t *seq, char hash[65], mc_error *err)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT seq, hash FROM event_chain ORDER BY seq DESC"
					 " LIMIT 1", err);
	if (!st)
		return MC_ESYS;
	int rc = sqlite3_step(st);
	*seq = 0;
	hash[0] = '\0';
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		store_col_copy(st, 1, hash, 65);
	}
	store_done(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? MC_OK
						       : store_fail(s, "reading the history chain", err);
}

mc_status store_chain_stamp(mc_store *s, sync_bundle *hdr, mc_error *err)
{
	if (!has_chain(s))
		return MC_OK;
	mc_status r = store_chain_head(s, &hdr->chain_seq, hdr->chain_hash, err);
	if (r != MC_OK)
		return r;
	/* The head the previous bundle to this peer carried, as it reads now. */
	hdr->chain_prev_seq = 0;
	hdr->chain_prev_hash[0] = '\0';
	/* chain_seq is kept beside each bundle sent, so the old bundle itself
	 * (megabytes, perhaps) is read only for one sent before that column. */
	sqlite3_stmt *st = store_stmt(s, "SELECT chain_seq, bundle FROM sync_out"
				      " WHERE peer = ?1 AND seq = ?2", err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, hdr->peer);
	sqlite3_bind_int64(st, 2, hdr->seq - 1);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		hdr->chain_prev_seq = sqlite3_column_int64(st, 0);
	} else if (rc == SQLITE_ROW) {
		sync_bundle old;
		mc_error e2 = {0};
		if (sync_bundle_parse(sqlite3_column_blob(st, 1), (size_t)sqlite3_column_bytes(st, 1),
				      "the previous bundle", &old, &e2) == MC_OK) {
			hdr->chain_prev_seq = old.has_chain ? old.chain_seq : 0;
			sync_bundle_free(&old);
		}
	}
	store_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, "reading the previous bundle", err);
	if (hdr->chain_prev_seq > hdr->chain_seq)
		hdr->chain_prev_seq = hdr->chain_seq;   /* links removed: the hash below says so */
	if (hdr->chain_prev_seq &&
	    (r = store_chain_at(s, hdr->chain_prev_seq, hdr->chain_prev_hash, err)) != MC_OK) {
		if (r != MC_EEMPTY)
			return r;
		memset(hdr->chain_prev_hash, '0', 64);
		hdr->chain_prev_hash[64] = '\0';
	}
	hdr->has_chain = true;
	return MC_OK;
}

mc_status store_chain_peer_check(mc_store *s, const sync_bundle *b, mc_error *err)
{
	if (s->pg)
		return pgstore_chain_peer_check(s, b, err);
	if (strcmp(b->kind, "dossiers") != 0)
		return MC_OK;
	if (!b->has_chain)
		return mc_error_set(err, MC_EDATA,
				    "bundle %lld from %s carries no history chain head (made by an "
				    "older motcua?); nothing was applied", (long long)b->seq, b->unit);
	sqlite3_stmt *st = store_stmt(s, "SELECT bundle_seq, chain_seq, hash FROM sync_chain_heads"
					 " WHERE unit = ?1", err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, b->unit);
	int rc = sqlite3_step(st);
	mc_status r = MC_OK;
	if (rc == SQLITE_ROW) {
		long long bseq = sqlite3_column_int64(st, 0), cseq = sqlite3_column_int64(st, 1);
		char hash[65];
		store_col_copy(st, 2, hash, sizeof hash);
		if (b->chain_prev_seq != cseq || strcmp(b->chain_prev_hash, hash) != 0)
			r = mc_error_set(err, MC_EDATA,
					 "bundle %lld from %s shows that the office's history was "
					 "rewritten: bundle %lld ended its history chain at link %lld "
					 "(%.12s...), this one says link %lld is %.12s...; nothing was "
					 "applied (run 'motcua check' at the office)",
					 (long long)b->seq, b->unit, bseq, cseq, hash,
					 (long long)b->chain_prev_seq,
					 b->chain_prev_seq ? b->chain_prev_hash : "-");
	} else if (rc != SQLITE_DONE)
		r = store_fail(s, "reading the offices' history chains", err);
	store_done(st);
	return r;
}

mc_status store_chain_peer_record(mc_store *s, const sync_bundle *b, mc_error *err)
{
	if (s->pg)
		return pgstore_chain_peer_record(s, b, err);
	if (strcmp(b->kind, "dossiers") != 0 || !b->has_chain)
		return MC_OK;
	sqlite3_stmt *st = store_stmt(s, "INSERT OR REPLACE INTO sync_chain_heads(unit, bundle_seq,"
					 " chain_seq, hash) VALUES(?1, ?2, ?3, ?4)", err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, b->unit);
	sqlite3_bind_int64(st, 2, b->seq);
	sqlite3_bind_int64(st, 3, b->chain_seq);
	store_bind_text(st, 4, b->chain_hash);
	return store_exec(s, st, "recording the office's history chain", err);
}

mc_status store_chain_peer_forget(mc_store *s, const char *unit, mc_error *err)
{
	if (s->pg)
		return pgstore_chain_peer_forget(s, unit, err);
	sqlite3_stmt *st = store_stmt(s, "DELETE FROM sync_chain_heads WHERE unit = ?1", err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, unit);
	return store_exec(s, st, "forgetting the office's history chain", err);
}
