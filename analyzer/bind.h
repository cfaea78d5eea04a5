/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_BIND_H
#define PAGEREF_BIND_H

#include "resolve.h"
#include "solve.h"
#include "stores.h"

/*
 * The bind rules (bind_list.h): what a page's effect becomes when it is
 * seeded at a primitive, bound at a call (effects.c) and met at a sink
 * site (findings.c) is decided by the rules, each in its own file; the
 * engine binds paths, follows stores and calls every rule's hooks in the
 * list's order. A rule sets only what it owns (the socket kind an effect
 * needs, whether it frees, the message flag it depends on, the origins a
 * guard rules out). Every hook is optional.
 */
struct sink_site;
struct finding;

/* A callee's effect bound at a call (or met at a sink site: g the callee, ge its effect). */
struct bind_site {
	const struct solve_input *in;
	const struct models *md;
	struct solve_function *f;	/* the caller */
	struct solve_call *call;
	int g;				/* the callee */
	const struct solve_effect *ge;	/* the callee's effect */
	int indirect;			/* through a function pointer */
	struct store_ctl *ctl;		/* a flag test a store followed depends on (stores.h) */
};

/* An effect of a primitive (_refcount) on path, a parameter of f, at line. */
struct seed_site {
	const struct solve_input *in;
	const struct models *md;
	struct solve_function *f;
	int line;
	const char *path;
};

/* What a sink site's gate says: the site is none, its callers judge, or it is one. */
enum site_gate { SITE_NONE = -1, SITE_CALLERS = 0, SITE_HERE = 1, SITE_DEFAULT = 2 };

struct bind_rule {
	const char *name;
	/* once, before the stores are computed: learn from the facts (may add models) */
	void (*prepare)(struct models *md, struct solve_input *in);
	/* the effects the rule's models give functions outright */
	void (*models)(struct solve_input *in, const struct models *md, void *ctx,
		       void (*add)(void *ctx, struct solve_function *f, const char *op,
				   const char *path));
	/* a store at line of f made only under a test the rule follows: the tested path and *flag */
	char *(*store_test)(const struct solve_input *in, const struct models *md,
			    struct solve_function *f, int line, const char **flag);
	/* a primitive's effect, as it is seeded */
	void (*seed)(const struct seed_site *s, struct solve_effect *ne);
	/* the caller's new effect, from the callee's alone (before binding) */
	void (*attrs)(const struct bind_site *b, struct solve_effect *ne);
	/* the bound page with what cannot be there taken out: NULL for nothing (frees bound) */
	char *(*narrow)(const struct bind_site *b, char *bound);
	/* the page bound to a parameter of the caller: 0 when the caller has no effect */
	int (*decide)(const struct bind_site *b, const char *bound, struct solve_effect *ne);

	/* at a sink site, before the families: SITE_DEFAULT when the rule has no say */
	enum site_gate (*site_gate)(struct sink_site *s, struct store_ctl *ctl);
	/* the rule a finding is reported under, given the family's */
	const char *(*site_rule)(const struct sink_site *s, const char *rule);
	/* the rule's steps of the witness, after the family's */
	void (*site_witness)(const struct sink_site *s, struct finding *fi);
	/* whether a guard protects the finding (fi->guarded, fi->guard); arg as resolved */
	void (*site_guard)(struct sink_site *s, const char *arg, struct finding *fi);
};

#define BIND_RULE(name) extern const struct bind_rule bind_##name;
#include "bind_list.h"
#undef BIND_RULE

/* every bind rule, in bind_list.h's order */
extern const struct bind_rule *const bind_rules[];
extern const size_t nr_bind_rules;

#endif
