/*
 * Schema migrations, keyed on PRAGMA user_version. Steps are only ever
 * appended: a released step is never edited, because offices upgrade from
 * whatever version they run. Times are local civil time (UTC+7) as text
 * 'YYYY-MM-DD HH:MM' so they sort and read the same in every tool.
 */
#include "store_schema.h"

#include <stddef.h>

static const char step_1[] =
	/* 1: foundation */
	"CREATE TABLE office ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  unit_code TEXT NOT NULL,"
	"  name TEXT NOT NULL);"
	"CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE procedures ("
	"  id INTEGER PRIMARY KEY,"
	"  code TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  name_fold TEXT NOT NULL,"
	"  field TEXT NOT NULL,"
	"  agency TEXT NOT NULL,"
	"  level TEXT NOT NULL,"
	"  deadline REAL NOT NULL CHECK (deadline >= 0),"
	"  deadline_unit TEXT NOT NULL CHECK (deadline_unit IN ('day','hour','calendar_day')),"
	"  fee INTEGER NOT NULL CHECK (fee >= 0),"
	"  active INTEGER NOT NULL DEFAULT 1,"
	"  updated_at TEXT NOT NULL);"
	"CREATE TABLE procedure_documents ("
	"  procedure_id INTEGER NOT NULL REFERENCES procedures(id) ON DELETE CASCADE,"
	"  position INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  PRIMARY KEY (procedure_id, position)) WITHOUT ROWID;"
	"CREATE TABLE users ("
	"  id INTEGER PRIMARY KEY,"
	"  username TEXT NOT NULL UNIQUE,"
	"  full_name TEXT NOT NULL,"
	"  role TEXT NOT NULL CHECK (role IN ('clerk','supervisor','admin')),"
	"  password_hash TEXT,"
	"  counter INTEGER,"
	"  active INTEGER NOT NULL DEFAULT 1,"
	"  failed_logins INTEGER NOT NULL DEFAULT 0,"
	"  locked_until TEXT,"
	"  created_at TEXT NOT NULL);"
	"CREATE TABLE counters ("
	"  number INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL DEFAULT '',"
	"  services TEXT NOT NULL DEFAULT '');"
	"CREATE TABLE holidays ("
	"  day TEXT PRIMARY KEY,"
	"  kind TEXT NOT NULL CHECK (kind IN ('off','workday')),"
	"  note TEXT NOT NULL DEFAULT '') WITHOUT ROWID;"
	"CREATE TABLE dossier_seq ("
	"  unit_code TEXT NOT NULL,"
	"  day TEXT NOT NULL,"
	"  last INTEGER NOT NULL,"
	"  PRIMARY KEY (unit_code, day)) WITHOUT ROWID;"
	"CREATE TABLE dossiers ("
	"  id INTEGER PRIMARY KEY,"
	"  code TEXT NOT NULL UNIQUE,"
	"  unit_code TEXT NOT NULL,"
	"  procedure_id INTEGER NOT NULL REFERENCES procedures(id),"
	"  procedure_code TEXT NOT NULL,"
	"  procedure_name TEXT NOT NULL,"
	"  deadline REAL NOT NULL,"
	"  deadline_unit TEXT NOT NULL,"
	"  applicant_name TEXT NOT NULL,"
	"  applicant_name_fold TEXT NOT NULL,"
	"  id_number TEXT,"
	"  phone TEXT,"
	"  address TEXT,"
	"  status TEXT NOT NULL,"
	"  received_at TEXT NOT NULL,"
	"  entered_at TEXT NOT NULL,"
	"  due_at TEXT NOT NULL,"
	"  received_by TEXT NOT NULL,"
	"  form_set TEXT NOT NULL,"
	"  extra TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(extra)),"
	"  updated_at TEXT NOT NULL);"
	"CREATE INDEX dossiers_id_number ON dossiers(id_number);"
	"CREATE INDEX dossiers_phone ON dossiers(phone);"
	"CREATE INDEX dossiers_received ON dossiers(received_at);"
	"CREATE INDEX dossiers_status_due ON dossiers(status, due_at);"
	"CREATE TABLE dossier_documents ("
	"  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),"
	"  position INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  received INTEGER NOT NULL DEFAULT 1,"
	"  PRIMARY KEY (dossier_id, position)) WITHOUT ROWID;"
	"CREATE TABLE dossier_events ("
	"  id INTEGER PRIMARY KEY,"
	"  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),"
	"  at TEXT NOT NULL,"
	"  entered_at TEXT NOT NULL,"
	"  user_name TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  from_status TEXT,"
	"  to_status TEXT,"
	"  note TEXT NOT NULL DEFAULT '',"
	"  data TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data)));"
	"CREATE INDEX dossier_events_dossier ON dossier_events(dossier_id, id);"
	/* The history is append-only: what happened can never be rewritten. */
	"CREATE TRIGGER dossier_events_no_update BEFORE UPDATE ON dossier_events "
	"BEGIN SELECT RAISE(ABORT, 'dossier history is append-only'); END;"
	"CREATE TRIGGER dossier_events_no_delete BEFORE DELETE ON dossier_events "
	"BEGIN SELECT RAISE(ABORT, 'dossier history is append-only'); END;"
	/* Folded-name index: word-prefix search over 1,000,000 dossiers. */
	"CREATE VIRTUAL TABLE dossier_fts USING fts5("
	"  applicant_name_fold, content='dossiers', content_rowid='id',"
	"  tokenize='unicode61 remove_diacritics 0', prefix='1 2 3');"
	"CREATE TRIGGER dossiers_fts_ins AFTER INSERT ON dossiers BEGIN"
	"  INSERT INTO dossier_fts(rowid, applicant_name_fold)"
	"  VALUES (new.id, new.applicant_name_fold); END;"
	"CREATE TRIGGER dossiers_fts_upd AFTER UPDATE OF applicant_name_fold ON dossiers BEGIN"
	"  INSERT INTO dossier_fts(dossier_fts, rowid, applicant_name_fold)"
	"  VALUES ('delete', old.id, old.applicant_name_fold);"
	"  INSERT INTO dossier_fts(rowid, applicant_name_fold)"
	"  VALUES (new.id, new.applicant_name_fold); END;"
	"CREATE TABLE unit_provinces ("
	"  code TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  short_name TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  name_fold TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE unit_communes ("
	"  code TEXT PRIMARY KEY,"
	"  province_code TEXT NOT NULL REFERENCES unit_provinces(code),"
	"  name TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  name_fold TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE INDEX unit_communes_fold ON unit_communes(name_fold);"
	"CREATE TABLE unit_old ("
	"  new_code TEXT NOT NULL,"
	"  old_code TEXT NOT NULL,"
	"  old_name TEXT NOT NULL,"
	"  old_name_fold TEXT NOT NULL,"
	"  merge_type TEXT NOT NULL CHECK (merge_type IN ('full','partial')),"
	"  PRIMARY KEY (new_code, old_code)) WITHOUT ROWID;"
	"CREATE INDEX unit_old_fold ON unit_old(old_name_fold);";

/* Later steps live beside the code that needs them (store_schema_vN.c). */
static const char *const steps[] = {
	step_1,
	store_schema_v2,   /* lifecycle, ratings */
	store_schema_v3,   /* queue: services, tickets */
	store_schema_v4,   /* sync: event uids, bundles in and out */
	store_schema_rules, /* channel, acceptance, statutory appointment */
	store_schema_security, /* accounts, hash-chained history */
	store_schema_sync_delta, /* sync: changed rows per peer */
	store_schema_fees, /* fee rules, dues, receipts */
	store_schema_guidance,  /* guidance slips given without an intake */
	store_schema_dfold, /* Đ look-alikes fold to d */
	store_schema_dirty_when, /* sync_dirty triggers only where a peer needs them */
	store_schema_report, /* the report's indexes cover it */
};

int store_schema_count(void)
{
	return (int)(sizeof steps / sizeof steps[0]);
}

const char *store_schema_step(int version)
{
	if (version < 1 || version > store_schema_count())
		return NULL;
	return steps[version - 1];
}
