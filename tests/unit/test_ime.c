/*
 * Tests for the built-in Vietnamese input method (src/core/ime*.c). Every
 * vector is typed twice: through mc_ime_type_line and key by key through
 * mc_ime_key / mc_ime_backspace with the edits applied to a buffer here, the
 * way the TUI will use them. Both must give the expected text, in NFC.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "motcua/ime.h"

typedef struct vec {
	const char *keys;
	const char *want;
} vec;

static size_t cps(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void assert_nfc(const char *s)
{
	utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)s);
	assert_non_null(nfc);
	assert_string_equal((const char *)nfc, s);
	free(nfc);
}

/* Apply one edit to buf like a text field would; checks it stays sane. */
static void apply(char *buf, size_t bufsz, const mc_ime_edit *e)
{
	assert_true(e->erase >= 0);
	assert_true((size_t)e->erase <= cps(buf));
	size_t len = strlen(buf);
	for (int i = 0; i < e->erase; i++) {
		do
			len--;
		while (len > 0 && ((unsigned char)buf[len] & 0xC0) == 0x80);
	}
	assert_true(len + strlen(e->insert) < bufsz);
	strcpy(buf + len, e->insert);
}

/* Type keys ("<BS>" = Backspace) key by key into buf through the edit
 * stream; after every key the buffer must end with what the engine thinks
 * it shows. */
static void type_keys(mc_ime *ime, const char *keys, char *buf, size_t bufsz)
{
	size_t i = 0, n = strlen(keys);
	while (i < n) {
		mc_ime_edit e;
		if (strncmp(keys + i, "<BS>", 4) == 0) {
			if (!mc_ime_backspace(ime, &e)) {
				assert_int_equal(e.erase, 0);
				e.erase = cps(buf) > 0;
			}
			i += 4;
		} else {
			utf8proc_int32_t cp;
			utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)keys + i,
							      (utf8proc_ssize_t)(n - i), &cp);
			assert_true(k > 0);
			mc_ime_key(ime, (uint32_t)cp, &e);
			i += (size_t)k;
		}
		apply(buf, bufsz, &e);
		size_t bl = strlen(buf), sl = strlen(ime->cur.shown);
		assert_true(sl <= bl);
		assert_string_equal(buf + bl - sl, ime->cur.shown);
	}
}

static void check_one(mc_ime_method m, mc_tone_style st, const char *keys, const char *want)
{
	char out[512], buf[512] = "";
	mc_error err = { 0 };
	mc_ime ime;
	assert_nfc(want);
	mc_status rc = mc_ime_type_line(m, st, keys, out, sizeof out, &err);
	if (rc != MC_OK)
		fail_msg("%s: %s", keys, err.msg);
	if (strcmp(out, want) != 0)
		fail_msg("%s [%s]: got \"%s\", want \"%s\"", mc_ime_method_name(m), keys, out, want);
	mc_ime_init(&ime, m, st);
	type_keys(&ime, keys, buf, sizeof buf);
	if (strcmp(buf, want) != 0)
		fail_msg("edit stream %s [%s]: got \"%s\", want \"%s\"",
			 mc_ime_method_name(m), keys, buf, want);
	assert_nfc(buf);
}

static void check(mc_ime_method m, mc_tone_style st, const vec *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		check_one(m, st, v[i].keys, v[i].want);
}

#define CHECK(m, st, v) check(m, st, v, sizeof v / sizeof *v)

