#!/usr/bin/env bash
# The operations log: logins, failed logins, lock-outs, user and setting
# changes, backups, restores, sync exports and imports each give one line
# (through the MOTCUA_SYSLOG_FILE hook, as syslog is not readable in every
# test run), and no line holds a password, a setting's value or a citizen's
# data. Usage: tests/cli/oplog.sh PATH/TO/motcua
set -u
BIN=${1:?usage: oplog.sh MOTCUA}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export MOTCUA_DATADIR=${MOTCUA_DATADIR:-$ROOT} MOTCUA_NOW='2026-03-02 09:00'
unset MOTCUA_DB MOTCUA_USER MOTCUA_PASSWORD
DB=$TMP/office.db
. "$(dirname "$0")/lib.sh"
export MOTCUA_SYSLOG_FILE=$TMP/syslog
LOG=$MOTCUA_SYSLOG_FILE
# logged PATTERN: the last command added exactly one line, matching PATTERN.
seen=0
logged() {
	local n now
	now=$({ wc -l <"$LOG"; } 2>/dev/null || echo 0)
	n=$((now - seen))
	local last
	last=$(tail -n "$((n > 0 ? n : 1))" "$LOG" 2>/dev/null)
	seen=$now
	if [ "$n" = 1 ] && grep -qE -- "$1" <<<"$last"; then ok "log: $1"; else bad "log: $1" "$n new lines: $last"; fi
}
quiet() { seen=$({ wc -l <"$LOG"; } 2>/dev/null || echo 0); }

m init --unit 000.17.22.H56 --name "UBND xã Quảng Phú" --no-units >/dev/null
m catalog import "$ROOT/data/catalog-sample.csv" >/dev/null
quiet
printf 'Mật-khẩu-bí-mật-1\n' | m user add mai --role clerk --counter 2 --password-stdin >/dev/null
logged '^motcua\[[0-9]+\] user\.notice: user mai added with role clerk \((user|local admin) [^,]+, database .*office\.db\)$'
printf 'Mật-khẩu-bí-mật-2\n' | m user passwd mai --password-stdin >/dev/null
logged 'user\.notice: password of user mai changed'
MOTCUA_PASSWORD=Mật-khẩu-bí-mật-2 m --user mai dossier intake --procedure 1.004873 \
	--name "Hoàng Thị Bích Ngọc" --id-number 034091009876 --phone 0987654321 \
	--address "Số 7 ngõ Trúc Lạc" >/dev/null
logged 'auth\.notice: login: user mai \(user mai,'
for i in 1 2 3 4; do
	MOTCUA_PASSWORD=sai-$i m --user mai dossier list >/dev/null 2>&1
	logged 'auth\.warning: failed login: user mai'
done
MOTCUA_PASSWORD=sai-5 m --user mai dossier list >/dev/null 2>&1
n=$(( $(wc -l <"$LOG") - seen ))
tail -n 2 "$LOG" | grep -q 'failed login: user mai' && tail -n 1 "$LOG" |
	grep -q 'auth.warning: user mai locked out until [0-9-]* [0-9:]* after 5 failed logins' &&
	[ "$n" = 2 ] && ok "log: fifth failure locks out" || bad "lock-out logged" "$(tail -n 2 "$LOG")"
quiet
MOTCUA_PASSWORD=Mật-khẩu-bí-mật-2 m --user mai dossier list >/dev/null 2>&1
logged 'auth\.warning: login refused: user mai is locked out until [0-9-]* [0-9:]*'
MOTCUA_PASSWORD=x m --user Mật-khẩu-gõ-nhầm dossier list >/dev/null 2>&1
logged 'auth\.warning: failed login for a user name that does not exist'
m config set office.place "Phường Bí Mật Lạ" >/dev/null
logged 'user\.notice: setting office\.place changed'
m config set bank.account 0071000999888 >/dev/null
logged 'setting bank\.account changed'
m config unset bank.account >/dev/null
logged 'setting bank\.account removed'
m calendar set --workdays mon-sat >/dev/null
logged 'setting calendar\.workdays changed'
m backup "$TMP/b1.db" >/dev/null
logged "user\.notice: backup written to $TMP/b1\\.db"
m backup "$TMP/no-dir/b2.db" >/dev/null 2>&1
logged "user\.err: backup to $TMP/no-dir/b2\\.db failed"
m restore "$TMP/b1.db" >/dev/null
logged "user\.notice: database restored from $TMP/b1\\.db \\(previous content in .*before-restore"
m sync export --out "$TMP/a1.bundle" >/dev/null
logged "user\.notice: sync bundle 1 for province exported to $TMP/a1\\.bundle"
P=$TMP/province.db
"$BIN" --db "$P" init --unit 000.00.00.H56 --name "Tỉnh" --no-units >/dev/null
"$BIN" --db "$P" sync role province >/dev/null
"$BIN" --db "$P" catalog import "$ROOT/data/catalog-sample.csv" >/dev/null
# The province enrols the office's key (signed bundles, docs/sync.md).
m sync key show --out "$TMP/office.key" >/dev/null
"$BIN" --db "$P" sync trust add 000.17.22.H56 "$TMP/office.key" \
	--fingerprint "$(sed -n 's/^fingerprint: //p' "$TMP/office.key")" >/dev/null
quiet
"$BIN" --db "$P" sync import "$TMP/a1.bundle" >/dev/null
logged "user\.notice: sync bundle 1 of 000\\.17\\.22\\.H56 \\(dossiers\\) imported from $TMP/a1\\.bundle"
echo "not a bundle" >"$TMP/junk.bundle"
"$BIN" --db "$P" sync import "$TMP/junk.bundle" >/dev/null 2>&1
quiet
# Reading is not logged.
m dossier list >/dev/null; m config list >/dev/null; m user list >/dev/null
[ "$(wc -l <"$LOG")" = "$seen" ] && ok "reads are not logged" || bad "reads logged" "$(tail -n 3 "$LOG")"
# Nothing secret or personal, every line one line.
for s in Mật-khẩu sai-1 'Bích Ngọc' 034091009876 0987654321 'Trúc Lạc' 'Bí Mật' 0071000999888; do
	grep -q -- "$s" "$LOG" && bad "log holds $s" "$(grep -- "$s" "$LOG")" || ok "log lacks $s"
done
bad_lines=$(grep -cvE '^motcua\[[0-9]+\] (auth|user)\.(notice|warning|err): .* \((user|local admin) [^,]+, database [^)]+\)$' "$LOG")
[ "$bad_lines" = 0 ] && ok "every line in one format" || bad "line format" "$(grep -vE '^motcua' "$LOG")"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
