/*
 * The waiting-room queue's rules (include/motcua/queue.h): validation,
 * who may set it up, what a ticket may do next, and the transaction
 * around each change. The rows themselves are read and written in
 * store_queue.c. Every change is one BEGIN IMMEDIATE transaction, so a
 * clerk process that has to wait for another one waits in the store's
 * busy handler instead of seeing "database is locked".
 */
#include "motcua/queue.h"

#include "motcua/auth.h"
#include "motcua/calendar.h"
#include "motcua/clock.h"
#include "motcua/text.h"
#include "store_ops.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct {
	const char *key;
	const char *label;
} ticket_states[] = {
	[MC_TICKET_WAITING] = {"waiting", "đang chờ"},
	[MC_TICKET_CALLED] = {"called", "đã gọi"},
	[MC_TICKET_SERVING] = {"serving", "đang phục vụ"},
	[MC_TICKET_DONE] = {"done", "đã xong"},
	[MC_TICKET_SKIPPED] = {"skipped", "vắng mặt"},
};

static const struct {
	const char *key;
	const char *label;
} counter_states[] = {
	[MC_COUNTER_OPEN] = {"open", "đang mở"},
	[MC_COUNTER_PAUSED] = {"paused", "tạm nghỉ"},
	[MC_COUNTER_CLOSED] = {"closed", "đóng"},
};

const char *mc_ticket_state_key(mc_ticket_state s)
{
	return s >= MC_TICKET_WAITING && s <= MC_TICKET_SKIPPED ? ticket_states[s].key : "unknown";
}

const char *mc_ticket_state_label(mc_ticket_state s)
{
	return s >= MC_TICKET_WAITING && s <= MC_TICKET_SKIPPED ? ticket_states[s].label : "?";
}

bool mc_ticket_state_parse(const char *key, mc_ticket_state *out)
{
	for (int i = MC_TICKET_WAITING; i <= MC_TICKET_SKIPPED; i++)
		if (strcmp(key, ticket_states[i].key) == 0) {
			*out = (mc_ticket_state)i;
			return true;
		}
	return false;
}

const char *mc_counter_state_key(mc_counter_state s)
{
	return s >= MC_COUNTER_OPEN && s <= MC_COUNTER_CLOSED ? counter_states[s].key : "unknown";
}

const char *mc_counter_state_label(mc_counter_state s)
{
	return s >= MC_COUNTER_OPEN && s <= MC_COUNTER_CLOSED ? counter_states[s].label : "?";
}

bool mc_counter_state_parse(const char *key, mc_counter_state *out)
{
	for (int i = MC_COUNTER_OPEN; i <= MC_COUNTER_CLOSED; i++)
		if (strcmp(key, counter_states[i].key) == 0) {
			*out = (mc_counter_state)i;
			return true;
		}
	return false;
}

/* Today's date and the current minute, from the program's clock. */
static void now_strings(char day[11], char at[17])
{
	mc_time_format(mc_clock_now(), at);
	memcpy(day, at, 10);
	day[10] = '\0';
}

/* One or two ASCII letters, upper-cased into code[4]. */
static mc_status service_code(const char *in, char code[4], mc_error *err)
{
	size_t n = in ? strlen(in) : 0;
	if (n < 1 || n > 2 || !isalpha((unsigned char)in[0]) ||
	    (n == 2 && !isalpha((unsigned char)in[1])))
		return mc_error_set(err, MC_EDATA,
				    "service code \"%s\" must be one or two letters (A, B, HT)",
				    in ? in : "");
	for (size_t i = 0; i < n; i++)
		code[i] = (char)toupper((unsigned char)in[i]);
	code[n] = '\0';
	return MC_OK;
}

