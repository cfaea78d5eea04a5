// SPDX-License-Identifier: GPL-2.0
/*
 * pageref: the command line. Each subcommand is a thin client of one
 * stage's library function; exit codes are in usage.h and Documentation/usage.md.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compdb.h"
#include "embedded.h"
#include "hash.h"
#include "db_facts.h"
#include "db_solve.h"
#include "db.h"
#include "extract.h"
#include "extract_run.h"
#include "factcache.h"
#include "outlock.h"
#include "kbuild.h"
#include "link.h"
#include "merge.h"
#include "relevance.h"
#include "patch.h"
#include "report.h"
#include "scope.h"
#include "diff.h"
#include "query.h"
#include "solve.h"
#include "spawn.h"
#include "usage.h"
#include "validation.h"
#include "version.h"



struct options {
	char *kernel, *out, *dirs, *config, *compile_db, *query, *recipes, *format, *baseline;
	int jobs, retry_failed, force, no_patch, no_filter;
	int shard_k, shard_n;	/* extract --shard K/N; 0/0 when not sharded */
	long skipped;		/* TUs the relevance filter left out so far (progress) */
	/* what this run did, over every round: analyze says it at the end */
	long extracted;		/* TUs whose facts were stored (parsed or from the fact cache) */
	long cached;		/* of those, taken from the fact cache */
	int solves;		/* solves run (not found up to date) */
	enum severity fail_on;
	double tu_timeout, spatch_timeout;
};

/* The stage options, as bits: each command says which it takes (commands[]). */
enum {
	OPT_KERNEL = 1 << 0, OPT_OUT = 1 << 1, OPT_DIRS = 1 << 2, OPT_CONFIG = 1 << 3,
	OPT_COMPILE_DB = 1 << 4, OPT_JOBS = 1 << 5, OPT_RETRY_FAILED = 1 << 6, OPT_FORCE = 1 << 7,
	OPT_TU_TIMEOUT = 1 << 8, OPT_RECIPES = 1 << 9, OPT_SPATCH_TIMEOUT = 1 << 10,
	OPT_NO_PATCH = 1 << 11, OPT_NO_FILTER = 1 << 12, OPT_FORMAT = 1 << 13, OPT_FAIL_ON = 1 << 14,
	OPT_BASELINE = 1 << 15, OPT_SHARD = 1 << 16,
};

/* How a stage command uses OUT: which takes OUT's lock (outlock.h), which makes OUT. */
enum {
	OUT_WRITES = 1 << 0,
	OUT_MAKES = 1 << 1,		/* creates OUT if missing (kbuild, analyze) */
	OUT_TEXT_READS = 1 << 2,	/* but with --format=text only reads it */
};

/* the commands that take an option, for the message that refuses it elsewhere */
static void commands_taking(unsigned bit, char *buf, size_t len);

static const char usage_text[] =
	"usage: pageref <command> [options]\n"
	"\n"
	"commands:\n"
	"  analyze   kbuild, extract, link, solve, patch (what `make analyze` runs)\n"
	"  kbuild    prepare the object dir and write OUT/compile_commands.json\n"
	"  extract   extract facts from OUT/compile_commands.json into OUT/pageref.db\n"
	"  link      build the whole-program call graph (table edge)\n"
	"  solve     link, then derive reference-count effects (view v_refeffect)\n"
	"  patch     turn unguarded findings into a patch series in OUT/patches\n"
	"            (recipes from semantic-patches/, results in view v_patch)\n"
	"  filter    one round of the relevance filter over OUT/compile_commands.json\n"
	"            with the names OUT/pageref.db knows (nothing is extracted)\n"
	"  baseline  time clang-19 -fsyntax-only over OUT/compile_commands.json (make bench)\n"
	"  query     callers|callees|effects FUNCTION, pairs FUNCTION|CHANNEL,\n"
	"            explain FINDING-ID [--json]\n"
	"  report    OUT/pageref.sarif (SARIF 2.1.0); --format=text instead prints\n"
	"            unguarded findings as file:line:col: SEVERITY: ...\n"
	"            [rule] lines; --fail-on=note|warning|error exits 1 when any is\n"
	"            at or above it\n"
	"  diff      OLD NEW: findings new and fixed between two runs (OUT dirs or\n"
	"            pageref.db files), by fingerprint\n"
	"  validation [-o OUT] FILE  load validation/run.sh's results (make\n"
	"            validate) into the database (view v_validation); exits 1\n"
	"            when a step failed\n"
	"  merge     OUT SHARD.db...: combine the facts of extract --shard runs into\n"
	"            a new OUT/pageref.db (then link, solve, patch, report there)\n"
	"  sql       run one read-only query on OUT/pageref.db (rows as a|b|c)\n"
	"  cache     stats|clear: the fact cache every OUT shares (PAGEREF_FACT_CACHE)\n"
	"  version   print the version\n"
	"\n"
	"options:\n"
	"  -k, --kernel DIR       kernel tree (kbuild, analyze)\n"
	"  -o, --out DIR          output directory (default: out)\n"
	"  -d, --dirs LIST        directories or .c files (default: the whole tree\n"
	"                         kbuild builds for the configuration)\n"
	"  -c, --config FILE      use this .config instead of allmodconfig\n"
	"      --compile-db FILE  use this compile_commands.json instead of make -n\n"
	"  -j, --jobs N           parallel workers (default: number of cores)\n"
	"      --retry-failed     re-extract TUs that failed before even if unchanged\n"
	"      --force            link and solve even when nothing changed\n"
	"      --tu-timeout SECS  kill a TU's worker after this long (default 600)\n"
	"      --recipes DIR      the recipe library (default: the source tree's\n"
	"                         semantic-patches)\n"
	"      --spatch-timeout SECS  per spatch run (default 120)\n"
	"      --no-patch         analyze: stop after solve\n"
	"      --no-filter        analyze: extract every TU, not only those that can\n"
	"                         matter (Documentation/usage.md, \"Relevance filter\")\n"
	"      --baseline OUT|DB  report, analyze: mark findings new since that run\n"
	"      --shard K/N        extract: only the K-th of N slices of the TUs (by a\n"
	"                         hash of each file's path), for `pageref merge`\n"
	"\n"
	"exit codes: 0 clean, 1 findings, 2 usage, 3 input or environment problem,\n"
	"            4 internal bug, 5 finished but some translation units failed\n";

