/*
 * Statistical report of dossier resolution for a period (domain.md §3.5,
 * the QĐ 766 progress table): received (carried over, new), resolved
 * (early, on time, late), in progress (on time, late), paused, refused,
 * returned, and the citizens' ratings, for the whole office and by field,
 * agency or procedure. Figures are counted by SQL aggregates in the store
 * (src/core/store_report.c); the definitions are in src/core/report.c.
 * The writers draw the same figures as a text table with bar charts, CSV
 * or JSON; the TUI screen calls mc_report_compute and draws it itself.
 */
#ifndef MOTCUA_REPORT_H
#define MOTCUA_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "motcua/error.h"
#include "motcua/store.h"

typedef enum mc_report_by {
	MC_REPORT_ALL,        /* one total only */
	MC_REPORT_FIELD,      /* lĩnh vực */
	MC_REPORT_AGENCY,     /* cơ quan giải quyết */
	MC_REPORT_PROCEDURE,  /* thủ tục */
	MC_REPORT_UNIT,       /* office (unit code): a province after sync */
} mc_report_by;

/* "field", "agency", "procedure", "unit" ("all" for MC_REPORT_ALL). */
const char *mc_report_by_key(mc_report_by by);
bool mc_report_by_parse(const char *s, mc_report_by *out);

typedef struct mc_report_figures {
	int64_t carried_over;     /* Kỳ trước chuyển sang */
	int64_t received_new;     /* Tiếp nhận trong kỳ */
	int64_t resolved_early;   /* Đã xử lý: trước hạn */
	int64_t resolved_on_time; /*           đúng hạn */
	int64_t resolved_late;    /*           quá hạn */
	int64_t open_on_time;     /* Đang xử lý: trong hạn */
	int64_t open_late;        /*             quá hạn */
	int64_t paused;           /* Tạm dừng: bổ sung, nghĩa vụ tài chính, dừng */
	int64_t refused;          /* Không được tiếp nhận, in the period */
	int64_t returned;         /* Đã trả kết quả, in the period */
	int64_t rating[3];        /* 1 rất hài lòng, 2 hài lòng, 3 không hài lòng */
	/* docs/rules.md R7-R11: new by channel (they add up to received_new),
	 * and the withdrawn (part of resolved) and stopped (part of paused). */
	int64_t new_counter, new_online, new_post;
	int64_t withdrawn, stopped;
} mc_report_figures;

typedef struct mc_report_row {
	char key[512];            /* field / agency name, or procedure code */
	char label[512];          /* procedure name (by procedure), else = key */
	mc_report_figures f;
} mc_report_row;

typedef struct mc_report {
	char from[11], to[11];    /* YYYY-MM-DD, inclusive */
	mc_report_by by;
	char unit[40];            /* only this office's dossiers; "" = all */
	mc_report_figures total;
	mc_report_row *rows;      /* by key; none for MC_REPORT_ALL */
	size_t nrows;
} mc_report;

/* Totals of a figures record. */
static inline int64_t mc_report_received(const mc_report_figures *f)
{
	return f->carried_over + f->received_new;
}
static inline int64_t mc_report_resolved(const mc_report_figures *f)
{
	return f->resolved_early + f->resolved_on_time + f->resolved_late;
}
static inline int64_t mc_report_open(const mc_report_figures *f)
{
	return f->open_on_time + f->open_late;
}

/* Count the period [from, to] (YYYY-MM-DD, inclusive). MC_EUSAGE for bad
 * dates or to before from. *out is the caller's (mc_report_free). */
mc_status mc_report_compute(mc_store *store, const char *from, const char *to,
			    mc_report_by by, mc_report *out, mc_error *err);
/* The same, counting only the dossiers of office `unit` (its unit code;
 * NULL or "" = every office in the database, as at a province). */
mc_status mc_report_compute_unit(mc_store *store, const char *from, const char *to,
				 mc_report_by by, const char *unit, mc_report *out,
				 mc_error *err);
void mc_report_free(mc_report *r);

/* Text: a table of the figures, then bar charts (█, or # when ascii), in
 * at most `width` columns (60..400). */
mc_status mc_report_write_text(const mc_report *r, int width, bool ascii, FILE *out,
			       mc_error *err);
/* CSV: a header line, one line per group, then the total line (key
 * "total"). */
mc_status mc_report_write_csv(const mc_report *r, FILE *out, mc_error *err);
/* JSON: from, to, by, the total figures at the top (received.{carried_over,
 * new, total, new_by_channel.{counter, online, post}}, resolved.{early,
 * on_time, late, total, withdrawn}, in_progress.{on_time, late, total},
 * paused, stopped, refused, returned, ratings.{"1","2","3"}), unit (when
 * one office was asked for), and groups: [{key, label, same figures}]. */
mc_status mc_report_write_json(const mc_report *r, FILE *out, mc_error *err);

#endif
