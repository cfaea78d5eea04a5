/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_SPLICE_H
#define PAGEREF_SPLICE_H

#include "resolve.h"

/*
 * MSG_SPLICE_PAGES and sendpage (db/models/splice.txt): where a page is
 * handed to the network stack, and on which message flag that depends.
 */

/*
 * The flags path an effect on path depends on: for
 * p1->msg_iter.bvec[*].bv_page that is p1->msg_flags. NULL when the path
 * does not go through a message's iterator.
 */
char *splice_needs_of(const struct models *md, const char *path);

/* Is a call to name (a function, or an ops member TYPE.MEMBER) a sendpage? */
int splice_is_sendpage(const struct models *md, const char *name);

/*
 * f builds the message whose flags are at needs (a path local to f): does
 * it set the flag (MSG_SPLICE_PAGES) on it before line (the call)? 0 if never: the data is copied
 * and nothing is referenced. 1 if it does; then *excl gets the origins that
 * every setting rules out for page (the flag is set only in a branch where
 * sendpage_ok(page) held), and *why, if not yet set, says which guard.
 */
int splice_flag_set(const struct solve_input *in, const struct models *md,
		    struct solve_function *f, const char *needs, int line, const char *page,
		    unsigned *excl, char **why);

/*
 * The model's "effect" lines as effects of the functions they name (model
 * effects: derived_from = model). add is the solver's add_effect.
 */
void splice_model_effects(struct solve_input *in, const struct models *md, void *ctx,
			  void (*add)(void *ctx, struct solve_function *f, const char *op,
				      const char *path));

/*
 * Rewrite path through the stores f made before line: after
 * iov_iter_kvec(&msg->msg_iter, ..., vec, ...) (a store of p2 into
 * p1->msg_iter.kvec), p1->msg_iter.kvec[*].iov_base is p2[*].iov_base.
 * Takes and returns a malloc'd string.
 */
char *through_stores(const struct solve_input *in, const struct models *md,
		     struct solve_function *f, char *path, int line);

#endif
