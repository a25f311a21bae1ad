/* The schema as a list of migration steps; step v brings version v-1 to v. */
#ifndef MOTCUA_STORE_SCHEMA_H
#define MOTCUA_STORE_SCHEMA_H

int store_schema_count(void);

extern const char store_schema_v2[];
extern const char store_schema_v3[];
extern const char store_schema_v4[];
extern const char store_schema_rules[];
extern const char store_schema_security[];
extern const char store_schema_sync_delta[];
extern const char store_schema_fees[];
extern const char store_schema_guidance[];
extern const char store_schema_dfold[];
extern const char store_schema_dirty_when[];
extern const char store_schema_report[];
const char *store_schema_step(int version);

#endif
