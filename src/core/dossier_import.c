/*
 * Importing dossiers from CSV (see mc_dossier_import in dossier.h). Shaped
 * like the catalog import: parse and check everything, then write in one
 * transaction, so a bad file leaves the database as it was.
 */
#include "motcua/auth.h"
#include "motcua/csv.h"
#include "motcua/json.h"
#include "dossier_internal.h"
#include "store_ops.h"

#include <stdlib.h>
#include <string.h>

enum { C_PROCEDURE, C_NAME, C_ID, C_PHONE, C_RECEIVED, C_ADDRESS, C_CODE, C_STATUS, C_DUE,
       C_BY, NCOLS };
static const char *const names[NCOLS] = {
	"procedure", "name", "id_number", "phone", "received_at", "address", "code", "status",
	"due_at", "received_by",
};
#define REQUIRED 5   /* the first five columns must be present */

static mc_status header(const mc_csv *csv, const char *path, int *map, mc_error *err)
{
	for (int c = 0; c < NCOLS; c++) {
		map[c] = -1;
		for (size_t i = 0; i < csv->nfields; i++)
			if (strcmp(csv->fields[i], names[c]) == 0)
				map[c] = (int)i;
		if (c < REQUIRED && map[c] < 0)
			return mc_error_set(err, MC_EDATA,
					    "%s:%zu: the header has no column \"%s\" (needed: procedure,"
					    "name,id_number,phone,received_at)", path, csv->line, names[c]);
	}
	return MC_OK;
}

static bool known_column(const int *map, size_t i)
{
	for (int c = 0; c < NCOLS; c++)
		if (map[c] == (int)i)
			return true;
	return false;
}

/* Other columns become office fields: {"header": "value", ...}. */
static mc_status extra_json(const mc_csv *head, const mc_csv *row, const int *map, char *out,
			    size_t outsz, mc_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return mc_error_set(err, MC_ESYS, "out of memory");
	mc_json j;
	mc_json_init(&j, f);
	mc_json_begin_object(&j, NULL);
	for (size_t i = 0; i < row->nfields && i < head->nfields; i++)
		if (!known_column(map, i) && row->fields[i][0])
			mc_json_string(&j, head->fields[i], row->fields[i]);
	mc_json_end_object(&j);
	fclose(f);
	mc_status st = MC_OK;
	if (len >= outsz)
		st = mc_error_set(err, MC_EDATA, "the other columns hold more than %zu bytes", outsz);
	else
		memcpy(out, buf, len + 1);
	free(buf);
	/* mc_json_end_object wrote a newline at the top level. */
	if (st == MC_OK && len && out[len - 1] == '\n')
		out[len - 1] = '\0';
	return st;
}

static const char *cell(const mc_csv *row, const int *map, int c)
{
	return map[c] >= 0 && (size_t)map[c] < row->nfields ? row->fields[map[c]] : NULL;
}

static mc_status check_row(mc_store *store, const mc_office *office, const mc_calendar *cal,
			   const mc_csv *head, const mc_csv *row, const int *map, const char *user,
			   mc_dossier *d, mc_error *err)
{
	char extra[2048];
	mc_status st = extra_json(head, row, map, extra, sizeof extra, err);
	if (st != MC_OK)
		return st;
	const char *by = cell(row, map, C_BY);
	mc_intake in = {
		.procedure_code = cell(row, map, C_PROCEDURE),
		.name = cell(row, map, C_NAME),
		.id_number = cell(row, map, C_ID),
		.phone = cell(row, map, C_PHONE),
		.address = cell(row, map, C_ADDRESS),
		.received_at = cell(row, map, C_RECEIVED),
		.user = by && *by ? by : user,
		.extra_json = extra,
	};
	if (!in.received_at || !*in.received_at)
		return mc_error_set(err, MC_EDATA, "received_at is empty");
	/* A clerk imports what they received themselves, as received: another
	 * person's name or a later status is a supervisor's word. */
	const char *want = cell(row, map, C_STATUS);
	if (by && *by && (!user || strcmp(by, user) != 0) &&
	    (st = mc_auth_require(store, MC_ROLE_SUPERVISOR,
				  "import dossiers received by another user", err)) != MC_OK)
		return mc_error_prefix(err, "received_by %s", by);
	if (want && *want && strcmp(want, "accepted") != 0 &&
	    (st = mc_auth_require(store, MC_ROLE_SUPERVISOR,
				  "import dossiers with a status other than accepted", err)) != MC_OK)
		return mc_error_prefix(err, "status %s", want);
	if ((st = dossier_prepare(store, office, cal, &in, d, err)) != MC_OK)
		return st;
	const char *code = cell(row, map, C_CODE), *status = cell(row, map, C_STATUS);
	const char *due = cell(row, map, C_DUE);
	if (code && *code) {
		char unit[40];
		int32_t day;
		int seq;
		if ((st = mc_dossier_code_parse(code, unit, sizeof unit, &day, &seq, err)) != MC_OK)
			return st;
		mc_dossier old;
		mc_error e2;
		if (mc_dossier_get(store, code, &old, &e2) == MC_OK)
			return mc_error_set(err, MC_EDATA, "dossier %s already exists", code);
		snprintf(d->code, sizeof d->code, "%s", code);
		snprintf(d->unit_code, sizeof d->unit_code, "%s", unit);
	}
	if (status && *status && !mc_dossier_status_parse(status, &d->status))
		return mc_error_set(err, MC_EDATA,
				    "status \"%s\" is not one of new accepted refused processing "
				    "supplement fees withdrawn stopped ready returned", status);
	if (due && *due) {
		int64_t t, r;
		if ((st = mc_time_parse(due, &t, err)) != MC_OK)
			return mc_error_prefix(err, "due_at");
		mc_time_parse(d->received_at, &r, NULL);
		if (t < r)
			return mc_error_set(err, MC_EDATA, "due_at %s is before received_at", due);
		mc_time_format(t, d->due_at);
	}
	return MC_OK;
}

