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
 * The effects of the primitives (refop) and of the models (splice.txt) in
 * each function; the stores must be final (compute_writes()).
 */
void effects_derive(struct solve_input *in, const struct models *md);

/* Carry every effect up to the callers, to a fixpoint. */
void effects_propagate(struct solve_input *in, const struct models *md);

/* What effects_derive() kept beside the input. */
void effects_release(struct solve_input *in);

#endif
