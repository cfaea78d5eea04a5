// SPDX-License-Identifier: GPL-2.0
/*
 * Comparing two runs. Finding ids are per run; fingerprints hash the rule,
 * the functions, the sink and the allocation, never line numbers, so they
 * are what two runs (or two kernel versions) have in common. A fingerprint
 * that occurs n times in one run and m in the other counts as min(n, m)
 * unchanged and the rest new or fixed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "usage.h"

struct row {
	char *fp, *rule, *where, *fn;
	int matched;
};

struct rows {
	struct row *r;
	size_t nr, alloc;
};

static int add_row(int ncol, const char *const *c, void *data)
{
	struct rows *rs = data;
	struct row *r;

	(void)ncol;
	ALLOC_GROW(rs->r, rs->nr, rs->alloc);
	r = &rs->r[rs->nr++];
	r->fp = xstrdup(c[0]);
	r->rule = xstrdup(c[1]);
	r->where = xasprintf("%s:%s", c[2], c[3]);
	r->fn = xstrdup(c[4]);
	r->matched = 0;
	return 0;
}

static int load(struct db *db, struct rows *rs)
{
	return db_query_each(db,
		"SELECT fingerprint, rule, sink_file, sink_line, sink_function FROM v_finding "
		"WHERE guarded = 0 ORDER BY fingerprint, sink_file, sink_line", NULL, 0, add_row, rs);
}

static void rows_release(struct rows *rs)
{
	for (size_t i = 0; i < rs->nr; i++) {
		free(rs->r[i].fp);
		free(rs->r[i].rule);
		free(rs->r[i].where);
		free(rs->r[i].fn);
	}
	free(rs->r);
}

/* Both lists are sorted by fingerprint: one merge pass pairs them up. */
static void match(struct rows *a, struct rows *b)
{
	size_t i = 0, j = 0;

	while (i < a->nr && j < b->nr) {
		int c = strcmp(a->r[i].fp, b->r[j].fp);

		if (c < 0) {
			i++;
		} else if (c > 0) {
			j++;
		} else {
			a->r[i++].matched = 1;
			b->r[j++].matched = 1;
		}
	}
}

int diff_run(struct db *old, struct db *new, struct diff_summary *sum)
{
	struct rows a = { 0 }, b = { 0 };
	int ret = load(old, &a);

	if (!ret)
		ret = load(new, &b);
	memset(sum, 0, sizeof(*sum));
	if (!ret) {
		match(&a, &b);
		for (size_t j = 0; j < b.nr; j++) {
			if (b.r[j].matched) {
				sum->unchanged++;
				continue;
			}
			sum->added++;
			printf("new %s %s %s %s\n", b.r[j].fp, b.r[j].rule, b.r[j].where, b.r[j].fn);
		}
		for (size_t i = 0; i < a.nr; i++) {
			if (a.r[i].matched)
				continue;
			sum->fixed++;
			printf("fixed %s %s %s %s\n", a.r[i].fp, a.r[i].rule, a.r[i].where, a.r[i].fn);
		}
	}
	rows_release(&a);
	rows_release(&b);
	return ret;
}
