/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_STORES_H
#define PAGEREF_STORES_H

#include "resolve.h"

/*
 * Rewrite path through the stores f made before line: after
 * iov_iter_kvec(&msg->msg_iter, ..., vec, ...) (a store of p2 into
 * p1->msg_iter.kvec), p1->msg_iter.kvec[*].iov_base is p2[*].iov_base.
 * Takes and returns a malloc'd string.
 */
char *through_stores(const struct solve_input *in, const struct models *md,
		     struct solve_function *f, char *path, int line);

/*
 * What the stores followed depend on: the first one made under a test a
 * bind rule follows (bind.h's store_test: rule_splice.c's message flags).
 */
struct store_ctl {
	char *needs;		/* the tested path (the message's flags) */
	const char *flag;	/* ... and what it is tested for */
};

/* through_stores(), noting in ctl (needs NULL to start) the test a store depends on. */
char *through_stores_ctl(const struct solve_input *in, const struct models *md,
			 struct solve_function *f, char *path, int line, struct store_ctl *ctl);

#endif
