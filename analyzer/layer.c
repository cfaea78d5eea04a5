// SPDX-License-Identifier: GPL-2.0
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "layer.h"
#include "usage.h"

/* The first n components of path, joined by '/'. */
static char *components(const char *path, int n)
{
	const char *p = path;

	for (int i = 0; i < n; i++) {
		const char *slash = strchr(p, '/');

		if (!slash)
			return NULL;	/* fewer directories than asked */
		p = slash + 1;
	}
	return xstrndup(path, p - path - 1);
}

static char *header_layer(const char *path)
{
	const char *line = embedded_header_layers_txt;

	while (*line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);

		if (len && line[0] != '#') {
			char *entry = xstrndup(line, len);
			char *tab = strpbrk(entry, " \t");

			if (tab) {
				char *layer = tab + strspn(tab, " \t");

				*tab = '\0';
				if (!fnmatch(entry, path, 0)) {
					char *r = xstrdup(layer);

					free(entry);
					return r;
				}
			}
			free(entry);
		}
		line += len + (end ? 1 : 0);
	}
	return xstrdup("include");
}

char *layer_of(const char *path)
{
	char *l;

	if (path[0] == '@')
		return xstrdup("generated");
	if (path[0] == '/')
		return xstrdup("external");
	if (!strncmp(path, "include/", 8) || strstr(path, "/include/"))
		return header_layer(path);
	if (!strncmp(path, "drivers/", 8)) {
		l = components(path, 3);
		if (!l)
			l = components(path, 2);
		return l ? l : xstrdup("drivers");
	}
	if (!strncmp(path, "net/", 4) || !strncmp(path, "fs/", 3) || !strncmp(path, "arch/", 5) ||
	    !strncmp(path, "sound/", 6)) {
		l = components(path, 2);
		if (l)
			return l;
	}
	l = components(path, 1);
	return l ? l : xstrdup("top");
}

size_t layer_family_len(const char *layer)
{
	const char *slash = strchr(layer, '/');

	if (!slash)
		return strlen(layer);
	slash = strchr(slash + 1, '/');
	return slash ? (size_t)(slash - layer) : strlen(layer);
}

int layer_same_family(const char *a, const char *b)
{
	size_t n = layer_family_len(a);

	return n == layer_family_len(b) && !strncmp(a, b, n);
}

int layer_same_driver(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b), fam = layer_family_len(a);
	const char *shorter = na < nb ? a : b, *longer = na < nb ? b : a;
	size_t ns = na < nb ? na : nb;

	if (!strcmp(a, b))
		return 1;
	/* a directory inside the other one, below the family (mt76/ and mt76/mt76x0/) */
	return ns > fam && !strncmp(shorter, longer, ns) && longer[ns] == '/';
}
