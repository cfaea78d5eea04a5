// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the interner and the memo tables (analyzer/intern.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intern.h"
#include "tap.h"

static void test_intern(void)
{
	struct intern *t = intern_new();
	int a = intern_id(t, "p0->bv_page"), b = intern_id(t, "p0->bv_len");
	const char *s = intern_str(t, a);
	char buf[32];
	int ok = 1;

	tap_int(intern_id(t, NULL), 0, "NULL is id 0");
	tap_ok(intern_str(t, 0) == NULL, "id 0 is NULL");
	tap_ok(a > 0 && b > 0 && a != b, "two strings, two ids");
	tap_int(intern_id(t, "p0->bv_page"), a, "the same string, the same id");
	tap_int(intern_idn(t, "p0->bv_page->x", 11), a, "a prefix by length is the same string");
	tap_int(intern_find(t, "p0->bv_len"), b, "find knows what is there");
	tap_int(intern_find(t, "p1"), 0, "find adds nothing");
	tap_int(intern_count(t), 2, "two strings counted");
	tap_int(intern_id(t, ""), 3, "the empty string is a string");
	/* enough strings to grow the table and fill more than one arena chunk */
	for (int i = 0; i < 200000; i++) {
		snprintf(buf, sizeof(buf), "l:x%d->f", i);
		if (intern_id(t, buf) != i + 4)
			ok = 0;
	}
	tap_ok(ok, "ids are dense, in order of arrival, across growth");
	tap_ok(intern_str(t, a) == s, "a string's pointer does not move");
	tap_str(intern_str(t, 4 + 123456), "l:x123456->f", "an id names its string after growth");
	tap_int(intern_find(t, "l:x199999->f"), 4 + 199999, "the last one is found");
	tap_ok(intern_bytes(t) > 200000 * 6, "the bytes are counted");
	intern_free(t);
}

static void test_memo(void)
{
	struct memo *m = memo_new();
	int out = -1, ok = 1;

	tap_ok(!memo_get(m, 1, 2, 3, &out), "an empty memo has nothing");
	memo_put(m, 1, 2, 3, 42);
	tap_ok(memo_get(m, 1, 2, 3, &out) && out == 42, "what was put is got");
	tap_ok(!memo_get(m, 3, 2, 1, &out), "the key is ordered");
	memo_put(m, 1, 2, 3, 7);
	tap_ok(memo_get(m, 1, 2, 3, &out) && out == 7, "a second put replaces");
	memo_put(m, 0, 0, 0, 0);
	tap_ok(memo_get(m, 0, 0, 0, &out) && out == 0, "zero keys and results are values");
	for (int i = 0; i < 100000; i++)
		memo_put(m, i, -i, i % 7, i * 3);
	for (int i = 0; i < 100000; i++)
		if (!memo_get(m, i, -i, i % 7, &out) || out != i * 3)
			ok = 0;
	tap_ok(ok, "every entry survives growth");
	tap_int(memo_count(m), 100001, "entries counted once");
	memo_free(m);
}

int main(void)
{
	test_intern();
	test_memo();
	return tap_done();
}
