/*
 * Signed sync bundles (docs/sync.md): each database has an Ed25519 key
 * pair; a bundle file is the bundle wrapped in a signed envelope
 *
 *   MOTCUA-SIGNED 1
 *   key: <the signer's public key, 64 hex digits>
 *   signature: <Ed25519 signature of every byte after the empty line, 128 hex>
 *   <empty line>
 *   <the bundle, byte for byte as kept in sync_out>
 *
 * and an import takes it only when the signature holds and the key is one
 * an admin enrolled for the bundle's sending unit. The bundle itself is not
 * changed, so what is kept, replayed and written again stays the same.
 */
#include "sync_internal.h"

#include "ed25519_module.h"
#include "motcua/auth.h"
#include "motcua/csv.h"
#include "motcua/clock.h"
#include "sha256.h"
#include "store_sign.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#define ENVELOPE_MAGIC "MOTCUA-SIGNED 1\n"

static const struct module_spec ed25519_spec = {
	.file = ED25519_MODULE_FILE,
	.entry = ED25519_MODULE_ENTRY,
	.what = "the Ed25519 signature module",
	.abi = ED25519_MODULE_ABI,
	.layout = ED25519_MODULE_LAYOUT,
};

static const struct ed25519_module *ed25519(mc_error *err)
{
	static const struct module_header *loaded;
	return (const struct ed25519_module *)module_keep(&ed25519_spec, &loaded, err);
}

static void to_hex(const uint8_t *p, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[p[i] >> 4];
		out[2 * i + 1] = hex[p[i] & 15];
	}
	out[2 * n] = '\0';
}

static bool from_hex(const char *s, size_t n, uint8_t *out)
{
	for (size_t i = 0; i < n; i++) {
		unsigned v = 0;
		for (int k = 0; k < 2; k++) {
			char c = s[2 * i + k];
			v = v * 16 + (unsigned)(c >= '0' && c <= '9' ? c - '0'
					      : c >= 'a' && c <= 'f' ? c - 'a' + 10 : 99);
		}
		if (v > 255)
			return false;
		out[i] = (uint8_t)v;
	}
	return s[2 * n] == '\0' || s[2 * n] == '\n';
}

void sync_key_fingerprint(const char *pub_hex, char out[48])
{
	uint8_t pub[32];
	char h[65];
	struct sha256 s;
	sha256_start(&s);
	if (from_hex(pub_hex, 32, pub))
		sha256_add(&s, pub, sizeof pub);
	sha256_hex(&s, h);
	/* 32 hex digits of the key's SHA-256 in groups of four: read aloud on
	 * the telephone between the office and the province. */
	size_t o = 0;
	for (int i = 0; i < 32; i++) {
		if (i && i % 4 == 0)
			out[o++] = ' ';
		out[o++] = h[i];
	}
	out[o] = '\0';
}

mc_status mc_sync_key_get(mc_store *store, mc_sync_key *out, mc_error *err)
{
	memset(out, 0, sizeof *out);
	mc_office office;
	mc_status st = mc_store_office_get(store, &office, err);
	if (st != MC_OK)
		return st;
	snprintf(out->unit, sizeof out->unit, "%s", office.unit_code);
	char priv_hex[65];
	st = store_sign_identity(store, out->public_key, priv_hex, err);
	if (st == MC_EEMPTY) {
		/* The first use makes the key pair; the private key never leaves
		 * the database. */
		const struct ed25519_module *m = ed25519(err);
		if (!m)
			return MC_ESYS;
		uint8_t priv[32], pub[32];
		if (getrandom(priv, sizeof priv, 0) != (ssize_t)sizeof priv)
			return mc_error_set(err, MC_ESYS, "no random numbers for a key: %s",
					    strerror(errno));
		m->public_key(pub, priv);
		to_hex(priv, 32, priv_hex);
		to_hex(pub, 32, out->public_key);
		explicit_bzero(priv, sizeof priv);
		char now[20];
		mc_clock_stamp(now);
		if ((st = store_sign_identity_set(store, out->public_key, priv_hex, now, err)) == MC_OK)
			st = store_sign_identity(store, out->public_key, priv_hex, err);
	}
	explicit_bzero(priv_hex, sizeof priv_hex);
	if (st == MC_OK)
		sync_key_fingerprint(out->public_key, out->fingerprint);
	return st;
}

