/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_ALLOCATORS_H
#define PAGEREF_ALLOCATORS_H

#include <stddef.h>

/*
 * Is name (its first len bytes) an allocator of db/models/origins.txt?
 * Its arguments are then not the value it gives (kmalloc(#64) is new
 * memory, not its size): the access-path code asks. The list is a sorted
 * table made at build time; safe from any thread.
 */
int allocator_name(const char *name, size_t len);

#endif
