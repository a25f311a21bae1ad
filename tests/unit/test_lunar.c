/*
 * Tests for the lunar calendar and the holiday proposal: the domain facts
 * T1-T7 and T15 (domain.md §7), the leap-flag and day-30 checks, round
 * trips over 1900-2100, and the 2024-2026 proposals against the announced
 * schedules.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "motcua/lunar.h"

#include <string.h>

#define VN MC_LUNAR_TZ_VN
#define CN 8.0

/* Solar date of a lunar date as "YYYY-MM-DD" (asserts success). */
static const char *solar(int year, int month, int day, bool leap, double tz)
{
	static char buf[11];
	mc_lunar_date l = { .day = day, .month = month, .year = year, .leap = leap };
	int y, m, d;
	mc_error e = { 0 };
	assert_int_equal(mc_lunar_to_solar(&l, tz, &y, &m, &d, &e), MC_OK);
	mc_date_format(mc_date_from_ymd(y, m, d), buf);
	return buf;
}

static void expect_lunar(int y, int m, int d, double tz, int lday, int lmonth, int lyear, bool leap)
{
	mc_lunar_date l;
	mc_lunar_from_solar(y, m, d, tz, &l);
	assert_int_equal(l.day, lday);
	assert_int_equal(l.month, lmonth);
	assert_int_equal(l.year, lyear);
	assert_int_equal(l.leap, leap);
}

static int weekday_of(const char *ymd)
{
	int32_t d;
	assert_int_equal(mc_date_parse(ymd, &d, NULL), MC_OK);
	return mc_weekday(d);
}

/* T1: Tết 2024 is Sat 10 Feb 2024; 9 Feb 2024 is 30/12 of the year before. */
static void test_T1_tet_2024(void **state)
{
	(void)state;
	assert_string_equal(solar(2024, 1, 1, false, VN), "2024-02-10");
	assert_int_equal(weekday_of("2024-02-10"), 5);
	expect_lunar(2024, 2, 9, VN, 30, 12, 2023, false);
	expect_lunar(2024, 2, 10, VN, 1, 1, 2024, false);
}

/* T2: Tết 2025 is Wed 29 Jan 2025; 28 Jan is 29/12 (month 12 has 29 days). */
static void test_T2_tet_2025(void **state)
{
	(void)state;
	assert_string_equal(solar(2025, 1, 1, false, VN), "2025-01-29");
	assert_int_equal(weekday_of("2025-01-29"), 2);
	expect_lunar(2025, 1, 28, VN, 29, 12, 2024, false);
}

/* T3: Tết 2026 is Tue 17 Feb; 14 Feb = 27/12 Ất Tỵ, 16 Feb = 29/12, 22 Feb = 6/1. */
static void test_T3_tet_2026(void **state)
{
	(void)state;
	assert_string_equal(solar(2026, 1, 1, false, VN), "2026-02-17");
	assert_int_equal(weekday_of("2026-02-17"), 1);
	expect_lunar(2026, 2, 14, VN, 27, 12, 2025, false);
	expect_lunar(2026, 2, 16, VN, 29, 12, 2025, false);
	expect_lunar(2026, 2, 22, VN, 6, 1, 2026, false);
	/* month 12 of Ất Tỵ has 29 days: 30 Chạp does not exist */
	mc_lunar_date l = { .day = 30, .month = 12, .year = 2025, .leap = false };
	int y, m, d;
	mc_error e = { 0 };
	assert_int_equal(mc_lunar_to_solar(&l, VN, &y, &m, &d, &e), MC_EDATA);
	assert_non_null(strstr(e.msg, "has 29 days"));
}

/* T4: Tết 1985 is 21 Jan in Vietnam (UTC+7) but 20 Feb in China (UTC+8). */
static void test_T4_tet_1985_time_zone(void **state)
{
	(void)state;
	assert_string_equal(solar(1985, 1, 1, false, VN), "1985-01-21");
	assert_string_equal(solar(1985, 1, 1, false, CN), "1985-02-20");
	expect_lunar(1985, 1, 21, VN, 1, 1, 1985, false);
	expect_lunar(1985, 1, 21, CN, 1, 12, 1984, false);
}

