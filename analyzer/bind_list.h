/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bind rules (bind.h). A rule is analyzer/rule_<name>.c, which may
 * also be a sink veto (veto_list.h); CMake builds each file once. No
 * include guard: included once per use.
 */
BIND_RULE(sockets)	/* the socket kind an effect needs (refeffect.ulp) */
BIND_RULE(frees)	/* an effect that gives memory back to its allocator */
