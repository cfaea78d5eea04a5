// SPDX-License-Identifier: GPL-2.0
/*
 * The kbuild stage: an O= object directory configured and prepared with
 * LLVM=-19, and compile commands taken from a `make -n` dry run, so that
 * nothing is compiled. Both steps are cached by a key over their inputs.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hash.h"
#include "kbuild.h"
#include "shellwords.h"
#include "spawn.h"

/* Passed to make -n so that already-built objects are listed too. */
#define LIST_MARKER "-D__PAGEREF_LIST"

static int is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int read_make_var(const char *makefile, const char *var, char *out, size_t len)
{
	FILE *f = fopen(makefile, "r");
	char line[512];
	size_t vl = strlen(var);

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *p = line;

		if (strncmp(p, var, vl))
			continue;
		p += vl;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p++ != '=')
			continue;
		while (*p == ' ' || *p == '\t')
			p++;
		p[strcspn(p, " \t\r\n")] = '\0';
		snprintf(out, len, "%s", p);
		fclose(f);
		return 0;
	}
	fclose(f);
	return -1;
}

int kbuild_check_tree(const char *dir, char *version, size_t len)
{
	char *mk = xasprintf("%s/Makefile", dir);
	char *kc = xasprintf("%s/Kconfig", dir);
	char *mb = xasprintf("%s/scripts/Makefile.build", dir);
	char v[32], p[32], s[32];
	int ret = 0;
	struct stat st;

	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		ret = input_error("%s: no such directory", dir);
	else if (!is_file(mk) || !is_file(kc) || !is_file(mb) ||
		 read_make_var(mk, "VERSION", v, sizeof(v)) < 0 ||
		 read_make_var(mk, "PATCHLEVEL", p, sizeof(p)) < 0)
		ret = input_error("%s is not a kernel tree (no top-level Makefile with VERSION, Kconfig and scripts/Makefile.build)", dir);
	else {
		if (read_make_var(mk, "SUBLEVEL", s, sizeof(s)) < 0 || !*s)
			snprintf(s, sizeof(s), "0");
		snprintf(version, len, "%s.%s.%s", v, p, s);
	}
	free(mk);
	free(kc);
	free(mb);
	return ret;
}

static int read_key(const char *path, char *key)
{
	FILE *f = fopen(path, "r");
	int ok;

	if (!f)
		return -1;
	ok = fscanf(f, "%16s", key) == 1;
	fclose(f);
	return ok ? 0 : -1;
}

static int write_key(const char *path, const char *key)
{
	FILE *f = fopen(path, "w");

	if (!f || fprintf(f, "%s\n", key) < 0 || fclose(f) < 0)
		return error("cannot write %s", path);
	return 0;
}

static void make_argv(struct strvec *argv, const struct kbuild_opts *o, const char *objdir)
{
	strvec_push(argv, "make");
	strvec_push(argv, "-s");
	strvec_pushf(argv, "-j%d", o->jobs);
	strvec_push(argv, "LLVM=-19");
	strvec_pushf(argv, "O=%s", objdir);
}

/*
 * Run make in the tree (with env's "NAME=value" entries added, if any),
 * stderr kept in a log whose last line we quote.
 */
static int run_make_env(struct strvec *argv, char *const env[], const struct kbuild_opts *o,
			const char *what, const char *out_path)
{
	char *log = xasprintf("%s/kbuild/%s.log", o->out, what);
	/* no time limit: an allmodconfig prepare or dry run takes minutes */
	int rc = spawn_run_timed(argv->v, env, o->kernel, out_path ? out_path : log, log, 0);

	if (rc != 0) {
		char *text = read_file(log, NULL);
		char *last = NULL, *p;

		if (text) {
			/*
			 * Quote kbuild's "*** what is wrong" line if there is one
			 * (the bare "***" around it says nothing), else the last line.
			 */
			char *said = NULL;

			for (p = strtok(text, "\n"); p; p = strtok(NULL, "\n")) {
				char *star = strstr(p, "*** ");

				if (star && !said && star[4 + strspn(star + 4, " ")])
					said = star + 4 + strspn(star + 4, " ");
				last = p;
			}
			if (said)
				last = said;
		}
		input_error("kernel %s failed (exit %d)%s%s; log in %s", what, rc,
			    last ? ": " : "", last ? last : "", log);
		free(text);
		free(log);
		return -1;
	}
	free(log);
	return 0;
}

