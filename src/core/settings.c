/*
 * The office settings registry (include/motcua/settings.h): one row per
 * key with its rule. The messages are English msgids marked for the CLI,
 * which translates them (the core itself has no gettext).
 */
#include "motcua/settings.h"

#include "motcua/auth.h"
#include "motcua/calendar.h"
#include "motcua/ime.h"
#include "motcua/text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_(s) (s)

static mc_status copy_out(const char *v, char *out, size_t outsz, mc_error *err)
{
	if (strlen(v) >= outsz)
		return mc_error_set(err, MC_EDATA, "too long (at most %zu bytes)", outsz - 1);
	memcpy(out, v, strlen(v) + 1);
	return MC_OK;
}

/* Free text: valid UTF-8, no control characters, spaces collapsed. */
static mc_status check_text(const char *v, char *out, size_t outsz, mc_error *err)
{
	char *clean = NULL;
	mc_status st = mc_text_clean(v, &clean, err);
	if (st != MC_OK)
		return st;
	if (!*clean) {
		free(clean);
		return mc_error_set(err, MC_EDATA, "empty");
	}
	st = copy_out(clean, out, outsz, err);
	free(clean);
	return st;
}

static bool all_in(const char *v, const char *extra, size_t min, size_t max)
{
	size_t n = strlen(v);
	if (n < min || n > max)
		return false;
	for (const char *p = v; *p; p++)
		if (!isalnum((unsigned char)*p) && !(extra && *extra && strchr(extra, *p)))
			return false;
	return true;
}

/* A CUPS queue name as lpadmin accepts it. */
static mc_status check_queue(const char *v, char *out, size_t outsz, mc_error *err)
{
	if (!all_in(v, "_.-", 1, 127))
		return mc_error_set(err, MC_EDATA, "not a printer queue name");
	return copy_out(v, out, outsz, err);
}

static mc_status check_abs_path(const char *v, char *out, size_t outsz, mc_error *err)
{
	if (v[0] != '/')
		return mc_error_set(err, MC_EDATA, "not an absolute path");
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return mc_error_set(err, MC_EDATA, "control character in the path");
	if (mc_text_check_utf8(v, strlen(v), err) != MC_OK)
		return MC_EDATA;
	return copy_out(v, out, outsz, err);
}

static mc_status check_ime(const char *v, char *out, size_t outsz, mc_error *err)
{
	mc_ime_method m;
	if (mc_ime_method_parse(v, &m) != 0)
		return mc_error_set(err, MC_EDATA, "not an input method");
	char low[8];
	size_t i = 0;
	for (; v[i] && i + 1 < sizeof low; i++)
		low[i] = (char)tolower((unsigned char)v[i]);
	low[i] = '\0';
	return copy_out(low, out, outsz, err);
}

static mc_status check_idle(const char *v, char *out, size_t outsz, mc_error *err)
{
	if (!all_in(v, NULL, 1, 3) || !mc_text_is_digits(v) || atoi(v) > 240)
		return mc_error_set(err, MC_EDATA, "not a number of minutes from 0 to 240");
	char num[8];
	snprintf(num, sizeof num, "%d", atoi(v));
	return copy_out(num, out, outsz, err);
}

static mc_status check_windows(const char *v, char *out, size_t outsz, mc_error *err)
{
	mc_calendar cal;
	mc_calendar_init(&cal);
	if (mc_calendar_set_windows(&cal, v, err) != MC_OK)
		return MC_EDATA;
	return copy_out(v, out, outsz, err);
}

static mc_status check_workdays(const char *v, char *out, size_t outsz, mc_error *err)
{
	mc_calendar cal;
	mc_calendar_init(&cal);
	if (mc_calendar_set_workdays(&cal, v, err) != MC_OK)
		return MC_EDATA;
	return copy_out(v, out, outsz, err);
}

static mc_status check_bin(const char *v, char *out, size_t outsz, mc_error *err)
{
	if (strlen(v) != 6 || !mc_text_is_digits(v))
		return mc_error_set(err, MC_EDATA, "not 6 digits");
	return copy_out(v, out, outsz, err);
}

static mc_status check_commune(const char *v, char *out, size_t outsz, mc_error *err)
{
	if (strlen(v) != 5 || !mc_text_is_digits(v))
		return mc_error_set(err, MC_EDATA, "not 5 digits");
	return copy_out(v, out, outsz, err);
}

/* The first receipt day of the 2025 form set: not before Decree 118/2025
 * applied (1 Jul 2025), written back in the canonical form. */
static mc_status check_forms_date(const char *v, char *out, size_t outsz, mc_error *err)
{
	int32_t day, first = mc_date_from_ymd(2025, 7, 1);
	mc_error why = {0};
	if (mc_date_parse(v, &day, &why) != MC_OK)
		return mc_error_set(err, MC_EDATA, "not a date YYYY-MM-DD");
	if (day < first)
		return mc_error_set(err, MC_EDATA, "before 2025-07-01, when Decree 118/2025 began");
	char buf[11];
	mc_date_format(day, buf);
	return copy_out(buf, out, outsz, err);
}

static mc_status check_account(const char *v, char *out, size_t outsz, mc_error *err)
{
	if (!all_in(v, NULL, 1, 19))
		return mc_error_set(err, MC_EDATA, "not 1 to 19 letters or digits");
	return copy_out(v, out, outsz, err);
}

