// SPDX-License-Identifier: GPL-2.0
/*
 * Resolving values inside a function, shared by the effect pass and the
 * finding pass: call results through what the callee returns, locals with
 * a single source through that source, same-object conversions away, and
 * allocator calls to their model names.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channels.h"
#include "embedded.h"
#include "path.h"
#include "resolve.h"
#include "usage.h"

#define MAX_STEPS 8
#define MAX_RESOLVE 6

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct model_entry *)a)->name, ((const struct model_entry *)b)->name);
}

static int parse_model(const char *text, struct model_entry **out)
{
	char *copy = xstrdup(text), *save = NULL, *line;
	int n = 0, alloc = 0;

	*out = NULL;
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *name, *rest;

		line += strspn(line, " \t");
		if (!*line || *line == '#')
			continue;
		name = line;
		rest = name + strcspn(name, " \t");
		if (*rest)
			*rest++ = '\0';
		rest += strspn(rest, " \t");
		ALLOC_GROW(*out, n, alloc);
		(*out)[n].name = xstrdup(name);
		(*out)[n].value = xstrdup(rest);
		n++;
	}
	free(copy);
	qsort(*out, n, sizeof(**out), cmp_entry);
	return n;
}

/* Compare a (name, length) key with an entry: models are sorted for bsearch. */
static int cmp_key(const char *name, size_t len, const char *entry)
{
	int c = strncmp(name, entry, len);

	return c ? c : entry[len] ? -1 : 0;
}

static const struct model_entry *model_find(const struct model_entry *m, int n,
					    const char *name, size_t len)
{
	int lo = 0, hi = n - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2, c = cmp_key(name, len, m[mid].name);

		if (!c)
			return &m[mid];
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return NULL;
}

const char *model_get(const struct model_entry *m, int n, const char *name)
{
	const struct model_entry *e = model_find(m, n, name, strlen(name));

	return e ? e->value : NULL;
}

/* "same" conversions name the same object: page_folio(X) is X. */
int is_same_conversion(const struct models *md, const char *name)
{
	const char *v = model_get(md->conv, md->nr_conv, name);

	return v && strstr(v, "same");
}

char *strip_same(const struct models *md, char *v)
{
	char *inner, *steps, *name;

	while ((name = path_macro(v, &inner, &steps))) {
		int same = is_same_conversion(md, name);

		free(name);
		if (!same) {
			free(inner);
			free(steps);
			break;
		}
		/* the object is the first argument: folio_page(f, 0) is f's page */
		{
			int depth = 0;

			for (char *p = inner; *p; p++) {
				if (*p == '(')
					depth++;
				else if (*p == ')')
					depth--;
				else if (*p == ',' && depth == 0) {
					*p = '\0';
					break;
				}
			}
		}
		free(v);
		v = xasprintf("%s%s", inner, steps);
		free(inner);
		free(steps);
		{
			char *n = path_normalize(v);

			free(v);
			v = n;
		}
	}
	return v;
}

/* The allocator a call is, by its callee or the macro it came from. */
const char *origin_name(const struct models *md, const struct solve_call *c)
{
	if (c->macro && model_get(md->origin, md->nr_origin, c->macro))
		return c->macro;
	if (model_get(md->origin, md->nr_origin, c->callee_name))
		return c->callee_name;
	return NULL;
}

/* name(a0,a1,...) from a call's recorded arguments. */
static char *call_text(const char *name, const struct solve_call *c)
{
	char *v = xasprintf("%s(", name);

	for (int i = 0; i < c->nr_arg; i++) {
		char *w = xasprintf("%s%s%s", v, i ? "," : "", c->arg[i] ? c->arg[i] : "?");

		free(v);
		v = w;
	}
	{
		char *w = xasprintf("%s)", v);

		free(v);
		return w;
	}
}

/* Does a equal b once "[*]" steps are ignored (arrays are collapsed)? */
static int same_cell(const char *a, const char *b)
{
	while (*a || *b) {
		if (!strncmp(a, "[*]", 3)) {
			a += 3;
			continue;
		}
		if (!strncmp(b, "[*]", 3)) {
			b += 3;
			continue;
		}
		if (*a != *b)
			return 0;
		a++;
		b++;
	}
	return 1;
}

