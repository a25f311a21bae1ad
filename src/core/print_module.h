/*
 * The contract between the core and the PDF/PostScript printer module
 * (print_pdf.c, built as a shared module and loaded with dlopen by
 * print_module.c only when a PDF or PostScript is printed), so that cairo,
 * FreeType, fontconfig, pixman and the X libraries they pull in are not
 * mapped into every process: the counter screens never print PDF.
 *
 * The module links none of the core: what it needs from it (error
 * messages, the word wrapper, QR codes) comes through a table of function
 * pointers the core hands over, so the executable needs no exported
 * symbols. The entry point checks the layout of the shared structures, so
 * a module left over from another build is refused instead of crashing.
 */
#ifndef MOTCUA_PRINT_MODULE_H
#define MOTCUA_PRINT_MODULE_H

#include "motcua/print.h"
#include "print_internal.h"
#include "module.h"

#include <stdio.h>

/* Bump when the tables below or the structures in motcua/print.h change. */
#define PRINT_MODULE_ABI 1
#define PRINT_MODULE_FILE "print-pdf.so"
#define PRINT_MODULE_ENTRY "motcua_print_pdf_module"

/* The size of every structure the two sides share, compared on loading. */
#define PRINT_MODULE_LAYOUT \
	(sizeof(mc_print_doc) * 1000003u + sizeof(mc_print_line) * 1009u + \
	 sizeof(mc_print_table) * 31u + sizeof(mc_qr) + sizeof(mc_error) * 7u)

/* What the core lends the module. */
struct print_host {
	mc_status (*error_set)(mc_error *err, mc_status code, const char *fmt, ...)
		__attribute__((format(printf, 3, 4)));
	void (*wrap)(const char *s, double first, double rest, print_measure m, void *ctx,
		     struct print_segs *o);
	mc_status (*qr_encode)(const char *text, mc_qr *out, mc_error *err);
	void (*qr_free)(mc_qr *qr);
};

/* What the module gives back: its ABI and layout (checked by module_open)
 * and the renderer, which promises what mc_print_pdf promises. */
struct print_module {
	struct module_header head;
	mc_status (*render)(const struct print_host *host, const mc_print_doc *doc,
			    mc_print_format format, FILE *out, mc_error *err);
};

/* The module's only exported symbol (PRINT_MODULE_ENTRY) is a module_entry
 * returning &print_module.head. */

#endif
