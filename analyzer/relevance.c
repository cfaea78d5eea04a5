// SPDX-License-Identifier: GPL-2.0
/*
 * The relevance filter (relevance.h): C identifiers of a TU's text against
 * a set of names, with the names closed over the headers' macros and
 * inline functions. Everything here is text: no preprocessor, no parser;
 * reading the whole 6.12 tree's C text takes seconds, parsing it hours.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "extract.h"
#include "relevance.h"
#include "treewalk.h"
#include "usage.h"

/* A set of strings: open addressing on XXH3, grown at half load. */
struct strset {
	char **v;
	size_t cap, nr;
};

static size_t slot_of(const struct strset *s, const char *name, size_t len)
{
	size_t i = XXH3_64bits(name, len) & (s->cap - 1);

	while (s->v[i] && (strncmp(s->v[i], name, len) || s->v[i][len]))
		i = (i + 1) & (s->cap - 1);
	return i;
}

static const char *set_find(const struct strset *s, const char *name, size_t len)
{
	return s->cap ? s->v[slot_of(s, name, len)] : NULL;
}

static int set_add(struct strset *s, const char *name, size_t len)
{
	size_t i;

	if (2 * (s->nr + 1) > s->cap) {
		struct strset n = { xcalloc(s->cap ? 2 * s->cap : 1024, sizeof(char *)),
				    s->cap ? 2 * s->cap : 1024, 0 };

		for (size_t k = 0; k < s->cap; k++)
			if (s->v[k]) {
				n.v[slot_of(&n, s->v[k], strlen(s->v[k]))] = s->v[k];
				n.nr++;
			}
		free(s->v);
		*s = n;
	}
	i = slot_of(s, name, len);
	if (s->v[i])
		return 0;
	s->v[i] = xstrndup(name, len);
	s->nr++;
	return 1;
}

