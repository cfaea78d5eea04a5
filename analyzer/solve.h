/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_SOLVE_H
#define PAGEREF_SOLVE_H

#include "db.h"
#include "link.h"
#include "scope.h"
#include "usage.h"

/* In-memory facts the solver works on, loaded by db_solve_load(). */
struct solve_call {
	long long id;
	int seq;
	int line;
	long long file_id;
	char *macro;		/* the macro the call came from (kmalloc for kmalloc_noprof) */
	int caller;		/* function index */
	int callee;		/* function index of the direct callee, -1 if none */
	char *callee_name;
	char **arg;		/* by argument index; NULL where not recorded */
	int nr_arg;
	/* arguments resolved in the caller, filled on demand once facts are final */
	char **rarg;
	int *rorigin;
};

struct solve_flow {
	char *dst, *src;
	char *type;		/* the destination's declared type */
	int line;
};

/* A store: dst := src, both access paths (see solve_function.write). */
struct solve_write {
	char *dst, *src;
	int line;
	/* the call whose callee made it (a summary bound there), NULL: the code here */
	const struct solve_call *by;
};

struct solve_effect {
	const char *op;
	char *path;
	unsigned path_hash;	/* of path: add_effect() compares it first */
	int depth;
	/*
	 * Where it comes from: the call and the callee's effect (an index
	 * into the callee's effects, which only grow), or NULL and -1 for a
	 * primitive in this function. Witness paths and channel sites follow
	 * these links.
	 */
	struct solve_call *via;
	int via_fn;		/* the function via reaches (indirect calls have several) */
	int via_effect;
	unsigned excl;		/* origins guards rule out on the way (guards.h) */
	/*
	 * The message flags the effect depends on: a call on the way runs
	 * only when a test of the message's flags (msg->msg_flags &
	 * MSG_SPLICE_PAGES, or a local set only under one) holds (splice.c).
	 * A parameter path while the message comes from a caller, NULL when
	 * no flag is involved or once the function that builds the message
	 * set it.
	 */
	char *needs;
	const char *flag;	/* ... and which flag: splice_flag_name() */
	unsigned char splice;	/* the page is handed to MSG_SPLICE_PAGES or sendpage */
	unsigned char model;	/* comes from a model effect, not from a _refcount primitive */
	unsigned char indirect;	/* indirect calls crossed on the way down */
	/*
	 * what kind of socket the effect needs (refeffect.ulp): bit 0, one
	 * given an upper-layer protocol (an indirect call into a splice.txt
	 * "ulp" layer: net/tls); bit 1, a driver's private socket (an
	 * indirect call into a "private-ops" operation: tap, tun)
	 */
	unsigned char ulp;
	unsigned char free;	/* comes from a free (kfree(), free_pages()): never a finding */
	/* new or changed since the function's callers last saw it (propagate()) */
	unsigned char dirty;
};

/* A MSG_SPLICE_PAGES set, clear or test in a function (table msgflag). */
struct solve_msgflag {
	char *op, *path;
	const char *flag;	/* splice_flag_name() */
	int line;
};

/* A store into a command field (table const_store, db/models/directions.txt). */
struct solve_cstore {
	char *record, *field;
	long long value;
	int known;		/* 0: not a constant */
	int param;		/* ... but this parameter of the function, or -1 */
	int line;
};

struct solve_cond {
	char *test, *arg;
	char *rarg;		/* arg resolved, cached by guard_excludes() */
	int guard;		/* -1 unknown, 0 not a guard test, 1 a guard test */
	int negated, line;
	int decides;		/* which branches imply the test's value (table cond) */
	int true_first, true_last, false_first, false_last;
};

