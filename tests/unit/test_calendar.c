/*
 * Tests for the civil date helpers and the working-time calendar: the
 * domain facts T9-T14 and T16 (domain.md §7) with the holiday tables they
 * state, the snapping rules, the units, configuration parsing, and
 * working_minutes checked against a minute-by-minute count.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "motcua/calendar.h"

#include <math.h>
#include <string.h>

/* ---- helpers ------------------------------------------------------------ */

static int64_t at(const char *s)
{
	int64_t t = 0;
	mc_error e = { 0 };
	assert_int_equal(mc_time_parse(s, &t, &e), MC_OK);
	return t;
}

static int32_t day(const char *s)
{
	int32_t d = 0;
	mc_error e = { 0 };
	assert_int_equal(mc_date_parse(s, &d, &e), MC_OK);
	return d;
}

static void expect_due(const mc_calendar *cal, const char *received, double amount,
		       mc_deadline_unit unit, const char *expected)
{
	int64_t due = 0;
	mc_error e = { 0 };
	assert_int_equal(mc_calendar_due(cal, at(received), amount, unit, &due, &e), MC_OK);
	char buf[17];
	mc_time_format(due, buf);
	assert_string_equal(buf, expected);
}

/* Fill h[] with OFF days given as "YYYY-MM-DD"; returns the count. */
static size_t off_days(mc_holiday *h, const char *const *days, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		memset(&h[i], 0, sizeof h[i]);
		h[i].day = day(days[i]);
		h[i].kind = MC_DAY_OFF;
	}
	return n;
}

/* ---- dates and parsing -------------------------------------------------- */

static void test_date_roundtrip(void **state)
{
	(void)state;
	assert_int_equal(mc_date_from_ymd(1970, 1, 1), 0);
	assert_int_equal(mc_date_from_ymd(2000, 3, 1), 11017);
	assert_int_equal(mc_date_from_ymd(1969, 12, 31), -1);
	assert_int_equal(mc_weekday(0), 3);                               /* Thursday */
	assert_int_equal(mc_weekday(mc_date_from_ymd(2026, 11, 24)), 1);  /* Tuesday */
	assert_int_equal(mc_weekday(mc_date_from_ymd(1900, 1, 1)), 0);    /* Monday */
	int32_t prev = mc_date_from_ymd(1600, 1, 1) - 1;
	for (int y = 1600; y <= 2400; y++)
		for (int m = 1; m <= 12; m++)
			for (int d = 1; d <= 31; d++) {
				if (!mc_date_valid(y, m, d))
					continue;
				int32_t n = mc_date_from_ymd(y, m, d);
				assert_int_equal(n, prev + 1);
				int yy, mm, dd;
				mc_date_to_ymd(n, &yy, &mm, &dd);
				assert_true(yy == y && mm == m && dd == d);
				prev = n;
			}
	assert_false(mc_date_valid(2025, 2, 29));
	assert_true(mc_date_valid(2024, 2, 29));
	assert_false(mc_date_valid(1900, 2, 29));
	assert_true(mc_date_valid(2000, 2, 29));
}

static void test_time_parse_format(void **state)
{
	(void)state;
	char buf[17], db[11];
	int64_t t = at("2026-02-13 10:00");
	assert_int_equal(t, (int64_t)mc_date_from_ymd(2026, 2, 13) * 1440 + 600);
	assert_int_equal(at("2026-02-13T10:00"), t);
	mc_time_format(t, buf);
	assert_string_equal(buf, "2026-02-13 10:00");
	mc_time_format(at("1969-12-31 23:59"), buf);
	assert_string_equal(buf, "1969-12-31 23:59");
	assert_int_equal(at("1969-12-31 23:59"), -1);
	mc_date_format(day("2024-02-29"), db);
	assert_string_equal(db, "2024-02-29");
	mc_time_format(INT64_MAX, buf);
	assert_string_equal(buf, "?\?\?\?-?\?-?\? ?\?:?\?");
	assert_int_equal(mc_time_day(-1), -1);
	assert_int_equal(mc_time_minute_of_day(-1), 1439);
}

