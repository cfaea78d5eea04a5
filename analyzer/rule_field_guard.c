// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a guard carried in a field. libiscsi_tcp's iscsi_tcp_segment_map()
 * returns early when sendpage_ok(sg_page(segment->sg)) holds and maps the
 * page into segment->data otherwise; iscsi_sw_tcp_xmit_segment() splices
 * sg_page(segment->sg) only where segment->data is NULL. The test is made
 * in one function and read in another, through the field: a NULL field
 * says the guard held.
 *
 * At a sink site of F, the page is guarded when it entered the call (at
 * the call itself, or where F stored it into the local it passes) only in
 * lines where a test of an object's field says the field is NULL, and a
 * function F calls before that test (directly or through its callees, up
 * to CHAIN_DEPTH) stores into that same field, bound to F's object, only
 * after an if whose branch runs when a guard test (guards.txt) has its
 * safe value on that same page. The if's branch is taken to leave the
 * function, the approximation guards.c makes of dominance; so is the
 * order: the carrier's store is taken to be the field's last before the
 * test (iscsi_tcp_segment_done() maps every segment it moves to).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "guards.h"
#include "path.h"
#include "sink.h"
#include "stores.h"
#include "usage.h"

#define CHAIN_DEPTH 3

/* Where the field tested by c is NULL, given the branches the test decides. */
static int null_at(const struct solve_cond *c, int line)
{
	int in_true = c->true_first && line >= c->true_first && line <= c->true_last;
	int in_false = c->false_first && line >= c->false_first && line <= c->false_last;

	/* if (!seg->data) {...}: the true branch; if (seg->data) ... else {...}: the false */
	return (in_true && c->negated && (c->decides & 1)) ||
	       (in_false && !c->negated && (c->decides & 2));
}

static int is_field_test(const struct solve_cond *c)
{
	return !c->arg && (c->test[0] == 'p' || !strncmp(c->test, "l:", 2)) &&
	       (strstr(c->test, "->") || strchr(c->test, '.'));
}

/* path (rooted at a parameter of g) with every parameter bound to args */
static char *bind_params(const char *path, char **args, int nr)
{
	for (int n = 0; n < nr; n++) {
		char *r;

		if (!args[n])
			continue;
		r = path_bind(path, n, args[n]);
		if (r)
			return r;
	}
	return NULL;
}

struct carried {
	const char *field;	/* the field, in F's terms (p1->data) */
	const char *obj, *type;	/* the object (p1), a parameter of F, and its type */
	const char *via;	/* F's callee the carrier is reached through */
	int line;		/* ... and the line F calls it at */
	const char *page;	/* the page at the sink, in F's terms */
	unsigned bits;		/* the origins the carried guard rules out */
	char *why;
};

/*
 * Does g, its parameters bound to args (F's terms), store into the field
 * only past a guard on the page? Every non-NULL store into the field must
 * be; one is enough to say so.
 */
static int carrier(const struct solve_input *in, const struct models *md, int g, char **args,
		   int nr, struct carried *k)
{
	struct solve_function *m = &in->fn[g];
	int stores = 0, guarded = 0;
	unsigned bits = ~0u;
	char *why = NULL;
	for (int i = 0; i < m->nr_write; i++) {
		const struct solve_write *w = &m->write[i];
		char *dst;
		unsigned here = 0;

		/* its own stores (a callee's, bound at its call, are that callee's to carry) */
		if (w->by || !strcmp(w->src, "#0"))
			continue;
		dst = bind_params(w->dst, args, nr);
		if (!dst || strcmp(dst, k->field)) {
			free(dst);
			continue;
		}
		free(dst);
		stores++;
		for (int j = 0; j < m->nr_cond; j++) {
			struct solve_cond *c = &m->cond[j];
			const char *entry;
			char when[8], *page;

			/* an if without else, before the store, whose branch has left */
			if (!c->arg || c->line > w->line || c->false_first || !c->true_last ||
			    c->true_last >= w->line || !(c->decides & 1))
				continue;
			entry = model_get(md->guard, md->nr_guard, c->test);
			if (!entry || sscanf(entry, "%7s", when) != 1 ||
			    (!c->negated) != !strcmp(when, "true"))
				continue;
			if (!c->rarg)
				c->rarg = resolve(in, md, m, c->arg, 0, NULL);
			page = bind_params(c->rarg, args, nr);
			if (page && path_same_value(page, k->page)) {
				here |= origin_bits(entry + strlen(when));
				if (!why)
					why = xasprintf("%s() in %s() at line %d", c->test, m->name,
							c->line);
			}
			free(page);
		}
		guarded += here != 0;
		bits &= here;
	}
	if (!stores || guarded < stores || !bits) {
		free(why);
		return 0;
	}
	k->bits = bits;
	k->why = why;
	return 1;
}

