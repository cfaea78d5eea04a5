// SPDX-License-Identifier: GPL-2.0
/* input of slab_ref_pair.cocci: a pair on a buffer the function owns, one kept whose put is elsewhere */
static int send_header(struct socket *sock, size_t len)
{
	void *buf;
	int ret;

	buf = kzalloc(len, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	get_page(virt_to_page(buf));
	ret = send_buffer(sock, buf, len);
	put_page(virt_to_page(buf));
	kfree(buf);
	return ret;
}

static void *hold_header(size_t len)
{
	void *buf = kmalloc(len, GFP_KERNEL);

	if (buf)
		get_page(virt_to_page(buf));
	return buf;
}