static void expect_parse_error(const char *s, const char *fragment)
{
	int64_t t = 42;
	mc_error e = { 0 };
	assert_int_equal(mc_time_parse(s, &t, &e), MC_EDATA);
	assert_int_equal(e.code, MC_EDATA);
	assert_non_null(strstr(e.msg, fragment));
	assert_int_equal(t, 42); /* untouched on error */
}

static void test_time_parse_errors(void **state)
{
	(void)state;
	expect_parse_error("2026-13-01 10:00", "month 13");
	expect_parse_error("2026-00-01 10:00", "month 00");
	expect_parse_error("2026-02-30 10:00", "day 30");
	expect_parse_error("2025-02-29 10:00", "day 29");
	expect_parse_error("2026-02-10 24:00", "hour 24");
	expect_parse_error("2026-02-10 10:60", "minute 60");
	expect_parse_error("2026-02-10", "16 characters");
	expect_parse_error("2026-02-10 10:00:00", "16 characters");
	expect_parse_error("2026/02/10 10:00", "'-' at byte 4");
	expect_parse_error("2026-02-10_10:00", "byte 10");
	expect_parse_error("2026-02-1x 10:00", "digit at byte 9");
	expect_parse_error("2026-02-10 1a:00", "clock part");
	expect_parse_error("0000-01-01 00:00", "year 0000");
	assert_int_equal(mc_time_parse("2026-02-10 99:00", &(int64_t){ 0 }, NULL), MC_EDATA);
	int32_t d;
	mc_error e = { 0 };
	assert_int_equal(mc_date_parse("2026-2-10", &d, &e), MC_EDATA);
	assert_non_null(strstr(e.msg, "10 characters"));
	assert_int_equal(mc_date_parse("2026-04-31", &d, &e), MC_EDATA);
	assert_non_null(strstr(e.msg, "day 31"));
}

/* ---- domain facts T9-T14, T16 ------------------------------------------- */

/* T9: Fri 13 Feb 2026 10:00 + 3 working days, Tết off Mon 16 - Fri 20 Feb. */
static void test_T9_tet_2026(void **state)
{
	(void)state;
	static const char *const tet[] = { "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19",
					   "2026-02-20" };
	mc_holiday h[5];
	mc_calendar cal;
	mc_calendar_init(&cal);
	mc_calendar_set_holidays(&cal, h, off_days(h, tet, 5));
	expect_due(&cal, "2026-02-13 10:00", 3, MC_UNIT_DAY, "2026-02-25 10:00");
	expect_due(&cal, "2026-02-13 10:00", 24, MC_UNIT_HOUR, "2026-02-25 10:00");
	assert_int_equal(mc_calendar_working_minutes(&cal, at("2026-02-13 10:00"), at("2026-02-25 10:00")),
			 3 * 480);
}

/* T10: Fri 24 Apr 2026 09:00 + 1 working day, compensatory Mon 27 Apr off. */
static void test_T10_compensatory_day(void **state)
{
	(void)state;
	static const char *const off[] = { "2026-04-27" };
	mc_holiday h[1];
	mc_calendar cal;
	mc_calendar_init(&cal);
	mc_calendar_set_holidays(&cal, h, off_days(h, off, 1));
	expect_due(&cal, "2026-04-24 09:00", 1, MC_UNIT_DAY, "2026-04-28 09:00");
}

/* T11: Tue 29 Apr 2025 14:00 + 2 working days; 30/4, 1/5 and 2/5 off (2/5
 * swapped with Sat 26/4, which was worked). */
static void test_T11_may_2025(void **state)
{
	(void)state;
	static const char *const off[] = { "2025-04-30", "2025-05-01", "2025-05-02" };
	mc_holiday h[4];
	memset(&h[0], 0, sizeof h[0]);
	h[0].day = day("2025-04-26");
	h[0].kind = MC_DAY_WORK;
	off_days(h + 1, off, 3);
	mc_calendar cal;
	mc_calendar_init(&cal);
	mc_calendar_set_holidays(&cal, h, 4);
	expect_due(&cal, "2025-04-29 14:00", 2, MC_UNIT_DAY, "2025-05-06 14:00");
}