/*
 * The value stored into the local field path in f, or NULL. Values stored
 * at different places may each be there, and nothing says which; values
 * one call stored (a callee's summary: iov_iter_extract_pages() fills the
 * array with the bvec's pages or the kvec's) are that call's ?: merge.
 * skip_call: while an argument of that call is resolved, the stores the
 * call itself makes (its callee filling an array it was given) are its
 * results, not what its arguments hold. The caller's own stores inside the
 * argument (get_page(p[k] = page + k), 6.1's __iov_iter_get_pages_alloc())
 * stay.
 */
static char *local_store(struct solve_function *f, const char *path,
			 const struct solve_call *skip_call)
{
	char *src = NULL;
	const struct solve_call *by = NULL;

	for (int i = 0; i < f->nr_lwrite; i++) {
		const struct solve_write *w = &f->lwrite[i];

		if (!same_cell(w->dst, path) || (w->by && w->by == skip_call))
			continue;
		if (!src) {
			src = xstrdup(w->src);
			by = w->by;
		} else if (strcmp(src, w->src)) {
			char *m;

			if (!w->by || w->by != by || path_top_bar(w->src)) {
				free(src);
				return NULL;	/* two different stores: either may be there */
			}
			m = xasprintf("%s|%s", src, w->src);
			free(src);
			src = m;
		}
	}
	return src;
}

char *resolve(const struct solve_input *in, const struct models *md,
	      struct solve_function *f, const char *value, int depth, int *origin_fn);

static int add_write(struct solve_write **w, int *nr, int *alloc, char *dst, char *src, int line,
		     const struct solve_call *by)
{
	for (int i = 0; i < *nr; i++)
		if (!strcmp((*w)[i].dst, dst) && !strcmp((*w)[i].src, src)) {
			free(dst);
			free(src);
			return 0;
		}
	if (*nr >= 64 || path_steps(dst) > MAX_STEPS) {
		free(dst);
		free(src);
		return 0;
	}
	ALLOC_GROW(*w, *nr, *alloc);
	(*w)[*nr].dst = dst;
	(*w)[*nr].src = src;
	(*w)[*nr].line = line;
	(*w)[*nr].by = by;
	(*nr)++;
	return 1;
}

/*
 * A call's arguments resolved in its caller, kept while the caller's
 * stores do not change: every store of the callee binds the same
 * arguments.
 */
struct call_args {
	const struct solve_call *c;
	char **v;
};

static void call_args_forget(struct call_args *ca)
{
	for (int i = 0; ca->v && i < ca->c->nr_arg; i++) {
		free(ca->v[i]);
		ca->v[i] = NULL;
	}
}

static void call_args_release(struct call_args *ca)
{
	call_args_forget(ca);
	free(ca->v);
	ca->v = NULL;
}

static const char *call_arg(const struct solve_input *in, const struct models *md,
			    struct solve_function *g, struct call_args *ca, int m)
{
	if (!ca->v)
		ca->v = xcalloc(ca->c->nr_arg + 1, sizeof(*ca->v));
	if (!ca->v[m])
		ca->v[m] = resolve(in, md, g, ca->c->arg[m], 0, NULL);
	return ca->v[m];
}

/* One alternative of a callee's stored value, as the caller at c sees it; NULL if none. */
static char *bind_source(const struct solve_input *in, const struct models *md,
			 struct solve_function *g, struct call_args *ca, const char *src,
			 struct solve_function *callee)
{
	const struct solve_call *c = ca->c;
	int m;
	char *r;

	switch (path_root(src, &m)) {
	case ROOT_PARAM:
		if (m >= c->nr_arg || !c->arg[m])
			return NULL;
		return path_bind(src, m, call_arg(in, md, g, ca, m));
	case ROOT_CONST:
		return xstrdup(src);
	case ROOT_CALL:
		/*
		 * memory the callee allocated (desc->hdr =
		 * page_address(alloc_page(...))): that memory, whoever has it
		 */
		if (!callee)
			return NULL;
		r = resolve(in, md, callee, src, 0, NULL);
		if (path_root(r, NULL) == ROOT_CONST && find_origin(md, r, NULL))
			return r;
		free(r);
		return NULL;
	default:
		return NULL;	/* the callee's own locals mean nothing here */
	}
}

/*
 * Where a store through the pointer local of d lands: *pages with
 * pages = &page is page, ppages[*] with ppages = pages (an array) is
 * pages[*]. Only locals holding one address are followed.
 */
