// SPDX-License-Identifier: GPL-2.0
/*
 * Producers: where a page is put into a block I/O descriptor, and what
 * memory it is. The consumers are the drivers that read pages back out of
 * bios and scatterlists (findings.c, origin "io"); a consumer alone cannot
 * know what it reads. The producer can: nvmf_connect_admin_queue()
 * kzallocs its connect data and hands it to __nvme_submit_sync_cmd(),
 * whose blk_rq_map_kern() -> bio_map_kern() puts virt_to_page(data) into
 * the bio's bio_vecs (bio_add_pc_page() -> bvec_set_page()).
 *
 * The stores are the solver's own (solve_function.write and .lwrite:
 * stores through parameters and into what locals point to, bound from
 * callees). A store of a parameter's page into an io field is a store
 * effect; it moves up the call graph as reference-count effects do, and
 * where the bound page is no longer a parameter, the caller is a producer.
 * findings.c classifies the producer's memory and joins risky producers to
 * the consumers that read the same field.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binding.h"
#include "channels.h"
#include "path.h"
#include "producers.h"
#include "stores.h"
#include "usage.h"

#define MAX_STORE_EFFECTS 32
#define MAX_STORE_DEPTH 12

static int ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

const char *producers_io_field(const struct models *md, const char *path)
{
	for (int i = 0; i < md->nr_io_pages; i++) {
		const char *name = md->io_pages[i].value;
		size_t n = strlen(name);

		if (strcmp(md->io_pages[i].name, "field"))
			continue;
		for (const char *p = strstr(path, name); p; p = strstr(p + 1, name))
			if (p > path && (p[-1] == '.' || p[-1] == '>') && !ident(p[n]))
				return name;
	}
	return NULL;
}

/*
 * Does a store into dst (a path in the storing function) land in memory
 * that outlives the function: through a parameter (the caller decides),
 * through a pointer a local holds (l:bio->bi_io_vec[*].bv_page), or in
 * fresh or global memory? Not into a struct on the stack
 * (l:bvec.bv_page, l:msg.msg_iter.bvec->bv_page).
 */
static int outlives(const char *dst)
{
	switch (path_root(dst, NULL)) {
	case ROOT_PARAM:
	case ROOT_CONST:
	case ROOT_CALL:
	case ROOT_GLOBAL:
		return 1;
	case ROOT_LOCAL:
		return !strncmp(dst + 2 + strcspn(dst + 2, ".-["), "->", 2);
	default:
		return 0;
	}
}

/* The io field dst stores a page into (its last step), or NULL. */
static const char *io_field_of_dst(const struct models *md, const char *dst)
{
	const char *field = producers_io_field(md, dst);
	size_t n, len = strlen(dst);

	if (!field)
		return NULL;
	n = strlen(field);
	if (len <= n || strcmp(dst + len - n, field))
		return NULL;	/* a field of the page, not the page */
	return field;
}

static int add_store_effect(struct store_effects *s, int fn, struct store_effect e)
{
	/* one page into two objects (cmd->tvc_sgl, cmd->tvc_prot_sgl) is two stores */
	for (int i = 0; i < s->nr[fn]; i++)
		if (s->se[fn][i].field == e.field && s->se[fn][i].fixed == e.fixed &&
		    !strcmp(s->se[fn][i].path, e.path) && !strcmp(s->se[fn][i].dst, e.dst)) {
			free(e.path);
			free(e.dst);
			return 0;
		}
	if (s->nr[fn] >= MAX_STORE_EFFECTS || e.depth > MAX_STORE_DEPTH) {
		free(e.path);
		free(e.dst);
		return 0;
	}
	ALLOC_GROW(s->se[fn], s->nr[fn], s->alloc[fn]);
	s->se[fn][s->nr[fn]++] = e;
	return 1;
}

static void add_producer(struct store_effects *s, struct producer p)
{
	for (int i = 0; i < s->nr_p; i++)
		if (s->p[i].fn == p.fn && s->p[i].field == p.field && !strcmp(s->p[i].page, p.page) &&
		    !strcmp(s->p[i].key ? s->p[i].key : "", p.key ? p.key : "")) {
			free(p.page);
			free(p.dst);
			free(p.key);
			return;
		}
	ALLOC_GROW(s->p, s->nr_p, s->alloc_p);
	s->p[s->nr_p++] = p;
}

