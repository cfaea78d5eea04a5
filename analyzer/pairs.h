/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_PAIRS_H
#define PAGEREF_PAIRS_H

#include "resolve.h"
#include "solve.h"

struct channel_site {
	char *channel;
	const char *op;		/* "get" or "put" */
	const char *how;	/* "effect" or "store" */
	int fn;
	long long file_id;
	int line;
};

struct channel_list {
	struct channel_site *s;
	int nr, alloc;
};

/*
 * The channel sites of every function (see pairs.c), from the effects and
 * stores solve_run() computed.
 */
void pairs_run(struct solve_input *in, struct channel_list *out);
void pairs_release(struct channel_list *out);

#endif
