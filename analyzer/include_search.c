// SPDX-License-Identifier: GPL-2.0
/*
 * Where #include finds its files, as the compiler would, without the
 * compiler (include_search.h). The relevance filter follows every
 * #include of ~24k TUs each round; the answers that do not depend on the
 * TU are kept for the run, so that a round costs reads, not stat calls.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <xxhash.h>

#include "include_search.h"
#include "usage.h"

/* name -> path (NULL: not there), open addressing on XXH3 */
struct strmap {
	char **key, **val;
	size_t cap, nr;
};

static size_t map_slot(const struct strmap *m, const char *k)
{
	size_t i = XXH3_64bits(k, strlen(k)) & (m->cap - 1);

	while (m->key[i] && strcmp(m->key[i], k))
		i = (i + 1) & (m->cap - 1);
	return i;
}

static int map_get(const struct strmap *m, const char *k, const char **v)
{
	size_t i;

	if (!m->cap)
		return 0;
	i = map_slot(m, k);
	if (!m->key[i])
		return 0;
	*v = m->val[i];
	return 1;
}

static void map_put(struct strmap *m, const char *k, const char *v)
{
	size_t i;

	if (2 * (m->nr + 1) > m->cap) {
		struct strmap n = { xcalloc(m->cap ? 2 * m->cap : 1024, sizeof(char *)),
				    xcalloc(m->cap ? 2 * m->cap : 1024, sizeof(char *)),
				    m->cap ? 2 * m->cap : 1024, m->nr };

		for (size_t k2 = 0; k2 < m->cap; k2++)
			if (m->key[k2]) {
				size_t j = map_slot(&n, m->key[k2]);

				n.key[j] = m->key[k2];
				n.val[j] = m->val[k2];
			}
		free(m->key);
		free(m->val);
		*m = n;
	}
	i = map_slot(m, k);
	if (m->key[i])
		return;
	m->key[i] = xstrdup(k);
	m->val[i] = v ? xstrdup(v) : NULL;
	m->nr++;
}

static void map_clear(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++) {
		free(m->key[i]);
		free(m->val[i]);
	}
	free(m->key);
	free(m->val);
	memset(m, 0, sizeof(*m));
}



struct include_cache {
	struct strmap angle;	/* <x> in the kernel's own include dirs: its path, or NULL */
	struct strmap beside;	/* "dir/x" beside an including file: itself, or NULL */
	struct strmap searched;	/* "listhash\tx" in a TU's own -I list: its path, or NULL */
	char **gdirs;		/* those dirs (the commands' leading -I) */
	int nr_gdirs, alloc_gdirs;
};

struct include_cache *include_cache_new(void)
{
	return xcalloc(1, sizeof(struct include_cache));
}

void include_cache_free(struct include_cache *c)
{
	if (!c)
		return;
	map_clear(&c->angle);
	map_clear(&c->beside);
	map_clear(&c->searched);
	for (int i = 0; i < c->nr_gdirs; i++)
		free(c->gdirs[i]);
	free(c->gdirs);
	free(c);
}

static int is_file(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* the command's -I directories in order (and -iquote's, when quoted), absolute */
static void include_dirs(const struct compile_command *c, int quoted, struct strvec *out)
{
	for (size_t i = 0; i < c->argv.nr; i++) {
		const char *a = c->argv.v[i], *dir = NULL;

		if ((!strcmp(a, "-I") || (quoted && !strcmp(a, "-iquote"))) && i + 1 < c->argv.nr)
			dir = c->argv.v[++i];
		else if (!strncmp(a, "-I", 2) && a[2])
			dir = a + 2;
		if (dir)
			strvec_pushf(out, "%s%s%s", dir[0] == '/' ? "" : c->directory,
				     dir[0] == '/' ? "" : "/", dir);
	}
}


static unsigned long long dirs_key(const struct strvec *dirs, size_t from)
{
	XXH3_state_t *st = XXH3_createState();
	unsigned long long h;

	XXH3_64bits_reset(st);
	for (size_t i = from; i < dirs->nr; i++)
		XXH3_64bits_update(st, dirs->v[i], strlen(dirs->v[i]) + 1);
	h = XXH3_64bits_digest(st);
	XXH3_freeState(st);
	return h;
}

