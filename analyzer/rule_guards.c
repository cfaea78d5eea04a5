// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: guards (guards.c, db/models/guards.txt). A reference taken, or a
 * page passed on, only where a test such as sendpage_ok(page) held rules
 * out the origins that test excludes: the effect carries them (excl) up
 * the call graph, and a finding whose origin a guard around its site, in
 * the callee, or at the choice of the function pointer called rules out
 * is reported guarded, naming the guard.
 */
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "binding.h"
#include "guards.h"
#include "sink.h"
#include "splice.h"
#include "usage.h"

static void seed(const struct seed_site *s, struct solve_effect *ne)
{
	ne->excl = guard_excludes(s->in, s->md, s->f, s->line, s->path, NULL, 0);
}

/* the guards around the call in the caller, on the page as bound there */
static int decide(const struct bind_site *b, const char *bound, struct solve_effect *ne)
{
	ne->excl |= guard_excludes(b->in, b->md, b->f, b->call->line, bound, NULL,
				   ne->splice || ne->flag == SPLICE_PAGES);
	return 1;
}

/*
 * The function down the chain whose own guard rules the origins out: the
 * first one whose effect excludes them while the effect below it does not.
 */
static char *callee_guard(const struct solve_input *in, int g, const struct solve_effect *e,
			  unsigned bits)
{
	while (e) {
		const struct solve_effect *below = effect_below(in, e);

		if (!below || !(below->excl & bits & e->excl))
			return xasprintf("a guard in %s()", in->fn[g].name);
		g = e->via_fn;
		e = below;
	}
	return xstrdup("a guard in the callee");
}

/*
 * A call through a function pointer the caller chose under a guard:
 * if (sendpage_ok(page)) sendpage = sock->ops->sendpage; else sendpage =
 * sock_no_sendpage; ... sendpage(sock, page, ...). The member is called
 * only where every load of it into a local was guarded; the origins ruled
 * out at all those loads are ruled out at the call.
 */
static unsigned member_guard(const struct solve_input *in, const struct models *md,
			     struct solve_function *f, const struct solve_call *c, const char *page,
			     int splice, char **why)
{
	const char *member = strrchr(c->callee_name, '.');
	unsigned all = ~0u;
	int loads = 0;

	if (c->callee >= 0 || !member)
		return 0;
	member++;
	for (int i = 0; i < f->nr_flow; i++) {
		const char *src = f->flow[i].src;
		size_t sl = strlen(src), ml = strlen(member);

		if (f->flow[i].line > c->line || strncmp(f->flow[i].dst, "l:", 2) || sl <= ml ||
		    strcmp(src + sl - ml, member) || (src[sl - ml - 1] != '.' && src[sl - ml - 1] != '>'))
			continue;
		loads++;
		all &= guard_excludes(in, md, f, f->flow[i].line, page, why, splice);
	}
	return loads ? all : 0;
}

/*
 * Guarded: the origins ruled out where the flag was set (s->excl, from
 * an earlier rule), around the call on the argument and on the page as
 * bound, or where the function pointer was chosen; a page of unknown
 * origin is safe once slab memory is ruled out.
 */
static void site_guard(struct sink_site *s, const char *arg, struct finding *fi)
{
	struct solve_function *f = &s->in->fn[s->fn];
	char *guard = s->guard;
	unsigned bits;

	s->guard = NULL;
	bits = s->excl | guard_excludes(s->in, s->md, f, s->c->line, arg, &guard, s->spliced) |
	       guard_excludes(s->in, s->md, f, s->c->line, s->bound, &guard, s->spliced) |
	       member_guard(s->in, s->md, f, s->c, s->bound, s->spliced, &guard);
	if (s->unknown ? ((bits | s->e->excl) & O_SLAB) : (bits & origin_bits(s->origin))) {
		fi->guarded = 1;
		fi->guard = guard ? guard : callee_guard(s->in, s->g, s->e, O_SLAB | bits);
	} else {
		free(guard);
	}
}

const struct bind_rule bind_guards = {
	.name = "guards", .seed = seed, .decide = decide, .site_guard = site_guard,
};
