/*
 * Tests for the CCCD QR-line parser (src/core/cccd.c). The lines are shaped
 * like real scans (field order, date format, address style of old and 2025
 * administrative units) but every person in them is invented.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/cccd.h"

/* Parse a line that must be accepted; fails the test with the message if not. */
static mc_cccd parse_ok(const char *line)
{
	mc_cccd c;
	mc_error err = { 0 };
	mc_status st = mc_cccd_parse(line, &c, &err);
	if (st != MC_OK)
		fail_msg("rejected \"%s\": %s", line, err.msg);
	return c;
}

/* Parse a line that must be refused with MC_EDATA and a message containing
 * want; returns nothing, the message is checked here. */
static void parse_fails(const char *line, const char *want)
{
	mc_cccd c;
	memset(&c, 0x5a, sizeof c);
	mc_error err = { 0 };
	assert_int_equal(mc_cccd_parse(line, &c, &err), MC_EDATA);
	assert_int_equal(err.code, MC_EDATA);
	if (!strstr(err.msg, want))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, want);
	/* out is left untouched on failure */
	assert_int_equal(((unsigned char *)&c)[0], 0x5a);
	assert_int_equal(((unsigned char *)&c)[sizeof c - 1], 0x5a);
}

static void test_full_line_nine_digit_old_id(void **state)
{
	(void)state;
	mc_cccd c = parse_ok("001089012345|012345678|Nguyễn Văn Đức|15041989|Nam|"
			     "Số 12 ngõ 34 phố Hào Nam, Ô Chợ Dừa, Đống Đa, Hà Nội|20062021");
	assert_string_equal(c.id_number, "001089012345");
	assert_string_equal(c.old_id_number, "012345678");
	assert_string_equal(c.name, "Nguyễn Văn Đức");
	assert_string_equal(c.birth_date, "1989-04-15");
	assert_string_equal(c.sex, "Nam");
	assert_string_equal(c.address, "Số 12 ngõ 34 phố Hào Nam, Ô Chợ Dừa, Đống Đa, Hà Nội");
	assert_string_equal(c.issue_date, "2021-06-20");
}

static void test_empty_old_id(void **state)
{
	(void)state;
	mc_cccd c = parse_ok("079301004567||Trần Thị Mỹ Duyên|03112001|Nữ|"
			     "456/12 Lê Văn Sỹ, Phường 14, Quận 3, TP. Hồ Chí Minh|10082022");
	assert_string_equal(c.id_number, "079301004567");
	assert_string_equal(c.old_id_number, "");
	assert_string_equal(c.name, "Trần Thị Mỹ Duyên");
	assert_string_equal(c.birth_date, "2001-11-03");
	assert_string_equal(c.sex, "Nữ");
	assert_string_equal(c.issue_date, "2022-08-10");
}

static void test_twelve_digit_old_id(void **state)
{
	(void)state;
	mc_cccd c = parse_ok("038195007788|038195001122|Lê Thị Hồng Nhung|21071995|Nữ|"
			     "Thôn Đông, Xã Quảng Phú, Huyện Quảng Xương, Thanh Hóa|05042021");
	assert_string_equal(c.old_id_number, "038195001122");
	assert_string_equal(c.birth_date, "1995-07-21");
}

static void test_names_with_every_tone_and_d(void **state)
{
	(void)state;
	static const char *const names[] = {
		"Đặng Thị Ngọc Hưởng", "Nguyễn Văn Đức", "Lê Hoàng Ỷ",
		"Phạm Thị Ánh Tuyết", "Vũ Đình Khiêm", "Hồ Sĩ Quỳnh",
		"Ngô Thị Lụa", "Bùi Xuân Trường", "Đỗ Thùy Dương",
		"Trịnh Công Sơn Ẩn", "H'Hen Niê", "Lò Văn Pẻng",
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char line[512];
		snprintf(line, sizeof line, "040090001234|186000111|%s|01011990|Nam|"
			 "Xóm 3, Xã Nghi Phong, Nghi Lộc, Nghệ An|12122021", names[i]);
		mc_cccd c = parse_ok(line);
		assert_string_equal(c.name, names[i]);
	}
}

