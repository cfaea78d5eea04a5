// SPDX-License-Identifier: GPL-2.0
/*
 * Subject prefixes. Kernel subsystems each have their own ("nvme-tcp:",
 * "scsi: libfc:", "libceph:"), and the file's own history is the best
 * teacher; a tarball tree without history falls back to a small table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spawn.h"
#include "subjects.h"
#include "usage.h"

int tree_is_git(const char *tree)
{
	char *argv[] = { "git", "-C", (char *)tree, "rev-parse", "--show-prefix", NULL };
	char out[] = "/tmp/pageref-git-XXXXXX";
	int fd = mkstemp(out), ok = 0;
	char *text;

	if (fd < 0)
		return 0;
	close(fd);
	/* inside a work tree and at its top: --show-prefix prints an empty line */
	if (spawn_run(argv, NULL, out, "") == 0 && (text = read_file(out, NULL))) {
		ok = !strcmp(text, "\n");
		free(text);
	}
	unlink(out);
	return ok;
}

/* "net: tls: fix x" -> "net: tls"; NULL when the subject has no prefix. */
static char *prefix_of(const char *subject)
{
	const char *p = subject, *last = NULL;

	/* the prefix is the run of "word: " groups, where a word has no space */
	while (*p) {
		size_t w = strcspn(p, " :");

		if (!w || p[w] != ':' || p[w + 1] != ' ')
			break;
		last = p + w;
		p += w + 2;
	}
	return last ? xstrndup(subject, last - subject) : NULL;
}

static char *from_git_log(const char *tree, const char *file)
{
	char *argv[] = { "git", "-C", (char *)tree, "log", "-n", "50", "--no-merges",
			 "--format=%s", "--", (char *)file, NULL };
	char out[] = "/tmp/pageref-log-XXXXXX";
	int fd = mkstemp(out);
	char *text, *line, *save = NULL, *best = NULL;
	struct strvec seen = STRVEC_INIT;
	size_t best_n = 0;

	if (fd < 0)
		return NULL;
	close(fd);
	if (spawn_run(argv, NULL, out, "") != 0 || !(text = read_file(out, NULL))) {
		unlink(out);
		return NULL;
	}
	unlink(out);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *p = prefix_of(line);

		if (p)
			strvec_push(&seen, p);
		free(p);
	}
	/* the most common prefix; ties go to the most recent */
	for (size_t i = 0; i < seen.nr; i++) {
		size_t n = 0;

		for (size_t j = 0; j < seen.nr; j++)
			n += !strcmp(seen.v[i], seen.v[j]);
		if (n > best_n) {
			best_n = n;
			best = seen.v[i];
		}
	}
	best = best ? xstrdup(best) : NULL;
	strvec_clear(&seen);
	free(text);
	return best;
}

static char *from_table(const char *subjects_txt, const char *file)
{
	char *text = read_file(subjects_txt, NULL), *line, *save = NULL, *best = NULL;
	size_t best_len = 0;

	if (!text)
		return NULL;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t plen = strcspn(line, "\t");
		char *val = line + plen;

		if (*line == '#' || !*val)
			continue;
		while (*val == '\t')
			val++;
		if (plen > best_len && !strncmp(file, line, plen) &&
		    (file[plen] == '/' || file[plen] == '\0' || line[plen - 1] == '/')) {
			free(best);
			best = xstrdup(val);
			best_len = plen;
		}
	}
	free(text);
	return best;
}

static char *from_path(const char *file)
{
	const char *p = file;

	if (!strncmp(p, "drivers/", 8))
		p += 8;
	if (!strchr(p, '/'))
		return xstrdup("kernel");
	return xstrndup(p, strcspn(p, "/"));
}

char *subject_prefix(const char *tree, int is_git, const char *subjects_txt,
		     const char *file, const char **from)
{
	char *p = NULL;

	if (is_git && (p = from_git_log(tree, file))) {
		*from = "git log";
		return p;
	}
	if ((p = from_table(subjects_txt, file))) {
		*from = "subjects.txt";
		return p;
	}
	*from = "path";
	return from_path(file);
}

/* Run git in tree with args, its output in a NUL-terminated buffer; NULL on failure. */
static char *git_out(const char *tree, char **args)
{
	char *argv[16] = { "git", "-C", (char *)tree };
	char out[] = "/tmp/pageref-git-XXXXXX";
	int fd = mkstemp(out), n = 3;
	char *text = NULL;

	if (fd < 0)
		return NULL;
	close(fd);
	for (; *args && n < 15; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	if (spawn_run(argv, NULL, out, "") == 0)
		text = read_file(out, NULL);
	unlink(out);
	return text;
}

char *subject_fixes(const char *tree, const char *file, int line)
{
	char range[32], *sha, *parents, *out = NULL;
	char *blame[] = { "blame", "--porcelain", "-L", range, "--", (char *)file, NULL };

	if (line <= 0)
		return NULL;
	snprintf(range, sizeof(range), "%d,%d", line, line);
	sha = git_out(tree, blame);
	if (!sha || strspn(sha, "0123456789abcdef") < 40) {
		free(sha);
		return NULL;
	}
	sha[40] = '\0';
	{
		/* a root commit is the tree's import, not the change that made the bug */
		char *rl[] = { "rev-list", "--parents", "-n", "1", sha, NULL };
		char *log[] = { "log", "-1", "--abbrev=12", "--format=%h (\"%s\")", sha, NULL };

		parents = git_out(tree, rl);
		if (parents && strchr(parents, ' ') && (out = git_out(tree, log)))
			out[strcspn(out, "\n")] = '\0';
		free(parents);
	}
	free(sha);
	return out;
}
