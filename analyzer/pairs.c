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
 * fragment with it). A channel is named by its last two field steps,
 * which is the part that survives from one caller to the next.
 */
#include <stdlib.h>
#include <string.h>

#include "pairs.h"
#include "path.h"
#include "usage.h"

char *channel_of(const char *path)
{
	const char *steps[MAX_STEPS + 2];
	int n = 0, depth = 0;
	const char *from;
	size_t len;

	/* field steps outside any macro's parentheses */
	for (const char *p = path; *p; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		else if (!depth && n < MAX_STEPS + 2 &&
			 (*p == '.' || (*p == '-' && p[1] == '>')))
			steps[n++] = p;
	}
	if (!n)
		return NULL;
	from = steps[n > 1 ? n - 2 : 0];
	from += *from == '.' ? 1 : 2;
	len = strlen(from);
	if (len > 3 && !strcmp(from + len - 3, "..."))
		return NULL;	/* a cut path names no field */
	{
		/* one field, one channel: data[*]->page_link is data[*].page_link */
		char *ch = xstrdup(from), *w = ch;

		for (const char *r = from; *r; r++) {
			if (r[0] == '-' && r[1] == '>') {
				*w++ = '.';
				r++;
			} else {
				*w++ = *r;
			}
		}
		*w = '\0';
		return ch;
	}
}

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
			char *ch, *cch;

			/* a model effect reaches pages through an iterator, not a channel */
			if (!op || e->model || !(ch = channel_of(e->path)))
				continue;
			cch = ce ? channel_of(ce->path) : NULL;
			if (cch && !strcmp(cch, ch)) {
				free(ch);	/* the callee already reached it through that field */
			} else {
				add_site(out, ch, op, "effect", i, c ? c->file_id : f->file_id,
					 c ? c->line : f->line);
			}
			free(cch);
		}
		/* a page taken here and stored into a field */
		for (int j = 0; j < f->nr_write; j++) {
			const struct solve_write *w = &f->write[j];

			for (int k = 0; k < f->nr_effect; k++) {
				const struct solve_effect *e = &f->effect[k];
				char *ch;

				if (strcmp(e->op, "get") && strcmp(e->op, "tryget"))
					continue;
				if (strcmp(e->path, w->src) || !(ch = channel_of(w->dst)))
					continue;
				add_site(out, ch, "get", "store", i, f->file_id, w->line);
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
