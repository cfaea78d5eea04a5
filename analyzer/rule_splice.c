// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: MSG_SPLICE_PAGES and sendpage (splice.c, db/models/splice.txt).
 * An effect that runs only under a test of the message's flags carries
 * the flags path it needs up the call graph to the function that builds
 * the message: there it holds if that function sets the flag (and the
 * origins every setting was guarded against are ruled out) and is gone
 * if it never does (the data is copied). A sendpage entry point
 * references the page outright. At a sink site the same decides whether
 * the site is one, whether the finding is reported as a splice
 * (splice-unsafe-page), and the witness's step that sends the page.
 */
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "binding.h"
#include "channels.h"
#include "path.h"
#include "sink.h"
#include "splice.h"
#include "usage.h"

/* a sendpage pointer copied into a field is a sendpage too */
static void prepare(struct models *md, struct solve_input *in)
{
	splice_learn_copies(md, &in->copy_dst, &in->copy_src);
}

/* a reference taken under a flag test: the flags path, for the callers to decide */
static void seed(const struct seed_site *s, struct solve_effect *ne)
{
	const char *flag;
	char *needs = splice_control(s->in, s->md, s->f, s->line, &flag);

	/* a message built here decides at once; the rest waits for a caller */
	if (needs && path_root(needs, NULL) != ROOT_PARAM) {
		free(needs);
		needs = NULL;
	}
	ne->needs = needs;
	ne->flag = needs ? flag : NULL;
}

/*
 * The flags path e needs, as the caller of call sees it: the callee's
 * bound, or a flag test in the caller around the call, or the one a store
 * the page came through was made under. *flag is set with it.
 */
static char *bound_needs(const struct bind_site *b, const struct solve_effect *e,
			 const char **flag)
{
	char *needs;

	*flag = e->flag;
	needs = e->needs ? (e->flag == splice_true_flag ? splice_bool_arg(b->call, e->needs) :
			    bind_at(b->in, b->md, b->call, e->needs)) :
		splice_control(b->in, b->md, b->f, b->call->line, flag);
	if (!needs && !e->needs && b->ctl->needs) {
		needs = b->ctl->needs;
		*flag = b->ctl->flag;
		b->ctl->needs = NULL;
	}
	return needs;
}

/* of a merge, the alternatives through an iterator member f did not fill go */
static char *narrow(const struct bind_site *b, char *bound)
{
	bound = splice_drop_left(b->md, b->f, bound);
	/* ... and a page of a kind of iterator this call never sees */
	if (bound && splice_kind_excluded(b->in, b->md, b->f, b->call->line, bound)) {
		free(bound);
		return NULL;
	}
	return bound;
}

/*
 * A message whose flags the effect needs and that the caller builds
 * decides here: without MSG_SPLICE_PAGES the data is copied and nothing
 * is referenced; with it, the effect holds, protected by any guard under
 * which the flag was set.
 */
static int decide(const struct bind_site *b, const char *bound, struct solve_effect *ne)
{
	if (splice_is_sendpage(b->md, b->call->callee_name))
		ne->splice = 1;
	ne->needs = bound_needs(b, b->ge, &ne->flag);
	if (ne->needs && ne->flag == splice_true_flag) {
		int never;

		ne->needs = splice_bool_needs(b->in, b->md, b->f, ne->needs, &ne->flag, &never);
		if (never)
			return 0;
	}
	if (!ne->needs)
		ne->flag = NULL;
	if (ne->needs && path_root(ne->needs, NULL) != ROOT_PARAM) {
		unsigned excl = 0;

		/* not sent with the flag, or the message's iterator is of another kind */
		if (splice_iter_left(b->md, b->f, bound) ||
		    !splice_flag_set(b->in, b->md, b->f, ne->needs, ne->flag, b->call->line, bound,
				     &excl, NULL))
			return 0;
		free(ne->needs);
		ne->needs = NULL;
		ne->splice |= ne->flag == SPLICE_PAGES;
		ne->flag = NULL;
		ne->excl |= excl;
	}
	return 1;
}

/*
 * Flags a message held in an object's field (l1oip's hc->sendmsg, passed
 * to kernel_sendmsg() as &hc->sendmsg): its flags path names the object's
 * type and field (l1oip.sendmsg.msg_flags). Does any function set flag on
 * a message of that object? If none does, the data is copied. -1 when the
 * path names no object (a parameter's own message: its callers decide).
 */
