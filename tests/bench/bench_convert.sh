#!/usr/bin/env bash
# Charset converter benchmark: motcua's converter (tests/bench/bench_convert.c,
# i.e. mc_conv_stream) against glibc's `iconv` command on the same ~100 MB
# Vietnamese text, VISCII and CP1258, both directions to/from UTF-8. The goal
# is a speed ratio of at least 0.8 (VISCII and CP1258 to UTF-8 go through iconv
# itself, so there it measures the converter's overhead). Both tools run in the same session,
# alternately, each several times; the best time of each counts. Outputs are
# compared byte for byte, so the run also checks the converter on 100 MB.
#
# Usage: tests/bench/bench_convert.sh [BENCH_CONVERT_BINARY] [SIZE_MB] [RUNS]
# Without a binary, one is built with gcc from the sources into a temp dir.
# Uses hyperfine when installed, else bash's `time` in a loop.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${1:-${BENCH_CONVERT:-}}
size_mb=${2:-100}
runs=${3:-5}
work=$(mktemp -d "${TMPDIR:-/tmp}/motcua-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [ -z "$bin" ]; then
	bin=$work/bench_convert
	gcc -std=c11 -D_GNU_SOURCE -O2 -I"$root/include" \
		"$root/src/core/error.c" "$root/src/core/charset.c" "$root/src/core/charset_tables.c" \
		"$here/bench_convert.c" -lutf8proc -o "$bin"
fi

# Sentences of a one-stop-shop counter, plus every letter in both cases; only
# characters that VISCII and CP1258 both hold, so iconv accepts the file.
cat >"$work/seed.txt" <<'EOF'
Cộng hòa xã hội chủ nghĩa Việt Nam - Độc lập - Tự do - Hạnh phúc.
Ông Nguyễn Văn An, sinh ngày 12/03/1985, thường trú tại thôn Đông, xã Ea Kar, tỉnh Đắk Lắk.
Bà Trần Thị Ngọc Ánh nộp hồ sơ đăng ký khai sinh cho con lúc 8 giờ 15 phút.
Hồ sơ đã nhận đủ; hẹn trả kết quả vào ngày 15 tháng 7 năm 2025 tại bộ phận một cửa.
ỦY BAN NHÂN DÂN XÃ QUẢNG ĐIỀN, HUYỆN KRÔNG BÚK: GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN.
Người yêu cầu xuất trình căn cước công dân; thủ tục giải quyết trong ngày, lệ phí 8.000 đồng.
Chữ ký của cán bộ tiếp nhận; ghi chú: bổ sung bản sao giấy chứng nhận quyền sử dụng đất.
Thửa đất số 112, tờ bản đồ số 7, diện tích 250,5 m2; mục đích sử dụng: đất ở tại nông thôn.
àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ
ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ
EOF
cp "$work/seed.txt" "$work/block.txt"
while [ "$(stat -c %s "$work/block.txt")" -lt 1048576 ]; do
	cat "$work/block.txt" "$work/block.txt" >"$work/tmp.txt"
	mv "$work/tmp.txt" "$work/block.txt"
done
copies=$(( (size_mb * 1048576 + $(stat -c %s "$work/block.txt") / 2) / $(stat -c %s "$work/block.txt") ))
for _ in $(seq "$copies"); do cat "$work/block.txt"; done >"$work/text.utf-8"
iconv -f utf-8 -t viscii "$work/text.utf-8" >"$work/text.viscii"
iconv -f utf-8 -t cp1258 "$work/text.utf-8" >"$work/text.cp1258"
echo "input: $(( $(stat -c %s "$work/text.utf-8") / 1048576 )) MiB of UTF-8 text," \
	"$(wc -l <"$work/text.utf-8") lines; $runs runs each, best time counts"

# best_time CMD...: the best wall time in seconds over $runs runs (stdout to a file).
best_time() {
	local best="" t
	local TIMEFORMAT=%R
	for _ in $(seq "$runs"); do
		t=$( { time "$@" >"$work/out.tmp" 2>/dev/null; } 2>&1 )
		if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			best=$t
		fi
	done
	echo "$best"
}

run_motcua() { "$bin" "$from" "$to" <"$in"; }

# hyperfine_best NAME CMD: hyperfine's minimum time for a shell command line.
hyperfine_best() {
	hyperfine --style none --warmup 1 --runs "$runs" --export-csv "$work/hf.csv" "$1" >/dev/null
	awk -F, 'NR == 2 { print $7 }' "$work/hf.csv"
}

status=0
for c in "viscii utf-8" "utf-8 viscii" "cp1258 utf-8" "utf-8 cp1258"; do
	set -- $c
	from=$1 to=$2 in=$work/text.$1
	iconv -f "$from" -t "$to" "$in" >"$work/out.iconv"
	"$bin" "$from" "$to" <"$in" >"$work/out.motcua"
	if ! cmp -s "$work/out.iconv" "$work/out.motcua"; then
		echo "$from -> $to: OUTPUT DIFFERS from iconv" >&2
		status=1
	fi
	if command -v hyperfine >/dev/null 2>&1; then
		t_iconv=$(hyperfine_best "iconv -f $from -t $to '$in' > '$work/out.tmp'")
		t_motcua=$(hyperfine_best "'$bin' $from $to < '$in' > '$work/out.tmp'")
	else
		t_iconv=$(best_time iconv -f "$from" -t "$to" "$in")
		t_motcua=$(best_time run_motcua)
	fi
	awk -v f="$from" -v t="$to" -v i="$t_iconv" -v m="$t_motcua" 'BEGIN {
		printf "%-7s -> %-7s iconv %.3f s, motcua %.3f s\n", f, t, i, m
		printf "ratio (motcua speed / iconv speed): %.2f\n", (m > 0 ? i / m : 0) }'
done
exit "$status"
