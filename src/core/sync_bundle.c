/*
 * The bundle file: a short text header a person can read with `head`, then
 * the changeset bytes.
 *
 *   MOTCUA-BUNDLE 1
 *   kind: dossiers                  dossiers (office -> province) | reference
 *   unit: 000.17.22.H56             the sending database's unit code
 *   peer: province                  who it is for
 *   seq: 3                          1, 2, 3 ... per (sender, peer)
 *   created: 2026-11-25 09:00:00
 *   schema: 4                       the sender's schema version
 *   table: dossiers id code ...     column names, in the changeset's order
 *   length: 12345                   bytes of changeset after the blank line
 *   sha256: 64 hex digits           of every byte above this line + changeset
 *   <empty line>
 *   <changeset>
 *
 * The checksum covers the header too, so a changed sequence number or unit
 * is caught as damage, not taken as a different bundle. Parsing trusts
 * nothing: every field is checked, and all lengths are bounded, because
 * bundles arrive on sticks from many places (tests/fuzz/fuzz_sync.c).
 */
#include "sync_internal.h"
#include "sha256_module.h"

#include "motcua/dossier.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const sync_dossier_tables[] = {
	"dossiers", "dossier_documents", "dossier_events", NULL,
};
const char *const sync_reference_tables[] = {
	"procedures", "procedure_documents", "holidays", NULL,
};

static const struct module_spec sha256_spec = {
	.file = SHA256_MODULE_FILE,
	.entry = SHA256_MODULE_ENTRY,
	.what = "the SHA-256 module",
	.abi = SHA256_MODULE_ABI,
	.layout = SHA256_MODULE_LAYOUT,
};

mc_status sync_sha256_hex(const void *a, size_t alen, const void *b, size_t blen,
			  char out[65], mc_error *err)
{
	static const struct module_header *loaded;
	const struct module_header *m = module_keep(&sha256_spec, &loaded, err);
	if (!m)
		return MC_ESYS;
	unsigned char d[32];
	((const struct sha256_module *)m)->digest2(a, alen, b, blen, d);
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
	return MC_OK;
}

static bool ident_ok(const char *s, size_t max, const char *extra)
{
	size_t n = strlen(s);
	if (n == 0 || n > max)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' ||
		      (extra && *s && strchr(extra, *s))))
			return false;
	return true;
}

