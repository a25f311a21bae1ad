#!/usr/bin/env bash
# The nightly backup (dist/motcua-backup, run by motcua-backup.timer): a
# backup checked with `motcua check`, rotation after KEEP_DAYS days (only
# its own files), a backup that fails its check removed, bad settings
# refused; the units pass systemd-analyze when it is there.
# Usage: tests/cli/backup_timer.sh PATH/TO/motcua PATH/TO/motcua-backup
set -u
BIN=${1:?usage: backup_timer.sh MOTCUA SCRIPT}
SCRIPT=${2:?usage: backup_timer.sh MOTCUA SCRIPT}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export MOTCUA_DATADIR=${MOTCUA_DATADIR:-$ROOT} MOTCUA_BACKUP_NO_DEFAULTS=1
unset MOTCUA_USER
DB=$TMP/office.db
. "$(dirname "$0")/lib.sh"
m init --unit 000.17.22.H56 --name X --no-units >/dev/null
run() { env MOTCUA="$BIN" MOTCUA_DB="$DB" BACKUP_DIR="$TMP/backups" "$@" sh "$SCRIPT"; }
expect "first backup" 0 'kept 1 backups' -- run KEEP_DAYS=3
f=$(ls "$TMP"/backups/motcua-*.db)
[[ $f =~ motcua-[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{6}\.db$ ]] && ok "named by date ($f)" || bad "name" "$f"
expect "backup is sound" 0 'no problems' -- "$BIN" --db "$f" check
[ ! -e "$f-wal" ] && ok "no -wal left" || bad "wal left" ""
touch -d '10 days ago' "$TMP/backups/motcua-2020-01-01-2230.db"
touch -d '2 days ago' "$TMP/backups/motcua-2020-01-09-2230.db"
touch -d '10 days ago' "$TMP/backups/other.db"
mv "$f" "$TMP/backups/motcua-2020-01-10-2230.db"
expect "rotation" 0 'removed old backup .*motcua-2020-01-01-2230\.db' -- run KEEP_DAYS=3
[ ! -e "$TMP/backups/motcua-2020-01-01-2230.db" ] && [ -e "$TMP/backups/motcua-2020-01-09-2230.db" ] &&
	[ -e "$TMP/backups/other.db" ] && ok "old removed, recent and foreign kept" || bad "rotation" "$(ls "$TMP/backups")"
expect "bad KEEP_DAYS" 1 'KEEP_DAYS must be a number' -- run KEEP_DAYS=two
# A backup that fails its check is removed and the service fails.
cat >"$TMP/fake-motcua" <<EOS
#!/bin/sh
for a; do [ "\$a" = check ] && { echo "database damaged" >&2; exit 2; }; done
exec "$BIN" "\$@"
EOS
chmod +x "$TMP/fake-motcua"
n=$(ls "$TMP"/backups/motcua-*.db | wc -l)
expect "failed check" 1 'failed its check and was removed' -- \
	env MOTCUA="$TMP/fake-motcua" MOTCUA_DB="$DB" BACKUP_DIR="$TMP/backups" sh "$SCRIPT"
[ "$(ls "$TMP"/backups/motcua-*.db | wc -l)" = "$n" ] && ok "nothing left of it" || bad "left" "$(ls "$TMP/backups")"
expect "missing database" 4 'no database at' -- env MOTCUA="$BIN" MOTCUA_DB="$TMP/none.db" BACKUP_DIR="$TMP/backups" sh "$SCRIPT"
if command -v systemd-analyze >/dev/null; then
	d=$(dirname "$SCRIPT")
	out=$(systemd-analyze verify "$d/motcua-backup.service" "$ROOT/dist/motcua-backup.timer" 2>&1 |
		grep -v "motcua-backup.*is not executable\|No such file\|Failed to prepare filename\|Command 'man ")
	[ -z "$out" ] && ok "systemd-analyze verify" || bad "systemd-analyze" "$out"
	systemd-analyze calendar '*-*-* 22:30:00 Asia/Ho_Chi_Minh' >/dev/null 2>&1 &&
		ok "timer's calendar parses" || bad "calendar" "$(systemd-analyze calendar '*-*-* 22:30:00 Asia/Ho_Chi_Minh' 2>&1)"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
