/* Fees: rules (steps, caps, exemptions), catalog columns, payment and
 * receipts against a real SQLite file. */
#include "testutil.h"

#include "motcua/catalog.h"
#include "motcua/auth.h"
#include "motcua/dossier.h"
#include "motcua/fee_rule.h"
#include "motcua/fees.h"
#include "motcua/lifecycle.h"

static mc_fee_rule rule(int64_t fee, const char *kind, const char *steps, const char *cap,
			const char *exempt)
{
	mc_fee_rule r;
	mc_error err = {0};
	if (mc_fee_rule_parse(fee, kind, steps, cap, exempt, "", &r, &err) != MC_OK)
		fail_msg("rule: %s", err.msg);
	return r;
}

static int64_t due(const mc_fee_rule *r, int64_t fee, int copies, int pages)
{
	mc_fee_quote q;
	mc_error err = {0};
	if (mc_fee_compute(r, fee, copies, pages, NULL, &q, &err) != MC_OK)
		fail_msg("compute: %s", err.msg);
	return q.amount;
}

/* Certified copies (TT 226/2016): 2,000 đồng a page for the first two
 * pages, 1,000 from the third, at most 200,000 a copy. */
static void test_steps_and_cap(void **state)
{
	(void)state;
	mc_fee_rule r = rule(0, "per_page", "1:2000;3:1000", "200000", "");
	assert_int_equal(due(&r, 0, 1, 1), 2000);
	assert_int_equal(due(&r, 0, 1, 2), 4000);
	assert_int_equal(due(&r, 0, 1, 3), 5000);
	assert_int_equal(due(&r, 0, 1, 10), 12000);
	assert_int_equal(due(&r, 0, 3, 5), 21000);           /* 3 copies of 7,000 */
	assert_int_equal(due(&r, 0, 1, 196), 198000);
	assert_int_equal(due(&r, 0, 1, 198), 200000);        /* exactly the cap */
	assert_int_equal(due(&r, 0, 1, 300), 200000);        /* capped per copy */
	assert_int_equal(due(&r, 0, 2, 300), 400000);        /* the cap is per copy */
	/* Three steps, no cap. */
	mc_fee_rule r3 = rule(0, "per_page", "1:5000;4:3000;11:1000", "", "");
	assert_int_equal(due(&r3, 0, 1, 3), 15000);
	assert_int_equal(due(&r3, 0, 1, 4), 18000);
	assert_int_equal(due(&r3, 0, 1, 12), 15000 + 21000 + 2000);
	mc_fee_quote q;
	mc_error err = {0};
	assert_int_equal(mc_fee_compute(&r, 0, 1, 0, NULL, &q, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "pages"));
	assert_int_equal(mc_fee_compute(&r, 0, 0, 3, NULL, &q, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "copies"));
	assert_int_equal(mc_fee_compute(&r, 0, MC_FEE_MAX_COPIES, MC_FEE_MAX_PAGES, NULL, &q,
					&err), MC_OK);
	assert_int_equal(q.amount, (int64_t)MC_FEE_MAX_COPIES * 200000);
}

static void test_fixed_per_copy_free(void **state)
{
	(void)state;
	mc_fee_rule f = rule(50000, "", "", "", "");
	assert_int_equal(f.kind, MC_FEE_FIXED);
	assert_int_equal(due(&f, 50000, 3, 0), 50000);        /* once per dossier */
	mc_fee_rule c = rule(8000, "per_copy", "", "", "");
	assert_int_equal(due(&c, 8000, 3, 0), 24000);
	mc_fee_rule z = rule(0, "", "", "", "");
	assert_int_equal(z.kind, MC_FEE_FREE);
	assert_int_equal(due(&z, 0, 1, 0), 0);
}

