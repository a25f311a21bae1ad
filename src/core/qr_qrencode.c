/*
 * The QR module: libqrencode's encoder, handing back a plain matrix of
 * modules so that the renderers never see the library's bit layout. Level
 * M survives a smudged receipt and keeps a dossier code (about 30 bytes)
 * at version 2 or 3. Text is split into numeric, alphanumeric and byte
 * segments (case kept): a VietQR payload (digits, capitals, '.', '-')
 * then fits version 5, 37 modules, which a 24-line terminal can show.
 */
#include "qr_module.h"

#include <errno.h>
#include <qrencode.h>
#include <stdlib.h>

static int encode(const char *text, unsigned char **dark, int *size)
{
	errno = 0;
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return errno == ENOMEM ? ENOMEM : EINVAL;
	size_t n = (size_t)q->width * (size_t)q->width;
	unsigned char *d = malloc(n);
	if (!d) {
		QRcode_free(q);
		return ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		d[i] = q->data[i] & 1;
	*dark = d;
	*size = q->width;
	QRcode_free(q);
	return 0;
}

__attribute__((visibility("default"))) const struct module_header *motcua_qr_module(void);

const struct module_header *motcua_qr_module(void)
{
	static const struct qr_module m = {
		.head = {.abi = QR_MODULE_ABI, .layout = QR_MODULE_LAYOUT},
		.encode = encode,
	};
	return &m.head;
}
