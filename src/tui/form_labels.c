/*
 * The English labels used in the shipped forms/NAME.form files and the
 * input-method names, listed here only so that xgettext puts them in the
 * translation template (it cannot read .form files). Keep in step with
 * forms/: tests/e2e/forms_i18n.sh checks that every label of a shipped form
 * has a Vietnamese translation.
 */
#include "i18n.h"

#include <stddef.h>

const char *const tui_form_msgids[] = {
	/* intake.form */
	N_("Receive a dossier"), N_("Procedure"), N_("Applicant"),
	N_("(scan the CCCD to fill in)"), N_("Full name"), N_("Sex"), N_("Male"),
	N_("Female"), N_("ID number"), N_("Birth date"), N_("Phone"), N_("Address"),
	N_("Papers received"), N_("Note"), N_("Channel"), N_("Online"),
	/* login.form */
	N_("Log in"), N_("User name"), N_("Password"),
	/* lookup.form */
	N_("Look up dossiers"), N_("Search"), N_("code, CCCD, phone or name"),
	/* return.form */
	N_("Return results"), N_("Dossier code"), N_("(scan the appointment slip)"),
	N_("Received by"), N_("How"), N_("At the counter"), N_("By post"),
	/* step_*.form (screen_step.c) and guidance.form */
	N_("Transfer to a department"), N_("Department"), N_("Assignee"),
	N_("(user name, optional)"), N_("Record the result"), N_("Request missing papers"),
	N_("Papers to supplement"), N_("Other"), N_("Papers supplied: resume"),
	N_("Refuse the dossier"), N_("Reason"), N_("Apology and new appointment"),
	N_("New date"), N_("(dd/mm/yyyy)"), N_("Time"), N_("(HH:MM)"),
	N_("Withdraw the dossier"), N_("Stop processing"), N_("Correct the applicant's data"),
	N_("Field"), N_("New value"), N_("Void a wrong intake"), N_("Print a form again"),
	N_("Form"), N_("Receipt"), N_("Supplement"), N_("Refusal"), N_("Apology"),
	N_("Control slip"), N_("Guidance slip (not received)"), N_("Papers missing"),
	/* mc_ime_method_name() */
	N_("Telex"), N_("VNI"), N_("VIQR"), N_("Off"),
	NULL,
};
