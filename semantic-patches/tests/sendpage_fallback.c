// SPDX-License-Identifier: GPL-2.0
/* input of sendpage_fallback.cocci: one site to fix, one guarded, one in an if branch (reported only) */
/* a buffer's page (virt_to_page()) is changed only in a function the generator names: */
// pageref-function: send_data,send_checked,send_branch,send_header,send_ops,send_ops_return,send_picked,send_field_op
static int send_data(struct socket *sock, struct page *page, int off, size_t len)
{
	int flags = MSG_DONTWAIT | MSG_MORE;
	int ret;

	ret = kernel_sendpage(sock, page, off, len, flags);
	if (ret <= 0)
		return ret;
	return 0;
}

static int send_checked(struct socket *sock, struct page *page, int off, size_t len)
{
	int ret;

	if (sendpage_ok(page))
		ret = kernel_sendpage(sock, page, off, len, MSG_DONTWAIT);
	else
		ret = sock_no_sendpage(sock, page, off, len, MSG_DONTWAIT);
	return ret;
}

/* report-only: the call is an unbraced if branch */
static int send_branch(struct socket *sock, struct page *page, size_t len, bool last)
{
	int ret;

	if (last)
		ret = kernel_sendpage(sock, page, 0, len, MSG_DONTWAIT);
	else
		ret = sock_no_sendpage(sock, page, 0, len, MSG_DONTWAIT | MSG_MORE);
	return ret;
}

static int send_header(struct socket *sock, void *hdr, size_t len)
{
	return kernel_sendpage(sock, virt_to_page(hdr), offset_in_page(hdr), len, MSG_MORE);
}

/* drbd's _drbd_send_page() without its sendpage_ok() test: the ops call directly */
static int send_ops(struct socket *socket, struct page *page, int offset, size_t len, int msg_flags)
{
	int sent;

	do {
		sent = socket->ops->sendpage(socket, page, offset, len, msg_flags);
		if (sent <= 0)
			break;
		len -= sent;
		offset += sent;
	} while (len > 0);
	return sent;
}

static int send_ops_return(struct socket *sock, struct page *page, size_t len)
{
	return sock->ops->sendpage(sock, page, 0, len, MSG_DONTWAIT);
}

/* libceph's ceph_tcp_sendpage() before its fix: the ops function picked into a local */
static int send_picked(struct socket *sock, struct page *page, int offset, size_t size, int flags)
{
	ssize_t (*sendpage)(struct socket *sock, struct page *page, int offset, size_t size, int flags);
	int ret;

	sendpage = sock->ops->sendpage;
	ret = sendpage(sock, page, offset, size, flags);
	if (ret == -EAGAIN)
		ret = 0;
	return ret;
}

/* iscsi_tcp's shape: the socket's sendpage copied into a driver's struct */
struct fx_conn {
	struct socket *sock;
	ssize_t (*sendpage)(struct socket *, struct page *, int, size_t, int);
};

static int send_field_op(struct fx_conn *conn, struct page *page, size_t len)
{
	int r;

	r = conn->sendpage(conn->sock, page, 0, len, MSG_MORE);
	return r;
}