static int run_make(struct strvec *argv, const struct kbuild_opts *o, const char *what,
		    const char *out_path)
{
	return run_make_env(argv, NULL, o, what, out_path);
}

/*
 * One struct layout for every object directory. With CONFIG_RANDSTRUCT
 * (allmodconfig has it) prepare draws a random seed, and what kbuild
 * generates from layouts (asm-offsets.h, which nearly every TU includes)
 * differs between two OUTs of one tree: the fact cache could share no TU
 * between them, and sizeof constants in the facts would differ. As the
 * kernel's reproducible-builds documentation says, the seed is made
 * before the build; if_changed keeps it because the .cmd file records the
 * command that would have made it (cmd_ up to 6.1, savedcmd_ from 6.3).
 */
#define PINNED_SEED "f8904e4f42425e63c93b0bb81f4663170f4ee6a2b41d02404062585acaaf4e8d"
/* sha256 of PINNED_SEED, as scripts/gen-randstruct-seed.sh writes it */
#define PINNED_SEED_HASH "cf4dbf690552306fa63585d3221a8c9f2986483d9d84cdbf818a14699bbd7e07"

static int seed_is_pinned(const char *objdir)
{
	char *path = xasprintf("%s/scripts/basic/randstruct.seed", objdir);
	char buf[80] = "";
	FILE *f = fopen(path, "r");
	int pinned = -1;	/* no seed yet */

	if (f) {
		pinned = fgets(buf, sizeof(buf), f) && !strcmp(buf, PINNED_SEED "\n");
		fclose(f);
	}
	free(path);
	return pinned;
}

static int write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f) < 0)
		return error("cannot write %s: %s", path, strerror(errno));
	return 0;
}

static int pin_seed(const struct kbuild_opts *o, const char *objdir)
{
	char *basic = xasprintf("%s/scripts/basic", objdir);
	char *gen = xasprintf("%s/include/generated", objdir);
	char *seed = xasprintf("%s/randstruct.seed", basic), *cmd = xasprintf("%s/.randstruct.seed.cmd", basic);
	char *hash = xasprintf("%s/randstruct_hash.h", gen);
	char *line = xasprintf("sh %s/scripts/gen-randstruct-seed.sh scripts/basic/randstruct.seed "
			       "./include/generated/randstruct_hash.h", o->kernel);
	char *cmdtext = xasprintf("cmd_scripts/basic/randstruct.seed := %s\n"
				  "savedcmd_scripts/basic/randstruct.seed := %s\n", line, line);
	int ret = -1;

	if (seed_is_pinned(objdir) == 0) {
		/* made with a random seed: what came from its layouts goes too */
		struct strvec argv = STRVEC_INIT;

		note("kbuild: %s was prepared with a random struct layout seed: cleaning it", objdir);
		make_argv(&argv, o, objdir);
		strvec_push(&argv, "mrproper");
		ret = run_make(&argv, o, "mrproper", NULL);
		strvec_clear(&argv);
		if (ret < 0)
			goto out;
		ret = -1;
	}
	if (mkdir_p(basic) < 0 || mkdir_p(gen) < 0) {
		error("cannot create %s: %s", basic, strerror(errno));
		goto out;
	}
	if (write_text(seed, PINNED_SEED "\n") < 0 || write_text(cmd, cmdtext) < 0 ||
	    write_text(hash, "#define RANDSTRUCT_HASHED_SEED \"" PINNED_SEED_HASH "\"\n") < 0)
		goto out;
	ret = 0;
out:
	free(basic);
	free(gen);
	free(seed);
	free(cmd);
	free(hash);
	free(line);
	free(cmdtext);
	return ret;
}

