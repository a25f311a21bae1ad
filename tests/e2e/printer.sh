#!/usr/bin/env bash
# Printing receipts on the counter's CUPS queue (issue 13 §2): with no
# printer the clerk is told where the file went and how to set one up; a
# receipt_printer setting holding a shell command (an old value, or an
# attack) runs nothing and says why; a queue name is given to lp as one
# argument (fake lp recording its argv).
. "$(dirname "$0")/lib.sh"

intake() {
	type_text "1.004873"; expect_screen "1.004873 Thủ tục cấp Giấy xác nhận"; keys Enter
	type_text "Nguyeenx Vawn An"; expect_screen "Nguyễn Văn An"
	keys Tab; keys Tab; type_text "034091002345"
	keys Tab; keys Tab; type_text "0912345678"
	keys Tab; keys Tab; keys a
	keys F10
	expect_screen "Đã tiếp nhận hồ sơ"
}
LP="MOTCUA_LP=$E2E_ROOT/tests/e2e/fake-lp FAKE_LP_LOG=$E2E_TMP/lp.log"

setup_db
# --- no printer: where the file went, how to set one up ------------------------------
E2E_ENV="$LP" start_tui
login
intake
expect_screen "đặt máy in"
expect_screen "motcua config set receipt_printer"
[ -f "$E2E_TMP/receipts/000.17.22.H56-261125-0001.txt" ] || fail "no receipt file"
[ ! -e "$E2E_TMP/lp.log" ] || fail "lp ran without a printer"
stop_tui

# --- an old setting that is a shell command: refused, nothing run -------------------------
sqlw "INSERT OR REPLACE INTO settings(key, value) VALUES('receipt_printer', 'x; touch $E2E_TMP/pwned')" ||
	fail "setting"
E2E_ENV="$LP" start_tui
login
intake
expect_screen "chưa in được"
expect_screen "is not a CUPS queue name"
[ ! -e "$E2E_TMP/pwned" ] || fail "the printer setting ran a shell command"
[ ! -e "$E2E_TMP/lp.log" ] || fail "lp ran with a bad queue name"
[ -f "$E2E_TMP/receipts/000.17.22.H56-261125-0002.txt" ] || fail "receipt not kept"
stop_tui

# --- a queue name: lp -d NAME -- FILE ------------------------------------------------------
sqlw "UPDATE settings SET value = 'quay-2' WHERE key = 'receipt_printer'" || fail "setting"
E2E_ENV="$LP" start_tui
login
intake
expect_screen "Đã in giấy tiếp nhận"
want=$(printf '%s\n' -d quay-2 -- "$E2E_TMP/receipts/000.17.22.H56-261125-0003.txt" --end--)
[ "$(cat "$E2E_TMP/lp.log")" = "$want" ] || fail "lp argv: $(cat "$E2E_TMP/lp.log")"
pass
