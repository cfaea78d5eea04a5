/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_EFFECTS_H
#define PAGEREF_EFFECTS_H

#include "solve.h"

/*
 * The engine: each function's reference-count effects on its parameters,
 * derived from the _refcount primitives and carried up the call graph
 * (effects.c). It knows the solver's facts, the models and the binding of
 * paths; the passes that read its results (findings, producers, pairs)
 * call into it, never into the pass manager (solve.c).
 */

struct models;

/*
 * A callee's parameter path (an effect's page, or the flags it needs) as
 * the caller of call sees it; NULL when the argument is not recorded.
 */
char *bind_at(const struct solve_input *in, const struct models *md, struct solve_call *call,
	      const char *path);

/* bind_at(), noting in ctl a flag test a store followed on the way depends on (splice.h). */
struct store_ctl;
char *bind_at_ctl(const struct solve_input *in, const struct models *md,
		  struct solve_call *call, const char *path, struct store_ctl *ctl);

/* The callee's effect e came from, or NULL for a primitive. */
const struct solve_effect *effect_below(const struct solve_input *in,
					const struct solve_effect *e);

/*
 * The effects of the primitives (refop) and of the models (splice.txt) in
 * each function; the stores must be final (compute_writes()).
 */
void effects_derive(struct solve_input *in, const struct models *md);

/* Carry every effect up to the callers, to a fixpoint. */
void effects_propagate(struct solve_input *in, const struct models *md);

/* What effects_derive() kept beside the input. */
void effects_release(struct solve_input *in);

#endif
