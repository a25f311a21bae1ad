/*
 * Password hashing for user.c, through the password module (libcrypt is
 * mapped only while one of these runs).
 */
#ifndef MOTCUA_PASSWORD_H
#define MOTCUA_PASSWORD_H

#include "motcua/error.h"

#include <stdbool.h>
#include <stddef.h>

/* A yescrypt hash of PASSWORD with a fresh salt, into OUT. */
mc_status password_hash(const char *password, char *out, size_t outsz, mc_error *err);

/* *OK is true when PASSWORD matches the crypt(3) string HASH. Fails only
 * when the module cannot be loaded. */
mc_status password_verify(const char *password, const char *hash, bool *ok, mc_error *err);

#endif
