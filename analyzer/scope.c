// SPDX-License-Identifier: GPL-2.0
/*
 * Scope gaps (scope.h). A callee outside the analysed files silently
 * removes every path through it: with DIRS="drivers/nvme net/core
 * net/ipv4 net/tls mm lib", net/socket.c is not analysed, sock_sendmsg()
 * has no body, and every finding through it is gone. This stage names
 * such callees, how often they are called, and where the tree defines
 * them, so that the summary and the report can say what the results do
 * not cover.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "embedded.h"
#include "resolve.h"
#include "scope.h"
#include "treewalk.h"
#include "usage.h"

struct site {
	long call, fn;
	int page;		/* a page-carrying argument, not only a kept result */
};

struct gap {
	char *name;
	long calls, callers, call_id;	/* call_id: the first call, by file and line */
	long page_calls;		/* calls that pass it a page, bio, bvec, skb, sg, msg */
	struct site *site;
	int nr_site, alloc_site;
	char *file;
	int file_rank;			/* how sure file is this configuration's (def_rank()) */
};

struct gaps {
	struct gap *g;
	int nr, alloc;
	char **ptypes;		/* page-types.txt: struct names */
	int nr_ptypes;
	char **skip;		/* names a model line covers */
	int nr_skip, alloc_skip;
	char **analysed;	/* files of TUs extracted ok, sorted */
	int nr_analysed, alloc_analysed;
	char **listed;		/* files kbuild listed and the run did not analyse, sorted */
	int nr_listed, alloc_listed;
	int defined;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int in_sorted(char **v, int n, const char *s)
{
	return n && bsearch(&s, v, n, sizeof(*v), cmp_str) != NULL;
}

static int ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/*
 * Does a parameter of this type carry a page: a pointer to a struct named
 * in page-types.txt (const or not, * or **), a netmem_ref, an skb_frag_t
 * pointer? Buffer pointers (void *, char *) are not counted here: printk
 * and memcpy take them, and their callers' buffers are followed where
 * they reach a page conversion in analysed code.
 */
static int carries_page(const struct gaps *s, const char *type)
{
	const char *p = type, *e;

	if (!strcmp(type, "netmem_ref") || !strncmp(type, "skb_frag_t *", 12) ||
	    !strncmp(type, "const skb_frag_t *", 18))
		return 1;
	if (!strncmp(p, "const ", 6))
		p += 6;
	if (strncmp(p, "struct ", 7))
		return 0;
	p += 7;
	for (e = p; ident(*e); e++)
		;
	if (strncmp(e, " *", 2))
		return 0;
	for (int i = 0; i < s->nr_ptypes; i++)
		if ((size_t)(e - p) == strlen(s->ptypes[i]) && !strncmp(p, s->ptypes[i], e - p))
			return 1;
	return 0;
}

static void load_ptypes(struct gaps *s)
{
	char *copy = xstrdup(embedded_page_types_txt), *save = NULL, *l;
	int alloc = 0;

	for (l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		l += strspn(l, " \t");
		if (!*l || *l == '#')
			continue;
		l[strcspn(l, " \t")] = '\0';
		ALLOC_GROW(s->ptypes, s->nr_ptypes, alloc);
		s->ptypes[s->nr_ptypes++] = xstrdup(l);
	}
	free(copy);
}

static void skip_names(struct gaps *s, const struct model_entry *m, int n)
{
	for (int i = 0; i < n; i++) {
		ALLOC_GROW(s->skip, s->nr_skip, s->alloc_skip);
		s->skip[s->nr_skip++] = xstrdup(m[i].name);
	}
}

/* The callees a model stands for are covered: allocators, atomics, frees, ... */
static void load_skip(struct gaps *s)
{
	struct models md;

	models_load(&md);
	skip_names(s, md.atomic, md.nr_atomic);
	skip_names(s, md.conv, md.nr_conv);
	skip_names(s, md.origin, md.nr_origin);
	skip_names(s, md.guard, md.nr_guard);
	skip_names(s, md.frees, md.nr_frees);
	skip_names(s, md.writes, md.nr_writes);
	skip_names(s, md.splice, md.nr_splice);
	models_release(&md);
	qsort(s->skip, s->nr_skip, sizeof(*s->skip), cmp_str);
}

/*
 * One row per argument: callee name, call id, caller id, macro, the
 * argument's type (NULL: the call's result is kept as a page or buffer);
 * in the order of the calls in the tree.
 */
static int add_call(int ncol, const char *const *col, void *data)
{
	struct gaps *s = data;
	long id = atol(col[1]), fn = atol(col[2]);
	struct gap *g = NULL;

	(void)ncol;
	if (!strncmp(col[0], "__builtin_", 10) || in_sorted(s->skip, s->nr_skip, col[0]) ||
	    (col[3] && in_sorted(s->skip, s->nr_skip, col[3])) || (col[4] && !carries_page(s, col[4])))
		return 0;
	for (int i = s->nr - 1; i >= 0 && !g; i--)
		if (!strcmp(s->g[i].name, col[0]))
			g = &s->g[i];
	if (!g) {
		ALLOC_GROW(s->g, s->nr, s->alloc);
		g = &s->g[s->nr++];
		*g = (struct gap){ .name = xstrdup(col[0]), .call_id = id };
	}
	/* a call with two page arguments is one call */
	for (int i = 0; i < g->nr_site; i++)
		if (g->site[i].call == id) {
			g->site[i].page |= col[4] != NULL;
			return 0;
		}
	ALLOC_GROW(g->site, g->nr_site, g->alloc_site);
	g->site[g->nr_site++] = (struct site){ id, fn, col[4] != NULL };
	return 0;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

/* calls and distinct callers of each gap, from its sites */
static void count_sites(struct gaps *s)
{
	for (int i = 0; i < s->nr; i++) {
		struct gap *g = &s->g[i];
		long *fn = xcalloc(g->nr_site ? g->nr_site : 1, sizeof(*fn));

		for (int k = 0; k < g->nr_site; k++)
			fn[k] = g->site[k].fn;
		qsort(fn, g->nr_site, sizeof(*fn), cmp_long);
		g->calls = g->nr_site;
		g->callers = 0;
		g->page_calls = 0;
		for (int k = 0; k < g->nr_site; k++) {
			g->callers += !k || fn[k] != fn[k - 1];
			g->page_calls += g->site[k].page;
		}
		free(fn);
	}
}

static int add_analysed(int ncol, const char *const *col, void *data)
{
	struct gaps *s = data;

	(void)ncol;
	ALLOC_GROW(s->analysed, s->nr_analysed, s->alloc_analysed);
	s->analysed[s->nr_analysed++] = xstrdup(col[0]);
	return 0;
}

static int add_listed(int ncol, const char *const *col, void *data)
{
	struct gaps *s = data;

	(void)ncol;
	ALLOC_GROW(s->listed, s->nr_listed, s->alloc_listed);
	s->listed[s->nr_listed++] = xstrdup(col[0]);
	return 0;
}

/*
 * Code kbuild builds apart, with its own flags, and never links into the
 * kernel: a definition there (strchr() in arch/x86/boot/string.c) is not
 * the one the analysed code calls.
 */
static int apart_dir(const char *rel)
{
	static const char *const apart[] = {
		"arch/x86/boot/", "arch/x86/realmode/", "arch/x86/purgatory/",
		"arch/x86/entry/vdso/", "drivers/firmware/efi/libstub/",
	};

	for (size_t i = 0; i < sizeof(apart) / sizeof(apart[0]); i++)
		if (!strncmp(rel, apart[i], strlen(apart[i])))
			return 1;
	return 0;
}

/*
 * How sure a definition in rel is this configuration's: 2 in a file
 * kbuild listed for it (skipped by the filter, or failed), 1 in another
 * kernel file (outside DIRS, or not built), 0 in code built apart.
 */
static int def_rank(const struct gaps *s, const char *rel)
{
	if (in_sorted(s->listed, s->nr_listed, rel))
		return 2;
	return !apart_dir(rel);
}

static int cmp_gap_name(const void *a, const void *b)
{
	return strcmp(((const struct gap *)a)->name, ((const struct gap *)b)->name);
}

static struct gap *gap_named(struct gaps *s, const char *name, size_t len)
{
	int lo = 0, hi = s->nr - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2, c = strncmp(s->g[mid].name, name, len);

		if (!c && s->g[mid].name[len])
			c = 1;
		if (!c)
			return &s->g[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

/* Skip blanks and comments from p; returns where code resumes. */
static const char *skip_space(const char *p, const char *end)
{
	while (p < end) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			p++;
		} else if (p + 1 < end && p[0] == '/' && p[1] == '*') {
			const char *q = memmem(p + 2, end - p - 2, "*/", 2);

			p = q ? q + 2 : end;
		} else if (p + 1 < end && p[0] == '/' && p[1] == '/') {
			const char *q = memchr(p, '\n', end - p);

			p = q ? q : end;
		} else {
			break;
		}
	}
	return p;
}

/*
 * The definitions in one .c file, in the kernel's style: a line that
 * starts in column 0 with the return type (not static: a static function
 * is no one else's callee), the name before the first '(', and after the
 * matching ')' the body's '{'. A prototype ends in ';' and is skipped.
 */
static void scan_file(struct gaps *s, const char *rel, const char *buf, size_t len)
{
	const char *end = buf + len;

	for (const char *l = buf; l < end;) {
		const char *nl = memchr(l, '\n', end - l), *lend = nl ? nl : end, *paren, *n;
		struct gap *g;
		int depth = 0;

		if (l == lend || !ident(*l) || (lend - l > 7 && !strncmp(l, "static ", 7)) ||
		    !(paren = memchr(l, '(', lend - l)))
			goto next;
		for (n = paren; n > l && ident(n[-1]); n--)
			;
		if (n == paren || (n > l && n[-1] != ' ' && n[-1] != '*'))
			goto next;
		g = gap_named(s, n, paren - n);
		/* the first definition, unless a later one is surer (def_rank()) */
		if (!g || (g->file && g->file_rank >= def_rank(s, rel)))
			goto next;
		for (const char *p = paren; p < end; p++) {
			if (*p == '(')
				depth++;
			else if (*p == ')' && !--depth) {
				p = skip_space(p + 1, end);
				if (p < end && *p == '{') {
					s->defined += !g->file;
					free(g->file);
					g->file = xstrdup(rel);
					g->file_rank = def_rank(s, rel);
				}
				break;
			} else if (*p == ';' || *p == '{') {
				break;
			}
		}
next:
		l = lend + 1;
	}
}

/*
 * Directories that hold no kernel code for this build: user-space tools,
 * documentation, host scripts, samples, and other architectures than the
 * one kbuild configured (x86: the LLVM=-19 allmodconfig of kbuild.c).
 */
static int skipped_dir(const char *rel)
{
	static const char *const skip[] = {
		"Documentation", "tools", "scripts", "samples", "usr", "LICENSES",
	};

	for (size_t i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
		if (!strcmp(rel, skip[i]))
			return 1;
	return !strncmp(rel, "arch/", 5) && strcmp(rel, "arch/x86") && !strchr(rel + 5, '/');
}

static int enter_dir(const char *rel, void *data)
{
	(void)data;
	return !skipped_dir(rel);
}

/* a .c file the run did not analyse: its definitions */
static void scan_c_file(const char *rel, const char *path, void *data)
{
	struct gaps *s = data;
	size_t nl = strlen(rel);
	struct stat st;
	int fd;

	if (nl < 3 || strcmp(rel + nl - 2, ".c") || in_sorted(s->analysed, s->nr_analysed, rel))
		return;
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0 && st.st_size > 0) {
		void *m = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);

		if (m != MAP_FAILED) {
			scan_file(s, rel, m, st.st_size);
			munmap(m, st.st_size);
		}
	}
	close(fd);
}

static void gaps_release(struct gaps *s)
{
	for (int i = 0; i < s->nr; i++) {
		free(s->g[i].name);
		free(s->g[i].file);
		free(s->g[i].site);
	}
	for (int i = 0; i < s->nr_ptypes; i++)
		free(s->ptypes[i]);
	for (int i = 0; i < s->nr_skip; i++)
		free(s->skip[i]);
	for (int i = 0; i < s->nr_analysed; i++)
		free(s->analysed[i]);
	for (int i = 0; i < s->nr_listed; i++)
		free(s->listed[i]);
	free(s->listed);
	free(s->g);
	free(s->ptypes);
	free(s->skip);
	free(s->analysed);
}

/*
 * The reading half of the stage: the gaps from the database (its own
 * read-only connection, so that it can run beside the solve), then where
 * the tree defines them. Touches nothing but its job.
 */
struct scope_job {
	char *db_path, *kernel;
	struct gaps s;
	int ret;
	struct held_error err;	/* the thread's first error */
	double t0;
	pthread_t thread;
	int threaded;
};

static void *scope_read(void *arg)
{
	struct scope_job *job = arg;
	struct gaps *s = &job->s;
	struct db *db;
	struct stat st;

	if (job->threaded)
		errors_hold(&job->err);
	db = db_open(job->db_path, DB_READONLY);
	job->ret = -1;
	if (!db)
		return NULL;
	/* direct calls the link left without a callee, with their arguments' types */
	job->ret = db_query_each(db,
		"SELECT c.callee_name, c.id, c.function_id, c.macro, a.type, f.path, c.line, c.col "
		"FROM call c JOIN call_arg a ON a.call_id = c.id JOIN file f ON f.id = c.file_id "
		"WHERE c.kind = 'direct' AND (a.type LIKE '%*%' OR a.type = 'netmem_ref') "
		"AND NOT EXISTS (SELECT 1 FROM edge e WHERE e.call_id = c.id) "
		/* and those whose result the caller keeps as a page or a buffer (a flow;
		   CROSS JOIN: from the flows to their calls, not every call to its flows) */
		"UNION ALL SELECT c.callee_name, c.id, c.function_id, c.macro, NULL, f.path, c.line, "
		"c.col FROM flow fl CROSS JOIN call c ON c.function_id = fl.function_id "
		"AND c.seq = CAST(substr(fl.src, 2) AS INTEGER) JOIN file f ON f.id = c.file_id "
		"WHERE fl.src GLOB 'c[0-9]*' AND substr(fl.src, 2 + length(c.seq), 1) IN ('', '-', '.', '[') "
		"AND (fl.type GLOB '*[*]*' OR fl.type = 'netmem_ref') "
		"AND c.kind = 'direct' AND NOT EXISTS (SELECT 1 FROM edge e WHERE e.call_id = c.id) "
		/* the first call is the first in the tree's order, whatever the ids */
		"ORDER BY 6, 7, 8, 2", NULL, 0, add_call, s);
	if (!job->ret)
		job->ret = db_query_each(db, "SELECT f.path FROM tu JOIN file f ON f.id = tu.file_id "
					 "WHERE tu.status = 'ok' ORDER BY f.path", NULL, 0, add_analysed, s);
	if (!job->ret)
		job->ret = db_query_each(db, "SELECT path FROM tu_skip UNION SELECT f.path FROM tu "
					 "JOIN file f ON f.id = tu.file_id WHERE tu.status != 'ok'",
					 NULL, 0, add_listed, s);
	db_close(db);
	if (job->ret < 0)
		return NULL;
	count_sites(s);
	qsort(s->analysed, s->nr_analysed, sizeof(*s->analysed), cmp_str);
	qsort(s->listed, s->nr_listed, sizeof(*s->listed), cmp_str);
	qsort(s->g, s->nr, sizeof(*s->g), cmp_gap_name);
	if (s->nr && job->kernel && stat(job->kernel, &st) == 0 && S_ISDIR(st.st_mode))
		tree_walk(job->kernel, "", enter_dir, scan_c_file, s);
	return NULL;
}

struct scope_job *scope_start(const char *db_path, const char *kernel)
{
	struct scope_job *job = xcalloc(1, sizeof(*job));

