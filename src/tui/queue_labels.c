/*
 * Ticket and counter states in the language of the session (see
 * queue_screens.h): the supervisor's dashboard and the queue commands.
 */
#include "queue_screens.h"

#include "i18n.h"

const char *qs_ticket_state_text(mc_ticket_state st)
{
	static const char *const l[] = {
		[MC_TICKET_WAITING] = N_("waiting"), [MC_TICKET_CALLED] = N_("called"),
		[MC_TICKET_SERVING] = N_("serving"), [MC_TICKET_DONE] = N_("done"),
		[MC_TICKET_SKIPPED] = N_("absent"),
	};
	return st >= MC_TICKET_WAITING && st <= MC_TICKET_SKIPPED ? _(l[st]) : "?";
}

const char *qs_counter_state_text(mc_counter_state st)
{
	static const char *const l[] = {
		[MC_COUNTER_OPEN] = N_("open"), [MC_COUNTER_PAUSED] = N_("on a break"),
		[MC_COUNTER_CLOSED] = N_("closed"),
	};
	return st >= MC_COUNTER_OPEN && st <= MC_COUNTER_CLOSED ? _(l[st]) : "?";
}
