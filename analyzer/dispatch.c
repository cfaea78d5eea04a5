// SPDX-License-Identifier: GPL-2.0
/*
 * Whether a producer's request reaches its consumer (dispatch.h): a walk
 * back from the consumer over its callers, direct and indirect, marks the
 * calls from which it can be reached and the next call on the shortest
 * way; a producer's function, its store chain's callees and its callers
 * are then searched for such a call made after the one that puts the page
 * in. The walk stays in the families of the three that meet there: the
 * producer's, the consumer's, and the one of the function that stores the
 * page into the request (the storage stack's core, block/ for a bio):
 * through anything else (a kfree() that may reclaim memory, which may
 * flush a plug of block I/O) every function reaches every driver.
 */
#include <stdlib.h>
#include <string.h>

#include "dispatch.h"
#include "layer.h"
#include "usage.h"

/* Every way back to the consumer is a call chain no longer than this. */
#define DISPATCH_DEPTH 24

struct reach {
	int cons;
	const char *fam[3];		/* the families the walk stays in */
	unsigned char *call;		/* by call index: reaches cons */
	const struct solve_call **next;	/* by function: its call on the way to cons */
	int *dist;			/* by function: calls to cons, -1 none */
	struct reach *more;
};

struct dispatch {
	const struct solve_input *in;
	struct reach *reach;
};

struct dispatch *dispatch_new(const struct solve_input *in)
{
	struct dispatch *d = xcalloc(1, sizeof(*d));

	d->in = in;
	return d;
}

void dispatch_free(struct dispatch *d)
{
	if (!d)
		return;
	while (d->reach) {
		struct reach *r = d->reach;

		d->reach = r->more;
		free(r->call);
		free(r->next);
		free(r->dist);
		free(r);
	}
	free(d);
}

static int allowed(const struct reach *r, const char *layer)
{
	for (int i = 0; i < 3; i++)
		if (r->fam[i] && layer_same_family(r->fam[i], layer))
			return 1;
	return 0;
}

static void visit(const struct solve_input *in, struct reach *r, int *queue, int *tail,
		  struct solve_call *c, int h)
{
	int a = c->caller;

	if (!allowed(r, in->fn[a].layer))
		return;
	r->call[c - in->calls] = 1;
	if (r->dist[a] >= 0 || r->dist[h] + 1 > DISPATCH_DEPTH)
		return;
	r->dist[a] = r->dist[h] + 1;
	r->next[a] = c;
	queue[(*tail)++] = a;
}

static struct reach *reach_of(struct dispatch *d, int cons, const char *fam[3])
{
	const struct solve_input *in = d->in;
	struct reach *r;
	int *queue, head = 0, tail = 0;

	for (r = d->reach; r; r = r->more)
		if (r->cons == cons && r->fam[0] == fam[0] && r->fam[1] == fam[1] &&
		    r->fam[2] == fam[2])
			return r;
	r = xcalloc(1, sizeof(*r));
	r->cons = cons;
	memcpy(r->fam, fam, sizeof(r->fam));
	r->call = xcalloc(in->nr_calls + 1, 1);
	r->next = xcalloc(in->nr_fn + 1, sizeof(*r->next));
	r->dist = xcalloc(in->nr_fn + 1, sizeof(*r->dist));
	queue = xcalloc(in->nr_fn + 1, sizeof(*queue));
	for (int i = 0; i < in->nr_fn; i++)
		r->dist[i] = -1;
	r->dist[cons] = 0;
	queue[tail++] = cons;
	while (head < tail) {
		int h = queue[head++];
		const struct solve_function *hf = &in->fn[h];

		for (int i = 0; i < hf->nr_caller; i++)
			visit(in, r, queue, &tail, hf->caller[i], h);
		for (int i = 0; i < hf->nr_icaller; i++)
			visit(in, r, queue, &tail, hf->icaller[i], h);
	}
	free(queue);
	r->more = d->reach;
	d->reach = r;
	return r;
}

/* The first call of g after line that reaches the consumer, or NULL. */
static const struct solve_call *call_after(const struct solve_input *in, const struct reach *r,
					   int g, int line)
{
	const struct solve_function *f = &in->fn[g];

	for (int i = 0; i < f->nr_call; i++)
		if (f->call[i]->line > line && r->call[f->call[i] - in->calls])
			return f->call[i];
	return NULL;
}