	job->db_path = xstrdup(db_path);
	job->kernel = kernel ? xstrdup(kernel) : NULL;
	job->t0 = now_seconds();
	/* the models here: the thread reads the database and the tree only */
	load_ptypes(&job->s);
	load_skip(&job->s);
	/* the tree walk and its query take a second: the other core has it */
	job->threaded = 1;
	if (pthread_create(&job->thread, NULL, scope_read, job)) {
		job->threaded = 0;
		scope_read(job);
	}
	return job;
}

int scope_finish(struct db *db, struct scope_job *job, struct scope_summary *sum)
{
	struct gaps *s = &job->s;
	int ret;

	memset(sum, 0, sizeof(*sum));
	if (job->threaded)
		pthread_join(job->thread, NULL);
	/* the thread's error is said here, unless another stage's was */
	if (db)
		errors_say(&job->err);
	free(job->err.msg);
	ret = db ? job->ret : 0;
	if (db && !ret)
		ret = db_begin_with(db, "DELETE FROM scope_gap");
	for (int i = 0; db && !ret && i < s->nr; i++) {
		char calls[24], callers[24], id[24], pc[24];
		const char *p[6] = { s->g[i].name, calls, callers, s->g[i].file, id, pc };

		snprintf(calls, sizeof(calls), "%ld", s->g[i].calls);
		snprintf(callers, sizeof(callers), "%ld", s->g[i].callers);
		snprintf(id, sizeof(id), "%ld", s->g[i].call_id);
		snprintf(pc, sizeof(pc), "%ld", s->g[i].page_calls);
		ret = db_exec_params(db, "INSERT INTO scope_gap(name, calls, callers, file, call_id, "
				     "page_calls) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", p, 6);
		sum->calls += s->g[i].calls;
	}
	if (db && (job->ret || db_end(db, ret) < 0))
		ret = -1;
	sum->callees = s->nr;
	sum->defined = s->defined;
	sum->seconds = now_seconds() - job->t0;
	gaps_release(s);
	free(job->db_path);
	free(job->kernel);
	free(job);
	return ret;
}

struct describe {
	char *text;
	long callees, calls, defined;
};

static int describe_total(int ncol, const char *const *col, void *data)
{
	struct describe *d = data;

	(void)ncol;
	d->callees = atol(col[0]);
	d->calls = col[1] ? atol(col[1]) : 0;
	d->defined = col[2] ? atol(col[2]) : 0;
	return 0;
}

static int describe_row(int ncol, const char *const *col, void *data)
{
	struct describe *d = data;
	char *t;
	char *with = !strcmp(col[3], col[2]) ? xstrdup(" with a page") :
		     strcmp(col[3], "0") ? xasprintf(", %s with a page,", col[3]) :
		     xstrdup(", its result kept as a page or a buffer,");

	(void)ncol;
	if (col[1])
		t = xasprintf("%s%s() in %s is called %s time%s%s but not analysed\n", d->text, col[0],
			      col[1], col[2], strcmp(col[2], "1") ? "s" : "", with);
	else
		t = xasprintf("%s%s() is called %s time%s%s and has no C definition in the tree "
			      "(assembly, not built in this configuration, or no tree at hand)\n",
			      d->text, col[0], col[2], strcmp(col[2], "1") ? "s" : "", with);
	free(with);
	free(d->text);
	d->text = t;
	return 0;
}

char *scope_describe(struct db *db, int max)
{
	struct describe d = { NULL, 0, 0, 0 };
	char lim[24];
	const char *p[1] = { lim };

	if (db_query_each(db, "SELECT count(*), sum(calls), count(file) FROM scope_gap", NULL, 0,
			  describe_total, &d) < 0 || !d.callees)
		return xstrdup("");
	d.text = xasprintf("%ld functions called with a page, an skb, a bio or a message, or whose "
			   "result is kept as a page or a buffer (%ld calls), "
			   "have no body in the analysed files, %ld of them defined in files the run did "
			   "not analyse: paths through them are not in the results\n",
			   d.callees, d.calls, d.defined);
	snprintf(lim, sizeof(lim), "%d", max);
	/* first what cuts the most paths that carry a page, then what only keeps a result */
	db_query_each(db, "SELECT name, file, calls, page_calls FROM scope_gap "
		      "ORDER BY page_calls DESC, calls DESC, name LIMIT ?1", p, 1, describe_row, &d);
	return d.text;
}