static char *resolve_location(struct solve_function *g, char *d)
{
	for (int round = 0; round < 4; round++) {
		char *tok = path_base_token(d), *r;
		const char *src = NULL, *rest;
		int n = 0;

		if (strncmp(tok, "l:", 2)) {
			free(tok);
			break;
		}
		rest = strstr(d, tok) + strlen(tok);
		/* only a dereference of the local reaches what it points to */
		if (d[0] != '*' && strncmp(rest, "->", 2) && strncmp(rest, "[*]", 3)) {
			free(tok);
			break;
		}
		for (int i = 0; i < g->nr_flow; i++)
			if (!strcmp(g->flow[i].dst, tok)) {
				n++;
				src = g->flow[i].src;
			}
		if (n != 1 || src[0] != '&') {
			free(tok);
			break;
		}
		r = path_replace(d, tok, src);
		free(tok);
		if (!r)
			break;
		free(d);
		d = r;
	}
	return d;
}

/*
 * Bind a callee's store "dst := src" at call ca->c; 1 when the caller
 * learnt something (and the arguments resolved before are forgotten).
 */
static int bind_write(const struct solve_input *in, const struct models *md,
		      struct solve_function *g, struct call_args *ca, const char *dst,
		      const char *src, struct solve_function *callee)
{
	const struct solve_call *c = ca->c;
	int k, learnt;
	char *d, *s = NULL, *one;

	if (path_root(dst, &k) != ROOT_PARAM || k >= c->nr_arg || !c->arg[k])
		return 0;
	/* each alternative of a merged value on its own (vmalloc_to_page() or virt_to_page()) */
	for (const char *alt = src; (one = path_next_alternative(&alt));) {
		s = path_or(s, bind_source(in, md, g, ca, one, callee));
		free(one);
	}
	if (!s)
		return 0;
	/* frag = &shinfo->frags[i]; fill(frag, ...): the store lands in shinfo */
	d = path_bind(dst, k, call_arg(in, md, g, ca, k));
	if (d && path_root(d, NULL) == ROOT_LOCAL)
		d = resolve_location(g, d);
	if (!d || !s) {
		free(d);
		free(s);
		return 0;
	}
	switch (path_root(d, NULL)) {
	case ROOT_PARAM:
		learnt = add_write(&g->write, &g->nr_write, &g->alloc_write, d, s, c->line, c);
		break;
	case ROOT_LOCAL:
		learnt = add_write(&g->lwrite, &g->nr_lwrite, &g->alloc_lwrite, d, s, c->line, c);
		break;
	default:
		free(d);
		free(s);
		return 0;
	}
	if (learnt)
		call_args_forget(ca);	/* g's values may resolve otherwise now */
	return learnt;
}

static char *local_sources(const struct solve_input *in, const struct models *md,
			   struct solve_function *f, const char *tok, int depth, int *origin_fn,
			   int merge, const struct solve_call *skip_call);
static char *resolve_skip(const struct solve_input *in, const struct models *md,
			  struct solve_function *f, const char *value, int depth, int *origin_fn,
			  const struct solve_call *skip_call);

/*
 * What a store through a parameter stores, for its summary: a bare local
 * assigned on several paths stands for all of them (the kvec variant of
 * iov_iter_extract_pages() stores virt_to_page() or vmalloc_to_page() of
 * the buffer). Only summaries merge: elsewhere a local with two sources
 * is left unresolved, as resolve() does.
 */
static char *resolve_merged(const struct solve_input *in, const struct models *md,
			    struct solve_function *g, const char *src)
{
	if (!strncmp(src, "l:", 2) && !path_steps(src)) {
		char *m = local_sources(in, md, g, src, 0, NULL, 1, NULL);

		if (m)
			return m;
	}
	return resolve(in, md, g, src, 0, NULL);
}

/*
 * A store into a field of a local that points into a parameter
 * (frag = &shinfo->frags[i]; frag->netmem = page) is a store through the
 * parameter: rewrite its destination from the local's single source.
 */
static int lift_local_writes(const struct solve_input *in, const struct models *md,
			     struct solve_function *g)
{
	int changed = 0;

