/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_GUARDS_H
#define PAGEREF_GUARDS_H

#include "origin_rules.h"
#include "resolve.h"

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
