/* Printed forms: the template engine, the text and PDF renderers, QR codes,
 * the choice of form set, and whole forms printed from a real store. */
#include "testutil.h"

#include "motcua/catalog.h"
#include "motcua/dossier.h"
#include "motcua/lifecycle.h"
#include "motcua/print.h"

#include <utf8proc.h>

#ifndef TEST_DATA_DIR
#define TEST_DATA_DIR "tests/data"
#endif
#define FORMS_DIR TEST_DATA_DIR "/../../forms/print"

/* Expand and render a template as text into a malloc'd string. */
static char *render(const char *tmpl, const mc_print_vars *v, int width, bool ascii)
{
	mc_print_doc *doc;
	mc_error err = {0};
	if (mc_print_expand(tmpl, "t", v, &doc, &err) != MC_OK)
		fail_msg("expand: %s", err.msg);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_int_equal(mc_print_text(doc, width, ascii, f, &err), MC_OK);
	fclose(f);
	mc_print_doc_free(doc);
	return buf;
}

static int columns(const char *s, size_t len)
{
	int w = 0;
	for (size_t i = 0; i < len; ) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(len - i), &cp);
		assert_true(n > 0);
		w += utf8proc_charwidth(cp);
		i += (size_t)n;
	}
	return w;
}

static int widest_line(const char *text)
{
	int widest = 0;
	for (const char *p = text; *p; ) {
		size_t n = strcspn(p, "\n");
		int w = columns(p, n);
		widest = w > widest ? w : widest;
		p += n + (p[n] == '\n');
	}
	return widest;
}

static void test_sections_and_values(void **state)
{
	(void)state;
	mc_print_vars *v = mc_print_vars_new();
	assert_true(mc_print_vars_set(v, "name", "Lê Văn Đức"));
	assert_true(mc_print_vars_set(v, "empty", ""));
	for (int i = 1; i <= 3; i++) {
		mc_print_vars *it = mc_print_vars_item(v, "docs");
		assert_non_null(it);
		assert_true(mc_print_vars_setf(it, "no", "%d", i));
		assert_true(mc_print_vars_setf(it, "doc", "Giấy %c", 'A' + i - 1));
	}
	/* A key holding a list cannot take a value, and the reverse. */
	assert_false(mc_print_vars_set(v, "docs", "x"));
	assert_null(mc_print_vars_item(v, "name"));
	char *out = render("# a comment\n"
			   "Họ tên: {{name}}\n"
			   "{{#docs}}\n"
			   "  {{no}}. {{doc}} ({{name}})\n"
			   "{{/docs}}\n"
			   "{{^empty}}\nkhông có\n{{/empty}}\n"
			   "{{#empty}}\nẩn\n{{/empty}}\n"
			   "Dòng: {{#docs}}[{{no}}]{{/docs}}{{^docs}}none{{/docs}}{{! note }}\n"
			   "{{empty}}{{missing}}\n"
			   "@@at sign\n", v, 80, false);
	assert_string_equal(out, "Họ tên: Lê Văn Đức\n"
				 "  1. Giấy A (Lê Văn Đức)\n"
				 "  2. Giấy B (Lê Văn Đức)\n"
				 "  3. Giấy C (Lê Văn Đức)\n"
				 "không có\n"
				 "Dòng: [1][2][3]\n"
				 "@at sign\n");
	free(out);
	mc_print_vars_free(v);
}

static void test_values_never_change_layout(void **state)
{
	(void)state;
	mc_print_vars *v = mc_print_vars_new();
	assert_true(mc_print_vars_set(v, "a", "x | y\n@qr *bold*"));
	mc_print_doc *doc;
	mc_error err = {0};
	assert_int_equal(mc_print_expand("@table 1 1\n@tr {{a}} | b\n@end\n{{a}}\n", "t", v, &doc,
					 &err), MC_OK);
	assert_int_equal(doc->nlines, 2);
	assert_int_equal(doc->lines[0].kind, MC_PL_ROW);
	assert_int_equal(doc->lines[0].ncells, 2);
	/* The newline became a space; bar, at sign and stars stay text. */
	assert_string_equal(doc->lines[0].cells[0], "x | y @qr *bold*");
	assert_int_equal(doc->lines[0].bold, 0);
	assert_int_equal(doc->lines[1].kind, MC_PL_TEXT);
	mc_print_doc_free(doc);
	mc_print_vars_free(v);
}