static int prepare(const struct kbuild_opts *o, const char *objdir)
{
	char *stamp = xasprintf("%s/.pageref-prepared", objdir);
	struct hasher *h = hasher_new();
	char key[HASH_HEX], old[HASH_HEX] = "";
	struct strvec argv = STRVEC_INIT;
	int ret = -1;

	hasher_add_str(h, o->kernel);
	if (o->config) {
		char cfg[HASH_HEX];

		if (hash_file(o->config, cfg) < 0) {
			hasher_finish(h, key);
			ret = input_error("cannot read config %s: %s", o->config, strerror(errno));
			goto out;
		}
		hasher_add_str(h, cfg);
	} else {
		hasher_add_str(h, "allmodconfig");
	}
	hasher_add_str(h, "randstruct seed " PINNED_SEED);
	hasher_finish(h, key);
	if (read_key(stamp, old) == 0 && !strcmp(old, key)) {
		ret = 0;
		goto out;
	}
	unlink(stamp);
	if (pin_seed(o, objdir) < 0)
		goto out;
	note("kbuild: configuring and preparing %s (once)", objdir);
	make_argv(&argv, o, objdir);
	if (o->config) {
		char *dst = xasprintf("%s/.config", objdir);
		char *cp[] = { "cp", (char *)o->config, dst, NULL };
		int rc = spawn_run(cp, NULL, NULL, NULL);

		free(dst);
		if (rc)
			goto out;
		strvec_push(&argv, "olddefconfig");
	} else {
		strvec_push(&argv, "allmodconfig");
	}
	strvec_push(&argv, "prepare");
	if (run_make(&argv, o, "prepare", NULL) < 0)
		goto out;
	if (seed_is_pinned(objdir) == 0)
		warning("kbuild: the kernel drew its own struct layout seed in %s: this OUT's facts "
			"will not be shared with other OUTs through the fact cache", objdir);
	ret = write_key(stamp, key);
out:
	strvec_clear(&argv);
	free(stamp);
	return ret;
}

/* --- compile commands ------------------------------------------------ */

static int dir_is_file(const char *d)
{
	size_t n = strlen(d);

	return n > 2 && !strcmp(d + n - 2, ".c");
}

static void split_dirs(const char *dirs, struct strvec *out)
{
	char *copy = xstrdup(dirs), *save = NULL, *d;

	for (d = strtok_r(copy, " \t\n", &save); d; d = strtok_r(NULL, " \t\n", &save)) {
		size_t n = strlen(d);

		while (n > 1 && d[n - 1] == '/')
			d[--n] = '\0';
		if (d[0] == '.' && d[1] == '/')
			d += 2;
		strvec_push(out, d);
	}
	free(copy);
}

/*
 * The whole tree, as the top-level Makefile descends into it: every
 * top-level directory with a Makefile or Kbuild, but for the ones that
 * hold no kernel objects (documentation, user-space tools, host scripts,
 * headers, licences) and the other architectures; Rust is left out (its
 * objects are not C). make -n over these lists what allmodconfig builds.
 */
static void whole_tree(const char *kernel, struct strvec *out)
{
	static const char *const not_kernel[] = {
		"Documentation", "tools", "scripts", "include", "LICENSES", "rust", "arch",
	};
	struct dirent **ents;
	int n = scandir(kernel, &ents, NULL, alphasort);

	for (int i = 0; i < n; i++) {
		const char *nm = ents[i]->d_name;
		int skip = nm[0] == '.';
		char *mk = xasprintf("%s/%s/Makefile", kernel, nm), *kb = xasprintf("%s/%s/Kbuild", kernel, nm);

		for (size_t k = 0; k < sizeof(not_kernel) / sizeof(not_kernel[0]) && !skip; k++)
			skip = !strcmp(nm, not_kernel[k]);
		if (!skip && ents[i]->d_type == DT_DIR && (is_file(mk) || is_file(kb)))
			strvec_push(out, nm);
		free(mk);
		free(kb);
		free(ents[i]);
	}
	if (n >= 0)
		free(ents);
	strvec_push(out, "arch/x86");	/* the one kbuild.c configures */
}

static struct hasher *ftw_hasher;

static int hash_makefile(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	const char *base = path + ftw->base;

	(void)type;
	if (!strcmp(base, "Makefile") || !strcmp(base, "Kbuild") || !strcmp(base, "Kconfig")) {
		hasher_add_str(ftw_hasher, path);
		hasher_add_u64(ftw_hasher, st->st_size);
		hasher_add_u64(ftw_hasher, st->st_mtim.tv_sec * 1000000000ull + st->st_mtim.tv_nsec);
	}
	return 0;
}