/* T12: Wed 8 Apr 2026 10:30 + 4 working hours: 1 h before lunch, 3 h after. */
static void test_T12_hours_across_lunch(void **state)
{
	(void)state;
	mc_calendar cal;
	mc_calendar_init(&cal);
	expect_due(&cal, "2026-04-08 10:30", 4, MC_UNIT_HOUR, "2026-04-08 16:30");
	expect_due(&cal, "2026-04-08 10:30", 0.5, MC_UNIT_DAY, "2026-04-08 16:30");
}

/* T13: Mon 9 Mar 2026 17:30 (after hours) + 1 working day -> Wed 07:00. */
static void test_T13_after_hours(void **state)
{
	(void)state;
	mc_calendar cal;
	mc_calendar_init(&cal);
	expect_due(&cal, "2026-03-09 17:30", 1, MC_UNIT_DAY, "2026-03-11 07:00");
	/* the same instant of working time as the end of Tuesday */
	assert_int_equal(mc_calendar_working_minutes(&cal, at("2026-03-10 17:00"), at("2026-03-11 07:00")), 0);
	/* exactly at 17:00 counts as after hours too */
	expect_due(&cal, "2026-03-09 17:00", 1, MC_UNIT_DAY, "2026-03-11 07:00");
}

/* T14: Fri 24 Jan 2025 15:30 + 5 working days over Tết off Mon 27 - Fri 31 Jan. */
static void test_T14_tet_2025(void **state)
{
	(void)state;
	static const char *const tet[] = { "2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30",
					   "2025-01-31" };
	mc_holiday h[5];
	mc_calendar cal;
	mc_calendar_init(&cal);
	mc_calendar_set_holidays(&cal, h, off_days(h, tet, 5));
	expect_due(&cal, "2025-01-24 15:30", 5, MC_UNIT_DAY, "2025-02-07 15:30");
}

/* T16: 24 Nov 2026 is a Tuesday; whether it is off is the table's business. */
static void test_T16_table_is_data(void **state)
{
	(void)state;
	int32_t d = day("2026-11-24");
	mc_calendar cal;
	mc_calendar_init(&cal);
	assert_int_equal(mc_weekday(d), 1);
	assert_true(mc_calendar_is_workday(&cal, d));
	expect_due(&cal, "2026-11-23 10:00", 1, MC_UNIT_DAY, "2026-11-24 10:00");
	static const char *const off[] = { "2026-11-24" };
	mc_holiday h[1];
	mc_calendar_set_holidays(&cal, h, off_days(h, off, 1));
	assert_false(mc_calendar_is_workday(&cal, d));
	expect_due(&cal, "2026-11-23 10:00", 1, MC_UNIT_DAY, "2026-11-25 10:00");
	assert_int_equal(mc_calendar_working_minutes(&cal, at("2026-11-23 00:00"), at("2026-11-26 00:00")),
			 2 * 480);
}

/* ---- snapping and units ------------------------------------------------- */

static void expect_snap(const mc_calendar *cal, const char *t, const char *expected)
{
	int64_t out;
	char buf[17];
	assert_int_equal(mc_calendar_snap(cal, at(t), &out, NULL), MC_OK);
	mc_time_format(out, buf);
	assert_string_equal(buf, expected);
}

static void test_snapping(void **state)
{
	(void)state;
	mc_calendar cal;
	mc_calendar_init(&cal);
	expect_snap(&cal, "2026-03-09 06:15", "2026-03-09 07:00");  /* before work */
	expect_snap(&cal, "2026-03-09 09:10", "2026-03-09 09:10");  /* inside */
	expect_snap(&cal, "2026-03-09 11:30", "2026-03-09 13:30");  /* lunch starts */
	expect_snap(&cal, "2026-03-09 12:00", "2026-03-09 13:30");  /* lunch */
	expect_snap(&cal, "2026-03-09 17:00", "2026-03-10 07:00");  /* closing time */
	expect_snap(&cal, "2026-03-13 19:00", "2026-03-16 07:00");  /* Friday night */
	expect_snap(&cal, "2026-03-14 10:00", "2026-03-16 07:00");  /* Saturday */
	expect_due(&cal, "2026-03-09 06:15", 1, MC_UNIT_HOUR, "2026-03-09 08:00");
	expect_due(&cal, "2026-03-09 12:00", 1, MC_UNIT_HOUR, "2026-03-09 14:30");
	expect_due(&cal, "2026-03-09 18:00", 1, MC_UNIT_HOUR, "2026-03-10 08:00");
	expect_due(&cal, "2026-03-15 09:00", 1, MC_UNIT_DAY, "2026-03-17 07:00"); /* Sunday */
	expect_due(&cal, "2026-03-09 12:00", 1, MC_UNIT_DAY, "2026-03-10 13:30");
}

