/*
 * Schema step: the report's indexes cover it (issue 14, reports across
 * offices). A province holds millions of dossiers; a quarter's report
 * reads about a million of them twice, once by finish time (those open at
 * the start or received since) and once by return time. Through the
 * single-column indexes each of those reads a whole dossier row (names,
 * addresses: ~400 bytes, scattered), which cost seconds; these indexes
 * carry every column the report reads (store_report.c) except the
 * procedure's code and name (grouping by procedure reads the rows), so the
 * report reads index entries in order and never the table. They replace
 * the single-column ones on the same leading column, which every other
 * query by finish or return time uses just as well.
 */
#include "store_schema.h"

const char store_schema_report[] =
	"DROP INDEX dossiers_finished;"
	"DROP INDEX dossiers_returned;"
	"CREATE INDEX dossiers_finished_report ON dossiers(finished_at, received_at,"
	"  accepted_at, status, channel, unit_code, procedure_id, statutory_due_at, due_at,"
	"  original_due_at);"
	"CREATE INDEX dossiers_returned_report ON dossiers(returned_at, status, rated_at, rating,"
	"  unit_code, procedure_id);";
