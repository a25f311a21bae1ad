/* Lifecycle: every transition legal and illegal (table-driven, nothing
 * changed by an illegal one), back-dated paper steps, pause arithmetic over
 * weekends and holidays (Giỗ Tổ, Tết), extensions, rating, and timeliness
 * on the calendar facts T9-T14 of domain.md §7. */
#include "testutil.h"

#include "motcua/dossier.h"
#include "motcua/holidays.h"
#include "motcua/lifecycle.h"

#include <sqlite3.h>

#define CSV "code,name,field,agency,level,deadline,deadline_unit,fee,documents\n" \
	"1.004873,Cấp Giấy xác nhận tình trạng hôn nhân,Hộ tịch,UBND cấp xã,Cấp xã,3,day,0,Tờ khai\n" \
	"9.000001,Thủ tục một ngày,Hộ tịch,UBND cấp xã,Cấp xã,1,day,0,Tờ khai\n" \
	"9.000002,Thủ tục hai ngày,Hộ tịch,UBND cấp xã,Cấp xã,2,day,0,Tờ khai\n" \
	"9.000004,Thủ tục bốn giờ,Hộ tịch,UBND cấp xã,Cấp xã,4,hour,0,Tờ khai\n" \
	"9.000005,Thủ tục năm ngày,Hộ tịch,UBND cấp xã,Cấp xã,5,day,0,Tờ khai\n"

/* "now" for every test: later than all the facts. */
#define NOW "2026-12-31 08:00"

/* Days off used by the facts: T9 (Tết 2026), T10 and the pause test (the
 * compensatory day of Giỗ Tổ 2026), T11 (30/4, 1/5 and the swapped 2/5
 * 2025), T14 (Tết 2025). */
static const struct {
	int y, m, d1, d2;
} days_off[] = {
	{2026, 2, 16, 20}, {2026, 4, 27, 27}, {2025, 4, 30, 30}, {2025, 5, 1, 2},
	{2025, 1, 27, 31},
};

static mc_store *setup(struct tdir *t)
{
	mc_store *s = office_store(t, "000.17.22.H56", "UBND xã Quảng Phú", CSV);
	mc_error err = {0};
	for (size_t i = 0; i < sizeof days_off / sizeof days_off[0]; i++)
		for (int d = days_off[i].d1; d <= days_off[i].d2; d++) {
			mc_holiday h = {.day = mc_date_from_ymd(days_off[i].y, days_off[i].m, d),
					.kind = MC_DAY_OFF};
			assert_int_equal(mc_holiday_add(s, &h, &err), MC_OK);
		}
	setenv("MOTCUA_NOW", NOW, 1);
	return s;
}

static void teardown(mc_store *s, struct tdir *t)
{
	unsetenv("MOTCUA_NOW");
	mc_store_close(s);
	tdir_remove(t);
}

static void take_proc(mc_store *s, const char *proc, const char *at, mc_dossier *d)
{
	mc_error err = {0};
	mc_intake in = {.procedure_code = proc, .name = "Nguyễn Văn An",
			.id_number = "034091002345", .phone = "0912345678", .received_at = at,
			.user = "mai"};
	if (mc_dossier_intake(s, &in, d, &err) != MC_OK)
		fail_msg("intake %s at %s: %s", proc, at, err.msg);
}

static void take_in(mc_store *s, const char *at, mc_dossier *d)
{
	take_proc(s, "1.004873", at, d);
}

/* A step with every field filled in, as the CLI would pass them. */
static mc_status step(mc_store *s, const char *code, mc_step_kind k, const char *at,
		      mc_dossier *d, mc_error *err)
{
	mc_step st = {.kind = k, .code = code, .user = "mai", .at = at, .to = "Phòng Tư pháp",
		      .text = "Thiếu giấy tờ tùy thân", .until = "2030-01-01 08:00",
		      .by = "counter"};
	return mc_dossier_step(s, &st, d, err);
}

static void ok_step(mc_store *s, mc_dossier *d, mc_step_kind k, const char *at)
{
	mc_error err = {0};
	if (step(s, d->code, k, at, d, &err) != MC_OK)
		fail_msg("%s at %s: %s", mc_step_name(k), at ? at : "now", err.msg);
}

