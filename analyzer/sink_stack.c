// SPDX-License-Identifier: GPL-2.0
/*
 * Sink family: the address of a local or a parameter converted to its
 * page (virt_to_page(&l:buf)): stack memory, whose page must not be
 * referenced (stack-virt-to-page).
 */
#include <stdlib.h>
#include <string.h>

#include "origin_rules.h"
#include "path.h"
#include "sink.h"
#include "usage.h"

/* Stack memory: the address of a local or parameter, converted to a page. */
static int stack_origin(const struct models *md, const char *path, char **expr)
{
	const char *conv = origin_buffer_to_page(md, path);
	const char *p;

	if (!conv)
		return 0;
	p = strstr(path, conv) + strlen(conv) + 1;
	if ((p[0] == '&' && p[1] == 'l' && p[2] == ':') ||
	    (p[0] == '&' && p[1] == 'p' && p[2] >= '0' && p[2] <= '9')) {
		size_t n = strcspn(p, ",)");

		char *e = xstrndup(p, n);

		/* &skb->cb: a field of the object a local points to, not the local */
		if (strstr(e, "->")) {
			free(e);
			return 0;
		}
		*expr = e;
		return 1;
	}
	return 0;
}

static int claim(struct sink_site *s)
{
	const char *op = s->e->op;

	if (path_root(s->bound, NULL) == ROOT_PARAM || !stack_origin(s->md, s->bound, &s->expr))
		return 0;
	s->origin = "stack";
	s->rule = !strcmp(op, "get") || !strcmp(op, "tryget") || !strcmp(op, "put") ?
		  "stack-virt-to-page" : NULL;
	s->ofn = s->fn;
	return 1;
}

static void witness(const struct sink_site *s, struct finding *fi)
{
	sink_origin_step(s, fi, s->c->line, s->c->file_id);
}

const struct sink_family sink_stack = { "stack", claim, witness, NULL };