static void expect_error(const char *tmpl, const char *fragment)
{
	mc_print_vars *v = mc_print_vars_new();
	mc_print_doc *doc = NULL;
	mc_error err = {0};
	assert_int_equal(mc_print_expand(tmpl, "form.tmpl", v, &doc, &err), MC_EDATA);
	assert_null(doc);
	if (!strstr(err.msg, fragment))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, fragment);
	mc_print_vars_free(v);
}

static void test_template_errors_name_the_line(void **state)
{
	(void)state;
	expect_error("a\n{{#docs}}\nb\n", "form.tmpl:2: section {{docs}} is never closed");
	expect_error("a\nb\n{{/docs}}\n", "form.tmpl:3: {{/docs}} closes a section");
	expect_error("x {{name\n", "form.tmpl:1: a {{ placeholder is not closed");
	expect_error("ok\n@frobnicate x\n", "form.tmpl:2: unknown directive @frobnicate");
	expect_error("@table 1 2\n@tr a\n@end\n", "form.tmpl:2: a table row needs 2 cells");
	expect_error("@tr a | b\n", "form.tmpl:1: @tr outside @table");
	expect_error("@table 1\n@tr a\n", "is not closed with @end");
	expect_error("@pair only one\n", "@pair needs two halves");
	expect_error("@table x\n@end\n", "@table wants 1 to 16 column widths");
	expect_error("a {{#x}} b\n", "section {{x}} is not closed on its line");
}

static void test_text_layout(void **state)
{
	(void)state;
	mc_print_vars *v = mc_print_vars_new();
	assert_true(mc_print_vars_set(v, "long",
		"Giấy tờ chứng minh đã ly hôn hoặc vợ hoặc chồng đã chết, bản sao có chứng thực "
		"hoặc bản sao kèm bản chính để đối chiếu, kèm theo các giấy tờ khác theo quy định "
		"của pháp luật về hộ tịch và cư trú hiện hành"));
	const char *tmpl = "@center *CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM*\n"
			   "@pair *UBND xã* | *Độc lập - Tự do - Hạnh phúc*\n"
			   "1. {{long}}\n"
			   "@table 1 3\n@th *A* | *B*\n@tr x | {{long}}\n@end\n"
			   "@right {{long}}\n";
	for (int width = 80; width <= 132; width += 52) {
		char *out = render(tmpl, v, width, false);
		assert_true(widest_line(out) <= width);
		/* Centred: (width - 34) / 2 spaces before the motto line. */
		char want[200];
		snprintf(want, sizeof want, "%*sCỘNG HÒA", (width - 34) / 2, "");
		assert_non_null(strstr(out, want));
		assert_non_null(strstr(out, "┌"));
		assert_non_null(strstr(out, "┘"));
		/* Continuation lines of "1. ..." hang after the marker. */
		assert_non_null(strstr(out, "\n   "));
		free(out);
	}
	char *out = render(tmpl, v, 80, true);
	assert_null(strstr(out, "┌"));
	assert_non_null(strstr(out, "+---"));
	assert_true(widest_line(out) <= 80);
	free(out);
	mc_print_vars_free(v);
}

