/*
 * The fees part of `motcua report` (docs/fees.md): collected (receipts
 * still paid, by payment date) and exempted (waived at intake, by receipt
 * date of the dossier) over the period. Kept apart from report.c, which
 * computes the dossier figures; text gets a section, JSON a "fees" key.
 */
#include "cli.h"

#include "motcua/fees.h"
#include "motcua/fees_print.h"

#include <stdlib.h>
#include <string.h>

struct fee_figures {
	int64_t collected, exempted;
	int receipts, exemptions;
};

static mc_status figures(mc_store *s, const char *from, const char *to, struct fee_figures *f,
			 mc_error *err)
{
	memset(f, 0, sizeof *f);
	return mc_fee_period(s, from, to, &f->collected, &f->exempted, &f->receipts,
			     &f->exemptions, err);
}

mc_status report_fees_text(mc_store *s, const char *from, const char *to, FILE *out,
			   mc_error *err)
{
	struct fee_figures f;
	mc_status st = figures(s, from, to, &f, err);
	if (st != MC_OK)
		return st;
	char a[64], b[64];
	mc_fee_money(f.collected, a, sizeof a);
	mc_fee_money(f.exempted, b, sizeof b);
	/* Formats through variables: under the sanitizers gcc 12 took the
	 * translated format for a possible null one (-Wformat-overflow). */
	const char *title = _("Fees and charges");
	const char *got = _("  collected %s on %d receipts\n");
	const char *free_of = _("  exempted  %s for %d dossiers\n");
	fprintf(out, "\n%s\n", title ? title : "");
	fprintf(out, got ? got : "", a, f.receipts);
	fprintf(out, free_of ? free_of : "", b, f.exemptions);
	return MC_OK;
}

mc_status report_fees_json(mc_store *s, const char *from, const char *to, const char *report,
			   FILE *out, mc_error *err)
{
	struct fee_figures f;
	mc_status st = figures(s, from, to, &f, err);
	if (st != MC_OK)
		return st;
	/* The report's object with one more key before its closing brace. */
	size_t n = strlen(report);
	while (n && (report[n - 1] == '\n' || report[n - 1] == ' '))
		n--;
	if (!n || report[n - 1] != '}')
		return mc_error_set(err, MC_ESYS, "the report is not a JSON object");
	fprintf(out, "%.*s,\"fees\":{\"collected\":%lld,\"receipts\":%d,\"exempted\":%lld,"
		"\"exemptions\":%d}}\n", (int)(n - 1), report, (long long)f.collected, f.receipts,
		(long long)f.exempted, f.exemptions);
	return MC_OK;
}
