// SPDX-License-Identifier: GPL-2.0
/*
 * Subprocesses get argv arrays: no command string is ever built from file
 * names, so a tree path with spaces or quotes cannot change what runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spawn.h"
#include "usage.h"

static int redirect(int fd, const char *path)
{
	int nfd;

	if (!path)
		return 0;
	nfd = open(*path ? path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (nfd < 0)
		return -1;
	if (dup2(nfd, fd) < 0)
		return -1;
	close(nfd);
	return 0;
}

static void child(char *const argv[], char *const env[], const char *cwd,
		  const char *out_path, const char *err_path)
{
	if (cwd && chdir(cwd) < 0) {
		fprintf(stderr, "pageref: error: cannot enter %s: %s\n", cwd, strerror(errno));
		_exit(127);
	}
	if (redirect(1, out_path) < 0 || redirect(2, err_path) < 0) {
		fprintf(stderr, "pageref: error: cannot redirect output of %s: %s\n",
			argv[0], strerror(errno));
		_exit(127);
	}
	for (; env && *env; env++)
		putenv(*env);
	execvp(argv[0], argv);
	fprintf(stderr, "pageref: error: cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

static int exit_status(int status)
{
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/* PAGEREF_TOOL_TIMEOUT: seconds a tool (git, dot, spatch's checks) may take, default 600 */
static double tool_timeout(void)
{
	const char *v = getenv("PAGEREF_TOOL_TIMEOUT");
	char *end;
	double t;

	if (!v || !*v)
		return 600;
	t = strtod(v, &end);
	return *end || t <= 0 ? 600 : t;
}

int spawn_run_timed(char *const argv[], char *const env[], const char *cwd,
		    const char *out_path, const char *err_path, double timeout)
{
	pid_t pid;
	int status;
	double start = now_seconds(), wait_us = 1000;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return error("cannot fork to run %s: %s", argv[0], strerror(errno));
	if (pid == 0) {
		/* its own process group: a timeout kills what it started too */
		if (timeout > 0)
			setpgid(0, 0);
		child(argv, env, cwd, out_path, err_path);
	}
	if (timeout > 0)
		setpgid(pid, pid);
	for (;;) {
		pid_t r = waitpid(pid, &status, timeout > 0 ? WNOHANG : 0);

		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			return error("waiting for %s: %s", argv[0], strerror(errno));
		if (timeout > 0 && now_seconds() - start >= timeout) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			warning("%s did not finish in %.0f s and was killed (PAGEREF_TOOL_TIMEOUT)",
				argv[0], timeout);
			return SPAWN_TIMED_OUT;
		}
		/* a tool that answers at once is waited for at once; a slow one polled at 50 ms */
		if (r == 0) {
			usleep((useconds_t)wait_us);
			if (wait_us < 50000)
				wait_us *= 2;
		}
	}
	return exit_status(status);
}

int spawn_run_env(char *const argv[], char *const env[], const char *cwd,
		  const char *out_path, const char *err_path)
{
	return spawn_run_timed(argv, env, cwd, out_path, err_path, tool_timeout());
}

int spawn_run(char *const argv[], const char *cwd, const char *out_path,
	      const char *err_path)
{
	return spawn_run_env(argv, NULL, cwd, out_path, err_path);
}

/*
 * Each job runs in its own process group so that a timeout kills whatever it
 * started too (spatch runs Python). Polling every 20 ms is plenty for jobs
 * that take seconds, and keeps this free of signal handlers.
 */
void spawn_pool(struct spawn_job *jobs, int n, int parallel, double timeout)
{
	pid_t *pids = xcalloc(n ? n : 1, sizeof(*pids));
	double *start = xcalloc(n ? n : 1, sizeof(*start));
	int next = 0, running = 0, i;

	fflush(stdout);
	fflush(stderr);
	for (i = 0; i < n; i++) {
		jobs[i].status = -1;
		jobs[i].timed_out = 0;
		jobs[i].seconds = 0;
	}
	while (next < n || running > 0) {
		while (next < n && running < parallel) {
			struct spawn_job *j = &jobs[next];
			pid_t pid = fork();

			if (pid < 0) {
				error("cannot fork to run %s: %s", j->argv[0], strerror(errno));
				next++;
				continue;
			}
			if (pid == 0) {
				setpgid(0, 0);
				child(j->argv, j->env, j->cwd, j->out_path, j->err_path);
			}
			setpgid(pid, pid);
			pids[next] = pid;
			start[next] = now_seconds();
			next++;
			running++;
		}
		for (i = 0; i < next; i++) {
			int status;
			pid_t r;

			if (!pids[i])
				continue;
			r = waitpid(pids[i], &status, WNOHANG);
			if (r == pids[i]) {
				jobs[i].status = exit_status(status);
				jobs[i].seconds = now_seconds() - start[i];
				pids[i] = 0;
				running--;
			} else if (r == 0 && now_seconds() - start[i] > timeout && !jobs[i].timed_out) {
				jobs[i].timed_out = 1;
				kill(-pids[i], SIGKILL);
			}
		}
		if (running > 0)
			usleep(20000);
	}
	free(pids);
	free(start);
}

int spawn_have(const char *prog)
{
	const char *path = getenv("PATH");
	char *dirs, *dir, *save = NULL;
	int found = 0;

	if (strchr(prog, '/'))
		return access(prog, X_OK) == 0;
	if (!path)
		return 0;
	dirs = xstrdup(path);
	for (dir = strtok_r(dirs, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
		char *full = xasprintf("%s/%s", dir, prog);

		found = access(full, X_OK) == 0;
		free(full);
	}
	free(dirs);
	return found;
}

char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, alloc = 0, got;

	if (!f)
		return NULL;
	do {
		ALLOC_GROW(buf, n + 65536, alloc);
		while (alloc < n + 65537)
			buf = xrealloc(buf, alloc *= 2);
		got = fread(buf + n, 1, 65536, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}
