/*
 * The resolution report (see include/motcua/report.h): definitions, and
 * the text, CSV and JSON writers. The counting is SQL in store_report.c.
 *
 * Definitions, for a period [from, to] (whole days, local time; "end" is
 * the end of the day `to`); each is a rule of docs/rules.md (R6-R13):
 *   - only the history dated before the end counts (R6): status, finish,
 *     acceptance and statutory appointment as they stood then, so a closed
 *     period's report never changes;
 *   - received (R7, R8): accepted for resolution (counter intake, or the
 *     acceptance of an online submission) before the end; carried_over if
 *     accepted before `from` and not finished before it, new if accepted
 *     within the period, split by channel (counter, online, post). A
 *     dossier refused in the period it was accepted in (refused at the
 *     counter), or an online submission refused without acceptance, is not
 *     received: it counts in `refused` only;
 *   - resolved (R9): reached "ready", "returned" or "withdrawn" within the
 *     period (Đã xử lý = xử lý xong + trả kết quả + rút; `withdrawn` says
 *     how many were withdrawals), split against the STATUTORY appointment
 *     (R1, R3: an apology's new appointment does not count): before the
 *     due date → early; on the due date, by the due time → on time; after
 *     → late;
 *   - in_progress (R10): "accepted" or "processing" at the end, on time
 *     (the statutory appointment, as pauses before the end moved it, is
 *     not before the end) or late;
 *   - paused (R11): waiting at the end for papers or fees, or stopped
 *     within the period (Tạm dừng xử lý: bổ sung, nghĩa vụ tài chính, dừng
 *     xử lý); `stopped` says how many were stops. A refusal recorded in a
 *     later period than the acceptance cannot un-receive the dossier: it
 *     counts as stopped;
 *   - voided dossiers (R12): left out of every figure once the void is
 *     dated at or before the end;
 *   - returned, ratings (R13): results handed back within the period, and
 *     the ratings given before the end of those returned within it.
 * So every dossier counted as received is, at the end, either resolved in
 * the period, in progress or paused:
 *   carried_over + new = resolved + in_progress + paused.
 * Dossiers are grouped by their procedure's field or agency (as in the
 * catalog now), by procedure code or by office (unit code).
 */
#include "motcua/report.h"
#include "motcua/csv.h"

#include "motcua/calendar.h"
#include "motcua/json.h"
#include "store_ops.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static const char *const by_keys[] = {"all", "field", "agency", "procedure", "unit"};

const char *mc_report_by_key(mc_report_by by)
{
	return by >= MC_REPORT_ALL && by <= MC_REPORT_UNIT ? by_keys[by] : "all";
}

bool mc_report_by_parse(const char *s, mc_report_by *out)
{
	for (int i = 0; i <= MC_REPORT_UNIT; i++)
		if (strcmp(s, by_keys[i]) == 0) {
			*out = (mc_report_by)i;
			return true;
		}
	return false;
}

/* ---- computing -------------------------------------------------------------------- */

static void add(mc_report_figures *t, const mc_report_figures *f)
{
	t->carried_over += f->carried_over;
	t->received_new += f->received_new;
	t->resolved_early += f->resolved_early;
	t->resolved_on_time += f->resolved_on_time;
	t->resolved_late += f->resolved_late;
	t->open_on_time += f->open_on_time;
	t->open_late += f->open_late;
	t->paused += f->paused;
	t->refused += f->refused;
	t->returned += f->returned;
	for (int i = 0; i < 3; i++)
		t->rating[i] += f->rating[i];
	t->new_counter += f->new_counter;
	t->new_online += f->new_online;
	t->new_post += f->new_post;
	t->withdrawn += f->withdrawn;
	t->stopped += f->stopped;
}

static int add_row(const char *key, const char *label, const mc_report_figures *f, void *ctx)
{
	mc_report *r = ctx;
	add(&r->total, f);
	if (r->by == MC_REPORT_ALL)
		return 0;
	mc_report_row *nr = realloc(r->rows, (r->nrows + 1) * sizeof *nr);
	if (!nr)
		return 1;
	r->rows = nr;
	mc_report_row *row = &r->rows[r->nrows++];
	snprintf(row->key, sizeof row->key, "%s", key);
	snprintf(row->label, sizeof row->label, "%s", label && *label ? label : key);
	row->f = *f;
	return 0;
}

