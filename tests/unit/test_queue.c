/* The waiting-room queue: services and counters as data, daily numbering,
 * call order, recall/skip/serve/done/transfer, the snapshot and the
 * dashboard, change watching, and 32 processes issuing and calling at once
 * (every ticket called exactly once, none lost). */
#include "testutil.h"

#include "motcua/auth.h"
#include "motcua/calendar.h"
#include "motcua/dashboard.h"
#include "motcua/dossier.h"
#include "motcua/lifecycle.h"
#include "motcua/queue.h"

#include <sqlite3.h>
#include <sys/wait.h>

#define CSV "code,name,field,agency,level,deadline,deadline_unit,fee,documents\n" \
	"1.004873,Cấp Giấy xác nhận tình trạng hôn nhân,Hộ tịch,UBND cấp xã,Cấp xã,3,day,0,Tờ khai\n" \
	"2.000908,Chứng thực bản sao từ bản chính,Chứng thực,UBND cấp xã,Cấp xã,4,hour,2000,Bản chính\n"

/* Services A (Hộ tịch) and B (Chứng thực); counter 1 serves A,B, counter 2
 * serves B, counter 3 serves A. */
static mc_store *setup(struct tdir *t)
{
	mc_store *s = office_store(t, "000.17.22.H56", "UBND xã Quảng Phú", CSV);
	mc_error err = {0};
	assert_int_equal(mc_queue_service_add(s, "a", " Hộ  tịch ", "Hộ tịch, Nuôi con nuôi", &err),
			 MC_OK);
	assert_int_equal(mc_queue_service_add(s, "B", "Chứng thực", NULL, &err), MC_OK);
	assert_int_equal(mc_queue_counter_add(s, 1, "Quầy một", "A, b", &err), MC_OK);
	assert_int_equal(mc_queue_counter_add(s, 2, NULL, "B", &err), MC_OK);
	assert_int_equal(mc_queue_counter_add(s, 3, NULL, "A", &err), MC_OK);
	setenv("MOTCUA_NOW", "2026-11-25 08:00", 1);
	return s;
}

static void finish(mc_store *s, struct tdir *t)
{
	mc_store_close(s);
	unsetenv("MOTCUA_NOW");
	tdir_remove(t);
}

static void issue(mc_store *s, const char *svc, const char *expect, int ahead)
{
	mc_ticket tk;
	mc_error err = {0};
	assert_int_equal(mc_queue_issue(s, svc, &tk, &err), MC_OK);
	assert_string_equal(tk.ticket, expect);
	assert_int_equal(tk.state, MC_TICKET_WAITING);
	assert_int_equal(tk.waiting_ahead, ahead);
}

static void call(mc_store *s, int counter, const char *expect)
{
	mc_ticket tk;
	mc_error err = {0};
	mc_status st = mc_queue_call(s, counter, &tk, &err);
	if (!expect) {
		assert_int_equal(st, MC_EEMPTY);
		return;
	}
	if (st != MC_OK)
		fail_msg("call at %d: %s", counter, err.msg);
	assert_string_equal(tk.ticket, expect);
	assert_int_equal(tk.state, MC_TICKET_CALLED);
	assert_int_equal(tk.counter, counter);
}

static int count_service(const mc_queue_service *v, void *ctx)
{
	char *out = ctx;
	strcat(out, v->code);
	strcat(out, ":");
	strcat(out, v->name);
	strcat(out, "/");
	strcat(out, v->fields);
	strcat(out, ";");
	return 0;
}

static int count_counter(const mc_counter *c, void *ctx)
{
	char *out = ctx;
	char line[400];
	snprintf(line, sizeof line, "%d:%s:%s:%s;", c->number, c->name, c->services,
		 mc_counter_state_key(c->state));
	strcat(out, line);
	return 0;
}

