/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_JOIN_H
#define PAGEREF_JOIN_H

#include "findings.h"
#include "producers.h"
#include "resolve.h"
#include "solve.h"

/*
 * The join rules: a consumer that reads a page back out of block I/O is
 * joined with each producer that stores risky memory into that field
 * through its storage core (findings.c's join_producers()); a join rule
 * rules a pair out that the field alone would join. Each rule is one file
 * (join_<name>.c), registered by one line of join_list.h.
 */
struct join_rule {
	const char *name;
	/* 1: this consumer never sees this producer's pages */
	int (*rules_out)(const struct solve_input *in, const struct models *md,
			 const struct store_effects *ps, const struct finding *consumer,
			 const struct producer *p);
};

#define JOIN_RULE(name) extern const struct join_rule join_##name;
#include "join_list.h"
#undef JOIN_RULE

/* Does a rule of join_list.h rule the pair out? */
int join_ruled_out(const struct solve_input *in, const struct models *md,
		   const struct store_effects *ps, const struct finding *consumer,
		   const struct producer *p);

#endif
