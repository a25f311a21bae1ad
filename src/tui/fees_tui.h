/* The counter's fee screens (fees_tui.c): the day's fee totals on the
 * supervisor's overview (F6) and the payment step after an intake. */
#ifndef MOTCUA_TUI_FEES_H
#define MOTCUA_TUI_FEES_H

#include "motcua/dossier.h"
#include "screen.h"

/* Read the day's fee totals (F6 enter/refresh). */
void fees_day_collect(struct tui *t);
/* Draw them from row y; returns the next free row. */
int fees_day_draw(struct tui *t, int y);

/* After an intake (at_return false) or a return (true) of dossier d:
 * when its procedure has a fee collected then and the office's receipt
 * series is set, ask for the copies, pages, exemption, method and payer
 * (forms/payment.form), show the amount due (and the VietQR for a
 * transfer, which the clerk confirms has arrived), take the payment and
 * write the fee receipt next to the intake receipts. Esc leaves it unpaid
 * (dossier pay / F3 later). Runs its own key loop on this session. */
void fees_collect_run(struct tui *t, const mc_dossier *d, bool at_return);

#endif