static void set_clear(struct strset *s)
{
	for (size_t k = 0; k < s->cap; k++)
		free(s->v[k]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* A macro or static inline function of a header: its name and body text. */
struct def {
	const char *name;
	size_t name_len;
	const char *body, *end;
	int known;		/* its name is in the set */
};

/* A header's own answer for this round: the name it names, its quoted includes. */
struct memo {
	char *path;
	const char *hit;
	char **inc;
	int nr_inc;
};

struct relevance {
	char *kernel;
	struct strset names;
	struct strset fields;	/* struct fields called through: ->f and .f read, not stored */
	struct def *def;
	int nr_def, alloc_def;
	char **text;		/* header contents the defs point into */
	int nr_text, alloc_text;
	struct memo *memo;
	int nr_memo, alloc_memo;
	int *mslot;		/* path -> memo index + 1, open addressing */
	size_t mcap;
	int defs_read;
};

static int ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/*
 * Walk the C text [p, end): comments, strings and character constants are
 * skipped; fn is called for each identifier and returns nonzero to stop
 * (that identifier is returned); inc, when given, for each #include "x".
 */
static const char *walk_idents(const char *p, const char *end,
			       int (*fn)(const char *id, size_t len, const char *start, const char *end,
					 void *data),
			       void (*inc)(const char *path, size_t len, void *data), void *data)
{
	const char *start = p;
	int bol = 1;

	while (p < end) {
		char c = *p;

		if (c == '\n') {
			bol = 1;
			p++;
		} else if (c == ' ' || c == '\t' || c == '\r') {
			p++;
		} else if (c == '/' && p + 1 < end && p[1] == '*') {
			const char *q = memmem(p + 2, end - p - 2, "*/", 2);

			p = q ? q + 2 : end;
		} else if (c == '/' && p + 1 < end && p[1] == '/') {
			const char *q = memchr(p, '\n', end - p);

			p = q ? q : end;
		} else if (c == '"' || c == '\'') {
			for (p++; p < end && *p != c && *p != '\n'; p++)
				if (*p == '\\')
					p++;
			p++;
			bol = 0;
		} else if (c == '#' && bol) {
			const char *q = p + 1;

			while (q < end && (*q == ' ' || *q == '\t'))
				q++;
			if (inc && end - q > 7 && !strncmp(q, "include", 7)) {
				q += 7;
				while (q < end && (*q == ' ' || *q == '\t'))
					q++;
				if (q < end && *q == '"') {
					const char *e = memchr(q + 1, '"', end - q - 1);

					if (e)
						inc(q + 1, e - q - 1, data);
				}
				/* the rest of an #include line is a file name, not code */
				q = memchr(q, '\n', end - q);
				p = q ? q : end;
				continue;
			}
			p = q;
			bol = 0;
		} else if (ident(c) && !(c >= '0' && c <= '9')) {
			const char *s = p;

			while (p < end && ident(*p))
				p++;
			if (fn(s, p - s, start, end, data))
				return s;
			bol = 0;
		} else if (c >= '0' && c <= '9') {
			while (p < end && ident(*p))
				p++;	/* a number, 0x1f and 10UL too */
			bol = 0;
		} else {
			p++;
			bol = 0;
		}
	}
	return NULL;
}

static char *read_all(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY);
	struct stat st;
	char *buf;
	ssize_t n;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return NULL;
	}
	buf = xmalloc(st.st_size + 1);
	n = read(fd, buf, st.st_size);
	close(fd);
	if (n != st.st_size) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* --- the headers' definitions ------------------------------------------- */

/*
 * compiler.h and compiler_types.h redefine keywords (#define if(...) for
 * branch profiling, #define inline ...): such a macro is in every line of
 * C, not a call anyone makes, so it names nothing here.
 */
static int keyword(const char *name, size_t nl)
{
	static const char *const kw[] = {
		"if", "else", "for", "while", "do", "switch", "case", "return", "inline", "sizeof",
		"typeof", "goto", "break", "continue", "static", "const", "volatile", "struct",
		"union", "enum", "void", "int", "char", "long", "short", "unsigned", "signed",
		"__inline", "__inline__", "asm", "__asm__", "restrict", "register", "extern",
	};

	for (size_t i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		if (strlen(kw[i]) == nl && !strncmp(kw[i], name, nl))
			return 1;
	return 0;
}

static void add_def(struct relevance *r, const char *name, size_t nl, const char *body,
		    const char *end)
{
	if (keyword(name, nl))
		return;
	ALLOC_GROW(r->def, r->nr_def, r->alloc_def);
	r->def[r->nr_def++] = (struct def){ name, nl, body, end, 0 };
}

/* The end of the logical line at p (backslash continuations joined). */
static const char *line_end(const char *p, const char *end)
{
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);

		if (!nl)
			return end;
		if (nl > p && nl[-1] == '\\') {
			p = nl + 1;
			continue;
		}
		return nl;
	}
	return end;
}

/* The '}' that closes the '{' at p, or end. */
static const char *close_brace(const char *p, const char *end)
{
	int depth = 0;

	for (; p < end; p++) {
		if (*p == '{')
			depth++;
		else if (*p == '}' && !--depth)
			return p + 1;
		else if (*p == '/' && p + 1 < end && p[1] == '*') {
			const char *q = memmem(p + 2, end - p - 2, "*/", 2);

			p = q ? q + 1 : end;
		} else if (*p == '"' || *p == '\'') {
			char c = *p;

			for (p++; p < end && *p != c && *p != '\n'; p++)
				if (*p == '\\')
					p++;
		}
	}
	return end;
}

/*
 * #define NAME ... and static inline functions, in the kernel's style: a
 * line starting with "static" that says "inline", the name before the
 * first '(', the body from the '{' after the parameters to its '}'.
 */
