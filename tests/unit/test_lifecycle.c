/* Lifecycle: every transition legal and illegal, pause arithmetic over
 * weekends and holidays, timeliness on the calendar facts of domain.md §7. */
#include "testutil.h"

#include "motcua/dossier.h"
#include "motcua/holidays.h"
#include "motcua/lifecycle.h"

#include <sqlite3.h>

#define CSV "code,name,field,agency,level,deadline,deadline_unit,fee,documents\n" \
	"1.004873,Cấp Giấy xác nhận tình trạng hôn nhân,Hộ tịch,UBND cấp xã,Cấp xã,3,day,0,Tờ khai\n"

static mc_store *setup(struct tdir *t)
{
	tdir_make(t);
	mc_store *s = open_store(t->db);
	mc_error err = {0};
	mc_office o = {"000.17.22.H56", "UBND xã Quảng Phú"};
	assert_int_equal(mc_store_office_set(s, &o, &err), MC_OK);
	char path[300];
	tdir_write(t, "c.csv", CSV, path, sizeof path);
	mc_import_stats st;
	assert_int_equal(mc_catalog_import(s, path, NULL, &st, &err), MC_OK);
	return s;
}

static void take_in(mc_store *s, const char *at, mc_dossier *d)
{
	mc_error err = {0};
	mc_intake in = {.procedure_code = "1.004873", .name = "Nguyễn Văn An",
			.id_number = "034091002345", .phone = "0912345678", .received_at = at,
			.user = "mai"};
	assert_int_equal(mc_dossier_intake(s, &in, d, &err), MC_OK);
}

static mc_status step(mc_store *s, const char *code, mc_step_kind k, const char *at,
		      mc_dossier *d, mc_error *err)
{
	mc_step st = {.kind = k, .code = code, .user = "mai", .at = at, .to = "Phòng Tư pháp",
		      .text = "Thiếu giấy tờ tùy thân", .until = "2030-01-01 08:00",
		      .by = "counter"};
	return mc_dossier_step(s, &st, d, err);
}

