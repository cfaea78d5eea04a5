// SPDX-License-Identifier: GPL-2.0
/* input of slab_to_pages.cocci: a buffer spliced then freed; one returned, one resized (left alone) */
// pageref-function: send_header,send_zeroed,keep_header,send_resized
static int send_header(struct socket *sock, size_t len)
{
	struct msghdr msg = { .msg_flags = MSG_SPLICE_PAGES };
	struct kvec iov;
	void *buf;
	int ret;

	buf = kmalloc(len, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	iov.iov_base = buf;
	iov.iov_len = len;
	ret = kernel_sendmsg(sock, &msg, &iov, 1, len);
	if (ret < 0)
		goto out;
	ret = 0;
out:
	kfree(buf);
	return ret;
}

static int send_zeroed(struct socket *sock)
{
	struct msghdr msg = { .msg_flags = MSG_SPLICE_PAGES };
	struct kvec iov;
	char *buf;
	int ret;

	buf = kzalloc(512, GFP_NOIO);
	if (!buf)
		return -ENOMEM;
	iov.iov_base = buf;
	iov.iov_len = 512;
	ret = kernel_sendmsg(sock, &msg, &iov, 1, 512);
	kfree(buf);
	return ret;
}

static void *keep_header(size_t len)
{
	void *buf = NULL;

	buf = kmalloc(len, GFP_KERNEL);
	if (buf && len > 4096) {
		kfree(buf);
		return NULL;
	}
	return buf;
}

static int send_resized(struct socket *sock, size_t len)
{
	void *buf;
	int ret;

	buf = kmalloc(len, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	len = len / 2;
	ret = send_buffer(sock, buf, len);
	kfree(buf);
	return ret;
}
