/*
 * The resolution report on a small office whose every figure was worked
 * out by hand below, from the definitions in src/core/report.c. The
 * dossiers are made through the core API (intake with a receipt time,
 * lifecycle steps with their time), under the default calendar: Monday to
 * Friday, 07:00-11:30 and 13:30-17:00, no holidays.
 */
#include "testutil.h"

#include "motcua/dossier.h"
#include "motcua/lifecycle.h"
#include "motcua/report.h"
#include "store_chain.h"

#include <sqlite3.h>

#define CSV "code,name,field,agency,level,deadline,deadline_unit,fee,documents\n" \
	"1.004873,Cấp Giấy xác nhận tình trạng hôn nhân,Hộ tịch,UBND cấp xã,Cấp xã,3,day,0," \
	"Tờ khai|Giấy tờ tùy thân\n" \
	"2.000908,Chứng thực bản sao từ bản chính,Chứng thực,Phòng Tư pháp,Cấp xã,4,hour,2000," \
	"Bản chính\n"

#define A "1.004873"  /* 3 working days: the same clock time 3 working days on */
#define B "2.000908"  /* 4 working hours */

static char codes[16][64];

static void intake(mc_store *s, int n, const char *proc, const char *at, const char *due)
{
	mc_error err = {0};
	mc_intake in = {.procedure_code = proc, .name = "Nguyễn Văn An",
			.id_number = "034091002345", .phone = "0912345678", .received_at = at,
			.user = "mai"};
	mc_dossier d;
	if (mc_dossier_intake(s, &in, &d, &err) != MC_OK)
		fail_msg("D%d: %s", n, err.msg);
	/* The appointment the calendar gives is part of the hand count. */
	assert_string_equal(d.due_at, due);
	snprintf(codes[n], sizeof codes[n], "%s", d.code);
}

static void step(mc_store *s, int n, mc_step_kind kind, const char *at)
{
	mc_error err = {0};
	mc_step st = {.kind = kind, .code = codes[n], .user = "mai", .at = at,
		      .to = kind == MC_STEP_TRANSFER ? "Phòng Tư pháp"
			  : kind == MC_STEP_RETURN ? "Nguyễn Văn An" : NULL,
		      .text = kind == MC_STEP_SUPPLEMENT ? "Giấy tờ tùy thân"
			    : kind == MC_STEP_REFUSE ? "Không thuộc thẩm quyền"
			    : kind == MC_STEP_STOP ? "Theo yêu cầu của cơ quan"
			    : kind == MC_STEP_WITHDRAW ? "Công dân rút hồ sơ" : NULL,
		      .by = kind == MC_STEP_RETURN ? "counter" : NULL};
	if (mc_dossier_step(s, &st, NULL, &err) != MC_OK)
		fail_msg("D%d %s at %s: %s", n, mc_step_name(kind), at, err.msg);
}

/* Rated at the counter right after the return (`at`): a rating counts in
 * the periods that end after it was given (docs/rules.md R13). */
static void rate(mc_store *s, int n, int rating, const char *at)
{
	mc_error err = {0};
	setenv("MOTCUA_NOW", at, 1);
	if (mc_dossier_rate(s, codes[n], rating, "mai", &err) != MC_OK)
		fail_msg("D%d rate: %s", n, err.msg);
	setenv("MOTCUA_NOW", "2026-04-10 09:00", 1);
}

/*
 * The office. Dates are 2026; 1 March is a Sunday.
 *  D1  A  in Fri 20 Feb 09:00, due Wed 25 Feb 09:00 (Mon, Tue, Wed);
 *         result Tue 24 Feb, returned Tue 3 Mar, rated 1.
 *  D2  A  in Wed 25 Feb 10:00, due Mon 2 Mar 10:00 (Thu, Fri, Mon);
 *         transfer Thu 26 Feb, result Mon 2 Mar 09:00.
 *  D3  A  in Thu 26 Feb 14:00, due Tue 3 Mar 14:00; transfer Mon 2 Mar,
 *         result Thu 5 Mar, returned Fri 6 Mar, rated 3.
 *  D4  A  in Mon 2 Mar 08:00, due Thu 5 Mar 08:00; result Tue 3 Mar,
 *         returned Wed 4 Mar, rated 2.
 *  D5  A  in Tue 10 Mar 09:00, due Fri 13 Mar 09:00; transfer, then
 *         nothing: still processing.
 *  D6  A  in Mon 30 Mar 09:00, due Thu 2 Apr 09:00; nothing since.
 *  D7  A  in Wed 11 Mar 09:00, due Mon 16 Mar 09:00; supplement Thu 12.
 *  D8  B  in Mon 16 Mar 09:00, due 15:00 (2 h 30 before lunch, 1 h 30
 *         after); refused at 10:00.
 *  D9  A  in Tue 17 Mar 09:00, due Fri 20 Mar 09:00; withdrawn Wed 18.
 *  D10 A  in Wed 1 Apr 09:00: after March.
 *  D11 A  in Mon 5 Jan 09:00, due Thu 8 Jan 09:00; result Wed 7 Jan,
 *         returned Fri 9 Jan: before everything.
 *  D12 A  in Fri 27 Feb 09:00, due Wed 4 Mar 09:00; supplement Fri 27 Feb
 *         15:00, papers in Mon 9 Mar 09:00: paused 44 working hours (Fri
 *         15:00-17:00, five whole days, Mon 07:00-09:00), so the due time
 *         moves five working days to Wed 11 Mar 09:00, then 4 h: 2 h 30
 *         to 11:30, 1 h 30 after lunch = 15:00; transfer Mon 9 Mar, result
 *         Tue 10 Mar.
 *  D13 A  in Mon 2 Mar 10:00, due Thu 5 Mar 10:00; stopped Wed 4 Mar.
 *  D14 A  in Mon 23 Feb 09:00, due Thu 26 Feb 09:00; stopped Tue 24 Feb.
 */
