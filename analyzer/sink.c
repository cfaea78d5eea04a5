// SPDX-License-Identifier: GPL-2.0
/*
 * What the sink families (sink.h) and the engine that asks them share:
 * the witness's steps, and which layers send others' block I/O.
 */
#include <string.h>

#include "sink.h"
#include "usage.h"

void finding_add_step(struct finding *f, int fn, long long file_id, int line, char *what)
{
	struct finding_step *s;

	ALLOC_GROW(f->step, f->nr_step, f->alloc_step);
	s = &f->step[f->nr_step++];
	s->fn = fn;
	s->file_id = file_id;
	s->line = line;
	s->what = what;
}

int sink_line_of_origin(const struct solve_function *f, const char *name, long long *file_id)
{
	for (int i = 0; i < f->nr_call; i++) {
		const struct solve_call *c = f->call[i];

		if ((c->macro && !strcmp(c->macro, name)) || !strcmp(c->callee_name, name)) {
			*file_id = c->file_id;
			return c->line;
		}
	}
	*file_id = f->file_id;
	return f->line;
}

void sink_origin_step(const struct sink_site *s, struct finding *fi, int line, long long file_id)
{
	const struct solve_function *f = &s->in->fn[s->fn], *of = &s->in->fn[s->ofn];

	fi->source_line = line;
	finding_add_step(fi, s->ofn, file_id, line,
			 xasprintf("%s: %s is %s memory", of->name, s->expr, s->origin));
	if (s->ofn != s->fn)
		finding_add_step(fi, s->fn, f->file_id, f->line,
				 xasprintf("%s gets it from %s", f->name, of->name));
}

static int in_layer(const struct solve_function *f, const char *prefix)
{
	size_t len = strlen(prefix);

	return !strncmp(f->layer, prefix, len) && (!f->layer[len] || f->layer[len] == '/');
}

/*
 * Is f in a layer that receives block I/O from others (io-pages.txt
 * "layer"), and not in one that serves its own (a "producer": targets)?
 */
int sink_io_consumer(const struct models *md, const struct solve_function *f)
{
	int consumer = 0;

	for (int i = 0; i < md->nr_io_pages; i++) {
		if (!strcmp(md->io_pages[i].name, "producer") && in_layer(f, md->io_pages[i].value))
			return 0;
		if (!strcmp(md->io_pages[i].name, "layer") && in_layer(f, md->io_pages[i].value))
			consumer = 1;
	}
	return consumer;
}