/*
 * The key of a make -n listing: the tree, the dirs, the .config and every
 * Makefile/Kbuild under the dirs. nftw visits in directory order, which
 * is stable for an unchanged tree, so the key is too.
 */
static void commands_key(const struct kbuild_opts *o, const char *objdir,
			 const struct strvec *dirs, char key[HASH_HEX])
{
	char *cfg = xasprintf("%s/.config", objdir);
	char chash[HASH_HEX] = "";

	ftw_hasher = hasher_new();
	hasher_add_str(ftw_hasher, "v4");	/* v4: every make of the listing into its own file */
	hasher_add_str(ftw_hasher, o->kernel);
	hash_file(cfg, chash);
	hasher_add_str(ftw_hasher, chash);
	for (size_t i = 0; i < dirs->nr; i++) {
		char *p = xasprintf("%s/%s", o->kernel, dirs->v[i]);

		hasher_add_str(ftw_hasher, dirs->v[i]);
		if (!dir_is_file(dirs->v[i]))
			nftw(p, hash_makefile, 16, FTW_PHYS);
		free(p);
	}
	hasher_finish(ftw_hasher, key);
	ftw_hasher = NULL;
	free(cfg);
}

void kbuild_clean_argv(const struct strvec *in, struct strvec *out)
{
	int quiet = 0;

	for (size_t i = 0; i < in->nr; i++) {
		const char *a = in->v[i];

		if (i == 0) {
			strvec_push(out, a);
			continue;
		}
		if (!strcmp(a, "-o") || !strcmp(a, "-MF") || !strcmp(a, "-MT") || !strcmp(a, "-MQ")) {
			i++;
			continue;
		}
		if (!strcmp(a, "-c") || !strcmp(a, LIST_MARKER) ||
		    !strcmp(a, "-MD") || !strcmp(a, "-MMD"))
			continue;
		/* warnings (and -Werror) cost time and do not change the AST */
		if (a[0] == '-' && a[1] == 'W') {
			if (!quiet)
				strvec_push(out, "-w");
			quiet = 1;
			continue;
		}
		strvec_push(out, a);
	}
}

struct listing {
	struct compdb *db;
	const char *objdir;
	/* compiles that are not the target's C: skipped, counted */
	long asm_files, other_c, rust;
};

static int is_compiler(const char *a0)
{
	const char *base = strrchr(a0, '/');

	base = base ? base + 1 : a0;
	return !strncmp(base, "clang", 5) || !strcmp(base, "gcc") || !strcmp(base, "cc") ||
	       (strlen(base) > 4 && !strcmp(base + strlen(base) - 4, "-gcc"));
}

static int take_command(struct strvec *argv, void *data)
{
	struct listing *l = data;
	const char *src;
	int compile = 0;
	struct strvec clean = STRVEC_INIT;

	int marked = 0;

	if (argv->nr >= 1 && strstr(argv->v[0], "rustc")) {
		l->rust++;
		return 0;
	}
	if (!is_compiler(argv->v[0]) || argv->nr < 3)
		return 0;
	for (size_t i = 1; i < argv->nr; i++) {
		if (!strcmp(argv->v[i], "-c"))
			compile = 1;
		if (!strcmp(argv->v[i], LIST_MARKER))
			marked = 1;
	}
	src = argv->v[argv->nr - 1];
	if (!compile || strlen(src) < 3)
		return 0;
	if (!strcmp(src + strlen(src) - 2, ".S")) {
		l->asm_files++;
		return 0;
	}
	if (strcmp(src + strlen(src) - 2, ".c"))
		return 0;
	if (!marked) {
		/* no KCFLAGS: a host tool (HOSTCC), or boot and vDSO code built with its own flags */
		l->other_c++;
		return 0;
	}
	kbuild_clean_argv(argv, &clean);
	compdb_add(l->db, xstrdup(l->objdir),
		   src[0] == '/' ? xstrdup(src) : xasprintf("%s/%s", l->objdir, src), &clean);
	strvec_clear(&clean);
	return 0;
}

