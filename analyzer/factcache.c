// SPDX-License-Identifier: GPL-2.0
/*
 * The fact cache across trees (factcache.h). Nothing here may fail a run:
 * a miss, a damaged entry or a full disk only cost a parse.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zstd.h>

#include "factcache.h"
#include "facts_io.h"
#include "usage.h"

#define CACHE_FORMAT "2"	/* 2: functions length-prefixed, so that a hit steps over others' */
#define RESULT_MAGIC "PGRFACT" CACHE_FORMAT
#define MANIFEST_HEAD "pageref fact manifest " CACHE_FORMAT "\n"
#define MAX_VARIANTS 8
#define DEFAULT_LIMIT (8ULL << 30)

struct fact_cache {
	char *dir;
	unsigned long long limit;
};

static const char *const counter_name[FC_NR] = {
	"hits", "misses", "stores", "damaged", "evicted", "errors",
};

static unsigned long long parse_size(const char *s)
{
	char *end;
	double v = strtod(s, &end);
	unsigned long long mul = 1;

	if (end == s || v <= 0)
		return 0;
	switch (*end) {
	case 'k': case 'K': mul = 1ULL << 10; end++; break;
	case 'm': case 'M': mul = 1ULL << 20; end++; break;
	case 'g': case 'G': mul = 1ULL << 30; end++; break;
	case 't': case 'T': mul = 1ULL << 40; end++; break;
	}
	if (*end)
		return 0;
	return (unsigned long long)(v * mul);
}

struct fact_cache *fact_cache_open(void)
{
	const char *e = getenv("PAGEREF_FACT_CACHE"), *size = getenv("PAGEREF_FACT_CACHE_SIZE");
	struct fact_cache *fc;
	char *dir;

	if (e && (!*e || !strcmp(e, "off") || !strcmp(e, "0")))
		return NULL;
	if (e)
		dir = xstrdup(e);
	else if (getenv("PAGEREF_CACHE") && *getenv("PAGEREF_CACHE"))
		dir = xasprintf("%s/facts", getenv("PAGEREF_CACHE"));
	else if (getenv("HOME") && *getenv("HOME"))
		dir = xasprintf("%s/.cache/pageref/facts", getenv("HOME"));
	else
		return NULL;
	fc = xcalloc(1, sizeof(*fc));
	fc->dir = dir;
	fc->limit = DEFAULT_LIMIT;
	if (size && *size) {
		unsigned long long l = parse_size(size);

		if (l)
			fc->limit = l;
		else
			warning("PAGEREF_FACT_CACHE_SIZE=%s is not a size (such as 500M or 8G): using 8G",
				size);
	}
	return fc;
}

void fact_cache_close(struct fact_cache *fc)
{
	if (!fc)
		return;
	free(fc->dir);
	free(fc);
}

const char *fact_cache_dir(const struct fact_cache *fc)
{
	return fc->dir;
}

void fact_cache_key(const struct compile_command *c, const struct db_roots *r,
		    char key[HASH_HEX])
{
	struct hasher *h = hasher_new();
	char content[HASH_HEX] = "unreadable";
	char *u;

	hasher_add_str(h, "pageref fact cache " CACHE_FORMAT);
	db_extractor_key(h);
	u = facts_unroot(r, c->directory);
	hasher_add_str(h, u);
	free(u);
	for (size_t i = 0; i < c->argv.nr; i++) {
		u = facts_unroot(r, c->argv.v[i]);
		hasher_add_str(h, u);
		free(u);
	}
	u = facts_unroot(r, c->file);
	hasher_add_str(h, u);
	free(u);
	hash_file(c->file, content);
	hasher_add_str(h, content);
	hasher_finish(h, key);
}

/* --- files ---------------------------------------------------------------- */

static char *entry_path(const struct fact_cache *fc, char kind, const char *hash)
{
	return xasprintf("%s/%c/%.2s/%s", fc->dir, kind, hash, hash);
}

