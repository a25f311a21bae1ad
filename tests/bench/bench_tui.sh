#!/usr/bin/env bash
# Benchmark of the counter TUI against `dialog --inputbox` under the same
# harness in the same run: each program runs on a pseudo-terminal of 80x24
# (TERM=xterm-256color, UTF-8) driven by a small Python harness that
#  - times the first screen: from exec to the last byte of the first burst
#    of output (the burst ends when nothing comes for 300 ms);
#  - reads resident memory (VmRSS, and the peak VmHWM) from /proc once the
#    first screen is up and again after typing;
#  - counts the bytes sent to the terminal for each of 20 typed letters,
#    typed one at a time into a text field (motcua: the user-name field of
#    the log-in screen, then the Vietnamese name field of the intake
#    screen with Telex on; dialog: its input box).
# Medians of RUNS runs (default 15). Usage: tests/bench/bench_tui.sh [MOTCUA]
# SMAPS=1 also prints, for the last run of each program, where the resident
# memory after typing lies (from /proc/PID/smaps, grouped by mapping).
# Targets (issue 3): start-up <= dialog, memory <= 1.5 x dialog (resident
# memory after typing; the peak, and the private dirty memory each further
# session adds, are reported too).
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${1:-$ROOT/build/src/cli/motcua}
command -v dialog >/dev/null || { echo "dialog is not installed"; exit 77; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export MOTCUA_DATADIR=$ROOT MOTCUA_NOW='2026-11-25 09:00' LANG=C.UTF-8 LC_ALL=C.UTF-8
export MOTCUA_LOCALEDIR=$(dirname "$(dirname "$(dirname "$BIN")")")/locale
unset LANGUAGE MOTCUA_DB MOTCUA_USER MOTCUA_IME
DB=$TMP/office.db
"$BIN" --db "$DB" init --unit 000.17.22.H56 --name "UBND xã Quảng Phú" >/dev/null
"$BIN" --db "$DB" catalog import "$ROOT/data/catalog-sample.csv" >/dev/null
echo secret99 | "$BIN" --db "$DB" user add mai --full-name "Lò Thị Mai" --role clerk \
	--counter 2 --password-stdin >/dev/null

python3 - "$BIN" "$DB" "${RUNS:-15}" <<'PY'
import fcntl, os, pty, select, statistics, struct, sys, termios, time

BIN, DB, RUNS = sys.argv[1], sys.argv[2], int(sys.argv[3])
ENV = dict(os.environ, TERM='xterm-256color')

def spawn(argv):
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 80, 0, 0))
        os.execvpe(argv[0], argv, ENV)
    return pid, fd

def drain(fd, quiet):
    """Read until nothing arrives for `quiet` seconds; (bytes, time of last byte)."""
    n, last = 0, None
    while True:
        r, _, _ = select.select([fd], [], [], quiet)
        if not r:
            return n, last
        try:
            b = os.read(fd, 65536)
        except OSError:
            return n, last
        if not b:
            return n, last
        n += len(b)
        last = time.perf_counter()

def rss(pid, what):
    vals = {}
    with open(f'/proc/{pid}/status') as f:
        for line in f:
            k, _, v = line.partition(':')
            if k in ('VmRSS', 'VmHWM', 'State'):
                vals[k] = v.split()[0]
    if 'VmRSS' not in vals:
        _, status = os.waitpid(pid, 0)
        sys.exit(f'{what}: the program ended (state {vals.get("State")}, '
                 f'wait status {status:#x})')
    return {k: int(v) for k, v in vals.items() if k != 'State'}

def smaps(pid):
    """Resident KiB per mapping name (file base name, [heap], [stack], anon)."""
    out, name = {}, None
    with open(f'/proc/{pid}/smaps') as f:
        for line in f:
            first = line.split()
            if '-' in first[0] and not first[0].endswith(':'):
                name = os.path.basename(first[5]) if len(first) > 5 else 'anon'
            elif first[0] == 'Rss:':
                out[name] = out.get(name, 0) + int(first[1])
    return out

def private_dirty(pid):
    """KiB this process alone has written: what one more session costs once
    the libraries' code is in memory for the first."""
    with open(f'/proc/{pid}/smaps_rollup') as f:
        for line in f:
            if line.startswith('Private_Dirty:'):
                return int(line.split()[1])
    return 0

