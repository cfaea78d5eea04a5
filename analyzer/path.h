/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_PATH_H
#define PAGEREF_PATH_H

#include <stddef.h>

/*
 * Access paths as the extractor writes them (Documentation/database.md, "Access paths"):
 *   value := prefix* base step*     prefix := '&' | '*'
 *   base  := pN | l:name | g:name | f:name | cN | #n | ret | '?' | name '(' value ')'
 *   step  := '->' field | '.' field | '[*]'
 * These helpers rewrite them as strings; all return malloc'd strings.
 */

enum path_root {
	ROOT_PARAM,	/* pN */
	ROOT_LOCAL,	/* l:name */
	ROOT_GLOBAL,	/* g:name */
	ROOT_CALL,	/* cN: the result of call seq N */
	ROOT_CONST,	/* #n, str, f:name */
	ROOT_RET,
	ROOT_UNKNOWN,
};

/*
 * Macros whose arguments are not the value they produce (allocators:
 * kmalloc(#64,#3264) is new memory, not its size) are the base themselves:
 * allocators.h says which.
 */

/*
 * The innermost base of a value: through prefixes and wrapping macros
 * (virt_to_page(p0->data) has root p0). *index gets N for pN and cN.
 */
enum path_root path_root(const char *value, int *index);

/* Length of the base at s (after its prefixes), a macro's parentheses included. */
size_t path_base_len(const char *s);

/* The first '|' of path outside parentheses (a ?: merge), or NULL. */
const char *path_top_bar(const char *path);

/*
 * The next top-level alternative of a ?: merge at *cursor, malloc'd, and
 * *cursor moved past it (NULL after the last): for (a = path; (one =
 * path_next_alternative(&a));).
 */
char *path_next_alternative(const char **cursor);

/*
 * merged|alt, taking both (either may be NULL); an alternative merged
 * already holds is not added again.
 */
char *path_or(char *merged, char *alt);

/*
 * Do two values name the same thing, one inside the other
 * (p1->sg->page_link and virt_to_page(p1->sg->page_link))? Both non-empty.
 */
int path_same_value(const char *a, const char *b);

/* Is alt one of merged's top-level alternatives (or merged itself)? */
int path_has_alternative(const char *merged, const char *alt);

/* Number of field and element steps (nesting included). */
int path_steps(const char *value);

/*
 * Replace the root pN of path by value, as a call does when it binds its
 * argument: p0->netmem with p0 := &skb_shinfo(p1)->frags[*] gives
 * skb_shinfo(p1)->frags[*].netmem. Returns NULL when path's root is not pN.
 */
char *path_bind(const char *path, int n, const char *value);

/* Replace the base token (pN, cN, l:name) of path by value; NULL if absent. */
char *path_replace(const char *path, const char *token, const char *value);

/* The innermost base token of a path ("p0" for virt_to_page(p0->data)). */
char *path_base_token(const char *path);

/*
 * For a path whose base is a macro, name(inner)steps with no prefix:
 * return name and set *inner and *steps; NULL otherwise.
 */
char *path_macro(const char *path, char **inner, char **steps);

/*
 * Canonical form: &*X and *&X are X, and &X->page is X (the page embedded
 * at the start of a folio is the folio).
 */
char *path_normalize(const char *value);

/*
 * Drop the steps through anonymous unions and structs, which clang names
 * "struct iov_iter::(anonymous at FILE:LINE:COL)": p0->iter.<that>.bvec is
 * p0->iter.bvec, as the source spells it. Edits path in place; returns it.
 */
char *path_drop_anonymous(char *path);

#endif
