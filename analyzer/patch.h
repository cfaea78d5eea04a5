/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_PATCH_H
#define PAGEREF_PATCH_H

struct db;

struct patch_options {
	const char *tree, *out, *recipes;	/* recipes: the semantic-patches dir */
	int jobs;
	double timeout;				/* per spatch run, seconds */
};

struct patch_summary {
	long findings, patched, patches, rejected, failed;
	double seconds;
};

/*
 * The patch stage: for every unguarded finding pick the first recipe that
 * repairs it and changes its function, run spatch (in parallel, each run
 * time-limited; a failure is recorded, not fatal), and write the series to
 * OUT/patches and what happened to table patch.
 */
int patch_run(struct db *db, const struct patch_options *po, struct patch_summary *sum);

#endif
