// SPDX-License-Identifier: GPL-2.0
/*
 * Running the extractor over a compile database: planning (what changed),
 * a pool of forked workers, progress on the terminal, and the summary.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "embedded.h"
#include "extract.h"
#include "extract_run.h"
#include "factcache.h"
#include "intern.h"
#include "usage.h"

struct slot {
	pid_t pid;
	size_t index;
	double start;
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static long children_peak_rss(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_CHILDREN, &ru) == 0 ? ru.ru_maxrss : 0;
}

/*
 * Who owns each function this run's workers stored so far, kept by the
 * parent as each worker ends and inherited by the next ones at fork: a
 * worker skips a header function whose owner precedes its TU without
 * asking the database (a TU includes thousands). Exact, not a guess: an
 * owner is only ever replaced by a TU with an earlier path, so "the
 * owner precedes" stays true; what the map does not know the database
 * answers (db_want_function()).
 */
struct owners {
	struct intern *usr, *paths;
	const char **path;	/* by usr id: the owner TU's main file */
	unsigned char *in_main;	/* ... and whether the function is defined there */
	int alloc;
};

static void owners_add(const char *usr, const char *path, int in_main, void *data)
{
	struct owners *ow = data;
	int id = intern_id(ow->usr, usr);

	if (id >= ow->alloc) {
		int n = ow->alloc ? ow->alloc : 1024;

		while (n <= id)
			n *= 2;
		ow->path = xrealloc(ow->path, n * sizeof(*ow->path));
		ow->in_main = xrealloc(ow->in_main, n);
		memset(ow->path + ow->alloc, 0, (n - ow->alloc) * sizeof(*ow->path));
		memset(ow->in_main + ow->alloc, 0, n - ow->alloc);
		ow->alloc = n;
	}
	/* the earliest owner stands: a later one in the map would be wrong to keep */
	if (!ow->path[id] || in_main || strcmp(path, ow->path[id]) < 0) {
		ow->path[id] = intern_str(ow->paths, intern_id(ow->paths, path));
		ow->in_main[id] = in_main;
	}
}

struct want_ctx {
	struct db *db;
	long long tu_id;
	const struct extract_run_opts *opts;
	const struct owners *owners;
	char *path;		/* this TU's main file, relative as the file table has it */
};

/* the fact cache's content hashes, from the file table where it knows the file */
static int cached_hash(const char *abs, char out[HASH_HEX], void *data)
{
	const struct extract_run_opts *o = ((struct want_ctx *)data)->opts;

	return db_file_hash(((struct want_ctx *)data)->db, &o->roots, abs, out);
}

static int want_function(const char *usr, void *data)
{
	struct want_ctx *w = data;
	int id = w->owners ? intern_find(w->owners->usr, usr) : 0;

	if (id && id < w->owners->alloc && w->owners->path[id] &&
	    (w->owners->in_main[id] || strcmp(w->owners->path[id], w->path) < 0))
		return 0;
	return db_want_function(w->db, usr, w->tu_id);
}

/* Split embedded text into its non-comment lines. */
static const char **lines_of(const char *text, int *nr)
{
	const char **v = NULL;
	int n = 0, alloc = 0;
	char *copy = xstrdup(text), *save = NULL, *l;

	for (l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		l += strspn(l, " \t");
		if (!*l || *l == '#')
			continue;
		l[strcspn(l, " \t")] = '\0';
		ALLOC_GROW(v, n, alloc);
		v[n++] = l;
	}
	*nr = n;
	return v;	/* copy is kept alive for the process: the worker exits */
}

/*
 * How a worker ends, besides 0 (parsed and stored) and 1 (the TU failed):
 * 3 and 4 are errors (no database, facts not stored).
 */
enum {
	WORKER_CACHED = 6,	/* stored from the fact cache, not parsed */
	WORKER_UNCACHED = 7,	/* parsed and stored; the fact cache did not take it */
};

