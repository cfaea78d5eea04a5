// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: frees (db/models/frees.txt). kfree(), free_pages() and their
 * wrappers give memory back to its allocator: the reference they drop is
 * the allocator's, not one the caller took. An effect that comes from one
 * is marked free as it is bound up the call graph (bind hook), and a sink
 * site whose effect frees, or whose callee is a free, is no finding (an
 * early veto).
 */
#include "bind.h"
#include "sink.h"

static void attrs(const struct bind_site *b, struct solve_effect *ne)
{
	ne->free = b->ge->free ||
		   model_get(b->md->frees, b->md->nr_frees, b->in->fn[b->g].name) != NULL;
}

const struct bind_rule bind_frees = { .name = "frees", .attrs = attrs };

static void *start(const struct solve_input *in, const struct models *md)
{
	(void)in;
	(void)md;
	return NULL;
}

static int vetoes(void *state, const struct solve_input *in, const struct models *md,
		  const struct solve_function *f, const struct solve_call *c,
		  const struct solve_effect *e)
{
	(void)state;
	(void)in;
	(void)f;
	return e->free || model_get(md->frees, md->nr_frees, c->callee_name) != NULL;
}

static void finish(void *state)
{
	(void)state;
}

const struct sink_veto veto_frees = { "frees", 1, start, vetoes, finish };