mc_status mc_sync_key_write(const mc_sync_key *k, const char *path, mc_error *err)
{
	char text[256];
	int n = snprintf(text, sizeof text, "MOTCUA-KEY 1\nunit: %s\nkey: %s\nfingerprint: %s\n",
			 k->unit, k->public_key, k->fingerprint);
	return sync_write_atomic(path, (const unsigned char *)text, (size_t)n, err);
}

mc_status sync_sign_wrap(mc_store *store, const unsigned char *b, size_t n, unsigned char **out,
			 size_t *outlen, mc_error *err)
{
	*out = NULL;
	mc_sync_key k;
	char priv_hex[65];
	uint8_t pub[32], priv[32], sig[64];
	mc_status st = mc_sync_key_get(store, &k, err);
	if (st != MC_OK)
		return st;
	const struct ed25519_module *m = ed25519(err);
	if (!m)
		return MC_ESYS;
	if ((st = store_sign_identity(store, k.public_key, priv_hex, err)) != MC_OK)
		return st;
	bool ok = from_hex(k.public_key, 32, pub) && from_hex(priv_hex, 32, priv);
	explicit_bzero(priv_hex, sizeof priv_hex);
	if (!ok)
		return mc_error_set(err, MC_ESYS, "this database's signing key is damaged");
	m->sign(pub, priv, n, b, sig);
	explicit_bzero(priv, sizeof priv);
	char sig_hex[129];
	to_hex(sig, 64, sig_hex);
	char head[300];
	int hn = snprintf(head, sizeof head, ENVELOPE_MAGIC "key: %s\nsignature: %s\n\n",
			  k.public_key, sig_hex);
	if (!(*out = malloc((size_t)hn + n + 1)))
		return mc_error_set(err, MC_ESYS, "out of memory");
	memcpy(*out, head, (size_t)hn);
	memcpy(*out + hn, b, n);
	*outlen = (size_t)hn + n;
	return MC_OK;
}

mc_status sync_sign_unwrap(const unsigned char *buf, size_t len, const char *name,
			   const unsigned char **inner, size_t *inner_len, char key[65],
			   mc_error *err)
{
	static const char magic[] = ENVELOPE_MAGIC;
	const size_t ml = sizeof magic - 1, hl = ml + 5 + 64 + 1 + 11 + 128 + 1 + 1;
	if (len >= 14 && memcmp(buf, "MOTCUA-BUNDLE ", 14) == 0)
		return mc_error_set(err, MC_EDATA,
				    "%s is not signed: a bundle is taken only with its sender's "
				    "signature (made by an older motcua?); nothing was applied", name);
	if (len < ml || memcmp(buf, magic, ml) != 0)
		return mc_error_set(err, MC_EDATA,
				    "%s is not a motcua sync bundle (it does not start with "
				    "MOTCUA-SIGNED)", name);
	const char *p = (const char *)buf + ml;
	uint8_t pub[32], sig[64];
	if (len < hl || memcmp(p, "key: ", 5) != 0 || !from_hex(p + 5, 32, pub) || p[69] != '\n' ||
	    memcmp(p + 70, "signature: ", 11) != 0 || !from_hex(p + 81, 64, sig) ||
	    p[209] != '\n' || p[210] != '\n')
		return mc_error_set(err, MC_EDATA, "%s is damaged: its signature header is malformed",
				    name);
	const struct ed25519_module *m = ed25519(err);
	if (!m)
		return MC_ESYS;
	*inner = buf + hl;
	*inner_len = len - hl;
	if (!m->verify(pub, *inner_len, *inner, sig))
		return mc_error_set(err, MC_EDATA,
				    "%s is damaged or forged: its signature does not match its "
				    "content (changed in transit or after it was signed); nothing "
				    "was applied", name);
	memcpy(key, p + 5, 64);
	key[64] = '\0';
	return MC_OK;
}

