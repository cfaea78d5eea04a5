/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_RESOLVE_H
#define PAGEREF_RESOLVE_H

#include "solve.h"

#define MAX_STEPS 8
#define MAX_RESOLVE 6

/* A model file (db/models/NAME.txt) as name -> rest-of-line. */
struct model_entry {
	char *name, *value;
};

/* The parsed models: a field and its count per MODEL line of embedded_list.h. */
struct models {
#define EMBED(id, file, hash)
#define MODEL(id, file, hash, field) struct model_entry *field; int nr_##field;
#include "embedded_list.h"
#undef EMBED
#undef MODEL
	int kernel_version;	/* major * 100 + minor of the analysed tree, 0 if unknown */
};

void models_load(struct models *md);
void models_release(struct models *md);
const char *model_get(const struct model_entry *m, int n, const char *name);
int is_same_conversion(const struct models *md, const char *name);
/* page_folio(X) is X: drop same-object conversions at the base. Frees v. */
char *strip_same(const struct models *md, char *v);

struct solve_call *call_by_seq(struct solve_function *f, int seq);

/* The allocator a call is (its callee or macro is in origins.txt), or NULL. */
const char *origin_name(const struct models *md, const struct solve_call *c);

/*
 * The first allocator expression in a path, name(args): returns its origins.txt
 * line ("slab 0 - -") and sets *expr to the expression; NULL if none.
 */
/*
 * Is src a call that moves local tok along what it points to (sg =
 * sg_next(sg): a function returning its parameter, passed tok)?
 */
int resolve_walks_itself(const struct solve_input *in, struct solve_function *f, const char *tok,
			 const char *src);

const char *find_origin(const struct models *md, const char *path, char **expr);

/*
 * Resolve value's base within f (see resolve.c). When the value turns out
 * to come from an allocator that another function returned, *origin_fn
 * (if given) is set to that function's index.
 */
char *resolve(const struct solve_input *in, const struct models *md,
	      struct solve_function *f, const char *value, int depth, int *origin_fn);

/*
 * Bind callees' stores through parameters at every call, so each function
 * knows what its callees store into its parameters' and locals' fields
 * (bvec_set_page(&bv, page) stores page into l:bv.bv_page).
 */
void compute_writes(struct solve_input *in, const struct models *md);

/*
 * Argument n of c resolved in its caller, cached on the call: only once
 * stores and returns are final (propagation, findings). Returns a string
 * the call owns; *origin_fn as for resolve().
 */
const char *resolved_arg(const struct solve_input *in, const struct models *md,
			 struct solve_call *c, int n, int *origin_fn);

/* Fill every function's ret_path (and ret_origin). */
void compute_ret_paths(struct solve_input *in, const struct models *md);

#endif
