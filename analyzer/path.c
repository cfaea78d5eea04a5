// SPDX-License-Identifier: GPL-2.0
/* String surgery on access paths; see path.h for the grammar. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "allocators.h"
#include "path.h"
#include "usage.h"

/* Is the base at s a macro whose arguments are not the value (kmalloc(...))? */
static int is_opaque(const char *s, size_t blen)
{
	const char *open = memchr(s, '(', blen);

	return open && allocator_name(s, open - s);
}

size_t path_base_len(const char *s)
{
	size_t i = 0;

	if (s[0] == 'l' && s[1] == ':')
		i = 2;
	else if ((s[0] == 'g' || s[0] == 'f') && s[1] == ':')
		i = 2;
	for (; s[i]; i++) {
		int neg = s[i] == '-' && i == 1 && s[0] == '#';	/* #-1 */

		if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '#' && s[i] != '?' && !neg)
			break;
	}
	if (s[i] == '(') {
		int depth = 0;

		for (; s[i]; i++) {
			if (s[i] == '(')
				depth++;
			else if (s[i] == ')' && --depth == 0)
				return i + 1;
		}
	}
	return i;
}

enum path_root path_root(const char *v, int *index)
{
	size_t n;

	while (*v == '&' || *v == '*')
		v++;
	n = path_base_len(v);
	if (n > 0 && v[n - 1] == ')' && is_opaque(v, n))
		return ROOT_CONST;	/* fresh memory from an allocator */
	if (n > 0 && v[n - 1] == ')') {
		const char *open = strchr(v, '(');

		if (open && open < v + n)
			return path_root(open + 1, index);
	}
	if (v[0] == 'p' && isdigit((unsigned char)v[1])) {
		if (index)
			*index = atoi(v + 1);
		return ROOT_PARAM;
	}
	if (v[0] == 'c' && isdigit((unsigned char)v[1])) {
		if (index)
			*index = atoi(v + 1);
		return ROOT_CALL;
	}
	if (!strncmp(v, "l:", 2))
		return ROOT_LOCAL;
	if (!strncmp(v, "g:", 2))
		return ROOT_GLOBAL;
	if (!strncmp(v, "ret", 3) && !isalnum((unsigned char)v[3]))
		return ROOT_RET;
	if (v[0] == '#' || !strncmp(v, "f:", 2) || !strncmp(v, "str", 3))
		return ROOT_CONST;
	return ROOT_UNKNOWN;
}

int path_steps(const char *v)
{
	int n = 0;

	for (; *v; v++)
		n += *v == '.' || (*v == '-' && v[1] == '>') || *v == '[';
	return n;
}

char *path_normalize(const char *value)
{
	char *s = xstrdup(value);
	int changed = 1;

	while (changed) {
		size_t len = strlen(s);

		changed = 0;
		if ((s[0] == '&' && s[1] == '*') || (s[0] == '*' && s[1] == '&')) {
			memmove(s, s + 2, len - 1);
			changed = 1;
		} else if (s[0] == '&' && len > 6 && !strcmp(s + len - 6, "->page") &&
			   !strpbrk(s + 1, "(") ) {
			/* &X->page: the folio X itself */
			s[len - 6] = '\0';
			memmove(s, s + 1, len - 6);
			changed = 1;
		}
	}
	return s;
}

const char *path_top_bar(const char *path)
{
	int depth = 0;

	for (const char *p = path; *p; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		else if (*p == '|' && !depth)
			return p;
	}
	return NULL;
}

/* Is alt one of the top-level alternatives of merged? */
int path_has_alternative(const char *merged, const char *alt)
{
	size_t n = strlen(alt);

	for (const char *a = merged; a;) {
		const char *b = path_top_bar(a);
		size_t len = b ? (size_t)(b - a) : strlen(a);

		if (len == n && !strncmp(a, alt, n))
			return 1;
		a = b ? b + 1 : NULL;
	}
	return 0;
}

