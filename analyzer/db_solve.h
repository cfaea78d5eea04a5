/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_DB_SOLVE_H
#define PAGEREF_DB_SOLVE_H

#include "db.h"
#include "findings.h"
#include "pairs.h"
#include "solve.h"

/* A hash over every TU's path, command, inputs and status: the facts' state. */
int db_facts_state(struct db *db, char out[17]);

int db_link_counts(struct db *db, long *direct, long *indirect, long *unresolved);
/* Load what solve_run() needs. */
int db_solve_load(struct db *db, struct solve_input *in);
/* Replace table refeffect with the effects in in, in one transaction. */
int db_solve_store(struct db *db, const struct solve_input *in);

/* Replace tables finding and finding_step, in one transaction. */
int db_findings_store(struct db *db, const struct solve_input *in, const struct finding_list *fl);

/* Replace table channel_site, in one transaction. */
int db_pairs_store(struct db *db, const struct solve_input *in, const struct channel_list *cl);
/*
 * Table relevant_fn: every function with an effect (not a free's), a store
 * of a page through a parameter, a store effect into block I/O or another
 * field that holds pages (stores[], by index), or a channel site.
 */
struct models;
int db_relevant_store(struct db *db, const struct models *md, const struct solve_input *in,
		      const struct channel_list *cl, const char *stores);

#endif
