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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "db_solve.h"
#include "embedded.h"
#include "findings.h"
#include "guards.h"
#include "hash.h"
#include "pairs.h"
#include "path.h"
#include "resolve.h"
#include "solve.h"
#include "usage.h"

#define MAX_EFFECTS 64
#define MAX_PATH_LEN 160

/*
 * Add or merge an effect. The same effect reached along two ways keeps the
 * shorter one, and only the origins both ways rule out; either change is
 * news for the callers.
 */
static int add_effect(struct solve_function *f, const char *op, char *path, int depth,
		      struct solve_call *via, int via_effect, unsigned excl)
{
	for (int i = 0; i < f->nr_effect; i++)
		if (f->effect[i].op == op && !strcmp(f->effect[i].path, path)) {
			struct solve_effect *e = &f->effect[i];
			int changed = (e->excl & excl) != e->excl;

			e->excl &= excl;
			if (depth < e->depth) {
				e->depth = depth;
				e->via = via;
				e->via_effect = via_effect;
				changed = 1;
			}
			free(path);
			return changed;
		}
	/* bounded: recursive structures (frag_list of frag_list) nest without end */
	if (f->nr_effect >= MAX_EFFECTS || path_steps(path) > MAX_STEPS || strlen(path) > MAX_PATH_LEN) {
		free(path);
		return 0;
	}
	ALLOC_GROW(f->effect, f->nr_effect, f->alloc_effect);
	f->effect[f->nr_effect] = (struct solve_effect){
		.op = op, .path = path, .depth = depth, .via = via, .via_effect = via_effect,
		.excl = excl,
	};
	f->nr_effect++;
	return 1;
}

const struct solve_effect *effect_below(const struct solve_input *in,
					const struct solve_effect *e)
{
	if (!e->via || e->via->callee < 0 || e->via_effect < 0)
		return NULL;
	return &in->fn[e->via->callee].effect[e->via_effect];
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
				arg = xstrdup(resolved_arg(in, md, call, p, NULL));
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
						      call, e, g->effect[e].excl |
						      guard_excludes(in, md, f, call->line, bound, NULL));
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
		free(f->ret_origin);
		free(f->layer);
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
		for (int j = 0; j < f->nr_write; j++) {
			free(f->write[j].dst);
			free(f->write[j].src);
		}
		free(f->write);
		for (int j = 0; j < f->nr_lwrite; j++) {
			free(f->lwrite[j].dst);
			free(f->lwrite[j].src);
		}
		free(f->lwrite);
		for (int j = 0; j < f->nr_cond; j++) {
			free(f->cond[j].test);
			free(f->cond[j].arg);
			free(f->cond[j].rarg);
		}
		free(f->cond);
	}
	for (long i = 0; i < in->nr_calls; i++) {
		free(in->calls[i].callee_name);
		free(in->calls[i].macro);
		for (int j = 0; j < in->calls[i].nr_arg; j++) {
			free(in->calls[i].arg[j]);
			if (in->calls[i].rarg)
				free(in->calls[i].rarg[j]);
		}
		free(in->calls[i].arg);
		free(in->calls[i].rarg);
		free(in->calls[i].rorigin);
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

int solve_run(struct db *db, struct solve_summary *sum)
{
	struct solve_input in;
	struct models md;
	double t0 = now_seconds();
	struct rusage ru;
	int ret;

	memset(sum, 0, sizeof(*sum));
	models_load(&md);
	{
		char *v = db_meta_get(db, "kernel_version");
		int major, minor;

		if (v && sscanf(v, "%d.%d", &major, &minor) == 2)
			md.kernel_version = major * 100 + minor;
		free(v);
	}
	if (db_solve_load(db, &in) < 0) {
		models_release(&md);
		return -1;
	}
	/* stores and returns feed each other: stores, returns, stores again */
	compute_writes(&in, &md);
	compute_ret_paths(&in, &md);
	compute_writes(&in, &md);
	for (int i = 0; i < in.nr_refop; i++) {
		const struct solve_refop *r = &in.refop[i];
		const char *op = model_get(md.atomic, md.nr_atomic, r->primitive);
		char *path;

		op = op ? intern_op(op) : NULL;
		if (!op)
			continue;
		path = resolve(&in, &md, &in.fn[r->fn], r->path, 0, NULL);
		if (path_root(path, NULL) == ROOT_PARAM)
			add_effect(&in.fn[r->fn], op, path, 0, NULL, -1,
				   guard_excludes(&in, &md, &in.fn[r->fn], r->line, path, NULL));
		else
			free(path);
	}
	propagate(&in, &md);
	for (int i = 0; i < in.nr_fn; i++) {
		sum->effects += in.fn[i].nr_effect;
		sum->functions_with_effects += in.fn[i].nr_effect > 0;
	}
	ret = db_solve_store(db, &in);
	if (!ret) {
		struct finding_list fl;

		findings_run(&in, &md, &fl);
		for (int i = 0; i < fl.nr; i++) {
			sum->findings++;
			sum->unguarded += !fl.f[i].guarded;
		}
		ret = db_findings_store(db, &in, &fl);
		findings_release(&fl);
	}
	if (!ret) {
		struct channel_list cl;

		pairs_run(&in, &cl);
		sum->channel_sites = cl.nr;
		ret = db_pairs_store(db, &in, &cl);
		pairs_release(&cl);
	}
	solve_input_release(&in);
	models_release(&md);
	sum->seconds = now_seconds() - t0;
	if (getrusage(RUSAGE_SELF, &ru) == 0)
		sum->peak_rss_kib = ru.ru_maxrss;
	return ret;
}

void solve_key(struct db *db, int solve, char key[HASH_HEX])
{
	const char *const models[] = {
		embedded_schema_sql, embedded_atomics_txt, embedded_conversions_txt,
		embedded_origins_txt, embedded_guards_txt, embedded_frees_txt,
		embedded_writes_txt, embedded_versions_txt,
	};
	struct hasher *h = hasher_new();
	char part[HASH_HEX];

	db_facts_state(db, part);
	hasher_add_str(h, part);
	for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++)
		hasher_add_str(h, models[i]);
	if (hash_file("/proc/self/exe", part) < 0)
		snprintf(part, sizeof(part), "unknown");
	hasher_add_str(h, part);
	hasher_add_u64(h, solve);
	hasher_finish(h, key);
}