void include_search_start(struct include_cache *r, struct include_search *sr, const struct compile_command *c)
{
	sr->cache = r;
	sr->c = c;
	sr->qdirs = (struct strvec)STRVEC_INIT;
	sr->adirs = (struct strvec)STRVEC_INIT;
	include_dirs(c, 1, &sr->qdirs);
	include_dirs(c, 0, &sr->adirs);
	if (!r->nr_gdirs)
		for (size_t i = 0; i < sr->adirs.nr && i < 8; i++) {
			ALLOC_GROW(r->gdirs, r->nr_gdirs, r->alloc_gdirs);
			r->gdirs[r->nr_gdirs++] = xstrdup(sr->adirs.v[i]);
		}
	sr->global = 1;
	for (int i = 0; i < r->nr_gdirs && sr->global; i++)
		sr->global = (size_t)i < sr->adirs.nr && !strcmp(sr->adirs.v[i], r->gdirs[i]);
	sr->qkey = dirs_key(&sr->qdirs, 0);
	sr->akey = dirs_key(&sr->adirs, sr->global ? r->nr_gdirs : 0);
}

void include_search_end(struct include_search *sr)
{
	strvec_clear(&sr->qdirs);
	strvec_clear(&sr->adirs);
}

static char *first_in(const struct strvec *dirs, size_t from, size_t to, const char *name)
{
	for (size_t i = from; i < to && i < dirs->nr; i++) {
		char *p = xasprintf("%s/%s", dirs->v[i], name);

		if (is_file(p))
			return p;
		free(p);
	}
	return NULL;
}

/*
 * first_in(dirs, from, end), kept for the run by the list's hash: TUs of a
 * directory share their -I lists, and the same misses (an #include under
 * an #if for another configuration) were looked up again in every TU.
 */
static char *first_in_kept(struct include_cache *r, const struct strvec *dirs, size_t from,
			   unsigned long long key, const char *name)
{
	char *k = xasprintf("%016llx\t%s", key, name), *p;
	const char *known;

	if (map_get(&r->searched, k, &known)) {
		free(k);
		return known ? xstrdup(known) : NULL;
	}
	p = first_in(dirs, from, dirs->nr, name);
	map_put(&r->searched, k, p);
	free(k);
	return p;
}

/*
 * #include "x" as the compiler looks for it: beside the including file
 * (what is there, or not, is kept for the run: it depends on that
 * directory alone), then in the command's -I and -iquote directories.
 */
char *include_quoted(struct include_search *sr, const char *from, const char *name)
{
	struct include_cache *r = sr->cache;
	const char *slash = strrchr(from, '/'), *known;
	char *key = xasprintf("%.*s/%s", slash ? (int)(slash - from) : 1, slash ? from : ".", name);
	char *p;

	if (map_get(&r->beside, key, &known)) {
		p = known ? xstrdup(known) : NULL;
	} else {
		p = is_file(key) ? xstrdup(key) : NULL;
		map_put(&r->beside, key, p);
	}
	free(key);
	return p ? p : first_in_kept(r, &sr->qdirs, 0, sr->qkey, name);
}

/*
 * #include <x>: the -I directories in order. The kernel's own, the
 * commands' leading ones (arch/x86/include, include, their generated and
 * uapi halves), are the same for every TU: what is found there, or not,
 * is kept for the run; a TU's own -I after them is searched each time.
 */
char *include_angle(struct include_search *sr, const char *name)
{
	struct include_cache *r = sr->cache;
	const char *known;
	char *p;

	if (!sr->global)
		return first_in_kept(r, &sr->adirs, 0, sr->akey, name);
	if (map_get(&r->angle, name, &known))
		return known ? xstrdup(known) : first_in_kept(r, &sr->adirs, r->nr_gdirs, sr->akey, name);
	p = first_in(&sr->adirs, 0, r->nr_gdirs, name);
	map_put(&r->angle, name, p);
	return p ? p : first_in_kept(r, &sr->adirs, r->nr_gdirs, sr->akey, name);
}