/* The worker: extract one TU (or take it from the fact cache), store it, exit. Never returns. */
static void worker(const struct compile_command *c, long long tu_id,
		   const struct extract_run_opts *o, const struct owners *owners)
{
	struct extract_config cfg = { 0 };
	struct want_ctx w = { NULL, tu_id, o, owners, db_relpath(&o->roots, c->file) };
	struct tu_facts tf;
	char key[HASH_HEX];
	double t0 = now_seconds();
	int rc, uncached = 0;

	signal(SIGINT, SIG_DFL);
	w.db = db_open(o->db_path, DB_OPEN);
	if (!w.db)
		_exit(3);
	if (o->cache) {
		fact_cache_key(c, &o->roots, key);
		if (fact_cache_get(o->cache, key, &o->roots, &tf, cached_hash, want_function, &w) > 0) {
			rc = db_store_tu(w.db, &o->roots, tu_id, c, &tf, now_seconds() - t0);
			db_close(w.db);
			_exit(rc < 0 ? 4 : WORKER_CACHED);
		}
	}
	cfg.macros = lines_of(embedded_macros_txt, &cfg.nr_macros);
	cfg.page_types = lines_of(embedded_page_types_txt, &cfg.nr_page_types);
	cfg.command_fields = lines_of(embedded_directions_txt, &cfg.nr_command_fields);
	/*
	 * A cached TU carries every header function it defines: which of them
	 * this database already has depends on the other TUs of this run, and
	 * the entry serves other runs (the writer keeps one owner, the same
	 * one either way). Without the cache, skip those another TU stored.
	 */
	cfg.want_header_function = o->cache ? NULL : want_function;
	cfg.data = &w;
	{
		/* the fault tests: a worker that dies inside libclang on this TU */
		const char *crash = getenv("PAGEREF_TEST_CRASH_TU");
		size_t fl = strlen(c->file), cl = crash ? strlen(crash) : 0;

		if (crash && *crash && fl >= cl && !strcmp(c->file + fl - cl, crash))
			abort();
	}
	if (extract_tu(c, &cfg, &tf) < 0)
		_exit(4);
	if (o->cache && !tf.failed)
		uncached = fact_cache_put(o->cache, key, &o->roots, &tf, cached_hash, &w) < 0;
	rc = db_store_tu(w.db, &o->roots, tu_id, c, &tf, now_seconds() - t0);
	db_close(w.db);
	_exit(rc < 0 ? 4 : tf.failed ? 1 : uncached ? WORKER_UNCACHED : 0);
}

static void progress(int tty, int done, int total, const char *file, double start,
		     const struct db_roots *r, long skipped)
{
	double el = now_seconds() - start;
	double eta = done ? el / done * (total - done) : 0;
	char *rel = db_relpath(r, file), sk[48] = "";

	if (skipped)
		snprintf(sk, sizeof(sk), " (%ld skipped)", skipped);
	if (tty)
		fprintf(stderr, "\r\033[K[%d/%d]%s %s %.0fs ETA %.0fs", done, total, sk, rel, el, eta);
	else
		fprintf(stderr, "[%d/%d]%s %s %.1fs\n", done, total, sk, rel, el);
	free(rel);
}

int extract_run(const struct compdb *cdb, const struct extract_run_opts *o,
		struct extract_summary *sum)
{
	struct db *db = db_open(o->db_path, DB_OPEN);
	int *dirty = NULL, tty = isatty(2), running = 0, done = 0, todo = 0, parsed = 0;
	long long *tu_id = NULL;
	double *secs_of = NULL;
	struct slot *slot = NULL;
	struct owners owners = { intern_new(), intern_new(), NULL, NULL, 0 };
	size_t next = 0;
	double start = now_seconds();
	int ret = -1;

	memset(sum, 0, sizeof(*sum));
	if (!db) {
		intern_free(owners.usr);
		intern_free(owners.paths);
		return -1;
	}
	dirty = xcalloc(cdb->nr ? cdb->nr : 1, sizeof(*dirty));
	tu_id = xcalloc(cdb->nr ? cdb->nr : 1, sizeof(*tu_id));
	slot = xcalloc(o->jobs, sizeof(*slot));
	secs_of = xcalloc(cdb->nr ? cdb->nr : 1, sizeof(*secs_of));
	if (db_plan(db, &o->roots, cdb, o->retry_failed, dirty, tu_id) < 0)
		goto out;
	db_meta_set(db, "extract_complete", "0");
	for (size_t i = 0; i < cdb->nr; i++)
		todo += dirty[i];
	sum->total = cdb->nr;
	sum->unchanged = cdb->nr - todo;