static void test_hour_unit(void **state)
{
	(void)state;
	mc_calendar cal;
	mc_calendar_init(&cal);
	expect_due(&cal, "2026-03-09 16:00", 1, MC_UNIT_HOUR, "2026-03-09 17:00"); /* stays on the end */
	expect_due(&cal, "2026-03-09 10:30", 1, MC_UNIT_HOUR, "2026-03-09 11:30");
	expect_due(&cal, "2026-03-09 16:00", 2, MC_UNIT_HOUR, "2026-03-10 08:00");
	expect_due(&cal, "2026-03-13 16:00", 2, MC_UNIT_HOUR, "2026-03-16 08:00"); /* over the weekend */
	expect_due(&cal, "2026-03-09 07:00", 8, MC_UNIT_HOUR, "2026-03-09 17:00");
	expect_due(&cal, "2026-03-09 10:00", 0.25, MC_UNIT_HOUR, "2026-03-09 10:15");
	expect_due(&cal, "2026-03-09 10:00", 0, MC_UNIT_HOUR, "2026-03-09 10:00");
}

static void test_calendar_day_unit(void **state)
{
	(void)state;
	static const char *const off[] = { "2026-04-13" };
	mc_holiday h[1];
	mc_calendar cal;
	mc_calendar_init(&cal);
	expect_due(&cal, "2026-04-08 10:00", 2, MC_UNIT_CALENDAR_DAY, "2026-04-10 10:00");
	/* lands on Saturday: pushed to Monday, same clock time */
	expect_due(&cal, "2026-04-08 10:00", 3, MC_UNIT_CALENDAR_DAY, "2026-04-13 10:00");
	mc_calendar_set_holidays(&cal, h, off_days(h, off, 1));
	expect_due(&cal, "2026-04-08 10:00", 3, MC_UNIT_CALENDAR_DAY, "2026-04-14 10:00");
	/* received after hours: counted from the snapped time */
	expect_due(&cal, "2026-04-08 18:00", 7, MC_UNIT_CALENDAR_DAY, "2026-04-16 07:00");
}

static void test_same_day(void **state)
{
	(void)state;
	mc_calendar cal;
	mc_calendar_init(&cal);
	expect_due(&cal, "2026-03-09 08:00", 0, MC_UNIT_DAY, "2026-03-09 17:00");
	expect_due(&cal, "2026-03-09 06:30", 0, MC_UNIT_DAY, "2026-03-09 17:00");
	expect_due(&cal, "2026-03-09 14:59", 0, MC_UNIT_DAY, "2026-03-09 17:00");
	expect_due(&cal, "2026-03-09 15:00", 0, MC_UNIT_DAY, "2026-03-10 17:00");
	expect_due(&cal, "2026-03-09 17:45", 0, MC_UNIT_DAY, "2026-03-10 17:00");
	expect_due(&cal, "2026-03-13 15:30", 0, MC_UNIT_DAY, "2026-03-16 17:00"); /* Friday */
	expect_due(&cal, "2026-03-14 09:00", 0, MC_UNIT_DAY, "2026-03-16 17:00"); /* Saturday */
	mc_error e = { 0 };
	assert_int_equal(mc_calendar_set_cutoff(&cal, "16:00", &e), MC_OK);
	expect_due(&cal, "2026-03-09 15:30", 0, MC_UNIT_DAY, "2026-03-09 17:00");
	assert_int_equal(mc_calendar_set_cutoff(&cal, "16h", &e), MC_EDATA);
	assert_int_equal(cal.cutoff, 16 * 60);
}

