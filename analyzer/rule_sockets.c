// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: the kind of socket an effect needs (refeffect.ulp, from
 * db/models/splice.txt). Bound up the call graph, an effect that entered
 * kTLS's socket operations, or a driver's private socket's, through a
 * function pointer from outside them needs such a socket (bind hook).
 * Sink veto: layers whose sockets are all their own kernel
 * sockets (splice.txt kernel-socket, user-socket): a consumer there never
 * sends on a socket with a ULP, so effects only kTLS has are not its
 * findings. Decided once per layer, from every function of the layer: it
 * creates kernel sockets, never takes or gives a file descriptor, and
 * implements no socket operations (a protocol family serves every
 * socket, user space's included). Likewise a driver's private socket
 * (tap, tun: splice.txt private-ops) only reaches a layer that gets one.
 */
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "sink.h"
#include "splice.h"
#include "usage.h"

struct layer_sockets {
	const char *layer;
	int own;		/* only its own kernel sockets */
	int priv;		/* it gets drivers' private sockets (vhost-net) */
	int left_ulp, left_priv;	/* effects left out at its call sites, by kind */
};

/* each layer's sockets, decided once in a run */
struct sockets {
	struct layer_sockets *l;
	int nr, alloc;
};

static struct layer_sockets *layer_sockets(const struct solve_input *in, const struct models *md,
					   struct sockets *st, const char *layer)
{
	struct layer_sockets *l;
	int kern = 0, user = 0, priv = 0;

	for (int i = 0; i < st->nr; i++)
		if (!strcmp(st->l[i].layer, layer))
			return &st->l[i];
	for (int g = 0; g < in->nr_fn; g++) {
		const struct solve_function *f = &in->fn[g];

		if (!f->layer || strcmp(f->layer, layer))
			continue;
		user |= f->sockop;
		for (int k = 0; k < f->nr_call; k++) {
			const char *name = f->call[k]->callee_name;

			kern |= splice_model_has(md, "kernel-socket", name);
			user |= splice_model_has(md, "user-socket", name);
			priv |= splice_model_has(md, "private-socket", name);
		}
	}
	ALLOC_GROW(st->l, st->nr, st->alloc);
	l = &st->l[st->nr++];
	l->layer = layer;
	l->own = kern && !user && !priv;
	l->priv = priv;
	l->left_ulp = l->left_priv = 0;
	return l;
}

static void *start(const struct solve_input *in, const struct models *md)
{
	(void)in;
	(void)md;
	return xcalloc(1, sizeof(struct sockets));
}

/* Can a consumer in f's layer send on a socket the effect needs? */
static int vetoes(void *state, const struct solve_input *in, const struct models *md,
		  const struct solve_function *f, const struct solve_call *c,
		  const struct solve_effect *e)
{
	struct layer_sockets *l;

	(void)c;
	if (!e->ulp || !f->layer)
		return 0;
	l = layer_sockets(in, md, state, f->layer);
	if ((e->ulp & 2) && !l->priv) {
		l->left_priv++;
		return 1;
	}
	if ((e->ulp & 1) && l->own) {
		l->left_ulp++;
		return 1;
	}
	return 0;
}

static void finish(void *state)
{
	struct sockets *st = state;
	int calls = 0, layers = 0;

	for (int i = 0; i < st->nr; i++) {
		const struct layer_sockets *l = &st->l[i];

		if (l->left_ulp)
			note("%s sends only on its own kernel sockets (created in the kernel, "
			     "never given a file): %d effect%s that only a socket with kTLS "
			     "has left out at its calls", l->layer, l->left_ulp,
			     l->left_ulp == 1 ? "" : "s");
		calls += l->left_priv;
		layers += l->left_priv > 0;
	}
	if (calls)
		note("%d effect%s through drivers' private sockets (splice.txt private-ops: "
		     "tap, tun) left out at the calls of %d layer%s that never get one",
		     calls, calls == 1 ? "" : "s", layers, layers == 1 ? "" : "s");
	free(st->l);
	free(st);
}

const struct sink_veto veto_sockets = { "sockets", 0, start, vetoes, finish };

/*
 * into kTLS's socket operations from outside them (bit 0), or into a
 * driver's private socket's (bit 1): splice.c's sock_kind of the callee,
 * through a function pointer
 */
static void attrs(const struct bind_site *b, struct solve_effect *ne)
{
	ne->ulp = b->ge->ulp |
		  (b->indirect ? b->in->fn[b->g].sock_kind & ~(b->f->sock_kind & 1) : 0);
}

/* each function's sock_kind, which attrs() reads (splice.c) */
static void prepare(struct models *md, struct solve_input *in)
{
	splice_socket_kinds(md, in);
}

const struct bind_rule bind_sockets = {
	.name = "sockets", .prepare = prepare, .attrs = attrs,
};
