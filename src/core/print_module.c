/*
 * mc_print_pdf as the core sees it: loads the PDF/PostScript printer
 * module (print_pdf.c, linked against cairo and FreeType; see module.h)
 * the first time a PDF or PostScript is printed, and keeps it loaded for
 * the rest of the process. Every other process - the counter screens above
 * all - never maps cairo and its dozen dependencies, which used to be a
 * third of the TUI's resident memory and a good part of its start-up.
 */
#include "motcua/print.h"
#include "print_module.h"

static const struct print_host host = {
	.error_set = mc_error_set,
	.wrap = print_wrap,
	.qr_encode = mc_qr_encode,
	.qr_free = mc_qr_free,
};

static const struct module_spec spec = {
	.file = PRINT_MODULE_FILE,
	.entry = PRINT_MODULE_ENTRY,
	.what = "the PDF printer module",
	.abi = PRINT_MODULE_ABI,
	.layout = PRINT_MODULE_LAYOUT,
};

static const struct module_header *loaded;

mc_status mc_print_pdf(const mc_print_doc *doc, mc_print_format format, FILE *out,
		       mc_error *err)
{
	if (format != MC_PRINT_PDF && format != MC_PRINT_PS)
		return mc_error_set(err, MC_EUSAGE, "mc_print_pdf: format must be PDF or PS");
	const struct module_header *m = module_keep(&spec, &loaded, err);
	if (!m)
		return MC_ESYS;
	return ((const struct print_module *)m)->render(&host, doc, format, out, err);
}