static mc_store *office(struct tdir *t)
{
	mc_store *s = office_store(t, "000.17.22.H56", "UBND xã Quảng Phú", CSV);
	mc_error err = {0};
	setenv("MOTCUA_NOW", "2026-04-10 09:00", 1);

	intake(s, 11, A, "2026-01-05 09:00", "2026-01-08 09:00");
	step(s, 11, MC_STEP_TRANSFER, "2026-01-05 10:00");
	step(s, 11, MC_STEP_RESULT, "2026-01-07 10:00");
	step(s, 11, MC_STEP_RETURN, "2026-01-09 10:00");

	intake(s, 1, A, "2026-02-20 09:00", "2026-02-25 09:00");
	step(s, 1, MC_STEP_TRANSFER, "2026-02-20 10:00");
	step(s, 1, MC_STEP_RESULT, "2026-02-24 10:00");
	step(s, 1, MC_STEP_RETURN, "2026-03-03 09:00");
	rate(s, 1, 1, "2026-03-03 09:05");

	intake(s, 14, A, "2026-02-23 09:00", "2026-02-26 09:00");
	step(s, 14, MC_STEP_STOP, "2026-02-24 09:00");

	intake(s, 2, A, "2026-02-25 10:00", "2026-03-02 10:00");
	step(s, 2, MC_STEP_TRANSFER, "2026-02-26 08:00");
	step(s, 2, MC_STEP_RESULT, "2026-03-02 09:00");

	intake(s, 3, A, "2026-02-26 14:00", "2026-03-03 14:00");
	step(s, 3, MC_STEP_TRANSFER, "2026-03-02 08:00");
	step(s, 3, MC_STEP_RESULT, "2026-03-05 10:00");
	step(s, 3, MC_STEP_RETURN, "2026-03-06 09:00");
	rate(s, 3, 3, "2026-03-06 09:05");

	intake(s, 12, A, "2026-02-27 09:00", "2026-03-04 09:00");
	step(s, 12, MC_STEP_SUPPLEMENT, "2026-02-27 15:00");
	step(s, 12, MC_STEP_RESUME, "2026-03-09 09:00");
	step(s, 12, MC_STEP_TRANSFER, "2026-03-09 10:00");
	step(s, 12, MC_STEP_RESULT, "2026-03-10 10:00");

	intake(s, 4, A, "2026-03-02 08:00", "2026-03-05 08:00");
	step(s, 4, MC_STEP_TRANSFER, "2026-03-02 09:00");
	step(s, 4, MC_STEP_RESULT, "2026-03-03 15:00");
	step(s, 4, MC_STEP_RETURN, "2026-03-04 09:00");
	rate(s, 4, 2, "2026-03-04 09:05");

	intake(s, 13, A, "2026-03-02 10:00", "2026-03-05 10:00");
	step(s, 13, MC_STEP_STOP, "2026-03-04 09:00");

	intake(s, 5, A, "2026-03-10 09:00", "2026-03-13 09:00");
	step(s, 5, MC_STEP_TRANSFER, "2026-03-10 10:00");

	intake(s, 7, A, "2026-03-11 09:00", "2026-03-16 09:00");
	step(s, 7, MC_STEP_SUPPLEMENT, "2026-03-12 09:00");

	intake(s, 8, B, "2026-03-16 09:00", "2026-03-16 15:00");
	step(s, 8, MC_STEP_REFUSE, "2026-03-16 10:00");

	intake(s, 9, A, "2026-03-17 09:00", "2026-03-20 09:00");
	step(s, 9, MC_STEP_WITHDRAW, "2026-03-18 09:00");

	intake(s, 6, A, "2026-03-30 09:00", "2026-04-02 09:00");
	intake(s, 10, A, "2026-04-01 09:00", "2026-04-06 09:00");

	/* D12's appointment moved by the pause (see above). */
	mc_dossier d;
	assert_int_equal(mc_dossier_get(s, codes[12], &d, &err), MC_OK);
	assert_string_equal(d.due_at, "2026-03-11 15:00");
	return s;
}

static void expect(const mc_report_figures *f, int carried, int fresh, int early, int on_time,
		   int late, int open_on_time, int open_late, int paused, int refused,
		   int returned, int r1, int r2, int r3)
{
	assert_int_equal(f->carried_over, carried);
	assert_int_equal(f->received_new, fresh);
	assert_int_equal(f->resolved_early, early);
	assert_int_equal(f->resolved_on_time, on_time);
	assert_int_equal(f->resolved_late, late);
	assert_int_equal(f->open_on_time, open_on_time);
	assert_int_equal(f->open_late, open_late);
	assert_int_equal(f->paused, paused);
	assert_int_equal(f->refused, refused);
	assert_int_equal(f->returned, returned);
	assert_int_equal(f->rating[0], r1);
	assert_int_equal(f->rating[1], r2);
	assert_int_equal(f->rating[2], r3);
	/* Every dossier received ends the period in exactly one place; one
	 * refused at the counter was never received (docs/rules.md R8). */
	assert_int_equal(mc_report_received(f),
			 mc_report_resolved(f) + mc_report_open(f) + f->paused);
	/* R7: the new ones split by channel (all at the counter here). */
	assert_int_equal(f->new_counter + f->new_online + f->new_post, f->received_new);
}

