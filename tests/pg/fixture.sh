# Shared by the hub's read tests: the same dossiers, events and documents,
# as SQL that both sqlite3 and psql run (fixture_sql prints it). Dated in
# and around the second quarter of 2026 so that `report --from 2026-04-01
# --to 2026-06-30` sees every figure: carried over and new by channel,
# resolved early, on time and late, withdrawn, open on time and late at the
# end, paused for papers and for fees, stopped, refused at the counter and
# without acceptance, returned with ratings, a void before the end, two
# voids of dossiers finished in the period (one in it, one after it), a
# dossier received after the end and one finished after it. Three offices,
# three procedures (two fields and agencies whose names sort differently by
# bytes and by a Vietnamese collation).

# q V: V as an SQL literal; "-" is NULL.
q() { if [ "$1" = - ]; then printf NULL; else printf "'%s'" "${1//\'/\'\'}"; fi; }

# dos ID UNIT SEQ PROC NAME FOLD IDNUM PHONE STATUS CHANNEL RECEIVED ACCEPTED DUE
#     STATDUE ORIGDUE FINISHED RETURNED RATING RATED PAUSED
dos() {
	local code="$2-$(echo "${11}" | cut -c3-4,6-7,9-10)-$(printf %04d "$3")"
	printf "INSERT INTO dossiers(id, code, unit_code, procedure_id, procedure_code,"
	printf " procedure_name, deadline, deadline_unit, applicant_name, applicant_name_fold,"
	printf " id_number, phone, address, status, received_at, entered_at, due_at, received_by,"
	printf " form_set, extra, updated_at, channel, accepted_at, statutory_due_at,"
	printf " original_due_at, finished_at, returned_at, returned_to, return_by, rating,"
	printf " rated_at, paused_at) SELECT %s, %s, %s, p.id, p.code, p.name, p.deadline," "$1" \
		"$(q "$code")" "$(q "$2")"
	printf " p.deadline_unit, %s, %s, %s, %s, 'Số %s', %s, %s, %s, %s, 'lan', 'default', '{}'," \
		"$(q "$5")" "$(q "$6")" "$(q "$7")" "$(q "$8")" "$1" "$(q "$9")" "$(q "${11}")" \
		"$(q "${11}")" "$(q "${13}")"
	printf " %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s FROM procedures p WHERE p.code = %s;\n" \
		"$(q "${11}")" "$(q "${10}")" "$(q "${12}")" "$(q "${14}")" "$(q "${15}")" \
		"$(q "${16}")" "$(q "${17}")" \
		"$( [ "${17}" = - ] && printf NULL || q "Chính chủ")" \
		"$( [ "${17}" = - ] && printf NULL || q "lan")" \
		"$( [ "${18}" = - ] && printf NULL || printf %s "${18}")" "$(q "${19}")" "$(q "${20}")" \
		"$(q "$4")"
}

# ev ID DOSSIER AT ACTION FROM TO [DATA]
ev() {
	printf "INSERT INTO dossier_events(id, dossier_id, at, entered_at, user_name, action,"
	printf " from_status, to_status, note, data) VALUES(%s, %s, %s, %s, 'lan', %s, %s, %s, '', %s);\n" \
		"$1" "$2" "$(q "$3")" "$(q "$3")" "$(q "$4")" "$(q "$5")" "$(q "$6")" "$(q "${7:-{\}}")"
}

# doc DOSSIER POSITION NAME RECEIVED
doc() {
	printf "INSERT INTO dossier_documents(dossier_id, position, name, received)"
	printf " VALUES(%s, %s, %s, %s);\n" "$1" "$2" "$(q "$3")" "$4"
}

