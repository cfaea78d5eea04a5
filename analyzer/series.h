/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_SERIES_H
#define PAGEREF_SERIES_H

#include "usage.h"

/*
 * A patch series made with git from changed copies of tree files, checked
 * the way a maintainer would (git apply --check on the tree, checkpatch.pl
 * --strict), and written as `git format-patch` output plus a cover letter.
 */
struct series_patch {
	/* in */
	char *file;		/* relative to the tree */
	char *changed;		/* path of the changed copy */
	char *message;		/* commit message: subject line, blank, body */
	/* out */
	int applies, cp_errors, cp_warnings;	/* cp_*: -1 when not run */
	char *detail;		/* why it was left out, or checkpatch's warnings */
	char *path;		/* patches/NNNN-....patch (relative to OUT) when in */
	char *diff;		/* the change alone against the tree (a series
				 * patch applies on the ones before it) */
};

struct series_identity {
	char *name, *email;	/* NULL when git has none configured */
};

struct series {
	const char *tree, *out, *work;	/* work: a scratch dir of ours */
	char *date;			/* the author date of every patch */
	struct series_identity who;
};

/* The user's git identity (the tree's config, else the global one). */
void series_identity(const char *tree, struct series_identity *who);

/*
 * Is OUT/patches ours to replace? It is when missing, empty, or exactly
 * what the last run wrote (OUT/patches/.pageref-series lists every file
 * with its hash). Anything else (a file added or edited by hand, another
 * tool's series) is refused with one line: nothing is overwritten.
 */
int series_out_ok(const char *out);

/*
 * Check every patch, then write the ones that pass, in order, as OUT/patches
 * (replaced as a whole, only once the new series is complete). cover()
 * gives the cover letter (subject line, blank line, body) once the checks
 * are done.
 */
int series_write(struct series *s, struct series_patch *p, int n,
		 char *(*cover)(void *ctx, struct series_patch *p, int n), void *ctx);

#endif
