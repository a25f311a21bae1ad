/* The program's notion of now (see include/motcua/clock.h). */
#include "motcua/clock.h"
#include "motcua/calendar.h"
#include "motcua/privilege.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Vietnam keeps UTC+7 all year (no summer time since 1975). Civil times are
 * the office's, not the host's: a server left on TZ=UTC or a laptop set to
 * another zone must give the same codes, due times and reports. */
enum { VN_UTC_OFFSET = 7 * 3600 };

static void vn_now(struct tm *tm)
{
	time_t now = time(NULL) + VN_UTC_OFFSET;
	gmtime_r(&now, tm);
}

int64_t mc_clock_real(void)
{
	struct tm tm;
	vn_now(&tm);
	return (int64_t)mc_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) * 1440 +
	       tm.tm_hour * 60 + tm.tm_min;
}

int64_t mc_clock_now(void)
{
	/* A privileged binary does not let its caller move the clock. */
	const char *pin = mc_env("MOTCUA_NOW");
	int64_t t;
	if (pin && *pin && mc_time_parse(pin, &t, NULL) == MC_OK)
		return t;
	return mc_clock_real();
}

void mc_clock_stamp(char buf[20])
{
	/* Never pinned: this is the record of when a thing was really typed. */
	struct tm tm;
	vn_now(&tm);
	strftime(buf, 20, "%Y-%m-%d %H:%M:%S", &tm);
}
