/*
 * Civil dates and the working-time calendar (see include/motcua/calendar.h).
 *
 * Everything is integer arithmetic on minutes and days since 1970-01-01,
 * so results never depend on the machine's time zone. The calendar reads a
 * caller-owned, sorted holiday table by binary search; counting working
 * days over a range is done per week plus one correction per table entry,
 * so measuring years of working time costs no more than measuring a week.
 * Every forward search for a working day is bounded (SCAN_DAYS) so an
 * empty working week yields an error instead of an endless loop.
 */
#include "motcua/calendar.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define DAY_MIN 1440
#define SCAN_DAYS (3 * 366)   /* "no working day within 3 years" */
#define MAX_AMOUNT 36600.0    /* a century of days; anything above is a typo */
/* Times the calendar works on: 0001-01-01 .. 9999-12-31 (day numbers). */
#define FIRST_DAY (-719162)
#define LAST_DAY 2932896
#define MAX_ADD_MINUTES ((int64_t)MAX_AMOUNT * DAY_MIN)

/* ---- integer helpers ---------------------------------------------------- */

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if (a % b != 0 && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static int64_t floor_mod(int64_t a, int64_t b)
{
	return a - floor_div(a, b) * b;
}

/* ---- dates -------------------------------------------------------------- */

/*
 * Day numbers use the usual "year starts in March" trick: with March as
 * month 0 the leap day is the last day of the year, so the day of the year
 * is a fixed formula of the month, and 400-year eras repeat exactly
 * (146097 days). 719468 is the number of days from 0000-03-01 to 1970-01-01.
 */
int32_t mc_date_from_ymd(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2 ? 1 : 0);
	int64_t era = floor_div(yy, 400);
	int64_t yoe = yy - era * 400;
	int64_t mp = (m + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468);
}

void mc_date_to_ymd(int32_t day, int *y, int *m, int *d)
{
	int64_t z = (int64_t)day + 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
	if (y)
		*y = (int)(yoe + era * 400 + (mm <= 2 ? 1 : 0));
	if (m)
		*m = mm;
	if (d)
		*d = (int)(doy - (153 * mp + 2) / 5 + 1);
}

static int days_in_month(int y, int m)
{
	static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return len[m - 1];
}

bool mc_date_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

int mc_weekday(int32_t day)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	return (int)floor_mod((int64_t)day + 3, 7);
}

int32_t mc_time_day(int64_t t)
{
	return (int32_t)floor_div(t, DAY_MIN);
}

int mc_time_minute_of_day(int64_t t)
{
	return (int)floor_mod(t, DAY_MIN);
}

/* ---- parsing and formatting --------------------------------------------- */

/* Read `n` digits at s[at]; false if any is not a digit. */
static bool digits(const char *s, int at, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[at + i]))
			return false;
		v = v * 10 + (s[at + i] - '0');
	}
	*out = v;
	return true;
}

/* Check the layout "YYYY-MM-DD" at the start of s and its ranges. `what`
 * names the kind of value for messages ("time" or "date"). */
static mc_status parse_ymd(const char *s, const char *what, int *y, int *m, int *d,
			   mc_error *err)
{
	static const int digit_at[8] = { 0, 1, 2, 3, 5, 6, 8, 9 };
	for (int i = 0; i < 8; i++)
		if (!isdigit((unsigned char)s[digit_at[i]]))
			return mc_error_set(err, MC_EDATA,
					    "%s \"%.40s\": expected a digit at byte %d (form YYYY-MM-DD)",
					    what, s, digit_at[i]);
	if (s[4] != '-' || s[7] != '-')
		return mc_error_set(err, MC_EDATA, "%s \"%.40s\": expected '-' at byte %d",
				    what, s, s[4] != '-' ? 4 : 7);
	digits(s, 0, 4, y);
	digits(s, 5, 2, m);
	digits(s, 8, 2, d);
	if (*y < 1)
		return mc_error_set(err, MC_EDATA, "%s \"%.40s\": year 0000 is out of range", what, s);
	if (*m < 1 || *m > 12)
		return mc_error_set(err, MC_EDATA, "%s \"%.40s\": month %02d is out of range 01-12",
				    what, s, *m);
	if (*d < 1 || *d > days_in_month(*y, *m))
		return mc_error_set(err, MC_EDATA,
				    "%s \"%.40s\": day %02d is out of range 01-%02d for %04d-%02d",
				    what, s, *d, days_in_month(*y, *m), *y, *m);
	return MC_OK;
}

