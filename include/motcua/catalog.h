/*
 * The procedure (TTHC) catalog: national code, name, field, agency, level,
 * statutory deadline and fee, and the required papers. Imported from CSV;
 * a file is taken whole or not at all.
 */
#ifndef MOTCUA_CATALOG_H
#define MOTCUA_CATALOG_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/calendar.h"
#include "motcua/error.h"
#include "motcua/fee_rule.h"
#include "motcua/store.h"

#define MC_PROCEDURE_MAX_DOCS 40

typedef struct mc_procedure {
	int64_t id;
	char code[16];           /* national code d.dddddd */
	char name[512];
	char field[128];         /* lĩnh vực */
	char agency[256];
	char level[64];
	double deadline;
	mc_deadline_unit unit;
	int64_t fee;             /* VND */
	mc_fee_rule fee_rule;    /* how the fee is computed (fee_rule.h) */
	bool active;
	int ndocuments;
	char documents[MC_PROCEDURE_MAX_DOCS][256];
} mc_procedure;

typedef struct mc_import_stats {
	int rows, added, updated, unchanged;
} mc_import_stats;

const char *mc_deadline_unit_name(mc_deadline_unit unit);
bool mc_deadline_unit_parse(const char *s, mc_deadline_unit *out);

/* True for a national procedure code "d.dddddd". */
bool mc_procedure_code_valid(const char *code);

/* Import a catalog CSV (header code,name,field,agency,level,deadline,
 * deadline_unit,fee,documents; optional fee_kind,fee_steps,fee_cap,
 * fee_exempt,fee_collect, see fee_rule.h and docs/catalog.md; other extra
 * columns ignored). encoding NULL means
 * UTF-8. Every row is checked first; any bad row refuses the whole file
 * with "FILE:LINE: what is wrong" and nothing is written. Re-importing an
 * identical file changes nothing. */
mc_status mc_catalog_import(mc_store *store, const char *path, const char *encoding,
			    mc_import_stats *stats, mc_error *err);

/* Callback per procedure; return non-zero to stop. */
typedef int (*mc_procedure_cb)(const mc_procedure *p, void *ctx);

/* All active procedures ordered by code, or those matching query: a code
 * prefix, or words typed without diacritics, each a prefix of a word of
 * the name ("dang ky khai sinh", "khai s"). */
mc_status mc_catalog_list(mc_store *store, const char *query, mc_procedure_cb cb,
			  void *ctx, mc_error *err);

/* One procedure by exact code; MC_EDATA when unknown. */
mc_status mc_catalog_get(mc_store *store, const char *code, mc_procedure *out,
			 mc_error *err);

#endif