	for (int i = 0; i < g->nr_lwrite; i++) {
		char *tok = path_base_token(g->lwrite[i].dst), *base, *d, *s;

		/* a bare local a callee filled (*pages = page) is not a field of anything */
		if (strncmp(tok, "l:", 2) || !strcmp(tok, g->lwrite[i].dst)) {
			free(tok);
			continue;
		}
		base = resolve(in, md, g, tok, 0, NULL);
		d = path_root(base, NULL) == ROOT_PARAM ? path_replace(g->lwrite[i].dst, tok, base) : NULL;
		free(base);
		free(tok);
		if (!d)
			continue;
		if (path_root(d, NULL) != ROOT_PARAM) {
			free(d);
			continue;
		}
		s = resolve_merged(in, md, g, g->lwrite[i].src);
		changed |= add_write(&g->write, &g->nr_write, &g->alloc_write, d, s, g->lwrite[i].line,
				     g->lwrite[i].by);
	}
	return changed;
}

/*
 * Does any value of g name a global (g:name)? Its values may then change
 * with the globals'. A text match: one that is not a global only costs a
 * rebinding, never a store.
 */
static int reads_global(const struct solve_function *g)
{
	for (int i = 0; i < g->nr_flow; i++)
		if (strstr(g->flow[i].src, "g:"))
			return 1;
	for (int i = 0; i < g->nr_lwrite; i++)
		if (g->lwrite[i].src && strstr(g->lwrite[i].src, "g:"))
			return 1;
	for (int i = 0; i < g->nr_write; i++)
		if (g->write[i].src && strstr(g->write[i].src, "g:"))
			return 1;
	for (int j = 0; j < g->nr_call; j++)
		for (int k = 0; k < g->call[j]->nr_arg; k++)
			if (g->call[j]->arg[k] && strstr(g->call[j]->arg[k], "g:"))
				return 1;
	return 0;
}

/*
 * The targets of each indirect call (an ops table's method, a stored
 * function pointer), by call index: what any of them stores through its
 * parameters may be what the call did (a transport's method filling the
 * caller's out-struct). A call with more than MAX_BOUND_TARGETS targets
 * binds none: what one of so many stores says nothing of this call.
 */
#define MAX_BOUND_TARGETS 8

struct targets {
	int *fn;
	int nr, alloc;
};

static struct targets *indirect_targets(const struct solve_input *in)
{
	struct targets *t = xcalloc(in->nr_calls + 1, sizeof(*t));

	for (int g = 0; g < in->nr_fn; g++)
		for (int k = 0; k < in->fn[g].nr_icaller; k++) {
			struct targets *ct = &t[in->fn[g].icaller[k] - in->calls];

			ALLOC_GROW(ct->fn, ct->nr, ct->alloc);
			ct->fn[ct->nr++] = g;
		}
	for (int i = 0; i < in->nr_calls; i++)
		if (t[i].nr > MAX_BOUND_TARGETS)
			t[i].nr = 0;
	return t;
}

/*
 * Callees' stores move into their callers until nothing changes (or six
 * rounds). Binding a callee's store at a call depends on the store and on
 * what the caller's values resolve to: the caller's own stores and, for a
 * caller whose values name a global, the stores of the functions that
 * set globals. A round binds again only what may have changed: a callee's
 * stores new since the call was last bound, or every store at the calls
 * of a function whose own stores changed since its last turn began (or,
 * if it reads a global, any global-setting function's). What it skips
 * would add nothing, so the stores and their order are those of binding
 * everything every round. An indirect call binds its targets' stores
 * (indirect_targets()) the same way, each target's on its own.
 */
/* What typed_place() said of each store of a function, by index: 0 not yet asked. */
struct typed_cache {
	unsigned char *v;
	int nr;
};

/*
 * Does the parameter's type name where g's store k lands? Only such a
 * store of an indirect call's target binds: one through an untyped member
 * (drm_printer's void *arg, which each printer casts to its own object) is
 * that target's object, not the caller's. Asked once per store.
 */
static int typed_place(const struct solve_input *in, struct typed_cache *tc, int g, int k)
{
	if (k >= tc->nr) {
		int n = in->fn[g].nr_write;

		tc->v = xrealloc(tc->v, n);
		memset(tc->v + tc->nr, 0, n - tc->nr);
		tc->nr = n;
	}
	if (!tc->v[k]) {
		char *key = layouts_object_key(in->layouts, g, in->fn[g].write[k].dst);

		tc->v[k] = key ? 1 : 2;
		free(key);
	}
	return tc->v[k] == 1;
}

