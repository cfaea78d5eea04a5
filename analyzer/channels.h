/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_CHANNELS_H
#define PAGEREF_CHANNELS_H

#include "usage.h"

/*
 * Typed channels (Documentation/database.md, "Pairing"): the struct field a page path ends in,
 * named by the record that holds it, whatever the spelling at the site.
 * The layouts come from the extractor's field_type and root_type tables.
 */
enum layout_kind { LK_UNKNOWN, LK_EMBED, LK_PTR, LK_PTRPTR, LK_ARRAY, LK_PTRARRAY, LK_VALUE };

enum layout_kind layout_kind_of(const char *kind);

struct layouts;

struct layouts *layouts_new(void);
/* A field_type row: record holds field, of type and kind. */
void layouts_add_field(struct layouts *l, const char *record, const char *field,
		       const char *type, const char *kind);
/* A root_type row, for the function of solver index fn. */
void layouts_add_root(struct layouts *l, int fn, const char *root, const char *record,
		      const char *kind);
/*
 * A parameter's declared type ("const struct scatterlist *"), for a root
 * without a root_type row; a root_type row wins.
 */
void layouts_add_param(struct layouts *l, int fn, const char *root, const char *decl);
/* Index what was added; before channels_of() and layouts_root_kind(). */
void layouts_done(struct layouts *l);
void layouts_free(struct layouts *l);

/*
 * Does path (of function fn) designate memory inside the object its root
 * points to, going by the layouts: l:req->buf with buf an embedded array
 * (1), l:req->buf with buf a pointer loaded from the object (0), or
 * unknown (-1). A wrapper macro (virt_to_page(X)) is looked through.
 */
int layouts_inside(const struct layouts *l, int fn, const char *path);

/* How the function of solver index fn holds root ("l:pages": LK_PTRARRAY). */
enum layout_kind layouts_root_kind(const struct layouts *l, int fn, const char *root);

/*
 * The channels a page path of function fn ends in, pushed to out (one per
 * alternative of a ?: merge, each once): "bio_vec.bv_page" for
 * p0->bi_io_vec[*].bv_page, "skb_frag.netmem" for
 * skb_shinfo(p0)->frags[*].netmem. A path whose last field holds no page
 * (a list link, a void pointer, a length) names no channel. Returns the
 * number pushed.
 */
int channels_of(const struct layouts *l, int fn, const char *path, struct strvec *out);
/* ... and, in alts, the alternative of path each channel comes from */
int channels_of_alt(const struct layouts *l, int fn, const char *path, struct strvec *out,
		    struct strvec *alts);

/*
 * The heap object a page path of function fn reads or writes, named from
 * the record type of its root through every field step:
 * l:db_tab->page[*].mem.page_link with db_tab a struct
 * mthca_user_db_table * is "mthca_user_db_table.page[*].mem.page_link",
 * wherever the spelling puts -> or . and whichever local or parameter
 * holds the object. Stores and reads with one key touch objects of one
 * type through one field path: a channel of that driver's own (where
 * channels_of() names only the last field). NULL when the root's type is
 * unknown, the path starts at a call, or its last field holds no page.
 */
char *layouts_heap_key(const struct layouts *l, int fn, const char *path);
/*
 * The object's field a store of an address lands in, when the field is a
 * buffer pointer (void *, char *, u8 *): conn->out.data is
 * "fx_pdu_conn.out.data". layouts_heap_key() names the same key for the
 * page of such an address, virt_to_page(conn->out.data).
 */
char *layouts_address_key(const struct layouts *l, int fn, const char *path);
/*
 * Do keys a and b name one object's field, seen from two roots? Equal, or
 * one (of two field steps or more: a bare holder such as
 * scatterlist.page_link contains nothing) the other's path from a field
 * of its record's type:
 * "ttm_buffer_object.ttm.sg.sgl.page_link" (radeon_bo_move()'s bo->ttm)
 * and "ttm_tt.sg.sgl.page_link" (radeon_ttm_tt_unpin_userptr()'s ttm).
 */
int layouts_keys_alias(const struct layouts *l, const char *a, const char *b);

/* The record a root of function fn points to or is, or NULL. */
const char *layouts_root_record(const struct layouts *l, int fn, const char *root);

/*
 * The field paths (sgt.sgl) by which record from holds records to, a
 * pointer to one or an array of them, through at most depth field steps the
 * analysed code uses (at most four), pushed to out. Returns how many.
 */
int layouts_paths(const struct layouts *l, const char *from, const char *to, int depth,
		  struct strvec *out);

/* The same for any field (l1oip.sendmsg.msg_flags), a page's or not. */
char *layouts_object_key(const struct layouts *l, int fn, const char *path);
#endif
