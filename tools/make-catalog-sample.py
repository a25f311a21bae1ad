#!/usr/bin/env python3
"""Build data/catalog-sample.csv from the reference catalogue plus a few rows.

Run once by a developer; the application only imports the resulting CSV.
The sample is every row of the reference catalogue (catalog-reference/
catalog.csv, 89 real commune-level procedures) without its `source` column,
followed by the rows in ADDED below, each of whose code and name was read in
a public source (recorded in data/catalog-sample.md; codes are never made up).

Every row is checked against the importer's contract before anything is
written: header exactly code,name,field,agency,level,deadline,deadline_unit,
fee,documents; code d.dddddd and unique; name and field non-empty; deadline a
number from 0 to 3650; deadline_unit day, hour or calendar_day; fee a whole
number of dong; documents '|'-separated with no empty piece; text NFC and
within the importer's field sizes.  Output: UTF-8, RFC 4180 quoting, LF line
ends, deterministic.  Python 3 standard library only.

Usage: tools/make-catalog-sample.py REFERENCE_CSV [OUT_CSV]
"""

import csv
import io
import math
import os
import re
import sys
import unicodedata

HEADER = ("code", "name", "field", "agency", "level", "deadline", "deadline_unit",
	  "fee", "documents")
UNITS = ("day", "hour", "calendar_day")
# Byte limits of struct mc_procedure (include/motcua/catalog.h), minus the NUL.
LIMITS = {"code": 15, "name": 511, "field": 127, "agency": 255, "level": 63}
DOC_LIMIT, MAX_DOCS = 255, 40

# Rows added to the reference set.  Deadlines, fees and documents of these
# rows are best-known values, not read from an official source (see
# data/catalog-sample.md for what was read where).
ADDED = [
	("1.013225",
	 "Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV và nhà ở riêng lẻ",
	 "Hoạt động xây dựng", "UBND cấp xã", "Cấp xã", "15", "day", "50000",
	 "Đơn đề nghị cấp giấy phép xây dựng (mẫu)"
	 "|Bản sao giấy tờ chứng minh quyền sử dụng đất"
	 "|02 bộ bản vẽ thiết kế xây dựng"
	 "|Bản cam kết bảo đảm an toàn cho công trình liền kề (nếu có)"),
	("1.013227",
	 "Gia hạn giấy phép xây dựng đối với công trình cấp III, cấp IV và nhà ở riêng lẻ",
	 "Hoạt động xây dựng", "UBND cấp xã", "Cấp xã", "5", "day", "10000",
	 "Đơn đề nghị gia hạn giấy phép xây dựng"
	 "|Bản chính giấy phép xây dựng đã được cấp"),
	("1.013228",
	 "Cấp lại giấy phép xây dựng đối với công trình cấp III, cấp IV và nhà ở riêng lẻ",
	 "Hoạt động xây dựng", "UBND cấp xã", "Cấp xã", "5", "day", "10000",
	 "Đơn đề nghị cấp lại giấy phép xây dựng (nêu lý do)"
	 "|Bản chính giấy phép xây dựng đã cấp (nếu bị rách, nát)"),
	("1.013229",
	 "Cấp giấy phép xây dựng sửa chữa, cải tạo đối với công trình cấp III, cấp IV và nhà ở riêng lẻ",
	 "Hoạt động xây dựng", "UBND cấp xã", "Cấp xã", "15", "day", "50000",
	 "Đơn đề nghị cấp giấy phép sửa chữa, cải tạo"
	 "|Bản sao giấy tờ về quyền sở hữu, quản lý, sử dụng công trình hoặc nhà ở"
	 "|Bản vẽ và ảnh chụp hiện trạng phần công trình sửa chữa, cải tạo"
	 "|02 bộ bản vẽ thiết kế sửa chữa, cải tạo"),
	("1.013232",
	 "Cấp giấy phép di dời đối với công trình cấp III, cấp IV và nhà ở riêng lẻ",
	 "Hoạt động xây dựng", "UBND cấp xã", "Cấp xã", "15", "day", "50000",
	 "Đơn đề nghị cấp giấy phép di dời công trình"
	 "|Bản sao giấy tờ về quyền sử dụng đất nơi di dời đến và về quyền sở hữu công trình"
	 "|Bản vẽ hoàn công hoặc bản vẽ hiện trạng công trình"
	 "|Bản vẽ tổng mặt bằng nơi công trình sẽ di dời tới"
	 "|Phương án di dời"),
	("1.013725",
	 "Vay vốn hỗ trợ tạo việc làm, duy trì và mở rộng việc làm từ Quỹ quốc gia về việc làm đối với cơ sở sản xuất, kinh doanh",
	 "Việc làm", "Ngân hàng Chính sách xã hội (tiếp nhận qua cấp xã)", "Cấp xã", "5", "day", "0",
	 "Dự án vay vốn hỗ trợ tạo việc làm (có xác nhận nơi thực hiện dự án)"
	 "|Giấy chứng nhận đăng ký của cơ sở sản xuất, kinh doanh"
	 "|Giấy tờ về tài sản bảo đảm (nếu khoản vay cần bảo đảm)"),
]