static void read_defs(struct relevance *r, const char *buf, size_t len)
{
	const char *end = buf + len;

	for (const char *l = buf; l < end;) {
		const char *le = memchr(l, '\n', end - l), *p;

		le = le ? le : end;
		p = l + strspn(l, " \t");
		if (*p == '#') {
			p++;
			p += strspn(p, " \t");
			if (end - p > 7 && !strncmp(p, "define", 6) && (p[6] == ' ' || p[6] == '\t')) {
				const char *n = p + 7 + strspn(p + 7, " \t"), *ne = n, *de;

				while (ne < end && ident(*ne))
					ne++;
				de = line_end(ne, end);
				if (ne > n)
					add_def(r, n, ne - n, ne, de);
				l = de < end ? de + 1 : end;
				continue;
			}
		} else if (!strncmp(l, "static ", 7) && memmem(l, le - l, "inline", 6)) {
			const char *paren = NULL, *q, *n;

			/* the parameters' '(' may be on this line or a later one */
			for (q = l; q < end && *q != ';' && *q != '{' && !paren; q++)
				if (*q == '(')
					paren = q;
			if (paren) {
				for (n = paren; n > l && ident(n[-1]); n--)
					;
				for (q = paren; q < end && *q != ';' && *q != '{'; q++)
					;
				if (q < end && *q == '{' && n < paren) {
					const char *be = close_brace(q, end);

					add_def(r, n, paren - n, q, be);
					l = be;
					continue;
				}
			}
		}
		l = le + 1;
	}
}

static int enter_all(const char *rel, void *data)
{
	(void)rel;
	(void)data;
	return 1;
}

/* a header: its definitions, its text kept (the defs point into it) */
static void read_header(const char *rel, const char *path, void *data)
{
	struct relevance *r = data;
	size_t nl = strlen(rel), len;
	char *buf;

	if (nl < 3 || strcmp(rel + nl - 2, ".h") || !(buf = read_all(path, &len)))
		return;
	read_defs(r, buf, len);
	ALLOC_GROW(r->text, r->nr_text, r->alloc_text);
	r->text[r->nr_text++] = buf;
}

struct relevance *relevance_new(const char *kernel)
{
	struct relevance *r = xcalloc(1, sizeof(*r));

	r->kernel = xstrdup(kernel);
	/* every page reference is an atomic on this field (extract.h) */
	set_add(&r->names, REFCOUNT_FIELD, strlen(REFCOUNT_FIELD));
	return r;
}

static void memo_clear(struct relevance *r)
{
	for (int i = 0; i < r->nr_memo; i++) {
		free(r->memo[i].path);
		for (int k = 0; k < r->memo[i].nr_inc; k++)
			free(r->memo[i].inc[k]);
		free(r->memo[i].inc);
	}
	r->nr_memo = 0;
	free(r->mslot);
	r->mslot = NULL;
	r->mcap = 0;
}

static size_t memo_slot(const struct relevance *r, const char *path)
{
	size_t i = XXH3_64bits(path, strlen(path)) & (r->mcap - 1);

	while (r->mslot[i] && strcmp(r->memo[r->mslot[i] - 1].path, path))
		i = (i + 1) & (r->mcap - 1);
	return i;
}

static void memo_index(struct relevance *r)
{
	if (2 * (size_t)r->nr_memo < r->mcap)
		return;
	free(r->mslot);
	r->mcap = r->mcap ? 2 * r->mcap : 4096;
	r->mslot = xcalloc(r->mcap, sizeof(*r->mslot));
	for (int i = 0; i < r->nr_memo; i++)
		r->mslot[memo_slot(r, r->memo[i].path)] = i + 1;
}

void relevance_free(struct relevance *r)
{
	if (!r)
		return;
	memo_clear(r);
	free(r->memo);
	set_clear(&r->names);
	set_clear(&r->fields);
	for (int i = 0; i < r->nr_text; i++)
		free(r->text[i]);
	free(r->text);
	free(r->def);
	free(r->kernel);
	free(r);
}

