/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_SINK_H
#define PAGEREF_SINK_H

#include "fields.h"
#include "findings.h"
#include "resolve.h"
#include "solve.h"

/*
 * The sink families: where the page a function hands to a reference-count
 * effect comes from. findings.c finds the sink sites (a call in F whose
 * callee has an effect on a page F resolved itself) and asks the families
 * of sink_list.h in order; the first that claims the site decides its
 * rule. Each family is one file (sink_<name>.c) that knows its origin and
 * writes its witness's first step; the engine knows none of them.
 */
struct sink_site {
	/* what the engine knows at the site */
	struct solve_input *in;
	const struct models *md;
	const struct field_map *fields;	/* heap fields' origins (fields.c) */
	int fn;				/* F, the function that passes the page */
	struct solve_call *c;		/* F's call to the callee with the effect */
	int g;				/* the callee */
	int n;				/* the argument */
	const struct solve_effect *e;	/* the callee's effect */
	const char *bound;		/* the page as F resolved it */
	int spliced;			/* sent with MSG_SPLICE_PAGES or sendpage */
	int sent_here;			/* ... and F decides it (sets the flag, calls sendpage) */
	unsigned excl;			/* origins a bind rule's gate found ruled out (bind.h) */
	char *guard;			/* ... by which guard (owned) */
	int io;				/* F reads it from a block I/O descriptor */
	int heap;			/* F reads it from a field of an object it knows */
	/* what the claiming family fills */
	const char *rule;		/* NULL: the origin is known and may be refcounted */
	const char *origin;		/* origins.txt's kind, "stack", "io", "unknown", ... */
	char *expr;			/* the allocation or the value (owned) */
	int ofn;			/* where the origin is: -1 when F */
	int unknown;			/* an origin the analysis cannot see: a possibility */
	int inferred;			/* an origin inferred, not seen (low confidence) */
	const struct field_origin *fo;	/* the field every store fills (sink_field.c) */
};

/* A rule as SARIF describes it (report_sarif.c): a family may bring its own. */
struct rule_info {
	const char *id, *name, *text, *help;
};

struct sink_family {
	const char *name;
	/* 1: the site is this family's (rule may still be NULL); 0: not, ask the next */
	int (*claim)(struct sink_site *s);
	/* the witness's first steps, from the origin to F; sets fi->source_line */
	void (*witness)(const struct sink_site *s, struct finding *fi);
	/* a rule only this family reports (its severity: db/models/versions.txt), or NULL */
	const struct rule_info *rule;
};

/*
 * A veto: a site that cannot happen, whatever its page (kTLS's effects in
 * a layer that only has its own kernel sockets). Asked before the
 * families, with state for the run; finish() says what it left out.
 */
struct sink_veto {
	const char *name;
	int early;		/* asked before the page is bound */
	void *(*start)(const struct solve_input *in, const struct models *md);
	int (*vetoes)(void *state, const struct solve_input *in, const struct models *md,
		      const struct solve_function *f, const struct solve_call *c,
		      const struct solve_effect *e);
	void (*finish)(void *state);
};

#define SINK_VETO(name) extern const struct sink_veto veto_##name;
#include "veto_list.h"
#undef SINK_VETO

/* every veto, in veto_list.h's order */
extern const struct sink_veto *const sink_vetoes[];
extern const size_t nr_sink_vetoes;

#define SINK_FAMILY(name) extern const struct sink_family sink_##name;
#include "sink_list.h"
#undef SINK_FAMILY

/* every family, in sink_list.h's order */
extern const struct sink_family *const sink_families[];
extern const size_t nr_sink_families;

/* for the families: a step of the witness, and the line an allocation was called on */
void finding_add_step(struct finding *f, int fn, long long file_id, int line, char *what);
int sink_line_of_origin(const struct solve_function *f, const char *name, long long *file_id);
/* the witness step of memory a family names by its allocation (expr at its line) */
void sink_origin_step(const struct sink_site *s, struct finding *fi, int line, long long file_id);
/* Is f in a layer that receives block I/O from others (io-pages.txt)? */
int sink_io_consumer(const struct models *md, const struct solve_function *f);

#endif