mc_status mc_date_parse(const char *s, int32_t *out, mc_error *err)
{
	int y, m, d;
	if (!s)
		return mc_error_set(err, MC_EUSAGE, "date: no text given");
	size_t len = strnlen(s, 11);
	if (len != 10)
		return mc_error_set(err, MC_EDATA, "date \"%.40s\": expected 10 characters YYYY-MM-DD, got %zu%s",
				    s, len, len > 10 ? " or more" : "");
	mc_status st = parse_ymd(s, "date", &y, &m, &d, err);
	if (st != MC_OK)
		return st;
	*out = mc_date_from_ymd(y, m, d);
	return MC_OK;
}

mc_status mc_time_parse(const char *s, int64_t *out, mc_error *err)
{
	int y, m, d, hh, mm;
	if (!s)
		return mc_error_set(err, MC_EUSAGE, "time: no text given");
	size_t len = strnlen(s, 17);
	if (len != 16)
		return mc_error_set(err, MC_EDATA,
				    "time \"%.40s\": expected 16 characters YYYY-MM-DD HH:MM, got %zu%s",
				    s, len, len > 16 ? " or more" : "");
	mc_status st = parse_ymd(s, "time", &y, &m, &d, err);
	if (st != MC_OK)
		return st;
	if (s[10] != ' ' && s[10] != 'T')
		return mc_error_set(err, MC_EDATA,
				    "time \"%.40s\": expected ' ' or 'T' between date and time at byte 10", s);
	if (!digits(s, 11, 2, &hh) || s[13] != ':' || !digits(s, 14, 2, &mm))
		return mc_error_set(err, MC_EDATA, "time \"%.40s\": clock part \"%s\" is not HH:MM",
				    s, s + 11);
	if (hh > 23)
		return mc_error_set(err, MC_EDATA, "time \"%.40s\": hour %02d is out of range 00-23", s, hh);
	if (mm > 59)
		return mc_error_set(err, MC_EDATA, "time \"%.40s\": minute %02d is out of range 00-59", s, mm);
	*out = (int64_t)mc_date_from_ymd(y, m, d) * DAY_MIN + hh * 60 + mm;
	return MC_OK;
}

