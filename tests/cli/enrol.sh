# shellcheck shell=bash
# Signed bundles: each database NAME ($TMP/NAME.db, through the script's db
# function) enrols every other's key, as their admins would after reading
# the fingerprints to each other (docs/sync.md).
enrol_all() {
	local f g fp u
	for f in "$@"; do db "$f" sync key show --out "$TMP/$f.key" >/dev/null || bad "key $f" failed; done
	for f in "$@"; do
		for g in "$@"; do
			[ "$f" = "$g" ] && continue
			fp=$(sed -n 's/^fingerprint: //p' "$TMP/$g.key")
			u=$(sed -n 's/^unit: //p' "$TMP/$g.key")
			db "$f" sync trust add "$u" "$TMP/$g.key" --fingerprint "$fp" >/dev/null ||
				bad "enrol $g at $f" failed
		done
	done
}
