/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_SCOPE_H
#define PAGEREF_SCOPE_H

#include "db.h"

/*
 * Scope gaps: functions the analysed code calls with a page-carrying
 * argument (a pointer to one of page-types.txt's structs, a netmem_ref),
 * or whose result it keeps as a page or a buffer (a flow fact), that have
 * no body in the database and no model line. Every path through
 * such a callee is missing from the results: a reference it takes or
 * drops, a page it stores. Table scope_gap, one row per callee, with the
 * file of the tree that defines it (outside DIRS, or a TU that failed),
 * found by reading the tree's .c files for the definition.
 */
struct scope_summary {
	long callees;		/* rows of scope_gap */
	long calls;		/* calls to them */
	long defined;		/* ... of which the tree defines in a .c file */
	double seconds;
};

/*
 * Rebuild scope_gap (after link: it needs the edges; kernel may be NULL),
 * in two halves, so that the reading (the database's gaps and the tree
 * walk, a second on a whole tree) runs in a thread beside other work:
 * scope_start() after link has committed, scope_finish() on the writing
 * connection to wait for it and store scope_gap (db NULL: only wait for it
 * and let it go, after another stage failed).
 */
struct scope_job;
struct scope_job *scope_start(const char *db_path, const char *kernel);
int scope_finish(struct db *db, struct scope_job *job, struct scope_summary *sum);

/*
 * The summary lines (and the report header's): "N callees ... not
 * analysed", then the most-called max of them as "name() in FILE is called
 * N times but not analysed". Returns a malloc'd string, "" when there is
 * no gap.
 */
char *scope_describe(struct db *db, int max);

#endif