/* Write v as `n` decimal digits at p (v is already in range). */
static void put_digits(char *p, int v, int n)
{
	for (int i = n - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
}

void mc_date_format(int32_t day, char buf[11])
{
	int y, m, d;
	mc_date_to_ymd(day, &y, &m, &d);
	if (y < 1 || y > 9999) {
		strcpy(buf, "?\?\?\?-?\?-?\?");
		return;
	}
	put_digits(buf, y, 4);
	buf[4] = '-';
	put_digits(buf + 5, m, 2);
	buf[7] = '-';
	put_digits(buf + 8, d, 2);
	buf[10] = '\0';
}

void mc_time_format(int64_t t, char buf[17])
{
	int64_t day = floor_div(t, DAY_MIN);
	int tod = (int)floor_mod(t, DAY_MIN);
	if (day < INT32_MIN || day > INT32_MAX)
		day = INT32_MIN; /* formats as question marks below */
	mc_date_format((int32_t)day, buf);
	buf[10] = ' ';
	if (buf[0] == '?') {
		strcpy(buf + 11, "?\?:?\?");
		return;
	}
	put_digits(buf + 11, tod / 60, 2);
	buf[13] = ':';
	put_digits(buf + 14, tod % 60, 2);
	buf[16] = '\0';
}

/* ---- holiday table ------------------------------------------------------ */

/* Insertion sort: stable, and linear on the nearly sorted tables a store
 * returns; holiday tables hold tens to a few thousand rows. */
void mc_holidays_sort(mc_holiday *h, size_t n)
{
	for (size_t i = 1; h && i < n; i++) {
		if (h[i - 1].day <= h[i].day)
			continue;
		mc_holiday x = h[i];
		size_t j = i;
		while (j > 0 && h[j - 1].day > x.day) {
			h[j] = h[j - 1];
			j--;
		}
		h[j] = x;
	}
}

/* Index of the first entry whose day is >= day. */
static size_t holiday_lower(const mc_calendar *cal, int32_t day)
{
	size_t lo = 0, hi = cal->nholidays;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cal->holidays[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool weekly_workday(const mc_calendar *cal, int32_t day)
{
	return (cal->workdays >> mc_weekday(day)) & 1u;
}

bool mc_calendar_is_workday(const mc_calendar *cal, int32_t day)
{
	size_t i = holiday_lower(cal, day);
	if (i < cal->nholidays && cal->holidays[i].day == day)
		return cal->holidays[i].kind == MC_DAY_WORK;
	return weekly_workday(cal, day);
}

/* Working days in [d0, d1): whole weeks by the weekly mask, the rest day by
 * day, then one correction per table entry in range. */
static int64_t count_workdays(const mc_calendar *cal, int32_t d0, int32_t d1)
{
	if (d1 <= d0)
		return 0;
	int64_t n = (int64_t)d1 - d0;
	int64_t count = (n / 7) * __builtin_popcount(cal->workdays & 0x7fu);
	for (int64_t d = d0 + (n / 7) * 7; d < d1; d++)
		count += weekly_workday(cal, (int32_t)d);
	int32_t prev = 0;
	bool have_prev = false;
	for (size_t i = holiday_lower(cal, d0); i < cal->nholidays && cal->holidays[i].day < d1; i++) {
		const mc_holiday *h = &cal->holidays[i];
		if (have_prev && h->day == prev)
			continue; /* the first entry of a day wins */
		prev = h->day;
		have_prev = true;
		bool weekly = weekly_workday(cal, h->day), actual = h->kind == MC_DAY_WORK;
		count += (actual ? 1 : 0) - (weekly ? 1 : 0);
	}
	return count;
}

/* First working day >= day, within SCAN_DAYS. */
static bool workday_from(const mc_calendar *cal, int32_t day, int32_t *out)
{
	for (int i = 0; i < SCAN_DAYS; i++) {
		if (mc_calendar_is_workday(cal, day + i)) {
			*out = day + i;
			return true;
		}
	}
	return false;
}

static mc_status no_workday(int32_t day, mc_error *err)
{
	char b[11];
	mc_date_format(day, b);
	return mc_error_set(err, MC_EDATA,
			    "no working day within 3 years after %s: check the working week and the holiday table",
			    b);
}

mc_status mc_calendar_next_workday(const mc_calendar *cal, int32_t day, int32_t *out,
				   mc_error *err)
{
	if (!workday_from(cal, day + 1, out))
		return no_workday(day, err);
	return MC_OK;
}

/* ---- configuration ------------------------------------------------------ */

void mc_calendar_init(mc_calendar *cal)
{
	memset(cal, 0, sizeof *cal);
	cal->win[0] = (mc_window){ 7 * 60, 11 * 60 + 30 };
	cal->win[1] = (mc_window){ 13 * 60 + 30, 17 * 60 };
	cal->nwin = 2;
	cal->workdays = 0x1f; /* Monday..Friday */
	cal->cutoff = 15 * 60;
}

void mc_calendar_set_holidays(mc_calendar *cal, const mc_holiday *sorted, size_t n)
{
	cal->holidays = n ? sorted : NULL;
	cal->nholidays = sorted ? n : 0;
}

int mc_calendar_day_minutes(const mc_calendar *cal)
{
	int sum = 0;
	for (int i = 0; i < cal->nwin; i++)
		sum += cal->win[i].end - cal->win[i].start;
	return sum;
}

static const char *skip_spaces(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Parse "H:MM" or "HH:MM" at *pp (up to 24:00); advances *pp. */
static bool parse_clock(const char **pp, int *out)
{
	const char *p = *pp;
	int h = 0, m = 0, nd = 0;
	while (isdigit((unsigned char)*p) && nd < 2) {
		h = h * 10 + (*p++ - '0');
		nd++;
	}
	if (nd == 0 || *p != ':' || !isdigit((unsigned char)p[1]) || !isdigit((unsigned char)p[2]))
		return false;
	m = (p[1] - '0') * 10 + (p[2] - '0');
	if (m > 59 || h > 24 || (h == 24 && m != 0))
		return false;
	*pp = p + 3;
	*out = h * 60 + m;
	return true;
}

mc_status mc_calendar_set_windows(mc_calendar *cal, const char *spec, mc_error *err)
{
	mc_window w[MC_CAL_MAX_WINDOWS];
	int n = 0;
	const char *p = spec ? skip_spaces(spec) : "";
	if (!*p)
		return mc_error_set(err, MC_EDATA, "working windows: empty spec (expected e.g. \"07:00-11:30,13:30-17:00\")");
	for (;;) {
		if (n == MC_CAL_MAX_WINDOWS)
			return mc_error_set(err, MC_EDATA, "working windows \"%.80s\": more than %d windows",
					    spec, MC_CAL_MAX_WINDOWS);
		const char *at = p;
		int a = 0, b = 0;
		bool ok = parse_clock(&p, &a);
		p = skip_spaces(p);
		ok = ok && *p == '-';
		if (ok) {
			p = skip_spaces(p + 1);
			ok = parse_clock(&p, &b);
		}
		if (!ok)
			return mc_error_set(err, MC_EDATA,
					    "working windows: window %d \"%.20s\" at byte %d is not HH:MM-HH:MM",
					    n + 1, at, (int)(at - spec));
		if (a >= b || a >= DAY_MIN)
			return mc_error_set(err, MC_EDATA, "working windows: window %d ends before it starts", n + 1);
		if (n > 0 && a <= w[n - 1].end)
			return mc_error_set(err, MC_EDATA,
					    "working windows: window %d overlaps or touches window %d (merge them or keep them in order)",
					    n + 1, n);
		w[n++] = (mc_window){ a, b };
		p = skip_spaces(p);
		if (!*p)
			break;
		if (*p != ',')
			return mc_error_set(err, MC_EDATA, "working windows: unexpected '%c' at byte %d",
					    *p, (int)(p - spec));
		p = skip_spaces(p + 1);
	}
	memcpy(cal->win, w, sizeof w);
	cal->nwin = n;
	return MC_OK;
}

/* Weekday index (0 = Monday) of an English or Vietnamese short name. */
static int weekday_name(const char *s, size_t len)
{
	static const char *const en[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
	static const char *const vi[7] = { "t2", "t3", "t4", "t5", "t6", "t7", "cn" };
	for (int i = 0; i < 7; i++)
		if ((len == 3 && strncasecmp(s, en[i], 3) == 0) ||
		    (len == 2 && strncasecmp(s, vi[i], 2) == 0))
			return i;
	return -1;
}

/* Read one weekday name at *pp; advances *pp. */
static int read_weekday(const char **pp)
{
	const char *p = skip_spaces(*pp), *s = p;
	while (isalnum((unsigned char)*p))
		p++;
	*pp = skip_spaces(p);
	return weekday_name(s, (size_t)(p - s));
}

mc_status mc_calendar_set_workdays(mc_calendar *cal, const char *spec, mc_error *err)
{
	unsigned mask = 0;
	const char *p = spec ? skip_spaces(spec) : "";
	if (!*p)
		return mc_error_set(err, MC_EDATA, "working days: empty spec (expected e.g. \"mon-fri\")");
	while (*p) {
		const char *at = p;
		int a = read_weekday(&p), b = a;
		if (a >= 0 && *p == '-') {
			p++;
			b = read_weekday(&p);
		}
		if (a < 0 || b < 0)
			return mc_error_set(err, MC_EDATA,
					    "working days \"%.60s\": unknown day at byte %d (use mon..sun or t2..t7, cn)",
					    spec, (int)(at - spec));
		for (int d = a;; d = (d + 1) % 7) {
			mask |= 1u << d;
			if (d == b)
				break;
		}
		if (*p == ',')
			p = skip_spaces(p + 1);
		else if (*p)
			return mc_error_set(err, MC_EDATA, "working days \"%.60s\": unexpected '%c' at byte %d",
					    spec, *p, (int)(p - spec));
	}
	cal->workdays = mask;
	return MC_OK;
}

mc_status mc_calendar_set_cutoff(mc_calendar *cal, const char *hhmm, mc_error *err)
{
	const char *p = hhmm ? skip_spaces(hhmm) : "";
	int v;
	if (!parse_clock(&p, &v) || *skip_spaces(p))
		return mc_error_set(err, MC_EDATA, "same-day cut-off \"%.20s\" is not HH:MM", hhmm ? hhmm : "");
	cal->cutoff = v;
	return MC_OK;
}

/* ---- working time ------------------------------------------------------- */

mc_status mc_calendar_snap(const mc_calendar *cal, int64_t t, int64_t *out, mc_error *err)
{
	int32_t day = mc_time_day(t), next;
	int tod = mc_time_minute_of_day(t);
	if (mc_calendar_is_workday(cal, day)) {
		for (int i = 0; i < cal->nwin; i++) {
			if (tod < cal->win[i].end) {
				int at = tod > cal->win[i].start ? tod : cal->win[i].start;
				*out = (int64_t)day * DAY_MIN + at;
				return MC_OK;
			}
		}
	}
	if (!workday_from(cal, day + 1, &next))
		return no_workday(day, err);
	*out = (int64_t)next * DAY_MIN + cal->win[0].start;
	return MC_OK;
}

/* Add m > 0 working minutes from t, day by day; a result on a window end
 * stays there. */
static mc_status add_minutes(const mc_calendar *cal, int64_t t, int64_t m, int64_t *out,
			     mc_error *err)
{
	if (m <= 0) {
		*out = t;
		return MC_OK;
	}
	mc_status st = mc_calendar_snap(cal, t, &t, err);
	if (st != MC_OK)
		return st;
	int32_t day = mc_time_day(t);
	int tod = mc_time_minute_of_day(t);
	for (;;) {
		for (int i = 0; i < cal->nwin; i++) {
			if (tod >= cal->win[i].end)
				continue;
			int at = tod > cal->win[i].start ? tod : cal->win[i].start;
			int avail = cal->win[i].end - at;
			if (m <= avail) {
				*out = (int64_t)day * DAY_MIN + at + m;
				return MC_OK;
			}
			m -= avail;
		}
		int32_t next;
		if (!workday_from(cal, day + 1, &next))
			return no_workday(day, err);
		day = next;
		tod = 0;
	}
}

static bool time_in_range(int64_t t)
{
	return t >= (int64_t)FIRST_DAY * DAY_MIN && t < ((int64_t)LAST_DAY + 1) * DAY_MIN;
}

int64_t mc_calendar_add_working_minutes(const mc_calendar *cal, int64_t from, int64_t minutes)
{
	int64_t out;
	if (minutes > 0 && (!time_in_range(from) || minutes > MAX_ADD_MINUTES))
		return MC_TIME_NEVER;
	if (add_minutes(cal, from, minutes, &out, NULL) != MC_OK)
		return MC_TIME_NEVER;
	return out;
}

/* Working minutes between minutes-of-day a and b of one working day. */
static int64_t overlap(const mc_calendar *cal, int a, int b)
{
	int64_t sum = 0;
	for (int i = 0; i < cal->nwin; i++) {
		int lo = a > cal->win[i].start ? a : cal->win[i].start;
		int hi = b < cal->win[i].end ? b : cal->win[i].end;
		if (hi > lo)
			sum += hi - lo;
	}
	return sum;
}

int64_t mc_calendar_working_minutes(const mc_calendar *cal, int64_t from, int64_t to)
{
	int64_t lo = (int64_t)FIRST_DAY * DAY_MIN, hi = ((int64_t)LAST_DAY + 1) * DAY_MIN;
	from = from < lo ? lo : from;
	to = to > hi ? hi : to;
	if (to <= from)
		return 0;
	int32_t d0 = mc_time_day(from), d1 = mc_time_day(to);
	int a = mc_time_minute_of_day(from), b = mc_time_minute_of_day(to);
	if (d0 == d1)
		return mc_calendar_is_workday(cal, d0) ? overlap(cal, a, b) : 0;
	int64_t sum = 0;
	if (mc_calendar_is_workday(cal, d0))
		sum += overlap(cal, a, DAY_MIN);
	if (mc_calendar_is_workday(cal, d1))
		sum += overlap(cal, 0, b);
	return sum + count_workdays(cal, d0 + 1, d1) * mc_calendar_day_minutes(cal);
}

/* Deadline 0 in days: the end of the receipt day, or of the next working
 * day after the cut-off or outside working hours. */
static mc_status due_same_day(const mc_calendar *cal, int64_t received, int64_t *due,
			      mc_error *err)
{
	int32_t day = mc_time_day(received);
	int tod = mc_time_minute_of_day(received);
	int last_end = cal->win[cal->nwin - 1].end;
	if (!mc_calendar_is_workday(cal, day) || tod >= cal->cutoff || tod >= last_end) {
		mc_status st = mc_calendar_next_workday(cal, day, &day, err);
		if (st != MC_OK)
			return st;
	}
	*due = (int64_t)day * DAY_MIN + last_end;
	return MC_OK;
}

/* Whole working days keep the clock time; the fraction of a day is added
 * inside the windows. t is already snapped. */
static mc_status due_days(const mc_calendar *cal, int64_t t, double amount, int64_t *due,
			  mc_error *err)
{
	double whole = floor(amount);
	int64_t rest = llround((amount - whole) * mc_calendar_day_minutes(cal));
	int32_t day = mc_time_day(t);
	int tod = mc_time_minute_of_day(t);
	for (int64_t i = 0; i < (int64_t)whole; i++) {
		mc_status st = mc_calendar_next_workday(cal, day, &day, err);
		if (st != MC_OK)
			return st;
	}
	return add_minutes(cal, (int64_t)day * DAY_MIN + tod, rest, due, err);
}

static mc_status due_calendar_days(const mc_calendar *cal, int64_t t, double amount,
				   int64_t *due, mc_error *err)
{
	t += llround(amount * DAY_MIN);
	int32_t day = mc_time_day(t), work;
	if (!workday_from(cal, day, &work))
		return no_workday(day, err);
	*due = t + (int64_t)(work - day) * DAY_MIN;
	return MC_OK;
}

mc_status mc_calendar_due(const mc_calendar *cal, int64_t received, double amount,
			  mc_deadline_unit unit, int64_t *due, mc_error *err)
{
	if (isnan(amount) || amount < 0)
		return mc_error_set(err, MC_EDATA, "time limit %g is negative or not a number", amount);
	if (amount > MAX_AMOUNT)
		return mc_error_set(err, MC_EDATA, "time limit %g is too large (at most %.0f)",
				    amount, MAX_AMOUNT);
	if (cal->nwin < 1 || cal->nwin > MC_CAL_MAX_WINDOWS)
		return mc_error_set(err, MC_EDATA, "calendar has %d working windows (1 to %d expected)",
				    cal->nwin, MC_CAL_MAX_WINDOWS);
	if (!time_in_range(received))
		return mc_error_set(err, MC_EDATA, "receipt time is outside years 0001-9999");
	if (unit != MC_UNIT_DAY && unit != MC_UNIT_HOUR && unit != MC_UNIT_CALENDAR_DAY)
		return mc_error_set(err, MC_EUSAGE, "unknown time-limit unit %d", (int)unit);
	if (unit == MC_UNIT_DAY && amount == 0)
		return due_same_day(cal, received, due, err);
	int64_t t;
	mc_status st = mc_calendar_snap(cal, received, &t, err);
	if (st != MC_OK)
		return st;
	switch (unit) {
	case MC_UNIT_DAY:
		return due_days(cal, t, amount, due, err);
	case MC_UNIT_HOUR:
		return add_minutes(cal, t, llround(amount * 60), due, err);
	default:
		return due_calendar_days(cal, t, amount, due, err);
	}
}
