/*
 * Solar <-> lunar conversion (see include/motcua/lunar.h), written from the
 * published description of Hồ Ngọc Đức's method:
 *  - a lunar month starts on the local day of a new moon (sóc), found from
 *    Meeus' mean new moon plus the main periodic terms;
 *  - the month containing the winter solstice (sun longitude 270°) is
 *    month 11;
 *  - a span of 13 months from one month 11 to the next has a leap month:
 *    the first month after month 11 in which the sun enters no new
 *    30° sector (no major solar term, trung khí);
 *  - "day" is the civil day at the given time zone (105°E, UTC+7, for
 *    Vietnam).
 * Julian day numbers come from the civil date code in calendar.c so there is
 * one Gregorian implementation in the program.
 */
#include "motcua/lunar.h"

#include <math.h>

#define JD_UNIX_EPOCH 2440588          /* Julian day number of 1970-01-01 */
#define JD_NEW_MOON_1900 2415021.076998695 /* mean new moon of 1900-01-01 */
#define SYNODIC_MONTH 29.530588853

static int jd_from_date(int y, int m, int d)
{
	return (int)mc_date_from_ymd(y, m, d) + JD_UNIX_EPOCH;
}

static void jd_to_date(int jd, int *y, int *m, int *d)
{
	mc_date_to_ymd(jd - JD_UNIX_EPOCH, y, m, d);
}

static double deg_sin(double deg)
{
	return sin(deg * M_PI / 180.0);
}

/* Julian date (UT, fractional) of the k-th new moon after 1900-01-01. */
static double new_moon(int k)
{
	double t = k / 1236.85, t2 = t * t, t3 = t2 * t;
	double jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
	jd += 0.00033 * deg_sin(166.56 + 132.87 * t - 0.009173 * t2);
	double m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3;   /* sun anomaly */
	double mp = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3; /* moon anomaly */
	double f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3;   /* moon latitude arg */
	double c = (0.1734 - 0.000393 * t) * deg_sin(m) + 0.0021 * deg_sin(2 * m);
	c += -0.4068 * deg_sin(mp) + 0.0161 * deg_sin(2 * mp) - 0.0004 * deg_sin(3 * mp);
	c += 0.0104 * deg_sin(2 * f) - 0.0051 * deg_sin(m + mp) - 0.0074 * deg_sin(m - mp);
	c += 0.0004 * deg_sin(2 * f + m) - 0.0004 * deg_sin(2 * f - m);
	c += -0.0006 * deg_sin(2 * f + mp) + 0.0010 * deg_sin(2 * f - mp) + 0.0005 * deg_sin(2 * mp + m);
	double delta_t; /* dynamical time minus universal time, in days */
	if (t < -11)
		delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3;
	else
		delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2;
	return jd + c - delta_t;
}

/* Local day number (Julian day) on which the k-th new moon falls. */
static int new_moon_day(int k, double tz)
{
	return (int)floor(new_moon(k) + 0.5 + tz / 24.0);
}

/* Apparent sun longitude in radians [0, 2π) at Julian date jd (UT). */
static double sun_longitude(double jd)
{
	double t = (jd - 2451545.0) / 36525.0, t2 = t * t;
	double m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
	double l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
	double dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * deg_sin(m);
	dl += (0.019993 - 0.000101 * t) * deg_sin(2 * m) + 0.000290 * deg_sin(3 * m);
	double l = (l0 + dl) * M_PI / 180.0;
	return l - 2 * M_PI * floor(l / (2 * M_PI));
}

/* Sun's 30° sector (0..11) at the start of local day `jd`; sector 9 starts
 * at the winter solstice. */
static int sun_sector(int jd, double tz)
{
	return (int)floor(sun_longitude(jd - 0.5 - tz / 24.0) / M_PI * 6.0);
}

/* Index k of the new moon nearest to local day jd. */
static int moon_index(int jd)
{
	return (int)floor((jd - JD_NEW_MOON_1900) / SYNODIC_MONTH + 0.5);
}

/* First day of lunar month 11 of the lunar year ending in solar year yy
 * (the month holding the December solstice of yy). */
static int month11_start(int yy, double tz)
{
	int off = jd_from_date(yy, 12, 31) - 2415021;
	int k = (int)floor(off / SYNODIC_MONTH);
	int start = new_moon_day(k, tz);
	if (sun_sector(start, tz) >= 9)
		start = new_moon_day(k - 1, tz);
	return start;
}

/* In the 13-month span starting at month 11 (day a11): the position (1..12)
 * of the leap month, i.e. of the first month whose start has the same sun
 * sector as the next month's start. 0 if not found. */
