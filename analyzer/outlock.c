// SPDX-License-Identifier: GPL-2.0
/* One writer per OUT (outlock.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "outlock.h"
#include "usage.h"

int out_lock(const char *out, const char *what)
{
	char *path = xasprintf("%s/.pageref-lock", out), who[256] = "", line[320];
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644), n;
	time_t now = time(NULL);
	struct tm tm;

	if (fd < 0) {
		input_error("cannot write %s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		ssize_t got = pread(fd, who, sizeof(who) - 1, 0);

		who[got > 0 ? got : 0] = '\0';
		who[strcspn(who, "\n")] = '\0';
		input_error("%s is being written by another run (%s): wait for it, or use another OUT",
			    out, *who ? who : "a process that did not say which");
		close(fd);
		free(path);
		return -1;
	}
	/* held until this process and its forked workers are gone; the fd stays open */
	localtime_r(&now, &tm);
	n = snprintf(line, sizeof(line), "pageref %s, pid %d, since %04d-%02d-%02d %02d:%02d:%02d\n",
		     what, (int)getpid(), tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		     tm.tm_min, tm.tm_sec);
	if (ftruncate(fd, 0) < 0 || pwrite(fd, line, n, 0) != n)
		warning("cannot note the run in %s: %s", path, strerror(errno));
	free(path);
	return 0;
}