void compute_writes(struct solve_input *in, const struct models *md)
{
	int changed = 1, rounds = 0;
	int *seen = xcalloc(in->nr_calls + 1, sizeof(*seen));	/* callee stores bound, by call */
	struct targets *targets = indirect_targets(in);
	/* ... and for an indirect call, by call and target: seen[] for each */
	int **tseen = xcalloc(in->nr_calls + 1, sizeof(*tseen));
	struct typed_cache *typed = xcalloc(in->nr_fn + 1, sizeof(*typed));
	unsigned *version = xcalloc(in->nr_fn + 1, sizeof(*version));
	unsigned *last = xcalloc(in->nr_fn + 1, sizeof(*last));
	unsigned *last_globals = xcalloc(in->nr_fn + 1, sizeof(*last_globals));
	unsigned char *sets_global = xcalloc(in->nr_fn + 1, 1);
	unsigned char *names_global = xcalloc(in->nr_fn + 1, 1);
	unsigned globals = 0;

	for (int i = 0; i < in->nr_gstore; i++)
		sets_global[in->gstore[i].fn] = 1;
	for (int i = 0; i < in->nr_fn; i++) {
		lift_local_writes(in, md, &in->fn[i]);
		names_global[i] = reads_global(&in->fn[i]);
	}

	while (changed && rounds++ < 6) {
		changed = 0;
		for (int i = 0; i < in->nr_fn; i++) {
			struct solve_function *g = &in->fn[i];
			int fresh = rounds == 1 || version[i] != last[i] ||
				    (globals != last_globals[i] && names_global[i]);

			last[i] = version[i];
			last_globals[i] = globals;
			for (int j = 0; j < g->nr_call; j++) {
				const struct solve_call *c = g->call[j];
				struct call_args ca = { c, NULL };
				long ci = c - in->calls;
				int learnt = 0;

				if (fresh) {
					const char *model = model_get(md->writes, md->nr_writes, c->callee_name);

					if (model) {
						char dst[64], src[64];

						if (sscanf(model, "%63s %63s", dst, src) == 2)
							learnt |= bind_write(in, md, g, &ca, dst, src, NULL);
					}
					seen[ci] = 0;
				}
				if (c->callee >= 0) {
					struct solve_function *callee = &in->fn[c->callee];

					/* the callee may be g itself: its list grows as it is read */
					for (int k = seen[ci]; k < callee->nr_write; k++) {
						const struct solve_write *w = &callee->write[k];

						learnt |= bind_write(in, md, g, &ca, w->dst, w->src, callee);
					}
					seen[ci] = callee->nr_write;
				}
				for (int t = 0; c->callee < 0 && t < targets[ci].nr; t++) {
					struct solve_function *callee = &in->fn[targets[ci].fn[t]];

					if (!tseen[ci])
						tseen[ci] = xcalloc(targets[ci].nr, sizeof(int));
					if (fresh)
						tseen[ci][t] = 0;
					for (int k = tseen[ci][t]; k < callee->nr_write; k++) {
						const struct solve_write *w = &callee->write[k];

						if (typed_place(in, &typed[targets[ci].fn[t]],
								targets[ci].fn[t], k))
							learnt |= bind_write(in, md, g, &ca, w->dst, w->src,
									     callee);
					}
					tseen[ci][t] = callee->nr_write;
				}
				call_args_release(&ca);
				if (learnt) {
					changed = 1;
					version[i]++;
					globals += sets_global[i];
					names_global[i] = reads_global(g);	/* its stores grew */
				}
			}
		}
	}
	for (int i = 0; i < in->nr_calls; i++) {
		free(targets[i].fn);
		free(tseen[i]);
	}
	for (int i = 0; i < in->nr_fn; i++)
		free(typed[i].v);
	free(typed);
	free(targets);
	free(tseen);
	free(seen);
	free(version);
	free(last);
	free(last_globals);
	free(sets_global);
	free(names_global);
}

struct solve_call *call_by_seq(struct solve_function *f, int seq)
{
	int lo = 0, hi = f->nr_call - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;