/*
 * The values a page path may have in f: itself, or for a local with
 * several sources (page = is_vmalloc ? vmalloc_to_page(data) :
 * virt_to_page(data)) each source. Returns how many were put in v[].
 */
static int values_of(const struct solve_input *in, const struct models *md,
		     struct solve_function *f, const char *path, char **v, int *ofn, int max)
{
	int n = 0, o = -1;
	char *r = resolve(in, md, f, path, 0, &o);

	if (strchr(r, '(') && !strchr(r, '|')) {
		/*
		 * a conversion of a local with several sources (virt_to_page(l:range),
		 * range = kmalloc_array(...) or page_address(...)): each source
		 * converted
		 */
		char *tok = path_base_token(r);

		for (int i = 0; tok && !strncmp(tok, "l:", 2) && i < f->nr_flow && n < max; i++) {
			char *src, *one;

			if (strcmp(f->flow[i].dst, tok))
				continue;
			src = resolve(in, md, f, f->flow[i].src, 0, NULL);
			one = path_replace(r, tok, src);
			free(src);
			if (!one)
				continue;
			ofn[n] = -1;
			v[n++] = one;
		}
		free(tok);
		if (n > 1) {
			free(r);
			return n;
		}
		while (n)
			free(v[--n]);
	}
	if (path_root(r, NULL) != ROOT_LOCAL || path_steps(r) > 0 || strchr(r, '(')) {
		ofn[n] = o;
		v[n++] = r;
		return n;
	}
	for (int i = 0; i < f->nr_flow && n < max; i++)
		if (!strcmp(f->flow[i].dst, r)) {
			ofn[n] = -1;
			v[n] = resolve(in, md, f, f->flow[i].src, 0, &ofn[n]);
			n++;
		}
	if (!n) {
		ofn[n] = o;
		v[n++] = r;
	} else {
		free(r);
	}
	return n;
}

/* The parameter a call fills as an out array (origins.txt "out:N"), or -1. */
static int out_param(const struct models *md, const struct solve_call *c)
{
	const char *entry = c->callee_name ? model_get(md->origin, md->nr_origin, c->callee_name) :
			    NULL;
	const char *out = entry ? strstr(entry, "out:") : NULL;
	int k = out ? atoi(out + 4) : -1;

	return k >= 0 && k < c->nr_arg && c->arg[k] ? k : -1;
}

/*
 * An element of a local array that a callee filled (l:pages[*], with
 * pin_user_pages_fast(uaddr, 1, flags, pages) earlier in f): the callee's
 * origins.txt line says which parameter is its out array ("out:3"); the
 * value becomes that call, so its memory is the callee's kind. NULL when
 * no such call fills the array.
 */
static char *out_array_value(const struct solve_input *in, const struct models *md,
			     const struct solve_function *f, const char *value)
{
	/*
	 * l:pages[*], or ib_umem_get()'s page_list resolved to its own
	 * allocation (__get_free_page(...)[*]): the elements are what
	 * pin_user_pages_fast() wrote there, not the array
	 */
	int local = !strncmp(value, "l:", 2);
	size_t n = local ? 2 + strcspn(value + 2, ".-[") : strlen(value) - 3;

	if (strlen(value) < 4 || strcmp(value + n, "[*]"))
		return NULL;
	for (int i = 0; i < f->nr_call; i++) {
		struct solve_call *c = f->call[i];
		int k = out_param(md, c);
		const char *a;

		if (k < 0)
			continue;
		a = local ? c->arg[k] + (c->arg[k][0] == '&') : resolved_arg(in, md, c, k, NULL);
		if (a && strlen(a) == n && !strncmp(a, value, n))
			return local ? xasprintf("%s(%.*s)", c->callee_name, (int)n, value) :
			       xasprintf("%s(%s)", c->callee_name, c->arg[k]);
	}
	return NULL;
}

/*
 * Is dst the elements of a page array a parameter points to (*p1, p0[*],
 * **p1 for GUP's out array inside __iov_iter_get_pages_alloc()), with no
 * field step: an array only the caller can name?
 */
static int param_elements(const char *dst)
{
	const char *s = dst + strspn(dst, "*");

	if (path_root(s, NULL) != ROOT_PARAM)
		return 0;
	if (s != dst)
		return path_steps(s) == 0;
	return path_steps(s) == 1 && !strcmp(s + strcspn(s, "["), "[*]");
}