mc_status mc_report_compute(mc_store *store, const char *from, const char *to,
			    mc_report_by by, mc_report *out, mc_error *err)
{
	return mc_report_compute_unit(store, from, to, by, NULL, out, err);
}

mc_status mc_report_compute_unit(mc_store *store, const char *from, const char *to,
				 mc_report_by by, const char *unit, mc_report *out,
				 mc_error *err)
{
	memset(out, 0, sizeof *out);
	out->by = by;
	if (unit && strlen(unit) >= sizeof out->unit)
		return mc_error_set(err, MC_EUSAGE, "unit code \"%s\" is too long", unit);
	snprintf(out->unit, sizeof out->unit, "%s", unit ? unit : "");
	int32_t a, b;
	if (!from || !to)
		return mc_error_set(err, MC_EUSAGE, "the report needs --from DATE and --to DATE");
	if (mc_date_parse(from, &a, err) != MC_OK || mc_date_parse(to, &b, err) != MC_OK) {
		mc_error_prefix(err, "report period");
		if (err)
			err->code = MC_EUSAGE;
		return MC_EUSAGE;
	}
	if (b < a)
		return mc_error_set(err, MC_EUSAGE, "the period %s..%s ends before it starts",
				    from, to);
	mc_date_format(a, out->from);
	mc_date_format(b, out->to);
	char start[17], end[17], day[11];
	mc_date_format(a, day);
	snprintf(start, sizeof start, "%s 00:00", day);
	mc_date_format(b + 1, day);
	snprintf(end, sizeof end, "%s 00:00", day);
	if (out->unit[0]) {
		/* A mistyped unit code would count zeros silently. */
		bool known;
		mc_status st = store_report_unit_known(store, out->unit, &known, err);
		if (st != MC_OK)
			return st;
		if (!known)
			return mc_error_set(err, MC_EDATA, "--unit %s: no dossier of that office in "
					    "this database (has it synced?)", out->unit);
	}
	mc_status st = store_report(store, start, end, by, out->unit, add_row, out, err);
	if (st != MC_OK)
		mc_report_free(out);
	return st;
}

void mc_report_free(mc_report *r)
{
	free(r->rows);
	r->rows = NULL;
	r->nrows = 0;
}

/* ---- text ---------------------------------------------------------------------------- */

static int text_width(const char *s)
{
	int w = 0;
	size_t len = strlen(s);
	for (size_t i = 0; i < len; ) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(len - i), &cp);
		if (n < 1) {
			i++;
			w++;
			continue;
		}
		int cw = utf8proc_charwidth(cp);
		w += cw > 0 ? cw : 0;
		i += (size_t)n;
	}
	return w;
}

/* Write s in exactly `width` columns: cut with "…" when longer, padded on
 * the right (align 0) or the left (align 2). */
static void cell(FILE *out, const char *s, int width, int align)
{
	int w = text_width(s);
	if (w <= width) {
		if (align == 2)
			fprintf(out, "%*s", width - w, "");
		fputs(s, out);
		if (align == 0)
			fprintf(out, "%*s", width - w, "");
		return;
	}
	int used = 0;
	size_t len = strlen(s);
	for (size_t i = 0; i < len && width > 1; ) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(len - i), &cp);
		int cw = n < 1 ? 1 : utf8proc_charwidth(cp);
		if (n < 1)
			n = 1;
		if (used + (cw > 0 ? cw : 0) > width - 1)
			break;
		fwrite(s + i, 1, (size_t)n, out);
		used += cw > 0 ? cw : 0;
		i += (size_t)n;
	}
	fputs("…", out);
	fprintf(out, "%*s", width - 1 - used, "");
}

/* 1234567 → "1.234.567" (Vietnamese thousands separator). */
static const char *num(int64_t v, char buf[32])
{
	char digits[24];
	snprintf(digits, sizeof digits, "%lld", (long long)(v < 0 ? -v : v));
	size_t n = strlen(digits), k = 0;
	if (v < 0)
		buf[k++] = '-';
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			buf[k++] = '.';
		buf[k++] = digits[i];
	}
	buf[k] = '\0';
	return buf;
}

