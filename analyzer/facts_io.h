/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_FACTS_IO_H
#define PAGEREF_FACTS_IO_H

#include <stddef.h>

#include "db_facts.h"
#include "facts.h"

/*
 * One TU's facts as bytes that do not depend on where the tree is: every
 * occurrence of the kernel tree's or the object directory's path, in any
 * string (file names, and the "(anonymous at /tree/include/...)" records
 * that access paths spell), is written as a marker and read back as the
 * reading tree's path. The fact cache (factcache.h) stores these.
 */
struct fbuf {
	unsigned char *p;
	size_t len, alloc;
};

/* Append tf to out. -1 (nothing usable in out) for a fact the format cannot hold. */
int facts_encode(const struct tu_facts *tf, const struct db_roots *r, struct fbuf *out);
/*
 * Fill tf from buf; -1 and tf released when buf is not a whole encoding.
 * With want, a function outside the main file that want() declines is
 * stepped over, undecoded, with the ops and copies inside it, as the
 * extractor skips a header function its database already has.
 */
int facts_decode(const void *buf, size_t len, const struct db_roots *r, struct tu_facts *tf,
		 int (*want)(const char *usr, void *data), void *data);

/*
 * s with r's paths written as markers (\001S, \001O; \001 itself doubled),
 * so that two trees' commands compare equal. A new string.
 */
char *facts_unroot(const struct db_roots *r, const char *s);

#endif
