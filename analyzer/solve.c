// SPDX-License-Identifier: GPL-2.0
/*
 * The solver's pass manager: one list of passes run in order on one shared
 * context (the facts as loaded, the models, what each pass leaves for the
 * next), and the key that says when the stored results are current. The
 * passes themselves live in their own files (effects.c, findings.c,
 * pairs.c, db_solve.c); none calls back into this one.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bind.h"
#include "channels.h"
#include "db_solve.h"
#include "effects.h"
#include "embedded.h"
#include "findings.h"
#include "hash.h"
#include "link.h"
#include "pairs.h"
#include "resolve.h"
#include "scope.h"
#include "solve.h"
#include "usage.h"

static void free_writes(struct solve_write *w, int nr)
{
	for (int i = 0; i < nr; i++) {
		free(w[i].dst);
		free(w[i].src);
	}
	free(w);
}

void solve_input_release(struct solve_input *in)
{
	for (int i = 0; i < in->nr_fn; i++) {
		struct solve_function *f = &in->fn[i];

		free(f->name);
		free(f->ret_path);
		free(f->ret_origin);
		free(f->layer);
		free(f->dir);
		free(f->call);
		free(f->caller);
		for (int j = 0; j < f->nr_flow; j++) {
			free(f->flow[j].dst);
			free(f->flow[j].src);
			free(f->flow[j].type);
		}
		for (int j = 0; j < f->nr_ptype; j++)
			free(f->ptype[j]);
		free(f->ptype);
		free(f->stored_in);
		free(f->flow);
		for (int j = 0; j < f->nr_effect; j++) {
			free(f->effect[j].path);
			free(f->effect[j].needs);
		}
		free(f->effect);
		free(f->icaller);
		for (int j = 0; j < f->nr_msgflag; j++) {
			free(f->msgflag[j].op);
			free(f->msgflag[j].path);
		}
		free(f->msgflag);
		for (int j = 0; j < f->nr_cstore; j++) {
			free(f->cstore[j].record);
			free(f->cstore[j].field);
		}
		free(f->cstore);
		free(f->proto_ops_var);
		free_writes(f->write, f->nr_write);
		free_writes(f->lwrite, f->nr_lwrite);
		for (int j = 0; j < f->nr_cond; j++) {
			free(f->cond[j].test);
			free(f->cond[j].arg);
			free(f->cond[j].rarg);
		}
		free(f->cond);
	}
	layouts_free(in->layouts);
	effects_release(in);
	strvec_clear(&in->copy_dst);
	strvec_clear(&in->copy_src);
	for (int i = 0; i < in->nr_gstore; i++) {
		free(in->gstore[i].name);
		free(in->gstore[i].src);
	}
	free(in->gstore);
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

/*
 * Where a solve's time goes, stage by stage, on stderr when
 * PAGEREF_SOLVE_TIMES is set (bench/results/solve.md): for people, not
 * for the database, whose results must not depend on it.
 */
struct stage_clock {
	double wall, cpu;
};

static void stage(const char *name, struct stage_clock *last)
{
	struct stage_clock t = { now_seconds(), cpu_seconds() };

	if (getenv("PAGEREF_SOLVE_TIMES"))
		fprintf(stderr, "solve: %-10s %6.2f s (cpu %.2f s)\n", name, t.wall - last->wall,
			t.cpu - last->cpu);
	*last = t;
}

/* What the passes share: each leaves its results here for the next. */
struct solve_ctx {
	struct db *db;
	struct solve_summary *sum;
	struct solve_input in;
	struct models md;
	struct scope_job *scope;
	struct finding_list fl;
	char *stores;		/* by function: it puts a page into a channel (findings) */
	int loaded;
	/* the effects' rows written beside the findings (pass_effects, pass_findings) */
	pthread_t writer;
	int writing, written;
	struct held_error writer_err;
};

static int pass_link(struct solve_ctx *c)
{
	return link_run(c->db, &c->sum->link);
}

/* what the run does not cover: read in a thread beside the rest (it needs the edges only) */
static int pass_scope(struct solve_ctx *c)
{
	char *kernel = db_meta_get(c->db, "kernel");

	c->scope = scope_start(db_file(c->db), kernel);
	free(kernel);
	return 0;
}

static int pass_load(struct solve_ctx *c)
{
	char *v = db_meta_get(c->db, "kernel_version");
	int major, minor;

	models_load(&c->md);
	if (v && sscanf(v, "%d.%d", &major, &minor) == 2)
		c->md.kernel_version = major * 100 + minor;
	free(v);
	c->loaded = 1;
	/* a truncated read would give a plausible, wrong solve: none at all */
	return db_solve_load(c->db, &c->in);
}

/* stores and returns feed each other: stores, returns, stores again */
static int pass_stores(struct solve_ctx *c)
{
	c->in.rules = bind_rules;
	c->in.nr_rules = nr_bind_rules;
	/* what the rules learn from the facts first (sendpage copies, socket kinds) */
	for (size_t i = 0; i < nr_bind_rules; i++)
		if (bind_rules[i]->prepare)
			bind_rules[i]->prepare(&c->md, &c->in);
	compute_writes(&c->in, &c->md);
	compute_ret_paths(&c->in, &c->md);
	compute_writes(&c->in, &c->md);
	return 0;
}

