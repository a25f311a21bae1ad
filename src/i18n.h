/* gettext shorthands shared by the CLI and the TUI. */
#ifndef MOTCUA_I18N_H
#define MOTCUA_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
/* Bare, so that a marked literal may initialize a char array. */
#define N_(s) s

/* Choose the UI language: lang (from --lang) or $LANGUAGE, else Vietnamese. */
void motcua_i18n_init(const char *lang);

#endif