/* "**&p1" bound from "**p1" at f(&pages): "*p1", a * and a & that meet cancel */
static char *cancel_derefs(char *s)
{
	for (size_t i = 0; s[i] == '*' || s[i] == '&'; i++)
		if (i && s[i] != s[i - 1] && (s[i] == '&' || s[i] == '*')) {
			memmove(s + i - 1, s + i + 1, strlen(s + i + 1) + 1);
			i = 0;
			if (s[0] != '*' && s[0] != '&')
				break;
		}
	return s;
}

/* The elements of the array a call's argument a points to (&x: x itself). */
static char *elements_of(const char *a)
{
	return cancel_derefs(xasprintf("*%s", a));
}

/* Did a store of f (its own or a callee's, bound) fill member m of iterator it? */
static int member_filled(const struct solve_function *f, const char *it, size_t n, const char *m)
{
	for (int k = 0; k < f->nr_write + f->nr_lwrite; k++) {
		const char *dst = k < f->nr_write ? f->write[k].dst : f->lwrite[k - f->nr_write].dst;
		size_t mn = strlen(m);

		if (!strncmp(dst, it, n) && dst[n] == '.' && !strncmp(dst + n + 1, m, mn) &&
		    !ident(dst[n + 1 + mn]))
			return 1;
	}
	return 0;
}

/*
 * Is value a member of an iterator on f's stack (l:data_iter.bvec->bv_page,
 * writes.txt's members) that no store of f fills, in that iterator or in
 * the ones on f's stack it was copied from (data_iter = in_iter)? vhost-scsi
 * sets its iterators up over user iovecs: their bvec holds no page.
 */
static int stack_member_unset(const struct models *md, const struct solve_function *f,
			      const char *value)
{
	size_t n;

	if (path_root(value, NULL) != ROOT_LOCAL)
		return 0;
	n = 2 + strcspn(value + 2, ".-[");
	if (value[n] != '.')
		return 0;
	for (int i = 0; i < md->nr_writes; i++) {
		char d[64];
		const char *m = stores_iter_member(md, i, d);
		size_t mn = m ? strlen(m) : 0;

		if (!m || strncmp(value + n + 1, m, mn) || ident(value[n + 1 + mn]))
			continue;
		if (member_filled(f, value, n, m))
			return 0;
		for (int k = 0; k < f->nr_flow; k++) {
			const char *src = f->flow[k].src;

			if (strlen(f->flow[k].dst) != n || strncmp(f->flow[k].dst, value, n))
				continue;
			if (path_root(src, NULL) != ROOT_LOCAL || strpbrk(src, "(>[") ||
			    member_filled(f, src, strlen(src), m))
				return 0;
		}
		return 1;
	}
	return 0;
}

/*
 * dst is the page field of a cursor local to f of the record type that
 * holds it (sg_alloc_append_table_from_pages()'s s->page_link, s a struct
 * scatterlist * walked from its table's chain): where in its caller's
 * objects can that be? Each place a parameter's type holds such records
 * (its struct sg_append_table's prv and sgt.sgl), pushed to out as a
 * parameter path: only the parameters the cursor starts from or is moved
 * along by (cursor_params()). None: a cursor into f's own objects (tls_sw's record of
 * the socket's context), which its callers cannot name.
 */
/*
 * The parameters a cursor local starts from or is moved along by, as a bit
 * mask: each of its sources is a path from a parameter (s = table->prv),
 * a call given the cursor or a parameter (s = get_next_sg(table, s, ...)),
 * or NULL. 0 when a source is anything else (an allocation, a global):
 * then the cursor may point into f's own memory.
 */
static unsigned cursor_params(const struct solve_input *in, const struct models *md, int fn,
			      const char *root)
{
	struct solve_function *f = &in->fn[fn];
	unsigned used = 0;

	for (int i = 0; i < f->nr_flow; i++) {
		const char *src = f->flow[i].src;
		const struct solve_call *c;
		int k, given = 0;

		if (strcmp(f->flow[i].dst, root) || !strcmp(src, "#0"))
			continue;
		if (path_root(src, &k) == ROOT_PARAM && src[0] == 'p') {
			used |= k < 32 ? 1u << k : 0;
			continue;
		}
		if (src[0] != 'c' || path_root(src, &k) != ROOT_CALL || path_steps(src) ||
		    !(c = call_by_seq(f, k)) ||
		    (c->callee_name && model_get(md->origin, md->nr_origin, c->callee_name)))
			return 0;
		for (int a = 0; a < c->nr_arg; a++) {
			int p;

			if (!c->arg[a])
				continue;
			given |= !strcmp(c->arg[a], root);
			if (path_root(c->arg[a], &p) == ROOT_PARAM && c->arg[a][0] == 'p' && p < 32) {
				used |= 1u << p;
				given = 1;
			}
		}
		if (!given)
			return 0;
	}
	return used;
}

