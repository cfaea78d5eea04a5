/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_DB_FACTS_H
#define PAGEREF_DB_FACTS_H

#include "compdb.h"
#include "db.h"
#include "facts.h"
#include "usage.h"

/* Where paths are relative to: the tree, and the object dir ("@obj/..."). */
struct db_roots {
	const char *kernel;
	const char *objdir;
};

/* A path as stored: relative to the tree, "@obj/..." or absolute. */
char *db_relpath(const struct db_roots *r, const char *abs);

/* The hash of a compile command (directory and argv). */
void db_command_hash(const struct compile_command *c, char out[17]);
/*
 * A file's content hash, from the file table while its size and mtime are
 * the recorded ones (no write), else read from disk.
 */
int db_file_hash(struct db *db, const struct db_roots *r, const char *abs, char hash[17]);
/*
 * Every function a TU stored: its USR, the TU's main file (relative path)
 * and whether the function is defined there, for the owners the
 * extraction's workers consult before asking the database.
 */
int db_tu_functions(struct db *db, long long tu_id,
		    void (*fn)(const char *usr, const char *path, int in_main, void *data), void *data);
struct hasher;
/* The extractor's own part of every TU's key: its format and the EXTRACT data files. */
void db_extractor_key(struct hasher *h);

/*
 * Decide which compile commands need extracting: new, command changed,
 * an input file changed, or left pending by an interrupted run (failed
 * TUs are retried only when their command or inputs changed, or when
 * retry_failed is set). TUs no longer in cdb are removed. Fills dirty[i]
 * and tu_id[i] (a pending row is created for every dirty command).
 */
int db_plan(struct db *db, const struct db_roots *r, const struct compdb *cdb,
	    int retry_failed, int *dirty, long long *tu_id);

/* Should the TU tu_id extract the header function usr? */
int db_want_function(struct db *db, const char *usr, long long tu_id);

/* Replace the facts of tu_id with tf, in one transaction. */
int db_store_tu(struct db *db, const struct db_roots *r, long long tu_id,
		const struct compile_command *c, const struct tu_facts *tf, double seconds);

/* Record a TU whose extractor died (crash, timeout) with no facts. */
int db_fail_tu(struct db *db, long long tu_id, const char *why, double seconds);

/* Paths of failed TUs whose error matches the LIKE pattern. */
int db_failed_tus(struct db *db, const char *like, struct strvec *paths);

/* Counts for the summary. */
int db_tu_counts(struct db *db, int *ok, int *failed, int *pending);

#endif
