// SPDX-License-Identifier: GPL-2.0
/*
 * Added to the mini tree by tests/run-patches.sh: a kmalloc'd buffer
 * spliced through a kvec (no bvec to guard with sendpage_ok()) and freed by
 * the same function: slab_to_pages moves it to the page allocator.
 */
#include <linux/net.h>
#include <linux/gfp.h>
#include <linux/slab.h>

int fx_send_owned_kvec(struct socket *sock, unsigned long len)
{
	struct msghdr msg = { .msg_flags = MSG_SPLICE_PAGES };
	struct kvec iov;
	void *buf;
	int ret;

	buf = kmalloc(len, GFP_KERNEL);
	if (!buf)
		return -12;
	iov.iov_base = buf;
	iov.iov_len = len;
	ret = kernel_sendmsg(sock, &msg, &iov, 1, len);
	kfree(buf);
	return ret;
}
