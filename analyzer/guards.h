/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_GUARDS_H
#define PAGEREF_GUARDS_H

#include "resolve.h"

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

/*
 * Which origins can the value not have at line of f, given the guard tests
 * of f (db/models/guards.txt) on the same value? value is already resolved
 * in f. *why (if given and a guard applies) describes the first guard.
 * splice: the effect depends on MSG_SPLICE_PAGES; a guard whose branch only
 * clears that flag protects such effects and no others.
 */
unsigned guard_excludes(const struct solve_input *in, const struct models *md,
			struct solve_function *f, int line, const char *value, char **why,
			int splice);

#endif
