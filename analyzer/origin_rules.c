// SPDX-License-Identifier: GPL-2.0
/*
 * Which origins of memory are risky for a reference-count operation, read
 * from db/models/origins.txt: the rules a page's allocation breaks when a
 * reference on it is taken or dropped (origin_rules.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "origin_rules.h"

static const struct {
	const char *name;
	unsigned bit;
} names[] = {
	{ "slab", O_SLAB }, { "large-kmalloc", O_LARGE_KMALLOC }, { "vmalloc", O_VMALLOC },
	{ "stack", O_STACK }, { "tail", O_TAIL },
};

const char *origin_list(unsigned bits, char buf[ORIGIN_LIST_MAX])
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (bits & names[i].bit)
			n += snprintf(buf + n, ORIGIN_LIST_MAX - n, "%s%s", n ? "," : "", names[i].name);
	return buf;
}

unsigned origin_bits(const char *list)
{
	unsigned bits = 0;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *p = strstr(list, names[i].name);
		size_t n = strlen(names[i].name);

		if (p && (p == list || p[-1] == ',' || p[-1] == ' ' || p[-1] == '\t') &&
		    (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
			bits |= names[i].bit;
	}
	return bits;
}

#define KMALLOC_MAX_CACHE_SIZE 8192	/* x86-64 SLUB: 2 * PAGE_SIZE */
#define GFP_COMP 0x40000		/* __GFP_COMP in 6.1 and 6.12 */

/* Does the path convert a buffer to its page (virt_to_page())? */
const char *origin_buffer_to_page(const struct models *md, const char *path)
{
	for (int i = 0; i < md->nr_conv; i++) {
		const char *name = md->conv[i].name;
		const char *p = strstr(path, name);

		if (strstr(md->conv[i].value, "buffer-to-page") && p && p[strlen(name)] == '(' &&
		    (p == path || (p[-1] != '_' && !(p[-1] >= 'a' && p[-1] <= 'z'))))
			return name;
	}
	return NULL;
}

/* The n-th comma-separated argument of name(a0,a1,...), as a constant. */
static int const_arg(const char *expr, int n, long long *value)
{
	const char *p = strchr(expr, '(');
	int depth = 0, idx = 0;

	if (!p || n < 0)
		return 0;
	for (p++; *p; p++) {
		if (idx == n && depth == 0 && *p == '#' && p[1] != '?') {
			char *end;

			*value = strtoll(p + 1, &end, 10);
			return end != p + 1 && (*end == ',' || *end == ')');
		}
		if (*p == '(')
			depth++;
		else if (*p == ')' && depth-- == 0)
			return 0;
		else if (*p == ',' && depth == 0)
			idx++;
	}
	return 0;
}

/* Column n (0: origin) of an origins.txt entry: "slab 0 - -". */
static int model_column(const char *entry, int n)
{
	char buf[128];
	char *save = NULL, *tok;
	int i = 0;

	snprintf(buf, sizeof(buf), "%s", entry);
	for (tok = strtok_r(buf, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save), i++)
		if (i == n)
			return strcmp(tok, "-") ? atoi(tok) : -1;
	return -1;
}

/*
 * Classify: which rule, if any, does memory of this origin reaching op
 * break? Fills origin (a static string) and returns the rule or NULL.
 */
const char *classify_origin(const struct models *md, const char *entry, const char *expr,
			    const char *path, const char *op, const char **origin)
{
	char kind[32];
	long long size, order, gfp;
	int b2p = origin_buffer_to_page(md, path) != NULL;
	int get = !strcmp(op, "get") || !strcmp(op, "tryget");
	int put = !strcmp(op, "put");

	if (!get && !put)
		return NULL;	/* freeze/set on foreign memory: another story */
	sscanf(entry, "%31s", kind);
	if (!strcmp(kind, "slab") || !strcmp(kind, "slab-or-vmalloc")) {
		if (!b2p)
			return NULL;
		if (const_arg(expr, model_column(entry, 1), &size) && size > KMALLOC_MAX_CACHE_SIZE) {
			*origin = "large-kmalloc";
			return "frozen-page-ref";
		}
		*origin = !strcmp(kind, "slab") ? "slab" : "slab,vmalloc";
		return get ? "slab-page-get" : "slab-page-put";
	}
	if (!strcmp(kind, "large-kmalloc")) {
		if (!b2p)
			return NULL;
		*origin = "large-kmalloc";
		return "frozen-page-ref";
	}
	if (!strcmp(kind, "vmalloc")) {
		if (!b2p)
			return NULL;
		*origin = "vmalloc";
		return "vmalloc-virt-to-page";
	}
	if (!strcmp(kind, "buddy") || !strcmp(kind, "buddy-addr")) {
		if (!strcmp(kind, "buddy-addr") && !b2p)
			return NULL;
		/* order > 0 without __GFP_COMP: pages after the first have refcount 0 */
		if (const_arg(expr, model_column(entry, 2), &order) && order > 0 &&
		    const_arg(expr, model_column(entry, 3), &gfp) && !(gfp & GFP_COMP)) {
			*origin = "tail";
			return "tail-page-ref";
		}
		return NULL;
	}
	return NULL;	/* page-frag, page-pool, user pages: refcountable */
}

/* The kind an origins.txt line names, as a static string ("buddy"), or NULL. */
const char *origin_kind(const struct models *md, const char *entry)
{
	static const char *const kinds[] = {
		"slab", "slab-or-vmalloc", "large-kmalloc", "vmalloc", "buddy", "buddy-addr",
		"page-frag", "page-pool", "user",
	};
	size_t n = strcspn(entry, " \t");

	(void)md;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strlen(kinds[i]) == n && !strncmp(entry, kinds[i], n))
			return kinds[i];
	return NULL;
}

/*
 * Is the memory a pointer loaded from a field of the allocation rather
 * than the allocation itself? A field step after expr, and no & before it.
 */
int origin_loaded_from(const char *path, const char *expr)
{
	const char *p = strstr(path, expr);
	const char *after;

	if (!p)
		return 0;
	after = p + strlen(expr);
	/*
	 * a field step anywhere after it (skb_shinfo(kmalloc(...))->frag_list->head),
	 * or an element of a kmalloc'd array of pointers (mana's rxbufs_pre[i]
	 * holds page-allocator buffers; the array itself is slab)
	 */
	if (!strstr(after, "->") && !strchr(after, '.') && !strstr(after, "[*]"))
		return 0;
	return !(p > path && p[-1] == '&');
}