def kill(pid, fd):
    try:
        os.kill(pid, 15)
        os.waitpid(pid, 0)
    except OSError:
        pass
    os.close(fd)

def type_chars(fd, text, quiet=0.08):
    out = []
    for ch in text:
        os.write(fd, ch.encode())
        n, _ = drain(fd, quiet)
        out.append(n)
    return out

LETTERS = 'nguyenvanan'[:10] + 'thanhtrung'[:10]

def run(kind):
    t0 = time.perf_counter()
    if kind == 'dialog':
        pid, fd = spawn(['dialog', '--inputbox', 'Họ và tên', '8', '60'])
    else:
        pid, fd = spawn([BIN, '--db', DB])
    first, last = drain(fd, 0.3)
    startup = (last - t0) * 1000
    mem_first = rss(pid, f'{kind}, first screen')
    per_char = type_chars(fd, LETTERS)
    extra = {}
    if kind == 'motcua':
        # clear the user name, log in, Tab from the procedure to the name
        os.write(fd, b'\x15mai\r'); drain(fd, 0.1)
        os.write(fd, b'secret99\r'); drain(fd, 0.3)
        os.write(fd, b'\t'); drain(fd, 0.1)
        extra['intake_per_char'] = type_chars(fd, 'Nguyeenx Thij Thuyf Duwowng')
    mem_after = rss(pid, f'{kind}, after typing')
    extra['dirty'] = private_dirty(pid)
    if os.environ.get('SMAPS'):
        extra['smaps'] = smaps(pid)
    kill(pid, fd)
    return dict(startup=startup, first_bytes=first, rss_first=mem_first['VmRSS'],
                rss=mem_after['VmRSS'], hwm=mem_after['VmHWM'],
                per_char=statistics.mean(per_char), **extra)

res = {'motcua': [], 'dialog': []}
for i in range(RUNS):
    for kind in ('dialog', 'motcua'):     # interleaved: same machine state
        res[kind].append(run(kind))

def med(kind, key):
    return statistics.median(r[key] for r in res[kind])

print(f'runs: {RUNS} each, interleaved, 80x24 xterm-256color UTF-8; medians')
mins = {k: min(r['startup'] for r in res[k]) for k in res}
print(f'fastest start-up (ms): motcua {mins["motcua"]:.1f}, dialog {mins["dialog"]:.1f}')
print(f'{"":34}{"motcua":>12}{"dialog":>12}{"ratio":>8}')
rows = [('time to first screen (ms)', 'startup', '{:.1f}'),
        ('bytes of the first screen', 'first_bytes', '{:.0f}'),
        ('resident memory, first screen (KiB)', 'rss_first', '{:.0f}'),
        ('resident memory, after typing (KiB)', 'rss', '{:.0f}'),
        ('peak resident memory (KiB) [1]', 'hwm', '{:.0f}'),
        ('private dirty, after typing (KiB) [2]', 'dirty', '{:.0f}'),
        ('bytes per typed character', 'per_char', '{:.1f}')]
for label, key, fmt in rows:
    a, b = med('motcua', key), med('dialog', key)
    print(f'{label:34}{fmt.format(a):>12}{fmt.format(b):>12}{a / b if b else 0:>8.2f}')
ic = statistics.median(statistics.mean(r['intake_per_char']) for r in res['motcua'])
print(f'motcua, intake name field with Telex: {ic:.1f} bytes per typed character')
if os.environ.get('SMAPS'):
    m, d = res['motcua'][-1]['smaps'], res['dialog'][-1]['smaps']
    print('resident KiB after typing, by mapping (last run):')
    for name in sorted(set(m) | set(d), key=lambda n: -max(m.get(n, 0), d.get(n, 0))):
        if max(m.get(name, 0), d.get(name, 0)) >= 8:
            print(f'  {name:40}{m.get(name, 0):>8}{d.get(name, 0):>8}')
ok_start = med('motcua', 'startup') <= med('dialog', 'startup')
ok_mem = med('motcua', 'rss') <= 1.5 * med('dialog', 'rss')
print('[1] motcua peaks while hashing the password (yescrypt uses 16 MiB, freed at once)')
print('[2] memory written by this process only: what each further session adds')
print(f'target start-up <= dialog: {"met" if ok_start else "NOT met"}; '
      f'memory <= 1.5 x dialog: {"met" if ok_mem else "NOT met"}')
PY
