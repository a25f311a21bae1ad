/* The counter's fee screens (fees_tui.c): the day's fee totals on the
 * supervisor's overview (F6) and the payment step after an intake. */
#ifndef MOTCUA_TUI_FEES_H
#define MOTCUA_TUI_FEES_H

#include "screen.h"

/* Read the day's fee totals (F6 enter/refresh). */
void fees_day_collect(struct tui *t);
/* Draw them from row y; returns the next free row. */
int fees_day_draw(struct tui *t, int y);

#endif