static void test_telex_letters_and_tones(void **state)
{
	(void)state;
	static const vec v[] = {
		{ "as", "á" }, { "af", "à" }, { "ar", "ả" }, { "ax", "ã" }, { "aj", "ạ" },
		{ "aa", "â" }, { "aw", "ă" }, { "ee", "ê" }, { "oo", "ô" }, { "ow", "ơ" },
		{ "uw", "ư" }, { "dd", "đ" }, { "w", "ư" }, { "twf", "từ" }, { "nwx", "nữ" },
		{ "ngw", "ngư" }, { "tieesng", "tiếng" }, { "vietej", "việt" },
		{ "hoafn", "hoàn" }, { "daid", "đai" }, { "ddaay", "đây" },
		{ "hieeuj", "hiệu" }, { "yeeus", "yếu" }, { "khuyeenr", "khuyển" },
		{ "caua", "câu" }, { "ngoeo", "ngoeo" }, { "ngoaif", "ngoài" },
		{ "xoays", "xoáy" }, { "khuyur", "khuỷu" }, { "mias", "mía" },
		{ "muaf", "mùa" }, { "cais", "cái" }, { "toans", "toán" },
		{ "huyfnh", "huỳnh" }, { "tuyeenr", "tuyển" }, { "awa", "â" },
		{ "Ddaaky", "Đâky" }, { "xin chaof", "xin chào" },
		{ "tooi 12 tuooir", "tôi 12 tuổi" }, { "[", "ơ" }, { "t[", "tơ" },
		{ "t]", "tư" }, { "{}", "ƠƯ" }, { "t[[", "t[" },
	};
	CHECK(MC_IME_TELEX, MC_TONE_OLD, v);
}

static void test_tone_placement_styles(void **state)
{
	(void)state;
	static const vec old_style[] = {
		{ "hoaf", "hòa" }, { "hofa", "hòa" }, { "xosa", "xóa" }, { "xoas", "xóa" },
		{ "thuyr", "thủy" }, { "thury", "thủy" }, { "khoer", "khỏe" },
		{ "khore", "khỏe" }, { "hoanf", "hoàn" }, { "hofan", "hoàn" },
		{ "thuyrn", "thuỷn" },
	};
	static const vec new_style[] = {
		{ "hoaf", "hoà" }, { "hofa", "hoà" }, { "xosa", "xoá" }, { "xoas", "xoá" },
		{ "thuyr", "thuỷ" }, { "thury", "thuỷ" }, { "khoer", "khoẻ" },
		{ "khore", "khoẻ" }, { "hoanf", "hoàn" }, { "hofan", "hoàn" },
		{ "quys", "quý" }, { "ngoaif", "ngoài" }, { "muaf", "mùa" },
	};
	CHECK(MC_IME_TELEX, MC_TONE_OLD, old_style);
	CHECK(MC_IME_TELEX, MC_TONE_NEW, new_style);
}

static void test_gi_qu_onsets(void **state)
{
	(void)state;
	static const vec v[] = {
		{ "gias", "giá" }, { "giaf", "già" }, { "quys", "quý" }, { "quas", "quá" },
		{ "giuwax", "giữa" }, { "gif", "gì" }, { "ginf", "gìn" }, { "giowf", "giờ" },
		{ "gioongs", "giống" }, { "quoocs", "quốc" }, { "quyeenr", "quyển" },
		{ "quawnf", "quằn" }, { "gieo", "gieo" }, { "giuwowngf", "giường" },
		{ "qus", "qú" }, { "giwx", "giữ" }, { "giwxa", "giữa" }, { "Giwx", "Giữ" },
	};
	CHECK(MC_IME_TELEX, MC_TONE_OLD, v);
	CHECK(MC_IME_TELEX, MC_TONE_NEW, v);
}

static void test_uo_horn(void **state)
{
	(void)state;
	static const vec v[] = {
		{ "dduowcj", "được" }, { "truowngf", "trường" }, { "thuowr", "thuở" },
		{ "nguowif", "người" }, { "nguoiwf", "người" }, { "chuaw", "chưa" },
		{ "muaw", "mưa" }, { "hoawcj", "hoặc" }, { "huow", "huơ" },
		{ "khuow", "khuơ" }, { "tuongw", "tương" }, { "ruouwj", "rượu" },
		{ "dduwocj", "được" }, { "nuwowcs", "nước" }, { "DDuwowngf", "Đường" },
		{ "uwow", "ươ" }, { "huowng", "hương" },
	};
	CHECK(MC_IME_TELEX, MC_TONE_OLD, v);
}

