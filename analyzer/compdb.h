/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_COMPDB_H
#define PAGEREF_COMPDB_H

#include "usage.h"

/* One compile command: argv[0] is the compiler, file is absolute. */
struct compile_command {
	char *directory;
	char *file;
	struct strvec argv;
};

struct compdb {
	struct compile_command *cmd;
	size_t nr, alloc;
};

void compdb_init(struct compdb *db);
void compdb_release(struct compdb *db);
/* Takes ownership of directory, file; copies argv. */
void compdb_add(struct compdb *db, char *directory, char *file, struct strvec *argv);

/* Read a compile_commands.json ("arguments" or "command" entries). */
int compdb_read(struct compdb *db, const char *path);
/* Write atomically (temporary file + rename). */
int compdb_write(const struct compdb *db, const char *path);

/* Sort by file and drop duplicates, so runs are deterministic. */
void compdb_sort(struct compdb *db);

#endif
