/*
 * The holiday table is data, kept by an administrator: days off (lễ, Tết,
 * nghỉ bù) and swapped working days (a Saturday worked to make a bridge).
 * The lunar calculator only proposes; what is stored here is what counts.
 * Also loads the office's working calendar (windows, week, holidays).
 */
#ifndef MOTCUA_HOLIDAYS_H
#define MOTCUA_HOLIDAYS_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/calendar.h"
#include "motcua/error.h"
#include "motcua/store.h"

mc_status mc_holiday_add(mc_store *store, const mc_holiday *h, mc_error *err);
/* A new office's holidays (docs/rules.md R16): store the proposal of
 * `year` (mc_holidays_propose): the fixed solar days of the Labour Code
 * (1/1, 30/4, 1/5, 2/9) as confirmed, every other day (Tết, Giỗ Tổ, the
 * day next to 2/9, compensatory days) marked proposed. A day already in
 * the table is kept as it is. out[] (cap MC_HOLIDAYS_PROPOSE_MAX) receives
 * the proposal and proposed[] which of them are proposed. No role check:
 * `init` runs it while it creates the office. */
mc_status mc_holidays_load_year(mc_store *store, int year, mc_holiday *out, bool *proposed,
				size_t *n, mc_error *err);
/* Confirm a year's table as announced (supervisor): nothing proposed
 * remains. *days receives how many days the year holds. */
mc_status mc_holidays_confirm(mc_store *store, int year, int *days, mc_error *err);
/* A year is confirmed when its table holds days and none is proposed. */
mc_status mc_holidays_year_confirmed(mc_store *store, int year, bool *confirmed,
				     mc_error *err);

/* MC_EDATA when there is no entry for that day. */
mc_status mc_holiday_del(mc_store *store, int32_t day, mc_error *err);
/* Entries in [from, to], sorted; *out malloc'd (free it). */
mc_status mc_holiday_list(mc_store *store, int32_t from, int32_t to, mc_holiday **out,
			  size_t *n, mc_error *err);

/* The office's calendar: working windows (setting calendar.windows, e.g.
 * "07:00-11:30,13:30-17:00"), working week (calendar.workdays, "mon-fri"),
 * and every holiday-table entry. The holidays are owned by the calendar
 * loader: release them with mc_office_calendar_free. */
typedef struct mc_office_calendar {
	mc_calendar cal;
	mc_holiday *holidays;
	size_t nholidays;
} mc_office_calendar;

mc_status mc_office_calendar_load(mc_store *store, mc_office_calendar *oc, mc_error *err);
void mc_office_calendar_free(mc_office_calendar *oc);

#endif
