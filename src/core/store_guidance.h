/* Rows of the guidance table (store_guidance.c), private to src/core. */
#ifndef MOTCUA_STORE_GUIDANCE_H
#define MOTCUA_STORE_GUIDANCE_H

#include "motcua/guidance.h"

/* Fills g->id. */
mc_status store_guidance_insert(mc_store *s, mc_guidance *g, const char *entered_at,
				mc_error *err);
mc_status store_guidance_get(mc_store *s, int64_t id, mc_guidance *out, mc_error *err);
mc_status store_guidance_each(mc_store *s, const char *from, const char *to, const char *user,
			      mc_guidance_cb cb, void *ctx, mc_error *err);

#endif
