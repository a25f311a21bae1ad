/*
 * QR codes for printed forms: a thin wrapper over libqrencode that hands
 * back a plain module matrix, so the text and PDF renderers never see the
 * library's bit layout. Level M survives a smudged receipt and keeps the
 * dossier code (about 30 bytes) at version 2 or 3.
 */
#include "motcua/print.h"

#include <errno.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

mc_status mc_qr_encode(const char *text, mc_qr *out, mc_error *err)
{
	memset(out, 0, sizeof *out);
	if (!text || !*text)
		return mc_error_set(err, MC_EDATA, "nothing to put in the QR code");
	errno = 0;
	QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	if (!q) {
		if (errno == ENOMEM)
			return mc_error_set(err, MC_ESYS, "out of memory making a QR code");
		return mc_error_set(err, MC_EDATA, "cannot make a QR code of %zu bytes "
				    "(too long?)", strlen(text));
	}
	size_t n = (size_t)q->width * (size_t)q->width;
	out->dark = malloc(n);
	if (!out->dark) {
		QRcode_free(q);
		return mc_error_set(err, MC_ESYS, "out of memory making a QR code");
	}
	out->size = q->width;
	for (size_t i = 0; i < n; i++)
		out->dark[i] = q->data[i] & 1;
	QRcode_free(q);
	return MC_OK;
}

void mc_qr_free(mc_qr *qr)
{
	free(qr->dark);
	qr->dark = NULL;
	qr->size = 0;
}