/* Write path whole or not at all: a temporary name in the same directory, then rename. */
static int write_atomic(const char *path, const void *a, size_t alen, const void *b, size_t blen)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/'), *tmp;
	int fd, ret = -1;

	*slash = '\0';
	if (mkdir_p(dir) < 0) {
		free(dir);
		return -1;
	}
	tmp = xasprintf("%s/.tmp.%d.XXXXXX", dir, (int)getpid());
	free(dir);
	fd = mkstemp(tmp);
	if (fd < 0) {
		free(tmp);
		return -1;
	}
	if (write(fd, a, alen) == (ssize_t)alen && (!blen || write(fd, b, blen) == (ssize_t)blen) &&
	    fchmod(fd, 0644) == 0 && close(fd) == 0) {
		fd = -1;
		ret = rename(tmp, path);
	}
	if (fd >= 0)
		close(fd);
	if (ret < 0)
		unlink(tmp);
	free(tmp);
	return ret;
}

static char *read_whole(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *buf;
	size_t got = 0;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || st.st_size > (1LL << 31)) {
		close(fd);
		return NULL;
	}
	buf = xmalloc(st.st_size + 1);
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, st.st_size - got);

		if (n <= 0)
			break;
		got += n;
	}
	close(fd);
	if (got != (size_t)st.st_size) {
		free(buf);
		return NULL;
	}
	buf[got] = '\0';
	*len = got;
	return buf;
}

/* Used now: the least recently used go first when the cache is trimmed. */
static void touch(const char *path)
{
	utimensat(AT_FDCWD, path, NULL, 0);
}

static long long file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_size : 0;
}

/* --- counters ------------------------------------------------------------- */

/* stats: "NAME VALUE" lines, one per counter and "size" (bytes stored, an estimate) */
struct counters {
	long long v[FC_NR];
	long long size;
};

static void counters_parse(const char *text, struct counters *c)
{
	memset(c, 0, sizeof(*c));
	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		char name[32];
		long long v;

		if (sscanf(l, "%31s %lld", name, &v) != 2 || v < 0)
			continue;
		if (!strcmp(name, "size"))
			c->size = v;
		for (int i = 0; i < FC_NR; i++)
			if (!strcmp(name, counter_name[i]))
				c->v[i] = v;
	}
}

/* Run fn on the counters under the stats file's lock; they are written back. */
static int counters_update(struct fact_cache *fc, void (*fn)(struct counters *, void *), void *data,
			   struct counters *out)
{
	char *path = xasprintf("%s/stats", fc->dir), text[1024];
	struct counters c;
	ssize_t n;
	int fd, len = 0;

	mkdir_p(fc->dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	free(path);
	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_EX) < 0) {
		close(fd);
		return -1;
	}
	n = pread(fd, text, sizeof(text) - 1, 0);
	text[n > 0 ? n : 0] = '\0';
	counters_parse(text, &c);
	if (fn) {
		fn(&c, data);
		for (int i = 0; i < FC_NR; i++)
			len += snprintf(text + len, sizeof(text) - len, "%s %lld\n", counter_name[i], c.v[i]);
		len += snprintf(text + len, sizeof(text) - len, "size %lld\n", c.size);
		if (pwrite(fd, text, len, 0) == len)
			(void)!ftruncate(fd, len);
	}
	if (out)
		*out = c;
	close(fd);	/* drops the lock */
	return 0;
}

struct add {
	int what;
	long long n;
};

static void add_fn(struct counters *c, void *data)
{
	struct add *a = data;

	if (a->what < 0)
		c->size = c->size + a->n > 0 ? c->size + a->n : 0;
	else
		c->v[a->what] += a->n;
}

void fact_cache_count(struct fact_cache *fc, enum fact_cache_counter what, long n)
{
	struct add a = { what, n };

	counters_update(fc, add_fn, &a, NULL);
}

/* --- manifests -------------------------------------------------------------- */

/*
 * A manifest: the head line, then per variant (most recent first) "R
 * RESULT" and its inputs, "HASH\tPATH" with the roots as markers.
 */
struct variant {
	char result[HASH_HEX];
	char **hash, **path;
	int nr, alloc;
};

struct manifest {
	struct variant *v;
	int nr, alloc;
};

static void variant_release(struct variant *v)
{
	for (int j = 0; j < v->nr; j++) {
		free(v->hash[j]);
		free(v->path[j]);
	}
	free(v->hash);
	free(v->path);
	memset(v, 0, sizeof(*v));
}