static void test_march_by_hand(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = office(&t);
	mc_error err = {0};
	mc_report r;
	assert_int_equal(mc_report_compute(s, "2026-03-01", "2026-03-31", MC_REPORT_ALL, &r, &err),
			 MC_OK);
	/*
	 * carried over: D2, D3, D12 (received in February, open on 1 March);
	 *   not D1 (resolved 24 Feb), D14 (stopped 24 Feb) nor D11.      = 3
	 * new: D4 D5 D6 D7 D9 D13 (D10 is April; D8 was refused at the
	 *   counter the day it came: not received, R8).                  = 6
	 * resolved in March:
	 *   early: D4 (3 Mar, due 5 Mar), D9 (withdrawn 18 Mar, due 20),
	 *          D12 (10 Mar, due 11 Mar after the pause)             = 3
	 *   on time: D2 (2 Mar 09:00, due 2 Mar 10:00: same day, earlier) = 1
	 *   late: D3 (5 Mar, due 3 Mar)                                  = 1
	 * in progress on 31 Mar: D6 (due 2 Apr) on time, D5 (due 13 Mar)
	 *   late                                                     = 1, 1
	 * paused: D7 (supplement), D13 (stopped in March)                = 2
	 * refused: D8 (not received)                                     = 1
	 * returned in March: D1 (resolved in February), D3, D4           = 3
	 * ratings of those: D1 → 1, D4 → 2, D3 → 3                   1, 1, 1
	 * Check: 3 + 6 = 5 resolved + 2 open + 2 paused.
	 * withdrawn (within resolved): D9 = 1; stopped (within paused): D13 = 1.
	 */
	expect(&r.total, 3, 6, 3, 1, 1, 1, 1, 2, 1, 3, 1, 1, 1);
	assert_int_equal(r.total.withdrawn, 1);
	assert_int_equal(r.total.stopped, 1);
	assert_int_equal(r.total.new_counter, 6);
	assert_int_equal(r.nrows, 0);
	mc_report_free(&r);
	mc_store_close(s);
	tdir_remove(&t);
}

/* Past periods; these also take the store's other access path (fewer
 * dossiers received before their end than finished after their start),
 * where March takes the finished_at one: both must give the hand count. */
static void test_past_period_counts_what_was_open_then(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = office(&t);
	mc_error err = {0};
	mc_report r;
	assert_int_equal(mc_report_compute(s, "2026-02-01", "2026-02-28", MC_REPORT_ALL, &r, &err),
			 MC_OK);
	/*
	 * February: nothing carried over (D11 ended in January); new D1, D2,
	 * D3, D12, D14 = 5. Resolved: D1 on 24 Feb, due 25 Feb: early. At the
	 * end of 28 Feb D2 (processing, due 2 Mar) and D3 (accepted, due 3
	 * Mar) were in progress and on time, though both are resolved now;
	 * D12 was waiting for papers, though it is resolved now, and D14 was
	 * stopped: 2 paused. Nothing returned in February.
	 */
	expect(&r.total, 0, 5, 1, 0, 0, 2, 0, 2, 0, 0, 0, 0, 0);
	mc_report_free(&r);
	/* January: D11 in and out, early (7 Jan, due 8 Jan), returned. */
	assert_int_equal(mc_report_compute(s, "2026-01-01", "2026-01-31", MC_REPORT_ALL, &r, &err),
			 MC_OK);
	expect(&r.total, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0);
	mc_report_free(&r);
	mc_store_close(s);
	tdir_remove(&t);
}

static void test_grouped(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = office(&t);
	mc_error err = {0};
	mc_report r;
	assert_int_equal(mc_report_compute(s, "2026-03-01", "2026-03-31", MC_REPORT_FIELD, &r,
					   &err), MC_OK);
	/* Chứng thực holds D8 only (refused at the counter, not received);
	 * Hộ tịch the rest. Rows come in key order and add up to the total. */
	assert_int_equal(r.nrows, 2);
	assert_string_equal(r.rows[0].key, "Chứng thực");
	expect(&r.rows[0].f, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0);
	assert_string_equal(r.rows[1].key, "Hộ tịch");
	expect(&r.rows[1].f, 3, 6, 3, 1, 1, 1, 1, 2, 0, 3, 1, 1, 1);
	expect(&r.total, 3, 6, 3, 1, 1, 1, 1, 2, 1, 3, 1, 1, 1);
	mc_report_free(&r);
	assert_int_equal(mc_report_compute(s, "2026-03-01", "2026-03-31", MC_REPORT_PROCEDURE, &r,
					   &err), MC_OK);
	assert_int_equal(r.nrows, 2);
	assert_string_equal(r.rows[0].key, A);
	assert_string_equal(r.rows[0].label, "Cấp Giấy xác nhận tình trạng hôn nhân");
	assert_string_equal(r.rows[1].key, B);
	mc_report_free(&r);
	assert_int_equal(mc_report_compute(s, "2026-03-01", "2026-03-31", MC_REPORT_AGENCY, &r,
					   &err), MC_OK);
	assert_int_equal(r.nrows, 2);
	assert_string_equal(r.rows[0].key, "Phòng Tư pháp");
	assert_string_equal(r.rows[1].key, "UBND cấp xã");
	mc_report_free(&r);
	mc_store_close(s);
	tdir_remove(&t);
}

/* The report's split of resolved dossiers agrees with the lifecycle's own
 * timeliness for each one. */
static void test_agrees_with_timeliness(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = office(&t);
	mc_error err = {0};
	static const struct {
		int n;
		mc_timeliness want;
	} resolved[] = {{1, MC_TL_EARLY}, {2, MC_TL_ON_TIME}, {3, MC_TL_LATE}, {4, MC_TL_EARLY},
			{9, MC_TL_EARLY}, {11, MC_TL_EARLY}, {12, MC_TL_EARLY}};
	for (size_t i = 0; i < sizeof resolved / sizeof resolved[0]; i++) {
		mc_dossier d;
		mc_timeliness tl;
		assert_int_equal(mc_dossier_get(s, codes[resolved[i].n], &d, &err), MC_OK);
		assert_int_equal(mc_dossier_timeliness(s, &d, 0, &tl, &err), MC_OK);
		if (tl != resolved[i].want)
			fail_msg("D%d: lifecycle says %s", resolved[i].n, mc_timeliness_key(tl));
	}
	mc_store_close(s);
	tdir_remove(&t);
}

static char *write_to_string(const mc_report *r, int kind)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	mc_error err = {0};
	mc_status st = kind == 0 ? mc_report_write_text(r, 80, false, f, &err)
		     : kind == 1 ? mc_report_write_csv(r, f, &err)
		     : mc_report_write_json(r, f, &err);
	assert_int_equal(st, MC_OK);
	fclose(f);
	return buf;
}

