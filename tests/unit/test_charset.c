/*
 * Legacy Vietnamese charsets: every letter through every charset that holds
 * it, the TCVN3/VNI/VIQR/CP1258 cases from shared/docs/vietnamese-text.md,
 * agreement with glibc iconv where glibc is the reference, error positions,
 * loss counting, and chunked conversion equal to one-shot.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/charset.h"

static const char LOWER[] =
	"àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ";
static const char UPPER[] =
	"ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ";

/* Result of one whole-buffer conversion. */
struct res {
	mc_status st;
	char *out;
	size_t len;
	mc_conv_stats stats;
	char msg[512];
};

static struct res conv_n(mc_charset from, mc_charset to, const char *in, size_t len)
{
	struct res r = {0};
	mc_conv *cv;
	mc_error err = {0};
	size_t cap = 0;
	assert_int_equal(mc_conv_open(&cv, from, to, &err), MC_OK);
	r.st = mc_conv_chunk(cv, in, len, &r.out, &r.len, &cap, &err);
	r.stats = *mc_conv_stats_get(cv);
	memcpy(r.msg, err.msg, sizeof r.msg);
	mc_conv_close(cv);
	return r;
}

static struct res conv(mc_charset from, mc_charset to, const char *in)
{
	return conv_n(from, to, in, strlen(in));
}

/* Convert and expect success with exactly `want` (want_len bytes). */
static void expect_n(mc_charset from, mc_charset to, const char *in, size_t len,
		     const char *want, size_t want_len, uint64_t lost)
{
	struct res r = conv_n(from, to, in, len);
	if (r.st != MC_OK)
		fail_msg("%s -> %s: %s", mc_charset_name(from), mc_charset_name(to), r.msg);
	if (r.len != want_len || memcmp(r.out, want, want_len) != 0)
		fail_msg("%s -> %s of '%s': got '%.*s'", mc_charset_name(from), mc_charset_name(to),
			 in, (int)r.len, r.out);
	assert_int_equal(r.stats.lost, lost);
	free(r.out);
}

static void expect(mc_charset from, mc_charset to, const char *in, const char *want,
		   uint64_t lost)
{
	expect_n(from, to, in, strlen(in), want, strlen(want), lost);
}

/* Next UTF-8 character of s into ch (NUL-terminated); its byte length. */
static size_t next_char(const char *s, char *ch)
{
	size_t n = 1;
	while ((s[n] & 0xC0) == 0x80)
		n++;
	memcpy(ch, s, n);
	ch[n] = '\0';
	return n;
}

/* glibc iconv of a buffer; NULL when glibc refuses it. */
static char *glibc(const char *to, const char *from, const char *in, size_t len, size_t *outlen)
{
	iconv_t cd = iconv_open(to, from);
	assert_true(cd != (iconv_t)-1);
	size_t cap = 4 * len + 16, left = cap;
	char *out = malloc(cap), *o = out, *i = (char *)in;
	size_t r = iconv(cd, &i, &len, &o, &left);
	if (r != (size_t)-1)
		r = iconv(cd, NULL, NULL, &o, &left);
	iconv_close(cd);
	if (r == (size_t)-1) {
		free(out);
		return NULL;
	}
	*outlen = (size_t)(o - out);
	return out;
}

static void test_parse_names(void **state)
{
	(void)state;
	static const struct { const char *name; mc_charset cs; } ok[] = {
		{"utf-8", MC_CS_UTF8}, {"UTF8", MC_CS_UTF8}, {"utf-8-nfd", MC_CS_UTF8_NFD},
		{"NFD", MC_CS_UTF8_NFD}, {"TohOp", MC_CS_UTF8_NFD}, {"viscii", MC_CS_VISCII},
		{"CP1258", MC_CS_CP1258}, {"Windows-1258", MC_CS_CP1258}, {"tcvn3", MC_CS_TCVN3},
		{"ABC", MC_CS_TCVN3}, {"vni", MC_CS_VNI}, {"VNI-Win", MC_CS_VNI},
		{"viqr", MC_CS_VIQR}, {"vps", MC_CS_VPS}, {"ASCII", MC_CS_ASCII},
	};
	mc_error err = {0};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		mc_charset cs = MC_CS_ASCII;
		assert_int_equal(mc_charset_parse(ok[i].name, &cs, &err), MC_OK);
		assert_int_equal(cs, ok[i].cs);
		mc_charset again;
		assert_int_equal(mc_charset_parse(mc_charset_name(cs), &again, &err), MC_OK);
		assert_int_equal(again, cs);
	}
	mc_charset cs;
	assert_int_equal(mc_charset_parse("tcvn5712", &cs, &err), MC_EUSAGE);
	assert_non_null(strstr(err.msg, "tcvn5712"));
	assert_non_null(strstr(err.msg, "viscii"));
	mc_conv *cv;
	assert_int_equal(mc_conv_open(&cv, MC_CS_ASCII, MC_CS_UTF8, &err), MC_EUSAGE);
	assert_null(cv);
}

/* Each of the 134 letters, alone and in a word, through every charset that
 * holds them all: back to the same NFC with nothing lost. */
