/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_QUERY_H
#define PAGEREF_QUERY_H

#include "db.h"

/*
 * Questions people ask, over the public views: `pageref query callers F`,
 * `callees F`, `effects F`. Readable text by default, JSON with json set.
 * Returns 0, or -1 with error_exit_code set (EXIT_USAGE for a bad question).
 */
int query_run(struct db *db, const char *what, const char *arg, int json);

#endif
