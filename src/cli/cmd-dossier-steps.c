/*
 * motcua dossier STEP CODE ...: the lifecycle steps after intake, and the
 * citizen's rating. Every step takes --at for paper work done during an
 * outage (the real entry time is kept too); an illegal step exits 2 naming
 * the current status and the allowed steps.
 */
#include "cli.h"

#include "motcua/json.h"
#include "motcua/lifecycle.h"

#include <stdlib.h>
#include <string.h>

struct step_spec {
	mc_step_kind kind;
	const char *usage;
};

static const struct step_spec specs[] = {
	{MC_STEP_TRANSFER, N_("Usage: motcua dossier transfer CODE --to DEPT [--assignee U] [--at T] [--json]\n"
			   "Hands the dossier to a department (Đang xử lý).\n")},
	{MC_STEP_SUPPLEMENT, N_("Usage: motcua dossier supplement CODE --missing TEXT [--at T] [--json]\n"
			     "Requests missing papers (Mẫu 02); the clock pauses until resume.\n")},
	{MC_STEP_RESUME, N_("Usage: motcua dossier resume CODE [--note TEXT] [--at T] [--json]\n"
			 "Papers supplied or fees paid: the clock runs again and the appointment\n"
			 "moves on by the working time paused.\n")},
	{MC_STEP_FEES, N_("Usage: motcua dossier fees CODE [--note TEXT] [--at T] [--json]\n"
		       "Waiting for the citizen to pay fees or taxes; the clock pauses.\n")},
	{MC_STEP_REFUSE, N_("Usage: motcua dossier refuse CODE --reason TEXT [--at T] [--json]\n"
			 "Refuses the dossier (Mẫu 03).\n")},
	{MC_STEP_WITHDRAW, N_("Usage: motcua dossier withdraw CODE [--note TEXT] [--at T] [--json]\n"
			   "The citizen withdraws the dossier.\n")},
	{MC_STEP_STOP, N_("Usage: motcua dossier stop CODE --reason TEXT [--at T] [--json]\n"
		       "Stops processing (Mẫu 05 of 2025).\n")},
	{MC_STEP_EXTEND, N_("Usage: motcua dossier extend CODE --until 'YYYY-MM-DD HH:MM' --reason TEXT\n"
			 "                             [--at T] [--json]\n"
			 "Apology and new appointment (Mẫu 04).\n")},
	{MC_STEP_RESULT, N_("Usage: motcua dossier result CODE [--note TEXT] [--at T] [--json]\n"
			 "The result is ready at the counter.\n")},
	{MC_STEP_RETURN, N_("Usage: motcua dossier return CODE --to NAME [--by counter|post] [--at T]\n"
			 "                             [--json]\n"
			 "Hands the result to NAME, at the counter (default) or by post.\n")},
	{MC_STEP_ACCEPT, N_("Usage: motcua dossier accept CODE [--note TEXT] [--at T] [--json]\n"
			 "Accepts an online submission (Mới đăng ký): the appointment is computed\n"
			 "from this moment.\n")},
};

static int run_step(struct cli *cli, int argc, char **argv)
{
	const struct step_spec *spec = NULL;
	for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++)
		if (strcmp(argv[0], mc_step_name(specs[i].kind)) == 0)
			spec = &specs[i];
	if (!spec)
		return MC_EUSAGE;
	static const struct option opts[] = {
		{"to", required_argument, NULL, 't'},
		{"assignee", required_argument, NULL, 'a'},
		{"missing", required_argument, NULL, 'm'},
		{"reason", required_argument, NULL, 'r'},
		{"note", required_argument, NULL, 'n'},
		{"until", required_argument, NULL, 'u'},
		{"by", required_argument, NULL, 'b'},
		{"at", required_argument, NULL, 'A'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	char cmd[48], usage[2048];
	snprintf(cmd, sizeof cmd, "dossier %s", argv[0]);
	snprintf(usage, sizeof usage, "%s%s", _(spec->usage),
		 _("\n--at 'YYYY-MM-DD HH:MM' records a step done on paper earlier (during an\n"
		 "outage); the real entry time is kept too. It may not be in the future nor\n"
		 "before the dossier's last recorded step. An illegal step exits 2 naming\n"
		 "the current status and the allowed steps.\n"));
	mc_step s = {.kind = spec->kind};
	bool json = false;
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, cmd, usage)) != -1) {
		switch (c) {
		case 't': s.to = optarg; break;
		case 'a': s.assignee = optarg; break;
		case 'm': case 'r': case 'n': s.text = optarg; break;
		case 'u': s.until = optarg; break;
		case 'b': s.by = optarg; break;
		case 'A': s.at = optarg; break;
		case 'j': json = true; break;
		case 'h': return 0;
		default: return MC_EUSAGE;
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(cmd, "give exactly one dossier CODE");
	s.code = argv[optind];
	int rc = cli_store(cli);
	if (rc)
		return rc;
	s.user = cli_actor(cli);
	mc_error err = {0};
	mc_dossier d;
	if (mc_dossier_step(cli->store, &s, &d, &err) != MC_OK)
		return cli_fail(&err);
	if (json) {
		mc_json j;
		mc_json_init(&j, stdout);
		return mc_dossier_json(cli->store, &j, &d, true, &err) == MC_OK ? 0 : cli_fail(&err);
	}
	printf("%s  %s  %s %s\n", d.code, mc_dossier_status_key(d.status), _("due"), d.due_at);
	return 0;
}

int dossier_step_cmd(struct cli *cli, int argc, char **argv)
{
	return run_step(cli, argc, argv);
}

static const char rate_usage[] =
	N_("Usage: motcua dossier rate CODE --rating 1|2|3\n\n"
	"Records the citizen's satisfaction once the result is returned:\n"
	"1 Rất hài lòng, 2 Hài lòng, 3 Không hài lòng. Once per dossier.\n");

int dossier_rate(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"rating", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int rating = 0, c;
	while ((c = cli_getopt(argc, argv, "", opts, "dossier rate", rate_usage)) != -1) {
		if (c == 'r') {
			char *end;
			rating = (int)strtol(optarg, &end, 10);
			if (*end || rating < 1 || rating > 3)
				return cli_usage_error("dossier rate", "--rating must be 1, 2 or 3");
		} else {
			return c == 'h' ? 0 : MC_EUSAGE;
		}
	}
	if (optind != argc - 1 || !rating)
		return cli_usage_error("dossier rate", "give CODE and --rating");
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	if (mc_dossier_rate(cli->store, argv[optind], rating, cli_actor(cli), &err) != MC_OK)
		return cli_fail(&err);
	return 0;
}
