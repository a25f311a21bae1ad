/*
 * "Now" for the whole program, in local civil minutes (the calendar's time
 * model). MOTCUA_NOW='YYYY-MM-DD HH:MM' pins it, so tests and paper-outage
 * drills are reproducible. It never moves the real entry times
 * (mc_clock_stamp) nor the login lock-out (mc_clock_real), and a privileged
 * (setgid) binary ignores it.
 */
#ifndef MOTCUA_CLOCK_H
#define MOTCUA_CLOCK_H

#include <stdint.h>

/* Minutes since 1970-01-01 00:00 in Vietnam's civil time (UTC+7), whatever
 * the host's TZ says. */
int64_t mc_clock_now(void);

/* The real minute, whatever MOTCUA_NOW says (lock-outs). */
int64_t mc_clock_real(void);

/* Real wall-clock stamp (UTC+7) 'YYYY-MM-DD HH:MM:SS' (for entered_at columns). */
void mc_clock_stamp(char buf[20]);

#endif