fixture_sql() {
	local A=000.00.01.H01 B=000.00.02.H01 C=000.00.03.H01
	local P1=1.001193 P2=1.004222 P3=1.001612
	# carried over (accepted in March), resolved early, returned, rated 1
	dos 1 $A 1 $P1 "Nguyễn Văn An" "nguyen van an" 001090000001 0912000001 returned counter \
		"2026-03-20 08:00" "2026-03-20 08:00" "2026-04-10 17:00" "2026-04-10 17:00" - \
		"2026-04-02 10:00" "2026-04-03 09:00" 1 "2026-04-03 09:05" -
	ev 1 1 "2026-03-20 08:00" receive - accepted '{"due_at":"2026-04-10 17:00"}'
	ev 2 1 "2026-03-25 08:00" assign accepted processing
	ev 3 1 "2026-04-02 10:00" finish processing ready
	ev 4 1 "2026-04-03 09:00" return ready returned
	doc 1 1 "Tờ khai" 1
	doc 1 2 "Giấy chứng sinh" 0
	# new at the counter, resolved on the due day, by the due time
	dos 2 $A 2 $P1 "Trần Thị Bình" "tran thi binh" 001090000002 0912000002 ready counter \
		"2026-04-05 09:00" "2026-04-05 09:00" "2026-04-15 17:00" "2026-04-15 17:00" - \
		"2026-04-15 10:00" - - - -
	ev 5 2 "2026-04-05 09:00" receive - accepted
	ev 6 2 "2026-04-15 10:00" finish accepted ready
	# new online, resolved late, returned, rated 3 (after the end: not counted)
	dos 3 $A 3 $P2 "Lê Văn Cường" "le van cuong" 001090000003 0912000003 returned online \
		"2026-04-10 08:00" "2026-04-10 14:00" "2026-04-20 17:00" "2026-04-20 17:00" - \
		"2026-04-25 11:00" "2026-04-26 08:00" 3 "2026-07-02 08:00" -
	ev 7 3 "2026-04-10 08:00" submit - new
	ev 8 3 "2026-04-10 14:00" accept new accepted '{"statutory_due_at":"2026-04-20 17:00"}'
	ev 9 3 "2026-04-25 11:00" finish accepted ready
	ev 10 3 "2026-04-26 08:00" return ready returned
	# by post, open at the end, on time (appointment in July)
	dos 4 $B 1 $P1 "Phạm Thị Dung" "pham thi dung" 001090000004 0912000004 processing post \
		"2026-06-20 08:00" "2026-06-20 08:00" "2026-07-10 17:00" "2026-07-10 17:00" - \
		- - - - -
	ev 11 4 "2026-06-20 08:00" receive - accepted '{"due_at":"2026-07-10 17:00"}'
	ev 12 4 "2026-06-21 08:00" assign accepted processing
	# open at the end, late (the appointment of its acceptance passed)
	dos 5 $B 2 $P2 "Hoàng Văn Em" "hoang van em" 001090000005 0912000005 accepted counter \
		"2026-05-20 08:00" "2026-05-20 08:00" "2026-07-01 17:00" "2026-07-01 17:00" \
		"2026-06-01 17:00" - - - - -
	ev 13 5 "2026-05-20 08:00" receive - accepted '{"statutory_due_at":"2026-06-01 17:00"}'
	# waiting for papers at the end
	dos 6 $B 3 $P1 "Vũ Thị Giang" "vu thi giang" 001090000006 0912000006 supplement counter \
		"2026-05-02 08:00" "2026-05-02 08:00" "2026-05-20 17:00" "2026-05-20 17:00" - \
		- - - - "2026-05-10 08:00"
	ev 14 6 "2026-05-02 08:00" receive - accepted
	ev 15 6 "2026-05-10 08:00" supplement accepted supplement
	# refused at the counter in the period it was accepted in
	dos 7 $C 1 $P2 "Đỗ Văn Hùng" "do van hung" 001090000007 0912000007 refused counter \
		"2026-04-12 08:00" "2026-04-12 08:00" "2026-04-22 17:00" "2026-04-22 17:00" - \
		"2026-04-12 08:30" - - - -
	ev 16 7 "2026-04-12 08:00" receive - accepted
	ev 17 7 "2026-04-12 08:30" refuse accepted refused
	# withdrawn
	dos 8 $C 2 $P3 "Ngô Thị Lan" "ngo thi lan" 001090000008 0912000008 withdrawn counter \
		"2026-04-02 08:00" "2026-04-02 08:00" "2026-05-02 17:00" "2026-05-02 17:00" - \
		"2026-05-01 08:00" - - - -
	ev 18 8 "2026-04-02 08:00" receive - accepted
	ev 19 8 "2026-05-01 08:00" withdraw accepted withdrawn
	# carried over, stopped in the period
	dos 9 $C 3 $P3 "Nguyễn Văn Minh" "nguyen van minh" 001090000009 0912000009 stopped counter \
		"2026-03-01 08:00" "2026-03-01 08:00" "2026-03-30 17:00" "2026-03-30 17:00" - \
		"2026-05-10 08:00" - - - -
	ev 20 9 "2026-03-01 08:00" receive - accepted
	ev 21 9 "2026-05-10 08:00" stop accepted stopped
	# voided before the end: left out
	dos 10 $A 4 $P2 "Bùi Văn Nam" "bui van nam" 001090000010 0912000010 voided counter \
		"2026-04-18 08:00" "2026-04-18 08:00" "2026-04-28 17:00" "2026-04-28 17:00" - \
		- - - - -
	ev 22 10 "2026-04-18 08:00" receive - accepted
	ev 23 10 "2026-04-20 08:00" void accepted voided
	# online submission refused without acceptance
	dos 11 $C 4 $P1 "Đặng Thị Oanh" "dang thi oanh" 001090000011 0912000011 refused online \
		"2026-04-08 08:00" - "2026-04-18 17:00" "2026-04-18 17:00" - \
		"2026-04-08 15:00" - - - -
	ev 24 11 "2026-04-08 08:00" submit - new
	ev 25 11 "2026-04-08 15:00" refuse new refused
	# finished after the end: processing (late) at the end
	dos 12 $B 4 $P2 "Lý Văn Phúc" "ly van phuc" 001090000012 0912000012 returned online \
		"2026-05-01 08:00" "2026-05-01 08:00" "2026-06-20 17:00" "2026-06-20 17:00" - \
		"2026-07-05 08:00" "2026-07-06 08:00" 2 "2026-07-06 08:00" -
	ev 26 12 "2026-05-01 08:00" accept new accepted '{"due_at":"2026-06-20 17:00"}'
	ev 27 12 "2026-05-02 08:00" assign accepted processing
	ev 28 12 "2026-07-05 08:00" finish processing ready
	ev 29 12 "2026-07-06 08:00" return ready returned
	# received after the end: not counted
	dos 13 $A 5 $P1 "Nguyễn Văn An" "nguyen van an" 001090000001 0912000001 accepted counter \
		"2026-07-02 08:00" "2026-07-02 08:00" "2026-07-12 17:00" "2026-07-12 17:00" - \
		- - - - -
	ev 30 13 "2026-07-02 08:00" receive - accepted
	# finished before the period, returned in it with a rating
	dos 14 $B 5 $P1 "Trịnh Văn Quân" "trinh van quan" 001090000014 0912000014 returned counter \
		"2026-03-01 08:00" "2026-03-01 08:00" "2026-03-20 17:00" "2026-03-20 17:00" - \
		"2026-03-15 08:00" "2026-04-01 09:00" 2 "2026-04-01 09:00" -
	ev 31 14 "2026-03-01 08:00" receive - accepted
	ev 32 14 "2026-03-15 08:00" finish accepted ready
	ev 33 14 "2026-04-01 09:00" return ready returned
	# submitted online, never accepted: not received
	dos 15 $C 5 $P2 "Mai Thị Rạng" "mai thi rang" 001090000015 0912000015 new online \
		"2026-06-29 08:00" - "2026-07-09 17:00" "2026-07-09 17:00" - - - - - -
	ev 34 15 "2026-06-29 08:00" submit - new
	# waiting for fees at the end, resumed after it
	dos 16 $A 6 $P3 "Nguyễn Thị Sen" "nguyen thi sen" 001090000016 0912000016 processing counter \
		"2026-06-01 08:00" "2026-06-01 08:00" "2026-06-25 17:00" "2026-06-25 17:00" - \
		- - - - -
	ev 35 16 "2026-06-01 08:00" receive - accepted
	ev 36 16 "2026-06-10 08:00" fees accepted fees
	ev 37 16 "2026-07-03 08:00" resume fees processing '{"due_at":"2026-07-20 17:00"}'
	# new, resolved early, returned and rated 3 in the period, voided after
	# the end: counted as it stood
	dos 17 $B 6 $P1 "Hồ Văn Tài" "ho van tai" 001090000017 0912000017 voided counter \
		"2026-05-04 08:00" "2026-05-04 08:00" "2026-05-20 17:00" "2026-05-20 17:00" - \
		"2026-05-10 08:00" "2026-05-11 08:00" 3 "2026-05-11 08:00" -
	ev 38 17 "2026-05-04 08:00" receive - accepted
	ev 39 17 "2026-05-10 08:00" finish accepted ready
	ev 40 17 "2026-05-11 08:00" return ready returned
	ev 41 17 "2026-07-10 08:00" void returned voided
	# resolved and returned in the period, voided in it too: left out
	dos 18 $C 6 $P2 "Lý Thị Uyên" "ly thi uyen" 001090000018 0912000018 voided online \
		"2026-04-06 08:00" "2026-04-06 08:00" "2026-04-20 17:00" "2026-04-20 17:00" - \
		"2026-04-15 08:00" "2026-04-16 08:00" 1 "2026-04-16 08:00" -
	ev 42 18 "2026-04-06 08:00" receive - accepted
	ev 43 18 "2026-04-15 08:00" finish accepted ready
	ev 44 18 "2026-04-16 08:00" return ready returned
	ev 45 18 "2026-06-01 08:00" void returned voided
}