static void test_fractional_days(void **state)
{
	(void)state;
	mc_calendar cal;
	mc_calendar_init(&cal);
	/* 2 days keep the clock time (Wed 10:00), then 4 h across lunch */
	expect_due(&cal, "2026-03-09 10:00", 2.5, MC_UNIT_DAY, "2026-03-11 16:00");
	/* Thu 15:00 + 1.5 days: Fri 15:00 + 4 h = 2 h Friday + 2 h Monday */
	expect_due(&cal, "2026-03-12 15:00", 1.5, MC_UNIT_DAY, "2026-03-16 09:00");
	expect_due(&cal, "2026-03-09 11:00", 2.5, MC_UNIT_DAY, "2026-03-11 17:00"); /* ends on 17:00 */
	expect_due(&cal, "2026-03-09 13:30", 2.5, MC_UNIT_DAY, "2026-03-12 07:30");
}

static void test_swapped_saturday(void **state)
{
	(void)state;
	mc_holiday h[2] = { { .day = 0 } };
	h[0].day = day("2025-04-26");
	h[0].kind = MC_DAY_WORK;
	h[1].day = day("2025-05-02");
	h[1].kind = MC_DAY_OFF;
	mc_calendar cal;
	mc_calendar_init(&cal);
	mc_calendar_set_holidays(&cal, h, 2);
	assert_true(mc_calendar_is_workday(&cal, day("2025-04-26")));
	assert_false(mc_calendar_is_workday(&cal, day("2025-04-27")));
	expect_due(&cal, "2025-04-25 10:00", 1, MC_UNIT_DAY, "2025-04-26 10:00");
	expect_snap(&cal, "2025-04-25 18:00", "2025-04-26 07:00");
	assert_int_equal(mc_calendar_working_minutes(&cal, at("2025-04-21 00:00"), at("2025-05-05 00:00")),
			 (5 + 1 + 4) * 480); /* Sat 26/4 worked, Fri 2/5 off */
}

static void test_duplicate_entries_first_wins(void **state)
{
	(void)state;
	mc_holiday h[3] = { { .day = 0 } };
	h[0].day = day("2025-04-28");
	h[0].kind = MC_DAY_OFF;
	h[1].day = day("2025-04-26");
	h[1].kind = MC_DAY_WORK;
	h[2].day = day("2025-04-26");
	h[2].kind = MC_DAY_OFF;
	mc_holidays_sort(h, 3);
	assert_int_equal(h[0].kind, MC_DAY_WORK);
	assert_int_equal(h[1].kind, MC_DAY_OFF);
	assert_int_equal(h[2].day, day("2025-04-28"));
	mc_calendar cal;
	mc_calendar_init(&cal);
	mc_calendar_set_holidays(&cal, h, 3);
	assert_true(mc_calendar_is_workday(&cal, day("2025-04-26")));
	assert_int_equal(mc_calendar_working_minutes(&cal, at("2025-04-26 00:00"), at("2025-04-29 00:00")), 480);
}

/* ---- configuration ------------------------------------------------------ */

