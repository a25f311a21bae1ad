#!/usr/bin/env bash
# The modules (src/core/module.h): the executable does not link the libraries
# they wrap; each command that needs one loads it; a missing module or one
# from another build is reported with its path, and the command leaves no
# user, bundle or receipt half made.
# Usage: tests/cli/modules.sh PATH/TO/motcua
set -u
BIN=${1:?usage: modules.sh MOTCUA}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export MOTCUA_DATADIR=${MOTCUA_DATADIR:-$ROOT} LANGUAGE=en MOTCUA_NOW='2026-03-02 09:00'
unset MOTCUA_DB MOTCUA_USER MOTCUA_PASSWORD MOTCUA_MODULEDIR
DB=$TMP/office.db

. "$(dirname "$0")/lib.sh"

# The libraries behind modules are not needed to start (a sanitized build
# links libcrypt up front: see src/core/meson.build).
libs=$(ldd "$BIN")
wrapped="libnettle libqrencode libcairo libpq"
grep -q libasan <<<"$libs" || wrapped="libcrypt $wrapped"
for lib in $wrapped; do
	grep -q "$lib" <<<"$libs" && bad "$lib not linked" "ldd: $(grep "$lib" <<<"$libs")" ||
		ok "$lib not linked"
done

m init --unit 000.17.22.H56 --name "UBND xã Quảng Phú" --no-units >/dev/null || bad init "failed"
m catalog import "$ROOT/data/catalog-sample.csv" >/dev/null || bad catalog "failed"
CODE=$(m dossier intake --procedure 1.004873 --name "Nguyễn Thị Ngọc Ánh" \
	--id-number 034091002345 --phone 0912345678 | cut -d' ' -f1)
[ -n "$CODE" ] && ok "intake" || bad intake "no code"

# Each module does its job when it is there.
expect "password module: add" 0 '' -- sh -c "echo 'mật khẩu 1' | '$BIN' --db '$DB' user add lan \
	--role supervisor --password-stdin"
expect "password module: log in" 0 'lan' -- env MOTCUA_PASSWORD='mật khẩu 1' "$BIN" --db "$DB" \
	--user lan user list
expect "password module: wrong password" 2 'wrong user name or password' -- \
	env MOTCUA_PASSWORD='sai' "$BIN" --db "$DB" --user lan user list
expect "qr module: receipt" 0 '▀' -- m print 01 "$CODE"
expect "sha256 module: export" 0 'bundle 1' -- m sync export --out "$TMP/ok.bundle"
P=$TMP/province.db
"$BIN" --db "$P" init --unit 000.00.00.H56 --name "Tỉnh" --no-units >/dev/null
"$BIN" --db "$P" sync role province >/dev/null
"$BIN" --db "$P" catalog import "$ROOT/data/catalog-sample.csv" >/dev/null
# Signed bundles: the province enrols the office's key.
m sync key show --out "$TMP/office.key" >/dev/null
"$BIN" --db "$P" sync trust add 000.17.22.H56 "$TMP/office.key" \
	--fingerprint "$(sed -n 's/^fingerprint: //p' "$TMP/office.key")" >/dev/null || bad "enrol" failed

# A directory without the modules: each command says which module and where.
mkdir "$TMP/none"
none() { MOTCUA_MODULEDIR=$TMP/none "$BIN" --db "$DB" "$@"; }
expect "no password module: add" 4 "cannot load the password module $TMP/none/password.so" -- \
	sh -c "echo pw12345-6 | MOTCUA_MODULEDIR='$TMP/none' '$BIN' --db '$DB' user add hoa \
	--role clerk --password-stdin"
m user list | grep -q '^hoa' && bad "no user half added" "hoa is listed" || ok "no user half added"
sqlite3 "$DB" "UPDATE users SET failed_logins = 0 WHERE username = 'lan'"
expect "no password module: log in" 4 'cannot load the password module' -- \
	env MOTCUA_PASSWORD='mật khẩu 1' MOTCUA_MODULEDIR="$TMP/none" "$BIN" --db "$DB" --user lan user list
n=$(sqlite3 "$DB" "SELECT failed_logins FROM users WHERE username = 'lan'")
[ "$n" = 0 ] && ok "not a failed log-in" || bad "not a failed log-in" "failed_logins=$n"
expect "no qr module: receipt" 4 "cannot load the QR code module $TMP/none/qr.so" -- \
	none print 01 "$CODE" --out "$TMP/r.txt"
[ -e "$TMP/r.txt" ] && bad "no receipt half written" "$TMP/r.txt exists" || ok "no receipt half written"
expect "no qr module: ascii receipt needs none" 0 "^\[QR: $CODE\]" -- none print 01 "$CODE" --ascii
expect "no sha256 module: import" 4 'cannot load the (SHA-256|Ed25519 signature) module' -- \
	env MOTCUA_MODULEDIR="$TMP/none" "$BIN" --db "$P" sync import "$TMP/ok.bundle"
n=$(sqlite3 "$P" "SELECT count(*) FROM dossiers")
[ "$n" = 0 ] && ok "nothing imported unchecked" || bad "nothing imported unchecked" "$n dossiers"
expect "sha256 module: import" 0 '' -- "$BIN" --db "$P" sync import "$TMP/ok.bundle"
n=$(sqlite3 "$P" "SELECT count(*) FROM dossiers")
[ "$n" = 1 ] && ok "imported once checked" || bad "imported once checked" "$n dossiers"
m --user mai dossier transfer "$CODE" --to "Tư pháp" >/dev/null
expect "no sha256 module: export" 4 "cannot load the SHA-256 module $TMP/none/sha256.so" -- \
	none sync export --out "$TMP/none.bundle"
[ -e "$TMP/none.bundle" ] && bad "no bundle half written" "exists" || ok "no bundle half written"
expect "export after the failure is bundle 2" 0 'bundle 2' -- m sync export --out "$TMP/b2.bundle"

# A module from another build (wrong ABI) or without the entry point.
mkdir "$TMP/other"
if command -v cc >/dev/null; then
	printf 'struct h { int abi; unsigned long layout; };\nstatic const struct h m = {999, 0};\nconst struct h *motcua_password_module(void) { return &m; }\n' \
		>"$TMP/other.c"
	cc -shared -fPIC -o "$TMP/other/password.so" "$TMP/other.c"
	expect "password module of another build" 4 "password module $TMP/other/password.so belongs to another build" -- \
		env MOTCUA_PASSWORD='mật khẩu 1' MOTCUA_MODULEDIR="$TMP/other" "$BIN" --db "$DB" --user lan user list
fi
cp "$(dirname "$(dirname "$(dirname "$BIN")")")/src/core/sha256.so" "$TMP/other/qr.so"
expect "qr module without its entry point" 4 'QR code module .* belongs to another build' -- \
	env MOTCUA_MODULEDIR="$TMP/other" "$BIN" --db "$DB" print 01 "$CODE"

# A province hub on PostgreSQL loads libpq through the pq module: without
# it, the hub command says so (the office's SQLite commands never need it).
expect "no pq module: hub" 4 "cannot load the PostgreSQL module $TMP/none/pq.so" -- \
	env MOTCUA_MODULEDIR="$TMP/none" "$BIN" --db postgresql://nobody@127.0.0.1:1/hub report --from 2026-07-01 --to 2026-09-30
expect "pq module: hub unreachable is named, password masked" 4 \
	'cannot open database postgresql://nobody:\*\*\*@127.0.0.1:1/hub: ' -- \
	"$BIN" --db 'postgresql://nobody:s3cret@127.0.0.1:1/hub' report --from 2026-07-01 --to 2026-09-30
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
