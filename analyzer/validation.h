/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_VALIDATION_H
#define PAGEREF_VALIDATION_H

struct db;

/*
 * Replace the validation results (table validation, view v_validation)
 * with those in file, written by validation/run.sh: one step per line,
 * STEP <tab> STATUS <tab> SECONDS <tab> DETAIL, STATUS one of pass, fail,
 * skip. A malformed file is refused whole with one line naming the line
 * (EXIT_INPUT) and the old rows stay. *rows and *failed count what was
 * imported.
 */
int validation_import(struct db *db, const char *file, long *rows, long *failed);

#endif
