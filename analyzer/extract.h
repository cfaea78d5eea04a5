/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_EXTRACT_H
#define PAGEREF_EXTRACT_H

#include "compdb.h"
#include "facts.h"

/*
 * The field of struct page and struct folio whose atomic updates are the
 * reference count: every refop fact is one (and the relevance filter's
 * first name).
 */
#define REFCOUNT_FIELD "_refcount"

struct extract_config {
	/* Macros to recover from the tokens (db/models/macros.txt). */
	const char *const *macros;
	int nr_macros;
	/* Struct names whose pointers carry pages (db/models/page-types.txt). */
	const char *const *page_types;
	int nr_page_types;
	/* RECORD.FIELD command fields whose stores are recorded (directions.txt). */
	const char *const *command_fields;
	int nr_command_fields;
	/*
	 * Asked for every function defined outside the main file: extract it
	 * here? Lets header inline functions be extracted once per run.
	 */
	int (*want_header_function)(const char *usr, void *data);
	void *data;
};

/*
 * Parse one translation unit with libclang (from cmd->directory, as the
 * build would) and fill tf. Returns 0 when tf holds a result, including a
 * failed parse (tf->failed, tf->error); -1 only when nothing could be done.
 */
int extract_tu(const struct compile_command *cmd, const struct extract_config *cfg,
	       struct tu_facts *tf);

/* "clang version 19.1.7 ..." from libclang, for the run header. */
char *extract_clang_version(void);

#endif
