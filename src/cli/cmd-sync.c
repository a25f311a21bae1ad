/* motcua sync: export and import bundles between offices and the province. */
#include "cli.h"

#include "motcua/sync.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static void print_counts(const mc_sync_counts *c)
{
	for (int i = 0; i < c->ntables; i++) {
		const mc_sync_count *t = &c->t[i];
		printf("  %-20s %d %s, %d %s, %d %s", t->table, t->added, _("added"), t->updated,
		       _("updated"), t->deleted, _("deleted"));
		if (t->unchanged)
			printf(", %d %s", t->unchanged, _("unchanged"));
		if (t->skipped)
			printf(", %d %s", t->skipped, _("not taken"));
		putchar('\n');
	}
}

/* What an import did: applied with its counts and conflicts, or nothing. */
static void print_report(const char *name, const mc_sync_report *rep)
{
	if (rep->already_applied) {
		printf(_("%s: bundle %" PRId64 " from %s was already applied; nothing changed\n"),
		       name, rep->seq, rep->unit);
		return;
	}
	printf(_("%s: bundle %" PRId64 " from %s (%s) applied\n"), name, rep->seq, rep->unit,
	       rep->kind);
	print_counts(&rep->counts);
	if (rep->nconflicts)
		printf(_("Conflicts (%zu), decided by the rule of docs/sync.md:\n"), rep->nconflicts);
	for (size_t i = 0; i < rep->nconflicts; i++)
		printf("  %s\n", rep->conflicts[i]);
}

static const char export_usage[] =
	N_("Usage: motcua sync export --out FILE [--peer NAME] [--again N | --recover]\n\n"
	"Writes what changed since the last export to that peer into FILE (a bundle).\n"
	"At an office the bundle holds its dossiers, their documents and history, for\n"
	"the province (--peer defaults to the setting sync.peer, else \"province\").\n"
	"At the province (motcua sync role province) it holds the catalog and the\n"
	"holiday table, for the office named by --peer UNIT. Nothing changed: exit 3,\n"
	"no file. --again N writes bundle N to that peer again, byte for byte.\n"
	"--recover (at the province, with --peer UNIT) writes every dossier of that\n"
	"office, for an office that lost its disk or restored an old backup: imported\n"
	"there, it puts them back and the office's next export follows on.\n");

static int sync_export(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"out", required_argument, NULL, 'o'},
		{"peer", required_argument, NULL, 'p'},
		{"again", required_argument, NULL, 'a'},
		{"recover", no_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *out = NULL, *peer = NULL;
	long long again = 0;
	bool recover = false;
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "sync export", export_usage)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'p': peer = optarg; break;
		case 'a': {
			char *end;
			errno = 0;
			again = strtoll(optarg, &end, 10);
			if (*end || errno || again < 1)
				return cli_usage_error("sync export", "--again needs a bundle number");
			break;
		}
		case 'r': recover = true; break;
		case 'h': return 0;
		default: return MC_EUSAGE;
		}
	}
	if (recover && again)
		return cli_usage_error("sync export", "--again and --recover do not go together");
	if (!out || optind != argc)
		return cli_usage_error("sync export", "--out FILE is required");
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	mc_sync_export_info info;
	mc_status st = again	? mc_sync_export_again(cli->store, peer, again, out, &info, &err)
		       : recover ? mc_sync_export_recover(cli->store, peer, out, &info, &err)
				 : mc_sync_export(cli->store, peer, out, &info, &err);
	if (st != MC_OK)
		return cli_fail(&err);
	printf(_("%s: bundle %" PRId64 " to %s (%s), %zu bytes\n"), out, info.seq, info.peer,
	       info.kind, info.bytes);
	print_counts(&info.counts);
	return 0;
}

static const char import_usage[] =
	N_("Usage: motcua sync import FILE\n\n"
	"Applies a bundle: at the province, an office's dossiers; at an office, the\n"
	"province's catalog and holidays. The bundle is checked whole first: a\n"
	"damaged, foreign or out-of-sequence bundle is refused and nothing changes.\n"
	"The same bundle again changes nothing. Conflicts are decided by the rule in\n"
	"docs/sync.md and listed. Admin only.\n");