class RowError(Exception):
	"""A row breaks the importer's contract; the message names the row."""


def check_text(col, value, where):
	if value != unicodedata.normalize("NFC", value):
		raise RowError(f"{where}: column {col} is not NFC")
	if value != value.strip():
		raise RowError(f"{where}: column {col} has leading or trailing space")
	if col in LIMITS and len(value.encode()) > LIMITS[col]:
		raise RowError(f"{where}: column {col} is longer than {LIMITS[col]} bytes")


def check_row(row, where):
	for col, value in zip(HEADER, row):
		check_text(col, value, where)
	code, name, field, _agency, _level, deadline, unit, fee, docs = row
	if not re.fullmatch(r"[0-9]\.[0-9]{6}", code):
		raise RowError(f"{where}: code {code!r} is not d.dddddd")
	if not name or not field:
		raise RowError(f"{where}: empty name or field")
	try:
		d = float(deadline)
	except ValueError:
		raise RowError(f"{where}: deadline {deadline!r} is not a number") from None
	if not math.isfinite(d) or d < 0 or d > 3650:
		raise RowError(f"{where}: deadline {deadline!r} is outside 0..3650")
	if unit not in UNITS:
		raise RowError(f"{where}: deadline_unit {unit!r} is not one of {UNITS}")
	if not re.fullmatch(r"[0-9]+", fee):
		raise RowError(f"{where}: fee {fee!r} is not a whole number of dong")
	pieces = docs.split("|") if docs else []
	if len(pieces) > MAX_DOCS:
		raise RowError(f"{where}: more than {MAX_DOCS} documents")
	for p in pieces:
		if not p or p != p.strip() or len(p.encode()) > DOC_LIMIT:
			raise RowError(f"{where}: bad document name {p!r}")


def read_reference(path):
	with open(path, encoding="utf-8-sig", newline="") as f:
		rows = list(csv.reader(f))
	if not rows or tuple(rows[0][:9]) != HEADER:
		raise RowError(f"{path}:1: header is not {','.join(HEADER)}[,source]")
	out = []
	for lineno, row in enumerate(rows[1:], start=2):
		if len(row) < 9:
			raise RowError(f"{path}:{lineno}: {len(row)} columns, expected at least 9")
		out.append((tuple(row[:9]), f"{path}:{lineno}"))
	return out


def build(ref_path):
	rows = read_reference(ref_path)
	rows += [(r, f"ADDED {r[0]}") for r in ADDED]
	seen = {}
	for row, where in rows:
		check_row(row, where)
		if row[0] in seen:
			raise RowError(f"{where}: code {row[0]} already used at {seen[row[0]]}")
		seen[row[0]] = where
	buf = io.StringIO()
	w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
	w.writerow(HEADER)
	w.writerows(r for r, _ in rows)
	return buf.getvalue(), len(rows) - len(ADDED)


def main(argv):
	if len(argv) not in (2, 3):
		print(__doc__.strip().splitlines()[-1], file=sys.stderr)
		return 2
	here = os.path.dirname(os.path.abspath(__file__))
	out = argv[2] if len(argv) == 3 else os.path.join(here, "..", "data", "catalog-sample.csv")
	try:
		text, nref = build(argv[1])
		# Read back what will be written: same header, same row count.
		back = list(csv.reader(io.StringIO(text)))
		assert tuple(back[0]) == HEADER and len(back) == nref + len(ADDED) + 1
		tmp = out + ".tmp"
		with open(tmp, "w", encoding="utf-8", newline="") as f:
			f.write(text)
		os.replace(tmp, out)
	except (RowError, OSError) as e:
		print(f"make-catalog-sample: {e}", file=sys.stderr)
		return 1
	print(f"{nref} reference rows + {len(ADDED)} added = {nref + len(ADDED)} rows -> "
	      f"{os.path.normpath(out)}")
	return 0


if __name__ == "__main__":
	sys.exit(main(sys.argv))