static void test_services_and_counters_are_data(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_error err = {0};
	char out[1024] = "";
	assert_int_equal(mc_queue_service_list(s, count_service, out, &err), MC_OK);
	assert_string_equal(out, "A:Hộ tịch/Hộ tịch,Nuôi con nuôi;B:Chứng thực/;");
	out[0] = '\0';
	assert_int_equal(mc_queue_counter_list(s, count_counter, out, &err), MC_OK);
	assert_string_equal(out, "1:Quầy một:A,B:open;2::B:open;3::A:open;");
	/* Updating a counter keeps its name when none is given. */
	assert_int_equal(mc_queue_counter_add(s, 1, NULL, "B,A,B", &err), MC_OK);
	mc_counter c;
	assert_int_equal(mc_queue_counter_get(s, 1, &c, &err), MC_OK);
	assert_string_equal(c.name, "Quầy một");
	assert_string_equal(c.services, "B,A");
	/* Errors name what is wrong. */
	assert_int_equal(mc_queue_service_add(s, "A1", "x", NULL, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "one or two letters"));
	assert_int_equal(mc_queue_service_add(s, "C", "  ", NULL, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "service name is empty"));
	assert_int_equal(mc_queue_counter_add(s, 4, NULL, "A,Z", &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "no queue service Z"));
	assert_int_equal(mc_queue_counter_add(s, 0, NULL, "A", &err), MC_EDATA);
	assert_int_equal(mc_queue_counter_get(s, 9, &c, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "queue counter add 9"));
	/* A clerk may not set the queue up. */
	mc_auth_set_actor(s, "mai", MC_ROLE_CLERK);
	assert_int_equal(mc_queue_service_add(s, "C", "Đất đai", NULL, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "supervisor"));
	assert_int_equal(mc_queue_counter_add(s, 4, NULL, "A", &err), MC_EDATA);
	finish(s, &t);
}

static void test_numbers_restart_daily_per_service(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_error err = {0};
	issue(s, "A", "A001", 0);
	issue(s, "a", "A002", 1);
	issue(s, "B", "B001", 0);
	issue(s, "A", "A003", 2);
	mc_ticket tk;
	assert_int_equal(mc_queue_issue(s, "Z", &tk, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "no queue service Z"));
	setenv("MOTCUA_NOW", "2026-11-26 07:30", 1);
	issue(s, "A", "A001", 0);
	assert_int_equal(mc_queue_ticket_get(s, "a001", NULL, &tk, &err), MC_OK);
	assert_string_equal(tk.day, "2026-11-26");
	assert_string_equal(tk.service_name, "Hộ tịch");
	assert_string_equal(tk.issued_at, "2026-11-26 07:30");
	assert_int_equal(mc_queue_ticket_get(s, "A003", "2026-11-25", &tk, &err), MC_OK);
	assert_int_equal(tk.number, 3);
	/* Yesterday's waiting tickets are not called today. */
	call(s, 3, "A001");
	call(s, 3, NULL);
	finish(s, &t);
}

static void test_call_order_and_counter_services(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_error err = {0};
	issue(s, "B", "B001", 0);
	setenv("MOTCUA_NOW", "2026-11-25 08:01", 1);
	issue(s, "A", "A001", 0);
	issue(s, "B", "B002", 1);
	call(s, 3, "A001");        /* counter 3 serves A only */
	call(s, 3, NULL);          /* A001 finished, nothing else for A */
	mc_ticket tk;
	assert_int_equal(mc_queue_ticket_get(s, "A001", NULL, &tk, &err), MC_OK);
	assert_int_equal(tk.state, MC_TICKET_DONE);
	assert_string_equal(tk.done_at, "2026-11-25 08:01");
	call(s, 1, "B001");        /* oldest first */
	call(s, 2, "B002");
	call(s, 2, NULL);
	assert_int_equal(mc_queue_call(s, 7, &tk, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "counter 7 is not set up"));
	finish(s, &t);
}

