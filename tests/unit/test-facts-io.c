// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the position-independent fact encoding (analyzer/facts_io.c). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts_io.h"
#include "tap.h"
#include "usage.h"

static const struct db_roots tree_a = { "/t/linux", "/t/out/kbuild" };
static const struct db_roots tree_b = { "/srv/linux-copy", "/srv/o" };

/* one TU with a bit of every list, paths under both roots and neither */
static void sample(struct tu_facts *tf)
{
	struct fact_function *fn;
	struct fact_call *c;

	memset(tf, 0, sizeof(*tf));
	tf->main_file = xstrdup("/t/linux/net/core/skbuff.c");
	tf->nr_input = tf->alloc_input = 3;
	tf->input = xcalloc(3, sizeof(char *));
	tf->input[0] = xstrdup("/t/linux/net/core/skbuff.c");
	tf->input[1] = xstrdup("/t/out/kbuild/include/generated/autoconf.h");
	tf->input[2] = xstrdup("/usr/lib/llvm-19/lib/clang/19/include/stddef.h");
	tf->nr_function = tf->alloc_function = 1;
	tf->function = xcalloc(1, sizeof(*fn));
	fn = &tf->function[0];
	fn->usr = xstrdup("c:skbuff.c@F@skb_x");
	fn->name = xstrdup("skb_x");
	fn->file = xstrdup("/t/linux/net/core/skbuff.c");
	fn->line = 10;
	fn->end_line = 20;
	fn->is_static = 1;
	fn->return_type = xstrdup("int");
	fn->nr_call = fn->alloc_call = 1;
	fn->call = xcalloc(1, sizeof(*c));
	c = &fn->call[0];
	c->seq = 0;
	c->kind = "member";
	c->struct_name = xstrdup("proto_ops");
	c->field = xstrdup("sendmsg");
	c->file = xstrdup("/t/linux/net/core/skbuff.c");
	c->line = 12;
	c->col = 3;
	c->nr_arg = c->alloc_arg = 2;
	c->arg = xcalloc(2, sizeof(*c->arg));
	c->arg[0].value = xstrdup("p0->struct sk_buff::(anonymous at /t/linux/include/linux/skbuff.h:951:2).csum");
	c->arg[1].idx = 1;
	/* a sibling directory whose name starts with the root's is not the root */
	c->arg[1].value = xstrdup("l:\001odd /t/linux-other/x /t/linux");
	fn->nr_flow = fn->alloc_flow = 1;
	fn->flow = xcalloc(1, sizeof(*fn->flow));
	fn->flow[0].kind = "return";
	fn->flow[0].dst = xstrdup("ret");
	fn->flow[0].src = xstrdup("#-4096");
	fn->nr_cstore = fn->alloc_cstore = 1;
	fn->cstore = xcalloc(1, sizeof(*fn->cstore));
	fn->cstore[0].value = -1;
	fn->cstore[0].known = 1;
	tf->nr_ops = tf->alloc_ops = 1;
	tf->ops = xcalloc(1, sizeof(*tf->ops));
	tf->ops[0].kind = "init";
	tf->ops[0].struct_name = xstrdup("proto_ops");
	tf->ops[0].field = xstrdup("sendmsg");
	tf->ops[0].function_usr = xstrdup("c:@F@tcp_sendmsg");
	tf->ops[0].function_name = xstrdup("tcp_sendmsg");
	tf->ops[0].in_function = -1;
	tf->ops[0].file = xstrdup("/t/linux/net/core/skbuff.c");
}

