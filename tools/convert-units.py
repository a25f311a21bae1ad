#!/usr/bin/env python3
"""Convert the dvhcvn 2025 administrative-unit dataset into data/units/*.csv.

Run once by a developer when the upstream dataset changes; the application
never reads the upstream files.  The output is deterministic (same input,
same bytes) so that a re-run shows up in version control only when the data
really changed.  Python 3 standard library only.

Input directory (for example /work/shared/data/units-2025):
  provinces.csv  "Stt,Mã số,Tên 34 tỉnh sau sáp nhập"
  merges.json    {"data": [province...], "stats": {...}}
  LICENSE        MIT licence of the upstream dataset (copied next to the output)

Output directory (default: data/units next to this tools/ directory):
  provinces.csv  code,name,kind,short_name
  communes.csv   code,province_code,name,kind
  old-units.csv  new_code,old_code,old_name,merge_type
  LICENSE        copy of the upstream licence

All text is NFC, runs of spaces inside names are collapsed (the upstream has
a few names such as "Xã  Mỹ Lộc"), and CSV quoting follows RFC 4180 with LF
line ends.  Any check that fails stops the run with a message on stderr and
exit status 1; nothing is written unless every check passes.

Usage: tools/convert-units.py SRC_DIR [OUT_DIR]
"""

import csv
import io
import json
import os
import re
import shutil
import sys
import unicodedata

EXPECTED_PROVINCES = 34
EXPECTED_COMMUNES = 3321

COMMUNE_KINDS = (("Đặc khu ", "đặc khu"), ("Phường ", "phường"), ("Xã ", "xã"))
CITY_PREFIX = "Thành phố "


class DataError(Exception):
	"""A check on the input failed; the message says what and where."""


def clean(text, where):
	"""NFC, trimmed, inner whitespace collapsed; refuse empty text."""
	if not isinstance(text, str):
		raise DataError(f"{where}: expected text, got {text!r}")
	out = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
	if not out:
		raise DataError(f"{where}: empty name")
	return out


def read_provinces(path):
	"""Rows of the upstream provinces.csv as (code, name), in file order."""
	with open(path, encoding="utf-8-sig", newline="") as f:
		rows = list(csv.reader(f))
	if not rows or len(rows[0]) < 3:
		raise DataError(f"{path}:1: expected a header 'Stt,Mã số,Tên ...'")
	out = []
	for lineno, row in enumerate(rows[1:], start=2):
		if not row:
			continue
		if len(row) < 3:
			raise DataError(f"{path}:{lineno}: {len(row)} columns, expected 3")
		code = row[1].strip()
		if not re.fullmatch(r"[0-9]{2}", code):
			raise DataError(f"{path}:{lineno}: province code {code!r} is not 2 digits")
		out.append((code, clean(row[2], f"{path}:{lineno}")))
	return out


def province_rows(upstream):
	"""provinces.csv rows: code, name, kind, short_name (sorted by code)."""
	rows = []
	for code, name in sorted(upstream):
		if name.startswith(CITY_PREFIX):
			kind, short = "thành phố", name[len(CITY_PREFIX):]
		else:
			kind, short = "tỉnh", name
		rows.append((code, name, kind, short))
	return rows


def commune_kind(name, where):
	for prefix, kind in COMMUNE_KINDS:
		if name.startswith(prefix):
			return kind
	raise DataError(f"{where}: name {name!r} starts with none of Xã/Phường/Đặc khu")


def merge_type(value, where):
	if value not in ("full", "partial"):
		raise DataError(f"{where}: merge type {value!r} is neither full nor partial")
	return value


def walk_merges(data, province_names):
	"""Communes and old-unit rows from merges.json, checked as they are read."""
	communes, old = [], []
	seen_codes = {}
	for pi, prov in enumerate(data):
		pwhere = f"merges.json data[{pi}]"
		pcode = prov.get("level1_id")
		if pcode not in province_names:
			raise DataError(f"{pwhere}: province {pcode!r} is not in provinces.csv")
		pname = clean(prov.get("name"), pwhere)
		expected = province_names[pcode]
		if pname not in (expected, "Tỉnh " + expected):
			raise DataError(f"{pwhere}: name {pname!r} does not match provinces.csv {expected!r}")
		for mi, m in enumerate(prov.get("merges") or []):
			mwhere = f"{pwhere}.merges[{mi}]"
			ocode = m.get("old_id", "")
			if not re.fullmatch(r"[0-9]{2}", ocode):
				raise DataError(f"{mwhere}: old province code {ocode!r} is not 2 digits")
			old.append((pcode, ocode, clean(m.get("name"), mwhere),
				    merge_type(m.get("type"), mwhere)))
		for ci, com in enumerate(prov.get("level2s") or []):
			cwhere = f"{pwhere}.level2s[{ci}]"
			code = com.get("level2_id", "")
			if not re.fullmatch(r"[0-9]{5}", code):
				raise DataError(f"{cwhere}: commune code {code!r} is not 5 digits")
			if code in seen_codes:
				raise DataError(f"{cwhere}: commune code {code} already used at {seen_codes[code]}")
			seen_codes[code] = cwhere
			name = clean(com.get("name"), cwhere)
			communes.append((code, pcode, name, commune_kind(name, cwhere)))
			merges = com.get("merges") or []
			if not merges:
				raise DataError(f"{cwhere}: commune {code} {name} has no old units")
			for mi, m in enumerate(merges):
				mwhere = f"{cwhere}.merges[{mi}]"
				ocode = m.get("old_id", "")
				# 5 digits: an old commune; 3 digits: an old district with no
				# communes (island districts that became special zones).
				if not re.fullmatch(r"[0-9]{5}|[0-9]{3}", ocode):
					raise DataError(f"{mwhere}: old code {ocode!r} is neither 5 nor 3 digits")
				old.append((code, ocode, clean(m.get("name"), mwhere),
					    merge_type(m.get("type"), mwhere)))
	return communes, old