static int sync_import(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "sync import", import_usage)) != -1)
		return c == 'h' ? 0 : MC_EUSAGE;
	if (optind != argc - 1)
		return cli_usage_error("sync import", "give exactly one FILE");
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	mc_sync_report rep;
	if (mc_sync_import(cli->store, argv[optind], &rep, &err) != MC_OK)
		return cli_fail(&err);
	print_report(argv[optind], &rep);
	mc_sync_report_free(&rep);
	return 0;
}

static const char role_usage[] =
	N_("Usage: motcua sync role [office|province]\n\n"
	"Shows or sets what this database is: an office (the default), which sends\n"
	"its dossiers, or the province, which takes them in and sends the catalog\n"
	"and holidays. Setting it is an admin action.\n");

static int sync_role(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "sync role", role_usage)) != -1)
		return c == 'h' ? 0 : MC_EUSAGE;
	if (optind < argc - 1 || (optind == argc - 1 && strcmp(argv[optind], "office") != 0 &&
				  strcmp(argv[optind], "province") != 0))
		return cli_usage_error("sync role", "the role is office or province");
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	mc_sync_role role;
	if (optind == argc - 1) {
		role = strcmp(argv[optind], "province") == 0 ? MC_SYNC_PROVINCE : MC_SYNC_OFFICE;
		if (mc_sync_role_set(cli->store, role, &err) != MC_OK)
			return cli_fail(&err);
	}
	if (mc_sync_role_get(cli->store, &role, &err) != MC_OK)
		return cli_fail(&err);
	puts(role == MC_SYNC_PROVINCE ? "province" : "office");
	return 0;
}

static const char key_usage[] =
	N_("Usage: motcua sync key show [--out FILE]\n\n"
	"Shows this database's public key and its fingerprint (the key pair is made\n"
	"on first use). --out writes the key file to hand to the other site, where an\n"
	"admin enrols it with 'motcua sync trust add UNIT FILE --fingerprint FP' after\n"
	"reading the fingerprint back to you.\n");

static int sync_key(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"out", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *out = NULL;
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "sync key", key_usage)) != -1) {
		if (c == 'o')
			out = optarg;
		else
			return c == 'h' ? 0 : MC_EUSAGE;
	}
	if (optind != argc - 1 || strcmp(argv[optind], "show") != 0)
		return cli_usage_error("sync key", "the command is: sync key show [--out FILE]");
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	mc_sync_key k;
	if (mc_sync_key_get(cli->store, &k, &err) != MC_OK ||
	    (out && mc_sync_key_write(&k, out, &err) != MC_OK))
		return cli_fail(&err);
	printf(_("unit:        %s\npublic key:  %s\nfingerprint: %s\n"), k.unit, k.public_key,
	       k.fingerprint);
	return 0;
}

static const char trust_usage[] =
	N_("Usage: motcua sync trust add UNIT KEYFILE --fingerprint FP\n"
	"       motcua sync trust list\n\n"
	"Enrols the key in KEYFILE (from 'motcua sync key show --out' at UNIT) as the\n"
	"signer of UNIT's bundles, once FP, read out by UNIT's admin, matches it. An\n"
	"office enrols the province's key, the province each office's. Admin only.\n");

static int print_trust(const char *unit, const char *fp, const char *at, const char *by,
		       void *ctx)
{
	(void)ctx;
	printf("%-16s %s  %s  %s\n", unit, fp, at, by);
	return 0;
}

static int sync_trust(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"fingerprint", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *fp = NULL;
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "sync trust", trust_usage)) != -1) {
		if (c == 'f')
			fp = optarg;
		else
			return c == 'h' ? 0 : MC_EUSAGE;
	}
	bool add = optind < argc && strcmp(argv[optind], "add") == 0;
	bool list = optind < argc && strcmp(argv[optind], "list") == 0;
	if (!(add && optind == argc - 3 && fp) && !(list && optind == argc - 1))
		return cli_usage_error("sync trust", "give 'add UNIT KEYFILE --fingerprint FP' "
				       "or 'list'");
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	if (add && mc_sync_trust_add(cli->store, argv[optind + 1], argv[optind + 2], fp, &err) !=
		   MC_OK)
		return cli_fail(&err);
	if (list && mc_sync_trust_list(cli->store, print_trust, NULL, &err) != MC_OK)
		return cli_fail(&err);
	return 0;
}

