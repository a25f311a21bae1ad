/*
 * The waiting-room queue (domain.md §5): a kiosk issues numbered tickets
 * per service (A001, A002, ... restarting every day), clerks call the next
 * ticket for their counter's services, a board shows who goes where.
 *
 * Many clerk processes share one database file, so every change is one
 * BEGIN IMMEDIATE transaction: issuing allocates the number and calling
 * picks the oldest waiting ticket inside the same transaction that writes
 * it, and the store's busy handler makes writers queue instead of failing.
 * Two counters therefore never get the same ticket and no number is given
 * twice (the table's UNIQUE(service, day, number) backs this up).
 *
 * A ticket moves waiting → called → serving → done; a called ticket may
 * instead be skipped (the citizen did not come) or transferred to another
 * counter (back to waiting, for that counter only). Calling the next
 * ticket finishes the counter's current one as done.
 *
 * Screens that show the queue (board, dashboard) learn about other
 * processes' changes with mc_watch: SQLite's data_version, checked by a
 * sleep of at most 250 ms, never a busy loop.
 */
#ifndef MOTCUA_QUEUE_H
#define MOTCUA_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "motcua/error.h"
#include "motcua/store.h"

typedef enum mc_ticket_state {
	MC_TICKET_WAITING,
	MC_TICKET_CALLED,
	MC_TICKET_SERVING,
	MC_TICKET_DONE,
	MC_TICKET_SKIPPED,
} mc_ticket_state;

/* Stable key used in the database and JSON ("waiting", "called", ...). */
const char *mc_ticket_state_key(mc_ticket_state s);
/* Vietnamese label ("đang chờ", "đã gọi", ...). */
const char *mc_ticket_state_label(mc_ticket_state s);
bool mc_ticket_state_parse(const char *key, mc_ticket_state *out);

typedef enum mc_counter_state {
	MC_COUNTER_OPEN,
	MC_COUNTER_PAUSED,   /* tạm nghỉ */
	MC_COUNTER_CLOSED,
} mc_counter_state;

const char *mc_counter_state_key(mc_counter_state s);    /* open, paused, closed */
const char *mc_counter_state_label(mc_counter_state s);  /* mở, tạm nghỉ, đóng */
bool mc_counter_state_parse(const char *key, mc_counter_state *out);

/* ---- services and counters (data, set up by a supervisor) --------------- */

#define MC_QUEUE_MAX_SERVICES 64
#define MC_QUEUE_MAX_COUNTERS 64

typedef struct mc_queue_service {
	char code[4];        /* one or two letters A-Z: the ticket's prefix */
	char name[128];      /* "Hộ tịch" */
	char fields[512];    /* lĩnh vực covered, comma-separated (may be "") */
	bool active;
} mc_queue_service;

typedef struct mc_counter {
	int number;          /* quầy 1, 2, ... */
	char name[128];
	char services[160];  /* service codes, comma-separated: "A,B" */
	mc_counter_state state;
} mc_counter;

typedef int (*mc_queue_service_cb)(const mc_queue_service *s, void *ctx);
typedef int (*mc_counter_cb)(const mc_counter *c, void *ctx);

/* Add or update a service (supervisor). code: one or two letters, taken
 * upper-case; name: non-empty; fields: comma-separated, may be NULL. */
mc_status mc_queue_service_add(mc_store *store, const char *code, const char *name,
			       const char *fields, mc_error *err);
/* Services in code order; cb returns non-zero to stop. */
mc_status mc_queue_service_list(mc_store *store, mc_queue_service_cb cb, void *ctx,
				mc_error *err);

/* Add or update a counter (supervisor). number >= 1; services: codes of
 * existing services, comma-separated ("A,B"); name may be NULL. */
mc_status mc_queue_counter_add(mc_store *store, int number, const char *name,
			       const char *services, mc_error *err);
mc_status mc_queue_counter_list(mc_store *store, mc_counter_cb cb, void *ctx, mc_error *err);
/* One counter; MC_EDATA naming the command to set it up when unknown. */
mc_status mc_queue_counter_get(mc_store *store, int number, mc_counter *out, mc_error *err);
/* Open, pause (tạm nghỉ) or close a counter; calling reopens it. */
mc_status mc_queue_counter_set_state(mc_store *store, int number, mc_counter_state state,
				     mc_error *err);

/* ---- tickets --------------------------------------------------------------- */

typedef struct mc_ticket {
	int64_t id;
	char ticket[12];         /* A012 */
	char service[4];
	char service_name[128];
	char day[11];            /* YYYY-MM-DD */
	int number;
	mc_ticket_state state;
	int counter;             /* the counter that called it, 0 none */
	char issued_at[17];      /* YYYY-MM-DD HH:MM; "" when not reached */
	char called_at[17];
	char served_at[17];
	char done_at[17];
	int recalls;
	char dossier_code[64];
	int transferred_to;      /* 0 none */
	int waiting_ahead;       /* issue only: tickets of the service waiting before it */
} mc_ticket;

