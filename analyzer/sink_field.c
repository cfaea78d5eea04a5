// SPDX-License-Identifier: GPL-2.0
/*
 * Sink family: a spliced page read from a heap object's field that every
 * store fills with memory of one kind (fields.c): the kind the stores
 * allocate decides, inferred rather than seen (low confidence).
 */
#include <stdlib.h>

#include "origin_rules.h"
#include "sink.h"
#include "usage.h"

static int claim(struct sink_site *s)
{
	const struct field_origin *fo;

	if (!s->spliced || !(fo = field_origin_of(s->fields, &s->in->fn[s->fn], s->bound)))
		return 0;
	s->rule = classify_origin(s->md, fo->entry, fo->expr, s->bound, s->e->op, &s->origin);
	s->expr = xstrdup(fo->expr);
	s->ofn = s->fn;
	s->fo = fo;
	s->inferred = 1;
	return 1;
}

static void witness(const struct sink_site *s, struct finding *fi)
{
	const struct solve_function *f = &s->in->fn[s->fn];

	fi->source_line = s->c->line;
	finding_add_step(fi, s->fn, s->c->file_id, s->c->line,
			 xasprintf("%s: %s reads field %s, which every store (%d) fills with %s memory such as %s",
				   f->name, s->bound, s->fo->field, s->fo->stores, s->origin, s->fo->expr));
}

const struct sink_family sink_field = { "field", claim, witness, NULL };
