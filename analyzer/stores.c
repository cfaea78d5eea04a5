// SPDX-License-Identifier: GPL-2.0
/*
 * The stores a function made before a line, applied to a path: the engine's
 * way of seeing what a caller put where a callee reads (stores.h). Apart
 * from the rules: a store made under a test a rule follows (a message
 * flag's) is noted for that rule (store_ctl), not decided here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "path.h"
#include "stores.h"
#include "usage.h"

static int ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == ':';
}

/* Replace dst by src at the start of a step in path: NULL if dst is not there. */
static char *replace_store(const char *path, const char *dst, const char *src)
{
	size_t n = strlen(dst);

	for (const char *p = strstr(path, dst); p; p = strstr(p + 1, dst)) {
		const char *rest = p + n;

		if (p > path && (ident_char(p[-1]) || p[-1] == '>' || p[-1] == '.'))
			continue;
		if (*rest && *rest != '.' && *rest != '[' && *rest != ')' && strncmp(rest, "->", 2))
			continue;
		/* &obj stored where a pointer was: ptr[*] and ptr->f are obj and obj.f */
		if (src[0] == '&' && !strncmp(rest, "[*]", 3))
			return xasprintf("%.*s%s%s", (int)(p - path), path, src + 1, rest + 3);
		if (src[0] == '&' && !strncmp(rest, "->", 2))
			return xasprintf("%.*s%s.%s", (int)(p - path), path, src + 1, rest + 2);
		return xasprintf("%.*s%s%s", (int)(p - path), path, src, rest);
	}
	return NULL;
}

const char *stores_iter_member(const struct models *md, int i, char d[64])
{
	const char *field;

	if (strncmp(md->writes[i].name, "iov_iter_", 9) ||
	    sscanf(md->writes[i].value, "%63s", d) != 1 || !(field = strrchr(d, '>')))
		return NULL;
	return field + 1;
}

/*
 * The length of dst's parent when its last field is one of an iterator's
 * union members that writes.txt sets (iov_iter_bvec(): p0->bvec), else 0.
 */
static size_t iter_member(const struct models *md, const char *dst)
{
	for (int i = 0; i < md->nr_writes; i++) {
		char d[64];
		const char *field = stores_iter_member(md, i, d), *tail;

		if (!field)
			continue;
		tail = dst + strlen(dst) - strlen(field);
		if (tail > dst + 1 && !strcmp(tail, field) && (tail[-1] == '.' || tail[-1] == '>'))
			return tail - dst - (tail[-1] == '.' ? 1 : 2);
	}
	return 0;
}

/*
 * Was the iterator whose member w[k] set initialised again, as another
 * kind, before line? (iov_iter_kvec() and then iov_iter_bvec() on one
 * message, or two messages named alike in different blocks.)
 */
static int superseded(const struct models *md, const struct solve_write *w, int nr, int k,
		      int line)
{
	size_t parent = iter_member(md, w[k].dst);

	if (!parent)
		return 0;
	for (int i = 0; i < nr; i++)
		if (i != k && w[i].line > w[k].line && w[i].line <= line &&
		    iter_member(md, w[i].dst) == parent && !strncmp(w[i].dst, w[k].dst, parent) &&
		    strcmp(w[i].dst, w[k].dst))
			return 1;
	return 0;
}

/*
 * Is w[k] an earlier reading of a store found again later? compute_writes()
 * runs before and after the return values are known, so one store can be
 * there twice: l:bvec.bv_page := virt_to_page(c0), then := virt_to_page(
 * p0->pdu). The later one says more; which one came first in the list
 * used to decide the page's origin.
 */
static int restored(const struct solve_write *w, int nr, int k)
{
	for (int i = k + 1; i < nr; i++)
		if (w[i].line == w[k].line && !strcmp(w[i].dst, w[k].dst))
			return 1;
	return 0;
}

int lines_exclusive(const struct solve_function *f, int a, int b)
{
	if (a == b)
		return 0;
	for (int i = 0; i < f->nr_cond; i++) {
		const struct solve_cond *c = &f->cond[i];
		int at = a >= c->true_first && a <= c->true_last;
		int bt = b >= c->true_first && b <= c->true_last;
		int af = c->false_first && a >= c->false_first && a <= c->false_last;
		int bf = c->false_first && b >= c->false_first && b <= c->false_last;

		/* a line both branches share (} else {) is on neither */
		if ((at && !af && bf && !bt) || (af && !at && bt && !bf))
			return 1;
	}
	return 0;
}

/*
 * The stores into w[i].dst that reach line, w[i] the first of them in the
 * list: each store made on another branch of an if/else than the others
 * is an alternative (if (!seg->data) bvec_set_page(&bv, page) else
 * bvec_set_virt(&bv, buf): the page or the buffer's); of stores on one
 * path the later one holds. Returns what replaces w[i].dst in path, or
 * NULL when w[i] is not the one the rest hang on.
 */