mc_status sync_sign_check_trust(mc_store *store, const char *unit, const char *key,
				const char *name, mc_error *err)
{
	bool yes = false;
	mc_status st = store_sign_trusted(store, unit, key, &yes, err);
	if (st != MC_OK || yes)
		return st;
	char fp[48];
	sync_key_fingerprint(key, fp);
	return mc_error_set(err, MC_EDATA,
			    "%s is signed by a key that this database does not trust for unit %s "
			    "(fingerprint %s): an admin enrols the sender's key with 'motcua sync "
			    "trust add %s KEYFILE --fingerprint FP' after checking the fingerprint "
			    "with the sender; nothing was applied", name, unit, fp, unit);
}

static void squeeze(const char *in, char *out, size_t sz)
{
	size_t o = 0;
	for (; *in && o + 1 < sz; in++)
		if (*in != ' ' && *in != ':')
			out[o++] = (char)(*in >= 'A' && *in <= 'F' ? *in - 'A' + 'a' : *in);
	out[o] = '\0';
}

mc_status mc_sync_trust_add(mc_store *store, const char *unit, const char *keyfile,
			    const char *fingerprint, mc_error *err)
{
	mc_status st = mc_auth_require(store, MC_ROLE_ADMIN, "enrol sync keys", err);
	if (st != MC_OK)
		return st;
	char *text = NULL;
	size_t len = 0;
	if ((st = mc_file_read_max(keyfile, 4096, &text, &len, err)) != MC_OK)
		return st;
	char funit[64] = "", key[80] = "";
	const char *u = strstr(text, "\nunit: "), *k = strstr(text, "\nkey: ");
	if (strncmp(text, "MOTCUA-KEY 1\n", 13) != 0 || !u || !k ||
	    sscanf(u + 7, "%63[^\n]", funit) != 1 || sscanf(k + 6, "%79[^\n]", key) != 1 ||
	    strlen(key) != 64) {
		free(text);
		return mc_error_set(err, MC_EDATA, "%s is not a motcua key file (from 'motcua sync "
				    "key show --out FILE')", keyfile);
	}
	free(text);
	uint8_t raw[32];
	if (!from_hex(key, 32, raw))
		return mc_error_set(err, MC_EDATA, "%s: the key is not 64 hex digits", keyfile);
	if (strcmp(funit, unit) != 0)
		return mc_error_set(err, MC_EDATA, "%s is the key of unit %s, not of %s", keyfile,
				    funit, unit);
	char fp[48], want[64], have[64];
	sync_key_fingerprint(key, fp);
	squeeze(fingerprint ? fingerprint : "", want, sizeof want);
	squeeze(fp, have, sizeof have);
	if (strcmp(want, have) != 0)
		return mc_error_set(err, MC_EDATA,
				    "the fingerprint of %s is %s, not the one given: check it with "
				    "the sender ('motcua sync key show' there); nothing was enrolled",
				    keyfile, fp);
	char now[20];
	mc_clock_stamp(now);
	const char *by;
	if (!mc_auth_actor(store, &by, NULL))
		by = "local admin";
	return store_sign_trust_add(store, unit, key, now, by, err);
}

struct trust_ctx {
	mc_sync_trust_cb cb;
	void *ctx;
};

static int trust_row(const char *unit, const char *pub, const char *at, const char *by,
		     void *arg)
{
	struct trust_ctx *t = arg;
	char fp[48];
	sync_key_fingerprint(pub, fp);
	return t->cb(unit, fp, at, by, t->ctx);
}

mc_status mc_sync_trust_list(mc_store *store, mc_sync_trust_cb cb, void *ctx, mc_error *err)
{
	struct trust_ctx t = {cb, ctx};
	return store_sign_trust_each(store, trust_row, &t, err);
}