static void test_undo_by_repeat(void **state)
{
	(void)state;
	static const vec v[] = {
		{ "ass", "as" }, { "aff", "af" }, { "aaa", "aa" }, { "aww", "aw" },
		{ "ddd", "dd" }, { "ww", "w" }, { "uww", "uw" }, { "xooong", "xoong" },
		{ "eee", "ee" }, { "Ww", "W" }, { "www", "ww" }, { "tww", "tw" },
		{ "uwoww", "uow" }, { "huoww", "huow" }, { "chuaww", "chuaw" },
		{ "hoaww", "hoaw" }, { "ddaa", "đâ" }, { "asms", "ams" },
	};
	CHECK(MC_IME_TELEX, MC_TONE_OLD, v);
}

static void test_tone_replace_and_remove(void **state)
{
	(void)state;
	static const vec v[] = {
		{ "asf", "à" }, { "asfr", "ả" }, { "asfrxj", "ạ" }, { "asz", "a" },
		{ "z", "z" }, { "az", "az" }, { "tieesngz", "tiêng" },
		{ "vieetjs", "viết" }, { "hoafz", "hoa" },
	};
	CHECK(MC_IME_TELEX, MC_TONE_OLD, v);
	static const vec vni[] = {
		{ "a12", "à" }, { "a10", "a" }, { "a0", "a0" }, { "tie6ng105", "tiệng" },
	};
	CHECK(MC_IME_VNI, MC_TONE_OLD, vni);
	static const vec viqr[] = { { "a'0", "a" }, { "a`'", "à'" } };
	CHECK(MC_IME_VIQR, MC_TONE_OLD, viqr);
}

static void test_capitals(void **state)
{
	(void)state;
	static const vec v[] = {
		{ "NGUYEENX", "NGUYỄN" }, { "Dd", "Đ" }, { "DD", "Đ" }, { "dD", "đ" },
		{ "OOS", "Ố" }, { "Oos", "Ố" }, { "oOS", "ố" }, { "TW", "TƯ" },
		{ "W", "Ư" }, { "AWF", "Ằ" }, { "ASS", "AS" }, { "AAA", "AA" },
		{ "TRUOWNGF", "TRƯỜNG" }, { "HDDLDD", "HĐLĐ" }, { "Hoaf", "Hòa" },
	};
	CHECK(MC_IME_TELEX, MC_TONE_OLD, v);
}

/* The required end-to-end facts: names and abbreviations that spell-check
 * based engines break. */
static void test_names_end_to_end(void **state)
{
	(void)state;
	char out[128];
	mc_error err;
	assert_int_equal(mc_ime_type_line(MC_IME_TELEX, MC_TONE_OLD, "Nguyeenx Vawn Anh",
					  out, sizeof out, &err), MC_OK);
	assert_string_equal(out, "Nguy\xe1\xbb\x85n V\xc4\x83n Anh");
	assert_string_equal(out, "Nguyễn Văn Anh");
	static const vec v[] = {
		{ "Ddawsk Lawsk", "Đắk Lắk" }, { "Ddawks Lawks", "Đắk Lắk" },
		{ "Kroong Busk", "Krông Búk" }, { "HDDLDD", "HĐLĐ" },
		{ "Traanf Thij Ngocj Asnh", "Trần Thị Ngọc Ánh" },
		{ "Ddoox Dduwcs Hoaf", "Đỗ Đức Hòa" },
		{ "Tp. Hoof Chis Minh", "Tp. Hồ Chí Minh" },
		{ "Coongj hoaf xax hooij chur nghiax Vieejt Nam",
		  "Cộng hòa xã hội chủ nghĩa Việt Nam" },
	};
	CHECK(MC_IME_TELEX, MC_TONE_OLD, v);
}

