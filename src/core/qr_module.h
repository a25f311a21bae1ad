/*
 * The contract between the core (qr.c) and the QR module (qr_qrencode.c,
 * built as a shared module over libqrencode; see module.h): QR codes are
 * drawn only on printed forms, so only a process that prints one maps
 * libqrencode.
 */
#ifndef MOTCUA_QR_MODULE_H
#define MOTCUA_QR_MODULE_H

#include "module.h"

#define QR_MODULE_ABI 1
#define QR_MODULE_FILE "qr.so"
#define QR_MODULE_ENTRY "motcua_qr_module"
#define QR_MODULE_LAYOUT (sizeof(struct qr_module))

struct qr_module {
	struct module_header head;
	/* Encodes TEXT at level M: *DARK (malloc'ed, SIZE x SIZE, 1 = dark
	 * module) and *SIZE. Returns 0, or ENOMEM, or EINVAL when the text
	 * cannot be encoded (too long). */
	int (*encode)(const char *text, unsigned char **dark, int *size);
};

#endif