static void test_all_letters_round_trip(void **state)
{
	(void)state;
	static const mc_charset all[] = {
		MC_CS_VISCII, MC_CS_CP1258, MC_CS_VNI, MC_CS_VIQR, MC_CS_VPS, MC_CS_UTF8_NFD,
	};
	char both[sizeof LOWER + sizeof UPPER + 8];
	snprintf(both, sizeof both, "%s\n%s\n", LOWER, UPPER);
	for (size_t c = 0; c < sizeof all / sizeof all[0]; c++) {
		for (const char *s = both; *s; ) {
			char ch[8], word[32];
			s += next_char(s, ch);
			snprintf(word, sizeof word, "x%sy %s", ch, ch);
			struct res r = conv(MC_CS_UTF8, all[c], word);
			assert_int_equal(r.st, MC_OK);
			if (r.stats.lost)
				fail_msg("%s lost %s", mc_charset_name(all[c]), ch);
			struct res back = conv_n(all[c], MC_CS_UTF8, r.out, r.len);
			assert_int_equal(back.st, MC_OK);
			if (back.len != strlen(word) || memcmp(back.out, word, back.len) != 0)
				fail_msg("%s: %s came back as %.*s", mc_charset_name(all[c]), word,
					 (int)back.len, back.out);
			free(r.out);
			free(back.out);
		}
		struct res whole = conv(MC_CS_UTF8, all[c], both);
		struct res back = conv_n(all[c], MC_CS_UTF8, whole.out, whole.len);
		assert_int_equal(back.len, strlen(both));
		assert_memory_equal(back.out, both, back.len);
		free(whole.out);
		free(back.out);
	}
}

/* VISCII and CP1258 are glibc's tables: same bytes for every letter, same
 * letters for every byte, same refusals. */
static void test_viscii_cp1258_agree_with_glibc(void **state)
{
	(void)state;
	static const struct { mc_charset cs; const char *glibc; } sets[] = {
		{MC_CS_VISCII, "VISCII"}, {MC_CS_CP1258, "CP1258"},
	};
	char both[sizeof LOWER + sizeof UPPER];
	snprintf(both, sizeof both, "%s%s", LOWER, UPPER);
	for (size_t k = 0; k < 2; k++) {
		for (const char *s = both; *s; ) {
			char ch[8];
			size_t glen;
			s += next_char(s, ch);
			char *g = glibc(sets[k].glibc, "UTF-8", ch, strlen(ch), &glen);
			assert_non_null(g);
			expect_n(MC_CS_UTF8, sets[k].cs, ch, strlen(ch), g, glen, 0);
			free(g);
		}
		for (int b = 0; b < 256; b++) {
			char in[1] = {(char)b};
			size_t glen;
			char *g = glibc("UTF-8", sets[k].glibc, in, 1, &glen);
			struct res r = conv_n(sets[k].cs, MC_CS_UTF8, in, 1);
			if (!g) {
				assert_int_equal(r.st, MC_EDATA);
				free(r.out);
				continue;
			}
			assert_int_equal(r.st, MC_OK);
			if (r.len != glen || memcmp(r.out, g, glen) != 0)
				fail_msg("%s byte 0x%02X differs from glibc", sets[k].glibc, b);
			free(g);
			free(r.out);
		}
	}
}

static void test_tcvn3_lower_case_and_capital_loss(void **state)
{
	(void)state;
	char text[sizeof LOWER + 32];
	snprintf(text, sizeof text, "%s ĂÂÊÔƠƯĐ\n", LOWER);
	struct res r = conv(MC_CS_UTF8, MC_CS_TCVN3, text);
	assert_int_equal(r.st, MC_OK);
	assert_int_equal(r.stats.lost, 0);
	assert_int_equal(r.len, 67 + 1 + 7 + 1);  /* one byte per letter */
	expect_n(MC_CS_TCVN3, MC_CS_UTF8, r.out, r.len, text, strlen(text), 0);
	free(r.out);

	/* Toned capitals do not exist: written lower-case, counted, located. */
	r = conv(MC_CS_UTF8, MC_CS_TCVN3, "Hồ sơ\nTạ Thị Ngọc Ánh, ẤP ĐÔNG");
	assert_int_equal(r.st, MC_OK);
	assert_int_equal(r.stats.lost, 2);
	assert_int_equal(r.stats.first_lost_line, 2);
	assert_int_equal(r.stats.first_lost_col, 13);
	expect_n(MC_CS_TCVN3, MC_CS_UTF8, r.out, r.len, "Hồ sơ\nTạ Thị Ngọc ánh, ấP ĐÔNG",
		 strlen("Hồ sơ\nTạ Thị Ngọc ánh, ấP ĐÔNG"), 0);
	free(r.out);
}

/* Word's Windows-1252 punctuation lives at 0x80-0x9F in real ABC files. */
static void test_tcvn3_punctuation(void **state)
{
	(void)state;
	const char *text = "“a” – b… ‘c’";
	const char bytes[] = "\x93" "a\x94 \x96 b\x85 \x91" "c\x92";
	expect(MC_CS_UTF8, MC_CS_TCVN3, text, bytes, 0);
	expect(MC_CS_TCVN3, MC_CS_UTF8, bytes, text, 0);
}

/* glibc's TCVN5712-1 (VN1) reads this sentence as "ỎHồ sơ đăng kýÕ Ọ ...";
 * our TCVN3 reads it as written. VN1-only bytes are refused, and C0 bytes
 * stay control characters. */
