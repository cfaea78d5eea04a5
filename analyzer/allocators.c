// SPDX-License-Identifier: GPL-2.0
/* The allocators' names from the compiled-in origins.txt; see allocators.h. */
#include <pthread.h>
#include <string.h>

#include "allocators.h"
#include "embedded.h"
#include "intern.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static struct intern *names;	/* written once, under once; only read after */

/* the first word of each line that is not a comment, as models_load() reads a model */
static void load(void)
{
	const char *p = embedded_origins_txt;

	names = intern_new();
	while (*p) {
		size_t n = strcspn(p, "\n"), w;
		const char *l = p + strspn(p, " \t");

		w = strcspn(l, " \t\n");
		if (l < p + n && *l != '#' && w)
			intern_idn(names, l, w);
		p += n + (p[n] == '\n');
	}
}

int allocator_name(const char *name, size_t len)
{
	pthread_once(&once, load);
	return intern_findn(names, name, len) != 0;
}
