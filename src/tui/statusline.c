/*
 * The lines that never move: context bar (office · counter · clerk on the
 * left, input method and clock on the right), the title rule, the message
 * line and the keys line; plus the wording of statuses, time limits and
 * times shared by the screens.
 */
#include "screen.h"

#include "motcua/calendar.h"
#include "motcua/clock.h"

#include <stdio.h>
#include <string.h>

static void draw_bar(struct tui *t)
{
	char left[600], right[128], clock[17];
	mc_time_format(mc_clock_now(), clock);
	if (t->logged_in && t->user.counter > 0)
		snprintf(left, sizeof left, " %s · %s %d · %s", t->office.name, _("Counter"),
			 t->user.counter, t->user.full_name);
	else if (t->logged_in)
		snprintf(left, sizeof left, " %s · %s", t->office.name, t->user.full_name);
	else
		snprintf(left, sizeof left, " %s", t->office.name);
	snprintf(right, sizeof right, "%s ^T · %s%s%s ", _(mc_ime_method_name(t->ime.method)),
		 clock + 11, t->ticket[0] ? " · " : "", t->ticket);
	int rw = u8_width(t, right);
	draw_text(t, stdscr, 0, 0, COLS, left, t->th.bar, true);
	if (COLS - rw > 0)
		draw_text(t, stdscr, 0, COLS - rw, rw, right, t->th.bar, true);
}

void statusline_draw(struct tui *t, const char *title, const char *keys)
{
	draw_bar(t);
	draw_rule(t, 1, title);
	bool field = !t->msg[0] && t->field_msg[0];
	attr_t a = t->msg_kind == MSG_ERROR || field ? t->th.error : t->th.hint;
	char msg[620];
	snprintf(msg, sizeof msg, " %s", field ? t->field_msg : t->msg);
	draw_text(t, stdscr, LINES - 2, 0, COLS, msg, a, true);
	char line[600];
	snprintf(line, sizeof line, " %s", keys ? keys : "");
	const char *quit = _("^Q Quit");
	int qw = u8_width(t, quit) + 1;
	draw_text(t, stdscr, LINES - 1, 0, COLS, line, t->th.keys, true);
	if (u8_width(t, line) + qw + 2 <= COLS)
		draw_text(t, stdscr, LINES - 1, COLS - qw, qw, quit, t->th.keys, true);
}

static const char *const status_labels[] = {
	[1] = N_("Registered online"),
	[2] = N_("Accepted"),
	[3] = N_("Not accepted"),
	[4] = N_("Processing"),
	[5] = N_("Waiting for papers"),
	[6] = N_("Waiting for fees"),
	[7] = N_("Withdrawn"),
	[8] = N_("Stopped"),
	[9] = N_("Result ready"),
	[10] = N_("Returned"),
	[11] = N_("Voided"),
};

const char *tui_status_label(int status)
{
	if (status < 1 || status > 11)
		return "?";
	return _(status_labels[status]);
}

void tui_deadline_text(double amount, int unit, char *buf, size_t bufsz)
{
	char num[32];
	snprintf(num, sizeof num, "%g", amount);
	unsigned long n = amount == 1.0 ? 1 : 2;
	const char *fmt;
	if (unit == MC_UNIT_HOUR)
		fmt = ngettext("%s working hour", "%s working hours", n);
	else if (unit == MC_UNIT_CALENDAR_DAY)
		fmt = ngettext("%s day", "%s days", n);
	else if (amount == 0)
		fmt = _("same day");
	else
		fmt = ngettext("%s working day", "%s working days", n);
	snprintf(buf, bufsz, fmt, num);
}

void tui_time_text(const char *iso, char *buf, size_t bufsz)
{
	int y, m, d, hh, mm;
	if (sscanf(iso, "%d-%d-%d %d:%d", &y, &m, &d, &hh, &mm) == 5)
		snprintf(buf, bufsz, "%02d/%02d/%04d %02d:%02d", d, m, y, hh, mm);
	else if (sscanf(iso, "%d-%d-%d", &y, &m, &d) == 3)
		snprintf(buf, bufsz, "%02d/%02d/%04d", d, m, y);
	else
		snprintf(buf, bufsz, "%s", iso);
}

static const char *const weekdays[7] = {
	N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"),
	N_("Friday"), N_("Saturday"), N_("Sunday"),
};

void tui_appointment_text(const char *iso, char *buf, size_t bufsz)
{
	int32_t day;
	char date[11];
	snprintf(date, sizeof date, "%.10s", iso);
	char when[40];
	tui_time_text(date, when, sizeof when);
	if (strlen(iso) < 16 || mc_date_parse(date, &day, NULL) != MC_OK) {
		snprintf(buf, bufsz, "%s", iso);
		return;
	}
	/* TRANSLATORS: weekday, date dd/mm/yyyy, time HH:MM */
	snprintf(buf, bufsz, _("%s %s at %s"), _(weekdays[mc_weekday(day)]), when, iso + 11);
}
