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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_fit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
