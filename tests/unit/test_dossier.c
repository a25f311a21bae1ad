/* Dossiers: intake, codes (also under concurrent writers), folded search. */
#include "testutil.h"

#include "motcua/citizen.h"
#include "motcua/clock.h"
#include "motcua/dossier.h"
#include "motcua/holidays.h"
#include "motcua/lunar.h"
#include "motcua/text.h"
#include "motcua/units.h"

#include "store_schema.h"

#include <sqlite3.h>
#include <sys/wait.h>

#define CSV "code,name,field,agency,level,deadline,deadline_unit,fee,documents\n" \
	"1.004873,Cấp Giấy xác nhận tình trạng hôn nhân,Hộ tịch,UBND cấp xã,Cấp xã,3,day,0,Tờ khai|Giấy tờ tùy thân\n" \
	"2.000908,Chứng thực bản sao từ bản chính,Chứng thực,UBND cấp xã,Cấp xã,4,hour,2000,Bản chính\n"

static mc_store *setup(struct tdir *t)
{
	mc_store *s = office_store(t, "000.17.22.H56", "UBND xã Quảng Phú", CSV);
	return s;
}

static mc_status intake(mc_store *s, const char *proc, const char *name, const char *id,
			const char *phone, const char *at, mc_dossier *d, mc_error *err)
{
	mc_intake in = {.procedure_code = proc, .name = name, .id_number = id, .phone = phone,
			.received_at = at, .user = "mai"};
	return mc_dossier_intake(s, &in, d, err);
}

static void test_intake_code_due_and_history(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	setenv("MOTCUA_NOW", "2026-02-25 09:00", 1);
	mc_error err = {0};
	/* Tết 2026 holidays: T9 of domain.md §7 through a real intake. */
	for (int d = 16; d <= 20; d++) {
		mc_holiday h = {.day = mc_date_from_ymd(2026, 2, d), .kind = MC_DAY_OFF};
		assert_int_equal(mc_holiday_add(s, &h, &err), MC_OK);
	}
	mc_dossier d;
	char before[20], after[20];
	mc_clock_stamp(before);
	assert_int_equal(intake(s, "1.004873", "  Nguyễn   Văn An ", "034091002345", "0912 345 678",
				"2026-02-13 10:00", &d, &err), MC_OK);
	mc_clock_stamp(after);
	assert_string_equal(d.code, "000.17.22.H56-260213-0001");
	assert_string_equal(d.applicant.name, "Nguyễn Văn An");
	assert_string_equal(d.applicant.phone, "0912345678");
	assert_string_equal(d.received_at, "2026-02-13 10:00");
	assert_string_equal(d.due_at, "2026-02-25 10:00");
	assert_string_equal(d.form_set, "2025");
	/* MOTCUA_NOW (2026-02-25 09:00) moves the office's day, never the real
	 * entry time. */
	assert_true(strcmp(d.entered_at, before) >= 0 && strcmp(d.entered_at, after) <= 0);
	assert_int_equal(d.status, MC_DS_ACCEPTED);
	assert_int_equal(d.ndocuments, 2);
	mc_dossier again;
	assert_int_equal(intake(s, "1.004873", "Trần Thị Bình", "001085004321", "0987654321",
				"2026-02-13 11:00", &again, &err), MC_OK);
	assert_string_equal(again.code, "000.17.22.H56-260213-0002");
	mc_dossier got;
	assert_int_equal(mc_dossier_get(s, d.code, &got, &err), MC_OK);
	assert_string_equal(got.applicant.id_number, "034091002345");
	assert_string_equal(got.received_by, "mai");
	assert_true(got.documents[0].received);
	mc_store_close(s);
	/* The intake event with the clerk's name is in the database. */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(t.db, &db), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT user_name, action, to_status FROM "
					  "dossier_events e JOIN dossiers d ON d.id = e.dossier_id "
					  "WHERE d.code = '000.17.22.H56-260213-0001'", -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "mai");
	assert_string_equal((const char *)sqlite3_column_text(st, 1), "intake");
	assert_string_equal((const char *)sqlite3_column_text(st, 2), "accepted");
	sqlite3_finalize(st);
	sqlite3_close(db);
	unsetenv("MOTCUA_NOW");
	tdir_remove(&t);
}

