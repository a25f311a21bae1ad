/*
 * Administrative units since 1 Jul 2025 (34 provinces, 3,321 communes),
 * each commune with the pre-2025 communes merged into it, so that an old
 * address on a citizen's papers maps to today's commune.
 */
#ifndef MOTCUA_UNITS_H
#define MOTCUA_UNITS_H

#include <stdbool.h>

#include "motcua/error.h"
#include "motcua/store.h"

typedef struct mc_unit {
	char code[8];            /* 5-digit commune code */
	char name[128];          /* "Phường Ba Đình" */
	char province_code[4];
	char province[128];      /* "Thành phố Hà Nội" */
	char old_name[128];      /* the pre-2025 commune that matched, or "" */
	char old_code[8];
	bool partial;            /* only part of the old commune went here */
	char match_fold[512];    /* folded "name province [old name]" searched */
} mc_unit;

typedef int (*mc_unit_cb)(const mc_unit *u, void *ctx);

typedef struct mc_units_stats {
	int provinces, communes, old_units;
} mc_units_stats;

/* Load provinces.csv, communes.csv and old-units.csv from dir (the
 * project's data/units) in one transaction; re-loading replaces nothing
 * that is unchanged. */
mc_status mc_units_import(mc_store *store, const char *dir, mc_units_stats *stats,
			  mc_error *err);

/* Counts currently loaded. */
mc_status mc_units_counts(mc_store *store, mc_units_stats *stats, mc_error *err);

/* The office's own 2025 commune and its province: the setting
 * office.commune (a 5-digit commune code), else the one commune named as
 * the office is ("UBND xã Quảng Phú" -> "Xã Quảng Phú") when only one has
 * that name. MC_EEMPTY when not known. */
mc_status mc_units_home(mc_store *store, char *commune, size_t csz, char *province, size_t psz,
			mc_error *err);

/* Communes whose current or pre-2025 name matches the words typed (without
 * diacritics, every word the start of a word of the name or its province,
 * "chieng le" or "phuong 5 son la"; a kind word, "phuong", "xa", only
 * whole, so "quang phu" is not any "Phường" of Quảng Ninh). The office's
 * own commune first, then its province's (mc_units_home), then those where
 * more words typed are whole words, then current names before old ones. */
mc_status mc_units_find(mc_store *store, const char *query, int limit, mc_unit_cb cb,
			void *ctx, mc_error *err);

#endif
