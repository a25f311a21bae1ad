#!/usr/bin/env bash
# A clerk's round trip at 80x24: log in, take in a dossier (procedure by
# code, name typed in Telex, old commune name picked as today's, papers
# ticked), find it again by the name typed without diacritics, open its
# history, return the result at the counter and rate the service. The
# database must show every step with the clerk's user name.
# E2E_TERM=vt100 runs it monochrome with Esc+digit instead of F-keys.
. "$(dirname "$0")/lib.sh"
[ "$E2E_TERM" = vt100 ] && TEST_NAME="$TEST_NAME (vt100)"

fkey() {  # fkey N: F-key N, as Esc+digit on a VT100
	if [ "$E2E_TERM" = vt100 ]; then esc_digit $(($1 % 10)); else keys "F$1"; fi
}

setup_db
start_tui
login

# --- intake -------------------------------------------------------------------
type_text "1.001193"
expect_screen "1.001193 Thủ tục đăng ký khai sinh"
keys Enter
expect_screen "Tờ khai đăng ký khai sinh"
type_text "Nguyeenx Thij Thuyf Duwowng"
expect_screen "Nguyễn Thị Thùy Dương"
keys Tab; keys Space; keys Space                  # Giới tính: Nữ
keys Tab; type_text "034091002345"
keys Tab; type_text "12/03/1991"
keys Tab; type_text "0912 345 678"
keys Tab; type_text "Toor 5, chieefng leef"
expect_screen "Phường Chiềng Lề (cũ) → nay Phường Tô Hiệu"
keys Enter                                        # pick: writes today's commune
expect_screen "trước đây: Phường Chiềng Lề"
keys a                                            # every paper received
expect_screen "[x] Giấy chứng sinh"
fkey 10
expect_screen "Đã tiếp nhận hồ sơ"
CODE=000.17.22.H56-261125-0001
expect_screen "$CODE"
expect_screen "Hẹn trả kết quả: Thứ Tư 25/11/2026 lúc 17:00"
[ -f "$E2E_TMP/receipts/$CODE.txt" ] || fail "no receipt file"
grep -q "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" "$E2E_TMP/receipts/$CODE.txt" ||
	fail "receipt lacks its title"

show=$(m dossier show "$CODE" --json) || fail "dossier show"
[ "$(json 'd["applicant"]["name"]' <<<"$show")" = "Nguyễn Thị Thùy Dương" ] || fail "name: $show"
[ "$(json 'd["received_by"]' <<<"$show")" = mai ] || fail "received_by: $show"
[ "$(json 'd["events"][0]["user"]' <<<"$show")" = mai ] || fail "intake event user"
[ "$(json 'd["applicant"]["phone"]' <<<"$show")" = 0912345678 ] || fail "phone"
json 'd["applicant"]["address"]' <<<"$show" | grep -q "Tổ 5, Phường Tô Hiệu" || fail "address"
[ "$(json 'd["extra"]["sex"]' <<<"$show")" = female ] || fail "extra sex: $show"
[ "$(json 'd["extra"]["birth_date"]' <<<"$show")" = 1991-03-12 ] || fail "extra birth date"
[ "$(json 'all(x["received"] for x in d["documents"])' <<<"$show")" = True ] || fail "papers"

# --- look-up by the name typed without diacritics ------------------------------
keys Enter                                        # next citizen
fkey 3
expect_screen "Tra cứu hồ sơ"
type_text "nguyen thi thuy"
expect_screen "Nguyễn Thị Thùy Dương"
expect_screen "1 hồ sơ"
keys Down; keys Enter
expect_screen "Quá trình xử lý"
expect_screen "Tiếp nhận → Được tiếp nhận"
expect_screen "Giới tính: Nữ"

# --- return of the result --------------------------------------------------------
fkey 4
expect_screen "Trả kết quả"
expect_screen "Nguyễn Thị Thùy Dương · Thủ tục đăng ký khai sinh"
fkey 10
expect_screen "chưa có kết quả. Ghi kết quả và trả?"   # no result yet: asked first
keys c
expect_screen "Mời công dân đánh giá" || true
wait_for "Mời công dân đánh giá" 3 || fail "return not saved: $(screen_text | sed -n 23p)"
keys 1
expect_screen "đã ghi đánh giá"
show=$(m dossier show "$CODE" --json)
[ "$(json 'd["status"]' <<<"$show")" = returned ] || fail "status: $(json 'd["status"]' <<<"$show")"
users=$(json '" ".join(e["action"] + ":" + e["user"] for e in d["events"])' <<<"$show")
for a in intake:mai result:mai return:mai rate:mai; do
	grep -q "$a" <<<"$users" || fail "history lacks $a: $users"
done
json 'd["events"][-2]' <<<"$show" | grep -q "Nguyễn Thị Thùy Dương" ||
	fail "return event does not name the receiver: $(json 'd["events"][-2]' <<<"$show")"
[ "$(sql "SELECT count(*) FROM dossier_events")" -ge 4 ] || fail "sqlite3: events missing"

# --- quit: nothing typed, so no question ------------------------------------------
keys C-q
expect_screen "EXITED 0"
pass
