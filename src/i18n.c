/*
 * Language set-up. Vietnamese is the default whatever the locale says;
 * --lang en or LANGUAGE=en gives English. gettext ignores LANGUAGE under the
 * "C" locale, so messages fall back to C.UTF-8 there.
 */
#include "i18n.h"
#include "motcua/privilege.h"

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void motcua_i18n_init(const char *lang)
{
	const char *loc = setlocale(LC_ALL, "");
	if (!loc)
		loc = setlocale(LC_ALL, "C.UTF-8");
	const char *cur = setlocale(LC_MESSAGES, NULL);
	if (!cur || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0)
		setlocale(LC_MESSAGES, "C.UTF-8");
	const char *env = getenv("LANGUAGE");
	if (lang && *lang)
		setenv("LANGUAGE", lang, 1);
	else if (!env || !*env)
		setenv("LANGUAGE", "vi", 1);
	/* Uninstalled builds read the catalogs compiled in the build tree. */
	const char *dir = mc_env("MOTCUA_LOCALEDIR");
	if (!dir || !*dir)
		dir = access(MOTCUA_LOCALEDIR "/vi/LC_MESSAGES/motcua.mo", F_OK) == 0 ||
			      !*MOTCUA_BUILD_DIR
			? MOTCUA_LOCALEDIR : MOTCUA_BUILD_DIR "/locale";
	bindtextdomain(GETTEXT_PACKAGE, dir);
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
	textdomain(GETTEXT_PACKAGE);
}