struct solve_function {
	long long id;
	char *name;
	struct solve_call **call;	/* in seq order */
	int nr_call, alloc_call;
	struct solve_flow *flow;	/* into bare locals, and returns (dst "ret") */
	int nr_flow, alloc_flow;
	struct solve_call **caller;	/* direct calls of this function */
	int nr_caller, alloc_caller;
	struct solve_call **icaller;	/* indirect calls that may reach it (table edge) */
	int nr_icaller, alloc_icaller;
	struct solve_msgflag *msgflag;
	int nr_msgflag, alloc_msgflag;
	struct solve_cstore *cstore;
	int nr_cstore, alloc_cstore;
	unsigned char sockop;		/* placed in a struct proto or proto_ops field */
	char *proto_ops_var;		/* ... the struct proto_ops variable it is in, if one */
	/*
	 * the socket an indirect call into it needs (refeffect.ulp bits):
	 * 1 in a splice.txt "ulp" layer, 2 a "private-ops" operation; set
	 * once before propagation (splice_socket_kinds())
	 */
	unsigned char sock_kind;
	char *stored_in;		/* a field an ops table or store puts it in (bi_end_io) */
	char **ptype;			/* parameters' declared types, by index */
	int nr_ptype;
	struct solve_effect *effect;
	int nr_effect, alloc_effect;
	struct solve_cond *cond;
	int nr_cond, alloc_cond;
	/* stores through parameters: a summary callers bind (bv->bv_page = page) */
	struct solve_write *write;
	int nr_write, alloc_write;
	/* stores into fields of locals, direct or by a callee (bvec_set_page(&bv, ...)) */
	struct solve_write *lwrite;
	int nr_lwrite, alloc_lwrite;
	char *ret_path;			/* the return value as a parameter path, or NULL */
	char *ret_origin;		/* or memory from an allocator: "kmalloc(#64)" */
	int ret_origin_fn;		/* the function that called the allocator */
	char *layer;
	char *dir;			/* the directory of its file (a driver's own code) */
	long long file_id;
	int line;
	int queued;
};

struct solve_refop {
	int fn;
	int line;
	char *primitive, *path;
};

struct solve_input {
	struct solve_function *fn;
	int nr_fn;
	struct solve_call *calls;
	long nr_calls;
	struct solve_refop *refop;
	int nr_refop, alloc_refop;
	int *fn_of_id;		/* function id -> index, -1 */
	long long max_fn_id;
	struct layouts *layouts;	/* field_type and root_type, for channels.h */
	/* stores into bare globals and statics (g:name := src in function fn) */
	struct solve_gstore {
		char *name, *src;
		int fn, line;
	} *gstore;
	int nr_gstore, alloc_gstore;
	/* function pointers copied between fields: dst[i] = src[i], "struct.field" */
	struct strvec copy_dst, copy_src;
	/*
	 * bind_at_ctl()'s answers, by call and path: once the stores are
	 * final (compute_writes()), binding a path at a call is a pure
	 * function of the two, and every effect on one path (a get and a
	 * put, with and without a flag) asks the same question
	 */
	struct bind_cache *bind;
	/*
	 * the bind rules (bind.h), for the stores a binding follows to ask
	 * which tests they follow (stores.c): set by the pass manager
	 */
	const struct bind_rule *const *rules;
	size_t nr_rules;
};

struct solve_summary {
	struct link_summary link;
	struct scope_summary scope;
	long effects, functions_with_effects;
	long findings, unguarded, channel_sites;
	double seconds;		/* the solve's, link's apart */
	long peak_rss_kib;
};

/*
 * The pass manager: link the call graph and read the scope gaps, then
 * (solve) load the facts, follow the stores, derive every function's
 * reference-count effects to a fixpoint, find, pair, and store each
 * result (tables edge, scope_gap, refeffect, finding, channel_site,
 * relevant_fn). The passes are listed in solve.c.
 */
int solve_run(struct db *db, int solve, struct solve_summary *sum);

void solve_input_release(struct solve_input *in);

/*
 * What link (solve = 0) or link + solve results depend on: the facts'
 * state, the models, the schema and this binary itself (a rebuilt pageref
 * solves again). Equal to meta solve_key: the stored results are current.
 * Returns -1 (said) when the facts' state could not be read whole.
 */
int solve_key(struct db *db, int solve, char key[17]);

#endif