static int cursor_places(const struct solve_input *in, const struct models *md, int fn,
			 const char *dst, struct strvec *out)
{
	size_t n = 2 + strcspn(dst + 2, ".-[");
	const char *rec, *field;
	char *root;
	struct strvec paths = { 0 };
	unsigned from;

	if (path_root(dst, NULL) != ROOT_LOCAL || dst[0] != 'l' || strncmp(dst + n, "->", 2))
		return 0;
	field = dst + n + 2;
	if (!*field || strpbrk(field, ".-["))
		return 0;
	root = xstrndup(dst, n);
	rec = layouts_root_kind(in->layouts, fn, root) == LK_PTR ?
	      layouts_root_record(in->layouts, fn, root) : NULL;
	from = rec ? cursor_params(in, md, fn, root) : 0;
	free(root);
	if (!from)
		return 0;
	for (int i = 0; i < in->fn[fn].nr_ptype && i < 32; i++) {
		char p[16];
		const char *r;

		if (!(from & (1u << i)))
			continue;
		snprintf(p, sizeof(p), "p%d", i);
		r = layouts_root_record(in->layouts, fn, p);
		if (!r || !strcmp(r, rec))
			continue;	/* a cursor given by the caller is bound as it is */
		layouts_paths(in->layouts, r, rec, 3, &paths);
		for (size_t k = 0; k < paths.nr; k++)
			strvec_pushf(out, "%s->%s->%s", p, paths.v[k], field);
		strvec_clear(&paths);
	}
	return out->nr > 0;
}

/* A page value at fn: a store effect if it is a parameter's, else a producer. */
static int place(const struct solve_input *in, const struct models *md, struct store_effects *s,
		 int fn, char *value, const char *field, struct store_effect how,
		 struct producer where)
{
	/* a store through f's own cursor, into its caller's object */
	{
		struct strvec at = { 0 };

		if (how.dst && cursor_places(in, md, fn, how.dst, &at)) {
			int changed = 0;

			for (size_t i = 0; i < at.nr; i++) {
				struct store_effect h = how;
				struct producer w = where;

				h.dst = xstrdup(at.v[i]);
				w.dst = xstrdup(at.v[i]);
				changed |= place(in, md, s, fn, xstrdup(value), field, h, w);
			}
			strvec_clear(&at);
			free(value);
			free(how.dst);
			free(where.dst);
			return changed;
		}
	}
	switch (how.fixed ? ROOT_CONST : path_root(value, NULL)) {
	case ROOT_PARAM:
		free(where.dst);
		how.path = value;
		how.field = field;
		return add_store_effect(s, fn, how);
	case ROOT_CONST:
		/* an allocator's memory is a producer; NULL or a number is not */
		if (find_origin(md, value, NULL))
			goto producer;
		free(value);
		free(how.dst);
				free(where.dst);
		return 0;
	default:
producer:
		{
			char *filled = out_array_value(in, md, &in->fn[fn], value);

			if (filled) {
				free(value);
				value = filled;
			}
		}
		/*
		 * a member of an iterator on f's stack that no store of f
		 * filled (data_iter.bvec of an iterator f set up over a
		 * user iovec) holds no page
		 */
		if (stack_member_unset(md, &in->fn[fn], value)) {
			free(value);
			free(where.dst);
			free(how.dst);
						return 0;
		}
		where.page = value;
		where.field = field;
		where.fn = fn;
		where.key = how.addr ? layouts_address_key(in->layouts, fn, where.dst) :
			    layouts_heap_key(in->layouts, fn, where.dst);
		if (!field && !where.key && param_elements(where.dst) && find_origin(md, value, NULL)) {
			/*
			 * known memory written into the caller's page array:
			 * the caller names the array (cmd->tvc_upages), so the
			 * store goes up with the memory as it is
			 */
			free(where.dst);
			how.path = value;
			how.alloc_fn = how.fixed ? how.alloc_fn : where.alloc_fn >= 0 ? where.alloc_fn : fn;
			how.fixed = 1;
			how.field = NULL;
			return add_store_effect(s, fn, how);
		}
		if (!field && !where.key) {
			/* a page of no channel we can name: nobody reads it back by key */
			free(where.page);
			free(where.dst);
			free(how.dst);
						return 0;
		}
		if (where.alloc_fn < 0)
			where.alloc_fn = fn;
		add_producer(s, where);
		free(how.dst);
				return 0;
	}
}