static void test_intake_refuses_bad_input(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_error err = {0};
	mc_dossier d;
	assert_int_equal(intake(s, "9.999999", "An", "034091002345", "0912345678", NULL, &d, &err),
			 MC_EDATA);
	assert_non_null(strstr(err.msg, "9.999999"));
	assert_int_equal(intake(s, "1.004873", "An", "03409100234", "0912345678", NULL, &d, &err),
			 MC_EDATA);
	assert_non_null(strstr(err.msg, "ID number"));
	assert_int_equal(intake(s, "1.004873", "An", "034091002345", "12ab", NULL, &d, &err),
			 MC_EDATA);
	assert_non_null(strstr(err.msg, "phone"));
	assert_int_equal(intake(s, "1.004873", "", "034091002345", "0912345678", NULL, &d, &err),
			 MC_EDATA);
	assert_non_null(strstr(err.msg, "name"));
	assert_int_equal(intake(s, "1.004873", "An\xff", "034091002345", "0912345678", NULL, &d,
				&err), MC_EDATA);
	assert_non_null(strstr(err.msg, "byte offset 2"));
	assert_int_equal(intake(s, "1.004873", "An", "034091002345", "0912345678", "2026-13-01 08:00",
				&d, &err), MC_EDATA);
	assert_int_equal(intake(s, "1.004873", "An", "034091002345", "0912345678", "2999-01-01 08:00",
				&d, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "future"));
	mc_store_close(s);
	tdir_remove(&t);
}

static int collect(const mc_dossier *d, void *ctx)
{
	char *names = ctx;
	strcat(names, d->applicant.name);
	strcat(names, ";");
	return 0;
}

static const char *find(mc_store *s, const char *q)
{
	static char names[4096];
	names[0] = '\0';
	mc_error err = {0};
	mc_status st = mc_dossier_find(s, q, 50, collect, names, &err);
	if (st != MC_OK)
		fail_msg("find %s: %s", q, err.msg);
	return names;
}

static void test_find_folded_by_word_prefix(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_error err = {0};
	mc_dossier d, dd;
	assert_int_equal(intake(s, "2.000908", "Nguyễn Văn An", "034091002345", "0912345678",
				NULL, &d, &err), MC_OK);
	assert_int_equal(intake(s, "2.000908", "Trần Minh Đức", "001085004321", "+84 987 654 321",
				NULL, &dd, &err), MC_OK);
	assert_int_equal(intake(s, "2.000908", "Nguyễn Thị Vân Anh", "038079001122", "0903111222",
				NULL, &d, &err), MC_OK);
	assert_string_equal(find(s, "nguyen v an"), "Nguyễn Thị Vân Anh;Nguyễn Văn An;");
	/* Word prefixes: "van an" also matches "Vân Anh". */
	assert_string_equal(find(s, "nguyen van an"), "Nguyễn Thị Vân Anh;Nguyễn Văn An;");
	assert_string_equal(find(s, "nguyen thi"), "Nguyễn Thị Vân Anh;");
	assert_string_equal(find(s, "duc"), "Trần Minh Đức;");
	assert_string_equal(find(s, "ĐỨC"), "Trần Minh Đức;");
	assert_string_equal(find(s, "TRAN m"), "Trần Minh Đức;");
	assert_string_equal(find(s, "uc"), "");
	assert_string_equal(find(s, "034091002345"), "Nguyễn Văn An;");
	assert_string_equal(find(s, "0987 654 321"), "Trần Minh Đức;");
	assert_string_equal(find(s, dd.code), "Trần Minh Đức;");
	/* The YYMMDD-NNNN tail alone finds it too. */
	assert_string_equal(find(s, strchr(dd.code, '-') + 1), "Trần Minh Đức;");
	assert_string_equal(find(s, "\"; DROP TABLE dossiers; --"), "");
	mc_store_close(s);
	tdir_remove(&t);
}

