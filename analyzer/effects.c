// SPDX-License-Identifier: GPL-2.0
/*
 * The engine: reference-count effects derived from the code (effects.h).
 *
 * Every atomic update of a page's or folio's _refcount (table refop) is
 * an effect on the page its path names. An effect on a parameter's path
 * moves to each direct caller by binding the parameter to the caller's
 * argument, so get_page(), put_page(), folio_get(), __skb_frag_ref(),
 * skb_append_pagefrags() ... get their effects from the analysed tree
 * itself; only the atomic API (db/models/atomics.txt) and conversions the
 * code cannot show (db/models/conversions.txt) are models.
 *
 * Values are resolved before binding: a call result cN is the argument of
 * a callee that returns its parameter (page_folio(), skb_frag_page()), a
 * local with a single source is that source, and same-object conversions
 * (page_folio(X)) are X.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "bind.h"
#include "effects.h"
#include "guards.h"
#include "intern.h"
#include "path.h"
#include "resolve.h"
#include "solve.h"
#include "splice.h"
#include "usage.h"

#define MAX_EFFECTS 64
#define MAX_PATH_LEN 160

/*
 * Effects on one path stay apart by what they depend on, and a splice stays
 * apart from a plain reference: merged, kTLS's unguarded zero-copy took the
 * splice's rule and the splice lost its guard.
 */
static int same_needs(const struct solve_effect *a, const struct solve_effect *b)
{
	return a->flag == b->flag && !a->splice == !b->splice && a->ulp == b->ulp &&
	       (a->needs == b->needs || (a->needs && b->needs && !strcmp(a->needs, b->needs)));
}

/*
 * Add or merge an effect; takes path and e.needs. The same effect reached
 * along two ways keeps the shorter one, and only the origins both ways rule
 * out; either change is news for the callers.
 */
/*
 * Is the way e better than o's? Fewer indirect calls, then shorter; between equals, a fixed
 * order (callee name, then line) so that the witness path does not depend
 * on the order functions were stored in.
 */
static int better_way(const struct solve_input *in, const struct solve_effect *e,
		      const struct solve_effect *o)
{
	int c;

	/* a chain of direct calls is the one a reader can follow */
	if (e->indirect != o->indirect)
		return e->indirect < o->indirect;
	if (e->depth != o->depth)
		return e->depth < o->depth;
	if (!e->via || !o->via)
		return 0;
	c = strcmp(in->fn[e->via_fn].name, in->fn[o->via_fn].name);
	if (c)
		return c < 0;
	if (e->via->line != o->via->line)
		return e->via->line < o->via->line;
	return e->via->seq < o->via->seq;
}

static int add_effect(const struct solve_input *in, struct solve_function *f, char *path,
		      struct solve_effect e)
{
	/* the path's hash first: most effects of a function are on other paths */
	unsigned h = (unsigned)XXH3_64bits(path, strlen(path));

	for (int i = 0; i < f->nr_effect; i++)
		if (f->effect[i].op == e.op && f->effect[i].path_hash == h &&
		    !strcmp(f->effect[i].path, path) && same_needs(&f->effect[i], &e)) {
			struct solve_effect *o = &f->effect[i];
			int changed = (o->excl & e.excl) != o->excl;

			o->excl &= e.excl;
			o->dirty |= changed;
			if (better_way(in, &e, o)) {
				/*
				 * a tie broken another way (by name) is no news to
				 * wake the callers for, but whoever binds next sees it
				 */
				o->dirty = 1;
				changed |= e.indirect < o->indirect || e.depth < o->depth;
				o->depth = e.depth;
				o->via = e.via;
				o->via_fn = e.via_fn;
				o->via_effect = e.via_effect;
				o->indirect = e.indirect;
				o->model = e.model;
				o->free = e.free;
			}
			free(path);
			free(e.needs);
			return changed;
		}
	/* bounded: recursive structures (frag_list of frag_list) nest without end */
	if (f->nr_effect >= MAX_EFFECTS || path_steps(path) > MAX_STEPS || strlen(path) > MAX_PATH_LEN) {
		free(path);
		free(e.needs);
		return 0;
	}
	ALLOC_GROW(f->effect, f->nr_effect, f->alloc_effect);
	e.path = path;
	e.path_hash = h;
	e.dirty = 1;
	f->effect[f->nr_effect++] = e;
	return 1;
}

