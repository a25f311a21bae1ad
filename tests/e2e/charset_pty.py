#!/usr/bin/env python3
"""The charset proxy byte by byte: `motcua --demo --charset viscii` and
`--charset tcvn3` on a pty read raw. The screen must reach the terminal in
the legacy charset (a demo name in its bytes, nothing left in UTF-8), a name
typed in that charset must be stored as UTF-8 NFC, and Ctrl-T (0x14, a
VISCII capital's slot) must stay the input method key.

Usage: charset_pty.py PATH/TO/motcua. Prints PASS/FAIL lines; exit 1 on a
failure. The expected bytes come from `motcua text convert`, whose tables
the unit tests hold against glibc (VISCII) and hand vectors (TCVN3).
"""
import fcntl
import glob
import os
import re
import select
import sqlite3
import struct
import subprocess
import sys
import tempfile
import termios
import time
import unicodedata

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/src/cli/motcua")
F10 = b"\x1b[21~"
CTRL_T = b"\x14"
CTRL_Q = b"\x11"
# UTF-8 of Vietnamese letters, combining marks and screen symbols: none of
# it may reach a legacy terminal. (Legacy text itself does not form these.)
UTF8_LEFT = re.compile(rb"[\xc3-\xc6][\x80-\xbf]|\xcc[\x80-\xbf]|\xe1[\xba\xbb][\x80-\xbf]|"
                       rb"\xe2[\x80-\x96][\x80-\xbf]")


def legacy(text, cs):
    """text in charset cs, by motcua's own converter."""
    out = subprocess.run([BIN, "text", "convert", "--from", "utf-8", "--to", cs],
                         input=text.encode(), capture_output=True, check=True)
    return out.stdout


class Session:
    """motcua --demo behind the proxy on a fresh 80x24 pty."""

    def __init__(self, cs, tmp):
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        env = dict(os.environ, TERM="xterm-256color", LC_ALL="C.UTF-8", LANG="C.UTF-8",
                   TMPDIR=tmp, LANGUAGE="vi")
        env.pop("MOTCUA_IME", None)
        env.pop("MOTCUA_CHARSET", None)
        self.proc = subprocess.Popen([BIN, "--demo", "--charset", cs], stdin=slave,
                                     stdout=slave, stderr=slave, env=env,
                                     start_new_session=True)
        os.close(slave)
        self.out = b""

    def read(self, seconds):
        end = time.time() + seconds
        while time.time() < end:
            r, _, _ = select.select([self.master], [], [], 0.05)
            if r:
                try:
                    self.out += os.read(self.master, 65536)
                except OSError:
                    return

    def wait_for(self, data, seconds=10):
        """Until data shows up in what was written since `mark`."""
        end = time.time() + seconds
        while time.time() < end:
            if data in self.out[self.mark:]:
                return True
            self.read(0.1)
        return False

    def send(self, data):
        """Keys as one write, as a terminal sends a key's escape sequence."""
        self.mark = len(self.out)
        os.write(self.master, data)
        self.read(0.05)

    def close(self):
        try:
            self.proc.wait(timeout=0.1)
        except subprocess.TimeoutExpired:
            self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.read(0.2)
        os.close(self.master)


def run(cs, name):
    tmp = tempfile.mkdtemp()
    s = Session(cs, tmp)
    s.mark = 0
    try:
        clerk = legacy("Lò Thị Mai", cs)                 # the demo clerk, in the header
        if not s.wait_for(clerk):
            return "demo clerk's name not shown in %s bytes" % cs
        if not s.wait_for(legacy("Tiếp nhận hồ sơ", cs)):
            return "intake title not in %s" % cs
        left = UTF8_LEFT.search(s.out)
        if left:
            return "UTF-8 left in the output at byte %d: %r" % (left.start(), s.out[left.start():left.start() + 6])
        if "Lò Thị Mai".encode() in s.out:
            return "name sent in UTF-8"
        s.send(CTRL_T)                                   # Telex -> VNI: a key, not Ỷ
        if not s.wait_for(b"VNI"):
            return "Ctrl-T did not reach the input method"
        s.send(b"1.001193")
        if not s.wait_for(legacy("đăng ký khai sinh", cs)):
            return "procedure not offered"
        s.send(b"\r")
        if not s.wait_for(legacy("Giấy chứng sinh", cs)):
            return "procedure not taken"
        typed = legacy(name, cs)
        s.send(typed)
        if not s.wait_for(typed):
            return "typed name not echoed in %s: %r" % (cs, s.out[-300:])
        s.send(b"\t\t034091002345\t\t0912345678")
        s.send(F10)
        if s.wait_for(b"(c/k)", 5):                      # papers not ticked: go on
            s.send(b"c")
        if not s.wait_for(legacy("Đã tiếp nhận hồ sơ", cs)):
            return "dossier not saved: %r" % s.out[-400:]
        dbs = glob.glob(os.path.join(tmp, "motcua-demo-*", "demo.db"))
        if len(dbs) != 1:
            return "demo database not found under %s" % tmp
        con = sqlite3.connect("file:%s?mode=ro" % dbs[0], uri=True)
        rows = [r[0] for r in con.execute(
            "SELECT applicant_name FROM dossiers ORDER BY id DESC LIMIT 1")]
        con.close()
        if rows != [name]:
            return "stored %r, wanted %r" % (rows, name)
        if not unicodedata.is_normalized("NFC", rows[0]):
            return "stored name is not NFC"
        left = UTF8_LEFT.search(s.out)
        if left:
            return "UTF-8 left in the output at byte %d" % left.start()
        s.send(CTRL_Q)
        s.read(0.5)
        s.send(b"c")
        try:
            rc = s.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            return "did not quit"
        if rc != 0:
            return "exit status %d" % rc
        return None
    finally:
        s.close()
        subprocess.run(["rm", "-rf", tmp])


def main():
    failed = 0
    # VISCII: a capital in C1 (Á 0xC1 is G1, Ạ 0x80 is C1) and toned letters;
    # TCVN3: Đ is one of its seven capitals.
    for cs, name in (("viscii", "Trần Thị Ngọc Ánh"), ("tcvn3", "Đặng Thị Hương")):
        why = run(cs, name)
        print(("FAIL charset_pty %s: %s" % (cs, why)) if why else ("PASS charset_pty %s" % cs))
        failed += bool(why)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
