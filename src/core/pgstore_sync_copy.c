#include "pgstore_sync_internal.h"

mc_status psync_first_load(struct papp *a, struct ltable *lt, bool *done);
mc_status psync_first_load(struct papp *a, struct ltable *lt, bool *done)
{
	(void)a;
	(void)lt;
	*done = false;
	return MC_OK;
}
