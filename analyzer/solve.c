// SPDX-License-Identifier: GPL-2.0
/*
 * The solver, first part: reference-count effects derived from the code.
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
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "db_solve.h"
#include "embedded.h"
#include "path.h"
#include "solve.h"
#include "usage.h"

#define MAX_STEPS 8
#define MAX_EFFECTS 64
#define MAX_RESOLVE 6

struct model_entry {
	char *name, *value;
};

struct models {
	struct model_entry *atomic, *conv;
	int nr_atomic, nr_conv;
};

static int parse_model(const char *text, struct model_entry **out)
{
	char *copy = xstrdup(text), *save = NULL, *line;
	int n = 0, alloc = 0;

	*out = NULL;
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *name, *rest;

		line += strspn(line, " \t");
		if (!*line || *line == '#')
			continue;
		name = line;
		rest = name + strcspn(name, " \t");
		if (*rest)
			*rest++ = '\0';
		rest += strspn(rest, " \t");
		ALLOC_GROW(*out, n, alloc);
		(*out)[n].name = xstrdup(name);
		(*out)[n].value = xstrdup(rest);
		n++;
	}
	free(copy);
	return n;
}

static const char *model_get(const struct model_entry *m, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(m[i].name, name))
			return m[i].value;
	return NULL;
}

/* "same" conversions name the same object: page_folio(X) is X. */
static int is_same_conversion(const struct models *md, const char *name)
{
	const char *v = model_get(md->conv, md->nr_conv, name);

	return v && strstr(v, "same");
}

static char *strip_same(const struct models *md, char *v)
{
	char *inner, *steps, *name;

	while ((name = path_macro(v, &inner, &steps))) {
		int same = is_same_conversion(md, name);

		free(name);
		if (!same) {
			free(inner);
			free(steps);
			break;
		}
		free(v);
		v = xasprintf("%s%s", inner, steps);
		free(inner);
		free(steps);
		{
			char *n = path_normalize(v);

			free(v);
			v = n;
		}
	}
	return v;
}

static struct solve_call *call_by_seq(struct solve_function *f, int seq)
{
	int lo = 0, hi = f->nr_call - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;

		if (f->call[mid]->seq == seq)
			return f->call[mid];
		if (f->call[mid]->seq < seq)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

/*
 * Resolve the base of value within f: call results and single-source
 * locals are replaced by what they stand for. Returns a new string.
 */
static char *resolve(const struct solve_input *in, const struct models *md,
		     struct solve_function *f, const char *value, int depth)
{
	char *v = strip_same(md, path_normalize(value));
	char *tok, *repl = NULL, *out;
	int k;

	if (depth >= MAX_RESOLVE)
		return v;
	tok = path_base_token(v);
	if (tok[0] == 'c' && path_root(tok, &k) == ROOT_CALL) {
		struct solve_call *c = call_by_seq(f, k);
		const char *conv = c ? model_get(md->conv, md->nr_conv, c->callee_name) : NULL;

		const char *rp = c && c->callee >= 0 ? in->fn[c->callee].ret_path : NULL;
		int n = -1;

		if (rp)
			path_root(rp, &n);
		if (rp && n >= 0 && n < c->nr_arg && c->arg[n]) {
			/* skb_frag_page(frag) returns p0->netmem: bind it */
			char *a = resolve(in, md, f, c->arg[n], depth + 1);

			repl = path_bind(rp, n, a);
			free(a);
		} else if (c && conv && c->nr_arg > 0 && c->arg[0]) {
			char *a = resolve(in, md, f, c->arg[0], depth + 1);

			repl = strstr(conv, "same") ? a : xasprintf("%s(%s)", c->callee_name, a);
			if (repl != a)
				free(a);
		}
	} else if (!strncmp(tok, "l:", 2)) {
		const char *src = NULL;
		int n = 0;

		for (int i = 0; i < f->nr_flow; i++)
			if (!strcmp(f->flow[i].dst, tok)) {
				n++;
				src = f->flow[i].src;
			}
		/* one source only: a local assigned twice may hold either */
		if (n == 1 && strcmp(src, tok))
			repl = resolve(in, md, f, src, depth + 1);
	}
	if (!repl) {
		free(tok);
		return v;
	}
	out = path_replace(v, tok, repl);
	free(tok);
	free(repl);
	if (!out)
		return v;
	free(v);
	return strip_same(md, out);
}

/*
 * What does f return, as a path from a parameter (skb_frag_page() returns
 * p0->netmem, page_folio()'s helper returns p0)? Iterated because the
 * answer of a callee feeds its callers' answers.
 */
static void compute_ret_paths(struct solve_input *in, const struct models *md)
{
	int changed = 1, rounds = 0;

	while (changed && rounds++ < 8) {
		changed = 0;
		for (int i = 0; i < in->nr_fn; i++) {
			struct solve_function *f = &in->fn[i];

			if (f->ret_path)
				continue;
			for (int j = 0; j < f->nr_flow && !f->ret_path; j++) {
				char *r;

				if (strcmp(f->flow[j].dst, "ret"))
					continue;
				r = resolve(in, md, f, f->flow[j].src, 0);
				if (path_root(r, NULL) == ROOT_PARAM && !strchr(r, '|') &&
				    path_steps(r) <= MAX_STEPS) {
					f->ret_path = r;
					changed = 1;
				} else {
					free(r);
				}
			}
		}
	}
}

static int add_effect(struct solve_function *f, const char *op, char *path, int depth,
		      long long via)
{
	for (int i = 0; i < f->nr_effect; i++)
		if (f->effect[i].op == op && !strcmp(f->effect[i].path, path)) {
			if (depth < f->effect[i].depth) {
				f->effect[i].depth = depth;
				f->effect[i].via_call = via;
			}
			free(path);
			return 0;
		}
	if (f->nr_effect >= MAX_EFFECTS || path_steps(path) > MAX_STEPS) {
		free(path);
		return 0;
	}
	ALLOC_GROW(f->effect, f->nr_effect, f->alloc_effect);
	f->effect[f->nr_effect].op = op;
	f->effect[f->nr_effect].path = path;
	f->effect[f->nr_effect].depth = depth;
	f->effect[f->nr_effect].via_call = via;
	f->nr_effect++;
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
		struct solve_function *g = &in->fn[queue[head++ % n]];

		g->queued = 0;
		for (int c = 0; c < g->nr_caller; c++) {
			struct solve_call *call = g->caller[c];
			struct solve_function *f = &in->fn[call->caller];
			int changed = 0;

			for (int e = 0; e < g->nr_effect; e++) {
				int p;
				char *arg, *bound;

				if (path_root(g->effect[e].path, &p) != ROOT_PARAM || p >= call->nr_arg ||
				    !call->arg[p])
					continue;
				arg = resolve(in, md, f, call->arg[p], 0);
				bound = path_bind(g->effect[e].path, p, arg);
				free(arg);
				if (!bound)
					continue;
				bound = strip_same(md, bound);
				if (path_root(bound, NULL) != ROOT_PARAM) {
					free(bound);	/* a local or global: a sink site, not an effect */
					continue;
				}
				changed |= add_effect(f, g->effect[e].op, bound, g->effect[e].depth + 1,
						      call->id);
			}
			if (changed && !f->queued) {
				queue[tail++ % n] = call->caller;
				f->queued = 1;
			}
		}
	}
	free(queue);
}

