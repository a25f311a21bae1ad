/*
 * Tests for the column helpers of src/core/text.c: the width of Vietnamese,
 * decomposed and wide text on a terminal, and table cells cut and padded by
 * columns (not bytes, as printf's %-20s does).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "motcua/text.h"

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(mc_text_width(""), 0);
	assert_int_equal(mc_text_width("Nguyen Van An"), 13);
	assert_int_equal(mc_text_width("Đỗ Văn Hùng"), 11);              /* 16 bytes */
	assert_int_equal(mc_text_width("Nguye\xcc\x82\xcc\x83n"), 6);    /* NFD: marks take none */
	assert_int_equal(mc_text_width("越南"), 4);                        /* wide */
	assert_int_equal(mc_text_width("a\xff" "b"), 3);                  /* a bad byte: one */
	assert_int_equal(mc_text_width("ab\xc3"), 3);                     /* cut short: one */
}

static void test_fit(void **state)
{
	(void)state;
	char b[128];
	/* Padded to the same column whatever the bytes. */
	assert_string_equal(mc_text_fit("Đỗ Văn Hùng", 14, b, sizeof b), "Đỗ Văn Hùng   ");
	assert_string_equal(mc_text_fit("Ngô Thị Mai Anh", 16, b, sizeof b), "Ngô Thị Mai Anh ");
	assert_int_equal(mc_text_width(mc_text_fit("Nguyễn Thị Thuỳ Dương", 30, b, sizeof b)), 30);
	/* Cut on whole characters, never inside one. */
	assert_string_equal(mc_text_fit("Nguyễn Thị Thuỳ Dương", 7, b, sizeof b), "Nguyễn ");
	assert_string_equal(mc_text_fit("Hùng", 2, b, sizeof b), "Hù");
	assert_string_equal(mc_text_fit("Nguye\xcc\x82\xcc\x83n", 5, b, sizeof b),
			    "Nguye\xcc\x82\xcc\x83");
	/* A wide character that would straddle the edge is left out. */
	assert_string_equal(mc_text_fit("a越南", 2, b, sizeof b), "a ");
	/* Empty, NULL and no columns. */
	assert_string_equal(mc_text_fit("", 3, b, sizeof b), "   ");
	assert_string_equal(mc_text_fit(NULL, 2, b, sizeof b), "  ");
	assert_string_equal(mc_text_fit("abc", 0, b, sizeof b), "");
	/* A small buffer: still a whole string, text cut to keep the padding. */
	char s[8];
	assert_string_equal(mc_text_fit("Đỗ Văn", 6, s, sizeof s), "Đ     ");
	assert_string_equal(mc_text_fit("abcdefghij", 20, s, sizeof s), "       ");
	memset(s, 'x', sizeof s);
	assert_string_equal(mc_text_fit("abc", 5, s, 1), "");
}

/* Vietnamese phone numbers: mobiles 10 digits 03/05/07/08/09, landlines
 * 11 digits 02, with +84; the reason for the rest. Optional papers. */
static void test_phone_and_papers(void **state)
{
	(void)state;
	char out[16];
	assert_int_equal(mc_text_phone_check("0912 345 678", out, sizeof out), MC_PHONE_OK);
	assert_string_equal(out, "0912345678");
	assert_int_equal(mc_text_phone_check("+84 387-654-321", out, sizeof out), MC_PHONE_OK);
	assert_string_equal(out, "0387654321");
	assert_int_equal(mc_text_phone_check("024.3942.4000", out, sizeof out), MC_PHONE_OK);
	assert_string_equal(out, "02439424000");
	assert_int_equal(mc_text_phone_check("091234567", out, sizeof out), MC_PHONE_LENGTH);
	assert_int_equal(mc_text_phone_check("09123456789", out, sizeof out), MC_PHONE_LENGTH);
	assert_int_equal(mc_text_phone_check("0243942400", out, sizeof out), MC_PHONE_LENGTH);
	assert_int_equal(mc_text_phone_check("0612345678", out, sizeof out), MC_PHONE_PREFIX);
	assert_int_equal(mc_text_phone_check("0123456789", out, sizeof out), MC_PHONE_PREFIX);
	assert_int_equal(mc_text_phone_check("912345678", out, sizeof out), MC_PHONE_PREFIX);
	assert_int_equal(mc_text_phone_check("0912a45678", out, sizeof out), MC_PHONE_CHARS);
	assert_false(mc_text_phone_normalize("", out, sizeof out));
	assert_true(mc_text_paper_optional("Biên bản trẻ bị bỏ rơi (nếu có)"));
	assert_true(mc_text_paper_optional("Văn bản ủy quyền (nếu ủy quyền)"));
	assert_false(mc_text_paper_optional("Giấy chứng sinh"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_phone_and_papers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
