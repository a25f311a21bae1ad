#!/usr/bin/env bash
# Search, issue 13: any tail of a dossier code ("0002", "261125-0002") finds
# it, several matches listed newest first, in the TUI look-up (F3) and in
# `dossier find`; a name whose Đ came from a legacy conversion as Ð (U+00D0)
# or Ɖ (U+0189) is found by "d" like any Đ.
[ $# -ge 1 ] && export MOTCUA_BIN=$1
. "$(dirname "$0")/lib.sh"

setup_db
cli() { MOTCUA_PASSWORD=secret99 m --user mai "$@" >/dev/null || fail "$*"; }
MOTCUA_NOW="2026-11-24 09:00" cli dossier intake --procedure 1.001193 --name "Lê Thị Hoa" \
	--id-number 034091000001 --phone 0912000001
MOTCUA_NOW="2026-11-24 09:10" cli dossier intake --procedure 1.001193 --name "Trần Văn Ðức" \
	--id-number 034091000002 --phone 0912000002
cli dossier intake --procedure 1.001193 --name "Phạm Minh" --id-number 034091000003 --phone 0912000003
cli dossier intake --procedure 1.001193 --name "Ɖoàn Thị Lan" --id-number 034091000004 --phone 0912000004
out=$(m --lang en dossier find 0002 --json) || fail "dossier find 0002"
got=$(json '" ".join(x["code"][-11:] for x in d)' <<<"$out")
[ "$got" = "261125-0002 261124-0002" ] || fail "find 0002: $got"
got=$(m --lang en dossier find 261124-0002 --json | json '" ".join(x["code"][-11:] for x in d)')
[ "$got" = "261124-0002" ] || fail "find 261124-0002: $got"
got=$(m --lang en dossier find "duc" --json | json '" ".join(x["applicant"]["name"] for x in d)')
[ "$got" = "Trần Văn Ðức" ] || fail "find duc: $got"
start_tui
login
keys F3
expect_screen "Tra cứu hồ sơ"
type_text "0002"; keys Enter
expect_screen "261125-0002"
expect_screen "261124-0002"
first=$(screen_text | grep -m1 -- "26112[45]-0002")
grep -q "261125-0002" <<<"$first" || fail "newest not first: $first"
keys /; keys C-u; type_text "doan lan"; keys Enter
expect_screen "Ɖoàn Thị Lan"
keys /; keys C-u; type_text "tran van duc"; keys Enter
expect_screen "Trần Văn Ðức"
pass "code tails and Đ look-alikes found in look-up and dossier find"
