// SPDX-License-Identifier: GPL-2.0
/* input of splice_sendpage_ok.cocci: one site to fix, one already guarded, one that copies */
/* a buffer (bvec_set_virt) is changed only in a function the generator names: */
// pageref-function: send_one,send_checked,send_copied,send_buffer
static int send_one(struct socket *sock, struct page *page, int len)
{
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT | MSG_SPLICE_PAGES, };
	struct bio_vec bvec;

	bvec_set_page(&bvec, page, len, 0);
	iov_iter_bvec(&msg.msg_iter, ITER_SOURCE, &bvec, 1, len);
	return sock_sendmsg(sock, &msg);
}

static int send_checked(struct socket *sock, struct page *page, int len)
{
	struct msghdr msg = { .msg_flags = MSG_SPLICE_PAGES, };
	struct bio_vec bvec;

	if (!sendpages_ok(page, len, 0))
		msg.msg_flags &= ~MSG_SPLICE_PAGES;
	bvec_set_page(&bvec, page, len, 0);
	iov_iter_bvec(&msg.msg_iter, ITER_SOURCE, &bvec, 1, len);
	return sock_sendmsg(sock, &msg);
}

static int send_copied(struct socket *sock, struct page *page, int len)
{
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT, };
	struct bio_vec bvec;

	bvec_set_page(&bvec, page, len, 0);
	iov_iter_bvec(&msg.msg_iter, ITER_SOURCE, &bvec, 1, len);
	return sock_sendmsg(sock, &msg);
}

static int send_buffer(struct socket *sock, void *buf, int len)
{
	struct msghdr msg = { .msg_flags = MSG_SPLICE_PAGES, };
	struct bio_vec bvec;

	bvec_set_virt(&bvec, buf, len);
	iov_iter_bvec(&msg.msg_iter, ITER_SOURCE, &bvec, 1, len);
	return sock_sendmsg(sock, &msg);
}
