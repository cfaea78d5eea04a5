/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_TREEWALK_H
#define PAGEREF_TREEWALK_H

/*
 * Walk ROOT/REL depth first, entries in name order (the same order on
 * every machine), hidden entries left out: enter(rel) says whether to go
 * into a directory, file(rel, path) is called for each regular file with
 * its path relative to ROOT and its full path.
 */
void tree_walk(const char *root, const char *rel,
	       int (*enter)(const char *rel, void *data),
	       void (*file)(const char *rel, const char *path, void *data), void *data);

#endif
