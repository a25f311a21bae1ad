/* The hash-chained history (store_chain.c), private to the core. */
#ifndef MOTCUA_STORE_CHAIN_H
#define MOTCUA_STORE_CHAIN_H

#include <sqlite3.h>
#include <stdint.h>

#include "store_internal.h"

/* Registers motcua_event_hash(), which the chain trigger calls, on db. */
void store_chain_register(sqlite3 *db);

/* The last link (seq 0 and "" when the history is empty). */
mc_status store_chain_head(mc_store *s, int64_t *seq, char hash[65], mc_error *err);
/* The hash of link seq; MC_EEMPTY if there is none. */
mc_status store_chain_at(mc_store *s, int64_t seq, char hash[65], mc_error *err);

#endif
