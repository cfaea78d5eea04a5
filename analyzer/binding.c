// SPDX-License-Identifier: GPL-2.0
/*
 * Binding (binding.h): a callee's parameter path as a caller sees it, and
 * the answers kept for the run. Below the engine and the rules alike: both
 * bind paths, neither is called from here (the stores a binding follows
 * ask the rules through the input's table, stores.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binding.h"
#include "intern.h"
#include "path.h"
#include "resolve.h"
#include "solve.h"
#include "stores.h"
#include "usage.h"

const struct solve_effect *effect_below(const struct solve_input *in,
					const struct solve_effect *e)
{
	if (!e->via || e->via_fn < 0 || e->via_effect < 0)
		return NULL;
	return &in->fn[e->via_fn].effect[e->via_effect];
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

void binding_start(struct solve_input *in)
{
	struct bind_cache *b = xcalloc(1, sizeof(*b));

	b->paths = intern_new();
	b->memo = memo_new();
	in->bind = b;
}

void binding_release(struct solve_input *in)
{
	struct bind_cache *b = in->bind;

	in->bind = NULL;
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
