/*
 * The counter's day (include/motcua/counter.h): lists built from the
 * dossiers and their history; nothing here writes.
 */
#include "motcua/counter.h"

#include "motcua/calendar.h"
#include "motcua/clock.h"
#include "motcua/lifecycle.h"
#include "motcua/paths.h"
#include "motcua/user.h"
#include "store_ops.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct watch_row {
	mc_dossier d;
	int64_t minutes;
};

struct collect {
	mc_store *store;
	int64_t as_of;
	int soon_days;
	struct watch_row *rows;
	int n, cap, day;
	mc_status st;
	mc_error *err;
};

static int collect_one(const mc_dossier *d, void *ctx)
{
	struct collect *c = ctx;
	int64_t mins;
	int day;
	if (mc_dossier_time_left(c->store, d, c->as_of, &mins, &day, NULL) != MC_OK)
		return 0;
	mc_timeliness tl;
	if (mc_dossier_timeliness(c->store, d, c->as_of, &tl, NULL) != MC_OK)
		return 0;
	bool late = tl == MC_TL_LATE;
	if (c->soon_days < 0 ? !late : (late || mins > (int64_t)c->soon_days * day))
		return 0;
	if (c->n == c->cap) {
		int cap = c->cap ? c->cap * 2 : 32;
		struct watch_row *nr = realloc(c->rows, (size_t)cap * sizeof *nr);
		if (!nr) {
			c->st = mc_error_set(c->err, MC_ESYS, "out of memory");
			return 1;
		}
		c->rows = nr;
		c->cap = cap;
	}
	c->rows[c->n].d = *d;
	c->rows[c->n++].minutes = mins;
	c->day = day;
	return 0;
}

static int by_minutes(const void *a, const void *b)
{
	const struct watch_row *x = a, *y = b;
	return x->minutes < y->minutes ? -1 : x->minutes > y->minutes;
}

mc_status mc_counter_watch(mc_store *store, int64_t as_of, int soon_days, int limit,
			   mc_due_cb cb, void *ctx, mc_error *err)
{
	struct collect c = {.store = store, .as_of = as_of, .soon_days = soon_days, .err = err};
	char at[17];
	mc_time_format(as_of, at);
	mc_status st = MC_OK;
	if (soon_days < 0) {
		mc_dossier_filter f = {.overdue_at = at};
		st = mc_dossier_list(store, &f, collect_one, &c, err);
	} else {
		static const mc_dossier_status open[] = {MC_DS_ACCEPTED, MC_DS_PROCESSING};
		for (size_t i = 0; st == MC_OK && i < 2; i++) {
			mc_dossier_filter f = {.has_status = true, .status = open[i]};
			st = mc_dossier_list(store, &f, collect_one, &c, err);
		}
	}
	if (st == MC_OK)
		st = c.st;
	if (st == MC_OK && c.n) {
		/* Most overdue first, or soonest due first: both ascending. */
		qsort(c.rows, (size_t)c.n, sizeof *c.rows, by_minutes);
		int max = limit > 0 ? limit : 500;
		for (int i = 0; i < c.n && i < max; i++) {
			mc_due_row w = {.d = &c.rows[i].d, .minutes = c.rows[i].minutes,
				      .day_minutes = c.day};
			if (cb(&w, ctx))
				break;
		}
	}
	free(c.rows);
	return st;
}

struct day_ctx {
	mc_store *store;
	mc_day_cb cb;
	void *ctx;
	mc_dossier *d;
	mc_status st;
	mc_error *err;
};

static int day_row(const char *code, const char *action, const char *at, const char *to,
		   void *ctx)
{
	struct day_ctx *c = ctx;
	if (mc_dossier_get(c->store, code, c->d, c->err) != MC_OK) {
		c->st = MC_EDATA;
		return 1;
	}
	if (c->d->status == MC_DS_VOIDED)
		return 0;
	mc_day_item it = {.d = c->d, .action = action, .at = at, .to = to};
	return c->cb(&it, c->ctx);
}