static void test_code_parse_t8(void **state)
{
	(void)state;
	char unit[40];
	int32_t day;
	int seq;
	mc_error err = {0};
	assert_int_equal(mc_dossier_code_parse("000.17.22.H56-210531-0001", unit, sizeof unit,
					       &day, &seq, &err), MC_OK);
	assert_string_equal(unit, "000.17.22.H56");
	assert_int_equal(day, mc_date_from_ymd(2021, 5, 31));
	assert_int_equal(seq, 1);
	assert_int_equal(mc_dossier_code_parse("000.17.22.H56-210231-0001", unit, sizeof unit,
					       &day, &seq, &err), MC_EDATA);
	assert_int_equal(mc_dossier_code_parse("H56-2105-0001", unit, sizeof unit, &day, &seq,
					       &err), MC_EDATA);
	char buf[64];
	mc_dossier_code_format("000.17.22.H56", mc_date_from_ymd(2025, 11, 25), 7, buf, sizeof buf);
	assert_string_equal(buf, "000.17.22.H56-251125-0007");
}

#define WRITERS 8
#define PER_WRITER 200

static void writer(const char *db, int w)
{
	mc_store *s = NULL;
	mc_error err = {0};
	if (mc_store_open(db, &s, &err) != MC_OK)
		_exit(10);
	for (int i = 0; i < PER_WRITER; i++) {
		char name[64];
		snprintf(name, sizeof name, "Người Thứ %c %c", 'A' + w, 'A' + i % 26);
		mc_dossier d;
		if (intake(s, "2.000908", name, "034091002345", "0912345678", NULL, &d, &err) != MC_OK) {
			fprintf(stderr, "writer %d: %s\n", w, err.msg);
			_exit(11);
		}
	}
	mc_store_close(s);
	_exit(0);
}

static void test_codes_unique_under_concurrency(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_store_close(s);
	setenv("MOTCUA_NOW", "2026-11-25 09:00", 1);
	pid_t pids[WRITERS];
	for (int w = 0; w < WRITERS; w++) {
		pids[w] = fork();
		assert_true(pids[w] >= 0);
		if (pids[w] == 0)
			writer(t.db, w);
	}
	for (int w = 0; w < WRITERS; w++) {
		int status;
		assert_int_equal(waitpid(pids[w], &status, 0), pids[w]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	unsetenv("MOTCUA_NOW");
	sqlite3 *db;
	assert_int_equal(sqlite3_open(t.db, &db), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*), count(DISTINCT code), min(code),"
					  " max(code), (SELECT count(*) FROM dossier_events)"
					  " FROM dossiers", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), WRITERS * PER_WRITER);
	assert_int_equal(sqlite3_column_int(st, 1), WRITERS * PER_WRITER);
	assert_string_equal((const char *)sqlite3_column_text(st, 2), "000.17.22.H56-261125-0001");
	assert_string_equal((const char *)sqlite3_column_text(st, 3), "000.17.22.H56-261125-1600");
	assert_int_equal(sqlite3_column_int(st, 4), WRITERS * PER_WRITER);
	sqlite3_finalize(st);
	sqlite3_close(db);
	tdir_remove(&t);
}

static void test_fold(void **state)
{
	(void)state;
	static const char *const v[][2] = {
		{"Nguyễn Văn Đức", "nguyen van duc"},
		{"NGUYỄN THỊ THUỲ DƯƠNG", "nguyen thi thuy duong"},
		{"Nguye\xcc\x82\xcc\x83n", "nguyen"},            /* NFD */
		{"Ngu\xc3\xaa\xcc\x83n", "nguen"},                /* tổ hợp: ê + combining tilde */
		{"  Hồ  Chí-Minh, Q.1 ", "ho chi minh q 1"},
		{"Đắk Lắk", "dak lak"},
		{"", ""},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		char *f = mc_text_fold(v[i][0]);
		assert_non_null(f);
		assert_string_equal(f, v[i][1]);
		free(f);
	}
	assert_null(mc_text_fold("bad \xc3"));
	assert_true(mc_text_fold_match("nguyen van an", "nguyen v an"));
	assert_true(mc_text_fold_match("nguyen van an", "an nguyen"));
	assert_false(mc_text_fold_match("nguyen van an", "guyen"));
}

static int use_cb(const mc_procedure *p, int uses, void *ctx)
{
	char *out = ctx;
	char item[64];
	snprintf(item, sizeof item, "%s:%d;", p->code, uses);
	strcat(out, item);
	return 0;
}