static void test_exemptions(void **state)
{
	(void)state;
	mc_fee_rule r = rule(8000, "per_copy", "", "",
			     "on_time=Đăng ký khai sinh đúng hạn|poor=Hộ nghèo");
	assert_int_equal(r.nexempt, 2);
	mc_fee_quote q;
	mc_error err = {0};
	assert_int_equal(mc_fee_compute(&r, 8000, 2, 0, "on_time", &q, &err), MC_OK);
	assert_int_equal(q.amount, 0);
	assert_int_equal(q.exempted, 16000);
	assert_string_equal(q.exempt_reason, "Đăng ký khai sinh đúng hạn");
	assert_int_equal(mc_fee_compute(&r, 8000, 2, 0, "veteran", &q, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "veteran"));
	/* Text round trip. */
	char buf[512];
	mc_fee_rule_exempt_text(&r, buf, sizeof buf);
	assert_string_equal(buf, "on_time=Đăng ký khai sinh đúng hạn|poor=Hộ nghèo");
	mc_fee_rule s = rule(0, "per_page", "1:2000;3:1000", "200000", "");
	mc_fee_rule_steps_text(&s, buf, sizeof buf);
	assert_string_equal(buf, "1:2000;3:1000");
}

static void test_bad_rules(void **state)
{
	(void)state;
	mc_fee_rule r;
	mc_error err = {0};
	struct {
		int64_t fee;
		const char *kind, *steps, *cap, *exempt, *collect, *says;
	} bad[] = {
		{0, "per_page", "", "", "", "", "needs fee_steps"},
		{0, "per_page", "2:1000", "", "", "", "start at page 1"},
		{0, "per_page", "1:2000;1:1000", "", "", "", "go up"},
		{0, "per_page", "1:2.5", "", "", "", "FROM_PAGE:PRICE"},
		{0, "per_page", "1:-5", "", "", "", "FROM_PAGE:PRICE"},
		{0, "per_page", "1:2000", "1e5", "", "", "fee_cap"},
		{0, "fixed", "", "", "", "", "above 0"},
		{5000, "fixed", "1:100", "", "", "", "per_page only"},
		{5000, "free", "", "", "", "", "fee 0"},
		{5000, "monthly", "", "", "", "", "fee_kind"},
		{5000, "fixed", "", "", "On Time=x", "", "key=reason"},
		{5000, "fixed", "", "", "a=x|a=y", "", "twice"},
		{5000, "fixed", "", "", "", "later", "fee_collect"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		mc_status st = mc_fee_rule_parse(bad[i].fee, bad[i].kind, bad[i].steps, bad[i].cap,
						 bad[i].exempt, bad[i].collect, &r, &err);
		if (st != MC_EDATA || !strstr(err.msg, bad[i].says))
			fail_msg("case %zu: status %d, message \"%s\" lacks \"%s\"", i, st, err.msg,
				 bad[i].says);
	}
}

static const char old_csv[] =
	"code,name,field,agency,level,deadline,deadline_unit,fee,documents\n"
	"1.001193,Đăng ký khai sinh,Hộ tịch,UBND cấp xã,Cấp xã,0,day,0,Tờ khai\n"
	"2.000635,Cấp bản sao trích lục,Hộ tịch,UBND cấp xã,Cấp xã,0,day,8000,Tờ khai\n";

static const char new_csv[] =
	"code,name,field,agency,level,deadline,deadline_unit,fee,documents,fee_kind,fee_steps,"
	"fee_cap,fee_exempt,fee_collect\n"
	"1.001193,Đăng ký khai sinh,Hộ tịch,UBND cấp xã,Cấp xã,0,day,0,Tờ khai,,,,,\n"
	"2.000635,Cấp bản sao trích lục,Hộ tịch,UBND cấp xã,Cấp xã,0,day,8000,Tờ khai,per_copy,,,"
	"\"poor=Hộ nghèo, cận nghèo\",return\n"
	"2.000815,Chứng thực bản sao từ bản chính,Chứng thực,UBND cấp xã,Cấp xã,0,day,0,Bản chính,"
	"per_page,1:2000;3:1000,200000,,\n";

static void test_catalog_columns(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = office_store(&t, "000.00.00.H01", "UBND xã Thử", old_csv);
	mc_error err = {0};
	mc_procedure p;
	/* An old file: fee 0 is free, a fee is charged once. */
	assert_int_equal(mc_catalog_get(s, "1.001193", &p, &err), MC_OK);
	assert_int_equal(p.fee_rule.kind, MC_FEE_FREE);
	assert_int_equal(mc_catalog_get(s, "2.000635", &p, &err), MC_OK);
	assert_int_equal(p.fee_rule.kind, MC_FEE_FIXED);
	/* The new columns: two rules change, one is new, one unchanged. */
	char path[300];
	tdir_write(&t, "new.csv", new_csv, path, sizeof path);
	mc_import_stats st;
	assert_int_equal(mc_catalog_import(s, path, NULL, &st, &err), MC_OK);
	assert_int_equal(st.unchanged, 1);
	assert_int_equal(st.updated, 1);
	assert_int_equal(st.added, 1);
	assert_int_equal(mc_catalog_get(s, "2.000635", &p, &err), MC_OK);
	assert_int_equal(p.fee_rule.kind, MC_FEE_PER_COPY);
	assert_true(p.fee_rule.at_return);
	assert_string_equal(p.fee_rule.exempt[0].reason, "Hộ nghèo, cận nghèo");
	assert_int_equal(mc_catalog_get(s, "2.000815", &p, &err), MC_OK);
	assert_int_equal(p.fee_rule.kind, MC_FEE_PER_PAGE);
	assert_int_equal(p.fee_rule.cap, 200000);
	assert_int_equal(due(&p.fee_rule, p.fee, 1, 3), 5000);
	/* Again: nothing changes. */
	assert_int_equal(mc_catalog_import(s, path, NULL, &st, &err), MC_OK);
	assert_int_equal(st.unchanged, 3);
	/* A bad rule refuses the whole file, naming line and column. */
	char bad[300];
	tdir_write(&t, "bad.csv",
		   "code,name,field,agency,level,deadline,deadline_unit,fee,documents,fee_kind\n"
		   "1.001193,Đăng ký khai sinh,Hộ tịch,UBND cấp xã,Cấp xã,0,day,0,Tờ khai,per_page\n",
		   bad, sizeof bad);
	assert_int_equal(mc_catalog_import(s, bad, NULL, &st, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, ":2:"));
	assert_non_null(strstr(err.msg, "fee_steps"));
	mc_store_close(s);
	tdir_remove(&t);
}

static void new_dossier(mc_store *s, const char *proc, char code[64])
{
	mc_intake in = {.procedure_code = proc, .name = "Nguyễn Văn An",
			.id_number = "034091002345", .phone = "0912345678", .user = "mai"};
	mc_dossier *d = malloc(sizeof *d);
	mc_error err = {0};
	if (mc_dossier_intake(s, &in, d, &err) != MC_OK)
		fail_msg("intake: %s", err.msg);
	snprintf(code, 64, "%s", d->code);
	free(d);
}

static void test_pay_void_refund(void **state)
{
	(void)state;
	setenv("MOTCUA_NOW", "2026-03-02 09:00", 1);
	struct tdir t;
	mc_store *s = office_store(&t, "000.00.00.H01", "UBND xã Thử", new_csv);
	mc_error err = {0};
	assert_int_equal(mc_store_setting_set(s, "fees.receipt_form", "01BLP0-001", &err), MC_OK);
	assert_int_equal(mc_store_setting_set(s, "fees.receipt_series", "AB-26E", &err), MC_OK);
	char a[64], b[64];
	new_dossier(s, "2.000635", a);       /* 8,000 per copy */
	new_dossier(s, "2.000635", b);
	mc_fee_due d;
	assert_int_equal(mc_fee_charge(s, a, 2, 0, NULL, "mai", &d, &err), MC_OK);
	assert_int_equal(d.amount, 16000);
	mc_payment p = {.code = a, .amount = 16000, .method = MC_PAY_CASH, .user = "mai"};
	mc_fee_receipt r;
	assert_int_equal(mc_fee_pay(s, &p, &r, &err), MC_OK);
	assert_string_equal(r.receipt_number, "AB-26E/0000001");
	assert_string_equal(r.payer, "Nguyễn Văn An");
	assert_string_equal(r.paid_at, "2026-03-02 09:00");
	/* Default due: one copy. */
	mc_payment q = {.code = b, .amount = 8000, .method = MC_PAY_TRANSFER, .user = "lan"};
	assert_int_equal(mc_fee_pay(s, &q, &r, &err), MC_OK);
	assert_string_equal(r.receipt_number, "AB-26E/0000002");
	assert_int_equal(mc_fee_due_get(s, a, &d, &err), MC_OK);
	assert_int_equal(d.outstanding, 0);
	/* b was paid at the catalog's price of the day: a new price later
	 * does not make it owe more. */
	char path[300];
	tdir_write(&t, "dearer.csv",
		   "code,name,field,agency,level,deadline,deadline_unit,fee,documents,fee_kind\n"
		   "2.000635,Cấp bản sao trích lục,Hộ tịch,UBND cấp xã,Cấp xã,0,day,10000,Tờ khai,"
		   "per_copy\n", path, sizeof path);
	mc_import_stats ist;
	assert_int_equal(mc_catalog_import(s, path, NULL, &ist, &err), MC_OK);
	assert_int_equal(mc_fee_due_get(s, b, &d, &err), MC_OK);
	assert_int_equal(d.amount, 8000);
	assert_int_equal(d.outstanding, 0);
	/* A clerk may not void; a supervisor may, and the fee is due again. */
	mc_auth_set_actor(s, "mai", MC_ROLE_CLERK);
	assert_int_not_equal(mc_fee_void(s, "AB-26E/0000001", "sai", "mai", &r, &err), MC_OK);
	mc_auth_set_actor(s, "hung", MC_ROLE_SUPERVISOR);
	assert_int_equal(mc_fee_void(s, "AB-26E/0000001", "ghi sai người nộp", "hung", &r, &err),
			 MC_OK);
	assert_string_equal(r.status, "voided");
	assert_int_equal(mc_fee_due_get(s, a, &d, &err), MC_OK);
	assert_int_equal(d.outstanding, 16000);
	assert_int_equal(mc_fee_pay(s, &p, &r, &err), MC_OK);
	assert_string_equal(r.receipt_number, "AB-26E/0000003");   /* next, never reused */
	/* Refund only once the dossier is withdrawn. */
	assert_int_equal(mc_fee_refund(s, "AB-26E/0000002", "rút", "hung", &r, &err), MC_EDATA);
	mc_step w = {.kind = MC_STEP_WITHDRAW, .code = b, .user = "hung"};
	assert_int_equal(mc_dossier_step(s, &w, NULL, &err), MC_OK);
	assert_int_equal(mc_fee_refund(s, "AB-26E/0000002", "công dân rút hồ sơ", "hung", &r,
				       &err), MC_OK);
	/* The day: voided and refunded listed, only paid counted. */
	mc_fee_day day;
	assert_int_equal(mc_fee_day_totals(s, "2026-03-02", NULL, &day, &err), MC_OK);
	assert_int_equal(day.total, 16000);
	assert_int_equal(day.by_method[MC_PAY_CASH], 16000);
	assert_int_equal(day.receipts, 1);
	assert_int_equal(day.voided, 1);
	assert_int_equal(day.refunded, 1);
	assert_int_equal(mc_fee_day_totals(s, "2026-03-02", "lan", &day, &err), MC_OK);
	assert_int_equal(day.total, 0);
	assert_int_equal(day.refunded, 1);
	assert_int_equal(mc_fee_day_totals(s, "2026-03-03", NULL, &day, &err), MC_OK);
	assert_int_equal(day.receipts + day.voided + day.refunded, 0);
	mc_store_close(s);
	tdir_remove(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_steps_and_cap),
		cmocka_unit_test(test_fixed_per_copy_free),
		cmocka_unit_test(test_exemptions),
		cmocka_unit_test(test_bad_rules),
		cmocka_unit_test(test_catalog_columns),
		cmocka_unit_test(test_pay_void_refund),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
