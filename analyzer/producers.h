/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_PRODUCERS_H
#define PAGEREF_PRODUCERS_H

#include "resolve.h"
#include "solve.h"

/*
 * A store of a page into a block I/O descriptor's page field
 * (db/models/io-pages.txt "field": bio_vec.bv_page, scatterlist.page_link)
 * or into any other field that holds pages (a driver's ring of page
 * pointers), as an effect of the function on one of its parameters:
 * bio_map_kern() puts virt_to_page(p1) into a bio's bi_io_vec[*].bv_page.
 * Like reference-count effects they move up to callers by binding the
 * parameter, until the page is something the caller has: the producer.
 */
struct store_effect {
	char *path;			/* the page stored, a parameter path */
	const char *field;		/* the io field, as io-pages.txt names it; NULL: another channel */
	struct solve_call *via;		/* NULL: the store itself, in this function */
	int via_fn, via_se;		/* the callee and its store effect */
	int line;			/* the store's line (via == NULL) */
	char *dst;			/* where it lands: a parameter path, or heap memory */
	int depth;
	/*
	 * path is the memory itself (GUP's pages, alloc_page()), written into
	 * the elements of a page array the caller passes: dst carries it up
	 */
	int fixed;
	int alloc_fn;			/* fixed: the function that has the memory */
	/*
	 * dst is a buffer pointer (conn->out.data) and path the page of the
	 * address stored there (virt_to_page(p1))
	 */
	int addr;
};

/* Where a page of known memory is put into an io field, and its way there. */
struct producer {
	const char *field;		/* as in struct store_effect */
	char *key;			/* the heap object dst is, layouts_heap_key(), or NULL */
	int fn;				/* the function that has the memory */
	int alloc_fn;			/* the one that allocated it (a helper that returns it), or fn */
	char *page;			/* the page it stores, resolved: virt_to_page(kzalloc(...)) */
	struct solve_call *call;	/* the call that passes it down, NULL if stored here */
	int se_fn, se_idx;		/* the callee's store effect the call binds */
	int line;			/* the store's line when call is NULL */
	char *dst;			/* ... and its destination */
};

struct store_effects {
	struct store_effect **se;	/* by function index */
	int *nr, *alloc;
	int nr_fn;
	struct producer *p;
	int nr_p, alloc_p;
};

/*
 * Derive the store effects and every producer (its memory may be of any
 * origin). Stores of addresses into buffer pointers count for the keys
 * of addr_keys only (layouts_address_key(): the fields a consumer makes
 * pages of), sorted; every store of a page counts.
 */
void producers_compute(struct solve_input *in, const struct models *md,
		       const struct strvec *addr_keys, struct store_effects *out);
void producers_release(struct store_effects *s);

/* The io field a page path reads (bv_page in p0->iter.bvec->bv_page), or NULL. */
const char *producers_io_field(const struct models *md, const char *path);

#endif