static void test_round_trip(void)
{
	struct tu_facts tf, back, moved;
	struct fbuf a = { 0 }, b = { 0 };

	sample(&tf);
	tap_int(facts_encode(&tf, &tree_a, &a), 0, "a TU encodes");
	tap_ok(!memmem(a.p, a.len, "/t/linux/", 9) && !memmem(a.p, a.len, "/t/out", 6),
	       "the encoding holds neither root");
	tap_int(facts_decode(a.p, a.len, &tree_a, &back, NULL, NULL), 0, "and decodes");
	tap_int(facts_encode(&back, &tree_a, &b), 0, "the decoded TU encodes again");
	tap_ok(a.len == b.len && !memcmp(a.p, b.p, a.len), "to the same bytes");
	tap_str(back.function[0].call[0].arg[1].value, "l:\001odd /t/linux-other/x /t/linux",
		"a marker byte, a sibling directory and a root at the end survive");
	tap_ok(back.function[0].call[0].kind == tf.function[0].call[0].kind,
	       "kinds point at the extractor's own words");
	tap_int(back.function[0].cstore[0].value, -1, "negative numbers survive");
	tap_int(back.ops[0].in_function, -1, "file scope survives");

	tap_int(facts_decode(a.p, a.len, &tree_b, &moved, NULL, NULL), 0, "the same bytes decode in another tree");
	tap_str(moved.main_file, "/srv/linux-copy/net/core/skbuff.c", "the main file is the other tree's");
	tap_str(moved.input[1], "/srv/o/include/generated/autoconf.h", "a generated header is its object dir's");
	tap_str(moved.input[2], "/usr/lib/llvm-19/lib/clang/19/include/stddef.h", "a path outside both stays");
	tap_str(moved.function[0].call[0].arg[0].value,
		"p0->struct sk_buff::(anonymous at /srv/linux-copy/include/linux/skbuff.h:951:2).csum",
		"a root inside an access path is the other tree's too");
	tu_facts_release(&back);
	tu_facts_release(&moved);

	/* every truncation and a flipped count fail cleanly */
	{
		int clean = 1;

		for (size_t n = 0; n < a.len; n++)
			if (facts_decode(a.p, n, &tree_a, &back, NULL, NULL) == 0) {
				clean = 0;
				tu_facts_release(&back);
			}
		tap_ok(clean, "no truncation of an encoding decodes");
	}
	tf.function[0].flow[0].kind = "no such kind";
	tap_int(facts_encode(&tf, &tree_a, &b), -1, "a kind the format does not know is refused");
	tf.function[0].flow[0].kind = "return";
	tu_facts_release(&tf);
	free(a.p);
	free(b.p);
}

static int no_header(const char *usr, void *data)
{
	(*(int *)data)++;
	return strcmp(usr, "c:@F@hdr_inline") != 0;
}

/* a header function another TU owns is stepped over, with the ops inside it */
static void test_want(void)
{
	struct tu_facts tf, back;
	struct fbuf a = { 0 };
	struct fact_function *h;
	int asked = 0;

	sample(&tf);
	tf.function = xrealloc(tf.function, 2 * sizeof(*tf.function));
	tf.nr_function = tf.alloc_function = 2;
	/* the header function first: the main file's moves to index 1 */
	tf.function[1] = tf.function[0];
	h = &tf.function[0];
	memset(h, 0, sizeof(*h));
	h->usr = xstrdup("c:@F@hdr_inline");
	h->name = xstrdup("hdr_inline");
	h->file = xstrdup("/t/linux/include/linux/skbuff.h");
	tf.ops = xrealloc(tf.ops, 3 * sizeof(*tf.ops));
	tf.nr_ops = tf.alloc_ops = 3;
	tf.ops[1] = tf.ops[0];
	tf.ops[1].struct_name = xstrdup("in_header");
	tf.ops[1].field = xstrdup("f");
	tf.ops[1].function_usr = xstrdup("c:@F@x");
	tf.ops[1].function_name = xstrdup("x");
	tf.ops[1].file = xstrdup("/t/linux/include/linux/skbuff.h");
	tf.ops[1].in_function = 0;
	tf.ops[2] = tf.ops[1];
	tf.ops[2].struct_name = xstrdup("in_main");
	tf.ops[2].field = xstrdup("f");
	tf.ops[2].function_usr = xstrdup("c:@F@x");
	tf.ops[2].function_name = xstrdup("x");
	tf.ops[2].file = xstrdup("/t/linux/net/core/skbuff.c");
	tf.ops[2].in_function = 1;
	tap_int(facts_encode(&tf, &tree_a, &a), 0, "a TU with a header function encodes");
	tap_int(facts_decode(a.p, a.len, &tree_a, &back, no_header, &asked), 0,
		"and decodes, the header function declined");
	tap_int(asked, 1, "only the header function is asked about");
	tap_int(back.nr_function, 1, "the declined function is stepped over");
	tap_str(back.function[0].usr, "c:skbuff.c@F@skb_x", "the main file's function is kept");
	tap_int(back.function[0].nr_call, 1, "with its body");
	tap_int(back.nr_ops, 2, "the ops row inside the declined function goes");
	tap_str(back.ops[1].struct_name, "in_main", "the one inside the kept function stays");
	tap_int(back.ops[1].in_function, 0, "renumbered to its function's new index");
	tap_int(back.ops[0].in_function, -1, "a file-scope row stays at file scope");
	tu_facts_release(&back);
	tu_facts_release(&tf);
	free(a.p);
}

int main(void)
{
	test_round_trip();
	test_want();
	return tap_done();
}