static void test_writers(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = office(&t);
	mc_error err = {0};
	mc_report r;
	assert_int_equal(mc_report_compute(s, "2026-03-01", "2026-03-31", MC_REPORT_FIELD, &r,
					   &err), MC_OK);
	char *text = write_to_string(&r, 0);
	assert_non_null(strstr(text, "Kỳ báo cáo: từ 01/03/2026 đến 31/03/2026"));
	assert_non_null(strstr(text, "(kỳ trước chuyển sang 3, trong kỳ 6)"));
	assert_non_null(strstr(text, "(trực tiếp 6, trực tuyến 0, bưu chính 0)"));
	assert_non_null(strstr(text, "(trước hạn 3, đúng hạn 1, quá hạn 1)"));
	assert_non_null(strstr(text, "█"));
	free(text);
	char *csv = write_to_string(&r, 1);
	assert_non_null(strstr(csv, ",rating_3,received_new_counter,received_new_online,"
				    "received_new_post,resolved_withdrawn,paused_stopped\n"));
	assert_non_null(strstr(csv, "\ntotal,Tổng cộng,3,6,9,3,1,1,5,1,1,2,2,1,3,1,1,1,6,0,0,1,1\n"));
	assert_non_null(strstr(csv, "\nChứng thực,Chứng thực,0,0,0,"));
	free(csv);
	char *json = write_to_string(&r, 2);
	assert_non_null(strstr(json, "\"received\":{\"carried_over\":3,\"new\":6,\"total\":9,"
				     "\"new_by_channel\":{\"counter\":6,\"online\":0,\"post\":0}}"));
	assert_non_null(strstr(json, "\"resolved\":{\"early\":3,\"on_time\":1,\"late\":1,"
				     "\"total\":5,\"withdrawn\":1}"));
	assert_non_null(strstr(json, "\"in_progress\":{\"on_time\":1,\"late\":1,"));
	assert_non_null(strstr(json, "\"paused\":2,\"stopped\":1,\"refused\":1,\"returned\":3"));
	assert_non_null(strstr(json, "\"ratings\":{\"1\":1,\"2\":1,\"3\":1}"));
	assert_non_null(strstr(json, "\"by\":\"field\""));
	free(json);
	mc_report_free(&r);
	/* Bad periods are usage errors. */
	assert_int_equal(mc_report_compute(s, "2026-03-31", "2026-03-01", MC_REPORT_ALL, &r, &err),
			 MC_EUSAGE);
	assert_int_equal(mc_report_compute(s, "2026-02-30", "2026-03-01", MC_REPORT_ALL, &r, &err),
			 MC_EUSAGE);
	mc_store_close(s);
	tdir_remove(&t);
}

/* ---- rules R6-R13 (docs/rules.md) ------------------------------------------ */

