// SPDX-License-Identifier: GPL-2.0
/* The bind rules in bind_list.h's order (bind.h): apart, so that no rule depends on it. */
#include "bind.h"

const struct bind_rule *const bind_rules[] = {
#define BIND_RULE(name) &bind_##name,
#include "bind_list.h"
#undef BIND_RULE
};
const size_t nr_bind_rules = sizeof(bind_rules) / sizeof(bind_rules[0]);
