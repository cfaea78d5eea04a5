/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_INTERN_H
#define PAGEREF_INTERN_H

#include <stddef.h>

/*
 * Interned strings: each distinct string is stored once, in an arena, and
 * named by a small integer id (1, 2, ...; 0 is "no string"). Two ids are
 * equal exactly when their strings are, and a string's pointer never moves
 * while the table lives, so callers compare ids or pointers, not bytes.
 * sparse's ident hashing does the same for identifiers.
 */
struct intern;

struct intern *intern_new(void);
void intern_free(struct intern *t);

/* The id of s (NULL: 0), adding it if new. */
int intern_id(struct intern *t, const char *s);
int intern_idn(struct intern *t, const char *s, size_t len);

/*
 * The id of s (or of its first len bytes) if it is there, 0 otherwise:
 * nothing is added, so a table no one adds to any more can be read from
 * several threads.
 */
int intern_find(const struct intern *t, const char *s);
int intern_findn(const struct intern *t, const char *s, size_t len);

/* The string of id (0: NULL); stable for the life of t. */
const char *intern_str(const struct intern *t, int id);

/* How many distinct strings, and the bytes they take. */
int intern_count(const struct intern *t);
size_t intern_bytes(const struct intern *t);

/*
 * A memo of a pure function of up to three ids: memo_get() finds what
 * memo_put() stored for (a, b, c). Results are ids too, so a computed
 * string is interned once and the next call with the same ids is one
 * lookup.
 */
struct memo;

struct memo *memo_new(void);
void memo_free(struct memo *m);
/* 1 and *out set if (a, b, c) was stored, 0 otherwise */
int memo_get(const struct memo *m, int a, int b, int c, int *out);
void memo_put(struct memo *m, int a, int b, int c, int out);
long memo_count(const struct memo *m);

#endif
