/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_USAGE_H
#define PAGEREF_USAGE_H

#include <stddef.h>

/*
 * Exit codes, documented in Documentation/usage.md. Never reuse a number.
 */
enum exit_code {
	EXIT_CLEAN = 0,		/* done, nothing at or above the chosen severity */
	EXIT_FINDINGS = 1,	/* findings at or above the chosen severity */
	EXIT_USAGE = 2,		/* bad command line */
	EXIT_INPUT = 3,		/* input or environment problem */
	EXIT_BUG = 4,		/* internal bug */
	EXIT_PARTIAL = 5,	/* finished, but some translation units failed */
};

/* Print "pageref: error: ..." on stderr and return -1. */
int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print the message and exit with code. */
void die(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

/*
 * The exit code an error() should turn into; code paths that detect bad
 * input set it to EXIT_INPUT before returning error(), the default is
 * EXIT_BUG so that an unexplained failure is never mistaken for bad input.
 */
extern int error_exit_code;
int input_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * error() for a failed write or create, err its errno: a full, failing or
 * read-only disk (ENOSPC, EIO, EROFS, EDQUOT, EFBIG) is the machine's and
 * exits 3 like input_error(); anything else is ours.
 */
int io_error(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * A helper thread's errors are held, not printed, so that a run still says
 * one error line: the first message and its exit code (EXIT_INPUT for an
 * input_error(), else 0), for the thread that waits for it to report or
 * drop. errors_hold(NULL) prints again. die() still exits.
 */
struct held_error {
	char *msg;
	int code;
};
void errors_hold(struct held_error *h);
/* Say a held error, if any, and let it go: -1 if there was one, else 0. */
int errors_say(struct held_error *h);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define ALLOC_GROW(p, nr, alloc) do { \
	if ((nr) >= (alloc)) { \
		(alloc) = (alloc) ? 2 * (alloc) : 16; \
		(p) = xrealloc((p), (alloc) * sizeof(*(p))); \
	} \
} while (0)

/* A NULL-terminated, growable argv. */
struct strvec {
	char **v;
	size_t nr, alloc;
};
#define STRVEC_INIT { NULL, 0, 0 }
void strvec_push(struct strvec *sv, const char *s);
void strvec_pushf(struct strvec *sv, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strvec_clear(struct strvec *sv);
/* The names in dir, sorted, leaving out those starting with '.'; -1 (errno set) when it cannot be read. */
int dir_names(const char *dir, struct strvec *out);

/* mkdir -p: 0, or -1 with errno set. */
int mkdir_p(const char *path);

/* Seconds since an arbitrary monotonic origin. */
double now_seconds(void);

/*
 * PAGEREF_TEST_KILL_AT=POINT: the process dies here, as a kill -9 or a
 * power cut would take it (no handler, nothing flushed). For the fault
 * tests (tests/run-faults.sh): link, solve, patch, report.
 */
void test_kill_point(const char *point);
/* CPU seconds this process has used (steadier than wall time on a busy machine). */
double cpu_seconds(void);

#endif