static void test_known_citizen_and_most_used(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_error err = {0};
	mc_dossier d;
	mc_applicant a;
	int n = 0;
	assert_int_equal(mc_citizen_recall(s, "034091002345", &a, &n, &err), MC_EEMPTY);
	assert_int_equal(intake(s, "1.004873", "Nguyễn Văn An", "034091002345", "0912345678",
				NULL, &d, &err), MC_OK);
	mc_intake in = {.procedure_code = "2.000908", .name = "Nguyễn Văn An",
			.id_number = "034091002345", .phone = "0977000111",
			.address = "Tổ 5, phường Tô Hiệu", .user = "mai"};
	assert_int_equal(mc_dossier_intake(s, &in, &d, &err), MC_OK);
	assert_int_equal(intake(s, "2.000908", "Lê Hoa", "001085004321", "0987654321", NULL, &d,
				&err), MC_OK);
	assert_int_equal(mc_citizen_recall(s, "034091002345", &a, &n, &err), MC_OK);
	assert_int_equal(n, 2);
	assert_string_equal(a.name, "Nguyễn Văn An");
	assert_string_equal(a.phone, "0977000111");   /* the newest dossier's */
	assert_string_equal(a.address, "Tổ 5, phường Tô Hiệu");
	assert_int_equal(mc_citizen_recall(s, "12ab", &a, &n, &err), MC_EDATA);
	char order[256] = "";
	assert_int_equal(mc_catalog_by_use(s, "mai", 30, use_cb, order, &err), MC_OK);
	assert_string_equal(order, "2.000908:2;1.004873:1;");
	order[0] = '\0';
	assert_int_equal(mc_catalog_by_use(s, "lan", 30, use_cb, order, &err), MC_OK);
	assert_string_equal(order, "1.004873:0;2.000908:0;");
	mc_store_close(s);
	tdir_remove(&t);
}

#define KS_CSV "code,name,field,agency,level,deadline,deadline_unit,fee,documents\n" \
	"1.000689,Thủ tục đăng ký khai sinh kết hợp nhận cha mẹ con,Hộ tịch,UBND cấp xã,Cấp xã,3,day,0,Tờ khai\n" \
	"1.001193,Thủ tục đăng ký khai sinh,Hộ tịch,UBND cấp xã,Cấp xã,0,day,0,Tờ khai\n" \
	"1.004746,Thủ tục đăng ký lại khai sinh,Hộ tịch,UBND cấp xã,Cấp xã,5,day,0,Tờ khai\n" \
	"2.000908,Chứng thực bản sao từ bản chính,Chứng thực,UBND cấp xã,Cấp xã,4,hour,2000,Bản chính\n" \
	"1.000656,Thủ tục đăng ký khai tử,Hộ tịch,UBND cấp xã,Cấp xã,0,day,0,Tờ khai\n"

static int ranked_cb(const mc_procedure *p, int uses, void *ctx)
{
	char *out = ctx;
	char item[64];
	snprintf(item, sizeof item, "%s:%d;", p->code, uses);
	strcat(out, item);
	return 0;
}

/* The picker's order. Typed text: whole words first ("khai tu" is khai tử,
 * not khai sinh through "tục"), then the words in a row, fewest other
 * words, code; never the clerk's use counts, so the order for the same text
 * does not move during the day. Before typing: most used first, then code.
 * A code prefix works; the limit holds. */
