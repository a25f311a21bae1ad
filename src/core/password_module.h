/*
 * The contract between the core (password.c) and the password module
 * (password_crypt.c, built as a shared module over libcrypt; see module.h).
 * libcrypt is needed only while a password is hashed or checked, so the
 * core loads the module for that and unloads it at once.
 */
#ifndef MOTCUA_PASSWORD_MODULE_H
#define MOTCUA_PASSWORD_MODULE_H

#include "module.h"

#include <stdbool.h>
#include <stddef.h>

#define PASSWORD_MODULE_ABI 1
#define PASSWORD_MODULE_FILE "password.so"
#define PASSWORD_MODULE_ENTRY "motcua_password_module"
#define PASSWORD_MODULE_LAYOUT (sizeof(struct password_module))

struct password_module {
	struct module_header head;
	/* Hashes PASSWORD with yescrypt and a fresh salt into OUT (a crypt(3)
	 * string); false when libcrypt fails or OUT is too small. */
	bool (*hash)(const char *password, char *out, size_t outsz);
	/* True when PASSWORD matches HASH, a crypt(3) string. */
	bool (*verify)(const char *password, const char *hash);
};

#endif
