// SPDX-License-Identifier: GPL-2.0
/*
 * Building the series with git itself: a scratch repository holds the
 * original files as its base commit, each patch is applied and committed
 * there, and `git format-patch` writes the mails. git is made to ignore the
 * user's configuration (format.*, diff.*, core.abbrev would all change the
 * bytes), so the same input gives the same series.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hash.h"
#include "series.h"
#include "spawn.h"

#define MANIFEST ".pageref-series"

static char *capture(char **argv, const char *cwd, char **env)
{
	char out[] = "/tmp/pageref-out-XXXXXX";
	int fd = mkstemp(out);
	char *text = NULL;

	if (fd < 0)
		return NULL;
	close(fd);
	if (spawn_run_env(argv, env, cwd, out, "") == 0)
		text = read_file(out, NULL);
	unlink(out);
	if (text) {
		size_t n = strlen(text);

		while (n && text[n - 1] == '\n')
			text[--n] = '\0';
		if (!n) {
			free(text);
			text = NULL;
		}
	}
	return text;
}

void series_identity(const char *tree, struct series_identity *who)
{
	char *name[] = { "git", "-C", (char *)tree, "config", "--get", "user.name", NULL };
	char *email[] = { "git", "-C", (char *)tree, "config", "--get", "user.email", NULL };

	who->name = capture(name, NULL, NULL);
	who->email = capture(email, NULL, NULL);
	if (!who->name || !who->email) {
		free(who->name);
		free(who->email);
		who->name = who->email = NULL;
	}
}

/* ---- OUT/patches ownership ---------------------------------------------- */

static int file_in_manifest(const char *manifest, const char *name, const char *hash)
{
	char *want = xasprintf("%s %s\n", hash, name);
	int found = strstr(manifest, want) != NULL;

	free(want);
	return found;
}

int series_out_ok(const char *out)
{
	char *dir = xasprintf("%s/patches", out), *mpath = xasprintf("%s/%s", dir, MANIFEST);
	char *manifest = read_file(mpath, NULL);
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t listed = 0, present = 0;
	int ret = 0;

	if (!d) {
		ret = errno == ENOENT ? 0 :
		      input_error("cannot read %s: %s", dir, strerror(errno));
		goto out;
	}
	for (const char *p = manifest; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : "")
		listed++;
	while (!ret && (e = readdir(d))) {
		char *path, hash[HASH_HEX];

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || !strcmp(e->d_name, MANIFEST))
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		if (!manifest)
			ret = input_error("%s holds files pageref did not write (%s): move them away "
					  "or choose another OUT", dir, e->d_name);
		else if (hash_file(path, hash) < 0 || !file_in_manifest(manifest, e->d_name, hash))
			ret = input_error("%s/%s was added or edited since pageref wrote the series: "
					  "move the series away to keep it", dir, e->d_name);
		present++;
		free(path);
	}
	closedir(d);
	if (!ret && manifest && present != listed)
		ret = input_error("%s is missing files of the series pageref wrote: move it away "
				  "to keep what is left", dir);
out:
	free(manifest);
	free(mpath);
	free(dir);
	return ret;
}

/* ---- the scratch repository --------------------------------------------- */

struct repo {
	char *dir;
	struct strvec env;
};

static int git(struct repo *r, const char *out_path, const char *err_path, ...)
{
	struct strvec argv = STRVEC_INIT;
	va_list ap;
	const char *a;
	int ret;

	strvec_push(&argv, "git");
	va_start(ap, err_path);
	while ((a = va_arg(ap, const char *)))
		strvec_push(&argv, a);
	va_end(ap);
	ret = spawn_run_env(argv.v, r->env.v, r->dir, out_path, err_path);
	strvec_clear(&argv);
	return ret;
}

static int copy_file(const char *from, const char *to)
{
	size_t len;
	char *text = read_file(from, &len), *slash = xstrdup(to), *p;
	FILE *f;
	int ret = -1;

	for (p = strchr(slash + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		mkdir(slash, 0777);
		*p = '/';
	}
	free(slash);
	if (text && (f = fopen(to, "wb"))) {
		ret = fwrite(text, 1, len, f) == len ? 0 : -1;
		if (fclose(f))
			ret = -1;
	}
	free(text);
	return ret;
}

static int write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	int ret;

	if (!f)
		return io_error(errno, "cannot write %s: %s", path, strerror(errno));
	ret = fputs(text, f) < 0 ? -1 : 0;
	if (fclose(f) || ret)
		return io_error(errno, "cannot write %s: %s", path, strerror(errno));
	return 0;
}