static int event_count(const char *db)
{
	sqlite3 *h;
	sqlite3_open(db, &h);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(h, "SELECT count(*) FROM dossier_events", -1, &st, NULL);
	sqlite3_step(st);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

/* Paths that reach each status from a fresh intake. */
static const struct {
	mc_dossier_status status;
	mc_step_kind path[3];
	int n;
} reach[] = {
	{MC_DS_ACCEPTED, {0}, 0},
	{MC_DS_PROCESSING, {MC_STEP_TRANSFER}, 1},
	{MC_DS_SUPPLEMENT, {MC_STEP_SUPPLEMENT}, 1},
	{MC_DS_FEES, {MC_STEP_FEES}, 1},
	{MC_DS_READY, {MC_STEP_RESULT}, 1},
	{MC_DS_RETURNED, {MC_STEP_RESULT, MC_STEP_RETURN}, 2},
	{MC_DS_REFUSED, {MC_STEP_REFUSE}, 1},
	{MC_DS_WITHDRAWN, {MC_STEP_WITHDRAW}, 1},
	{MC_DS_STOPPED, {MC_STEP_STOP}, 1},
};

/* The expected table (the contract documented in dossier_steps.c). */
static bool legal(mc_dossier_status st, mc_step_kind k)
{
	switch (st) {
	case MC_DS_ACCEPTED:
		return k != MC_STEP_RESUME && k != MC_STEP_RETURN;
	case MC_DS_PROCESSING:
		return k != MC_STEP_RESUME && k != MC_STEP_RETURN && k != MC_STEP_REFUSE;
	case MC_DS_SUPPLEMENT:
		return k == MC_STEP_RESUME || k == MC_STEP_WITHDRAW || k == MC_STEP_STOP ||
		       k == MC_STEP_REFUSE || k == MC_STEP_EXTEND;
	case MC_DS_FEES:
		return k == MC_STEP_RESUME || k == MC_STEP_WITHDRAW || k == MC_STEP_STOP ||
		       k == MC_STEP_EXTEND;
	case MC_DS_READY:
		return k == MC_STEP_RETURN;
	default:
		return false;
	}
}

static const mc_dossier_status after[MC_STEP_COUNT] = {
	[MC_STEP_TRANSFER] = MC_DS_PROCESSING, [MC_STEP_SUPPLEMENT] = MC_DS_SUPPLEMENT,
	[MC_STEP_FEES] = MC_DS_FEES, [MC_STEP_REFUSE] = MC_DS_REFUSED,
	[MC_STEP_WITHDRAW] = MC_DS_WITHDRAWN, [MC_STEP_STOP] = MC_DS_STOPPED,
	[MC_STEP_RESULT] = MC_DS_READY, [MC_STEP_RETURN] = MC_DS_RETURNED,
};

static void test_every_transition(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	setenv("MOTCUA_NOW", "2026-11-25 09:00", 1);
	int legal_n = 0, illegal_n = 0;
	for (size_t r = 0; r < sizeof reach / sizeof reach[0]; r++)
		for (int k = 0; k < MC_STEP_COUNT; k++) {
			mc_dossier d;
			mc_error err = {0};
			take_in(s, "2026-11-24 08:00", &d);
			for (int i = 0; i < reach[r].n; i++)
				assert_int_equal(step(s, d.code, reach[r].path[i], NULL, &d, &err), MC_OK);
			assert_int_equal(d.status, reach[r].status);
			mc_store_close(s);
			int before = event_count(t.db);
			s = open_store(t.db);
			mc_status st = step(s, d.code, (mc_step_kind)k, NULL, &d, &err);
			if (legal(reach[r].status, (mc_step_kind)k)) {
				if (st != MC_OK)
					fail_msg("%s from %s: %s", mc_step_name(k),
						 mc_dossier_status_key(reach[r].status), err.msg);
				mc_dossier_status want = after[k];
				if (k == MC_STEP_RESUME)
					want = MC_DS_ACCEPTED;
				if (k == MC_STEP_EXTEND)
					want = reach[r].status;
				assert_int_equal(d.status, want);
				legal_n++;
			} else {
				if (st != MC_EDATA)
					fail_msg("%s from %s was accepted", mc_step_name(k),
						 mc_dossier_status_key(reach[r].status));
				assert_non_null(strstr(err.msg, mc_dossier_status_key(reach[r].status)));
				assert_non_null(strstr(err.msg, "allowed steps"));
				mc_store_close(s);
				assert_int_equal(event_count(t.db), before);   /* nothing changed */
				s = open_store(t.db);
				illegal_n++;
			}
		}
	assert_int_equal(legal_n + illegal_n, 9 * MC_STEP_COUNT);
	assert_true(legal_n >= 25);
	unsetenv("MOTCUA_NOW");
	mc_store_close(s);
	tdir_remove(&t);
}

static void test_events_record_who_when_what(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	setenv("MOTCUA_NOW", "2026-11-25 09:00", 1);
	mc_dossier d;
	mc_error err = {0};
	take_in(s, "2026-11-23 08:00", &d);
	mc_step tr = {.kind = MC_STEP_TRANSFER, .code = d.code, .user = "mai", .to = "Tư pháp",
		      .assignee = "lan", .at = "2026-11-23 10:00"};
	assert_int_equal(mc_dossier_step(s, &tr, &d, &err), MC_OK);
	assert_string_equal(d.department, "Tư pháp");
	assert_string_equal(d.assignee, "lan");
	/* Back-dated before the last event: refused. */
	mc_step res = {.kind = MC_STEP_RESULT, .code = d.code, .user = "lan", .at = "2026-11-23 09:00"};
	assert_int_equal(mc_dossier_step(s, &res, &d, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "before the dossier's last recorded step"));
	res.at = "2026-11-26 09:00";
	assert_int_equal(mc_dossier_step(s, &res, &d, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "future"));
	res.at = "2026-11-24 15:00";
	assert_int_equal(mc_dossier_step(s, &res, &d, &err), MC_OK);
	mc_step ret = {.kind = MC_STEP_RETURN, .code = d.code, .user = "mai", .to = "Nguyễn Văn An",
		       .by = "post"};
	assert_int_equal(mc_dossier_step(s, &ret, &d, &err), MC_OK);
	assert_string_equal(d.returned_at, "2026-11-25 09:00");
	assert_string_equal(d.return_by, "post");
	assert_int_equal(mc_dossier_rate(s, d.code, 4, "mai", &err), MC_EUSAGE);
	assert_int_equal(mc_dossier_rate(s, d.code, 1, "mai", &err), MC_OK);
	assert_int_equal(mc_dossier_rate(s, d.code, 2, "mai", &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "already rated"));
	mc_store_close(s);
	sqlite3 *h;
	sqlite3_open(t.db, &h);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(h, "SELECT group_concat(action || '/' || user_name || '/' || at ||"
			      " '/' || coalesce(to_status, '-'), ' ') FROM dossier_events", -1, &st,
			   NULL);
	sqlite3_step(st);
	assert_string_equal((const char *)sqlite3_column_text(st, 0),
			    "intake/mai/2026-11-23 08:00/accepted "
			    "transfer/mai/2026-11-23 10:00/processing "
			    "result/lan/2026-11-24 15:00/ready "
			    "return/mai/2026-11-25 09:00/returned "
			    "rate/mai/2026-11-25 09:00/-");
	sqlite3_finalize(st);
	sqlite3_close(h);
	unsetenv("MOTCUA_NOW");
	tdir_remove(&t);
}

static void test_pause_moves_due_by_working_time(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_error err = {0};
	/* Holiday Mon 27 Apr 2026 (compensatory for Giỗ Tổ). */
	mc_holiday h = {.day = mc_date_from_ymd(2026, 4, 27), .kind = MC_DAY_OFF};
	assert_int_equal(mc_holiday_add(s, &h, &err), MC_OK);
	setenv("MOTCUA_NOW", "2026-05-06 09:00", 1);
	mc_dossier d;
	/* Thu 23 Apr 09:00 + 3 working days: Fri 24, (Mon 27 off), Tue 28,
	 * Wed 29 → Wed 29 Apr 09:00. */
	take_in(s, "2026-04-23 09:00", &d);
	assert_string_equal(d.due_at, "2026-04-29 09:00");
	/* Paused Fri 24 Apr 15:00, resumed Wed 29 Apr 10:00: paused working
	 * time = Fri 2 h + Tue 8 h + Wed 3 h (07:00-10:00) = 13 h; Mon 27 is a
	 * holiday and the weekend does not count. Wed 29 09:00 + 13 h: Wed
	 * 09:00-11:30 (2.5 h) and 13:30-17:00 (3.5 h) = 6 h, Thu 30 07:00-11:30
	 * (4.5 h) = 10.5 h, then 2.5 h from 13:30 → Thu 30 Apr 16:00. */
	assert_int_equal(step(s, d.code, MC_STEP_SUPPLEMENT, "2026-04-24 15:00", &d, &err), MC_OK);
	assert_string_equal(d.paused_at, "2026-04-24 15:00");
	assert_int_equal(step(s, d.code, MC_STEP_RESUME, "2026-04-29 10:00", &d, &err), MC_OK);
	assert_string_equal(d.due_at, "2026-04-30 16:00");
	assert_string_equal(d.original_due_at, "2026-04-29 09:00");
	assert_string_equal(d.paused_at, "");
	assert_int_equal(d.status, MC_DS_ACCEPTED);
	/* Extend needs a later appointment and a reason. */
	mc_step ex = {.kind = MC_STEP_EXTEND, .code = d.code, .user = "mai",
		      .until = "2026-04-30 14:00", .text = "Chờ xác minh"};
	assert_int_equal(mc_dossier_step(s, &ex, &d, &err), MC_EDATA);
	ex.until = "2026-05-05 10:00";
	assert_int_equal(mc_dossier_step(s, &ex, &d, &err), MC_OK);
	assert_string_equal(d.due_at, "2026-05-05 10:00");
	assert_string_equal(d.original_due_at, "2026-04-29 09:00");
	unsetenv("MOTCUA_NOW");
	mc_store_close(s);
	tdir_remove(&t);
}

static mc_timeliness tl_of(mc_store *s, const char *received, const char *done, const char *as_of)
{
	mc_dossier d;
	mc_error err = {0};
	setenv("MOTCUA_NOW", "2026-12-31 08:00", 1);
	take_in(s, received, &d);
	if (done)
		assert_int_equal(step(s, d.code, MC_STEP_RESULT, done, &d, &err), MC_OK);
	int64_t t;
	assert_int_equal(mc_time_parse(as_of, &t, &err), MC_OK);
	mc_timeliness tl;
	assert_int_equal(mc_dossier_timeliness(s, &d, t, &tl, &err), MC_OK);
	unsetenv("MOTCUA_NOW");
	return tl;
}

static void test_timeliness_on_calendar_facts(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_error err = {0};
	for (int d = 16; d <= 20; d++) {
		mc_holiday h = {.day = mc_date_from_ymd(2026, 2, d), .kind = MC_DAY_OFF};
		assert_int_equal(mc_holiday_add(s, &h, &err), MC_OK);
	}
	/* T9: Fri 13 Feb 2026 10:00 + 3 working days → due Wed 25 Feb 10:00. */
	assert_int_equal(tl_of(s, "2026-02-13 10:00", "2026-02-24 16:00", "2026-12-01 00:00"),
			 MC_TL_EARLY);
	assert_int_equal(tl_of(s, "2026-02-13 10:00", "2026-02-25 10:00", "2026-12-01 00:00"),
			 MC_TL_ON_TIME);
	assert_int_equal(tl_of(s, "2026-02-13 10:00", "2026-02-25 08:00", "2026-12-01 00:00"),
			 MC_TL_ON_TIME);
	assert_int_equal(tl_of(s, "2026-02-13 10:00", "2026-02-25 10:01", "2026-12-01 00:00"),
			 MC_TL_LATE);
	/* Open dossiers: on time until the due time, late after it. */
	assert_int_equal(tl_of(s, "2026-02-13 10:00", NULL, "2026-02-25 10:00"), MC_TL_ON_TIME);
	assert_int_equal(tl_of(s, "2026-02-13 10:00", NULL, "2026-02-25 10:01"), MC_TL_LATE);
	assert_int_equal(tl_of(s, "2026-02-13 10:00", NULL, "2026-02-20 10:00"), MC_TL_ON_TIME);
	mc_store_close(s);
	tdir_remove(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_transition),
		cmocka_unit_test(test_events_record_who_when_what),
		cmocka_unit_test(test_pause_moves_due_by_working_time),
		cmocka_unit_test(test_timeliness_on_calendar_facts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
