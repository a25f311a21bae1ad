/*
 * Dossiers (hồ sơ): intake, look-up and history. A dossier's code is
 * UNITCODE-YYMMDD-NNNN (TT 01/2018 Điều 19), its sequence daily per unit
 * and allocated inside the intake transaction, so concurrent clerks never
 * mint the same code. Every change is an event appended to its history.
 */
#ifndef MOTCUA_DOSSIER_H
#define MOTCUA_DOSSIER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "motcua/catalog.h"
#include "motcua/error.h"
#include "motcua/json.h"
#include "motcua/store.h"

/* Statuses, with the national (Cổng DVCQG) codes of domain.md §3.1. */
typedef enum mc_dossier_status {
	MC_DS_NEW = 1,          /* Mới đăng ký (online, not yet accepted) */
	MC_DS_ACCEPTED = 2,     /* Được tiếp nhận */
	MC_DS_REFUSED = 3,      /* Không được tiếp nhận */
	MC_DS_PROCESSING = 4,   /* Đang xử lý */
	MC_DS_SUPPLEMENT = 5,   /* Yêu cầu bổ sung giấy tờ (clock paused) */
	MC_DS_FEES = 6,         /* Yêu cầu thực hiện nghĩa vụ tài chính (paused) */
	MC_DS_WITHDRAWN = 7,    /* Công dân yêu cầu rút hồ sơ */
	MC_DS_STOPPED = 8,      /* Dừng xử lý */
	MC_DS_READY = 9,        /* Đã xử lý xong */
	MC_DS_RETURNED = 10,    /* Đã trả kết quả */
	MC_DS_VOIDED = 11,      /* Đã hủy: a wrong intake voided by a supervisor
				 * (motcua's own, not a national status); the
				 * code is never reused, reports leave it out */
} mc_dossier_status;

/* Stable key used in the database and JSON ("accepted", ...). */
const char *mc_dossier_status_key(mc_dossier_status s);
/* Vietnamese label ("Được tiếp nhận"). */
const char *mc_dossier_status_label(mc_dossier_status s);
bool mc_dossier_status_parse(const char *key, mc_dossier_status *out);

#define MC_DOSSIER_MAX_DOCS MC_PROCEDURE_MAX_DOCS

typedef struct mc_applicant {
	char name[256];
	char id_number[16];     /* CCCD: 12 digits (9-digit CMND accepted) */
	char phone[16];
	char address[512];
} mc_applicant;

typedef struct mc_dossier {
	int64_t id;
	char code[64];
	char unit_code[40];
	char procedure_code[16];
	char procedure_name[512];
	double deadline;
	mc_deadline_unit deadline_unit;
	mc_applicant applicant;
	mc_dossier_status status;
	char received_at[17];   /* YYYY-MM-DD HH:MM, when the dossier was taken in */
	char entered_at[20];    /* real time the record was written */
	char due_at[17];        /* appointment (hẹn trả) */
	char received_by[64];
	char form_set[8];       /* "2018" or "2025" (TT 01/2018 or TT 03/2025 forms) */
	char extra[2048];       /* JSON object: fields an office added to its forms */
	/* Lifecycle (schema step 2); empty strings when not reached. */
	char department[128];
	char assignee[64];
	char paused_at[17];
	char original_due_at[17];
	char finished_at[17];
	char returned_at[17];
	char returned_to[256];
	char return_by[16];     /* "counter" or "post" */
	int rating;             /* 0 none, 1..3 */
	/* Rules of docs/rules.md (schema step "rules"). */
	char channel[8];        /* how it came in: counter, online, post */
	char accepted_at[17];   /* received for resolution; "" while only submitted */
	char statutory_due_at[17]; /* the legal appointment: pauses move it, an apology never */
	int extensions;         /* apologies with a new appointment (Mẫu 04) given */
	int ndocuments;
	struct {
		char name[256];
		bool received;
	} documents[MC_DOSSIER_MAX_DOCS];
} mc_dossier;

typedef struct mc_event {
	int64_t id;
	char at[17];            /* when it happened (may be back-dated paper work) */
	char entered_at[20];    /* when it was recorded */
	char user[64];
	char action[32];
	char from_status[16];
	char to_status[16];
	char note[512];
	char data[1024];        /* JSON */
} mc_event;

typedef int (*mc_dossier_cb)(const mc_dossier *d, void *ctx);
typedef int (*mc_event_cb)(const mc_event *e, void *ctx);

