// SPDX-License-Identifier: GPL-2.0
/*
 * The patch stage. A finding is bound to a recipe by its file and function
 * (PAGEREF_FUNCTION, see semantic-patches/README.md): the recipe decides
 * what to change, the finding decides where. Every finding gets one row in
 * table patch saying what happened to it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "patch.h"
#include "recipes.h"
#include "series.h"
#include "spawn.h"
#include "subjects.h"
#include "usage.h"
#include "version.h"

#define SPATCH_MIN "1.1.0"

struct finding {
	char *id, *rule, *severity, *confidence, *origin, *origin_expr, *sink_api, *fp;
	char *file[3], *fn[3];		/* where to bind: the sink's, source's, entry's function */
	char *line, *source_line;	/* the sink's line, the allocation's */
	int cand;			/* next candidate to try */
	int unit;			/* the unit that repaired it, or -1 */
	int last;			/* the last unit tried, or -1 */
};

enum unit_state { U_NEW, U_CHANGED, U_SAME, U_FAILED, U_TIMEOUT };

struct unit {
	struct recipe *r;
	char *file, *fn, *dir, *copy;
	enum unit_state state;
	char *detail;
	int patch;			/* index in the series input, or -1 */
};

struct stage {
	const struct patch_options *po;
	int is_git;			/* the tree is a git work tree: Fixes: tags */
	struct db *db;
	struct recipes rs;
	struct finding *f;
	size_t nf, af;
	struct unit *u;
	size_t nu, au;
	char *work;
};

