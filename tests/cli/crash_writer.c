/*
 * A clerk that never stops: opens the database once and takes in dossiers
 * in a loop, printing each code (and flushing) only after
 * mc_dossier_intake() has returned, that is after the commit. crash.sh
 * SIGKILLs these at random moments and then checks that every printed
 * ("acknowledged") code is in the database.
 * Usage: crash_writer DB WRITER_NUMBER
 */
#include "motcua/dossier.h"
#include "motcua/store.h"

#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: crash_writer DB N\n");
		return 1;
	}
	mc_store *s = NULL;
	mc_error err = {0};
	if (mc_store_open(argv[1], &s, &err) != MC_OK) {
		fprintf(stderr, "crash_writer: %s\n", err.msg);
		return 4;
	}
	char name[64];
	snprintf(name, sizeof name, "Người Viết %c", 'A' + atoi(argv[2]) % 26);
	for (;;) {
		mc_intake in = {.procedure_code = "1.004873", .name = name,
				.id_number = "034091002345", .phone = "0912345678", .user = "mai"};
		mc_dossier d;
		if (mc_dossier_intake(s, &in, &d, &err) != MC_OK) {
			fprintf(stderr, "crash_writer: %s\n", err.msg);
			mc_store_close(s);
			return 4;
		}
		/* One write() per acknowledgement: a SIGKILL between a code and
		 * its newline (stdio may split them) would glue two codes. */
		char line[80];
		int n = snprintf(line, sizeof line, "%s\n", d.code);
		if (write(STDOUT_FILENO, line, (size_t)n) != n)
			return 4;
	}
}
