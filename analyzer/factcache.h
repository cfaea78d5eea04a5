/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_FACTCACHE_H
#define PAGEREF_FACTCACHE_H

#include <stdio.h>

#include "compdb.h"
#include "db_facts.h"
#include "facts.h"
#include "hash.h"

/*
 * The fact cache: one TU's extracted facts, shared by every OUT and every
 * tree on the machine, keyed by content the way ccache's direct mode keys
 * objects. The lookup key is the extractor's own key (its format and the
 * EXTRACT data files), the compile command and the main file's name with
 * the tree's and the object directory's paths made relative, and the main
 * file's contents; under it a manifest lists, for each stored variant, the
 * contents hash of every file the TU read, and the facts that go with them.
 * A second tree, a patched copy or another branch parses only the TUs
 * where a file it reads differs.
 *
 * Layout under the directory: m/xx/KEY (manifests, text), f/xx/RESULT
 * (facts: magic, sizes and a checksum, then zstd), stats (counters).
 * Every file is written to a temporary name and renamed, so concurrent
 * runs see old or new, never half; a damaged entry fails its checksum, is
 * removed and rebuilt. Files are touched when used; the cache is trimmed
 * to its size oldest-used first (PAGEREF_FACT_CACHE_SIZE, default 8G).
 */
struct fact_cache;

/*
 * The machine's cache: PAGEREF_FACT_CACHE (a directory; "off" turns it
 * off), else $PAGEREF_CACHE/facts, else ~/.cache/pageref/facts. NULL when
 * off. Nothing is created until something is stored.
 */
struct fact_cache *fact_cache_open(void);
void fact_cache_close(struct fact_cache *fc);
const char *fact_cache_dir(const struct fact_cache *fc);

/* The lookup key of one compile command in a tree. */
void fact_cache_key(const struct compile_command *c, const struct db_roots *r,
		    char key[HASH_HEX]);

/*
 * Facts for key whose every input still has the stored contents: 1 and tf
 * filled, 0 for a miss (nothing stored, an input differs, an entry found
 * damaged and removed). hash gives a file's content hash (NULL: read it:
 * hash_file()); the extractor's answers from its database's file table.
 * want, if not NULL, says which header functions to decode (facts_io.h):
 * the extractor's own test, so that a hit costs what the TU adds.
 */
int fact_cache_get(struct fact_cache *fc, const char *key, const struct db_roots *r,
		   struct tu_facts *tf, int (*hash)(const char *abs, char out[HASH_HEX], void *data),
		   int (*want)(const char *usr, void *data), void *data);
/*
 * Store facts that were extracted with every header function (a cached TU
 * must not depend on which TUs another run extracted first). hash as for
 * fact_cache_get(): the extractor's file table knows most inputs already,
 * so they are not read again. -1 when the entry could not be written (the
 * run goes on without it).
 */
int fact_cache_put(struct fact_cache *fc, const char *key, const struct db_roots *r,
		   const struct tu_facts *tf,
		   int (*hash)(const char *abs, char out[HASH_HEX], void *data), void *data);

enum fact_cache_counter { FC_HIT, FC_MISS, FC_STORE, FC_DAMAGED, FC_EVICTED, FC_ERROR, FC_NR };
/* Add to the shared counters (under a lock; a damaged stats file starts again at 0). */
void fact_cache_count(struct fact_cache *fc, enum fact_cache_counter what, long n);

/* Over its size: remove the least recently used files down to 90 %. Returns files removed. */
long fact_cache_trim(struct fact_cache *fc);
/* pageref cache stats|clear */
int fact_cache_print_stats(struct fact_cache *fc, FILE *out);
int fact_cache_clear(struct fact_cache *fc);

#endif
