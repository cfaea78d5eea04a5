/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_SPLICE_H
#define PAGEREF_SPLICE_H

#include "resolve.h"

/*
 * MSG_SPLICE_PAGES and sendpage (db/models/splice.txt): where a page is
 * handed to the network stack, and on which message flag that depends.
 */

/* "MSG_SPLICE_PAGES", as splice_flag_name() interns it */
extern const char splice_pages_flag[];
#define SPLICE_PAGES splice_pages_flag

/*
 * The "flag" of an effect that runs only when a bool parameter is true
 * (rds_message_copy_from_user()'s zcopy): needs is that parameter.
 */
extern const char splice_true_flag[];

/*
 * A bool the effect needs, bound in f (takes needs): NULL and *flag NULL
 * when f does not tie it to a message flag (the effect holds), *never when
 * it is false, else what it stands for: the parameter still, or the
 * message flag every true store of a local was tested under.
 */
char *splice_bool_needs(const struct solve_input *in, const struct models *md,
			struct solve_function *f, char *needs, const char **flag, int *never);

/* A bool parameter needs bound at call to the argument as written (l:zcopy). */
char *splice_bool_arg(const struct solve_call *call, const char *needs);

/*
 * The interned name of a message flag the analysis follows
 * (MSG_SPLICE_PAGES, MSG_ZEROCOPY), or NULL: flags compare by pointer.
 */
const char *splice_flag_name(const char *name);

/*
 * Which message flag decides whether line in f runs: the flags path in f
 * (p1->msg_flags) of the condition around it that tests a flag, directly
 * or through a local set only under such a test, with *flag set to the
 * flag. NULL when no flag test controls the line.
 */
char *splice_control(const struct solve_input *in, const struct models *md,
		     struct solve_function *f, int line, const char **flag);

/*
 * Is line in f run only where a test says the iterator whose member path
 * reads is of another kind (!iov_iter_is_kvec(iter) and a kvec's page)?
 */
int splice_kind_excluded(const struct solve_input *in, const struct models *md,
			 struct solve_function *f, int line, const char *path);

/*
 * Does path go through a member of an iterator of a local message that the
 * function filled as another kind (a kvec where the effect reads a bvec),
 * or of any message whose iterator f (if given) initialised as another
 * kind (kernel_sendmsg()'s iov_iter_kvec())?
 */
int splice_iter_left(const struct models *md, const struct solve_function *f, const char *path);
/*
 * path without the alternatives of a ?: merge that go through such a
 * member (the kvec variant stays when the function built a kvec); NULL
 * when none is left. Frees path.
 */
char *splice_drop_left(const struct models *md, const struct solve_function *f, char *path);

/*
 * A field a sendpage pointer is copied into is a sendpage too
 * (tcp_sw_conn->sendpage = sock->ops->sendpage): add it to the models.
 */
struct strvec;
void splice_learn_copies(struct models *md, const struct strvec *dst, const struct strvec *src);

/* Is a call to name (a function, or an ops member TYPE.MEMBER) a sendpage? */
int splice_is_sendpage(const struct models *md, const char *name);
/* Is there a splice.txt line "KIND NAME"? */
int splice_model_has(const struct models *md, const char *kind, const char *name);
/*
 * Set every function's sock_kind: in a layer that serves only sockets given
 * its upper-layer protocol (splice.txt "ulp"), or a driver's private
 * socket operation ("private-ops").
 */
void splice_socket_kinds(const struct models *md, struct solve_input *in);

/*
 * f builds the message whose flags are at needs (a path local to f): does
 * it set flag (MSG_SPLICE_PAGES) on it before line (the call)? 0 if never: the data is copied
 * and nothing is referenced. 1 if it does; then *excl gets the origins that
 * every setting rules out for page (the flag is set only in a branch where
 * sendpage_ok(page) held), and *why, if not yet set, says which guard.
 */
int splice_flag_set(const struct solve_input *in, const struct models *md,
		    struct solve_function *f, const char *needs, const char *flag, int line,
		    const char *page, unsigned *excl, char **why);

/*
 * The model's "effect" lines as effects of the functions they name (model
 * effects: derived_from = model). add is the solver's add_effect.
 */
void splice_model_effects(struct solve_input *in, const struct models *md, void *ctx,
			  void (*add)(void *ctx, struct solve_function *f, const char *op,
				      const char *path));

#endif