static void test_tcvn3_no_vn1_mojibake(void **state)
{
	(void)state;
	const char *text = "“Hồ sơ đăng ký” – đã nhận đủ… ‘biên nhận’";
	struct res r = conv(MC_CS_UTF8, MC_CS_TCVN3, text);
	assert_int_equal(r.st, MC_OK);
	assert_int_equal((unsigned char)r.out[0], 0x93);
	expect_n(MC_CS_TCVN3, MC_CS_UTF8, r.out, r.len, text, strlen(text), 0);
	size_t glen;
	char *g = glibc("UTF-8", "TCVN5712-1", r.out, r.len, &glen);
	if (g) {  /* the mojibake of the research notes, for contrast */
		assert_memory_not_equal(g, text, glen < strlen(text) ? glen : strlen(text));
		free(g);
	}
	free(r.out);
	expect_n(MC_CS_TCVN3, MC_CS_UTF8, "\x01\x16", 2, "\x01\x16", 2, 0);
	struct res bad = conv(MC_CS_TCVN3, MC_CS_UTF8, "ab\xC0");
	assert_int_equal(bad.st, MC_EDATA);
	assert_non_null(strstr(bad.msg, "0xC0"));
	assert_non_null(strstr(bad.msg, "tcvn3"));
	free(bad.out);
}

static void test_cp1258_composed_and_decomposed(void **state)
{
	(void)state;
	expect(MC_CS_CP1258, MC_CS_UTF8, "Nguy\xEA\xDEn", "Nguyễn", 0);
	expect(MC_CS_CP1258, MC_CS_UTF8, "a\xEC", "á", 0);
	expect(MC_CS_CP1258, MC_CS_UTF8, "\xE1", "á", 0);
	expect(MC_CS_CP1258, MC_CS_UTF8, "\xF5\xF2", "ợ", 0);
	expect(MC_CS_CP1258, MC_CS_UTF8, "A\xDE", "Ã", 0);
	expect(MC_CS_CP1258, MC_CS_UTF8, "\xD0\xFD\xEC" "c", "Đức", 0);
	/* UniKey-style fully decomposed: every tone a separate byte */
	expect(MC_CS_CP1258, MC_CS_UTF8, "Vi\xEA\xF2t Nam, ho\xCC" "a", "Việt Nam, hòa", 0);
	/* a mark with no letter before it, two marks on one letter: plain NFC */
	expect(MC_CS_CP1258, MC_CS_UTF8, "\xEC" "a", "\xCC\x81" "a", 0);
	expect(MC_CS_CP1258, MC_CS_UTF8, "a\xEC\xF2", "ạ\xCC\x81", 0);
	/* writing: Latin-1 letters where the page has them, like glibc */
	expect(MC_CS_UTF8, MC_CS_CP1258, "Nguyễn", "Nguy\xEA\xDEn", 0);
	expect(MC_CS_UTF8, MC_CS_CP1258, "Đức", "\xD0\xFD\xEC" "c", 0);
	expect(MC_CS_UTF8, MC_CS_CP1258, "Ánh", "\xC1nh", 0);
}

/* NFD (or "tổ hợp") input is composed first, where glibc would refuse it. */
static void test_nfd_input_to_viscii(void **state)
{
	(void)state;
	const char *nfd = "Nguye\xCC\x82\xCC\x83n Va\xCC\x86n A\xCC\x81nh";
	const char *tohop = "Nguy\xC3\xAA\xCC\x83n V\xC4\x83n A\xCC\x81nh";
	const char *nfc = "Nguyễn Văn Ánh";
	size_t glen, dummy;
	char *g = glibc("VISCII", "UTF-8", nfc, strlen(nfc), &glen);
	assert_non_null(g);
	char *refused = glibc("VISCII", "UTF-8", nfd, strlen(nfd), &dummy);
	free(refused);
	expect_n(MC_CS_UTF8, MC_CS_VISCII, nfd, strlen(nfd), g, glen, 0);
	expect_n(MC_CS_UTF8_NFD, MC_CS_VISCII, tohop, strlen(tohop), g, glen, 0);
	free(g);
	expect(MC_CS_UTF8, MC_CS_UTF8, nfd, nfc, 0);
	expect(MC_CS_UTF8, MC_CS_UTF8_NFD, nfc, nfd, 0);
}

/* VNI: base byte + mark byte read as one letter before anything else. */
static void test_vni_greedy_two_byte(void **state)
{
	(void)state;
	/* "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam" when shown as cp1252 */
	expect(MC_CS_VNI, MC_CS_UTF8,
	       "Co\xE4ng ho\xF8" "a xa\xF5 ho\xE4i chu\xFB ngh\xF3" "a Vie\xE4t Nam",
	       "Cộng hòa xã hội chủ nghĩa Việt Nam", 0);
	expect(MC_CS_VNI, MC_CS_UTF8, "\xF4\xF9 \xF4n \xF4", "ớ ơn ơ", 0);
	expect(MC_CS_VNI, MC_CS_UTF8, "A\xC1 a\xE1 a\xC1 \xD1\xF6\xF9" "c", "Ấ ấ ấ Đức", 0);
	expect(MC_CS_VNI, MC_CS_UTF8, "\xEE \xCE y\xF8", "ỵ Ỵ ỳ", 0);
	expect(MC_CS_UTF8, MC_CS_VNI, "Ấ ớ ỵ Ỳ đ", "A\xC1 \xF4\xF9 \xEE Y\xD8 \xF1", 0);
}

