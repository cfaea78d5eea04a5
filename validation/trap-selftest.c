// SPDX-License-Identifier: GPL-2.0
/*
 * pageref validation: proof that the refcount trap fires. Appended by
 * validation/run.sh to the scratch tree's mm/mm_init.c (always built in).
 * With "pageref_trap_selftest" on the command line, one get_page() on a
 * kmalloc'd page at late_initcall time must hit the trap; without it,
 * nothing happens.
 */
#include <linux/init.h>
#include <linux/slab.h>

static bool pageref_selftest __initdata;

static int __init pageref_selftest_setup(char *s)
{
	pageref_selftest = true;
	return 1;
}
__setup("pageref_trap_selftest", pageref_selftest_setup);

static int __init pageref_trap_selftest(void)
{
	void *buf;

	if (!pageref_selftest)
		return 0;
	buf = kmalloc(64, GFP_KERNEL);
	if (buf) {
		get_page(virt_to_page(buf));
		kfree(buf);
	}
	pr_info("pageref: trap selftest done\n");
	return 0;
}
late_initcall(pageref_trap_selftest);
