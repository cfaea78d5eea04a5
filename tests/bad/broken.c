// SPDX-License-Identifier: GPL-2.0
/* A translation unit that does not parse: the run goes on without it. */
#include <linux/mm.h>

int broken(struct page *page)
{
	return page_count(page) +;
}
