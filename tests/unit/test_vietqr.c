/* VietQR payloads against published examples, CRC included. */
#include "testutil.h"

#include "motcua/vietqr.h"

/* The CRC catalogue's check value: CRC-16/CCITT-FALSE (a.k.a.
 * CRC-16/IBM-3740) of "123456789" is 0x29B1 (Greg Cook, "Catalogue of
 * parametrised CRC algorithms", reveng.sourceforge.io/crc-catalogue). */
static void test_crc_check_value(void **state)
{
	(void)state;
	assert_int_equal(mc_crc16_ccitt_false("123456789", 9), 0x29B1);
}

/* Published in the README of github.com/thanhtinhpas1/vietqr-parser
 * (pkg.go.dev/github.com/thanhtinhpas1/vietqr-parser, "Examples for build
 * basic QR Code": Vietcombank BIN 970436, account 0881000458086). That
 * library writes "00" as the payload format indicator, so only its CRC
 * is checked here, not our builder's output. */
static void test_published_crc_vietqr_parser(void **state)
{
	(void)state;
	const char *p = "00020001021238570010A00000072701270006970436011308810004580860208QRIBFTTA"
			"53037045802VN6304CD60";
	assert_true(mc_vietqr_crc_ok(p));
	assert_int_equal(mc_crc16_ccitt_false(p, strlen(p) - 4), 0xCD60);
}

/* Published on pub.dev/documentation/vietqr_generator/latest (the example
 * of QrPay.vietQR: BIN 970407, account 0386577672, purpose "henry an cut",
 * amount 1000000; that library marks it static, "010211"). Our builder,
 * asked for a static code, gives the same string, CRC A322 included. */
static void test_published_vietqr_generator(void **state)
{
	(void)state;
	char out[MC_VIETQR_MAX];
	mc_error err = {0};
	assert_int_equal(mc_vietqr_payload("970407", "0386577672", 1000000, "henry an cut", false,
					   out, &err), MC_OK);
	assert_string_equal(out, "00020101021138540010A00000072701240006970407011003865776720208"
				 "QRIBFTTA5303704540710000005802VN62160812henry an cut6304A322");
	assert_true(mc_vietqr_crc_ok(out));
}

/* The merchant-account block published in the README of
 * github.com/giautm/sgqr-go ("VietQR - Merchant Account Information (ID
 * 38)": "3856" "0010A000000727" "012600069704150112113366668888"
 * "0208QRIBFTTA" for BIN 970415, account 113366668888). */
static void test_published_sgqr_block(void **state)
{
	(void)state;
	char out[MC_VIETQR_MAX];
	mc_error err = {0};
	assert_int_equal(mc_vietqr_payload("970415", "113366668888", 79000, "", true, out,
					   &err), MC_OK);
	assert_non_null(strstr(out, "38560010A000000727012600069704150112113366668888"
				    "0208QRIBFTTA"));
	assert_non_null(strstr(out, "540579000"));
	assert_true(mc_vietqr_crc_ok(out));
	assert_memory_equal(out, "000201010212", 12);     /* dynamic */
	/* No amount: a static code, no field 54. */
	assert_int_equal(mc_vietqr_payload("970415", "113366668888", 0, "", false, out, &err),
			 MC_OK);
	assert_memory_equal(out, "000201010211", 12);
	assert_null(strstr(out, "5405"));
}

static void test_bad_values_and_office(void **state)
{
	(void)state;
	char out[MC_VIETQR_MAX];
	mc_error err = {0};
	assert_int_equal(mc_vietqr_payload("97040", "123", 1, "", true, out, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "bank.bin"));
	assert_int_equal(mc_vietqr_payload("970407", "12 3", 1, "", true, out, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "bank.account"));
	assert_int_equal(mc_vietqr_payload("970407", "123", 1, "Lệ phí", true, out, &err), MC_EDATA);
	assert_int_equal(mc_vietqr_payload("970407", "123", 1, "12345678901234567890123456", true,
					   out,
					   &err), MC_EDATA);
	/* A corrupted payload fails its CRC. */
	assert_int_equal(mc_vietqr_payload("970407", "0386577672", 5000, "X", true, out, &err),
			 MC_OK);
	out[30] = out[30] == '1' ? '2' : '1';
	assert_false(mc_vietqr_crc_ok(out));
	/* The office's account from the settings; the dossier code as the note. */
	struct tdir t;
	tdir_make(&t);
	mc_store *s = open_store(t.db);
	char name[128];
	assert_int_equal(mc_vietqr_office(s, 5000, "000.17.22.H56-260302-0001", out, name,
					  sizeof name, &err), MC_EEMPTY);
	assert_int_equal(mc_store_setting_set(s, "bank.bin", "970415", &err), MC_OK);
	assert_int_equal(mc_store_setting_set(s, "bank.account", "113366668888", &err), MC_OK);
	assert_int_equal(mc_store_setting_set(s, "bank.account_name", "UBND XA QUANG PHU", &err),
			 MC_OK);
	assert_int_equal(mc_vietqr_office(s, 5000, "000.17.22.H56-260302-0001", out, name,
					  sizeof name, &err), MC_OK);
	assert_string_equal(name, "UBND XA QUANG PHU");
	assert_non_null(strstr(out, "62290825000.17.22.H56-260302-0001"));
	assert_true(mc_vietqr_crc_ok(out));
	mc_store_close(s);
	tdir_remove(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc_check_value),
		cmocka_unit_test(test_published_crc_vietqr_parser),
		cmocka_unit_test(test_published_vietqr_generator),
		cmocka_unit_test(test_published_sgqr_block),
		cmocka_unit_test(test_bad_values_and_office),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
