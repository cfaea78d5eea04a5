// SPDX-License-Identifier: GPL-2.0
/*
 * Origins through heap-object fields: a page the sender reads from its
 * request (virt_to_page(req->pdu)) has whatever origin the stores into
 * that field had. Only unanimous fields are used, and a finding that
 * relies on one is low confidence.
 */
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "path.h"
#include "usage.h"

/* "struct nvme_tcp_request *" -> "nvme_tcp_request" (NULL for non-record types) */
static char *record_type(const char *type)
{
	const char *p = type, *e;

	if (!p)
		return NULL;
	while (!strncmp(p, "const ", 6) || !strncmp(p, "volatile ", 9))
		p += *p == 'c' ? 6 : 9;
	if (!strncmp(p, "struct ", 7))
		p += 7;
	else if (!strncmp(p, "union ", 6))
		p += 6;
	else
		return NULL;
	for (e = p; *e && *e != ' ' && *e != '*'; e++)
		;
	return e > p ? xstrndup(p, e - p) : NULL;
}

/* The declared type of a path's base in f: a parameter or a local. */
static const char *base_type(const struct solve_function *f, const char *base)
{
	int n;

	if (path_root(base, &n) == ROOT_PARAM && !strchr(base, '(') && base[0] == 'p')
		return n < f->nr_ptype ? f->ptype[n] : NULL;
	for (int i = 0; i < f->nr_flow; i++)
		if (!strcmp(f->flow[i].dst, base) && f->flow[i].type)
			return f->flow[i].type;
	return NULL;
}

/*
 * "TYPE.field" for a one-step path from a parameter or local of record
 * type: l:req->pdu in a function where req is a struct nvme_tcp_request *
 * is nvme_tcp_request.pdu. NULL for anything else.
 */
static char *field_key(const struct solve_function *f, const char *path)
{
	size_t b = strcspn(path, ".-[");
	const char *step = path + b, *name, *end;
	char *base, *type, *key = NULL;

	if (path[0] == '&' || path[0] == '*' || strchr(path, '('))
		return NULL;
	if (step[0] == '.')
		name = step + 1;
	else if (step[0] == '-' && step[1] == '>')
		name = step + 2;
	else
		return NULL;
	end = name + strcspn(name, ".-[");
	while (!strncmp(end, "[*]", 3))
		end += 3;
	if (*end || end == name)
		return NULL;
	base = xstrndup(path, b);
	type = record_type(base_type(f, base));
	if (type)
		key = xasprintf("%s.%.*s", type, (int)strcspn(name, "["), name);
	free(type);
	free(base);
	return key;
}

static int cmp_field(const void *a, const void *b)
{
	return strcmp(((const struct field_origin *)a)->field, ((const struct field_origin *)b)->field);
}

static int cmp_record(const void *a, const void *b)
{
	const struct field_origin *x = a, *y = b;
	int c = strcmp(x->field, y->field);

	if (c)
		return c;
	return strcmp(x->expr ? x->expr : "", y->expr ? y->expr : "");
}

/* Do two origins.txt lines name the same kind ("slab 0 - -", "slab 1 - -")? */
static int same_kind(const char *a, const char *b)
{
	size_t n = strcspn(a, " \t");

	return n == strcspn(b, " \t") && !strncmp(a, b, n);
}

/* One store, collected before the stores of a field are merged. */
static void record(struct field_map *m, char *field, const char *entry, char *expr)
{
	ALLOC_GROW(m->f, m->nr, m->alloc);
	m->f[m->nr] = (struct field_origin){
		.field = field, .expr = expr, .entry = entry, .stores = 1, .mixed = !entry,
	};
	m->nr++;
}

/* Merge the sorted records of each field into one. */
static void merge(struct field_map *m)
{
	int out = 0;

	for (int i = 0; i < m->nr; i++) {
		struct field_origin *o = out ? &m->f[out - 1] : NULL;
		struct field_origin *r = &m->f[i];

		if (!o || strcmp(o->field, r->field)) {
			m->f[out++] = *r;
			continue;
		}
		o->stores++;
		if (r->mixed || o->mixed || !same_kind(o->entry, r->entry))
			o->mixed = 1;
		free(r->field);
		free(r->expr);
	}
	m->nr = out;
}

static void store(struct field_map *m, const struct solve_input *in, const struct models *md,
		  struct solve_function *f, const struct solve_write *w)
{
	char *field = field_key(f, w->dst), *r, *expr = NULL;
	const char *entry;

	if (!field)
		return;
	r = resolve(in, md, f, w->src, 0, NULL);
	entry = find_origin(md, r, &expr);
	if (!entry && path_root(r, NULL) == ROOT_CONST) {
		/* NULL, a flag word: not memory */
		free(r);
		free(field);
		return;
	}
	/* the allocation itself, not a pointer loaded from it */
	if (entry && strcmp(r, expr)) {
		entry = NULL;
		free(expr);
		expr = NULL;
	}
	record(m, field, entry, expr);
	free(r);
}

void fields_compute(const struct solve_input *in, const struct models *md, struct field_map *m)
{
	memset(m, 0, sizeof(*m));
	for (int i = 0; i < in->nr_fn; i++) {
		struct solve_function *f = &in->fn[i];

		for (int j = 0; j < f->nr_write; j++)
			store(m, in, md, f, &f->write[j]);
		for (int j = 0; j < f->nr_lwrite; j++)
			store(m, in, md, f, &f->lwrite[j]);
	}
	/* stable enough: the kept expression is the first in (field, expr) order */
	qsort(m->f, m->nr, sizeof(*m->f), cmp_record);
	merge(m);
}

void fields_release(struct field_map *m)
{
	for (int i = 0; i < m->nr; i++) {
		free(m->f[i].field);
		free(m->f[i].expr);
	}
	free(m->f);
	memset(m, 0, sizeof(*m));
}

const struct field_origin *field_origin_of(const struct field_map *m,
					   const struct solve_function *f, const char *path)
{
	char *inner = NULL, *steps = NULL, *name = path_macro(path, &inner, &steps);
	char *field;
	const struct field_origin *o = NULL;

	/* virt_to_page(X->pdu): the field inside the conversion */
	field = field_key(f, name && !*steps ? inner : path);
	if (field) {
		struct field_origin key = { .field = field };

		o = bsearch(&key, m->f, m->nr, sizeof(*m->f), cmp_field);
		if (o && (o->mixed || !o->entry))
			o = NULL;
	}
	free(field);
	free(name);
	free(inner);
	free(steps);
	return o;
}