static void test_backspace(void **state)
{
	(void)state;
	static const vec v[] = {
		{ "hoanf<BS>", "hòa" }, { "buwxan<BS>", "bữa" },
		{ "dduowcj<BS>", "đượ" }, { "dduowcj<BS><BS>", "đự" },
		{ "thuowr<BS>", "thủ" }, { "buwxa<BS><BS>", "b" },
		{ "buwxa<BS><BS>a", "ba" }, { "aa<BS>", "" }, { "a<BS><BS>x", "x" },
		{ "Nguyeenx<BS><BS>", "Ngũy" }, { "hoafn<BS>", "hòa" },
		{ "Nguyeenx <BS>s", "Nguyến" }, { "ab <BS><BS>", "a" },
		{ "ab  <BS><BS>", "ab" }, { "xin chaof<BS><BS>", "xin ch" },
		{ "toanf<BS>", "tòa" }, { "tuongw<BS><BS>", "tươ" },
	};
	CHECK(MC_IME_TELEX, MC_TONE_OLD, v);
	static const vec new_style[] = { { "hoanf<BS>", "hoà" }, { "thuyeenr<BS><BS>", "thuỷ" } };
	CHECK(MC_IME_TELEX, MC_TONE_NEW, new_style);
}

static void test_backspace_edits(void **state)
{
	(void)state;
	mc_ime ime;
	mc_ime_edit e;
	mc_ime_init(&ime, MC_IME_TELEX, MC_TONE_OLD);
	assert_false(mc_ime_backspace(&ime, &e));
	assert_int_equal(e.erase, 0);
	const char *keys = "hoanf";
	for (const char *p = keys; *p; p++)
		mc_ime_key(&ime, (uint32_t)*p, &e);
	assert_true(mc_ime_backspace(&ime, &e));
	assert_int_equal(e.erase, 3);              /* "oàn" → "òa" */
	assert_string_equal(e.insert, "òa");
	mc_ime_key(&ime, ' ', &e);
	assert_true(mc_ime_backspace(&ime, &e));    /* reopens hòa */
	assert_int_equal(e.erase, 1);
	assert_string_equal(e.insert, "");
	mc_ime_key(&ime, 'n', &e);
	assert_int_equal(e.erase, 2);
	assert_string_equal(e.insert, "oàn");
	mc_ime_reset(&ime);
	assert_false(mc_ime_backspace(&ime, &e));
	mc_ime_key(&ime, 's', &e);                  /* no word: literal */
	assert_int_equal(e.erase, 0);
	assert_string_equal(e.insert, "s");
}

static void test_edit_stream(void **state)
{
	(void)state;
	mc_ime ime;
	mc_ime_edit e;
	mc_ime_init(&ime, MC_IME_TELEX, MC_TONE_OLD);
	mc_ime_key(&ime, 'h', &e);
	assert_int_equal(e.erase, 0);
	assert_string_equal(e.insert, "h");
	mc_ime_key(&ime, 'o', &e);
	mc_ime_key(&ime, 'a', &e);
	mc_ime_key(&ime, 'n', &e);
	assert_int_equal(e.erase, 0);
	assert_string_equal(e.insert, "n");
	mc_ime_key(&ime, 'f', &e);
	assert_int_equal(e.erase, 2);
	assert_string_equal(e.insert, "àn");
	mc_ime_key(&ime, '.', &e);
	assert_int_equal(e.erase, 0);
	assert_string_equal(e.insert, ".");
	mc_ime_key(&ime, 'd', &e);
	mc_ime_key(&ime, 'a', &e);
	mc_ime_key(&ime, 'd', &e);                  /* daid-style: đ at the front */
	assert_int_equal(e.erase, 2);
	assert_string_equal(e.insert, "đa");
	mc_ime_key(&ime, '\n', &e);                 /* Enter commits, no reopen */
	assert_string_equal(e.insert, "\n");
	assert_false(mc_ime_backspace(&ime, &e));
	mc_ime_key(&ime, 0xE9, &e);                 /* non-ASCII passes through */
	assert_string_equal(e.insert, "é");
	mc_ime_key(&ime, 0xD800, &e);               /* surrogate: nothing */
	assert_int_equal(e.erase, 0);
	assert_string_equal(e.insert, "");
	/* A whole sentence typed key by key, applied to a buffer. */
	char buf[256] = "";
	mc_ime_init(&ime, MC_IME_TELEX, MC_TONE_OLD);
	type_keys(&ime, "Hoof sow ddax nhaajn ddur, hejn ngayf 15/12.", buf, sizeof buf);
	assert_string_equal(buf, "Hồ sơ đã nhận đủ, hẹn ngày 15/12.");
}