static void test_qr(void **state)
{
	(void)state;
	mc_qr qr;
	mc_error err = {0};
	assert_int_equal(mc_qr_encode("000.17.22.H56-260213-0001", &qr, &err), MC_OK);
	/* 25 bytes at level M: version 2, 25 modules a side. */
	assert_int_equal(qr.size, 25);
	/* Finder pattern, top left: dark ring, light ring, dark 3x3 core. */
	for (int i = 0; i < 7; i++) {
		assert_true(mc_qr_at(&qr, i, 0) && mc_qr_at(&qr, 0, i) && mc_qr_at(&qr, i, 6));
	}
	assert_false(mc_qr_at(&qr, 1, 1));
	assert_true(mc_qr_at(&qr, 3, 3));
	assert_false(mc_qr_at(&qr, 7, 7));  /* separator */
	assert_false(mc_qr_at(&qr, -1, 0)); /* outside */
	mc_qr_free(&qr);
	assert_int_equal(mc_qr_encode("", &qr, &err), MC_EDATA);

	mc_print_vars *v = mc_print_vars_new();
	assert_true(mc_print_vars_set(v, "qr", "000.17.22.H56-260213-0001"));
	char *out = render("@qr\n", v, 80, false);
	/* 25 modules + 2 quiet modules each side = 29 rows → 15 text lines. */
	int lines = 0;
	for (const char *p = out; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 15);
	assert_non_null(strstr(out, "█▀▀▀▀▀█"));
	free(out);
	out = render("{{qr}}\n", v, 80, true);
	assert_string_equal(out, "[QR: 000.17.22.H56-260213-0001]\n");
	free(out);
	mc_print_vars_free(v);
}

static void test_form_sets(void **state)
{
	(void)state;
	const mc_form_info *f;
	mc_error err = {0};
	/* R19: from the date of Circular 03/2025 (15 Sep 2025), not 1 Jul. */
	assert_string_equal(mc_form_set_for_date("2025-07-01 07:00"), "2018");
	assert_string_equal(mc_form_set_for_date("2025-09-14 16:59"), "2018");
	assert_string_equal(mc_form_set_for_date("2025-09-15 07:00"), "2025");
	assert_int_equal(mc_form_resolve("2018", "mau01", &f, &err), MC_OK);
	assert_int_equal(f->kind, MC_FORM_RECEIPT);
	assert_int_equal(mc_form_resolve("2025", "Mẫu số 05", &f, &err), MC_OK);
	assert_int_equal(f->kind, MC_FORM_STOP);
	assert_int_equal(mc_form_resolve("2018", "5", &f, &err), MC_OK);
	assert_int_equal(f->kind, MC_FORM_CONTROL);
	assert_int_equal(mc_form_resolve("2025", "06", &f, &err), MC_OK);
	assert_int_equal(f->kind, MC_FORM_CONTROL);
	assert_int_equal(mc_form_resolve("2025", "extend", &f, &err), MC_OK);
	assert_int_equal(f->number, 4);
	assert_int_equal(mc_form_resolve("2025", "register", &f, &err), MC_OK);
	assert_int_equal(f->number, 7);
	assert_int_equal(mc_form_resolve("2018", "07", &f, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "Mẫu 07 is not a form of the 2018 set"));
	assert_int_equal(mc_form_resolve("2018", "stop", &f, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "2018 set"));
	assert_int_equal(mc_form_resolve("2025", "nonsense", &f, &err), MC_EDATA);
	size_t n;
	assert_non_null(mc_form_list("2018", &n));
	assert_int_equal(n, 6);
	assert_non_null(mc_form_list("2025", &n));
	assert_int_equal(n, 7);
	assert_null(mc_form_list("2020", &n));
}

/* ---- whole forms from a store ---------------------------------------------------- */

#define CSV "code,name,field,agency,level,deadline,deadline_unit,fee,documents\n" \
	"1.004873,Cấp Giấy xác nhận tình trạng hôn nhân,Hộ tịch,UBND cấp xã,Cấp xã,3,day,0," \
	"Tờ khai|Giấy tờ tùy thân\n" \
	"2.000908,Chứng thực bản sao từ bản chính,Chứng thực,UBND cấp xã,Cấp xã,4,hour,2000," \
	"Bản chính\n"