static void test_catalog_ranked(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_error err = {0};
	char path[300];
	tdir_write(&t, "ks.csv", KS_CSV, path, sizeof path);
	mc_import_stats st;
	assert_int_equal(mc_catalog_import(s, path, NULL, &st, &err), MC_OK);
	char order[512] = "";
	assert_int_equal(mc_catalog_ranked(s, "mai", 30, "khai sinh", 10, ranked_cb, order, &err),
			 MC_OK);
	assert_string_equal(order, "1.001193:0;1.004746:0;1.000689:0;");
	mc_dossier d;
	for (int i = 0; i < 2; i++)
		assert_int_equal(intake(s, "1.000689", "Lê Hoa", "001085004321", "0987654321",
					NULL, &d, &err), MC_OK);
	order[0] = '\0';
	assert_int_equal(mc_catalog_ranked(s, "mai", 30, "khai sinh", 10, ranked_cb, order, &err),
			 MC_OK);
	assert_string_equal(order, "1.001193:0;1.004746:0;1.000689:2;");
	order[0] = '\0';
	assert_int_equal(mc_catalog_ranked(s, "mai", 30, "khai tu", 2, ranked_cb, order, &err),
			 MC_OK);
	assert_string_equal(order, "1.000656:0;1.001193:0;");
	order[0] = '\0';   /* "tu": only khai tử has it as a whole word */
	assert_int_equal(mc_catalog_ranked(s, "mai", 30, "ky khai", 2, ranked_cb, order, &err),
			 MC_OK);
	assert_string_equal(order, "1.000656:0;1.001193:0;");
	order[0] = '\0';   /* another clerk's picker is not moved by mai's work */
	assert_int_equal(mc_catalog_ranked(s, "lan", 30, "khai sinh", 10, ranked_cb, order, &err),
			 MC_OK);
	assert_string_equal(order, "1.001193:0;1.004746:0;1.000689:0;");
	order[0] = '\0';
	assert_int_equal(mc_catalog_ranked(s, "mai", 30, "KHAI SINH", 1, ranked_cb, order, &err),
			 MC_OK);
	assert_string_equal(order, "1.001193:0;");
	order[0] = '\0';
	assert_int_equal(mc_catalog_ranked(s, "lan", 30, "1.0011", 10, ranked_cb, order, &err),
			 MC_OK);
	assert_string_equal(order, "1.001193:0;");
	order[0] = '\0';   /* empty query: everything, mai's most used first */
	assert_int_equal(mc_catalog_ranked(s, "mai", 30, "", 3, ranked_cb, order, &err), MC_OK);
	assert_string_equal(order, "1.000689:2;1.000656:0;1.001193:0;");
	assert_int_equal(mc_catalog_ranked(s, "mai", 30, "khai \xc3", 10, ranked_cb, order, &err),
			 MC_EDATA);
	mc_store_close(s);
	tdir_remove(&t);
}

/* A pre-2025 card address is rewritten to today's commune and province;
 * today's address and an ambiguous old name are left alone (MC_EEMPTY). */
static void test_citizen_address_today(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_error err = {0};
	char dir[1100];
	snprintf(dir, sizeof dir, "%s/data/units", getenv("MOTCUA_DATADIR"));
	mc_units_stats us;
	assert_int_equal(mc_units_import(s, dir, &us, &err), MC_OK);
	char out[512], old[128];
	assert_int_equal(mc_citizen_address_today(s,
			"Tổ 5, Phường Chiềng Lề, Thành phố Sơn La, Sơn La", out, sizeof out, old,
			sizeof old, &err), MC_OK);
	assert_string_equal(out, "Tổ 5, Phường Tô Hiệu, Sơn La");
	assert_string_equal(old, "Phường Chiềng Lề");
	assert_int_equal(mc_citizen_address_today(s, "Tổ 5, Phường Tô Hiệu, Sơn La", out,
						  sizeof out, old, sizeof old, &err), MC_EEMPTY);
	assert_string_equal(out, "Tổ 5, Phường Tô Hiệu, Sơn La");
	/* "Xã Tân Hòa" went into many 2025 communes: without a province that
	 * tells them apart nothing is guessed. */
	assert_int_equal(mc_citizen_address_today(s, "Thôn 1, Xã Tân Hòa", out, sizeof out, old,
						  sizeof old, &err), MC_EEMPTY);
	assert_string_equal(out, "Thôn 1, Xã Tân Hòa");
	mc_store_close(s);
	tdir_remove(&t);
}

