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

/* Is prog on PATH? */
int spawn_have(const char *prog);

/* Read a whole file into a NUL-terminated buffer; NULL on failure. */
char *read_file(const char *path, size_t *len);

#endif
