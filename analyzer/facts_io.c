// SPDX-License-Identifier: GPL-2.0
/*
 * A TU's facts as position-independent bytes (facts_io.h): unsigned
 * LEB128 numbers, strings as length + 1 (0: NULL) and bytes, lists as a
 * count and their items, in the order of struct tu_facts. The fixed words
 * the extractor uses for kinds are written as their index in kinds[], so
 * that a decoded fact points at the same constants an extracted one does.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "facts_io.h"
#include "usage.h"

/* every const char * a fact holds; a word missing here is not cached (encode fails) */
static const char *const kinds[] = {
	"direct", "member", "pointer",			/* fact_call.kind */
	"assign", "init", "return",			/* fact_flow.kind, fact_ops.kind */
	"page", "folio",				/* fact_refop.object */
	"if", "ternary", "while", "for", "do",		/* fact_cond.kind */
	"set", "clear", "test",				/* fact_msgflag.op */
	"embed", "ptr", "ptrptr", "array", "ptrarray", "value",	/* layouts */
};
#define NR_KINDS (sizeof(kinds) / sizeof(kinds[0]))

#define MARK '\001'

struct writer {
	struct fbuf *b;
	const struct db_roots *r;
	int bad;
};

struct reader {
	const unsigned char *p, *end;
	const struct db_roots *r;
	int bad;
};