/* Issue the next ticket of a service for today (kiosk). MC_EDATA for an
 * unknown or inactive service. */
mc_status mc_queue_issue(mc_store *store, const char *service, mc_ticket *out, mc_error *err);

/* Call the next ticket at a counter: tickets transferred to this counter
 * first, then the oldest waiting ticket of today of the counter's
 * services. The counter's current ticket (called or serving) is finished
 * as done first, and a paused counter is reopened. MC_EEMPTY when nobody
 * is waiting (the current ticket is still finished). */
mc_status mc_queue_call(mc_store *store, int counter, mc_ticket *out, mc_error *err);

/* The counter's current ticket (called or serving); MC_EEMPTY if none. */
mc_status mc_queue_current(mc_store *store, int counter, mc_ticket *out, mc_error *err);

/* Announce the current called ticket again. MC_EEMPTY with no current
 * ticket; MC_EDATA when it is already being served. */
mc_status mc_queue_recall(mc_store *store, int counter, mc_ticket *out, mc_error *err);
/* The called citizen did not come: the current called ticket is skipped. */
mc_status mc_queue_skip(mc_store *store, int counter, mc_ticket *out, mc_error *err);
/* The citizen is at the counter: current ticket → serving. */
mc_status mc_queue_serve(mc_store *store, int counter, mc_ticket *out, mc_error *err);
/* Link the dossier taken in to the counter's current ticket (marks it
 * serving). dossier_code must name an existing dossier. */
mc_status mc_queue_link_dossier(mc_store *store, int counter, const char *dossier_code,
				mc_ticket *out, mc_error *err);
/* Finish the current ticket; dossier_code (may be NULL) is linked too. */
mc_status mc_queue_done(mc_store *store, int counter, const char *dossier_code,
			mc_ticket *out, mc_error *err);
/* Send the current ticket to another counter: back to waiting, to be
 * called first by that counter (whatever its services). */
mc_status mc_queue_transfer(mc_store *store, int counter, int to_counter, mc_ticket *out,
			    mc_error *err);

/* A ticket of a day by its text ("A012"); day NULL = today. */
mc_status mc_queue_ticket_get(mc_store *store, const char *ticket, const char *day,
			      mc_ticket *out, mc_error *err);

/* ---- a snapshot of today's queue (board, status, dashboard) ------------- */

typedef struct mc_queue_counter_view {
	mc_counter counter;
	bool has_ticket;        /* a called or serving ticket */
	char ticket[12];
	int64_t ticket_id;
	mc_ticket_state ticket_state;
	char called_at[17];
	int recalls;
	int served;             /* tickets done here today */
} mc_queue_counter_view;

typedef struct mc_queue_service_view {
	mc_queue_service service;
	int waiting;
	int called;             /* called or serving now */
	int done;
	int skipped;
	int issued;
} mc_queue_service_view;

typedef struct mc_queue_snapshot {
	char day[11];
	char as_of[17];
	int waiting;            /* all services */
	int served;             /* done today */
	int issued;
	/* waits of the tickets still waiting, in minutes (as of as_of) */
	int longest_wait;
	char longest_ticket[12];
	double avg_wait;
	/* waits of the tickets called today (issued → called), minutes */
	double avg_wait_called;
	double avg_service;     /* called → done, minutes, tickets done today */
	int nservices;
	mc_queue_service_view services[MC_QUEUE_MAX_SERVICES];
	int ncounters;
	mc_queue_counter_view counters[MC_QUEUE_MAX_COUNTERS];
} mc_queue_snapshot;

/* Fill *out for the day of as_of (minutes, see motcua/clock.h). */
mc_status mc_queue_snapshot_read(mc_store *store, int64_t as_of, mc_queue_snapshot *out,
				 mc_error *err);

/* ---- watching for other processes' changes --------------------------------- */

/* SQLite's PRAGMA data_version: it changes when another connection commits
 * to the file (not for this handle's own writes). */
mc_status mc_store_data_version(mc_store *store, int64_t *out, mc_error *err);

typedef struct mc_watch {
	mc_store *store;
	int64_t version;
} mc_watch;

/* Start watching: remembers the current data_version. */
mc_status mc_watch_init(mc_watch *w, mc_store *store, mc_error *err);
/* *changed is true when another process committed since the last call
 * (or init). One cheap read of the WAL index: a few microseconds. */
mc_status mc_watch_changed(mc_watch *w, bool *changed, mc_error *err);
/* Sleep in steps of at most 250 ms until a change or timeout_ms passed.
 * Costs 4 data_version reads a second while idle. */
mc_status mc_watch_wait(mc_watch *w, int timeout_ms, bool *changed, mc_error *err);

#endif
