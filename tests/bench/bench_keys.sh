#!/usr/bin/env bash
# Keystrokes and terminal bytes of the counter's standard flows (issues 8
# and 13), counted by driving the real TUI on a pseudo-terminal of 80x24
# (TERM=xterm-256color, UTF-8, Telex on) with a small Python harness:
#  - intake of a first-time citizen: scan the CCCD, one digit picks the
#    procedure from the clerk's most used (the numbered list open in the
#    empty field), type the phone, Enter (to the papers), a ticks all
#    papers, F10 saves and prints;
#  - intake of a citizen seen before: scan, Ctrl-R takes the earlier phone,
#    one digit for the procedure, a, F10;
#  - return: scan the appointment slip on the return screen (its result
#    recorded by the department), F10 confirms, 1 rates.
# The scanner's bytes are written to the terminal in one go (a burst, as a
# USB scanner types) and are not keystrokes; every key after it is written
# alone and the program's output read until it has been quiet for 150 ms.
# For comparison, dialog --form with the intake's eight fields is driven in
# the same run: the bytes of its first screen and of typing the same phone
# number (10 digits) into one of its fields.
# The results are checked in the database (two dossiers received, the
# second with the recalled phone, one returned and rated, receipts printed).
# Usage: tests/bench/bench_keys.sh [MOTCUA]. Targets (issue 13) after the
# scan: first-time citizen <= 14 keys, known citizen <= 5, return <= 3.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${1:-$ROOT/build/src/cli/motcua}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export MOTCUA_DATADIR=$ROOT MOTCUA_NOW='2026-11-25 09:00' LANG=C.UTF-8 LC_ALL=C.UTF-8
export MOTCUA_LOCALEDIR=$(dirname "$(dirname "$(dirname "$BIN")")")/locale
unset LANGUAGE MOTCUA_DB MOTCUA_USER MOTCUA_IME MOTCUA_RECEIPT_DIR
DB=$TMP/office.db
m() { "$BIN" --db "$DB" "$@"; }
m init --unit 000.17.22.H56 --name "UBND xã Quảng Phú" >/dev/null
m catalog import "$ROOT/data/catalog-sample.csv" >/dev/null
echo secret99 | m user add mai --full-name "Lò Thị Mai" --role clerk --counter 2 \
	--password-stdin >/dev/null
# The clerk's habits: birth registrations are what she takes in most.
for i in 1 2 3; do
	MOTCUA_PASSWORD=secret99 m --user mai dossier intake --procedure 1.001193 \
		--name "Lê Văn Bình" --id-number 03409100000$i --phone 091200000$i >/dev/null
done

python3 - "$BIN" "$DB" "$TMP" <<'PY'
import fcntl, json, os, pty, select, shutil, sqlite3, struct, subprocess, sys, termios

BIN, DB, TMP = sys.argv[1:4]
PRINTED = os.path.join(TMP, 'printed.txt')
ENV = dict(os.environ, TERM='xterm-256color', MOTCUA_PRINTER=f'cat >> {PRINTED}')
DOWN, F4, F10, CTRL_R = '\x1b[B', '\x1b[14~', '\x1b[21~', '\x12'

def spawn(argv):
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 80, 0, 0))
        os.execvpe(argv[0], argv, ENV)
    return pid, fd

def drain(fd, quiet):
    n = 0
    while True:
        r, _, _ = select.select([fd], [], [], quiet)
        if not r:
            return n
        try:
            b = os.read(fd, 65536)
        except OSError:
            return n
        if not b:
            return n
        n += len(b)

def send(fd, s, quiet=0.15):
    os.write(fd, s.encode())
    return drain(fd, quiet)

def flow(fd, scan, keys):
    """Scan (one write), then each key alone. (keys, bytes of the scan, bytes of the keys)"""
    scan_bytes = send(fd, scan + '\r', 0.4)
    key_bytes = sum(send(fd, k) for k in keys)
    return len(keys), scan_bytes, key_bytes

def kill(pid, fd):
    try:
        os.kill(pid, 15)
        os.waitpid(pid, 0)
    except OSError:
        pass
    os.close(fd)

CARD = ('001085004321|031085004|Trần Văn Đức|05071985|Nam|'
        'Số 12, Phường Chiềng Lề, Thành phố Sơn La, Tỉnh Sơn La|10052022')
