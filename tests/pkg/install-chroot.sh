#!/usr/bin/env bash
# The Debian package on a fresh Debian 12: builds motcua_*.deb from this
# checkout (dpkg-buildpackage -us -uc -b in a copy), runs lintian, makes a
# Debian 12 chroot with debootstrap (or reuses CHROOT), installs the package
# with apt, and checks what an IT officer gets: the motcua group and
# /var/lib/motcua, files in their FHS places, no build path in the binary,
# `man motcua`, `motcua config`, the backup service's command run once, and
# the first screen of `motcua --demo` (in tmux on the host).
# Run by hand as root, with network (minutes): tests/pkg/install-chroot.sh [CHROOT]
# (DEB=FILE BUILT_IN=DIR: test a package already built in DIR.)
# Needs: dpkg-dev debhelper lintian debootstrap tmux.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-$(mktemp -d /tmp/motcua-pkg.XXXXXX)}
CHROOT=${1:-$WORK/chroot}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }
in_chroot() { chroot "$CHROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root "$@"; }
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
mkdir -p "$WORK"

# 1. Build (or take DEB=path/to/motcua_*.deb built from this checkout).
if [ -z "${DEB:-}" ]; then
	mkdir -p "$WORK/src"
	(cd "$ROOT" && tar --exclude=./build --exclude=./.git -cf - .) | (cd "$WORK/src" && tar xf -)
	if (cd "$WORK/src" && dpkg-buildpackage -us -uc -b >"$WORK/build.log" 2>&1); then
		ok "dpkg-buildpackage -us -uc -b"
	else
		bad "dpkg-buildpackage" "$(tail -20 "$WORK/build.log")"
		echo "$pass passed, $fail failed"
		exit 1
	fi
	DEB=$(ls "$WORK"/motcua_*.deb | head -1)
	BUILT_IN=$WORK/src
else
	BUILT_IN=${BUILT_IN:-/nonexistent-build-dir}
fi
[ -f "$DEB" ] && ok "package $(basename "$DEB")" || bad "deb" "none"
if command -v lintian >/dev/null; then
	lintian "$DEB" >"$WORK/lintian.log" 2>&1
	errs=$(grep -c '^E:' "$WORK/lintian.log")
	[ "$errs" = 0 ] && ok "lintian: no errors ($(grep -c '^W:' "$WORK/lintian.log") warnings)" ||
		bad "lintian" "$(grep '^E:' "$WORK/lintian.log")"
fi
dpkg-deb -x "$DEB" "$WORK/x"
if [ ! -x "$WORK/x/usr/bin/motcua" ]; then
	bad "package content" "no usr/bin/motcua"
elif grep -rqa -- "$BUILT_IN" "$WORK/x/usr/bin/motcua" "$WORK"/x/usr/lib/*/motcua/*.so; then
	bad "no build path in the binary" "$(strings "$WORK/x/usr/bin/motcua" | grep -- "$BUILT_IN")"
else
	ok "no build path in the binary and modules"
fi

# 2. A fresh Debian 12.
if [ ! -x "$CHROOT/usr/bin/apt-get" ]; then
	debootstrap --variant=minbase bookworm "$CHROOT" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 ||
		{ bad "debootstrap" "$(tail -5 "$WORK/debootstrap.log")"; exit 1; }
fi
mount --bind /proc "$CHROOT/proc" && mount --bind /dev "$CHROOT/dev"
trap 'umount "$CHROOT/proc" "$CHROOT/dev" 2>/dev/null' EXIT
cp "$DEB" "$CHROOT/tmp/"
if in_chroot sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /tmp/$(basename "$DEB") man-db" >"$WORK/install.log" 2>&1; then
	ok "apt-get install ./$(basename "$DEB")"
else
	bad "install" "$(tail -20 "$WORK/install.log")"
fi

# 3. What the package set up.
in_chroot getent group motcua >/dev/null && ok "group motcua" || bad "group motcua" "missing"
st=$(in_chroot stat -c '%a %G' /var/lib/motcua 2>&1)
[ "$st" = "2770 motcua" ] && ok "/var/lib/motcua 2770 motcua" || bad "/var/lib/motcua" "$st"
for f in /usr/bin/motcua /usr/share/motcua/forms/intake.form /usr/share/motcua/data/catalog-sample.csv \
	/usr/share/locale/vi/LC_MESSAGES/motcua.mo /usr/share/man/man1/motcua.1.gz \
	/usr/share/man/man5/motcua-forms.5.gz /usr/share/man/man7/motcua-sync.7.gz \
	/usr/share/bash-completion/completions/motcua /usr/libexec/motcua/motcua-backup \
	/lib/systemd/system/motcua-backup.timer /lib/systemd/system/motcua-backup.service \
	/usr/share/doc/motcua/copyright; do
	[ -e "$CHROOT$f" ] && ok "installed $f" || bad "installed $f" "missing"
done
ls "$CHROOT"/usr/lib/*/motcua/password.so >/dev/null 2>&1 && ok "modules in /usr/lib/<triplet>/motcua" ||
	bad "modules" "$(ls "$CHROOT"/usr/lib/*/motcua 2>&1)"
in_chroot man -P cat motcua 2>/dev/null | grep -q 'EXIT STATUS' && ok "man motcua" || bad "man motcua" ""

# 4. The office database, config, the backup service once.
DB=/var/lib/motcua/motcua.db
in_chroot motcua --lang en --db $DB init --unit 000.17.22.H56 --name "UBND xã Quảng Phú" >/dev/null &&
	ok "init in /var/lib/motcua" || bad "init" ""
in_chroot motcua --lang en --db $DB config set office.place "Phường Tô Hiệu" && \
	[ "$(in_chroot motcua --db $DB config get office.place)" = "Phường Tô Hiệu" ] &&
	ok "motcua config set/get" || bad "config" ""
in_chroot motcua --db $DB config list | grep -q '^idle_lock_minutes' && ok "motcua config list" || bad "config list" ""
exec_start=$(sed -n 's/^ExecStart=//p' "$CHROOT/lib/systemd/system/motcua-backup.service")
in_chroot sh -c "$exec_start" >"$WORK/backup.log" 2>&1 && ls "$CHROOT"/var/backups/motcua/motcua-*.db >/dev/null 2>&1 &&
	ok "backup service's command ($exec_start)" || bad "backup service" "$(cat "$WORK/backup.log")"
in_chroot sh -c 'command -v systemd-analyze >/dev/null && systemd-analyze verify /lib/systemd/system/motcua-backup.timer' \
	>/dev/null 2>&1; true

# 5. The first screen of the demo, in a real terminal.
if command -v tmux >/dev/null; then
	S=motcua-pkg-$$
	tmux -L "$S" -f /dev/null new-session -d -x 80 -y 24 \
		"chroot $CHROOT env -i TERM=xterm-256color LANG=C.UTF-8 HOME=/root PATH=/usr/bin:/bin motcua --demo; sleep 30"
	sleep 3
	screen=$(tmux -L "$S" capture-pane -p)
	tmux -L "$S" kill-server 2>/dev/null
	grep -q 'Tiếp nhận hồ sơ' <<<"$screen" && grep -q 'UBND' <<<"$screen" &&
		ok "motcua --demo shows its first screen" || bad "demo screen" "$screen"
fi
echo "$pass passed, $fail failed ($WORK)"
[ "$fail" -eq 0 ]