static mc_store *setup(struct tdir *t)
{
	mc_store *s = office_store(t, "000.17.22.H56", "UBND xã Quảng Phú", CSV);
	setenv("MOTCUA_NOW", "2026-03-02 09:00", 1);
	return s;
}

static void intake(mc_store *s, const char *proc, const char *name, const char *at,
		   const bool *docs, mc_dossier *d)
{
	mc_error err = {0};
	mc_intake in = {.procedure_code = proc, .name = name, .id_number = "034091002345",
			.phone = "0912345678", .address = "thôn Đông", .received_at = at,
			.user = "mai", .documents_received = docs};
	if (mc_dossier_intake(s, &in, d, &err) != MC_OK)
		fail_msg("intake: %s", err.msg);
}

static char *print_form(mc_store *s, const char *form, const char *code, mc_print_format fmt,
			mc_status want, mc_error *err)
{
	mc_print_opts o = {.format = fmt, .forms_dir = FORMS_DIR};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	mc_status st = code ? mc_print_dossier(s, form, code, &o, f, err)
			    : mc_print_register(s, form, "2026-02-01", "2026-02-28", &o, f, err);
	fclose(f);
	if (st != want)
		fail_msg("print %s: status %d, %s", form, st, err->msg);
	return buf;
}

static void test_receipt_by_form_set(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_dossier old, cur;
	intake(s, "2.000908", "Trần Thị Bình", "2025-06-30 14:00", NULL, &old);
	intake(s, "1.004873", "Nguyễn Văn Ánh", "2026-02-13 10:00", NULL, &cur);
	assert_string_equal(old.form_set, "2018");
	mc_error err = {0};
	char *out = print_form(s, "01", old.code, MC_PRINT_TEXT, MC_OK, &err);
	assert_non_null(strstr(out, "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"));
	assert_non_null(strstr(out, "Tiếp nhận hồ sơ của: Trần Thị Bình"));
	assert_non_null(strstr(out, "7. Phí, lệ phí: 2.000 đồng"));
	assert_non_null(strstr(out, "4 giờ làm việc"));
	assert_non_null(strstr(out, "14 giờ 00 phút, ngày 30 tháng 6 năm 2025"));
	assert_true(widest_line(out) <= 80);
	free(out);
	out = print_form(s, "receipt", cur.code, MC_PRINT_TEXT, MC_OK, &err);
	assert_non_null(strstr(out, "BỘ PHẬN MỘT CỬA"));
	assert_non_null(strstr(out, "Ông/Bà: Nguyễn Văn Ánh"));
	assert_non_null(strstr(out, "│ 1   │ Tờ khai"));        /* papers as a table (R18) */
	assert_non_null(strstr(out, "│ 2   │ Giấy tờ tùy thân"));
	assert_non_null(strstr(out, "ngày 13 tháng 02 năm 2026"));   /* received, not today */
	assert_null(strstr(out, "Phí, lệ phí"));                   /* free procedure */
	assert_non_null(strstr(out, "▀"));                          /* the QR code */
	free(out);
	/* Mẫu 07 does not exist in the 2018 set. */
	out = print_form(s, "07", old.code, MC_PRINT_TEXT, MC_EDATA, &err);
	assert_non_null(strstr(err.msg, "not a form of the 2018 set"));
	free(out);
	/* The register is printed for a period, not a dossier. */
	out = print_form(s, "07", cur.code, MC_PRINT_TEXT, MC_EDATA, &err);
	assert_non_null(strstr(err.msg, "register"));
	free(out);
	mc_store_close(s);
	tdir_remove(&t);
}

