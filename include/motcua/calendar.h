/*
 * Civil dates and times, and the working-time calendar that turns a time
 * limit ("3 ngày làm việc", "4 giờ") into an appointment (hẹn trả).
 *
 * Time model: Vietnamese civil local time (UTC+7, no DST) held as int64_t
 * minutes since 1970-01-01 00:00, dates as int32_t days since 1970-01-01,
 * proleptic Gregorian, pure arithmetic (no libc localtime). The deadline
 * rules follow the real provincial engine described in domain.md §4.2: the
 * working day is the sum of the windows, receipts outside working time are
 * snapped forward, whole days walk over working days keeping the clock time,
 * remainders are added inside the windows. The holiday table is data owned
 * by the caller; the calendar only reads it.
 */
#ifndef MOTCUA_CALENDAR_H
#define MOTCUA_CALENDAR_H

#include "motcua/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- dates and times ---------------------------------------------------- */

/* Days since 1970-01-01 for a proleptic Gregorian date. Does not validate:
 * out-of-range months or days give an unspecified day (use mc_date_valid). */
int32_t mc_date_from_ymd(int y, int m, int d);

/* Inverse of mc_date_from_ymd; any pointer may be NULL. */
void mc_date_to_ymd(int32_t day, int *y, int *m, int *d);

/* True when y-m-d names a real date (year 1..9999). */
bool mc_date_valid(int y, int m, int d);

/* Day of the week: 0 = Monday .. 6 = Sunday. */
int mc_weekday(int32_t day);

/* Parse exactly "YYYY-MM-DD HH:MM" (or "YYYY-MM-DDTHH:MM") into minutes.
 * MC_EDATA with a message naming the bad part; err may be NULL. */
mc_status mc_time_parse(const char *s, int64_t *out, mc_error *err);

/* Parse exactly "YYYY-MM-DD" into a day number; errors as mc_time_parse. */
mc_status mc_date_parse(const char *s, int32_t *out, mc_error *err);

/* "YYYY-MM-DD HH:MM" (16 chars + NUL). Years outside 1..9999 print as
 * "????-??-?? ??:??" rather than overflowing the buffer. */
void mc_time_format(int64_t t, char buf[17]);

/* "YYYY-MM-DD" (10 chars + NUL); same rule for out-of-range years. */
void mc_date_format(int32_t day, char buf[11]);

/* Split a time into its day and its minute of the day (floor semantics, so
 * times before 1970 work too). */
int32_t mc_time_day(int64_t t);
int mc_time_minute_of_day(int64_t t);

/* ---- holiday table ------------------------------------------------------ */

/* Holiday table entry types: OFF = holiday (or compensatory day), WORK =
 * a Saturday/Sunday swapped into a working day. */
typedef enum { MC_DAY_OFF = 1, MC_DAY_WORK = 2 } mc_day_kind;

typedef struct mc_holiday {
	int32_t day;
	mc_day_kind kind;
	char note[128];
} mc_holiday;

/* Sort a holiday array by day (entries of equal day keep their order, so
 * the first one stays the one the calendar obeys). */
void mc_holidays_sort(mc_holiday *h, size_t n);

/* ---- working-time calendar ---------------------------------------------- */

#define MC_CAL_MAX_WINDOWS 4
/* No working day could be found (empty working week): see the functions
 * below that return a time without an error channel. */
#define MC_TIME_NEVER INT64_MAX

typedef enum { MC_UNIT_DAY, MC_UNIT_HOUR, MC_UNIT_CALENDAR_DAY } mc_deadline_unit;

/* A working window [start, end) in minutes of the day, start < end <= 1440. */
typedef struct mc_window {
	int start, end;
} mc_window;

typedef struct mc_calendar {
	mc_window win[MC_CAL_MAX_WINDOWS]; /* sorted, disjoint, non-touching */
	int nwin;
	unsigned workdays;                 /* bit 0 = Monday .. bit 6 = Sunday */
	int cutoff;                        /* same-day cut-off, minute of day */
	const mc_holiday *holidays;        /* sorted by day, owned by the caller */
	size_t nholidays;
} mc_calendar;