static int repo_init(struct series *s, struct repo *r, struct series_patch *p, int n)
{
	const char *name = s->who.name ? s->who.name : "(no git identity: add yours)";
	const char *email = s->who.email ? s->who.email : "";
	char *cmd;

	memset(r, 0, sizeof(*r));
	r->dir = xasprintf("%s/repo", s->work);
	cmd = xasprintf("%s/.git", r->dir);
	if (mkdir(r->dir, 0777) < 0 && errno != EEXIST) {
		free(cmd);
		return io_error(errno, "cannot create %s: %s", r->dir, strerror(errno));
	}
	free(cmd);
	strvec_push(&r->env, "GIT_CONFIG_NOSYSTEM=1");
	strvec_push(&r->env, "GIT_CONFIG_GLOBAL=/dev/null");
	strvec_pushf(&r->env, "GIT_AUTHOR_NAME=%s", name);
	strvec_pushf(&r->env, "GIT_AUTHOR_EMAIL=%s", email);
	strvec_pushf(&r->env, "GIT_COMMITTER_NAME=%s", name);
	strvec_pushf(&r->env, "GIT_COMMITTER_EMAIL=%s", email);
	strvec_pushf(&r->env, "GIT_AUTHOR_DATE=%s", s->date);
	strvec_pushf(&r->env, "GIT_COMMITTER_DATE=%s", s->date);
	if (git(r, "", NULL, "init", "-q", "-b", "base", NULL))
		return input_error("git init failed in %s", r->dir);	/* git, not us */
	for (int i = 0; i < n; i++) {
		char *from = xasprintf("%s/%s", s->tree, p[i].file);
		char *to = xasprintf("%s/%s", r->dir, p[i].file);
		int bad = copy_file(from, to);

		free(from);
		free(to);
		if (bad)
			return error("cannot copy %s into %s", p[i].file, r->dir);
	}
	if (git(r, "", NULL, "add", "-A", NULL) ||
	    git(r, "", NULL, "commit", "-q", "--allow-empty", "-m", "base", NULL))
		return input_error("git commit of the base failed in %s", r->dir);
	return 0;
}

static void repo_release(struct repo *r)
{
	free(r->dir);
	strvec_clear(&r->env);
}

/* ---- checks ------------------------------------------------------------- */

/* diff -u of the original and the changed copy, with git-style a/ b/ names */
static char *make_diff(struct series *s, struct series_patch *p, int i)
{
	char *orig = xasprintf("%s/%s", s->tree, p->file);
	char *a = xasprintf("a/%s", p->file), *b = xasprintf("b/%s", p->file);
	char *out = xasprintf("%s/%04d.diff", s->work, i + 1);
	char *argv[] = { "diff", "-u", "--label", a, "--label", b, orig, p->changed, NULL };
	int rc = spawn_run(argv, NULL, out, "");

	free(orig);
	free(a);
	free(b);
	if (rc != 1) {		/* 1: the files differ, as they must */
		free(out);
		return NULL;
	}
	return out;
}

