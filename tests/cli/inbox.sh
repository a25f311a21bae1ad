#!/usr/bin/env bash
# Bundles that travel: `sync send` copies a bundle with scp (a fake scp on
# PATH records its argument list and copies locally), and `sync inbox DIR`
# at the province applies what waits there in sequence order, moves the
# applied ones aside, leaves a refused one with NAME.error and takes it on a
# later run once its gap is filled; two runs at once apply each bundle once.
# Usage: tests/cli/inbox.sh PATH/TO/motcua
set -u
BIN=${1:?usage: inbox.sh MOTCUA}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export MOTCUA_DATADIR=${MOTCUA_DATADIR:-$ROOT} LANGUAGE=en
unset MOTCUA_DB MOTCUA_USER MOTCUA_PASSWORD
CATALOG=$ROOT/data/catalog-sample.csv
UA=000.17.22.H56 UB=000.31.40.H56 UP=000.00.00.H56
. "$(dirname "$0")/lib.sh"   # ok, bad, expect, enrol_all

db() { local f=$1; shift; "$BIN" --db "$TMP/$f.db" "$@"; }
same() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "'$2' != '$3'"; fi; }

canon() {
	sqlite3 "$TMP/$1.db" "SELECT d.code, d.unit_code, d.status,
		(SELECT group_concat(name || received) FROM dossier_documents WHERE dossier_id = d.id),
		(SELECT group_concat(uid || ':' || action, ' ')
		 FROM (SELECT * FROM dossier_events WHERE dossier_id = d.id ORDER BY id))
		FROM dossiers d ORDER BY d.code"
}

intake() {
	db "$1" --user mai dossier intake --procedure 1.004873 --name "$2" \
		--id-number 034091002345 --phone 0912345678 | cut -d' ' -f1
}