static bool parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	if (*s < '0' || *s > '9')
		return false;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (*end || errno || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static mc_status parse_table(sync_bundle *b, char *val, const char *name, int line,
			     mc_error *err)
{
	if (b->ntables == MC_SYNC_MAX_TABLES)
		return mc_error_set(err, MC_EDATA, "%s: header line %d: more than %d tables", name,
				    line, MC_SYNC_MAX_TABLES);
	sync_table *t = &b->tables[b->ntables];
	char *save = NULL, *tok = strtok_r(val, " ", &save);
	if (!tok || !ident_ok(tok, sizeof t->name - 1, NULL))
		return mc_error_set(err, MC_EDATA, "%s: header line %d: bad table name", name, line);
	snprintf(t->name, sizeof t->name, "%s", tok);
	if (sync_bundle_table(b, t->name))
		return mc_error_set(err, MC_EDATA, "%s: header line %d: table %s listed twice",
				    name, line, t->name);
	t->ncols = 0;
	while ((tok = strtok_r(NULL, " ", &save))) {
		if (t->ncols == SYNC_MAX_COLS || !ident_ok(tok, 63, NULL))
			return mc_error_set(err, MC_EDATA,
					    "%s: header line %d: bad or too many column names",
					    name, line);
		t->cols[t->ncols++] = tok;
	}
	if (t->ncols == 0)
		return mc_error_set(err, MC_EDATA, "%s: header line %d: table %s has no columns",
				    name, line, t->name);
	b->ntables++;
	return MC_OK;
}

static bool hex64(const char *s)
{
	if (strlen(s) != 64)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

/* "chain: SEQ HASH PREV_SEQ PREV_HASH" (PREV_HASH "-" for PREV_SEQ 0; HASH
 * "-" for an empty history, SEQ 0). */
static bool parse_chain(sync_bundle *b, char *v)
{
	char *save = NULL, *f[4];
	for (int i = 0; i < 4; i++)
		if (!(f[i] = strtok_r(i ? NULL : v, " ", &save)))
			return false;
	if (strtok_r(NULL, " ", &save) ||
	    !parse_i64(f[0], 0, INT64_MAX, &b->chain_seq) ||
	    !parse_i64(f[2], 0, b->chain_seq, &b->chain_prev_seq))
		return false;
	if (b->chain_seq ? !hex64(f[1]) : strcmp(f[1], "-") != 0)
		return false;
	if (b->chain_prev_seq ? !hex64(f[3]) : strcmp(f[3], "-") != 0)
		return false;
	snprintf(b->chain_hash, sizeof b->chain_hash, "%s", b->chain_seq ? f[1] : "");
	snprintf(b->chain_prev_hash, sizeof b->chain_prev_hash, "%s",
		 b->chain_prev_seq ? f[3] : "");
	b->has_chain = true;
	return true;
}

/* One "key: value" line (NUL-terminated, in b->strings). */
static mc_status parse_field(sync_bundle *b, char *l, const char *name, int line, unsigned *seen,
			     mc_error *err)
{
	char *colon = strstr(l, ": ");
	if (!colon)
		return mc_error_set(err, MC_EDATA, "%s: header line %d is not \"key: value\"", name,
				    line);
	*colon = '\0';
	char *v = colon + 2;
	static const char *const keys[] = {"kind", "unit", "peer", "seq", "created", "schema",
					   "table", "length", "sha256", "chain"};
	int k = -1;
	for (int i = 0; i < 10; i++)
		if (strcmp(l, keys[i]) == 0)
			k = i;
	if (k < 0)
		return mc_error_set(err, MC_EDATA, "%s: header line %d: unknown field \"%.40s\"",
				    name, line, l);
	if (k != 6 && (*seen & (1u << k)))
		return mc_error_set(err, MC_EDATA, "%s: header line %d: field %s given twice",
				    name, line, l);
	*seen |= 1u << k;
	int64_t n = 0;
	bool ok = true;
	switch (k) {
	case 0:
		ok = strcmp(v, "dossiers") == 0 || strcmp(v, "reference") == 0 ||
		     strcmp(v, "recovery") == 0;
		snprintf(b->kind, sizeof b->kind, "%s", ok ? v : "");
		break;
	case 1:
		ok = strlen(v) < sizeof b->unit && mc_unit_code_valid(v);
		snprintf(b->unit, sizeof b->unit, "%s", ok ? v : "");
		break;
	case 2:
		ok = ident_ok(v, sizeof b->peer - 1, ".-ABCDEFGHIJKLMNOPQRSTUVWXYZ");
		snprintf(b->peer, sizeof b->peer, "%s", ok ? v : "");
		break;
	case 3:
		ok = parse_i64(v, 1, INT64_C(1000000000000), &b->seq);
		break;
	case 4:
		ok = strlen(v) == 19 && v[4] == '-' && v[10] == ' ' && v[13] == ':';
		snprintf(b->created, sizeof b->created, "%s", ok ? v : "");
		break;
	case 5:
		ok = parse_i64(v, 1, 100000, &n);
		b->schema = (int)n;
		break;
	case 6:
		return parse_table(b, v, name, line, err);
	case 9:
		ok = parse_chain(b, v);
		break;
	default: /* length and sha256 were read before */
		break;
	}
	if (!ok)
		return mc_error_set(err, MC_EDATA, "%s: header line %d: bad %s \"%.64s\"", name, line,
				    l, v);
	return MC_OK;
}

/* Find the end of the header and check length and checksum, before any
 * field is believed. */
static mc_status check_frame(const unsigned char *p, size_t len, const char *name,
			     size_t *hdr_end, size_t *sha_line, mc_error *err)
{
	size_t lim = len < SYNC_MAX_HEADER ? len : SYNC_MAX_HEADER;
	const unsigned char *e = NULL;
	for (size_t i = 0; i + 1 < lim; i++)
		if (p[i] == '\n' && p[i + 1] == '\n') {
			e = p + i;
			break;
		}
	if (!e)
		return mc_error_set(err, MC_EDATA, "%s is damaged: its header has no end", name);
	*hdr_end = (size_t)(e - p) + 2;
	/* The last header line is the checksum. */
	size_t ls = (size_t)(e - p);
	while (ls > 0 && p[ls - 1] != '\n')
		ls--;
	if ((size_t)(e - p) - ls != 8 + 64 || memcmp(p + ls, "sha256: ", 8) != 0)
		return mc_error_set(err, MC_EDATA,
				    "%s is damaged: its header does not end with a sha256 line", name);
	*sha_line = ls;
	/* length: the line before. */
	size_t lp = ls ? ls - 1 : 0;
	while (lp > 0 && p[lp - 1] != '\n')
		lp--;
	char num[32];
	size_t nl = ls - lp;
	if (nl < 9 || nl - 8 >= sizeof num || memcmp(p + lp, "length: ", 8) != 0)
		return mc_error_set(err, MC_EDATA,
				    "%s is damaged: no length line before the checksum", name);
	memcpy(num, p + lp + 8, nl - 9);
	num[nl - 9] = '\0';
	int64_t want;
	if (!parse_i64(num, 0, INT64_MAX, &want))
		return mc_error_set(err, MC_EDATA, "%s is damaged: bad length \"%s\"", name, num);
	size_t have = len - *hdr_end;
	if ((uint64_t)want != have)
		return mc_error_set(err, MC_EDATA,
				    "%s is damaged: the header announces %" PRId64 " bytes of data but "
				    "the file holds %zu (cut short or padded in transit)",
				    name, want, have);
	char sum[65];
	mc_status st = sync_sha256_hex(p, ls, p + *hdr_end, have, sum, err);
	if (st != MC_OK)
		return st;
	if (memcmp(sum, p + ls + 8, 64) != 0)
		return mc_error_set(err, MC_EDATA,
				    "%s is damaged: its SHA-256 checksum does not match (the file "
				    "was changed or corrupted in transit)", name);
	return MC_OK;
}

mc_status sync_bundle_parse(const void *buf, size_t len, const char *name, sync_bundle *b,
			    mc_error *err)
{
	memset(b, 0, sizeof *b);
	const unsigned char *p = buf;
	static const char magic[] = SYNC_MAGIC " ";
	if (len < sizeof magic - 1 || memcmp(p, magic, sizeof magic - 1) != 0)
		return mc_error_set(err, MC_EDATA,
				    "%s is not a motcua sync bundle (it does not start with %s)",
				    name, SYNC_MAGIC);
	size_t i = sizeof magic - 1;
	int64_t version = 0;
	char vbuf[16];
	size_t vn = 0;
	while (i < len && p[i] != '\n' && vn + 1 < sizeof vbuf)
		vbuf[vn++] = (char)p[i++];
	vbuf[vn] = '\0';
	if (!parse_i64(vbuf, 1, 1000000, &version))
		return mc_error_set(err, MC_EDATA, "%s is damaged: bad format version \"%s\"", name,
				    vbuf);
	if (version != SYNC_FORMAT_VERSION)
		return mc_error_set(err, MC_EDATA,
				    "%s has bundle format version %" PRId64 "; this motcua reads "
				    "version %d (use the same motcua version at both ends)",
				    name, version, SYNC_FORMAT_VERSION);
	b->version = (int)version;
	size_t hdr_end = 0, sha_line = 0;
	mc_status st = check_frame(p, len, name, &hdr_end, &sha_line, err);
	if (st != MC_OK)
		return st;
	memcpy(b->sha256, p + sha_line + 8, 64);
	b->sha256[64] = '\0';
	b->payload = p + hdr_end;
	b->payload_len = len - hdr_end;
	/* Fields: the lines between the magic line and the length line. */
	size_t start = i + 1;
	if (!(b->strings = malloc(sha_line - start + 1)))
		return mc_error_set(err, MC_ESYS, "out of memory");
	memcpy(b->strings, p + start, sha_line - start);
	b->strings[sha_line - start] = '\0';
	if (memchr(b->strings, '\0', sha_line - start)) {
		sync_bundle_free(b);
		return mc_error_set(err, MC_EDATA, "%s is damaged: NUL byte in its header", name);
	}
	unsigned seen = 0;
	int line = 1;
	char *save = NULL;
	for (char *l = strtok_r(b->strings, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		line++;
		if ((st = parse_field(b, l, name, line, &seen, err)) != MC_OK) {
			sync_bundle_free(b);
			return st;
		}
	}
	static const char *const required[] = {"kind", "unit", "peer", "seq", "created",
						"schema", "table", "length"};
	for (int k = 0; k < 8; k++)
		if (!(seen & (1u << k))) {
			sync_bundle_free(b);
			return mc_error_set(err, MC_EDATA, "%s is damaged: no %s in its header", name,
					    required[k]);
		}
	return MC_OK;
}

void sync_bundle_free(sync_bundle *b)
{
	free(b->strings);
	b->strings = NULL;
}

const sync_table *sync_bundle_table(const sync_bundle *b, const char *name)
{
	for (int i = 0; i < b->ntables; i++)
		if (strcmp(b->tables[i].name, name) == 0)
			return &b->tables[i];
	return NULL;
}

/* ---- the changeset, checked before SQLite reads it ------------------------
 *
 * SQLite parses changesets it made itself; a crafted one can send its
 * parser astray (3.40's sqlite3changeset_next() loops on some, found by
 * tests/fuzz/fuzz_sync.c). So the payload is walked here first against the
 * documented format (sqlite3session.h, "changeset format"): per table 'T',
 * a varint column count, a byte per column (0, or its place in the
 * primary key) and the NUL-terminated name; then records of an operation byte (INSERT 18,
 * UPDATE 23, DELETE 9), an "indirect" byte and one or two rows of values,
 * each a type byte (0 undefined, 1 integer, 2 real, 3 text, 4 blob, 5 null)
 * with 8 bytes for numbers and a varint length for text and blobs. Every
 * table must be one the header lists, with the same number of columns. */

struct cs_reader {
	const unsigned char *p;
	size_t n, i;
};

/* SQLite's varint: 7 bits a byte, big-endian, the 9th byte whole. */
static bool cs_varint(struct cs_reader *r, uint64_t *out)
{
	uint64_t v = 0;
	for (int k = 0; k < 9; k++) {
		if (r->i >= r->n)
			return false;
		unsigned char c = r->p[r->i++];
		if (k == 8) {
			*out = (v << 8) | c;
			return true;
		}
		v = (v << 7) | (c & 0x7f);
		if (!(c & 0x80)) {
			*out = v;
			return true;
		}
	}
	return false;
}

static bool cs_values(struct cs_reader *r, int ncol, bool undefined_ok)
{
	for (int c = 0; c < ncol; c++) {
		if (r->i >= r->n)
			return false;
		unsigned char type = r->p[r->i++];
		uint64_t len = 0;
		switch (type) {
		case 0:
			if (!undefined_ok)
				return false;
			break;
		case 1:
		case 2:
			len = 8;
			break;
		case 3:
		case 4:
			if (!cs_varint(r, &len))
				return false;
			break;
		case 5:
			break;
		default:
			return false;
		}
		if (len > r->n - r->i)
			return false;
		r->i += (size_t)len;
	}
	return true;
}

static mc_status cs_table(struct cs_reader *r, const sync_bundle *b, const char *name,
			  int *ncol, mc_error *err)
{
	uint64_t n;
	if (!cs_varint(r, &n) || n == 0 || n > SYNC_MAX_COLS || n > r->n - r->i)
		return mc_error_set(err, MC_EDATA, "%s is damaged: bad column count in its data",
				    name);
	for (uint64_t k = 0; k < n; k++)  /* 0, or the column's place in the key */
		if (r->p[r->i + k] > n)
			return mc_error_set(err, MC_EDATA, "%s is damaged: bad key flags", name);
	r->i += (size_t)n;
	const unsigned char *nul = memchr(r->p + r->i, '\0', r->n - r->i);
	if (!nul)
		return mc_error_set(err, MC_EDATA, "%s is damaged: unterminated table name", name);
	char tab[64];
	size_t tl = (size_t)(nul - (r->p + r->i));
	snprintf(tab, sizeof tab, "%.*s", (int)(tl < 63 ? tl : 63), (const char *)r->p + r->i);
	r->i += tl + 1;
	const sync_table *t = tl < sizeof tab ? sync_bundle_table(b, tab) : NULL;
	if (!t || (uint64_t)t->ncols != n)
		return mc_error_set(err, MC_EDATA,
				    "%s is damaged: its data holds a table its header does not list "
				    "(\"%.40s\", %u columns)", name, tab, (unsigned)n);
	*ncol = (int)n;
	return MC_OK;
}

mc_status sync_changeset_check(const sync_bundle *b, const char *name, mc_error *err)
{
	struct cs_reader r = {b->payload, b->payload_len, 0};
	int ncol = 0;
	while (r.i < r.n) {
		unsigned char op = r.p[r.i++];
		if (op == 'T') {
			mc_status st = cs_table(&r, b, name, &ncol, err);
			if (st != MC_OK)
				return st;
			continue;
		}
		bool ok = ncol > 0 && r.i < r.n && r.p[r.i++] <= 1;
		if (ok && op == 18)
			ok = cs_values(&r, ncol, false);
		else if (ok && op == 9)
			ok = cs_values(&r, ncol, false);
		else if (ok && op == 23)
			ok = cs_values(&r, ncol, true) && cs_values(&r, ncol, true);
		else
			ok = false;
		if (!ok)
			return mc_error_set(err, MC_EDATA,
					    "%s is damaged: malformed change at data byte %zu", name,
					    r.i);
	}
	return MC_OK;
}

struct sbuf {
	char *p;
	size_t n, cap;
	bool oom;
};

static void sb_add(struct sbuf *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_add(struct sbuf *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || s->oom)
		return;
	if (s->n + (size_t)n + 1 > s->cap) {
		size_t cap = (s->n + (size_t)n + 1) * 2;
		char *np = realloc(s->p, cap);
		if (!np) {
			s->oom = true;
			return;
		}
		s->p = np;
		s->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(s->p + s->n, s->cap - s->n, fmt, ap);
	va_end(ap);
	s->n += (size_t)n;
}

mc_status sync_bundle_format(sync_bundle *b, const void *payload, size_t len,
			     unsigned char **out, size_t *outlen, mc_error *err)
{
	struct sbuf s = {0};
	sb_add(&s, "%s %d\nkind: %s\nunit: %s\npeer: %s\nseq: %" PRId64 "\ncreated: %s\n"
		   "schema: %d\n", SYNC_MAGIC, SYNC_FORMAT_VERSION, b->kind, b->unit, b->peer,
	       b->seq, b->created, b->schema);
	for (int t = 0; t < b->ntables; t++) {
		sb_add(&s, "table: %s", b->tables[t].name);
		for (int c = 0; c < b->tables[t].ncols; c++)
			sb_add(&s, " %s", b->tables[t].cols[c]);
		sb_add(&s, "\n");
	}
	if (b->has_chain)
		sb_add(&s, "chain: %" PRId64 " %s %" PRId64 " %s\n", b->chain_seq,
		       b->chain_seq ? b->chain_hash : "-", b->chain_prev_seq,
		       b->chain_prev_seq ? b->chain_prev_hash : "-");
	sb_add(&s, "length: %zu\n", len);
	if (s.oom) {
		free(s.p);
		return mc_error_set(err, MC_ESYS, "out of memory");
	}
	if (sync_sha256_hex(s.p, s.n, payload, len, b->sha256, err) != MC_OK) {
		free(s.p);
		return MC_ESYS;
	}
	sb_add(&s, "sha256: %s\n\n", b->sha256);
	unsigned char *o = s.oom ? NULL : malloc(s.n + len + 1);
	if (!o) {
		free(s.p);
		return mc_error_set(err, MC_ESYS, "out of memory");
	}
	memcpy(o, s.p, s.n);
	if (len)
		memcpy(o + s.n, payload, len);
	*outlen = s.n + len;
	*out = o;
	free(s.p);
	return MC_OK;
}
