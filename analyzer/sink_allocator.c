// SPDX-License-Identifier: GPL-2.0
/*
 * Sink family: memory an allocator of db/models/origins.txt returned,
 * converted to its page (virt_to_page(kmalloc(...))), followed through
 * helpers' returns; the rule is the one its origin breaks (origin_rules.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channels.h"
#include "origin_rules.h"
#include "path.h"
#include "sink.h"
#include "usage.h"

/*
 * Is the memory the callee's effect reaches, spelled in the caller before
 * its locals are resolved (virt_to_page(l:req->buf)), a member array or
 * record of the object the local points to? Then it is that object's
 * memory, whatever the path does after the allocation.
 */
static int member_memory(const struct solve_input *in, int fn, const struct solve_call *c,
			 int n, const struct solve_effect *e)
{
	char *raw = path_bind(e->path, n, c->arg[n]);
	int inside = raw ? layouts_inside(in->layouts, fn, raw) : -1;

	free(raw);
	return inside == 1;
}

static int claim(struct sink_site *s)
{
	const char *entry;

	if (path_root(s->bound, NULL) == ROOT_PARAM)
		return 0;
	entry = find_origin(s->md, s->bound, &s->expr);
	if (!entry)
		return 0;
	if (origin_loaded_from(s->bound, s->expr) && !member_memory(s->in, s->fn, s->c, s->n, s->e)) {
		/*
		 * virt_to_page(kmalloc(...)->head): the page of a pointer kept
		 * in the object; but a member array or record of the object
		 * (req->buf, with buf embedded: the layouts say so) is the
		 * object's own memory
		 */
		free(s->expr);
		s->expr = NULL;
		return 0;
	}
	s->rule = classify_origin(s->md, entry, s->expr, s->bound, s->e->op, &s->origin);
	return 1;
}

static void witness(const struct sink_site *s, struct finding *fi)
{
	char name[64];
	long long file_id;
	int line;

	/* the allocator's call, in the function the memory came from */
	snprintf(name, sizeof(name), "%.*s", (int)strcspn(s->expr, "("), s->expr);
	line = sink_line_of_origin(&s->in->fn[s->ofn], name, &file_id);
	sink_origin_step(s, fi, line, file_id);
}

const struct sink_family sink_allocator = { "allocator", claim, witness, NULL };
