/*
 * libFuzzer target: sync bundle import at the province. Byte 0 picks how
 * the rest is used:
 *  - 0 mod 4: the rest is a whole signed file (the envelope's parser and the
 *    Ed25519 check, then a bundle signed by an unknown or a trusted key);
 *  - 2 mod 4: the rest is a whole bundle, signed with the key the province
 *    trusts for office 000.17.22.H56 (header parsing, checksum, addressing,
 *    sequence, trust of the unit it names);
 *  - odd: the rest is a changeset, wrapped in a correct header (the real
 *    column lists, the next sequence number of one office, the checksum),
 *    so that the changeset walk and the natural-key applier see arbitrary
 *    changes, later ones on top of earlier ones; signed with the trusted key.
 * Either way the import must end in a clean result or error, and the
 * database must stay consistent (checked every 256 inputs).
 */
#include "fuzz_util.h"

#include "motcua/backup.h"
#include "motcua/sync.h"
#include "store_sign.h"
#include "sync_internal.h"

static const char *const dossier_cols[] = {
	"id", "code", "unit_code", "procedure_id", "procedure_code", "procedure_name", "deadline",
	"deadline_unit", "applicant_name", "applicant_name_fold", "id_number", "phone", "address",
	"status", "received_at", "entered_at", "due_at", "received_by", "form_set", "extra",
	"updated_at"};
static const char *const doc_cols[] = {"dossier_id", "position", "name", "received"};
static const char *const event_cols[] = {"id", "dossier_id", "at", "entered_at", "user_name",
					 "action", "from_status", "to_status", "note", "data",
					 "uid"};

static void set_table(sync_table *t, const char *name, const char *const *cols, int n)
{
	snprintf(t->name, sizeof t->name, "%s", name);
	t->ncols = n;
	for (int i = 0; i < n; i++)
		t->cols[i] = cols[i];
}

/* A fuzzed dossier may well carry a status its (fuzzed) history does not
 * end at; what must never happen is a damaged file or a dangling row. */
static int sound(const char *problem, void *ctx)
{
	(void)ctx;
	if (strncmp(problem, "integrity", 9) == 0 || strncmp(problem, "foreign key", 11) == 0) {
		fprintf(stderr, "fuzz_sync: %s\n", problem);
		abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned long runs;
	static int64_t next_seq = 1;
	if (size < 1)
		return 0;
	mc_store *s = fuzz_store("000.00.00.H56");
	mc_error err = {0};
	if (runs == 0) {
		/* The province signs with its own key and trusts it for the office
		 * the fuzzed bundles come from. */
		mc_sync_key k;
		if (mc_sync_role_set(s, MC_SYNC_PROVINCE, &err) != MC_OK ||
		    mc_sync_key_get(s, &k, &err) != MC_OK ||
		    store_sign_trust_add(s, "000.17.22.H56", k.public_key, "2026-03-02 09:00:00",
					 "fuzz", &err) != MC_OK)
			abort();
	}
	runs++;
	mc_sync_report rep;
	if ((data[0] & 3) == 0) {
		if (mc_sync_import_buffer(s, data + 1, size - 1, "fuzz.bundle", &rep, &err) == MC_OK)
			mc_sync_report_free(&rep);
	} else if ((data[0] & 3) == 2) {
		unsigned char *signed_bytes = NULL;
		size_t n = 0;
		if (sync_sign_wrap(s, data + 1, size - 1, &signed_bytes, &n, &err) != MC_OK)
			abort();
		if (mc_sync_import_buffer(s, signed_bytes, n, "fuzz.bundle", &rep, &err) == MC_OK)
			mc_sync_report_free(&rep);
		free(signed_bytes);
	} else {
		sync_bundle b;
		memset(&b, 0, sizeof b);
		snprintf(b.kind, sizeof b.kind, "dossiers");
		snprintf(b.unit, sizeof b.unit, "000.17.22.H56");
		snprintf(b.peer, sizeof b.peer, "province");
		snprintf(b.created, sizeof b.created, "2026-03-02 09:00:00");
		b.seq = next_seq;
		b.schema = mc_store_schema_version();
		b.ntables = 3;
		set_table(&b.tables[0], "dossiers", dossier_cols, 21);
		set_table(&b.tables[1], "dossier_documents", doc_cols, 4);
		set_table(&b.tables[2], "dossier_events", event_cols, 11);
		unsigned char *bundle = NULL;
		size_t len = 0;
		if (sync_bundle_format(&b, data + 1, size - 1, &bundle, &len, &err) != MC_OK)
			abort();
		unsigned char *signed_bytes = NULL;
		size_t n = 0;
		if (sync_sign_wrap(s, bundle, len, &signed_bytes, &n, &err) != MC_OK)
			abort();
		if (mc_sync_import_buffer(s, signed_bytes, n, "fuzz.bundle", &rep, &err) == MC_OK) {
			if (!rep.already_applied)
				next_seq++;
			mc_sync_report_free(&rep);
		}
		free(signed_bytes);
		free(bundle);
	}
	if (runs % 256 == 0) {
		long problems = 0;
		mc_error e2 = {0};
		if (mc_check(s, sound, NULL, &problems, &e2) == MC_ESYS)
			abort();
	}
	return 0;
}
