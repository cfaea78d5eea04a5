// SPDX-License-Identifier: GPL-2.0
/* The join rules in join_list.h's order (join.h): apart, so that no rule depends on it. */
#include "join.h"

static const struct join_rule *const rules[] = {
#define JOIN_RULE(name) &join_##name,
#include "join_list.h"
#undef JOIN_RULE
};

int join_ruled_out(const struct solve_input *in, const struct models *md,
		   const struct store_effects *ps, const struct finding *consumer,
		   const struct producer *p)
{
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (rules[i]->rules_out(in, md, ps, consumer, p))
			return 1;
	return 0;
}