const struct solve_effect *effect_below(const struct solve_input *in,
					const struct solve_effect *e)
{
	if (!e->via || e->via_fn < 0 || e->via_effect < 0)
		return NULL;
	return &in->fn[e->via_fn].effect[e->via_effect];
}

static const char *intern_op(const char *op)
{
	static const char *const ops[] = { "get", "put", "tryget", "freeze", "unfreeze", "set" };

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strcmp(op, ops[i]))
			return ops[i];
	return NULL;	/* read, or not a refcount change */
}

/*
 * A callee's parameter path (an effect's page, or the flags it needs) as
 * the caller sees it at call: the argument bound in, same-object
 * conversions stripped, and the caller's own earlier stores followed
 * (iov_iter_kvec() stored the kvec into the message). NULL if the path's
 * parameter has no recorded argument.
 */
static char *bind_compute(const struct solve_input *in, const struct models *md,
			  struct solve_call *call, const char *path, struct store_ctl *ctl)
{
	int p;
	char *bound = NULL;

	if (!path_top_bar(path)) {
		if (path_root(path, &p) != ROOT_PARAM || p >= call->nr_arg || !call->arg[p])
			return NULL;
		bound = path_bind(path, p, resolved_arg(in, md, call, p, NULL));
	} else {
		/*
		 * A ?: merge binds each alternative to its own parameter's
		 * argument (shadow ? p1->bv_page : p0->bv_page); an alternative
		 * whose argument is not recorded is dropped.
		 */
		const char *a = path;
		char *alt;

		while ((alt = path_next_alternative(&a))) {
			if (path_root(alt, &p) == ROOT_PARAM && p < call->nr_arg && call->arg[p])
				bound = path_or(bound,
						path_bind(alt, p, resolved_arg(in, md, call, p, NULL)));
			free(alt);
		}
	}
	if (!bound)
		return NULL;
	bound = strip_same(md, bound);
	return through_stores_ctl(in, md, &in->fn[call->caller], bound, call->line, ctl);
}

struct bind_cache {
	struct intern *paths;
	struct memo *memo;		/* (call index, path id) -> answer index */
	struct bind_answer {
		int bound, needs;	/* path ids, 0 for none */
		const char *flag;
	} *answer;
	int nr, alloc;
};

static struct bind_cache *bind_cache_new(void)
{
	struct bind_cache *b = xcalloc(1, sizeof(*b));

	b->paths = intern_new();
	b->memo = memo_new();
	return b;
}

static void bind_cache_free(struct bind_cache *b)
{
	if (!b)
		return;
	intern_free(b->paths);
	memo_free(b->memo);
	free(b->answer);
	free(b);
}

char *bind_at_ctl(const struct solve_input *in, const struct models *md,
		  struct solve_call *call, const char *path, struct store_ctl *ctl)
{
	struct bind_cache *b = in->bind;
	struct store_ctl mine = { NULL, NULL };
	struct bind_answer *a;
	int pid, slot;
	char *bound;

	if (!b)
		return bind_compute(in, md, call, path, ctl);
	pid = intern_id(b->paths, path);
	if (!memo_get(b->memo, (int)(call - in->calls), pid, 0, &slot)) {
		bound = bind_compute(in, md, call, path, &mine);
		ALLOC_GROW(b->answer, b->nr, b->alloc);
		slot = b->nr++;
		b->answer[slot] = (struct bind_answer){
			intern_id(b->paths, bound), intern_id(b->paths, mine.needs), mine.flag,
		};
		memo_put(b->memo, (int)(call - in->calls), pid, 0, slot);
		free(bound);
		free(mine.needs);
	}
	a = &b->answer[slot];
	if (ctl && a->needs) {
		ctl->needs = xstrdup(intern_str(b->paths, a->needs));
		ctl->flag = a->flag;
	}
	return a->bound ? xstrdup(intern_str(b->paths, a->bound)) : NULL;
}