static void test_custom_windows(void **state)
{
	(void)state;
	mc_calendar cal;
	mc_error e = { 0 };
	mc_calendar_init(&cal);
	assert_int_equal(mc_calendar_day_minutes(&cal), 480);
	assert_int_equal(mc_calendar_set_windows(&cal, "7:30-11:30, 13:00-17:00", &e), MC_OK);
	assert_int_equal(cal.nwin, 2);
	assert_int_equal(cal.win[0].start, 450);
	assert_int_equal(mc_calendar_day_minutes(&cal), 480);
	expect_due(&cal, "2026-03-09 11:00", 1, MC_UNIT_HOUR, "2026-03-09 13:30");
	expect_snap(&cal, "2026-03-09 07:00", "2026-03-09 07:30");
	assert_int_equal(mc_calendar_set_windows(&cal, "08:00-12:00,13:00-17:00,18:00-20:00", &e), MC_OK);
	assert_int_equal(mc_calendar_day_minutes(&cal), 600);
	expect_due(&cal, "2026-03-09 16:00", 2, MC_UNIT_HOUR, "2026-03-09 19:00");
	expect_due(&cal, "2026-03-09 10:00", 1.5, MC_UNIT_DAY, "2026-03-10 16:00");
	expect_due(&cal, "2026-03-09 16:00", 0, MC_UNIT_DAY, "2026-03-10 20:00");
	/* errors leave the calendar as it was */
	assert_int_equal(mc_calendar_set_windows(&cal, "08:00-12:00,11:00-17:00", &e), MC_EDATA);
	assert_non_null(strstr(e.msg, "window 2"));
	assert_int_equal(mc_calendar_set_windows(&cal, "08:00-12:00,12:00-17:00", &e), MC_EDATA);
	assert_int_equal(mc_calendar_set_windows(&cal, "12:00-08:00", &e), MC_EDATA);
	assert_int_equal(mc_calendar_set_windows(&cal, "08:00-25:00", &e), MC_EDATA);
	assert_int_equal(mc_calendar_set_windows(&cal, "8-12", &e), MC_EDATA);
	assert_int_equal(mc_calendar_set_windows(&cal, "", &e), MC_EDATA);
	assert_int_equal(mc_calendar_set_windows(&cal, "1:00-2:00,3:00-4:00,5:00-6:00,7:00-8:00,9:00-10:00", &e),
			 MC_EDATA);
	assert_non_null(strstr(e.msg, "more than 4"));
	assert_int_equal(mc_calendar_set_windows(&cal, "08:00-12:00;13:00-17:00", &e), MC_EDATA);
	assert_int_equal(mc_calendar_day_minutes(&cal), 600);
	assert_int_equal(mc_calendar_set_windows(&cal, "00:00-24:00", &e), MC_OK);
	expect_due(&cal, "2026-03-09 23:00", 2, MC_UNIT_HOUR, "2026-03-10 01:00");
}

static void test_workdays_spec(void **state)
{
	(void)state;
	mc_calendar cal;
	mc_error e = { 0 };
	mc_calendar_init(&cal);
	assert_int_equal(cal.workdays, 0x1fu);
	assert_int_equal(mc_calendar_set_workdays(&cal, "mon-sat", &e), MC_OK);
	assert_int_equal(cal.workdays, 0x3fu);
	expect_due(&cal, "2026-03-13 10:00", 1, MC_UNIT_DAY, "2026-03-14 10:00");
	assert_int_equal(mc_calendar_set_workdays(&cal, "Mon, Tue,wed,thu,fri", &e), MC_OK);
	assert_int_equal(cal.workdays, 0x1fu);
	assert_int_equal(mc_calendar_set_workdays(&cal, "t2-t6,cn", &e), MC_OK);
	assert_int_equal(cal.workdays, 0x5fu);
	assert_int_equal(mc_calendar_set_workdays(&cal, "fri-mon", &e), MC_OK);
	assert_int_equal(cal.workdays, (1u << 4) | (1u << 5) | (1u << 6) | 1u);
	assert_int_equal(mc_calendar_set_workdays(&cal, "mon-fry", &e), MC_EDATA);
	assert_non_null(strstr(e.msg, "unknown day"));
	assert_int_equal(mc_calendar_set_workdays(&cal, "mon;tue", &e), MC_EDATA);
	assert_int_equal(mc_calendar_set_workdays(&cal, "  ", &e), MC_EDATA);
	assert_int_equal(cal.workdays, (1u << 4) | (1u << 5) | (1u << 6) | 1u);
}

