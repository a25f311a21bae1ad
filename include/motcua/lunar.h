/*
 * Vietnamese lunisolar calendar (âm lịch) after Hồ Ngọc Đức's published
 * method, and the statutory-holiday proposal built on it.
 *
 * The lunar calendar is only used to *propose* Tết and Giỗ Tổ dates; the
 * holiday table the deadline engine obeys is data a supervisor confirms
 * (domain.md §4.4). The time zone is a parameter because the same rules at
 * UTC+8 give the Chinese calendar (Tết 1985 differs by a month); Vietnam
 * uses 7.0. Accuracy is that of the method: good for 1800-2199, weaker near
 * midnight new moons far from the present.
 */
#ifndef MOTCUA_LUNAR_H
#define MOTCUA_LUNAR_H

#include "motcua/calendar.h"
#include "motcua/error.h"

#include <stdbool.h>
#include <stddef.h>

#define MC_LUNAR_TZ_VN 7.0

typedef struct mc_lunar_date {
	int day, month, year; /* day 1..30, month 1..12, lunar year (Tết's solar year) */
	bool leap;            /* the repeated (nhuận) month */
} mc_lunar_date;

/* The lunar date of solar y-m-d (a valid Gregorian date). */
void mc_lunar_from_solar(int y, int m, int d, double tz, mc_lunar_date *out);

/* The solar date of a lunar date. MC_EDATA when the month or day is out of
 * range, when `leap` is set on a month that is not the leap month of that
 * year, or when day 30 is asked of a 29-day month; err may be NULL. */
mc_status mc_lunar_to_solar(const mc_lunar_date *in, double tz, int *y, int *m, int *d,
			    mc_error *err);

/* The leap month (1..12) of a lunar year, 0 if the year has none. */
int mc_lunar_leap_month(int lunar_year, double tz);

/* Largest number of entries mc_holidays_propose can return. */
#define MC_HOLIDAYS_PROPOSE_MAX 24

/* Propose the statutory holidays (Bộ luật Lao động 2019, Điều 112) of a solar
 * year as OFF entries sorted by day, notes in Vietnamese ending in
 * "(đề xuất)". Writes at most cap entries to out and returns the full count
 * (call with cap = MC_HOLIDAYS_PROPOSE_MAX to get all). A proposal only:
 * the official Tết and 2/9 days are announced each year. */
size_t mc_holidays_propose(int year, mc_holiday *out, size_t cap);

#endif