static void sql(const char *db, const char *q)
{
	sqlite3 *h;
	char *msg = NULL;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	/* The history's chain trigger calls the core's hash function. */
	store_chain_register(h);
	if (sqlite3_exec(h, q, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", q, msg);
	sqlite3_close(h);
}

/* What helper B's void step writes (status 'voided', an event 'void'). */
static void void_at(const char *db, int n, const char *at)
{
	char q[600];
	snprintf(q, sizeof q,
		 "INSERT INTO dossier_events(dossier_id, at, entered_at, user_name, action,"
		 " from_status, to_status, note) SELECT id, '%s', '%s:00', 'mai', 'void', status,"
		 " 'voided', 'nhập nhầm' FROM dossiers WHERE code = '%s';"
		 "UPDATE dossiers SET status = 'voided' WHERE code = '%s';", at, at, codes[n],
		 codes[n]);
	sql(db, q);
}

static void all_writers(mc_store *s, const char *from, const char *to, char *out[3])
{
	mc_error err = {0};
	mc_report r;
	assert_int_equal(mc_report_compute(s, from, to, MC_REPORT_FIELD, &r, &err), MC_OK);
	for (int k = 0; k < 3; k++)
		out[k] = write_to_string(&r, k);
	mc_report_free(&r);
}

static void step_extend(mc_store *s, int n, const char *at, const char *until)
{
	mc_error err = {0};
	mc_step st = {.kind = MC_STEP_EXTEND, .code = codes[n], .user = "mai", .at = at,
		      .until = until, .text = "Chờ xác minh"};
	if (mc_dossier_step(s, &st, NULL, &err) != MC_OK)
		fail_msg("D%d extend: %s", n, err.msg);
}

/* R6: steps entered after the period, dated after its end (results,
 * resumes that move appointments, an apology, a return and its rating, a
 * void), leave March's report byte-identical in every format. */
static void test_closed_period_never_changes(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = office(&t);
	char *before[3], *after[3];
	all_writers(s, "2026-03-01", "2026-03-31", before);
	step(s, 5, MC_STEP_RESULT, "2026-04-02 10:00");     /* open late → resolved */
	step(s, 7, MC_STEP_RESUME, "2026-04-06 09:00");     /* paused → moves the due */
	step_extend(s, 6, "2026-04-01 09:00", "2026-04-08 09:00");   /* open on time */
	step(s, 6, MC_STEP_RESULT, "2026-04-07 09:00");
	step(s, 2, MC_STEP_RETURN, "2026-04-02 09:00");
	rate(s, 2, 1, "2026-04-02 09:05");
	void_at(t.db, 4, "2026-04-03 09:00");               /* new, early, returned in March */
	all_writers(s, "2026-03-01", "2026-03-31", after);
	for (int k = 0; k < 3; k++) {
		if (strcmp(before[k], after[k]) != 0) {
			fprintf(stderr, "%s\n---\n%s\n", before[k], after[k]);
			fail_msg("format %d of March's report changed (above)", k);
		}
		free(before[k]);
		free(after[k]);
	}
	/* April sees them: D6 resolved after its statutory appointment (2 Apr
	 * 09:00) though before the new one: late (R3); D5 late; D10 open. */
	mc_error err = {0};
	mc_report r;
	assert_int_equal(mc_report_compute(s, "2026-04-01", "2026-04-30", MC_REPORT_ALL, &r, &err),
			 MC_OK);
	/* carried over: D5, D6, D7 (D4 voided: left out); new: D10.
	 * resolved: D5 late (due 13 Mar), D6 late (R3) = 2 late; D7 back in
	 * progress, due moved by its pause; D10 due 6 Apr, open at the end of
	 * April: late. returned: D2, rated 1 on 2 Apr. */
	expect(&r.total, 3, 1, 0, 0, 2, 0, 2, 0, 0, 1, 1, 0, 0);
	mc_report_free(&r);
	mc_store_close(s);
	tdir_remove(&t);
}

/* R12: a void dated at or before the end leaves the dossier out. */
static void test_voided_left_out(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = office(&t);
	void_at(t.db, 4, "2026-03-31 23:59");
	mc_error err = {0};
	mc_report r;
	assert_int_equal(mc_report_compute(s, "2026-03-01", "2026-03-31", MC_REPORT_ALL, &r, &err),
			 MC_OK);
	/* March by hand without D4 (new, early, returned, rated 2). */
	expect(&r.total, 3, 5, 2, 1, 1, 1, 1, 2, 1, 2, 1, 0, 1);
	mc_report_free(&r);
	mc_store_close(s);
	tdir_remove(&t);
}

static void intake_channel(mc_store *s, int n, const char *channel, const char *at)
{
	mc_error err = {0};
	mc_intake in = {.procedure_code = A, .name = "Trần Thị Bình", .id_number = "034091002346",
			.phone = "0912345679", .received_at = at, .user = "mai",
			.channel = channel};
	mc_dossier d;
	if (mc_dossier_intake(s, &in, &d, &err) != MC_OK)
		fail_msg("D%d: %s", n, err.msg);
	assert_string_equal(d.channel, channel);
	snprintf(codes[n], sizeof codes[n], "%s", d.code);
}

/* An online submission not yet accepted (status new), as sync brings it. */
static void submitted(const char *db, int n)
{
	char q[300];
	snprintf(q, sizeof q, "UPDATE dossiers SET status = 'new', accepted_at = NULL"
		 " WHERE code = '%s'", codes[n]);
	sql(db, q);
}

/* R7, R8: new split by channel; received means accepted for resolution. */
static void test_channels_and_acceptance(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = office_store(&t, "000.17.22.H56", "UBND xã Quảng Phú", CSV);
	setenv("MOTCUA_NOW", "2026-05-10 09:00", 1);
	intake_channel(s, 1, "counter", "2026-04-06 09:00");
	intake_channel(s, 2, "online", "2026-04-07 09:00");
	intake_channel(s, 3, "post", "2026-04-08 09:00");
	/* D4: submitted online, refused without acceptance: not received. */
	intake_channel(s, 4, "online", "2026-04-09 09:00");
	submitted(t.db, 4);
	step(s, 4, MC_STEP_REFUSE, "2026-04-09 10:00");
	/* D5: submitted 29 Apr, accepted 4 May: received in May. */
	intake_channel(s, 5, "online", "2026-04-29 09:00");
	submitted(t.db, 5);
	step(s, 5, MC_STEP_ACCEPT, "2026-05-04 08:00");
	/* D6: at the counter 30 Apr, refused 4 May: received in April, and
	 * in May a refusal after receipt counts as stopped (R8). */
	intake_channel(s, 6, "counter", "2026-04-30 09:00");
	step(s, 6, MC_STEP_REFUSE, "2026-05-04 09:00");
	/* D7: at the counter and refused the same day: not received. */
	intake_channel(s, 7, "counter", "2026-04-10 09:00");
	step(s, 7, MC_STEP_REFUSE, "2026-04-10 09:30");
	mc_error err = {0};
	mc_report r;
	assert_int_equal(mc_report_compute(s, "2026-04-01", "2026-04-30", MC_REPORT_ALL, &r, &err),
			 MC_OK);
	/* April: new D1 (counter), D2 (online), D3 (post), D6 (counter) = 4;
	 * refused D4, D7 = 2; all four open at the end: D1-D3 due 9-13 Apr:
	 * late; D6 due 5 May: on time. */
	expect(&r.total, 0, 4, 0, 0, 0, 1, 3, 0, 2, 0, 0, 0, 0);
	assert_int_equal(r.total.new_counter, 2);
	assert_int_equal(r.total.new_online, 1);
	assert_int_equal(r.total.new_post, 1);
	mc_report_free(&r);
	assert_int_equal(mc_report_compute(s, "2026-05-01", "2026-05-31", MC_REPORT_ALL, &r, &err),
			 MC_OK);
	/* May: carried over D1, D2, D3, D6; new D5 (online, accepted 4 May);
	 * D6 refused after receipt: paused (stopped), not refused. */
	expect(&r.total, 4, 1, 0, 0, 0, 0, 4, 1, 0, 0, 0, 0, 0);
	assert_int_equal(r.total.new_online, 1);
	assert_int_equal(r.total.stopped, 1);
	mc_report_free(&r);
	unsetenv("MOTCUA_NOW");
	mc_store_close(s);
	tdir_remove(&t);
}

/* --by unit and --unit: an office's lines and the total. */
static void test_by_unit(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = office(&t);
	/* A second office's dossier, as sync brings it to a province. */
	sql(t.db, "INSERT INTO dossiers(code, unit_code, procedure_id, procedure_code,"
		  " procedure_name, deadline, deadline_unit, applicant_name, applicant_name_fold,"
		  " status, received_at, entered_at, due_at, received_by, form_set, updated_at,"
		  " channel, accepted_at, statutory_due_at) SELECT"
		  " '000.17.22.H57-260302-0001', '000.17.22.H57', id, code, name, 3, 'day', 'X',"
		  " 'x', 'accepted', '2026-03-02 09:00', '2026-03-02 09:00', '2026-03-05 09:00',"
		  " 'mai', '2025', '2026-03-02 09:00', 'post', '2026-03-02 09:00',"
		  " '2026-03-05 09:00' FROM procedures WHERE code = '" A "';"
		  "INSERT INTO dossier_events(dossier_id, at, entered_at, user_name, action,"
		  " to_status) SELECT id, received_at, entered_at, 'mai', 'intake', 'accepted'"
		  " FROM dossiers WHERE unit_code = '000.17.22.H57';");
	mc_error err = {0};
	mc_report r;
	assert_int_equal(mc_report_compute(s, "2026-03-01", "2026-03-31", MC_REPORT_UNIT, &r,
					   &err), MC_OK);
	assert_int_equal(r.nrows, 2);
	assert_string_equal(r.rows[0].key, "000.17.22.H56");
	expect(&r.rows[0].f, 3, 6, 3, 1, 1, 1, 1, 2, 1, 3, 1, 1, 1);
	assert_string_equal(r.rows[1].key, "000.17.22.H57");
	expect(&r.rows[1].f, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.rows[1].f.new_post, 1);
	expect(&r.total, 3, 7, 3, 1, 1, 1, 2, 2, 1, 3, 1, 1, 1);
	mc_report_free(&r);
	assert_int_equal(mc_report_compute_unit(s, "2026-03-01", "2026-03-31", MC_REPORT_ALL,
						"000.17.22.H57", &r, &err), MC_OK);
	expect(&r.total, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0);
	char *json = write_to_string(&r, 2);
	assert_non_null(strstr(json, "\"unit\":\"000.17.22.H57\""));
	free(json);
	mc_report_free(&r);
	/* An office with no dossier here: a data error, not a report of zeros. */
	assert_int_equal(mc_report_compute_unit(s, "2026-03-01", "2026-03-31", MC_REPORT_ALL,
						"000.17.22.H99", &r, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "--unit 000.17.22.H99: no dossier of that office"));
	mc_store_close(s);
	tdir_remove(&t);
}

/* The report's definitions as one SQL statement, the way store_report.c
 * counted them before it was shaped for a province (GROUP BY and sum()
 * over 0/1 flags; docs/rules.md R6-R13). The reference the fast path
 * (flat rows, figures worked out and added up in C) must match. */
#define REFERENCE_SQL(KEY, LABEL, FIN, RCV) \
	"WITH e AS MATERIALIZED (" \
	" SELECT " KEY " AS k, " LABEL " AS label, d.id, d.channel AS ch," \
	"  d.accepted_at AS acc, d.finished_at AS fin," \
	"  CASE WHEN d.status = 'voided' THEN (SELECT v.from_status FROM dossier_events v" \
	"   WHERE v.dossier_id = d.id AND v.action = 'void' ORDER BY v.id DESC LIMIT 1)" \
	"   ELSE d.status END AS status," \
	"  coalesce(d.finished_at >= ?1 AND d.finished_at < ?2, 0) AS fin_in," \
	"  coalesce(d.statutory_due_at, d.due_at) AS sdue," \
	"  coalesce(d.original_due_at, d.statutory_due_at, d.due_at) AS odue," \
	"  CASE WHEN d.finished_at IS NULL OR d.finished_at >= ?2 THEN (SELECT h.to_status" \
	"   FROM (SELECT ev.to_status, max(ev.at || printf('%010d', ev.id))" \
	"    FROM dossier_events ev WHERE ev.dossier_id = d.id AND ev.at < ?2" \
	"    AND ev.to_status IS NOT NULL) h) END AS st," \
	"  d.status = 'voided' AND EXISTS (SELECT 1 FROM dossier_events v" \
	"   WHERE v.dossier_id = d.id AND v.action = 'void' AND v.at < ?2) AS voided" \
	" FROM dossiers d JOIN procedures p ON p.id = d.procedure_id" \
	" WHERE (" FIN "d.finished_at IS NULL OR " FIN "d.finished_at >= ?1)" \
	"  AND " RCV "d.received_at < ?2 AND (?3 IS NULL OR d.unit_code = ?3))," \
	"g AS (" \
	" SELECT k, label, ch, status, fin, fin_in, sdue, st, acc < ?1 AS carried," \
	"  NOT voided AND acc IS NOT NULL AND acc < ?2" \
	"   AND NOT (fin_in AND status = 'refused' AND acc >= ?1) AS recv," \
	"  NOT voided AND fin_in AND status = 'refused' AND (acc IS NULL OR acc >= ?1) AS refused," \
	"  CASE WHEN st IN ('accepted', 'processing') THEN coalesce((SELECT" \
	"   coalesce(json_extract(x.data, '$.statutory_due_at'), json_extract(x.data, '$.due_at'))" \
	"   FROM dossier_events x WHERE x.dossier_id = e.id AND x.at < ?2" \
	"   AND x.action IN ('accept', 'resume') ORDER BY x.at DESC, x.id DESC LIMIT 1)," \
	"   odue) END AS due_end" \
	" FROM e)," \
	"f AS (" \
	" SELECT k, label, recv AND carried AS carried, recv AND NOT carried AS new," \
	"  recv AND NOT carried AND ch = 'counter' AS n_counter," \
	"  recv AND NOT carried AND ch = 'online' AS n_online," \
	"  recv AND NOT carried AND ch = 'post' AS n_post," \
	"  recv AND fin_in AND status IN ('ready', 'returned', 'withdrawn') AS res," \
	"  substr(fin, 1, 10) < substr(sdue, 1, 10) AS early, fin <= sdue AS by_due," \
	"  recv AND fin_in AND status = 'withdrawn' AS wd," \
	"  recv AND due_end IS NOT NULL AS open, due_end >= ?2 AS due_after," \
	"  recv AND fin_in AND status IN ('stopped', 'refused') AS stp," \
	"  recv AND (coalesce(st IN ('supplement', 'fees'), 0)" \
	"   OR (fin_in AND status IN ('stopped', 'refused'))) AS paused," \
	"  refused, 0 AS returned, NULL AS rating FROM g" \
	" UNION ALL" \
	" SELECT " KEY ", " LABEL ", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1," \
	"  CASE WHEN d.rated_at < ?2 THEN d.rating END" \
	" FROM dossiers d JOIN procedures p ON p.id = d.procedure_id" \
	" WHERE d.returned_at >= ?1 AND d.returned_at < ?2" \
	"  AND (?3 IS NULL OR d.unit_code = ?3) AND NOT (d.status = 'voided' AND EXISTS (SELECT 1" \
	"  FROM dossier_events v WHERE v.dossier_id = d.id AND v.action = 'void'" \
	"  AND v.at < ?2)))" \
	"SELECT k, max(label), sum(carried), sum(new), sum(res AND early)," \
	" sum(res AND NOT early AND by_due), sum(res AND NOT by_due)," \
	" sum(open AND due_after), sum(open AND NOT due_after), sum(paused), sum(refused)," \
	" sum(returned), count(rating = 1 OR NULL), count(rating = 2 OR NULL)," \
	" count(rating = 3 OR NULL), sum(n_counter), sum(n_online), sum(n_post), sum(wd)," \
	" sum(stp)" \
	" FROM f GROUP BY k ORDER BY k"


static uint64_t seed = 0x2545f4914f6cdd1dull;
static unsigned pick(unsigned n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (unsigned)(seed % n);
}

/* A step that may not apply (the story is random): kept if the core takes it. */
static bool try_step(mc_store *s, int n, mc_step_kind kind, const char *at)
{
	mc_error err = {0};
	mc_step st = {.kind = kind, .code = codes[n], .user = "mai", .at = at,
		      .to = kind == MC_STEP_TRANSFER ? "Phòng Tư pháp"
			  : kind == MC_STEP_RETURN ? "Nguyễn Văn An" : NULL,
		      .text = kind == MC_STEP_SUPPLEMENT || kind == MC_STEP_FEES ? "Giấy tờ"
			    : kind == MC_STEP_REFUSE || kind == MC_STEP_STOP ||
			      kind == MC_STEP_WITHDRAW || kind == MC_STEP_EXTEND ? "Lý do" : NULL,
		      .by = kind == MC_STEP_RETURN ? "counter" : NULL,
		      .until = kind == MC_STEP_EXTEND ? "2026-12-01 09:00" : NULL};
	return mc_dossier_step(s, &st, NULL, &err) == MC_OK;
}

/* 2026, day `day` of the year (1 = 1 Jan), at hh:mm. */
static void when(int day, int hh, int mm, char out[17])
{
	int32_t d = mc_date_from_ymd(2026, 1, 1) + day - 1;
	char date[11];
	mc_date_format(d, date);
	snprintf(out, 17, "%s %02d:%02d", date, hh, mm);
}

/* Report rows against the reference statement's, group by group. */
static void agree(const char *db, mc_store *s, const char *from, const char *to,
		  mc_report_by by, const char *unit)
{
	static const char *const sql_of[] = {
		[MC_REPORT_ALL] = REFERENCE_SQL("''", "''", "", "+"),
		[MC_REPORT_FIELD] = REFERENCE_SQL("p.field", "p.field", "", "+"),
		[MC_REPORT_AGENCY] = REFERENCE_SQL("p.agency", "p.agency", "", "+"),
		[MC_REPORT_PROCEDURE] = REFERENCE_SQL("d.procedure_code", "d.procedure_name", "",
						      "+"),
		[MC_REPORT_UNIT] = REFERENCE_SQL("d.unit_code", "d.unit_code", "", "+")};
	mc_error err = {0};
	mc_report r;
	if (mc_report_compute_unit(s, from, to, by, unit, &r, &err) != MC_OK)
		fail_msg("%s..%s: %s", from, to, err.msg);
	sqlite3 *h;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	if (sqlite3_prepare_v2(h, sql_of[by], -1, &st, NULL) != SQLITE_OK)
		fail_msg("reference: %s", sqlite3_errmsg(h));
	char start[17], end[17], day[11];
	int32_t a, b;
	assert_int_equal(mc_date_parse(from, &a, NULL), MC_OK);
	assert_int_equal(mc_date_parse(to, &b, NULL), MC_OK);
	mc_date_format(a, day);
	snprintf(start, sizeof start, "%s 00:00", day);
	mc_date_format(b + 1, day);
	snprintf(end, sizeof end, "%s 00:00", day);
	sqlite3_bind_text(st, 1, start, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, end, -1, SQLITE_STATIC);
	if (unit)
		sqlite3_bind_text(st, 3, unit, -1, SQLITE_STATIC);
	size_t i = 0;
	mc_report_figures total = {0};
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t ref[18];
		for (int c = 0; c < 18; c++)
			ref[c] = sqlite3_column_int64(st, c + 2);
		const mc_report_figures *f = &r.total;
		if (by != MC_REPORT_ALL) {
			if (i >= r.nrows)
				fail_msg("%s..%s by %d: the reference has more rows", from, to, by);
			const char *k = (const char *)sqlite3_column_text(st, 0);
			const char *l = (const char *)sqlite3_column_text(st, 1);
			assert_string_equal(r.rows[i].key, k ? k : "");
			assert_string_equal(r.rows[i].label, l && *l ? l : k ? k : "");
			f = &r.rows[i++].f;
		}
		const int64_t mine[18] = {f->carried_over, f->received_new, f->resolved_early,
					  f->resolved_on_time, f->resolved_late, f->open_on_time,
					  f->open_late, f->paused, f->refused, f->returned,
					  f->rating[0], f->rating[1], f->rating[2], f->new_counter,
					  f->new_online, f->new_post, f->withdrawn, f->stopped};
		for (int c = 0; c < 18; c++)
			if (mine[c] != ref[c])
				fail_msg("%s..%s by %d unit %s row %zu figure %d: %lld, reference %lld",
					 from, to, by, unit ? unit : "-", i, c, (long long)mine[c],
					 (long long)ref[c]);
		total.received_new += f->received_new;
	}
	assert_int_equal(i, r.nrows);
	if (by == MC_REPORT_ALL && total.received_new == 0)
		assert_int_equal(r.total.received_new, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	mc_report_free(&r);
}

/* Random histories (every kind of step, back-dated voids, a dossier voided
 * with no void event, two offices, renamed procedures) reported by every
 * grouping over months, quarters and a week, recent and old periods:
 * every figure of every group as the reference statement counts it. */
static void test_agrees_with_reference(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = office_store(&t, "000.17.22.H56", "UBND xã Quảng Phú", CSV);
	setenv("MOTCUA_NOW", "2026-12-20 09:00", 1);
	static const char *const channels[] = {"counter", "counter", "online", "post"};
	int steps = 0;
	for (int n = 0; n < 16 * 10; n++) {
		int slot = n % 16;        /* codes[] holds 16: reuse, each story done at once */
		int day = 5 + (int)pick(250);
		while (mc_weekday(mc_date_from_ymd(2026, 1, 1) + day - 1) >= 5)
			day++;
		char at[17];
		when(day, 8 + (int)pick(3), 15 * (int)pick(4), at);
		intake_channel(s, slot, channels[pick(4)], at);
		if (pick(8) == 0) {
			submitted(t.db, slot);
			day += 1 + (int)pick(4);
			when(day, 8, 0, at);
			if (pick(4) && try_step(s, slot, MC_STEP_ACCEPT, at))
				steps++;
		}
		static const mc_step_kind path[][4] = {
			{MC_STEP_TRANSFER, MC_STEP_RESULT, MC_STEP_RETURN, MC_STEP_COUNT},
			{MC_STEP_TRANSFER, MC_STEP_RESULT, MC_STEP_COUNT},
			{MC_STEP_TRANSFER, MC_STEP_COUNT},
			{MC_STEP_SUPPLEMENT, MC_STEP_RESUME, MC_STEP_RESULT, MC_STEP_RETURN},
			{MC_STEP_SUPPLEMENT, MC_STEP_COUNT},
			{MC_STEP_FEES, MC_STEP_RESUME, MC_STEP_TRANSFER, MC_STEP_RESULT},
			{MC_STEP_REFUSE, MC_STEP_COUNT},
			{MC_STEP_TRANSFER, MC_STEP_WITHDRAW, MC_STEP_COUNT},
			{MC_STEP_TRANSFER, MC_STEP_STOP, MC_STEP_COUNT},
			{MC_STEP_TRANSFER, MC_STEP_EXTEND, MC_STEP_RESULT, MC_STEP_RETURN},
			{MC_STEP_COUNT},
		};
		const mc_step_kind *p = path[pick(sizeof path / sizeof path[0])];
		for (int k = 0; k < 4 && p[k] != MC_STEP_COUNT; k++) {
			day += (int)pick(9);     /* some on the day, some weeks later */
			int hour = 9 + (int)pick(8);
			when(day, hour, 0, at);
			bool done = try_step(s, slot, p[k], at);
			steps += done;
			if (done && p[k] == MC_STEP_RETURN && pick(2)) {
				when(day, hour, 5, at);
				mc_error err = {0};
				setenv("MOTCUA_NOW", at, 1);
				assert_int_equal(mc_dossier_rate(s, codes[slot], 1 + (int)pick(3),
								 "mai", &err), MC_OK);
				setenv("MOTCUA_NOW", "2026-12-20 09:00", 1);
			}
		}
		if (pick(12) == 0) {
			when(day + (int)pick(60), 10, 0, at);
			void_at(t.db, slot, at);
		}
	}
	assert_true(steps > 200);
	/* A province's rows: a second office, procedure names as they were
	 * at intake, a dossier voided with no void in its history. */
	sql(t.db, "UPDATE dossiers SET unit_code = '000.17.22.H57' WHERE id % 3 = 0;"
		  "UPDATE dossiers SET procedure_name = 'Tên thủ tục cũ' WHERE id % 7 = 0;"
		  "UPDATE dossiers SET status = 'voided' WHERE id IN (SELECT max(id)"
		  " FROM dossiers WHERE status = 'processing');");
	static const char *const periods[][2] = {
		{"2026-01-01", "2026-01-31"}, {"2026-02-01", "2026-02-28"},
		{"2026-03-01", "2026-03-31"}, {"2026-04-01", "2026-04-30"},
		{"2026-05-01", "2026-05-31"}, {"2026-06-01", "2026-06-30"},
		{"2026-07-01", "2026-07-31"}, {"2026-08-01", "2026-08-31"},
		{"2026-09-01", "2026-09-30"}, {"2026-10-01", "2026-10-31"},
		{"2026-01-01", "2026-03-31"}, {"2026-04-01", "2026-06-30"},
		{"2026-07-01", "2026-09-30"}, {"2026-03-09", "2026-03-15"},
		{"2025-10-01", "2025-12-31"}, {"2026-01-01", "2026-12-31"}};
	for (size_t i = 0; i < sizeof periods / sizeof periods[0]; i++) {
		for (int by = MC_REPORT_ALL; by <= MC_REPORT_UNIT; by++)
			agree(t.db, s, periods[i][0], periods[i][1], (mc_report_by)by, NULL);
		agree(t.db, s, periods[i][0], periods[i][1], MC_REPORT_FIELD, "000.17.22.H57");
	}
	unsetenv("MOTCUA_NOW");
	mc_store_close(s);
	tdir_remove(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_march_by_hand),
		cmocka_unit_test(test_past_period_counts_what_was_open_then),
		cmocka_unit_test(test_grouped),
		cmocka_unit_test(test_agrees_with_timeliness),
		cmocka_unit_test(test_writers),
		cmocka_unit_test(test_closed_period_never_changes),
		cmocka_unit_test(test_voided_left_out),
		cmocka_unit_test(test_channels_and_acceptance),
		cmocka_unit_test(test_by_unit),
		cmocka_unit_test(test_agrees_with_reference),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