static char *dupnull(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* ---- input -------------------------------------------------------------- */

static int add_finding(int ncol, const char *const *c, void *data)
{
	struct stage *st = data;
	struct finding *f;

	(void)ncol;
	ALLOC_GROW(st->f, st->nf, st->af);
	f = &st->f[st->nf++];
	memset(f, 0, sizeof(*f));
	f->id = xstrdup(c[0]);
	f->rule = xstrdup(c[1]);
	f->severity = xstrdup(c[2]);
	f->confidence = xstrdup(c[3]);
	f->origin = xstrdup(c[4]);
	f->origin_expr = xstrdup(c[5]);
	f->sink_api = xstrdup(c[6]);
	f->file[0] = xstrdup(c[7]);
	f->fn[0] = xstrdup(c[8]);
	f->file[1] = xstrdup(c[9]);
	f->fn[1] = xstrdup(c[10]);
	f->fp = xstrdup(c[11]);
	f->line = xstrdup(c[12]);
	f->file[2] = xstrdup(c[13]);
	f->fn[2] = xstrdup(c[14]);
	f->source_line = xstrdup(c[15] ? c[15] : "0");
	f->unit = f->last = -1;
	return 0;
}

static int load_findings(struct stage *st)
{
	return db_query_each(st->db,
		"SELECT id, rule, severity, confidence, origin, "
		"(SELECT origin_expr FROM finding WHERE finding.id = v_finding.id), sink_api, "
		"sink_file, sink_function, source_file, source_function, fingerprint, sink_line, "
		"entry_file, entry_function, source_line "
		"FROM v_finding WHERE guarded = 0 ORDER BY fingerprint", NULL, 0, add_finding, st);
}

/* ---- spatch ------------------------------------------------------------- */

static int version_at_least(const char *have, const char *want)
{
	int a[3] = { 0 }, b[3] = { 0 };

	sscanf(have, "%d.%d.%d", &a[0], &a[1], &a[2]);
	sscanf(want, "%d.%d.%d", &b[0], &b[1], &b[2]);
	for (int i = 0; i < 3; i++)
		if (a[i] != b[i])
			return a[i] > b[i];
	return 1;
}

static int check_spatch(const char *work)
{
	char *log = xasprintf("%s/spatch-version", work), *text, *v;
	char *argv[] = { "spatch", "--version", NULL };
	int ret = 0;

	if (!spawn_have("spatch")) {
		free(log);
		return input_error("spatch not found: the patch stage needs Coccinelle %s or newer "
				   "(make deps installs it)", SPATCH_MIN);
	}
	spawn_run(argv, NULL, log, log);
	text = read_file(log, NULL);
	v = text ? strstr(text, "spatch version ") : NULL;
	if (!v)
		ret = input_error("spatch --version printed no version: is %s Coccinelle's spatch?",
				  "the spatch on PATH");
	else if (!version_at_least(v + 15, SPATCH_MIN))
		ret = input_error("spatch %.*s is too old: the recipes need Coccinelle %s or newer "
				  "(Python position constraints)", (int)strcspn(v + 15, " \n"), v + 15,
				  SPATCH_MIN);
	free(text);
	free(log);
	return ret;
}

/*
 * What repairing needs: spatch new enough, the tree's checkpatch.pl, recipes
 * that parse; recipes whose helpers the tree lacks are set aside, and said so.
 */
static int check_tools(struct stage *st)
{
	const struct patch_options *po = st->po;
	char *cp = xasprintf("%s/scripts/checkpatch.pl", po->tree);
	int have = access(cp, R_OK) == 0;

	free(cp);
	if (check_spatch(st->work))
		return -1;
	if (!have)
		return input_error("%s has no scripts/checkpatch.pl to check patches with", po->tree);
	recipes_check_helpers(&st->rs, po->tree);
	if (recipes_check_parse(&st->rs, st->work))
		return -1;
	for (size_t i = 0; i < st->rs.nr; i++)
		if (st->rs.r[i].unavailable && st->rs.r[i].rules.nr)
			note("recipe %s is not offered: %s", st->rs.r[i].name, st->rs.r[i].unavailable);
	return 0;
}

/* The unit for (recipe, file, function), made on first use. */
static int unit_of(struct stage *st, struct recipe *r, const char *file, const char *fn)
{
	struct unit *u;

	for (size_t i = 0; i < st->nu; i++)
		if (st->u[i].r == r && !strcmp(st->u[i].file, file) && !strcmp(st->u[i].fn, fn))
			return i;
	ALLOC_GROW(st->u, st->nu, st->au);
	u = &st->u[st->nu];
	memset(u, 0, sizeof(*u));
	u->r = r;
	u->file = xstrdup(file);
	u->fn = xstrdup(fn);
	u->patch = -1;
	u->dir = xasprintf("%s/u%04zu", st->work, st->nu + 1);
	u->copy = xasprintf("%s/%s", u->dir, file);
	return st->nu++;
}

/*
 * The n-th candidate of a finding: recipes in recipes.txt order, each bound
 * to the sink's function, then the source's, then the entry point's (where
 * the page crosses into the layer that references it: a driver's send
 * helper). Files outside the tree (generated headers) are never patched.
 */
static int candidate(struct stage *st, struct finding *f, int n)
{
	for (size_t i = 0; i < st->rs.nr; i++) {
		struct recipe *r = &st->rs.r[i];

		if (!recipe_matches(r, f->rule, f->sink_api))
			continue;
		for (int b = 0; b < 3; b++) {
			int seen = 0;

			for (int k = 0; k < b; k++)
				seen |= !strcmp(f->file[k], f->file[b]) && !strcmp(f->fn[k], f->fn[b]);
			if (seen)
				continue;
			if (f->file[b][0] == '/' || strstr(f->file[b], ".."))
				continue;
			if (n-- == 0)
				return unit_of(st, r, f->file[b], f->fn[b]);
		}
	}
	return -1;
}

static int copy_into(const char *from, const char *to)
{
	char *dir = xstrdup(to), *p;
	char *argv[] = { "cp", (char *)from, (char *)to, NULL };
	int ret;

	for (p = strchr(dir + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		mkdir(dir, 0777);
		*p = '/';
	}
	free(dir);
	ret = spawn_run(argv, NULL, "", NULL);
	return ret ? -1 : 0;
}

/* First line of a spatch log that says what went wrong. */
static char *first_complaint(const char *log)
{
	char *text = read_file(log, NULL), *p, *out;

	if (!text)
		return xstrdup("spatch failed (no log)");
	p = strstr(text, "rror");
	p = p ? p : text;
	while (p > text && p[-1] != '\n')
		p--;
	out = xstrndup(p, strcspn(p, "\n"));
	free(text);
	return *out ? out : (free(out), xstrdup("spatch failed"));
}

struct range {
	long *from, *to;
};

static int range_of(int ncol, const char *const *c, void *data)
{
	struct range *rg = data;

	(void)ncol;
	*rg->from = c[0] ? atol(c[0]) : 0;
	*rg->to = c[1] ? atol(c[1]) : 0;
	return 1;
}

/*
 * A run that changed nothing may have met code spatch cannot parse: ask
 * spatch to parse the file and see whether an error falls in the function.
 */
static char *parse_trouble(struct stage *st, struct unit *u)
{
	char *log = xasprintf("%s/parse-c.log", u->dir), *text, *p, *why = NULL;
	char *argv[] = { "spatch", "--parse-c", u->file, NULL };
	const char *params[] = { u->fn, u->file };
	long from = 0, to = 0;

	{
		struct range rg = { &from, &to };

		db_query_each(st->db, "SELECT f.line, f.end_line FROM function f JOIN file fl "
			      "ON fl.id = f.file_id WHERE f.name = ?1 AND fl.path = ?2 LIMIT 1",
			      params, 2, range_of, &rg);
	}
	spawn_run(argv, u->dir, log, log);
	text = read_file(log, NULL);
	for (p = text; p && (p = strstr(p, " = File \"")); p++) {
		char *q = strstr(p, "\", line ");
		long line = q ? strtol(q + 8, NULL, 10) : 0;

		if (line >= from && line <= to && from) {
			why = xasprintf("spatch cannot parse %s line %ld, in %s()", u->file, line, u->fn);
			break;
		}
	}
	free(text);
	free(log);
	return why;
}

static int files_differ(const char *a, const char *b)
{
	size_t la, lb;
	char *ta = read_file(a, &la), *tb = read_file(b, &lb);
	int differ = !ta || !tb || la != lb || memcmp(ta, tb, la);

	free(ta);
	free(tb);
	return differ;
}

static const struct unit *slow_file(const struct stage *st, const char *file)
{
	for (size_t i = 0; i < st->nu; i++)
		if (st->u[i].state == U_TIMEOUT && !strcmp(st->u[i].file, file))
			return &st->u[i];
	return NULL;
}

/* Run every unit in jobs[] (indexes into st->u) as one parallel batch. */
static void run_units(struct stage *st, int *which, int n)
{
	struct spawn_job *jobs = xcalloc(n ? n : 1, sizeof(*jobs));
	struct strvec *argvs = xcalloc(n ? n : 1, sizeof(*argvs));
	struct strvec *envs = xcalloc(n ? n : 1, sizeof(*envs));
	char *timeout = xasprintf("%d", (int)st->po->timeout);

	for (int i = 0; i < n; i++) {
		struct unit *u = &st->u[which[i]];
		char *orig = xasprintf("%s/%s", st->po->tree, u->file);
		struct strvec *argv = &argvs[i], *env = &envs[i];
		const struct unit *slow = slow_file(st, u->file);

		/*
		 * A file spatch could not finish in time is slow for spatch itself
		 * (its size, its macros): one timeout per file, not one per recipe.
		 */
		if (slow) {
			u->state = U_TIMEOUT;
			u->detail = xasprintf("spatch ran over %d s on %s with %s; not retried",
					      (int)st->po->timeout, u->file, slow->r->name);
			free(orig);
			jobs[i].argv = NULL;
			continue;
		}
		if (copy_into(orig, u->copy)) {
			u->state = U_FAILED;
			u->detail = xasprintf("cannot copy %s to %s", orig, u->copy);
			free(orig);
			jobs[i].argv = NULL;
			continue;
		}
		free(orig);
		strvec_push(argv, "spatch");
		strvec_push(argv, "--very-quiet");
		strvec_push(argv, "--no-includes");
		strvec_push(argv, "--include-headers");
		strvec_push(argv, "-D");
		strvec_push(argv, "patch");
		strvec_push(argv, "--timeout");
		strvec_push(argv, timeout);
		strvec_push(argv, "--sp-file");
		strvec_push(argv, u->r->cocci);
		strvec_push(argv, "--in-place");
		strvec_push(argv, u->file);
		strvec_pushf(env, "PAGEREF_FUNCTION=%s", u->fn);
		jobs[i].argv = argv->v;
		jobs[i].env = env->v;
		jobs[i].cwd = u->dir;
		jobs[i].out_path = jobs[i].err_path = xasprintf("%s/spatch.log", u->dir);
	}
	{
		/* the pool wants only the jobs that could start */
		struct spawn_job *ready = xcalloc(n ? n : 1, sizeof(*ready));
		int nr = 0;

		for (int i = 0; i < n; i++)
			if (jobs[i].argv)
				ready[nr++] = jobs[i];
		/* a little over spatch's own limit: ours is the backstop */
		spawn_pool(ready, nr, st->po->jobs, st->po->timeout + 2);
		for (int i = 0, k = 0; i < n; i++)
			if (jobs[i].argv)
				jobs[i] = ready[k++];
		free(ready);
	}
	for (int i = 0; i < n; i++) {
		struct unit *u = &st->u[which[i]];
		char *orig;

		if (!jobs[i].argv)
			continue;
		orig = xasprintf("%s/%s", st->po->tree, u->file);
		if (jobs[i].timed_out) {
			u->state = U_TIMEOUT;
			u->detail = xasprintf("spatch ran over %d s on %s", (int)st->po->timeout, u->file);
		} else if (jobs[i].status != 0) {
			u->state = U_FAILED;
			u->detail = first_complaint(jobs[i].out_path);
		} else if (files_differ(orig, u->copy)) {
			u->state = U_CHANGED;
		} else {
			u->state = U_SAME;
			u->detail = parse_trouble(st, u);
			if (u->detail)
				u->state = U_FAILED;
			else
				u->detail = xasprintf("%s changes nothing in %s()", u->r->name, u->fn);
		}
		free(orig);
		/* spatch's own timeout shows as a message, not a signal */
		if (u->state == U_SAME || u->state == U_FAILED) {
			char *log = read_file(jobs[i].out_path, NULL);

			if (log && strstr(log, "TIMEOUT")) {
				free(u->detail);
				u->state = U_TIMEOUT;
				u->detail = xasprintf("spatch ran over %d s on %s", (int)st->po->timeout,
						      u->file);
			}
			free(log);
		}
		free((char *)jobs[i].out_path);
	}
	for (int i = 0; i < n; i++) {
		strvec_clear(&argvs[i]);
		strvec_clear(&envs[i]);
	}
	free(argvs);
	free(envs);
	free(timeout);
	free(jobs);
}

/*
 * Rounds: every finding still unrepaired tries its next candidate; the units
 * not run yet run as one parallel batch. A unit is run once however many
 * findings share it.
 */
static void repair(struct stage *st)
{
	int *which = xcalloc(1, sizeof(*which));
	int progress = 1;

	while (progress) {
		int n = 0;

		progress = 0;
		for (size_t i = 0; i < st->nf; i++) {
			struct finding *f = &st->f[i];
			int u;

			if (f->unit >= 0)
				continue;
			u = candidate(st, f, f->cand);
			if (u < 0)
				continue;
			if (st->u[u].state == U_NEW) {
				int seen = 0;

				for (int k = 0; k < n; k++)
					seen |= which[k] == u;
				if (!seen) {
					which = xrealloc(which, (n + 1) * sizeof(*which));
					which[n++] = u;
				}
			}
		}
		run_units(st, which, n);
		for (size_t i = 0; i < st->nf; i++) {
			struct finding *f = &st->f[i];
			int u;

			if (f->unit >= 0 || (u = candidate(st, f, f->cand)) < 0)
				continue;
			f->last = u;
			if (st->u[u].state == U_CHANGED)
				f->unit = u;
			else
				f->cand++;
			progress = 1;
		}
	}
	free(which);
}

/* ---- messages ----------------------------------------------------------- */

/* Append text word-wrapped at 72 columns; continuation lines get indent. */
static void wrap(struct strvec *out, const char *text, const char *first, const char *indent)
{
	char *copy = xstrdup(text), *w, *save = NULL;
	char line[2048];
	size_t len;
	int words = 0;

	snprintf(line, sizeof(line), "%s", first);
	len = strlen(line);
	for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		size_t wl = strlen(w);

		if (words && len + 1 + wl > 72) {
			strvec_push(out, line);
			snprintf(line, sizeof(line), "%s", indent);
			len = strlen(line);
			words = 0;
		}
		if (len + wl + 2 >= sizeof(line))
			continue;
		if (words)
			line[len++] = ' ';
		memcpy(line + len, w, wl + 1);
		len += wl;
		words++;
	}
	strvec_push(out, line);
	free(copy);
}

static const char *origin_phrase(const char *origin)
{
	static const struct { const char *origin, *phrase; } o[] = {
		{ "slab", "a slab page" },
		{ "large-kmalloc", "a large-kmalloc page (frozen from 6.17)" },
		{ "vmalloc", "a vmalloc address's page" },
		{ "stack", "a stack page" },
		{ "tail", "a tail page of a non-compound allocation" },
		{ "unknown", "a page it cannot trace to page-allocator memory" },
		{ "io", "a block I/O page, which can be slab memory (bio_map_kern())" },
	};

	for (size_t i = 0; i < sizeof(o) / sizeof(o[0]); i++)
		if (!strcmp(o[i].origin, origin))
			return o[i].phrase;
	return "a page that must not be reference-counted";
}

struct steps {
	struct strvec *out;
	int n;
};

static int add_step(int ncol, const char *const *c, void *data)
{
	struct steps *s = data;
	char *first = xasprintf("  %d. ", ++s->n);
	char *text = xasprintf("%s (%s:%s)", c[0], c[1], c[2]);

	(void)ncol;
	wrap(s->out, text, first, "     ");
	free(first);
	free(text);
	return 0;
}

static char *join_lines(struct strvec *lines)
{
	size_t len = 1;
	char *out;

	for (size_t i = 0; i < lines->nr; i++)
		len += strlen(lines->v[i]) + 1;
	out = xcalloc(len, 1);
	for (size_t i = 0; i < lines->nr; i++) {
		strcat(out, lines->v[i]);
		strcat(out, "\n");
	}
	return out;
}

static void push_once(struct strvec *v, const char *s);
static char *and_list(const struct strvec *v, const char *fmt);

/*
 * Where a finding whose memory comes from one function and is referenced in
 * another is repaired, and why there: at the consumer when it sends or
 * references what several producers give it and cannot tell them apart,
 * at the producer when the unit is the producer's own function.
 */
static void where_repaired(struct stage *st, struct unit *u, const struct finding *first,
			   struct strvec *m)
{
	struct strvec src = STRVEC_INIT;
	char *line = NULL;

	if (!first || !strcmp(first->fn[0], first->fn[1]))
		return;
	for (size_t i = 0; i < st->nf; i++) {
		const struct finding *f = &st->f[i];
		int seen = 0;

		if (f->unit != (int)(u - st->u))
			continue;
		for (size_t k = 0; k < src.nr; k++)
			seen |= !strcmp(src.v[k], f->fn[1]);
		if (!seen)
			strvec_pushf(&src, "%s()", f->fn[1]);
	}
	if (!strcmp(u->fn, first->fn[0])) {
		char *names = xstrdup("");

		for (size_t k = 0; k < src.nr; k++) {
			char *w = xasprintf("%s%s%s", names, k ? ", " : "", src.v[k]);

			free(names);
			names = w;
		}

		line = xasprintf("The repair is where the pages are referenced, in %s(): the memory "
				 "comes from %s, and %s() cannot tell such pages from the ones it may "
				 "reference, so it must not reference any it cannot check.", u->fn, names,
				 u->fn);
		free(names);
	} else if (!strcmp(u->fn, first->fn[1])) {
		struct strvec sinks = STRVEC_INIT;
		char *names;

		for (size_t i = 0; i < st->nf; i++)
			if (st->f[i].unit == (int)(u - st->u))
				push_once(&sinks, st->f[i].fn[0]);
		names = and_list(&sinks, "%s()");
		line = xasprintf("The repair is where the memory is allocated, in %s(): %s "
				 "reference%s the pages %s given, and %s() is what gives %s this "
				 "memory.", u->fn, names, sinks.nr > 1 ? "" : "s",
				 sinks.nr > 1 ? "they are" : "it is", u->fn,
				 sinks.nr > 1 ? "them" : "it");
		free(names);
		strvec_clear(&sinks);
	}
	if (line) {
		wrap(m, line, "", "");
		strvec_push(m, "");
		free(line);
	}
	strvec_clear(&src);
}

/* Push s to v unless it is there. */
static void push_once(struct strvec *v, const char *s)
{
	for (size_t k = 0; k < v->nr; k++)
		if (!strcmp(v->v[k], s))
			return;
	strvec_push(v, s);
}

/* "a", "a and b", "a, b and c"; fmt formats each ("%s()") */
static char *and_list(const struct strvec *v, const char *fmt)
{
	char *out = xstrdup("");

	for (size_t k = 0; k < v->nr; k++) {
		char *one = xasprintf(fmt, v->v[k]);
		char *w = xasprintf("%s%s%s", out, !k ? "" : k + 1 == v->nr ? " and " : ", ", one);

		free(one);
		free(out);
		out = w;
	}
	return out;
}

/*
 * One paragraph for the findings one patch repairs, as a maintainer writes
 * it: what they have in common, the functions that allocate the memory and
 * the ones that reference it listed once (the first finding's witness
 * follows in full).
 */
static void several(struct stage *st, struct unit *u, struct strvec *m)
{
	struct strvec rules = STRVEC_INIT, conf = STRVEC_INIT, sev = STRVEC_INIT;
	struct strvec what = STRVEC_INIT, src = STRVEC_INIT, sink = STRVEC_INIT, api = STRVEC_INIT;
	struct strvec expr = STRVEC_INIT;
	char *r, *c, *e, *w, *x, *so, *si, *a, *line;
	int n = 0, put = 0;

	for (size_t i = 0; i < st->nf; i++) {
		const struct finding *f = &st->f[i];

		if (f->unit != (int)(u - st->u))
			continue;
		n++;
		push_once(&rules, f->rule);
		push_once(&conf, f->confidence);
		push_once(&sev, f->severity);
		push_once(&what, f->origin);
		push_once(&expr, f->origin_expr);
		push_once(&src, f->fn[1]);
		push_once(&sink, f->fn[0]);
		push_once(&api, f->sink_api);
		put |= strstr(f->rule, "put") ? 1 : 2;
	}
	r = and_list(&rules, "%s");
	c = and_list(&conf, "%s");
	e = and_list(&sev, "%s");
	w = and_list(&what, "%s");
	x = and_list(&expr, "%s");
	so = and_list(&src, "%s()");
	si = and_list(&sink, "%s()");
	a = and_list(&api, "%s()");
	line = xasprintf("pageref reports %d findings (%s; %s, %s confidence): %s memory (%s), "
			 "allocated in %s, reaches %s through %s, which %s a reference on its "
			 "pages.", n, r, e, c, w, x, so, si, a,
			 put == 3 ? "takes and drops" : put == 1 ? "drops" : "takes");
	wrap(m, line, "", "");
	strvec_push(m, "");
	free(line);
	free(r);
	free(c);
	free(e);
	free(w);
	free(x);
	free(so);
	free(si);
	free(a);
	strvec_clear(&rules);
	strvec_clear(&conf);
	strvec_clear(&sev);
	strvec_clear(&what);
	strvec_clear(&expr);
	strvec_clear(&src);
	strvec_clear(&sink);
	strvec_clear(&api);
}

/*
 * Who a maintainer would Cc on a patch to u's file: the tree's own
 * scripts/get_maintainer.pl over its MAINTAINERS (maintainers, reviewers
 * and lists, no git history), pushed to cc. Nothing when the tree has
 * neither or the script fails: a patch without Cc lines is still a patch.
 */
static void maintainers(struct stage *st, struct unit *u, struct strvec *cc)
{
	char *script = xasprintf("%s/scripts/get_maintainer.pl", st->po->tree);
	char *list = xasprintf("%s/MAINTAINERS", st->po->tree);
	char *outp = xasprintf("%s/maintainers-%zu.txt", st->work, (size_t)(u - st->u));
	char *argv[] = { "perl", "scripts/get_maintainer.pl", "--no-git", "--no-git-fallback",
			 "--no-rolestats", "-f", u->file, NULL };
	char *text, *save = NULL;

	if (access(script, R_OK) || access(list, R_OK) ||
	    spawn_run(argv, st->po->tree, outp, "") != 0 || !(text = read_file(outp, NULL)))
		goto out;
	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		if (strchr(l, '@') && strlen(l) < 200)
			push_once(cc, l);
	free(text);
out:
	free(script);
	free(list);
	free(outp);
}

static char *message(struct stage *st, struct unit *u, const char *prefix,
		     const struct series_identity *who)
{
	struct strvec m = STRVEC_INIT;
	struct finding *first = NULL;
	char *subject = xasprintf(u->r->subject, u->fn), *line, *out;
	int nfound = 0;

	line = xasprintf("%s: %s", prefix, subject);
	strvec_push(&m, line);
	free(line);
	strvec_push(&m, "");
	for (size_t i = 0; i < st->nf; i++)
		nfound += st->f[i].unit == (int)(u - st->u);
	if (nfound > 1)
		several(st, u, &m);
	for (size_t i = 0; i < st->nf; i++) {
		struct finding *f = &st->f[i];

		if (f->unit != (int)(u - st->u))
			continue;
		if (!first)
			first = f;
		if (nfound > 1)
			continue;
		line = xasprintf("pageref reports %s (%s, %s confidence) in %s(): it can hand "
				 "%s (%s%s%s%s) to %s(), which %s a reference on it.", f->rule,
				 f->severity, f->confidence, f->fn[0], origin_phrase(f->origin),
				 f->origin_expr, strcmp(f->fn[0], f->fn[1]) ? ", from " : "",
				 strcmp(f->fn[0], f->fn[1]) ? f->fn[1] : "",
				 strcmp(f->fn[0], f->fn[1]) ? "()" : "", f->sink_api,
				 strstr(f->rule, "put") ? "drops" : "takes");
		wrap(&m, line, "", "");
		free(line);
		strvec_push(&m, "");
	}
	where_repaired(st, u, first, &m);
	wrap(&m, u->r->summary, "", "");
	strvec_push(&m, "");
	if (first) {
		struct steps s = { &m, 0 };
		const char *params[] = { first->id };

		line = xasprintf("Witness path (finding %.12s):", first->fp);
		strvec_push(&m, line);
		free(line);
		db_query_each(st->db, "SELECT what, file, line FROM v_finding_step "
			      "WHERE finding_id = ?1 ORDER BY step", params, 1, add_step, &s);
		strvec_push(&m, "");
	}
	line = xasprintf("Generated by pageref with semantic-patches/%s.cocci (confidence: %s); "
			 "review before sending.", u->r->name, u->r->confidence);
	wrap(&m, line, "", "");
	free(line);
	{
		struct strvec cc = STRVEC_INIT;
		char *fixes = NULL;

		/* the commit that wrote the line the repair is about, in a git tree */
		if (first && st->is_git)
			fixes = !strcmp(u->fn, first->fn[0]) ?
				subject_fixes(st->po->tree, first->file[0], atoi(first->line)) :
				!strcmp(u->fn, first->fn[1]) ?
				subject_fixes(st->po->tree, first->file[1], atoi(first->source_line)) :
				NULL;
		maintainers(st, u, &cc);
		if (cc.nr || who->name || fixes)
			strvec_push(&m, "");
		if (fixes) {
			line = xasprintf("Fixes: %s", fixes);
			strvec_push(&m, line);
			free(line);
			free(fixes);
		}
		for (size_t k = 0; k < cc.nr; k++) {
			line = xasprintf("Cc: %s", cc.v[k]);
			strvec_push(&m, line);
			free(line);
		}
		strvec_clear(&cc);
	}
	if (who->name) {
		line = xasprintf("Signed-off-by: %s <%s>", who->name, who->email);
		strvec_push(&m, line);
		free(line);
	}
	out = join_lines(&m);
	strvec_clear(&m);
	free(subject);
	return out;
}

/*
 * The cover letter: subject line, blank line, body (git format-patch
 * --cover-from-description=subject takes it from the branch description).
 */
struct cover_ctx {
	struct stage *st;
	const struct series_identity *who;
	const char *version;
};

static char *cover_letter(void *data, struct series_patch *p, int np)
{
	struct cover_ctx *c = data;
	struct stage *st = c->st;
	const struct series_identity *who = c->who;
	const char *version = c->version;
	struct strvec m = STRVEC_INIT;
	char *line, *out;
	int in = 0;

	for (int i = 0; i < np; i++)
		in += p[i].applies && p[i].cp_errors == 0;
	strvec_push(&m, "Stop reference-counting pages that may be slab or frozen memory");
	strvec_push(&m, "");
	line = xasprintf("This series comes from pageref %s run on Linux %s: %zu unguarded "
			 "findings, %d patches. Each patch names the finding it repairs, its "
			 "witness path (where the page comes from and where its reference is "
			 "taken or dropped) and the Coccinelle recipe that made it.", PAGEREF_VERSION,
			 version, st->nf, in);
	wrap(&m, line, "", "");
	free(line);
	strvec_push(&m, "");
	strvec_push(&m, "Per recipe:");
	for (size_t r = 0; r < st->rs.nr; r++) {
		int n = 0;

		for (size_t i = 0; i < st->nf; i++)
			if (st->f[i].unit >= 0 && st->u[st->f[i].unit].r == &st->rs.r[r] &&
			    st->u[st->f[i].unit].patch >= 0 &&
			    p[st->u[st->f[i].unit].patch].applies &&
			    p[st->u[st->f[i].unit].patch].cp_errors == 0)
				n++;
		if (n) {
			line = xasprintf("  %s: %d finding%s", st->rs.r[r].name, n, n == 1 ? "" : "s");
			strvec_push(&m, line);
			free(line);
		}
	}
	strvec_push(&m, "");
	wrap(&m, "Findings without a patch are listed by `pageref sql \"SELECT * FROM v_patch "
	     "WHERE status != 'series'\"` with the reason.", "", "");
	if (!who->name) {
		strvec_push(&m, "");
		wrap(&m, "No git identity is configured (git config user.name and user.email), so "
		     "these patches carry a placeholder author and no Signed-off-by: add yours "
		     "(git am, then git commit --amend --reset-author -s) before sending.", "", "");
	}
	out = join_lines(&m);
	strvec_clear(&m);
	return out;
}

static const char *status_of(struct stage *st, struct finding *f, struct series_patch *p)
{
	struct unit *u = f->unit >= 0 ? &st->u[f->unit] : f->last >= 0 ? &st->u[f->last] : NULL;

	if (!u)
		return "no-recipe";
	if (f->unit < 0)
		return u->state == U_TIMEOUT ? "timeout" : u->state == U_FAILED ? "spatch-failed" :
		       "no-change";
	if (u->patch < 0)
		return "spatch-failed";
	if (!p[u->patch].applies)
		return "apply-failed";
	return p[u->patch].cp_errors != 0 ? "checkpatch-failed" : "series";
}

static char *no_recipe_reason(struct stage *st, struct finding *f)
{
	for (size_t i = 0; i < st->rs.nr; i++) {
		struct recipe *r = &st->rs.r[i];

		if (r->unavailable && r->rules.nr) {
			r->unavailable[0] = r->unavailable[0];
			for (size_t k = 0; k < r->rules.nr; k++)
				if (!strcmp(r->rules.v[k], f->rule))
					return xasprintf("%s is not offered: %s", r->name, r->unavailable);
		}
	}
	return xasprintf("no recipe repairs %s at %s()", f->rule, f->sink_api);
}

/*
 * Why no recipe repaired f: each one tried, with the function it was bound
 * to, and what it said ("slab_to_pages changes nothing in o2net_init()"),
 * in the order they were tried.
 */
static char *tried_reasons(struct stage *st, struct finding *f)
{
	char *out = NULL;

	for (int k = 0; k < f->cand || (k == f->cand && f->last >= 0 && !out); k++) {
		int u = candidate(st, f, k);
		const char *why;
		char *w;

		if (u < 0)
			break;
		why = st->u[u].detail ? st->u[u].detail : "not run";
		if (out && strstr(out, why))
			continue;
		w = out ? xasprintf("%s; %s", out, why) : xstrdup(why);
		free(out);
		out = w;
	}
	return out;
}

static int record(struct stage *st, struct series_patch *p)
{
	int ret = db_begin_with(st->db, "DELETE FROM patch");

	for (size_t i = 0; !ret && i < st->nf; i++) {
		struct finding *f = &st->f[i];
		struct unit *u = f->unit >= 0 ? &st->u[f->unit] : f->last >= 0 ? &st->u[f->last] : NULL;
		struct series_patch *sp = u && u->patch >= 0 ? &p[u->patch] : NULL;
		const char *status = status_of(st, f, p);
		char *detail = !u ? no_recipe_reason(st, f) :
			       f->unit < 0 ? tried_reasons(st, f) : dupnull(sp ? sp->detail : u->detail);
		char errs[16] = "", warns[16] = "";
		const char *params[10];

		if (sp && sp->cp_errors >= 0) {
			snprintf(errs, sizeof(errs), "%d", sp->cp_errors);
			snprintf(warns, sizeof(warns), "%d", sp->cp_warnings);
		}
		params[0] = f->id;
		params[1] = u ? u->r->name : "-";
		params[2] = u ? u->file : f->file[0];
		params[3] = u ? u->fn : f->fn[0];
		params[4] = status;
		params[5] = *errs ? errs : NULL;
		params[6] = *warns ? warns : NULL;
		params[7] = sp && !strcmp(status, "series") ? sp->path : NULL;
		params[8] = detail;
		params[9] = sp && !strcmp(status, "series") ? sp->diff : NULL;
		ret = db_exec_params(st->db, "INSERT INTO patch (finding_id, recipe, file, function, status, "
			       "checkpatch_errors, checkpatch_warnings, path, detail, diff) "
			       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", params, 10);
		free(detail);
	}
	return db_end(st->db, ret);
}

static void summarize(struct stage *st, struct series_patch *p, int np, struct patch_summary *sum)
{
	sum->findings = st->nf;
	for (size_t i = 0; i < st->nf; i++) {
		const char *status = status_of(st, &st->f[i], p);

		sum->patched += !strcmp(status, "series");
		sum->failed += !strcmp(status, "spatch-failed") || !strcmp(status, "timeout");
	}
	for (int i = 0; i < np; i++) {
		sum->patches += p[i].applies && p[i].cp_errors == 0;
		sum->rejected += !(p[i].applies && p[i].cp_errors == 0);
	}
}

/* Every patch's author date: the tree's Makefile mtime, so reruns match. */
static char *tree_date(const char *tree)
{
	char *mk = xasprintf("%s/Makefile", tree);
	struct stat sb;
	long t = stat(mk, &sb) == 0 ? (long)sb.st_mtime : 0;

	free(mk);
	return xasprintf("@%ld +0000", t);
}

static char *tree_version(struct db *db)
{
	char *v = db_meta_get(db, "kernel_version");

	return v ? v : xstrdup("(unknown version)");
}

static void stage_release(struct stage *st, struct series *s, struct series_patch *p, int np)
{
	for (size_t i = 0; i < st->nf; i++) {
		struct finding *f = &st->f[i];

		free(f->id);
		free(f->rule);
		free(f->severity);
		free(f->confidence);
		free(f->origin);
		free(f->origin_expr);
		free(f->sink_api);
		free(f->fp);
		free(f->line);
		free(f->source_line);
		for (int b = 0; b < 3; b++) {
			free(f->file[b]);
			free(f->fn[b]);
		}
	}
	free(st->f);
	for (size_t i = 0; i < st->nu; i++) {
		free(st->u[i].file);
		free(st->u[i].fn);
		free(st->u[i].dir);
		free(st->u[i].copy);
		free(st->u[i].detail);
	}
	free(st->u);
	for (int i = 0; i < np; i++) {
		free(p[i].message);
		free(p[i].detail);
		free(p[i].path);
		free(p[i].diff);
	}
	free(p);
	free(s->date);
	free(s->who.name);
	free(s->who.email);
	recipes_release(&st->rs);
	free(st->work);
}

int patch_run(struct db *db, const struct patch_options *po, struct patch_summary *sum)
{
	struct stage st = { .po = po, .db = db };
	struct series s = { .tree = po->tree, .out = po->out };
	struct series_patch *p = NULL;
	double t0 = now_seconds();
	int np = 0, ret = -1, is_git;
	char *subjects = xasprintf("%s/subjects.txt", po->recipes);

	memset(sum, 0, sizeof(*sum));
	st.work = xasprintf("%s/patches.work", po->out);
	s.work = st.work;
	{
		char *argv[] = { "rm", "-rf", st.work, NULL };

		spawn_run(argv, NULL, NULL, NULL);
		if (mkdir(st.work, 0777) < 0) {
			ret = input_error("cannot create %s: %s", st.work, strerror(errno));
			goto out;
		}
	}
	/* refuse before any work: what is there must be ours to replace */
	if (series_out_ok(po->out) || recipes_load(&st.rs, po->recipes) || load_findings(&st) < 0)
		goto out;
	/*
	 * Nothing to repair needs no spatch and no checkpatch: the stage still
	 * runs to the end, so an old series and old v_patch rows go away.
	 */
	if (st.nf && check_tools(&st))
		goto out;
	is_git = tree_is_git(po->tree);
	st.is_git = is_git;
	if (st.nf && !is_git)
		note("%s is not a git work tree: subject prefixes come from %s", po->tree, subjects);
	if (st.nf)
		repair(&st);

	/* one patch per unit that changed something, in a stable order */
	series_identity(po->tree, &s.who);
	s.date = tree_date(po->tree);
	p = xcalloc(st.nu ? st.nu : 1, sizeof(*p));
	for (size_t i = 0; i < st.nu; i++) {
		struct unit *u = &st.u[i];
		const char *from;
		char *prefix;
		int used = 0;

		for (size_t k = 0; k < st.nf; k++)
			used |= st.f[k].unit == (int)i;
		if (u->state != U_CHANGED || !used)
			continue;
		prefix = subject_prefix(po->tree, is_git, subjects, u->file, &from);
		u->patch = np;
		p[np].file = u->file;
		p[np].changed = u->copy;
		p[np].message = message(&st, u, prefix, &s.who);
		np++;
		free(prefix);
	}
	{
		char *version = tree_version(db);
		struct cover_ctx cc = { &st, &s.who, version };

		/* the cover letter counts what passed, so the series asks for it after the checks */
		ret = series_write(&s, p, np, cover_letter, &cc);
		free(version);
	}
	if (!ret)
		ret = record(&st, p);
	if (!ret)
		summarize(&st, p, np, sum);
	sum->seconds = now_seconds() - t0;
out:
	free(subjects);
	stage_release(&st, &s, p, np);
	return ret;
}
