/*
 * Schema step: names whose Đ/đ came from a legacy conversion as a
 * look-alike letter (Ð/ð, Ɖ/ɖ, Ɗ/ɗ, ᵭ, ᶑ) fold to "d" like any Đ
 * (mc_text_fold_buf, d_like). Folded keys stored before kept the small
 * look-alike (case folding had already turned Ð into ð, Ɖ into ɖ, Ɗ into
 * ɗ), so replacing those characters gives exactly the new fold. The
 * dossiers' update trigger refreshes the name index (dossier_fts).
 */
#include "store_schema.h"

#define DFOLD(col)                                                                         \
	"replace(replace(replace(replace(replace(" col ", '\xc3\xb0', 'd'), '\xc9\x96', 'd'),"   \
	" '\xc9\x97', 'd'), '\xe1\xb5\xad', 'd'), '\xe1\xb6\x91', 'd')"
#define DLIKE(col)                                                                         \
	"(instr(" col ", '\xc3\xb0') OR instr(" col ", '\xc9\x96') OR instr(" col              \
	", '\xc9\x97') OR instr(" col ", '\xe1\xb5\xad') OR instr(" col ", '\xe1\xb6\x91'))"

const char store_schema_dfold[] =
	"UPDATE dossiers SET applicant_name_fold = " DFOLD("applicant_name_fold")
	" WHERE " DLIKE("applicant_name_fold") ";"
	"UPDATE procedures SET name_fold = " DFOLD("name_fold") " WHERE " DLIKE("name_fold") ";";
