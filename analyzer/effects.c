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
#include "binding.h"
#include "effects.h"
#include "intern.h"
#include "path.h"
#include "resolve.h"
#include "solve.h"
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

/* The field name a step starting at p names (->name or .name), or NULL. */
static const char *step_name(const char *p)
{
	if (p[0] == '-' && p[1] == '>')
		return p + 2;
	if (p[0] == '.' && p[1] != '.')
		return p + 1;
	return NULL;
}

/*
 * Does path go through one field twice (skb_shinfo(skb_shinfo(p0)->
 * frag_list)->frag_list, p0->next->next)? A recursive structure's deeper
 * levels hold the same kind of page through the same code as its first:
 * the first level stands for them all.
 */
static int repeats_field(const char *path)
{
	for (const char *p = path; *p; p++) {
		const char *name = step_name(p);
		size_t n = name ? strcspn(name, ".-[)|") : 0;

		if (!n)
			continue;
		/* within one alternative (a|b: each is its own path) */
		for (const char *q = name + n; *q && *q != '|'; q++) {
			const char *m = step_name(q);

			if (m && !strncmp(m, name, n) && strcspn(m, ".-[)|") == n)
				return 1;
		}
	}
	return 0;
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
	if (f->nr_effect >= MAX_EFFECTS || path_steps(path) > MAX_STEPS ||
	    strlen(path) > MAX_PATH_LEN || repeats_field(path)) {
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

static const char *intern_op(const char *op)
{
	static const char *const ops[] = { "get", "put", "tryget", "freeze", "unfreeze", "set" };

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strcmp(op, ops[i]))
			return ops[i];
	return NULL;	/* read, or not a refcount change */
}

/*
 * Bind g's effect e at call (in f): the effect f has through this call, or
 * none. The engine binds the page and follows f's stores; what the effect
 * becomes is the bind rules' (bind_list.h): the message flag it depends
 * on, the guards around the call, the socket kind, whether it frees.
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
	struct store_ctl ctl = { NULL, NULL };
	const struct bind_site bs = { in, md, f, call, g, ge, indirect, &ctl };
	char *bound;
	size_t i;

	for (i = 0; i < nr_bind_rules; i++)
		if (bind_rules[i]->attrs)
			bind_rules[i]->attrs(&bs, &ne);
	bound = bind_at_ctl(in, md, call, ge->path, &ctl);
	for (i = 0; bound && i < nr_bind_rules; i++)
		if (bind_rules[i]->narrow)
			bound = bind_rules[i]->narrow(&bs, bound);
	/* a local or a global is a sink site, not an effect of f */
	if (bound && path_root(bound, NULL) == ROOT_PARAM)
		for (i = 0; i < nr_bind_rules; i++)
			if (bind_rules[i]->decide && !bind_rules[i]->decide(&bs, bound, &ne))
				break;
	free(ctl.needs);
	if (!bound || path_root(bound, NULL) != ROOT_PARAM || i < nr_bind_rules) {
		free(bound);
		free(ne.needs);
		return 0;
	}
	return add_effect(in, f, bound, ne);
}

struct model_ctx {
	const struct solve_input *in;
	const struct models *md;
};

/* An effect a rule's models give a function (bind.h's models hook). */
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
	binding_start(in);
	for (int i = 0; i < in->nr_refop; i++) {
		const struct solve_refop *r = &in->refop[i];
		const char *op = model_get(md->atomic, md->nr_atomic, r->primitive);
		char *path;

		op = op ? intern_op(op) : NULL;
		if (!op)
			continue;
		path = resolve(in, md, &in->fn[r->fn], r->path, 0, NULL);
		if (path_root(path, NULL) == ROOT_PARAM) {
			const struct seed_site ss = { in, md, &in->fn[r->fn], r->line, path };
			struct solve_effect ne = { .op = op, .via_fn = -1, .via_effect = -1 };

			/* the flag it needs, the origins a guard rules out: the rules' */
			for (size_t k = 0; k < nr_bind_rules; k++)
				if (bind_rules[k]->seed)
					bind_rules[k]->seed(&ss, &ne);
			add_effect(in, &in->fn[r->fn], path, ne);
		} else {
			free(path);
		}
	}
	{
		struct model_ctx mc = { in, md };

		for (size_t k = 0; k < nr_bind_rules; k++)
			if (bind_rules[k]->models)
				bind_rules[k]->models(in, md, &mc, model_effect);
	}
}

void effects_propagate(struct solve_input *in, const struct models *md)
{
	propagate(in, md);
}

void effects_release(struct solve_input *in)
{
	binding_release(in);
}