static void test_forms_from_history(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	bool docs[] = {true, false};
	mc_dossier d, full;
	intake(s, "1.004873", "Phạm Thị Hoa", "2026-02-16 09:00", docs, &d);
	intake(s, "1.004873", "Lò Văn Sơn", "2026-02-17 09:00", NULL, &full);
	mc_error err = {0};
	/* Mẫu 02 from the paper not ticked at intake. */
	char *out = print_form(s, "02", d.code, MC_PRINT_TEXT, MC_OK, &err);
	assert_non_null(strstr(out, "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"));
	assert_non_null(strstr(out, "Giấy tờ tùy thân"));
	assert_null(strstr(out, "Tờ khai"));
	free(out);
	/* Nothing missing and no supplement step: nothing to print. */
	out = print_form(s, "supplement", full.code, MC_PRINT_TEXT, MC_EDATA, &err);
	assert_non_null(strstr(err.msg, "no supplement"));
	free(out);
	out = print_form(s, "03", full.code, MC_PRINT_TEXT, MC_EDATA, &err);
	assert_non_null(strstr(err.msg, "no refuse"));
	free(out);
	out = print_form(s, "04", full.code, MC_PRINT_TEXT, MC_EDATA, &err);
	assert_non_null(strstr(err.msg, "no extend"));
	free(out);
	/* The control slip prints before any hand-over, with a blank row. */
	out = print_form(s, "control", full.code, MC_PRINT_TEXT, MC_OK, &err);
	assert_non_null(strstr(out, "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"));
	assert_non_null(strstr(out, "(Kèm theo hồ sơ của: Lò Văn Sơn)"));
	assert_non_null(strstr(out, "│ 1. Giao: Bộ phận"));
	assert_non_null(strstr(out, "│ 2. Nhận: "));
	free(out);
	/* The register of February: both dossiers, in receipt order. */
	out = print_form(s, NULL, NULL, MC_PRINT_TEXT, MC_OK, &err);
	char *a = strstr(out, "16/02/2026"), *b = strstr(out, "17/02/2026");
	assert_true(a && b && a < b);
	assert_non_null(strstr(out, "Tổng số: 2 hồ sơ."));
	assert_non_null(strstr(out, "Phạm Thị"));
	assert_true(widest_line(out) <= 132);
	free(out);
	mc_store_close(s);
	tdir_remove(&t);
}

/* Like assert_non_null(strstr()), showing the text when it fails. */
static void contains(const char *text, const char *want)
{
	if (!strstr(text, want)) {
		fprintf(stderr, "%s\n", text);
		fail_msg("\"%s\" not in the text above", want);
	}
}

static void step(mc_store *s, const char *code, mc_step_kind kind, const char *at,
		 const char *text, const char *to, const char *until)
{
	mc_error err = {0};
	mc_step st = {.kind = kind, .code = code, .user = "mai", .at = at, .text = text, .to = to,
		      .until = until, .by = kind == MC_STEP_RETURN ? "post" : NULL};
	if (mc_dossier_step(s, &st, NULL, &err) != MC_OK)
		fail_msg("%s: %s", mc_step_name(kind), err.msg);
}

