// SPDX-License-Identifier: GPL-2.0
/*
 * The pairing database: which functions put referenced pages into a struct
 * field (a channel) or take them out, so that a GET in one layer can be
 * matched with the PUT in another.
 *
 * A function is a site of a channel when one of its effects reaches a page
 * through that field and the callee it got the effect from did not (the
 * field step is added here), or when the callee is a helper handed the
 * element by this function: __skb_frag_unref() drops the page of the
 * fragment it is given (p0->netmem), skb_release_data() walks
 * shinfo->frags[] and gives it each one, so skb_release_data() is the
 * site (a helper no caller stands in for stays one itself), or
 * when it takes a reference on a parameter's page and stores that page
 * into the field (skb_append_pagefrags() does get_page(page) and fills a
 * fragment with it). A channel is the typed field the page path ends in
 * (channels.c): bio_vec.bv_page at every spelling of it.
 */
#include <stdlib.h>
#include <string.h>

#include "binding.h"
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

/*
 * A channel whose holder the walk lost ("?.page": cxgbi's
 * task->dd_data is a void * the driver casts to its own task data) named
 * from the argument as f wrote it instead, where its root has a type
 * (get_page(frag->page), frag a struct page_frag *: "page_frag.page");
 * ch itself otherwise. Returns a malloc'd string.
 */
static char *typed_holder(const struct solve_input *in, int fn, const struct solve_call *c,
			  const struct solve_effect *ce, const char *ch)
{
	struct strvec raw = STRVEC_INIT;
	const char *field = strchr(ch, '.');
	char *best = NULL;
	int n;

	if (strncmp(ch, "?.", 2) || !c || !ce || path_root(ce->path, &n) != ROOT_PARAM ||
	    n >= c->nr_arg || !c->arg[n])
		return xstrdup(ch);
	channels_of(in->layouts, fn, c->arg[n], &raw);
	for (size_t i = 0; i < raw.nr && !best; i++) {
		const char *rf = strchr(raw.v[i], '.');

		if (strncmp(raw.v[i], "?.", 2) && rf && !strcmp(rf, field))
			best = xstrdup(raw.v[i]);
	}
	strvec_clear(&raw);
	return best ? best : xstrdup(ch);
}

/*
 * Does the effect ce of function fn reach ch? Then *helper says whether
 * the alternative of its path that does is a helper's (helper_path()).
 */
static int helper_path(const char *path);

static int reaches(const struct solve_input *in, int fn, const struct solve_effect *ce,
		   const char *ch, int *helper)
{
	struct strvec chs = STRVEC_INIT, alts = STRVEC_INIT;
	int found = 0;

	channels_of_alt(in->layouts, fn, ce->path, &chs, &alts);
	for (size_t i = 0; i < chs.nr && !found; i++)
		if (!strcmp(chs.v[i], ch)) {
			found = 1;
			if (helper)
				*helper = helper_path(alts.v[i]);
		}
	strvec_clear(&chs);
	strvec_clear(&alts);
	return found;
}

/*
 * A helper's path: one field step from a parameter (__skb_frag_unref()'s
 * p0->netmem, a bio_vec's p0->bv_page), whose caller hands it the element.
 */
static int helper_path(const char *path)
{
	const char *s = path;
	int fields = 0;

	if (s[0] != 'p' || s[1] < '0' || s[1] > '9')
		return 0;
	for (s++; *s >= '0' && *s <= '9'; s++)
		;
	while (*s) {
		if (!strncmp(s, "[*]", 3)) {
			s += 3;
			continue;
		}
		if (s[0] == '-' && s[1] == '>')
			s += 2;
		else if (s[0] == '.')
			s++;
		else
			return 0;
		if (++fields > 1)
			return 0;
		while (*s && *s != '.' && *s != '-' && *s != '[')
			s++;
	}
	return fields == 1;
}

/* A helper's site, kept unless a caller that hands it the element is the site. */
struct deferred {
	int fn;
	char *channel;
	const char *op;
	long long file_id;
	int line;
};