static void usage(void)
{
	fputs(usage_text, stderr);
	exit(EXIT_USAGE);
}

static char *absolute(const char *p)
{
	char *r = realpath(p, NULL);

	return r ? r : NULL;
}

static int parse_options(int argc, char **argv, struct options *o, const char *cmd, unsigned opts)
{
	static const struct {
		int c;
		unsigned bit;
	} bits[] = {
		{ 'k', OPT_KERNEL }, { 'o', OPT_OUT }, { 'd', OPT_DIRS }, { 'c', OPT_CONFIG },
		{ 'C', OPT_COMPILE_DB }, { 'j', OPT_JOBS }, { 'R', OPT_RETRY_FAILED }, { 'F', OPT_FORCE },
		{ 'T', OPT_TU_TIMEOUT }, { 'r', OPT_RECIPES }, { 'S', OPT_SPATCH_TIMEOUT },
		{ 'P', OPT_NO_PATCH }, { 'N', OPT_NO_FILTER }, { 'f', OPT_FORMAT }, { 'e', OPT_FAIL_ON },
		{ 'B', OPT_BASELINE }, { 'H', OPT_SHARD },
	};
	static const struct option longopts[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "out", required_argument, NULL, 'o' },
		{ "dirs", required_argument, NULL, 'd' },
		{ "config", required_argument, NULL, 'c' },
		{ "compile-db", required_argument, NULL, 'C' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "retry-failed", no_argument, NULL, 'R' },
		{ "force", no_argument, NULL, 'F' },
		{ "tu-timeout", required_argument, NULL, 'T' },
		{ "recipes", required_argument, NULL, 'r' },
		{ "spatch-timeout", required_argument, NULL, 'S' },
		{ "no-patch", no_argument, NULL, 'P' },
		{ "no-filter", no_argument, NULL, 'N' },
		{ "format", required_argument, NULL, 'f' },
		{ "fail-on", required_argument, NULL, 'e' },
		{ "baseline", required_argument, NULL, 'B' },
		{ "shard", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->jobs = sysconf(_SC_NPROCESSORS_ONLN);
	o->tu_timeout = 600;
	o->spatch_timeout = 120;
	o->recipes = PAGEREF_RECIPES_DIR;
	o->dirs = "";	/* the whole tree kbuild builds (kbuild.c) */
	o->out = "out";
	while ((c = getopt_long(argc, argv, "k:o:d:c:j:h", longopts, NULL)) != -1) {
		char *end;

		for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
			if (bits[i].c == c && !(opts & bits[i].bit)) {
				char takers[256];
				const char *name = "";

				for (const struct option *l = longopts; l->name; l++)
					if (l->val == c)
						name = l->name;
				commands_taking(bits[i].bit, takers, sizeof(takers));
				error("--%s is an option of %s, not of %s", name, takers, cmd);
				usage();
			}
		switch (c) {
		case 'k': o->kernel = optarg; break;
		case 'o': o->out = optarg; break;
		case 'd': o->dirs = optarg; break;
		case 'c': o->config = optarg; break;
		case 'C': o->compile_db = optarg; break;
		case 'R': o->retry_failed = 1; break;
		case 'r': o->recipes = optarg; break;
		case 'P': o->no_patch = 1; break;
		case 'N': o->no_filter = 1; break;
		case 'B': o->baseline = optarg; break;
		case 'f':
			if (strcmp(optarg, "text")) {
				error("--format wants text, not '%s'", optarg);
				usage();
			}
			o->format = optarg;
			break;
		case 'e':
			o->fail_on = severity_of(optarg);
			if (o->fail_on == SEV_NONE) {
				error("--fail-on wants note, warning or error, not '%s'", optarg);
				usage();
			}
			break;
		case 'S':
			o->spatch_timeout = strtod(optarg, &end);
			if (*end || o->spatch_timeout < 1) {
				error("--spatch-timeout wants a number of seconds from 1, not '%s'", optarg);
				usage();
			}
			break;
		case 'F': o->force = 1; break;
		case 'H': {
			char tail;

			if (sscanf(optarg, "%d/%d%c", &o->shard_k, &o->shard_n, &tail) != 2 ||
			    o->shard_n < 1 || o->shard_n > 4096 || o->shard_k < 1 ||
			    o->shard_k > o->shard_n) {
				error("--shard wants K/N with 1 <= K <= N <= 4096, not '%s'", optarg);
				usage();
			}
			break;
		}
		case 'j':
			o->jobs = strtol(optarg, &end, 10);
			if (*end || o->jobs < 1 || o->jobs > 1024) {
				error("--jobs wants a number from 1 to 1024, not '%s'", optarg);
				usage();
			}
			break;
		case 'T':
			o->tu_timeout = strtod(optarg, &end);
			if (*end || o->tu_timeout <= 0) {
				error("--tu-timeout wants a positive number of seconds, not '%s'", optarg);
				usage();
			}
			break;
		default:
			usage();
		}
	}
	if (optind != argc && !o->query) {
		error("unexpected argument '%s'", argv[optind]);
		usage();
	}
	return 0;
}

/* sql [-o OUT] QUERY: the query is the one operand. */
static void parse_options_sql(int argc, char **argv, struct options *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->out = "out";
	for (i = 1; i < argc; i++) {
		if ((!strcmp(argv[i], "-o") || !strcmp(argv[i], "--out")) && i + 1 < argc)
			o->out = argv[++i];
		else if (!strncmp(argv[i], "--out=", 6))
			o->out = argv[i] + 6;
		else if (!o->query)
			o->query = argv[i];
		else
			usage();
	}
	if (!o->query)
		usage();
}

static int make_out(const char *out)
{
	if (mkdir(out, 0777) < 0 && errno != EEXIST)
		return input_error("cannot create output directory %s: %s", out, strerror(errno));
	return 0;
}

static char *db_path_of(const char *out)
{
	return xasprintf("%s/pageref.db", out);
}

/* kbuild: check the tree, prepare, list commands, and note the run in meta. */
static int cmd_kbuild(struct options *o, struct compdb *cdb)
{
	struct kbuild_opts ko;
	char version[64];
	char *kernel, *out, *dbp, *old;
	struct db *db;
	int ret;

	if (!o->kernel)
		return input_error("no kernel tree given (--kernel DIR, or KERNEL=DIR with make)");
	kernel = absolute(o->kernel);
	if (!kernel)
		return input_error("%s: no such directory", o->kernel);
	if (kbuild_check_tree(kernel, version, sizeof(version)) < 0) {
		free(kernel);
		return -1;
	}
	if (make_out(o->out) < 0) {
		free(kernel);
		return -1;
	}
	out = absolute(o->out);
	dbp = db_path_of(out);
	db = db_open(dbp, DB_CREATE);
	if (!db) {
		free(kernel);
		free(out);
		free(dbp);
		return -1;
	}
	old = db_meta_get(db, "kernel");
	if (old && strcmp(old, kernel)) {
		input_error("%s holds facts from another tree (%s); use another OUT or remove it",
			    dbp, old);
		free(old);
		db_close(db);
		free(kernel);
		free(out);
		free(dbp);
		return -1;
	}
	free(old);
	ko.kernel = kernel;
	ko.out = out;
	ko.dirs = o->dirs;
	ko.config = o->config;
	ko.compile_db = o->compile_db;
	ko.jobs = o->jobs;
	{
		double t0 = now_seconds();
		char secs[32];

		ret = kbuild_run(&ko, cdb);
		snprintf(secs, sizeof(secs), "%.1f", now_seconds() - t0);
		if (!ret) {
			char *objdir = xasprintf("%s/kbuild", out);
			char *clang = extract_clang_version();

			db_meta_set(db, "kernel", kernel);
			db_meta_set(db, "kernel_version", version);
			db_meta_set(db, "objdir", o->compile_db ? "" : objdir);
			db_meta_set(db, "dirs", o->dirs);
			db_meta_set(db, "config", o->config ? o->config : "allmodconfig");
			db_meta_set(db, "tool_version", PAGEREF_VERSION);
			db_meta_set(db, "clang_version", clang);
			db_meta_set(db, "seconds_kbuild", secs);
			free(objdir);
			free(clang);
			printf("kbuild: Linux %s, %zu translation units in %s (%s s)\n", version,
			       cdb->nr, *o->dirs ? o->dirs : "the whole tree", secs);
		}
	}
	db_close(db);
	free(kernel);
	free(out);
	free(dbp);
	return ret;
}

/*
 * Some TUs include headers that kbuild generates only on the way to their
 * object (lib/crc32table.h): build those objects once and let the next
 * extract retry them. Returns how many were built.
 */
static int generate_missing(struct options *o)
{
	struct strvec failed = STRVEC_INIT, objs = STRVEC_INIT;
	struct kbuild_opts ko = { 0 };
	char *out = absolute(o->out), *dbp = db_path_of(out);
	struct db *db = db_open(dbp, DB_OPEN);
	char *kernel = db ? db_meta_get(db, "kernel") : NULL;
	int n = 0;

	if (db) {
		db_failed_tus(db, "%file not found%", &failed);
		/* generated sources (lib/raid6/int1.c, shipped-certs.c) */
		db_failed_tus(db, "%cannot read the source file%", &failed);
	}
	db_close(db);
	for (size_t i = 0; i < failed.nr; i++) {
		const char *p = failed.v[i];
		size_t len;

		if (!strncmp(p, "@obj/", 5))
			p += 5;
		len = strlen(p);
		if (p[0] != '/' && p[0] != '@' && len > 2 && !strcmp(p + len - 2, ".c"))
			strvec_pushf(&objs, "%.*s.o", (int)(len - 2), p);
	}
	if (objs.nr && kernel) {
		note("kbuild: building %zu object%s whose generated headers or sources are missing",
		     objs.nr, objs.nr == 1 ? "" : "s");
		ko.kernel = kernel;
		ko.out = out;
		ko.jobs = o->jobs;
		kbuild_build_objects(&ko, &objs);
		o->retry_failed = 1;
		n = objs.nr;
	}
	strvec_clear(&failed);
	strvec_clear(&objs);
	free(kernel);
	free(out);
	free(dbp);
	return n;
}

/*
 * extract; *spent (when given) accumulates the stage's time over passes:
 * analyze runs a second pass after building missing generated headers,
 * and the stage is both passes, not the last one.
 */
static int cmd_extract(struct options *o, struct compdb *cdb, double *spent)
{
	struct extract_run_opts eo = { 0 };
	struct extract_summary sum;
	struct db *db;
	char *out = absolute(o->out), *dbp, *kernel, *objdir, *cdb_path;
	struct compdb own;
	int ret;

	if (!out)
		return input_error("%s: no such output directory (run kbuild first)", o->out);
	dbp = db_path_of(out);
	db = db_open(dbp, DB_OPEN);
	if (!db) {
		free(out);
		free(dbp);
		return -1;
	}
	kernel = db_meta_get(db, "kernel");
	objdir = db_meta_get(db, "objdir");
	db_close(db);
	if (!kernel) {
		input_error("%s: no kernel recorded (run kbuild first)", dbp);
		free(out);
		free(dbp);
		free(objdir);
		return -1;
	}
	compdb_init(&own);
	if (!cdb) {
		cdb_path = xasprintf("%s/compile_commands.json", out);
		ret = compdb_read(&own, cdb_path);
		free(cdb_path);
		if (ret < 0)
			goto out;
		cdb = &own;
	}
	eo.db_path = dbp;
	eo.roots.kernel = kernel;
	eo.roots.objdir = objdir && *objdir ? objdir : NULL;
	if (o->shard_n) {
		/* this shard's slice, the same on every machine (merge.h) */
		struct compdb *part = xcalloc(1, sizeof(*part));

		compdb_init(part);
		for (size_t i = 0; i < cdb->nr; i++) {
			const struct compile_command *c = &cdb->cmd[i];
			char *rel = db_relpath(&eo.roots, c->file);

			if (merge_shard_of(rel, o->shard_n) == o->shard_k) {
				struct strvec argv = STRVEC_INIT;

				for (size_t k = 0; k < c->argv.nr; k++)
					strvec_push(&argv, c->argv.v[k]);
				compdb_add(part, xstrdup(c->directory), xstrdup(c->file), &argv);
				strvec_clear(&argv);
			}
			free(rel);
		}
		if (cdb == &own)
			compdb_release(&own);
		own = *part;
		free(part);
		cdb = &own;
		db = db_open(dbp, DB_OPEN);
		if (db) {
			char v[32];

			snprintf(v, sizeof(v), "%d/%d", o->shard_k, o->shard_n);
			db_meta_set(db, "shard", v);
			db_close(db);
		}
	}
	eo.jobs = o->jobs;
	eo.retry_failed = o->retry_failed;
	eo.tu_timeout = o->tu_timeout;
	eo.skipped = o->skipped;
	eo.cache = fact_cache_open();
	ret = extract_run(cdb, &eo, &sum);
	if (!ret) {
		o->extracted += sum.extracted;
		o->cached += sum.cached;
		printf("extract: %d translation units: %d extracted, %d unchanged; %d ok, %d failed (%.1f s)\n",
		       sum.total, sum.extracted, sum.unchanged, sum.ok, sum.failed, sum.seconds);
		if (eo.cache && sum.extracted)
			printf("extract: %d parsed, %d from the fact cache (%s)\n",
			       sum.extracted - sum.cached, sum.cached, fact_cache_dir(eo.cache));
		if (sum.uncached)
			warning("the fact cache did not take %d TUs' facts (a full disk or no write access to %s?)",
				sum.uncached, fact_cache_dir(eo.cache));
		if (sum.extracted)
			printf("extract: median %.2f s per TU, peak worker RSS %ld MiB\n",
			       sum.median_tu, sum.peak_rss_kib / 1024);
		if (sum.failed) {
			printf("extract: the result is partial; failed TUs: sqlite3 %s "
			       "\"SELECT path, error FROM v_tu WHERE status = 'failed'\"\n", dbp);
			ret = EXIT_PARTIAL;
		}
		db = db_open(dbp, DB_OPEN);
		if (db) {
			char secs[32];

			if (spent)
				*spent += sum.seconds;
			snprintf(secs, sizeof(secs), "%.1f", spent ? *spent : sum.seconds);
			db_meta_set(db, "seconds_extract", secs);
			db_close(db);
		}
	}
out:
	fact_cache_close(eo.cache);
	compdb_release(&own);
	free(out);
	free(dbp);
	free(kernel);
	free(objdir);
	return ret;
}

/* link (and solve): whole-program stages over the database. */
static int cmd_solve(struct options *o, int solve)
{
	char *dbp = db_path_of(o->out);
	struct db *db = db_open(dbp, DB_OPEN);
	struct solve_summary ss;
	char secs[32], key[HASH_HEX];
	int ret;

	free(dbp);
	if (!db)
		return -1;
	if (solve_key(db, solve, key) < 0) {
		db_close(db);
		return -1;
	}
	{
		char *old = db_meta_get(db, "solve_key");
		int same = old && !strcmp(old, key);

		free(old);
		if (same && !o->force) {
			printf("%s: up to date\n", solve ? "link, solve" : "link");
			db_close(db);
			return 0;
		}
	}
	/* the first write: a database locked past the busy timeout stops here */
	ret = db_meta_set(db, "solve_key", "");
	if (!ret)
		ret = solve_run(db, solve, &ss);
	if (!ret) {
		printf("link: %ld direct and %ld indirect call edges, %ld indirect calls unresolved (%.1f s)\n",
		       ss.link.direct, ss.link.indirect, ss.link.unresolved, ss.link.seconds);
		snprintf(secs, sizeof(secs), "%.1f", ss.link.seconds);
		db_meta_set(db, "seconds_link", secs);
	}
	if (!ret && ss.scope.callees) {
		/* what the run does not cover: callees with no body */
		char *text = scope_describe(db, 5), *l, *save = NULL;

		for (l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
			printf("scope: %s\n", l);
		free(text);
	}
	if (!ret && solve) {
		o->solves++;
		printf("solve: %ld reference-count effects in %ld functions; %ld channel sites; "
		       "%ld findings, %ld unguarded (%.1f s, peak RSS %ld MiB)\n", ss.effects,
		       ss.functions_with_effects, ss.channel_sites, ss.findings, ss.unguarded,
		       ss.seconds, ss.peak_rss_kib / 1024);
		snprintf(secs, sizeof(secs), "%.1f", ss.seconds);
		db_meta_set(db, "seconds_solve", secs);
	}
	if (!ret)
		db_meta_set(db, "solve_key", key);
	db_close(db);
	return ret;
}

/* patch: the tree is -k or the one the database was made from. */
static int cmd_patch(struct options *o)
{
	char *dbp = db_path_of(o->out);
	struct db *db = db_open(dbp, DB_OPEN);
	/* absolute: spatch and git run in directories of their own */
	char *out = absolute(o->out);
	char *recipes = absolute(o->recipes);
	struct patch_options po = { .out = out, .recipes = recipes ? recipes : o->recipes,
				    .jobs = o->jobs, .timeout = o->spatch_timeout };
	struct patch_summary sum;
	char *kernel = NULL, secs[32];
	int ret;

	free(dbp);
	if (!db || !out) {
		free(out);
		free(recipes);
		if (db)
			db_close(db);
		return -1;
	}
	kernel = o->kernel ? absolute(o->kernel) : db_meta_get(db, "kernel");
	if (!kernel || !*kernel) {
		db_close(db);
		free(kernel);
		free(out);
		free(recipes);
		return input_error("no kernel tree: pass --kernel (the database does not name one)");
	}
	po.tree = kernel;
	ret = patch_run(db, &po, &sum);
	if (!ret) {
		printf("patch: %ld unguarded findings, %ld repaired by %ld patches in %s/patches; "
		       "%ld patches left out by the checks, %ld findings where spatch failed "
		       "(%.1f s)\n", sum.findings, sum.patched, sum.patches, o->out, sum.rejected,
		       sum.failed, sum.seconds);
		snprintf(secs, sizeof(secs), "%.1f", sum.seconds);
		db_meta_set(db, "seconds_patch", secs);
	}
	db_close(db);
	free(kernel);
	free(out);
	free(recipes);
	return ret;
}

/* An existing database named by its OUT directory or by its file; never created. */
static struct db *open_existing(const char *arg, enum db_mode mode)
{
	size_t n = strlen(arg);
	char *p = n > 3 && !strcmp(arg + n - 3, ".db") ? xstrdup(arg) : db_path_of(arg);
	struct db *db;

	if (access(p, R_OK) != 0) {
		input_error("no pageref database at %s", p);
		free(p);
		return NULL;
	}
	db = db_open(p, mode);
	free(p);
	return db;
}

static struct db *open_readonly(const char *arg)
{
	return open_existing(arg, DB_READONLY);
}

/* report --format=text [--fail-on=SEVERITY] */
static int cmd_report(struct options *o)
{
	char *dbp = db_path_of(o->out);
	struct db *db = db_open(dbp, DB_READONLY);
	enum severity worst;
	int ret;

	free(dbp);
	if (!db)
		return -1;
	if (!o->format) {
		long n = 0, pages = 0;
		struct db *base = NULL;

		if (o->baseline && !(base = open_readonly(o->baseline))) {
			db_close(db);
			return -1;
		}
		ret = report_sarif(db, o->out, &n);
		if (!ret)
			ret = report_html(db, o->out, base, &pages);
		if (base)
			db_close(base);
		if (!ret)
			printf("report: %s/report/index.html (%ld pages); %s/pageref.sarif (SARIF 2.1.0, "
			       "%ld results)\n", o->out, pages, o->out, n);
		db_close(db);
		return ret;
	}
	ret = report_text(db, &worst);
	db_close(db);
	if (ret)
		return ret;
	return o->fail_on != SEV_NONE && worst >= o->fail_on ? EXIT_FINDINGS : 0;
}

/*
 * filter: one round of the relevance filter over OUT/compile_commands.json
 * with the names OUT/pageref.db knows, nothing extracted: how many TUs the
 * next analyze would parse at least, and (-v) which are skipped.
 */
static int cmd_filter(struct options *o)
{
	char *dbp = db_path_of(o->out), *p = xasprintf("%s/compile_commands.json", o->out);
	struct db *db = db_open(dbp, DB_READONLY);
	char *kernel = db ? db_meta_get(db, "kernel") : NULL;
	struct compdb cdb;
	struct relevance *r;
	double t0 = now_seconds();
	long kept = 0;
	int ret;

	compdb_init(&cdb);
	if (!db)
		ret = -1;	/* db_open said why */
	else if (!kernel)
		ret = input_error("%s: no kernel recorded (run kbuild first)", dbp);
	else
		ret = compdb_read(&cdb, p);
	if (!ret) {
		r = relevance_new(kernel);
		ret = relevance_learn(r, db);
		relevance_close(r);
		for (size_t i = 0; !ret && i < cdb.nr; i++) {
			const char *where = NULL;
			const char *hit = relevance_tu(r, &cdb.cmd[i], &where);

			kept += hit != NULL;
			if (getenv("PAGEREF_FILTER_LIST"))
				printf("%s\t%s\t%s\t%s\n", hit ? "keep" : "skip", cdb.cmd[i].file,
				       hit ? hit : "", where ? where : "");
		}
		if (!ret)
			printf("filter: %ld of %zu TUs can matter with the %ld names %s knows (%zu skipped; "
			       "%.1f s)\n", kept, cdb.nr, relevance_nr_names(r), dbp, cdb.nr - kept,
			       now_seconds() - t0);
		relevance_free(r);
	}
	compdb_release(&cdb);
	if (db)
		db_close(db);
	free(kernel);
	free(dbp);
	free(p);
	return ret;
}

struct path_list {
	char **v;
	size_t nr, alloc;
};

static int add_path(int ncol, const char *const *col, void *data)
{
	struct path_list *g = data;

	(void)ncol;
	ALLOC_GROW(g->v, g->nr, g->alloc);
	g->v[g->nr++] = xstrdup(col[0]);
	return 0;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Why the filter kept a TU (table tu_keep): path only in the last run's list. */
struct keep_reason {
	char *path, *name, *file;
	int round;
};

struct keep_list {
	struct keep_reason *v;
	size_t nr, alloc;
};

static int add_keep(int ncol, const char *const *col, void *data)
{
	struct keep_list *l = data;

	(void)ncol;
	ALLOC_GROW(l->v, l->nr, l->alloc);
	l->v[l->nr++] = (struct keep_reason){
		xstrdup(col[0]), xstrdup(col[1]), col[2] ? xstrdup(col[2]) : NULL, atoi(col[3]),
	};
	return 0;
}

static int cmp_keep(const void *a, const void *b)
{
	return strcmp(((const struct keep_reason *)a)->path, ((const struct keep_reason *)b)->path);
}

static void keep_list_release(struct keep_list *l)
{
	for (size_t i = 0; i < l->nr; i++) {
		free(l->v[i].path);
		free(l->v[i].name);
		free(l->v[i].file);
	}
	free(l->v);
}

/* One extract pass of analyze, with the retry after building what is missing. */
static int extract_pass(struct options *o, struct compdb *cdb, double *spent)
{
	int ret = cmd_extract(o, cdb, spent);

	if (ret == EXIT_PARTIAL && !o->compile_db && generate_missing(o) > 0)
		ret = cmd_extract(o, cdb, spent);
	return ret;
}

/*
 * analyze's extraction through the relevance filter (relevance.h): the
 * kept TUs are extracted and solved, the filter learns from the result and
 * keeps more, until a round adds none. The names of the database a
 * previous run left are learnt first, so that a re-run keeps what it kept
 * and extracts nothing new. Returns as cmd_extract, or the solve's error.
 */
static int filtered_extract(struct options *o, struct compdb *all, double *spent, int *solved)
{
	char *dbp = db_path_of(o->out);
	struct db *db = db_open(dbp, DB_OPEN);
	char *kernel = db ? db_meta_get(db, "kernel") : NULL, *objdir = db ? db_meta_get(db, "objdir") : NULL;
	struct db_roots roots = { kernel, objdir && *objdir ? objdir : NULL };
	struct relevance *r;
	char *kept = xcalloc(all->nr ? all->nr : 1, 1);
	char **rel = xcalloc(all->nr ? all->nr : 1, sizeof(*rel));
	struct keep_reason *why = xcalloc(all->nr ? all->nr : 1, sizeof(*why));
	size_t nkept = 0;
	int ret = 0, round;

	if (!db || !kernel) {
		free(kept);
		free(rel);
		free(dbp);
		free(kernel);
		free(objdir);
		if (db)
			db_close(db);
		return db ? input_error("%s: no kernel recorded (run kbuild first)", o->out) : -1;
	}
	r = relevance_new(kernel);
	for (size_t i = 0; i < all->nr; i++)
		rel[i] = db_relpath(&roots, all->cmd[i].file);
	/*
	 * The last run's final set first: a re-run keeps what it kept. Learnt
	 * again from the final database, round 1 would drop the TUs a gap
	 * brought in (extracted, they are no gaps any more) and round 2
	 * extract them again, with a solve each; and it would drop for good
	 * the generated sources kept because they did not exist yet
	 * (relevance.c keeps an unreadable file). Soundness only gains: a
	 * TU once kept stays.
	 */
	{
		struct path_list last = { NULL, 0, 0 };

		struct keep_list old = { NULL, 0, 0 };

		if (db_query_each(db, "SELECT f.path FROM tu t JOIN file f ON f.id = t.file_id",
				  NULL, 0, add_path, &last) < 0 ||
		    db_query_each(db, "SELECT path, name, file, round FROM tu_keep ORDER BY path",
				  NULL, 0, add_keep, &old) < 0)
			ret = -1;
		qsort(last.v, last.nr, sizeof(*last.v), cmp_path);
		for (size_t i = 0; i < all->nr && last.nr; i++)
			if (rel[i] && bsearch(&rel[i], last.v, last.nr, sizeof(*last.v), cmp_path)) {
				const struct keep_reason key = { rel[i], NULL, NULL, 0 };
				const struct keep_reason *was = old.nr ?
					bsearch(&key, old.v, old.nr, sizeof(*old.v), cmp_keep) : NULL;

				/* the reason it was kept for, or that a run before reasons kept it */
				why[i] = (struct keep_reason){
					NULL, xstrdup(was ? was->name : "(last run)"),
					was && was->file ? xstrdup(was->file) : NULL, was ? was->round : 0,
				};
				kept[i] = 1;
				nkept++;
			}
		for (size_t k = 0; k < last.nr; k++)
			free(last.v[k]);
		free(last.v);
		keep_list_release(&old);
	}
	for (round = 0; !ret; round++) {
		struct path_list gaps = { NULL, 0, 0 };
		struct compdb part;
		size_t added = 0;
		double t0 = now_seconds();
		long before_x;
		int before_s;

		if (!db)
			db = db_open(dbp, DB_OPEN);
		if (!db) {
			ret = -1;
			break;
		}
		/* what the last solve (this run's, or the previous run's) found */
		if (relevance_learn(r, db) < 0 ||
		    db_query_each(db, "SELECT DISTINCT file FROM scope_gap WHERE file IS NOT NULL",
				  NULL, 0, add_path, &gaps) < 0) {
			ret = -1;
			break;
		}
		db_close(db);
		db = NULL;
		relevance_close(r);
		for (size_t i = 0; i < all->nr; i++) {
			const char *hit;

			const char *where = NULL;

			if (kept[i])
				continue;
			hit = relevance_tu(r, &all->cmd[i], &where);
			for (size_t k = 0; !hit && k < gaps.nr; k++)
				if (!strcmp(gaps.v[k], rel[i])) {
					hit = "(scope gap)";	/* defines a function analysed code calls with a page */
					where = NULL;
				}
			if (hit) {
				why[i] = (struct keep_reason){
					NULL, xstrdup(hit), where ? db_relpath(&roots, where) : NULL, round + 1,
				};
				kept[i] = 1;
				added++;
			}
		}
		for (size_t k = 0; k < gaps.nr; k++)
			free(gaps.v[k]);
		free(gaps.v);
		nkept += added;
		printf("filter: round %d: %zu of %zu TUs can matter (%zu added%s; %ld names, %.1f s)\n",
		       round + 1, nkept, all->nr, added, round ? "" : " to the last run's",
		       relevance_nr_names(r), now_seconds() - t0);
		fflush(stdout);
		if (!added && round > 0)
			break;
		o->skipped = all->nr - nkept;
		compdb_init(&part);
		for (size_t i = 0; i < all->nr; i++)
			if (kept[i])
				compdb_add(&part, xstrdup(all->cmd[i].directory), xstrdup(all->cmd[i].file),
					   &all->cmd[i].argv);
		before_x = o->extracted;
		before_s = o->solves;
		ret = extract_pass(o, &part, spent);
		compdb_release(&part);
		if (ret != 0 && ret != EXIT_PARTIAL)
			break;
		{
			int r2 = cmd_solve(o, 1);

			if (r2) {
				ret = r2;
				break;
			}
			*solved = 1;
		}
		/*
		 * nothing added, parsed or solved: the last run's answer stands
		 * and there is nothing more to learn; a solve that ran (a file
		 * changed, or the last run was cut short) may name more
		 */
		if (!added && o->extracted == before_x && o->solves == before_s)
			break;
	}
	if (!db)
		db = db_open(dbp, DB_OPEN);
	if (db && (ret == 0 || ret == EXIT_PARTIAL)) {
		char *reason = xasprintf("names no function, macro or field through which a page "
					 "reference or a page store is reached, and no analysed code calls "
					 "into it with a page (relevance filter, %d rounds)", round + 1);
		int r3 = db_begin_with(db, "DELETE FROM tu_skip");

		for (size_t i = 0; i < all->nr && !r3; i++) {
			const char *p[2] = { rel[i], reason };

			if (!kept[i])
				r3 = db_exec_params(db, "INSERT OR IGNORE INTO tu_skip(path, reason) VALUES (?1, ?2)",
						    p, 2);
		}
		if (!r3)
			r3 = db_exec(db, "DELETE FROM tu_keep");
		for (size_t i = 0; i < all->nr && !r3; i++) {
			char rnd[16];
			const char *p[4] = { rel[i], why[i].name, why[i].file, rnd };

			snprintf(rnd, sizeof(rnd), "%d", why[i].round);
			if (kept[i] && rel[i] && why[i].name)
				r3 = db_exec_params(db, "INSERT OR IGNORE INTO tu_keep(path, name, file, round) "
						    "VALUES (?1, ?2, ?3, ?4)", p, 4);
		}
		if (db_end(db, r3) < 0)
			ret = -1;
		else
			printf("filter: %zu TUs skipped: SELECT path FROM v_tu WHERE status = 'skipped'; "
			       "why each kept TU was kept: SELECT kept_by, count(*) FROM v_tu GROUP BY 1\n",
			       all->nr - nkept);
		free(reason);
	}
	if (db)
		db_close(db);
	relevance_free(r);
	for (size_t i = 0; i < all->nr; i++) {
		free(rel[i]);
		free(why[i].name);
		free(why[i].file);
	}
	free(why);
	free(rel);
	free(kept);
	free(dbp);
	free(kernel);
	free(objdir);
	return ret;
}

/* version, help */
static int run_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("pageref %s\n", PAGEREF_VERSION);
	return 0;
}

static int run_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs(usage_text, stdout);
	return 0;
}

/* query [-o OUT] [--json] QUESTION FUNCTION */
static int run_query(int argc, char **argv)
{
	int ret;
	const char *out = "out", *what = NULL, *arg = NULL;
	int json = 0;
	struct db *db;
	char *dbp;

	for (int i = 2; i < argc; i++) {
		if ((!strcmp(argv[i], "-o") || !strcmp(argv[i], "--out")) && i + 1 < argc)
			out = argv[++i];
		else if (!strcmp(argv[i], "--json"))
			json = 1;
		else if (!what)
			what = argv[i];
		else if (!arg)
			arg = argv[i];
		else
			usage();
	}
	if (!what || !arg)
		usage();
	dbp = db_path_of(out);
	db = db_open(dbp, DB_READONLY);
	free(dbp);
	if (!db)
		return error_exit_code;
	ret = query_run(db, what, arg, json);
	db_close(db);
	return ret < 0 ? error_exit_code : 0;
}

/* diff OLD NEW: each an OUT directory or a pageref.db */
static int run_diff(int argc, char **argv)
{
	int ret;
	struct db *a = NULL, *b = NULL;
	struct diff_summary sum;

	if (argc != 4)
		usage();
	a = open_readonly(argv[2]);
	b = a ? open_readonly(argv[3]) : NULL;
	ret = b ? diff_run(a, b, &sum) : -1;
	if (!ret)
		fprintf(stderr, "diff: %ld new, %ld fixed, %ld unchanged unguarded findings\n",
			sum.added, sum.fixed, sum.unchanged);
	if (b)
		db_close(b);
	if (a)
		db_close(a);
	return ret < 0 ? error_exit_code : 0;
}

/* validation [-o OUT] FILE: make validate's steps into v_validation */
static int run_validation(int argc, char **argv)
{
	int ret;
	const char *out = "out", *file = NULL;
	long rows, failed;
	struct db *db;

	for (int i = 2; i < argc; i++) {
		if ((!strcmp(argv[i], "-o") || !strcmp(argv[i], "--out")) && i + 1 < argc)
			out = argv[++i];
		else if (!file)
			file = argv[i];
		else
			usage();
	}
	if (!file)
		usage();
	{
		/* OUT, or its pageref.db: the lock is the directory's */
		struct stat st;

		if (stat(out, &st) == 0 && S_ISDIR(st.st_mode) && out_lock(out, "validation") < 0)
			return error_exit_code;
	}
	db = open_existing(out, DB_OPEN);
	if (!db)
		return error_exit_code;
	ret = validation_import(db, file, &rows, &failed);
	db_close(db);
	if (ret < 0)
		return error_exit_code;
	printf("validation: %ld steps, %ld failed, in %s\n", rows, failed, out);
	return failed ? EXIT_FINDINGS : 0;
}

/* merge [--force] OUT SHARD.db...: the shards' facts into OUT/pageref.db */
static int run_merge(int argc, char **argv)
{
	int ret;
	int force = 0, first = 2;
	struct stat st;

	if (argc > 2 && !strcmp(argv[2], "--force")) {
		force = 1;
		first = 3;
	}
	if (argc - first < 2)
		usage();
	if (stat(argv[first], &st) < 0 || !S_ISDIR(st.st_mode)) {
		input_error("%s: no such output directory", argv[first]);
		return error_exit_code;
	}
	for (int i = first + 1; i < argc; i++)
		if (access(argv[i], R_OK) != 0) {
			input_error("no pageref database at %s", argv[i]);
			return error_exit_code;
		}
	if (out_lock(argv[first], "merge") < 0)
		return error_exit_code;
	ret = merge_run(argv[first], argv + first + 1, argc - first - 1, force);
	if (!ret)
		printf("merge: %d shards into %s/pageref.db\n", argc - first - 1, argv[first]);
	return ret < 0 ? error_exit_code : 0;
}

/* cache stats|clear: the fact cache every OUT shares (factcache.h) */
static int run_cache(int argc, char **argv)
{
	int ret;
	struct fact_cache *fc;

	if (argc != 3 || (strcmp(argv[2], "stats") && strcmp(argv[2], "clear")))
		usage();
	fc = fact_cache_open();
	if (!fc) {
		printf("cache: off (PAGEREF_FACT_CACHE=%s)\n", getenv("PAGEREF_FACT_CACHE") ?
		       getenv("PAGEREF_FACT_CACHE") : "");
		return 0;
	}
	ret = !strcmp(argv[2], "stats") ? fact_cache_print_stats(fc, stdout) : fact_cache_clear(fc);
	if (ret < 0)
		input_error("cannot clear %s: some files could not be removed", fact_cache_dir(fc));
	fact_cache_close(fc);
	return ret < 0 ? error_exit_code : 0;
}

/* sql [-o OUT] QUERY: one read-only query */
static int run_sql(int argc, char **argv)
{
	struct options o;
	int ret;
	struct db *db;
	char *dbp;

	parse_options_sql(argc - 1, argv + 1, &o);
	dbp = db_path_of(o.out);
	db = db_open(dbp, DB_READONLY);
	free(dbp);
	if (!db)
		return error_exit_code;
	ret = db_query_print(db, o.query);
	db_close(db);
	return ret < 0 ? error_exit_code : 0;
}

/* baseline: make bench's clang-19 -fsyntax-only over OUT/compile_commands.json */
static int cmd_baseline(struct options *o)
{
	struct extract_summary sum;
	struct compdb cdb;
	char *p = xasprintf("%s/compile_commands.json", o->out);
	int ret;

	compdb_init(&cdb);
	ret = compdb_read(&cdb, p);
	free(p);
	if (!ret)
		ret = extract_baseline(&cdb, o->jobs, &sum);
	if (!ret)
		printf("baseline: %d translation units with clang-19 -fsyntax-only in %.1f s "
		       "(%d failed); median %.2f s per TU, peak RSS %ld MiB\n",
		       sum.total, sum.seconds, sum.failed_now, sum.median_tu,
		       sum.peak_rss_kib / 1024);
	compdb_release(&cdb);
	return ret;
}

/* analyze: every stage, the filter's rounds between extract and solve */
static int cmd_analyze(struct options *o)
{
	struct compdb cdb;
	double spent = 0;
	int solved = 0, ret;

	compdb_init(&cdb);
	ret = cmd_kbuild(o, &cdb);
	if (!ret && o->no_filter) {
		ret = extract_pass(o, &cdb, &spent);
		if (ret == 0 || ret == EXIT_PARTIAL) {
			/* every TU: no skipped ones to list */
			char *dbp = db_path_of(o->out);
			struct db *db = db_open(dbp, DB_OPEN);

			if (db && db_exec(db, "DELETE FROM tu_skip") < 0)
				ret = -1;
			if (db)
				db_close(db);
			free(dbp);
		}
	} else if (!ret) {
		ret = filtered_extract(o, &cdb, &spent, &solved);
	}
	/* a partial extraction is still analysed; the exit code keeps saying so */
	if (ret == 0 || ret == EXIT_PARTIAL) {
		int r = solved ? 0 : cmd_solve(o, 1);

		if (!r && !o->no_patch)
			r = cmd_patch(o);
		if (!r)
			r = cmd_report(o);
		if (r)
			ret = r;
	}
	/* the counts tests assert: a re-run with nothing changed says 0 and 0 */
	printf("analyze: TUs extracted: %ld, solves: %d (parsed: %ld, from the fact cache: %ld)\n",
	       o->extracted, o->solves, o->extracted - o->cached, o->cached);
	compdb_release(&cdb);
	return ret;
}

static int cmd_kbuild_only(struct options *o)
{
	struct compdb cdb;
	int ret;

	compdb_init(&cdb);
	ret = cmd_kbuild(o, &cdb);
	compdb_release(&cdb);
	return ret;
}

static int cmd_extract_only(struct options *o)
{
	return cmd_extract(o, NULL, NULL);
}

static int cmd_link_only(struct options *o)
{
	return cmd_solve(o, 0);
}

static int cmd_solve_all(struct options *o)
{
	return cmd_solve(o, 1);
}

/*
 * The commands, as git's commands[]: each takes its own options. Those
 * that share the stage options say which (OPT_ bits; parse_options()
 * refuses the others); the rest parse their own operands.
 */
static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);	/* its own parsing: argv[1] is the command */
	int (*stage)(struct options *o);	/* or the stage options, then this */
	unsigned opts;
	unsigned out;		/* OUT_ bits: how the command uses OUT */
} commands[] = {
	{ "analyze", NULL, cmd_analyze, OPT_KERNEL | OPT_OUT | OPT_DIRS | OPT_CONFIG | OPT_COMPILE_DB |
	  OPT_JOBS | OPT_RETRY_FAILED | OPT_FORCE | OPT_TU_TIMEOUT | OPT_RECIPES | OPT_SPATCH_TIMEOUT |
	  OPT_NO_PATCH | OPT_NO_FILTER | OPT_BASELINE, OUT_WRITES | OUT_MAKES },
	{ "kbuild", NULL, cmd_kbuild_only, OPT_KERNEL | OPT_OUT | OPT_DIRS | OPT_CONFIG | OPT_COMPILE_DB |
	  OPT_JOBS, OUT_WRITES | OUT_MAKES },
	{ "extract", NULL, cmd_extract_only, OPT_OUT | OPT_JOBS | OPT_RETRY_FAILED | OPT_TU_TIMEOUT |
	  OPT_SHARD, OUT_WRITES },
	{ "baseline", NULL, cmd_baseline, OPT_OUT | OPT_JOBS, 0 },
	{ "filter", NULL, cmd_filter, OPT_OUT | OPT_JOBS, 0 },
	{ "link", NULL, cmd_link_only, OPT_OUT | OPT_FORCE, OUT_WRITES },
	{ "solve", NULL, cmd_solve_all, OPT_OUT | OPT_FORCE, OUT_WRITES },
	{ "patch", NULL, cmd_patch, OPT_OUT | OPT_KERNEL | OPT_JOBS | OPT_RECIPES | OPT_SPATCH_TIMEOUT, OUT_WRITES },
	{ "report", NULL, cmd_report, OPT_OUT | OPT_FORMAT | OPT_FAIL_ON | OPT_BASELINE, OUT_WRITES | OUT_TEXT_READS },
	{ "query", run_query, NULL, 0, 0 },
	{ "diff", run_diff, NULL, 0, 0 },
	{ "validation", run_validation, NULL, 0, 0 },
	{ "merge", run_merge, NULL, 0, 0 },
	{ "sql", run_sql, NULL, 0, 0 },
	{ "cache", run_cache, NULL, 0, 0 },
	{ "version", run_version, NULL, 0, 0 },
	{ "--version", run_version, NULL, 0, 0 },
	{ "help", run_help, NULL, 0, 0 },
	{ "--help", run_help, NULL, 0, 0 },
	{ "-h", run_help, NULL, 0, 0 },
};

static void commands_taking(unsigned bit, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (commands[i].opts & bit)
			n += snprintf(buf + n, n < len ? len - n : 0, "%s%s", n ? ", " : "", commands[i].name);
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		const struct command *c = &commands[i];
		struct options o;
		int ret;

		if (strcmp(argv[1], c->name))
			continue;
		if (c->run) {
			ret = c->run(argc, argv);
		} else {
			parse_options(argc - 1, argv + 1, &o, c->name, c->opts);
			/*
			 * One writer per OUT; the text report only reads. kbuild
			 * and analyze make OUT; the other stages find it or say
			 * it is missing themselves.
			 */
			if ((c->out & OUT_WRITES) && !((c->out & OUT_TEXT_READS) && o.format)) {
				struct stat st;

				ret = c->out & OUT_MAKES ? make_out(o.out) : 0;
				if (ret < 0 || (stat(o.out, &st) == 0 && out_lock(o.out, c->name) < 0))
					return error_exit_code;
			}
			ret = c->stage(&o);
		}
		return ret < 0 ? error_exit_code : ret;
	}
	error("unknown command '%s'", argv[1]);
	usage();
}
