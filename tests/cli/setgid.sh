#!/usr/bin/env bash
# The setgid deployment of docs/security.md with real system accounts (run as
# root; skipped otherwise): motcua setgid to the motcua group, the data
# directory 2770 in it. A clerk's sqlite3 is refused while their motcua
# works; the account mapped to a user is that user; an unmapped account is
# refused; the clock, module and path variables are ignored; files named by
# the clerk are made with the clerk's own rights; a child drops the group.
# The binary is copied out of the checkout (which may be under /root, 0700).
# Usage: tests/cli/setgid.sh PATH/TO/motcua PATH/TO/privdrop
set -u
BIN=${1:?usage: setgid.sh MOTCUA PRIVDROP}
PRIVDROP=${2:?usage: setgid.sh MOTCUA PRIVDROP}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if [ "$(id -u)" != 0 ] || ! command -v useradd >/dev/null || ! command -v runuser >/dev/null; then
	echo "SKIP: needs root, useradd and runuser"
	exit 77
fi
# A sanitizer build does not run setgid: the sanitizers refuse the secure
# mode, and LeakSanitizer cannot trace a process of another group. The plain
# build's run is the test.
if ldd "$1" 2>/dev/null | grep -qE 'libasan|libubsan'; then
	echo "SKIP: a sanitizer build (the plain build runs this test)"
	exit 77
fi
export LANGUAGE=en
unset MOTCUA_DB MOTCUA_USER MOTCUA_PASSWORD MOTCUA_NOW
W=$(mktemp -d /tmp/motcua-setgid-XXXXXX)
chmod 755 "$W"
CLERK=mct$$a OTHER=mct$$b
made_group=
cleanup() {
	userdel "$CLERK" 2>/dev/null
	userdel "$OTHER" 2>/dev/null
	[ -n "$made_group" ] && groupdel motcua 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
. "$(dirname "$0")/lib.sh"

if ! getent group motcua >/dev/null; then
	groupadd --system motcua || { echo "FAIL groupadd"; exit 1; }
	made_group=1
fi
GID=$(getent group motcua | cut -d: -f3)
useradd -M -d /nonexistent -s /bin/sh "$CLERK" && useradd -M -d /nonexistent -s /bin/sh "$OTHER" ||
	{ echo "FAIL useradd"; exit 1; }

# The set-up of docs/security.md.
install -m 2755 -o root -g motcua "$BIN" "$W/motcua"
install -m 2755 -o root -g motcua "$PRIVDROP" "$W/privdrop"
install -d -m 2770 -o root -g motcua "$W/data"
install -m 0644 "$ROOT/data/catalog-sample.csv" "$W/catalog.csv"
DB=$W/data/office.db
# The admin (root, the file's owner) sets up with the plain build.
export MOTCUA_DATADIR=$ROOT
m init --unit 000.17.22.H56 --name "UBND xã Quảng Phú" >/dev/null || bad init failed
m catalog import "$W/catalog.csv" >/dev/null || bad catalog failed
echo 'mật khẩu 1' | m user add mai --role clerk --account "$CLERK" --password-stdin >/dev/null ||
	bad "user add --account" failed
[ "$(stat -c '%G %a' "$DB")" = "motcua 660" ] && ok "database in the motcua group, 0660" ||
	bad "database mode" "$(stat -c '%G %a' "$DB")"
as() { local who=$1; shift; runuser -u "$who" -- "$@"; }
M=$W/motcua

# A clerk cannot open the file with another program, nor read it at all.
expect "clerk's sqlite3 refused" 1 'unable to open|[Pp]ermission denied' -- \
	as "$CLERK" sqlite3 "$DB" "SELECT password_hash FROM users"
expect "clerk cannot read the file" 1 '[Pp]ermission denied' -- as "$CLERK" cat "$DB"
# ... but their motcua works, as the user mapped to their account.
out=$(as "$CLERK" env MOTCUA_NOW='2020-01-01 08:00' MOTCUA_MODULEDIR=/nonexistent \
	MOTCUA_DATADIR=/nonexistent "$M" --db "$DB" dossier intake --procedure 1.004873 \
	--name "Nguyễn Văn An" --id-number 034091002345 --phone 0912345678 2>/dev/null)
code=${out%% *}
[ "${code:14:6}" = "$(date -u -d '+7 hours' +%y%m%d)" ] && ok "clerk's motcua intake (MOTCUA_NOW ignored)" ||
	bad "clerk intake" "$out"
same_user=$(sqlite3 "$DB" "SELECT user_name FROM dossier_events ORDER BY id DESC LIMIT 1")
[ "$same_user" = mai ] && ok "the mapped account acts as mai" || bad "mapped account" "$same_user"
expect "clerk's motcua check" 0 '' -- as "$CLERK" "$M" --db "$DB" check
expect "mapped clerk keeps a clerk's rights" 2 'user mai \(clerk\) may not' -- \
	as "$CLERK" sh -c "echo pw-evil-12 | '$M' --db '$DB' user add evil --role admin --password-stdin"
expect "unmapped account refused" 2 "system account $OTHER is not mapped" -- \
	as "$OTHER" "$M" --db "$DB" dossier list
# A "file:" URI does not make the clerk an admin of the office file.
expect "URI refused for the clerk" 2 '' -- as "$CLERK" sh -c \
	"cd '$W/data' && '$M' --db 'file:office.db' user add evil --role admin --password-stdin </dev/null"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM users WHERE username = 'evil'")" = 0 ] &&
	ok "no admin made by a clerk" || bad "URI" "evil exists"
# Files the clerk names are made and read with the clerk's rights only.
before=$(sha256sum "$DB")
expect "print --out into the data directory refused" 4 'Permission denied' -- \
	as "$CLERK" "$M" --db "$DB" print 01 "$code" --out "$W/data/office.db"
[ "$(sha256sum "$DB")" = "$before" ] && ok "database not replaced through print --out" || bad "print --out" "changed"
expect "import of the database file refused" 2 'Permission denied' -- \
	as "$CLERK" "$M" --db "$DB" dossier import "$DB"
# A stale -shm that the group cannot write: named, with the fix, exit 4.
install -m 0640 -o root -g motcua /dev/null "$DB-shm"
expect "stale read-only -shm named" 4 'office.db-shm is read-only for this user.*chmod g\+w' -- \
	as "$CLERK" "$M" --db "$DB" dossier intake --procedure 1.004873 --name "Lê Văn B" \
	--id-number 034091002346 --phone 0912345670
rm -f "$DB-shm"
# A child gives the motcua group up for good before running a program.
out=$(as "$CLERK" "$W/privdrop")
grep -q "^egid $GID privileged 1" <<<"$out" && ok "privdrop runs with the motcua group" || bad "privdrop" "$out"
last=$(tail -1 <<<"$out")
saved=$(grep '^child saved' <<<"$out" | cut -d' ' -f3)
if ! grep -qw "$GID" <<<"$last" && [ "$saved" != "$GID" ]; then
	ok "the child runs without the motcua group"
else
	bad "group drop" "$out"
fi
out=$(as "$CLERK" "$W/privdrop" nodrop)
grep -qw "$GID" <<<"$(tail -1 <<<"$out")" && ok "control: without the drop the child keeps it" ||
	bad "control" "$out"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
