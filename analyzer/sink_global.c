// SPDX-License-Identifier: GPL-2.0
/*
 * Sink family: the address of a global (virt_to_page(&g:buf)) turned into
 * its page. A global lives in the kernel image or, in a module, in module
 * memory that vmalloc maps, where virt_to_page() gives no valid page
 * (CONFIG_DEBUG_VIRTUAL says so; sg_set_buf() BUGs under CONFIG_DEBUG_SG);
 * and it is not memory a reference count owns. Only the global's own
 * storage: a pointer kept in one (g:ptr) is where it points, not the
 * global, and is left to the families that follow the pointer.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "origin_rules.h"
#include "path.h"
#include "sink.h"
#include "usage.h"

/* &g:name or &g:name.field inside the conversion: its expression, else NULL */
static char *global_address(const struct models *md, const char *path)
{
	const char *conv = origin_buffer_to_page(md, path), *p;
	size_t n;

	if (!conv)
		return NULL;
	p = strstr(path, conv) + strlen(conv) + 1;
	if (strncmp(p, "&g:", 3))
		return NULL;
	n = strcspn(p, ",)");
	/* &g:dev->buf: memory the global points to */
	if (memmem(p, n, "->", 2))
		return NULL;
	return xstrndup(p, n);
}

static int claim(struct sink_site *s)
{
	const char *op = s->e->op;

	if (path_root(s->bound, NULL) == ROOT_PARAM || !(s->expr = global_address(s->md, s->bound)))
		return 0;
	s->origin = "global";
	s->rule = !strcmp(op, "get") || !strcmp(op, "tryget") || !strcmp(op, "put") ?
		  "global-virt-to-page" : NULL;
	s->ofn = s->fn;
	return 1;
}

static void witness(const struct sink_site *s, struct finding *fi)
{
	sink_origin_step(s, fi, s->c->line, s->c->file_id);
}

static const struct rule_info rule = {
	"global-virt-to-page", "GlobalVirtToPage",
	"virt_to_page() of a global's address.",
	"A global lives in the kernel image or, in a module, in vmalloc'd module memory where "
	"virt_to_page() gives no valid page (CONFIG_DEBUG_VIRTUAL, and sg_set_buf() under "
	"CONFIG_DEBUG_SG, reject it); either way it is not memory a reference count owns. "
	"Copy the data, or allocate the buffer from the page allocator or a page_frag.",
};

const struct sink_family sink_global = { "global", claim, witness, &rule };
