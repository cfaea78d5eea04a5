// SPDX-License-Identifier: GPL-2.0
/* input of virt_to_folio.cocci: a get and a put through virt_to_page(), one through virt_to_head_page() */
static void *hold_buffer(void *buf)
{
	get_page(virt_to_page(buf));
	return buf;
}

static void release_buffer(void *buf)
{
	put_page(virt_to_head_page(buf));
}

static void release_page(struct page *page)
{
	put_page(page);
}