static void manifest_release(struct manifest *m)
{
	for (int i = 0; i < m->nr; i++)
		variant_release(&m->v[i]);
	free(m->v);
	memset(m, 0, sizeof(*m));
}

static void variant_add(struct variant *v, const char *hash, const char *path)
{
	if (v->nr >= v->alloc) {
		v->alloc = v->alloc ? 2 * v->alloc : 64;
		v->hash = xrealloc(v->hash, v->alloc * sizeof(*v->hash));
		v->path = xrealloc(v->path, v->alloc * sizeof(*v->path));
	}
	v->hash[v->nr] = xstrdup(hash);
	v->path[v->nr++] = xstrdup(path);
}

/* 0 and m filled, or -1 (nothing there, or not a manifest) */
static int manifest_read(const char *path, struct manifest *m)
{
	size_t len;
	char *text = read_whole(path, &len), *save = NULL, *l;
	int ok = 1;

	memset(m, 0, sizeof(*m));
	if (!text)
		return -1;
	if (strncmp(text, MANIFEST_HEAD, strlen(MANIFEST_HEAD)) || strlen(text) != len) {
		free(text);
		return -1;
	}
	for (l = strtok_r(text + strlen(MANIFEST_HEAD), "\n", &save); l && ok;
	     l = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(l, '\t');

		if (!strncmp(l, "R ", 2) && strlen(l + 2) == HASH_HEX - 1) {
			ALLOC_GROW(m->v, m->nr, m->alloc);
			memset(&m->v[m->nr], 0, sizeof(m->v[0]));
			memcpy(m->v[m->nr].result, l + 2, HASH_HEX);
			m->nr++;
		} else if (tab && m->nr && tab - l == HASH_HEX - 1 && tab[1]) {
			*tab = '\0';
			variant_add(&m->v[m->nr - 1], l, tab + 1);
		} else {
			ok = 0;
		}
	}
	free(text);
	for (int i = 0; i < m->nr && ok; i++)
		ok = m->v[i].nr > 0;
	if (!ok)
		manifest_release(m);
	return ok ? 0 : -1;
}

static int manifest_write(const char *path, const struct manifest *m)
{
	struct fbuf b = { 0 };
	int ret;

	for (int i = 0; i < m->nr; i++) {
		size_t need = 4 + HASH_HEX;

		for (int j = 0; j < m->v[i].nr; j++)
			need += HASH_HEX + strlen(m->v[i].path[j]) + 2;
		b.p = xrealloc(b.p, b.len + need + 1);
		b.len += sprintf((char *)b.p + b.len, "R %s\n", m->v[i].result);
		for (int j = 0; j < m->v[i].nr; j++)
			b.len += sprintf((char *)b.p + b.len, "%s\t%s\n", m->v[i].hash[j], m->v[i].path[j]);
	}
	ret = write_atomic(path, MANIFEST_HEAD, strlen(MANIFEST_HEAD), b.p, b.len);
	free(b.p);
	return ret;
}

/* a marked path (facts_unroot) back to this tree's file */
static char *reroot(const struct db_roots *r, const char *u)
{
	size_t n = strlen(u);
	char *out = xmalloc(n + strlen(r->kernel) + (r->objdir ? strlen(r->objdir) : 1) + 1);
	size_t k = 0;

	/* only a leading root: manifest paths are file names */
	if (u[0] == '\001' && u[1] == 'S') {
		k = sprintf(out, "%s", r->kernel);
		u += 2;
	} else if (u[0] == '\001' && u[1] == 'O') {
		k = sprintf(out, "%s", r->objdir ? r->objdir : ".");
		u += 2;
	}
	strcpy(out + k, u);
	return out;
}

static int variant_matches(const struct variant *v, const struct db_roots *r,
			   int (*hash)(const char *abs, char out[HASH_HEX], void *data), void *data)
{
	for (int i = 0; i < v->nr; i++) {
		char *abs = reroot(r, v->path[i]), h[HASH_HEX];
		int same = (hash ? hash(abs, h, data) : hash_file(abs, h)) == 0 && !strcmp(h, v->hash[i]);

		free(abs);
		if (!same)
			return 0;
	}
	return 1;
}

