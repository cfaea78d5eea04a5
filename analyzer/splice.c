// SPDX-License-Identifier: GPL-2.0
/*
 * MSG_SPLICE_PAGES and sendpage: the one place where whether a page is
 * reference-counted depends on a flag rather than on the code path. Since
 * 6.5 every sendmsg implementation copies the data of msg->msg_iter unless
 * msg->msg_flags has MSG_SPLICE_PAGES, in which case it takes references on
 * the pages (skb_splice_from_iter(), tls_sw_sendmsg_splice()). Up to 6.4,
 * kernel_sendpage() and the sendpage ops did the same unconditionally.
 *
 * An effect whose path runs through a message's iterator carries the
 * message's flags path ("needs") up the call graph until it reaches the
 * function that builds the message: there the flag is set or not, and a
 * guard that clears it (nvme-tcp's !sendpages_ok()) protects exactly these
 * effects and nothing else (guards.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guards.h"
#include "path.h"
#include "splice.h"
#include "usage.h"

static int ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == ':';
}

/* Where field (after "->" or ".") occurs in path as a whole step, or NULL. */
static const char *find_step(const char *path, const char *field, size_t *sep_len)
{
	size_t n = strlen(field);

	for (const char *p = strstr(path, field); p; p = strstr(p + 1, field)) {
		if (ident_char(p[n]))
			continue;
		if (p - path >= 2 && p[-2] == '-' && p[-1] == '>') {
			*sep_len = 2;
			return p - 2;
		}
		if (p - path >= 1 && p[-1] == '.') {
			*sep_len = 1;
			return p - 1;
		}
	}
	return NULL;
}

char *splice_needs_of(const struct models *md, const char *path)
{
	for (int i = 0; i < md->nr_splice; i++) {
		char field[64], flags[64];
		const char *sep, *start;
		size_t sep_len;

		if (strcmp(md->splice[i].name, "message") ||
		    sscanf(md->splice[i].value, "%63s %63s", field, flags) != 2)
			continue;
		sep = find_step(path, field, &sep_len);
		if (!sep)
			continue;
		/* the message starts after the innermost wrapper: virt_to_page(p1->...) */
		start = sep;
		while (start > path && start[-1] != '(' && start[-1] != ',')
			start--;
		while (*start == '&' || *start == '*')
			start++;
		if (start == sep)
			continue;
		return xasprintf("%.*s%.*s%s", (int)(sep - start), start, (int)sep_len, sep, flags);
	}
	return NULL;
}

int splice_is_sendpage(const struct models *md, const char *name)
{
	for (int i = 0; i < md->nr_splice; i++)
		if (!strcmp(md->splice[i].name, "sendpage") && !strcmp(md->splice[i].value, name))
			return 1;
	return 0;
}

int splice_flag_set(const struct solve_input *in, const struct models *md,
		    struct solve_function *f, const char *needs, int line, const char *page,
		    unsigned *excl, char **why)
{
	char *base = path_base_token(needs);
	unsigned all = ~0u;
	int sets = 0, assigned = 0;

	/*
	 * The last plain assignment of the flags before the call
	 * (msg.msg_flags = MSG_DONTWAIT) overrides any setting before it;
	 * this also keeps apart two messages named alike in different blocks.
	 */
	for (int i = 0; i < f->nr_lwrite; i++)
		if (f->lwrite[i].line <= line && f->lwrite[i].line > assigned &&
		    !strcmp(f->lwrite[i].dst, needs))
			assigned = f->lwrite[i].line;
	for (int i = 0; i < f->nr_msgflag; i++) {
		const struct solve_msgflag *m = &f->msgflag[i];
		char *mb;
		int same;

		if (strcmp(m->op, "set") || m->line > line || m->line < assigned)
			continue;
		/* "?": set on a value the extractor could not name, perhaps this one */
		mb = strcmp(m->path, "?") ? path_base_token(m->path) : xstrdup(base);
		same = !strcmp(mb, base);
		free(mb);
		if (!same)
			continue;
		sets++;
		all &= guard_excludes(in, md, f, m->line, page, why, 1);
	}
	free(base);
	*excl = sets ? all : 0;
	return sets > 0;
}

void splice_model_effects(struct solve_input *in, const struct models *md, void *ctx,
			  void (*add)(void *ctx, struct solve_function *f, const char *op,
				      const char *path))
{
	for (int i = 0; i < md->nr_splice; i++) {
		char name[128], op[16], path[256];

		if (strcmp(md->splice[i].name, "effect") ||
		    sscanf(md->splice[i].value, "%127s %15s %255s", name, op, path) != 3)
			continue;
		for (int j = 0; j < in->nr_fn; j++)
			if (!strcmp(in->fn[j].name, name))
				add(ctx, &in->fn[j], op, path);
	}
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

/*
 * The length of dst's parent when its last field is one of an iterator's
 * union members that writes.txt sets (iov_iter_bvec(): p0->bvec), else 0.
 */
static size_t iter_member(const struct models *md, const char *dst)
{
	for (int i = 0; i < md->nr_writes; i++) {
		char d[64];
		const char *field, *tail;

		if (strncmp(md->writes[i].name, "iov_iter_", 9) ||
		    sscanf(md->writes[i].value, "%63s", d) != 1 || !(field = strrchr(d, '>')))
			continue;
		field++;
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

static char *apply_stores(const struct models *md, const struct solve_write *w, int nr,
			  char *path, int line, int *changed)
{
	for (int i = 0; i < nr; i++) {
		char *r;

		/* cheap tests first: this runs for every binding of every effect */
		if (w[i].line > line || !strstr(path, w[i].dst) || !strpbrk(w[i].dst, ".>["))
			continue;
		r = replace_store(path, w[i].dst, w[i].src);
		if (r && superseded(md, w, nr, i, line)) {
			free(r);
			r = NULL;
		}
		if (r) {
			char *n = path_normalize(r);

			free(r);
			free(path);
			path = n;
			*changed = 1;
		}
	}
	return path;
}

char *through_stores(const struct solve_input *in, const struct models *md,
		     struct solve_function *f, char *path, int line)
{
	int changed = 1;

	for (int round = 0; changed && round < 4; round++) {
		changed = 0;
		path = apply_stores(md, f->write, f->nr_write, path, line, &changed);
		path = apply_stores(md, f->lwrite, f->nr_lwrite, path, line, &changed);
	}
	/* a field of a local inside a conversion: virt_to_page(l:iov.iov_base) */
	if (path_root(path, NULL) == ROOT_LOCAL) {
		char *inner, *steps, *name = path_macro(path, &inner, &steps);

		if (name) {
			char *r = resolve(in, md, f, inner, 0, NULL);

			if (strcmp(r, inner)) {
				free(path);
				path = xasprintf("%s(%s)%s", name, r, steps);
			}
			free(r);
			free(inner);
			free(steps);
			free(name);
		}
	}
	return path;
}
