/*
 * `motcua check`: can this database be trusted? (include/motcua/backup.h)
 * SQLite's checks first (a damaged file makes the rest meaningless), then
 * the domain's invariants, each problem reported as one line naming the
 * dossier or table. Read only.
 */
#include "motcua/backup.h"
#include "motcua/dossier.h"
#include "store_backup.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct checker {
	mc_check_cb cb;
	void *ctx;
	long problems;
	bool stop;
};

static void report(struct checker *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void report(struct checker *c, const char *fmt, ...)
{
	char line[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	c->problems++;
	if (!c->stop && c->cb && c->cb(line, c->ctx))
		c->stop = true;
}

static int pragma_row(const char *const *v, int n, void *arg)
{
	struct checker *c = arg;
	report(c, "%s: %s", v[0] ? v[0] : "", n > 1 && v[1] ? v[1] : "");
	return c->stop;
}

static int dossier_row(const char *const *v, int n, void *arg)
{
	struct checker *c = arg;
	const char *code = v[0] ? v[0] : "?", *unit = v[1] ? v[1] : "";
	const char *status = v[2] ? v[2] : "", *last = v[3];
	long events = n > 4 && v[4] ? strtol(v[4], NULL, 10) : 0;
	char cunit[64];
	int32_t day;
	int seq;
	mc_error e = {0};
	mc_dossier_status ds;
	if (mc_dossier_code_parse(code, cunit, sizeof cunit, &day, &seq, &e) != MC_OK)
		report(c, "dossier %s: malformed code (%s)", code, e.msg);
	else if (strcmp(cunit, unit) != 0)
		report(c, "dossier %s: its code names unit %s but it is filed under unit %s", code,
		       cunit, unit);
	if (!mc_dossier_status_parse(status, &ds))
		report(c, "dossier %s: unknown status \"%s\"", code, status);
	if (events == 0)
		report(c, "dossier %s: has no history", code);
	else if (!last)
		report(c, "dossier %s: no event of its history sets a status", code);
	else if (strcmp(last, status) != 0)
		report(c, "dossier %s: status is %s but its history ends at %s", code, status, last);
	return c->stop;
}

static int numbering_row(const char *const *v, int n, void *arg)
{
	struct checker *c = arg;
	report(c, "dossier %s: the daily numbering stands at %s, behind this code (the next "
	       "intake of that day would repeat a code)", v[0] ? v[0] : "?",
	       n > 1 && v[1] ? v[1] : "0");
	return c->stop;
}

mc_status mc_check(mc_store *store, mc_check_cb cb, void *ctx, long *problems, mc_error *err)
{
	struct checker c = {cb, ctx, 0, false};
	*problems = 0;
	mc_status st = store_check_pragmas(store, pragma_row, &c, err);
	int version = 0;
	if (st == MC_OK && (st = store_check_user_version(store, &version, err)) == MC_OK &&
	    version != mc_store_schema_version())
		report(&c, "schema: version %d, this motcua writes %d", version,
		       mc_store_schema_version());
	if (st == MC_OK && !c.stop)
		st = store_check_dossiers(store, dossier_row, &c, err);
	if (st == MC_OK && !c.stop)
		st = store_check_uids(store, pragma_row, &c, err);
	if (st == MC_OK && !c.stop)
		st = store_check_chain(store, pragma_row, &c, err);
	mc_office office;
	mc_error e2 = {0};
	if (st == MC_OK && !c.stop && mc_store_office_get(store, &office, &e2) == MC_OK)
		st = store_check_numbering(store, office.unit_code, numbering_row, &c, err);
	*problems = c.problems;
	if (st != MC_OK)
		return st;
	if (c.problems)
		return mc_error_set(err, MC_EDATA, "%s: %ld problem%s found", mc_store_path(store),
				    c.problems, c.problems == 1 ? "" : "s");
	return MC_OK;
}