/* --- results ------------------------------------------------------------------- */

/* magic (8 bytes), raw size and checksum of what follows (8 each), then the zstd frame */
#define RESULT_HEAD 24

static uint64_t checksum(const void *p, size_t n)
{
	char hex[HASH_HEX];

	hash_buf(p, n, hex);
	return strtoull(hex, NULL, 16);
}

static int result_read(const char *path, const struct db_roots *r, struct tu_facts *tf,
		       int (*want)(const char *usr, void *data), void *data)
{
	size_t len;
	char *file = read_whole(path, &len), *raw;
	uint64_t raw_len, sum;
	int ret = -1;

	if (!file)
		return 0;	/* not there: a miss, not damage */
	if (len < RESULT_HEAD || memcmp(file, RESULT_MAGIC, 8)) {
		free(file);
		return -1;
	}
	memcpy(&raw_len, file + 8, 8);
	memcpy(&sum, file + 16, 8);
	if (raw_len > (1ULL << 32) || checksum(file + RESULT_HEAD, len - RESULT_HEAD) != sum) {
		free(file);
		return -1;
	}
	raw = xmalloc(raw_len ? raw_len : 1);
	if (ZSTD_decompress(raw, raw_len, file + RESULT_HEAD, len - RESULT_HEAD) == raw_len &&
	    facts_decode(raw, raw_len, r, tf, want, data) == 0)
		ret = 1;
	free(raw);
	free(file);
	return ret;
}

int fact_cache_get(struct fact_cache *fc, const char *key, const struct db_roots *r,
		   struct tu_facts *tf, int (*hash)(const char *abs, char out[HASH_HEX], void *data),
		   int (*want)(const char *usr, void *data), void *data)
{
	char *mpath = entry_path(fc, 'm', key);
	struct manifest m;
	int hit = 0;

	if (manifest_read(mpath, &m) == 0) {
		for (int i = 0; i < m.nr && !hit; i++) {
			char *rpath;
			int got;

			if (!variant_matches(&m.v[i], r, hash, data))
				continue;
			rpath = entry_path(fc, 'f', m.v[i].result);
			got = result_read(rpath, r, tf, want, data);
			if (got < 0) {
				/* damaged: gone, so that the parse that follows stores it again */
				long long size = file_size(rpath);

				unlink(rpath);
				fact_cache_count(fc, FC_DAMAGED, 1);
				{
					struct add a = { -1, -size };

					counters_update(fc, add_fn, &a, NULL);
				}
			} else if (got > 0) {
				touch(rpath);
				touch(mpath);
				hit = 1;
			}
			free(rpath);
			break;	/* the inputs matched: no other variant can */
		}
		manifest_release(&m);
	}
	free(mpath);
	fact_cache_count(fc, hit ? FC_HIT : FC_MISS, 1);
	return hit;
}

