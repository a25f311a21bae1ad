/*
 * The operations log: one syslog line (the journal on Debian) for each
 * event a district IT officer audits: logins, failed logins, lock-outs,
 * user and setting changes, backups, restores, sync imports and exports.
 * Lines name the acting user and the database, never a password, a setting's
 * value or anything about a citizen.
 *
 * MOTCUA_SYSLOG_FILE=PATH appends the lines to PATH instead (tests, and
 * hosts without a syslog daemon); it is ignored in a setgid/setuid process.
 */
#ifndef MOTCUA_OPLOG_H
#define MOTCUA_OPLOG_H

#include "motcua/store.h"

typedef enum mc_oplog_kind {
	MC_OPLOG_AUTH,     /* logins: authpriv, notice */
	MC_OPLOG_AUTH_BAD, /* failed logins, lock-outs: authpriv, warning */
	MC_OPLOG_OPS,      /* changes, backups, sync: user, notice */
	MC_OPLOG_OPS_BAD,  /* a backup, restore or sync that failed: user, err */
} mc_oplog_kind;

/* Log "EVENT (user U, database PATH)"; store may be NULL. */
void mc_oplog(mc_store *store, mc_oplog_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
