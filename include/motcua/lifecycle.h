/*
 * The dossier lifecycle between intake and return (domain.md §3.1, §4):
 * each step is checked against the dossier's status, written as an event
 * (who, when, note) and never rewrites history. Pauses (supplement
 * requests, fees) move the appointment by the working time paused.
 * Timeliness (early / on time / late) is derived, never stored.
 */
#ifndef MOTCUA_LIFECYCLE_H
#define MOTCUA_LIFECYCLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "motcua/dossier.h"

typedef enum mc_step_kind {
	MC_STEP_TRANSFER,    /* to a department (Đang xử lý), optional assignee */
	MC_STEP_SUPPLEMENT,  /* Mẫu 02: papers missing; clock paused */
	MC_STEP_RESUME,      /* papers supplied / fees paid; clock runs again */
	MC_STEP_FEES,        /* waiting for fees or taxes; clock paused */
	MC_STEP_REFUSE,      /* Mẫu 03, with the reason */
	MC_STEP_WITHDRAW,    /* the citizen withdraws the dossier */
	MC_STEP_STOP,        /* processing stopped (Mẫu 05 of 2025), with reason */
	MC_STEP_EXTEND,      /* Mẫu 04: apology and new appointment */
	MC_STEP_RESULT,      /* result ready at the one-stop counter */
	MC_STEP_RETURN,      /* result handed to the citizen (counter or post) */
	MC_STEP_COUNT
} mc_step_kind;

typedef struct mc_step {
	mc_step_kind kind;
	const char *code;      /* dossier code */
	const char *user;      /* who does it (recorded) */
	const char *at;        /* 'YYYY-MM-DD HH:MM' for paper work done earlier; NULL = now */
	const char *to;        /* transfer: department; return: receiver's name */
	const char *assignee;  /* transfer: user handling it (optional) */
	const char *text;      /* supplement: missing papers; refuse/stop/extend: reason; note */
	const char *until;     /* extend: new appointment 'YYYY-MM-DD HH:MM' */
	const char *by;        /* return: "counter" or "post" */
} mc_step;

/* Stable name used by the CLI and events ("transfer", "return", ...). */
const char *mc_step_name(mc_step_kind k);
bool mc_step_parse(const char *name, mc_step_kind *out);

/* Steps allowed from a status; returns how many were written. */
size_t mc_step_allowed(mc_dossier_status st, mc_step_kind *out, size_t cap);

/* Apply a step. An illegal step returns MC_EDATA with a message naming the
 * current status and the allowed steps, and changes nothing. On success
 * *out (may be NULL) holds the updated dossier. */
mc_status mc_dossier_step(mc_store *store, const mc_step *step, mc_dossier *out,
			  mc_error *err);

/* Citizen satisfaction: 1 Rất hài lòng, 2 Hài lòng, 3 Không hài lòng. */
mc_status mc_dossier_rate(mc_store *store, const char *code, int rating, const char *user,
			  mc_error *err);

typedef enum mc_timeliness { MC_TL_EARLY, MC_TL_ON_TIME, MC_TL_LATE } mc_timeliness;

/* Finished dossiers: by their finish time; open ones: as of `as_of`
 * (on time or late). */
mc_status mc_dossier_timeliness(mc_store *store, const mc_dossier *d, int64_t as_of,
				mc_timeliness *out, mc_error *err);
const char *mc_timeliness_key(mc_timeliness t);     /* early, on_time, late */
const char *mc_timeliness_label(mc_timeliness t);   /* trước hạn, đúng hạn, quá hạn */

#endif