int fact_cache_put(struct fact_cache *fc, const char *key, const struct db_roots *r,
		   const struct tu_facts *tf,
		   int (*hash_of)(const char *abs, char out[HASH_HEX], void *data), void *data)
{
	struct variant v = { 0 };
	struct manifest m;
	struct fbuf raw = { 0 };
	struct hasher *h;
	char *mpath = NULL, *rpath = NULL, head[RESULT_HEAD];
	void *packed = NULL;
	size_t cap, plen;
	uint64_t raw_len, sum;
	long long old = 0, added = 0;
	int ret = -1;

	if (tf->failed || facts_encode(tf, r, &raw) < 0)
		goto out;
	h = hasher_new();
	hasher_add_str(h, key);
	for (int i = 0; i < tf->nr_input; i++) {
		char hash[HASH_HEX], *u = facts_unroot(r, tf->input[i]);

		if ((hash_of ? hash_of(tf->input[i], hash, data) : hash_file(tf->input[i], hash)) < 0 ||
		    strchr(u, '\n') || strchr(u, '\t')) {
			free(u);
			hasher_finish(h, hash);
			goto out;
		}
		hasher_add_str(h, u);
		hasher_add_str(h, hash);
		variant_add(&v, hash, u);
		free(u);
	}
	hasher_finish(h, v.result);

	cap = ZSTD_compressBound(raw.len);
	packed = xmalloc(cap);
	plen = ZSTD_compress(packed, cap, raw.p, raw.len, 1);
	if (ZSTD_isError(plen))
		goto out;
	raw_len = raw.len;
	sum = checksum(packed, plen);
	memcpy(head, RESULT_MAGIC, 8);
	memcpy(head + 8, &raw_len, 8);
	memcpy(head + 16, &sum, 8);
	rpath = entry_path(fc, 'f', v.result);
	old = file_size(rpath);
	if (write_atomic(rpath, head, RESULT_HEAD, packed, plen) < 0)
		goto out;
	added += RESULT_HEAD + plen - old;

	/* this variant first, the others after it, at most MAX_VARIANTS */
	mpath = entry_path(fc, 'm', key);
	old = file_size(mpath);
	if (manifest_read(mpath, &m) < 0)
		memset(&m, 0, sizeof(m));
	ALLOC_GROW(m.v, m.nr, m.alloc);
	memmove(m.v + 1, m.v, m.nr * sizeof(*m.v));
	m.v[0] = v;
	memset(&v, 0, sizeof(v));
	m.nr++;
	for (int i = 1; i < m.nr; i++)
		if (!strcmp(m.v[i].result, m.v[0].result) || i >= MAX_VARIANTS) {
			variant_release(&m.v[i]);
			memmove(m.v + i, m.v + i + 1, (m.nr - i - 1) * sizeof(*m.v));
			m.nr--;
			i--;
		}
	ret = manifest_write(mpath, &m);
	manifest_release(&m);
	if (!ret)
		added += file_size(mpath) - old;
out:
	if (ret == 0) {
		struct add a = { -1, added };
		struct counters c;

		fact_cache_count(fc, FC_STORE, 1);
		counters_update(fc, add_fn, &a, &c);
		if ((unsigned long long)c.size > fc->limit)
			fact_cache_trim(fc);
	} else {
		fact_cache_count(fc, FC_ERROR, 1);
	}
	variant_release(&v);
	free(raw.p);
	free(packed);
	free(rpath);
	free(mpath);
	return ret;
}

/* --- trimming, stats, clearing ------------------------------------------------ */

struct cfile {
	char *path;
	long long size;
	struct timespec used;
};

struct scan {
	struct cfile *f;
	size_t nr, alloc;
	long long size, results, manifests;
};

/* every m/xx/ and f/xx/ file; temporaries older than an hour are a crashed writer's */
static void scan_dir(const char *dir, struct scan *s)
{
	const char kinds[2] = { 'm', 'f' };

	for (int k = 0; k < 2; k++) {
		char *top = xasprintf("%s/%c", dir, kinds[k]);
		DIR *d = opendir(top);
		struct dirent *e;

		while (d && (e = readdir(d))) {
			char *sub;
			DIR *d2;
			struct dirent *e2;

			if (e->d_name[0] == '.')
				continue;
			sub = xasprintf("%s/%s", top, e->d_name);
			d2 = opendir(sub);
			while (d2 && (e2 = readdir(d2))) {
				char *p;
				struct stat st;

				if (!strcmp(e2->d_name, ".") || !strcmp(e2->d_name, ".."))
					continue;
				p = xasprintf("%s/%s", sub, e2->d_name);
				if (lstat(p, &st) < 0 || !S_ISREG(st.st_mode)) {
					free(p);
					continue;
				}
				if (e2->d_name[0] == '.') {
					if (time(NULL) - st.st_mtime > 3600)
						unlink(p);
					free(p);
					continue;
				}
				ALLOC_GROW(s->f, s->nr, s->alloc);
				s->f[s->nr].path = p;
				s->f[s->nr].size = st.st_size;
				s->f[s->nr].used = st.st_mtim;
				s->nr++;
				s->size += st.st_size;
				if (kinds[k] == 'm')
					s->manifests++;
				else
					s->results++;
			}
			if (d2)
				closedir(d2);
			free(sub);
		}
		if (d)
			closedir(d);
		free(top);
	}
}