def check_old_units(old):
	"""No pair twice; an old commune split over several new ones is partial."""
	pairs = set()
	per_old = {}
	for new, oc, _name, kind in old:
		if (new, oc) in pairs:
			raise DataError(f"old unit {oc} is listed twice under {new}")
		pairs.add((new, oc))
		if len(new) == 5:
			per_old.setdefault(oc, []).append((new, kind))
	for oc, targets in per_old.items():
		if len(targets) > 1 and any(k == "full" for _, k in targets):
			where = ", ".join(f"{n} ({k})" for n, k in targets)
			raise DataError(f"old commune {oc} goes to several communes but is marked full: {where}")
	return per_old


def render(header, rows):
	buf = io.StringIO()
	w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
	w.writerow(header)
	w.writerows(rows)
	return buf.getvalue()


def write_all(out_dir, files):
	"""Write every file through a temporary name, then rename."""
	os.makedirs(out_dir, exist_ok=True)
	for name, text in files.items():
		path = os.path.join(out_dir, name)
		tmp = path + ".tmp"
		with open(tmp, "w", encoding="utf-8", newline="") as f:
			f.write(text)
		os.replace(tmp, path)


def convert(src, out_dir):
	upstream = read_provinces(os.path.join(src, "provinces.csv"))
	with open(os.path.join(src, "merges.json"), encoding="utf-8") as f:
		doc = json.load(f)
	provinces = province_rows(upstream)
	names = {code: name for code, name, _k, _s in provinces}
	if len(names) != len(provinces):
		raise DataError("provinces.csv: a province code appears twice")
	communes, old = walk_merges(doc.get("data") or [], names)
	per_old = check_old_units(old)

	stats = doc.get("stats") or {}
	checks = [
		("provinces", len(provinces), EXPECTED_PROVINCES, stats.get("level1_count")),
		("communes", len(communes), EXPECTED_COMMUNES, stats.get("level2_count")),
	]
	for what, got, want, upstream_count in checks:
		if got != want:
			raise DataError(f"{got} {what}, expected exactly {want}")
		if upstream_count is not None and upstream_count != got:
			raise DataError(f"{got} {what}, but merges.json stats say {upstream_count}")
	if len({c[1] for c in communes}) != len(provinces):
		raise DataError("some province has no commune")

	communes.sort()
	old.sort(key=lambda r: (len(r[0]), r[0], r[1]))
	files = {
		"provinces.csv": render(("code", "name", "kind", "short_name"), provinces),
		"communes.csv": render(("code", "province_code", "name", "kind"), communes),
		"old-units.csv": render(("new_code", "old_code", "old_name", "merge_type"), old),
	}
	write_all(out_dir, files)
	shutil.copyfile(os.path.join(src, "LICENSE"), os.path.join(out_dir, "LICENSE"))

	kinds = {}
	for c in communes:
		kinds[c[3]] = kinds.get(c[3], 0) + 1
	prov_old = [r for r in old if len(r[0]) == 2]
	com_old = [r for r in old if len(r[0]) == 5]
	split = sum(1 for t in per_old.values() if len(t) > 1)
	print(f"provinces: {len(provinces)} "
	      f"({sum(1 for p in provinces if p[2] == 'thành phố')} thành phố)")
	print(f"communes: {len(communes)} (" +
	      ", ".join(f"{k} {kinds[k]}" for k in sorted(kinds)) + ")")
	print(f"old-units rows: {len(old)} ({len(prov_old)} old provinces, "
	      f"{len(com_old)} old commune rows for {len(per_old)} distinct old units, "
	      f"{split} split over several communes, "
	      f"{sum(1 for r in com_old if len(r[1]) == 3)} old districts)")
	print(f"partial rows: {sum(1 for r in com_old if r[3] == 'partial')}")
	print(f"written to {out_dir}")


def main(argv):
	if len(argv) not in (2, 3):
		print(__doc__.strip().splitlines()[-1], file=sys.stderr)
		return 2
	here = os.path.dirname(os.path.abspath(__file__))
	out_dir = argv[2] if len(argv) == 3 else os.path.join(here, "..", "data", "units")
	try:
		convert(argv[1], os.path.normpath(out_dir))
	except (DataError, OSError, ValueError) as e:
		print(f"convert-units: {e}", file=sys.stderr)
		return 1
	return 0


if __name__ == "__main__":
	sys.exit(main(sys.argv))