static void test_viqr_escapes(void **state)
{
	(void)state;
	expect(MC_CS_VIQR, MC_CS_UTF8, "Nguye^~n Va(n A^'n, DDo^ng dda^.u", "Nguyễn Văn Ấn, Đông đậu", 0);
	expect(MC_CS_VIQR, MC_CS_UTF8, "a\\' a\\. d\\d u* Ddu+'c \\\\", "a' a. dd ư Đức \\", 0);
	expect(MC_CS_VIQR, MC_CS_UTF8, "i^ y( e+", "i^ y( e+", 0);  /* not letters */
	expect(MC_CS_UTF8, MC_CS_VIQR, "Hà Nội.", "Ha` No^.i\\.", 0);
	expect(MC_CS_UTF8, MC_CS_VIQR, "add dđ Dd â' á?", "a\\dd \\ddd \\Dd a^\\' a'?", 0);
	expect(MC_CS_UTF8, MC_CS_VIQR, "“Ừ”", "\"U+`\"", 2);
	const char *tricky = "Có (ngoặc)? Ô+ a\\b d-d đđ dd DĐ u+ o^. e(";
	struct res r = conv(MC_CS_UTF8, MC_CS_VIQR, tricky);
	assert_int_equal(r.st, MC_OK);
	expect_n(MC_CS_VIQR, MC_CS_UTF8, r.out, r.len, tricky, strlen(tricky), 0);
	free(r.out);
	struct res bad = conv(MC_CS_VIQR, MC_CS_UTF8, "ok\n\xC3\xA1");
	assert_int_equal(bad.st, MC_EDATA);
	assert_non_null(strstr(bad.msg, "line 2"));
	free(bad.out);
}

static void test_invalid_utf8_position(void **state)
{
	(void)state;
	mc_conv *cv;
	mc_error err = {0};
	char *out = NULL;
	size_t len = 0, cap = 0;
	assert_int_equal(mc_conv_open(&cv, MC_CS_UTF8, MC_CS_VISCII, &err), MC_OK);
	assert_int_equal(mc_conv_chunk(cv, "abc\n", 4, &out, &len, &cap, &err), MC_OK);
	assert_int_equal(len, 4);
	assert_int_equal(mc_conv_chunk(cv, "xyz\nxy\xC3(z\n", 11, &out, &len, &cap, &err), MC_EDATA);
	assert_int_equal(len, 4);  /* nothing of the failed chunk */
	assert_non_null(strstr(err.msg, "invalid UTF-8"));
	assert_non_null(strstr(err.msg, "line 3"));
	assert_non_null(strstr(err.msg, "byte offset 10"));
	const mc_conv_stats *st = mc_conv_stats_get(cv);
	assert_int_equal(st->bad_input, 1);
	assert_int_equal(st->first_bad_line, 3);
	assert_int_equal(st->first_bad_byte, 10);
	mc_conv_close(cv);
	free(out);
	/* the slow (normalizing) path reports the same way */
	struct res r = conv(MC_CS_UTF8, MC_CS_UTF8, "e\xCC\x81\n\xFF");
	assert_int_equal(r.st, MC_EDATA);
	assert_non_null(strstr(r.msg, "line 2, byte offset 4"));
	free(r.out);
}

static void test_cp1258_undefined_byte(void **state)
{
	(void)state;
	struct res r = conv(MC_CS_CP1258, MC_CS_UTF8, "ab\ncd\x81");
	assert_int_equal(r.st, MC_EDATA);
	assert_non_null(strstr(r.msg, "byte 0x81 is not defined in cp1258"));
	assert_non_null(strstr(r.msg, "line 2"));
	assert_non_null(strstr(r.msg, "byte offset 5"));
	assert_int_equal(r.len, 0);
	free(r.out);
	r = conv(MC_CS_CP1258, MC_CS_VNI, "\x8E");
	assert_int_equal(r.st, MC_EDATA);
	free(r.out);
}

static void test_replace_mode(void **state)
{
	(void)state;
	mc_conv *cv;
	mc_error err = {0};
	char *out = NULL;
	size_t len = 0, cap = 0;
	assert_int_equal(mc_conv_open(&cv, MC_CS_CP1258, MC_CS_UTF8, &err), MC_OK);
	mc_conv_set_replace(cv, true);
	assert_int_equal(mc_conv_chunk(cv, "a\x81" "b\n\x90", 5, &out, &len, &cap, &err), MC_OK);
	assert_int_equal(len, strlen("a\xEF\xBF\xBD" "b\n\xEF\xBF\xBD"));
	assert_memory_equal(out, "a\xEF\xBF\xBD" "b\n\xEF\xBF\xBD", len);
	assert_int_equal(mc_conv_stats_get(cv)->bad_input, 2);
	assert_int_equal(mc_conv_stats_get(cv)->first_bad_byte, 1);
	mc_conv_close(cv);
	free(out);
}

static void test_ascii_fallback(void **state)
{
	(void)state;
	expect(MC_CS_UTF8, MC_CS_ASCII, "Nguyễn Văn An Đức", "Nguyen Van An Duc", 0);
	expect(MC_CS_UTF8, MC_CS_ASCII, "Nguye\xCC\x82\xCC\x83n “Ấp” – Ưu…", "Nguyen \"Ap\" - Uu...", 0);
	expect(MC_CS_TCVN3, MC_CS_ASCII, "\xAE\xF8" "c", "duc", 0);
}

static void test_lost_position_and_nearest_form(void **state)
{
	(void)state;
	struct res r = conv(MC_CS_UTF8, MC_CS_VISCII, "Một\nHai “ba”\n");
	assert_int_equal(r.st, MC_OK);
	assert_int_equal(r.stats.lost, 2);
	assert_int_equal(r.stats.first_lost_line, 2);
	assert_int_equal(r.stats.first_lost_col, 5);
	expect_n(MC_CS_VISCII, MC_CS_UTF8, r.out, r.len, "Một\nHai \"ba\"\n",
		 strlen("Một\nHai \"ba\"\n"), 0);
	free(r.out);
	/* a letter the target lacks keeps its shape mark, loses the rest */
	expect(MC_CS_UTF8, MC_CS_TCVN3, "ǹ", "n", 1);
	expect(MC_CS_UTF8, MC_CS_VISCII, "€ 中", "EUR ?", 2);
	/* NFD input on the slow path counts columns the same way */
	r = conv(MC_CS_UTF8, MC_CS_TCVN3, "xe\xCC\x81 A\xCC\x81");
	assert_int_equal(r.stats.lost, 1);
	assert_int_equal(r.stats.first_lost_col, 4);
	free(r.out);
}

