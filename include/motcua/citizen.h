/*
 * Known citizens and the clerk's habits, for fewer keystrokes at the
 * counter: an ID number seen before brings back the name, phone and address
 * of the citizen's latest dossier; the procedure picker puts the clerk's
 * most used procedures first.
 */
#ifndef MOTCUA_CITIZEN_H
#define MOTCUA_CITIZEN_H

#include "motcua/catalog.h"
#include "motcua/dossier.h"

/* The applicant details of the newest dossier with this ID number and how
 * many dossiers the citizen has. MC_EEMPTY when the ID was never seen. */
mc_status mc_citizen_recall(mc_store *store, const char *id_number, mc_applicant *out,
			    int *dossiers, mc_error *err);

/* Procedures ordered by how often `clerk` took them in during the `days`
 * before now (most used first), then every other active procedure by code.
 * Each procedure is given once; `uses` is its count (0 for the rest). */
typedef int (*mc_procedure_use_cb)(const mc_procedure *p, int uses, void *ctx);
mc_status mc_catalog_by_use(mc_store *store, const char *clerk, int days,
			    mc_procedure_use_cb cb, void *ctx, mc_error *err);

/* The procedure picker's list: active procedures matching query (as
 * mc_catalog_list: a code prefix or words typed without diacritics). With
 * NULL or "" (the list shown before typing): all, most used by `clerk` in
 * the `days` before now first, then by code. With a query: by the name
 * match only, never by use, so the same letters always give the same
 * order: the most words typed that are whole words of the name ("khai tu"
 * puts "khai tử" before "khai sinh", where "tu" is only the start of
 * "tục"), then the words typed found in a row, then the fewest other words
 * in the name ("khai sinh" puts "Thủ tục đăng ký khai sinh" before the
 * longer names that also hold it), then by code. `uses` is given either
 * way. At most `limit` procedures reach cb. MC_EDATA for a query that is
 * not UTF-8. */
mc_status mc_catalog_ranked(mc_store *store, const char *clerk, int days, const char *query,
			    int limit, mc_procedure_use_cb cb, void *ctx, mc_error *err);

/* An address as printed on an ID card issued before the 1 Jul 2025
 * reform ("Tổ 5, Phường Chiềng Lề, Thành phố Sơn La, Sơn La") with its
 * commune written as today's ("Tổ 5, Phường Tô Hiệu, Sơn La", as the
 * address picker writes today's units): the part naming a pre-2025 commune that went whole into one 2025 commune
 * (told apart by the province when the name exists in several) is replaced
 * by today's commune and province, and the district and old province parts
 * after it are dropped. *old_commune receives the old commune's name.
 * MC_EEMPTY when nothing is to change (already today's units, or no part
 * names a known old commune unambiguously); out is then a copy of card. */
mc_status mc_citizen_address_today(mc_store *store, const char *card, char *out, size_t outsz,
				   char *old_commune, size_t oldsz, mc_error *err);

#endif