/* Parse make -n output: join continuation lines, split into commands. */
static int parse_listing(const char *path, struct listing *l)
{
	char *text = read_file(path, NULL);
	char *line, *next;
	int mixed = 0;

	if (!text)
		return error("cannot read %s", path);
	for (line = text; line && *line; line = next) {
		char *end = line;
		char quote = 0;

		/*
		 * A command ends at a newline outside quotes and not escaped:
		 * kbuild's .cmd recipes quote whole command lines, newlines too.
		 */
		for (; *end; end++) {
			if (quote) {
				if (*end == quote)
					quote = 0;
				else if (quote == '"' && *end == '\\' && end[1])
					end++;
			} else if (*end == '\\' && end[1]) {
				end++;
			} else if (*end == '\'' || *end == '"') {
				quote = *end;
			} else if (*end == '\n') {
				break;
			}
		}
		next = *end ? end + 1 : NULL;
		*end = '\0';
		/*
		 * kbuild's recipes start "set -e; ...": a compile line that does
		 * not is the tail of one cut by another (interleaved output)
		 */
		if (strstr(line, LIST_MARKER) && strncmp(line + strspn(line, " \t"), "set -e;", 7))
			mixed++;
		if (strstr(line, " -c ") && shellwords_split(line, take_command, l) < 0)
			warning("%s: a line with unbalanced quotes was skipped", path);
	}
	free(text);
	/* cannot happen with one file per make (dry_run()); if it does, the list is not whole */
	if (mixed)
		return input_error("%s: %d compile line%s cut (interleaved make output): the "
				   "listing is incomplete", path, mixed, mixed == 1 ? " is" : "s are");
	return 0;
}

/*
 * Headers that kbuild generates on the way to an object and that prepare
 * does not make: ASN.1 decoders. Build the decoder object once.
 */
static int generate_asn1(const struct kbuild_opts *o, const char *objdir, struct compdb *db)
{
	for (size_t i = 0; i < db->nr; i++) {
		const char *f = db->cmd[i].file;
		size_t n = strlen(f), kl = strlen(o->kernel);
		char *h;

		if (n < 7 || strcmp(f + n - 7, ".asn1.c"))
			continue;
		/* X.asn1.c is generated in the object dir next to X.asn1.h */
		h = xasprintf("%.*s.h", (int)(n - 2), f);
		if (!is_file(h)) {
			struct strvec argv = STRVEC_INIT;
			const char *rel = f;

			if (!strncmp(f, objdir, strlen(objdir)))
				rel = f + strlen(objdir) + 1;
			else if (!strncmp(f, o->kernel, kl))
				rel = f + kl + 1;
			make_argv(&argv, o, objdir);
			strvec_pushf(&argv, "%.*s.o", (int)(strlen(rel) - 2), rel);
			if (run_make(&argv, o, "asn1", NULL) < 0)
				warning("could not generate %s", h);
			strvec_clear(&argv);
		}
		free(h);
	}
	return 0;
}

/*
 * Keep the entries that lie under the chosen dirs, in the tree or (for
 * generated sources) in the object dir; clean foreign argv when asked.
 */
static void filter_db(struct compdb *db, const char *kernel, const char *objdir,
		      const struct strvec *dirs, int clean_argv)
{
	size_t kl = strlen(kernel), ol = objdir ? strlen(objdir) : 0, j = 0;

	for (size_t i = 0; i < db->nr; i++) {
		const char *f = db->cmd[i].file;
		int keep = 0, in_tree = !strncmp(f, kernel, kl) && f[kl] == '/';

		if (in_tree || (ol && !strncmp(f, objdir, ol) && f[ol] == '/')) {
			f += in_tree ? kl + 1 : ol + 1;
			for (size_t d = 0; d < dirs->nr && !keep; d++) {
				size_t dl = strlen(dirs->v[d]);

				keep = !strncmp(f, dirs->v[d], dl) && (f[dl] == '/' || f[dl] == '\0');
			}
		}
		if (keep) {
			if (clean_argv) {
				struct strvec clean = STRVEC_INIT;

				kbuild_clean_argv(&db->cmd[i].argv, &clean);
				strvec_clear(&db->cmd[i].argv);
				db->cmd[i].argv = clean;
			}
			db->cmd[j++] = db->cmd[i];
		} else {
			free(db->cmd[i].directory);
			free(db->cmd[i].file);
			strvec_clear(&db->cmd[i].argv);
		}
	}
	db->nr = j;
	compdb_sort(db);
}