/* Defaults: 07:00-11:30 and 13:30-17:00, Monday to Friday, cut-off 15:00,
 * empty holiday table. */
void mc_calendar_init(mc_calendar *cal);

/* Replace the windows from a spec like "07:00-11:30,13:30-17:00" (1 to 4
 * windows, increasing, not touching; "24:00" allowed as an end). On error
 * (MC_EDATA, message names the window) the calendar is unchanged. */
mc_status mc_calendar_set_windows(mc_calendar *cal, const char *spec, mc_error *err);

/* Replace the weekly working days from a spec like "mon-fri",
 * "mon,tue,wed,thu,fri,sat" or "mon-fri,sat" (ranges may wrap, "fri-mon";
 * Vietnamese "t2".."t7","cn" accepted too). Empty spec or unknown names:
 * MC_EDATA, calendar unchanged. */
mc_status mc_calendar_set_workdays(mc_calendar *cal, const char *spec, mc_error *err);

/* Replace the same-day cut-off from "HH:MM"; MC_EDATA on a bad time. */
mc_status mc_calendar_set_cutoff(mc_calendar *cal, const char *hhmm, mc_error *err);

/* Point the calendar at a holiday array sorted by day (mc_holidays_sort).
 * The array is borrowed: it must outlive every use of the calendar. If a
 * day appears twice, the first entry wins. */
void mc_calendar_set_holidays(mc_calendar *cal, const mc_holiday *sorted, size_t n);

/* Working minutes in one working day (the sum of the windows; 480 by default). */
int mc_calendar_day_minutes(const mc_calendar *cal);

/* Is the day a working day: the weekly rule, overridden by the table. */
bool mc_calendar_is_workday(const mc_calendar *cal, int32_t day);

/* First working day strictly after `day`. MC_EDATA when none exists within
 * three years (empty working week). */
mc_status mc_calendar_next_workday(const mc_calendar *cal, int32_t day, int32_t *out,
				   mc_error *err);

/* Move t forward to working time: t itself if inside a window; the start of
 * the next window of the day (before the first window, during a break);
 * the first window of the next working day (after the last window or on a
 * non-working day). MC_EDATA on an empty working week. */
mc_status mc_calendar_snap(const mc_calendar *cal, int64_t t, int64_t *out, mc_error *err);

/* The appointment for a time limit counted from `received`.
 * - MC_UNIT_DAY: snap, walk floor(amount) working days keeping the clock
 *   time, add the fraction (of a working day) inside the windows. amount 0
 *   means same day: the end of the last window of the receipt day, or of the
 *   next working day when received at/after the cut-off, after the last
 *   window or on a non-working day.
 * - MC_UNIT_HOUR: snap, add the working hours inside the windows.
 * - MC_UNIT_CALENDAR_DAY: snap, add amount * 24 h, then push the result off
 *   non-working days to the next working day at the same clock time.
 * A result that lands exactly on a window end stays there. Negative, NaN or
 * absurd (> 36600) amounts, a receipt outside years 0001-9999, an empty
 * working week: MC_EDATA; an unknown unit: MC_EUSAGE. */
mc_status mc_calendar_due(const mc_calendar *cal, int64_t received, double amount,
			  mc_deadline_unit unit, int64_t *due, mc_error *err);

/* Working minutes in [from, to); 0 when to <= from; both ends are clamped
 * to years 0001-9999. Exact; cost grows with the holiday entries in range,
 * not with the length of the range. */
int64_t mc_calendar_working_minutes(const mc_calendar *cal, int64_t from, int64_t to);

/* The time `minutes` working minutes after `from` (snapped first); from
 * itself when minutes <= 0; MC_TIME_NEVER on an empty working week, a
 * `from` outside years 0001-9999 or more than a century of minutes.
 * Round trip: working_minutes(from, add(from, m)) == m for m > 0. */
int64_t mc_calendar_add_working_minutes(const mc_calendar *cal, int64_t from, int64_t minutes);

#endif
