#!/usr/bin/env python3
"""Scans on non-UTF-8 terminals (issue 13): `motcua --demo --charset CS` on
a raw 80x24 pty for viscii, tcvn3 and ascii. A CCCD scan whose bytes are
UTF-8 (what the scanner types, whatever the terminal's charset) is read as
UTF-8: the applicant's name is stored whole, no letter dropped. A scan that
is not UTF-8 is refused with a message and fills nothing.

Usage: trust_charset_pty.py PATH/TO/motcua. PASS/FAIL lines; exit 1 on a
failure. Uses the pty session of charset_pty.py.
"""
import glob
import os
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import charset_pty  # noqa: E402
from charset_pty import F10, Session, legacy  # noqa: E402

NAME = "Nguyễn Thị Thùy Dương"
CARD = ("034091002345|031091002|" + NAME + "|12031991|Nữ|"
        "Thôn 3, Xã Quảng Phú, Tỉnh Thanh Hóa|01012021")


def run(cs):
    tmp = tempfile.mkdtemp()
    s = Session(cs, tmp)
    s.mark = 0
    try:
        if not s.wait_for(legacy("Tiếp nhận hồ sơ", cs)):
            return "intake title not shown"
        # A scan that is not UTF-8 (the card's text in Windows-1258):
        # refused whole, nothing filled in.
        bad = CARD.replace("ễ", "ê").replace("ư", "u").replace("ơ", "o") \
                  .replace("Ũ", "U").replace("ù", "u").encode("cp1258", "replace")
        s.send(bad + b"\r")
        if not s.wait_for(legacy("Không đọc được mã vừa quét", cs), 5):
            return "no message for a scan that is not UTF-8: %r" % s.out[-300:]
        if b"034091002345" in s.out[s.mark:]:
            return "the refused scan filled the form"
        # The card's UTF-8, as the scanner types it, in one burst.
        s.send(CARD.encode() + b"\r")
        if not s.wait_for(legacy("Đã đọc CCCD", cs)):
            return "UTF-8 scan not read: %r" % s.out[-300:]
        if not s.wait_for(legacy(NAME, cs)):
            return "scanned name not shown whole"
        s.send(b"1.001193")
        if not s.wait_for(legacy("đăng ký khai sinh", cs)):
            return "procedure not offered"
        s.send(b"\r")
        if not s.wait_for(legacy("Giấy chứng sinh", cs)):
            return "procedure not taken"
        s.send(b"0912345678")
        s.send(b"\r")
        s.send(b"a")
        s.send(F10)
        if not s.wait_for(legacy("Đã tiếp nhận hồ sơ", cs)):
            return "dossier not saved: %r" % s.out[-400:]
        dbs = glob.glob(os.path.join(tmp, "motcua-demo-*", "demo.db"))
        if len(dbs) != 1:
            return "demo database not found"
        con = sqlite3.connect("file:%s?mode=ro" % dbs[0], uri=True)
        rows = con.execute("SELECT applicant_name, id_number FROM dossiers"
                           " ORDER BY id DESC LIMIT 1").fetchall()
        con.close()
        if rows != [(NAME, "034091002345")]:
            return "stored %r, wanted %r" % (rows, [(NAME, "034091002345")])
        return None
    finally:
        s.close()
        subprocess.run(["rm", "-rf", tmp])


def main():
    charset_pty.BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/src/cli/motcua")
    failed = 0
    for cs in ("viscii", "tcvn3", "ascii"):
        why = run(cs)
        print(("FAIL trust_charset_pty %s: %s" % (cs, why)) if why
              else ("PASS trust_charset_pty %s" % cs))
        failed += bool(why)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