static void test_forms_after_lifecycle_steps(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_dossier a, b, c, old;
	intake(s, "1.004873", "Đặng Thu Hà", "2026-02-16 09:00", NULL, &a);
	intake(s, "1.004873", "Vũ Minh Khoa", "2026-02-17 09:00", NULL, &b);
	intake(s, "1.004873", "Hồ Gia Bảo", "2026-02-18 09:00", NULL, &c);
	intake(s, "1.004873", "Lý Thị Mai", "2025-06-02 09:00", NULL, &old);
	step(s, a.code, MC_STEP_SUPPLEMENT, "2026-02-16 10:00", "Bản sao CCCD; Giấy khai sinh",
	     NULL, NULL);
	step(s, b.code, MC_STEP_REFUSE, "2026-02-17 10:00", "Không thuộc thẩm quyền", NULL, NULL);
	step(s, c.code, MC_STEP_TRANSFER, "2026-02-18 10:00", NULL, "Phòng Tư pháp", NULL);
	step(s, c.code, MC_STEP_EXTEND, "2026-02-20 10:00", "Chờ xác minh", NULL,
	     "2026-02-27 09:00");
	step(s, c.code, MC_STEP_RESULT, "2026-02-26 16:00", NULL, NULL, NULL);
	step(s, c.code, MC_STEP_RETURN, "2026-02-27 08:00", NULL, "Hồ Gia Bảo", NULL);
	step(s, old.code, MC_STEP_STOP, "2025-06-03 09:00", "Theo yêu cầu của cơ quan", NULL,
	     NULL);
	mc_error err = {0};
	/* Mẫu 02: one row per paper asked for in the supplement step. */
	char *out = print_form(s, "02", a.code, MC_PRINT_TEXT, MC_OK, &err);
	contains(out, "│ 1    │ Bản sao CCCD ");
	contains(out, "│ 2    │ Giấy khai sinh ");
	free(out);
	out = print_form(s, "03", b.code, MC_PRINT_TEXT, MC_OK, &err);
	contains(out, "    Không thuộc thẩm quyền");
	free(out);
	/* Mẫu 04 (2025): the appointment missed, the reason, the new one. */
	out = print_form(s, "apology", c.code, MC_PRINT_TEXT, MC_OK, &err);
	contains(out, "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN");
	contains(out, "Thời gian hẹn trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, "
		 "ngày 23 tháng 02 năm");
	contains(out, "Lý do: Chờ xác minh");
	contains(out, "giải quyết hồ sơ đến: 09 giờ 00 phút, ngày 27 tháng 02 năm 2026.");
	free(out);
	/* The control slip: to the department, back to the counter, late
	 * against the statutory appointment (23 Feb) although before the new
	 * one, with the apology named beside it (docs/rules.md R3). */
	out = print_form(s, "control", c.code, MC_PRINT_TEXT, MC_OK, &err);
	contains(out, "│ 2. Nhận: Phòng Tư ");
	contains(out, "│ 1. Giao: Phòng Tư ");
	contains(out, "│ quá hạn (có ");
	contains(out, "│ văn bản xin ");
	free(out);
	/* The stop notice exists only in the 2025 set. */
	out = print_form(s, "stop", old.code, MC_PRINT_TEXT, MC_EDATA, &err);
	assert_non_null(strstr(err.msg, "2018 set"));
	free(out);
	out = print_form(s, "05", old.code, MC_PRINT_TEXT, MC_OK, &err);
	contains(out, "PHIẾU KIỂM SOÁT");   /* Mẫu 05 of 2018 */
	free(out);
	/* The register shows the return date and the channel. */
	out = print_form(s, NULL, NULL, MC_PRINT_TEXT, MC_OK, &err);
	contains(out, "│ 27/02/2026 │ 27/02/2026 │ Bưu ");
	contains(out, "│ Phòng   │");
	contains(out, "Tổng số: 3 hồ sơ.");   /* received in February */
	free(out);
	mc_store_close(s);
	tdir_remove(&t);
}

static void test_stop_notice_2025(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_dossier d, w;
	intake(s, "1.004873", "Đinh Văn Long", "2026-02-16 09:00", NULL, &d);
	intake(s, "1.004873", "Ngô Thị Yến", "2026-02-16 10:00", NULL, &w);
	step(s, d.code, MC_STEP_STOP, "2026-02-17 09:00", "Hồ sơ giả mạo", NULL, NULL);
	step(s, w.code, MC_STEP_WITHDRAW, "2026-02-17 09:00", NULL, NULL, NULL);
	mc_error err = {0};
	char *out = print_form(s, "05", d.code, MC_PRINT_TEXT, MC_OK, &err);
	contains(out, "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ");
	contains(out, "Lý do: Hồ sơ giả mạo");
	assert_null(strstr(out, "Theo đề nghị rút hồ sơ"));
	free(out);
	out = print_form(s, "stop", w.code, MC_PRINT_TEXT, MC_OK, &err);
	contains(out, "Theo đề nghị rút hồ sơ của Ông/Bà");
	free(out);
	mc_store_close(s);
	tdir_remove(&t);
}

