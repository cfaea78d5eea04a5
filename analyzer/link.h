/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_LINK_H
#define PAGEREF_LINK_H

#include "db.h"

struct link_summary {
	long direct, indirect, unresolved;
	double seconds;
};

/*
 * Build the whole-program call graph (table edge) from the extracted
 * calls: direct calls by USR across TUs; calls through a struct member to
 * every function placed in that field by an ops table or a run-time store
 * (marked indirect). Rebuilt from scratch: it is a few SQL joins.
 */
int link_run(struct db *db, struct link_summary *sum);

#endif