/* A second connection reads (and for set-up writes) the file directly. */
static int query_int(const char *db, const char *sql)
{
	sqlite3 *h;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	int rc = sqlite3_step(st);
	int n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	assert_true(rc == SQLITE_ROW || rc == SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

static int event_count(const char *db)
{
	return query_int(db, "SELECT count(*) FROM dossier_events");
}

/* An online submission not yet accepted (as imported or synced). */
static void make_new(const char *db, mc_store *s, mc_dossier *d)
{
	char sql[200];
	snprintf(sql, sizeof sql, "UPDATE dossiers SET status = 'new' WHERE code = '%s'", d->code);
	query_int(db, sql);
	mc_error err = {0};
	assert_int_equal(mc_dossier_get(s, d->code, d, &err), MC_OK);
	assert_int_equal(d->status, MC_DS_NEW);
}

/* ---- the transition table ------------------------------------------- */

/* Paths that reach each status from a fresh intake (new: set directly). */
static const struct {
	mc_dossier_status status;
	mc_step_kind path[3];
	int n;
} reach[] = {
	{MC_DS_NEW, {0}, -1},
	{MC_DS_ACCEPTED, {0}, 0},
	{MC_DS_PROCESSING, {MC_STEP_TRANSFER}, 1},
	{MC_DS_SUPPLEMENT, {MC_STEP_TRANSFER, MC_STEP_SUPPLEMENT}, 2},
	{MC_DS_FEES, {MC_STEP_FEES}, 1},
	{MC_DS_READY, {MC_STEP_TRANSFER, MC_STEP_RESULT}, 2},
	{MC_DS_RETURNED, {MC_STEP_RESULT, MC_STEP_RETURN}, 2},
	{MC_DS_REFUSED, {MC_STEP_REFUSE}, 1},
	{MC_DS_WITHDRAWN, {MC_STEP_WITHDRAW}, 1},
	{MC_DS_STOPPED, {MC_STEP_STOP}, 1},
};

/* The contract documented at the top of dossier_steps.c, written out
 * independently of its bit table. */
static bool legal(mc_dossier_status st, mc_step_kind k)
{
	switch (st) {
	case MC_DS_NEW:
		return k == MC_STEP_ACCEPT || k == MC_STEP_REFUSE || k == MC_STEP_WITHDRAW;
	case MC_DS_ACCEPTED:
		return k != MC_STEP_RESUME && k != MC_STEP_RETURN && k != MC_STEP_ACCEPT;
	case MC_DS_PROCESSING:
		return k != MC_STEP_RESUME && k != MC_STEP_RETURN && k != MC_STEP_ACCEPT &&
		       k != MC_STEP_REFUSE;
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

/* Status after a legal step k from st. */
static mc_dossier_status after(mc_dossier_status st, mc_step_kind k)
{
	static const mc_dossier_status to[MC_STEP_COUNT] = {
		[MC_STEP_TRANSFER] = MC_DS_PROCESSING, [MC_STEP_SUPPLEMENT] = MC_DS_SUPPLEMENT,
		[MC_STEP_FEES] = MC_DS_FEES, [MC_STEP_REFUSE] = MC_DS_REFUSED,
		[MC_STEP_WITHDRAW] = MC_DS_WITHDRAWN, [MC_STEP_STOP] = MC_DS_STOPPED,
		[MC_STEP_RESULT] = MC_DS_READY, [MC_STEP_RETURN] = MC_DS_RETURNED,
		[MC_STEP_ACCEPT] = MC_DS_ACCEPTED,
	};
	if (k == MC_STEP_EXTEND)
		return st;
	if (k == MC_STEP_RESUME)   /* back to the department that has it, if any */
		return st == MC_DS_SUPPLEMENT ? MC_DS_PROCESSING : MC_DS_ACCEPTED;
	return to[k];
}

static void test_step_names_and_table(void **state)
{
	(void)state;
	static const char *const names[MC_STEP_COUNT] = {
		"transfer", "supplement", "resume", "fees", "refuse", "withdraw", "stop",
		"extend", "result", "return", "accept",
	};
	for (int k = 0; k < MC_STEP_COUNT; k++) {
		mc_step_kind got;
		assert_string_equal(mc_step_name((mc_step_kind)k), names[k]);
		assert_true(mc_step_parse(names[k], &got));
		assert_int_equal(got, k);
	}
	mc_step_kind got;
	assert_false(mc_step_parse("delete", &got));
	assert_string_equal(mc_step_name(MC_STEP_COUNT), "?");
	for (int st = MC_DS_NEW; st <= MC_DS_RETURNED; st++) {
		mc_step_kind v[MC_STEP_COUNT];
		size_t n = mc_step_allowed((mc_dossier_status)st, v, MC_STEP_COUNT), want = 0;
		for (int k = 0; k < MC_STEP_COUNT; k++)
			want += legal((mc_dossier_status)st, (mc_step_kind)k);
		assert_int_equal(n, want);
		for (size_t i = 0; i < n; i++)
			assert_true(legal((mc_dossier_status)st, v[i]));
		/* A short buffer still reports the full count. */
		assert_int_equal(mc_step_allowed((mc_dossier_status)st, v, 1), want);
	}
	mc_step_kind v[1];
	assert_int_equal(mc_step_allowed((mc_dossier_status)0, v, 1), 0);
	/* Closed statuses allow nothing. */
	assert_int_equal(mc_step_allowed(MC_DS_RETURNED, v, 1), 0);
	assert_int_equal(mc_step_allowed(MC_DS_REFUSED, v, 1), 0);
}

/* "transfer, supplement, ..." as the refusal message lists them. */
static void allowed_list(mc_dossier_status st, char *buf, size_t sz)
{
	buf[0] = '\0';
	for (int k = 0; k < MC_STEP_COUNT; k++)
		if (legal(st, (mc_step_kind)k)) {
			size_t n = strlen(buf);
			snprintf(buf + n, sz - n, "%s%s", n ? ", " : "", mc_step_name((mc_step_kind)k));
		}
}

static void check_illegal(const char *db, mc_store *s, const mc_dossier *d, mc_step_kind k)
{
	mc_error err = {0};
	mc_dossier before, now, out;
	assert_int_equal(mc_dossier_get(s, d->code, &before, &err), MC_OK);
	int events = event_count(db);
	mc_status st = step(s, d->code, k, NULL, &out, &err);
	if (st != MC_EDATA)
		fail_msg("%s from %s was accepted", mc_step_name(k),
			 mc_dossier_status_key(d->status));
	char want[200], list[160];
	allowed_list(d->status, list, sizeof list);
	snprintf(want, sizeof want, "is %s (%s): %s is not allowed; allowed steps: %s",
		 mc_dossier_status_key(d->status), mc_dossier_status_label(d->status),
		 mc_step_name(k), list[0] ? list : "none (the dossier is closed)");
	if (!strstr(err.msg, want))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, want);
	/* Nothing changed: no event, the same row. */
	assert_int_equal(event_count(db), events);
	assert_int_equal(mc_dossier_get(s, d->code, &now, &err), MC_OK);
	assert_int_equal(now.status, before.status);
	assert_string_equal(now.due_at, before.due_at);
	assert_string_equal(now.paused_at, before.paused_at);
	assert_string_equal(now.finished_at, before.finished_at);
	assert_string_equal(now.department, before.department);
}

static void check_legal(const char *db, mc_store *s, mc_dossier *d, mc_step_kind k)
{
	mc_error err = {0};
	mc_dossier_status from = d->status;
	int events = event_count(db);
	if (step(s, d->code, k, NULL, d, &err) != MC_OK)
		fail_msg("%s from %s: %s", mc_step_name(k), mc_dossier_status_key(from), err.msg);
	assert_int_equal(d->status, after(from, k));
	/* Exactly one event, naming both statuses and the step. */
	assert_int_equal(event_count(db), events + 1);
	char sql[400];
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id"
		 " WHERE d.code = '%s' AND e.action = '%s' AND e.from_status = '%s'"
		 " AND e.to_status = '%s' AND e.user_name = 'mai' AND e.at = '" NOW "'",
		 d->code, mc_step_name(k), mc_dossier_status_key(from),
		 mc_dossier_status_key(d->status));
	assert_int_equal(query_int(db, sql), 1);
	/* The row says the same as the returned dossier. */
	mc_dossier row;
	assert_int_equal(mc_dossier_get(s, d->code, &row, &err), MC_OK);
	assert_int_equal(row.status, d->status);
	assert_string_equal(row.due_at, d->due_at);
}

static void test_every_transition(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	int legal_n = 0, illegal_n = 0;
	for (size_t r = 0; r < sizeof reach / sizeof reach[0]; r++)
		for (int k = 0; k < MC_STEP_COUNT; k++) {
			mc_dossier d;
			/* Due Mon 4 Jan 2027: an extension at NOW is in time (R5). */
			take_in(s, "2026-12-30 08:00", &d);
			if (reach[r].n < 0)
				make_new(t.db, s, &d);
			for (int i = 0; i < reach[r].n; i++)
				ok_step(s, &d, reach[r].path[i], NULL);
			assert_int_equal(d.status, reach[r].status);
			if (legal(reach[r].status, (mc_step_kind)k)) {
				check_legal(t.db, s, &d, (mc_step_kind)k);
				legal_n++;
			} else {
				check_illegal(t.db, s, &d, (mc_step_kind)k);
				illegal_n++;
			}
		}
	assert_int_equal(legal_n + illegal_n, 10 * MC_STEP_COUNT);
	assert_int_equal(legal_n, 3 + 8 + 7 + 5 + 4 + 1);
	teardown(s, &t);
}

/* ---- history, back-dating, required fields ------------------------------ */

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
	int events = event_count(t.db);
	/* Back-dated before the last event, in the future, or malformed:
	 * refused, nothing written. */
	mc_step res = {.kind = MC_STEP_RESULT, .code = d.code, .user = "lan", .at = "2026-11-23 09:59"};
	assert_int_equal(mc_dossier_step(s, &res, &d, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "before the dossier's last recorded step (2026-11-23 10:00)"));
	res.at = "2026-11-25 09:01";
	assert_int_equal(mc_dossier_step(s, &res, &d, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "future"));
	res.at = "2026-11-24 25:00";
	assert_int_not_equal(mc_dossier_step(s, &res, &d, &err), MC_OK);
	assert_non_null(strstr(err.msg, "--at"));
	assert_int_equal(event_count(t.db), events);
	assert_int_equal(d.status, MC_DS_PROCESSING);
	/* Exactly the last step's time is fine (same minute). */
	res.at = "2026-11-23 10:00";
	assert_int_equal(mc_dossier_step(s, &res, &d, &err), MC_OK);
	assert_string_equal(d.finished_at, "2026-11-23 10:00");
	mc_step ret = {.kind = MC_STEP_RETURN, .code = d.code, .user = "mai", .to = "Nguyễn Văn An",
		       .by = "post"};
	assert_int_equal(mc_dossier_step(s, &ret, &d, &err), MC_OK);
	assert_string_equal(d.returned_at, "2026-11-25 09:00");
	assert_string_equal(d.returned_to, "Nguyễn Văn An");
	assert_string_equal(d.return_by, "post");
	assert_string_equal(d.finished_at, "2026-11-23 10:00");   /* kept from result */
	assert_int_equal(mc_dossier_rate(s, d.code, 4, "mai", &err), MC_EUSAGE);
	assert_int_equal(mc_dossier_rate(s, d.code, 0, "mai", &err), MC_EUSAGE);
	assert_int_equal(mc_dossier_rate(s, d.code, 1, "mai", &err), MC_OK);
	assert_int_equal(mc_dossier_rate(s, d.code, 2, "mai", &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "already rated 1"));
	assert_int_equal(mc_dossier_get(s, d.code, &d, &err), MC_OK);
	assert_int_equal(d.rating, 1);
	sqlite3 *h;
	sqlite3_open(t.db, &h);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(h, "SELECT group_concat(action || '/' || user_name || '/' || at ||"
			      " '/' || coalesce(to_status, '-') || '/' || data, ' ') FROM"
			      " (SELECT * FROM dossier_events ORDER BY id)", -1, &st, NULL);
	sqlite3_step(st);
	assert_string_equal((const char *)sqlite3_column_text(st, 0),
			    "intake/mai/2026-11-23 08:00/accepted/{} "
			    "transfer/mai/2026-11-23 10:00/processing/"
			    "{\"to\":\"Tư pháp\",\"assignee\":\"lan\"} "
			    "result/lan/2026-11-23 10:00/ready/{} "
			    "return/mai/2026-11-25 09:00/returned/"
			    "{\"to\":\"Nguyễn Văn An\",\"by\":\"post\"} "
			    "rate/mai/2026-11-25 09:00/-/{\"rating\":1}");
	sqlite3_finalize(st);
	/* The real entry time is kept beside the back-dated one. */
	sqlite3_prepare_v2(h, "SELECT count(*) FROM dossier_events WHERE action = 'transfer'"
			      " AND length(entered_at) = 19 AND substr(entered_at, 1, 16) <> at",
			   -1, &st, NULL);
	sqlite3_step(st);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	sqlite3_finalize(st);
	/* History is append-only: the store refuses to rewrite or delete it. */
	assert_int_not_equal(sqlite3_exec(h, "UPDATE dossier_events SET note = 'x'", NULL, NULL,
					  NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(h, "DELETE FROM dossier_events", NULL, NULL, NULL),
			     SQLITE_OK);
	sqlite3_close(h);
	teardown(s, &t);
}

static void test_required_fields(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_dossier d;
	mc_error err = {0};
	take_in(s, "2026-11-24 08:00", &d);
	int events = event_count(t.db);
	static const struct {
		mc_step_kind kind;
		const char *to, *text, *until, *by, *msg;
		mc_status want;
	} bad[] = {
		{MC_STEP_TRANSFER, NULL, NULL, NULL, NULL, "--to (department) is required", MC_EDATA},
		{MC_STEP_TRANSFER, "  ", NULL, NULL, NULL, "--to (department) is required", MC_EDATA},
		{MC_STEP_SUPPLEMENT, NULL, NULL, NULL, NULL, "--missing", MC_EDATA},
		{MC_STEP_REFUSE, NULL, "", NULL, NULL, "--reason is required", MC_EDATA},
		{MC_STEP_STOP, NULL, NULL, NULL, NULL, "--reason is required", MC_EDATA},
		{MC_STEP_EXTEND, NULL, "Chờ xác minh", NULL, NULL, "--until is required", MC_EDATA},
		{MC_STEP_EXTEND, NULL, NULL, "2027-01-01 08:00", NULL, "--reason", MC_EDATA},
		{MC_STEP_EXTEND, NULL, "Chờ", "2027-02-30 08:00", NULL, "--until", MC_EDATA},
		{MC_STEP_EXTEND, NULL, "Chờ", "2026-11-27 08:00", NULL, "must be later", MC_EDATA},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		mc_step st = {.kind = bad[i].kind, .code = d.code, .user = "mai", .to = bad[i].to,
			      .text = bad[i].text, .until = bad[i].until, .by = bad[i].by};
		mc_status got = mc_dossier_step(s, &st, NULL, &err);
		if (got == MC_OK || !strstr(err.msg, bad[i].msg))
			fail_msg("case %zu: %d \"%s\", wanted \"%s\"", i, got, err.msg, bad[i].msg);
	}
	ok_step(s, &d, MC_STEP_RESULT, NULL);
	mc_step ret = {.kind = MC_STEP_RETURN, .code = d.code, .user = "mai", .to = "An",
		       .by = "email"};
	assert_int_equal(mc_dossier_step(s, &ret, NULL, &err), MC_EUSAGE);
	assert_non_null(strstr(err.msg, "--by must be counter or post"));
	ret.by = NULL;
	ret.to = NULL;
	assert_int_equal(mc_dossier_step(s, &ret, NULL, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "--to (who received the result)"));
	/* Rating before the return is refused. */
	assert_int_equal(mc_dossier_rate(s, d.code, 2, "mai", &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "once the result is returned"));
	assert_int_equal(event_count(t.db), events + 1);   /* only the result */
	/* An unknown dossier. */
	assert_int_equal(step(s, "X-1", MC_STEP_RESULT, NULL, NULL, &err), MC_EDATA);
	ret.by = NULL;
	ret.to = "An";
	assert_int_equal(mc_dossier_step(s, &ret, &d, &err), MC_OK);
	assert_string_equal(d.return_by, "counter");   /* the default */
	teardown(s, &t);
}

/* ---- pauses, extension, acceptance ------------------------------------- */

static void test_pause_weekend_and_holiday(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_dossier d;
	/* Thu 23 Apr 2026 09:00 + 3 working days: Fri 24, (Mon 27 off),
	 * Tue 28, Wed 29 → Wed 29 Apr 09:00. */
	take_in(s, "2026-04-23 09:00", &d);
	assert_string_equal(d.due_at, "2026-04-29 09:00");
	/* Paused Fri 24 Apr 15:00, resumed Wed 29 Apr 10:00: paused working
	 * time = Fri 2 h + Tue 8 h + Wed 3 h (07:00-10:00) = 13 h; Mon 27 is a
	 * holiday and the weekend does not count. Wed 29 09:00 + 13 h: Wed
	 * 09:00-11:30 (2.5 h) and 13:30-17:00 (3.5 h) = 6 h, Thu 30 07:00-11:30
	 * (4.5 h) = 10.5 h, then 2.5 h from 13:30 → Thu 30 Apr 16:00. */
	ok_step(s, &d, MC_STEP_SUPPLEMENT, "2026-04-24 15:00");
	assert_string_equal(d.paused_at, "2026-04-24 15:00");
	assert_string_equal(d.due_at, "2026-04-29 09:00");   /* unchanged while paused */
	ok_step(s, &d, MC_STEP_RESUME, "2026-04-29 10:00");
	assert_string_equal(d.due_at, "2026-04-30 16:00");
	assert_string_equal(d.original_due_at, "2026-04-29 09:00");
	assert_string_equal(d.paused_at, "");
	assert_int_equal(d.status, MC_DS_ACCEPTED);
	teardown(s, &t);
}

static void test_pause_across_tet(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_dossier d;
	/* T14: Fri 24 Jan 2025 15:30 + 5 working days, Tết 27-31 Jan off →
	 * Fri 7 Feb 2025 15:30. */
	take_proc(s, "9.000005", "2025-01-24 15:30", &d);
	assert_string_equal(d.due_at, "2025-02-07 15:30");
	/* Supplement Fri 24 Jan 16:00, papers back Mon 3 Feb 08:00: working
	 * time paused = Fri 16:00-17:00 (1 h) + Mon 07:00-08:00 (1 h) = 2 h;
	 * the weekends and the whole Tết week do not count. Fri 7 Feb 15:30
	 * + 2 h = 1.5 h that day, 0.5 h on Mon 10 Feb → 07:30. */
	ok_step(s, &d, MC_STEP_SUPPLEMENT, "2025-01-24 16:00");
	ok_step(s, &d, MC_STEP_RESUME, "2025-02-03 08:00");
	assert_string_equal(d.due_at, "2025-02-10 07:30");
	assert_string_equal(d.original_due_at, "2025-02-07 15:30");
	teardown(s, &t);
}

static void test_pauses_accumulate(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_dossier d;
	mc_error err = {0};
	/* Mon 9 Mar 2026 08:00 + 3 days → Thu 12 Mar 08:00. */
	take_in(s, "2026-03-09 08:00", &d);
	assert_string_equal(d.due_at, "2026-03-12 08:00");
	mc_step tr = {.kind = MC_STEP_TRANSFER, .code = d.code, .user = "mai", .to = "Tư pháp",
		      .at = "2026-03-09 09:00"};
	assert_int_equal(mc_dossier_step(s, &tr, &d, &err), MC_OK);
	/* Fees Mon 9 Mar 10:00 → paid Tue 10 Mar 10:00: one working day
	 * (8 h) → Fri 13 Mar 08:00; back to the department. */
	ok_step(s, &d, MC_STEP_FEES, "2026-03-09 10:00");
	assert_int_equal(d.status, MC_DS_FEES);
	ok_step(s, &d, MC_STEP_RESUME, "2026-03-10 10:00");
	assert_int_equal(d.status, MC_DS_PROCESSING);
	assert_string_equal(d.due_at, "2026-03-13 08:00");
	/* A pause entirely outside working hours moves nothing: Tue 17:30 →
	 * Wed 06:30. */
	ok_step(s, &d, MC_STEP_SUPPLEMENT, "2026-03-10 17:30");
	ok_step(s, &d, MC_STEP_RESUME, "2026-03-11 06:30");
	assert_string_equal(d.due_at, "2026-03-13 08:00");
	/* Lunch does not count either: Wed 11:00 → 14:00 is 1 h of work
	 * (11:00-11:30, 13:30-14:00) → Fri 13 Mar 09:00. */
	ok_step(s, &d, MC_STEP_SUPPLEMENT, "2026-03-11 11:00");
	ok_step(s, &d, MC_STEP_RESUME, "2026-03-11 14:00");
	assert_string_equal(d.due_at, "2026-03-13 09:00");
	assert_string_equal(d.original_due_at, "2026-03-12 08:00");
	/* The resume events carry the new appointment. */
	assert_int_equal(query_int(t.db, "SELECT count(*) FROM dossier_events WHERE action ="
				    " 'resume' AND data = '{\"due_at\":\"2026-03-13 09:00\","
				   "\"statutory_due_at\":\"2026-03-13 09:00\"}'"), 1);
	assert_int_equal(query_int(t.db, "SELECT count(*) FROM dossier_events WHERE action ="
				   " 'supplement' AND data LIKE '%\"missing\":\"Thiếu giấy tờ%'"), 2);
	teardown(s, &t);
}

static void test_close_during_pause_ends_it(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_dossier d;
	mc_error err = {0};
	/* Thu 12 Mar 2026 08:00 + 3 days → Tue 17 Mar 08:00. Supplement Thu
	 * 12 Mar 09:00; the citizen withdraws Tue 17 Mar 09:00, after the first
	 * appointment but with the clock stopped since Thu: the pause (Thu
	 * 09:00-17:00 6 h + Fri 8 h + Mon 8 h + Tue 07:00-09:00 2 h = 24 h, three
	 * working days) moves the appointment to Fri 20 Mar 08:00, so the
	 * withdrawal counts as early, not late. */
	take_in(s, "2026-03-12 08:00", &d);
	assert_string_equal(d.due_at, "2026-03-17 08:00");
	ok_step(s, &d, MC_STEP_SUPPLEMENT, "2026-03-12 09:00");
	ok_step(s, &d, MC_STEP_WITHDRAW, "2026-03-17 09:00");
	assert_int_equal(d.status, MC_DS_WITHDRAWN);
	assert_string_equal(d.paused_at, "");
	assert_string_equal(d.finished_at, "2026-03-17 09:00");
	assert_string_equal(d.due_at, "2026-03-20 08:00");
	mc_timeliness tl;
	assert_int_equal(mc_dossier_timeliness(s, &d, 0, &tl, &err), MC_OK);
	assert_int_equal(tl, MC_TL_EARLY);
	teardown(s, &t);
}

/* Mẫu 04 (docs/rules.md R3-R5): the new appointment moves due_at, never
 * the statutory appointment; once only; no later than one day before the
 * due date; a dossier resolved after the statutory appointment is late. */
static void test_extend(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_dossier d;
	mc_error err = {0};
	/* Thu 23 Apr 2026 09:00 + 3 working days (Mon 27 is the compensatory
	 * day of Giỗ Tổ) → Wed 29 Apr 09:00. */
	take_in(s, "2026-04-23 09:00", &d);
	assert_string_equal(d.statutory_due_at, "2026-04-29 09:00");
	assert_int_equal(d.extensions, 0);
	mc_step ex = {.kind = MC_STEP_EXTEND, .code = d.code, .user = "mai",
		      .until = "2026-05-05 10:00", .text = "Chờ xác minh", .at = "2026-04-29 08:00"};
	/* R5: on the due date itself, even before the due time: too late. */
	int events = event_count(t.db);
	assert_int_equal(mc_dossier_step(s, &ex, &d, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "rule R5"));
	assert_non_null(strstr(err.msg, "no later than one day before the due date 2026-04-29"));
	assert_int_equal(event_count(t.db), events);
	/* Not later than the current appointment: refused. */
	ex.at = "2026-04-28 10:00";
	ex.until = "2026-04-29 09:00";
	assert_int_equal(mc_dossier_step(s, &ex, &d, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "must be later than the current appointment "
					"2026-04-29 09:00"));
	/* The day before the due date: allowed. */
	ex.until = "2026-05-05 10:00";
	assert_int_equal(mc_dossier_step(s, &ex, &d, &err), MC_OK);
	assert_int_equal(d.status, MC_DS_ACCEPTED);
	assert_string_equal(d.due_at, "2026-05-05 10:00");
	assert_string_equal(d.original_due_at, "2026-04-29 09:00");
	assert_int_equal(query_int(t.db, "SELECT count(*) FROM dossiers WHERE"
				   " statutory_due_at = '2026-04-29 09:00'"
				   " AND due_at = '2026-05-05 10:00'"), 1);
	assert_int_equal(mc_dossier_get(s, d.code, &d, &err), MC_OK);
	assert_int_equal(d.extensions, 1);
	/* R4: a second new appointment is refused, nothing written. */
	events = event_count(t.db);
	ex.until = "2026-05-08 10:00";
	ex.at = "2026-04-28 11:00";
	assert_int_equal(mc_dossier_step(s, &ex, &d, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "rule R4"));
	assert_non_null(strstr(err.msg, "only once"));
	assert_int_equal(event_count(t.db), events);
	assert_int_equal(query_int(t.db, "SELECT count(*) FROM dossier_events WHERE action ="
				   " 'extend' AND note = 'Chờ xác minh' AND data = '{\"from\":"
				   "\"2026-04-29 09:00\",\"until\":\"2026-05-05 10:00\",\"reason\":"
				   "\"Chờ xác minh\"}'"), 1);
	/* R3: resolved Mon 4 May, before the new appointment but after the
	 * statutory one: late (with an apology). */
	ok_step(s, &d, MC_STEP_RESULT, "2026-05-04 10:00");
	mc_timeliness tl;
	assert_int_equal(mc_dossier_timeliness(s, &d, 0, &tl, &err), MC_OK);
	assert_int_equal(tl, MC_TL_LATE);
	teardown(s, &t);
}

/* R2: a pause moves the statutory appointment too; an extension after it
 * does not. */
static void test_statutory_moves_with_pauses_only(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_dossier d;
	mc_error err = {0};
	/* Mon 9 Mar 2026 08:00 + 3 days → Thu 12 Mar 08:00; fees Mon 10:00 →
	 * Tue 10:00 (8 working hours) → Fri 13 Mar 08:00. */
	take_in(s, "2026-03-09 08:00", &d);
	ok_step(s, &d, MC_STEP_FEES, "2026-03-09 10:00");
	ok_step(s, &d, MC_STEP_RESUME, "2026-03-10 10:00");
	assert_string_equal(d.statutory_due_at, "2026-03-13 08:00");
	mc_step ex = {.kind = MC_STEP_EXTEND, .code = d.code, .user = "mai",
		      .until = "2026-03-20 08:00", .text = "Chờ xác minh", .at = "2026-03-11 08:00"};
	assert_int_equal(mc_dossier_step(s, &ex, &d, &err), MC_OK);
	assert_string_equal(d.statutory_due_at, "2026-03-13 08:00");
	assert_string_equal(d.due_at, "2026-03-20 08:00");
	/* A pause after the extension moves both by the same working time:
	 * Wed 11 Mar 09:00 → Thu 12 Mar 09:00 = 8 h. */
	ok_step(s, &d, MC_STEP_SUPPLEMENT, "2026-03-11 09:00");
	ok_step(s, &d, MC_STEP_RESUME, "2026-03-12 09:00");
	assert_string_equal(d.statutory_due_at, "2026-03-16 08:00");
	assert_string_equal(d.due_at, "2026-03-23 08:00");
	/* Resolved on the statutory due date, by the due time: on time. */
	ok_step(s, &d, MC_STEP_RESULT, "2026-03-16 08:00");
	mc_timeliness tl;
	assert_int_equal(mc_dossier_timeliness(s, &d, 0, &tl, &err), MC_OK);
	assert_int_equal(tl, MC_TL_ON_TIME);
	teardown(s, &t);
}

static void test_accept_starts_the_clock(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_dossier d;
	/* Submitted online Thu 12 Feb 2026 20:00; accepted Fri 13 Feb 10:00:
	 * the 3 days count from the acceptance (T9) → Wed 25 Feb 10:00. */
	take_in(s, "2026-02-12 20:00", &d);
	make_new(t.db, s, &d);
	mc_error err = {0};
	mc_step acc = {.kind = MC_STEP_ACCEPT, .code = d.code, .user = "mai",
		       .at = "2026-02-13 10:00"};
	assert_int_equal(mc_dossier_step(s, &acc, &d, &err), MC_OK);
	assert_int_equal(d.status, MC_DS_ACCEPTED);
	assert_string_equal(d.due_at, "2026-02-25 10:00");
	assert_string_equal(d.original_due_at, "2026-02-25 10:00");
	assert_string_equal(d.received_at, "2026-02-12 20:00");   /* submission kept */
	assert_int_equal(query_int(t.db, "SELECT count(*) FROM dossier_events WHERE action ="
				   " 'accept' AND from_status = 'new' AND note = 'hẹn trả"
				   " 2026-02-25 10:00'"), 1);
	teardown(s, &t);
}

/* ---- timeliness ---------------------------------------------------------- */

static mc_timeliness finished_tl(mc_store *s, const char *proc, const char *received,
				 const char *want_due, const char *done)
{
	mc_dossier d;
	mc_error err = {0};
	take_proc(s, proc, received, &d);
	assert_string_equal(d.due_at, want_due);
	ok_step(s, &d, MC_STEP_RESULT, done);
	mc_timeliness tl;
	assert_int_equal(mc_dossier_timeliness(s, &d, 0, &tl, &err), MC_OK);
	/* The stored dossier says the same. */
	mc_dossier row;
	mc_timeliness tl2;
	assert_int_equal(mc_dossier_get(s, d.code, &row, &err), MC_OK);
	assert_int_equal(mc_dossier_timeliness(s, &row, 0, &tl2, &err), MC_OK);
	assert_int_equal(tl, tl2);
	return tl;
}

static void test_timeliness_on_calendar_facts(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	/* Each fact of domain.md §7: its appointment, then a result before the
	 * due date (early), on the due date by the due time (on time) and
	 * after it (late). NULL: no such moment (T12 is due the same day). */
	static const struct {
		const char *fact, *proc, *received, *due, *early, *on_time[2], *late;
	} facts[] = {
		{"T9", "1.004873", "2026-02-13 10:00", "2026-02-25 10:00", "2026-02-24 16:00",
		 {"2026-02-25 07:00", "2026-02-25 10:00"}, "2026-02-25 10:01"},
		{"T10", "9.000001", "2026-04-24 09:00", "2026-04-28 09:00", "2026-04-27 10:00",
		 {"2026-04-28 08:00", "2026-04-28 09:00"}, "2026-04-29 07:00"},
		{"T11", "9.000002", "2025-04-29 14:00", "2025-05-06 14:00", "2025-05-05 16:59",
		 {"2025-05-06 07:30", "2025-05-06 13:59"}, "2025-05-06 14:01"},
		{"T12", "9.000004", "2026-04-08 10:30", "2026-04-08 16:30", NULL,
		 {"2026-04-08 11:00", "2026-04-08 16:30"}, "2026-04-08 16:31"},
		{"T13", "9.000001", "2026-03-09 17:30", "2026-03-11 07:00", "2026-03-10 17:00",
		 {"2026-03-11 06:45", "2026-03-11 07:00"}, "2026-03-11 07:01"},
		{"T14", "9.000005", "2025-01-24 15:30", "2025-02-07 15:30", "2025-02-06 15:30",
		 {"2025-02-07 08:00", "2025-02-07 15:30"}, "2025-02-10 07:00"},
	};
	for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++) {
		if (facts[i].early &&
		    finished_tl(s, facts[i].proc, facts[i].received, facts[i].due, facts[i].early) !=
			    MC_TL_EARLY)
			fail_msg("%s: %s should be early", facts[i].fact, facts[i].early);
		for (int k = 0; k < 2; k++)
			if (finished_tl(s, facts[i].proc, facts[i].received, facts[i].due,
					facts[i].on_time[k]) != MC_TL_ON_TIME)
				fail_msg("%s: %s should be on time", facts[i].fact, facts[i].on_time[k]);
		if (finished_tl(s, facts[i].proc, facts[i].received, facts[i].due, facts[i].late) !=
		    MC_TL_LATE)
			fail_msg("%s: %s should be late", facts[i].fact, facts[i].late);
	}
	teardown(s, &t);
}

static int64_t at(const char *s)
{
	int64_t t;
	mc_error err = {0};
	assert_int_equal(mc_time_parse(s, &t, &err), MC_OK);
	return t;
}

static mc_timeliness open_tl(mc_store *s, const mc_dossier *d, const char *as_of)
{
	mc_timeliness tl;
	mc_error err = {0};
	assert_int_equal(mc_dossier_timeliness(s, d, at(as_of), &tl, &err), MC_OK);
	return tl;
}

static int64_t left(mc_store *s, const mc_dossier *d, const char *as_of)
{
	int64_t m;
	int day = 0;
	mc_error err = {0};
	assert_int_equal(mc_dossier_time_left(s, d, at(as_of), &m, &day, &err), MC_OK);
	assert_int_equal(day, 480);
	return m;
}

static void test_timeliness_open_and_paused(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_dossier d;
	mc_error err = {0};
	/* T9, open: on time (trong hạn) until Wed 25 Feb 10:00, late after. */
	take_in(s, "2026-02-13 10:00", &d);
	assert_int_equal(open_tl(s, &d, "2026-02-20 10:00"), MC_TL_ON_TIME);
	assert_int_equal(open_tl(s, &d, "2026-02-25 10:00"), MC_TL_ON_TIME);
	assert_int_equal(open_tl(s, &d, "2026-02-25 10:01"), MC_TL_LATE);
	/* Working time left on Fri 20 Feb (Tết holiday): Mon 8 h, Tue 8 h, Wed
	 * 3 h = 19 h; overdue on Thu 26 Feb 10:00: Wed 5 h + Thu 3 h = 1 day. */
	assert_int_equal(left(s, &d, "2026-02-20 10:00"), 19 * 60);
	assert_int_equal(left(s, &d, "2026-02-26 10:00"), -8 * 60);
	assert_int_equal(left(s, &d, "2026-02-25 10:00"), 0);
	/* Paused before the appointment: the clock stands still, on time
	 * whatever the date; paused after it: late. */
	ok_step(s, &d, MC_STEP_SUPPLEMENT, "2026-02-24 10:00");
	assert_int_equal(open_tl(s, &d, "2026-06-01 10:00"), MC_TL_ON_TIME);
	assert_int_equal(left(s, &d, "2026-06-01 10:00"), 8 * 60);
	mc_dossier late;
	take_in(s, "2026-02-13 10:00", &late);
	ok_step(s, &late, MC_STEP_FEES, "2026-02-26 10:00");
	assert_int_equal(open_tl(s, &late, "2026-02-26 10:00"), MC_TL_LATE);
	assert_int_equal(open_tl(s, &late, "2026-06-01 10:00"), MC_TL_LATE);
	assert_int_equal(left(s, &late, "2026-06-01 10:00"), -8 * 60);
	/* Finished dossiers have nothing left to count. */
	ok_step(s, &d, MC_STEP_WITHDRAW, "2026-03-02 08:00");
	int64_t m;
	assert_int_equal(mc_dossier_time_left(s, &d, at(NOW), &m, NULL, &err), MC_EEMPTY);
	/* A closed dossier without a finish time (imported) has no verdict. */
	char sql[200];
	snprintf(sql, sizeof sql, "UPDATE dossiers SET status = 'returned', finished_at = NULL"
		 " WHERE code = '%s'", late.code);
	query_int(t.db, sql);
	assert_int_equal(mc_dossier_get(s, late.code, &late, &err), MC_OK);
	mc_timeliness tl;
	assert_int_equal(mc_dossier_timeliness(s, &late, at(NOW), &tl, &err), MC_EEMPTY);
	assert_string_equal(mc_timeliness_key(MC_TL_ON_TIME), "on_time");
	assert_string_equal(mc_timeliness_label(MC_TL_EARLY), "trước hạn");
	assert_string_equal(mc_timeliness_label(MC_TL_LATE), "quá hạn");
	teardown(s, &t);
}

static int collect(const mc_dossier *d, void *ctx)
{
	char *buf = ctx;
	size_t n = strlen(buf);
	snprintf(buf + n, 512 - n, "%s%s", n ? " " : "", d->code + strlen(d->code) - 4);
	return 0;
}

static void test_list_overdue(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_dossier a, b, c, d, e;
	mc_error err = {0};
	/* All received Mon 9 Mar 2026 08:00, due Thu 12 Mar 08:00. */
	take_in(s, "2026-03-09 08:00", &a);   /* open, stays open */
	take_in(s, "2026-03-09 08:00", &b);   /* finished in time */
	ok_step(s, &b, MC_STEP_RESULT, "2026-03-10 08:00");
	take_in(s, "2026-03-09 08:00", &c);   /* paused in time */
	ok_step(s, &c, MC_STEP_SUPPLEMENT, "2026-03-10 08:00");
	take_in(s, "2026-03-09 08:00", &d);   /* paused when already late */
	ok_step(s, &d, MC_STEP_TRANSFER, "2026-03-09 09:00");
	ok_step(s, &d, MC_STEP_FEES, "2026-03-13 08:00");
	take_in(s, "2026-03-09 08:00", &e);   /* extended */
	mc_step ex = {.kind = MC_STEP_EXTEND, .code = e.code, .user = "mai",
		      .until = "2026-03-20 08:00", .text = "Chờ xác minh", .at = "2026-03-11 08:00"};
	assert_int_equal(mc_dossier_step(s, &ex, &e, &err), MC_OK);
	char got[512] = "";
	mc_dossier_filter f = {.overdue_at = "2026-03-12 08:00"};
	assert_int_equal(mc_dossier_list(s, &f, collect, got, &err), MC_OK);
	assert_string_equal(got, "0004");   /* only d (paused late) */
	got[0] = '\0';
	f.overdue_at = "2026-03-12 08:01";
	assert_int_equal(mc_dossier_list(s, &f, collect, got, &err), MC_OK);
	assert_string_equal(got, "0001 0004");
	got[0] = '\0';
	f.overdue_at = "2026-03-20 08:01";
	assert_int_equal(mc_dossier_list(s, &f, collect, got, &err), MC_OK);
	assert_string_equal(got, "0001 0004 0005");
	f.overdue_at = "soon";
	assert_int_equal(mc_dossier_list(s, &f, collect, got, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "overdue"));
	teardown(s, &t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_step_names_and_table),
		cmocka_unit_test(test_every_transition),
		cmocka_unit_test(test_events_record_who_when_what),
		cmocka_unit_test(test_required_fields),
		cmocka_unit_test(test_pause_weekend_and_holiday),
		cmocka_unit_test(test_pause_across_tet),
		cmocka_unit_test(test_pauses_accumulate),
		cmocka_unit_test(test_close_during_pause_ends_it),
		cmocka_unit_test(test_extend),
		cmocka_unit_test(test_statutory_moves_with_pauses_only),
		cmocka_unit_test(test_accept_starts_the_clock),
		cmocka_unit_test(test_timeliness_on_calendar_facts),
		cmocka_unit_test(test_timeliness_open_and_paused),
		cmocka_unit_test(test_list_overdue),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
