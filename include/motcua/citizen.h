/*
 * Known citizens and the clerk's habits, for fewer keystrokes at the
 * counter: an ID number seen before brings back the name, phone and address
 * of the citizen's latest dossier; the procedure picker puts the clerk's
 * most used procedures first.
 */
#ifndef MOTCUA_CITIZEN_H
#define MOTCUA_CITIZEN_H

#include "motcua/catalog.h"
#include "motcua/dossier.h"

/* The applicant details of the newest dossier with this ID number and how
 * many dossiers the citizen has. MC_EEMPTY when the ID was never seen. */
mc_status mc_citizen_recall(mc_store *store, const char *id_number, mc_applicant *out,
			    int *dossiers, mc_error *err);

/* Procedures ordered by how often `clerk` took them in during the `days`
 * before now (most used first), then every other active procedure by code.
 * Each procedure is given once; `uses` is its count (0 for the rest). */
typedef int (*mc_procedure_use_cb)(const mc_procedure *p, int uses, void *ctx);
mc_status mc_catalog_by_use(mc_store *store, const char *clerk, int days,
			    mc_procedure_use_cb cb, void *ctx, mc_error *err);

#endif
