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

/*
 * The iterator member writes.txt's line i sets (iov_iter_bvec(): "bvec"),
 * kept in d; NULL when the line is not an iov_iter_*() one.
 */
const char *stores_iter_member(const struct models *md, int i, char d[64]);

/* Are lines a and b of f on the two branches of one if/else? */
int lines_exclusive(const struct solve_function *f, int a, int b);

/*
 * Where page entered what f passes at line: the lines of the stores into
 * a local's field that put it there (bvec_set_page(&bv, page)), into at[]
 * (at most max); 0 when it came to the call as it is.
 */
int page_entries(const struct solve_function *f, const char *page, int line, int *at, int max);

/*
 * Did page enter the call at line only on the other branch of an if/else
 * from line x? (The flag set where the page is spliced, the buffer's copy
 * stored on the else branch: the flag says nothing of the buffer.)
 */
int entered_apart(const struct solve_function *f, const char *page, int line, int x);

#endif