static void test_vni(void **state)
{
	(void)state;
	static const vec v[] = {
		{ "Nguye6n4", "Nguyễn" }, { "Nguyen64", "Nguyễn" }, { "thuo73", "thuở" },
		{ "a11", "a1" }, { "d9", "đ" }, { "D9", "Đ" }, { "da9", "đa" }, { "d99", "d9" },
		{ "duo7c5", "dược" }, { "d9uo7c5", "được" }, { "Vie65t Nam", "Việt Nam" },
		{ "a66", "a6" }, { "a88", "a8" }, { "o77", "o7" }, { "a8", "ă" },
		{ "ua7", "ưa" }, { "u7o7", "ươ" }, { "Tru7o72ng", "Trường" },
		{ "Tru7o7ng2", "Trường" }, { "uo77", "uo7" }, { "hoa2", "hòa" },
		{ "toi6 12 tuo6i3", "tôi 12 tuổi" }, { "9", "9" }, { "2024", "2024" },
		{ "gia1", "giá" }, { "quy1", "quý" }, { "gi2", "gì" },
		{ "D9a8k1 La8k1", "Đắk Lắk" }, { "Kro6ng Bu1k", "Krông Búk" },
		{ "HD9LD9", "HĐLĐ" }, { "H9", "H9" }, { "hoa2n<BS>", "hòa" },
	};
	CHECK(MC_IME_VNI, MC_TONE_OLD, v);
	static const vec new_style[] = { { "hoa2", "hoà" }, { "thuy3", "thuỷ" } };
	CHECK(MC_IME_VNI, MC_TONE_NEW, new_style);
}

/* VIQR choices (documented in ime.h): "\" escapes the next mark or d, so
 * d\d is "dd"; a tone mark on a word that already has a tone, or after its
 * final consonant, is plain punctuation. */
static void test_viqr(void **state)
{
	(void)state;
	static const vec v[] = {
		{ "Nguye^~n", "Nguyễn" }, { "a\\'", "a'" }, { "d\\d", "dd" }, { "dd", "đ" },
		{ "DD", "Đ" }, { "Dd", "Đ" }, { "ddd", "dd" }, { "a(", "ă" }, { "o+", "ơ" },
		{ "o*", "ơ" }, { "u+", "ư" }, { "a^^", "a^" }, { "a((", "a(" },
		{ "thuo+?", "thuở" }, { "u+o+", "ươ" }, { "Vie^.t Nam.", "Việt Nam." },
		{ "Ha` No^.i.", "Hà Nội." }, { "Tie^'ng Vie^.t", "Tiếng Việt" },
		{ "a''", "á'" }, { "Anh.", "Anh." }, { "\\\\", "\\" }, { "a\\x", "a\\x" },
		{ "a\\.", "a." }, { "DDa^.u", "Đậu" }, { "Nguye^~n<BS>", "Nguyễ" },
		{ "ho^.i <BS>?", "hội?" }, { "gia'", "giá" }, { "qu'y", "quý" },
		{ "quy'", "quý" }, { "d\\dd", "ddd" },
	};
	CHECK(MC_IME_VIQR, MC_TONE_OLD, v);
}