char *bind_at(const struct solve_input *in, const struct models *md, struct solve_call *call,
	      const char *path)
{
	return bind_at_ctl(in, md, call, path, NULL);
}

/*
 * Bind g's effect e at call (in f): the effect f has through this call, or
 * none. A message whose flags the effect needs and that f builds decides
 * here: without MSG_SPLICE_PAGES the data is copied and nothing is
 * referenced; with it, the effect holds, protected by any guard under
 * which the flag was set.
 */
static int bind_effect(struct solve_input *in, const struct models *md, struct solve_function *f,
		       struct solve_call *call, int g, int ei, int indirect)
{
	const struct solve_effect *ge = &in->fn[g].effect[ei];

	struct solve_effect ne = {
		.op = ge->op, .depth = ge->depth + 1, .via = call, .via_fn = g, .via_effect = ei,
		.excl = ge->excl, .splice = ge->splice, .model = ge->model,
		.indirect = ge->indirect + indirect,
	};
	const struct bind_site bs = { in, md, f, g, ge, indirect };
	struct store_ctl ctl = { NULL, NULL };
	char *bound;

	/* what the rules of bind_list.h own: the socket kind, frees */
	for (size_t i = 0; i < nr_bind_rules; i++)
		bind_rules[i]->attrs(&bs, &ne);
	bound = bind_at_ctl(in, md, call, ge->path, &ctl);

	/* of a merge, the alternatives through an iterator member f did not fill go */
	if (bound)
		bound = splice_drop_left(md, bound);
	if (!bound) {
		free(ctl.needs);
		return 0;
	}
	if (path_root(bound, NULL) != ROOT_PARAM ||
	    splice_kind_excluded(in, md, f, call->line, bound)) {
		/* a local or global: a sink site; or a kind of iterator this call never sees */
		free(bound);
		free(ctl.needs);
		return 0;
	}
	if (splice_is_sendpage(md, call->callee_name))
		ne.splice = 1;
	/* the callee's flag test, bound here, or one in f around this call */
	ne.flag = ge->flag;
	ne.needs = ge->needs ? (ge->flag == splice_true_flag ? splice_bool_arg(call, ge->needs) :
				bind_at(in, md, call, ge->needs)) :
		   splice_control(in, md, f, call->line, &ne.flag);
	/* or the store the page came through was made only under a flag test */
	if (!ne.needs && !ge->needs && ctl.needs) {
		ne.needs = ctl.needs;
		ne.flag = ctl.flag;
		ctl.needs = NULL;
	}
	free(ctl.needs);
	if (ne.needs && ne.flag == splice_true_flag) {
		int never;

		ne.needs = splice_bool_needs(in, md, f, ne.needs, &ne.flag, &never);
		if (never) {
			free(bound);
			return 0;
		}
	}
	if (!ne.needs)
		ne.flag = NULL;
	if (ne.needs && path_root(ne.needs, NULL) != ROOT_PARAM) {
		unsigned excl = 0;

		/* not sent with the flag, or the message's iterator is of another kind */
		if (splice_iter_left(md, bound) ||
		    !splice_flag_set(in, md, f, ne.needs, ne.flag, call->line, bound, &excl, NULL)) {
			free(ne.needs);
			free(bound);
			return 0;
		}
		free(ne.needs);
		ne.needs = NULL;
		ne.splice |= ne.flag == SPLICE_PAGES;
		ne.flag = NULL;
		ne.excl |= excl;
	}
	ne.excl |= guard_excludes(in, md, f, call->line, bound, NULL,
				  ne.splice || ne.flag == SPLICE_PAGES);
	return add_effect(in, f, bound, ne);
}