static int print_log(const mc_sync_log_entry *e, void *ctx)
{
	(void)ctx;
	printf("%s  %-3s %-9s %-16s #%-4" PRId64 " %-12s %s\n", e->at, e->dir, e->kind,
	       e->unit_or_peer, e->seq, e->by, e->summary);
	return 0;
}

static const char log_usage[] = N_("Usage: motcua sync log\n\nBundles exported and applied.\n");

static int sync_log(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "sync log", log_usage)) != -1)
		return c == 'h' ? 0 : MC_EUSAGE;
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	return mc_sync_log(cli->store, print_log, NULL, &err) == MC_OK ? 0 : cli_fail(&err);
}

static const char send_usage[] =
	N_("Usage: motcua sync send FILE --to [USER@]HOST:DIR\n\n"
	"Copies a bundle to the province's inbox with OpenSSH's scp (the SSH key\n"
	"and known host are set up once, docs/sync.md). The file is checked to be a\n"
	"whole bundle first. No database is opened.\n");

static int sync_send(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	static const struct option opts[] = {
		{"to", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *to = NULL;
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "sync send", send_usage)) != -1) {
		switch (c) {
		case 't': to = optarg; break;
		case 'h': return 0;
		default: return MC_EUSAGE;
		}
	}
	if (!to || optind != argc - 1)
		return cli_usage_error("sync send", "give one FILE and --to USER@HOST:DIR");
	mc_error err = {0};
	if (mc_sync_send(argv[optind], to, &err) != MC_OK)
		return cli_fail(&err);
	printf(_("%s: sent to %s\n"), argv[optind], to);
	return 0;
}

static const char inbox_usage[] =
	N_("Usage: motcua sync inbox DIR\n\n"
	"Applies every *.bundle waiting in DIR, each office's in sequence order,\n"
	"and moves the applied ones to DIR/applied/. A refused bundle stays, with\n"
	"the reason in NAME.error, and is tried again on the next run. Runs one at\n"
	"a time (DIR/.motcua-inbox.lock), so it is safe from a systemd path unit\n"
	"or timer. Exit 3 when nothing waits, 2 when a bundle was refused.\n");

static void print_inbox(const mc_sync_inbox_entry *e, void *ctx)
{
	(void)ctx;
	if (e->status == MC_OK)
		print_report(e->name, e->rep);
	else
		printf(_("%s: refused, left in the inbox (see %s.error): %s\n"), e->name, e->name,
		       e->message);
}

static int sync_inbox(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "sync inbox", inbox_usage)) != -1)
		return c == 'h' ? 0 : MC_EUSAGE;
	if (optind != argc - 1)
		return cli_usage_error("sync inbox", "give exactly one DIR");
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	int applied, refused;
	mc_status st = mc_sync_inbox(cli->store, argv[optind], print_inbox, NULL, &applied,
				     &refused, &err);
	if (st != MC_OK)
		return cli_fail(&err);
	printf(_("%d applied, %d refused\n"), applied, refused);
	return refused ? MC_EDATA : 0;
}

int cmd_sync(struct cli *cli, int argc, char **argv)
{
	static const struct cli_cmd cmds[] = {
		{"export", sync_export, N_("write a bundle of what changed for a peer")},
		{"import", sync_import, N_("apply a bundle from an office or the province")},
		{"send", sync_send, N_("copy a bundle to the province's inbox over SSH")},
		{"inbox", sync_inbox, N_("apply the bundles waiting in a directory")},
		{"role", sync_role, N_("show or set: office or province")},
		{"log", sync_log, N_("bundles exported and applied")},
		{"key", sync_key, N_("show this database's signing key and its fingerprint")},
		{"trust", sync_trust, N_("enrol or list the keys of the other sites")},
		{NULL, NULL, NULL},
	};
	return cli_dispatch(cli, "sync", cmds, argc - 1, argv + 1);
}