static void test_off_and_word_breaks(void **state)
{
	(void)state;
	static const vec off[] = { { "Nguyeenx aa dd", "Nguyeenx aa dd" }, { "a<BS>b", "b" } };
	CHECK(MC_IME_OFF, MC_TONE_OLD, off);
	static const vec telex[] = {
		{ "a1s", "a1s" }, { "email@x.com", "email@x.com" }, { "s", "s" },
		{ "(as)", "(á)" }, { "winner", "ưinner" }, { "a\tb", "a\tb" },
	};
	CHECK(MC_IME_TELEX, MC_TONE_OLD, telex);
}

static void test_long_word(void **state)
{
	(void)state;
	/* 30 letters: composed in pieces, nothing lost, edits stay in bounds. */
	check_one(MC_IME_TELEX, MC_TONE_OLD, "bcdfghklmnpqtvbcdfghklmnpqtvbc",
		  "bcdfghklmnpqtvbcdfghklmnpqtvbc");
	check_one(MC_IME_TELEX, MC_TONE_OLD, "aeiouyaeiouyaeiouyaeiouyaeiouy",
		  "aeiouyaeiouyaeiouyaeiouyaeiouy");
	/* The piece after the first 20 letters composes on its own. */
	check_one(MC_IME_TELEX, MC_TONE_OLD, "bcdfghklmnpqtvbcdfghtoois", "bcdfghklmnpqtvbcdfghtối");
}

static void test_method_api(void **state)
{
	(void)state;
	assert_int_equal(mc_ime_next_method(MC_IME_TELEX), MC_IME_VNI);
	assert_int_equal(mc_ime_next_method(MC_IME_VNI), MC_IME_VIQR);
	assert_int_equal(mc_ime_next_method(MC_IME_VIQR), MC_IME_OFF);
	assert_int_equal(mc_ime_next_method(MC_IME_OFF), MC_IME_TELEX);
	assert_string_equal(mc_ime_method_name(MC_IME_TELEX), "Telex");
	assert_string_equal(mc_ime_method_name(MC_IME_VNI), "VNI");
	assert_string_equal(mc_ime_method_name(MC_IME_VIQR), "VIQR");
	assert_string_equal(mc_ime_method_name(MC_IME_OFF), "Off");
	mc_ime_method m = MC_IME_OFF;
	assert_int_equal(mc_ime_method_parse("telex", &m), 0);
	assert_int_equal(m, MC_IME_TELEX);
	assert_int_equal(mc_ime_method_parse("VNI", &m), 0);
	assert_int_equal(m, MC_IME_VNI);
	assert_int_equal(mc_ime_method_parse("viqr", &m), 0);
	assert_int_equal(m, MC_IME_VIQR);
	assert_int_equal(mc_ime_method_parse("off", &m), 0);
	assert_int_equal(m, MC_IME_OFF);
	assert_int_equal(mc_ime_method_parse("unikey", &m), -1);
	assert_int_equal(mc_ime_method_parse("", &m), -1);

	mc_ime ime;
	mc_ime_edit e;
	mc_ime_init(&ime, MC_IME_TELEX, MC_TONE_OLD);
	mc_ime_key(&ime, 'a', &e);
	mc_ime_set_method(&ime, MC_IME_VNI);        /* forgets the word */
	mc_ime_key(&ime, 's', &e);
	assert_string_equal(e.insert, "s");
	mc_ime_set_method(&ime, MC_IME_TELEX);
	char buf[64] = "";
	type_keys(&ime, "hoaf", buf, sizeof buf);
	assert_string_equal(buf, "hòa");
	mc_ime_set_style(&ime, MC_TONE_NEW);         /* re-placed on the next key */
	type_keys(&ime, "f", buf, sizeof buf);
	assert_string_equal(buf, "hoaf");
	type_keys(&ime, "<BS>f", buf, sizeof buf);
	assert_string_equal(buf, "hoà");
}