static void put_bytes(struct writer *w, const void *p, size_t n)
{
	struct fbuf *b = w->b;

	if (b->len + n > b->alloc) {
		b->alloc = b->alloc ? b->alloc : 4096;
		while (b->len + n > b->alloc)
			b->alloc *= 2;
		b->p = xrealloc(b->p, b->alloc);
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

static void put_uv(struct writer *w, uint64_t v)
{
	unsigned char out[10];
	int n = 0;

	do {
		out[n] = v & 0x7f;
		v >>= 7;
		if (v)
			out[n] |= 0x80;
		n++;
	} while (v);
	put_bytes(w, out, n);
}

static void put_sv(struct writer *w, int64_t v)
{
	put_uv(w, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

/* a root matches only as a whole path component: /t/linux must not match /t/linux-copy */
static size_t root_at(const char *s, const char *root)
{
	size_t n;
	char next;

	if (!root || !*root)
		return 0;
	n = strlen(root);
	if (strncmp(s, root, n))
		return 0;
	next = s[n];
	if ((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') ||
	    (next >= '0' && next <= '9') || next == '-' || next == '_' || next == '.' || next == '+')
		return 0;
	return n;
}

char *facts_unroot(const struct db_roots *r, const char *s)
{
	/* the longer root first: an object directory may sit inside the tree */
	const char *first = r->kernel, *second = r->objdir;
	char f = 'S', g = 'O';
	size_t cap = strlen(s) + 1, n = 0;
	char *out = xmalloc(cap * 2);

	if (second && strlen(second) > strlen(first ? first : "")) {
		first = r->objdir;
		second = r->kernel;
		f = 'O';
		g = 'S';
	}
	while (*s) {
		size_t m;

		if (*s == '/' && (m = root_at(s, first))) {
			out[n++] = MARK;
			out[n++] = f;
			s += m;
		} else if (*s == '/' && (m = root_at(s, second))) {
			out[n++] = MARK;
			out[n++] = g;
			s += m;
		} else {
			if (*s == MARK)
				out[n++] = MARK;
			out[n++] = *s++;
		}
	}
	out[n] = '\0';
	return out;
}

static void put_str(struct writer *w, const char *s)
{
	char *u;
	size_t n;

	if (!s) {
		put_uv(w, 0);
		return;
	}
	if (!strchr(s, '/') && !strchr(s, MARK)) {
		n = strlen(s);
		put_uv(w, n + 1);
		put_bytes(w, s, n);
		return;
	}
	u = facts_unroot(w->r, s);
	n = strlen(u);
	put_uv(w, n + 1);
	put_bytes(w, u, n);
	free(u);
}

static void put_kind(struct writer *w, const char *k)
{
	if (!k) {
		put_uv(w, 0);
		return;
	}
	for (size_t i = 0; i < NR_KINDS; i++)
		if (!strcmp(k, kinds[i])) {
			put_uv(w, i + 1);
			return;
		}
	w->bad = 1;
}

static uint64_t get_uv(struct reader *rd)
{
	uint64_t v = 0;
	int shift = 0;

	while (rd->p < rd->end && shift < 64) {
		unsigned char c = *rd->p++;

		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return v;
		shift += 7;
	}
	rd->bad = 1;
	return 0;
}

static int64_t get_sv(struct reader *rd)
{
	uint64_t u = get_uv(rd);

	return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

static unsigned get_u(struct reader *rd)
{
	uint64_t v = get_uv(rd);

	if (v > 0xffffffffu)
		rd->bad = 1;
	return (unsigned)v;
}

static char *get_str(struct reader *rd)
{
	uint64_t n = get_uv(rd);
	const char *s, *e;
	size_t kl = strlen(rd->r->kernel), ol = rd->r->objdir ? strlen(rd->r->objdir) : 1;
	size_t cap, k = 0;
	char *out;

	if (rd->bad || !n)
		return NULL;
	n--;
	if (n > (size_t)(rd->end - rd->p)) {
		rd->bad = 1;
		return NULL;
	}
	s = (const char *)rd->p;
	e = s + n;
	rd->p += n;
	if (!memchr(s, MARK, n))
		return xstrndup(s, n);
	cap = n + 1;
	for (const char *q = s; q < e; q++)
		if (*q == MARK)
			cap += kl > ol ? kl : ol;
	out = xmalloc(cap);
	while (s < e) {
		if (*s != MARK) {
			out[k++] = *s++;
			continue;
		}
		if (s + 1 >= e) {
			rd->bad = 1;
			break;
		}
		if (s[1] == 'S') {
			memcpy(out + k, rd->r->kernel, kl);
			k += kl;
		} else if (s[1] == 'O') {
			const char *o = rd->r->objdir ? rd->r->objdir : ".";

			memcpy(out + k, o, strlen(o));
			k += strlen(o);
		} else if (s[1] == MARK) {
			out[k++] = MARK;
		} else {
			rd->bad = 1;
			break;
		}
		s += 2;
	}
	out[k] = '\0';
	return out;
}

static const char *get_kind(struct reader *rd)
{
	uint64_t i = get_uv(rd);

	if (!i)
		return NULL;
	if (i > NR_KINDS) {
		rd->bad = 1;
		return NULL;
	}
	return kinds[i - 1];
}

/* a count that cannot be larger than the bytes left: each item takes one at least */
static int get_count(struct reader *rd)
{
	uint64_t n = get_uv(rd);

	if (n > (uint64_t)(rd->end - rd->p) || n > 0x7fffffff) {
		rd->bad = 1;
		return 0;
	}
	return (int)n;
}

#define GET_LIST(rd, arr, nr, alloc) do { \
	(nr) = get_count(rd); \
	(alloc) = (nr); \
	(arr) = (nr) ? xcalloc((nr), sizeof(*(arr))) : NULL; \
} while (0)

static void put_body(struct writer *w, const struct fact_function *fn);

/*
 * A function: its USR and file, then its body's length and its body, so
 * that a reader that does not want it (another TU of its run owns it)
 * steps over it without decoding it.
 */
static void put_function(struct writer *w, const struct fact_function *fn)
{
	struct fbuf body = { 0 };
	struct writer bw = { &body, w->r, 0 };

	put_str(w, fn->usr);
	put_str(w, fn->file);
	put_body(&bw, fn);
	w->bad |= bw.bad;
	put_uv(w, body.len);
	put_bytes(w, body.p, body.len);
	free(body.p);
}

static void put_body(struct writer *w, const struct fact_function *fn)
{
	put_str(w, fn->name);
	put_uv(w, fn->line);
	put_uv(w, fn->end_line);
	put_uv(w, fn->is_static);
	put_uv(w, fn->is_inline);
	put_str(w, fn->return_type);
	put_uv(w, fn->nr_param);
	for (int i = 0; i < fn->nr_param; i++) {
		put_str(w, fn->param[i].name);
		put_str(w, fn->param[i].type);
	}
	put_uv(w, fn->nr_call);
	for (int i = 0; i < fn->nr_call; i++) {
		const struct fact_call *c = &fn->call[i];

		put_sv(w, c->seq);
		put_kind(w, c->kind);
		put_str(w, c->callee_usr);
		put_str(w, c->callee_name);
		put_str(w, c->struct_name);
		put_str(w, c->field);
		put_str(w, c->file);
		put_uv(w, c->line);
		put_uv(w, c->col);
		put_str(w, c->result_type);
		put_str(w, c->macro);
		put_uv(w, c->nr_arg);
		for (int j = 0; j < c->nr_arg; j++) {
			put_sv(w, c->arg[j].idx);
			put_str(w, c->arg[j].value);
			put_str(w, c->arg[j].type);
		}
	}
	put_uv(w, fn->nr_flow);
	for (int i = 0; i < fn->nr_flow; i++) {
		const struct fact_flow *f = &fn->flow[i];

		put_kind(w, f->kind);
		put_str(w, f->dst);
		put_str(w, f->src);
		put_str(w, f->type);
		put_uv(w, f->line);
	}
	put_uv(w, fn->nr_refop);
	for (int i = 0; i < fn->nr_refop; i++) {
		const struct fact_refop *o = &fn->refop[i];

		put_sv(w, o->seq);
		put_str(w, o->primitive);
		put_kind(w, o->object);
		put_str(w, o->path);
		put_uv(w, o->line);
	}
	put_uv(w, fn->nr_macro);
	for (int i = 0; i < fn->nr_macro; i++) {
		const struct fact_macro *m = &fn->macro[i];

		put_str(w, m->name);
		put_str(w, m->value);
		put_str(w, m->arg);
		put_uv(w, m->line);
		put_uv(w, m->col);
	}
	put_uv(w, fn->nr_cond);
	for (int i = 0; i < fn->nr_cond; i++) {
		const struct fact_cond *c = &fn->cond[i];

		put_kind(w, c->kind);
		put_str(w, c->test);
		put_str(w, c->arg);
		put_sv(w, c->negated);
		put_sv(w, c->decides);
		put_uv(w, c->line);
		put_uv(w, c->true_first);
		put_uv(w, c->true_last);
		put_uv(w, c->false_first);
		put_uv(w, c->false_last);
	}
	put_uv(w, fn->nr_msgflag);
	for (int i = 0; i < fn->nr_msgflag; i++) {
		const struct fact_msgflag *m = &fn->msgflag[i];

		put_str(w, m->flag);
		put_str(w, m->path);
		put_kind(w, m->op);
		put_uv(w, m->line);
		put_uv(w, m->col);
	}
	put_uv(w, fn->nr_cstore);
	for (int i = 0; i < fn->nr_cstore; i++) {
		const struct fact_cstore *c = &fn->cstore[i];

		put_str(w, c->record);
		put_str(w, c->field);
		put_str(w, c->path);
		put_sv(w, c->value);
		put_sv(w, c->known);
		put_sv(w, c->param);
		put_uv(w, c->line);
	}
	put_uv(w, fn->nr_root);
	for (int i = 0; i < fn->nr_root; i++) {
		put_str(w, fn->root[i].root);
		put_str(w, fn->root[i].record);
		put_kind(w, fn->root[i].kind);
	}
}

/* a function's body (put_body()), the usr and file read already */
static void get_body(struct reader *rd, struct fact_function *fn)
{
	fn->name = get_str(rd);
	fn->line = get_u(rd);
	fn->end_line = get_u(rd);
	fn->is_static = get_u(rd);
	fn->is_inline = get_u(rd);
	fn->return_type = get_str(rd);
	fn->nr_param = get_count(rd);
	fn->param = fn->nr_param ? xcalloc(fn->nr_param, sizeof(*fn->param)) : NULL;
	for (int i = 0; i < fn->nr_param && !rd->bad; i++) {
		fn->param[i].name = get_str(rd);
		fn->param[i].type = get_str(rd);
	}
	GET_LIST(rd, fn->call, fn->nr_call, fn->alloc_call);
	for (int i = 0; i < fn->nr_call && !rd->bad; i++) {
		struct fact_call *c = &fn->call[i];

		c->seq = get_sv(rd);
		c->kind = get_kind(rd);
		c->callee_usr = get_str(rd);
		c->callee_name = get_str(rd);
		c->struct_name = get_str(rd);
		c->field = get_str(rd);
		c->file = get_str(rd);
		c->line = get_u(rd);
		c->col = get_u(rd);
		c->result_type = get_str(rd);
		c->macro = get_str(rd);
		GET_LIST(rd, c->arg, c->nr_arg, c->alloc_arg);
		for (int j = 0; j < c->nr_arg && !rd->bad; j++) {
			c->arg[j].idx = get_sv(rd);
			c->arg[j].value = get_str(rd);
			c->arg[j].type = get_str(rd);
		}
	}
	GET_LIST(rd, fn->flow, fn->nr_flow, fn->alloc_flow);
	for (int i = 0; i < fn->nr_flow && !rd->bad; i++) {
		struct fact_flow *f = &fn->flow[i];

		f->kind = get_kind(rd);
		f->dst = get_str(rd);
		f->src = get_str(rd);
		f->type = get_str(rd);
		f->line = get_u(rd);
	}
	GET_LIST(rd, fn->refop, fn->nr_refop, fn->alloc_refop);
	for (int i = 0; i < fn->nr_refop && !rd->bad; i++) {
		struct fact_refop *o = &fn->refop[i];

		o->seq = get_sv(rd);
		o->primitive = get_str(rd);
		o->object = get_kind(rd);
		o->path = get_str(rd);
		o->line = get_u(rd);
	}
	GET_LIST(rd, fn->macro, fn->nr_macro, fn->alloc_macro);
	for (int i = 0; i < fn->nr_macro && !rd->bad; i++) {
		struct fact_macro *m = &fn->macro[i];

		m->name = get_str(rd);
		m->value = get_str(rd);
		m->arg = get_str(rd);
		m->line = get_u(rd);
		m->col = get_u(rd);
	}
	GET_LIST(rd, fn->cond, fn->nr_cond, fn->alloc_cond);
	for (int i = 0; i < fn->nr_cond && !rd->bad; i++) {
		struct fact_cond *c = &fn->cond[i];

		c->kind = get_kind(rd);
		c->test = get_str(rd);
		c->arg = get_str(rd);
		c->negated = get_sv(rd);
		c->decides = get_sv(rd);
		c->line = get_u(rd);
		c->true_first = get_u(rd);
		c->true_last = get_u(rd);
		c->false_first = get_u(rd);
		c->false_last = get_u(rd);
	}
	GET_LIST(rd, fn->msgflag, fn->nr_msgflag, fn->alloc_msgflag);
	for (int i = 0; i < fn->nr_msgflag && !rd->bad; i++) {
		struct fact_msgflag *m = &fn->msgflag[i];

		m->flag = get_str(rd);
		m->path = get_str(rd);
		m->op = get_kind(rd);
		m->line = get_u(rd);
		m->col = get_u(rd);
	}
	GET_LIST(rd, fn->cstore, fn->nr_cstore, fn->alloc_cstore);
	for (int i = 0; i < fn->nr_cstore && !rd->bad; i++) {
		struct fact_cstore *c = &fn->cstore[i];

		c->record = get_str(rd);
		c->field = get_str(rd);
		c->path = get_str(rd);
		c->value = get_sv(rd);
		c->known = get_sv(rd);
		c->param = get_sv(rd);
		c->line = get_u(rd);
	}
	GET_LIST(rd, fn->root, fn->nr_root, fn->alloc_root);
	for (int i = 0; i < fn->nr_root && !rd->bad; i++) {
		fn->root[i].root = get_str(rd);
		fn->root[i].record = get_str(rd);
		fn->root[i].kind = get_kind(rd);
	}
}

int facts_encode(const struct tu_facts *tf, const struct db_roots *r, struct fbuf *out)
{
	struct writer w = { out, r, 0 };
	size_t start = out->len;

	put_str(&w, tf->main_file);
	put_uv(&w, tf->nr_input);
	for (int i = 0; i < tf->nr_input; i++)
		put_str(&w, tf->input[i]);
	put_uv(&w, tf->nr_function);
	for (int i = 0; i < tf->nr_function; i++)
		put_function(&w, &tf->function[i]);
	put_uv(&w, tf->nr_ops);
	for (int i = 0; i < tf->nr_ops; i++) {
		const struct fact_ops *o = &tf->ops[i];

		put_kind(&w, o->kind);
		put_str(&w, o->struct_name);
		put_str(&w, o->field);
		put_str(&w, o->function_usr);
		put_str(&w, o->function_name);
		put_str(&w, o->variable);
		put_sv(&w, o->in_function);
		put_str(&w, o->file);
		put_uv(&w, o->line);
	}
	put_uv(&w, tf->nr_copy);
	for (int i = 0; i < tf->nr_copy; i++) {
		const struct fact_copy *o = &tf->copy[i];

		put_str(&w, o->struct_name);
		put_str(&w, o->field);
		put_str(&w, o->src_struct);
		put_str(&w, o->src_field);
		put_sv(&w, o->in_function);
		put_str(&w, o->file);
		put_uv(&w, o->line);
	}
	put_uv(&w, tf->nr_export);
	for (int i = 0; i < tf->nr_export; i++) {
		put_str(&w, tf->export[i].name);
		put_sv(&w, tf->export[i].gpl);
	}
	put_uv(&w, tf->nr_field);
	for (int i = 0; i < tf->nr_field; i++) {
		put_str(&w, tf->field[i].record);
		put_str(&w, tf->field[i].field);
		put_str(&w, tf->field[i].type);
		put_kind(&w, tf->field[i].kind);
	}
	put_str(&w, tf->error);
	put_sv(&w, tf->failed);
	if (w.bad) {
		out->len = start;
		return -1;
	}
	return 0;
}

/*
 * The functions: each wanted one decoded into the next slot (map[i] is
 * its index, -1 for one stepped over). Returns how many were decoded.
 */
static int get_functions(struct reader *rd, struct tu_facts *tf, int nr, int *map,
			 int (*want)(const char *usr, void *data), void *data)
{
	int k = 0;

	for (int i = 0; i < nr && !rd->bad; i++) {
		struct fact_function *fn = &tf->function[k];
		char *usr = get_str(rd), *file = get_str(rd);
		uint64_t n = get_uv(rd);
		struct reader body = { rd->p, rd->p + n, rd->r, 0 };

		if (rd->bad || !usr || !file || n > (uint64_t)(rd->end - rd->p)) {
			rd->bad = 1;
			free(usr);
			free(file);
			break;
		}
		rd->p += n;
		map[i] = -1;
		if (want && strcmp(file, tf->main_file) && !want(usr, data)) {
			free(usr);
			free(file);
			continue;
		}
		fn->usr = usr;
		fn->file = file;
		get_body(&body, fn);
		if (body.bad || body.p != body.end)
			rd->bad = 1;
		map[i] = k++;
	}
	return k;
}

/* an ops row's or copy's function, renumbered; 0 when it was stepped over (drop the row) */
static int renumber(struct reader *rd, int *in_function, const int *map, int nr)
{
	if (*in_function < -1 || *in_function >= nr) {
		rd->bad = 1;
		return 0;
	}
	if (*in_function < 0)
		return 1;
	*in_function = map[*in_function];
	return *in_function >= 0;
}

int facts_decode(const void *buf, size_t len, const struct db_roots *r, struct tu_facts *tf,
		 int (*want)(const char *usr, void *data), void *data)
{
	struct reader rd = { buf, (const unsigned char *)buf + len, r, 0 };
	int nr_fn, n, *map;

	memset(tf, 0, sizeof(*tf));
	tf->main_file = get_str(&rd);
	GET_LIST(&rd, tf->input, tf->nr_input, tf->alloc_input);
	for (int i = 0; i < tf->nr_input && !rd.bad; i++)
		tf->input[i] = get_str(&rd);
	GET_LIST(&rd, tf->function, nr_fn, tf->alloc_function);
	map = xcalloc(nr_fn ? nr_fn : 1, sizeof(*map));
	if (!tf->main_file)
		rd.bad = 1;
	tf->nr_function = rd.bad ? 0 : get_functions(&rd, tf, nr_fn, map, want, data);
	/* ops and copies inside a function stepped over are the owner's, as the extractor skips them */
	GET_LIST(&rd, tf->ops, n, tf->alloc_ops);
	for (int i = 0, k = 0; i < n && !rd.bad; i++) {
		struct fact_ops *o = &tf->ops[k];

		o->kind = get_kind(&rd);
		o->struct_name = get_str(&rd);
		o->field = get_str(&rd);
		o->function_usr = get_str(&rd);
		o->function_name = get_str(&rd);
		o->variable = get_str(&rd);
		o->in_function = get_sv(&rd);
		o->file = get_str(&rd);
		o->line = get_u(&rd);
		tf->nr_ops = k + 1;
		if (renumber(&rd, &o->in_function, map, nr_fn)) {
			k++;
			continue;
		}
		fact_ops_release(o);
		tf->nr_ops = k;
	}
	GET_LIST(&rd, tf->copy, n, tf->alloc_copy);
	for (int i = 0, k = 0; i < n && !rd.bad; i++) {
		struct fact_copy *o = &tf->copy[k];

		o->struct_name = get_str(&rd);
		o->field = get_str(&rd);
		o->src_struct = get_str(&rd);
		o->src_field = get_str(&rd);
		o->in_function = get_sv(&rd);
		o->file = get_str(&rd);
		o->line = get_u(&rd);
		tf->nr_copy = k + 1;
		if (renumber(&rd, &o->in_function, map, nr_fn)) {
			k++;
			continue;
		}
		fact_copy_release(o);
		tf->nr_copy = k;
	}
	GET_LIST(&rd, tf->export, tf->nr_export, tf->alloc_export);
	for (int i = 0; i < tf->nr_export && !rd.bad; i++) {
		tf->export[i].name = get_str(&rd);
		tf->export[i].gpl = get_sv(&rd);
	}
	GET_LIST(&rd, tf->field, tf->nr_field, tf->alloc_field);
	for (int i = 0; i < tf->nr_field && !rd.bad; i++) {
		tf->field[i].record = get_str(&rd);
		tf->field[i].field = get_str(&rd);
		tf->field[i].type = get_str(&rd);
		tf->field[i].kind = get_kind(&rd);
	}
	tf->error = get_str(&rd);
	tf->failed = get_sv(&rd);
	free(map);
	/* a whole encoding ends exactly here, and names its TU and functions */
	if (rd.bad || rd.p != rd.end || !tf->main_file) {
		tu_facts_release(tf);
		memset(tf, 0, sizeof(*tf));
		return -1;
	}
	for (int i = 0; i < tf->nr_function; i++)
		if (!tf->function[i].usr || !tf->function[i].file) {
			tu_facts_release(tf);
			memset(tf, 0, sizeof(*tf));
			return -1;
		}
	return 0;
}
