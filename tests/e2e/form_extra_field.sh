#!/usr/bin/env bash
# An office adds a field to its intake form (a copy of forms/ in its own
# data directory): the same binary shows it, stores it in the dossier's
# extra information and shows it, with the office's label, in look-up. A
# receipt is written to a file and piped to the printer command. A
# mistake in the file is reported as FILE:LINE and the screen refuses to
# open, without bringing the program down.
. "$(dirname "$0")/lib.sh"

DATA=$E2E_TMP/datadir
mkdir -p "$DATA"
cp -r "$E2E_ROOT/forms" "$DATA/forms"
ln -s "$E2E_ROOT/data" "$DATA/data"
cat >>"$DATA/forms/intake.form" <<'FORM'
field email type=text label="Thư điện tử" labelw=11 row=16 col=2 width=40 max=80
FORM
export MOTCUA_DATADIR=$DATA
setup_db
# The receipt is also printed on the CUPS queue (here a fake lp that copies it).
E2E_ENV="MOTCUA_PRINTER=quay2 MOTCUA_LP=$E2E_ROOT/tests/e2e/fake-lp FAKE_LP_OUT=$E2E_TMP/printed.txt" start_tui
login
expect_screen "Thư điện tử [" 
type_text "1.000894"; expect_screen "1.000894"; keys Enter
type_text "Traanf Vawn Dduwcs"
keys Tab; keys Tab; type_text "001085004321"
keys Tab; keys Tab; type_text "0987654321"
keys Tab; keys Tab; keys a
keys Tab; keys Tab; keys Tab; type_text "duc@example.vn"   # channel, note, email
keys F10
expect_screen "Đã tiếp nhận hồ sơ"
expect_screen "Đã in giấy tiếp nhận"
CODE=000.17.22.H56-261125-0001
grep -q "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" "$E2E_TMP/printed.txt" || fail "nothing printed"
cmp -s "$E2E_TMP/printed.txt" "$E2E_TMP/receipts/$CODE.txt" || fail "printed copy differs"
email=$(m dossier show "$CODE" --json | json 'd["extra"]["email"]') || fail "no extra.email"
[ "$email" = duc@example.vn ] || fail "extra.email is \"$email\""
keys Enter; keys F3
expect_screen "Tra cứu hồ sơ"
type_text "001085004321"
expect_screen "…261125-0001"
keys Enter; keys Enter
expect_screen "Thư điện tử: duc@example.vn"
keys C-q
expect_screen "EXITED 0"
stop_tui

# A broken form: the intake screen names the file and line, the rest works.
echo 'field fax type=telefax label="Fax" row=17 col=2' >>"$DATA/forms/intake.form"
start_tui
expect_screen "Đăng nhập"
type_text mai; keys Enter; type_text secret99; keys Enter
expect_screen "intake.form:34: unknown type \"telefax\""
keys F3
expect_screen "Tra cứu hồ sơ"
alive || fail "program ended"
pass
