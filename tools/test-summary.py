#!/usr/bin/env python3
"""Sum the results of meson test logs into one line: 'N passed, N failed'.

Each meson test is a program that runs many checks: cmocka programs print
'[  PASSED  ] N test(s).' / '[  FAILED  ] N test(s)', shell suites print
'N passed, N failed'. Those counts are summed; a test whose output has
neither (or that crashed) counts as one check by its meson result. A
failed test's last lines of output come before the totals, so that a CI
log that keeps only this says what went wrong.
"""
import json
import re
import sys

CMOCKA_PASS = re.compile(r"^\[  PASSED  \] (\d+) test", re.M)
CMOCKA_FAIL = re.compile(r"^\[  FAILED  \] (\d+) test", re.M)
PLAIN = re.compile(r"^(?:\S+: )?(\d+) passed, (\d+) failed", re.M)

TAIL = 40

passed = failed = skipped = 0
failures = []
for path in sys.argv[1:]:
    label = "asan " if "asan" in path else ""
    with open(path, encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)
            out = (t.get("stdout") or "") + (t.get("stderr") or "")
            ok = t.get("result") == "OK"
            if t.get("result") == "SKIP":  # exit 77: cannot run here, not a failure
                skipped += 1
                print(f"{label}{t['name']}: skipped")
                continue
            p = sum(int(x) for x in CMOCKA_PASS.findall(out))
            q = sum(int(x) for x in CMOCKA_FAIL.findall(out))
            m = PLAIN.findall(out)
            if m:
                p, q = int(m[-1][0]), int(m[-1][1])
            if p + q == 0 or (not ok and q == 0):
                p, q = (p, q + 1) if not ok else (1, 0)
            passed += p
            failed += q
            print(f"{label}{t['name']}: {p} passed, {q} failed"
                  + ("" if ok else f" ({t.get('result')})"))
            if not ok or q:
                failures.append((label + t["name"], out.rstrip().splitlines()[-TAIL:]))
for name, lines in failures:
    print(f"--- {name}: the last {len(lines)} lines of its output")
    for line in lines:
        print(f"  | {line}")
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
