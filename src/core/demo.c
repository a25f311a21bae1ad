/* The demo office (see include/motcua/demo.h). Dossiers are back-dated from
 * now so that the lists show recent, due and overdue work. */
#include "motcua/demo.h"
#include "motcua/calendar.h"
#include "motcua/catalog.h"
#include "motcua/clock.h"
#include "motcua/dossier.h"
#include "motcua/paths.h"
#include "motcua/units.h"
#include "motcua/user.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *procedure, *name, *id, *phone, *address;
	int days_ago, minute;
} samples[] = {
	{"1.001193", "Nguyễn Thị Thuỳ Dương", "034091002345", "0912345678",
	 "Tổ 5, phường Tô Hiệu, tỉnh Sơn La", 0, 9 * 60 + 10},
	{"1.000894", "Trần Văn Đức", "001085004321", "0987654321",
	 "Số 12 ngõ 4, phường Ba Đình, Thành phố Hà Nội", 1, 8 * 60 + 30},
	{"1.000656", "Lê Hoàng Anh", "038079001122", "0903111222",
	 "Thôn Đông, xã Quảng Phú, tỉnh Thanh Hóa", 2, 14 * 60 + 5},
	{"1.004873", "Phạm Thị Hương", "036190009876", "0977000111",
	 "Xóm 3, xã Hải Hậu, tỉnh Ninh Bình", 3, 10 * 60 + 45},
	{"2.000908", "Đặng Quốc Bảo", "079201005555", "0938123456",
	 "Phường Bến Thành, Thành phố Hồ Chí Minh", 6, 7 * 60 + 40},
	{"1.001193", "Võ Minh Khoa", "052099003333", "0905333444",
	 "Phường Quy Nhơn, tỉnh Gia Lai", 9, 15 * 60 + 20},
	{"1.000894", "Bùi Thị Lan", "027188002222", "0966222333",
	 "Xã Tiên Du, tỉnh Bắc Ninh", 14, 9 * 60},
	{"1.004873", "Hoàng Văn Nam", "040087006666", "0913666777",
	 "Phường Vinh Phú, tỉnh Nghệ An", 20, 13 * 60 + 50},
	{"1.000656", "Ngô Thị Mai Anh", "031092007777", "0945777888",
	 "Phường Hồng Bàng, Thành phố Hải Phòng", 27, 16 * 60 + 10},
	{"2.000908", "Đỗ Văn Hùng", "025080008888", "0928888999",
	 "Xã Tam Nông, tỉnh Phú Thọ", 35, 8 * 60 + 5},
};

mc_status mc_demo_populate(mc_store *store, mc_error *err)
{
	mc_office office = {"000.00.00.H46", "UBND phường Tô Hiệu"};
	mc_status st;
	if ((st = mc_store_office_set(store, &office, err)) != MC_OK)
		return st;
	char path[1024];
	mc_units_stats us;
	mc_paths_data_file("data/units", path, sizeof path);
	if ((st = mc_units_import(store, path, &us, err)) != MC_OK)
		return st;
	mc_import_stats is;
	mc_paths_data_file("data/catalog-sample.csv", path, sizeof path);
	if ((st = mc_catalog_import(store, path, NULL, &is, err)) != MC_OK)
		return st;
	if ((st = mc_user_add(store, MC_DEMO_CLERK, "Lò Thị Mai", MC_ROLE_CLERK, 2,
			      MC_DEMO_PASSWORD, err)) != MC_OK ||
	    (st = mc_user_add(store, "hung", "Vũ Mạnh Hùng", MC_ROLE_SUPERVISOR, 0,
			      MC_DEMO_PASSWORD, err)) != MC_OK ||
	    (st = mc_user_add(store, "admin", "Quản trị", MC_ROLE_ADMIN, 0, MC_DEMO_PASSWORD,
			      err)) != MC_OK)
		return st;
	int32_t today = mc_time_day(mc_clock_now());
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		char at[17];
		int64_t t = (int64_t)(today - samples[i].days_ago) * 1440 + samples[i].minute;
		if (t > mc_clock_now())
			t = mc_clock_now();
		mc_time_format(t, at);
		mc_intake in = {
			.procedure_code = samples[i].procedure,
			.name = samples[i].name,
			.id_number = samples[i].id,
			.phone = samples[i].phone,
			.address = samples[i].address,
			.received_at = at,
			.user = MC_DEMO_CLERK,
		};
		mc_dossier d;
		if ((st = mc_dossier_intake(store, &in, &d, err)) != MC_OK)
			return mc_error_prefix(err, "demo dossier %zu", i + 1);
	}
	return MC_OK;
}