long relevance_nr_names(const struct relevance *r)
{
	return r->names.nr + r->fields.nr;
}

static int add_row(int ncol, const char *const *col, void *data)
{
	struct relevance *r = data;

	(void)ncol;
	if (col[0])
		set_add(&r->names, col[0], strlen(col[0]));
	return 0;
}

static int add_field(int ncol, const char *const *col, void *data)
{
	struct relevance *r = data;

	(void)ncol;
	if (col[0])
		set_add(&r->fields, col[0], strlen(col[0]));
	return 0;
}

int relevance_learn(struct relevance *r, struct db *db)
{
	/*
	 * The functions, and the struct fields through which analysed code
	 * calls them (sock->ops->sendmsg names sendmsg, not inet_sendmsg).
	 */
	if (db_query_each(db, "SELECT DISTINCT f.name FROM relevant_fn r JOIN function f ON f.id = r.function_id",
			  NULL, 0, add_row, r) < 0 ||
	    db_query_each(db, "SELECT DISTINCT c.field FROM relevant_fn r JOIN edge e ON e.callee_id = r.function_id "
			  "JOIN call c ON c.id = e.call_id WHERE c.kind = 'member'", NULL, 0, add_field, r) < 0)
		return -1;
	return 0;
}

/*
 * Is the identifier at id a name of the set, or one of the fields called
 * through, read as a field: after "->" or ".", and not stored into (not
 * before a lone "="). A call through it (->sendpage(...)) and a read of
 * the pointer to call it later (libceph's sendpage = sock->ops->sendpage;
 * ... sendpage(sock, page, ...)) both count; an ops table's initialiser
 * (.sendpage = sock_no_sendpage) does not.
 */
static int hit_at(const struct relevance *r, const char *id, size_t len, const char *start,
		  const char *end)
{
	const char *b = id, *a = id + len;

	if (set_find(&r->names, id, len))
		return 1;
	if (!set_find(&r->fields, id, len))
		return 0;
	while (b > start && (b[-1] == ' ' || b[-1] == '\t'))
		b--;
	while (a < end && (*a == ' ' || *a == '\t'))
		a++;
	if (a < end && *a == '=' && (a + 1 >= end || a[1] != '='))
		return 0;
	return a < end && b > start &&
	       (b[-1] == '.' || (b - start >= 2 && b[-1] == '>' && b[-2] == '-'));
}

static int body_names(const char *id, size_t len, const char *start, const char *end, void *data)
{
	return hit_at(data, id, len, start, end);
}

void relevance_close(struct relevance *r)
{
	int changed = 1;

	if (!r->defs_read) {
		tree_walk(r->kernel, "include", enter_all, read_header, r);
		tree_walk(r->kernel, "arch/x86/include", enter_all, read_header, r);
		r->defs_read = 1;
	}
	/* a macro of a macro, an inline calling an inline: until nothing is added */
	while (changed) {
		changed = 0;
		for (int i = 0; i < r->nr_def; i++) {
			struct def *d = &r->def[i];

			if (d->known)
				continue;
			if (set_find(&r->names, d->name, d->name_len)) {
				d->known = 1;
				continue;
			}
			if (walk_idents(d->body, d->end, body_names, NULL, r)) {
				set_add(&r->names, d->name, d->name_len);
				d->known = 1;
				changed = 1;
			}
		}
	}
	memo_clear(r);	/* the headers' answers were for the old names */
	if (getenv("PAGEREF_RELEVANCE_NAMES"))	/* for people: which names, in no order */
		for (size_t k = 0; k < r->names.cap; k++)
			if (r->names.v[k])
				fprintf(stderr, "relevance: %s\n", r->names.v[k]);
	if (getenv("PAGEREF_RELEVANCE_NAMES"))
		for (size_t k = 0; k < r->fields.cap; k++)
			if (r->fields.v[k])
				fprintf(stderr, "relevance: ->%s()\n", r->fields.v[k]);
}

