/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bind rules (bind.h), in the order their hooks run: a rule may read
 * what an earlier one set (guards read whether splice made the page
 * spliced). A rule is analyzer/rule_<name>.c, which may also be a sink
 * veto (veto_list.h); CMake builds each file once. No include guard:
 * included once per use.
 */
BIND_RULE(splice)	/* MSG_SPLICE_PAGES and sendpage: the flag an effect depends on */
BIND_RULE(guards)	/* sendpage_ok() and its kind: origins a test rules out (guards.txt) */
BIND_RULE(field_guard)	/* ... made in a callee and carried in a field it leaves NULL */
BIND_RULE(sockets)	/* the socket kind an effect needs (refeffect.ulp) */
BIND_RULE(frees)	/* an effect that gives memory back to its allocator */