static void test_pdf_and_postscript(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_dossier d;
	intake(s, "1.004873", "Nguyễn Thị Ngọc Ánh", "2026-02-13 10:00", NULL, &d);
	mc_error err = {0};
	char *out = print_form(s, "01", d.code, MC_PRINT_PDF, MC_OK, &err);
	assert_memory_equal(out, "%PDF-", 5);
	free(out);
	out = print_form(s, "06", d.code, MC_PRINT_PS, MC_OK, &err);
	assert_memory_equal(out, "%!PS", 4);
	free(out);
	out = print_form(s, NULL, NULL, MC_PRINT_PDF, MC_OK, &err);
	assert_memory_equal(out, "%PDF-", 5);
	free(out);
	/* A missing font file is one clear message naming file and package. */
	setenv("MOTCUA_PRINT_FONT", "/nonexistent/Font.ttf", 1);
	out = print_form(s, "01", d.code, MC_PRINT_PDF, MC_ESYS, &err);
	assert_non_null(strstr(err.msg, "/nonexistent/Font.ttf"));
	assert_non_null(strstr(err.msg, "fonts-liberation2"));
	free(out);
	unsetenv("MOTCUA_PRINT_FONT");
	mc_store_close(s);
	tdir_remove(&t);
}

/* R18: the date line is the date of the act, a reprint keeps it; the
 * place is office.place, else the commune's name; Mẫu 01 has the Email
 * line and a table of papers with originals and copies. */
static void test_date_line_and_place(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_dossier d;
	intake(s, "1.004873", "Đặng Thu Hà", "2026-02-16 09:00", NULL, &d);
	mc_error err = {0};
	char *out = print_form(s, "01", d.code, MC_PRINT_TEXT, MC_OK, &err);
	/* Received 16 Feb, printed 2 Mar: the receipt says 16 Feb, at Quảng
	 * Phú (not "UBND xã Quảng Phú"). */
	contains(out, "Quảng Phú, ngày 16 tháng 02 năm 2026");
	assert_null(strstr(out, "UBND xã Quảng Phú, ngày"));
	assert_null(strstr(out, "ngày 02 tháng 03 năm 2026"));
	contains(out, "Email: ....");
	contains(out, "│ Bản chính  │  Bản sao   │");
	contains(out, "Quyển số: ........, Số thứ tự: ........");
	free(out);
	/* A refusal prints the day of the refusal, even reprinted a month on. */
	mc_step rf = {.kind = MC_STEP_REFUSE, .code = d.code, .user = "mai",
		      .at = "2026-02-17 10:00", .text = "Không thuộc thẩm quyền"};
	assert_int_equal(mc_dossier_step(s, &rf, NULL, &err), MC_OK);
	setenv("MOTCUA_NOW", "2026-04-02 09:00", 1);
	out = print_form(s, "03", d.code, MC_PRINT_TEXT, MC_OK, &err);
	contains(out, "Quảng Phú, ngày 17 tháng 02 năm 2026");
	free(out);
	/* The setting office.place wins. */
	assert_int_equal(mc_store_setting_set(s, "office.place", "Sơn La", &err), MC_OK);
	out = print_form(s, "01", d.code, MC_PRINT_TEXT, MC_OK, &err);
	contains(out, "Sơn La, ngày 16 tháng 02 năm 2026");
	free(out);
	mc_store_close(s);
	tdir_remove(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sections_and_values),
		cmocka_unit_test(test_values_never_change_layout),
		cmocka_unit_test(test_template_errors_name_the_line),
		cmocka_unit_test(test_text_layout),
		cmocka_unit_test(test_qr),
		cmocka_unit_test(test_form_sets),
		cmocka_unit_test(test_receipt_by_form_set),
		cmocka_unit_test(test_forms_from_history),
		cmocka_unit_test(test_forms_after_lifecycle_steps),
		cmocka_unit_test(test_stop_notice_2025),
		cmocka_unit_test(test_date_line_and_place),
		cmocka_unit_test(test_pdf_and_postscript),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
