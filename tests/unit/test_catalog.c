/* Catalog import: good, bad and repeated files; search without diacritics. */
#include "testutil.h"

#include "motcua/catalog.h"

#ifndef TEST_DATA_DIR
#error "TEST_DATA_DIR must point at tests/data"
#endif

static int count_cb(const mc_procedure *p, void *ctx)
{
	(void)p;
	(*(int *)ctx)++;
	return 0;
}

static int list_count(mc_store *s, const char *q)
{
	int n = 0;
	mc_error err = {0};
	assert_int_equal(mc_catalog_list(s, q, count_cb, &n, &err), MC_OK);
	return n;
}

static void test_import_good_then_repeat(void **state)
{
	(void)state;
	struct tdir t;
	tdir_make(&t);
	mc_store *s = open_store(t.db);
	mc_error err = {0};
	mc_import_stats st;
	assert_int_equal(mc_catalog_import(s, TEST_DATA_DIR "/catalog-small.csv", NULL, &st, &err),
			 MC_OK);
	assert_int_equal(st.rows, 5);
	assert_int_equal(st.added, 5);
	assert_int_equal(list_count(s, NULL), 5);
	/* Same file again: nothing changes. */
	assert_int_equal(mc_catalog_import(s, TEST_DATA_DIR "/catalog-small.csv", NULL, &st, &err),
			 MC_OK);
	assert_int_equal(st.added, 0);
	assert_int_equal(st.updated, 0);
	assert_int_equal(st.unchanged, 5);
	/* v2: one fee changed, one document list changed, one new row. */
	assert_int_equal(mc_catalog_import(s, TEST_DATA_DIR "/catalog-small-v2.csv", NULL, &st,
					   &err), MC_OK);
	assert_int_equal(st.added, 1);
	assert_int_equal(st.updated, 2);
	assert_int_equal(st.unchanged, 3);
	mc_procedure p;
	assert_int_equal(mc_catalog_get(s, "1.001612", &p, &err), MC_OK);
	assert_int_equal(p.fee, 50000);
	assert_int_equal(list_count(s, NULL), 6);
	mc_store_close(s);
	tdir_remove(&t);
}

static void test_bad_file_refused_whole(void **state)
{
	(void)state;
	struct tdir t;
	tdir_make(&t);
	mc_store *s = open_store(t.db);
	mc_error err = {0};
	mc_import_stats st;
	assert_int_equal(mc_catalog_import(s, TEST_DATA_DIR "/catalog-bad.csv", NULL, &st, &err),
			 MC_EDATA);
	assert_non_null(strstr(err.msg, "catalog-bad.csv:4:"));
	assert_non_null(strstr(err.msg, "deadline"));
	/* The good rows before the bad one were not imported either. */
	assert_int_equal(list_count(s, NULL), 0);
	mc_store_close(s);
	tdir_remove(&t);
}

static void expect_error(struct tdir *t, mc_store *s, const char *csv, const char *where,
			 const char *what)
{
	char path[300];
	tdir_write(t, "x.csv", csv, path, sizeof path);
	mc_error err = {0};
	mc_import_stats st;
	assert_int_equal(mc_catalog_import(s, path, NULL, &st, &err), MC_EDATA);
	if (!strstr(err.msg, where) || !strstr(err.msg, what))
		fail_msg("expected \"%s\" and \"%s\" in: %s", where, what, err.msg);
}

#define HEAD "code,name,field,agency,level,deadline,deadline_unit,fee,documents\n"
#define GOOD "1.001193,Đăng ký khai sinh,Hộ tịch,UBND cấp xã,Cấp xã,0,day,0,Tờ khai|Giấy chứng sinh\n"

