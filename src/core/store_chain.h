/* The hash-chained history (store_chain.c), private to the core. */
#ifndef MOTCUA_STORE_CHAIN_H
#define MOTCUA_STORE_CHAIN_H

#include <sqlite3.h>
#include <stdint.h>

#include "store_internal.h"
#include "sync_internal.h"

/* Registers motcua_event_hash(), which the chain trigger calls, on db. */
void store_chain_register(sqlite3 *db);

/* The last link (seq 0 and "" when the history is empty). */
mc_status store_chain_head(mc_store *s, int64_t *seq, char hash[65], mc_error *err);
/* The hash of link seq; MC_EEMPTY if there is none. */
mc_status store_chain_at(mc_store *s, int64_t seq, char hash[65], mc_error *err);

/* Export: fills hdr's chain head and the previous bundle's head link (as it
 * reads now) for a bundle to hdr->peer numbered hdr->seq. */
mc_status store_chain_stamp(mc_store *s, sync_bundle *hdr, mc_error *err);
/* Import of a dossier bundle: MC_EDATA unless it carries a chain whose
 * previous link is the head that b->unit's last bundle gave. */
mc_status store_chain_peer_check(mc_store *s, const sync_bundle *b, mc_error *err);
/* ... and, once applied, remember its head. */
mc_status store_chain_peer_record(mc_store *s, const sync_bundle *b, mc_error *err);
/* A recovery export for unit: the office rebuilds its history from it, so
 * its chain starts afresh and the next bundle is taken as the new base. */
mc_status store_chain_peer_forget(mc_store *s, const char *unit, mc_error *err);

#endif
