// SPDX-License-Identifier: GPL-2.0
/* Interned strings and memo tables over their ids; see intern.h. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "intern.h"
#include "usage.h"

/* strings live in chunks that are never moved or freed one by one */
#define CHUNK (256 * 1024)

struct chunk {
	struct chunk *next;
	size_t used, size;
	char data[];
};

struct intern {
	/* open addressing: slot -> id (0 empty); ids index str[] and hash[] */
	int *slot;
	size_t mask;
	const char **str;
	uint32_t *hash;
	int nr, alloc;
	struct chunk *chunks;
	size_t bytes;
};

struct intern *intern_new(void)
{
	struct intern *t = xcalloc(1, sizeof(*t));

	t->mask = 1023;
	t->slot = xcalloc(t->mask + 1, sizeof(*t->slot));
	t->nr = 1;	/* id 0 is NULL */
	t->alloc = 1024;
	t->str = xcalloc(t->alloc, sizeof(*t->str));
	t->hash = xcalloc(t->alloc, sizeof(*t->hash));
	return t;
}

void intern_free(struct intern *t)
{
	if (!t)
		return;
	while (t->chunks) {
		struct chunk *c = t->chunks;

		t->chunks = c->next;
		free(c);
	}
	free(t->slot);
	free(t->str);
	free(t->hash);
	free(t);
}

static char *arena_copy(struct intern *t, const char *s, size_t len)
{
	struct chunk *c = t->chunks;
	char *p;

	if (!c || c->size - c->used < len + 1) {
		size_t size = len + 1 > CHUNK ? len + 1 : CHUNK;

		c = xmalloc(sizeof(*c) + size);
		c->size = size;
		c->used = 0;
		c->next = t->chunks;
		t->chunks = c;
	}
	p = c->data + c->used;
	memcpy(p, s, len);
	p[len] = '\0';
	c->used += len + 1;
	t->bytes += len + 1;
	return p;
}

static void grow(struct intern *t)
{
	size_t mask = t->mask * 2 + 1;
	int *slot = xcalloc(mask + 1, sizeof(*slot));

	for (int id = 1; id < t->nr; id++) {
		size_t i = t->hash[id] & mask;

		while (slot[i])
			i = (i + 1) & mask;
		slot[i] = id;
	}
	free(t->slot);
	t->slot = slot;
	t->mask = mask;
}

/* the slot that holds s, or the empty slot where it would go */
static size_t probe(const struct intern *t, const char *s, size_t len, uint32_t h)
{
	size_t i = h & t->mask;

	for (; t->slot[i]; i = (i + 1) & t->mask) {
		int id = t->slot[i];

		if (t->hash[id] == h && !strncmp(t->str[id], s, len) && !t->str[id][len])
			break;
	}
	return i;
}

int intern_idn(struct intern *t, const char *s, size_t len)
{
	uint32_t h;
	size_t i;

	if (!s)
		return 0;
	h = (uint32_t)XXH3_64bits(s, len);
	i = probe(t, s, len, h);
	if (t->slot[i])
		return t->slot[i];
	if ((size_t)t->nr * 2 > t->mask) {
		grow(t);
		i = probe(t, s, len, h);
	}
	if (t->nr == t->alloc) {
		t->alloc *= 2;
		t->str = xrealloc(t->str, t->alloc * sizeof(*t->str));
		t->hash = xrealloc(t->hash, t->alloc * sizeof(*t->hash));
	}
	t->str[t->nr] = arena_copy(t, s, len);
	t->hash[t->nr] = h;
	t->slot[i] = t->nr;
	return t->nr++;
}

int intern_id(struct intern *t, const char *s)
{
	return s ? intern_idn(t, s, strlen(s)) : 0;
}

int intern_findn(const struct intern *t, const char *s, size_t len)
{
	return s ? t->slot[probe(t, s, len, (uint32_t)XXH3_64bits(s, len))] : 0;
}

int intern_find(const struct intern *t, const char *s)
{
	return s ? intern_findn(t, s, strlen(s)) : 0;
}

const char *intern_str(const struct intern *t, int id)
{
	return id > 0 && id < t->nr ? t->str[id] : NULL;
}

int intern_count(const struct intern *t)
{
	return t->nr - 1;
}

size_t intern_bytes(const struct intern *t)
{
	return t->bytes;
}

struct memo_entry {
	int a, b, c, out;
	int used;
};

struct memo {
	struct memo_entry *e;
	size_t mask;
	long nr;
};

struct memo *memo_new(void)
{
	struct memo *m = xcalloc(1, sizeof(*m));

	m->mask = 1023;
	m->e = xcalloc(m->mask + 1, sizeof(*m->e));
	return m;
}

void memo_free(struct memo *m)
{
	if (!m)
		return;
	free(m->e);
	free(m);
}

static size_t memo_hash(int a, int b, int c)
{
	uint64_t k = (uint64_t)(uint32_t)a * 0x9E3779B97F4A7C15ull;

	k ^= (uint64_t)(uint32_t)b * 0xC2B2AE3D27D4EB4Full;
	k ^= (uint64_t)(uint32_t)c * 0x165667B19E3779F9ull;
	return (size_t)(k ^ (k >> 29));
}

static size_t memo_probe(const struct memo *m, int a, int b, int c)
{
	size_t i = memo_hash(a, b, c) & m->mask;

	while (m->e[i].used && (m->e[i].a != a || m->e[i].b != b || m->e[i].c != c))
		i = (i + 1) & m->mask;
	return i;
}

int memo_get(const struct memo *m, int a, int b, int c, int *out)
{
	size_t i = memo_probe(m, a, b, c);

	if (!m->e[i].used)
		return 0;
	*out = m->e[i].out;
	return 1;
}

void memo_put(struct memo *m, int a, int b, int c, int out)
{
	size_t i;

	if ((size_t)(m->nr + 1) * 2 > m->mask) {
		struct memo_entry *old = m->e;
		size_t n = m->mask + 1;

		m->mask = m->mask * 2 + 1;
		m->e = xcalloc(m->mask + 1, sizeof(*m->e));
		for (size_t j = 0; j < n; j++)
			if (old[j].used)
				m->e[memo_probe(m, old[j].a, old[j].b, old[j].c)] = old[j];
		free(old);
	}
	i = memo_probe(m, a, b, c);
	if (!m->e[i].used)
		m->nr++;
	m->e[i] = (struct memo_entry){ a, b, c, out, 1 };
}

long memo_count(const struct memo *m)
{
	return m->nr;
}
