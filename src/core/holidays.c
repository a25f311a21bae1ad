/* Holiday table and the office calendar built from settings (see holidays.h). */
#include "motcua/holidays.h"
#include "motcua/auth.h"
#include "motcua/lunar.h"
#include "motcua/text.h"
#include "store_ops.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

mc_status mc_holiday_add(mc_store *store, const mc_holiday *h, mc_error *err)
{
	if (mc_auth_require(store, MC_ROLE_SUPERVISOR, "change the holiday table", err))
		return MC_EDATA;
	if (h->kind != MC_DAY_OFF && h->kind != MC_DAY_WORK)
		return mc_error_set(err, MC_EUSAGE, "holiday type must be off or workday");
	mc_holiday clean = *h;
	char *note;
	if (mc_text_clean(h->note, &note, err) != MC_OK)
		return mc_error_prefix(err, "holiday note");
	snprintf(clean.note, sizeof clean.note, "%s", note);
	free(note);
	return store_holiday_put(store, &clean, err);
}

/* The days of Điều 112 fixed on the solar calendar (the days themselves;
 * what is added next to them is announced each year). */
static bool fixed_solar(int32_t day)
{
	int y, m, d;
	mc_date_to_ymd(day, &y, &m, &d);
	return (m == 1 && d == 1) || (m == 4 && d == 30) || (m == 5 && d == 1) ||
	       (m == 9 && d == 2);
}

mc_status mc_holidays_load_year(mc_store *store, int year, mc_holiday *out, bool *proposed,
				size_t *n, mc_error *err)
{
	*n = mc_holidays_propose(year, out, MC_HOLIDAYS_PROPOSE_MAX);
	if (*n > MC_HOLIDAYS_PROPOSE_MAX)
		*n = MC_HOLIDAYS_PROPOSE_MAX;
	for (size_t i = 0; i < *n; i++) {
		proposed[i] = !fixed_solar(out[i].day);
		if (!proposed[i]) {
			/* The law's own day: not a proposal. */
			char *p = strstr(out[i].note, " (đề xuất)");
			if (p)
				*p = '\0';
		}
		mc_status st = store_holiday_propose(store, &out[i], proposed[i], err);
		if (st != MC_OK)
			return st;
	}
	return MC_OK;
}

mc_status mc_holidays_confirm(mc_store *store, int year, int *days, mc_error *err)
{
	if (mc_auth_require(store, MC_ROLE_SUPERVISOR, "change the holiday table", err))
		return MC_EDATA;
	int proposed;
	return store_holiday_year(store, year, true, days, &proposed, err);
}

mc_status mc_holidays_year_confirmed(mc_store *store, int year, bool *confirmed,
				     mc_error *err)
{
	int days = 0, proposed = 0;
	mc_status st = store_holiday_year(store, year, false, &days, &proposed, err);
	*confirmed = st == MC_OK && days > 0 && proposed == 0;
	return st;
}

mc_status mc_holiday_del(mc_store *store, int32_t day, mc_error *err)
{
	if (mc_auth_require(store, MC_ROLE_SUPERVISOR, "change the holiday table", err))
		return MC_EDATA;
	bool existed = false;
	mc_status st = store_holiday_del(store, day, &existed, err);
	if (st == MC_OK && !existed) {
		char d[11];
		mc_date_format(day, d);
		return mc_error_set(err, MC_EDATA, "no holiday-table entry for %s", d);
	}
	return st;
}

mc_status mc_holiday_list(mc_store *store, int32_t from, int32_t to, mc_holiday **out,
			  size_t *n, mc_error *err)
{
	return store_holiday_range(store, from, to, out, n, err);
}

mc_status mc_office_calendar_load(mc_store *store, mc_office_calendar *oc, mc_error *err)
{
	memset(oc, 0, sizeof *oc);
	mc_calendar_init(&oc->cal);
	char buf[256];
	mc_status st = mc_store_setting_get(store, "calendar.windows", buf, sizeof buf, err);
	if (st == MC_OK && (st = mc_calendar_set_windows(&oc->cal, buf, err)) != MC_OK)
		return mc_error_prefix(err, "setting calendar.windows");
	if (st != MC_OK && st != MC_EEMPTY)
		return st;
	st = mc_store_setting_get(store, "calendar.workdays", buf, sizeof buf, err);
	if (st == MC_OK && (st = mc_calendar_set_workdays(&oc->cal, buf, err)) != MC_OK)
		return mc_error_prefix(err, "setting calendar.workdays");
	if (st != MC_OK && st != MC_EEMPTY)
		return st;
	st = store_holiday_range(store, INT32_MIN, INT32_MAX, &oc->holidays, &oc->nholidays, err);
	if (st != MC_OK)
		return st;
	mc_calendar_set_holidays(&oc->cal, oc->holidays, oc->nholidays);
	return MC_OK;
}

void mc_office_calendar_free(mc_office_calendar *oc)
{
	free(oc->holidays);
	oc->holidays = NULL;
	oc->nholidays = 0;
}
