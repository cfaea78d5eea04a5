// SPDX-License-Identifier: GPL-2.0
/*
 * Guards: a test of a page in the same function tells which origins the
 * page cannot have in the lines the test controls. The true branch of an
 * if runs when the test has the value !negated, the false branch when it
 * has negated; the lines after an if without else run in the other case,
 * on the assumption that the branch handles it (returns, copies, clears
 * MSG_SPLICE_PAGES). That assumption is the approximation of dominance,
 * with three refinements: a branch on the test's own line is an assertion
 * (WARN_ONCE(!sendpage_ok(page), ...) warns and goes on), so is a warning
 * inside a condition (is_assertion()), and a branch that
 * clears MSG_SPLICE_PAGES only protects what depends on that flag.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guards.h"
#include "path.h"
#include "usage.h"

/*
 * Is c half of a warning? WARN_ONCE(!sendpage_ok(page), ...) expands to a
 * statement expression with an if of its own, so a test inside another
 * if's condition (6.1 do_tcp_sendpages(): if (IS_ENABLED(CONFIG_DEBUG_VM) &&
 * WARN_ONCE(!sendpage_ok(page), ...)) return -EINVAL;) shows as two
 * conditions on the same test. That is the kernel saying callers must not
 * pass such a page, not a path that handles it: neither is a guard, and a
 * caller that can pass one is still a finding.
 */
static int is_assertion(const struct solve_function *f, const struct solve_cond *c)
{
	for (int i = 0; i < f->nr_cond; i++) {
		const struct solve_cond *o = &f->cond[i], *outer, *inner;

		if (o == c || strcmp(o->test, c->test) || !o->arg || strcmp(o->arg, c->arg) ||
		    o->negated != c->negated)
			continue;
		/*
		 * on one line (if (WARN_ON_ONCE(!sendpage_ok(page))) goto out;
		 * in 6.12's skb_splice_from_iter()) the outer if is the one
		 * whose branch starts later
		 */
		outer = o->line < c->line || (o->line == c->line && o->true_first >= c->true_first) ?
			o : c;
		inner = outer == o ? c : o;
		/* the inner test sits in the outer one's condition, before its branch */
		if (inner->line >= outer->line && outer->true_first > inner->line &&
		    inner->true_last < outer->true_first)
			return 1;
	}
	return 0;
}

/* Does f clear MSG_SPLICE_PAGES within lines first..last? */
static int clears_flag(const struct solve_function *f, int first, int last)
{
	for (int i = 0; i < f->nr_msgflag; i++)
		if (!strcmp(f->msgflag[i].op, "clear") && f->msgflag[i].line >= first &&
		    f->msgflag[i].line <= last)
			return 1;
	return 0;
}

unsigned guard_excludes(const struct solve_input *in, const struct models *md,
			struct solve_function *f, int line, const char *value, char **why,
			int splice)
{
	unsigned excl = 0;

	for (int i = 0; i < f->nr_cond; i++) {
		struct solve_cond *c = &f->cond[i];
		const char *entry;
		char when[8];
		int result_true, in_true, in_false, after, applies;
		unsigned bits;

		/* most tests are not guards: decide that once per test */
		if (!c->guard || !c->arg || c->line > line)
			continue;
		entry = model_get(md->guard, md->nr_guard, c->test);
		c->guard = entry != NULL;
		if (!entry)
			continue;
		if (sscanf(entry, "%7s", when) != 1)
			continue;
		result_true = !strcmp(when, "true");
		in_true = c->true_first && line >= c->true_first && line <= c->true_last;
		in_false = c->false_first && line >= c->false_first && line <= c->false_last;
		after = !in_true && !in_false && !c->false_first && line > c->true_last;
		/* the region where the test's result is `when` */
		applies = (in_true && (!c->negated) == result_true) ||
			  (in_false && c->negated == result_true) ||
			  (after && c->negated == result_true);
		if (!applies)
			continue;
		if (after && c->true_first == c->line && c->true_last == c->line)
			continue;	/* an assertion: the branch warns on the same line */
		if (is_assertion(f, c))
			continue;	/* WARN_ONCE(!test) inside a condition */
		if (after && !splice && clears_flag(f, c->true_first, c->true_last))
			continue;	/* the page still goes on, only copied when spliced */
		if (!c->rarg)
			c->rarg = resolve(in, md, f, c->arg, 0, NULL);
		if (path_same_value(c->rarg, value)) {
			bits = origin_bits(entry + strlen(when));
			if (why && !*why && (bits & ~excl))
				*why = xasprintf("%s%s() at line %d", c->negated ? "!" : "", c->test,
						 c->line);
			excl |= bits;
		}
	}
	return excl;
}