/* Cut at every line (and once mid-line at a blank): same bytes, same counts. */
static void test_chunked_equals_one_shot(void **state)
{
	(void)state;
	static const struct { mc_charset from, to; } pairs[] = {
		{MC_CS_UTF8, MC_CS_TCVN3}, {MC_CS_UTF8, MC_CS_VIQR}, {MC_CS_UTF8, MC_CS_UTF8_NFD},
		{MC_CS_VNI, MC_CS_UTF8}, {MC_CS_CP1258, MC_CS_TCVN3}, {MC_CS_UTF8, MC_CS_ASCII},
	};
	const char *text = "Cộng hòa xã hội\nỦY BAN NHÂN DÂN “Xã Ea Kar”\n"
			   "Nguye\xCC\x82\xCC\x83n Văn Ánh, ĐỨC\n\nTỉnh Đắk Lắk – 2025\n";
	for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
		struct res src = conv(MC_CS_UTF8, pairs[k].from, text);
		assert_int_equal(src.st, MC_OK);
		struct res one = conv_n(pairs[k].from, pairs[k].to, src.out, src.len);
		assert_int_equal(one.st, MC_OK);
		mc_conv *cv;
		mc_error err = {0};
		char *out = NULL;
		size_t len = 0, cap = 0, s = 0;
		const char *blank = memchr(src.out, ' ', src.len);
		assert_int_equal(mc_conv_open(&cv, pairs[k].from, pairs[k].to, &err), MC_OK);
		for (size_t i = 0; i < src.len; i++) {
			bool cut = src.out[i] == '\n' || src.out + i == blank || i + 1 == src.len;
			if (!cut)
				continue;
			assert_int_equal(mc_conv_chunk(cv, src.out + s, i + 1 - s, &out, &len, &cap,
						       &err), MC_OK);
			s = i + 1;
		}
		assert_int_equal(len, one.len);
		assert_memory_equal(out, one.out, len);
		assert_memory_equal(mc_conv_stats_get(cv), &one.stats, sizeof one.stats);
		mc_conv_close(cv);
		free(out);
		free(one.out);
		free(src.out);
	}
}

static void test_stream_decode_and_bom(void **state)
{
	(void)state;
	FILE *in = tmpfile(), *out = tmpfile();
	assert_non_null(in);
	assert_non_null(out);
	for (int i = 0; i < 200000; i++)  /* CP1258, several blocks of the stream */
		fputs("H\xF4\xCC s\xF5 \x91\xF0" "a\xDE nh\xE2\xF2n\x92\n", in);
	rewind(in);
	mc_conv_stats st;
	mc_error err = {0};
	assert_int_equal(mc_conv_stream(MC_CS_CP1258, MC_CS_UTF8, in, out, &st, &err), MC_OK);
	assert_int_equal(st.lost, 0);
	assert_int_equal(ftell(out), 200000L * (long)strlen("Hồ sơ ‘đã nhận’\n"));
	rewind(out);
	char line[64];
	assert_non_null(fgets(line, sizeof line, out));
	assert_string_equal(line, "Hồ sơ ‘đã nhận’\n");
	fclose(in);
	fclose(out);

	char *u = NULL;
	assert_int_equal(mc_charset_decode(MC_CS_VPS, "\xC7\xE1", 2, &u, &err), MC_OK);
	assert_string_equal(u, "đá");
	free(u);
	assert_int_equal(mc_charset_decode(MC_CS_UTF8, "\xEF\xBB\xBFho\xCC\x80", 7, &u, &err), MC_OK);
	assert_string_equal(u, "hò");
	free(u);
	assert_int_equal(mc_charset_decode(MC_CS_ASCII, "x", 1, &u, &err), MC_EUSAGE);
	assert_null(u);
}

/* ---- one code point for a terminal (the TUI's charset proxy) ------------ */

/* The code point of the UTF-8 character at s (test strings are valid). */
static uint32_t cp_of(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] < 0x80)
		return u[0];
	if (u[0] < 0xE0)
		return (uint32_t)(u[0] & 0x1F) << 6 | (u[1] & 0x3F);
	if (u[0] < 0xF0)
		return (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
	return (uint32_t)(u[0] & 0x07) << 18 | (uint32_t)(u[1] & 0x3F) << 12 |
	       (uint32_t)(u[2] & 0x3F) << 6 | (u[3] & 0x3F);
}

/* The one byte a terminal in cs gets for the letter ch. */
static uint8_t term_byte(mc_charset cs, const char *ch)
{
	char out[4];
	int n = mc_charset_encode_cp(cs, cp_of(ch), out);
	if (n != 1)
		fail_msg("%s: %s gave %d bytes", mc_charset_name(cs), ch, n);
	return (uint8_t)out[0];
}

/* glibc's single byte for ch in charset `name`. */
static uint8_t glibc_byte(const char *name, const char *ch)
{
	size_t len = 0;
	char *g = glibc(name, "UTF-8", ch, strlen(ch), &len);
	assert_non_null(g);
	assert_int_equal(len, 1);
	uint8_t b = (uint8_t)g[0];
	free(g);
	return b;
}

