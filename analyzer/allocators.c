// SPDX-License-Identifier: GPL-2.0
/*
 * The allocators' names from the compiled-in origins.txt; see allocators.h.
 * cmake/embed.cmake sorts them into a table at build time: nothing here
 * is filled or written at run time.
 */
#include <stdlib.h>
#include <string.h>

#include "allocators.h"
#include "embedded.h"

struct key {
	const char *name;
	size_t len;
};

static int cmp(const void *k, const void *elem)
{
	const struct key *key = k;
	const char *word = *(const char *const *)elem;
	int c = strncmp(key->name, word, key->len);

	/* equal over len: the shorter (the key, when word goes on) sorts first */
	return c ? c : word[key->len] ? -1 : 0;
}

int allocator_name(const char *name, size_t len)
{
	struct key k = { name, len };

	return bsearch(&k, embedded_origins_txt_words, nr_embedded_origins_txt_words,
		       sizeof(embedded_origins_txt_words[0]), cmp) != NULL;
}
