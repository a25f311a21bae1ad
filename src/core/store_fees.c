/* Fee rows: dues, the receipt series counter, receipts. */
#include "store_fees.h"
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

mc_status store_fee_due_get(mc_store *s, int64_t dossier_id, mc_fee_due *out, bool *found,
			    mc_error *err)
{
	static const char sql[] =
		"SELECT amount, exempted, copies, pages, exempt_key, exempt_reason FROM fee_dues"
		" WHERE dossier_id = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	sqlite3_bind_int64(st, 1, dossier_id);
	int rc = sqlite3_step(st);
	*found = rc == SQLITE_ROW;
	if (*found) {
		out->amount = sqlite3_column_int64(st, 0);
		out->exempted = sqlite3_column_int64(st, 1);
		out->copies = sqlite3_column_int(st, 2);
		out->pages = sqlite3_column_int(st, 3);
		store_col_copy(st, 4, out->exempt_key, sizeof out->exempt_key);
		store_col_copy(st, 5, out->exempt_reason, sizeof out->exempt_reason);
	}
	store_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, "reading what a dossier owes", err);
	return MC_OK;
}

mc_status store_fee_due_put(mc_store *s, int64_t dossier_id, const mc_fee_due *d,
			    const char *at, const char *by, mc_error *err)
{
	static const char sql[] =
		"INSERT OR REPLACE INTO fee_dues(dossier_id, amount, exempted, copies, pages,"
		" exempt_key, exempt_reason, set_at, set_by) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	sqlite3_bind_int64(st, 1, dossier_id);
	sqlite3_bind_int64(st, 2, d->amount);
	sqlite3_bind_int64(st, 3, d->exempted);
	sqlite3_bind_int(st, 4, d->copies);
	sqlite3_bind_int(st, 5, d->pages);
	store_bind_text(st, 6, d->exempt_key);
	store_bind_text(st, 7, d->exempt_reason);
	store_bind_text(st, 8, at);
	store_bind_text(st, 9, by);
	return store_exec(s, st, "saving what a dossier owes", err);
}

mc_status store_fee_paid(mc_store *s, int64_t dossier_id, int64_t *sum, char last[48],
			 mc_error *err)
{
	static const char sql[] =
		"SELECT amount, series, number FROM fee_receipts"
		" WHERE dossier_id = ?1 AND status = 'paid' ORDER BY id";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	sqlite3_bind_int64(st, 1, dossier_id);
	*sum = 0;
	last[0] = '\0';
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*sum += sqlite3_column_int64(st, 0);
		snprintf(last, 48, "%.32s/%07lld", (const char *)sqlite3_column_text(st, 1),
			 (long long)sqlite3_column_int64(st, 2));
	}
	store_done(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "reading a dossier's fee receipts", err);
	return MC_OK;
}

mc_status store_fee_next_number(mc_store *s, const char *series, int64_t *number,
				mc_error *err)
{
	static const char sql[] =
		"INSERT INTO fee_receipt_seq(series, last) VALUES(?1, 1)"
		" ON CONFLICT(series) DO UPDATE SET last = last + 1 RETURNING last";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, series);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*number = sqlite3_column_int64(st, 0);
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	store_done(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "numbering a fee receipt", err);
	return MC_OK;
}

mc_status store_fee_receipt_insert(mc_store *s, int64_t dossier_id, mc_fee_receipt *r,
				   mc_error *err)
{
	static const char sql[] =
		"INSERT INTO fee_receipts(form, series, number, dossier_id, dossier_code, amount,"
		" method, payer, paid_at, user_name) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, r->form);
	store_bind_text(st, 2, r->series);
	sqlite3_bind_int64(st, 3, r->number);
	sqlite3_bind_int64(st, 4, dossier_id);
	store_bind_text(st, 5, r->dossier_code);
	sqlite3_bind_int64(st, 6, r->amount);
	store_bind_text(st, 7, mc_pay_method_name(r->method));
	store_bind_text(st, 8, r->payer);
	store_bind_text(st, 9, r->paid_at);
	store_bind_text(st, 10, r->user);
	mc_status st2 = store_exec(s, st, "saving a fee receipt", err);
	if (st2 == MC_OK)
		r->id = sqlite3_last_insert_rowid(s->db);
	return st2;
}

#define RECEIPT_COLUMNS \
	"r.id, r.form, r.series, r.number, r.dossier_code, d.procedure_name, r.amount," \
	" r.method, r.payer, r.paid_at, r.user_name, r.status, r.closed_at, r.closed_by," \
	" r.closed_reason, r.dossier_id"

static void read_receipt(sqlite3_stmt *st, mc_fee_receipt *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	store_col_copy(st, 1, r->form, sizeof r->form);
	store_col_copy(st, 2, r->series, sizeof r->series);
	r->number = sqlite3_column_int64(st, 3);
	snprintf(r->receipt_number, sizeof r->receipt_number, "%s/%07lld", r->series,
		 (long long)r->number);
	store_col_copy(st, 4, r->dossier_code, sizeof r->dossier_code);
	store_col_copy(st, 5, r->procedure_name, sizeof r->procedure_name);
	r->amount = sqlite3_column_int64(st, 6);
	char m[16];
	store_col_copy(st, 7, m, sizeof m);
	mc_pay_method_parse(m, &r->method);
	store_col_copy(st, 8, r->payer, sizeof r->payer);
	store_col_copy(st, 9, r->paid_at, sizeof r->paid_at);
	store_col_copy(st, 10, r->user, sizeof r->user);
	store_col_copy(st, 11, r->status, sizeof r->status);
	store_col_copy(st, 12, r->closed_at, sizeof r->closed_at);
	store_col_copy(st, 13, r->closed_by, sizeof r->closed_by);
	store_col_copy(st, 14, r->closed_reason, sizeof r->closed_reason);
}