struct deferred_list {
	struct deferred *d;
	int nr, alloc;
};

static void push_deferred(struct deferred_list *l, int fn, const char *channel, const char *op,
			  long long file_id, int line)
{
	struct deferred *d;

	ALLOC_GROW(l->d, l->nr, l->alloc);
	d = &l->d[l->nr++];
	d->fn = fn;
	d->channel = xstrdup(channel);
	d->op = op;
	d->file_id = file_id;
	d->line = line;
}

static int cmp_deferred(const void *a, const void *b)
{
	const struct deferred *x = a, *y = b;

	if (x->fn != y->fn)
		return x->fn < y->fn ? -1 : 1;
	if (strcmp(x->op, y->op))
		return strcmp(x->op, y->op);
	return strcmp(x->channel, y->channel);
}

/* Mark the helpers below e that reached ch as covered by e's function. */
static void cover_helpers(const struct solve_input *in, const struct solve_effect *e,
			  const char *ch, const char *op, struct deferred_list *covered)
{
	for (const struct solve_effect *x = effect_below(in, e); x; x = effect_below(in, x)) {
		int fn = e->via_fn, helper = 0;

		if (!reaches(in, fn, x, ch, &helper) || !helper)
			break;
		push_deferred(covered, fn, ch, op, 0, 0);
		e = x;
	}
}

void pairs_run(struct solve_input *in, struct channel_list *out)
{
	struct deferred_list helpers = { NULL, 0, 0 }, covered = { NULL, 0, 0 };

	memset(out, 0, sizeof(*out));
	for (int i = 0; i < in->nr_fn; i++) {
		struct solve_function *f = &in->fn[i];

		for (int j = 0; j < f->nr_effect; j++) {
			const struct solve_effect *e = &f->effect[j];
			const char *op = !strcmp(e->op, "put") ? "put" :
					 !strcmp(e->op, "get") || !strcmp(e->op, "tryget") ? "get" : NULL;
			struct solve_call *c = e->via;
			const struct solve_effect *ce = effect_below(in, e);
			struct strvec chs = STRVEC_INIT, alts = STRVEC_INIT;
			long long file_id = c ? c->file_id : f->file_id;
			int line = c ? c->line : f->line;

			/* a model effect reaches pages through an iterator, not a channel */
			if (!op || e->model)
				continue;
			channels_of_alt(in->layouts, i, e->path, &chs, &alts);
			for (size_t k = 0; k < chs.nr; k++) {
				const char *ch = chs.v[k];
				char *named = typed_holder(in, i, c, ce, ch);
				int below_helper = 0;

				if (!ce || !reaches(in, e->via_fn, ce, ch, &below_helper)) {
					/* the field is reached here */
					if (helper_path(alts.v[k]))
						push_deferred(&helpers, i, named, op, file_id, line);
					else
						add_site(out, xstrdup(named), op, "effect", i, file_id, line);
				} else if (below_helper && !helper_path(alts.v[k])) {
					/* a helper's, and this function hands it the element */
					add_site(out, xstrdup(named), op, "effect", i, file_id, line);
					cover_helpers(in, e, ch, op, &covered);
				}
				free(named);
			}
			strvec_clear(&chs);
			strvec_clear(&alts);
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
	/* helpers no caller stands in for are sites themselves */
	qsort(covered.d, covered.nr, sizeof(*covered.d), cmp_deferred);
	for (int i = 0; i < helpers.nr; i++) {
		struct deferred *d = &helpers.d[i];

		if (!covered.nr || !bsearch(d, covered.d, covered.nr, sizeof(*d), cmp_deferred))
			add_site(out, xstrdup(d->channel), d->op, "effect", d->fn, d->file_id, d->line);
		free(d->channel);
	}
	for (int i = 0; i < covered.nr; i++)
		free(covered.d[i].channel);
	free(helpers.d);
	free(covered.d);
}

void pairs_release(struct channel_list *out)
{
	for (int i = 0; i < out->nr; i++)
		free(out->s[i].channel);
	free(out->s);
	memset(out, 0, sizeof(*out));
}