PHONE = '0987654321'
pid, fd = spawn([BIN, '--db', DB])
drain(fd, 0.5)
send(fd, 'mai\r'); send(fd, 'secret99\r', 0.5)
new = flow(fd, CARD, ['1', *PHONE, '\r', 'a', F10])
known = flow(fd, CARD, [CTRL_R, '1', 'a', F10])
# The department records the result of the first one; the citizen comes back.
subprocess.run([BIN, '--db', DB, '--user', 'mai', 'dossier', 'result',
                '000.17.22.H56-261125-0004'], env=dict(ENV, MOTCUA_PASSWORD='secret99'),
               check=True, capture_output=True)
send(fd, F4, 0.4)
ret = flow(fd, '000.17.22.H56-261125-0004', [F10, '1'])
kill(pid, fd)

# The same phone typed alone into the intake's phone field, key by key.
pid, fd = spawn([BIN, '--db', DB])
drain(fd, 0.5)
send(fd, 'mai\r'); send(fd, 'secret99\r', 0.5)
for _ in range(5):
    send(fd, '\t')
phone_bytes = [send(fd, c) for c in PHONE]
kill(pid, fd)

dialog = shutil.which('dialog')
if dialog:
    fields = []
    for i, label in enumerate(['Thủ tục', 'Họ và tên', 'Giới tính', 'Số CCCD', 'Ngày sinh',
                               'Điện thoại', 'Địa chỉ', 'Ghi chú']):
        fields += [label, str(i + 1), '1', '', str(i + 1), '13', '60', '0']
    pid, fd = spawn([dialog, '--form', 'Tiếp nhận hồ sơ', '20', '78', '10', *fields])
    d_first = drain(fd, 0.5)
    d_phone = [send(fd, c) for c in PHONE]
    kill(pid, fd)

db = sqlite3.connect(f'file:{DB}?mode=ro', uri=True)
rows = db.execute("SELECT code, applicant_name, phone FROM dossiers"
                  " WHERE id_number = '001085004321' ORDER BY code").fetchall()
problems = []
if len(rows) != 2:
    problems.append(f'{len(rows)} dossiers received for the scanned card, not 2')
elif rows[1][2] != PHONE or rows[0][1] != 'Trần Văn Đức':
    problems.append(f'dossiers hold {rows}')
out = subprocess.run([BIN, '--db', DB, 'dossier', 'show', '000.17.22.H56-261125-0004',
                      '--json'], capture_output=True, text=True).stdout
shown = json.loads(out) if out.strip() else {}
actions = [e.get('action') for e in shown.get('events', [])]
if shown.get('status') != 'returned' or 'rate' not in actions:
    problems.append(f'return not recorded: status {shown.get("status")}, events {actions}')
if not os.path.exists(PRINTED) or open(PRINTED, encoding='utf-8').read().count('GIẤY TIẾP NHẬN') < 2:
    problems.append('the two receipts were not printed')

print('80x24 xterm-256color UTF-8, Telex on; keys counted after the scan')
print(f'{"flow":46}{"keys":>6}{"bytes":>9}{"+scan":>8}')
print(f'{"intake, first-time citizen (10 = phone digits)":46}{new[0]:>6}{new[2]:>9}{new[1]:>8}')
print(f'{"  of which not the phone number":46}{new[0] - 10:>6}')
print(f'{"intake, citizen seen before (Ctrl-R)":46}{known[0]:>6}{known[2]:>9}{known[1]:>8}')
print(f'{"return (on the return screen)":46}{ret[0]:>6}{ret[2]:>9}{ret[1]:>8}')
print('  (+1 key, F4, when the clerk is on another screen; the VT100 types F10 as Esc 0)')
mean = sum(phone_bytes) / len(phone_bytes)
print(f'motcua: typing the phone, {mean:.1f} bytes per digit')
if dialog:
    print(f'dialog --form, 8 fields: first screen {d_first} bytes, typing the phone '
          f'{sum(d_phone) / len(d_phone):.1f} bytes per digit')
else:
    print('dialog is not installed: no comparison')
def target(what, n, limit):
    print(f'target {what} <= {limit} keys: {n} {"met" if n <= limit else "NOT met"}')
target('intake, first-time citizen', new[0], 14)
target('intake, citizen seen before', known[0], 5)
target('return after scanning the slip', ret[0], 3)
if problems:
    sys.exit('FLOW FAILED: ' + '; '.join(problems))
print('checked in the database: 2 dossiers from the scans, the recalled phone saved, '
      '2 receipts printed, the scanned receipt returned and rated')
PY
