/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_INCLUDE_SEARCH_H
#define PAGEREF_INCLUDE_SEARCH_H

#include "compdb.h"
#include "usage.h"

/* What a run learnt of where includes are: beside a file, in the kernel's -I, in a TU's -I. */
struct include_cache;

struct include_cache *include_cache_new(void);
void include_cache_free(struct include_cache *c);

/* One TU's include search: its -I (and -iquote) directories, made once. */
struct include_search {
	struct include_cache *cache;
	const struct compile_command *c;
	struct strvec qdirs, adirs;	/* "x": -I and -iquote; <x>: -I */
	int global;			/* adirs starts with the kernel's own */
	unsigned long long qkey, akey;	/* the lists' hashes: lookups in them are kept by it */
};

void include_search_start(struct include_cache *cache, struct include_search *sr,
			  const struct compile_command *c);
void include_search_end(struct include_search *sr);

/* #include "name" in file from: the path, or NULL (malloc'd). */
char *include_quoted(struct include_search *sr, const char *from, const char *name);
/* #include <name>: the path, or NULL (malloc'd). */
char *include_angle(struct include_search *sr, const char *name);

#endif
