/* VietQR payloads (motcua/vietqr.h): TLV fields and the CRC, no network. */
#include "motcua/vietqr.h"

#include <stdio.h>
#include <string.h>

uint16_t mc_crc16_ccitt_false(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint16_t crc = 0xFFFF;
	while (len--) {
		crc ^= (uint16_t)(*p++ << 8);
		for (int i = 0; i < 8; i++)
			crc = (uint16_t)(crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1);
	}
	return crc;
}

/* Append tag, two-digit length and value; false when it does not fit. */
static bool tlv(char *buf, size_t bufsz, const char *tag, const char *value)
{
	size_t n = strlen(buf), len = strlen(value);
	if (len > 99)
		return false;
	int w = snprintf(buf + n, bufsz - n, "%s%02zu%s", tag, len, value);
	return w > 0 && (size_t)w < bufsz - n;
}

static bool all(const char *s, size_t min, size_t max, const char *set)
{
	size_t n = strlen(s);
	if (n < min || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (set ? !strchr(set, s[i]) : (s[i] < 0x20 || s[i] > 0x7e))
			return false;
	return true;
}

static const char digits[] = "0123456789";
static const char alnum[] =
	"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

mc_status mc_vietqr_payload(const char *bin, const char *account, int64_t amount,
			    const char *purpose, bool dynamic, char out[MC_VIETQR_MAX],
			    mc_error *err)
{
	if (!bin || !all(bin, 6, 6, digits))
		return mc_error_set(err, MC_EDATA, "bank.bin \"%s\" is not a 6-digit bank BIN",
				    bin ? bin : "");
	if (!account || !all(account, 1, 19, alnum))
		return mc_error_set(err, MC_EDATA,
				    "bank.account \"%s\" is not 1 to 19 letters or digits",
				    account ? account : "");
	if (amount < 0 || amount > 9999999999999LL)
		return mc_error_set(err, MC_EDATA, "the amount %lld is out of range",
				    (long long)amount);
	purpose = purpose ? purpose : "";
	if (!all(purpose, 0, 25, NULL))
		return mc_error_set(err, MC_EDATA,
				    "the transfer note \"%s\" is not up to 25 plain ASCII characters",
				    purpose);
	char bene[64] = "", mai[128] = "", add[40] = "", amt[24];
	out[0] = '\0';
	bool ok = tlv(bene, sizeof bene, "00", bin) && tlv(bene, sizeof bene, "01", account) &&
		  tlv(mai, sizeof mai, "00", "A000000727") && tlv(mai, sizeof mai, "01", bene) &&
		  tlv(mai, sizeof mai, "02", "QRIBFTTA") &&
		  (!*purpose || tlv(add, sizeof add, "08", purpose)) &&
		  tlv(out, MC_VIETQR_MAX, "00", "01") &&
		  tlv(out, MC_VIETQR_MAX, "01", dynamic ? "12" : "11") &&
		  tlv(out, MC_VIETQR_MAX, "38", mai) && tlv(out, MC_VIETQR_MAX, "53", "704");
	snprintf(amt, sizeof amt, "%lld", (long long)amount);
	ok = ok && (!amount || tlv(out, MC_VIETQR_MAX, "54", amt)) &&
	     tlv(out, MC_VIETQR_MAX, "58", "VN") && (!*add || tlv(out, MC_VIETQR_MAX, "62", add));
	size_t n = strlen(out);
	if (!ok || n + 8 >= MC_VIETQR_MAX)
		return mc_error_set(err, MC_EDATA, "the VietQR payload is too long");
	memcpy(out + n, "6304", 5);
	snprintf(out + n + 4, MC_VIETQR_MAX - n - 4, "%04X", mc_crc16_ccitt_false(out, n + 4));
	return MC_OK;
}

bool mc_vietqr_crc_ok(const char *payload)
{
	size_t n = strlen(payload);
	if (n < 8 || memcmp(payload + n - 8, "6304", 4) != 0)
		return false;
	char want[5];
	snprintf(want, sizeof want, "%04X", mc_crc16_ccitt_false(payload, n - 4));
	return strcmp(want, payload + n - 4) == 0;
}

mc_status mc_vietqr_office(mc_store *store, int64_t amount, const char *code,
			   char out[MC_VIETQR_MAX], char *name, size_t namesz, mc_error *err)
{
	char bin[32] = "", account[64] = "";
	mc_error e2;
	if (mc_store_setting_get(store, "bank.bin", bin, sizeof bin, &e2) != MC_OK || !*bin ||
	    mc_store_setting_get(store, "bank.account", account, sizeof account, &e2) != MC_OK ||
	    !*account)
		return mc_error_set(err, MC_EEMPTY, "no bank account: set bank.bin and bank.account");
	if (name && namesz &&
	    mc_store_setting_get(store, "bank.account_name", name, namesz, &e2) != MC_OK)
		name[0] = '\0';
	size_t n = code ? strlen(code) : 0;
	return mc_vietqr_payload(bin, account, amount, n > 25 ? code + n - 25 : code ? code : "",
				 true, out, err);
}
