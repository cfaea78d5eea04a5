/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_DIFF_H
#define PAGEREF_DIFF_H

#include "db.h"

struct diff_summary {
	long added, fixed, unchanged;
};

/*
 * `pageref diff OLD.db NEW.db`: unguarded findings compared by fingerprint
 * (stable across runs and line moves): one line per new and fixed finding,
 * `new|fixed FINGERPRINT RULE FILE:LINE FUNCTION`, and the counts.
 */
int diff_run(struct db *old, struct db *new, struct diff_summary *sum);

#endif
