// SPDX-License-Identifier: GPL-2.0
/*
 * Added to the mini tree by tests/run-patches.sh: a function that takes a
 * page reference on a buffer it kmallocs and frees itself (slab_ref_pair
 * removes the pair), and one that spatch will be made unable to parse.
 */
#include <linux/mm.h>
#include <linux/slab.h>

int fx_use_buffer(void *buf, unsigned long len);

int fx_owned_buffer(unsigned long len)
{
	void *buf;
	int ret;

	buf = kzalloc(len, GFP_KERNEL);
	if (!buf)
		return -12;
	get_page(virt_to_page(buf));
	ret = fx_use_buffer(buf, len);
	put_page(virt_to_page(buf));
	kfree(buf);
	return ret;
}

/* run-patches.sh breaks this one for spatch after the analysis */
int fx_unparsable(unsigned long len)
{
	void *buf;
	int ret;

	buf = kmalloc(len, GFP_KERNEL);
	if (!buf)
		return -12;
	get_page(virt_to_page(buf));
	ret = fx_use_buffer(buf, len);
	put_page(virt_to_page(buf));
	kfree(buf);
	return ret;
}
