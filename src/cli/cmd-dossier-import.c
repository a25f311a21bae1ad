/* motcua dossier import: bring in dossiers kept in another system. */
#include "cli.h"

#include "motcua/dossier.h"

static const char usage[] =
	N_("Usage: motcua dossier import FILE [--encoding ENC]\n\n"
	"Imports dossiers from a CSV file with the header columns\n"
	"  procedure,name,id_number,phone,received_at\n"
	"and optionally address, code, status, due_at, received_by; any other column\n"
	"is kept as an office field. Without a code, one is allocated for the day of\n"
	"received_at; without due_at, it is computed from the procedure's time limit.\n"
	"Every row is checked first (FILE:LINE: messages) and nothing is imported\n"
	"unless all are good.\n\n"
	"  --encoding ENC  utf-8 (default), tcvn3, vni, viscii, cp1258, viqr, vps\n");

int dossier_import(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"encoding", required_argument, NULL, 'e'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *enc = NULL;
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "dossier import", usage)) != -1) {
		if (c == 'e')
			enc = optarg;
		else
			return c == 'h' ? 0 : MC_EUSAGE;
	}
	if (optind != argc - 1)
		return cli_usage_error("dossier import", "give exactly one FILE");
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	int n;
	if (mc_dossier_import(cli->store, argv[optind], enc, cli_actor(cli), &n, &err) != MC_OK)
		return cli_fail(&err);
	printf(_("%s: %d dossiers imported\n"), argv[optind], n);
	return 0;
}
