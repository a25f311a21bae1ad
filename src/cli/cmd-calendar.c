/* motcua calendar: holiday table, working time, lunar proposals, due dates. */
#include "cli.h"

#include "motcua/holidays.h"
#include "motcua/json.h"
#include "motcua/lunar.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const weekday_vi[] = {"Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm",
					 "Thứ Sáu", "Thứ Bảy", "Chủ nhật"};

static const char add_usage[] =
	N_("Usage: motcua calendar holiday add DATE [--type off|workday] [--note TEXT]\n\n"
	"Marks DATE (YYYY-MM-DD) as a day off (holiday, Tết, compensatory day) or, with\n"
	"--type workday, as a swapped working day (a Saturday worked for a bridge).\n");

static int holiday_add(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"type", required_argument, NULL, 't'},
		{"note", required_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	mc_holiday h = {.kind = MC_DAY_OFF};
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "calendar holiday add", add_usage)) != -1) {
		if (c == 't') {
			if (strcmp(optarg, "off") == 0)
				h.kind = MC_DAY_OFF;
			else if (strcmp(optarg, "workday") == 0)
				h.kind = MC_DAY_WORK;
			else
				return cli_usage_error("calendar holiday add",
						       "--type must be off or workday, not \"%s\"", optarg);
		} else if (c == 'n') {
			snprintf(h.note, sizeof h.note, "%s", optarg);
		} else {
			return c == 'h' ? 0 : MC_EUSAGE;
		}
	}
	if (optind != argc - 1)
		return cli_usage_error("calendar holiday add", "give exactly one DATE");
	mc_error err = {0};
	if (mc_date_parse(argv[optind], &h.day, &err) != MC_OK)
		return cli_usage_error("calendar holiday add", "%s", err.msg);
	int rc = cli_store(cli);
	if (rc)
		return rc;
	if (mc_holiday_add(cli->store, &h, &err) != MC_OK)
		return cli_fail(&err);
	return 0;
}

static const char del_usage[] = N_("Usage: motcua calendar holiday del DATE\n");

static int holiday_del(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {0}};
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "calendar holiday del", del_usage)) != -1)
		return c == 'h' ? 0 : MC_EUSAGE;
	if (optind != argc - 1)
		return cli_usage_error("calendar holiday del", "give exactly one DATE");
	mc_error err = {0};
	int32_t day;
	if (mc_date_parse(argv[optind], &day, &err) != MC_OK)
		return cli_usage_error("calendar holiday del", "%s", err.msg);
	int rc = cli_store(cli);
	if (rc)
		return rc;
	return mc_holiday_del(cli->store, day, &err) == MC_OK ? 0 : cli_fail(&err);
}

static void print_holidays(const mc_holiday *h, size_t n, bool json)
{
	mc_json j;
	mc_json_init(&j, stdout);
	if (json)
		mc_json_begin_array(&j, NULL);
	for (size_t i = 0; i < n; i++) {
		char d[11];
		mc_date_format(h[i].day, d);
		const char *kind = h[i].kind == MC_DAY_WORK ? "workday" : "off";
		if (json) {
			mc_json_begin_object(&j, NULL);
			mc_json_string(&j, "date", d);
			mc_json_string(&j, "type", kind);
			mc_json_string(&j, "note", h[i].note);
			mc_json_end_object(&j);
		} else {
			const char *wd = weekday_vi[mc_weekday(h[i].day)];
			printf("%s  %s%*s %-7s  %s\n", d, wd, cli_pad(wd, 9), "", kind, h[i].note);
		}
	}
	if (json)
		mc_json_end_array(&j);
}

static const char list_usage[] = N_("Usage: motcua calendar holiday list [--year YYYY] [--json]\n");

static int holiday_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"year", required_argument, NULL, 'y'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int year = 0, c;
	bool json = false;
	while ((c = cli_getopt(argc, argv, "", opts, "calendar holiday list", list_usage)) != -1) {
		if (c == 'y' && (year = atoi(optarg)) >= 1900 && year <= 2200)
			continue;
		if (c == 'y')
			return cli_usage_error("calendar holiday list", "--year \"%s\" is not a year",
					       optarg);
		if (c == 'j')
			json = true;
		else
			return c == 'h' ? 0 : MC_EUSAGE;
	}
	if (optind < argc)
		return cli_usage_error("calendar holiday list", "unexpected argument \"%s\"",
				       argv[optind]);
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	mc_holiday *h;
	size_t n;
	int32_t from = year ? mc_date_from_ymd(year, 1, 1) : INT32_MIN;
	int32_t to = year ? mc_date_from_ymd(year, 12, 31) : INT32_MAX;
	if (mc_holiday_list(cli->store, from, to, &h, &n, &err) != MC_OK)
		return cli_fail(&err);
	print_holidays(h, n, json);
	free(h);
	return 0;
}

