/*
 * Corrections after saving (include/motcua/lifecycle.h): a typo in the
 * applicant's data, and the void of a wrong intake. Neither rewrites
 * history: the dossier row changes and one event records what it was and
 * what it became, so the register and the history still tell the truth.
 */
#include "motcua/auth.h"
#include "motcua/clock.h"
#include "motcua/json.h"
#include "motcua/lifecycle.h"
#include "motcua/text.h"
#include "dossier_internal.h"
#include "store_ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The event's data as JSON: keys and values alternate, NULL-terminated. */
static void event_data(mc_event *e, const char *const *kv)
{
	char *data = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&data, &len);
	if (!f) {
		snprintf(e->data, sizeof e->data, "{}");
		return;
	}
	mc_json j;
	mc_json_init(&j, f);
	mc_json_begin_object(&j, NULL);
	for (; kv[0]; kv += 2)
		mc_json_string(&j, kv[0], kv[1]);
	mc_json_end_object(&j);
	fclose(f);
	while (len && data[len - 1] == '\n')
		data[--len] = '\0';
	snprintf(e->data, sizeof e->data, "%s", len < sizeof e->data ? data : "{}");
	free(data);
}

static void event_stamp(mc_event *e, const mc_dossier *d, const char *action, const char *user,
			const char *from)
{
	mc_time_format(mc_clock_now(), e->at);
	mc_clock_stamp(e->entered_at);
	snprintf(e->user, sizeof e->user, "%s", user && *user ? user : "admin");
	snprintf(e->action, sizeof e->action, "%s", action);
	snprintf(e->from_status, sizeof e->from_status, "%s", from);
	snprintf(e->to_status, sizeof e->to_status, "%s", mc_dossier_status_key(d->status));
}

mc_status mc_dossier_void(mc_store *store, const char *code, const char *reason,
			  const char *user, mc_error *err)
{
	if (!code || !*code)
		return mc_error_set(err, MC_EUSAGE, "the dossier code is required");
	mc_status st = mc_auth_require(store, MC_ROLE_SUPERVISOR, "void a dossier", err);
	if (st != MC_OK)
		return st;
	char *why = NULL;
	if (!reason || mc_text_clean(reason, &why, err) != MC_OK || !*why) {
		free(why);
		return mc_error_set(err, MC_EDATA, "--reason is required: why the intake was wrong");
	}
	mc_dossier *d = malloc(sizeof *d);
	mc_event e = {0};
	if (!d) {
		free(why);
		return mc_error_set(err, MC_ESYS, "out of memory");
	}
	if ((st = mc_store_begin(store, err)) != MC_OK)
		goto out;
	if ((st = mc_dossier_get(store, code, d, err)) != MC_OK)
		goto fail;
	if (d->status == MC_DS_VOIDED || d->status == MC_DS_RETURNED) {
		st = mc_error_set(err, MC_EDATA, "dossier %s is %s (%s): it cannot be voided",
				  d->code, mc_dossier_status_key(d->status),
				  mc_dossier_status_label(d->status));
		goto fail;
	}
	char from[16];
	snprintf(from, sizeof from, "%s", mc_dossier_status_key(d->status));
	d->status = MC_DS_VOIDED;
	event_stamp(&e, d, "void", user, from);
	snprintf(e.note, sizeof e.note, "%s", why);
	event_data(&e, (const char *const[]){"reason", why, NULL});
	if ((st = store_dossier_update_state(store, d, NULL, e.entered_at, err)) != MC_OK ||
	    (st = store_event_append(store, d->id, &e, err)) != MC_OK ||
	    (st = mc_store_commit(store, err)) != MC_OK)
		goto fail;
	goto out;
fail:
	mc_store_rollback(store);
out:
	free(why);
	free(d);
	return st;
}