static void test_address_with_commas(void **state)
{
	(void)state;
	mc_cccd c = parse_ok("014185000321|050123456|Cầm Thị Xuân|09091985|Nữ|"
			     "Tổ 5, Phường Chiềng Lề, Thành phố Sơn La, Sơn La|25032021");
	assert_string_equal(c.address, "Tổ 5, Phường Chiềng Lề, Thành phố Sơn La, Sơn La");
}

static void test_can_cuoc_2024_new_units(void **state)
{
	(void)state;
	/* 2024 "thẻ căn cước": same layout, residence written with 2025 units. */
	mc_cccd c = parse_ok("001204009876||Hoàng Minh Khôi|14022004|Nam|"
			     "Số 8 Hàng Bài, Phường Hoàn Kiếm, Thành phố Hà Nội|15072025");
	assert_string_equal(c.address, "Số 8 Hàng Bài, Phường Hoàn Kiếm, Thành phố Hà Nội");
	assert_string_equal(c.issue_date, "2025-07-15");
}

static void test_missing_issue_date(void **state)
{
	(void)state;
	mc_cccd c = parse_ok("036092003456|163222333|Phan Văn Lợi|30121992|Nam|"
			     "Xã Hải Hậu, Tỉnh Ninh Bình");
	assert_string_equal(c.issue_date, "");
	assert_string_equal(c.address, "Xã Hải Hậu, Tỉnh Ninh Bình");
	c = parse_ok("036092003456|163222333|Phan Văn Lợi|30121992|Nam|Xã Hải Hậu, Tỉnh Ninh Bình|");
	assert_string_equal(c.issue_date, "");
}

static void test_extra_trailing_fields(void **state)
{
	(void)state;
	mc_cccd c = parse_ok("048088001111|201555666|Trương Thị Bích|07081988|Nữ|"
			     "Phường Hải Châu, Thành phố Đà Nẵng|01082024|Trương Văn Bảo|Lê Thị Hoa");
	assert_string_equal(c.name, "Trương Thị Bích");
	assert_string_equal(c.issue_date, "2024-08-01");
	c = parse_ok("048088001111||Trương Thị Bích|07081988|Nữ|Phường Hải Châu, Thành phố Đà Nẵng|01082024|||");
	assert_string_equal(c.issue_date, "2024-08-01");
	/* No issue date but extra fields after the empty one. */
	c = parse_ok("048088001111||Trương Thị Bích|07081988|Nữ|Phường Hải Châu, Thành phố Đà Nẵng||x");
	assert_string_equal(c.issue_date, "");
}

static void test_crlf_and_spaces(void **state)
{
	(void)state;
	mc_cccd c = parse_ok("  026190004321|135000999|Kiều Thị Thu|11111990|Nữ|"
			     "Phường Vĩnh Yên, Tỉnh Phú Thọ|02022022\r\n");
	assert_string_equal(c.id_number, "026190004321");
	assert_string_equal(c.issue_date, "2022-02-02");
	c = parse_ok("026190004321 | 135000999 |  Kiều   Thị Thu | 11111990 | Nữ |"
		     " Phường Vĩnh Yên,  Tỉnh Phú Thọ | 02022022 \n");
	assert_string_equal(c.old_id_number, "135000999");
	assert_string_equal(c.name, "Kiều Thị Thu");
	assert_string_equal(c.birth_date, "1990-11-11");
	assert_string_equal(c.sex, "Nữ");
	assert_string_equal(c.address, "Phường Vĩnh Yên, Tỉnh Phú Thọ");
	c = parse_ok("\t026190004321||Kiều Thị Thu|11111990|Nữ|Phú Thọ\r");
	assert_string_equal(c.name, "Kiều Thị Thu");
	assert_string_equal(c.address, "Phú Thọ");
	assert_string_equal(c.issue_date, "");
}