static void test_each_fault_named(void **state)
{
	(void)state;
	struct tdir t;
	tdir_make(&t);
	mc_store *s = open_store(t.db);
	expect_error(&t, s, HEAD GOOD "1.000894,Kết hôn,Hộ tịch,UBND,Cấp xã,3,week,0,Tờ khai\n",
		     "x.csv:3:", "deadline_unit \"week\"");
	expect_error(&t, s, HEAD GOOD GOOD, "x.csv:3:", "appears twice");
	expect_error(&t, s, HEAD "1.0008,Kết hôn,Hộ tịch,UBND,Cấp xã,3,day,0,Tờ khai\n",
		     "x.csv:2:", "national procedure code");
	expect_error(&t, s, HEAD "1.000894,Kết hôn,Hộ tịch,UBND,Cấp xã,3,day,abc,Tờ khai\n",
		     "x.csv:2:", "fee \"abc\"");
	expect_error(&t, s, HEAD "1.000894,,Hộ tịch,UBND,Cấp xã,3,day,0,Tờ khai\n",
		     "x.csv:2:", "column name is empty");
	expect_error(&t, s, HEAD "1.000894,Kết hôn,Hộ tịch,UBND,Cấp xã,3,day,0\n",
		     "x.csv:2:", "columns");
	expect_error(&t, s, "code,name\n1.000894,x\n", "x.csv:1:", "no column \"field\"");
	expect_error(&t, s, HEAD "1.000894,\"Kết hôn,Hộ tịch,UBND,Cấp xã,3,day,0,x\n",
		     "x.csv", "never closed");
	expect_error(&t, s, HEAD "1.000894,K\xe1t,Hộ tịch,UBND,Cấp xã,3,day,0,x\n",
		     "x.csv:2:", "invalid UTF-8 at byte offset 1");
	expect_error(&t, s, "", "x.csv:1:", "empty");
	assert_int_equal(list_count(s, NULL), 0);
	mc_store_close(s);
	tdir_remove(&t);
}

static void test_quoting_fractions_and_nfd(void **state)
{
	(void)state;
	struct tdir t;
	tdir_make(&t);
	mc_store *s = open_store(t.db);
	char path[300];
	/* NFD name (decomposed marks) is stored NFC; quoted comma kept; 2.5 days. */
	tdir_write(&t, "q.csv", HEAD "2.000908,\"Chứng thực bản sao từ bản chính, giấy tờ\","
		   "Chu\xcc\x9b\xcc\x81ng thu\xcc\x9b\xcc\xa3" "c,UBND,Cấp xã,2.5,hour,2000,\"Bản chính\"\"A\"\"|Bản sao\"\r\n",
		   path, sizeof path);
	mc_error err = {0};
	mc_import_stats st;
	assert_int_equal(mc_catalog_import(s, path, NULL, &st, &err), MC_OK);
	mc_procedure p;
	assert_int_equal(mc_catalog_get(s, "2.000908", &p, &err), MC_OK);
	assert_string_equal(p.name, "Chứng thực bản sao từ bản chính, giấy tờ");
	assert_string_equal(p.field, "Chứng thực");
	assert_true(p.deadline == 2.5);
	assert_int_equal(p.unit, MC_UNIT_HOUR);
	assert_int_equal(p.ndocuments, 2);
	assert_string_equal(p.documents[0], "Bản chính\"A\"");
	mc_store_close(s);
	tdir_remove(&t);
}

static void test_search_without_diacritics(void **state)
{
	(void)state;
	struct tdir t;
	tdir_make(&t);
	mc_store *s = open_store(t.db);
	mc_error err = {0};
	mc_import_stats st;
	assert_int_equal(mc_catalog_import(s, TEST_DATA_DIR "/../../data/catalog-sample.csv", NULL,
					   &st, &err), MC_OK);
	assert_true(st.rows >= 60);
	assert_int_equal(list_count(s, "dang ky khai sinh") >= 1, 1);
	assert_int_equal(list_count(s, "ĐĂNG KÝ KẾT HÔN") >= 1, 1);
	assert_int_equal(list_count(s, "1.001193"), 1);
	assert_int_equal(list_count(s, "xyzzy"), 0);
	int all = list_count(s, NULL);
	assert_int_equal(list_count(s, "   "), all);
	mc_store_close(s);
	tdir_remove(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_import_good_then_repeat),
		cmocka_unit_test(test_bad_file_refused_whole),
		cmocka_unit_test(test_each_fault_named),
		cmocka_unit_test(test_quoting_fractions_and_nfd),
		cmocka_unit_test(test_search_without_diacritics),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
