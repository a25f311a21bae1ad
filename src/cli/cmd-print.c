/* motcua print: the official forms of a dossier, and the register, as text
 * for a line printer or the terminal, or as PDF / PostScript for a printer. */
#include "cli.h"

#include "motcua/guidance.h"
#include "motcua/print.h"
#include "motcua/safe_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char print_usage[] =
	N_("Usage: motcua print FORM CODE [--format text|pdf|ps] [--out FILE]\n"
	"                              [--width 80|132] [--ascii] [--reprint]\n"
	"       motcua print register --from DATE --to DATE [same options]\n"
	"       motcua print guidance NUMBER [same options]\n"
	"       motcua print list [--set 2018|2025]\n\n"
	"Prints an official form of a dossier in the form set of its receipt date\n"
	"(TT 01/2018: Mẫu 01-06; TT 03/2025, from 15 Sep 2025: Mẫu 01-07). FORM is a\n"
	"number (01, 1, mau01) or receipt, supplement, refuse, apology, stop,\n"
	"control. The register (Sổ theo dõi hồ sơ, Mẫu 06 of 2018 / 07 of 2025) lists\n"
	"the dossiers received from --from to --to (YYYY-MM-DD); a voided intake\n"
	"keeps its line, marked ĐÃ HỦY. guidance prints a guidance slip given without\n"
	"an intake (Mẫu 02 with no dossier code; motcua dossier guidance).\n\n"
	"  --reprint    a copy of a form issued before: marked \"BẢN IN LẠI\" with the\n"
	"               day of the reprint; the form keeps its first date\n"
	"  --format F   text (default; pdf or ps when --out ends in .pdf or .ps)\n"
	"  --out FILE   write there instead of standard output\n"
	"  --width N    text columns: 80 (default) or 132 (default for the register)\n"
	"  --ascii      text without block graphics: \"[QR: code]\", + - | borders\n"
	"  --forms DIR  templates from DIR instead of <datadir>/forms/print\n");

static int list_forms(const char *set)
{
	static const char *const sets[] = {"2018", "2025"};
	for (int s = 0; s < 2; s++) {
		if (set && strcmp(set, sets[s]) != 0)
			continue;
		size_t n;
		const mc_form_info *f = mc_form_list(sets[s], &n);
		printf("%s (%s):\n", sets[s], strcmp(sets[s], "2025") == 0
				     ? "TT 03/2025/TT-VPCP, from 2025-09-15" : "TT 01/2018/TT-VPCP");
		for (size_t i = 0; i < n; i++)
			printf("  %02d  %-10s  %s\n", f[i].number, f[i].key, f[i].title);
	}
	return 0;
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n >= t && strcasecmp(s + n - t, tail) == 0;
}

struct print_args {
	mc_print_opts o;
	const char *format, *out, *from, *to, *set;
	bool list;
};

static int parse(int argc, char **argv, struct print_args *a)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"out", required_argument, NULL, 'o'},
		{"width", required_argument, NULL, 'w'},
		{"ascii", no_argument, NULL, 'a'},
		{"forms", required_argument, NULL, 'F'},
		{"from", required_argument, NULL, 'b'},
		{"to", required_argument, NULL, 'e'},
		{"set", required_argument, NULL, 's'},
		{"reprint", no_argument, NULL, 'R'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "print", print_usage)) != -1) {
		switch (c) {
		case 'f': a->format = optarg; break;
		case 'o': a->out = optarg; break;
		case 'a': a->o.ascii = true; break;
		case 'F': a->o.forms_dir = optarg; break;
		case 'b': a->from = optarg; break;
		case 'e': a->to = optarg; break;
		case 's': a->set = optarg; break;
		case 'R': a->o.reprint = true; break;
		case 'w':
			a->o.width = atoi(optarg);
			if (a->o.width < 40 || a->o.width > 400)
				return cli_usage_error("print", "--width must be 80 or 132 "
						       "(40..400), not \"%s\"", optarg);
			break;
		case 'h': return -1;
		default: return MC_EUSAGE;
		}
	}
	const char *fmt = a->format ? a->format
			: a->out && ends_with(a->out, ".pdf") ? "pdf"
			: a->out && ends_with(a->out, ".ps") ? "ps" : "text";
	if (strcmp(fmt, "text") == 0)
		a->o.format = MC_PRINT_TEXT;
	else if (strcmp(fmt, "pdf") == 0)
		a->o.format = MC_PRINT_PDF;
	else if (strcmp(fmt, "ps") == 0)
		a->o.format = MC_PRINT_PS;
	else
		return cli_usage_error("print", "--format must be text, pdf or ps, not \"%s\"", fmt);
	if (a->set && strcmp(a->set, "2018") != 0 && strcmp(a->set, "2025") != 0)
		return cli_usage_error("print", "--set must be 2018 or 2025");
	return 0;
}

/* Run the print into --out (removed again on failure) or stdout. */
static int run(struct cli *cli, const struct print_args *a, const char *form, const char *code)
{
	if (!a->out && a->o.format != MC_PRINT_TEXT && isatty(STDOUT_FILENO))
		return cli_usage_error("print", "%s to a terminal: give --out FILE or pipe it to "
				       "the printer (| lp)", a->o.format == MC_PRINT_PDF ? "PDF"
										: "PostScript");
	int rc = cli_store(cli);
	if (rc)
		return rc;
	/* --out: written beside and renamed over, so a failure leaves what was
	 * there and a link planted at the name is replaced, not followed. */
	FILE *out = stdout;
	mc_safe_file sf;
	mc_error err = {0};
	if (a->out) {
		if (mc_safe_file_begin(&sf, a->out, &err) != MC_OK)
			return cli_fail(&err);
		out = sf.f;
	}
	mc_status st;
	if (code && strcmp(form, "guidance") == 0) {
		char *end;
		long long id = strtoll(code, &end, 10);
		st = *end || id <= 0 ? mc_error_set(&err, MC_EUSAGE, "guidance NUMBER must be a "
						    "slip number, not \"%s\"", code)
				     : mc_print_guidance(cli->store, id, &a->o, out, &err);
	} else {
		st = code ? mc_print_dossier(cli->store, form, code, &a->o, out, &err)
			  : mc_print_register(cli->store, form, a->from, a->to, &a->o, out, &err);
	}
	if (a->out) {
		if (st != MC_OK)
			mc_safe_file_abort(&sf);
		else
			st = mc_safe_file_commit(&sf, &err);
	}
	if (st != MC_OK)
		return cli_fail(&err);
	return 0;
}

int cmd_print(struct cli *cli, int argc, char **argv)
{
	struct print_args a = {0};
	int rc = parse(argc, argv, &a);
	if (rc)
		return rc < 0 ? 0 : rc;
	int nargs = argc - optind;
	if (nargs >= 1 && strcmp(argv[optind], "list") == 0) {
		if (nargs > 1)
			return cli_usage_error("print", "list takes no argument (use --set)");
		return list_forms(a.set);
	}
	if (a.from || a.to) {
		if (!a.from || !a.to)
			return cli_usage_error("print", "the register needs both --from and --to");
		if (nargs != 1)
			return cli_usage_error("print", "give the register's name (register, 06 or "
					       "07) and --from/--to, no dossier code");
		return run(cli, &a, argv[optind], NULL);
	}
	if (nargs == 1 && strcmp(argv[optind], "register") == 0)
		return cli_usage_error("print", "the register needs --from DATE --to DATE");
	if (nargs != 2)
		return cli_usage_error("print", "give FORM and a dossier CODE (or guidance NUMBER)");
	return run(cli, &a, argv[optind], argv[optind + 1]);
}
