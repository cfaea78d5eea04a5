// SPDX-License-Identifier: GPL-2.0
/* input of bvec_set_virt.cocci: one buffer set through its page, one real page kept */
static void map_header(struct bio_vec *bv, struct nvme_tcp_hdr *hdr)
{
	bvec_set_page(bv, virt_to_page(hdr), sizeof(*hdr), offset_in_page(hdr));
}

static void map_page(struct bio_vec *bv, struct page *page, unsigned int len)
{
	bvec_set_page(bv, page, len, 0);
}
