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
	int source_fn, source_line, sink_fn;
	struct solve_call *sink_call;
	long long entry_call;
	struct finding_step *step;
	int nr_step, alloc_step;
	char fingerprint[HASH_HEX];
};

struct finding_list {
	struct finding *f;
	int nr, alloc;
};

/* Find risky memory reaching reference-count effects (see findings.c). */
/* stores (by function index, may be NULL) marks the functions with store effects. */
int findings_run(struct solve_input *in, const struct models *md, struct finding_list *out,
		 char *stores);
void finding_release(struct finding *fi);
void findings_release(struct finding_list *out);

#endif