/* Every letter: glibc's VISCII byte, read back as the same letter; the six
 * capitals in C0 slots come out as their letter without tone instead. */
static void test_term_viscii_every_letter(void **state)
{
	(void)state;
	static const char *const c0[][2] = {
		{"Ẳ", "Ă"}, {"Ẵ", "Ă"}, {"Ẫ", "Â"}, {"Ỷ", "Y"}, {"Ỹ", "Y"}, {"Ỵ", "Y"},
	};
	char both[sizeof LOWER + sizeof UPPER];
	snprintf(both, sizeof both, "%s%s", LOWER, UPPER);
	int n = 0, sent_c0 = 0;
	for (const char *s = both; *s; n++) {
		char ch[8];
		s += next_char(s, ch);
		uint8_t b = term_byte(MC_CS_VISCII, ch);
		assert_true(b >= 0x20 && b != 0x7F);
		const char *want = ch;
		for (size_t i = 0; i < 6; i++)
			if (strcmp(ch, c0[i][0]) == 0) {
				want = c0[i][1];
				sent_c0++;
			}
		assert_int_equal(b, glibc_byte("VISCII", want));
		assert_int_equal(mc_charset_decode_byte(MC_CS_VISCII, b), cp_of(want));
	}
	assert_int_equal(n, 134);
	assert_int_equal(sent_c0, 6);
	/* own vectors: Nguyễn, ư, Ư, đ, Đ */
	assert_int_equal(term_byte(MC_CS_VISCII, "ễ"), 0xAD);
	assert_int_equal(term_byte(MC_CS_VISCII, "ư"), 0xDF);
	assert_int_equal(term_byte(MC_CS_VISCII, "Ư"), 0xBF);
	assert_int_equal(term_byte(MC_CS_VISCII, "đ"), 0xF0);
	assert_int_equal(term_byte(MC_CS_VISCII, "Đ"), 0xD0);
	assert_int_equal(term_byte(MC_CS_VISCII, "Ạ"), 0x80);  /* C1 slot: a VISCII letter */
}

/* TCVN3: the 67 lower-case letters at glibc's VN1 bytes (they agree there)
 * and back; the seven capitals it has; every other capital as its lower-case
 * letter (still one column). */
static void test_term_tcvn3_every_letter(void **state)
{
	(void)state;
	for (const char *s = LOWER; *s;) {
		char ch[8];
		s += next_char(s, ch);
		uint8_t b = term_byte(MC_CS_TCVN3, ch);
		assert_int_equal(b, glibc_byte("TCVN5712-1", ch));
		assert_int_equal(mc_charset_decode_byte(MC_CS_TCVN3, b), cp_of(ch));
	}
	int held = 0;
	for (const char *s = UPPER, *l = LOWER; *s;) {
		char ch[8], lo[8];
		s += next_char(s, ch);
		l += next_char(l, lo);
		uint8_t b = term_byte(MC_CS_TCVN3, ch);
		assert_true(b >= 0xA0);
		if (mc_charset_decode_byte(MC_CS_TCVN3, b) == (int32_t)cp_of(ch))
			held++;
		else
			assert_int_equal(b, term_byte(MC_CS_TCVN3, lo));
	}
	assert_int_equal(held, 7);  /* Ă Â Đ Ê Ô Ơ Ư */
	assert_int_equal(term_byte(MC_CS_TCVN3, "Đ"), 0xA7);
	assert_int_equal(term_byte(MC_CS_TCVN3, "đ"), 0xAE);
	assert_int_equal(term_byte(MC_CS_TCVN3, "ễ"), 0xD4);
	assert_int_equal(term_byte(MC_CS_TCVN3, "Ễ"), 0xD4);
	/* its Windows-1252 punctuation sits in C1: never sent to a terminal */
	assert_int_equal(term_byte(MC_CS_TCVN3, "…"), '~');
	assert_int_equal(term_byte(MC_CS_TCVN3, "“"), '"');
	assert_int_equal(term_byte(MC_CS_TCVN3, "–"), '-');
}

/* ASCII: letters without marks, đ/Đ as d/D, one byte each. */
static void test_term_ascii_letters(void **state)
{
	(void)state;
	static const char base_lo[] = "aaaaaaaaaaaaaaaaadeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyy";
	const char *s = LOWER, *u = UPPER;
	for (size_t i = 0; *s; i++) {
		char ch[8], up[8];
		s += next_char(s, ch);
		u += next_char(u, up);
		assert_int_equal(term_byte(MC_CS_ASCII, ch), base_lo[i]);
		assert_int_equal(term_byte(MC_CS_ASCII, up), base_lo[i] - 'a' + 'A');
	}
	const char *name = "Nguyễn Văn Đạt";
	char out[64];
	size_t o = 0;
	while (*name) {
		char ch[8], b[4];
		name += next_char(name, ch);
		int n = mc_charset_encode_cp(MC_CS_ASCII, cp_of(ch), b);
		memcpy(out + o, b, (size_t)n);
		o += (size_t)n;
	}
	assert_int_equal(o, strlen("Nguyen Van Dat"));
	assert_memory_equal(out, "Nguyen Van Dat", o);
}