/* T5: Tết 2007 is Sat 17 Feb in Vietnam, 18 Feb in China. */
static void test_T5_tet_2007_time_zone(void **state)
{
	(void)state;
	assert_string_equal(solar(2007, 1, 1, false, VN), "2007-02-17");
	assert_int_equal(weekday_of("2007-02-17"), 5);
	assert_string_equal(solar(2007, 1, 1, false, CN), "2007-02-18");
}

/* T6: Giỗ Tổ (10/3 lunar) is Mon 7 Apr 2025 and Sun 26 Apr 2026, with the
 * compensatory day Mon 27 Apr 2026. */
static void test_T6_gio_to(void **state)
{
	(void)state;
	assert_string_equal(solar(2025, 3, 10, false, VN), "2025-04-07");
	assert_int_equal(weekday_of("2025-04-07"), 0);
	assert_string_equal(solar(2026, 3, 10, false, VN), "2026-04-26");
	assert_int_equal(weekday_of("2026-04-26"), 6);
	mc_holiday h[MC_HOLIDAYS_PROPOSE_MAX];
	size_t n = mc_holidays_propose(2026, h, MC_HOLIDAYS_PROPOSE_MAX);
	int32_t comp;
	assert_int_equal(mc_date_parse("2026-04-27", &comp, NULL), MC_OK);
	bool found = false;
	for (size_t i = 0; i < n; i++)
		if (h[i].day == comp)
			found = strstr(h[i].note, "Nghỉ bù Giỗ Tổ Hùng Vương") != NULL;
	assert_true(found);
}

/* T7: lunar 2025 has leap month 6 (from 25 Jul 2025), 2023 leap month 2
 * (from 22 Mar 2023). */
static void test_T7_leap_months(void **state)
{
	(void)state;
	assert_int_equal(mc_lunar_leap_month(2025, VN), 6);
	assert_int_equal(mc_lunar_leap_month(2023, VN), 2);
	assert_int_equal(mc_lunar_leap_month(2024, VN), 0);
	assert_int_equal(mc_lunar_leap_month(2026, VN), 0);
	assert_string_equal(solar(2025, 6, 1, true, VN), "2025-07-25");
	assert_string_equal(solar(2023, 2, 1, true, VN), "2023-03-22");
	expect_lunar(2025, 7, 25, VN, 1, 6, 2025, true);
	expect_lunar(2025, 7, 24, VN, 30, 6, 2025, false);
	expect_lunar(2023, 3, 22, VN, 1, 2, 2023, true);
	/* a leap month 11 (2033), which lies after the solstice month */
	assert_int_equal(mc_lunar_leap_month(2033, VN), 11);
}

/* T15: Tết 2030 with the new moon near midnight: Sat 2 Feb (UTC+7), 3 Feb (UTC+8). */
static void test_T15_tet_2030_near_midnight(void **state)
{
	(void)state;
	assert_string_equal(solar(2030, 1, 1, false, VN), "2030-02-02");
	assert_int_equal(weekday_of("2030-02-02"), 5);
	assert_string_equal(solar(2030, 1, 1, false, CN), "2030-02-03");
}

/* The leap flag is checked, unlike in the published reference code. */
static void test_leap_flag_rejected(void **state)
{
	(void)state;
	int y = 0, m = 0, d = 0;
	mc_error e = { 0 };
	mc_lunar_date l = { .day = 1, .month = 11, .year = 2024, .leap = true };
	assert_int_equal(mc_lunar_to_solar(&l, VN, &y, &m, &d, &e), MC_EDATA);
	assert_non_null(strstr(e.msg, "not a leap month"));
	l = (mc_lunar_date){ .day = 1, .month = 12, .year = 2026, .leap = true };
	assert_int_equal(mc_lunar_to_solar(&l, VN, &y, &m, &d, &e), MC_EDATA);
	l = (mc_lunar_date){ .day = 1, .month = 5, .year = 2025, .leap = true };
	assert_int_equal(mc_lunar_to_solar(&l, VN, &y, &m, &d, &e), MC_EDATA);
	assert_non_null(strstr(e.msg, "leap month is 6"));
	l = (mc_lunar_date){ .day = 0, .month = 5, .year = 2025 };
	assert_int_equal(mc_lunar_to_solar(&l, VN, &y, &m, &d, &e), MC_EDATA);
	l = (mc_lunar_date){ .day = 1, .month = 13, .year = 2025 };
	assert_int_equal(mc_lunar_to_solar(&l, VN, &y, &m, &d, NULL), MC_EDATA);
	assert_int_equal(y, 0);
}