static void short_date(const char *iso, char buf[11])
{
	snprintf(buf, 11, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
}

/* A bar of value/max over `width` columns: whole blocks and an eighth
 * block for the rest (or '#' only, ascii); at least one mark when
 * value > 0. */
static void bar(FILE *out, int64_t value, int64_t max, int width, bool ascii)
{
	static const char *const eighth[8] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
	int64_t units = max > 0 ? (value * width * 8 + max / 2) / max : 0;
	if (value > 0 && units < (ascii ? 8 : 1))
		units = ascii ? 8 : 1;
	int full = (int)(units / 8), part = ascii ? 0 : (int)(units % 8);
	for (int i = 0; i < full; i++)
		fputs(ascii ? "#" : "█", out);
	fputs(eighth[part], out);
	fprintf(out, "%*s", width - full - (part > 0), "");
}

static void summary(const mc_report *r, FILE *out)
{
	const mc_report_figures *f = &r->total;
	char a[32], b[32], c[32], d[32], from[11], to[11];
	short_date(r->from, from);
	short_date(r->to, to);
	fprintf(out, "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ\nKỳ báo cáo: từ %s đến %s\n", from, to);
	if (r->unit[0])
		fprintf(out, "Đơn vị: %s\n", r->unit);
	fputc('\n', out);
	cell(out, "Tiếp nhận", 24, 0);
	fprintf(out, "%9s  (kỳ trước chuyển sang %s, trong kỳ %s)\n",
		num(mc_report_received(f), a), num(f->carried_over, b), num(f->received_new, c));
	cell(out, "  Trong kỳ theo kênh", 24, 0);
	fprintf(out, "%9s  (trực tiếp %s, trực tuyến %s, bưu chính %s)\n",
		num(f->received_new, a), num(f->new_counter, b), num(f->new_online, c),
		num(f->new_post, d));
	cell(out, "Đã xử lý", 24, 0);
	fprintf(out, "%9s  (trước hạn %s, đúng hạn %s, quá hạn %s)\n",
		num(mc_report_resolved(f), a), num(f->resolved_early, b),
		num(f->resolved_on_time, c), num(f->resolved_late, d));
	cell(out, "  trong đó rút hồ sơ", 24, 0);
	fprintf(out, "%9s\n", num(f->withdrawn, a));
	cell(out, "Đang xử lý", 24, 0);
	fprintf(out, "%9s  (trong hạn %s, quá hạn %s)\n", num(mc_report_open(f), a),
		num(f->open_on_time, b), num(f->open_late, c));
	cell(out, "Tạm dừng xử lý", 24, 0);
	fprintf(out, "%9s\n", num(f->paused, a));
	cell(out, "  trong đó dừng xử lý", 24, 0);
	fprintf(out, "%9s\n", num(f->stopped, a));
	cell(out, "Không được tiếp nhận", 24, 0);
	fprintf(out, "%9s\n", num(f->refused, a));
	cell(out, "Đã trả kết quả", 24, 0);
	fprintf(out, "%9s\n", num(f->returned, a));
	cell(out, "Đánh giá", 24, 0);
	fprintf(out, "%9s  (rất hài lòng %s, hài lòng %s, không hài lòng %s)\n",
		num(f->rating[0] + f->rating[1] + f->rating[2], a), num(f->rating[0], b),
		num(f->rating[1], c), num(f->rating[2], d));
}

static void chart(const mc_report *r, int width, bool ascii, FILE *out)
{
	const mc_report_figures *f = &r->total;
	const struct {
		const char *label;
		int64_t v;
	} bars[] = {
		{"Kỳ trước chuyển sang", f->carried_over}, {"Tiếp nhận trong kỳ", f->received_new},
		{"Xử lý trước hạn", f->resolved_early}, {"Xử lý đúng hạn", f->resolved_on_time},
		{"Xử lý quá hạn", f->resolved_late}, {"Đang xử lý trong hạn", f->open_on_time},
		{"Đang xử lý quá hạn", f->open_late}, {"Tạm dừng", f->paused},
		{"Đã trả kết quả", f->returned},
	};
	int64_t max = 0;
	for (size_t i = 0; i < sizeof bars / sizeof bars[0]; i++)
		max = bars[i].v > max ? bars[i].v : max;
	fprintf(out, "\n");
	for (size_t i = 0; i < sizeof bars / sizeof bars[0]; i++) {
		char n[32];
		cell(out, bars[i].label, 22, 0);
		fputc(' ', out);
		bar(out, bars[i].v, max, width - 22 - 1 - 10, ascii);
		fprintf(out, "%10s\n", num(bars[i].v, n));
	}
}

/* Columns wide enough for the largest figure of the table (at least 7:
 * the sub-headings). */
static int figure_width(const mc_report *r)
{
	char n[32];
	int w = (int)strlen(num(mc_report_received(&r->total), n));
	for (size_t i = 0; i < r->nrows; i++) {
		int rw = (int)strlen(num(mc_report_received(&r->rows[i].f), n));
		w = rw > w ? rw : w;
	}
	return w + 1 > 7 ? w + 1 : 7;
}

/* The figures by group, with the total last. */
static void group_table(const mc_report *r, int width, FILE *out)
{
	static const struct {
		const char *head;
		int span;
	} spans[] = {{"Tiếp nhận", 2}, {"Đã xử lý", 3}, {"Đang xử lý", 2}, {"Tạm", 1}, {"Đã", 1}};
	static const char *const head2[] = {"K.trước", "Tr.kỳ", "Tr.hạn", "Đ.hạn", "Q.hạn",
					    "Tr.hạn", "Q.hạn", "dừng", "trả"};
	enum { NCOL = 9 };
	int colw = figure_width(r), lw = width - NCOL * colw;
	if (lw < 10)
		lw = 10;
	const char *title = r->by == MC_REPORT_FIELD ? "Lĩnh vực"
			  : r->by == MC_REPORT_AGENCY ? "Cơ quan"
			  : r->by == MC_REPORT_UNIT ? "Đơn vị" : "Thủ tục";
	fprintf(out, "\n");
	cell(out, "", lw, 0);
	for (size_t i = 0; i < sizeof spans / sizeof spans[0]; i++) {
		int w = spans[i].span * colw, hw = text_width(spans[i].head);
		fprintf(out, "%*s", w - hw - (w - hw) / 4, "");
		fputs(spans[i].head, out);
		if (i + 1 < sizeof spans / sizeof spans[0])
			fprintf(out, "%*s", (w - hw) / 4, "");
	}
	fputc('\n', out);
	cell(out, title, lw, 0);
	for (int c = 0; c < NCOL; c++)
		cell(out, head2[c], colw, 2);
	fputc('\n', out);
	for (size_t i = 0; i <= r->nrows; i++) {
		const mc_report_figures *f = i < r->nrows ? &r->rows[i].f : &r->total;
		const int64_t v[NCOL] = {f->carried_over, f->received_new, f->resolved_early,
					 f->resolved_on_time, f->resolved_late, f->open_on_time,
					 f->open_late, f->paused, f->returned};
		cell(out, i < r->nrows ? r->rows[i].label : "Tổng cộng", lw, 0);
		for (int c = 0; c < NCOL; c++) {
			char n[32];
			cell(out, num(v[c], n), colw, 2);
		}
		fputc('\n', out);
	}
}

/* A bar per group of what it received. */
static void group_chart(const mc_report *r, int width, bool ascii, FILE *out)
{
	int64_t max = 0;
	for (size_t i = 0; i < r->nrows; i++)
		if (mc_report_received(&r->rows[i].f) > max)
			max = mc_report_received(&r->rows[i].f);
	fprintf(out, "\nTiếp nhận theo %s\n", r->by == MC_REPORT_FIELD ? "lĩnh vực"
					     : r->by == MC_REPORT_AGENCY ? "cơ quan"
					     : r->by == MC_REPORT_UNIT ? "đơn vị" : "thủ tục");
	int label = width / 3;
	for (size_t i = 0; i < r->nrows; i++) {
		char n[32];
		cell(out, r->rows[i].label, label, 0);
		fputc(' ', out);
		bar(out, mc_report_received(&r->rows[i].f), max, width - label - 1 - 10, ascii);
		fprintf(out, "%10s\n", num(mc_report_received(&r->rows[i].f), n));
	}
}

mc_status mc_report_write_text(const mc_report *r, int width, bool ascii, FILE *out,
			       mc_error *err)
{
	if (width < 60 || width > 400)
		return mc_error_set(err, MC_EUSAGE, "report width %d is outside 60..400", width);
	summary(r, out);
	chart(r, width, ascii, out);
	if (r->by != MC_REPORT_ALL) {
		group_table(r, width, out);
		group_chart(r, width, ascii, out);
	}
	if (fflush(out) != 0 || ferror(out))
		return mc_error_set(err, MC_ESYS, "writing the report failed");
	return MC_OK;
}

/* ---- CSV and JSON ---------------------------------------------------------------------- */

static void csv_field(FILE *out, const char *s)
{
	mc_csv_write_field(out, s);
}

static void csv_row(FILE *out, const char *key, const char *label, const mc_report_figures *f)
{
	csv_field(out, key);
	fputc(',', out);
	csv_field(out, label);
	fprintf(out, ",%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,"
		"%lld,%lld,%lld,%lld,%lld,%lld,%lld\n", (long long)f->carried_over, (long long)f->received_new,
		(long long)mc_report_received(f), (long long)f->resolved_early,
		(long long)f->resolved_on_time, (long long)f->resolved_late,
		(long long)mc_report_resolved(f), (long long)f->open_on_time,
		(long long)f->open_late, (long long)mc_report_open(f), (long long)f->paused,
		(long long)f->refused, (long long)f->returned, (long long)f->rating[0],
		(long long)f->rating[1], (long long)f->rating[2], (long long)f->new_counter,
		(long long)f->new_online, (long long)f->new_post, (long long)f->withdrawn,
		(long long)f->stopped);
}

mc_status mc_report_write_csv(const mc_report *r, FILE *out, mc_error *err)
{
	fputs("key,label,received_carried_over,received_new,received_total,resolved_early,"
	      "resolved_on_time,resolved_late,resolved_total,in_progress_on_time,"
	      "in_progress_late,in_progress_total,paused,refused,returned,rating_1,rating_2,"
	      "rating_3,received_new_counter,received_new_online,received_new_post,"
	      "resolved_withdrawn,paused_stopped\n", out);
	for (size_t i = 0; i < r->nrows; i++)
		csv_row(out, r->rows[i].key, r->rows[i].label, &r->rows[i].f);
	csv_row(out, "total", "Tổng cộng", &r->total);
	if (fflush(out) != 0 || ferror(out))
		return mc_error_set(err, MC_ESYS, "writing the report failed");
	return MC_OK;
}

static void json_figures(mc_json *j, const mc_report_figures *f)
{
	mc_json_begin_object(j, "received");
	mc_json_int(j, "carried_over", f->carried_over);
	mc_json_int(j, "new", f->received_new);
	mc_json_int(j, "total", mc_report_received(f));
	mc_json_begin_object(j, "new_by_channel");
	mc_json_int(j, "counter", f->new_counter);
	mc_json_int(j, "online", f->new_online);
	mc_json_int(j, "post", f->new_post);
	mc_json_end_object(j);
	mc_json_end_object(j);
	mc_json_begin_object(j, "resolved");
	mc_json_int(j, "early", f->resolved_early);
	mc_json_int(j, "on_time", f->resolved_on_time);
	mc_json_int(j, "late", f->resolved_late);
	mc_json_int(j, "total", mc_report_resolved(f));
	mc_json_int(j, "withdrawn", f->withdrawn);
	mc_json_end_object(j);
	mc_json_begin_object(j, "in_progress");
	mc_json_int(j, "on_time", f->open_on_time);
	mc_json_int(j, "late", f->open_late);
	mc_json_int(j, "total", mc_report_open(f));
	mc_json_end_object(j);
	mc_json_int(j, "paused", f->paused);
	mc_json_int(j, "stopped", f->stopped);
	mc_json_int(j, "refused", f->refused);
	mc_json_int(j, "returned", f->returned);
	mc_json_begin_object(j, "ratings");
	mc_json_int(j, "1", f->rating[0]);
	mc_json_int(j, "2", f->rating[1]);
	mc_json_int(j, "3", f->rating[2]);
	mc_json_end_object(j);
}

mc_status mc_report_write_json(const mc_report *r, FILE *out, mc_error *err)
{
	mc_json j;
	mc_json_init(&j, out);
	mc_json_begin_object(&j, NULL);
	mc_json_string(&j, "from", r->from);
	mc_json_string(&j, "to", r->to);
	if (r->by == MC_REPORT_ALL)
		mc_json_null(&j, "by");
	else
		mc_json_string(&j, "by", mc_report_by_key(r->by));
	if (r->unit[0])
		mc_json_string(&j, "unit", r->unit);
	json_figures(&j, &r->total);
	mc_json_begin_array(&j, "groups");
	for (size_t i = 0; i < r->nrows; i++) {
		mc_json_begin_object(&j, NULL);
		mc_json_string(&j, "key", r->rows[i].key);
		mc_json_string(&j, "label", r->rows[i].label);
		json_figures(&j, &r->rows[i].f);
		mc_json_end_object(&j);
	}
	mc_json_end_array(&j);
	mc_json_end_object(&j);
	if (fflush(out) != 0 || ferror(out))
		return mc_error_set(err, MC_ESYS, "writing the report failed");
	return MC_OK;
}
