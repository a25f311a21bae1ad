/*
 * Schema step: guidance given at the counter without an intake (issue 13).
 * An incomplete dossier is not received: the citizen leaves with a printed
 * supplement/guidance slip (Mẫu 02) and no dossier code, so nothing here
 * touches dossiers or the daily sequence; the rows only count as guidance
 * given in a period.
 */
#include "store_schema.h"

const char store_schema_guidance[] =
	"CREATE TABLE guidance ("
	"  id INTEGER PRIMARY KEY,"
	"  given_at TEXT NOT NULL,"
	"  entered_at TEXT NOT NULL,"
	"  user_name TEXT NOT NULL,"
	"  procedure_code TEXT NOT NULL,"
	"  procedure_name TEXT NOT NULL,"
	"  applicant_name TEXT NOT NULL,"
	"  id_number TEXT NOT NULL DEFAULT '',"
	"  phone TEXT NOT NULL DEFAULT '',"
	"  missing TEXT NOT NULL,"
	"  note TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX guidance_given ON guidance(given_at);";