typedef struct mc_intake {
	const char *procedure_code;
	const char *name;
	const char *id_number;
	const char *phone;
	const char *address;     /* may be NULL */
	const char *received_at; /* NULL: now; else a paper dossier taken earlier */
	const char *user;        /* who takes it in (recorded in the history) */
	const char *extra_json;  /* NULL or a JSON object of office-added fields */
	/* Documents received: NULL means every required paper of the catalog.
	 * Otherwise one flag per catalog document, in catalog order. */
	const bool *documents_received;
	const char *channel;     /* "counter" (NULL), "online" or "post" */
} mc_intake;

/* Validate, compute the appointment from the calendar and the procedure's
 * deadline, allocate the code and write dossier, documents and the intake
 * event in one transaction. On success *out holds the stored dossier. */
mc_status mc_dossier_intake(mc_store *store, const mc_intake *in, mc_dossier *out,
			    mc_error *err);

/* Which papers of a procedure's checklist came (`dossier intake
 * --received 1,2,4` / `--missing 3`): lists of 1-based positions, either
 * or both (NULL = not given), into flags[0..ndocs-1]. Given only
 * received, the rest are missing; only missing, the rest received; both,
 * every paper must be named exactly once. MC_EUSAGE for a malformed list,
 * MC_EDATA for a position off the checklist (naming it and the checklist's
 * size), one named in both, or one named in neither. */
mc_status mc_dossier_papers_parse(const char *received, const char *missing, int ndocs,
				  bool *flags, mc_error *err);

/* By exact code; MC_EDATA when unknown. */
mc_status mc_dossier_get(mc_store *store, const char *code, mc_dossier *out, mc_error *err);

/* Search: a dossier code or any tail of it ("261231-0002", "0002": every
 * day's dossier with that number), an ID number, a phone number, or a name
 * typed in any case with or without diacritics, each word a prefix
 * ("nguyen v an"; "d" finds Đ and its look-alikes, see mc_text_fold).
 * Newest first, at most limit rows. */
mc_status mc_dossier_find(mc_store *store, const char *query, int limit, mc_dossier_cb cb,
			  void *ctx, mc_error *err);

typedef struct mc_dossier_filter {
	bool has_status;
	mc_dossier_status status;
	const char *from;   /* YYYY-MM-DD inclusive (received date), or NULL */
	const char *to;     /* YYYY-MM-DD inclusive, or NULL */
	const char *unit;   /* unit code, or NULL for all */
	int limit;          /* 0 = no limit */
	/* 'YYYY-MM-DD HH:MM' or NULL: only dossiers open and late at that
	 * moment (accepted or processing with the appointment before it, or
	 * paused after the appointment had passed), as mc_dossier_timeliness
	 * judges them. */
	const char *overdue_at;
} mc_dossier_filter;

mc_status mc_dossier_list(mc_store *store, const mc_dossier_filter *f, mc_dossier_cb cb,
			  void *ctx, mc_error *err);

/* Import dossiers kept elsewhere (an old system, paper registers typed
 * into a spreadsheet): CSV with the header columns procedure, name,
 * id_number, phone, received_at and optionally address, code, status,
 * due_at, received_by; any other column is kept as an office field in
 * extra. encoding NULL means UTF-8. Every row is checked first (FILE:LINE:
 * messages); then all are written in one transaction, or none. A given
 * code is kept (and must be new); otherwise one is allocated. */
mc_status mc_dossier_import(mc_store *store, const char *path, const char *encoding,
			    const char *user, int *imported, mc_error *err);

/* History, oldest first. */
mc_status mc_dossier_events(mc_store *store, int64_t dossier_id, mc_event_cb cb, void *ctx,
			    mc_error *err);

/* Code format: unit "-" YYMMDD "-" NNNN (at least 4 digits). */
void mc_dossier_code_format(const char *unit, int32_t day, int seq, char *buf, size_t bufsz);
/* Split a code into unit, received day and sequence (T8). */
mc_status mc_dossier_code_parse(const char *code, char *unit, size_t unitsz, int32_t *day,
				int *seq, mc_error *err);
/* True for a unit code usable in dossier codes: letters, digits and dots. */
bool mc_unit_code_valid(const char *unit);

/* JSON of one dossier (keys: code, status, status_code, applicant.{name,
 * id_number, phone, address}, procedure.{code, name, deadline,
 * deadline_unit}, received_at, entered_at, due_at, received_by, form_set,
 * documents, extra, timeliness (early | on_time | late as of now, null
 * when unknown), department, assignee, original_due_at, paused_at,
 * finished_at, returned.{at, to, by}, rating; events when with_events). */
mc_status mc_dossier_json(mc_store *store, mc_json *j, const mc_dossier *d, bool with_events,
			  mc_error *err);

#endif