/*
 * Where a store into dst, made in f before line, is after f copies the
 * object holding it (copies.txt: memcpy(sgt, &append.sgt, sizeof(*sgt))
 * puts what was stored into l:append.sgt.sgl->page_link at
 * p0->sgl->page_link), or NULL when f copies none that holds it.
 */
static char *through_copy(const struct models *md, const struct solve_function *f,
			  const char *dst, int line)
{
	for (int i = 0; i < f->nr_call; i++) {
		const struct solve_call *c = f->call[i];
		const char *m = c->callee_name ? model_get(md->copies, md->nr_copies, c->callee_name) :
				NULL;
		const char *to, *from;
		int d, s;
		size_t n;

		if (!m || c->line < line || sscanf(m, "p%d p%d", &d, &s) != 2 ||
		    d >= c->nr_arg || s >= c->nr_arg || !c->arg[d] || !c->arg[s])
			continue;
		to = c->arg[d];
		from = c->arg[s];
		if (from[0] != '&')
			continue;	/* a pointer's target: which object, the path does not say */
		from++;
		n = strlen(from);
		if (strncmp(dst, from, n) || dst[n] != '.')
			continue;
		return to[0] == '&' ? xasprintf("%s.%s", to + 1, dst + n + 1) :
		       xasprintf("%s->%s", to, dst + n + 1);
	}
	return NULL;
}

/* A destination bound at call: the argument, not what the caller stored there. */
static char *bind_dst(const struct solve_input *in, const struct models *md,
		      struct solve_call *call, const char *path)
{
	const char *a;
	char *b;
	int p;

	if (path_root(path, &p) != ROOT_PARAM || p >= call->nr_arg || !call->arg[p])
		return NULL;
	a = resolved_arg(in, md, call, p, NULL);
	b = a ? path_bind(path, p, a) : NULL;
	if (b && path_root(call->arg[p] + (call->arg[p][0] == '&'), NULL) == ROOT_LOCAL &&
	    strchr(a, '(') && !layouts_heap_key(in->layouts, call->caller, b)) {
		/*
		 * an object f allocated (umem = kzalloc(...)) is named by
		 * the local that holds it, whose type says what it is
		 */
		char *raw = path_bind(path, p, call->arg[p]);
		char *key = raw ? layouts_heap_key(in->layouts, call->caller, raw) : NULL;

		if (key) {
			free(key);
			free(b);
			b = raw;
		} else {
			free(raw);
		}
	}
	return b ? strip_same(md, b) : NULL;
}