/*
 * The arguments of call c (made in a function whose parameters are bound
 * to args), in F's terms. The extractor records a call's arguments only
 * where one is of a page's type; for the others (iscsi_tcp_segment_done(
 * tcp_conn, segment, 0, r)), a parameter of the object's own type is
 * taken to be the object.
 */
static char **call_args(const struct solve_input *in, const struct models *md,
			struct solve_call *c, char **args, int nr, const struct carried *k, int *nr_out)
{
	const struct solve_function *h = &in->fn[c->callee];
	int n = c->nr_arg > h->nr_ptype ? c->nr_arg : h->nr_ptype;
	char **a = xcalloc(n + 1, sizeof(*a));

	for (int i = 0; i < c->nr_arg; i++)
		if (c->arg[i])
			a[i] = args ? bind_params(resolved_arg(in, md, c, i, NULL), args, nr) :
				      xstrdup(resolved_arg(in, md, c, i, NULL));
	for (int i = 0; i < h->nr_ptype; i++)
		if (!a[i] && h->ptype[i] && !strcmp(h->ptype[i], k->type))
			a[i] = xstrdup(k->obj);
	*nr_out = n;
	return a;
}

static void free_args(char **a, int n)
{
	for (int i = 0; i < n; i++)
		free(a[i]);
	free(a);
}

/* g called with args (F's terms), and what it calls, down to depth */
static int search(const struct solve_input *in, const struct models *md, int g, char **args,
		  int nr, int depth, struct carried *k)
{
	struct solve_function *m = &in->fn[g];
	int found;

	if (carrier(in, md, g, args, nr, k))
		return 1;
	if (depth >= CHAIN_DEPTH)
		return 0;
	found = 0;
	for (int i = 0; i < m->nr_call && !found; i++) {
		struct solve_call *c = m->call[i];
		char **a;
		int na;

		if (c->callee < 0 || c->callee == g)
			continue;
		a = call_args(in, md, c, args, nr, k, &na);
		found = search(in, md, c->callee, a, na, depth + 1, k);
		free_args(a, na);
	}
	return found;
}

/* Did the page enter the call at line only in lines where t says the field is NULL? */
static int entered_where_null(const struct solve_function *f, const struct solve_cond *t,
			      int line, const char *page)
{
	int at[16], nr = page_entries(f, page, line, at, 16);

	if (!nr)
		return null_at(t, line);
	for (int i = 0; i < nr; i++)
		if (!null_at(t, at[i]))
			return 0;
	return 1;
}

static void site_guard(struct sink_site *s, const char *arg, struct finding *fi)
{
	struct solve_function *f = &s->in->fn[s->fn];
	const char *page = s->bound;

	(void)arg;
	if (fi->guarded)
		return;
	for (int i = 0; i < f->nr_cond; i++) {
		struct solve_cond *t = &f->cond[i];
		struct carried k = { .page = page };
		char *field, *obj;
		int found = 0, p;

		if (!is_field_test(t) || !entered_where_null(f, t, s->c->line, page))
			continue;
		field = resolve(s->in, s->md, f, t->test, 0, NULL);
		obj = path_base_token(field);
		if (path_root(field, &p) != ROOT_PARAM || p >= f->nr_ptype || !f->ptype[p]) {
			free(obj);
			free(field);
			continue;
		}
		k.field = field;
		k.obj = obj;
		k.type = f->ptype[p];
		/* the calls F makes before the test (a loop's condition included) */
		for (int j = 0; j < f->nr_call && !found; j++) {
			struct solve_call *c = f->call[j];
			char **a;
			int na;

			if (c->callee < 0 || c->line > t->line)
				continue;
			a = call_args(s->in, s->md, c, NULL, 0, &k, &na);
			k.via = s->in->fn[c->callee].name;
			k.line = c->line;
			found = search(s->in, s->md, c->callee, a, na, 1, &k);
			free_args(a, na);
		}
		if (found && (s->unknown ? (k.bits & O_SLAB) : (k.bits & origin_bits(s->origin)))) {
			fi->guarded = 1;
			fi->guard = xasprintf("%s, carried in %s: NULL at line %d only where it "
					      "held (%s() called at line %d first)", k.why, field,
					      t->line, k.via, k.line);
		}
		free(k.why);
		free(obj);
		free(field);
		if (fi->guarded)
			return;
	}
}

const struct bind_rule bind_field_guard = { .name = "field-guard", .site_guard = site_guard };