/* dossier intake --received / --missing (docs/rules.md R15). */
static void test_papers_parse(void **state)
{
	(void)state;
	bool f[4];
	mc_error err = {0};
	assert_int_equal(mc_dossier_papers_parse("1,2,4", NULL, 4, f, &err), MC_OK);
	assert_true(f[0] && f[1] && !f[2] && f[3]);
	assert_int_equal(mc_dossier_papers_parse(NULL, "3", 4, f, &err), MC_OK);
	assert_true(f[0] && f[1] && !f[2] && f[3]);
	assert_int_equal(mc_dossier_papers_parse("1,2,4", "3", 4, f, &err), MC_OK);
	assert_true(f[0] && f[1] && !f[2] && f[3]);
	assert_int_equal(mc_dossier_papers_parse(NULL, NULL, 4, f, &err), MC_OK);
	assert_true(f[0] && f[1] && f[2] && f[3]);
	/* Off the checklist: data error naming the paper and the size. */
	assert_int_equal(mc_dossier_papers_parse("1,5", NULL, 4, f, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "paper 5 is not on the procedure's checklist (papers 1-4)"));
	assert_int_equal(mc_dossier_papers_parse("0", NULL, 4, f, &err), MC_EDATA);
	assert_int_equal(mc_dossier_papers_parse("1,3", "3", 4, f, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "paper 3 is named both"));
	assert_int_equal(mc_dossier_papers_parse("1,2", "3", 4, f, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "paper 4 is named neither"));
	/* Malformed lists: usage errors. */
	assert_int_equal(mc_dossier_papers_parse("1,,2", NULL, 4, f, &err), MC_EUSAGE);
	assert_int_equal(mc_dossier_papers_parse("1;2", NULL, 4, f, &err), MC_EUSAGE);
	assert_int_equal(mc_dossier_papers_parse("1,", NULL, 4, f, &err), MC_EUSAGE);
	assert_int_equal(mc_dossier_papers_parse("", NULL, 4, f, &err), MC_EUSAGE);
	assert_int_equal(mc_dossier_papers_parse("a", NULL, 4, f, &err), MC_EUSAGE);
}

/* The channel at intake (R7): stored, counter by default, checked. */
static void test_intake_channel(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = office_store(&t, "000.17.22.H56", "UBND xã Quảng Phú",
				   "code,name,field,agency,level,deadline,deadline_unit,fee,documents\n"
				   "1.004873,Cấp Giấy xác nhận,Hộ tịch,UBND cấp xã,Cấp xã,3,day,0,"
				   "Tờ khai\n");
	mc_error err = {0};
	mc_intake in = {.procedure_code = "1.004873", .name = "Nguyễn Văn An",
			.id_number = "034091002345", .phone = "0912345678", .user = "mai"};
	mc_dossier d, got;
	assert_int_equal(mc_dossier_intake(s, &in, &d, &err), MC_OK);
	assert_int_equal(mc_dossier_get(s, d.code, &got, &err), MC_OK);
	assert_string_equal(got.channel, "counter");
	assert_string_equal(got.accepted_at, got.received_at);
	assert_string_equal(got.statutory_due_at, got.due_at);
	in.channel = "post";
	assert_int_equal(mc_dossier_intake(s, &in, &d, &err), MC_OK);
	assert_int_equal(mc_dossier_get(s, d.code, &got, &err), MC_OK);
	assert_string_equal(got.channel, "post");
	in.channel = "email";
	assert_int_equal(mc_dossier_intake(s, &in, &d, &err), MC_EUSAGE);
	assert_non_null(strstr(err.msg, "channel \"email\" is not one of counter, online, post"));
	mc_store_close(s);
	tdir_remove(&t);
}

/* R16: a new office's holidays; appointments skip them; a year is
 * confirmed once nothing in it is proposed. */