static int key_wanted(const struct strvec *keys, const char *key)
{
	size_t lo = 0, hi = keys ? keys->nr : 0;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(keys->v[mid], key);

		if (!c)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/*
 * The callee that allocated value, when f has it from a store a callee
 * made into src (a method filling f's out-struct through an ops table:
 * l:desc.hdr = kzalloc(...) bound at tt->alloc_pdu(task, &desc)): the
 * callee, or the target of the indirect call, whose own store is of that
 * memory; -1 when none is.
 */
static int writer_of(const struct solve_input *in, const struct models *md,
		     const struct solve_function *f, const char *src, const char *value)
{
	for (int i = 0; i < f->nr_lwrite + f->nr_write; i++) {
		const struct solve_write *w = i < f->nr_lwrite ? &f->lwrite[i] :
					      &f->write[i - f->nr_lwrite];

		if (!w->by || strcmp(w->dst, src) || strcmp(w->src, value))
			continue;
		for (int g = w->by->callee >= 0 ? w->by->callee : 0; g < in->nr_fn; g++) {
			const struct solve_function *gf = &in->fn[g];
			int target = g == w->by->callee;

			for (int k = 0; !target && k < gf->nr_icaller; k++)
				target = gf->icaller[k] == w->by;
			for (int k = 0; target && k < gf->nr_write; k++) {
				/* its own store: of the allocation, or of a call's value that is it */
				char *r = path_root(gf->write[k].src, NULL) == ROOT_CALL ?
					  resolve(in, md, (struct solve_function *)gf, gf->write[k].src, 0, NULL) :
					  xstrdup(gf->write[k].src);
				int same = !strcmp(r, value);

				free(r);
				if (same)
					return g;
			}
			if (w->by->callee >= 0)
				break;
		}
	}
	return -1;
}

static void seed(struct solve_input *in, const struct models *md, struct store_effects *s,
		 const struct strvec *addr_keys, int fn, const struct solve_write *w)
{
	/* a store into an object on f's stack that f then copies lands in the copy */
	char *dst = outlives(w->dst) ? xstrdup(w->dst) : through_copy(md, &in->fn[fn], w->dst, w->line);
	const char *field;
	char *v[8], *key;
	int n, ofn[8], addr = 0;

	if (!dst || !outlives(dst)) {
		free(dst);
		return;
	}
	field = io_field_of_dst(md, dst);
	if (!field && !param_elements(dst)) {
		/*
		 * any other field that holds pages, of an object whose type
		 * we know, or the caller's page array (pages[i] = ...); or a
		 * buffer pointer some consumer makes a page of
		 * (segment->data = hdr): the page of the address stored
		 */
		key = layouts_heap_key(in->layouts, fn, dst);
		if (!key) {
			key = layouts_address_key(in->layouts, fn, dst);
			addr = key && key_wanted(addr_keys, key);
			if (!addr) {
				free(key);
				free(dst);
				return;
			}
		}
		free(key);
	}
	n = values_of(in, md, &in->fn[fn], w->src, v, ofn, 8);
	for (int i = 0; i < n; i++) {
		if (ofn[i] < 0 && find_origin(md, v[i], NULL))
			ofn[i] = writer_of(in, md, &in->fn[fn], w->src, v[i]);
		if (addr) {
			char *page = xasprintf("virt_to_page(%s)", v[i]);

			free(v[i]);
			v[i] = page;
		}
		place(in, md, s, fn, v[i], field,
		      (struct store_effect){ .via_fn = -1, .via_se = -1, .line = w->line,
					     .dst = xstrdup(dst), .addr = addr },
		      (struct producer){ .se_fn = -1, .se_idx = -1, .line = w->line,
					 .dst = xstrdup(dst), .alloc_fn = ofn[i] });
	}
	free(dst);
}

/*
 * A call that fills a page array (origins.txt's out:N: GUP into pages[]):
 * a store of that memory into the array's elements. An array of f's own
 * stack ends there (out_array_value() names it at its reads); one f was
 * given, or an object's field, is seen by whoever names the object.
 */
static void seed_out_arrays(struct solve_input *in, const struct models *md,
			    struct store_effects *s, int fn)
{
	struct solve_function *f = &in->fn[fn];

	for (int i = 0; i < f->nr_call; i++) {
		struct solve_call *c = f->call[i];
		int k = out_param(md, c);
		const char *a;
		char *dst;

		if (k < 0)
			continue;
		a = resolved_arg(in, md, c, k, NULL);
		if (!a || path_root(a, NULL) == ROOT_LOCAL)
			continue;
		dst = elements_of(a);
		if (!outlives(dst)) {
			free(dst);
			continue;
		}
		place(in, md, s, fn, xasprintf("%s(%s)", c->callee_name, c->arg[k]), NULL,
		      (struct store_effect){ .via_fn = -1, .via_se = -1, .line = c->line,
					     .dst = xstrdup(dst), .fixed = 1, .alloc_fn = fn },
		      (struct producer){ .se_fn = -1, .se_idx = -1, .line = c->line,
					 .dst = dst, .alloc_fn = fn });
	}
}

void producers_compute(struct solve_input *in, const struct models *md,
		       const struct strvec *addr_keys, struct store_effects *s)
{
	int *queue, *queued, head = 0, tail = 0, n = in->nr_fn + 1;

	memset(s, 0, sizeof(*s));
	s->nr_fn = in->nr_fn;
	s->se = xcalloc(in->nr_fn + 1, sizeof(*s->se));
	s->nr = xcalloc(in->nr_fn + 1, sizeof(int));
	s->alloc = xcalloc(in->nr_fn + 1, sizeof(int));
	for (int i = 0; i < in->nr_fn; i++) {
		for (int j = 0; j < in->fn[i].nr_write; j++)
			seed(in, md, s, addr_keys, i, &in->fn[i].write[j]);
		for (int j = 0; j < in->fn[i].nr_lwrite; j++)
			seed(in, md, s, addr_keys, i, &in->fn[i].lwrite[j]);
		seed_out_arrays(in, md, s, i);
	}
	queue = xmalloc(n * sizeof(int));
	queued = xcalloc(n, sizeof(int));
	for (int i = 0; i < in->nr_fn; i++)
		if (s->nr[i]) {
			queue[tail++ % n] = i;
			queued[i] = 1;
		}
	while (head != tail) {
		int g = queue[head++ % n];
		struct solve_function *gf = &in->fn[g];

		queued[g] = 0;
		/*
		 * a free (kfree()) puts the memory back on its allocator's own
		 * lists: no channel anyone takes a page from, so its callers
		 * store nothing through it (db/models/frees.txt)
		 */
		if (model_get(md->frees, md->nr_frees, gf->name))
			continue;
		for (int c = 0; c < gf->nr_caller + gf->nr_icaller; c++) {
			struct solve_call *call = c < gf->nr_caller ? gf->caller[c] :
						  gf->icaller[c - gf->nr_caller];
			int f = call->caller, changed = 0;

			/* s->se[g] may grow while we bind into g itself (recursion) */
			for (int k = 0; k < s->nr[g]; k++) {
				const struct store_effect *e = &s->se[g][k];
				char *bound = e->fixed ? xstrdup(e->path) : bind_at(in, md, call, e->path);
				char *v[8], *dst;
				const char *field = e->field;
				int depth = e->depth + 1, nv, ofn[8];

				if (!bound)
					continue;
				/* where the store lands, seen from the caller: its stack ends the way */
				dst = path_root(e->dst, NULL) == ROOT_PARAM ? bind_dst(in, md, call, e->dst) :
				      xstrdup(e->dst);
				if (dst && e->fixed)
					cancel_derefs(dst);
				if (dst && !outlives(dst)) {
					char *copied = through_copy(md, &in->fn[f], dst, call->line);

					if (copied) {
						free(dst);
						dst = copied;
					}
				}
				if (!dst || !outlives(dst)) {
					free(dst);
					free(bound);
					continue;
				}
				if (e->fixed) {
					v[0] = bound;
					ofn[0] = e->alloc_fn;
					nv = 1;
				} else {
					nv = values_of(in, md, &in->fn[f], bound, v, ofn, 8);
					free(bound);
				}
				{
					/* the argument came from a helper that allocated it */
					int pi, o = -1;

					if (path_root(e->path, &pi) == ROOT_PARAM)
						resolved_arg(in, md, call, pi, &o);
					for (int i = 0; i < nv; i++)
						if (ofn[i] < 0)
							ofn[i] = o;
				}
				for (int i = 0; i < nv; i++)
					changed |= place(in, md, s, f, v[i], field,
						(struct store_effect){ .via = call, .via_fn = g,
								       .via_se = k, .depth = depth,
								       .dst = xstrdup(dst),
								       .fixed = e->fixed,
								       .alloc_fn = e->alloc_fn,
								       .addr = e->addr },
						(struct producer){ .call = call, .se_fn = g,
								   .se_idx = k, .dst = xstrdup(dst),
								   .alloc_fn = ofn[i] });
				free(dst);
			}
			if (changed && !queued[f]) {
				queue[tail++ % n] = f;
				queued[f] = 1;
			}
		}
	}
	free(queue);
	free(queued);
}

void producers_release(struct store_effects *s)
{
	for (int i = 0; i < s->nr_fn; i++) {
		for (int j = 0; j < s->nr[i]; j++) {
			free(s->se[i][j].path);
			free(s->se[i][j].dst);
		}
		free(s->se[i]);
	}
	free(s->se);
	free(s->nr);
	free(s->alloc);
	for (int i = 0; i < s->nr_p; i++) {
		free(s->p[i].page);
		free(s->p[i].dst);
		free(s->p[i].key);
	}
	free(s->p);
	memset(s, 0, sizeof(*s));
}