static void test_empty_working_week(void **state)
{
	(void)state;
	mc_calendar cal;
	mc_error e = { 0 };
	int64_t due = 0;
	int32_t next;
	mc_calendar_init(&cal);
	cal.workdays = 0;
	assert_int_equal(mc_calendar_due(&cal, at("2026-03-09 10:00"), 1, MC_UNIT_DAY, &due, &e), MC_EDATA);
	assert_non_null(strstr(e.msg, "no working day"));
	assert_int_equal(mc_calendar_due(&cal, at("2026-03-09 10:00"), 0, MC_UNIT_DAY, &due, &e), MC_EDATA);
	assert_int_equal(mc_calendar_due(&cal, at("2026-03-09 10:00"), 3, MC_UNIT_CALENDAR_DAY, &due, &e),
			 MC_EDATA);
	assert_int_equal(mc_calendar_next_workday(&cal, day("2026-03-09"), &next, &e), MC_EDATA);
	assert_int_equal(mc_calendar_add_working_minutes(&cal, at("2026-03-09 10:00"), 60), MC_TIME_NEVER);
	assert_int_equal(mc_calendar_working_minutes(&cal, at("2026-01-01 00:00"), at("2027-01-01 00:00")), 0);
	/* one swapped working day is enough to finish */
	mc_holiday h[1] = { { .day = day("2026-03-12"), .kind = MC_DAY_WORK } };
	mc_calendar_set_holidays(&cal, h, 1);
	expect_due(&cal, "2026-03-09 10:00", 2, MC_UNIT_HOUR, "2026-03-12 09:00");
	assert_int_equal(mc_calendar_due(&cal, at("2026-03-09 10:00"), 1, MC_UNIT_DAY, &due, &e), MC_EDATA);
	/* the weekly rule emptied by spec is refused up front */
	mc_calendar_init(&cal);
	assert_int_equal(mc_calendar_set_workdays(&cal, "", &e), MC_EDATA);
}

static void test_bad_amounts(void **state)
{
	(void)state;
	mc_calendar cal;
	mc_error e = { 0 };
	int64_t due = 7;
	mc_calendar_init(&cal);
	assert_int_equal(mc_calendar_due(&cal, at("2026-03-09 10:00"), -1, MC_UNIT_DAY, &due, &e), MC_EDATA);
	assert_non_null(strstr(e.msg, "negative"));
	assert_int_equal(mc_calendar_due(&cal, at("2026-03-09 10:00"), NAN, MC_UNIT_HOUR, &due, &e), MC_EDATA);
	assert_int_equal(mc_calendar_due(&cal, at("2026-03-09 10:00"), INFINITY, MC_UNIT_DAY, &due, &e),
			 MC_EDATA);
	assert_int_equal(mc_calendar_due(&cal, at("2026-03-09 10:00"), 1, (mc_deadline_unit)9, &due, &e),
			 MC_EUSAGE);
	assert_int_equal(mc_calendar_due(&cal, INT64_MAX, 1, MC_UNIT_DAY, &due, &e), MC_EDATA);
	assert_non_null(strstr(e.msg, "outside years"));
	assert_int_equal(due, 7);
	assert_int_equal(mc_calendar_add_working_minutes(&cal, INT64_MAX - 5, 10), MC_TIME_NEVER);
	assert_int_equal(mc_calendar_add_working_minutes(&cal, at("2026-03-09 10:00"), INT64_MAX), MC_TIME_NEVER);
	assert_true(mc_calendar_working_minutes(&cal, INT64_MIN, INT64_MAX) > 0);
	/* a long limit still ends: 250 working days is about a year */
	expect_due(&cal, "2026-01-05 10:00", 250, MC_UNIT_DAY, "2026-12-21 10:00");
}

/* ---- working minutes ---------------------------------------------------- */

/* Minute-by-minute reference count. */
static int64_t slow_minutes(const mc_calendar *cal, int64_t from, int64_t to)
{
	int64_t n = 0;
	for (int64_t t = from; t < to; t++) {
		if (!mc_calendar_is_workday(cal, mc_time_day(t)))
			continue;
		int tod = mc_time_minute_of_day(t);
		for (int i = 0; i < cal->nwin; i++)
			if (tod >= cal->win[i].start && tod < cal->win[i].end)
				n++;
	}
	return n;
}

static mc_holiday mixed_table[6];