static void test_recall_skip_serve_done_transfer(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_error err = {0};
	mc_ticket tk;
	assert_int_equal(mc_queue_recall(s, 1, &tk, &err), MC_EEMPTY);
	issue(s, "A", "A001", 0);
	issue(s, "A", "A002", 1);
	issue(s, "A", "A003", 2);
	issue(s, "B", "B001", 0);
	call(s, 1, "A001");
	assert_int_equal(mc_queue_recall(s, 1, &tk, &err), MC_OK);
	assert_int_equal(mc_queue_recall(s, 1, &tk, &err), MC_OK);
	assert_int_equal(tk.recalls, 2);
	assert_int_equal(mc_queue_skip(s, 1, &tk, &err), MC_OK);
	assert_int_equal(tk.state, MC_TICKET_SKIPPED);
	assert_int_equal(mc_queue_current(s, 1, &tk, &err), MC_EEMPTY);

	setenv("MOTCUA_NOW", "2026-11-25 08:10", 1);
	call(s, 1, "A002");
	assert_int_equal(mc_queue_serve(s, 1, &tk, &err), MC_OK);
	assert_int_equal(tk.state, MC_TICKET_SERVING);
	assert_string_equal(tk.served_at, "2026-11-25 08:10");
	assert_int_equal(mc_queue_recall(s, 1, &tk, &err), MC_EDATA);
	assert_int_equal(mc_queue_skip(s, 1, &tk, &err), MC_EDATA);
	/* The dossier taken in is linked to the ticket. */
	mc_dossier d;
	mc_intake in = {.procedure_code = "1.004873", .name = "Nguyễn Văn An",
			.id_number = "034091002345", .phone = "0912345678", .user = "mai"};
	assert_int_equal(mc_dossier_intake(s, &in, &d, &err), MC_OK);
	assert_int_equal(mc_queue_link_dossier(s, 1, "nope", &tk, &err), MC_EDATA);
	assert_non_null(strstr(err.msg, "no dossier nope"));
	setenv("MOTCUA_NOW", "2026-11-25 08:25", 1);
	assert_int_equal(mc_queue_done(s, 1, d.code, &tk, &err), MC_OK);
	assert_int_equal(tk.state, MC_TICKET_DONE);
	assert_string_equal(tk.dossier_code, d.code);
	assert_string_equal(tk.done_at, "2026-11-25 08:25");

	/* Transfer: A003 goes to counter 2, which serves only B, and is
	 * called there before B001. */
	call(s, 1, "A003");
	assert_int_equal(mc_queue_transfer(s, 1, 1, &tk, &err), MC_EDATA);
	assert_int_equal(mc_queue_transfer(s, 1, 9, &tk, &err), MC_EDATA);
	assert_int_equal(mc_queue_transfer(s, 1, 2, &tk, &err), MC_OK);
	assert_int_equal(tk.state, MC_TICKET_WAITING);
	assert_int_equal(tk.transferred_to, 2);
	call(s, 3, NULL);          /* counter 3 serves A, but A003 is for counter 2 */
	call(s, 2, "A003");
	call(s, 2, "B001");
	finish(s, &t);
}

