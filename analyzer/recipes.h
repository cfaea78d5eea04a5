/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_RECIPES_H
#define PAGEREF_RECIPES_H

#include "usage.h"

/*
 * The recipe library: semantic-patches/recipes.txt (the format is described
 * at the top of that file) and the .cocci files it names.
 */
struct recipe {
	char *name, *cocci;		/* NAME and DIR/NAME.cocci */
	struct strvec rules, sinks, helpers;	/* helpers as NAME@SINCE */
	char *confidence, *subject;	/* subject: a template with one %s */
	char *summary;			/* the .cocci's /// paragraph, unwrapped */
	char *unavailable;		/* why it is not offered, or NULL */
};

struct recipes {
	struct recipe *r;
	size_t nr, alloc;
	char *dir;
};

/*
 * Read DIR/recipes.txt and every .cocci it names. A malformed line or a
 * missing .cocci is bad input: one line, EXIT_INPUT, -1.
 */
int recipes_load(struct recipes *rs, const char *dir);
void recipes_release(struct recipes *rs);

/* Does the recipe repair this rule at this sink (finding's sink_api)? */
int recipe_matches(const struct recipe *r, const char *rule, const char *sink_api);

/*
 * Mark recipes whose helpers the tree does not define under include/ as
 * unavailable (grep -rw over the headers, once per helper).
 */
void recipes_check_helpers(struct recipes *rs, const char *tree);

/*
 * spatch --parse-cocci on every available recipe: one that does not parse
 * is bad input (one line naming the recipe and spatch's first complaint).
 */
int recipes_check_parse(struct recipes *rs, const char *workdir);

#endif
