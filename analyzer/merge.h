/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_MERGE_H
#define PAGEREF_MERGE_H

/*
 * Sharding: `pageref extract --shard K/N` extracts the TUs whose path
 * hashes to slice K of N, into its own database, on whatever machine runs
 * it; `pageref merge OUT SHARD.db...` combines the shards' facts into a
 * new OUT/pageref.db, on which link, solve, patch and report run as on a
 * database extracted in one place (Documentation/usage.md, "Sharding").
 *
 * The merged database holds what one extraction of all the TUs would:
 * every TU of every shard (ids renumbered: file, tu, function, call and
 * ops ids differ from a single run's, nothing else does), a header
 * function once (the copy of the TU with the first path that includes it,
 * as in one extraction: db_facts.c), layouts by record and field. The shards
 * must come from the same tree, DIRS and configuration, and be the N
 * slices of one split: otherwise merge refuses, so that a missing slice
 * is never a silently partial result.
 */

/* The slice (1..n) a TU's path (relative to the tree) belongs to. */
int merge_shard_of(const char *relpath, int n);

/*
 * Write OUT/pageref.db from the shard databases. An existing OUT/pageref.db
 * is kept unless force; the new one is written beside it and renamed over
 * it only when complete. Returns 0, or -1 with the reason printed.
 */
int merge_run(const char *out, char *const *shards, int nr, int force);

#endif