/* Symbols as one-column look-alikes; widths kept; UTF-8 unchanged. */
static void test_term_symbols_and_widths(void **state)
{
	(void)state;
	static const struct { const char *in; char want; } look[] = {
		{"─", '-'}, {"═", '-'}, {"│", '|'}, {"║", '|'}, {"┌", '+'}, {"┘", '+'},
		{"┼", '+'}, {"╬", '+'}, {"╱", '/'}, {"→", '>'}, {"←", '<'}, {"↑", '^'},
		{"↓", 'v'}, {"▸", '>'}, {"•", '*'}, {"·", '.'}, {"…", '~'}, {"█", '#'},
		{"▌", '|'}, {"░", '#'}, {"€", 'E'}, {"₫", 'd'}, {"«", '<'},
		{"ǹ", 'n'}, {"Ω", '?'}, {"\uFFFD", '?'},
	};
	static const mc_charset cs[] = {MC_CS_ASCII, MC_CS_VISCII, MC_CS_TCVN3};
	for (size_t c = 0; c < 3; c++)
		for (size_t i = 0; i < sizeof look / sizeof look[0]; i++) {
			uint8_t b = term_byte(cs[c], look[i].in);
			if (b != (uint8_t)look[i].want)
				fail_msg("%s: %s gave 0x%02X", mc_charset_name(cs[c]), look[i].in, b);
		}
	/* TCVN3 has NBSP at 0xA0; the others show a space */
	assert_int_equal(term_byte(MC_CS_TCVN3, "\u00A0"), 0xA0);
	assert_int_equal(term_byte(MC_CS_VISCII, "\u00A0"), ' ');
	assert_int_equal(term_byte(MC_CS_ASCII, "\u00A0"), ' ');
	char out[4];
	/* zero width: combining marks, C1 controls, zero-width space */
	assert_int_equal(mc_charset_encode_cp(MC_CS_VISCII, 0x0301, out), 0);
	assert_int_equal(mc_charset_encode_cp(MC_CS_ASCII, 0x0085, out), 0);
	assert_int_equal(mc_charset_encode_cp(MC_CS_TCVN3, 0x200B, out), 0);
	/* double width: two columns */
	assert_int_equal(mc_charset_encode_cp(MC_CS_TCVN3, 0x4E2D, out), 2);
	assert_memory_equal(out, "??", 2);
	/* ASCII passes as itself, controls included */
	assert_int_equal(mc_charset_encode_cp(MC_CS_VISCII, 0x1B, out), 1);
	assert_int_equal(out[0], 0x1B);
	/* UTF-8 terminals get UTF-8; bad values U+FFFD */
	assert_int_equal(mc_charset_encode_cp(MC_CS_UTF8, cp_of("ễ"), out), 3);
	assert_memory_equal(out, "ễ", 3);
	assert_int_equal(mc_charset_encode_cp(MC_CS_UTF8, 0xD800, out), 3);
	assert_memory_equal(out, "\uFFFD", 3);
	assert_int_equal(mc_charset_encode_cp(MC_CS_ASCII, 0x110000, out), 1);
	assert_int_equal(out[0], '?');
}

/* Typed bytes: controls stay keys, letters decode, holes are -1. */
static void test_term_decode_byte(void **state)
{
	(void)state;
	static const uint8_t c0[] = {0x02, 0x05, 0x06, 0x14, 0x19, 0x1E, 0x7F, 0x1B, 0x14};
	for (size_t i = 0; i < sizeof c0; i++) {
		assert_int_equal(mc_charset_decode_byte(MC_CS_VISCII, c0[i]), c0[i]);
		assert_int_equal(mc_charset_decode_byte(MC_CS_VPS, c0[i]), c0[i]);
	}
	assert_int_equal(mc_charset_decode_byte(MC_CS_VISCII, 'a'), 'a');
	assert_int_equal(mc_charset_decode_byte(MC_CS_VISCII, 0xAD), 0x1EC5);   /* ễ */
	assert_int_equal(mc_charset_decode_byte(MC_CS_VISCII, 0x80), 0x1EA0);   /* Ạ */
	assert_int_equal(mc_charset_decode_byte(MC_CS_TCVN3, 0xAE), 0x0111);    /* đ */
	assert_int_equal(mc_charset_decode_byte(MC_CS_TCVN3, 0xA7), 0x0110);    /* Đ */
	assert_int_equal(mc_charset_decode_byte(MC_CS_TCVN3, 0xAF), -1);        /* a hole */
	assert_int_equal(mc_charset_decode_byte(MC_CS_CP1258, 0xEC), 0x0301);   /* tone mark */
	assert_int_equal(mc_charset_decode_byte(MC_CS_ASCII, 0xE9), -1);
	assert_int_equal(mc_charset_decode_byte(MC_CS_UTF8, 0xC3), -1);
	assert_int_equal(mc_charset_decode_byte(MC_CS_VIQR, 0xE9), -1);
}

/* By name: iconv converts whatever it knows, around the converter. */
static struct res conv_name(const char *from, const char *to, const char *in, size_t len)
{
	struct res r = {0};
	mc_conv *cv;
	mc_error err = {0};
	size_t cap = 0;
	r.st = mc_conv_open_name(&cv, from, to, &err);
	if (r.st != MC_OK) {
		memcpy(r.msg, err.msg, sizeof r.msg);
		return r;
	}
	r.st = mc_conv_chunk(cv, in, len, &r.out, &r.len, &cap, &err);
	r.stats = *mc_conv_stats_get(cv);
	memcpy(r.msg, err.msg, sizeof r.msg);
	mc_conv_close(cv);
	return r;
}

