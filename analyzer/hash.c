// SPDX-License-Identifier: GPL-2.0
/* Content hashes for incremental runs: XXH3-64 from Debian's libxxhash. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "hash.h"
#include "usage.h"

struct hasher {
	XXH3_state_t *st;
};

struct hasher *hasher_new(void)
{
	struct hasher *h = xmalloc(sizeof(*h));

	h->st = XXH3_createState();
	if (!h->st)
		die(EXIT_BUG, "out of memory creating a hash state");
	XXH3_64bits_reset(h->st);
	return h;
}

void hasher_add(struct hasher *h, const void *buf, size_t len)
{
	XXH3_64bits_update(h->st, buf, len);
}

void hasher_add_str(struct hasher *h, const char *s)
{
	hasher_add(h, s, strlen(s) + 1);
}

void hasher_add_u64(struct hasher *h, uint64_t v)
{
	hasher_add(h, &v, sizeof(v));
}

void hasher_finish(struct hasher *h, char out[HASH_HEX])
{
	snprintf(out, HASH_HEX, "%016llx", (unsigned long long)XXH3_64bits_digest(h->st));
	XXH3_freeState(h->st);
	free(h);
}

void hash_buf(const void *buf, size_t len, char out[HASH_HEX])
{
	snprintf(out, HASH_HEX, "%016llx", (unsigned long long)XXH3_64bits(buf, len));
}

int hash_file(const char *path, char out[HASH_HEX])
{
	struct hasher *h;
	char buf[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	h = hasher_new();
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		hasher_add(h, buf, n);
	close(fd);
	hasher_finish(h, out);
	return n < 0 ? -1 : 0;
}
