/*
 * Fees on the counter screens (docs/fees.md): the supervisor's overview
 * (F6) shows what was collected today, by method, and how many receipts
 * were voided or refunded.
 */
#include "fees_tui.h"

#include "motcua/calendar.h"
#include "motcua/clock.h"
#include "motcua/fees.h"
#include "motcua/fees_print.h"

#include <stdio.h>
#include <string.h>

static struct {
	mc_fee_day t;
	bool ok;
} day;

void fees_day_collect(struct tui *t)
{
	char now[17], d[11];
	mc_time_format(mc_clock_now(), now);
	snprintf(d, sizeof d, "%.10s", now);
	mc_error err;
	day.ok = mc_fee_day_totals(t->store, d, NULL, &day.t, &err) == MC_OK;
	if (!day.ok)
		tui_msg(t, MSG_ERROR, "%s", err.msg);
}

int fees_day_draw(struct tui *t, int y)
{
	if (!day.ok || y >= LINES - 3)
		return y;
	char total[64], m[MC_PAY_COUNT][64];
	mc_fee_money(day.t.total, total, sizeof total);
	for (int i = 0; i < MC_PAY_COUNT; i++)
		mc_fee_money(day.t.by_method[i], m[i], sizeof m[i]);
	draw_fmt(t, stdscr, y++, 1, COLS - 2, A_NORMAL, false,
		 _("fees today %s · %d receipts · voided %d · refunded %d"), total,
		 day.t.receipts, day.t.voided, day.t.refunded);
	draw_fmt(t, stdscr, y++, 3, COLS - 4, A_NORMAL, false, _("cash %s · transfer %s · card %s"),
		 m[MC_PAY_CASH], m[MC_PAY_TRANSFER], m[MC_PAY_CARD]);
	return y;
}
