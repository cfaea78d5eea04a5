// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the access-path algebra (analyzer/path.c): the grammar in
 * path.h, binding a callee's parameter path to a caller's argument, merges
 * (a|b), macros around the base, and the canonical form. Every case is a
 * shape the extractor writes for real kernel code.
 */
#include <stdlib.h>
#include <string.h>

#include "path.h"
#include "tap.h"

/* compare a malloc'd result and free it */
static void str_free(char *got, const char *want, const char *name)
{
	tap_str(got, want, name);
	free(got);
}

static void test_root(void)
{
	int i = -1;

	tap_int(path_root("p1->msg_iter.bvec[*].bv_page", &i), ROOT_PARAM, "pN is a parameter root");
	tap_int(i, 1, "... with its index");
	tap_int(path_root("&*p12", &i), ROOT_PARAM, "prefixes are skipped");
	tap_int(i, 12, "... two-digit index");
	tap_int(path_root("c3", &i), ROOT_CALL, "cN is a call result");
	tap_int(i, 3, "... with its seq");
	tap_int(path_root("l:bv.bv_page", NULL), ROOT_LOCAL, "l:name is a local");
	tap_int(path_root("g:o2net_hand", NULL), ROOT_GLOBAL, "g:name is a global");
	tap_int(path_root("ret", NULL), ROOT_RET, "ret");
	tap_int(path_root("retval", NULL), ROOT_UNKNOWN, "retval is not ret");
	tap_int(path_root("#64", NULL), ROOT_CONST, "#n is a constant");
	tap_int(path_root("f:nvme_tcp_done", NULL), ROOT_CONST, "f:name is a constant");
	tap_int(path_root("?", NULL), ROOT_UNKNOWN, "? is unknown");
	tap_int(path_root("virt_to_page(p0->data)", &i), ROOT_PARAM, "through a wrapping macro");
	tap_int(i, 0, "... to its innermost base");
	tap_int(path_root("virt_to_page(kmalloc(#64,#3264))", NULL), ROOT_CONST,
		"an allocator inside a macro is fresh memory");
	tap_int(path_root("kmalloc(p0)", NULL), ROOT_CONST, "an allocator's argument is not its value");
}

static void test_lengths(void)
{
	tap_int(path_base_len("p0->f"), 2, "base of p0->f is p0");
	tap_int(path_base_len("l:page.x"), 6, "base of a local keeps l:");
	tap_int(path_base_len("#-1"), 3, "a negative constant");
	tap_int(path_base_len("virt_to_page(p0->data)->x"), 22, "a macro base takes its parentheses");
	tap_int(path_base_len("a(b(c))d"), 7, "nested parentheses");
	tap_int(path_steps("p0->a.b[*].c"), 4, "four steps");
	tap_int(path_steps("f(p0->a)->b"), 2, "steps inside a macro count");
	tap_int(path_steps("p0"), 0, "no steps");
}

static void test_alternatives(void)
{
	const char *cur, *bar;
	char *one;

	bar = path_top_bar("f(a|b)|c");
	tap_ok(bar && !strcmp(bar, "|c"), "the top bar skips bars inside parentheses");
	tap_ok(!path_top_bar("f(a|b)"), "no top bar");
	cur = "p0->x|p1|f(a|b)";
	one = path_next_alternative(&cur);
	str_free(one, "p0->x", "first alternative");
	one = path_next_alternative(&cur);
	str_free(one, "p1", "second alternative");
	one = path_next_alternative(&cur);
	str_free(one, "f(a|b)", "third, with its own bar");
	tap_ok(!path_next_alternative(&cur), "then none");
	str_free(path_or(strdup("a|b"), strdup("b")), "a|b", "an alternative held already is not added");
	str_free(path_or(strdup("a|b"), strdup("c")), "a|b|c", "a new alternative is added");
	str_free(path_or(NULL, strdup("c")), "c", "or with nothing");
	str_free(path_or(strdup("ab"), strdup("a")), "ab|a", "a prefix is not an alternative");
}