static void test_holidays_at_init(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = office_store(&t, "000.17.22.H56", "UBND xã Quảng Phú",
				   "code,name,field,agency,level,deadline,deadline_unit,fee,documents\n"
				   "1.004873,Cấp Giấy xác nhận,Hộ tịch,UBND cấp xã,Cấp xã,3,day,0,"
				   "Tờ khai\n");
	mc_error err = {0};
	mc_holiday h[MC_HOLIDAYS_PROPOSE_MAX];
	bool proposed[MC_HOLIDAYS_PROPOSE_MAX];
	size_t n;
	bool confirmed = true;
	assert_int_equal(mc_holidays_year_confirmed(s, 2026, &confirmed, &err), MC_OK);
	assert_false(confirmed);   /* no table at all */
	assert_int_equal(mc_holidays_load_year(s, 2026, h, proposed, &n, &err), MC_OK);
	/* 1/1, Tết 16-20/2, Giỗ Tổ Sun 26/4 + Mon 27/4, 30/4, 1/5, 2/9 + 3/9. */
	assert_int_equal(n, 12);
	int fixed = 0;
	for (size_t i = 0; i < n; i++) {
		int y, m, d;
		mc_date_to_ymd(h[i].day, &y, &m, &d);
		bool law = (m == 1 && d == 1) || (m == 4 && d == 30) || (m == 5 && d == 1) ||
			   (m == 9 && d == 2);
		assert_int_equal(proposed[i], !law);
		fixed += law;
	}
	assert_int_equal(fixed, 4);
	assert_int_equal(mc_holidays_year_confirmed(s, 2026, &confirmed, &err), MC_OK);
	assert_false(confirmed);
	/* Tết is skipped: Fri 13 Feb 2026 10:00 + 3 working days = Wed 25 Feb
	 * (domain.md T9), not Wed 18 Feb in the middle of Tết. */
	setenv("MOTCUA_NOW", "2026-03-01 09:00", 1);
	mc_intake in = {.procedure_code = "1.004873", .name = "Nguyễn Văn An",
			.id_number = "034091002345", .phone = "0912345678", .user = "mai",
			.received_at = "2026-02-13 10:00"};
	mc_dossier d;
	assert_int_equal(mc_dossier_intake(s, &in, &d, &err), MC_OK);
	assert_string_equal(d.due_at, "2026-02-25 10:00");
	unsetenv("MOTCUA_NOW");
	/* A second load keeps what is there (an edited day stays edited). */
	mc_holiday edit = {.day = mc_date_from_ymd(2026, 9, 3), .kind = MC_DAY_OFF,
			   .note = "Quốc khánh (công bố)"};
	assert_int_equal(mc_holiday_add(s, &edit, &err), MC_OK);
	assert_int_equal(mc_holidays_load_year(s, 2026, h, proposed, &n, &err), MC_OK);
	mc_holiday *list;
	size_t nl;
	assert_int_equal(mc_holiday_list(s, edit.day, edit.day, &list, &nl, &err), MC_OK);
	assert_int_equal(nl, 1);
	assert_string_equal(list[0].note, "Quốc khánh (công bố)");
	free(list);
	int days = 0;
	assert_int_equal(mc_holidays_confirm(s, 2026, &days, &err), MC_OK);
	assert_int_equal(days, 12);
	assert_int_equal(mc_holidays_year_confirmed(s, 2026, &confirmed, &err), MC_OK);
	assert_true(confirmed);
	assert_int_equal(mc_holidays_year_confirmed(s, 2027, &confirmed, &err), MC_OK);
	assert_false(confirmed);
	mc_store_close(s);
	tdir_remove(&t);
}

static int count_cb(const mc_dossier *d, void *ctx)
{
	(void)d;
	(*(int *)ctx)++;
	return 0;
}

static int codes_cb(const mc_dossier *d, void *ctx)
{
	strcat(ctx, d->code + strlen(d->code) - 11);
	strcat(ctx, ";");
	return 0;
}

/* Any tail of a code finds it (all days' dossiers with that number, newest
 * first); Đ written as a look-alike (Ð U+00D0, Ɖ U+0189, ð) is found by "d",
 * also in names folded before (the schema step store_schema_dfold). */
