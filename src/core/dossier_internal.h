/* Shared by dossier.c and dossier_import.c: intake split into checking and
 * writing, so an import can check every row before writing any. */
#ifndef MOTCUA_DOSSIER_INTERNAL_H
#define MOTCUA_DOSSIER_INTERNAL_H

#include "motcua/dossier.h"
#include "motcua/holidays.h"

/* Validate an intake and fill *out (code not yet allocated unless the
 * caller sets out->code). Writes nothing. */
mc_status dossier_prepare(mc_store *store, const mc_office *office, const mc_calendar *cal,
			  const mc_intake *in, mc_dossier *out, mc_error *err);

/* Insert a prepared dossier and its first event, inside the caller's
 * transaction. A preset out->code is kept (and the daily sequence moved
 * past it); otherwise the next code of the day is allocated. */
mc_status dossier_write(mc_store *store, mc_dossier *d, const char *action, const char *note,
			mc_error *err);

/* The applicant's checks of intake (name, ID number, phone, address). */
mc_status dossier_check_applicant(const mc_intake *in, mc_applicant *a, mc_error *err);

#endif
