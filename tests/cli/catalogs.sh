#!/usr/bin/env bash
# The message catalogs match the sources: every message xgettext finds (with
# the keywords locale/meson.build gives it, plus the form labels listed in
# src/tui/form_labels.c) has a Vietnamese translation, and locale/*.po hold
# no message the program no longer asks for (a stale entry is dead weight
# that a translator would keep updating for nothing).
# Usage: tests/cli/catalogs.sh
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }

if ! command -v xgettext >/dev/null; then
	echo "SKIP: gettext is not installed (tools/dev installs it)"
	exit 77
fi
xgettext --keyword=_ --keyword=N_ --keyword=cli_usage_error:2 --from-code=UTF-8 -D "$ROOT" -f "$ROOT/locale/POTFILES.in" \
	-o "$TMP/motcua.pot" || { bad xgettext "failed"; echo "$pass passed, $fail failed"; exit 1; }
for lang in $(cat "$ROOT/locale/LINGUAS"); do
	po=$ROOT/locale/$lang.po
	msgfmt -c -o /dev/null "$po" 2>"$TMP/err" && ok "$lang.po compiles" || bad "$lang.po compiles" "$(cat "$TMP/err")"
	msgmerge -q --no-fuzzy-matching "$po" "$TMP/motcua.pot" -o "$TMP/$lang.po"
	stale=$(msgattrib --only-obsolete --no-wrap "$TMP/$lang.po" | grep '^#~ msgid')
	[ -z "$stale" ] && ok "$lang.po: no stale messages" || bad "$lang.po: stale messages" "$stale"
	if [ "$lang" = vi ]; then
		missing=$(msgattrib --untranslated --no-obsolete --no-wrap "$TMP/$lang.po" | grep '^msgid "[^"]')
		[ -z "$missing" ] && ok "vi.po: every message translated" ||
			bad "vi.po: untranslated" "$missing"
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