static int cmd_holiday(struct cli *cli, int argc, char **argv)
{
	static const struct cli_cmd cmds[] = {
		{"add", holiday_add, N_("add a day off or a swapped working day")},
		{"del", holiday_del, N_("remove an entry")},
		{"list", holiday_list, N_("list the holiday table")},
		{NULL, NULL, NULL},
	};
	return cli_dispatch(cli, "calendar holiday", cmds, argc - 1, argv + 1);
}

static const char propose_usage[] =
	N_("Usage: motcua calendar propose YEAR [--apply] [--json]\n\n"
	"Proposes the statutory holidays of YEAR (Labour Code art. 112) from the lunar\n"
	"calendar (Hồ Ngọc Đức's method, UTC+7): Tết Dương lịch, 5 days of Tết, Giỗ Tổ\n"
	"(10/3 lunar), 30/4, 1/5, 2/9 and an adjacent day, with compensatory days. The\n"
	"Government announces the real days each year: check before --apply stores them.\n");

static int calendar_propose(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"apply", no_argument, NULL, 'a'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	bool apply = false, json = false;
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "calendar propose", propose_usage)) != -1) {
		if (c == 'a')
			apply = true;
		else if (c == 'j')
			json = true;
		else
			return c == 'h' ? 0 : MC_EUSAGE;
	}
	if (optind != argc - 1)
		return cli_usage_error("calendar propose", "give exactly one YEAR");
	char *end;
	long year = strtol(argv[optind], &end, 10);
	if (*end || year < 1900 || year > 2199)
		return cli_usage_error("calendar propose", "\"%s\" is not a year (1900-2199)",
				       argv[optind]);
	mc_holiday h[MC_HOLIDAYS_PROPOSE_MAX];
	size_t n = mc_holidays_propose((int)year, h, MC_HOLIDAYS_PROPOSE_MAX);
	print_holidays(h, n, json);
	if (!apply)
		return 0;
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	if (mc_store_begin(cli->store, &err) != MC_OK)
		return cli_fail(&err);
	for (size_t i = 0; i < n; i++)
		if (mc_holiday_add(cli->store, &h[i], &err) != MC_OK) {
			mc_store_rollback(cli->store);
			return cli_fail(&err);
		}
	if (mc_store_commit(cli->store, &err) != MC_OK)
		return cli_fail(&err);
	fprintf(stderr, _("%zu days stored in the holiday table\n"), n);
	return 0;
}

static const char due_usage[] =
	N_("Usage: motcua calendar due --from 'YYYY-MM-DD HH:MM' (--days N | --hours N |\n"
	"                           --calendar-days N)\n\n"
	"Prints the due time YYYY-MM-DD HH:MM of a time limit counted from --from on\n"
	"the office's working calendar (windows, working week, holiday table).\n");

