/* The counter's corrections and printing (issue 13 §2): applicant typo
 * fixes with old and new value in the history and the clerk's same-day
 * rule, void of a wrong intake (supervisor only, code never reused, no
 * step afterwards), guidance slips that take no dossier code, and lp run
 * with an argument list (a fake lp records argv; a queue name holding a
 * shell command runs nothing). */
#include "testutil.h"

#include "motcua/auth.h"
#include "motcua/calendar.h"
#include "motcua/counter.h"
#include "motcua/dossier.h"
#include "motcua/guidance.h"
#include "motcua/lifecycle.h"
#include "motcua/spool.h"

#include <sys/stat.h>

#define CSV "code,name,field,agency,level,deadline,deadline_unit,fee,documents\n" \
	"1.004873,Cấp Giấy xác nhận tình trạng hôn nhân,Hộ tịch,UBND cấp xã,Cấp xã,3,day,0,Tờ khai\n"

static mc_store *setup(struct tdir *t)
{
	setenv("MOTCUA_NOW", "2026-12-07 08:00", 1);
	return office_store(t, "000.17.22.H56", "UBND xã Quảng Phú", CSV);
}

static void teardown(mc_store *s, struct tdir *t)
{
	unsetenv("MOTCUA_NOW");
	mc_store_close(s);
	tdir_remove(t);
}

static void take(mc_store *s, const char *user, mc_dossier *d)
{
	mc_error err = {0};
	mc_auth_set_actor(s, user, MC_ROLE_CLERK);
	mc_intake in = {.procedure_code = "1.004873", .name = "Nguyễn Văn Anh",
			.id_number = "034091002345", .phone = "0912345678", .user = user};
	if (mc_dossier_intake(s, &in, d, &err) != MC_OK)
		fail_msg("intake: %s", err.msg);
}

struct last {
	mc_event e;
	int n;
};

static int keep_last(const mc_event *e, void *ctx)
{
	struct last *l = ctx;
	l->e = *e;
	l->n++;
	return 0;
}

static void last_event(mc_store *s, const mc_dossier *d, struct last *l)
{
	mc_error err = {0};
	memset(l, 0, sizeof *l);
	assert_int_equal(mc_dossier_events(s, d->id, keep_last, l, &err), MC_OK);
}

static void test_correct(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_dossier d, g;
	mc_error err = {0};
	take(s, "mai", &d);
	/* The clerk who took it in, the same day. */
	assert_int_equal(mc_dossier_correct(s, d.code, "name", "Nguyễn Văn  An", "mai", &err),
			 MC_OK);
	assert_int_equal(mc_dossier_get(s, d.code, &g, &err), MC_OK);
	assert_string_equal(g.applicant.name, "Nguyễn Văn An");
	struct last l;
	last_event(s, &d, &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.e.action, "correct");
	assert_string_equal(l.e.user, "mai");
	assert_non_null(strstr(l.e.data, "\"old\":\"Nguyễn Văn Anh\""));
	assert_non_null(strstr(l.e.data, "\"new\":\"Nguyễn Văn An\""));
	assert_non_null(strstr(l.e.data, "\"field\":\"name\""));
	/* Checked as at intake; nothing written on a refusal. */
	assert_int_equal(mc_dossier_correct(s, d.code, "phone", "12", "mai", &err), MC_EDATA);
	assert_int_equal(mc_dossier_correct(s, d.code, "status", "x", "mai", &err), MC_EUSAGE);
	/* Another clerk, or the next day: refused; a supervisor may. */
	mc_auth_set_actor(s, "lan", MC_ROLE_CLERK);
	assert_int_equal(mc_dossier_correct(s, d.code, "phone", "0987654321", "lan", &err),
			 MC_EDATA);
	setenv("MOTCUA_NOW", "2026-12-08 08:00", 1);
	mc_auth_set_actor(s, "mai", MC_ROLE_CLERK);
	assert_int_equal(mc_dossier_correct(s, d.code, "phone", "0987654321", "mai", &err),
			 MC_EDATA);
	assert_non_null(strstr(err.msg, "ask a supervisor"));
	last_event(s, &d, &l);
	assert_int_equal(l.n, 2);
	mc_auth_set_actor(s, "hung", MC_ROLE_SUPERVISOR);
	assert_int_equal(mc_dossier_correct(s, d.code, "phone", "0987654321", "hung", &err),
			 MC_OK);
	assert_int_equal(mc_dossier_get(s, d.code, &g, &err), MC_OK);
	assert_string_equal(g.applicant.phone, "0987654321");
	teardown(s, &t);
}

