/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_FIELDS_H
#define PAGEREF_FIELDS_H

#include "resolve.h"

/*
 * What the stores into a heap object's field hold, over the whole tree:
 * nvme-tcp keeps its PDU in req->pdu, stored once from page_frag_alloc().
 * Keyed by the field's name (the extractor's paths carry no struct type),
 * so a field counts only when every store into that name, anywhere,
 * resolves to the same kind of memory. Fields are keyed TYPE.field, known
 * for one-step paths from a parameter or local of record type
 * (req->pdu with req a struct nvme_tcp_request *); other stores are not
 * counted, which can miss a store made through a longer path.
 */
struct field_origin {
	char *field;
	char *expr;		/* the first store's allocation: page_frag_alloc(...) */
	const char *entry;	/* its origins.txt line */
	int stores;
	int mixed;		/* stores of other kinds, or of values we cannot name */
};

struct field_map {
	struct field_origin *f;
	int nr, alloc;
};

void fields_compute(const struct solve_input *in, const struct models *md, struct field_map *m);
void fields_release(struct field_map *m);

/*
 * The field path reads in f (virt_to_page(p0->pdu): nvme_tcp_request.pdu), if
 * every store into it has one kind of origin; NULL otherwise.
 */
const struct field_origin *field_origin_of(const struct field_map *m,
					   const struct solve_function *f, const char *path);

#endif
