// SPDX-License-Identifier: GPL-2.0
/*
 * Diagnostics and the small allocation helpers every file uses. Messages
 * follow git: lowercase, what failed first, no trailing full stop.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <time.h>

#include "usage.h"

int error_exit_code = EXIT_BUG;

/* this thread's errors are held here rather than printed (errors_hold()) */
static __thread struct held_error *held;

void errors_hold(struct held_error *h)
{
	held = h;
}

int errors_say(struct held_error *h)
{
	int ret = 0;

	if (h->msg)
		ret = h->code == EXIT_INPUT ? input_error("%s", h->msg) : error("%s", h->msg);
	free(h->msg);
	h->msg = NULL;
	return ret;
}

static void vreport(const char *prefix, const char *fmt, va_list ap)
{
	if (held && !strcmp(prefix, "error: ")) {
		if (!held->msg && vasprintf(&held->msg, fmt, ap) < 0)
			held->msg = NULL;
		return;
	}
	fprintf(stderr, "pageref: %s", prefix);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("error: ", fmt, ap);
	va_end(ap);
	return -1;
}

/* the exit code says the input, or the machine, was at fault (not us) */
static void blame_input(void)
{
	if (held) {
		if (!held->msg)
			held->code = EXIT_INPUT;
	} else {
		error_exit_code = EXIT_INPUT;
	}
}

int io_error(int err, const char *fmt, ...)
{
	va_list ap;

	/* the machine's: a full, failing or read-only disk (errno kept by the caller) */
	if (err == ENOSPC || err == EIO || err == EROFS || err == EDQUOT || err == EFBIG)
		blame_input();
	va_start(ap, fmt);
	vreport("error: ", fmt, ap);
	va_end(ap);
	return -1;
}

int input_error(const char *fmt, ...)
{
	va_list ap;

	blame_input();
	va_start(ap, fmt);
	vreport("error: ", fmt, ap);
	va_end(ap);
	return -1;
}

void warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("warning: ", fmt, ap);
	va_end(ap);
}

void note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("", fmt, ap);
	va_end(ap);
}

void die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("error: ", fmt, ap);
	va_end(ap);
	exit(code);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die(EXIT_BUG, "out of memory allocating %zu bytes", n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		die(EXIT_BUG, "out of memory allocating %zu bytes", n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die(EXIT_BUG, "out of memory allocating %zu bytes", n);
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		die(EXIT_BUG, "out of memory formatting a string");
	va_end(ap);
	return s;
}

void strvec_push(struct strvec *sv, const char *s)
{
	ALLOC_GROW(sv->v, sv->nr + 1, sv->alloc);
	sv->v[sv->nr++] = xstrdup(s);
	sv->v[sv->nr] = NULL;
}

void strvec_pushf(struct strvec *sv, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		die(EXIT_BUG, "out of memory formatting a string");
	va_end(ap);
	ALLOC_GROW(sv->v, sv->nr + 1, sv->alloc);
	sv->v[sv->nr++] = s;
	sv->v[sv->nr] = NULL;
}

void strvec_clear(struct strvec *sv)
{
	for (size_t i = 0; i < sv->nr; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->nr = sv->alloc = 0;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int dir_names(const char *dir, struct strvec *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			strvec_push(out, e->d_name);
	closedir(d);
	qsort(out->v, out->nr, sizeof(*out->v), cmp_name);
	return 0;
}

double cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void test_kill_point(const char *point)
{
	const char *at = getenv("PAGEREF_TEST_KILL_AT");

	if (at && !strcmp(at, point))
		raise(SIGKILL);
}

double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int mkdir_p(const char *path)
{
	char *p = xstrdup(path);
	int ret = 0;

	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST)
			ret = -1;
		*s = '/';
	}
	if (!ret && mkdir(p, 0777) < 0 && errno != EEXIST)
		ret = -1;
	free(p);
	return ret;
}