static void test_void(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_dossier a, b, c;
	mc_error err = {0};
	take(s, "mai", &a);
	take(s, "mai", &b);
	assert_int_equal(mc_dossier_void(s, a.code, "nhập nhầm", "mai", &err), MC_EDATA);
	mc_auth_set_actor(s, "hung", MC_ROLE_SUPERVISOR);
	assert_int_equal(mc_dossier_void(s, a.code, "  ", "hung", &err), MC_EDATA);
	assert_int_equal(mc_dossier_void(s, a.code, "nhập nhầm", "hung", &err), MC_OK);
	assert_int_equal(mc_dossier_get(s, a.code, &c, &err), MC_OK);
	assert_int_equal(c.status, MC_DS_VOIDED);
	assert_string_equal(mc_dossier_status_key(c.status), "voided");
	struct last l;
	last_event(s, &a, &l);
	assert_string_equal(l.e.action, "void");
	assert_string_equal(l.e.from_status, "accepted");
	assert_string_equal(l.e.to_status, "voided");
	assert_string_equal(l.e.note, "nhập nhầm");
	assert_int_equal(mc_dossier_void(s, a.code, "again", "hung", &err), MC_EDATA);
	/* No step and no correction on a voided dossier. */
	mc_step st = {.kind = MC_STEP_TRANSFER, .code = a.code, .to = "Tư pháp"};
	assert_int_equal(mc_dossier_step(s, &st, NULL, &err), MC_EDATA);
	assert_int_equal(mc_step_allowed(MC_DS_VOIDED, (mc_step_kind[MC_STEP_COUNT]){0},
					 MC_STEP_COUNT), 0);
	assert_int_equal(mc_dossier_correct(s, a.code, "phone", "0987654321", "hung", &err),
			 MC_EDATA);
	/* The code is never given again. */
	take(s, "mai", &c);
	assert_string_equal(c.code, "000.17.22.H56-261207-0003");
	(void)b;
	teardown(s, &t);
}