static int calendar_due(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"from", required_argument, NULL, 'f'},
		{"days", required_argument, NULL, 'd'},
		{"hours", required_argument, NULL, 'H'},
		{"calendar-days", required_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *from = NULL, *amount = NULL;
	mc_deadline_unit unit = MC_UNIT_DAY;
	int c, given = 0;
	while ((c = cli_getopt(argc, argv, "", opts, "calendar due", due_usage)) != -1) {
		switch (c) {
		case 'f': from = optarg; break;
		case 'd': amount = optarg; unit = MC_UNIT_DAY; given++; break;
		case 'H': amount = optarg; unit = MC_UNIT_HOUR; given++; break;
		case 'c': amount = optarg; unit = MC_UNIT_CALENDAR_DAY; given++; break;
		case 'h': return 0;
		default: return MC_EUSAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error("calendar due", "unexpected argument \"%s\"", argv[optind]);
	if (!from || given != 1)
		return cli_usage_error("calendar due",
				       "give --from and one of --days, --hours, --calendar-days");
	mc_error err = {0};
	int64_t t, due;
	if (mc_time_parse(from, &t, &err) != MC_OK)
		return cli_usage_error("calendar due", "--from: %s", err.msg);
	char *end;
	double n = strtod(amount, &end);
	if (*end || !*amount || !isfinite(n) || n < 0)
		return cli_usage_error("calendar due", "\"%s\" is not a non-negative number", amount);
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_office_calendar oc;
	if (mc_office_calendar_load(cli->store, &oc, &err) != MC_OK)
		return cli_fail(&err);
	mc_status st = mc_calendar_due(&oc.cal, t, n, unit, &due, &err);
	mc_office_calendar_free(&oc);
	if (st != MC_OK)
		return cli_fail(&err);
	char buf[17];
	mc_time_format(due, buf);
	printf("%s\n", buf);
	return 0;
}

static const char set_usage[] =
	N_("Usage: motcua calendar set [--windows SPEC] [--workdays SPEC]\n\n"
	"  --windows SPEC   working windows, default \"07:00-11:30,13:30-17:00\"\n"
	"  --workdays SPEC  working week, default \"mon-fri\" (e.g. \"mon-sat\")\n");

static int calendar_set(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"windows", required_argument, NULL, 'w'},
		{"workdays", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *windows = NULL, *workdays = NULL;
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "calendar set", set_usage)) != -1) {
		if (c == 'w')
			windows = optarg;
		else if (c == 'd')
			workdays = optarg;
		else
			return c == 'h' ? 0 : MC_EUSAGE;
	}
	if (optind < argc || (!windows && !workdays))
		return cli_usage_error("calendar set", "give --windows and/or --workdays");
	mc_calendar cal;
	mc_calendar_init(&cal);
	mc_error err = {0};
	if (windows && mc_calendar_set_windows(&cal, windows, &err) != MC_OK)
		return cli_usage_error("calendar set", "--windows: %s", err.msg);
	if (workdays && mc_calendar_set_workdays(&cal, workdays, &err) != MC_OK)
		return cli_usage_error("calendar set", "--workdays: %s", err.msg);
	int rc = cli_store(cli);
	if (rc)
		return rc;
	if ((windows && mc_store_setting_set(cli->store, "calendar.windows", windows, &err)) ||
	    (workdays && mc_store_setting_set(cli->store, "calendar.workdays", workdays, &err)))
		return cli_fail(&err);
	return 0;
}

static const char confirm_usage[] =
	N_("Usage: motcua calendar confirm YEAR\n\n"
	"Confirms YEAR's holiday table as the Government announced it: the days\n"
	"`init` proposed (Tết, Giỗ Tổ, the day next to 2/9, compensatory days) stop\n"
	"being proposals, and intakes with an appointment in YEAR stop warning.\n"
	"Change a day first with `calendar holiday add|del DATE`.\n");

static int calendar_confirm(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "calendar confirm", confirm_usage)) != -1)
		return c == 'h' ? 0 : MC_EUSAGE;
	if (optind != argc - 1)
		return cli_usage_error("calendar confirm", "give exactly one YEAR");
	char *end;
	long year = strtol(argv[optind], &end, 10);
	if (*end || year < 1900 || year > 2199)
		return cli_usage_error("calendar confirm", "\"%s\" is not a year (1900-2199)",
				       argv[optind]);
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	int days = 0;
	if (mc_holidays_confirm(cli->store, (int)year, &days, &err) != MC_OK)
		return cli_fail(&err);
	if (days == 0) {
		fprintf(stderr, _("The holiday table of %ld holds no day: add them first "
				  "(calendar propose %ld --apply, or calendar holiday add)\n"),
			year, year);
		return MC_EEMPTY;
	}
	printf(_("Holidays of %ld confirmed: %d days\n"), year, days);
	return 0;
}

int cmd_calendar(struct cli *cli, int argc, char **argv)
{
	static const struct cli_cmd cmds[] = {
		{"holiday", cmd_holiday, N_("add, del, list holiday-table entries")},
		{"propose", calendar_propose, N_("propose a year's statutory holidays")},
		{"confirm", calendar_confirm, N_("confirm a year's holiday table as announced")},
		{"due", calendar_due, N_("compute a due time")},
		{"set", calendar_set, N_("set working windows and working week")},
		{NULL, NULL, NULL},
	};
	return cli_dispatch(cli, "calendar", cmds, argc - 1, argv + 1);
}
