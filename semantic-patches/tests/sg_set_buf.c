// SPDX-License-Identifier: GPL-2.0
/* input of sg_set_buf.cocci: one buffer set through its page, one real page kept */
static void map_digest(struct scatterlist *sg, u8 *digest, unsigned int len)
{
	sg_init_table(sg, 1);
	sg_set_page(sg, virt_to_page(digest), len, offset_in_page(digest));
}

static void map_page(struct scatterlist *sg, struct page *page, unsigned int len)
{
	sg_set_page(sg, page, len, 0);
}
