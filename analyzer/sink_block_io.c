// SPDX-License-Identifier: GPL-2.0
/*
 * Sink family: a page of someone else's block I/O, which may be slab
 * (bio_map_kern(), db/models/io-pages.txt); or a page read back out of a
 * field that holds pages, where what the stores into that object's field
 * put there decides (the joins of findings.c; without a risky store it
 * goes). An origin the site cannot see: a possibility.
 */
#include <stdlib.h>
#include <string.h>

#include "sink.h"
#include "usage.h"

static int claim(struct sink_site *s)
{
	if (!s->io && !s->heap)
		return 0;
	s->origin = s->io ? "io" : "heap";
	s->rule = !strcmp(s->e->op, "put") ? "slab-page-put" : "slab-page-get";
	s->expr = xstrdup(s->bound);
	s->ofn = s->fn;
	s->unknown = 1;
	return 1;
}

static void witness(const struct sink_site *s, struct finding *fi)
{
	const struct solve_function *f = &s->in->fn[s->fn];

	fi->source_line = s->c->line;
	finding_add_step(fi, s->fn, s->c->file_id, s->c->line, s->io ?
			 xasprintf("%s: %s is a page of block I/O it did not allocate, which can be slab "
				   "(bio_map_kern(), db/models/io-pages.txt)", f->name, s->bound) :
			 xasprintf("%s: %s is a page read back out of an object's field", f->name, s->bound));
}

const struct sink_family sink_block_io = { "block_io", claim, witness, NULL };