mc_status mc_counter_day(mc_store *store, const char *user, const char *day,
			 const char *actions, mc_day_cb cb, void *ctx, mc_error *err)
{
	int32_t dn;
	if (!day || mc_date_parse(day, &dn, err) != MC_OK)
		return day ? mc_error_prefix(err, "day") : mc_error_set(err, MC_EUSAGE, "no day");
	struct day_ctx c = {.store = store, .cb = cb, .ctx = ctx, .err = err,
			    .d = malloc(sizeof(mc_dossier))};
	if (!c.d)
		return mc_error_set(err, MC_ESYS, "out of memory");
	char list[64];
	snprintf(list, sizeof list, ",%s,", actions ? actions : "intake,return,transfer");
	mc_status st = store_events_of_day(store, user, day, list, day_row, &c, err);
	free(c.d);
	return st != MC_OK ? st : c.st;
}

/* ---- the hand-over list ----------------------------------------------------------- */

struct handover {
	mc_print_vars *v;
	int n;
	bool oom;
};

static int handover_row(const mc_day_item *it, void *ctx)
{
	struct handover *h = ctx;
	mc_print_vars *r = mc_print_vars_item(h->v, "dossiers");
	char due[16];
	snprintf(due, sizeof due, "%.2s/%.2s/%.4s", it->d->due_at + 8, it->d->due_at + 5,
		 it->d->due_at);
	if (!r || !mc_print_vars_setf(r, "no", "%d", ++h->n) ||
	    !mc_print_vars_set(r, "code", it->d->code) ||
	    !mc_print_vars_set(r, "applicant.name", it->d->applicant.name) ||
	    !mc_print_vars_set(r, "procedure.name", it->d->procedure_name) ||
	    !mc_print_vars_set(r, "department", it->to) ||
	    !mc_print_vars_set(r, "time", it->at + 11) || !mc_print_vars_set(r, "due", due)) {
		h->oom = true;
		return 1;
	}
	return 0;
}

static mc_status read_all(const char *path, char **out, mc_error *err)
{
	FILE *in = fopen(path, "rb");
	if (!in)
		return mc_error_set(err, MC_ESYS, "cannot read the form template %s: %s", path,
				    strerror(errno));
	enum { MAX = 64 * 1024 };
	char *buf = malloc(MAX + 1);
	size_t n = buf ? fread(buf, 1, MAX, in) : 0;
	fclose(in);
	if (!buf)
		return mc_error_set(err, MC_ESYS, "out of memory");
	buf[n] = '\0';
	*out = buf;
	return MC_OK;
}

mc_status mc_print_handover(mc_store *store, const char *user, const char *day,
			    const mc_print_opts *o, FILE *out, mc_error *err)
{
	struct handover h = {.v = mc_print_vars_new()};
	if (!h.v)
		return mc_error_set(err, MC_ESYS, "out of memory");
	mc_office office;
	mc_user u;
	bool have_user = mc_user_get(store, user, &u, NULL) == MC_OK;
	mc_status st = mc_store_office_get(store, &office, err);
	if (st == MC_OK)
		st = mc_counter_day(store, user, day, "transfer", handover_row, &h, err);
	if (st == MC_OK && h.oom)
		st = mc_error_set(err, MC_ESYS, "out of memory");
	if (st == MC_OK && h.n == 0)
		st = mc_error_set(err, MC_EEMPTY, "%s transferred no dossier on %s", user, day);
	char date[32];
	snprintf(date, sizeof date, "%.2s/%.2s/%.4s", day + 8, day + 5, day);
	if (st == MC_OK &&
	    (!mc_print_vars_set(h.v, "office.name", office.name) ||
	     !mc_print_vars_set(h.v, "clerk", have_user ? u.full_name : user) ||
	     !mc_print_vars_set(h.v, "day", date) ||
	     !mc_print_vars_setf(h.v, "dossiers.count", "%d", h.n)))
		st = mc_error_set(err, MC_ESYS, "out of memory");
	char path[1200], *text = NULL;
	if (o->forms_dir && *o->forms_dir)
		snprintf(path, sizeof path, "%s/handover.tmpl", o->forms_dir);
	else
		mc_paths_data_file("forms/print/handover.tmpl", path, sizeof path);
	if (st == MC_OK)
		st = read_all(path, &text, err);
	mc_print_doc *doc = NULL;
	if (st == MC_OK)
		st = mc_print_expand(text, "handover.tmpl", h.v, &doc, err);
	if (st == MC_OK)
		st = o->format == MC_PRINT_TEXT
			     ? mc_print_text(doc, o->width ? o->width : 80, o->ascii, out, err)
			     : mc_print_pdf(doc, o->format, out, err);
	mc_print_doc_free(doc);
	free(text);
	mc_print_vars_free(h.v);
	return st;
}
