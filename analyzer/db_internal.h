/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_DB_INTERNAL_H
#define PAGEREF_DB_INTERNAL_H

#include <sqlite3.h>

#include "db.h"

struct db {
	sqlite3 *h;
	char *path;
	/* statements kept for the life of the connection */
	sqlite3_stmt *file_sel, *file_ins, *want;
};

/* Prepare or die with the statement named: a bad statement is our bug. */
sqlite3_stmt *db_prepare(struct db *db, const char *sql);
/* Step a statement expecting SQLITE_DONE; reports and returns -1 otherwise. */
int db_step_done(struct db *db, sqlite3_stmt *st);
/*
 * Report a failed step (rc): exit 3 where the file or the machine failed
 * (damaged, locked past the busy timeout, disk full, I/O), a bug otherwise.
 * what, if not NULL, says what was being done. Returns -1.
 */
int db_error(struct db *db, int rc, const char *what);
/*
 * Finalize a statement whose rows were read until rc, the last step's
 * status: a read that stopped on anything but the last row (SQLITE_DONE)
 * or a row it wanted (SQLITE_ROW) is a damaged or locked database, and
 * the result of what read it would be truncated: report it (db_error()).
 */
int db_rows_end(struct db *db, sqlite3_stmt *st, int rc);
void db_bind_text(sqlite3_stmt *st, const char *name, const char *value);
void db_bind_int(sqlite3_stmt *st, const char *name, long long value);
void db_bind_double(sqlite3_stmt *st, const char *name, double value);

#endif
