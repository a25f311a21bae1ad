/*
 * Proposed statutory holidays for a solar year (see mc_holidays_propose in
 * include/motcua/lunar.h). Bộ luật Lao động 2019, Điều 112: 1/1; Tết Âm
 * lịch 5 days; Giỗ Tổ 10/3 lunar; 30/4; 1/5; 2/9 plus one adjacent day; a
 * holiday on the weekly rest day gets a compensatory day (nghỉ bù).
 *
 * The official Tết and 2/9 days are announced every year, so these are
 * rules that reproduce recent announcements, not law:
 *
 * Tết: five consecutive weekdays (Mon-Fri) starting two days before Tết
 * (28 or 29 Chạp), or on the following Monday when that day is a Saturday
 * or Sunday. Being weekdays by construction, they never need compensation.
 * Compared with the announcements:
 *   2026 (Tết Tue 17/2): Mon 16/2 (29 Chạp) - Fri 20/2   official, matches [V]
 *   2025 (Tết Wed 29/1): Mon 27/1 - Fri 31/1             official, matches [V]
 *   2024 (Tết Sat 10/2): Thu 8, Fri 9, Mon 12 - Wed 14/2 matches the
 *        announced 8/2-14/2 (from memory, not re-checked), as do 2019-2023.
 * The simpler "last day of the year through 4 tháng Giêng" matches 2026
 * but gives Tue 28/1 - Sat 1/2 for 2025, so it is not used.
 *
 * 2/9: the adjacent day is 1/9 when 2/9 falls on a Tuesday, Friday or
 * Saturday, otherwise 3/9; that is, the neighbour that is a weekday, and
 * if both are, the one touching the weekend (Wednesday: 3/9). Matches 2024
 * (Mon 2/9 + Tue 3/9) and 2025 (Mon 1/9 + Tue 2/9) [V], and from memory
 * 2021 (Thu+Fri 3/9), 2022 (Thu 1/9 + Fri) and 2023 (Fri 1/9 + Sat).
 *
 * Compensation: every non-Tết holiday on a Saturday or Sunday, or on a day
 * that is already a holiday, adds the next weekday that is not a holiday
 * (2026: Giỗ Tổ Sun 26/4 -> Mon 27/4 [V]). Swapped working Saturdays
 * (hoán đổi) are political decisions and are never proposed; neither is
 * 24/11 (Ngày Văn hóa Việt Nam) while the Labour Code is unamended.
 */
#include "motcua/lunar.h"

#include <stdio.h>
#include <string.h>

typedef struct proposal {
	mc_holiday h[MC_HOLIDAYS_PROPOSE_MAX];
	size_t n;
} proposal;

static bool weekend(int32_t day)
{
	return mc_weekday(day) >= 5;
}

static bool taken(const proposal *p, int32_t day)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->h[i].day == day)
			return true;
	return false;
}

/* kind is MC_DAY_WORK for Tết days while the base list is built: it marks
 * "needs no compensation" and is reset to OFF on output. */
static void add(proposal *p, int32_t day, mc_day_kind kind, const char *what)
{
	if (p->n == MC_HOLIDAYS_PROPOSE_MAX)
		return; /* cannot happen: 11 days plus at most 6 compensatory */
	mc_holiday *h = &p->h[p->n++];
	memset(h, 0, sizeof *h);
	h->day = day;
	h->kind = kind;
	snprintf(h->note, sizeof h->note, "%.110s (đề xuất)", what); /* names are < 90 bytes */
}

static void add_tet(proposal *p, int year)
{
	mc_lunar_date first = { .day = 1, .month = 1, .year = year, .leap = false };
	int y, m, d;
	if (mc_lunar_to_solar(&first, MC_LUNAR_TZ_VN, &y, &m, &d, NULL) != MC_OK)
		return;
	int32_t day = mc_date_from_ymd(y, m, d) - 2;
	for (int count = 0; count < 5; day++) {
		if (weekend(day))
			continue;
		add(p, day, MC_DAY_WORK, "Tết Nguyên đán");
		count++;
	}
}

static void add_gio_to(proposal *p, int year)
{
	mc_lunar_date ld = { .day = 10, .month = 3, .year = year, .leap = false };
	int y, m, d;
	if (mc_lunar_to_solar(&ld, MC_LUNAR_TZ_VN, &y, &m, &d, NULL) == MC_OK)
		add(p, mc_date_from_ymd(y, m, d), MC_DAY_OFF, "Giỗ Tổ Hùng Vương");
}

static void add_national_day(proposal *p, int year)
{
	int32_t day = mc_date_from_ymd(year, 9, 2);
	int wd = mc_weekday(day);
	bool before = wd == 1 || wd == 4 || wd == 5; /* Tuesday, Friday, Saturday */
	add(p, day, MC_DAY_OFF, "Quốc khánh");
	add(p, before ? day - 1 : day + 1, MC_DAY_OFF, "Quốc khánh");
}

/* Walk the sorted base list; each non-Tết day on a weekend or on a day
 * already kept gets the next free weekday. */
static void compensate(const proposal *base, proposal *out)
{
	for (size_t i = 0; i < base->n; i++) {
		const mc_holiday *h = &base->h[i];
		bool clash = weekend(h->day) || taken(out, h->day);
		if (!taken(out, h->day)) {
			out->h[out->n] = *h;
			out->h[out->n++].kind = MC_DAY_OFF;
		}
		if (h->kind == MC_DAY_WORK || !clash)
			continue;
		int32_t comp = h->day + 1;
		while (weekend(comp) || taken(out, comp) || taken(base, comp))
			comp++;
		char what[160];
		snprintf(what, sizeof what, "Nghỉ bù %.*s", (int)(strlen(h->note) - strlen(" (đề xuất)")),
			 h->note);
		add(out, comp, MC_DAY_OFF, what);
	}
}

size_t mc_holidays_propose(int year, mc_holiday *out, size_t cap)
{
	proposal base = { .n = 0 }, all = { .n = 0 };
	if (year < 1001 || year > 2999)
		return 0;
	add(&base, mc_date_from_ymd(year, 1, 1), MC_DAY_OFF, "Tết Dương lịch");
	add_tet(&base, year);
	add_gio_to(&base, year);
	add(&base, mc_date_from_ymd(year, 4, 30), MC_DAY_OFF,
	    "Ngày Giải phóng miền Nam, thống nhất đất nước");
	add(&base, mc_date_from_ymd(year, 5, 1), MC_DAY_OFF, "Ngày Quốc tế Lao động");
	add_national_day(&base, year);
	mc_holidays_sort(base.h, base.n);
	compensate(&base, &all);
	mc_holidays_sort(all.h, all.n);
	for (size_t i = 0; i < all.n && i < cap; i++)
		out[i] = all.h[i];
	return all.n;
}
