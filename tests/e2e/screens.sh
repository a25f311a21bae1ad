#!/usr/bin/env bash
# The screens as a clerk sees them, compared cell for cell at 80x24 (as
# tig's tests do), plus what must hold around them: English with --lang en
# and LANGUAGE=en, a live resize (too small, then larger), a plain-ASCII
# rendering when the terminal's codeset is not UTF-8, the quit question when
# typed input would be lost, the idle lock, a CCCD scan, and --demo logged in with its temporary files
# gone after quitting.
. "$(dirname "$0")/lib.sh"

# expect_exact NAME <<EOF ... EOF: the whole screen (trailing blanks trimmed).
expect_exact() {
	local want got
	want=$(cat)
	for i in $(seq 40); do
		got=$(screen_text | sed 's/[[:space:]]*$//')
		[ "$got" = "$want" ] && return 0
		sleep 0.05
	done
	diff <(echo "$want") <(echo "$got") | head -20 | sed 's/^/  /'
	fail "screen $1 differs"
}

setup_db
start_tui
expect_exact login <<'SCREEN'
 UBND xã Quảng Phú                                             Telex ^T · 09:00
─ Đăng nhập ────────────────────────────────────────────────────────────────────

                               UBND xã Quảng Phú
                        Bộ phận tiếp nhận và trả kết quả


                        Đăng nhập

                        Tên đăng nhập  [                    ]

                        Mật khẩu       [                    ]











 Enter tiếp/đăng nhập · Tab trường sau · F1 trợ giúp                   ^Q Thoát
SCREEN
type_text mai; keys Enter; type_text wrong; keys Enter
expect_screen "Sai tên đăng nhập hoặc mật khẩu"
type_text secret99; keys Enter
# The clerk's most used procedures open in a numbered list over the empty
# form; Esc shuts it to show the form under it.
expect_screen "│ 1 1.000419 Thủ tục đăng ký khai tử lưu động"
keys Escape
expect_exact intake <<'SCREEN'
 UBND xã Quảng Phú · Quầy 2 · Lò Thị Mai                       Telex ^T · 09:00
─ Tiếp nhận hồ sơ ──────────────────────────────────────────────────────────────
 Thủ tục    [                                                                ]

 Người nộp hồ sơ                                  (quét CCCD để điền nhanh)
  Họ và tên  [                            ]  Giới tính ( ) Nam  ( ) Nữ
  Số CCCD    [            ]  Ngày sinh  [          ]  Điện thoại [            ]
  Địa chỉ    [                                                                ]

 Giấy tờ đã nhận
 (chọn thủ tục trước)





  Kênh tiếp nhận  (•) Tại quầy  ( ) Trực tuyến  ( ) Bưu chính
  Ghi chú    [                                                                ]


                                                               Mẫu 01 (bộ 2025)


 F10 Lưu+in · Gõ để tìm · ↓ hay dùng · F3 Tra cứu · F4 Trả KQ          ^Q Thoát
SCREEN

# Live resize: too small says so, larger redraws at the new width.
tm resize-window -t t -x 60 -y 20
expect_screen "Cửa sổ quá nhỏ: 60x20, cần 80x24"
tm resize-window -t t -x 120 -y 30
expect_screen "Tiếp nhận hồ sơ ──────"
rule=$(screen_text | sed -n 2p)
[ "$(python3 -c 'import sys; print(len(sys.argv[1]))' "$rule")" = 120 ] || fail "rule not 120 wide"
tm resize-window -t t -x 80 -y 24

# Typed input: quitting asks, 'k' (không) keeps working, 'c' (có) quits.
type_text "1.000894"
keys C-q
expect_screen "Dữ liệu đang gõ sẽ mất. Thoát? (c/k)"
keys k
sleep 0.3
alive || fail "quit although told not to"
keys C-q; keys c
expect_screen "EXITED 0"
stop_tui

# Idle lock: after MOTCUA_IDLE_LOCK seconds without a key the log-in screen
# asks again; the same clerk comes back to the form as it was.
E2E_ENV="MOTCUA_IDLE_LOCK=2" start_tui
login
type_text "1.000894"
sleep 3.5
expect_screen "Khóa do để lâu không dùng"
keys F3
sleep 0.3
refute_screen "Tra cứu hồ sơ"
type_text secret99; keys Enter
expect_screen "Tiếp nhận hồ sơ"
expect_screen "[1.000894"
stop_tui

# A CCCD QR scanner types the card's line and Enter: the applicant is filled.
start_tui
login
type_text "034091002345|031091002|Nguyễn Thị Thuỳ Dương|12031991|Nữ|Tổ 5, phường Chiềng Lề, Sơn La|01012021"$'\r'
expect_screen "Đã đọc CCCD: Nguyễn Thị Thuỳ Dương"
expect_screen "[034091002345]  Ngày sinh  [12/03/1991]"
expect_screen "(•) Nữ"
expect_screen "[Tổ 5, Phường Tô Hiệu, Sơn La"      # today's commune ...
expect_screen "Trên thẻ: Tổ 5, phường Chiềng Lề, Sơn La"   # ... and the card's words
stop_tui

# English on request, by option or by LANGUAGE.
start_tui --lang en
expect_screen "User name"
expect_screen "Enter next/log in"
stop_tui
E2E_ENV="LANGUAGE=en" start_tui
expect_screen "Password"
stop_tui

# A terminal that is not UTF-8: plain ASCII, no crash.
E2E_TERM=vt100 E2E_ENV="LC_ALL=C LANG=C" start_tui
expect_screen "Dang nhap"
expect_screen "Ten dang nhap"
tm send-keys -t t -l "mai"; keys Enter; tm send-keys -t t -l "secret99"; keys Enter
expect_screen "Tiep nhan ho so"
tm send-keys -t t -H c3 a9 e1 bb 85 ff fe 41
sleep 0.3
alive || fail "non-UTF-8 terminal: program ended"
stop_tui

# --demo: logged in as the demo clerk, its temporary files removed on exit.
mkdir -p "$E2E_TMP/tmpdir"
tm -u -f /dev/null new-session -d -x 80 -y 24 -s t \
	"env TERM=$E2E_TERM TMPDIR=$E2E_TMP/tmpdir $(printf '%q' "$BIN") --demo; echo EXITED \$?; sleep 600"
expect_screen "UBND phường Tô Hiệu · Quầy 2 · Lò Thị Mai"
expect_screen "Tiếp nhận hồ sơ"
ls "$E2E_TMP/tmpdir" | grep -q '^motcua-demo-' || fail "no demo directory while running"
keys F3
type_text "duc"
expect_screen "Trần Văn Đức"
keys C-q
expect_screen "EXITED 0"
[ -z "$(ls "$E2E_TMP/tmpdir")" ] || fail "demo files left: $(ls "$E2E_TMP/tmpdir")"
pass