static void test_iconv_names(void **state)
{
	(void)state;
	/* Excel's "Unicode text": UTF-16LE with a byte-order mark, NFD input
	 * composed on the way in. */
	static const char u16[] = "\xFF\xFE" "N\0g\0u\0y\0\xC5\x1E" "n\0\n\0" "o\0\x02\x03\n\0";
	struct res r = conv_name("utf-16", "utf-8", u16, sizeof u16 - 1);
	assert_int_equal(r.st, MC_OK);
	assert_int_equal(r.len, strlen("Nguyễn\nô\n"));
	assert_memory_equal(r.out, "Nguyễn\nô\n", r.len);
	free(r.out);
	/* UTF-16LE by name keeps no byte-order mark in the text. */
	r = conv_name("UTF-16LE", "utf-8", u16, sizeof u16 - 1);
	assert_int_equal(r.st, MC_OK);
	assert_memory_equal(r.out, "Nguyễn\n", strlen("Nguyễn\n"));
	free(r.out);
	/* CP1252 both ways; a Vietnamese letter it lacks is '?' and counted. */
	r = conv_name("cp1252", "utf-8", "Caf\xE9 \x80\n", 7);
	assert_int_equal(r.st, MC_OK);
	assert_int_equal(r.len, strlen("Café €\n"));
	assert_memory_equal(r.out, "Café €\n", r.len);
	free(r.out);
	r = conv_name("utf-8", "CP1252", "Café\nNguyễn\n", strlen("Café\nNguyễn\n"));
	assert_int_equal(r.st, MC_OK);
	assert_memory_equal(r.out, "Caf\xE9\nNguy?n\n", r.len);
	assert_int_equal(r.stats.lost, 1);
	assert_int_equal(r.stats.first_lost_line, 2);
	assert_int_equal(r.stats.first_lost_col, 5);
	free(r.out);
	/* Own names still go to the own tables; unknown names are refused. */
	r = conv_name("tcvn3", "utf-16le", "\xB8", 1);
	assert_int_equal(r.st, MC_OK);
	assert_memory_equal(r.out, "\xE1\x00", 2);
	free(r.out);
	r = conv_name("klingon", "utf-8", "x", 1);
	assert_int_equal(r.st, MC_EUSAGE);
	assert_non_null(strstr(r.msg, "unknown encoding 'klingon'"));
	/* Bytes iconv refuses are located like the own tables' (ASCII has no
	 * 0x80). */
	r = conv_name("ANSI_X3.4-1968", "utf-8", "ab\ncd\x80", 6);
	assert_int_equal(r.st, MC_EDATA);
	assert_non_null(strstr(r.msg, "byte 0x80"));
	assert_non_null(strstr(r.msg, "line 2"));
	assert_non_null(strstr(r.msg, "byte offset 5"));
	free(r.out);
}

/* A UTF-16 character cut between two chunks, and one cut at the end. */
static void test_iconv_chunks(void **state)
{
	(void)state;
	char in[] = "\xFF\xFE" "a\0\n\0" "\xE1\x00\n\0";
	FILE *f = fmemopen(in, sizeof in - 1, "r");
	char *o = NULL;
	size_t olen = 0;
	FILE *out = open_memstream(&o, &olen);
	mc_error err = {0};
	mc_conv_stats st;
	assert_int_equal(mc_conv_stream_name("utf-16", "utf-8", f, out, &st, &err), MC_OK);
	fclose(out);
	fclose(f);
	assert_int_equal(olen, strlen("a\ná\n"));
	assert_memory_equal(o, "a\ná\n", olen);
	free(o);
	mc_conv *cv;
	size_t cap = 0, len = 0;
	o = NULL;
	assert_int_equal(mc_conv_open_name(&cv, "UTF-16LE", "utf-8", &err), MC_OK);
	/* "a\n" then "á" split after its first byte */
	assert_int_equal(mc_conv_chunk(cv, "a\0\n\0\xE1", 5, &o, &len, &cap, &err), MC_OK);
	assert_int_equal(mc_conv_chunk(cv, "\x00\n\0", 3, &o, &len, &cap, &err), MC_OK);
	assert_int_equal(len, strlen("a\ná\n"));
	assert_memory_equal(o, "a\ná\n", len);
	mc_conv_close(cv);
	free(o);
	char *u = NULL;
	assert_int_equal(mc_charset_decode_name("UTF-16LE", "a\0b", 3, &u, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "ends inside a character"));
	assert_null(u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_names),
		cmocka_unit_test(test_all_letters_round_trip),
		cmocka_unit_test(test_viscii_cp1258_agree_with_glibc),
		cmocka_unit_test(test_tcvn3_lower_case_and_capital_loss),
		cmocka_unit_test(test_tcvn3_punctuation),
		cmocka_unit_test(test_tcvn3_no_vn1_mojibake),
		cmocka_unit_test(test_cp1258_composed_and_decomposed),
		cmocka_unit_test(test_nfd_input_to_viscii),
		cmocka_unit_test(test_vni_greedy_two_byte),
		cmocka_unit_test(test_viqr_escapes),
		cmocka_unit_test(test_invalid_utf8_position),
		cmocka_unit_test(test_cp1258_undefined_byte),
		cmocka_unit_test(test_replace_mode),
		cmocka_unit_test(test_iconv_names),
		cmocka_unit_test(test_iconv_chunks),
		cmocka_unit_test(test_ascii_fallback),
		cmocka_unit_test(test_lost_position_and_nearest_form),
		cmocka_unit_test(test_chunked_equals_one_shot),
		cmocka_unit_test(test_stream_decode_and_bom),
		cmocka_unit_test(test_term_viscii_every_letter),
		cmocka_unit_test(test_term_tcvn3_every_letter),
		cmocka_unit_test(test_term_ascii_letters),
		cmocka_unit_test(test_term_symbols_and_widths),
		cmocka_unit_test(test_term_decode_byte),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