static void test_nfd_input_gives_nfc(void **state)
{
	(void)state;
	mc_cccd c = parse_ok("014190002222||"
			     "\xc4\x90" "a\xcc\xa3\xcc\x86ng Thi\xcc\xa3 Ngo\xcc\xa3"
			     "c Hu\xcc\x9bo\xcc\x9b\xcc\x89ng|05051990|Nu\xcc\x9b\xcc\x83|"
			     "To\xcc\x82\xcc\x89 5, Phu\xcc\x9bo\xcc\x9b\xcc\x80ng Chie\xcc\x82"
			     "\xcc\x80ng Le\xcc\x82\xcc\x80, Tha\xcc\x80nh pho\xcc\x82\xcc\x81 "
			     "So\xcc\x9bn La, So\xcc\x9bn La|06062021");
	assert_string_equal(c.name, "Đặng Thị Ngọc Hưởng");
	assert_string_equal(c.sex, "Nữ");
	assert_string_equal(c.address, "Tổ 5, Phường Chiềng Lề, Thành phố Sơn La, Sơn La");
	/* "tổ hợp": precomposed ư followed by a combining tilde */
	c = parse_ok("014190002222||Lê Thị Na|05051990|N\xc6\xb0\xcc\x83|Sơn La|06062021");
	assert_string_equal(c.sex, "Nữ");
}