static void test_snapshot_and_dashboard(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_error err = {0};
	issue(s, "A", "A001", 0);         /* 08:00 */
	setenv("MOTCUA_NOW", "2026-11-25 08:04", 1);
	issue(s, "A", "A002", 1);
	issue(s, "B", "B001", 0);
	setenv("MOTCUA_NOW", "2026-11-25 08:10", 1);
	call(s, 3, "A001");               /* waited 10 minutes */
	setenv("MOTCUA_NOW", "2026-11-25 08:16", 1);
	call(s, 3, "A002");               /* A001 done after 6 minutes */
	assert_int_equal(mc_queue_counter_set_state(s, 2, MC_COUNTER_PAUSED, &err), MC_OK);

	mc_queue_snapshot *q = malloc(sizeof *q);
	assert_non_null(q);
	int64_t at;
	assert_int_equal(mc_time_parse("2026-11-25 08:20", &at, NULL), MC_OK);
	assert_int_equal(mc_queue_snapshot_read(s, at, q, &err), MC_OK);
	assert_int_equal(q->issued, 3);
	assert_int_equal(q->waiting, 1);
	assert_int_equal(q->served, 1);
	assert_int_equal(q->longest_wait, 16);          /* B001 since 08:04 */
	assert_string_equal(q->longest_ticket, "B001");
	assert_true(q->avg_wait_called > 10.9 && q->avg_wait_called < 11.1);  /* (10+12)/2 */
	assert_true(q->avg_service > 5.9 && q->avg_service < 6.1);
	assert_int_equal(q->nservices, 2);
	assert_int_equal(q->services[0].called, 1);
	assert_int_equal(q->services[0].done, 1);
	assert_int_equal(q->services[1].waiting, 1);
	assert_int_equal(q->ncounters, 3);
	assert_false(q->counters[0].has_ticket);
	assert_int_equal(q->counters[1].counter.state, MC_COUNTER_PAUSED);
	assert_true(q->counters[2].has_ticket);
	assert_string_equal(q->counters[2].ticket, "A002");
	assert_int_equal(q->counters[2].served, 1);
	free(q);

	/* Dossiers: one due later today, one overdue, one ready, one paused;
	 * the transferred one counts under its department. */
	const char *at_times[] = {"2026-11-20 08:00", "2026-11-25 07:00", "2026-11-19 08:00",
				  "2026-11-18 08:00"};
	mc_dossier d[4];
	for (int i = 0; i < 4; i++) {
		mc_intake in = {.procedure_code = i == 1 ? "2.000908" : "1.004873",
				.name = "Trần Thị Bình", .id_number = "001085004321",
				.phone = "0987654321", .received_at = at_times[i], .user = "mai"};
		assert_int_equal(mc_dossier_intake(s, &in, &d[i], &err), MC_OK);
	}
	mc_step tr = {.kind = MC_STEP_TRANSFER, .code = d[0].code, .user = "mai",
		      .to = "Phòng Tư pháp"};
	assert_int_equal(mc_dossier_step(s, &tr, NULL, &err), MC_OK);
	mc_step res = {.kind = MC_STEP_RESULT, .code = d[2].code, .user = "mai"};
	assert_int_equal(mc_dossier_step(s, &res, NULL, &err), MC_OK);
	mc_step sup = {.kind = MC_STEP_SUPPLEMENT, .code = d[3].code, .user = "mai",
		       .text = "Thiếu tờ khai"};
	assert_int_equal(mc_dossier_step(s, &sup, NULL, &err), MC_OK);

	mc_dashboard *db = malloc(sizeof *db);
	assert_non_null(db);
	assert_int_equal(mc_dashboard_read(s, at, db, &err), MC_OK);
	assert_int_equal(db->queue.waiting, 1);
	assert_int_equal(db->total.ready, 1);
	assert_int_equal(db->total.paused, 1);
	assert_int_equal(db->ndepts, 3);
	assert_string_equal(db->depts[0].name, "Chứng thực");   /* procedure's field */
	assert_int_equal(db->depts[0].due_today, 1);               /* due 2026-11-25 11:00 */
	assert_string_equal(db->depts[1].name, "Hộ tịch");
	assert_int_equal(db->depts[1].ready + db->depts[1].paused, 2);
	assert_string_equal(db->depts[2].name, "Phòng Tư pháp");   /* department */
	assert_int_equal(db->depts[2].overdue, 1);                 /* due 2026-11-25 08:00 */
	assert_int_equal(db->total.overdue, 1);
	assert_int_equal(db->total.due_today, 1);
	mc_auth_set_actor(s, "mai", MC_ROLE_CLERK);
	assert_int_equal(mc_dashboard_read(s, at, db, &err), MC_EDATA);
	free(db);
	finish(s, &t);
}

static void test_watch_sees_other_process_commits(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_error err = {0};
	mc_watch w;
	assert_int_equal(mc_watch_init(&w, s, &err), MC_OK);
	bool changed = true;
	assert_int_equal(mc_watch_changed(&w, &changed, &err), MC_OK);
	assert_false(changed);
	mc_store *other = open_store(t.db);
	issue(other, "A", "A001", 0);
	assert_int_equal(mc_watch_wait(&w, 1000, &changed, &err), MC_OK);
	assert_true(changed);
	assert_int_equal(mc_watch_wait(&w, 300, &changed, &err), MC_OK);
	assert_false(changed);
	mc_store_close(other);
	finish(s, &t);
}

/* ---- 32 processes at once ------------------------------------------------------ */

#define PROCS 32
#define PER_PROC 40

