// SPDX-License-Identifier: GPL-2.0
/*
 * The pairing database: which functions put referenced pages into a struct
 * field (a channel) or take them out, so that a GET in one layer can be
 * matched with the PUT in another.
 *
 * A function is a site of a channel when one of its effects reaches a page
 * through that field and the callee it got the effect from did not (the
 * field step is added here: skb_release_data() walks shinfo->frags[]), or
 * when it takes a reference on a parameter's page and stores that page
 * into the field (skb_append_pagefrags() does get_page(page) and fills a
 * fragment with it). A channel is the typed field the page path ends in
 * (channels.c): bio_vec.bv_page at every spelling of it.
 */
#include <stdlib.h>
#include <string.h>

#include "channels.h"
#include "pairs.h"
#include "path.h"
#include "usage.h"

static void add_site(struct channel_list *out, char *channel, const char *op, const char *how,
		     int fn, long long file_id, int line)
{
	struct channel_site *s;

	for (int i = out->nr - 1; i >= 0 && out->s[i].fn == fn; i--)
		if (!strcmp(out->s[i].channel, channel) && !strcmp(out->s[i].op, op)) {
			free(channel);
			return;
		}
	ALLOC_GROW(out->s, out->nr, out->alloc);
	s = &out->s[out->nr++];
	s->channel = channel;
	s->op = op;
	s->how = how;
	s->fn = fn;
	s->file_id = file_id;
	s->line = line;
}

/* Is ch among the channels the callee's effect ce reached? */
static int callee_reached(const struct solve_input *in, const struct solve_effect *e,
			  const struct solve_effect *ce, const char *ch)
{
	struct strvec below = STRVEC_INIT;
	int found = 0;

	if (!ce)
		return 0;
	channels_of(in->layouts, e->via_fn, ce->path, &below);
	for (size_t i = 0; i < below.nr && !found; i++)
		found = !strcmp(below.v[i], ch);
	strvec_clear(&below);
	return found;
}

void pairs_run(struct solve_input *in, struct channel_list *out)
{
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < in->nr_fn; i++) {
		struct solve_function *f = &in->fn[i];

		for (int j = 0; j < f->nr_effect; j++) {
			const struct solve_effect *e = &f->effect[j];
			const char *op = !strcmp(e->op, "put") ? "put" :
					 !strcmp(e->op, "get") || !strcmp(e->op, "tryget") ? "get" : NULL;
			struct solve_call *c = e->via;
			const struct solve_effect *ce = effect_below(in, e);
			struct strvec chs = STRVEC_INIT;

			/* a model effect reaches pages through an iterator, not a channel */
			if (!op || e->model)
				continue;
			channels_of(in->layouts, i, e->path, &chs);
			for (size_t k = 0; k < chs.nr; k++) {
				/* the callee already reached it through that field: its site */
				if (callee_reached(in, e, ce, chs.v[k]))
					continue;
				add_site(out, xstrdup(chs.v[k]), op, "effect", i,
					 c ? c->file_id : f->file_id, c ? c->line : f->line);
			}
			strvec_clear(&chs);
		}
		/* a page taken here and stored into a field */
		for (int j = 0; j < f->nr_write; j++) {
			const struct solve_write *w = &f->write[j];

			for (int k = 0; k < f->nr_effect; k++) {
				const struct solve_effect *e = &f->effect[k];
				struct strvec chs = STRVEC_INIT;

				if (strcmp(e->op, "get") && strcmp(e->op, "tryget"))
					continue;
				if (strcmp(e->path, w->src))
					continue;
				channels_of(in->layouts, i, w->dst, &chs);
				for (size_t n = 0; n < chs.nr; n++)
					add_site(out, xstrdup(chs.v[n]), "get", "store", i, f->file_id,
						 w->line);
				strvec_clear(&chs);
			}
		}
	}
}

void pairs_release(struct channel_list *out)
{
	for (int i = 0; i < out->nr; i++)
		free(out->s[i].channel);
	free(out->s);
	memset(out, 0, sizeof(*out));
}