export MOTCUA_NOW='2026-03-02 09:00'
for x in a:$UA b:$UB p:$UP q:$UP; do
	f=${x%%:*} u=${x#*:}
	db "$f" init --unit "$u" --name "Văn phòng $f" --no-units >/dev/null
	db "$f" catalog import "$CATALOG" >/dev/null
done
db p sync role province >/dev/null
db q sync role province >/dev/null
enrol_all a b p q
intake a "Nguyễn Văn An" >/dev/null
intake b "Phạm Thị Dung" >/dev/null
db a sync export --out "$TMP/a-1.bundle" >/dev/null
db b sync export --out "$TMP/b-1.bundle" >/dev/null
intake a "Trần Thị Bình" >/dev/null
db a sync export --out "$TMP/a-2.bundle" >/dev/null
intake a "Lê Văn Cường" >/dev/null
db a sync export --out "$TMP/a-3.bundle" >/dev/null

# sync send through a fake scp that records its argv and copies locally.
mkdir -p "$TMP/bin" "$TMP/inbox"
cat > "$TMP/bin/scp" <<'SH'
#!/bin/sh
printf '%s\n' "$@" > "$SCP_ARGV"
[ -n "${SCP_FAIL:-}" ] && { echo "ssh: connect to host tinh: Connection refused" >&2; exit 1; }
for last; do :; done
eval "src=\${$(($# - 1))}"
cp "$src" "${last#*:}"
SH
chmod +x "$TMP/bin/scp"
export SCP_ARGV=$TMP/scp.argv
P=$TMP/bin:$PATH
expect "send" 0 'sent to motcua@tinh' -- env PATH="$P" "$BIN" sync send "$TMP/a-3.bundle" \
	--to "motcua@tinh:$TMP/inbox"
same "send: scp's argument list" "$(cat "$SCP_ARGV")" "$(printf '%s\n' -q -- "$TMP/a-3.bundle" "motcua@tinh:$TMP/inbox")"
cmp -s "$TMP/a-3.bundle" "$TMP/inbox/a-3.bundle" && ok "send: copied" || bad "send: copied" "missing"
rm -f "$SCP_ARGV"
cp "$TMP/b-1.bundle" "$TMP/h:b.bundle"
(cd "$TMP" && env PATH="$P" "$BIN" sync send "h:b.bundle" --to "motcua@tinh:$TMP/in0" >/dev/null 2>&1)
same "send: a colon in a local name is not a host" "$(sed -n 3p "$SCP_ARGV")" "./h:b.bundle"
rm -f "$SCP_ARGV" "$TMP/h:b.bundle"
expect "send: option as host refused" 1 'is not a destination' -- env PATH="$P" "$BIN" sync send \
	"$TMP/a-1.bundle" --to "-oProxyCommand=touch$TMP/pwned:x"
expect "send: no host refused" 1 'is not a destination' -- env PATH="$P" "$BIN" sync send \
	"$TMP/a-1.bundle" --to "$TMP/inbox"
expect "send: not a bundle refused" 2 'not a motcua sync bundle' -- env PATH="$P" "$BIN" sync send \
	"$CATALOG" --to "motcua@tinh:$TMP/inbox"
[ ! -e "$SCP_ARGV" ] && ok "send: scp not run for refusals" || bad "send: scp run" "$(cat "$SCP_ARGV")"
expect "send: scp fails" 4 'scp exited with status 1' -- env PATH="$P" SCP_FAIL=1 "$BIN" sync send \
	"$TMP/a-1.bundle" --to "motcua@tinh:$TMP/inbox"
expect "send: no scp" 4 'cannot run scp' -- env PATH=/nonexistent "$BIN" sync send \
	"$TMP/a-1.bundle" --to "motcua@tinh:$TMP/inbox"

# The inbox: a-3 and b-1 wait, a-2 is out of sequence until a-1 comes.
cp "$TMP/b-1.bundle" "$TMP/a-2.bundle" "$TMP/inbox/"
head -c 200 "$TMP/a-1.bundle" > "$TMP/inbox/cut.bundle"
echo "not a bundle" > "$TMP/inbox/notes.txt"
expect "inbox: refusals exit 2" 2 'b-1.bundle: bundle 1 from '$UB' \(dossiers\) applied' -- \
	db p sync inbox "$TMP/inbox"
[ -e "$TMP/inbox/applied/b-1.bundle" ] && [ ! -e "$TMP/inbox/b-1.bundle" ] &&
	ok "inbox: applied moved aside" || bad "inbox: applied moved aside" "$(ls -R "$TMP/inbox")"
grep -q 'out of sequence: expected 1, got 2' "$TMP/inbox/a-2.bundle.error" &&
	ok "inbox: out of sequence left with its message" || bad "inbox: .error" "$(cat "$TMP/inbox/a-2.bundle.error" 2>&1)"
grep -q 'out of sequence' "$TMP/inbox/a-3.bundle.error" && [ -e "$TMP/inbox/a-3.bundle" ] &&
	ok "inbox: later one waits too" || bad "inbox: a-3 waits" "$(ls "$TMP/inbox")"
grep -q 'damaged' "$TMP/inbox/cut.bundle.error" && ok "inbox: damaged left with its message" ||
	bad "inbox: damaged" "$(cat "$TMP/inbox/cut.bundle.error" 2>&1)"
[ -e "$TMP/inbox/notes.txt" ] && [ ! -e "$TMP/inbox/notes.txt.error" ] && ok "inbox: other files ignored" ||
	bad "inbox: other files" "$(ls "$TMP/inbox")"

# a-1 arrives (sent); the next run takes a-1, a-2, a-3 in that order.
rm "$TMP/inbox/cut.bundle" "$TMP/inbox/cut.bundle.error"
env PATH="$P" "$BIN" sync send "$TMP/a-1.bundle" --to "motcua@tinh:$TMP/inbox" >/dev/null
out=$(db p sync inbox "$TMP/inbox" 2>&1)
rc=$?
same "inbox: gap filled, exit 0" "$rc" 0
same "inbox: in sequence order" "$(grep -o '^a-[0-9].bundle: bundle [0-9]' <<<"$out" | tr '\n' ' ')" \
	"a-1.bundle: bundle 1 a-2.bundle: bundle 2 a-3.bundle: bundle 3 "
[ ! -e "$TMP/inbox/a-2.bundle.error" ] && [ ! -e "$TMP/inbox/a-3.bundle.error" ] &&
	ok "inbox: error files gone" || bad "inbox: error files" "$(ls "$TMP/inbox")"
expect "inbox: nothing waits" 3 'no bundle waits' -- db p sync inbox "$TMP/inbox"
for f in a-1 a-2 a-3 b-1; do db q sync import "$TMP/$f.bundle" >/dev/null; done
same "inbox: same as by hand" "$(canon p)" "$(canon q)"

# The same bundle again is applied (nothing changed) and moved aside.
cp "$TMP/a-1.bundle" "$TMP/inbox/a-1-again.bundle"
expect "inbox: already applied" 0 'a-1-again.bundle: bundle 1 from '$UA' was already applied' -- \
	db p sync inbox "$TMP/inbox"

# Runs at once: each waits for the lock, each bundle is applied once.
db r init --unit $UP --name "Tỉnh" --no-units >/dev/null
db r catalog import "$CATALOG" >/dev/null
db r sync role province >/dev/null
enrol_all a b r
mkdir "$TMP/in2"
cp "$TMP"/a-?.bundle "$TMP/b-1.bundle" "$TMP/in2/"
flock "$TMP/in2/.motcua-inbox.lock" sleep 2 &
sleep 0.3
start=$(date +%s%N)
db r sync inbox "$TMP/in2" > "$TMP/run1.out" 2>&1 &
p1=$!
db r sync inbox "$TMP/in2" > "$TMP/run2.out" 2>&1 &
p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
waited=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$waited" -ge 1400 ] && ok "inbox: waits for the lock (${waited} ms)" || bad "inbox: lock" "done in ${waited} ms"
same "inbox: two runs, exits" "$(echo $r1 $r2 | tr ' ' '\n' | sort | tr '\n' ' ')" "0 3 "
same "inbox: two runs, each bundle once" "$(cat "$TMP/run1.out" "$TMP/run2.out" | grep -c ') applied$')" 4
same "inbox: two runs, same result" "$(canon r)" "$(canon q)"
same "inbox: all moved aside" "$(ls "$TMP/in2/applied" | wc -l)" 4

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
