// SPDX-License-Identifier: GPL-2.0
/* Sorted walks of the kernel tree (treewalk.h): scope gaps, the filter's headers. */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdlib.h>

#include "treewalk.h"
#include "usage.h"

void tree_walk(const char *root, const char *rel,
	       int (*enter)(const char *rel, void *data),
	       void (*file)(const char *rel, const char *path, void *data), void *data)
{
	char *dir = *rel ? xasprintf("%s/%s", root, rel) : xstrdup(root);
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort);

	for (int i = 0; i < n; i++) {
		const char *nm = ents[i]->d_name;
		char *r = *rel ? xasprintf("%s/%s", rel, nm) : xstrdup(nm);

		if (nm[0] == '.') {
			/* . .. and hidden entries (.git) */
		} else if (ents[i]->d_type == DT_DIR) {
			if (enter(r, data))
				tree_walk(root, r, enter, file, data);
		} else if (ents[i]->d_type == DT_REG) {
			char *p = xasprintf("%s/%s", root, r);

			file(r, p, data);
			free(p);
		}
		free(r);
		free(ents[i]);
	}
	if (n >= 0)
		free(ents);
	free(dir);
}
