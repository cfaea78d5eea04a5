/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_SHELLWORDS_H
#define PAGEREF_SHELLWORDS_H

#include "usage.h"

/*
 * Split one line of sh(1) text into simple commands at unquoted ; & | ( )
 * and newlines, undoing quoting the way sh would. Enough for the recipes
 * kbuild prints under make -n; no expansion is performed. Calls fn for
 * every command with at least one word; stops early when fn returns
 * nonzero and returns that value. Returns -1 on unbalanced quotes.
 */
int shellwords_split(const char *line,
		     int (*fn)(struct strvec *argv, void *data), void *data);

#endif
