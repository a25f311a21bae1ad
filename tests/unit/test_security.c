/*
 * Issue 15 in the core: safe file creation (no link followed, nothing
 * destroyed on failure, 0640; directories 2770 whatever the umask), the
 * core's SHA-256 against known answers, and the privilege helpers of an
 * unprivileged process.
 */
#include "testutil.h"

#include "motcua/privilege.h"
#include "motcua/safe_file.h"
#include "sha256.h"

#include <sys/stat.h>

static char *slurp(const char *path)
{
	static char buf[256];
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void test_safe_file(void **state)
{
	(void)state;
	struct tdir t;
	tdir_make(&t);
	char victim[400], link[400], out[400];
	tdir_write(&t, "victim", "precious\n", victim, sizeof victim);
	snprintf(link, sizeof link, "%s/000.17.22.H56-260302-0001.txt", t.path);
	assert_int_equal(symlink(victim, link), 0);
	mc_error err = {0};
	mc_safe_file sf;
	/* A link planted at the predictable name is replaced, not followed. */
	assert_int_equal(mc_safe_file_begin(&sf, link, &err), MC_OK);
	fputs("receipt\n", sf.f);
	assert_int_equal(mc_safe_file_commit(&sf, &err), MC_OK);
	assert_string_equal(slurp(victim), "precious\n");
	assert_string_equal(slurp(link), "receipt\n");
	struct stat st;
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0640);
	/* A failed write leaves the existing file as it was. */
	tdir_write(&t, "out.pdf", "old content\n", out, sizeof out);
	assert_int_equal(mc_safe_file_begin(&sf, out, &err), MC_OK);
	fputs("half", sf.f);
	mc_safe_file_abort(&sf);
	assert_string_equal(slurp(out), "old content\n");
	/* Directories: 2770 whatever the umask. */
	char dir[400];
	snprintf(dir, sizeof dir, "%s/receipts/2026", t.path);
	mode_t old = umask(022);
	assert_int_equal(mc_dir_make(dir, &err), MC_OK);
	umask(old);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 07777, 02770);
	tdir_remove(&t);
}

static void test_sha256(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} v[] = {
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		struct sha256 h;
		char hex[65];
		sha256_start(&h);
		sha256_add(&h, v[i].in, strlen(v[i].in));
		sha256_hex(&h, hex);
		assert_string_equal(hex, v[i].out);
	}
	/* A million 'a', fed unevenly across block boundaries. */
	struct sha256 h;
	char hex[65], a[997];
	memset(a, 'a', sizeof a);
	sha256_start(&h);
	size_t left = 1000000;
	while (left) {
		size_t n = left < sizeof a ? left : sizeof a;
		sha256_add(&h, a, n);
		left -= n;
	}
	sha256_hex(&h, hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

static void test_privilege_unprivileged(void **state)
{
	(void)state;
	mc_error err = {0};
	assert_false(mc_privileged());
	setenv("MOTCUA_TEST_VAR", "x", 1);
	assert_string_equal(mc_env("MOTCUA_TEST_VAR"), "x");
	assert_int_equal(mc_privilege_drop(&err), MC_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_safe_file),
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_privilege_unprivileged),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