static void test_bind(void)
{
	str_free(path_bind("p0->netmem", 0, "&skb_shinfo(p1)->frags[*]"),
		 "skb_shinfo(p1)->frags[*].netmem", "(&X)->f is X.f (path.h's example)");
	str_free(path_bind("p0[*]", 0, "&l:page"), "l:page", "(&X)[0] is X");
	str_free(path_bind("p0->bv_page", 1, "l:x"), NULL, "another parameter does not bind");
	str_free(path_bind("p1->bv_page", 1, "p0->bvec"), "p0->bvec->bv_page", "a field path bound");
	str_free(path_bind("virt_to_page(p0->data)", 0, "l:buf"),
		 "virt_to_page(l:buf->data)", "inside a wrapping macro");
	str_free(path_bind("*p0", 0, "&l:page"), "l:page", "*&X is X");
	str_free(path_bind("&p0->page", 0, "l:folio"), "l:folio", "&X->page is the folio X");
	str_free(path_bind("p0->zone_device_data|p0", 0, "l:x"), "l:x->zone_device_data|l:x",
		 "a merge binds in every alternative");
	str_free(path_bind("p0->f", 0, "l:a|l:b"), "l:a->f|l:b->f", "a merged value distributes");
	str_free(path_bind("p1->f|p0->g", 0, "l:a"), "p1->f|l:a->g",
		 "an alternative rooted elsewhere is kept");
	str_free(path_bind("kmalloc(p0)", 0, "l:n"), NULL, "an allocator's arguments are not bound");
	str_free(path_replace("c2->bv_page", "c2", "p0->bvec"), "p0->bvec->bv_page",
		 "a call result replaced");
	str_free(path_replace("l:bv.bv_page", "l:bv", "p1->bi_io_vec[*]"),
		 "p1->bi_io_vec[*].bv_page", "a local replaced");
	str_free(path_replace("l:bvx.bv_page", "l:bv", "p1"), NULL, "a longer name is not the token");
}

static void test_tokens(void)
{
	char *inner = NULL, *steps = NULL, *name;

	str_free(path_base_token("&virt_to_page(p0->data)->lru"), "p0", "the innermost base token");
	str_free(path_base_token("kmalloc(#64,#3264)"), "kmalloc(#64,#3264)",
		 "an allocator is its own token");
	name = path_macro("skb_shinfo(p1)->frags[*]", &inner, &steps);
	str_free(name, "skb_shinfo", "a macro base: its name");
	str_free(inner, "p1", "... its argument");
	str_free(steps, "->frags[*]", "... and the steps after it");
	inner = steps = NULL;
	tap_ok(!path_macro("&f(p0)", &inner, &steps) && !inner, "not with a prefix");
	tap_ok(!path_macro("p0->f", &inner, &steps), "not without a macro");
}

static void test_normal(void)
{
	char anon[] = "p0->iter.struct iov_iter::(anonymous at ./include/linux/uio.h:51:2).bvec";
	char anon2[] = "p0->struct x::(anonymous at a.h:1:2).f";

	str_free(path_normalize("&*p0->f"), "p0->f", "&*X is X");
	str_free(path_normalize("*&l:x"), "l:x", "*&X is X");
	str_free(path_normalize("&l:folio->page"), "l:folio", "&X->page is X");
	str_free(path_normalize("&f(x)->page"), "&f(x)->page", "not through a macro");
	tap_str(path_drop_anonymous(anon), "p0->iter.bvec", "an anonymous union step is dropped");
	tap_str(path_drop_anonymous(anon2), "p0->f", "p->(anon).f is p->f");
}

int main(void)
{
	test_root();
	test_lengths();
	test_alternatives();
	test_bind();
	test_tokens();
	test_normal();
	return tap_done();
}
