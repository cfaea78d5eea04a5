/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_SPAWN_H
#define PAGEREF_SPAWN_H

/*
 * Run argv (never a shell string) in cwd (NULL: ours), stdout and stderr
 * redirected to the named files (NULL: inherited, "" : /dev/null).
 * Returns the exit status, 128+signal when killed, or -1 when it could not
 * be started (the reason is printed).
 */
int spawn_run(char *const argv[], const char *cwd, const char *out_path,
	      const char *err_path);

/*
 * spawn_run() with extra "NAME=value" environment entries (NULL-terminated).
 * Both give a tool PAGEREF_TOOL_TIMEOUT seconds (default 600): a git, dot
 * or spatch that hangs is killed, with what it started, and the call
 * returns SPAWN_TIMED_OUT (a warning says so).
 */
int spawn_run_env(char *const argv[], char *const env[], const char *cwd,
		  const char *out_path, const char *err_path);

#define SPAWN_TIMED_OUT 124	/* as timeout(1) */

/* The same with its own timeout in seconds (0: none; kbuild's make). */
int spawn_run_timed(char *const argv[], char *const env[], const char *cwd,
		    const char *out_path, const char *err_path, double timeout);

/*
 * A batch of commands run at most `parallel` at a time, each killed (with
 * its process group) after `timeout` seconds. Results are filled in.
 */
struct spawn_job {
	char **argv, **env;
	const char *cwd, *out_path, *err_path;
	int status;		/* exit status, 128+signal, -1 not started */
	int timed_out;
	double seconds;
};
void spawn_pool(struct spawn_job *jobs, int n, int parallel, double timeout);

/* Is prog on PATH? */
int spawn_have(const char *prog);

/* Read a whole file into a NUL-terminated buffer; NULL on failure. */
char *read_file(const char *path, size_t *len);

#endif