/* The function call c goes to on the shortest way to the consumer, or -1. */
static int next_fn(const struct solve_input *in, const struct reach *r, const struct solve_call *c)
{
	int best = -1;

	if (c->callee >= 0)
		return r->dist[c->callee] >= 0 ? c->callee : -1;
	/* an indirect call: the target the walk came from */
	for (int g = 0; g < in->nr_fn; g++) {
		if (r->dist[g] < 0 || (best >= 0 && r->dist[g] >= r->dist[best]))
			continue;
		for (int i = 0; i < in->fn[g].nr_icaller; i++)
			if (in->fn[g].icaller[i] == c) {
				best = g;
				break;
			}
	}
	return best;
}

/* "A() line N: B() -> C() -> ... -> cons()" along the marks from call c. */
static char *path_text(const struct solve_input *in, const struct reach *r,
		       const struct solve_call *c)
{
	char *s = xasprintf("%s() line %d: ", in->fn[c->caller].name, c->line);

	for (int hops = 0; c && hops <= DISPATCH_DEPTH; hops++) {
		int next = next_fn(in, r, c);
		char *w;

		if (next < 0)
			break;
		w = c->callee < 0 ?
		    xasprintf("%s%s%s = %s()", s, hops ? " -> " : "", c->callee_name, in->fn[next].name) :
		    xasprintf("%s%s%s()", s, hops ? " -> " : "", in->fn[next].name);
		free(s);
		s = w;
		if (next == r->cons)
			break;
		c = r->next[next];
	}
	return s;
}

char *dispatch_path(struct dispatch *d, const struct store_effects *ps,
		    const struct producer *p, int cons)
{
	const struct solve_input *in = d->in;
	const struct solve_call *c = NULL;
	const char *fam[3] = { in->fn[p->fn].layer, in->fn[cons].layer, NULL };
	const struct reach *r;
	int line = p->call ? p->call->line : p->line;

	/* the function at the end of the store chain: the one that puts the page in */
	for (int g = p->se_fn, k = p->se_idx; g >= 0 && k >= 0;) {
		const struct store_effect *e = &ps->se[g][k];

		fam[2] = in->fn[g].layer;
		if (!e->via)
			break;
		g = e->via_fn;
		k = e->via_se;
	}
	r = reach_of(d, cons, fam);

	/*
	 * the store chain's callees, deepest first (the one that maps the
	 * page into the request is the one that submits it), after the call
	 * that goes on down; then the producer, after the call that passes
	 * the page down (or its store)
	 */
	{
		int chain[DISPATCH_DEPTH], at[DISPATCH_DEPTH], nr = 0;

		for (int g = p->se_fn, k = p->se_idx; g >= 0 && k >= 0 && nr < DISPATCH_DEPTH;) {
			const struct store_effect *e = &ps->se[g][k];

			chain[nr] = g;
			at[nr++] = e->via ? e->via->line : e->line;
			if (!e->via)
				break;
			g = e->via_fn;
			k = e->via_se;
		}
		while (!c && nr--)
			c = call_after(in, r, chain[nr], at[nr]);
	}
	if (!c)
		c = call_after(in, r, p->fn, line);
	/*
	 * the callers, after the call into the producer (the transport's
	 * queue_rq); the walk goes on up from the first 8 callers of each
	 * level only (a helper every driver calls has hundreds): a path it
	 * misses leaves the join unresolved, the finding low, never gone
	 */
	{
		int level[DISPATCH_UP + 1][8], nr[DISPATCH_UP + 1];

		nr[0] = 1;
		level[0][0] = p->fn;
		for (int up = 1; !c && up <= DISPATCH_UP; up++) {
			nr[up] = 0;
			for (int i = 0; !c && i < nr[up - 1]; i++) {
				const struct solve_function *f = &in->fn[level[up - 1][i]];

				for (int j = 0; !c && j < f->nr_caller; j++) {
					const struct solve_call *in_call = f->caller[j];

					c = call_after(in, r, in_call->caller, in_call->line);
					if (nr[up] < 8)
						level[up][nr[up]++] = in_call->caller;
				}
			}
		}
	}
	return c ? path_text(in, r, c) : NULL;
}
