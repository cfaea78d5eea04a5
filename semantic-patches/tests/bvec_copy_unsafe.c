// SPDX-License-Identifier: GPL-2.0
/* input of bvec_copy_unsafe.cocci: nvme-tcp's send loop, a send that returns, one that already copies */
static int send_loop(struct socket *sock, struct page *page, size_t len, size_t offset)
{
	while (true) {
		struct bio_vec bvec;
		struct msghdr msg = {
			.msg_flags = MSG_DONTWAIT | MSG_SPLICE_PAGES,
		};
		int ret;

		if (!sendpages_ok(page, len, offset))
			msg.msg_flags &= ~MSG_SPLICE_PAGES;

		bvec_set_page(&bvec, page, len, offset);
		iov_iter_bvec(&msg.msg_iter, ITER_SOURCE, &bvec, 1, len);
		ret = sock_sendmsg(sock, &msg);
		if (ret <= 0)
			return ret;
	}
}

static int send_return(struct socket *sock, struct page *page)
{
	struct bio_vec bvec;
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT };

	bvec_set_page(&bvec, page, 4096, 0);
	iov_iter_bvec(&msg.msg_iter, ITER_SOURCE, &bvec, 1, 4096);
	return sock_sendmsg(sock, &msg);
}

static int send_copies(struct socket *sock, struct page *page)
{
	struct bio_vec bvec;
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT };
	struct kvec iov = { .iov_base = page_address(page), .iov_len = 64 };

	if (!sendpage_ok(page))
		return kernel_sendmsg(sock, &msg, &iov, 1, 64);
	bvec_set_page(&bvec, page, 4096, 0);
	iov_iter_bvec(&msg.msg_iter, ITER_SOURCE, &bvec, 1, 4096);
	return sock_sendmsg(sock, &msg);
}