static int leap_offset(int a11, double tz)
{
	int k = moon_index(a11);
	int last, i = 1;
	int arc = sun_sector(new_moon_day(k + i, tz), tz);
	do {
		last = arc;
		i++;
		arc = sun_sector(new_moon_day(k + i, tz), tz);
	} while (arc != last && i < 14);
	return i - 1 <= 12 ? i - 1 : 0;
}

/* Leap month number for a leap position in a span starting at month 11. */
static int leap_month_of_offset(int off)
{
	return off <= 2 ? off + 10 : off - 2;
}

void mc_lunar_from_solar(int y, int m, int d, double tz, mc_lunar_date *out)
{
	int jd = jd_from_date(y, m, d);
	/* The mean-motion estimate can miss by a month: the reference code
	 * tries only k and k + 1 and yields "day 0" on e.g. 2054-05-07 and
	 * 2062-04-09, whose true new moon comes a day after the mean one. */
	int k = (int)floor((jd - JD_NEW_MOON_1900) / SYNODIC_MONTH);
	while (new_moon_day(k, tz) > jd)
		k--;
	while (new_moon_day(k + 1, tz) <= jd)
		k++;
	int month_start = new_moon_day(k, tz);
	int a11 = month11_start(y, tz), b11;
	int year;
	if (a11 >= month_start) {
		year = y;
		b11 = a11;
		a11 = month11_start(y - 1, tz);
	} else {
		year = y + 1;
		b11 = month11_start(y + 1, tz);
	}
	int diff = (int)floor((month_start - a11) / 29.0); /* months since month 11 */
	int month = diff + 11;
	bool leap = false;
	if (b11 - a11 > 365) {
		int loff = leap_offset(a11, tz);
		if (loff && diff >= loff) {
			month = diff + 10;
			leap = diff == loff;
		}
	}
	if (month > 12)
		month -= 12;
	if (month >= 11 && diff < 4)
		year -= 1;
	out->day = jd - month_start + 1;
	out->month = month;
	out->year = year;
	out->leap = leap;
}

int mc_lunar_leap_month(int lunar_year, double tz)
{
	/* Leap months 1..10 lie in the span from month 11 of the previous
	 * year; leap 11 and 12 in the span starting at this year's month 11. */
	int a = month11_start(lunar_year - 1, tz), b = month11_start(lunar_year, tz);
	if (b - a > 365) {
		int off = leap_offset(a, tz);
		if (off >= 3)
			return leap_month_of_offset(off);
	}
	a = b;
	b = month11_start(lunar_year + 1, tz);
	if (b - a > 365) {
		int off = leap_offset(a, tz);
		if (off >= 1 && off <= 2)
			return leap_month_of_offset(off);
	}
	return 0;
}

mc_status mc_lunar_to_solar(const mc_lunar_date *in, double tz, int *y, int *m, int *d,
			    mc_error *err)
{
	if (in->month < 1 || in->month > 12)
		return mc_error_set(err, MC_EDATA, "lunar month %d is out of range 1-12", in->month);
	if (in->day < 1 || in->day > 30)
		return mc_error_set(err, MC_EDATA, "lunar day %d is out of range 1-30", in->day);
	if (in->year < 1000 || in->year > 3000)
		return mc_error_set(err, MC_EDATA, "lunar year %d is out of range 1000-3000", in->year);
	int a11, b11;
	if (in->month < 11) {
		a11 = month11_start(in->year - 1, tz);
		b11 = month11_start(in->year, tz);
	} else {
		a11 = month11_start(in->year, tz);
		b11 = month11_start(in->year + 1, tz);
	}
	int off = in->month - 11;
	if (off < 0)
		off += 12;
	int loff = b11 - a11 > 365 ? leap_offset(a11, tz) : 0;
	int leap_month = loff ? leap_month_of_offset(loff) : 0;
	if (in->leap && in->month != leap_month) {
		if (leap_month)
			return mc_error_set(err, MC_EDATA,
					    "lunar month %d of %d is not a leap month (the leap month is %d)",
					    in->month, in->year, leap_month);
		return mc_error_set(err, MC_EDATA, "lunar month %d of %d is not a leap month (no leap month around it)",
				    in->month, in->year);
	}
	if (loff && (in->leap || off >= loff))
		off++;
	int k = moon_index(a11);
	int start = new_moon_day(k + off, tz);
	int len = new_moon_day(k + off + 1, tz) - start;
	if (in->day > len)
		return mc_error_set(err, MC_EDATA, "lunar month %d%s of %d has %d days, not %d",
				    in->month, in->leap ? " (leap)" : "", in->year, len, in->day);
	jd_to_date(start + in->day - 1, y, m, d);
	return MC_OK;
}
