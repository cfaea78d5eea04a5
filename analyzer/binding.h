/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_BINDING_H
#define PAGEREF_BINDING_H

#include "solve.h"

struct models;

/*
 * A callee's parameter path (an effect's page, or the flags it needs) as
 * the caller of call sees it; NULL when the argument is not recorded.
 */
char *bind_at(const struct solve_input *in, const struct models *md, struct solve_call *call,
	      const char *path);

/* bind_at(), noting in ctl the test a store followed on the way depends on (stores.h). */
struct store_ctl;
char *bind_at_ctl(const struct solve_input *in, const struct models *md,
		  struct solve_call *call, const char *path, struct store_ctl *ctl);

/* The callee's effect e came from, or NULL for a primitive. */
const struct solve_effect *effect_below(const struct solve_input *in,
					const struct solve_effect *e);

/* Keep bind_at_ctl()'s answers from now on: the stores are final. */
void binding_start(struct solve_input *in);
/* ... and drop them. */
void binding_release(struct solve_input *in);

#endif
