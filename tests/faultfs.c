// SPDX-License-Identifier: GPL-2.0
/*
 * faultfs: an LD_PRELOAD shim for the fault tests (run-faults.sh). Once a
 * process has written FAULT_AFTER bytes to files under FAULT_DIR, every
 * further write there fails with FAULT_ERRNO (28, ENOSPC, by default; 5
 * for EIO): a disk that fills, or fails, part way through a stage, the
 * same way every run. Each process counts its own bytes (a forked worker
 * starts from its parent's count). Covered: open/openat and write/pwrite/
 * writev (SQLite's I/O) and fopen (stdio, through a cookie stream).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAX_FD 4096

static char under[MAX_FD];	/* fd -> a file under FAULT_DIR */
static long long written, limit = -1;
static int fault_errno = ENOSPC;
static char dir[PATH_MAX];
static size_t dirlen;
static int ready;

static void setup(void)
{
	const char *d = getenv("FAULT_DIR"), *a = getenv("FAULT_AFTER"), *e = getenv("FAULT_ERRNO");

	ready = 1;
	if (!d || !a)
		return;
	snprintf(dir, sizeof(dir), "%s/", d);
	dirlen = strlen(dir);
	limit = atoll(a);
	if (e)
		fault_errno = atoi(e);
}

static int is_under(int dirfd, const char *path)
{
	char abs[PATH_MAX * 2];

	if (!ready)
		setup();
	if (limit < 0 || !path)
		return 0;
	if (path[0] == '/') {
		snprintf(abs, sizeof(abs), "%s", path);
	} else if (dirfd == AT_FDCWD) {
		char cwd[PATH_MAX];

		if (!getcwd(cwd, sizeof(cwd)))
			return 0;
		snprintf(abs, sizeof(abs), "%s/%s", cwd, path);
	} else {
		return 0;
	}
	return !strncmp(abs, dir, dirlen);
}

static void track(int fd, int dirfd, const char *path)
{
	if (fd >= 0 && fd < MAX_FD)
		under[fd] = (char)is_under(dirfd, path);
}

/* may n more bytes be written to fd? */
static int allowed(int fd, size_t n)
{
	if (fd < 0 || fd >= MAX_FD || !under[fd] || limit < 0)
		return 1;
	if (written + (long long)n > limit) {
		errno = fault_errno;
		return 0;
	}
	written += n;
	return 1;
}

#define REAL(name) static __typeof__(name) *real_##name; \
	if (!real_##name) real_##name = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

static mode_t mode_arg(int flags, va_list ap)
{
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? va_arg(ap, mode_t) : 0;
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t m;
	int fd;

	REAL(open);
	va_start(ap, flags);
	m = mode_arg(flags, ap);
	va_end(ap);
	fd = real_open(path, flags, m);
	track(fd, AT_FDCWD, path);
	return fd;
}

int open64(const char *path, int flags, ...)
{
	va_list ap;
	mode_t m;
	int fd;

	REAL(open64);
	va_start(ap, flags);
	m = mode_arg(flags, ap);
	va_end(ap);
	fd = real_open64(path, flags, m);
	track(fd, AT_FDCWD, path);
	return fd;
}

int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t m;
	int fd;

	REAL(openat);
	va_start(ap, flags);
	m = mode_arg(flags, ap);
	va_end(ap);
	fd = real_openat(dirfd, path, flags, m);
	track(fd, dirfd, path);
	return fd;
}

int openat64(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t m;
	int fd;

	REAL(openat64);
	va_start(ap, flags);
	m = mode_arg(flags, ap);
	va_end(ap);
	fd = real_openat64(dirfd, path, flags, m);
	track(fd, dirfd, path);
	return fd;
}

ssize_t write(int fd, const void *buf, size_t n)
{
	REAL(write);
	return allowed(fd, n) ? real_write(fd, buf, n) : -1;
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	REAL(pwrite);
	return allowed(fd, n) ? real_pwrite(fd, buf, n, off) : -1;
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t off)
{
	REAL(pwrite64);
	return allowed(fd, n) ? real_pwrite64(fd, buf, n, off) : -1;
}

ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
	size_t n = 0;

	REAL(writev);
	for (int i = 0; i < cnt; i++)
		n += iov[i].iov_len;
	return allowed(fd, n) ? real_writev(fd, iov, cnt) : -1;
}

int close(int fd)
{
	REAL(close);
	if (fd >= 0 && fd < MAX_FD)
		under[fd] = 0;
	return real_close(fd);
}

/* stdio: glibc writes through internal calls, so a stream under FAULT_DIR is a cookie one */
static ssize_t cookie_write(void *c, const char *buf, size_t n)
{
	int fd = (int)(long)c;

	REAL(write);
	if (!allowed(fd, n))
		return -1;
	return real_write(fd, buf, n);
}

static ssize_t cookie_read(void *c, char *buf, size_t n)
{
	return read((int)(long)c, buf, n);
}

static int cookie_seek(void *c, off64_t *off, int whence)
{
	off64_t r = lseek64((int)(long)c, *off, whence);

	if (r < 0)
		return -1;
	*off = r;
	return 0;
}

static int cookie_close(void *c)
{
	return close((int)(long)c);
}

static FILE *wrap(FILE *f, const char *path, const char *mode)
{
	cookie_io_functions_t io = { cookie_read, cookie_write, cookie_seek, cookie_close };
	int fd;
	FILE *c;

	if (!f || !is_under(AT_FDCWD, path) || !strpbrk(mode, "wa+"))
		return f;
	fd = dup(fileno(f));
	if (fd < 0 || fd >= MAX_FD)
		return f;
	fclose(f);
	under[fd] = 1;
	c = fopencookie((void *)(long)fd, mode, io);
	return c;
}

FILE *fopen(const char *path, const char *mode)
{
	REAL(fopen);
	return wrap(real_fopen(path, mode), path, mode);
}

FILE *fopen64(const char *path, const char *mode)
{
	REAL(fopen64);
	return wrap(real_fopen64(path, mode), path, mode);
}
