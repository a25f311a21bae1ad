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
#include "motcua/user.h"

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
	MC_STEP_ACCEPT,      /* an online submission (Mới đăng ký) is accepted; the
			      * appointment is computed from this moment */
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

/* Apply a step in one transaction: check it against the dossier's status
 * (the table is documented in src/core/dossier_steps.c), update the
 * dossier and append one event (from/to status, note, the step's fields as
 * JSON data, at = step->at or now, entered_at = the real time, user). An
 * illegal step returns MC_EDATA with a message naming the current status
 * and the allowed steps, and changes nothing; so does a step->at in the
 * future or before the dossier's last event, or a missing required field
 * (transfer: to; supplement: text; refuse, stop: text; extend: until later
 * than the current appointment and text, once only and no later than one
 * day before the due date, docs/rules.md R4, R5; return: to, by "counter" (the
 * default) or "post", else MC_EUSAGE). On success *out (may be NULL) holds
 * the updated dossier. */
mc_status mc_dossier_step(mc_store *store, const mc_step *step, mc_dossier *out,
			  mc_error *err);

/* Citizen satisfaction: 1 Rất hài lòng, 2 Hài lòng, 3 Không hài lòng
 * (else MC_EUSAGE). Only once the result is returned, and only once per
 * dossier (history is never rewritten): MC_EDATA otherwise. */
mc_status mc_dossier_rate(mc_store *store, const char *code, int rating, const char *user,
			  mc_error *err);

/* The least role that takes step k at the counter (step_roles.c): the
 * apology/new appointment and stop are a supervisor's, the rest a clerk's.
 * The screens offer a step only to users with this role. */
mc_role mc_step_role(mc_step_kind k);

/* Void a wrong intake (supervisor or admin, mc_auth_require): the dossier
 * keeps its row and code (never reused: the daily sequence only moves
 * on), its status becomes voided and one event with action "void", the
 * reason as note and {"reason":..} as data, is appended. MC_EDATA for a
 * missing reason, an unknown dossier, one already voided or one whose
 * result was returned. */
mc_status mc_dossier_void(mc_store *store, const char *code, const char *reason,
			  const char *user, mc_error *err);

/* Fix a typo in the applicant's data after saving: field is name,
 * id_number, phone or address (applicant_name and applicant.X accepted);
 * the new value is checked as at intake. One event, action "correct",
 * note "FIELD: OLD → NEW", data {"field","old","new"}. Allowed to a clerk
 * for the dossiers they took in themselves on the same day, otherwise to a
 * supervisor or admin (MC_EDATA naming the rule). MC_EUSAGE for an
 * unknown field, MC_EDATA for an unchanged value or a voided dossier. */
mc_status mc_dossier_correct(mc_store *store, const char *code, const char *field,
			     const char *value, const char *user, mc_error *err);

typedef enum mc_timeliness { MC_TL_EARLY, MC_TL_ON_TIME, MC_TL_LATE } mc_timeliness;

/* Finished dossiers (finished_at: result ready, refused, withdrawn,
 * stopped): by their finish time against the STATUTORY appointment
 * (statutory_due_at; an apology's new appointment never counts), EARLY
 * before the due date, ON_TIME on the due date by the due time, LATE after
 * it (domain.md §4.3, docs/rules.md R1-R3). Open ones: as
 * of `as_of`, ON_TIME (trong hạn) until the appointment, LATE after it; a
 * paused dossier's clock stopped at paused_at. MC_EEMPTY for a closed
 * dossier with no recorded finish time (imported from another system). */
mc_status mc_dossier_timeliness(mc_store *store, const mc_dossier *d, int64_t as_of,
				mc_timeliness *out, mc_error *err);

/* Working time of the office calendar between `as_of` (for a paused
 * dossier: paused_at) and the appointment of an open dossier: positive
 * while time is left, negative once overdue (0 just after the appointment
 * outside working hours: judge late or not with mc_dossier_timeliness, and
 * use this for how much). *day_minutes (may be NULL)
 * receives the length of a working day, to speak in days. MC_EEMPTY for a
 * finished dossier (nothing is left to count). */
mc_status mc_dossier_time_left(mc_store *store, const mc_dossier *d, int64_t as_of,
			       int64_t *minutes, int *day_minutes, mc_error *err);
const char *mc_timeliness_key(mc_timeliness t);     /* early, on_time, late */
const char *mc_timeliness_label(mc_timeliness t);   /* trước hạn, đúng hạn, quá hạn */

#endif
