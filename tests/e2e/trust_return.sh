#!/usr/bin/env bash
# Return (F4), issue 13: looking up another dossier refills every field from
# that dossier. The receiver filled in for the first dossier looked up must
# not stay (and be saved) when the clerk looks up a second one.
[ $# -ge 1 ] && export MOTCUA_BIN=$1
. "$(dirname "$0")/lib.sh"

setup_db
cli() { MOTCUA_PASSWORD=secret99 m --user mai "$@" >/dev/null || fail "$*"; }
cli dossier intake --procedure 1.001193 --name "Lê Văn Bình" --id-number 034091000001 --phone 0912000001
cli dossier intake --procedure 1.001193 --name "Trần Thị Cúc" --id-number 034091000002 --phone 0912000002
C1=000.17.22.H56-261125-0001
C2=000.17.22.H56-261125-0002
cli dossier result "$C1"
cli dossier result "$C2"

start_tui
login
keys F4
expect_screen "Trả kết quả"
type_text "$C1"; keys Enter
expect_screen "Lê Văn Bình · Thủ tục đăng ký khai sinh"
expect_screen "Người nhận   [Lê Văn Bình"
# The clerk chose "by post" for the first one, then looks up another.
keys Down; keys Right
expect_screen "(•) Bưu chính"
keys BTab; keys BTab
keys C-u
type_text 034091000002; keys Enter     # her CCCD: the one dossier it matches
expect_screen "Trần Thị Cúc · Thủ tục đăng ký khai sinh"
expect_screen "Người nhận   [Trần Thị Cúc"
refute_screen "Lê Văn Bình"
expect_screen "(•) Tại quầy"
keys F10
expect_screen "Mời công dân đánh giá"
keys Escape
show=$(m dossier show "$C2" --json) || fail "dossier show"
[ "$(json 'd["status"]' <<<"$show")" = returned ] || fail "C2 not returned"
ret=$(json '[e for e in d["events"] if e["action"] == "return"][0]' <<<"$show")
grep -q "Trần Thị Cúc" <<<"$ret" || fail "C2 returned with $ret"
grep -q "Lê Văn Bình" <<<"$ret" && fail "C2 saved the previous receiver: $ret"
grep -q "counter" <<<"$ret" || fail "C2 saved another way of return: $ret"
[ "$(m dossier show "$C1" --json | json 'd["status"]')" = ready ] || fail "C1 changed"
pass "a second look-up refills the receiver and how"
