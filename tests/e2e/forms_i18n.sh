#!/usr/bin/env bash
# Every label, hint, text and option of the shipped forms has a Vietnamese
# translation in locale/vi.po (xgettext cannot read .form files, so they
# are listed in src/tui/form_labels.c; this catches one forgotten there).
. "$(dirname "$0")/lib.sh"
missing=$(python3 - "$E2E_ROOT" <<'PY'
import re, sys, glob
root = sys.argv[1]
po = open(root + '/locale/vi.po', encoding='utf-8').read()
have = {}
for m in re.finditer(r'msgid "((?:[^"\\]|\\.)*)"\nmsgstr "((?:[^"\\]|\\.)*)"', po):
    have[m.group(1)] = m.group(2)
out = []
for f in sorted(glob.glob(root + '/forms/*.form')):
    for n, line in enumerate(open(f, encoding='utf-8'), 1):
        if line.lstrip().startswith('#'):
            continue
        for key, val in re.findall(r'(label|hint|value)="((?:[^"\\]|\\.)*)"', line):
            if not have.get(val):
                out.append(f'{f}:{n}: {key} "{val}"')
        for opts in re.findall(r'options="([^"]*)"', line):
            for o in opts.split('|'):
                lab = o.split('=', 1)[-1]
                if not have.get(lab):
                    out.append(f'{f}:{n}: option "{lab}"')
print('\n'.join(out))
PY
)
[ -z "$missing" ] || fail "untranslated: $missing"
pass
