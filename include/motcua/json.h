/*
 * Minimal JSON writer for the CLI's --json output: keys are the contract
 * other tools rely on, so they are written by name, never generated.
 */
#ifndef MOTCUA_JSON_H
#define MOTCUA_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct mc_json {
	FILE *out;
	int depth;
	bool need_comma[32];
} mc_json;

void mc_json_init(mc_json *j, FILE *out);
void mc_json_begin_object(mc_json *j, const char *key);  /* key NULL inside arrays/top */
void mc_json_end_object(mc_json *j);
void mc_json_begin_array(mc_json *j, const char *key);
void mc_json_end_array(mc_json *j);
void mc_json_string(mc_json *j, const char *key, const char *value); /* NULL → null */
void mc_json_int(mc_json *j, const char *key, int64_t value);
void mc_json_number(mc_json *j, const char *key, double value);
void mc_json_bool(mc_json *j, const char *key, bool value);
void mc_json_null(mc_json *j, const char *key);
/* Insert already-valid JSON text (e.g. a stored JSON column). */
void mc_json_raw(mc_json *j, const char *key, const char *json);
/* Write s as a JSON string literal with escapes. */
void mc_json_escape(FILE *out, const char *s);

#endif
