/*
 * Schema step: fees and fee receipts (docs/fees.md).
 *
 * - procedure_fees: how each procedure's fee is computed (fee_rule.h); a
 *   procedure without a row is charged its fee column once (or nothing).
 * - fee_dues: what a dossier owes, fixed when the clerk enters the copies
 *   and pages (or an exemption); the waived amount is kept for reports.
 * - fee_receipt_seq / fee_receipts: receipts (biên lai thu phí, lệ phí)
 *   numbered per series inside the paying transaction, so numbers are
 *   never reused nor skipped. A receipt is never deleted; it can only go
 *   from paid to voided or refunded, once, and the history says why.
 */
#include "store_schema.h"

const char store_schema_fees[] =
	"CREATE TABLE procedure_fees ("
	"  procedure_id INTEGER PRIMARY KEY REFERENCES procedures(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('fixed','per_copy','per_page','free')),"
	"  steps TEXT NOT NULL DEFAULT '',"
	"  cap INTEGER NOT NULL DEFAULT 0 CHECK (cap >= 0),"
	"  exemptions TEXT NOT NULL DEFAULT '',"
	"  collect_at TEXT NOT NULL DEFAULT 'intake' CHECK (collect_at IN ('intake','return')));"
	"CREATE TABLE fee_dues ("
	"  dossier_id INTEGER PRIMARY KEY REFERENCES dossiers(id),"
	"  amount INTEGER NOT NULL CHECK (amount >= 0),"
	"  exempted INTEGER NOT NULL DEFAULT 0 CHECK (exempted >= 0),"
	"  copies INTEGER NOT NULL CHECK (copies >= 1),"
	"  pages INTEGER NOT NULL DEFAULT 0,"
	"  exempt_key TEXT NOT NULL DEFAULT '',"
	"  exempt_reason TEXT NOT NULL DEFAULT '',"
	"  set_at TEXT NOT NULL,"
	"  set_by TEXT NOT NULL);"
	"CREATE TABLE fee_receipt_seq ("
	"  series TEXT PRIMARY KEY,"
	"  last INTEGER NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE fee_receipts ("
	"  id INTEGER PRIMARY KEY,"
	"  form TEXT NOT NULL,"
	"  series TEXT NOT NULL,"
	"  number INTEGER NOT NULL CHECK (number >= 1),"
	"  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),"
	"  dossier_code TEXT NOT NULL,"
	"  amount INTEGER NOT NULL CHECK (amount > 0),"
	"  method TEXT NOT NULL CHECK (method IN ('cash','transfer','card')),"
	"  payer TEXT NOT NULL,"
	"  paid_at TEXT NOT NULL,"
	"  user_name TEXT NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'paid' CHECK (status IN ('paid','voided','refunded')),"
	"  closed_at TEXT,"
	"  closed_by TEXT,"
	"  closed_reason TEXT,"
	"  UNIQUE (series, number));"
	"CREATE INDEX fee_receipts_day ON fee_receipts(paid_at);"
	"CREATE INDEX fee_receipts_dossier ON fee_receipts(dossier_id);"
	"CREATE TRIGGER fee_receipts_no_delete BEFORE DELETE ON fee_receipts "
	"BEGIN SELECT RAISE(ABORT, 'fee receipts are never deleted'); END;"
	"CREATE TRIGGER fee_receipts_once BEFORE UPDATE ON fee_receipts"
	"  WHEN old.status <> 'paid' OR new.status = 'paid'"
	"    OR new.id IS NOT old.id OR new.form IS NOT old.form OR new.series IS NOT old.series"
	"    OR new.number IS NOT old.number OR new.dossier_id IS NOT old.dossier_id"
	"    OR new.amount IS NOT old.amount OR new.method IS NOT old.method"
	"    OR new.payer IS NOT old.payer OR new.paid_at IS NOT old.paid_at"
	"    OR new.user_name IS NOT old.user_name "
	"BEGIN SELECT RAISE(ABORT, 'a fee receipt only goes from paid to voided or refunded'); END;";
