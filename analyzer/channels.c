// SPDX-License-Identifier: GPL-2.0
/*
 * Typed channels: which struct field a page path ends in.
 *
 * The extractor records the layout behind every field step (field_type:
 * record, field, what the field holds and how) and the type of every path
 * base (root_type). A path is walked forward from its base through those
 * layouts; the channel is the last field step, named by the record that
 * holds it, so that every spelling of one field lands on one channel:
 * bvec->bv_page, bio->bi_io_vec[i].bv_page and req->inline_bvec[i].bv_page
 * are all bio_vec.bv_page. The name depends on the field's record alone,
 * not on where it is embedded (skb_frag.netmem, whether in
 * skb_shared_info.frags[] or tls_record_info.frags[]) nor on which files
 * were analysed.
 *
 * A field is a channel only when it can hold a page: a page or folio
 * pointer (or an array of them), a netmem_ref, or an unsigned long the
 * code turns into a page (scatterlist.page_link behind sg_page()). List
 * links, void pointers and lengths are not, which removes the artifacts
 * of container_of() walks and of ?: merges (BACKING_PAGE()'s
 * page->zone_device_data).
 */
#include <stdlib.h>
#include <string.h>

#include "channels.h"
#include "path.h"

struct field_row {
	char *record, *field, *type;
	enum layout_kind kind;
};

struct root_row {
	int fn;
	char *root, *record;
	enum layout_kind kind;
	int weak;		/* from the declaration, not a root_type row */
};

struct layouts {
	struct field_row *f;
	int nr_f, alloc_f;
	struct field_row **by_field;	/* sorted by field: holders of a name */
	struct root_row *r;
	int nr_r, alloc_r;
};

enum layout_kind layout_kind_of(const char *kind)
{
	static const char *const names[] = {
		[LK_EMBED] = "embed", [LK_PTR] = "ptr", [LK_PTRPTR] = "ptrptr",
		[LK_ARRAY] = "array", [LK_PTRARRAY] = "ptrarray", [LK_VALUE] = "value",
	};

	for (int k = LK_EMBED; k <= LK_VALUE; k++)
		if (!strcmp(kind, names[k]))
			return k;
	return LK_UNKNOWN;
}

struct layouts *layouts_new(void)
{
	return xcalloc(1, sizeof(struct layouts));
}

void layouts_add_field(struct layouts *l, const char *record, const char *field,
		       const char *type, const char *kind)
{
	struct field_row *r;

	ALLOC_GROW(l->f, l->nr_f, l->alloc_f);
	r = &l->f[l->nr_f++];
	r->record = xstrdup(record);
	r->field = xstrdup(field);
	r->type = xstrdup(type);
	r->kind = layout_kind_of(kind);
}

void layouts_add_root(struct layouts *l, int fn, const char *root, const char *record,
		      const char *kind)
{
	struct root_row *r;

	ALLOC_GROW(l->r, l->nr_r, l->alloc_r);
	r = &l->r[l->nr_r++];
	r->fn = fn;
	r->root = xstrdup(root);
	r->record = xstrdup(record);
	r->kind = layout_kind_of(kind);
	r->weak = 0;
}

void layouts_add_param(struct layouts *l, int fn, const char *root, const char *decl)
{
	const char *s = decl, *e;
	int stars = 0;
	char *name;

	/* "const struct scatterlist *" is a scatterlist, held as ptr */
	for (;;) {
		if (!strncmp(s, "const ", 6))
			s += 6;
		else if (!strncmp(s, "volatile ", 9))
			s += 9;
		else if (!strncmp(s, "struct ", 7) || !strncmp(s, "union ", 6))
			s += *s == 's' ? 7 : 6;
		else
			break;
	}
	for (e = s; *e && *e != ' ' && *e != '*'; e++)
		;
	for (const char *p = e; *p; p++)
		stars += *p == '*';
	if (e == s || stars < 1 || stars > 2)
		return;
	name = xstrndup(s, e - s);
	layouts_add_root(l, fn, root, name, stars == 1 ? "ptr" : "ptrptr");
	l->r[l->nr_r - 1].weak = 1;
	free(name);
}

static int cmp_field(const void *a, const void *b)
{
	const struct field_row *x = a, *y = b;
	int c = strcmp(x->record, y->record);

	return c ? c : strcmp(x->field, y->field);
}

static int cmp_by_field(const void *a, const void *b)
{
	const struct field_row *x = *(struct field_row *const *)a, *y = *(struct field_row *const *)b;
	int c = strcmp(x->field, y->field);

	return c ? c : strcmp(x->record, y->record);
}

