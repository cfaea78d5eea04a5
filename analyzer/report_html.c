// SPDX-License-Identifier: GPL-2.0
/*
 * The HTML report: static pages under OUT/report that open from file:// with
 * no network (CSS and JS inline in every page). Everything comes from the
 * database, plus the source lines of files on a witness path, read from the
 * analysed tree. Every value goes through esc(); rows come in a fixed
 * order, so one database gives the same bytes but for the one timestamp
 * marked id="generated" on the index.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "embedded.h"
#include "report.h"
#include "report_channels.h"
#include "report_graph.h"
#include "report_page.h"
#include "scope.h"
#include "spawn.h"
#include "usage.h"
#include "version.h"



/* ---- source ------------------------------------------------------------- */

struct lines {
	char *text;
	char **line;
	long n;
};

static int lines_read(const char *tree, const char *file, struct lines *l)
{
	char *path = xasprintf("%s/%s", tree, file);

	memset(l, 0, sizeof(*l));
	if (file[0] == '/' || strstr(file, ".."))
		l->text = NULL;		/* only files inside the tree */
	else
		l->text = read_file(path, NULL);
	free(path);
	if (!l->text)
		return -1;
	for (char *p = l->text; *p; ) {
		char *nl = strchr(p, '\n');

		l->line = xrealloc(l->line, (l->n + 1) * sizeof(*l->line));
		l->line[l->n++] = p;
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	return 0;
}

static void lines_release(struct lines *l)
{
	free(l->text);
	free(l->line);
}

static void excerpt(FILE *f, const struct lines *l, long at, int around)
{
	fputs("<pre>", f);
	for (long i = at - around; i <= at + around; i++) {
		if (i < 1 || i > l->n)
			continue;
		fprintf(f, "%s<span class=\"ln\">%6ld</span>  ", i == at ? "<span class=\"hl\">" : "", i);
		esc(f, l->line[i - 1]);
		fputs(i == at ? "</span>\n" : "\n", f);
	}
	fputs("</pre>\n", f);
}

static int write_source(const char *dir, const char *tree, const char *file)
{
	struct lines l;
	char *rel = src_page(file), *title = xasprintf("%s (source)", file);
	int depth = 1;
	FILE *f;

	for (const char *p = file; *p; p++)
		depth += *p == '/';
	f = page_open(dir, rel, title, depth);
	free(rel);
	free(title);
	if (!f)
		return -1;
	fputs("<h1>", f);
	esc(f, file);
	fputs("</h1>\n", f);
	if (lines_read(tree, file, &l) < 0) {
		fputs("<p class=\"muted\">The file is not in the analysed tree (a generated or "
		      "outside file).</p>\n", f);
	} else {
		fputs("<table class=\"src\">\n", f);
		for (long i = 1; i <= l.n; i++) {
			fprintf(f, "<tr id=\"L%ld\"><td class=\"ln\">%ld</td><td><pre>", i, i);
			esc(f, l.line[i - 1]);
			fputs("</pre></td></tr>\n", f);
		}
		fputs("</table>\n", f);
		lines_release(&l);
	}
	return page_close(f, NULL);
}

/* ---- pages -------------------------------------------------------------- */

struct ctx {
	struct db *db;
	const char *dir, *tree;
	struct strvec old;	/* the baseline's unguarded fingerprints */
	int have_baseline;
	struct strvec files;	/* source pages to write, sorted and unique at the end */
};

static int is_new(const struct ctx *c, const char *fp)
{
	if (!c->have_baseline)
		return 0;
	for (size_t i = 0; i < c->old.nr; i++)
		if (!strcmp(c->old.v[i], fp))
			return 0;
	return 1;
}

static int add_fp(int ncol, const char *const *col, void *data)
{
	(void)ncol;
	strvec_push(data, col[0]);
	return 0;
}


static const char findings_sql[] =
	"SELECT f.id, f.rule, f.severity, f.confidence, f.guarded, f.origin, f.source_function, "
	"f.sink_api, f.sink_function, f.sink_file, f.sink_line, f.entry_function, f.fingerprint, "
	"(SELECT fn.layer FROM function fn WHERE fn.id = fi.source_function_id), "
	"(SELECT fn.layer FROM function fn WHERE fn.id = fi.sink_function_id), fi.guard, "
	"(SELECT p.status FROM patch p WHERE p.finding_id = f.id), "
	"(SELECT p.path FROM patch p WHERE p.finding_id = f.id), f.channel, "
	/* the family: the rule, the memory, how the page was followed to the sink */
	"f.rule || ', ' || f.origin || ', ' || CASE WHEN EXISTS (SELECT 1 FROM finding_step s "
	" WHERE s.finding_id = f.id AND s.what LIKE 'joined on %') THEN 'joined' ELSE 'direct' END "
	"FROM v_finding f JOIN finding fi ON fi.id = f.id "
	/* what needs a verdict first: unguarded, by confidence (write_index() puts new ones first) */
	"ORDER BY f.guarded, CASE f.confidence WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, "
	"f.sink_file, f.sink_line, f.rule, f.fingerprint";

enum { F_ID, F_RULE, F_SEV, F_CONF, F_GUARDED, F_ORIGIN, F_SRC, F_API, F_SINKFN, F_FILE,
       F_LINE, F_ENTRY, F_FP, F_SRCLAYER, F_SINKLAYER, F_GUARD, F_PSTATUS, F_PPATH,
       F_CHANNEL, F_FAMILY };
/* (F_SRCLAYER and F_PPATH are selected for the columns to line up; unused) */

static void count_table(FILE *f, struct db *db, const char *title, const char *sql)
{
	struct table t;

	if (table_load(db, &t, sql, NULL))
		return;
	fputs("<table class=\"counts\"><tr><th>", f);
	esc(f, title);
	fputs("</th><th>findings</th></tr>\n", f);
	for (size_t r = 0; r < t.nrow; r++) {
		fputs("<tr><td>", f);
		esc(f, T(&t, r, 0));
		fprintf(f, "</td><td class=\"n\">%s</td></tr>\n", T(&t, r, 1));
	}
	fputs("</table>\n", f);
	table_release(&t);
}

static void filter_select(FILE *f, const struct table *t, int col, const char *name)
{
	struct strvec seen = STRVEC_INIT;

	fprintf(f, "<label>%s <select data-col=\"%s\"><option value=\"\">all</option>", name, name);
	for (size_t r = 0; r < t->nrow; r++) {
		const char *v = col == F_GUARDED ? (atoi(T(t, r, col)) ? "yes" : "no") : T(t, r, col);
		int dup = 0;

		for (size_t i = 0; i < seen.nr; i++)
			dup |= !strcmp(seen.v[i], v);
		if (!dup)
			strvec_push(&seen, v);
	}
	for (size_t i = 0; i < seen.nr; i++) {
		fputs("<option>", f);
		esc(f, seen.v[i]);
		fputs("</option>", f);
	}
	fputs("</select></label>\n", f);
	strvec_clear(&seen);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int write_index(struct ctx *c, const struct table *fnd)
{
	FILE *f = page_open(c->dir, "index.html", "pageref report", 0);
	struct table meta, tus;
	char stamp[64];
	time_t now = time(NULL);
	long unguarded = 0;
	size_t *order, nord = 0;
	static const char *const keys[][2] = {
		{ "kernel", "tree" }, { "kernel_version", "kernel" }, { "dirs", "dirs" },
		{ "config", "configuration" }, { "clang_version", "clang" },
		{ "tool_version", "extracted by" }, { "seconds_kbuild", "kbuild (s)" },
		{ "seconds_extract", "extract (s)" }, { "seconds_link", "link (s)" },
		{ "seconds_solve", "solve (s)" }, { "seconds_patch", "patch (s)" },
	};

	if (!f)
		return -1;
	for (size_t r = 0; r < fnd->nrow; r++)
		unguarded += !atoi(T(fnd, r, F_GUARDED));
	/*
	 * the first screen is the findings that need a verdict: the new
	 * unguarded ones first, then the other unguarded, each by confidence
	 * (findings_sql), then the guarded; the run's metadata and scope are
	 * folded below the counts
	 */
	order = xcalloc(fnd->nrow + 1, sizeof(*order));
	for (int pass = 0; pass < 3; pass++)
		for (size_t r = 0; r < fnd->nrow; r++) {
			int g = atoi(T(fnd, r, F_GUARDED)), fresh = !g && is_new(c, T(fnd, r, F_FP));

			if ((pass == 0 && fresh) || (pass == 1 && !g && !fresh) || (pass == 2 && g))
				order[nord++] = r;
		}
	fputs("<h1>pageref report</h1>\n", f);
	fprintf(f, "<p><span id=\"count-findings\">%zu</span> findings, <span "
		"id=\"count-unguarded\">%ld</span> unguarded. Also: <a href=\"../pageref.sarif\">"
		"SARIF</a>, <code>pageref report --format=text</code>.</p>\n", fnd->nrow, unguarded);
	table_load(c->db, &tus, "SELECT count(*), coalesce(sum(status = 'fail'), 0) FROM validation",
		   NULL);
	if (atoi(T(&tus, 0, 0)))
		fprintf(f, "<p>Validation: <a href=\"validation.html\" id=\"validation-summary\">%s "
			"steps, %s failed</a>.</p>\n", T(&tus, 0, 0), T(&tus, 0, 1));
	table_release(&tus);
	if (c->have_baseline) {
		long nnew = 0;

		for (size_t r = 0; r < fnd->nrow; r++)
			nnew += !atoi(T(fnd, r, F_GUARDED)) && is_new(c, T(fnd, r, F_FP));
		fprintf(f, "<p>Since the baseline: <span id=\"count-new\">%ld</span> new unguarded "
			"findings (marked new below); <code>pageref diff</code> lists what was "
			"fixed.</p>\n", nnew);
	}
	fputs("<h2>Findings</h2>\n<p>", f);
	filter_select(f, fnd, F_RULE, "rule");
	filter_select(f, fnd, F_FAMILY, "family");
	filter_select(f, fnd, F_SINKLAYER, "layer");
	filter_select(f, fnd, F_CONF, "confidence");
	filter_select(f, fnd, F_GUARDED, "guarded");
	fprintf(f, " <span id=\"shown\">%zu</span> shown</p>\n", fnd->nrow);
	fputs("<table id=\"findings\"><thead><tr><th>id</th><th>rule</th><th>severity</th>"
	      "<th>confidence</th><th>guarded</th><th>layer</th><th>origin</th><th>from</th>"
	      "<th>reaches</th><th>at</th><th>patch</th><th>since baseline</th></tr></thead>"
	      "<tbody>\n", f);
	for (size_t o = 0; o < fnd->nrow; o++) {
		size_t r = order[o];
		int guarded = atoi(T(fnd, r, F_GUARDED));

		fputs("<tr data-rule=\"", f);
		esc(f, T(fnd, r, F_RULE));
		fputs("\" data-family=\"", f);
		esc(f, T(fnd, r, F_FAMILY));
		fputs("\" data-layer=\"", f);
		esc(f, T(fnd, r, F_SINKLAYER));
		fputs("\" data-confidence=\"", f);
		esc(f, T(fnd, r, F_CONF));
		fprintf(f, "\" data-guarded=\"%s\">", guarded ? "yes" : "no");
		fprintf(f, "<td data-sort=\"%s\"><a href=\"finding/%s.html\">%s</a></td>",
			T(fnd, r, F_ID), T(fnd, r, F_ID), T(fnd, r, F_ID));
		td(f, T(fnd, r, F_RULE), "");
		fputs("<td class=\"", f);
		esc(f, T(fnd, r, F_SEV));
		fputs("\">", f);
		esc(f, T(fnd, r, F_SEV));
		fputs("</td>", f);
		td(f, T(fnd, r, F_CONF), "");
		td(f, guarded ? "yes" : "no", "");
		td(f, T(fnd, r, F_SINKLAYER), "");
		td(f, T(fnd, r, F_ORIGIN), "");
		td(f, T(fnd, r, F_SRC), "()");
		td(f, T(fnd, r, F_API), "()");
		fputs("<td>", f);
		href_src(f, 0, T(fnd, r, F_FILE), T(fnd, r, F_LINE));
		fputs("</td>", f);
		td(f, T(fnd, r, F_PSTATUS), "");
		fprintf(f, "<td>%s</td></tr>\n", !guarded && is_new(c, T(fnd, r, F_FP)) ?
			"<strong class=\"new\">new</strong>" : "");
		want_source(&c->files, T(fnd, r, F_FILE));
	}
	fputs("</tbody></table>\n", f);
	free(order);
	fputs("<h2>Counts</h2>\n<div style=\"display:flex;gap:2em;flex-wrap:wrap\">\n", f);
	count_table(f, c->db, "rule", "SELECT rule, count(*) FROM finding GROUP BY 1 ORDER BY 1");
	count_table(f, c->db, "confidence", "SELECT confidence, count(*) FROM finding GROUP BY 1 ORDER BY 1");
	count_table(f, c->db, "guarded", "SELECT CASE guarded WHEN 1 THEN 'guarded' ELSE 'unguarded' "
		    "END, count(*) FROM finding GROUP BY 1 ORDER BY 1");
	count_table(f, c->db, "layer (where referenced)",
		    "SELECT fn.layer, count(*) FROM finding fi JOIN function fn ON "
		    "fn.id = fi.sink_function_id GROUP BY 1 ORDER BY 1");
	/*
	 * families: a rule, the memory, and how the page was followed to the
	 * sink (its own allocation, or joined through a channel's producers)
	 */
	{
		/* families, as the findings table's family column and filter name them */
		struct strvec fam = STRVEC_INIT;

		fputs("<table><tr><th>family (rule, memory, how)</th><th>findings</th>"
		      "<th>unguarded</th></tr>\n", f);
		for (size_t r = 0; r < fnd->nrow; r++) {
			int dup = 0;

			for (size_t i = 0; i < fam.nr; i++)
				dup |= !strcmp(fam.v[i], T(fnd, r, F_FAMILY));
			if (!dup)
				strvec_push(&fam, T(fnd, r, F_FAMILY));
		}
		qsort(fam.v, fam.nr, sizeof(*fam.v), cmp_str);
		for (size_t i = 0; i < fam.nr; i++) {
			long n = 0, ung = 0;

			for (size_t r = 0; r < fnd->nrow; r++)
				if (!strcmp(fam.v[i], T(fnd, r, F_FAMILY))) {
					n++;
					ung += !atoi(T(fnd, r, F_GUARDED));
				}
			fputs("<tr>", f);
			td(f, fam.v[i], "");
			fprintf(f, "<td>%ld</td><td>%ld</td></tr>\n", n, ung);
		}
		fputs("</table>\n", f);
		strvec_clear(&fam);
	}
	fputs("</div>\n", f);
	layer_graph(f, c->db, c->dir);
	fputs("<details id=\"run\"><summary>The run: tree, scope, times</summary>\n"
	      "<table class=\"run\">\n", f);
	fprintf(f, "<tr><th>pageref</th><td>%s</td></tr>\n", PAGEREF_VERSION);
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		table_load(c->db, &meta, "SELECT value FROM meta WHERE key = ?1", keys[k][0]);
		if (meta.nrow) {
			/* each value has an id (meta-seconds_extract): what the run recorded */
			fprintf(f, "<tr><th>%s</th><td id=\"meta-%s\">", keys[k][1], keys[k][0]);
			/* no DIRS: the whole tree kbuild builds */
			esc(f, !strcmp(keys[k][0], "dirs") && !*T(&meta, 0, 0) ? "the whole tree" :
			    T(&meta, 0, 0));
			fputs("</td></tr>\n", f);
		}
		table_release(&meta);
	}
	table_load(c->db, &tus, "SELECT count(*), coalesce(sum(status = 'failed'), 0), "
		   "(SELECT count(*) FROM tu_skip) FROM tu", NULL);
	fprintf(f, "<tr><th>translation units</th><td><span id=\"count-tus\">%s</span> parsed "
		"(<span id=\"count-failed\">%s</span> failed), <span id=\"count-skipped\">%s</span> "
		"skipped by the relevance filter</td></tr>\n", T(&tus, 0, 0), T(&tus, 0, 1), T(&tus, 0, 2));
	table_release(&tus);
	{
		/* what the results do not cover: callees with no body (scope.h) */
		char *text = scope_describe(c->db, 5), *l, *save = NULL;

		if (*text) {
			fputs("<tr><th>scope</th><td id=\"scope\"><ul>", f);
			for (l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
				fputs("<li>", f);
				esc(f, l);
				fputs("</li>", f);
			}
			fputs("</ul>(<code>pageref sql \"SELECT * FROM v_scope_gap\"</code>)</td></tr>\n", f);
		}
		free(text);
	}
	strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S UTC", gmtime(&now));
	fprintf(f, "<tr><th>generated</th><td id=\"generated\">%s</td></tr>\n</table>\n</details>\n",
		stamp);
	return page_close(f, embedded_findings_js);
}

static int write_finding(struct ctx *c, const struct table *fnd, size_t r)
{
	char *rel = xasprintf("finding/%s.html", T(fnd, r, F_ID));
	char *title = xasprintf("finding %s: %s in %s()", T(fnd, r, F_ID), T(fnd, r, F_RULE),
				T(fnd, r, F_SINKFN));
	FILE *f = page_open(c->dir, rel, title, 1);
	struct table steps, patch;

	free(rel);
	if (!f) {
		free(title);
		return -1;
	}
	fputs("<h1>", f);
	esc(f, title);
	free(title);
	fputs("</h1>\n<p class=\"", f);
	esc(f, T(fnd, r, F_SEV));
	fputs("\">", f);
	esc(f, T(fnd, r, F_SEV));
	fputs(": ", f);
	esc(f, T(fnd, r, F_ORIGIN));
	fputs(" page from ", f);
	esc(f, T(fnd, r, F_SRC));
	fputs("() reaches ", f);
	esc(f, T(fnd, r, F_API));
	fputs("() (", f);
	esc(f, T(fnd, r, F_CONF));
	fputs(" confidence", f);
	if (atoi(T(fnd, r, F_GUARDED))) {
		fputs("; guarded: ", f);
		esc(f, T(fnd, r, F_GUARD));
	}
	fputs(").</p>\n<p>Entry point: ", f);
	esc(f, T(fnd, r, F_ENTRY));
	fputs("(). Fingerprint <code>", f);
	esc(f, T(fnd, r, F_FP));
	fprintf(f, "</code>. In a terminal: <code>pageref query -o OUT explain %s</code></p>\n",
		T(fnd, r, F_ID));
	if (*T(fnd, r, F_CHANNEL)) {
		fputs("<p>The page is read from channel <a href=\"../", f);
		{
			char *page = channel_page(T(fnd, r, F_CHANNEL));

			esc_href(f, page);
			free(page);
		}
		fputs("\" id=\"channel\">", f);
		esc(f, T(fnd, r, F_CHANNEL));
		fputs("</a>.</p>\n", f);
	}
	fputs("<h2>Witness path</h2>\n", f);
	table_load(c->db, &steps, "SELECT step, function, file, line, what FROM v_finding_step "
		   "WHERE finding_id = CAST(?1 AS INTEGER) ORDER BY step", T(fnd, r, F_ID));
	{
		/* a joined finding: the producer's part, the join, the consumer's part */
		int joined = 0;

		for (size_t s = 0; s < steps.nrow; s++)
			joined |= !strncmp(T(&steps, s, 4), "joined on ", 10);
		fputs(joined ? "<h3 class=\"part\" id=\"producer\">Producer: the memory, and where it "
		      "is stored</h3>\n<ol class=\"steps\">\n" : "<ol class=\"steps\">\n", f);
	}
	for (size_t s = 0; s < steps.nrow; s++) {
		struct lines l;

		if (!strncmp(T(&steps, s, 4), "joined on ", 10))
			fprintf(f, "</ol>\n<h3 class=\"part\" id=\"consumer\">Consumer: where it is read "
				"back and referenced</h3>\n<ol class=\"steps\" start=\"%zu\">\n", s + 1);
		fputs("<li><p>", f);
		esc(f, T(&steps, s, 4));
		fputs(" \xe2\x80\x94 ", f);
		href_src(f, 1, T(&steps, s, 2), T(&steps, s, 3));
		fputs("</p>\n", f);
		if (lines_read(c->tree, T(&steps, s, 2), &l) == 0) {
			excerpt(f, &l, atol(T(&steps, s, 3)), 2);
			lines_release(&l);
		}
		fputs("</li>\n", f);
		want_source(&c->files, T(&steps, s, 2));
	}
	fputs("</ol>\n", f);
	table_release(&steps);
	table_load(c->db, &patch, "SELECT recipe, status, path, detail, diff FROM v_patch "
		   "WHERE finding_id = CAST(?1 AS INTEGER)", T(fnd, r, F_ID));
	if (patch.nrow) {
		fputs("<h2>Patch</h2>\n<p>", f);
		esc(f, T(&patch, 0, 0));
		fputs(": ", f);
		esc(f, T(&patch, 0, 1));
		if (*T(&patch, 0, 2)) {
			fputs(", <a href=\"../../", f);
			esc_href(f, T(&patch, 0, 2));
			fputs("\">", f);
			esc(f, T(&patch, 0, 2));
			fputs("</a>", f);
		} else if (*T(&patch, 0, 3)) {
			fputs(" (", f);
			esc(f, T(&patch, 0, 3));
			fputs(")", f);
		}
		fputs("</p>\n", f);
		if (*T(&patch, 0, 4)) {
			fputs("<pre class=\"diff\">", f);
			esc(f, T(&patch, 0, 4));
			fputs("</pre>\n", f);
		}
	}
	table_release(&patch);
	/* what make validate did with its patch: the steps naming the file or the function */
	table_load(c->db, &patch, "SELECT v.step, v.status, v.detail FROM validation v, patch p "
		   "WHERE p.finding_id = CAST(?1 AS INTEGER) AND p.status = 'series' AND "
		   "(instr(v.step, substr(p.path, length(rtrim(p.path, replace(p.path, '/', ''))) + 1)) "
		   "OR v.step = 'ftrace: ' || p.function) ORDER BY v.seq", T(fnd, r, F_ID));
	if (patch.nrow) {
		static const char *const head[] = { "step", "status", "detail", NULL };

		fputs("<h2 id=\"validation\">Validation</h2>\n<p>The steps of <a href=\"../"
		      "validation.html\">make validate</a> on this patch:</p>\n", f);
		table_html(f, NULL, 1, &patch, head, "ttt");
	}
	table_release(&patch);
	return page_close(f, NULL);
}

static int write_patches(struct ctx *c)
{
	FILE *f = page_open(c->dir, "patches.html", "pageref: patches", 0);
	struct table p;

	if (!f)
		return -1;
	table_load(c->db, &p, "SELECT path, group_concat(finding_id, ' '), min(recipe), "
		   "min(checkpatch_errors), min(checkpatch_warnings), min(detail) FROM v_patch "
		   "WHERE status = 'series' GROUP BY path ORDER BY path", NULL);
	fprintf(f, "<h1>Patches</h1>\n<p>%zu patches in <code>OUT/patches</code>. Apply them in a "
		"git tree of the analysed kernel with <code>git am</code> on every file but "
		"<code>0000-cover-letter.patch</code>, in order.</p>\n", p.nrow);
	for (size_t i = 0; i < p.nrow; i++) {
		char *path = xasprintf("%s/../%s", c->dir, T(&p, i, 0)), *text = read_file(path, NULL);

		fputs("<h2>", f);
		esc(f, T(&p, i, 0));
		fputs("</h2>\n<p>recipe ", f);
		esc(f, T(&p, i, 2));
		fputs("; findings ", f);
		esc(f, T(&p, i, 1));
		fprintf(f, "; checkpatch.pl --strict: %s errors, %s warnings", T(&p, i, 3), T(&p, i, 4));
		if (*T(&p, i, 5)) {
			fputs(" (", f);
			esc(f, T(&p, i, 5));
			fputs(")", f);
		}
		fputs("</p>\n<pre class=\"diff\">", f);
		esc(f, text ? text : "(the patch file is missing)");
		fputs("</pre>\n", f);
		free(text);
		free(path);
	}
	table_release(&p);
	return page_close(f, NULL);
}

/*
 * What make validate found: v_validation in the order run.sh ran its steps
 * (apply, static checks, build, boot, workload, trap, ftrace), failures
 * first in the summary so a reader sees at once whether the series held.
 */
static int write_validation(struct ctx *c)
{
	FILE *f = page_open(c->dir, "validation.html", "pageref: validation", 0);
	struct table v, sum;

	if (!f)
		return -1;
	table_load(c->db, &v, "SELECT step, status, printf('%g', seconds), detail FROM v_validation", NULL);
	table_load(c->db, &sum, "SELECT coalesce(sum(status = 'pass'), 0), coalesce(sum(status = "
		   "'fail'), 0), coalesce(sum(status = 'skip'), 0), coalesce(sum(seconds), 0) "
		   "FROM validation", NULL);
	fputs("<h1>Validation</h1>\n", f);
	if (!v.nrow) {
		fputs("<p id=\"validation-none\">No validation results in this database: run "
		      "<code>make validate</code> (it loads them with <code>pageref validation"
		      "</code>).</p>\n", f);
	} else {
		fprintf(f, "<p><span id=\"count-pass\">%s</span> passed, <span class=\"%s\" "
			"id=\"count-fail\">%s</span> failed, <span id=\"count-skip\">%s</span> "
			"skipped, %.0f s in all. The steps are those of <code>validation/run.sh"
			"</code>: the series applied to a scratch copy, checkpatch, sparse and "
			"compiler warnings before and after, the kernel built and booted under QEMU "
			"with the refcount trap, the workload, and which patched functions ran."
			"</p>\n", T(&sum, 0, 0), atoi(T(&sum, 0, 1)) ? "error" : "", T(&sum, 0, 1),
			T(&sum, 0, 2), atof(T(&sum, 0, 3)));
		fputs("<table id=\"validation\"><tr><th>step</th><th>status</th><th>s</th>"
		      "<th>detail</th></tr>\n", f);
		for (size_t i = 0; i < v.nrow; i++) {
			const char *st = T(&v, i, 1);

			fputs("<tr>", f);
			td(f, T(&v, i, 0), "");
			fprintf(f, "<td class=\"%s\">", !strcmp(st, "fail") ? "error" :
				!strcmp(st, "skip") ? "muted" : "");
			esc(f, st);
			fputs("</td>", f);
			td(f, T(&v, i, 2), "");
			td(f, T(&v, i, 3), "");
			fputs("</tr>\n", f);
		}
		fputs("</table>\n", f);
	}
	table_release(&sum);
	table_release(&v);
	return page_close(f, NULL);
}


int report_html(struct db *db, const char *out, struct db *baseline, long *npages)
{
	struct ctx c = { .db = db, .files = STRVEC_INIT, .old = STRVEC_INIT,
			 .have_baseline = baseline != NULL };
	char *dir = xasprintf("%s/report", out), *next = xasprintf("%s/report.new", out);
	char *old = xasprintf("%s/report.old", out), *tree = db_meta_get(db, "kernel");
	char *rm[] = { "rm", "-rf", next, NULL }, *rm_old[] = { "rm", "-rf", old, NULL };
	struct table fnd;
	int ret = 0;

	*npages = 0;
	/* written beside and swapped in whole: a failure leaves the old report */
	spawn_run(rm, NULL, NULL, NULL);
	if (mkdir(next, 0777) < 0) {
		ret = io_error(errno, "cannot create %s: %s", next, strerror(errno));
		goto out;
	}
	c.dir = next;
	c.tree = tree ? tree : "/nonexistent";
	if (baseline && db_query_each(baseline, "SELECT fingerprint FROM v_finding WHERE guarded = 0",
				      NULL, 0, add_fp, &c.old)) {
		ret = -1;
		goto out;
	}
	if (table_load(db, &fnd, findings_sql, NULL)) {
		ret = -1;
		goto out;
	}
	ret = write_index(&c, &fnd);
	for (size_t r = 0; !ret && r < fnd.nrow; r++)
		ret = write_finding(&c, &fnd, r);
	*npages = fnd.nrow + 3;
	table_release(&fnd);
	if (!ret)
		ret = write_channel_pages(db, next, &c.files, npages);
	if (!ret)
		ret = write_patches(&c);
	if (!ret)
		ret = write_validation(&c);
	qsort(c.files.v, c.files.nr, sizeof(*c.files.v), cmp_str);
	for (size_t i = 0; !ret && i < c.files.nr; i++)
		ret = write_source(next, c.tree, c.files.v[i]);
	*npages += c.files.nr;
	if (!ret) {
		test_kill_point("report");	/* the new report written, the old one in place */
		spawn_run(rm_old, NULL, NULL, NULL);
		if ((rename(dir, old) < 0 && errno != ENOENT) || rename(next, dir) < 0)
			ret = error("cannot move %s into place: %s", dir, strerror(errno));
		spawn_run(rm_old, NULL, NULL, NULL);
	}
out:
	/* a report that could not be finished is not left half written beside the old one */
	if (ret)
		spawn_run(rm, NULL, NULL, NULL);
	strvec_clear(&c.files);
	strvec_clear(&c.old);
	free(tree);
	free(dir);
	free(next);
	free(old);
	return ret;
}
