/* motcua config: list, read and change the office settings (the registry
 * in include/motcua/settings.h), so nobody needs sqlite3 for them. */
#include "cli.h"

#include "motcua/json.h"
#include "motcua/settings.h"

#include <string.h>

/* An unknown key: name it, list the keys, exit 1. */
static int unknown_key(const char *cmd, const char *key)
{
	size_t n;
	const mc_setting_def *t = mc_settings(&n);
	fprintf(stderr, _("motcua %s: unknown setting \"%s\"; the settings are:\n"), cmd, key);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "  %s\n", t[i].key);
	return MC_EUSAGE;
}

static const char *default_text(const mc_setting_def *d)
{
	return d->def ? d->def : d->def_note ? _(d->def_note) : _("none");
}

static const char list_usage[] = N_("Usage: motcua config list [--json]\n\n"
				    "Lists every setting: its value (or default) and what it does.\n");

static int config_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	bool json = false;
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "config list", list_usage)) != -1) {
		if (c == 'j')
			json = true;
		else
			return c == 'h' ? 0 : MC_EUSAGE;
	}
	if (optind < argc)
		return cli_usage_error("config list", _("no arguments expected"));
	int rc = cli_store(cli);
	if (rc)
		return rc;
	size_t n;
	const mc_setting_def *t = mc_settings(&n);
	mc_json j;
	mc_json_init(&j, stdout);
	if (json)
		mc_json_begin_array(&j, NULL);
	for (size_t i = 0; i < n; i++) {
		char val[1024];
		mc_error err = {0};
		mc_status st = mc_store_setting_get(cli->store, t[i].key, val, sizeof val, &err);
		if (st != MC_OK && st != MC_EEMPTY)
			return cli_fail(&err);
		bool set = st == MC_OK;
		if (json) {
			mc_json_begin_object(&j, NULL);
			mc_json_string(&j, "key", t[i].key);
			mc_json_string(&j, "type", t[i].type);
			mc_json_string(&j, "value", set ? val : t[i].def);
			mc_json_bool(&j, "set", set);
			mc_json_string(&j, "default", t[i].def);
			mc_json_string(&j, "rule", _(t[i].rule));
			mc_json_string(&j, "doc", _(t[i].doc));
			mc_json_bool(&j, "read_only", t[i].check == NULL);
			mc_json_end_object(&j);
		} else {
			char shown[1100];
			if (set)
				snprintf(shown, sizeof shown, "%s", val);
			else
				snprintf(shown, sizeof shown, _("(default: %s)"), default_text(&t[i]));
			printf("%s%*s %s%*s %s\n", t[i].key, cli_pad(t[i].key, 20), "", shown,
			       cli_pad(shown, 28), "", _(t[i].doc));
		}
	}
	if (json) {
		mc_json_end_array(&j);
		putchar('\n');
	}
	return 0;
}

static const char get_usage[] =
	N_("Usage: motcua config get KEY\n\n"
	   "Prints the setting's value, or its default when it is not set (exit 3\n"
	   "when it is not set and has no default).\n");

static int config_get(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {0}};
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "config get", get_usage)) != -1)
		return c == 'h' ? 0 : MC_EUSAGE;
	if (optind != argc - 1)
		return cli_usage_error("config get", _("give KEY"));
	const mc_setting_def *d = mc_setting_find(argv[optind]);
	if (!d)
		return unknown_key("config get", argv[optind]);
	int rc = cli_store(cli);
	if (rc)
		return rc;
	char val[1024];
	mc_error err = {0};
	mc_status st = mc_store_setting_get(cli->store, d->key, val, sizeof val, &err);
	if (st == MC_OK) {
		printf("%s\n", val);
		return 0;
	}
	if (st != MC_EEMPTY)
		return cli_fail(&err);
	if (d->def) {
		printf("%s\n", d->def);
		return 0;
	}
	fprintf(stderr, _("motcua: %s is not set (default: %s)\n"), d->key, default_text(d));
	return MC_EEMPTY;
}

static const char set_usage[] =
	N_("Usage: motcua config set KEY VALUE\n\n"
	   "Sets a setting after checking VALUE against its rule (admin only).\n"
	   "Run 'motcua config list' for the keys.\n");

/* A read-only key: say which command changes it. */
static int read_only(const char *cmd, const mc_setting_def *d)
{
	fprintf(stderr, _("motcua %s: %s is read-only here: change it with '%s'\n"), cmd, d->key,
		d->set_by);
	return MC_EUSAGE;
}

static int config_set(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {0}};
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "config set", set_usage)) != -1)
		return c == 'h' ? 0 : MC_EUSAGE;
	if (optind != argc - 2)
		return cli_usage_error("config set", _("give KEY and VALUE"));
	const char *key = argv[optind], *value = argv[optind + 1];
	const mc_setting_def *d = mc_setting_find(key);
	if (!d)
		return unknown_key("config set", key);
	if (!d->check)
		return read_only("config set", d);
	char val[1024];
	mc_error err = {0};
	if (d->check(value, val, sizeof val, &err) != MC_OK) {
		fprintf(stderr, _("motcua config set: %s must be %s (%s)\n"), d->key, _(d->rule),
			err.msg);
		return MC_EDATA;
	}
	int rc = cli_store(cli);
	if (rc)
		return rc;
	return mc_setting_set(cli->store, key, value, &err) == MC_OK ? 0 : cli_fail(&err);
}

static const char unset_usage[] =
	N_("Usage: motcua config unset KEY\n\n"
	   "Removes a setting so that its default applies again (admin only; exit 3\n"
	   "when it was not set).\n");

static int config_unset(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {0}};
	int c;
	while ((c = cli_getopt(argc, argv, "", opts, "config unset", unset_usage)) != -1)
		return c == 'h' ? 0 : MC_EUSAGE;
	if (optind != argc - 1)
		return cli_usage_error("config unset", _("give KEY"));
	const mc_setting_def *d = mc_setting_find(argv[optind]);
	if (!d)
		return unknown_key("config unset", argv[optind]);
	if (!d->check)
		return read_only("config unset", d);
	int rc = cli_store(cli);
	if (rc)
		return rc;
	mc_error err = {0};
	return mc_setting_unset(cli->store, d->key, &err) == MC_OK ? 0 : cli_fail(&err);
}

int cmd_config(struct cli *cli, int argc, char **argv)
{
	static const struct cli_cmd cmds[] = {
		{"list", config_list, N_("every setting with its value and meaning")},
		{"get", config_get, N_("print a setting's value")},
		{"set", config_set, N_("change a setting (admin)")},
		{"unset", config_unset, N_("back to the default (admin)")},
		{NULL, NULL, NULL},
	};
	return cli_dispatch(cli, "config", cmds, argc - 1, argv + 1);
}