static void test_guidance(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_error err = {0};
	mc_guidance g;
	mc_guidance_in in = {.procedure_code = "1.004873", .name = "Phạm Thị Dung",
			     .missing = "Tờ khai; Giấy tờ tùy thân", .user = "mai",
			     .phone = "0911 222 333"};
	assert_int_equal(mc_guidance_add(s, &in, &g, &err), MC_OK);
	assert_int_equal(g.id, 1);
	assert_string_equal(g.phone, "0911222333");
	assert_string_equal(g.given_at, "2026-12-07 08:00");
	in.missing = "";
	assert_int_equal(mc_guidance_add(s, &in, NULL, &err), MC_EDATA);
	in.missing = "x";
	in.procedure_code = "9.9";
	assert_int_equal(mc_guidance_add(s, &in, NULL, &err), MC_EDATA);
	int n = -1;
	assert_int_equal(mc_guidance_count(s, "2026-12-07", "2026-12-07", NULL, &n, &err), MC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(mc_guidance_count(s, "2026-12-08", NULL, NULL, &n, &err), MC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(mc_guidance_count(s, NULL, NULL, "lan", &n, &err), MC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(mc_guidance_count(s, "2026-12-08", "2026-12-07", NULL, &n, &err),
			 MC_EDATA);
	/* Not a dossier: the first intake still gets sequence 0001. */
	mc_dossier d;
	take(s, "mai", &d);
	assert_string_equal(d.code, "000.17.22.H56-261207-0001");
	teardown(s, &t);
}

/* A fake lp that writes its argv, one a line, to dir/argv. */
static void fake_lp(struct tdir *t, char *path, size_t pathsz)
{
	char script[1024];
	snprintf(script, sizeof script,
		 "#!/bin/sh\nprintf '%%s\\n' \"$@\" > '%s/argv'\nexit ${FAKE_LP_EXIT:-0}\n",
		 t->path);
	tdir_write(t, "lp", script, path, pathsz);
	assert_int_equal(chmod(path, 0755), 0);
}

static void read_file(const char *path, char *buf, size_t bufsz)
{
	FILE *f = fopen(path, "r");
	buf[0] = '\0';
	if (!f)
		return;
	size_t n = fread(buf, 1, bufsz - 1, f);
	buf[n] = '\0';
	fclose(f);
}

static void test_spool(void **state)
{
	(void)state;
	struct tdir t;
	tdir_make(&t);
	char lp[512], doc[512], argv_path[600], got[2048], want[1024];
	fake_lp(&t, lp, sizeof lp);
	tdir_write(&t, "receipt.txt", "GIẤY TIẾP NHẬN\n", doc, sizeof doc);
	snprintf(argv_path, sizeof argv_path, "%s/argv", t.path);
	setenv("MOTCUA_LP", lp, 1);
	mc_error err = {0};
	assert_int_equal(mc_spool_print("quay-2.A_b", doc, "receipt_printer", &err), MC_OK);
	read_file(argv_path, got, sizeof got);
	snprintf(want, sizeof want, "-d\nquay-2.A_b\n--\n%s\n", doc);
	assert_string_equal(got, want);
	/* lp failing is reported with the queue. */
	setenv("FAKE_LP_EXIT", "3", 1);
	assert_int_equal(mc_spool_print("quay2", doc, NULL, &err), MC_ESYS);
	assert_non_null(strstr(err.msg, "quay2"));
	unsetenv("FAKE_LP_EXIT");
	/* Old settings holding commands are refused and run nothing. */
	static const char *const bad[] = {
		"x; touch %s/pwned", "lp -d quay2", "$(touch %s/pwned)", "`touch %s/pwned`",
		"-oraw", "a|b", "", "q\ntouch %s/pwned",
	};
	remove(argv_path);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char q[600];
		snprintf(q, sizeof q, bad[i], t.path);
		assert_false(mc_spool_queue_valid(q));
		assert_int_equal(mc_spool_print(q, doc, "kiosk_printer", &err), MC_EDATA);
		assert_non_null(strstr(err.msg, "motcua config set kiosk_printer"));
	}
	char pwned[600];
	snprintf(pwned, sizeof pwned, "%s/pwned", t.path);
	assert_int_not_equal(access(pwned, F_OK), 0);
	assert_int_not_equal(access(argv_path, F_OK), 0);  /* lp never ran */
	/* A missing lp is a system error naming the package. */
	setenv("MOTCUA_LP", "/nonexistent/lp", 1);
	assert_int_equal(mc_spool_print("quay2", doc, NULL, &err), MC_ESYS);
	assert_non_null(strstr(err.msg, "cups-client"));
	unsetenv("MOTCUA_LP");
	tdir_remove(&t);
}

struct codes {
	char list[1024];
	int64_t minutes[8];
	int n;
};

static int due_code(const mc_due_row *w, void *ctx)
{
	struct codes *c = ctx;
	size_t len = strlen(c->list);
	snprintf(c->list + len, sizeof c->list - len, "%s%s", len ? " " : "", w->d->code + 14);
	if (c->n < 8)
		c->minutes[c->n++] = w->minutes;
	return 0;
}

static int day_code(const mc_day_item *it, void *ctx)
{
	struct codes *c = ctx;
	size_t len = strlen(c->list);
	snprintf(c->list + len, sizeof c->list - len, "%s%s:%s", len ? " " : "", it->action,
		 it->d->code + 21);
	return 0;
}

static void test_lists(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_error err = {0};
	mc_dossier a, b, c;
	/* a: received the Monday before (due Thursday 08:00 → overdue); b and c today. */
	mc_auth_set_actor(s, "mai", MC_ROLE_CLERK);
	mc_intake in = {.procedure_code = "1.004873", .name = "Nguyễn Văn An",
			.id_number = "034091002345", .phone = "0912345678", .user = "mai",
			.received_at = "2026-11-30 08:00"};
	assert_int_equal(mc_dossier_intake(s, &in, &a, &err), MC_OK);
	take(s, "mai", &b);
	take(s, "lan", &c);
	mc_step st = {.kind = MC_STEP_TRANSFER, .code = b.code, .user = "mai", .to = "Tư pháp",
		      .assignee = "lan"};
	assert_int_equal(mc_dossier_step(s, &st, NULL, &err), MC_OK);
	int64_t now;
	assert_int_equal(mc_time_parse("2026-12-07 08:00", &now, &err), MC_OK);
	struct codes o = {0};
	assert_int_equal(mc_counter_watch(s, now, -1, 0, due_code, &o, &err), MC_OK);
	assert_string_equal(o.list, "261130-0001");
	assert_true(o.minutes[0] < 0);
	/* Due within 3 working days: today's two (due Thursday), not the overdue one. */
	memset(&o, 0, sizeof o);
	assert_int_equal(mc_counter_watch(s, now, 3, 0, due_code, &o, &err), MC_OK);
	assert_int_equal(o.n, 2);
	assert_true(o.minutes[0] <= o.minutes[1]);
	memset(&o, 0, sizeof o);
	assert_int_equal(mc_counter_watch(s, now, 1, 0, due_code, &o, &err), MC_OK);
	assert_int_equal(o.n, 0);
	/* The clerk's day: her intake and transfer, not lan's, not last week's. */
	memset(&o, 0, sizeof o);
	assert_int_equal(mc_counter_day(s, "mai", "2026-12-07", NULL, day_code, &o, &err), MC_OK);
	assert_string_equal(o.list, "intake:0001 transfer:0001");
	memset(&o, 0, sizeof o);
	assert_int_equal(mc_counter_day(s, "lan", "2026-12-07", "intake", day_code, &o, &err),
			 MC_OK);
	assert_string_equal(o.list, "intake:0002");
	/* A voided intake is left out of the day. */
	mc_auth_set_actor(s, "hung", MC_ROLE_SUPERVISOR);
	assert_int_equal(mc_dossier_void(s, c.code, "nhầm", "hung", &err), MC_OK);
	memset(&o, 0, sizeof o);
	assert_int_equal(mc_counter_day(s, "lan", "2026-12-07", NULL, day_code, &o, &err), MC_OK);
	assert_string_equal(o.list, "");
	/* The hand-over list names the department; none for lan. */
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	mc_print_opts po = {.format = MC_PRINT_TEXT};
	assert_int_equal(mc_print_handover(s, "mai", "2026-12-07", &po, f, &err), MC_OK);
	fclose(f);
	assert_non_null(strstr(buf, "DANH SÁCH BÀN GIAO"));
	assert_non_null(strstr(buf, "Tư pháp"));
	free(buf);
	f = open_memstream(&buf, &len);
	assert_int_equal(mc_print_handover(s, "lan", "2026-12-07", &po, f, &err), MC_EEMPTY);
	fclose(f);
	free(buf);
	(void)a;
	teardown(s, &t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_correct),
		cmocka_unit_test(test_void),
		cmocka_unit_test(test_guidance),
		cmocka_unit_test(test_spool),
		cmocka_unit_test(test_lists),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