		if (f->call[mid]->seq == seq)
			return f->call[mid];
		if (f->call[mid]->seq < seq)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

#define MAX_SOURCES 4

/*
 * Is src a call that moves local tok along what it points to (sg =
 * sg_next(sg): a function returning its parameter, passed tok)? Such an
 * update stays in the array or chain tok started in: it adds no source.
 */
int resolve_walks_itself(const struct solve_input *in, struct solve_function *f, const char *tok,
			 const char *src)
{
	const struct solve_call *c;
	const char *rp;
	int k, n;

	if (src[0] != 'c' || path_root(src, &k) != ROOT_CALL || path_steps(src) ||
	    !(c = call_by_seq(f, k)) || c->callee < 0 || !(rp = in->fn[c->callee].ret_path))
		return 0;
	if (path_root(rp, &n) != ROOT_PARAM || path_steps(rp) || rp[0] != 'p' ||
	    n >= c->nr_arg || !c->arg[n])
		return 0;
	return !strcmp(c->arg[n], tok);
}

/*
 * What the bare local tok holds: its assignments, and the stores a callee
 * made through its address (iov_iter_extract_pages(iter, &pages, ...) with
 * pages = &page fills page). The NULL such a local starts from holds no
 * page, and an update from itself adds nothing. A local with several sources may hold
 * any of them: with merge, their ?: merge (page = vmalloc_to_page(kaddr)
 * or virt_to_page(kaddr)); without, nothing is said. NULL when nothing is.
 */
static char *local_sources(const struct solve_input *in, const struct models *md,
			   struct solve_function *f, const char *tok, int depth, int *origin_fn,
			   int merge, const struct solve_call *skip_call)
{
	char *src[MAX_SOURCES];
	const struct solve_call *by[MAX_SOURCES];
	int n = 0, over = 0, filled = 0;
	char *out = NULL;

	/* a local whose address a callee fills does not keep the NULL it started from */
	for (int i = 0; i < f->nr_lwrite && !filled; i++)
		filled = !strcmp(f->lwrite[i].dst, tok) && f->lwrite[i].by != skip_call;
	for (int pass = 0; pass < 2 && !over; pass++) {
		int nr = pass ? f->nr_lwrite : f->nr_flow;

		for (int i = 0; i < nr; i++) {
			const char *d = pass ? f->lwrite[i].dst : f->flow[i].dst;
			const char *s = pass ? f->lwrite[i].src : f->flow[i].src;
			const struct solve_call *b = pass ? f->lwrite[i].by : NULL;
			int dup = 0;

			if (strcmp(d, tok) || (filled && !strcmp(s, "#0")) || (b && b == skip_call))
				continue;
			for (int j = 0; j < n && !dup; j++) {
				if (!strcmp(src[j], s)) {
					dup = 1;
				} else if (b && by[j] == b) {
					/* the stores of one call are that call's merge */
					char *m = xasprintf("%s|%s", src[j], s);

					free(src[j]);
					src[j] = m;
					dup = 1;
				}
			}
			if (dup)
				continue;
			if (n == MAX_SOURCES) {
				over = 1;
				break;
			}
			by[n] = b;
			src[n++] = xstrdup(s);
		}
	}
	if (n && !over && (n == 1 || merge)) {
		for (int j = 0; j < n; j++)
			out = path_or(out, resolve_skip(in, md, f, src[j], depth + 1, origin_fn,
							skip_call));
	}
	for (int j = 0; j < n; j++)
		free(src[j]);
	return out;
}

/*
 * What a global or static holds: what the functions that set it stored
 * (an init function's kmalloc()), each resolved where it was stored. Mixed
 * sources are their ?: merge, so that a risky one is not lost among safe
 * ones; a NULL store holds no page. origin_fn names the storing function.
 */
static char *global_sources(const struct solve_input *in, const struct models *md,
			    const char *tok, int depth, int *origin_fn,
			    const struct solve_call *skip_call)
{
	char *out = NULL;
	int n = 0, lo = 0, hi = in->nr_gstore;

	/* the stores are sorted by name (db_solve_load): the first of tok's */
	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (strcmp(in->gstore[mid].name, tok) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (int i = lo; i < in->nr_gstore && !strcmp(in->gstore[i].name, tok); i++) {
		const struct solve_gstore *g = &in->gstore[i];
		char *r;
		int ofn = -1;

		if (!strcmp(g->src, "#0") || !strcmp(g->src, tok))
			continue;
		if (++n > MAX_SOURCES) {
			free(out);
			return NULL;
		}
		r = resolve_skip(in, md, &in->fn[g->fn], g->src, depth + 1, &ofn, skip_call);
		if (path_root(r, NULL) == ROOT_LOCAL || path_root(r, NULL) == ROOT_PARAM) {
			free(r);	/* the storing function's own values mean nothing here */
			continue;
		}
		if (origin_fn && *origin_fn < 0)
			*origin_fn = ofn >= 0 ? ofn : g->fn;
		out = path_or(out, r);
	}
	return out;
}

/*
 * Resolve the base of value within f: call results and locals are
 * replaced by what they stand for. Returns a new string.
 */
/*
 * resolve(), while an argument of skip_call is resolved (resolved_arg()):
 * the stores that call itself makes are not what its arguments hold.
 */
static char *resolve_skip(const struct solve_input *in, const struct models *md,
			  struct solve_function *f, const char *value, int depth, int *origin_fn,
			  const struct solve_call *skip_call)
{
	char *v = strip_same(md, path_normalize(value));
	char *tok, *repl = NULL, *out;
	int k;

	if (depth >= MAX_RESOLVE)
		return v;
	/*
	 * The address of a local names the local, not the value it holds; a
	 * local array's address is its first element's ((void **)&p indexed
	 * by a callee is p[i]).
	 */
	if (v[0] == '&' && v[1] == '&' && !strncmp(v + 2, "l:", 2) && !path_steps(v) &&
	    !strchr(v, '(') && !strchr(v, '[')) {
		/*
		 * &p of a local array: the extractor names an array by its
		 * decayed address (&l:p), so its address is &&l:p (kasan's
		 * kmem_cache_bulk(): (void **)&p); a local of no record type
		 * has no root_type row to say it is an array, the two & do
		 */
		memmove(v, v + 2, strlen(v + 2) + 1);
		return v;
	}
	if (v[0] == '&' && v[1] != '&' && path_root(v, NULL) == ROOT_LOCAL && !path_steps(v) &&
	    !strchr(v, '(')) {
		enum layout_kind k = layouts_root_kind(in->layouts, f - in->fn, v + 1);

		if (k == LK_ARRAY || k == LK_PTRARRAY)
			memmove(v, v + 1, strlen(v));
		return v;
	}
	if (path_root(v, NULL) == ROOT_LOCAL && v[0] == 'l' && path_steps(v)) {
		/* a field of a local: what was stored there, if one thing was */
		char *src = local_store(f, v, skip_call);

		if (src) {
			char *r = resolve_skip(in, md, f, src, depth + 1, origin_fn, skip_call);

			free(src);
			free(v);
			return r;
		}
	}
	tok = path_base_token(v);
	if (tok[0] == 'c' && path_root(tok, &k) == ROOT_CALL) {
		struct solve_call *c = call_by_seq(f, k);
		const char *conv = c ? model_get(md->conv, md->nr_conv, c->callee_name) : NULL;

		const char *rp = c && c->callee >= 0 ? in->fn[c->callee].ret_path : NULL;
		int n = -1;

		const char *ocall = c ? origin_name(md, c) : NULL;

		if (rp)
			path_root(rp, &n);
		if (ocall) {
			/* an allocator call: name it with its arguments */
			repl = call_text(ocall, c);
			if (origin_fn)
				*origin_fn = f - in->fn;
		} else if (c && c->callee >= 0 && in->fn[c->callee].ret_origin) {
			/* a function that returns fresh memory from an allocator */
			repl = xstrdup(in->fn[c->callee].ret_origin);
			if (origin_fn)
				*origin_fn = in->fn[c->callee].ret_origin_fn;
		} else if (rp && n >= 0 && n < c->nr_arg && c->arg[n]) {
			/* skb_frag_page(frag) returns p0->netmem: bind it */
			char *a = resolve_skip(in, md, f, c->arg[n], depth + 1, origin_fn, skip_call);

			repl = path_bind(rp, n, a);
			free(a);
		} else if (c && conv && c->nr_arg > 0 && c->arg[0]) {
			char *a = resolve_skip(in, md, f, c->arg[0], depth + 1, origin_fn, skip_call);

			const char *field = strstr(conv, "field:");

			if (field)	/* sg_page(sg) is sg->page_link, untagged */
				repl = xasprintf("%s->%s", a, field + 6);
			else
				repl = strstr(conv, "same") ? a : xasprintf("%s(%s)", c->callee_name, a);
			if (repl != a)
				free(a);
		}
	} else if (!strncmp(tok, "l:", 2)) {
		repl = local_sources(in, md, f, tok, depth, origin_fn, 0, skip_call);
	} else if (!strncmp(tok, "g:", 2)) {
		repl = global_sources(in, md, tok, depth, origin_fn, skip_call);
	}
	if (!repl) {
		free(tok);
		return v;
	}
	out = path_replace(v, tok, repl);
	free(tok);
	free(repl);
	if (!out)
		return v;
	free(v);
	return strip_same(md, out);
}

char *resolve(const struct solve_input *in, const struct models *md,
	      struct solve_function *f, const char *value, int depth, int *origin_fn)
{
	return resolve_skip(in, md, f, value, depth, origin_fn, NULL);
}

/*
 * What does f return, as a path from a parameter (skb_frag_page() returns
 * p0->netmem, page_folio()'s helper returns p0)? Iterated because the
 * answer of a callee feeds its callers' answers.
 */
void compute_ret_paths(struct solve_input *in, const struct models *md)
{
	int changed = 1, rounds = 0;

	while (changed && rounds++ < 8) {
		changed = 0;
		for (int i = 0; i < in->nr_fn; i++) {
			struct solve_function *f = &in->fn[i];

			if (f->ret_path || f->ret_origin)
				continue;
			for (int j = 0; j < f->nr_flow && !f->ret_path && !f->ret_origin; j++) {
				char *r;

				if (strcmp(f->flow[j].dst, "ret"))
					continue;
				int ofn = -1;

				r = resolve(in, md, f, f->flow[j].src, 0, &ofn);
				if (path_root(r, NULL) == ROOT_PARAM && !strchr(r, '|') &&
				    path_steps(r) <= MAX_STEPS) {
					f->ret_path = r;
					changed = 1;
				} else if (!f->ret_origin && find_origin(md, r, NULL)) {
					f->ret_origin = r;
					f->ret_origin_fn = ofn >= 0 ? ofn : i;
					changed = 1;
				} else {
					free(r);
				}
			}
		}
	}
}

const char *find_origin(const struct models *md, const char *path, char **expr)
{
	for (const char *p = path; *p; p++) {
		size_t n = 0;
		char *name;
		const char *kind;

		if (p != path && (isalnum((unsigned char)p[-1]) || p[-1] == '_' || p[-1] == ':'))
			continue;
		while (isalnum((unsigned char)p[n]) || p[n] == '_')
			n++;
		if (!n || p[n] != '(')
			continue;
		name = xstrndup(p, n);
		kind = model_get(md->origin, md->nr_origin, name);
		free(name);
		if (kind) {
			if (expr) {
				int depth = 0;
				size_t e = n;

				for (; p[e]; e++) {
					if (p[e] == '(')
						depth++;
					else if (p[e] == ')' && --depth == 0)
						break;
				}
				*expr = xstrndup(p, p[e] ? e + 1 : e);
			}
			return kind;
		}
	}
	return NULL;
}

const char *resolved_arg(const struct solve_input *in, const struct models *md,
			 struct solve_call *c, int n, int *origin_fn)
{
	if (n < 0 || n >= c->nr_arg || !c->arg[n])
		return NULL;
	if (!c->rarg) {
		c->rarg = xcalloc(c->nr_arg, sizeof(*c->rarg));
		c->rorigin = xcalloc(c->nr_arg, sizeof(*c->rorigin));
	}
	if (!c->rarg[n]) {
		c->rorigin[n] = -1;
		c->rarg[n] = resolve_skip(in, md, &in->fn[c->caller], c->arg[n], 0, &c->rorigin[n], c);
	}
	if (origin_fn)
		*origin_fn = c->rorigin[n];
	return c->rarg[n];
}

void models_load(struct models *md)
{
#define EMBED(id, file, hash)
#define MODEL(id, file, hash, field) md->nr_##field = parse_model(embedded_##id, &md->field);
#include "embedded_list.h"
#undef EMBED
#undef MODEL
	md->kernel_version = 0;
}

static void free_model(struct model_entry *m, int n)
{
	for (int i = 0; i < n; i++) {
		free(m[i].name);
		free(m[i].value);
	}
	free(m);
}

void models_release(struct models *md)
{
#define EMBED(id, file, hash)
#define MODEL(id, file, hash, field) free_model(md->field, md->nr_##field);
#include "embedded_list.h"
#undef EMBED
#undef MODEL
}