static void *write_effects(void *arg)
{
	struct solve_ctx *c = arg;

	errors_hold(&c->writer_err);
	c->written = db_solve_store(c->db, &c->in);
	return NULL;
}

/*
 * Wait for the effects' rows; their error, if any, is said here (once).
 * Returns the store's result.
 */
static int effects_written(struct solve_ctx *c)
{
	if (!c->writing)
		return c->written;
	pthread_join(c->writer, NULL);
	c->writing = 0;
	errors_say(&c->writer_err);
	return c->written;
}

static int pass_effects(struct solve_ctx *c)
{
	effects_derive(&c->in, &c->md);
	effects_propagate(&c->in, &c->md);
	for (int i = 0; i < c->in.nr_fn; i++) {
		c->sum->effects += c->in.fn[i].nr_effect;
		c->sum->functions_with_effects += c->in.fn[i].nr_effect > 0;
	}
	/*
	 * the effects are final: their rows are written on the other core
	 * while the findings are made (which read the effects, never change
	 * them, and use no database)
	 */
	c->writing = !pthread_create(&c->writer, NULL, write_effects, c);
	if (!c->writing)
		c->written = db_solve_store(c->db, &c->in);
	return 0;
}

/* producers, channels and the joins over them */
static int pass_findings(struct solve_ctx *c)
{
	int ret;

	c->stores = xcalloc(c->in.nr_fn ? c->in.nr_fn : 1, 1);
	ret = findings_run(&c->in, &c->md, &c->fl, c->stores);
	for (int i = 0; i < c->fl.nr; i++) {
		c->sum->findings++;
		c->sum->unguarded += !c->fl.f[i].guarded;
	}
	if (effects_written(c) < 0)
		return -1;
	return ret ? ret : db_findings_store(c->db, &c->in, &c->fl);
}

static int pass_pairs(struct solve_ctx *c)
{
	struct channel_list cl;
	int ret;

	/* the findings are stored, the pairs not yet: a solve cut between two of its writes */
	test_kill_point("solve");
	pairs_run(&c->in, &cl);
	c->sum->channel_sites = cl.nr;
	ret = db_pairs_store(c->db, &c->in, &cl);
	if (!ret)
		ret = db_relevant_store(c->db, &c->md, &c->in, &cl, c->stores);
	pairs_release(&cl);
	return ret;
}

/* The passes, in order; link and scope alone for `pageref link`. */
static const struct pass {
	const char *name;
	int (*run)(struct solve_ctx *c);
	int solve;		/* 1: only when solving */
} passes[] = {
	{ "link", pass_link, 0 },
	{ "scope", pass_scope, 0 },
	{ "load", pass_load, 1 },
	{ "stores", pass_stores, 1 },
	{ "effects", pass_effects, 1 },
	{ "findings", pass_findings, 1 },
	{ "pairs", pass_pairs, 1 },
};

int solve_run(struct db *db, int solve, struct solve_summary *sum)
{
	struct solve_ctx c = { .db = db, .sum = sum };
	struct stage_clock t = { now_seconds(), cpu_seconds() };
	double t0 = t.wall;
	struct rusage ru;
	int ret = 0;

	memset(sum, 0, sizeof(*sum));
	for (size_t i = 0; i < sizeof(passes) / sizeof(passes[0]) && !ret; i++) {
		if (passes[i].solve && !solve)
			continue;
		ret = passes[i].run(&c);
		stage(passes[i].name, &t);
	}
	if (c.writing && effects_written(&c) < 0)
		ret = -1;
	/* after a failed pass, the scope is only waited for: its one error line is said */
	if (c.scope && scope_finish(ret ? NULL : db, c.scope, &sum->scope) < 0)
		ret = -1;
	findings_release(&c.fl);
	free(c.stores);
	if (c.loaded) {
		solve_input_release(&c.in);
		models_release(&c.md);
	}
	sum->seconds = now_seconds() - t0 - sum->link.seconds;
	if (getrusage(RUSAGE_SELF, &ru) == 0)
		sum->peak_rss_kib = ru.ru_maxrss;
	return ret;
}

int solve_key(struct db *db, int solve, char key[HASH_HEX])
{
	struct hasher *h = hasher_new();
	char part[HASH_HEX];
	int ret = db_facts_state(db, part);

	hasher_add_str(h, part);
	/* the schema and the models the solve reads (embedded_list.h) */
	for (size_t i = 0; i < nr_embedded_files; i++)
		if (embedded_files[i].key & EMBEDDED_KEY_SOLVE)
			hasher_add_str(h, embedded_files[i].text);
	if (hash_file("/proc/self/exe", part) < 0)
		snprintf(part, sizeof(part), "unknown");
	hasher_add_str(h, part);
	hasher_add_u64(h, solve);
	hasher_finish(h, key);
	return ret;
}