/* Day 1 of every month (and of every leap month) of lunar 1900-2100 comes
 * back unchanged, and a day 30 is accepted exactly when the month has 30. */
static void test_lunar_roundtrip(void **state)
{
	(void)state;
	int leap_years = 0;
	for (int year = 1900; year <= 2100; year++) {
		int leap = mc_lunar_leap_month(year, VN);
		leap_years += leap != 0;
		for (int month = 1; month <= 12; month++) {
			for (int pass = 0; pass < (month == leap ? 2 : 1); pass++) {
				mc_lunar_date in = { .day = 1, .month = month, .year = year, .leap = pass == 1 }, back;
				int y, m, d;
				assert_int_equal(mc_lunar_to_solar(&in, VN, &y, &m, &d, NULL), MC_OK);
				mc_lunar_from_solar(y, m, d, VN, &back);
				assert_true(back.day == 1 && back.month == month && back.year == year &&
					    back.leap == in.leap);
				/* the day before day 1 is day 29 or 30 of the previous month */
				int py, pm, pd;
				mc_date_to_ymd(mc_date_from_ymd(y, m, d) - 1, &py, &pm, &pd);
				mc_lunar_date prev;
				mc_lunar_from_solar(py, pm, pd, VN, &prev);
				assert_true(prev.day == 29 || prev.day == 30);
				/* day 1 + 29 days is day 30 or the next month's day 1 */
				int ly, lm, ld;
				mc_date_to_ymd(mc_date_from_ymd(y, m, d) + 29, &ly, &lm, &ld);
				mc_lunar_from_solar(ly, lm, ld, VN, &back);
				bool has30 = back.day == 30;
				in.day = 30;
				int y30, m30, d30;
				mc_status st = mc_lunar_to_solar(&in, VN, &y30, &m30, &d30, NULL);
				assert_int_equal(st, has30 ? MC_OK : MC_EDATA);
				if (has30)
					assert_true(y30 == ly && m30 == lm && d30 == ld);
			}
		}
	}
	/* about 7 leap years in 19 */
	assert_in_range(leap_years, 70, 76);
}

/* Every solar day of 1900-2100 maps to a lunar date that maps back, and
 * consecutive days give consecutive lunar days. */
static void test_solar_roundtrip(void **state)
{
	(void)state;
	int32_t first = mc_date_from_ymd(1900, 2, 1), last = mc_date_from_ymd(2100, 12, 31);
	mc_lunar_date prev = { 0 };
	for (int32_t n = first; n <= last; n++) {
		int y, m, d, y2, m2, d2;
		mc_date_to_ymd(n, &y, &m, &d);
		mc_lunar_date l;
		mc_lunar_from_solar(y, m, d, VN, &l);
		if (n > first) {
			if (l.day == 1)
				assert_true(prev.day == 29 || prev.day == 30);
			else
				assert_true(l.day == prev.day + 1 && l.month == prev.month && l.leap == prev.leap);
		}
		if (l.day == 1 || l.day >= 29) {
			assert_int_equal(mc_lunar_to_solar(&l, VN, &y2, &m2, &d2, NULL), MC_OK);
			assert_true(y2 == y && m2 == m && d2 == d);
		}
		prev = l;
	}
}

static bool proposed(const mc_holiday *h, size_t n, const char *ymd, const char *note_part)
{
	int32_t d;
	assert_int_equal(mc_date_parse(ymd, &d, NULL), MC_OK);
	for (size_t i = 0; i < n; i++)
		if (h[i].day == d)
			return h[i].kind == MC_DAY_OFF && strstr(h[i].note, note_part) &&
			       strstr(h[i].note, "(đề xuất)");
	return false;
}