static char *replace_reaching(const struct models *md, const struct solve_function *f,
			      const struct solve_write *w, int nr, int i, const char *path,
			      int line)
{
	char *out = NULL;

	for (int j = 0; j < nr; j++) {
		int killed = 0;
		char *r;

		if (strcmp(w[j].dst, w[i].dst) || w[j].line > line || restored(w, nr, j))
			continue;
		/* a field stored into itself (a callee's summary) holds what it held */
		if (!strcmp(w[j].src, w[j].dst))
			continue;
		/*
		 * a callee's store of a constant (segment->sg = NULL in
		 * iscsi_tcp_segment_splice_digest(), on one of
		 * iscsi_tcp_segment_done()'s paths): on the paths it is made
		 * the field holds no page, on the others what it held, which
		 * is the only page it can hold after the call
		 */
		if (w[j].by && w[j].src[0] == '#')
			continue;
		if (j < i)
			return NULL;	/* w[j] leads, and comes first */
		/*
		 * a later store on the same path overwrites this one; not one
		 * made at line itself (a callee's, during the call being
		 * bound), nor a store of the field into itself (a callee's
		 * summary that leaves the element as it was)
		 */
		for (int k = 0; k < nr && !killed; k++)
			killed = k != j && w[k].line > w[j].line && w[k].line < line &&
				 !strcmp(w[k].dst, w[j].dst) && strcmp(w[k].src, w[k].dst) &&
				 !restored(w, nr, k) && !lines_exclusive(f, w[j].line, w[k].line);
		if (killed)
			continue;
		r = replace_store(path, w[j].dst, w[j].src);
		if (r && superseded(md, w, nr, j, line)) {
			free(r);
			r = NULL;
		}
		if (r)
			out = path_or(out, r);
	}
	return out;
}

static char *apply_stores(const struct solve_input *in, const struct models *md,
			  struct solve_function *f, const struct solve_write *w, int nr,
			  char *path, int line, int *changed, struct store_ctl *ctl)
{
	for (int i = 0; i < nr; i++) {
		char *r;

		/* cheap tests first: this runs for every binding of every effect */
		if (w[i].line > line || !strstr(path, w[i].dst) || !strpbrk(w[i].dst, ".>["))
			continue;
		if (restored(w, nr, i))
			continue;
		r = replace_reaching(md, f, w, nr, i, path, line);
		if (r) {
			char *n = path_normalize(r);

			free(r);
			free(path);
			path = n;
			*changed = 1;
			/*
			 * a store made only under a test a rule follows
			 * (tls_push_data() extracts the iterator's page into
			 * its record only with MSG_SPLICE_PAGES): what
			 * follows from it depends on that test
			 */
			for (size_t k = 0; ctl && !ctl->needs && k < in->nr_rules; k++)
				if (in->rules[k]->store_test)
					ctl->needs = in->rules[k]->store_test(in, md, f, w[i].line,
									      &ctl->flag);
		}
	}
	return path;
}

/*
 * A field of a local, or a call's result, inside a conversion, resolved:
 * virt_to_page(l:iov.iov_base), virt_to_page(c4) with c4 page_address(page).
 */
static char *resolve_converted(const struct solve_input *in, const struct models *md,
			       struct solve_function *f, char *path)
{
	enum path_root root = path_root(path, NULL);
	char *inner, *steps, *name;

	if (root != ROOT_LOCAL && root != ROOT_CALL)
		return path;
	name = path_macro(path, &inner, &steps);
	if (name) {
		char *r = resolve(in, md, f, inner, 0, NULL);

		if (strcmp(r, inner)) {
			free(path);
			path = strip_same(md, xasprintf("%s(%s)%s", name, r, steps));
		}
		free(r);
		free(inner);
		free(steps);
		free(name);
	}
	return path;
}

char *through_stores_ctl(const struct solve_input *in, const struct models *md,
			 struct solve_function *f, char *path, int line, struct store_ctl *ctl)
{
	int changed = 1;

	for (int round = 0; changed && round < 4; round++) {
		changed = 0;
		path = apply_stores(in, md, f, f->write, f->nr_write, path, line, &changed, ctl);
		path = apply_stores(in, md, f, f->lwrite, f->nr_lwrite, path, line, &changed, ctl);
	}
	if (path_top_bar(path)) {
		/* each alternative of a ?: merge on its own */
		const char *a = path;
		char *alt, *out = NULL;

		while ((alt = path_next_alternative(&a)))
			out = path_or(out, resolve_converted(in, md, f, alt));
		if (out) {
			free(path);
			path = out;
		}
		return path;
	}
	return resolve_converted(in, md, f, path);
}

char *through_stores(const struct solve_input *in, const struct models *md,
		     struct solve_function *f, char *path, int line)
{
	return through_stores_ctl(in, md, f, path, line, NULL);
}

static int entries_of(const struct solve_function *f, const char *page, int line, int *at, int max)
{
	int nr = 0;

	for (int i = 0; i < f->nr_lwrite && nr < max; i++) {
		const char *src = f->lwrite[i].src;

		if (f->lwrite[i].line <= line && path_same_value(page, src))
			at[nr++] = f->lwrite[i].line;
	}
	return nr;
}

int page_entries(const struct solve_function *f, const char *page, int line, int *at, int max)
{
	int nr = entries_of(f, page, line, at, max);

	/*
	 * a page resolved further through a store into a parameter's field
	 * (bvec_set_virt(&bv, seg->data), seg->data set by a callee called
	 * before it): it entered where the field's value did
	 */
	for (int i = 0; !nr && i < f->nr_write; i++) {
		char *back;

		if (f->write[i].line > line || !strstr(page, f->write[i].src))
			continue;
		back = replace_store(page, f->write[i].src, f->write[i].dst);
		if (back)
			nr = entries_of(f, back, line, at, max);
		free(back);
	}
	return nr;
}

int entered_apart(const struct solve_function *f, const char *page, int line, int x)
{
	int at[16], nr = page ? page_entries(f, page, line, at, 16) : 0;

	if (!nr)
		return lines_exclusive(f, line, x);
	for (int i = 0; i < nr; i++)
		if (!lines_exclusive(f, at[i], x))
			return 0;
	return 1;
}