void solve_input_release(struct solve_input *in)
{
	for (int i = 0; i < in->nr_fn; i++) {
		struct solve_function *f = &in->fn[i];

		free(f->name);
		free(f->ret_path);
		free(f->call);
		free(f->caller);
		for (int j = 0; j < f->nr_flow; j++) {
			free(f->flow[j].dst);
			free(f->flow[j].src);
		}
		free(f->flow);
		for (int j = 0; j < f->nr_effect; j++)
			free(f->effect[j].path);
		free(f->effect);
	}
	for (long i = 0; i < in->nr_calls; i++) {
		free(in->calls[i].callee_name);
		for (int j = 0; j < in->calls[i].nr_arg; j++)
			free(in->calls[i].arg[j]);
		free(in->calls[i].arg);
	}
	for (int i = 0; i < in->nr_refop; i++) {
		free(in->refop[i].primitive);
		free(in->refop[i].path);
	}
	free(in->refop);
	free(in->calls);
	free(in->fn);
	free(in->fn_of_id);
}

static void release_models(struct models *md)
{
	for (int i = 0; i < md->nr_atomic; i++) {
		free(md->atomic[i].name);
		free(md->atomic[i].value);
	}
	for (int i = 0; i < md->nr_conv; i++) {
		free(md->conv[i].name);
		free(md->conv[i].value);
	}
	free(md->atomic);
	free(md->conv);
}

int solve_run(struct db *db, struct solve_summary *sum)
{
	struct solve_input in;
	struct models md;
	double t0 = now_seconds();
	struct rusage ru;
	int ret;

	memset(sum, 0, sizeof(*sum));
	md.nr_atomic = parse_model(embedded_atomics_txt, &md.atomic);
	md.nr_conv = parse_model(embedded_conversions_txt, &md.conv);
	if (db_solve_load(db, &in) < 0) {
		release_models(&md);
		return -1;
	}
	compute_ret_paths(&in, &md);
	for (int i = 0; i < in.nr_refop; i++) {
		const struct solve_refop *r = &in.refop[i];
		const char *op = model_get(md.atomic, md.nr_atomic, r->primitive);
		char *path;

		op = op ? intern_op(op) : NULL;
		if (!op)
			continue;
		path = resolve(&in, &md, &in.fn[r->fn], r->path, 0);
		if (path_root(path, NULL) == ROOT_PARAM)
			add_effect(&in.fn[r->fn], op, path, 0, 0);
		else
			free(path);
	}
	propagate(&in, &md);
	for (int i = 0; i < in.nr_fn; i++) {
		sum->effects += in.fn[i].nr_effect;
		sum->functions_with_effects += in.fn[i].nr_effect > 0;
	}
	ret = db_solve_store(db, &in);
	solve_input_release(&in);
	release_models(&md);
	sum->seconds = now_seconds() - t0;
	if (getrusage(RUSAGE_SELF, &ru) == 0)
		sum->peak_rss_kib = ru.ru_maxrss;
	return ret;
}