static void test_type_line_errors(void **state)
{
	(void)state;
	char out[8];
	mc_error err = { 0 };
	assert_int_equal(mc_ime_type_line(MC_IME_TELEX, MC_TONE_OLD, "Nguyeenx Vawn Anh",
					  out, sizeof out, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "too small"));
	assert_int_equal(mc_ime_type_line(MC_IME_TELEX, MC_TONE_OLD, "ab\xff", out,
					  sizeof out, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "byte offset 2"));
	assert_int_equal(mc_ime_type_line(MC_IME_TELEX, MC_TONE_OLD, NULL, out,
					  sizeof out, &err), MC_EUSAGE);
	assert_int_equal(mc_ime_type_line(MC_IME_TELEX, MC_TONE_OLD, "", out, sizeof out, &err),
			 MC_OK);
	assert_string_equal(out, "");
	/* <BS> on an empty line deletes nothing; a lone < is literal. */
	assert_int_equal(mc_ime_type_line(MC_IME_TELEX, MC_TONE_OLD, "<BS><B", out,
					  sizeof out, &err), MC_OK);
	assert_string_equal(out, "<B");
	/* Combining marks typed as keys come out composed. */
	assert_int_equal(mc_ime_type_line(MC_IME_OFF, MC_TONE_OLD, "a\xcc\x81", out,
					  sizeof out, &err), MC_OK);
	assert_string_equal(out, "á");
}

/* Random keys from every method's alphabet: the edit stream must stay
 * consistent (checked in type_keys) and the text valid NFC. Fixed seed. */
static void test_random_keys(void **state)
{
	(void)state;
	static const char alphabet[] = "aeiouywdDsfrxjzAEOWgqnhtc0123456789'`?~.^(+*\\[] ";
	unsigned seed = 12345;
	mc_ime_method methods[] = { MC_IME_TELEX, MC_IME_VNI, MC_IME_VIQR };
	for (int round = 0; round < 3000; round++) {
		char keys[128] = "", buf[1024] = "";
		size_t k = 0;
		int len = 1 + (int)(seed % 40);
		for (int i = 0; i < len && k + 5 < sizeof keys; i++) {
			seed = seed * 1103515245u + 12345u;
			unsigned r = (seed >> 16) % (sizeof alphabet + 3);
			if (r >= sizeof alphabet - 1) {
				memcpy(keys + k, "<BS>", 4);
				k += 4;
			} else {
				keys[k++] = alphabet[r];
			}
		}
		keys[k] = '\0';
		mc_ime ime;
		mc_ime_init(&ime, methods[round % 3], round & 4 ? MC_TONE_NEW : MC_TONE_OLD);
		type_keys(&ime, keys, buf, sizeof buf);
		assert_nfc(buf);
		char out[1024];
		mc_error err;
		assert_int_equal(mc_ime_type_line(methods[round % 3],
						  round & 4 ? MC_TONE_NEW : MC_TONE_OLD,
						  keys, out, sizeof out, &err), MC_OK);
		assert_string_equal(out, buf);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_telex_letters_and_tones),
		cmocka_unit_test(test_tone_placement_styles),
		cmocka_unit_test(test_gi_qu_onsets),
		cmocka_unit_test(test_uo_horn),
		cmocka_unit_test(test_undo_by_repeat),
		cmocka_unit_test(test_tone_replace_and_remove),
		cmocka_unit_test(test_capitals),
		cmocka_unit_test(test_names_end_to_end),
		cmocka_unit_test(test_backspace),
		cmocka_unit_test(test_backspace_edits),
		cmocka_unit_test(test_edit_stream),
		cmocka_unit_test(test_vni),
		cmocka_unit_test(test_viqr),
		cmocka_unit_test(test_off_and_word_breaks),
		cmocka_unit_test(test_long_word),
		cmocka_unit_test(test_method_api),
		cmocka_unit_test(test_type_line_errors),
		cmocka_unit_test(test_random_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