static void test_find_tail_and_d_lookalikes(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_error err = {0};
	mc_dossier d;
	setenv("MOTCUA_NOW", "2026-12-30 09:00", 1);
	assert_int_equal(intake(s, "1.004873", "Tr\xe1\xba\xa7n V\xc4\x83n \xc3\x90\xe1\xbb\xa9\x63",
				"034091000001", "0912000001", NULL, &d, &err), MC_OK);
	setenv("MOTCUA_NOW", "2026-12-31 09:00", 1);
	assert_int_equal(intake(s, "1.004873", "\xc6\x89o\xc3\xa0n Th\xe1\xbb\x8b Hoa",
				"034091000002", "0912000002", NULL, &d, &err), MC_OK);
	assert_int_equal(intake(s, "1.004873", "L\xc3\xaa \xc3\xb0\xe1\xba\xa1i",
				"034091000003", "0912000003", NULL, &d, &err), MC_OK);
	char codes[256] = "";
	assert_int_equal(mc_dossier_find(s, "0001", 10, codes_cb, codes, &err), MC_OK);
	assert_string_equal(codes, "261231-0001;261230-0001;");
	codes[0] = '\0';
	assert_int_equal(mc_dossier_find(s, "261231-0002", 10, codes_cb, codes, &err), MC_OK);
	assert_string_equal(codes, "261231-0002;");
	codes[0] = '\0';
	assert_int_equal(mc_dossier_find(s, "duc", 10, codes_cb, codes, &err), MC_OK);
	assert_string_equal(codes, "261230-0001;");
	codes[0] = '\0';
	assert_int_equal(mc_dossier_find(s, "doan hoa", 10, codes_cb, codes, &err), MC_OK);
	assert_string_equal(codes, "261231-0001;");
	codes[0] = '\0';
	assert_int_equal(mc_dossier_find(s, "le dai", 10, codes_cb, codes, &err), MC_OK);
	assert_string_equal(codes, "261231-0002;");
	mc_store_close(s);
	/* A database folded before: the look-alike kept in the key. */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(t.db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE dossiers SET applicant_name_fold ="
				      " 'tran van \xc3\xb0uc' WHERE id_number = '034091000001'",
				      NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(mc_store_open(t.db, &s, &err), MC_OK);
	int n = 0;
	assert_int_equal(mc_dossier_find(s, "duc", 10, count_cb, &n, &err), MC_OK);
	assert_int_equal(n, 0);
	mc_store_close(s);
	assert_int_equal(sqlite3_exec(db, store_schema_dfold, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(mc_store_open(t.db, &s, &err), MC_OK);
	assert_int_equal(mc_dossier_find(s, "duc", 10, count_cb, &n, &err), MC_OK);
	assert_int_equal(n, 1);
	mc_store_close(s);
	unsetenv("MOTCUA_NOW");
	tdir_remove(&t);
}

/* Extra fields (a scanned card's address) keep their letters: only real
 * controls are refused. "Tỉnh" holds the byte 0x89 inside a letter, which
 * the first control check took for a C1 control (issue 15 meets issue 13). */
static void test_extra_letters_not_controls(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = office_store(&t, "000.17.22.H56", "UBND xã Quảng Phú",
				   "code,name,field,agency,level,deadline,deadline_unit,fee,documents\n"
				   "1.004873,Cấp Giấy xác nhận,Hộ tịch,UBND cấp xã,Cấp xã,3,day,0,"
				   "Tờ khai\n");
	mc_error err = {0};
	mc_intake in = {.procedure_code = "1.004873", .name = "Nguyễn Thị Thùy Dương",
			.id_number = "034091002345", .phone = "0912345678", .user = "mai",
			.extra_json = "{\"card_address\":\"Thôn 3, Xã Quảng Phú, Tỉnh Thanh Hóa\"}"};
	mc_dossier d;
	assert_int_equal(mc_dossier_intake(s, &in, &d, &err), MC_OK);
	assert_non_null(strstr(d.extra, "Tỉnh Thanh Hóa"));
	in.extra_json = "{\"note\":\"a\\u001b]0;x\"}";
	assert_int_equal(mc_dossier_intake(s, &in, &d, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "control character 0x1b"));
	in.extra_json = "{\"note\":\"a\xc2\x9b\"}";
	assert_int_equal(mc_dossier_intake(s, &in, &d, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "control character 0x9b"));
	mc_store_close(s);
	tdir_remove(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intake_code_due_and_history),
		cmocka_unit_test(test_intake_refuses_bad_input),
		cmocka_unit_test(test_find_folded_by_word_prefix),
		cmocka_unit_test(test_code_parse_t8),
		cmocka_unit_test(test_codes_unique_under_concurrency),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_known_citizen_and_most_used),
		cmocka_unit_test(test_catalog_ranked),
		cmocka_unit_test(test_find_tail_and_d_lookalikes),
		cmocka_unit_test(test_citizen_address_today),
		cmocka_unit_test(test_papers_parse),
		cmocka_unit_test(test_intake_channel),
		cmocka_unit_test(test_holidays_at_init),
		cmocka_unit_test(test_extra_letters_not_controls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