static void mixed_calendar(mc_calendar *cal)
{
	static const char *const off[] = { "2026-02-16", "2026-02-17", "2026-02-18", "2026-04-27" };
	off_days(mixed_table, off, 4);
	mixed_table[4] = (mc_holiday){ .day = day("2026-02-28"), .kind = MC_DAY_WORK }; /* Saturday */
	mixed_table[5] = (mc_holiday){ .day = day("2026-03-02"), .kind = MC_DAY_OFF };
	mc_holidays_sort(mixed_table, 6);
	mc_calendar_init(cal);
	mc_calendar_set_holidays(cal, mixed_table, 6);
}

static void test_working_minutes_exact(void **state)
{
	(void)state;
	mc_calendar cal;
	mixed_calendar(&cal);
	int64_t base = at("2026-02-09 00:00");
	uint32_t seed = 12345;
	for (int i = 0; i < 300; i++) {
		seed = seed * 1103515245u + 12345u;
		int64_t from = base + (seed >> 8) % (40 * 1440);
		seed = seed * 1103515245u + 12345u;
		int64_t to = from + (seed >> 8) % (25 * 1440);
		assert_int_equal(mc_calendar_working_minutes(&cal, from, to), slow_minutes(&cal, from, to));
	}
	assert_int_equal(mc_calendar_working_minutes(&cal, at("2026-03-09 10:00"), at("2026-03-09 09:00")), 0);
	/* one year of the default calendar without holidays: 261 weekdays in 2026 */
	mc_calendar plain;
	mc_calendar_init(&plain);
	assert_int_equal(mc_calendar_working_minutes(&plain, at("2026-01-01 00:00"), at("2027-01-01 00:00")),
			 261 * 480);
}

static void test_working_minutes_roundtrip(void **state)
{
	(void)state;
	mc_calendar cal;
	mixed_calendar(&cal);
	static const char *const starts[] = { "2026-02-12 06:00", "2026-02-13 10:17", "2026-02-13 11:30",
					      "2026-02-13 12:40", "2026-02-13 17:00", "2026-02-14 09:00",
					      "2026-02-27 16:59", "2026-04-24 16:00" };
	for (size_t s = 0; s < sizeof starts / sizeof *starts; s++) {
		int64_t from = at(starts[s]);
		for (int64_t m = 1; m < 20000; m += 37) {
			int64_t to = mc_calendar_add_working_minutes(&cal, from, m);
			assert_true(to > from);
			assert_int_equal(mc_calendar_working_minutes(&cal, from, to), m);
		}
	}
	assert_int_equal(mc_calendar_add_working_minutes(&cal, at("2026-02-14 09:00"), 0), at("2026-02-14 09:00"));
	assert_int_equal(mc_calendar_add_working_minutes(&cal, at("2026-02-13 16:00"), 60), at("2026-02-13 17:00"));
	/* Fri 13 Feb 16:00 + 2 h: Mon-Wed off, Thu 19 Feb 08:00 */
	assert_int_equal(mc_calendar_add_working_minutes(&cal, at("2026-02-13 16:00"), 120), at("2026-02-19 08:00"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_roundtrip),
		cmocka_unit_test(test_time_parse_format),
		cmocka_unit_test(test_time_parse_errors),
		cmocka_unit_test(test_T9_tet_2026),
		cmocka_unit_test(test_T10_compensatory_day),
		cmocka_unit_test(test_T11_may_2025),
		cmocka_unit_test(test_T12_hours_across_lunch),
		cmocka_unit_test(test_T13_after_hours),
		cmocka_unit_test(test_T14_tet_2025),
		cmocka_unit_test(test_T16_table_is_data),
		cmocka_unit_test(test_snapping),
		cmocka_unit_test(test_hour_unit),
		cmocka_unit_test(test_calendar_day_unit),
		cmocka_unit_test(test_same_day),
		cmocka_unit_test(test_fractional_days),
		cmocka_unit_test(test_swapped_saturday),
		cmocka_unit_test(test_duplicate_entries_first_wins),
		cmocka_unit_test(test_custom_windows),
		cmocka_unit_test(test_workdays_spec),
		cmocka_unit_test(test_empty_working_week),
		cmocka_unit_test(test_bad_amounts),
		cmocka_unit_test(test_working_minutes_exact),
		cmocka_unit_test(test_working_minutes_roundtrip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