/* Issue PER_PROC tickets, calling at this process's own counter after each
 * one; every ticket called goes to a file of ids. Exit 0 only when every
 * call succeeded or found the queue empty. */
static void clerk(const char *db, const char *dir, int n)
{
	mc_store *s = NULL;
	mc_error err = {0};
	if (mc_store_open(db, &s, &err) != MC_OK)
		_exit(10);
	char path[400];
	snprintf(path, sizeof path, "%s/called-%d", dir, n);
	FILE *f = fopen(path, "w");
	if (!f)
		_exit(11);
	for (int i = 0; i < PER_PROC; i++) {
		mc_ticket tk;
		if (mc_queue_issue(s, i % 2 ? "A" : "B", &tk, &err) != MC_OK) {
			fprintf(stderr, "clerk %d issue: %s\n", n, err.msg);
			_exit(12);
		}
		mc_status st = mc_queue_call(s, n + 1, &tk, &err);
		if (st == MC_OK)
			fprintf(f, "%lld\n", (long long)tk.id);
		else if (st != MC_EEMPTY) {
			fprintf(stderr, "clerk %d call: %s\n", n, err.msg);
			_exit(13);
		}
	}
	/* Drain what is left. */
	for (;;) {
		mc_ticket tk;
		mc_status st = mc_queue_call(s, n + 1, &tk, &err);
		if (st == MC_EEMPTY)
			break;
		if (st != MC_OK) {
			fprintf(stderr, "clerk %d drain: %s\n", n, err.msg);
			_exit(14);
		}
		fprintf(f, "%lld\n", (long long)tk.id);
	}
	fclose(f);
	mc_store_close(s);
	_exit(0);
}

static void test_32_processes_issue_and_call(void **state)
{
	(void)state;
	struct tdir t;
	mc_store *s = setup(&t);
	mc_error err = {0};
	for (int c = 1; c <= PROCS; c++)
		assert_int_equal(mc_queue_counter_add(s, c, NULL, "A,B", &err), MC_OK);
	mc_store_close(s);
	pid_t pids[PROCS];
	for (int p = 0; p < PROCS; p++) {
		pids[p] = fork();
		assert_true(pids[p] >= 0);
		if (pids[p] == 0)
			clerk(t.db, t.path, p);
	}
	for (int p = 0; p < PROCS; p++) {
		int status;
		assert_int_equal(waitpid(pids[p], &status, 0), pids[p]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	/* Every id called exactly once across all processes. */
	enum { N = PROCS * PER_PROC };
	static int seen[N + 1];
	memset(seen, 0, sizeof seen);
	int calls = 0;
	for (int p = 0; p < PROCS; p++) {
		char path[400];
		snprintf(path, sizeof path, "%s/called-%d", t.path, p);
		FILE *f = fopen(path, "r");
		assert_non_null(f);
		long long id;
		while (fscanf(f, "%lld", &id) == 1) {
			assert_true(id >= 1 && id <= N);
			seen[id]++;
			calls++;
		}
		fclose(f);
	}
	assert_int_equal(calls, N);
	for (int i = 1; i <= N; i++)
		assert_int_equal(seen[i], 1);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(t.db, &db), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*), count(DISTINCT ticket),"
					  " sum(state IN ('called','done')), max(number),"
					  " sum(counter IS NULL) FROM queue_tickets", -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), N);
	assert_int_equal(sqlite3_column_int(st, 1), N);       /* A001..A640, B001..B640 */
	assert_int_equal(sqlite3_column_int(st, 2), N);
	assert_int_equal(sqlite3_column_int(st, 3), N / 2);
	assert_int_equal(sqlite3_column_int(st, 4), 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	unsetenv("MOTCUA_NOW");
	tdir_remove(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_services_and_counters_are_data),
		cmocka_unit_test(test_numbers_restart_daily_per_service),
		cmocka_unit_test(test_call_order_and_counter_services),
		cmocka_unit_test(test_recall_skip_serve_done_transfer),
		cmocka_unit_test(test_snapshot_and_dashboard),
		cmocka_unit_test(test_watch_sees_other_process_commits),
		cmocka_unit_test(test_32_processes_issue_and_call),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
