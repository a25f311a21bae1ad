/*
 * The part of applying a bundle that does not depend on the store, shared
 * by the SQLite province (store_sync_apply.c) and the PostgreSQL hub
 * (pgstore_sync_apply.c), so both refuse, walk and summarize a bundle in
 * the same words and the same order (tests/pg/sync.sh compares them).
 */
#include "store_sync_internal.h"

#include <stdio.h>
#include <string.h>

mc_status sync_table_allowed(const sync_bundle *b, const char *unit, const char *name,
			     mc_error *err)
{
	const char *const *list = strcmp(b->kind, "dossiers") == 0 ? sync_dossier_tables
								   : sync_reference_tables;
	for (; *list; list++)
		if (strcmp(*list, name) == 0)
			return MC_OK;
	return mc_error_set(err, MC_EDATA,
			    "bundle %lld from %s carries table %s, which a %s bundle may not; "
			    "nothing was applied", (long long)b->seq, unit, name, b->kind);
}

bool sync_is_parent(const char *name)
{
	return strcmp(name, "dossiers") == 0 || strcmp(name, "procedures") == 0;
}

mc_status sync_seq_known(const sync_bundle *b, const char *unit, const char *sha256,
			 const char *applied_at, bool *already, mc_error *err)
{
	*already = strcmp(sha256, b->sha256) == 0;
	if (*already)
		return MC_OK;
	return mc_error_set(err, MC_EDATA,
			    "bundle %lld from %s was already applied on %s, but this file differs "
			    "from it (the office's database may have been restored from a backup "
			    "since); nothing was applied", (long long)b->seq, unit, applied_at);
}

mc_status sync_seq_next(const sync_bundle *b, const char *unit, int64_t prev, mc_error *err)
{
	if (b->seq == prev + 1)
		return MC_OK;
	return mc_error_set(err, MC_EDATA,
			    "bundle from %s is out of sequence: expected %lld, got %lld%s; nothing "
			    "was applied", unit, (long long)prev + 1, (long long)b->seq,
			    b->seq > prev + 1 ? " (the bundles in between are missing: write them "
			    "again at the sender with 'motcua sync export --again N')" : "");
}

mc_status sync_walk(const sync_bundle *b, const char *unit, int pass, sync_walk_row row,
		    void *ctx, mc_error *err)
{
	sqlite3_changeset_iter *it = NULL;
	if (sqlite3changeset_start(&it, (int)b->payload_len, (void *)b->payload) != SQLITE_OK)
		return mc_error_set(err, MC_EDATA, "bundle %lld from %s is damaged: unreadable data",
				    (long long)b->seq, unit);
	mc_status r = MC_OK;
	int rc;
	while (r == MC_OK && (rc = sqlite3changeset_next(it)) == SQLITE_ROW) {
		const char *tab;
		int ncol, op, ind;
		sqlite3changeset_op(it, &tab, &ncol, &op, &ind);
		int ti = -1;
		for (int i = 0; i < b->ntables; i++)
			if (strcmp(b->tables[i].name, tab) == 0)
				ti = i;
		if (ti < 0 || b->tables[ti].ncols != ncol) {
			r = mc_error_set(err, MC_EDATA,
					 "bundle %lld from %s is damaged: its data does not match its "
					 "header (table %.40s)", (long long)b->seq, unit, tab);
			break;
		}
		if ((pass == 1) == sync_is_parent(tab))
			r = row(ctx, ti, tab, it, op);
	}
	int frc = sqlite3changeset_finalize(it);
	if (r == MC_OK && frc != SQLITE_OK)
		r = mc_error_set(err, MC_EDATA, "bundle %lld from %s is damaged: bad data (%s)",
				 (long long)b->seq, unit, sqlite3_errstr(frc));
	return r;
}

void sync_summarize(const mc_sync_report *rep, char *buf, size_t sz)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int i = 0; i < rep->counts.ntables && n < sz; i++) {
		const mc_sync_count *c = &rep->counts.t[i];
		n += (size_t)snprintf(buf + n, sz - n, "%s%s: %d added, %d updated, %d deleted",
				      n ? "; " : "", c->table, c->added, c->updated, c->deleted);
		if (c->skipped && n < sz)
			n += (size_t)snprintf(buf + n, sz - n, ", %d not taken", c->skipped);
	}
	if (n < sz)
		snprintf(buf + n, sz - n, "%s%zu conflicts", n ? "; " : "", rep->nconflicts);
}