char *path_next_alternative(const char **cursor)
{
	const char *a = *cursor, *bar;

	if (!a)
		return NULL;
	bar = path_top_bar(a);
	*cursor = bar ? bar + 1 : NULL;
	return xstrndup(a, bar ? (size_t)(bar - a) : strlen(a));
}

char *path_or(char *merged, char *alt)
{
	char *m;

	if (!merged || !alt)
		return merged ? merged : alt;
	if (path_has_alternative(merged, alt)) {
		free(alt);
		return merged;
	}
	m = xasprintf("%s|%s", merged, alt);
	free(merged);
	free(alt);
	return m;
}

/* Alternatives in at most this many pieces are bound one by one. */
#define MAX_ALTERNATIVES 8

static char *replace_one(const char *path, const char *token, const char *value);

/*
 * a b c d, each of the given length, in one allocation: replace_one()
 * runs for every binding of every effect, where printf's parsing showed
 * in the profile
 */
static char *join4(const char *a, size_t na, const char *b, size_t nb, const char *c, size_t nc,
		   const char *d, size_t nd)
{
	char *out = xmalloc(na + nb + nc + nd + 1), *p = out;

	memcpy(p, a, na);
	p += na;
	memcpy(p, b, nb);
	p += nb;
	memcpy(p, c, nc);
	p += nc;
	memcpy(p, d, nd);
	p[nd] = '\0';
	return out;
}

/*
 * Replace the base token (pN, cN, l:name) of path by value, inside
 * wrapping macros too. NULL when path's base is not token. A merge binds
 * in every alternative: p0->zone_device_data|p0 with p0 := X is
 * X->zone_device_data|X, and a merged value distributes over the steps
 * (p0->f with p0 := a|b is a->f|b->f).
 */
char *path_replace(const char *path, const char *token, const char *value)
{
	const char *bar = path_top_bar(path), *vbar = path_top_bar(value);
	const char *piece[MAX_ALTERNATIVES];
	size_t len[MAX_ALTERNATIVES];
	int n = 0, bound = 0;
	char *out = NULL;

	if (!bar && !vbar)
		return replace_one(path, token, value);
	/* split path's alternatives, then value's: each pair binds on its own */
	for (const char *a = path; a; n++) {
		const char *b = path_top_bar(a);

		if (n == MAX_ALTERNATIVES)
			return replace_one(path, token, value);	/* too many: the first only */
		piece[n] = a;
		len[n] = b ? (size_t)(b - a) : strlen(a);
		a = b ? b + 1 : NULL;
	}
	{
		int nv = 1;

		for (const char *v = vbar; v; v = path_top_bar(v + 1))
			nv++;
		if (n * nv > MAX_ALTERNATIVES)
			return replace_one(path, token, value);
	}
	for (int i = 0; i < n; i++) {
		char *alt = xstrndup(piece[i], len[i]);
		const char *v = value;

		do {
			const char *vb = path_top_bar(v);
			char *one = xstrndup(v, vb ? (size_t)(vb - v) : strlen(v));
			char *r = replace_one(alt, token, one);

			free(one);
			bound |= !!r;
			if (!r)
				r = xstrdup(alt);	/* rooted elsewhere: kept as it is */
			out = path_or(out, r);
			v = vb ? vb + 1 : NULL;
		} while (v);
		free(alt);
	}
	if (!bound) {
		free(out);
		return NULL;
	}
	return out;
}

