/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_FINDINGS_H
#define PAGEREF_FINDINGS_H

#include "hash.h"
#include "resolve.h"
#include "solve.h"

struct finding_step {
	int fn;
	long long file_id;
	int line;
	char *what;
};

struct finding {
	const char *rule, *severity, *confidence, *origin, *op, *sink_api;
	char *origin_expr, *sink_path, *guard;
	int guarded, field_steps;
	int unresolved;		/* steps of the witness the analysis assumed (confidence) */
	int source_fn, source_line, sink_fn;
	struct solve_call *sink_call;
	long long entry_call;
	struct finding_step *step;
	int nr_step, alloc_step;
	char fingerprint[HASH_HEX];
};

/*
 * A producer of a heap channel (table channel_store): a function that has
 * a page and stores it, itself or through its callees, into a field of a
 * typed object (layouts_heap_key()), and what memory the page is.
 */
struct channel_store {
	char *channel;		/* the typed channel: scatterlist.page_link */
	char *object;		/* the object's path: fxd_ring.slot[*].sg.page_link */
	int fn, alloc_fn;	/* the producer, and where the memory was allocated */
	long long file_id;	/* the store, or the call that passes the page down */
	int line;
	char *page;		/* virt_to_page(kmalloc(#512)) */
	const char *origin;	/* origins.txt's kind, "unknown" */
	int risky;		/* a reference on it would be a finding */
};

struct finding_list {
	struct finding *f;
	int nr, alloc;
	struct channel_store *cs;
	int nr_cs, alloc_cs;
};

/* Find risky memory reaching reference-count effects (see findings.c). */
/* stores (by function index, may be NULL) marks the functions with store effects. */
int findings_run(struct solve_input *in, const struct models *md, struct finding_list *out,
		 char *stores);
void finding_release(struct finding *fi);
void findings_release(struct finding_list *out);

#endif