static void run_checkpatch(struct series *s, struct series_patch *p, const char *mail)
{
	char *script = xasprintf("%s/scripts/checkpatch.pl", s->tree);
	char *log = xasprintf("%s.checkpatch", mail);
	struct strvec argv = STRVEC_INIT;
	char *text, *line, *save = NULL, *total;
	struct strvec lines = STRVEC_INIT;
	size_t len = 0;
	int no_tree = 0;

	strvec_push(&argv, "perl");
	strvec_push(&argv, script);
	strvec_push(&argv, "--strict");
	strvec_push(&argv, "--color=never");
	/* the sign-off is checked only when there is an identity to sign with */
	if (!s->who.name)
		strvec_push(&argv, "--no-signoff");
	strvec_push(&argv, mail);
	spawn_run(argv.v, s->tree, log, "");
	text = read_file(log, NULL);
	/*
	 * checkpatch wants the top of a complete kernel tree for its tree
	 * checks; a partial tree is checked with --no-tree, and says so.
	 */
	if (text && strstr(text, "Must be run from the top-level dir")) {
		free(text);
		strvec_push(&argv, "--no-tree");
		spawn_run(argv.v, s->tree, log, "");
		text = read_file(log, NULL);
		no_tree = 1;
	}
	strvec_clear(&argv);
	p->cp_errors = p->cp_warnings = -1;
	total = text ? strstr(text, "total: ") : NULL;
	if (total)
		sscanf(total, "total: %d errors, %d warnings", &p->cp_errors, &p->cp_warnings);
	for (line = text ? strtok_r(text, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save))
		if (!strncmp(line, "ERROR:", 6) || !strncmp(line, "WARNING:", 8) ||
		    !strncmp(line, "CHECK:", 6)) {
			strvec_push(&lines, line);
			len += strlen(line) + 2;
		}
	if (no_tree) {
		strvec_push(&lines, "(checkpatch.pl --no-tree: not the top of a full kernel tree)");
		len += 80;
	}
	if (lines.nr) {
		free(p->detail);
		p->detail = xcalloc(len + 1, 1);
		for (size_t i = 0; i < lines.nr; i++) {
			strcat(p->detail, i ? "; " : "");
			strcat(p->detail, lines.v[i]);
		}
	}
	if (p->cp_errors < 0) {
		free(p->detail);
		p->detail = xasprintf("checkpatch.pl did not run (see %s)", log);
	}
	strvec_clear(&lines);
	free(text);
	free(log);
	free(script);
}

/* Commit patch i on top of what is checked out; 0 when it applied. */
static int commit_one(struct series *s, struct repo *r, struct series_patch *p, const char *diff,
		      int i)
{
	char *msg = xasprintf("%s/%04d.msg", s->work, i + 1);
	int ret = -1;

	if (!write_text(msg, p->message) && !git(r, "", "", "apply", "--index", diff, NULL) &&
	    !git(r, "", NULL, "commit", "-q", "-F", msg, NULL))
		ret = 0;
	if (ret)
		git(r, "", "", "reset", "-q", "--hard", NULL);
	free(msg);
	return ret;
}

/* ---- the series ---------------------------------------------------------- */
static int write_manifest(const char *dir)
{
	struct strvec names = STRVEC_INIT;
	char *manifest, *mpath;
	int ret;

	if (dir_names(dir, &names) < 0)
		return error("cannot read %s: %s", dir, strerror(errno));
	manifest = xstrdup("");
	for (size_t i = 0; i < names.nr; i++) {
		char *path = xasprintf("%s/%s", dir, names.v[i]), hash[HASH_HEX], *next;

		if (hash_file(path, hash) < 0)
			hash[0] = '\0';
		next = xasprintf("%s%s %s\n", manifest, hash, names.v[i]);
		free(manifest);
		manifest = next;
		free(path);
	}
	mpath = xasprintf("%s/%s", dir, MANIFEST);
	ret = write_text(mpath, manifest);
	free(mpath);
	free(manifest);
	strvec_clear(&names);
	return ret;
}

static int remove_tree(const char *dir)
{
	char *argv[] = { "rm", "-rf", (char *)dir, NULL };

	return spawn_run(argv, NULL, NULL, NULL) ? -1 : 0;
}