/* Clean a display text into buf: NFC, single spaces, not empty, fits. */
static mc_status clean_into(const char *in, const char *what, bool may_be_empty, char *buf,
			    size_t bufsz, mc_error *err)
{
	char *c;
	if (mc_text_clean(in ? in : "", &c, err) != MC_OK)
		return mc_error_prefix(err, "%s", what);
	mc_status r = MC_OK;
	if (!*c && !may_be_empty)
		r = mc_error_set(err, MC_EDATA, "the %s is empty", what);
	else if (strlen(c) >= bufsz)
		r = mc_error_set(err, MC_EDATA, "the %s is too long (%zu bytes, at most %zu)", what,
				 strlen(c), bufsz - 1);
	else
		snprintf(buf, bufsz, "%s", c);
	free(c);
	return r;
}

/* "Hộ tịch , Chứng thực" → "Hộ tịch,Chứng thực" (empty items dropped). */
static void join_list(char *s)
{
	char *w = s, *save = NULL;
	for (char *item = strtok_r(s, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		while (*item == ' ')
			item++;
		size_t n = strlen(item);
		while (n && item[n - 1] == ' ')
			n--;
		if (!n)
			continue;
		if (w != s)
			*w++ = ',';
		memmove(w, item, n);
		w += n;
	}
	*w = '\0';
}

mc_status mc_queue_service_add(mc_store *store, const char *code, const char *name,
			       const char *fields, mc_error *err)
{
	if (mc_auth_require(store, MC_ROLE_SUPERVISOR, "set up the queue's services", err))
		return MC_EDATA;
	mc_queue_service v = {.active = true};
	mc_status r = service_code(code, v.code, err);
	if (r == MC_OK)
		r = clean_into(name, "service name", false, v.name, sizeof v.name, err);
	if (r == MC_OK)
		r = clean_into(fields, "list of fields", true, v.fields, sizeof v.fields, err);
	if (r != MC_OK)
		return r;
	join_list(v.fields);
	return store_queue_service_put(store, &v, err);
}

mc_status mc_queue_service_list(mc_store *store, mc_queue_service_cb cb, void *ctx,
				mc_error *err)
{
	return store_queue_service_each(store, cb, ctx, err);
}

/* "a, b,A" → "A,B" after checking that each service exists. */
static mc_status counter_services(mc_store *store, const char *in, char *out, size_t outsz,
				  mc_error *err)
{
	char buf[256];
	if (!in || strlen(in) >= sizeof buf)
		return mc_error_set(err, MC_EDATA, "give the counter's services as codes: A,B");
	snprintf(buf, sizeof buf, "%s", in);
	size_t n = 0;
	char *save = NULL;
	out[0] = '\0';
	for (char *item = strtok_r(buf, ", ", &save); item; item = strtok_r(NULL, ", ", &save)) {
		char code[4];
		mc_status r = service_code(item, code, err);
		if (r != MC_OK)
			return r;
		mc_queue_service v;
		r = store_queue_service_get(store, code, &v, err);
		if (r == MC_EEMPTY)
			return mc_error_set(err, MC_EDATA,
					    "no queue service %s: add it first with "
					    "'motcua queue service add %s --name NAME'", code, code);
		if (r != MC_OK)
			return r;
		char key[8];
		snprintf(key, sizeof key, ",%s,", code);
		char have[200];
		snprintf(have, sizeof have, ",%s,", out);
		if (strstr(have, key))
			continue;
		if (n + strlen(code) + 2 > outsz)
			return mc_error_set(err, MC_EDATA, "too many services for one counter");
		n += (size_t)snprintf(out + n, outsz - n, "%s%s", n ? "," : "", code);
	}
	if (!n)
		return mc_error_set(err, MC_EDATA, "give the counter's services as codes: A,B");
	return MC_OK;
}

mc_status mc_queue_counter_add(mc_store *store, int number, const char *name,
			       const char *services, mc_error *err)
{
	if (mc_auth_require(store, MC_ROLE_SUPERVISOR, "set up the counters", err))
		return MC_EDATA;
	if (number < 1 || number > 999)
		return mc_error_set(err, MC_EDATA, "counter number %d: use 1 to 999", number);
	mc_counter c = {.number = number, .state = MC_COUNTER_OPEN};
	mc_status r = counter_services(store, services, c.services, sizeof c.services, err);
	if (r != MC_OK)
		return r;
	if (name) {
		r = clean_into(name, "counter name", true, c.name, sizeof c.name, err);
	} else {
		mc_counter old;
		r = store_queue_counter_get(store, number, &old, err);
		if (r == MC_OK)
			snprintf(c.name, sizeof c.name, "%s", old.name);
		r = r == MC_EEMPTY ? MC_OK : r;
	}
	return r == MC_OK ? store_queue_counter_put(store, &c, err) : r;
}

mc_status mc_queue_counter_list(mc_store *store, mc_counter_cb cb, void *ctx, mc_error *err)
{
	return store_queue_counter_each(store, cb, ctx, err);
}

mc_status mc_queue_counter_get(mc_store *store, int number, mc_counter *out, mc_error *err)
{
	mc_status r = store_queue_counter_get(store, number, out, err);
	if (r == MC_EEMPTY)
		return mc_error_set(err, MC_EDATA,
				    "counter %d is not set up: "
				    "motcua queue counter add %d --services A,B", number, number);
	return r;
}

mc_status mc_queue_counter_set_state(mc_store *store, int number, mc_counter_state state,
				     mc_error *err)
{
	mc_counter c;
	mc_status r = mc_queue_counter_get(store, number, &c, err);
	return r == MC_OK ? store_queue_counter_state(store, number, state, err) : r;
}

/* ---- tickets ------------------------------------------------------------------ */

/* Commit on success, roll back otherwise; returns the first failure. */
static mc_status end_tx(mc_store *store, mc_status r, mc_error *err)
{
	if (r != MC_OK) {
		mc_store_rollback(store);
		return r;
	}
	return mc_store_commit(store, err);
}

mc_status mc_queue_issue(mc_store *store, const char *service, mc_ticket *out, mc_error *err)
{
	char code[4], day[11], at[17];
	mc_status r = service_code(service, code, err);
	if (r != MC_OK)
		return r;
	now_strings(day, at);
	if ((r = mc_store_begin(store, err)) != MC_OK)
		return r;
	mc_queue_service v;
	r = store_queue_service_get(store, code, &v, err);
	if (r == MC_EEMPTY)
		r = mc_error_set(err, MC_EDATA, "no queue service %s (see motcua queue service list)",
				 code);
	else if (r == MC_OK && !v.active)
		r = mc_error_set(err, MC_EDATA, "queue service %s (%s) is not in use", code, v.name);
	if (r == MC_OK)
		r = store_queue_ticket_insert(store, code, day, at, out, err);
	if (r == MC_OK)
		r = store_queue_waiting_before(store, out, &out->waiting_ahead, err);
	return end_tx(store, r, err);
}

mc_status mc_queue_call(mc_store *store, int counter, mc_ticket *out, mc_error *err)
{
	char day[11], at[17];
	now_strings(day, at);
	memset(out, 0, sizeof *out);
	mc_status r = mc_store_begin(store, err);
	if (r != MC_OK)
		return r;
	mc_counter c;
	r = mc_queue_counter_get(store, counter, &c, err);
	if (r == MC_OK)
		r = store_queue_finish_current(store, counter, at, err);
	if (r == MC_OK && c.state != MC_COUNTER_OPEN)
		r = store_queue_counter_state(store, counter, MC_COUNTER_OPEN, err);
	int64_t id = 0;
	if (r == MC_OK)
		r = store_queue_pick(store, counter, day, at, &id, err);
	if (r == MC_EEMPTY) {
		/* Nobody waiting: the current ticket's end is still saved. */
		if ((r = mc_store_commit(store, err)) != MC_OK)
			return r;
		return mc_error_set(err, MC_EEMPTY, "nobody is waiting for counter %d (services %s)",
				    counter, c.services);
	}
	if (r == MC_OK)
		r = store_queue_ticket_by_id(store, id, out, err);
	return end_tx(store, r, err);
}

mc_status mc_queue_current(mc_store *store, int counter, mc_ticket *out, mc_error *err)
{
	char day[11], at[17];
	now_strings(day, at);
	mc_status r = store_queue_current(store, counter, day, out, err);
	if (r == MC_EEMPTY)
		return mc_error_set(err, MC_EEMPTY, "counter %d has no ticket called", counter);
	return r;
}

/* A change of the counter's current ticket: fn edits *t (at = now). */
typedef mc_status (*ticket_edit)(mc_store *store, mc_ticket *t, const void *arg,
				 const char *at, mc_error *err);

static mc_status edit_current(mc_store *store, int counter, ticket_edit fn, const void *arg,
			      mc_ticket *out, mc_error *err)
{
	char day[11], at[17];
	now_strings(day, at);
	mc_ticket t;
	mc_status r = mc_store_begin(store, err);
	if (r != MC_OK)
		return r;
	mc_counter c;
	r = mc_queue_counter_get(store, counter, &c, err);
	if (r == MC_OK) {
		r = store_queue_current(store, counter, day, &t, err);
		if (r == MC_EEMPTY)
			r = mc_error_set(err, MC_EEMPTY, "counter %d has no ticket called", counter);
	}
	if (r == MC_OK)
		r = fn(store, &t, arg, at, err);
	if (r == MC_OK)
		r = store_queue_ticket_update(store, &t, err);
	if ((r = end_tx(store, r, err)) == MC_OK && out)
		*out = t;
	return r;
}

static mc_status do_recall(mc_store *store, mc_ticket *t, const void *arg, const char *at,
			   mc_error *err)
{
	(void)store, (void)arg, (void)at;
	if (t->state == MC_TICKET_SERVING)
		return mc_error_set(err, MC_EDATA, "%s is already being served at counter %d",
				    t->ticket, t->counter);
	t->recalls++;
	return MC_OK;
}

static mc_status do_skip(mc_store *store, mc_ticket *t, const void *arg, const char *at,
			 mc_error *err)
{
	(void)store, (void)arg;
	if (t->state == MC_TICKET_SERVING)
		return mc_error_set(err, MC_EDATA,
				    "%s is being served: finish it with done instead of skip",
				    t->ticket);
	t->state = MC_TICKET_SKIPPED;
	snprintf(t->done_at, sizeof t->done_at, "%s", at);
	return MC_OK;
}

static mc_status do_serve(mc_store *store, mc_ticket *t, const void *arg, const char *at,
			  mc_error *err)
{
	(void)store, (void)arg, (void)err;
	if (t->state == MC_TICKET_CALLED) {
		t->state = MC_TICKET_SERVING;
		snprintf(t->served_at, sizeof t->served_at, "%s", at);
	}
	return MC_OK;
}

static mc_status do_link(mc_store *store, mc_ticket *t, const void *arg, const char *at,
			 mc_error *err)
{
	const char *code = arg;
	bool exists = false;
	mc_status r = store_queue_dossier_exists(store, code, &exists, err);
	if (r != MC_OK)
		return r;
	if (!exists)
		return mc_error_set(err, MC_EDATA, "no dossier %s to link to ticket %s", code,
				    t->ticket);
	snprintf(t->dossier_code, sizeof t->dossier_code, "%s", code);
	return do_serve(store, t, NULL, at, err);
}

static mc_status do_done(mc_store *store, mc_ticket *t, const void *arg, const char *at,
			 mc_error *err)
{
	if (arg && *(const char *)arg) {
		mc_status r = do_link(store, t, arg, at, err);
		if (r != MC_OK)
			return r;
	}
	if (!t->served_at[0])
		snprintf(t->served_at, sizeof t->served_at, "%s", at);
	t->state = MC_TICKET_DONE;
	snprintf(t->done_at, sizeof t->done_at, "%s", at);
	return MC_OK;
}

static mc_status do_transfer(mc_store *store, mc_ticket *t, const void *arg, const char *at,
			     mc_error *err)
{
	(void)at;
	int to = *(const int *)arg;
	if (to == t->counter)
		return mc_error_set(err, MC_EDATA, "%s is already at counter %d", t->ticket, to);
	mc_counter c;
	mc_status r = mc_queue_counter_get(store, to, &c, err);
	if (r != MC_OK)
		return r;
	t->state = MC_TICKET_WAITING;
	t->transferred_to = to;
	t->served_at[0] = '\0';
	return MC_OK;
}

mc_status mc_queue_recall(mc_store *store, int counter, mc_ticket *out, mc_error *err)
{
	return edit_current(store, counter, do_recall, NULL, out, err);
}

mc_status mc_queue_skip(mc_store *store, int counter, mc_ticket *out, mc_error *err)
{
	return edit_current(store, counter, do_skip, NULL, out, err);
}

mc_status mc_queue_serve(mc_store *store, int counter, mc_ticket *out, mc_error *err)
{
	return edit_current(store, counter, do_serve, NULL, out, err);
}

mc_status mc_queue_link_dossier(mc_store *store, int counter, const char *dossier_code,
				mc_ticket *out, mc_error *err)
{
	if (!dossier_code || !*dossier_code)
		return mc_error_set(err, MC_EDATA, "no dossier code to link");
	return edit_current(store, counter, do_link, dossier_code, out, err);
}

mc_status mc_queue_done(mc_store *store, int counter, const char *dossier_code,
			mc_ticket *out, mc_error *err)
{
	return edit_current(store, counter, do_done, dossier_code, out, err);
}

mc_status mc_queue_transfer(mc_store *store, int counter, int to_counter, mc_ticket *out,
			    mc_error *err)
{
	return edit_current(store, counter, do_transfer, &to_counter, out, err);
}

mc_status mc_queue_ticket_get(mc_store *store, const char *ticket, const char *day,
			      mc_ticket *out, mc_error *err)
{
	char today[11], at[17], text[12];
	now_strings(today, at);
	size_t n = ticket ? strlen(ticket) : 0;
	if (n < 2 || n >= sizeof text)
		return mc_error_set(err, MC_EDATA, "\"%s\" is not a ticket number (A012)",
				    ticket ? ticket : "");
	for (size_t i = 0; i <= n; i++)
		text[i] = (char)toupper((unsigned char)ticket[i]);
	mc_status r = store_queue_ticket_by_text(store, text, day ? day : today, out, err);
	if (r == MC_EEMPTY)
		return mc_error_set(err, MC_EDATA, "no ticket %s on %s", text, day ? day : today);
	return r;
}

mc_status mc_queue_snapshot_read(mc_store *store, int64_t as_of, mc_queue_snapshot *out,
				 mc_error *err)
{
	char at[17], day[11];
	mc_time_format(as_of, at);
	memcpy(day, at, 10);
	day[10] = '\0';
	return store_queue_snapshot(store, day, at, out, err);
}

/* ---- watching -------------------------------------------------------------------- */

mc_status mc_store_data_version(mc_store *store, int64_t *out, mc_error *err)
{
	return store_data_version(store, out, err);
}

mc_status mc_watch_init(mc_watch *w, mc_store *store, mc_error *err)
{
	w->store = store;
	return store_data_version(store, &w->version, err);
}

mc_status mc_watch_changed(mc_watch *w, bool *changed, mc_error *err)
{
	int64_t v = 0;
	*changed = false;
	mc_status r = store_data_version(w->store, &v, err);
	if (r == MC_OK && v != w->version) {
		w->version = v;
		*changed = true;
	}
	return r;
}

mc_status mc_watch_wait(mc_watch *w, int timeout_ms, bool *changed, mc_error *err)
{
	for (int waited = 0;;) {
		mc_status r = mc_watch_changed(w, changed, err);
		if (r != MC_OK || *changed || waited >= timeout_ms)
			return r;
		int step = timeout_ms - waited < 250 ? timeout_ms - waited : 250;
		struct timespec ts = {step / 1000, (long)(step % 1000) * 1000000L};
		nanosleep(&ts, NULL);
		waited += step;
	}
}
