// SPDX-License-Identifier: GPL-2.0
/* input of bvec_set_page.cocci: pointer and local forms, both field orders; a partial update is kept */
static void fill_one(struct bio_vec *bv, struct page *page, unsigned int len)
{
	bv->bv_page = page;
	bv->bv_len = len;
	bv->bv_offset = 0;
}

static int send_local(struct socket *sock, struct page *page, int off, int len)
{
	struct bio_vec bvec;

	bvec.bv_page = page;
	bvec.bv_offset = off;
	bvec.bv_len = len;
	return send_bvec(sock, &bvec);
}

static void grow(struct bio_vec *bv, unsigned int more)
{
	bv->bv_len += more;
}