int series_write(struct series *s, struct series_patch *p, int n,
		 char *(*cover)(void *ctx, struct series_patch *p, int n), void *ctx)
{
	struct repo r;
	struct strvec ceiling = STRVEC_INIT;
	char **diffs = xcalloc(n ? n : 1, sizeof(*diffs));
	char *next = xasprintf("%s/patches.new", s->out), *dest = xasprintf("%s/patches", s->out);
	char *old = xasprintf("%s/patches.old", s->out);
	int ret = -1, in = 0;

	/*
	 * git apply run inside a repository applies paths relative to its top
	 * and silently skips the rest: a tree that sits below another work tree
	 * (a scratch copy, a monorepo) would pass every check. Git must not
	 * look above the tree; at its top, the tree's own repository is used.
	 */
	{
		char *parent = xstrdup(s->tree), *slash = strrchr(parent, '/');

		if (slash && slash != parent)
			*slash = '\0';
		strvec_pushf(&ceiling, "GIT_CEILING_DIRECTORIES=%s", parent);
		free(parent);
	}
	if (repo_init(s, &r, p, n))
		goto out;
	/* each patch alone on the base: does it apply to the tree, checkpatch? */
	for (int i = 0; i < n; i++) {
		char *mail = xasprintf("%s/%04d.mail", s->work, i + 1);
		char *argv[] = { "git", "apply", "--check", "-p1", NULL, NULL };

		p[i].applies = 0;
		p[i].cp_errors = p[i].cp_warnings = -1;
		diffs[i] = make_diff(s, &p[i], i);
		if (diffs[i])
			p[i].diff = read_file(diffs[i], NULL);
		if (!diffs[i]) {
			p[i].detail = xstrdup("the changed copy does not differ from the tree");
			free(mail);
			continue;
		}
		argv[4] = diffs[i];
		if (spawn_run_env(argv, ceiling.v, s->tree, "", "") != 0) {
			p[i].detail = xasprintf("git apply --check fails on the tree");
		} else if (git(&r, "", "", "checkout", "-q", "--detach", "base", NULL) ||
			   commit_one(s, &r, &p[i], diffs[i], i) ||
			   git(&r, mail, "", "format-patch", "-1", "--stdout", "--zero-commit",
			       "--no-signature", NULL)) {
			p[i].detail = xasprintf("git could not commit it in %s", r.dir);
		} else {
			p[i].applies = 1;
			run_checkpatch(s, &p[i], mail);
		}
		free(mail);
	}
	/* the series: the patches that pass, in order, each on the previous */
	if (git(&r, "", "", "checkout", "-q", "-B", "series", "base", NULL))
		goto out;
	for (int i = 0; i < n; i++) {
		if (!p[i].applies || p[i].cp_errors != 0)
			continue;
		if (commit_one(s, &r, &p[i], diffs[i], i)) {
			p[i].applies = 0;
			free(p[i].detail);
			p[i].detail = xstrdup("does not apply after the patches before it in the series");
			continue;
		}
		in++;
	}
	remove_tree(next);
	if (mkdir(next, 0777) < 0) {
		io_error(errno, "cannot create %s: %s", next, strerror(errno));
		goto out;
	}
	if (in) {
		char *text = cover(ctx, p, n);
		int bad;

		/* the cover letter comes from the branch description */
		bad = git(&r, "", NULL, "config", "branch.series.description", text, NULL);
		free(text);
		if (bad ||
		    git(&r, "", NULL, "format-patch", "-q", "--cover-letter",
			"--cover-from-description=subject", "--zero-commit", "--no-signature",
			"--numbered", "-o", next, "base..series", NULL)) {
			/* git said why (a full disk, a broken git): the machine's, not ours */
			input_error("git format-patch failed in %s", r.dir);
			goto out;
		}
	}
	/* which file is which patch: format-patch numbers them in order */
	{
		int k = 0;

		for (int i = 0; i < n; i++) {
			if (!p[i].applies || p[i].cp_errors != 0)
				continue;
			k++;
			{
				char *pattern = xasprintf("%04d-", k);
				DIR *d = opendir(next);
				struct dirent *e;

				while (d && (e = readdir(d)))
					if (!strncmp(e->d_name, pattern, 5))
						p[i].path = xasprintf("patches/%s", e->d_name);
				if (d)
					closedir(d);
				free(pattern);
			}
		}
	}
	if (write_manifest(next))
		goto out;
	/* swap in the new series only now: a failure above left the old one */
	test_kill_point("patch");
	remove_tree(old);
	if ((rename(dest, old) < 0 && errno != ENOENT) || rename(next, dest) < 0) {
		error("cannot move %s into place: %s", next, strerror(errno));
		goto out;
	}
	remove_tree(old);
	ret = 0;
out:
	for (int i = 0; i < n; i++)
		free(diffs[i]);
	free(diffs);
	free(next);
	free(dest);
	free(old);
	strvec_clear(&ceiling);
	repo_release(&r);
	return ret;
}