static void test_propose_2026(void **state)
{
	(void)state;
	mc_holiday h[MC_HOLIDAYS_PROPOSE_MAX];
	size_t n = mc_holidays_propose(2026, h, MC_HOLIDAYS_PROPOSE_MAX);
	assert_int_equal(n, 12);
	for (size_t i = 1; i < n; i++)
		assert_true(h[i - 1].day < h[i].day);
	assert_true(proposed(h, n, "2026-01-01", "Tết Dương lịch"));
	static const char *const tet[] = { "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19",
					   "2026-02-20" };
	for (int i = 0; i < 5; i++)
		assert_true(proposed(h, n, tet[i], "Tết Nguyên đán"));
	assert_false(proposed(h, n, "2026-02-13", "Tết"));
	assert_false(proposed(h, n, "2026-02-23", "Tết"));
	assert_true(proposed(h, n, "2026-04-26", "Giỗ Tổ Hùng Vương"));
	assert_true(proposed(h, n, "2026-04-27", "Nghỉ bù Giỗ Tổ"));
	assert_true(proposed(h, n, "2026-04-30", "thống nhất"));
	assert_true(proposed(h, n, "2026-05-01", "Lao động"));
	assert_true(proposed(h, n, "2026-09-02", "Quốc khánh"));
	assert_true(proposed(h, n, "2026-09-03", "Quốc khánh"));
	assert_false(proposed(h, n, "2026-11-24", ""));
	/* a short buffer gets the first entries and the full count */
	mc_holiday few[3];
	assert_int_equal(mc_holidays_propose(2026, few, 3), 12);
	assert_int_equal(few[2].day, h[2].day);
	assert_int_equal(mc_holidays_propose(2026, NULL, 0), 12);
}

/* The rules reproduce the announced 2024 and 2025 schedules. */
static void test_propose_2024_2025(void **state)
{
	(void)state;
	mc_holiday h[MC_HOLIDAYS_PROPOSE_MAX];
	size_t n = mc_holidays_propose(2025, h, MC_HOLIDAYS_PROPOSE_MAX);
	static const char *const tet25[] = { "2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30",
					     "2025-01-31" };
	for (int i = 0; i < 5; i++)
		assert_true(proposed(h, n, tet25[i], "Tết Nguyên đán"));
	assert_true(proposed(h, n, "2025-04-07", "Giỗ Tổ"));
	assert_true(proposed(h, n, "2025-09-01", "Quốc khánh"));
	assert_true(proposed(h, n, "2025-09-02", "Quốc khánh"));
	assert_false(proposed(h, n, "2025-09-03", ""));
	assert_int_equal(n, 11);
	n = mc_holidays_propose(2024, h, MC_HOLIDAYS_PROPOSE_MAX);
	assert_true(proposed(h, n, "2024-09-02", "Quốc khánh"));
	assert_true(proposed(h, n, "2024-09-03", "Quốc khánh"));
	assert_true(proposed(h, n, "2024-02-08", "Tết Nguyên đán"));
	assert_true(proposed(h, n, "2024-02-14", "Tết Nguyên đán"));
	assert_false(proposed(h, n, "2024-02-10", ""));
	/* 2023: 1/1 Sunday -> Monday 2/1; Giỗ Tổ Sat 29/4, 30/4 Sun -> 2/5, 3/5 */
	n = mc_holidays_propose(2023, h, MC_HOLIDAYS_PROPOSE_MAX);
	assert_true(proposed(h, n, "2023-01-02", "Nghỉ bù Tết Dương lịch"));
	assert_true(proposed(h, n, "2023-05-02", "Nghỉ bù"));
	assert_true(proposed(h, n, "2023-05-03", "Nghỉ bù"));
	assert_true(proposed(h, n, "2023-09-04", "Nghỉ bù Quốc khánh"));
	assert_int_equal(mc_holidays_propose(99999, h, MC_HOLIDAYS_PROPOSE_MAX), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_T1_tet_2024),
		cmocka_unit_test(test_T2_tet_2025),
		cmocka_unit_test(test_T3_tet_2026),
		cmocka_unit_test(test_T4_tet_1985_time_zone),
		cmocka_unit_test(test_T5_tet_2007_time_zone),
		cmocka_unit_test(test_T6_gio_to),
		cmocka_unit_test(test_T7_leap_months),
		cmocka_unit_test(test_T15_tet_2030_near_midnight),
		cmocka_unit_test(test_leap_flag_rejected),
		cmocka_unit_test(test_lunar_roundtrip),
		cmocka_unit_test(test_solar_roundtrip),
		cmocka_unit_test(test_propose_2026),
		cmocka_unit_test(test_propose_2024_2025),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
