// SPDX-License-Identifier: GPL-2.0
/*
 * Join rule: the direction of a block command (db/models/directions.txt).
 * A read's buffer is filled by the device, so a transport that sends the
 * pages of requests (a consumer whose reference is taken on the way
 * through a send) never sends a read command's buffer: the nvme
 * admin-command producers that kmalloc a log page to read into are not
 * nvme-tcp's sends.
 */
#include <stdlib.h>

#include "join.h"
#include "splice.h"
#include "usage.h"

#define CHAIN_MAX 32

/*
 * The value parameter n of chain function k has, from the constant
 * arguments of the calls down the chain (into[k]: the call into function
 * k): nvme_get_features() passes nvme_admin_get_features as nvme_features()'
 * op. 0 when some call on the way passes anything but a constant or a
 * parameter of its own.
 */
static int param_value(const struct solve_call *const *into, int k, int n, long long *v)
{
	for (; k > 0 && into[k]; k--) {
		const struct solve_call *c = into[k];
		const char *a = n < c->nr_arg ? c->arg[n] : NULL;
		char *end;

		if (!a)
			return 0;
		if (a[0] == '#') {
			*v = strtoll(a + 1, &end, 0);
			return end != a + 1 && !*end;
		}
		if (a[0] != 'p')
			return 0;
		n = (int)strtol(a + 1, &end, 10);
		if (end == a + 1 || *end)
			return 0;
	}
	return 0;
}

/*
 * The command fields' masks (directions.txt) a function's stores name: 1
 * when every one it makes is a read's. into and k as for param_value().
 */
static int read_stores(const struct models *md, const struct solve_function *f, int *seen,
		       const struct solve_call *const *into, int k)
{
	int reads = 1;

	for (int i = 0; i < f->nr_cstore; i++) {
		const struct solve_cstore *c = &f->cstore[i];
		char *key = xasprintf("%s.%s", c->record, c->field);
		const char *mask = model_get(md->directions, md->nr_directions, key);
		long long v = c->value;
		int known = c->known;

		free(key);
		if (!mask)
			continue;
		*seen = 1;
		if (!known && c->param >= 0)
			known = param_value(into, k, c->param, &v);
		if (!known || (v & strtoll(mask, NULL, 0)))
			reads = 0;
	}
	return reads;
}

/*
 * Is the producer's buffer that of a read command, which the device fills
 * (directions.txt)? Read from the constants the functions that carry the
 * buffer store into a command field: where it was allocated, the producer,
 * and every callee down to the store into the bio (nvme_get_effects_log()
 * allocates, nvme_get_log() sets c.get_log_page.opcode). A read only when
 * there is such a store and every one is a constant with the mask clear;
 * a store of a parameter takes the constant its caller on the chain
 * passes (nvme_get_features() calls nvme_features() with
 * nvme_admin_get_features as op), a store of anything else, or no store
 * at all, says nothing.
 */
static int producer_reads(const struct solve_input *in, const struct models *md,
			  const struct store_effects *ps, const struct producer *p)
{
	const struct solve_call *into[CHAIN_MAX];
	const struct solve_call *prev = NULL;
	int seen = 0, nr = 0;

	if (!md->nr_directions)
		return 0;
	if (!read_stores(md, &in->fn[p->alloc_fn], &seen, NULL, 0))
		return 0;
	if (p->fn != p->alloc_fn && !read_stores(md, &in->fn[p->fn], &seen, NULL, 0))
		return 0;
	for (int g = p->se_fn, k = p->se_idx; g >= 0 && k >= 0 && nr < CHAIN_MAX;) {
		const struct store_effect *e = &ps->se[g][k];

		into[nr] = prev;
		if (!read_stores(md, &in->fn[g], &seen, into, nr))
			return 0;
		nr++;
		if (!e->via)
			break;
		prev = e->via;
		g = e->via_fn;
		k = e->via_se;
	}
	return seen;
}

/* Does the consumer take its reference on the way through a send (splice.txt "send")? */
static int consumer_sends(const struct solve_input *in, const struct models *md,
			  const struct finding *fi)
{
	for (int k = 0; k < fi->nr_step; k++) {
		const char *name;

		if (fi->step[k].fn < 0)
			continue;
		name = in->fn[fi->step[k].fn].name;
		if (splice_is_sendpage(md, name) || splice_model_has(md, "send", name))
			return 1;
	}
	return 0;
}

static int rules_out(const struct solve_input *in, const struct models *md,
		     const struct store_effects *ps, const struct finding *consumer,
		     const struct producer *p)
{
	return consumer_sends(in, md, consumer) && producer_reads(in, md, ps, p);
}

const struct join_rule join_direction = { "direction", rules_out };
