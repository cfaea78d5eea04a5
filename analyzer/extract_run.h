/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_EXTRACT_RUN_H
#define PAGEREF_EXTRACT_RUN_H

#include "compdb.h"
#include "db_facts.h"

struct fact_cache;

struct extract_run_opts {
	const char *db_path;
	struct db_roots roots;
	int jobs;
	int retry_failed;
	double tu_timeout;	/* seconds before a TU's worker is killed */
	long skipped;		/* TUs the relevance filter left out, for the progress line */
	struct fact_cache *cache;	/* facts shared across trees (factcache.h), or NULL */
};

struct extract_summary {
	int total, extracted, unchanged, failed_now;
	int cached;		/* of extracted: taken from the fact cache, not parsed */
	int uncached;		/* of extracted: parsed, but the fact cache did not take them */
	int ok, failed;		/* over the whole database afterwards */
	double seconds;
	double median_tu;	/* seconds, over the TUs extracted in this run */
	long peak_rss_kib;	/* the largest worker's peak resident set */
};

/*
 * The baseline for make bench: run `clang-19 -fsyntax-only` over the same
 * argv, jobs at a time, the way extract_run schedules workers.
 */
int extract_baseline(const struct compdb *cdb, int jobs, struct extract_summary *sum);

/*
 * Extract every TU of cdb that needs it, jobs at a time. Each TU runs in
 * a forked worker with its own database connection, so a libclang crash
 * costs one TU, not the run. Returns -1 only when the run itself failed.
 */
int extract_run(const struct compdb *cdb, const struct extract_run_opts *o,
		struct extract_summary *sum);

#endif