struct model_ctx {
	const struct solve_input *in;
	const struct models *md;
};

/* An effect db/models/splice.txt gives a function (splice_model_effects()). */
static void model_effect(void *ctx, struct solve_function *f, const char *op, const char *path)
{
	const struct model_ctx *mc = ctx;
	const char *iop = intern_op(op);

	if (!iop)
		return;
	add_effect(mc->in, f, xstrdup(path), (struct solve_effect){
		.op = iop, .via_fn = -1, .via_effect = -1, .model = 1,
	});
}

/*
 * Effects move up the call graph until nothing changes. A function taken
 * off the queue binds, at each of its calls, only the effects that are new
 * or changed since its callers last saw them: binding depends on nothing
 * else that changes (the caller's stores, flags and guards are fixed
 * before), and binding an effect again that the caller already has
 * changes nothing.
 */
static void propagate(struct solve_input *in, const struct models *md)
{
	int *queue = xmalloc((in->nr_fn + 1) * sizeof(int));
	int head = 0, tail = 0, n = in->nr_fn + 1;

	for (int i = 0; i < in->nr_fn; i++)
		if (in->fn[i].nr_effect) {
			queue[tail++ % n] = i;
			in->fn[i].queued = 1;
		}
	while (head != tail) {
		int gi = queue[head++ % n];
		struct solve_function *g = &in->fn[gi];

		int nr = g->nr_effect;
		char *fresh;

		g->queued = 0;
		/* which effects to pass on: a snapshot, as recursion may change them meanwhile */
		fresh = xmalloc(nr + 1);
		for (int e = 0; e < nr; e++) {
			fresh[e] = g->effect[e].dirty;
			g->effect[e].dirty = 0;
		}
		/* direct callers, then indirect calls through ops tables and stored pointers */
		for (int c = 0; c < g->nr_caller + g->nr_icaller; c++) {
			int indirect = c >= g->nr_caller;
			struct solve_call *call = indirect ? g->icaller[c - g->nr_caller] : g->caller[c];
			struct solve_function *f = &in->fn[call->caller];
			int changed = 0;

			for (int e = 0; e < nr; e++)
				if (fresh[e])
					changed |= bind_effect(in, md, f, call, gi, e, indirect);
			if (changed && !f->queued) {
				queue[tail++ % n] = call->caller;
				f->queued = 1;
			}
		}
		free(fresh);
	}
	free(queue);
}

void effects_derive(struct solve_input *in, const struct models *md)
{
	/* the stores are final (compute_writes()): bindings can be kept */
	in->bind = bind_cache_new();
	for (int i = 0; i < in->nr_refop; i++) {
		const struct solve_refop *r = &in->refop[i];
		const char *op = model_get(md->atomic, md->nr_atomic, r->primitive);
		char *path;

		op = op ? intern_op(op) : NULL;
		if (!op)
			continue;
		path = resolve(in, md, &in->fn[r->fn], r->path, 0, NULL);
		if (path_root(path, NULL) == ROOT_PARAM) {
			const char *flag;
			char *needs = splice_control(in, md, &in->fn[r->fn], r->line, &flag);

			/* a message built here decides at once; the rest waits for a caller */
			if (needs && path_root(needs, NULL) != ROOT_PARAM) {
				free(needs);
				needs = NULL;
			}
			add_effect(in, &in->fn[r->fn], path, (struct solve_effect){
				.op = op, .via_fn = -1, .via_effect = -1,
				.needs = needs, .flag = needs ? flag : NULL,
				.excl = guard_excludes(in, md, &in->fn[r->fn], r->line, path, NULL, 0),
			});
		} else {
			free(path);
		}
	}
	{
		struct model_ctx mc = { in, md };

		splice_model_effects(in, md, &mc, model_effect);
	}
}

void effects_propagate(struct solve_input *in, const struct models *md)
{
	propagate(in, md);
}

void effects_release(struct solve_input *in)
{
	bind_cache_free(in->bind);
	in->bind = NULL;
}
