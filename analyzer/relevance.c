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
#include "include_search.h"
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

/*
 * A file's own answer for this round: the first name it names, the fields
 * it calls through (or copies to call later), the structs of those fields
 * it mentions, and its includes ("x" and <x>). Strings of the sets are r's.
 */
struct memo {
	char *path;
	const char *hit;
	char **inc, **ainc;
	int nr_inc, nr_ainc;
	const char **fld, **st;
	int nr_fld, nr_st;
};

/* a field of the set and a struct through which analysed code calls a relevant function by it */
struct field_struct {
	const char *field, *st;		/* strings of r->fields and r->structs */
};

struct relevance {
	char *kernel;
	struct strset names;
	struct strset fields;	/* struct fields called through: ->f and .f read, not stored */
	struct strset structs;	/* ... and the structs they are called through */
	struct field_struct *fs;
	int nr_fs, alloc_fs;
	struct include_cache *inc;	/* where #include finds its files, kept for the run */
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
 * (that identifier is returned); inc, when given, for each #include "x"
 * and <x> (angle set).
 */
/* A function-like macro's parameters: their names are substituted, not referenced. */
struct params {
	const char *name[32];
	size_t len[32];
	int nr;
	const char *until;	/* the end of the macro's logical line */
};

/* Parse "(a, b, ...)" at p into ps; returns what follows the ')'. */
static const char *macro_params(const char *p, const char *end, struct params *ps)
{
	ps->nr = 0;
	for (p++; p < end && *p != ')' && *p != '\n'; p++)
		if (ident(*p)) {
			const char *s = p;

			while (p < end && ident(*p))
				p++;
			if (ps->nr < 32) {
				ps->name[ps->nr] = s;
				ps->len[ps->nr++] = p - s;
			}
			p--;
		}
	return p < end ? p + 1 : end;
}

static int is_param(const struct params *ps, const char *id, size_t len, const char *at)
{
	if (!ps || at >= ps->until)
		return 0;
	for (int i = 0; i < ps->nr; i++)
		if (ps->len[i] == len && !strncmp(ps->name[i], id, len))
			return 1;
	return 0;
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

static const char *walk_idents(const char *p, const char *end,
			       int (*fn)(const char *id, size_t len, const char *start, const char *end,
					 void *data),
			       void (*inc)(const char *path, size_t len, int angle, void *data), void *data)
{
	const char *start = p;
	int bol = 1;
	struct params ps = { .nr = 0, .until = NULL };

	/* a header macro's definition as read_defs() keeps it: "(params) body" */
	if (!inc && p < end && *p == '(') {
		ps.until = end;
		p = macro_params(p, end, &ps);
	}
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
				if (q < end && (*q == '"' || *q == '<')) {
					const char *e = memchr(q + 1, *q == '"' ? '"' : '>', end - q - 1);

					if (e)
						inc(q + 1, e - q - 1, *q == '<', data);
				}
				/* the rest of an #include line is a file name, not code */
				q = memchr(q, '\n', end - q);
				p = q ? q : end;
				continue;
			}
			if (end - q > 7 && !strncmp(q, "define", 6) && (q[6] == ' ' || q[6] == '\t')) {
				/* the macro's name is defined, not referenced; its parameters are substituted */
				q += 7;
				while (q < end && (*q == ' ' || *q == '\t'))
					q++;
				while (q < end && ident(*q))
					q++;
				ps.nr = 0;
				ps.until = line_end(q, end);
				if (q < end && *q == '(')
					q = macro_params(q, end, &ps);
			}
			p = q;
			bol = 0;
		} else if (ident(c) && !(c >= '0' && c <= '9')) {
			const char *s = p;

			while (p < end && ident(*p))
				p++;
			if (!is_param(&ps, s, p - s, s) && fn(s, p - s, start, end, data))
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
	r->inc = include_cache_new();
	/* every page reference is an atomic on this field (extract.h) */
	set_add(&r->names, REFCOUNT_FIELD, strlen(REFCOUNT_FIELD));
	return r;
}

static void memo_clear(struct relevance *r)
{
	for (int i = 0; i < r->nr_memo; i++) {
		struct memo *m = &r->memo[i];

		free(m->path);
		for (int k = 0; k < m->nr_inc; k++)
			free(m->inc[k]);
		for (int k = 0; k < m->nr_ainc; k++)
			free(m->ainc[k]);
		free(m->inc);
		free(m->ainc);
		free(m->fld);
		free(m->st);
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
	set_clear(&r->structs);
	include_cache_free(r->inc);
	free(r->fs);
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
	const char *f, *st;

	(void)ncol;
	if (!col[0])
		return 0;
	set_add(&r->fields, col[0], strlen(col[0]));
	f = set_find(&r->fields, col[0], strlen(col[0]));
	/* a struct with no name (an anonymous one's field): the field alone decides */
	if (col[1] && *col[1] && !strchr(col[1], ' ')) {
		set_add(&r->structs, col[1], strlen(col[1]));
		st = set_find(&r->structs, col[1], strlen(col[1]));
	} else {
		st = NULL;
	}
	for (int i = 0; i < r->nr_fs; i++)
		if (r->fs[i].field == f && r->fs[i].st == st)
			return 0;
	ALLOC_GROW(r->fs, r->nr_fs, r->alloc_fs);
	r->fs[r->nr_fs++] = (struct field_struct){ f, st };
	return 0;
}

int relevance_learn(struct relevance *r, struct db *db)
{
	/*
	 * The functions, and the struct fields through which analysed code
	 * calls them (sock->ops->sendmsg names sendmsg, not inet_sendmsg).
	 */
	/*
	 * A static function of a .c file is called by name only in its own
	 * TU, which is extracted already: its name keeps no other TU (but
	 * static inlines of headers, and a .c another TU includes, do).
	 * Static names are the common ones (target, init, release): as
	 * names they kept TUs that merely had a field or a local so named.
	 */
	if (db_query_each(db, "SELECT DISTINCT f.name FROM relevant_fn r JOIN function f ON f.id = r.function_id "
			  "WHERE NOT (f.is_static AND NOT EXISTS (SELECT 1 FROM tu_input i "
			  "JOIN tu t ON t.id = i.tu_id WHERE i.file_id = f.file_id AND t.file_id != f.file_id) "
			  "AND EXISTS (SELECT 1 FROM tu t WHERE t.file_id = f.file_id))",
			  NULL, 0, add_row, r) < 0 ||
	    db_query_each(db, "SELECT DISTINCT c.field, c.struct_name FROM relevant_fn r "
			  "JOIN edge e ON e.callee_id = r.function_id JOIN call c ON c.id = e.call_id "
			  "WHERE c.kind = 'member' ORDER BY 1, 2", NULL, 0, add_field, r) < 0 ||
	    /*
	     * and the fields an ops table or a store puts one in: the code
	     * that calls through such a field (q->mq_ops->queue_rq(rq)) may
	     * not be analysed yet, and since calls given an object are
	     * recorded with their arguments, effects move up through it
	     */
	    db_query_each(db, "SELECT DISTINCT o.field, o.struct_name FROM relevant_fn r "
			  "JOIN function f ON f.id = r.function_id JOIN ops o ON o.function_usr = f.usr "
			  "ORDER BY 1, 2", NULL, 0, add_field, r) < 0)
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
static int field_at(const struct relevance *r, const char *id, size_t len, const char *start,
		    const char *end, int in_def)
{
	const char *b = id, *a = id + len;

	if (!set_find(&r->fields, id, len))
		return 0;
	while (b > start && (b[-1] == ' ' || b[-1] == '\t'))
		b--;
	while (a < end && (*a == ' ' || *a == '\t'))
		a++;
	if (a < end && *a == '=' && (a + 1 >= end || a[1] != '='))
		return 0;
	/*
	 * In a header's macro or inline, only a call through the field: a
	 * field name is no function's, and read in a macro of another
	 * struct it brought in half the tree (paravirt's op.func, so
	 * local_irq_save(), so every spin_lock_irqsave())
	 */
	if (in_def && (a >= end || *a != '('))
		return 0;
	if (a >= end || b <= start ||
	    !(b[-1] == '.' || (b - start >= 2 && b[-1] == '>' && b[-2] == '-')))
		return 0;
	if (*a == '(')
		return 1;
	/*
	 * In a TU's own text, a read that keeps the pointer to call it later
	 * (libceph: sendpage = sock->ops->sendpage; ... sendpage(sock, ...)):
	 * the whole access is the right side of an assignment. A test
	 * (if (ops->release)) or any other read calls nothing.
	 */
	while (b > start && (ident(b[-1]) || strchr(".->[] \t", b[-1])))
		b--;
	return b > start && b[-1] == '=' &&
	       (b - start < 2 || !strchr("=!<>", b[-2])) && (*a == ';' || *a == ',' || *a == ')');
}

/*
 * A name of the set at id, as a reference to the function or macro: not
 * a struct member so named (i915's obj->mm.get_page, declared "struct
 * i915_gem_object_page_iter get_page;"), which is another namespace.
 * _refcount is the field every page reference goes through: as a member.
 */
/* a keyword that names a type: a declaration follows it, not an expression */
static int type_word(const char *w, size_t n)
{
	static const char *const types[] = {
		"void", "int", "char", "long", "short", "unsigned", "signed", "struct", "union",
		"enum", "const", "volatile", "static", "extern", "inline", "__inline", "__inline__",
		"register", "restrict",
	};

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strlen(types[i]) == n && !strncmp(types[i], w, n))
			return 1;
	return 0;
}

static const char *name_at(const struct relevance *r, const char *id, size_t len,
			   const char *start, const char *end)
{
	const char *v = set_find(&r->names, id, len), *b = id, *a = id + len, *t;

	if (!v || !strcmp(v, REFCOUNT_FIELD))
		return v;
	while (b > start && (b[-1] == ' ' || b[-1] == '\t'))
		b--;
	if (b > start && (b[-1] == '.' || (b - start >= 2 && b[-1] == '>' && b[-2] == '-')))
		return NULL;
	while (a < end && (*a == ' ' || *a == '\t'))
		a++;
	/* "TYPE name;", "TYPE *name," ...: a variable or member declared */
	/* "(*name)": a function pointer declared, or one called through, not the function */
	if (a < end && *a == ')' && b - start >= 2 && b[-1] == '*' && b[-2] == '(')
		return NULL;
	/*
	 * "TYPE name(" and "TYPE *name(": a prototype or a definition, not a
	 * call (a driver's header declaring radeon_dummy_page_fini() kept
	 * every file of the driver that includes it)
	 */
	if (a < end && *a == '(' && b > start && (ident(b[-1]) || b[-1] == '*')) {
		const char *q = b;

		while (q > start && (q[-1] == '*' || q[-1] == ' ' || q[-1] == '\t'))
			q--;
		if (b[-1] == '*' && !(q > start && ident(q[-1])))
			return v;	/* "= *name(...)": a call's result read */
		for (t = q; t > start && ident(t[-1]); t--)
			;
		if (q > t && (!keyword(t, q - t) || type_word(t, q - t)))
			return NULL;
	}
	if (a < end && strchr(";,[:", *a) && b > start && (ident(b[-1]) || b[-1] == '*')) {
		if (b[-1] == '*')
			return NULL;
		for (t = b; t > start && ident(t[-1]); t--)
			;
		if (!keyword(t, b - t) || type_word(t, b - t))
			return NULL;
	}
	return v;
}

static int body_names(const char *id, size_t len, const char *start, const char *end, void *data)
{
	const struct relevance *r = data;

	return name_at(r, id, len, start, end) || field_at(r, id, len, start, end, 1);
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
			const char *by = walk_idents(d->body, d->end, body_names, NULL, r);

			if (by) {
				set_add(&r->names, d->name, d->name_len);
				d->known = 1;
				changed = 1;
				if (getenv("PAGEREF_RELEVANCE_NAMES")) {	/* which name brought it in */
					size_t n = 0;

					while (ident(by[n]))
						n++;
					fprintf(stderr, "relevance: %.*s <- %.*s\n", (int)d->name_len, d->name,
						(int)n, by);
				}
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
	struct memo m;
	int alloc_inc, alloc_ainc, alloc_fld, alloc_st;
};

static void add_once(const char ***v, int *nr, int *alloc, const char *s)
{
	for (int i = 0; i < *nr; i++)
		if ((*v)[i] == s)
			return;
	ALLOC_GROW(*v, *nr, *alloc);
	(*v)[(*nr)++] = s;
}

/* every identifier of a file: the first name, the fields it calls through, the structs */
static int scan_ident(const char *id, size_t len, const char *start, const char *end, void *data)
{
	struct scan *s = data;
	const char *v;

	if (!s->m.hit && (v = name_at(s->r, id, len, start, end)))
		s->m.hit = v;
	else if (field_at(s->r, id, len, start, end, 0))
		add_once(&s->m.fld, &s->m.nr_fld, &s->alloc_fld, set_find(&s->r->fields, id, len));
	else if ((v = set_find(&s->r->structs, id, len)))
		add_once(&s->m.st, &s->m.nr_st, &s->alloc_st, v);
	return 0;
}

static void note_inc(const char *path, size_t len, int angle, void *data)
{
	struct scan *s = data;

	if (angle) {
		ALLOC_GROW(s->m.ainc, s->m.nr_ainc, s->alloc_ainc);
		s->m.ainc[s->m.nr_ainc++] = xstrndup(path, len);
	} else {
		ALLOC_GROW(s->m.inc, s->m.nr_inc, s->alloc_inc);
		s->m.inc[s->m.nr_inc++] = xstrndup(path, len);
	}
}

/* A file's own answer (memoised for the round). */
static int scan_file(struct relevance *r, const char *path)
{
	struct scan s = { r, { 0 }, 0, 0, 0, 0 };
	size_t len;
	char *buf;

	memo_index(r);
	if (r->mslot[memo_slot(r, path)])
		return r->mslot[memo_slot(r, path)] - 1;
	buf = read_all(path, &len);
	if (buf) {
		walk_idents(buf, buf + len, scan_ident, note_inc, &s);
		free(buf);
	} else {
		s.m.hit = "(unreadable)";	/* a generated file not made yet: keep the TU */
	}
	s.m.path = xstrdup(path);
	ALLOC_GROW(r->memo, r->nr_memo, r->alloc_memo);
	r->memo[r->nr_memo++] = s.m;
	r->mslot[memo_slot(r, path)] = r->nr_memo;
	return r->nr_memo - 1;
}

/* Does a hit on field need a struct seen (0: one is called through a struct with no name)? */
static int field_needs(const struct relevance *r, const char *field)
{
	for (int i = 0; i < r->nr_fs; i++)
		if (r->fs[i].field == field && !r->fs[i].st)
			return 0;	/* called through a struct with no name: the field decides */
	return 1;
}

static int field_struct_in(const struct relevance *r, const char *field, const struct strset *seen_st)
{
	for (int i = 0; i < r->nr_fs; i++)
		if (r->fs[i].field == field && r->fs[i].st &&
		    set_find(seen_st, r->fs[i].st, strlen(r->fs[i].st)))
			return 1;
	return 0;
}

/* a field the TU calls through (or copies to call later), and the file that does */
struct field_hit {
	const char *field, *file;
};

/*
 * The first of the TU's field hits whose field it may call: one called
 * through a struct with no name, or one of whose structs the TU sees. A
 * call through S.f needs S complete where it is made, so S's definition
 * is in the text the TU includes: the .c, the -include'd headers and
 * every header they include, quoted or not (followed without the
 * preprocessor: every #include counts, #if or not). The include closure is
 * walked once per TU, and only for a TU no name kept. -1 for none.
 */
static int seen_field(struct relevance *r, struct include_search *sr, const struct field_hit *fh, int nr)
{
	const struct compile_command *c = sr->c;
	struct strvec todo = STRVEC_INIT;
	struct strset seen = { NULL, 0, 0 }, st = { NULL, 0, 0 };
	int found = -1;

	for (int k = 0; k < nr; k++)
		if (!field_needs(r, fh[k].field))
			return k;
	strvec_push(&todo, c->file);
	for (size_t i = 0; i + 1 < c->argv.nr; i++)
		if (!strcmp(c->argv.v[i], "-include"))
			strvec_push(&todo, c->argv.v[i + 1]);
	for (size_t i = 0; i < todo.nr; i++)
		set_add(&seen, todo.v[i], strlen(todo.v[i]));
	for (size_t i = 0; i < todo.nr; i++) {
		int mi = scan_file(r, todo.v[i]);

		for (int k = 0; k < r->memo[mi].nr_st; k++)
			set_add(&st, r->memo[mi].st[k], strlen(r->memo[mi].st[k]));
		for (int k = 0; k < r->memo[mi].nr_inc + r->memo[mi].nr_ainc; k++) {
			int quoted = k < r->memo[mi].nr_inc;
			const char *name = quoted ? r->memo[mi].inc[k] : r->memo[mi].ainc[k - r->memo[mi].nr_inc];
			char *p = quoted ? include_quoted(sr, todo.v[i], name) : include_angle(sr, name);

			/* todo.v may move as it grows: the memo is looked up again */
			if (p && set_add(&seen, p, strlen(p)))
				strvec_push(&todo, p);
			free(p);
			mi = scan_file(r, todo.v[i]);
		}
	}
	for (int k = 0; k < nr && found < 0; k++)
		if (field_struct_in(r, fh[k].field, &st))
			found = k;
	strvec_clear(&todo);
	set_clear(&seen);
	set_clear(&st);
	return found;
}

const char *relevance_tu(struct relevance *r, const struct compile_command *c, const char **where)
{
	struct strvec todo = STRVEC_INIT;
	struct strset seen = { NULL, 0, 0 };
	const char *hit = NULL;
	struct field_hit *fh = NULL;
	int nr_fh = 0, alloc_fh = 0;
	struct include_search sr;

	include_search_start(r->inc, &sr, c);
	/* breadth first over the quoted includes, each file once: a name decides */
	strvec_push(&todo, c->file);
	set_add(&seen, c->file, strlen(c->file));
	for (size_t i = 0; i < todo.nr && !hit; i++) {
		int mi = scan_file(r, todo.v[i]);

		hit = r->memo[mi].hit;
		if (hit && where)
			*where = r->memo[mi].path;
		for (int k = 0; !hit && k < r->memo[mi].nr_fld; k++) {
			ALLOC_GROW(fh, nr_fh, alloc_fh);
			fh[nr_fh++] = (struct field_hit){ r->memo[mi].fld[k], r->memo[mi].path };
		}
		for (int k = 0; !hit && k < r->memo[mi].nr_inc; k++) {
			char *p = include_quoted(&sr, todo.v[i], r->memo[mi].inc[k]);

			if (p && set_add(&seen, p, strlen(p)))
				strvec_push(&todo, p);
			free(p);
			mi = scan_file(r, todo.v[i]);
		}
	}
	/* a field called through, of a struct the TU sees: kept unless a name was */
	if (!hit && nr_fh) {
		int k = seen_field(r, &sr, fh, nr_fh);

		if (k >= 0) {
			hit = fh[k].field;
			if (where)
				*where = fh[k].file;
		}
	}
	free(fh);
	include_search_end(&sr);
	strvec_clear(&todo);
	set_clear(&seen);
	return hit;
}