static void test_sex_spellings(void **state)
{
	(void)state;
	static const struct { const char *in, *out; } cases[] = {
		{ "Nam", "Nam" }, { "NAM", "Nam" }, { "nam", "Nam" }, { "nAm", "Nam" },
		{ "Nữ", "Nữ" }, { "NỮ", "Nữ" }, { "nữ", "Nữ" }, { "nỮ", "Nữ" },
		{ "Nu", "Nữ" }, { "NU", "Nữ" }, { "nu", "Nữ" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char line[256];
		snprintf(line, sizeof line, "031085001212||Đào Thị Hạnh|12121985|%s|Hải Phòng|",
			 cases[i].in);
		mc_cccd c = parse_ok(line);
		assert_string_equal(c.sex, cases[i].out);
	}
	parse_fails("031085001212||Đào Thị Hạnh|12121985|Khác|Hải Phòng|",
		    "field 5 (sex): expected \"Nam\" or \"Nữ\", got \"Khác\"");
	parse_fails("031085001212||Đào Thị Hạnh|12121985|Nú|Hải Phòng|", "field 5 (sex)");
	parse_fails("031085001212||Đào Thị Hạnh|12121985||Hải Phòng|", "field 5 (sex)");
}

static void test_bad_id_number(void **state)
{
	(void)state;
	parse_fails("03409100234||Nguyễn Thị An|01012000|Nữ|Thái Bình|01012021",
		    "field 1 (ID number): expected 12 digits, got \"03409100234\"");
	parse_fails("0340910023A4||Nguyễn Thị An|01012000|Nữ|Thái Bình|01012021",
		    "field 1 (ID number): expected 12 digits, got \"0340910023A4\"");
	parse_fails("0340910023456||Nguyễn Thị An|01012000|Nữ|Thái Bình|01012021",
		    "field 1 (ID number)");
	parse_fails("||Nguyễn Thị An|01012000|Nữ|Thái Bình|01012021", "field 1 (ID number)");
}

static void test_bad_old_id(void **state)
{
	(void)state;
	parse_fails("034091002345|1520001234|Nguyễn Thị An|01012000|Nữ|Thái Bình|01012021",
		    "field 2 (old ID number): expected empty, 9 or 12 digits, got \"1520001234\"");
	parse_fails("034091002345|15200012X|Nguyễn Thị An|01012000|Nữ|Thái Bình|01012021",
		    "field 2 (old ID number)");
}

static void test_bad_birth_date(void **state)
{
	(void)state;
	parse_fails("034091002345||Nguyễn Thị An|31022001|Nữ|Thái Bình|01012021",
		    "field 4 (birth date): 31022001 is not a date");
	parse_fails("034091002345||Nguyễn Thị An|29022001|Nữ|Thái Bình|01012021",
		    "field 4 (birth date): 29022001 is not a date");
	parse_fails("034091002345||Nguyễn Thị An|29021900|Nữ|Thái Bình|01012021",
		    "field 4 (birth date): 29021900 is not a date");
	parse_fails("034091002345||Nguyễn Thị An|15132001|Nữ|Thái Bình|01012021",
		    "field 4 (birth date): 15132001 is not a date");
	parse_fails("034091002345||Nguyễn Thị An|00012001|Nữ|Thái Bình|01012021",
		    "field 4 (birth date): 00012001 is not a date");
	parse_fails("034091002345||Nguyễn Thị An|31042001|Nữ|Thái Bình|01012021",
		    "field 4 (birth date): 31042001 is not a date");
	parse_fails("034091002345||Nguyễn Thị An|1/2/2001|Nữ|Thái Bình|01012021",
		    "field 4 (birth date): expected ddmmyyyy (8 digits), got \"1/2/2001\"");
	parse_fails("034091002345||Nguyễn Thị An|01011899|Nữ|Thái Bình|01012021",
		    "field 4 (birth date): 01011899: year 1899 is outside 1900-2099");
	parse_fails("034091002345||Nguyễn Thị An||Nữ|Thái Bình|01012021",
		    "field 4 (birth date): expected ddmmyyyy");
}

static void test_leap_days(void **state)
{
	(void)state;
	mc_cccd c = parse_ok("034000002345||Nguyễn Thị An|29022000|Nữ|Thái Bình|29022024");
	assert_string_equal(c.birth_date, "2000-02-29");
	assert_string_equal(c.issue_date, "2024-02-29");
	c = parse_ok("034000002345||Nguyễn Thị An|31121999|Nữ|Thái Bình|31122099");
	assert_string_equal(c.birth_date, "1999-12-31");
	parse_fails("034000002345||Nguyễn Thị An|28022000|Nữ|Thái Bình|29022023",
		    "field 7 (issue date): 29022023 is not a date");
}

static void test_issue_date_checks(void **state)
{
	(void)state;
	parse_fails("034000002345||Nguyễn Thị An|15062005|Nữ|Thái Bình|14062005",
		    "field 7 (issue date): 14062005 is before the birth date 15062005");
	parse_fails("034000002345||Nguyễn Thị An|15062005|Nữ|Thái Bình|2021-06-01",
		    "field 7 (issue date): expected ddmmyyyy (8 digits)");
	/* Same day is allowed (a newborn's card). */
	mc_cccd c = parse_ok("034000002345||Nguyễn Thị An|15062005|Nữ|Thái Bình|15062005");
	assert_string_equal(c.issue_date, "2005-06-15");
}

static void test_too_few_fields(void **state)
{
	(void)state;
	parse_fails("034091002345",
		    "field 2 (old ID number): missing; the line has only 1 field,");
	parse_fails("034091002345||Nguyễn Thị An|01012000|Nữ",
		    "field 6 (address): missing; the line has only 5 fields");
	parse_fails("", "empty line");
	parse_fails(" \r\n", "empty line");
}

static void test_bad_name(void **state)
{
	(void)state;
	parse_fails("034091002345|||01012000|Nữ|Thái Bình|01012021", "field 3 (name): empty");
	parse_fails("034091002345||   |01012000|Nữ|Thái Bình|01012021", "field 3 (name): empty");
	parse_fails("034091002345||Nguyễn Thị 4n|01012000|Nữ|Thái Bình|01012021",
		    "field 3 (name): a name has no digits, got \"Nguyễn Thị 4n\"");
}

static void test_bad_address(void **state)
{
	(void)state;
	parse_fails("034091002345||Nguyễn Thị An|01012000|Nữ||01012021", "field 6 (address): empty");
}

/* Build a line whose field `which` (3 name, 6 address) is `bytes` long. */
static void long_field_line(char *line, size_t sz, int which, size_t bytes)
{
	char big[400];
	memset(big, 'a', bytes);
	big[bytes] = '\0';
	snprintf(line, sz, "034091002345||%s|01012000|Nữ|%s|01012021",
		 which == 3 ? big : "Nguyễn Thị An", which == 6 ? big : "Thái Bình");
}

static void test_too_long_fields(void **state)
{
	(void)state;
	char line[1024];
	long_field_line(line, sizeof line, 3, 127);
	mc_cccd c = parse_ok(line);
	assert_int_equal(strlen(c.name), 127);
	long_field_line(line, sizeof line, 3, 128);
	parse_fails(line, "field 3 (name): too long (128 bytes, at most 127)");
	long_field_line(line, sizeof line, 6, 255);
	c = parse_ok(line);
	assert_int_equal(strlen(c.address), 255);
	long_field_line(line, sizeof line, 6, 300);
	parse_fails(line, "field 6 (address): too long (300 bytes, at most 255)");
	/* a long bad value is shortened in the message, on a character boundary */
	parse_fails("034091002345||Nguyễn Thị An|01012000|Nữ|Thái Bình|"
		    "đđđđđđđđđđđđđđđđđđđđđđđđđđđđđđđđđđđ",
		    "got \"đđđđđđđđđđđđđđđđđđđđ...\"");
}

static void test_invalid_utf8_and_control(void **state)
{
	(void)state;
	/* byte 17 is a cut-short lead byte of a 3-byte sequence, inside the name */
	parse_fails("034091002345||Ngu\xe1\xbb n Thị An|01012000|Nữ|Thái Bình|01012021",
		    "field 3 (name): invalid UTF-8 at byte offset 17");
	parse_fails("034091002345||Nguyễn Thị An|01012000|Nữ|Thái B\xff" "nh|01012021",
		    "field 6 (address): invalid UTF-8 at byte offset 53");
	parse_fails("034091002345||Nguyễn Thị An|01012000|N\xe1\xbb|Thái Bình|01012021",
		    "field 5 (sex): invalid UTF-8 at byte offset 42");
	parse_fails("0340910\x01" "02345||Nguyễn Thị An|01012000|Nữ|Thái Bình|01012021",
		    "field 1 (ID number): control character 0x01 at byte offset 7");
	/* two scans run together: the newline in the middle is refused */
	parse_fails("034091002345||Nguyễn Thị An|01012000|Nữ|Thái Bình|01012021\n"
		    "034091002345||Nguyễn Thị An|01012000|Nữ|Thái Bình|01012021",
		    "field 7 (issue date): control character 0x0a at byte offset 66");
}

static void test_usage_errors(void **state)
{
	(void)state;
	mc_cccd c;
	mc_error err = { 0 };
	assert_int_equal(mc_cccd_parse(NULL, &c, &err), MC_EUSAGE);
	assert_int_equal(mc_cccd_parse("x", NULL, &err), MC_EUSAGE);
	/* err may be NULL */
	assert_int_equal(mc_cccd_parse("03409100234||A|01012000|Nam|B|", &c, NULL), MC_EDATA);
	assert_int_equal(mc_cccd_parse("034091002345||A\xff|01012000|Nam|B|", &c, NULL), MC_EDATA);
	assert_int_equal(mc_cccd_parse("034091002345||A|01012000|Nam|B|", &c, NULL), MC_OK);
}

static void test_looks_like(void **state)
{
	(void)state;
	assert_true(mc_cccd_looks_like("001089012345|012345678|Nguyễn Văn Đức|15041989|Nam|"
				       "Hà Nội|20062021"));
	assert_true(mc_cccd_looks_like("001089012345||Nguyễn Văn Đức|15041989|Nam"));
	assert_true(mc_cccd_looks_like("  001089012345 ||x|y|z\r\n"));
	/* it is cheap: bad dates are parse's business */
	assert_true(mc_cccd_looks_like("001089012345||||"));
	assert_false(mc_cccd_looks_like(NULL));
	assert_false(mc_cccd_looks_like(""));
	assert_false(mc_cccd_looks_like("001089012345"));
	assert_false(mc_cccd_looks_like("001089012345|012345678|Nguyễn Văn Đức|15041989"));
	assert_false(mc_cccd_looks_like("00108901234|012345678|Nguyễn Văn Đức|15041989|Nam|HN"));
	assert_false(mc_cccd_looks_like("0010890123456|012345678|Nguyễn Văn Đức|15041989|Nam|HN"));
	assert_false(mc_cccd_looks_like("00108901234A|012345678|Nguyễn Văn Đức|15041989|Nam|HN"));
	assert_false(mc_cccd_looks_like("Nguyễn Văn Đức"));
	assert_false(mc_cccd_looks_like("0912 345 678"));
}

/* Run write_json into a malloc'd string (caller frees). */
static char *json_of(const mc_cccd *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	mc_cccd_write_json(c, f);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void test_json(void **state)
{
	(void)state;
	mc_cccd c = parse_ok("079301004567||Trần Thị \"Bé\" Duyên|03112001|Nữ|"
			     "12 \"Lô B\", Phường Bến Thành, TP. Hồ Chí Minh|");
	char *j = json_of(&c);
	assert_string_equal(j,
		"{\"id_number\":\"079301004567\",\"old_id_number\":\"\","
		"\"name\":\"Trần Thị \\\"Bé\\\" Duyên\",\"birth_date\":\"2001-11-03\","
		"\"sex\":\"Nữ\",\"address\":\"12 \\\"Lô B\\\", Phường Bến Thành, "
		"TP. Hồ Chí Minh\",\"issue_date\":\"\"}\n");
	free(j);

	mc_cccd d;
	memset(&d, 0, sizeof d);
	strcpy(d.id_number, "001089012345");
	strcpy(d.name, "Back\\slash");
	strcpy(d.address, "Tab\there\x01");
	j = json_of(&d);
	assert_non_null(strstr(j, "\"name\":\"Back\\\\slash\""));
	assert_non_null(strstr(j, "\"address\":\"Tab\\there\\u0001\""));
	free(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_line_nine_digit_old_id),
		cmocka_unit_test(test_empty_old_id),
		cmocka_unit_test(test_twelve_digit_old_id),
		cmocka_unit_test(test_names_with_every_tone_and_d),
		cmocka_unit_test(test_address_with_commas),
		cmocka_unit_test(test_can_cuoc_2024_new_units),
		cmocka_unit_test(test_missing_issue_date),
		cmocka_unit_test(test_extra_trailing_fields),
		cmocka_unit_test(test_crlf_and_spaces),
		cmocka_unit_test(test_nfd_input_gives_nfc),
		cmocka_unit_test(test_sex_spellings),
		cmocka_unit_test(test_bad_id_number),
		cmocka_unit_test(test_bad_old_id),
		cmocka_unit_test(test_bad_birth_date),
		cmocka_unit_test(test_leap_days),
		cmocka_unit_test(test_issue_date_checks),
		cmocka_unit_test(test_too_few_fields),
		cmocka_unit_test(test_bad_name),
		cmocka_unit_test(test_bad_address),
		cmocka_unit_test(test_too_long_fields),
		cmocka_unit_test(test_invalid_utf8_and_control),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_looks_like),
		cmocka_unit_test(test_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