static void scan_release(struct scan *s)
{
	for (size_t i = 0; i < s->nr; i++)
		free(s->f[i].path);
	free(s->f);
}

static int by_use(const void *a, const void *b)
{
	const struct cfile *x = a, *y = b;

	if (x->used.tv_sec != y->used.tv_sec)
		return x->used.tv_sec < y->used.tv_sec ? -1 : 1;
	if (x->used.tv_nsec != y->used.tv_nsec)
		return x->used.tv_nsec < y->used.tv_nsec ? -1 : 1;
	return strcmp(x->path, y->path);
}

struct set_size {
	long long size, evicted;
};

static void set_size_fn(struct counters *c, void *data)
{
	struct set_size *s = data;

	c->size = s->size;
	c->v[FC_EVICTED] += s->evicted;
}

long fact_cache_trim(struct fact_cache *fc)
{
	char *lock = xasprintf("%s/trim.lock", fc->dir);
	int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	struct scan s = { 0 };
	struct set_size ss;
	long removed = 0;

	free(lock);
	/*
	 * One trimmer at a time; a second waits and looks again (a scan is
	 * quick), so that no store that went over the size is left there.
	 */
	if (fd < 0 || flock(fd, LOCK_EX) < 0) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	scan_dir(fc->dir, &s);
	if ((unsigned long long)s.size > fc->limit) {
		unsigned long long target = fc->limit / 10 * 9;

		qsort(s.f, s.nr, sizeof(*s.f), by_use);
		for (size_t i = 0; i < s.nr && (unsigned long long)s.size > target; i++)
			if (unlink(s.f[i].path) == 0) {
				s.size -= s.f[i].size;
				removed++;
			}
	}
	ss.size = s.size;
	ss.evicted = removed;
	counters_update(fc, set_size_fn, &ss, NULL);
	scan_release(&s);
	close(fd);
	return removed;
}

static void no_change(struct counters *c, void *data)
{
	(void)c;
	(void)data;
}

int fact_cache_print_stats(struct fact_cache *fc, FILE *out)
{
	struct scan s = { 0 };
	struct counters c = { 0 };
	long long lookups;

	scan_dir(fc->dir, &s);
	if (access(fc->dir, F_OK) == 0)
		counters_update(fc, no_change, NULL, &c);
	lookups = c.v[FC_HIT] + c.v[FC_MISS];
	fprintf(out, "directory   %s\n", fc->dir);
	fprintf(out, "entries     %lld TUs' facts, %lld manifests\n", s.results, s.manifests);
	fprintf(out, "size        %.1f MiB of %.1f MiB\n", s.size / 1048576.0, fc->limit / 1048576.0);
	fprintf(out, "hits        %lld", c.v[FC_HIT]);
	if (lookups)
		fprintf(out, " (%.1f %% of %lld lookups)", 100.0 * c.v[FC_HIT] / lookups, lookups);
	fprintf(out, "\nmisses      %lld\n", c.v[FC_MISS]);
	fprintf(out, "stored      %lld\n", c.v[FC_STORE]);
	fprintf(out, "damaged     %lld (found, removed and rebuilt)\n", c.v[FC_DAMAGED]);
	fprintf(out, "evicted     %lld (least recently used, over the size)\n", c.v[FC_EVICTED]);
	fprintf(out, "not stored  %lld (write errors)\n", c.v[FC_ERROR]);
	scan_release(&s);
	return 0;
}

static void zero_fn(struct counters *c, void *data)
{
	(void)data;
	memset(c, 0, sizeof(*c));
}

int fact_cache_clear(struct fact_cache *fc)
{
	struct scan s = { 0 };
	long removed = 0;

	if (access(fc->dir, F_OK) < 0)
		return 0;
	scan_dir(fc->dir, &s);
	for (size_t i = 0; i < s.nr; i++)
		removed += unlink(s.f[i].path) == 0;
	counters_update(fc, zero_fn, NULL, NULL);
	printf("cache: removed %ld files from %s\n", removed, fc->dir);
	scan_release(&s);
	return removed == (long)s.nr ? 0 : -1;
}
