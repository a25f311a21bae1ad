/*
 * A demo office for trying motcua and for the README's first command:
 * the 2025 units, the sample catalog, three users and a dozen dossiers.
 */
#ifndef MOTCUA_DEMO_H
#define MOTCUA_DEMO_H

#include "motcua/error.h"
#include "motcua/store.h"

/* Demo users: clerk "mai" (counter 2), supervisor "hung", admin "admin";
 * every password is "demo". */
#define MC_DEMO_PASSWORD "demo-demo"
#define MC_DEMO_CLERK "mai"

/* Fill an empty database with the demo office. */
mc_status mc_demo_populate(mc_store *store, mc_error *err);

#endif
