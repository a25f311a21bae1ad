/* Schema step 2: placeholder until its feature lands (see store_schema.c). */
#include "store_schema.h"

const char store_schema_v2[] = "SELECT 1;";
