/*
 * Password hashing through the password module (password_crypt.c). The
 * module is loaded for each call and unloaded after it: a counter session
 * checks one password at log-in and has no use for libcrypt afterwards.
 */
#include "password.h"
#include "password_module.h"

static const struct module_spec spec = {
	.file = PASSWORD_MODULE_FILE,
	.entry = PASSWORD_MODULE_ENTRY,
	.what = "the password module",
	.abi = PASSWORD_MODULE_ABI,
	.layout = PASSWORD_MODULE_LAYOUT,
};

mc_status password_hash(const char *password, char *out, size_t outsz, mc_error *err)
{
	const struct module_header *m;
	void *h = module_open(&spec, &m, err);
	if (!h)
		return MC_ESYS;
	bool ok = ((const struct password_module *)m)->hash(password, out, outsz);
	module_close(h);
	return ok ? MC_OK : mc_error_set(err, MC_ESYS, "cannot hash the password");
}

mc_status password_verify(const char *password, const char *hash, bool *ok, mc_error *err)
{
	*ok = false;
	const struct module_header *m;
	void *h = module_open(&spec, &m, err);
	if (!h)
		return MC_ESYS;
	*ok = ((const struct password_module *)m)->verify(password, hash);
	module_close(h);
	return MC_OK;
}