static int object_flag_set(const struct solve_input *in, int fn, const char *needs,
			   const char *flag)
{
	char *key = path_steps(needs) > 1 ? layouts_object_key(in->layouts, fn, needs) : NULL;
	int set = 0;

	if (!key)
		return -1;
	for (int g = 0; g < in->nr_fn && !set; g++)
		for (int i = 0; i < in->fn[g].nr_msgflag && !set; i++) {
			const struct solve_msgflag *m = &in->fn[g].msgflag[i];
			char *k;

			if (strcmp(m->op, "set") || m->flag != flag)
				continue;
			if (!strcmp(m->path, "?"))
				set = 1;	/* a message the extractor could not name: maybe this one */
			else if ((k = layouts_object_key(in->layouts, g, m->path))) {
				set = !strcmp(k, key);
				free(k);
			}
		}
	free(key);
	return set;
}

/* Is path rooted at a parameter of g declared as a page (sendpage's page)? */
static int on_page_param(const struct solve_function *g, const char *path)
{
	int k;

	if (path_root(path, &k) != ROOT_PARAM)
		return 0;
	return k < g->nr_ptype && g->ptype[k] && strstr(g->ptype[k], "struct page *") &&
	       !strstr(g->ptype[k], "**");
}

/*
 * At a sink site: SITE_NONE when the message is built here without the
 * flag (nothing is referenced), SITE_CALLERS when F's callers decide,
 * SITE_HERE when F sends the page; s->spliced, s->sent_here, and the
 * guards around the flag's setting (s->excl, s->guard) filled.
 */
static enum site_gate site_gate(struct sink_site *s, struct store_ctl *ctl)
{
	struct solve_function *f = &s->in->fn[s->fn];
	const struct bind_site b = { s->in, s->md, f, s->c, s->g, s->e, 0, ctl };
	const char *flag;
	char *needs = bound_needs(&b, s->e, &flag);

	if (needs && flag == splice_true_flag) {
		int never;

		needs = splice_bool_needs(s->in, s->md, f, needs, &flag, &never);
		if (never)
			return SITE_NONE;
	}
	s->spliced = s->e->splice;
	if (needs) {
		if (path_root(needs, NULL) == ROOT_PARAM) {
			/* a message in an object no function sets the flag on: copied */
			if (!object_flag_set(s->in, s->fn, needs, flag)) {
				free(needs);
				return SITE_NONE;
			}
			/* the caller's message: its flags are decided above */
			free(needs);
			if (path_root(s->bound, NULL) == ROOT_PARAM)
				return SITE_CALLERS;
			s->spliced |= flag == SPLICE_PAGES;
			return SITE_HERE;
		}
		if (!splice_flag_set(s->in, s->md, f, needs, flag, s->c->line, s->bound, &s->excl,
				     &s->guard)) {
			free(needs);
			return SITE_NONE;	/* sent without the flag: copied */
		}
		free(needs);
		if (flag == SPLICE_PAGES)
			s->spliced = s->sent_here = 1;
		return SITE_HERE;
	}
	/*
	 * a sendpage entry point, called from outside the sendpage code
	 * itself, with an effect on the page it is handed (not on the
	 * socket's own queued skbs, whose effects move up through the
	 * socket argument)
	 */
	if (splice_is_sendpage(s->md, s->c->callee_name) && !splice_is_sendpage(s->md, f->name) &&
	    on_page_param(&s->in->fn[s->g], s->e->path)) {
		s->spliced = s->sent_here = 1;
		return SITE_HERE;
	}
	/* a spliced page is still looked at where F reads it from a heap field (fields.c) */
	return s->spliced ? SITE_HERE : SITE_DEFAULT;
}

static const char *site_rule(const struct sink_site *s, const char *rule)
{
	return rule && s->spliced ? "splice-unsafe-page" : rule;
}

static void site_witness(const struct sink_site *s, struct finding *fi)
{
	const struct solve_function *f = &s->in->fn[s->fn];

	if (!s->sent_here)
		return;
	finding_add_step(fi, s->fn, s->c->file_id, s->c->line,
			 xasprintf(splice_is_sendpage(s->md, s->c->callee_name) ?
				   "%s hands the page to %s (sendpage)" :
				   "%s sends it with MSG_SPLICE_PAGES through %s",
				   f->name, s->c->callee_name));
}

const struct bind_rule bind_splice = {
	.name = "splice", .prepare = prepare, .models = splice_model_effects,
	.store_test = splice_control, .seed = seed,
	.narrow = narrow, .decide = decide,
	.site_gate = site_gate, .site_rule = site_rule, .site_witness = site_witness,
};
