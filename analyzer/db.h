/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_DB_H
#define PAGEREF_DB_H

/*
 * The database: only db*.c include sqlite3.h. Everything else holds a
 * struct db handle and calls the functions below.
 */
struct db;

enum db_mode {
	DB_OPEN,	/* must exist */
	DB_CREATE,	/* create when missing */
	DB_READONLY,	/* must exist; queries only, never waits on a writer */
};

/*
 * Open path, checking it is a pageref database of this schema version.
 * A corrupt, foreign or newer database is refused with one line (and
 * error_exit_code = EXIT_INPUT), never overwritten. Returns NULL then.
 */
struct db *db_open(const char *path, enum db_mode mode);
void db_close(struct db *db);

/* The file the database was opened from. */
const char *db_file(const struct db *db);
int db_begin(struct db *db);	/* BEGIN IMMEDIATE */
int db_commit(struct db *db);
void db_rollback(struct db *db);
/* End a transaction: commit when ret is 0, else roll back and return -1. */
int db_end(struct db *db, int ret);
/* BEGIN IMMEDIATE, then a first statement ("DELETE FROM x" for a stage
 * that rewrites a table whole); rolls back if that statement fails. */
int db_begin_with(struct db *db, const char *sql);
/*
 * Inside a transaction: run sql (a DELETE and INSERTs that refill table)
 * with table's secondary indexes dropped, then create them again from the
 * schema's own text (sqlite_schema): for hundreds of thousands of rows.
 */
int db_fill_bulk(struct db *db, const char *table, const char *sql);

int db_meta_set(struct db *db, const char *key, const char *value);
/* Returns a malloc'd value or NULL. */
char *db_meta_get(struct db *db, const char *key);

/* Run one statement with no parameters and no result (for tests, PRAGMAs). */
int db_exec(struct db *db, const char *sql);

/*
 * Run a read-only query and print each row as columns joined by '|'
 * (NULL as empty), like sqlite3's list mode. Writing statements are refused.
 */
int db_query_print(struct db *db, const char *sql);

/*
 * Run a read-only statement with text parameters bound to ?1, ?2, ...,
 * calling fn for every row (columns as strings, NULL as NULL). fn may stop
 * the walk by returning nonzero.
 */
int db_query_each(struct db *db, const char *sql, const char *const *params, int nparams,
		  int (*fn)(int ncol, const char *const *col, void *data), void *data);

/* Run one writing statement with text parameters (NULL binds NULL). */
int db_exec_params(struct db *db, const char *sql, const char *const *params, int nparams);

/* The schema version this binary writes. */
int db_schema_version(void);

#endif
