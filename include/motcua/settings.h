/*
 * The office settings registry: every key an office may set, with its
 * type, the rule its value must follow, its default and a one-line
 * description. `motcua config` lists, reads and changes settings through
 * it (admin only for changes); the rest of the program reads a setting
 * with mc_store_setting_get() and falls back to the default given here.
 * A key that is not in the table cannot be set from outside.
 */
#ifndef MOTCUA_SETTINGS_H
#define MOTCUA_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "motcua/error.h"
#include "motcua/store.h"

typedef struct mc_setting_def {
	const char *key;
	const char *type;      /* "text", "integer", "path", ... (shown in the list) */
	const char *def;       /* default value, NULL when the default is not a value */
	const char *def_note;  /* else what happens when unset (English msgid) */
	const char *doc;       /* one line, English msgid (the CLI translates it) */
	const char *rule;      /* the value's rule, English msgid, named in errors */
	/* Check (and possibly normalize into out, outsz bytes) a value;
	 * NULL for a read-only key. */
	mc_status (*check)(const char *value, char *out, size_t outsz, mc_error *err);
	const char *set_by;    /* read-only keys: the command that changes it */
} mc_setting_def;

/* The table, in display order, and its length. */
const mc_setting_def *mc_settings(size_t *n);

/* The key's entry, NULL when it is not a setting. */
const mc_setting_def *mc_setting_find(const char *key);

/* Check a value against the key's rule: MC_OK with the value to store in
 * out, else MC_EDATA "KEY: RULE (got "VALUE")", MC_EUSAGE for an unknown
 * or read-only key. */
mc_status mc_setting_check(const char *key, const char *value, char *out, size_t outsz,
			   mc_error *err);

/* Set (after the check) or remove a setting. Admin only. */
mc_status mc_setting_set(mc_store *store, const char *key, const char *value, mc_error *err);
mc_status mc_setting_unset(mc_store *store, const char *key, mc_error *err);

#endif