	while (done < todo) {
		int status;
		pid_t pid;

		/* fill free slots */
		for (int s = 0; s < o->jobs && next < cdb->nr; s++) {
			if (slot[s].pid)
				continue;
			while (next < cdb->nr && !dirty[next])
				next++;
			if (next >= cdb->nr)
				break;
			fflush(NULL);
			pid = fork();
			if (pid < 0) {
				error("cannot fork a worker: %s", strerror(errno));
				goto out;
			}
			if (pid == 0)
				worker(&cdb->cmd[next], tu_id[next], o, &owners);
			slot[s].pid = pid;
			slot[s].index = next++;
			slot[s].start = now_seconds();
			running++;
		}
		pid = waitpid(-1, &status, WNOHANG);
		if (pid == 0) {
			struct timespec ts = { 0, 20 * 1000 * 1000 };

			for (int s = 0; s < o->jobs; s++)
				if (slot[s].pid && now_seconds() - slot[s].start > o->tu_timeout)
					kill(slot[s].pid, SIGKILL);
			nanosleep(&ts, NULL);
			continue;
		}
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			error("waiting for workers: %s", strerror(errno));
			goto out;
		}
		for (int s = 0; s < o->jobs; s++) {
			const char *file;
			double secs;

			if (slot[s].pid != pid)
				continue;
			file = cdb->cmd[slot[s].index].file;
			secs = now_seconds() - slot[s].start;
			if (WIFSIGNALED(status)) {
				char *why = WTERMSIG(status) == SIGKILL && secs > o->tu_timeout ?
					xasprintf("extractor timed out after %.0f s", secs) :
					xasprintf("extractor crashed (signal %d)", WTERMSIG(status));

				db_fail_tu(db, tu_id[slot[s].index], why, secs);
				free(why);
				sum->failed_now++;
			} else if (WEXITSTATUS(status) == 1) {
				sum->failed_now++;
			} else if (WEXITSTATUS(status) == WORKER_CACHED) {
				sum->cached++;
			} else if (WEXITSTATUS(status) == WORKER_UNCACHED) {
				sum->uncached++;
			} else if (WEXITSTATUS(status) != 0) {
				char *why = xasprintf("could not record the facts (worker exit %d)",
						      WEXITSTATUS(status));

				db_fail_tu(db, tu_id[slot[s].index], why, secs);
				free(why);
				sum->failed_now++;
			}
			/* what it stored, for the workers forked from now on */
			if (WIFEXITED(status) && (WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == WORKER_CACHED ||
						  WEXITSTATUS(status) == WORKER_UNCACHED))
				db_tu_functions(db, tu_id[slot[s].index], owners_add, &owners);
			slot[s].pid = 0;
			/* the median is the parse's: a TU from the cache took no parse */
			if (!(WIFEXITED(status) && WEXITSTATUS(status) == WORKER_CACHED))
				secs_of[parsed++] = secs;
			running--;
			done++;
			sum->extracted++;
			progress(tty, done, todo, file, start, &o->roots, o->skipped);
		}
	}
	if (tty && todo)
		fputc('\n', stderr);
	/* the size holds when the run ends, whatever the workers' counts drifted to */
	if (o->cache && sum->extracted > sum->cached)
		fact_cache_trim(o->cache);
	db_meta_set(db, "extract_complete", "1");
	{
		int pending;

		db_tu_counts(db, &sum->ok, &sum->failed, &pending);
	}
	ret = 0;
out:
	for (int s = 0; s < o->jobs && ret < 0; s++)
		if (slot[s].pid) {
			kill(slot[s].pid, SIGKILL);
			waitpid(slot[s].pid, NULL, 0);
		}
	sum->seconds = now_seconds() - start;
	sum->median_tu = median(secs_of, parsed);
	sum->peak_rss_kib = children_peak_rss();
	free(secs_of);
	free(dirty);
	free(tu_id);
	free(slot);
	intern_free(owners.usr);
	intern_free(owners.paths);
	free(owners.path);
	free(owners.in_main);
	db_close(db);
	return ret;
}

int extract_baseline(const struct compdb *cdb, int jobs, struct extract_summary *sum)
{
	struct slot *slot = xcalloc(jobs, sizeof(*slot));
	double *secs_of = xcalloc(cdb->nr ? cdb->nr : 1, sizeof(*secs_of));
	double start = now_seconds();
	size_t next = 0;
	int done = 0, status;

	memset(sum, 0, sizeof(*sum));
	while ((size_t)done < cdb->nr) {
		pid_t pid;

		for (int s = 0; s < jobs && next < cdb->nr; s++) {
			const struct compile_command *c = &cdb->cmd[next];

			if (slot[s].pid)
				continue;
			fflush(NULL);
			pid = fork();
			if (pid < 0) {
				free(slot);
				free(secs_of);
				return error("cannot fork: %s", strerror(errno));
			}
			if (pid == 0) {
				struct strvec argv = STRVEC_INIT;

				strvec_push(&argv, "clang-19");
				for (size_t i = 1; i < c->argv.nr; i++)
					strvec_push(&argv, c->argv.v[i]);
				strvec_push(&argv, "-fsyntax-only");
				if (chdir(c->directory) < 0)
					_exit(127);
				execvp(argv.v[0], argv.v);
				_exit(127);
			}
			slot[s].pid = pid;
			slot[s].index = next++;
			slot[s].start = now_seconds();
		}
		pid = waitpid(-1, &status, 0);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int s = 0; s < jobs; s++) {
			if (slot[s].pid != pid)
				continue;
			secs_of[done++] = now_seconds() - slot[s].start;
			if (!WIFEXITED(status) || WEXITSTATUS(status))
				sum->failed_now++;
			slot[s].pid = 0;
		}
	}
	sum->total = sum->extracted = done;
	sum->seconds = now_seconds() - start;
	sum->median_tu = median(secs_of, done);
	sum->peak_rss_kib = children_peak_rss();
	free(slot);
	free(secs_of);
	return 0;
}