mc_status store_fee_receipt_get(mc_store *s, const char *series, int64_t number,
				mc_fee_receipt *out, int64_t *dossier_id, mc_error *err)
{
	static const char sql[] =
		"SELECT " RECEIPT_COLUMNS " FROM fee_receipts r JOIN dossiers d ON d.id = r.dossier_id"
		" WHERE r.series = ?1 AND r.number = ?2";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, series);
	sqlite3_bind_int64(st, 2, number);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_receipt(st, out);
		*dossier_id = sqlite3_column_int64(st, 15);
	}
	store_done(st);
	if (rc == SQLITE_DONE)
		return mc_error_set(err, MC_EDATA, "no fee receipt %s/%07lld", series,
				    (long long)number);
	if (rc != SQLITE_ROW)
		return store_fail(s, "reading a fee receipt", err);
	return MC_OK;
}

mc_status store_fee_receipt_close(mc_store *s, const mc_fee_receipt *r, mc_error *err)
{
	static const char sql[] =
		"UPDATE fee_receipts SET status = ?2, closed_at = ?3, closed_by = ?4,"
		" closed_reason = ?5 WHERE id = ?1 AND status = 'paid'";
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	sqlite3_bind_int64(st, 1, r->id);
	store_bind_text(st, 2, r->status);
	store_bind_text(st, 3, r->closed_at);
	store_bind_text(st, 4, r->closed_by);
	store_bind_text(st, 5, r->closed_reason);
	mc_status r2 = store_exec(s, st, "closing a fee receipt", err);
	if (r2 == MC_OK && sqlite3_changes(s->db) != 1)
		return mc_error_set(err, MC_EDATA, "fee receipt %s is already %s",
				    r->receipt_number, "closed");
	return r2;
}

mc_status store_fee_receipts_day(mc_store *s, const char *day, const char *user,
				 mc_fee_receipt_cb cb, void *ctx, mc_error *err)
{
	static const char sql[] =
		"SELECT " RECEIPT_COLUMNS " FROM fee_receipts r JOIN dossiers d ON d.id = r.dossier_id"
		" WHERE r.paid_at >= ?1 AND r.paid_at < ?2 AND (?3 IS NULL OR r.user_name = ?3)"
		" ORDER BY r.series, r.number";
	char from[20], to[20];
	snprintf(from, sizeof from, "%.10s 00:00", day);
	snprintf(to, sizeof to, "%.10s 99:99", day);
	sqlite3_stmt *st = store_stmt(s, sql, err);
	if (!st)
		return MC_ESYS;
	store_bind_text(st, 1, from);
	store_bind_text(st, 2, to);
	store_bind_text(st, 3, user);
	int rc;
	/* Receipts are small; the callback runs after the statement is done
	 * so that it may query. */
	mc_fee_receipt *rows = NULL;
	size_t n = 0, cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			mc_fee_receipt *g = realloc(rows, cap * sizeof *rows);
			if (!g) {
				store_done(st);
				free(rows);
				return mc_error_set(err, MC_ESYS, "out of memory");
			}
			rows = g;
		}
		read_receipt(st, &rows[n++]);
	}
	store_done(st);
	mc_status r = MC_OK;
	if (rc != SQLITE_DONE)
		r = store_fail(s, "listing fee receipts", err);
	for (size_t i = 0; r == MC_OK && i < n; i++)
		if (cb(&rows[i], ctx))
			break;
	free(rows);
	return r;
}

mc_status store_fee_period(mc_store *s, const char *from, const char *to, int64_t *collected,
			   int64_t *exempted, int *receipts, int *exemptions, mc_error *err)
{
	if (s->pg) {
		/* The hub takes no fees and sync carries none (fees stay with
		 * the office that took them, docs/fees.md): nothing to add up,
		 * as on a SQLite province database. */
		*collected = *exempted = 0;
		*receipts = *exemptions = 0;
		return MC_OK;
	}
	static const char paid[] =
		"SELECT coalesce(sum(amount), 0), count(*) FROM fee_receipts"
		" WHERE status = 'paid' AND paid_at >= ?1 AND paid_at < ?2";
	static const char waived[] =
		"SELECT coalesce(sum(f.exempted), 0), count(*) FROM fee_dues f"
		" JOIN dossiers d ON d.id = f.dossier_id"
		" WHERE f.exempt_key <> '' AND d.received_at >= ?1 AND d.received_at < ?2";
	char lo[20], hi[20];
	snprintf(lo, sizeof lo, "%.10s 00:00", from);
	snprintf(hi, sizeof hi, "%.10s 99:99", to);
	const char *sqls[2] = {paid, waived};
	int64_t *sums[2] = {collected, exempted};
	int *counts[2] = {receipts, exemptions};
	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *st = store_stmt(s, sqls[i], err);
		if (!st)
			return MC_ESYS;
		store_bind_text(st, 1, lo);
		store_bind_text(st, 2, hi);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*sums[i] = sqlite3_column_int64(st, 0);
			*counts[i] = sqlite3_column_int(st, 1);
		}
		store_done(st);
		if (rc != SQLITE_ROW)
			return store_fail(s, "adding up fees", err);
	}
	return MC_OK;
}
