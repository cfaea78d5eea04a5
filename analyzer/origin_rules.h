/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_ORIGIN_RULES_H
#define PAGEREF_ORIGIN_RULES_H

#include "resolve.h"

/*
 * The rules a page's origin breaks (db/models/origins.txt, versions.txt):
 * what every sink family and every join asks of an allocation.
 */

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
