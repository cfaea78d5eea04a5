// SPDX-License-Identifier: GPL-2.0
/* input of global_to_pages.cocci: ocfs2's handshake globals before 86d7bd6e66e9; a global also set from elsewhere, a local and an unbound allocator (left alone) */
// pageref-function: o2net_init,keep_init
struct o2net_handshake { u64 version; };
struct o2net_msg { u16 magic; };

static struct o2net_handshake *o2net_hand;
static struct o2net_msg *o2net_keep_req, *o2net_keep_resp;
static struct o2net_msg *keep_other;
static struct o2net_msg *unbound_msg;

static void o2net_sendpage(struct socket *sock, void *data, size_t size)
{
	kernel_sendpage(sock, virt_to_page(data), offset_in_page(data), size, 0);
}

int o2net_init(void)
{
	struct o2net_msg *scratch;

	o2net_hand = kzalloc(sizeof(struct o2net_handshake), GFP_KERNEL);
	o2net_keep_req = kzalloc(sizeof(struct o2net_msg), GFP_KERNEL);
	o2net_keep_resp = kmalloc(sizeof(struct o2net_msg), GFP_KERNEL);
	scratch = kzalloc(sizeof(*scratch), GFP_KERNEL);
	if (!o2net_hand || !o2net_keep_req || !o2net_keep_resp || !scratch) {
		kfree(o2net_hand);
		kfree(o2net_keep_req);
		kfree(o2net_keep_resp);
		kfree(scratch);
		return -ENOMEM;
	}
	kfree(scratch);
	return 0;
}

void o2net_exit(void)
{
	kfree(o2net_hand);
	kfree(o2net_keep_req);
	kfree(o2net_keep_resp);
}

/* also pointed at a static object: kfree() would be wrong for it anyway, not ours to change */
int keep_init(struct o2net_msg *fallback)
{
	keep_other = kzalloc(sizeof(*keep_other), GFP_KERNEL);
	if (!keep_other)
		keep_other = fallback;
	return 0;
}

/* not bound to a finding */
int unbound_init(void)
{
	unbound_msg = kzalloc(sizeof(*unbound_msg), GFP_KERNEL);
	return unbound_msg ? 0 : -ENOMEM;
}
