/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_BIND_H
#define PAGEREF_BIND_H

#include "resolve.h"
#include "solve.h"

/*
 * The bind rules: when a callee's effect is bound at a call (effects.c's
 * bind_effect()), each rule of bind_list.h sets the attributes it owns on
 * the caller's new effect (the socket kind an effect needs, whether it
 * frees). Each is a function of the binding alone; the engine copies the
 * rest and knows none of them.
 */
struct bind_site {
	const struct solve_input *in;
	const struct models *md;
	const struct solve_function *f;	/* the caller */
	int g;				/* the callee */
	const struct solve_effect *ge;	/* the callee's effect */
	int indirect;			/* through a function pointer */
};

struct bind_rule {
	const char *name;
	void (*attrs)(const struct bind_site *b, struct solve_effect *ne);
};

#define BIND_RULE(name) extern const struct bind_rule bind_##name;
#include "bind_list.h"
#undef BIND_RULE

/* every bind rule, in bind_list.h's order */
extern const struct bind_rule *const bind_rules[];
extern const size_t nr_bind_rules;

#endif