static int cmp_root(const void *a, const void *b)
{
	const struct root_row *x = a, *y = b;

	if (x->fn != y->fn)
		return x->fn < y->fn ? -1 : 1;
	return strcmp(x->root, y->root);
}

/* ... and a root_type row before a declaration's */
static int cmp_root_weak(const void *a, const void *b)
{
	const struct root_row *x = a, *y = b;
	int c = cmp_root(a, b);

	return c ? c : x->weak - y->weak;
}

void layouts_done(struct layouts *l)
{
	qsort(l->f, l->nr_f, sizeof(*l->f), cmp_field);
	qsort(l->r, l->nr_r, sizeof(*l->r), cmp_root_weak);
	l->by_field = xmalloc((l->nr_f + 1) * sizeof(*l->by_field));
	for (int i = 0; i < l->nr_f; i++)
		l->by_field[i] = &l->f[i];
	qsort(l->by_field, l->nr_f, sizeof(*l->by_field), cmp_by_field);
}

void layouts_free(struct layouts *l)
{
	if (!l)
		return;
	for (int i = 0; i < l->nr_f; i++) {
		free(l->f[i].record);
		free(l->f[i].field);
		free(l->f[i].type);
	}
	for (int i = 0; i < l->nr_r; i++) {
		free(l->r[i].root);
		free(l->r[i].record);
	}
	free(l->f);
	free(l->r);
	free(l->by_field);
	free(l);
}

static const struct field_row *field_lookup(const struct layouts *l, const char *record,
					    const char *field)
{
	struct field_row key = { .record = (char *)record, .field = (char *)field };

	return bsearch(&key, l->f, l->nr_f, sizeof(*l->f), cmp_field);
}

static const struct root_row *root_lookup(const struct layouts *l, int fn, const char *root)
{
	struct root_row key = { .fn = fn, .root = (char *)root };
	const struct root_row *r = bsearch(&key, l->r, l->nr_r, sizeof(*l->r), cmp_root);

	while (r && r > l->r && !cmp_root(r - 1, &key))
		r--;	/* the root_type row, when there is one */
	return r;
}

enum layout_kind layouts_root_kind(const struct layouts *l, int fn, const char *root)
{
	const struct root_row *r = l ? root_lookup(l, fn, root) : NULL;

	return r ? r->kind : LK_UNKNOWN;
}

