/*
 * QR codes for printed forms, through the QR module (qr_qrencode.c): it is
 * loaded the first time a code is drawn and stays loaded, since a counter
 * that prints one receipt prints the next soon after.
 */
#include "motcua/print.h"
#include "qr_module.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const struct module_spec spec = {
	.file = QR_MODULE_FILE,
	.entry = QR_MODULE_ENTRY,
	.what = "the QR code module",
	.abi = QR_MODULE_ABI,
	.layout = QR_MODULE_LAYOUT,
};

static const struct module_header *loaded;

mc_status mc_qr_encode(const char *text, mc_qr *out, mc_error *err)
{
	memset(out, 0, sizeof *out);
	if (!text || !*text)
		return mc_error_set(err, MC_EDATA, "nothing to put in the QR code");
	const struct module_header *m = module_keep(&spec, &loaded, err);
	if (!m)
		return MC_ESYS;
	int rc = ((const struct qr_module *)m)->encode(text, &out->dark, &out->size);
	if (rc == ENOMEM)
		return mc_error_set(err, MC_ESYS, "out of memory making a QR code");
	if (rc)
		return mc_error_set(err, MC_EDATA, "cannot make a QR code of %zu bytes "
				    "(too long?)", strlen(text));
	return MC_OK;
}

void mc_qr_free(mc_qr *qr)
{
	free(qr->dark);
	qr->dark = NULL;
	qr->size = 0;
}
