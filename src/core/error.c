/* Error values shared by the whole core (see include/motcua/error.h). */
#include "motcua/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

mc_status mc_error_set(mc_error *err, mc_status code, const char *fmt, ...)
{
	if (!err)
		return code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	err->code = code;
	return code;
}

mc_status mc_error_prefix(mc_error *err, const char *fmt, ...)
{
	if (!err)
		return MC_EDATA;   /* only called after a failure */
	char head[256], old[sizeof err->msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(head, sizeof head, fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof old);
	size_t h = strlen(head);
	if (h > sizeof err->msg - 3)
		h = sizeof err->msg - 3;
	memcpy(err->msg, head, h);
	memcpy(err->msg + h, ": ", 2);
	size_t room = sizeof err->msg - h - 3;
	size_t o = strnlen(old, room);
	memcpy(err->msg + h + 2, old, o);
	err->msg[h + 2 + o] = '\0';
	return err->code;
}

void mc_error_clear(mc_error *err)
{
	if (!err)
		return;
	err->code = MC_OK;
	err->msg[0] = '\0';
}