static char *replace_one(const char *path, const char *token, const char *value)
{
	const char *p = path;
	size_t pre = 0, blen, tl = strlen(token);
	char *out, *prefix, *norm;
	const char *steps;

	while (p[pre] == '&' || p[pre] == '*')
		pre++;
	blen = path_base_len(p + pre);
	if (!blen)
		return NULL;
	prefix = xstrndup(p, pre);
	if (p[pre + blen - 1] == ')' && !is_opaque(p + pre, blen)) {
		/* a macro around the base: replace inside it */
		const char *open = strchr(p + pre, '(');
		char *inner = xstrndup(open + 1, (p + pre + blen - 1) - (open + 1));
		char *bound = path_replace(inner, token, value);
		char *r;

		free(inner);
		if (!bound) {
			free(prefix);
			return NULL;
		}
		{
			char *head = join4(prefix, pre, p + pre, open + 1 - (p + pre), "", 0, "", 0);

			r = join4(head, strlen(head), bound, strlen(bound), ")", 1, p + pre + blen,
				  strlen(p + pre + blen));
			free(head);
		}
		free(bound);
		free(prefix);
		out = path_normalize(r);
		free(r);
		return out;
	}
	if (blen != tl || strncmp(p + pre, token, tl)) {
		free(prefix);
		return NULL;
	}
	steps = p + pre + blen;
	if (steps[0] == '-' && steps[1] == '>' && value[0] == '&' && !strchr(value, '|'))
		out = join4(prefix, pre, value + 1, strlen(value + 1), ".", 1, steps + 2,
			    strlen(steps + 2));	/* (&X)->f is X.f */
	else if (!strncmp(steps, "[*]", 3) && value[0] == '&' && !strchr(value, '|'))
		out = join4(prefix, pre, value + 1, strlen(value + 1), "", 0, steps + 3,
			    strlen(steps + 3));	/* (&X)[0] is X */
	else
		out = join4(prefix, pre, value, strlen(value), "", 0, steps, strlen(steps));
	free(prefix);
	norm = path_normalize(out);
	free(out);
	return norm;
}

char *path_bind(const char *path, int n, const char *value)
{
	char token[16];

	snprintf(token, sizeof(token), "p%d", n);
	return path_replace(path, token, value);
}

char *path_base_token(const char *path)
{
	const char *p = path;
	size_t blen;

	while (*p == '&' || *p == '*')
		p++;
	blen = path_base_len(p);
	if (blen && p[blen - 1] == ')' && !is_opaque(p, blen)) {
		const char *open = strchr(p, '(');
		char *inner = xstrndup(open + 1, (p + blen - 1) - (open + 1));
		char *t = path_base_token(inner);

		free(inner);
		return t;
	}
	return xstrndup(p, blen);
}

char *path_macro(const char *path, char **inner, char **steps)
{
	const char *p = path;
	size_t pre = 0, blen;
	const char *open;

	while (p[pre] == '&' || p[pre] == '*')
		pre++;
	blen = path_base_len(p + pre);
	if (!blen || p[pre + blen - 1] != ')' || pre)
		return NULL;
	open = strchr(p, '(');
	*inner = xstrndup(open + 1, (p + blen - 1) - (open + 1));
	*steps = xstrdup(p + blen);
	return xstrndup(p, open - p);
}

char *path_drop_anonymous(char *path)
{
	char *a;

	if (!path)
		return NULL;
	while ((a = strstr(path, "(anonymous at "))) {
		char *close = strchr(a, ')'), *sep = a, *rest;
		int arrow;

		/* back to the step separator before "struct iov_iter::(anonymous ...)" */
		while (sep > path && sep[-1] != '.' && !(sep[-1] == '>' && sep - 1 > path && sep[-2] == '-'))
			sep--;
		if (!close || sep == path)
			break;
		arrow = sep[-1] == '>';
		sep -= arrow ? 2 : 1;
		rest = close + 1;
		if (arrow && rest[0] == '.') {
			/* p->(anon).f is p->f */
			memmove(sep + 2, rest + 1, strlen(rest + 1) + 1);
		} else {
			memmove(sep, rest, strlen(rest) + 1);
		}
	}
	return path;
}

int path_same_value(const char *a, const char *b)
{
	return *a && *b && (strstr(a, b) || strstr(b, a));
}