/* One pass over the rows: check only (write false), or check and write
 * inside the caller's transaction. Rows are not kept in memory, so a
 * register of 100,000 dossiers imports in constant space. */
static mc_status pass(mc_store *store, const mc_office *office, const mc_calendar *cal,
		      const char *path, const char *buf, size_t len, const char *user, bool write,
		      int *count, mc_error *err)
{
	mc_csv head, csv;
	mc_csv_init(&head, buf, len);
	mc_csv_init(&csv, buf, len);
	int map[NCOLS];
	char (*codes)[64] = NULL;
	size_t ncodes = 0, cap = 0;
	mc_dossier *d = malloc(sizeof *d);
	mc_status st = d ? MC_OK : mc_error_set(err, MC_ESYS, "out of memory");
	*count = 0;
	if (st != MC_OK)
		goto done;
	/* Two readers over one buffer: one keeps the header row alive. */
	if ((st = mc_csv_next(&head, err)) != MC_OK || (st = mc_csv_next(&csv, err)) != MC_OK) {
		st = st == MC_EEMPTY ? mc_error_set(err, MC_EDATA, "%s:1: the file is empty", path)
				     : mc_error_prefix(err, "%s", path);
		goto done;
	}
	if ((st = header(&head, path, map, err)) != MC_OK)
		goto done;
	while ((st = mc_csv_next(&csv, err)) == MC_OK) {
		if ((st = check_row(store, office, cal, &head, &csv, map, user, d, err)) != MC_OK) {
			mc_error_prefix(err, "%s:%zu", path, csv.line);
			goto done;
		}
		if (!write && d->code[0]) {
			for (size_t i = 0; i < ncodes; i++)
				if (strcmp(codes[i], d->code) == 0) {
					st = mc_error_set(err, MC_EDATA, "%s:%zu: code %s appears twice",
							  path, csv.line, d->code);
					goto done;
				}
			if (ncodes == cap) {
				cap = cap ? cap * 2 : 256;
				void *c = realloc(codes, cap * sizeof *codes);
				if (!c) {
					st = mc_error_set(err, MC_ESYS, "out of memory");
					goto done;
				}
				codes = c;
			}
			memcpy(codes[ncodes++], d->code, sizeof codes[0]);
		}
		if (write) {
			char note[600];
			snprintf(note, sizeof note, "nhập từ %s", path);
			if ((st = dossier_write(store, d, "import", note, err)) != MC_OK) {
				mc_error_prefix(err, "%s:%zu", path, csv.line);
				goto done;
			}
		}
		(*count)++;
	}
	if (st == MC_EEMPTY)
		st = MC_OK;
	else
		mc_error_prefix(err, "%s", path);
done:
	mc_csv_free(&head);
	mc_csv_free(&csv);
	free(codes);
	free(d);
	return st;
}

mc_status mc_dossier_import(mc_store *store, const char *path, const char *encoding,
			    const char *user, int *imported, mc_error *err)
{
	*imported = 0;
	mc_office office;
	mc_office_calendar oc;
	mc_status st = mc_store_office_get(store, &office, err);
	if (st != MC_OK || (st = mc_office_calendar_load(store, &oc, err)) != MC_OK)
		return st;
	char *buf = NULL;
	size_t len = 0;
	int n = 0;
	if ((st = mc_file_read_text(path, encoding, &buf, &len, err)) != MC_OK ||
	    (st = pass(store, &office, &oc.cal, path, buf, len, user, false, &n, err)) != MC_OK ||
	    (st = mc_store_begin(store, err)) != MC_OK)
		goto done;
	if ((st = pass(store, &office, &oc.cal, path, buf, len, user, true, &n, err)) != MC_OK) {
		mc_store_rollback(store);
		goto done;
	}
	if ((st = mc_store_commit(store, err)) == MC_OK)
		*imported = n;
done:
	mc_office_calendar_free(&oc);
	free(buf);
	return st;
}
