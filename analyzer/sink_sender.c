// SPDX-License-Identifier: GPL-2.0
/*
 * Sink family: a page of unknown origin handed to the network stack by a
 * layer that sends others' I/O (a driver, io-pages.txt "layer"); the
 * socket layer's own senders relay pages they hold references on (skb
 * frags, sk_msg), so an unknown page there is not reported.
 */
#include <stdlib.h>

#include "sink.h"
#include "usage.h"

static int claim(struct sink_site *s)
{
	if (!s->sent_here || !sink_io_consumer(s->md, &s->in->fn[s->fn]))
		return 0;
	s->origin = "unknown";
	s->rule = "splice-unsafe-page";
	s->expr = xstrdup(s->bound);
	s->ofn = s->fn;
	s->unknown = 1;
	return 1;
}

static void witness(const struct sink_site *s, struct finding *fi)
{
	fi->source_line = s->c->line;
	finding_add_step(fi, s->fn, s->c->file_id, s->c->line,
			 xasprintf("%s: %s, a page whose origin the analysis cannot see",
				   s->in->fn[s->fn].name, s->bound));
}

const struct sink_family sink_sender = { "sender", claim, witness, NULL };