/* Append every file of dir, in name order, to out (NULL: none); remove them and dir. */
static int gather_parts(const char *dir, FILE *out)
{
	struct strvec names = STRVEC_INIT;
	int ret = 0;

	if (dir_names(dir, &names) < 0) {
		strvec_clear(&names);
		if (!out && errno == ENOENT)
			return 0;
		return error("cannot read %s: %s", dir, strerror(errno));
	}
	for (size_t i = 0; i < names.nr && !ret; i++) {
		char *p = xasprintf("%s/%s", dir, names.v[i]);
		size_t len;
		char *text = out ? read_file(p, &len) : NULL;

		if (out && (!text || fwrite(text, 1, len, out) != len))
			ret = error("cannot gather %s into the listing: %s", p, strerror(errno));
		free(text);
		unlink(p);
		free(p);
	}
	rmdir(dir);
	strvec_clear(&names);
	return ret;
}

/*
 * The dry run, every make process printing into a file of its own.
 * Parallel sub-makes share stdout, and even with --output-sync a parent's
 * echo of a recursive make lands inside a sibling's long compile line
 * (arch/x86/crypto/camellia_aesni_avx2_glue.c's, cut by "make -f
 * scripts/Makefile.build obj=drivers/bus/mhi/host"): the quote it opened
 * then swallowed the commands after it, and their TUs went missing (3 on
 * the 6.12 whole tree). Overriding MAKE with a wrapper that redirects
 * its own stdout gives each process one file: lines of one process never
 * interleave. make still runs recursive lines under -n, since they name
 * $(MAKE), and passes the override and the jobserver down.
 */
static int dry_run(const struct kbuild_opts *o, struct strvec *argv, const char *listing)
{
	char *parts = xasprintf("%s/kbuild/make-n.d", o->out);
	char *wrapper = xasprintf("%s/kbuild/make-n.sh", o->out);
	char *env[] = { xasprintf("PAGEREF_LISTING_PARTS=%s", parts), NULL };
	FILE *f;
	int ret = -1;

	/* a run cut short left parts behind: start empty */
	if (gather_parts(parts, NULL) == 0 && mkdir(parts, 0755) == 0 && (f = fopen(wrapper, "w"))) {
		int ok = fputs("#!/bin/sh\n"
			       "# pageref kbuild: one file per make of the dry run (kbuild.c, dry_run())\n"
			       "f=$(mktemp \"$PAGEREF_LISTING_PARTS/make.XXXXXX\") || exit 2\n"
			       "exec make \"$@\" >\"$f\"\n", f) >= 0;

		if (fclose(f) == 0 && ok && chmod(wrapper, 0755) == 0)
			ret = 0;
	}
	if (ret)
		error("cannot prepare the dry run in %s: %s", parts, strerror(errno));
	if (!ret) {
		free(argv->v[0]);
		argv->v[0] = xstrdup(wrapper);
		strvec_pushf(argv, "MAKE=%s", wrapper);
		ret = run_make_env(argv, env, o, "make-n", NULL);
	}
	if (!ret) {
		f = fopen(listing, "w");
		ret = f ? gather_parts(parts, f) : error("cannot write %s: %s", listing, strerror(errno));
		if (f && fclose(f) != 0 && !ret)
			ret = error("cannot write %s: %s", listing, strerror(errno));
	}
	free(env[0]);
	free(parts);
	free(wrapper);
	return ret;
}

