/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_RELEVANCE_H
#define PAGEREF_RELEVANCE_H

#include "compdb.h"
#include "db.h"

/*
 * The relevance filter: which TUs can matter, decided on their text before
 * any is parsed. A TU is kept when its text (the .c file and the headers it
 * includes with quotes) names one of:
 *
 *  - the field every page reference goes through (_refcount, the one the
 *    extractor's refop facts are about: extract.h) and the block I/O page
 *    fields (db/models/io-pages.txt);
 *  - a function the solver found relevant on what was extracted so far
 *    (table relevant_fn: effects, stores of pages, channel sites), or a
 *    struct field through which analysed code calls one or in which an
 *    ops table or a store puts one (the code calling through it may not be
 *    analysed yet);
 *  - a macro or static inline function of the tree's include/ headers
 *    whose body names one of these (closed over: a macro of a macro);
 *
 * or when it defines a function the analysed code calls with a page, an
 * skb, a bio or a message and finds no body for (scope.h: the gap's file).
 * analyze extracts the kept TUs, solves, and filters again with what it
 * learnt, until no TU is added; the rest are listed in tu_skip (v_tu
 * status 'skipped') with the reason. Names are read as C identifiers, with
 * comments and strings left out; nothing is preprocessed, so a name in an
 * #if 0 block keeps a TU (never the other way round).
 */
struct relevance;

struct relevance *relevance_new(const char *kernel);
void relevance_free(struct relevance *r);

/* The names from the database (relevant_fn, the fields calling them). */
int relevance_learn(struct relevance *r, struct db *db);
/* Close the names over include/'s macros and inline functions. */
void relevance_close(struct relevance *r);
long relevance_nr_names(const struct relevance *r);

/*
 * Does the TU of compile command c name one? Returns the name (owned by r)
 * or NULL; *where (when given) is set to the file it was read in (owned by
 * r, until the next relevance_close()).
 */
const char *relevance_tu(struct relevance *r, const struct compile_command *c, const char **where);

#endif
