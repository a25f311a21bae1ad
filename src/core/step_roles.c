/*
 * Who may take which lifecycle step (include/motcua/lifecycle.h): the
 * counter's clerks do the everyday steps; the apology with a new
 * appointment (Mẫu 04) and stopping a dossier (Mẫu 05) are decisions a
 * supervisor signs, so the counter screens offer them to supervisors only.
 */
#include "motcua/lifecycle.h"

mc_role mc_step_role(mc_step_kind k)
{
	return k == MC_STEP_EXTEND || k == MC_STEP_STOP ? MC_ROLE_SUPERVISOR : MC_ROLE_CLERK;
}
