/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small TAP harness for pageref's unit tests: each check prints "ok N -
 * name" or "not ok N - name" with what was wanted and got, and tap_done()
 * prints the plan and the closing count the other runners print, and
 * returns the exit status (0 only if every check passed).
 */
#ifndef PAGEREF_TAP_H
#define PAGEREF_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static inline int tap_ok(int cond, const char *name)
{
	tap_n++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, name);
	tap_failed += !cond;
	return cond;
}

/* got and want equal as strings (NULL only equals NULL) */
static inline int tap_str(const char *got, const char *want, const char *name)
{
	int same = got == want || (got && want && !strcmp(got, want));

	if (!tap_ok(same, name))
		printf("# want: %s\n# got:  %s\n", want ? want : "(null)", got ? got : "(null)");
	return same;
}

static inline int tap_int(long long got, long long want, const char *name)
{
	if (!tap_ok(got == want, name))
		printf("# want: %lld\n# got:  %lld\n", want, got);
	return got == want;
}

static inline int tap_done(void)
{
	printf("1..%d\n%d passed, %d failed, 0 skipped\n", tap_n, tap_n - tap_failed, tap_failed);
	return tap_failed != 0;
}

#endif
