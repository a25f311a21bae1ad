/* motcua text: fold, convert legacy encodings, input-method filter, CCCD. */
#include "cli.h"

#include "motcua/cccd.h"
#include "motcua/charset.h"
#include "motcua/ime.h"
#include "motcua/text.h"

#include <stdlib.h>
#include <string.h>

/* Read stdin line by line; the callback gets each line without its newline. */
static int each_line(int (*fn)(char *line, size_t lineno, void *ctx), void *ctx)
{
	char *line = NULL;
	size_t cap = 0, no = 0;
	ssize_t n;
	int rc = 0;
	while (rc == 0 && (n = getline(&line, &cap, stdin)) >= 0) {
		no++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		rc = fn(line, no, ctx);
	}
	free(line);
	return rc;
}

static int fold_line(char *line, size_t no, void *ctx)
{
	(void)ctx;
	mc_error err = {0};
	if (mc_text_check_utf8(line, strlen(line), &err) != MC_OK) {
		fprintf(stderr, _("motcua text fold: line %zu: %s\n"), no, err.msg);
		return MC_EDATA;
	}
	char *f = mc_text_fold(line);
	if (!f)
		return MC_ESYS;
	puts(f);
	free(f);
	return 0;
}

static const char fold_usage[] =
	N_("Usage: motcua text fold < FILE\n\n"
	"Prints the search key of each line: no diacritics, đ→d, lower case.\n");

static int text_fold(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {0}};
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "text fold", fold_usage)) != -1)
		return c == 'h' ? 0 : MC_EUSAGE;
	return each_line(fold_line, NULL);
}

struct type_ctx {
	mc_ime_method method;
	mc_tone_style style;
};

static int type_line(char *line, size_t no, void *arg)
{
	struct type_ctx *tc = arg;
	size_t cap = strlen(line) * 4 + 64;
	char *out = malloc(cap);
	if (!out)
		return MC_ESYS;
	mc_error err = {0};
	mc_status st = mc_ime_type_line(tc->method, tc->style, line, out, cap, &err);
	if (st == MC_OK)
		puts(out);
	else
		fprintf(stderr, _("motcua text type: line %zu: %s\n"), no, err.msg);
	free(out);
	return st;
}

static const char type_usage[] =
	N_("Usage: motcua text type --method telex|vni|viqr [--style old|new] < KEYS\n\n"
	"Composes each line of keystrokes as the built-in input method would while\n"
	"typing (\"Nguyeenx Vawn Anh\" → \"Nguyễn Văn Anh\"). <BS> means Backspace.\n"
	"--style old (default) places tones as in \"hòa\", new as in \"hoà\".\n");

static int text_type(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"method", required_argument, NULL, 'm'},
		{"style", required_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct type_ctx tc = {MC_IME_TELEX, MC_TONE_OLD};
	bool has_method = false;
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "text type", type_usage)) != -1) {
		if (c == 'm') {
			if (mc_ime_method_parse(optarg, &tc.method) != 0 || tc.method == MC_IME_OFF)
				return cli_usage_error("text type",
						       "--method must be telex, vni or viqr");
			has_method = true;
		} else if (c == 's') {
			if (strcmp(optarg, "old") == 0)
				tc.style = MC_TONE_OLD;
			else if (strcmp(optarg, "new") == 0)
				tc.style = MC_TONE_NEW;
			else
				return cli_usage_error("text type", "--style must be old or new");
		} else {
			return c == 'h' ? 0 : MC_EUSAGE;
		}
	}
	if (!has_method)
		return cli_usage_error("text type", "--method is required");
	return each_line(type_line, &tc);
}

static const char convert_usage[] =
	N_("Usage: motcua text convert --from ENC --to ENC < IN > OUT\n\n"
	"Encodings: utf-8, utf-8-nfd (tổ hợp), viscii, cp1258, tcvn3 (ABC), vni,\n"
	"viqr, vps, ascii (output only: letters without marks), or any name iconv knows\n"
	"(utf-16, cp1252..., iconv -l). Letters the target\n"
	"cannot hold are counted and the first is located on stderr.\n");

static int text_convert(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *from = NULL, *to = NULL;
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "text convert", convert_usage)) != -1) {
		if (c == 'f')
			from = optarg;
		else if (c == 't')
			to = optarg;
		else
			return c == 'h' ? 0 : MC_EUSAGE;
	}
	if (!from || !to)
		return cli_usage_error("text convert", "--from and --to are required");
	mc_error err = {0};
	mc_conv_stats stats;
	mc_status st = mc_conv_stream_name(from, to, stdin, stdout, &stats, &err);
	fflush(stdout);
	if (st == MC_EUSAGE)
		return cli_usage_error("text convert", "%s", err.msg);
	if (st != MC_OK)
		return cli_fail(&err);
	if (stats.lost)
		fprintf(stderr,
			_("motcua text convert: %llu letters cannot be written in %s; the first at "
			  "line %llu, column %llu\n"),
			(unsigned long long)stats.lost, to,
			(unsigned long long)stats.first_lost_line,
			(unsigned long long)stats.first_lost_col);
	return 0;
}

static int cccd_line(char *line, size_t no, void *ctx)
{
	int *bad = ctx;
	if (!*line)
		return 0;
	mc_cccd card;
	mc_error err = {0};
	if (mc_cccd_parse(line, &card, &err) != MC_OK) {
		fprintf(stderr, _("motcua text cccd: line %zu: %s\n"), no, err.msg);
		*bad = 1;
		return 0;
	}
	mc_cccd_write_json(&card, stdout);
	return 0;
}

static const char cccd_usage[] =
	N_("Usage: motcua text cccd < LINES\n\n"
	"Parses lines scanned from the QR code of a citizen ID card (CCCD):\n"
	"ID|old ID|name|birth ddmmyyyy|sex|address|issue ddmmyyyy, and prints each as\n"
	"JSON (id_number, old_id_number, name, birth_date, sex, address, issue_date).\n"
	"A malformed line is reported on stderr with the part that is wrong (exit 2).\n");

static int text_cccd(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {0}};
	int c, bad = 0;
	while ((c = cli_getopt(argc, argv, "", opts, "text cccd", cccd_usage)) != -1)
		return c == 'h' ? 0 : MC_EUSAGE;
	int rc = each_line(cccd_line, &bad);
	return rc ? rc : bad ? MC_EDATA : 0;
}

int cmd_text(struct cli *cli, int argc, char **argv)
{
	static const struct cli_cmd cmds[] = {
		{"fold", text_fold, N_("print the search key of each line")},
		{"type", text_type, N_("compose keystrokes with an input method")},
		{"convert", text_convert, N_("convert between Vietnamese encodings")},
		{"cccd", text_cccd, N_("parse scanned citizen ID card lines to JSON")},
		{NULL, NULL, NULL},
	};
	return cli_dispatch(cli, "text", cmds, argc - 1, argv + 1);
}
