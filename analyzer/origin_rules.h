/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_ORIGIN_RULES_H
#define PAGEREF_ORIGIN_RULES_H

#include "resolve.h"

/*
 * The rules a page's origin breaks (db/models/origins.txt, versions.txt):
 * what every sink family and every join asks of an allocation.
 */

/* Risky origins as bits, so that guards can exclude sets of them. */
enum origin_bit {
	O_SLAB = 1 << 0,
	O_LARGE_KMALLOC = 1 << 1,
	O_VMALLOC = 1 << 2,
	O_STACK = 1 << 3,
	O_TAIL = 1 << 4,
};

/* The bits of "slab,vmalloc"-style origin lists, and back (into the caller's buf). */
#define ORIGIN_LIST_MAX 64
unsigned origin_bits(const char *list);
const char *origin_list(unsigned bits, char buf[ORIGIN_LIST_MAX]);

/* The conversion (virt_to_page(), ...) if path turns a buffer into its page, else NULL. */
const char *origin_buffer_to_page(const struct models *md, const char *path);

/*
 * Which rule, if any, memory of origins.txt entry entry (allocated by
 * expr, reaching op through path) breaks. Fills origin (a static string)
 * and returns the rule, or NULL when the memory may be refcounted.
 */
const char *classify_origin(const struct models *md, const char *entry, const char *expr,
			    const char *path, const char *op, const char **origin);

/* The kind an origins.txt line names, as a static string ("buddy"), or NULL. */
const char *origin_kind(const struct models *md, const char *entry);

/*
 * Is the memory a pointer loaded from a field of the allocation expr
 * rather than the allocation itself?
 */
int origin_loaded_from(const char *path, const char *expr);

#endif