/* A clerk corrects only what they took in today; anyone above, anything. */
static mc_status may_correct(mc_store *store, const mc_dossier *d, mc_error *err)
{
	const char *who;
	mc_role role;
	if (!mc_auth_actor(store, &who, &role) || role >= MC_ROLE_SUPERVISOR)
		return mc_auth_require(store, MC_ROLE_CLERK, "correct a dossier", err);
	char today[17];
	mc_time_format(mc_clock_now(), today);
	if (strcmp(who, d->received_by) == 0 && strncmp(today, d->received_at, 10) == 0)
		return mc_auth_require(store, MC_ROLE_CLERK, "correct a dossier", err);
	return mc_error_set(err, MC_EDATA,
			    "user %s (clerk) may correct only the dossiers they took in "
			    "themselves today; dossier %s was taken in by %s on %.10s: ask a "
			    "supervisor", who, d->code, d->received_by, d->received_at);
}

static const char *field_key(const char *f)
{
	static const char *const names[][2] = {
		{"name", "name"}, {"applicant_name", "name"}, {"applicant.name", "name"},
		{"id_number", "id_number"}, {"applicant.id_number", "id_number"},
		{"phone", "phone"}, {"applicant.phone", "phone"},
		{"address", "address"}, {"applicant.address", "address"},
	};
	for (size_t i = 0; f && i < sizeof names / sizeof names[0]; i++)
		if (strcmp(f, names[i][0]) == 0)
			return names[i][1];
	return NULL;
}

mc_status mc_dossier_correct(mc_store *store, const char *code, const char *field,
			     const char *value, const char *user, mc_error *err)
{
	if (!code || !*code)
		return mc_error_set(err, MC_EUSAGE, "the dossier code is required");
	const char *key = field_key(field);
	if (!key)
		return mc_error_set(err, MC_EUSAGE, "--field \"%s\" cannot be corrected: name, "
				    "id_number, phone or address", field ? field : "");
	mc_dossier *d = malloc(sizeof *d);
	if (!d)
		return mc_error_set(err, MC_ESYS, "out of memory");
	mc_event e = {0};
	char *fold = NULL;
	mc_status st = mc_store_begin(store, err);
	if (st != MC_OK)
		goto out;
	if ((st = mc_dossier_get(store, code, d, err)) != MC_OK ||
	    (st = may_correct(store, d, err)) != MC_OK)
		goto fail;
	if (d->status == MC_DS_VOIDED) {
		st = mc_error_set(err, MC_EDATA, "dossier %s is voided: it cannot be corrected",
				  d->code);
		goto fail;
	}
	mc_applicant *a = &d->applicant, fixed;
	mc_intake in = {.name = a->name, .id_number = a->id_number, .phone = a->phone,
			.address = a->address};
	const char *old = strcmp(key, "name") == 0 ? a->name
			: strcmp(key, "id_number") == 0 ? a->id_number
			: strcmp(key, "phone") == 0 ? a->phone : a->address;
	*(strcmp(key, "name") == 0 ? &in.name : strcmp(key, "id_number") == 0 ? &in.id_number
	  : strcmp(key, "phone") == 0 ? &in.phone : &in.address) = value ? value : "";
	if ((st = dossier_check_applicant(&in, &fixed, err)) != MC_OK)
		goto fail;
	const char *now = strcmp(key, "name") == 0 ? fixed.name
			: strcmp(key, "id_number") == 0 ? fixed.id_number
			: strcmp(key, "phone") == 0 ? fixed.phone : fixed.address;
	if (strcmp(old, now) == 0) {
		st = mc_error_set(err, MC_EDATA, "%s of dossier %s is already \"%s\"", key, d->code,
				  old);
		goto fail;
	}
	event_stamp(&e, d, "correct", user, mc_dossier_status_key(d->status));
	e.from_status[0] = e.to_status[0] = '\0';
	snprintf(e.note, sizeof e.note, "%s: %.200s → %.200s", key, old, now);
	event_data(&e, (const char *const[]){"field", key, "old", old, "new", now, NULL});
	if (!(fold = mc_text_fold(fixed.name))) {
		st = mc_error_set(err, MC_ESYS, "out of memory");
		goto fail;
	}
	if ((st = store_dossier_set_applicant(store, d->id, &fixed, fold, e.entered_at, err)) !=
		    MC_OK ||
	    (st = store_event_append(store, d->id, &e, err)) != MC_OK ||
	    (st = mc_store_commit(store, err)) != MC_OK)
		goto fail;
	goto out;
fail:
	mc_store_rollback(store);
out:
	free(fold);
	free(d);
	return st;
}
