/*
 * Guidance without intake (hướng dẫn, không tiếp nhận): a citizen whose
 * dossier is incomplete gets a printed supplement/guidance slip (Mẫu 02)
 * without the dossier being received: no dossier code is taken from the
 * day's sequence and nothing counts as received; the slip is kept and
 * counted as guidance given.
 */
#ifndef MOTCUA_GUIDANCE_H
#define MOTCUA_GUIDANCE_H

#include <stdint.h>

#include "motcua/error.h"
#include "motcua/print.h"
#include "motcua/store.h"

typedef struct mc_guidance {
	int64_t id;
	char given_at[17];          /* 'YYYY-MM-DD HH:MM' */
	char user[64];
	char procedure_code[16];
	char procedure_name[512];
	char applicant_name[256];
	char id_number[16];
	char phone[16];
	char missing[1024];         /* papers to bring, "a; b" */
	char note[512];
} mc_guidance;

typedef struct mc_guidance_in {
	const char *procedure_code; /* required, from the catalog */
	const char *name;           /* required */
	const char *id_number;      /* optional: 12 digits (9 of a CMND) */
	const char *phone;          /* optional */
	const char *missing;        /* required: the papers missing, "a; b" */
	const char *note;           /* optional */
	const char *user;           /* who gave it (recorded) */
} mc_guidance_in;

/* Check and keep one slip (given now); *out (may be NULL) gets the row.
 * MC_EDATA names the field that is wrong. */
mc_status mc_guidance_add(mc_store *store, const mc_guidance_in *in, mc_guidance *out,
			  mc_error *err);
/* MC_EDATA when there is no slip with that number. */
mc_status mc_guidance_get(mc_store *store, int64_t id, mc_guidance *out, mc_error *err);

typedef int (*mc_guidance_cb)(const mc_guidance *g, void *ctx);
/* Slips given in [from, to] (YYYY-MM-DD, either NULL for open), oldest
 * first; user NULL for everyone's. */
mc_status mc_guidance_list(mc_store *store, const char *from, const char *to,
			   const char *user, mc_guidance_cb cb, void *ctx, mc_error *err);
mc_status mc_guidance_count(mc_store *store, const char *from, const char *to,
			    const char *user, int *n, mc_error *err);

/* Print slip id as Mẫu 02 of the set of its date, with no dossier code and
 * the date it was given. */
mc_status mc_print_guidance(mc_store *store, int64_t id, const mc_print_opts *o, FILE *out,
			    mc_error *err);

#endif
