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
	/* mc_ime_method_name() */
	N_("Telex"), N_("VNI"), N_("VIQR"), N_("Off"),
	NULL,
};