/* --- one TU ------------------------------------------------------------- */

struct scan {
	struct relevance *r;
	char **inc;
	int nr_inc, alloc_inc;
};

static int name_hit(const char *id, size_t len, const char *start, const char *end, void *data)
{
	struct scan *s = data;

	return hit_at(s->r, id, len, start, end);
}

static void note_inc(const char *path, size_t len, void *data)
{
	struct scan *s = data;

	ALLOC_GROW(s->inc, s->nr_inc, s->alloc_inc);
	s->inc[s->nr_inc++] = xstrndup(path, len);
}

/* A file's own answer (memoised for the round): the name it names, or NULL. */
static struct memo *scan_file(struct relevance *r, const char *path)
{
	struct scan s = { r, NULL, 0, 0 };
	struct memo *m;
	const char *hit = NULL;
	size_t len;
	char *buf;

	memo_index(r);
	if (r->mslot[memo_slot(r, path)])
		return &r->memo[r->mslot[memo_slot(r, path)] - 1];
	buf = read_all(path, &len);
	if (buf) {
		const char *id = walk_idents(buf, buf + len, name_hit, note_inc, &s);

		if (id) {
			size_t n = 0;

			while (ident(id[n]))
				n++;
			hit = set_find(&r->names, id, n);
			if (!hit)
				hit = set_find(&r->fields, id, n);
		}
		free(buf);
	}
	ALLOC_GROW(r->memo, r->nr_memo, r->alloc_memo);
	m = &r->memo[r->nr_memo++];
	*m = (struct memo){ xstrdup(path), buf ? hit : "(unreadable)", s.inc, s.nr_inc };
	r->mslot[memo_slot(r, path)] = r->nr_memo;
	return m;
}

static int is_file(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/*
 * #include "x" as the compiler looks for it: beside the including file,
 * then in the command's -I and -iquote directories.
 */
static char *find_include(const struct compile_command *c, const char *from, const char *name)
{
	const char *slash = strrchr(from, '/');
	char *p = xasprintf("%.*s/%s", slash ? (int)(slash - from) : 1, slash ? from : ".", name);

	if (is_file(p))
		return p;
	free(p);
	for (size_t i = 0; i < c->argv.nr; i++) {
		const char *a = c->argv.v[i], *dir = NULL;

		if ((!strcmp(a, "-I") || !strcmp(a, "-iquote")) && i + 1 < c->argv.nr)
			dir = c->argv.v[++i];
		else if (!strncmp(a, "-I", 2) && a[2])
			dir = a + 2;
		if (!dir)
			continue;
		p = dir[0] == '/' ? xasprintf("%s/%s", dir, name) :
		    xasprintf("%s/%s/%s", c->directory, dir, name);
		if (is_file(p))
			return p;
		free(p);
	}
	return NULL;
}

const char *relevance_tu(struct relevance *r, const struct compile_command *c, const char **where)
{
	struct strvec todo = STRVEC_INIT;
	struct strset seen = { NULL, 0, 0 };
	const char *hit = NULL;

	/* breadth first over the quoted includes, each file once */
	strvec_push(&todo, c->file);
	set_add(&seen, c->file, strlen(c->file));
	for (size_t i = 0; i < todo.nr && !hit; i++) {
		int mi = scan_file(r, todo.v[i]) - r->memo;

		hit = r->memo[mi].hit;
		if (hit && where)
			*where = r->memo[mi].path;
		for (int k = 0; !hit && k < r->memo[mi].nr_inc; k++) {
			char *p = find_include(c, todo.v[i], r->memo[mi].inc[k]);

			if (p && set_add(&seen, p, strlen(p)))
				strvec_push(&todo, p);
			free(p);
		}
	}
	strvec_clear(&todo);
	set_clear(&seen);
	return hit;
}