static const mc_setting_def table[] = {
	{"office.place", "text", NULL, N_("the office name"),
	 N_("place in the date line of printed forms (\"Phường X, ngày ...\")"),
	 N_("text without control characters"), check_text, NULL},
	{"office.commune", "commune", NULL, N_("the one commune named like the office"),
	 N_("the office's 2025 commune code: its communes come first in the address picker"),
	 N_("a 5-digit commune code (motcua units find NAME)"), check_commune, NULL},
	{"receipt_printer", "queue", NULL, N_("none: receipts are saved as files"),
	 N_("CUPS queue that prints the counter's receipts"),
	 N_("a CUPS queue name: 1-127 letters, digits, _ . -"), check_queue, NULL},
	{"kiosk_printer", "queue", NULL, N_("none: tickets are saved as files"),
	 N_("CUPS queue of the ticket kiosk"),
	 N_("a CUPS queue name: 1-127 letters, digits, _ . -"), check_queue, NULL},
	{"receipt_dir", "path", NULL, N_("receipts/ beside the database"),
	 N_("directory where receipts are saved"), N_("an absolute path"), check_abs_path, NULL},
	{"ime", "choice", "telex", NULL, N_("input method the counter screens start with"),
	 N_("telex, vni, viqr or off"), check_ime, NULL},
	{"idle_lock_minutes", "integer", "15", NULL,
	 N_("minutes without a key before a counter session locks (0: never)"),
	 N_("a whole number of minutes from 0 to 240"), check_idle, NULL},
	{"calendar.windows", "windows", "07:00-11:30,13:30-17:00", NULL,
	 N_("working hours of a working day"),
	 N_("windows like \"07:00-11:30,13:30-17:00\" (as calendar set --windows)"),
	 check_windows, NULL},
	{"calendar.workdays", "days", "mon-fri", NULL, N_("working days of the week"),
	 N_("days like \"mon-fri\" or \"mon-sat\" (as calendar set --workdays)"), check_workdays,
	 NULL},
	{"forms.2025_from", "date", "2025-09-15", NULL,
	 N_("first receipt date whose dossiers take the 2025 form set (Circular 03/2025)"),
	 N_("a date YYYY-MM-DD, not before 2025-07-01"), check_forms_date, NULL},
	{"sync.role", "choice", "office", NULL, N_("office or province (the hub)"),
	 N_("office or province"), NULL, "motcua sync role office|province"},
	{"fees.receipt_form", "text", NULL, NULL, N_("form name printed on fee receipts"),
	 N_("text without control characters"), check_text, NULL},
	{"fees.receipt_series", "text", NULL, NULL, N_("series printed on fee receipts"),
	 N_("text without control characters"), check_text, NULL},
	{"bank.bin", "digits", NULL, NULL, N_("the office bank's BIN for VietQR payments"),
	 N_("6 digits"), check_bin, NULL},
	{"bank.account", "account", NULL, NULL, N_("the office's bank account number"),
	 N_("1 to 19 letters or digits"), check_account, NULL},
	{"bank.account_name", "text", NULL, NULL, N_("name of the bank account's holder"),
	 N_("text without control characters"), check_text, NULL},
};

const mc_setting_def *mc_settings(size_t *n)
{
	*n = sizeof table / sizeof *table;
	return table;
}

const mc_setting_def *mc_setting_find(const char *key)
{
	for (size_t i = 0; key && i < sizeof table / sizeof *table; i++)
		if (strcmp(table[i].key, key) == 0)
			return &table[i];
	return NULL;
}

mc_status mc_setting_check(const char *key, const char *value, char *out, size_t outsz,
			   mc_error *err)
{
	const mc_setting_def *d = mc_setting_find(key);
	if (!d)
		return mc_error_set(err, MC_EUSAGE, "unknown setting \"%s\"", key);
	if (!d->check)
		return mc_error_set(err, MC_EUSAGE, "%s is read-only here: change it with %s", key,
				    d->set_by);
	mc_error why = {0};
	if (d->check(value, out, outsz, &why) != MC_OK)
		return mc_error_set(err, MC_EDATA, "%s: %s (%s)", key, d->rule, why.msg);
	return MC_OK;
}

mc_status mc_setting_set(mc_store *store, const char *key, const char *value, mc_error *err)
{
	char what[96];
	snprintf(what, sizeof what, "change the setting %s", key);
	mc_status st = mc_auth_require(store, MC_ROLE_ADMIN, what, err);
	if (st != MC_OK)
		return st;
	char val[1024];
	st = mc_setting_check(key, value, val, sizeof val, err);
	if (st != MC_OK)
		return st;
	return mc_store_setting_set(store, key, val, err);
}

mc_status mc_setting_unset(mc_store *store, const char *key, mc_error *err)
{
	const mc_setting_def *d = mc_setting_find(key);
	if (!d)
		return mc_error_set(err, MC_EUSAGE, "unknown setting \"%s\"", key);
	if (!d->check)
		return mc_error_set(err, MC_EUSAGE, "%s is read-only here: change it with %s", key,
				    d->set_by);
	char what[96];
	snprintf(what, sizeof what, "change the setting %s", key);
	mc_status st = mc_auth_require(store, MC_ROLE_ADMIN, what, err);
	if (st != MC_OK)
		return st;
	st = mc_store_setting_unset(store, key, err);
	if (st == MC_EEMPTY)
		mc_error_set(err, MC_EEMPTY, "%s was not set", key);
	return st;
}