/* [*first, *last) of the rows of sorted (by field name) whose field is s. */
static void equal_range(struct field_row **sorted, int nr, const char *s, int *first, int *last)
{
	int lo = 0, hi = nr;

	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (strcmp(sorted[mid]->field, s) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	while (lo < nr && !strcmp(sorted[lo]->field, s))
		lo++;
	*last = lo;
}

static int is_page_type(const char *type)
{
	return !strcmp(type, "page") || !strcmp(type, "folio");
}

/*
 * Can field (as the path leaves it, after derefs [*] steps) hold a page?
 * strict leaves out the unsigned longs, for guessing a holder by name.
 */
static int holds_page(const struct field_row *f, int derefs, int strict)
{
	switch (f->kind) {
	case LK_PTR:
		return is_page_type(f->type) && !derefs;
	case LK_PTRPTR:
	case LK_PTRARRAY:
		return is_page_type(f->type) && derefs == 1;
	case LK_VALUE:
		if (derefs)
			return 0;
		return !strcmp(f->type, "netmem_ref") ||
		       (!strict && !strcmp(f->type, "unsigned long"));
	default:
		return 0;
	}
}

/* The state of a walk: the value so far is (a pointer to) record, held as kind. */
struct walk {
	const char *record;	/* NULL: unknown */
	enum layout_kind kind;
};

/* The element of an array or pointer value (a [*] step, or a '*' prefix). */
static void walk_element(struct walk *w)
{
	switch (w->kind) {
	case LK_ARRAY:
	case LK_PTR:
		w->kind = LK_EMBED;
		break;
	case LK_PTRARRAY:
	case LK_PTRPTR:
		w->kind = LK_PTR;
		break;
	default:
		w->record = NULL;
	}
}

/* One alternative, without ?: merges at its top level. */
static char *channel_of_one(const struct layouts *l, int fn, const char *s)
{
	const char *field = NULL, *holder = NULL;
	const struct field_row *fr = NULL;
	size_t field_len = 0, blen;
	int derefs = 0, stars = 0;
	struct walk w = { NULL, LK_UNKNOWN };
	char *base, *name;

	for (; *s == '&' || *s == '*'; s++)
		stars += *s == '*';
	blen = path_base_len(s);
	if (!blen)
		return NULL;
	base = xstrndup(s, blen);
	if (base[blen - 1] == ')') {
		/* a macro's expansion type: skb_shinfo(p0) is a skb_shared_info * */
		char *open = strchr(base, '(');
		const struct field_row *m;

		*open = '\0';
		m = field_lookup(l, "()", base);
		if (m) {
			w.record = m->type;
			w.kind = m->kind;
		}
	} else {
		const struct root_row *r = root_lookup(l, fn, base);

		if (r) {
			w.record = r->record;
			w.kind = r->kind;
		}
	}
	free(base);

	for (s += blen; *s;) {
		if (s[0] == '[' && s[1] == '*' && s[2] == ']') {
			walk_element(&w);
			derefs++;
			s += 3;
			continue;
		}
		if (s[0] == '-' && s[1] == '>')
			s += 2;
		else if (s[0] == '.' && s[1] != '.')
			s += 1;
		else
			return NULL;	/* a cut path ("...") names no field */
		field = s;
		while (*s && *s != '.' && *s != '-' && *s != '[')
			s++;
		field_len = s - field;
		holder = w.record;
		derefs = 0;
		fr = NULL;
		if (holder) {
			char *f = xstrndup(field, field_len);

			fr = field_lookup(l, holder, f);
			free(f);
		}
		w.record = fr ? fr->type : NULL;
		w.kind = fr ? fr->kind : LK_UNKNOWN;
	}
	if (!field)
		return NULL;
	derefs += stars;	/* *p0->pages is p0->pages[*] */
	name = xstrndup(field, field_len);
	if (!fr) {
		/*
		 * the walk lost the type (or a binding left it on another
		 * record than the field's: folio_page(folio, 0)->zone_device_data
		 * is normalised to folio->zone_device_data): the one record with
		 * a page field of that name
		 */
		int first, last, found = -1;

		equal_range(l->by_field, l->nr_f, name, &first, &last);
		for (int i = first; i < last; i++) {
			if (!holds_page(l->by_field[i], derefs, 1))
				continue;
			if (found >= 0) {
				found = -2;
				break;
			}
			found = i;
		}
		if (found == -1) {
			free(name);
			return NULL;
		}
		fr = found >= 0 ? l->by_field[found] : NULL;
		holder = fr ? fr->record : "?";
	}
	if (fr && !holds_page(fr, derefs, 0)) {
		free(name);
		return NULL;
	}
	{
		char *ch = xasprintf("%s.%s%s", holder, name, derefs ? "[*]" : "");

		free(name);
		return ch;
	}
}

int channels_of(const struct layouts *l, int fn, const char *path, struct strvec *out)
{
	return channels_of_alt(l, fn, path, out, NULL);
}

int layouts_inside(const struct layouts *l, int fn, const char *path)
{
	const char *s = path, *open;
	struct walk w = { NULL, LK_UNKNOWN };
	const struct root_row *r;
	char *base;
	size_t blen;
	int derefs = 0;

	if (!l || path_top_bar(path))
		return -1;
	/* virt_to_page(X): the memory X designates */
	if (s[0] != '&' && s[0] != '*' && (open = strchr(s, '(')) && open > s &&
	    path_base_len(s) == strlen(s)) {
		char *inner = xstrndup(open + 1, strlen(open + 1) - 1);
		int inside = layouts_inside(l, fn, inner);

		free(inner);
		return inside;
	}
	while (*s == '&')
		s++;
	if (*s == '*')
		return -1;
	blen = path_base_len(s);
	if (!blen || s[blen - 1] == ')')
		return -1;
	base = xstrndup(s, blen);
	r = root_lookup(l, fn, base);
	free(base);
	if (!r || r->kind != LK_PTR)
		return -1;
	w.record = r->record;
	w.kind = r->kind;
	for (s += blen; *s;) {
		const struct field_row *fr;
		const char *field;
		char *f;

		if (!strncmp(s, "[*]", 3)) {
			if (w.kind != LK_ARRAY && w.kind != LK_PTRARRAY)
				return derefs ? 0 : -1;	/* indexing a loaded pointer */
			walk_element(&w);
			s += 3;
			continue;
		}
		if (s[0] == '-' && s[1] == '>') {
			/* the first -> is into the object itself; a later one loads a pointer */
			if (derefs++ && w.kind == LK_PTR)
				return 0;
			s += 2;
		} else if (s[0] == '.') {
			s++;
		} else {
			return -1;
		}
		field = s;
		while (*s && *s != '.' && *s != '-' && *s != '[')
			s++;
		if (!w.record)
			return -1;
		f = xstrndup(field, s - field);
		fr = field_lookup(l, w.record, f);
		free(f);
		if (!fr)
			return -1;
		w.record = fr->type;
		w.kind = fr->kind;
	}
	/* ends in an embedded array or record: its address is inside the object */
	if (!derefs)
		return -1;
	return w.kind == LK_ARRAY || w.kind == LK_EMBED ? 1 : w.kind == LK_PTR ? 0 : -1;
}

int channels_of_alt(const struct layouts *l, int fn, const char *path, struct strvec *out,
		    struct strvec *alts)
{
	size_t before = out->nr;
	const char *alt = path;
	int depth = 0;

	/* split the top-level a|b of a ?: merge; each alternative on its own */
	for (const char *p = path;; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		if (*p && (*p != '|' || depth))
			continue;
		{
			char *one = xstrndup(alt, p - alt);
			char *ch = channel_of_one(l, fn, one);
			int dup = 0;

			for (size_t i = before; ch && i < out->nr; i++)
				dup |= !strcmp(out->v[i], ch);
			if (ch && !dup) {
				strvec_push(out, ch);
				if (alts)
					strvec_push(alts, one);
			}
			free(ch);
			free(one);
		}
		if (!*p)
			break;
		alt = p + 1;
	}
	return out->nr - before;
}

static char *append(char *s, const char *add, size_t n)
{
	size_t len = strlen(s);

	s = xrealloc(s, len + n + 1);
	memcpy(s + len, add, n);
	s[len + n] = '\0';
	return s;
}

/* A buffer pointer's pointee: memory that becomes a page through virt_to_page() */
static int is_buffer_type(const char *type)
{
	return !strcmp(type, "void") || !strcmp(type, "char") || !strcmp(type, "unsigned char") ||
	       !strcmp(type, "signed char") || !strcmp(type, "u8") || !strcmp(type, "__u8");
}

enum key_need { NEED_NONE, NEED_PAGE, NEED_ADDRESS };

static char *object_key(const struct layouts *l, int fn, const char *path, enum key_need need)
{
	const char *s = path;
	struct walk w = { NULL, LK_UNKNOWN };
	const struct root_row *r;
	char *key, *base;
	size_t blen;
	int stars = 0, fields = 0, held = 0;

	if (!l || path_top_bar(path))
		return NULL;
	for (; *s == '*'; s++)
		stars++;
	/* &p0->slot[*].sg->page_link: the & is of the prefix the -> loads through */
	if (*s == '&' && !stars)
		s++;
	blen = path_base_len(s);
	if (!blen || s[blen - 1] == ')')
		return NULL;	/* a call's or a macro's value: no object to name */
	base = xstrndup(s, blen);
	r = root_lookup(l, fn, base);
	free(base);
	if (!r)
		return NULL;
	w.record = r->record;
	w.kind = r->kind;
	key = xstrdup(r->record);
	for (s += blen; *s;) {
		const struct field_row *fr;
		const char *field;
		char *f;

		if (!strncmp(s, "[*]", 3)) {
			/*
			 * cmd->sgl[i].page_link and sg->page_link with sg =
			 * cmd->sgl read one array through one pointer field:
			 * one key (the -> through a pointer field has no [*])
			 */
			int through_ptr = fields && w.kind == LK_PTR;

			walk_element(&w);
			if (!through_ptr)
				key = append(key, "[*]", 3);
			s += 3;
			continue;
		}
		if (s[0] == '-' && s[1] == '>')
			s += 2;
		else if (s[0] == '.' && s[1] != '.')
			s++;
		else
			goto fail;	/* a cut path names no object */
		field = s;
		while (*s && *s != '.' && *s != '-' && *s != '[')
			s++;
		if (!w.record)
			goto fail;
		f = xstrndup(field, s - field);
		fr = field_lookup(l, w.record, f);
		free(f);
		if (!fr)
			goto fail;
		key = append(key, ".", 1);
		key = append(key, field, s - field);
		if (need == NEED_ADDRESS)
			held = fr->kind == LK_PTR && is_buffer_type(fr->type);
		else
			held = fr->kind == LK_VALUE ? holds_page(fr, 0, 0) :
			       is_page_type(fr->type) &&
			       (fr->kind == LK_PTR || fr->kind == LK_PTRPTR || fr->kind == LK_PTRARRAY);
		w.record = fr->type;
		w.kind = fr->kind;
		fields++;
	}
	for (int i = 0; i < stars; i++)
		key = append(key, "[*]", 3);
	/* a field step that holds pages: the object's channel, not the object */
	if (!fields || (need != NEED_NONE && !held) || (need == NEED_ADDRESS && stars))
		goto fail;
	return key;
fail:
	free(key);
	return NULL;
}

char *layouts_address_key(const struct layouts *l, int fn, const char *path)
{
	return object_key(l, fn, path, NEED_ADDRESS);
}

char *layouts_heap_key(const struct layouts *l, int fn, const char *path)
{
	char *inner, *steps, *name = path_macro(path, &inner, &steps), *key = NULL;

	/*
	 * virt_to_page(conn->out.data): the page of an address kept in an
	 * object's buffer pointer, which the stores of addresses into that
	 * field decide (producers.c); named by the field
	 */
	if (name && !*steps && (!strcmp(name, "virt_to_page") || !strcmp(name, "virt_to_head_page")))
		key = object_key(l, fn, inner, NEED_ADDRESS);
	if (name) {
		free(name);
		free(inner);
		free(steps);
		return key;
	}
	return object_key(l, fn, path, NEED_PAGE);
}

/* The record the first n characters of key name ("ttm_buffer_object.ttm": ttm_tt), or NULL. */
static const char *key_prefix_type(const struct layouts *l, const char *key, size_t n)
{
	size_t rlen = strcspn(key, ".");
	char *record = xstrndup(key, rlen < n ? rlen : n);
	const char *type = NULL, *s = key + rlen;

	/* record.f1.f2[*]...: each field step from the record it is a field of */
	while (s < key + n) {
		const struct field_row *fr;
		size_t flen;
		char *f;

		if (!strncmp(s, "[*]", 3)) {
			s += 3;
			continue;
		}
		if (*s != '.')
			break;
		s++;
		flen = strcspn(s, ".[");
		if (s + flen > key + n)
			break;
		f = xstrndup(s, flen);
		fr = field_lookup(l, type ? type : record, f);
		free(f);
		if (!fr)
			break;
		type = fr->type;
		s += flen;
	}
	free(record);
	return s == key + n ? type : NULL;
}

/* Is short_key's path below its record the end of long_key, from a field of that record's type? */
static int key_ends_with(const struct layouts *l, const char *long_key, const char *short_key)
{
	size_t rlen = strcspn(short_key, "."), ll = strlen(long_key), sl = strlen(short_key);
	const char *rest = short_key + rlen, *type;
	size_t restlen = sl - rlen;

	if (!restlen || ll <= restlen || strcmp(long_key + ll - restlen, rest))
		return 0;
	type = key_prefix_type(l, long_key, ll - restlen);
	return type && strlen(type) == rlen && !strncmp(type, short_key, rlen);
}

int layouts_keys_alias(const struct layouts *l, const char *a, const char *b)
{
	const char *s = strlen(a) > strlen(b) ? b : a, *dot = strchr(s, '.');

	if (!strcmp(a, b))
		return 1;
	/*
	 * a key of one field step is a bare page holder (bio_vec.bv_page,
	 * scatterlist.page_link) every subsystem has: no object to contain
	 */
	if (!l || !dot || !strpbrk(dot + 1, ".["))
		return 0;
	return s == b ? key_ends_with(l, a, b) : key_ends_with(l, b, a);
}

char *layouts_object_key(const struct layouts *l, int fn, const char *path)
{
	return object_key(l, fn, path, NEED_NONE);
}

const char *layouts_root_record(const struct layouts *l, int fn, const char *root)
{
	const struct root_row *r = l ? root_lookup(l, fn, root) : NULL;

	return r ? r->record : NULL;
}

static void paths_from(const struct layouts *l, const char *from, const char *to, int depth,
		       const char *prefix, struct strvec *out)
{
	int lo = 0, hi = l->nr_f;

	if (depth <= 0 || out->nr >= 4)
		return;
	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (strcmp(l->f[mid].record, from) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (int i = lo; i < l->nr_f && !strcmp(l->f[i].record, from) && out->nr < 4; i++) {
		const struct field_row *fr = &l->f[i];
		char *path;

		if (fr->kind == LK_VALUE || fr->kind == LK_UNKNOWN || !strcmp(fr->type, from))
			continue;
		path = prefix ? xasprintf("%s.%s", prefix, fr->field) : xstrdup(fr->field);
		if (!strcmp(fr->type, to) && (fr->kind == LK_PTR || fr->kind == LK_EMBED ||
					      fr->kind == LK_ARRAY))
			strvec_push(out, path);
		else
			paths_from(l, fr->type, to, depth - 1, path, out);
		free(path);
	}
}

int layouts_paths(const struct layouts *l, const char *from, const char *to, int depth,
		  struct strvec *out)
{
	size_t before = out->nr;

	paths_from(l, from, to, depth, NULL, out);
	return out->nr - before;
}
