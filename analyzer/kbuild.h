/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_KBUILD_H
#define PAGEREF_KBUILD_H

#include "compdb.h"

struct kbuild_opts {
	const char *kernel;	/* absolute path of the kernel tree */
	const char *out;	/* absolute output directory */
	const char *dirs;	/* space-separated directories or .c files */
	const char *config;	/* a .config to use instead of allmodconfig, or NULL */
	const char *compile_db;	/* a compile database to use instead of make -n, or NULL */
	int jobs;
};

/*
 * Is dir a kernel tree? Fills version ("6.12.57") on success; on failure
 * prints one line and returns -1 with error_exit_code = EXIT_INPUT.
 */
int kbuild_check_tree(const char *dir, char *version, size_t len);

/*
 * Prepare OUT/kbuild (configure + make prepare, skipped when already done
 * for the same tree and config) and produce the compile commands for the
 * chosen dirs into db, also written to OUT/compile_commands.json.
 */
int kbuild_run(const struct kbuild_opts *o, struct compdb *db);

/*
 * Build single objects (paths relative to the tree, "lib/crc32.o") so that
 * kbuild generates the headers they include (crc32table.h): the few TUs
 * that need more than `make prepare`. Failures are reported, not fatal.
 */
int kbuild_build_objects(const struct kbuild_opts *o, const struct strvec *objs);

/*
 * Turn a compiler command line into the argv the extractor parses with:
 * drops flags that only matter for code generation or would write files
 * (see Documentation/usage.md, "Compile commands"). Exposed for tests.
 */
void kbuild_clean_argv(const struct strvec *in, struct strvec *out);

#endif
