/*
 * The password module: yescrypt ("$y$") hashing and checking with libcrypt,
 * loaded by password.c only while a password is hashed or checked. The
 * work area holds the clear password's traces, so it is wiped before it is
 * freed.
 */
#include "password_module.h"

#include <crypt.h>
#include <stdlib.h>
#include <string.h>

/* crypt_r into a wiped work area; the result is copied to OUT. */
static bool crypt_into(const char *password, const char *setting, char *out, size_t outsz)
{
	struct crypt_data *cd = calloc(1, sizeof *cd);
	if (!cd)
		return false;
	const char *h = crypt_r(password, setting, cd);
	bool ok = h && h[0] != '*' && strlen(h) < outsz;
	if (ok)
		memcpy(out, h, strlen(h) + 1);
	explicit_bzero(cd, sizeof *cd);
	free(cd);
	return ok;
}

static bool hash(const char *password, char *out, size_t outsz)
{
	char *salt = crypt_gensalt_ra("$y$", 0, NULL, 0);
	if (!salt)
		return false;
	bool ok = crypt_into(password, salt, out, outsz);
	free(salt);
	return ok;
}

static bool verify(const char *password, const char *stored)
{
	char h[256];
	bool ok = crypt_into(password, stored, h, sizeof h) && strcmp(h, stored) == 0;
	explicit_bzero(h, sizeof h);
	return ok;
}

__attribute__((visibility("default"))) const struct module_header *motcua_password_module(void);

const struct module_header *motcua_password_module(void)
{
	static const struct password_module m = {
		.head = {.abi = PASSWORD_MODULE_ABI, .layout = PASSWORD_MODULE_LAYOUT},
		.hash = hash,
		.verify = verify,
	};
	return &m.head;
}