static int list_commands(const struct kbuild_opts *o, const char *objdir,
			 const struct strvec *dirs, struct compdb *db)
{
	struct strvec argv = STRVEC_INIT;
	char *listing = xasprintf("%s/kbuild/make-n.txt", o->out);
	struct listing l = { db, objdir, 0, 0, 0 };
	int ret = -1;

	make_argv(&argv, o, objdir);
	strvec_push(&argv, "-n");
	strvec_push(&argv, "KCFLAGS=" LIST_MARKER);
	for (size_t i = 0; i < dirs->nr; i++) {
		const char *d = dirs->v[i];

		if (dir_is_file(d))
			strvec_pushf(&argv, "%.*s.o", (int)(strlen(d) - 2), d);
		else
			strvec_pushf(&argv, "%s/", d);
	}
	if (dry_run(o, &argv, listing) < 0)
		goto out;
	if (parse_listing(listing, &l) < 0)
		goto out;
	note("kbuild: the listing's compiles that are not the target's C are skipped: %ld assembler "
	     "files, %ld host-tool, boot or vDSO C files (built without the kernel's C flags), "
	     "%ld Rust crates", l.asm_files, l.other_c, l.rust);
	/* make -n also lists host tools built on the way (scripts/mod, dtc) */
	filter_db(db, o->kernel, objdir, dirs, 0);
	ret = generate_asn1(o, objdir, db);
out:
	strvec_clear(&argv);
	free(listing);
	return ret;
}

int kbuild_run(const struct kbuild_opts *o, struct compdb *db)
{
	char *objdir = xasprintf("%s/kbuild", o->out);
	char *out_db = xasprintf("%s/compile_commands.json", o->out);
	char *keyfile = xasprintf("%s/.pageref-commands", objdir);
	char *tree_db = xasprintf("%s/compile_commands.json", o->kernel);
	struct strvec dirs = STRVEC_INIT;
	char key[HASH_HEX], old[HASH_HEX] = "";
	int ret = -1;

	split_dirs(o->dirs ? o->dirs : "", &dirs);
	if (!dirs.nr)
		whole_tree(o->kernel, &dirs);
	if (!dirs.nr) {
		input_error("%s: no directory kbuild builds from", o->kernel);
		goto out;
	}
	for (size_t i = 0; i < dirs.nr; i++) {
		char *p = xasprintf("%s/%s", o->kernel, dirs.v[i]);

		if (access(p, F_OK) < 0) {
			input_error("%s: no such file or directory in %s", dirs.v[i], o->kernel);
			free(p);
			goto out;
		}
		free(p);
	}
	if (mkdir(objdir, 0777) < 0 && errno != EEXIST) {
		input_error("cannot create %s: %s", objdir, strerror(errno));
		goto out;
	}

	if (o->compile_db || is_file(tree_db)) {
		const char *src = o->compile_db ? o->compile_db : tree_db;

		note("kbuild: using compile commands from %s", src);
		if (compdb_read(db, src) < 0)
			goto out;
		filter_db(db, o->kernel, NULL, &dirs, 1);
	} else {
		if (prepare(o, objdir) < 0)
			goto out;
		commands_key(o, objdir, &dirs, key);
		if (read_key(keyfile, old) == 0 && !strcmp(key, old) && is_file(out_db)) {
			ret = compdb_read(db, out_db);
			goto out;
		}
		unlink(keyfile);
		if (list_commands(o, objdir, &dirs, db) < 0)
			goto out;
		if (compdb_write(db, out_db) < 0 || write_key(keyfile, key) < 0)
			goto out;
		ret = 0;
		goto out;
	}
	ret = compdb_write(db, out_db);
out:
	if (ret == 0 && !db->nr)
		ret = input_error("no compile commands for DIRS=\"%s\" (not enabled by the configuration?)", o->dirs);
	strvec_clear(&dirs);
	free(objdir);
	free(out_db);
	free(keyfile);
	free(tree_db);
	return ret;
}

int kbuild_build_objects(const struct kbuild_opts *o, const struct strvec *objs)
{
	char *objdir = xasprintf("%s/kbuild", o->out);
	struct strvec argv = STRVEC_INIT;
	int ret;

	make_argv(&argv, o, objdir);
	strvec_push(&argv, "-k");
	for (size_t i = 0; i < objs->nr; i++)
		strvec_push(&argv, objs->v[i]);
	ret = run_make(&argv, o, "objects", NULL);
	strvec_clear(&argv);
	free(objdir);
	return ret;
}
