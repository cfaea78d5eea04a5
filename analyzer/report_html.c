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

#include "report.h"
#include "scope.h"
#include "spawn.h"
#include "usage.h"
#include "version.h"

/* ---- query results as tables ------------------------------------------- */

struct table {
	int ncol;
	size_t nrow, alloc;
	char **cell;		/* nrow * ncol, NULL for SQL NULL */
};

static int table_add(int ncol, const char *const *c, void *data)
{
	struct table *t = data;

	t->ncol = ncol;
	while ((t->nrow + 1) * (size_t)ncol > t->alloc) {
		t->alloc = t->alloc ? 2 * t->alloc : 64 * (size_t)ncol;
		t->cell = xrealloc(t->cell, t->alloc * sizeof(*t->cell));
	}
	for (int i = 0; i < ncol; i++)
		t->cell[t->nrow * ncol + i] = c[i] ? xstrdup(c[i]) : NULL;
	t->nrow++;
	return 0;
}

static int table_load(struct db *db, struct table *t, const char *sql, const char *param)
{
	memset(t, 0, sizeof(*t));
	return db_query_each(db, sql, param ? &param : NULL, param ? 1 : 0, table_add, t);
}

static const char *T(const struct table *t, size_t r, int c)
{
	const char *v = t->cell[r * t->ncol + c];

	return v ? v : "";
}

static void table_release(struct table *t)
{
	for (size_t i = 0; i < t->nrow * (size_t)t->ncol; i++)
		free(t->cell[i]);
	free(t->cell);
	memset(t, 0, sizeof(*t));
}

/* ---- writing ------------------------------------------------------------ */

static void esc(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: fputc(*s, f);
		}
	}
}

/* A path inside the report, escaped for an href: characters URLs reserve too. */
static void esc_href(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char ch = *s;

		if (ch == '%' || ch == '#' || ch == '?' || ch == ' ' || ch == '"' || ch == '\'' ||
		    ch == '<' || ch == '>' || ch == '&' || ch < 0x20 || ch >= 0x7f)
			fprintf(f, "%%%02X", ch);
		else
			fputc(ch, f);
	}
}

/* One table cell: <td>, the escaped text and what follows it ("()" for a function), </td>. */
static void td(FILE *f, const char *text, const char *after)
{
	fputs("<td>", f);
	esc(f, text);
	fputs(after, f);
	fputs("</td>", f);
}

static const char style[] =
	"<style>\n"
	"body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}\n"
	"h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.5em}\n"
	"table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px;"
	"text-align:left;vertical-align:top}\n"
	"th{background:#f0f0f0;cursor:pointer}pre,code{font:12px/1.35 monospace}\n"
	"pre{background:#f8f8f8;padding:6px;overflow-x:auto}.ln{color:#999;user-select:none}\n"
	".hl{background:#fff3b0}.error{color:#b00}.warning{color:#a60}.note{color:#06a}\n"
	"nav a{margin-right:1em}.src td{border:none;padding:0 6px}.muted{color:#777}\n"
	"</style>\n";

static FILE *page_open(const char *dir, const char *rel, const char *title, int depth)
{
	char *path = xasprintf("%s/%s", dir, rel), *p;
	FILE *f;

	for (p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		mkdir(path, 0777);
		*p = '/';
	}
	f = fopen(path, "w");
	if (!f) {
		error("cannot write %s: %s", path, strerror(errno));
		free(path);
		return NULL;
	}
	free(path);
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>", f);
	esc(f, title);
	fputs("</title>\n", f);
	fputs(style, f);
	fputs("</head><body>\n<nav>", f);
	for (int i = 0; i < 5; i++) {
		static const char *const link[][2] = {
			{ "index.html", "findings" }, { "pairs.html", "pairs" },
			{ "patches.html", "patches" }, { "validation.html", "validation" },
			{ "index.html#graph", "layers" },
		};

		fputs("<a href=\"", f);
		for (int d = 0; d < depth; d++)
			fputs("../", f);
		fprintf(f, "%s\">%s</a>", link[i][0], link[i][1]);
	}
	fputs("</nav>\n", f);
	return f;
}

static int page_close(FILE *f, const char *script)
{
	if (script)
		fprintf(f, "<script>\n%s</script>\n", script);
	fputs("</body></html>\n", f);
	return fclose(f) ? error("cannot write a report page: %s", strerror(errno)) : 0;
}

/* The source page of a tree file: src/PATH.html, every line anchored. */
static char *src_page(const char *file)
{
	return xasprintf("src/%s.html", file);
}

static void href_src(FILE *f, int depth, const char *file, const char *line)
{
	char *page = src_page(file);

	fputs("<a href=\"", f);
	for (int d = 0; d < depth; d++)
		fputs("../", f);
	esc_href(f, page);
	if (line && *line)
		fprintf(f, "#L%ld", atol(line));
	fputs("\">", f);
	esc(f, file);
	if (line && *line)
		fprintf(f, ":%ld", atol(line));
	fputs("</a>", f);
	free(page);
}

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

static void want_source(struct ctx *c, const char *file)
{
	for (size_t i = 0; i < c->files.nr; i++)
		if (!strcmp(c->files.v[i], file))
			return;
	strvec_push(&c->files, file);
}

static const char findings_sql[] =
	"SELECT f.id, f.rule, f.severity, f.confidence, f.guarded, f.origin, f.source_function, "
	"f.sink_api, f.sink_function, f.sink_file, f.sink_line, f.entry_function, f.fingerprint, "
	"(SELECT fn.layer FROM function fn WHERE fn.id = fi.source_function_id), "
	"(SELECT fn.layer FROM finding_step s JOIN function fn ON fn.id = s.function_id "
	" WHERE s.finding_id = f.id ORDER BY s.step DESC LIMIT 1), fi.guard, "
	"(SELECT p.status FROM patch p WHERE p.finding_id = f.id), "
	"(SELECT p.path FROM patch p WHERE p.finding_id = f.id) "
	"FROM v_finding f JOIN finding fi ON fi.id = f.id "
	"ORDER BY f.guarded, f.sink_file, f.sink_line, f.rule, f.fingerprint";

enum { F_ID, F_RULE, F_SEV, F_CONF, F_GUARDED, F_ORIGIN, F_SRC, F_API, F_SINKFN, F_FILE,
       F_LINE, F_ENTRY, F_FP, F_SRCLAYER, F_SINKLAYER, F_GUARD, F_PSTATUS, F_PPATH };
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

/*
 * The layer graph: layers on a circle, an edge for each pair of layers that
 * reference pages across (GET in one, PUT in the other) or that a finding
 * crosses (the risky memory's layer to the layer that references it).
 */
static void layer_graph(FILE *f, struct db *db)
{
	struct table edges, nodes;
	const double cx = 500, cy = 390, rad = 300;
	long label_min = 1;

	table_load(db, &edges,
		"SELECT a, b, sum(pairs), sum(findings) FROM ("
		" SELECT get_layer AS a, put_layer AS b, count(*) AS pairs, 0 AS findings FROM v_pair"
		"  WHERE get_layer != put_layer GROUP BY 1, 2"
		" UNION ALL"
		" SELECT sl.layer, kl.layer, 0, count(*) FROM finding fi"
		"  JOIN function sl ON sl.id = fi.source_function_id"
		"  JOIN function kl ON kl.id = (SELECT s.function_id FROM finding_step s"
		"   WHERE s.finding_id = fi.id ORDER BY s.step DESC LIMIT 1)"
		"  WHERE sl.layer != kl.layer GROUP BY 1, 2"
		") GROUP BY 1, 2 ORDER BY 1, 2", NULL);
	table_load(db, &nodes,
		"SELECT DISTINCT l FROM (SELECT get_layer AS l FROM v_pair UNION SELECT put_layer FROM "
		"v_pair UNION SELECT fn.layer FROM finding fi JOIN function fn ON "
		"fn.id = fi.source_function_id UNION SELECT fn.layer FROM finding_step s JOIN function "
		"fn ON fn.id = s.function_id) ORDER BY l", NULL);
	fprintf(f, "<h2 id=\"graph\">Layers</h2>\n<p>Edges: page references taken in one layer "
		"and dropped in another (pairs), and findings whose memory crosses layers. %zu layers, "
		"%zu edges.</p>\n", nodes.nrow, edges.nrow);
	/*
	 * A real tree has dozens of layers: label the edges that carry findings
	 * and the ten busiest, the others say their counts on hover (title)
	 */
	{
		long *pairs = xcalloc(edges.nrow + 1, sizeof(*pairs));

		for (size_t e = 0; e < edges.nrow; e++)
			pairs[e] = atol(T(&edges, e, 2));
		for (size_t k = 0; k < edges.nrow && k < 10; k++) {
			size_t best = k;

			for (size_t e = k + 1; e < edges.nrow; e++)
				if (pairs[e] > pairs[best])
					best = e;
			label_min = pairs[best];
			pairs[best] = pairs[k];
			pairs[k] = label_min;
		}
		free(pairs);
		if (edges.nrow <= 10)
			label_min = 0;
	}
	fputs("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1000\" height=\"780\" "
	      "viewBox=\"0 0 1000 780\" role=\"img\" aria-label=\"layer graph\">\n"
	      "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
	      "markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" "
	      "fill=\"#888\"/></marker></defs>\n", f);
	for (size_t e = 0; e < edges.nrow; e++) {
		size_t a = 0, b = 0;
		double ax, ay, bx, by;

		for (size_t n = 0; n < nodes.nrow; n++) {
			if (!strcmp(T(&nodes, n, 0), T(&edges, e, 0)))
				a = n;
			if (!strcmp(T(&nodes, n, 0), T(&edges, e, 1)))
				b = n;
		}
		ax = cx + rad * cos(2 * M_PI * a / nodes.nrow);
		ay = cy + rad * sin(2 * M_PI * a / nodes.nrow);
		bx = cx + rad * cos(2 * M_PI * b / nodes.nrow);
		by = cy + rad * sin(2 * M_PI * b / nodes.nrow);
		{
			long np = atol(T(&edges, e, 2)), nf = atol(T(&edges, e, 3));

			fprintf(f, "<g class=\"edge\"><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
				"y2=\"%.1f\" stroke=\"%s\" stroke-opacity=\"%s\" stroke-width=\"%.1f\" "
				"marker-end=\"url(#arrow)\"/>", ax, ay, ax + (bx - ax) * 0.95,
				ay + (by - ay) * 0.95, nf ? "#c33" : "#888", nf ? "1" : "0.45",
				1 + log1p((double)np) / 2);
			if (nf || (np && np >= label_min))
				fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"%s\">"
					"%ld pairs, %ld findings</text>", (ax + bx) / 2, (ay + by) / 2,
					nf ? "#a00" : "#555", np, nf);
			fprintf(f, "<title>%ld pairs, %ld findings: ", np, nf);
		}
		esc(f, T(&edges, e, 0));
		fputs(" \xe2\x86\x92 ", f);
		esc(f, T(&edges, e, 1));
		fputs("</title></g>\n", f);
	}
	for (size_t n = 0; n < nodes.nrow; n++) {
		double x = cx + rad * cos(2 * M_PI * n / nodes.nrow);
		double y = cy + rad * sin(2 * M_PI * n / nodes.nrow);

		double ux = cos(2 * M_PI * n / nodes.nrow);

		/* names outside the circle, reading away from it */
		fprintf(f, "<g class=\"node\"><circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"#36c\"/>"
			"<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"%s\">", x, y,
			x + 9 * ux, y + 4 + 9 * sin(2 * M_PI * n / nodes.nrow),
			ux < -0.2 ? "end" : ux > 0.2 ? "start" : "middle");
		esc(f, T(&nodes, n, 0));
		fputs("</text></g>\n", f);
	}
	fputs("</svg>\n", f);
	table_release(&edges);
	table_release(&nodes);
}

static const char table_js[] =
	"// sort on a header click, filter with the selects; no network, no library\n"
	"const tbl = document.getElementById('findings');\n"
	"const rows = Array.from(tbl.tBodies[0].rows);\n"
	"function apply() {\n"
	"  const want = {};\n"
	"  document.querySelectorAll('select[data-col]').forEach(s => want[s.dataset.col] = s.value);\n"
	"  let shown = 0;\n"
	"  rows.forEach(r => {\n"
	"    const ok = Object.keys(want).every(k => !want[k] || r.dataset[k] === want[k]);\n"
	"    r.hidden = !ok; shown += ok;\n"
	"  });\n"
	"  document.getElementById('shown').textContent = shown;\n"
	"}\n"
	"// index.html#rule=slab-page-get&guarded=no opens with those filters set\n"
	"const want = new URLSearchParams(location.hash.slice(1));\n"
	"document.querySelectorAll('select[data-col]').forEach(s => {\n"
	"  if (want.has(s.dataset.col)) s.value = want.get(s.dataset.col);\n"
	"  s.addEventListener('change', apply);\n"
	"});\n"
	"tbl.tHead.querySelectorAll('th').forEach((th, i) => th.addEventListener('click', () => {\n"
	"  const dir = th.dataset.dir === 'asc' ? -1 : 1; th.dataset.dir = dir > 0 ? 'asc' : 'desc';\n"
	"  const key = r => r.cells[i].dataset.sort || r.cells[i].textContent;\n"
	"  rows.sort((a, b) => dir * key(a).localeCompare(key(b), undefined, {numeric: true}));\n"
	"  rows.forEach(r => tbl.tBodies[0].appendChild(r));\n"
	"}));\n"
	"// index.html#sort=0 opens sorted by that column (a click on its header)\n"
	"if (want.has('sort')) tbl.tHead.rows[0].cells[+want.get('sort')].click();\n"
	"apply();\n";

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

static int write_index(struct ctx *c, const struct table *fnd)
{
	FILE *f = page_open(c->dir, "index.html", "pageref report", 0);
	struct table meta, tus;
	char stamp[64];
	time_t now = time(NULL);
	long unguarded = 0;
	static const char *const keys[][2] = {
		{ "kernel", "tree" }, { "kernel_version", "kernel" }, { "dirs", "dirs" },
		{ "config", "configuration" }, { "seconds_extract", "extract (s)" },
		{ "seconds_link", "link (s)" }, { "seconds_solve", "solve (s)" },
		{ "seconds_patch", "patch (s)" },
	};

	if (!f)
		return -1;
	for (size_t r = 0; r < fnd->nrow; r++)
		unguarded += !atoi(T(fnd, r, F_GUARDED));
	fputs("<h1>pageref report</h1>\n<table class=\"run\">\n", f);
	fprintf(f, "<tr><th>pageref</th><td>%s</td></tr>\n", PAGEREF_VERSION);
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		table_load(c->db, &meta, "SELECT value FROM meta WHERE key = ?1", keys[k][0]);
		if (meta.nrow) {
			fprintf(f, "<tr><th>%s</th><td>", keys[k][1]);
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
	fprintf(f, "<tr><th>generated</th><td id=\"generated\">%s</td></tr>\n</table>\n", stamp);
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
	fputs("<h2>Counts</h2>\n<div style=\"display:flex;gap:2em;flex-wrap:wrap\">\n", f);
	count_table(f, c->db, "rule", "SELECT rule, count(*) FROM finding GROUP BY 1 ORDER BY 1");
	count_table(f, c->db, "confidence", "SELECT confidence, count(*) FROM finding GROUP BY 1 ORDER BY 1");
	count_table(f, c->db, "guarded", "SELECT CASE guarded WHEN 1 THEN 'guarded' ELSE 'unguarded' "
		    "END, count(*) FROM finding GROUP BY 1 ORDER BY 1");
	count_table(f, c->db, "layer (where referenced)",
		    "SELECT fn.layer, count(*) FROM finding fi JOIN function fn ON fn.id = "
		    "(SELECT s.function_id FROM finding_step s WHERE s.finding_id = fi.id "
		    "ORDER BY s.step DESC LIMIT 1) GROUP BY 1 ORDER BY 1");
	fputs("</div>\n", f);
	layer_graph(f, c->db);
	fputs("<h2>Findings</h2>\n<p>", f);
	filter_select(f, fnd, F_RULE, "rule");
	filter_select(f, fnd, F_SINKLAYER, "layer");
	filter_select(f, fnd, F_CONF, "confidence");
	filter_select(f, fnd, F_GUARDED, "guarded");
	fprintf(f, " <span id=\"shown\">%zu</span> shown</p>\n", fnd->nrow);
	fputs("<table id=\"findings\"><thead><tr><th>id</th><th>rule</th><th>severity</th>"
	      "<th>confidence</th><th>guarded</th><th>layer</th><th>origin</th><th>from</th>"
	      "<th>reaches</th><th>at</th><th>patch</th><th>since baseline</th></tr></thead>"
	      "<tbody>\n", f);
	for (size_t r = 0; r < fnd->nrow; r++) {
		int guarded = atoi(T(fnd, r, F_GUARDED));

		fputs("<tr data-rule=\"", f);
		esc(f, T(fnd, r, F_RULE));
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
		want_source(c, T(fnd, r, F_FILE));
	}
	fputs("</tbody></table>\n", f);
	return page_close(f, table_js);
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
	fputs("<h2>Witness path</h2>\n<ol class=\"steps\">\n", f);
	table_load(c->db, &steps, "SELECT step, function, file, line, what FROM v_finding_step "
		   "WHERE finding_id = CAST(?1 AS INTEGER) ORDER BY step", T(fnd, r, F_ID));
	for (size_t s = 0; s < steps.nrow; s++) {
		struct lines l;

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
		want_source(c, T(&steps, s, 2));
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
	return page_close(f, NULL);
}

static int write_pairs(struct ctx *c)
{
	FILE *f = page_open(c->dir, "pairs.html", "pageref: reference pairs", 0);
	struct table ch, sites;

	if (!f)
		return -1;
	table_load(c->db, &ch, "SELECT channel, sum(op = 'get'), sum(op = 'put') FROM v_channel_site "
		   "GROUP BY channel ORDER BY channel", NULL);
	fprintf(f, "<h1>Reference pairs</h1>\n<p>%zu channels: struct fields that carry referenced "
		"pages. Each lists where references are taken into it (GET) and where they are "
		"dropped from it (PUT), by layer.</p>\n", ch.nrow);
	for (size_t i = 0; i < ch.nrow; i++) {
		fputs("<h2>", f);
		esc(f, T(&ch, i, 0));
		fprintf(f, "</h2>\n<p>%s GET sites, %s PUT sites</p>\n<table><tr><th>op</th><th>layer"
			"</th><th>function</th><th>where</th><th>how</th></tr>\n", T(&ch, i, 1),
			T(&ch, i, 2));
		table_load(c->db, &sites, "SELECT op, layer, function, file, line, how FROM "
			   "v_channel_site WHERE channel = ?1 ORDER BY op, layer, file, line, function",
			   T(&ch, i, 0));
		for (size_t s = 0; s < sites.nrow; s++) {
			char at[32];

			snprintf(at, sizeof(at), ":%ld", atol(T(&sites, s, 4)));
			fputs("<tr>", f);
			td(f, T(&sites, s, 0), "");
			td(f, T(&sites, s, 1), "");
			td(f, T(&sites, s, 2), "()");
			td(f, T(&sites, s, 3), at);
			td(f, T(&sites, s, 5), "");
			fputs("</tr>\n", f);
		}
		fputs("</table>\n", f);
		table_release(&sites);
	}
	table_release(&ch);
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

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
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
		ret = error("cannot create %s: %s", next, strerror(errno));
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
	*npages = fnd.nrow + 4;
	table_release(&fnd);
	if (!ret)
		ret = write_pairs(&c);
	if (!ret)
		ret = write_patches(&c);
	if (!ret)
		ret = write_validation(&c);
	qsort(c.files.v, c.files.nr, sizeof(*c.files.v), cmp_str);
	for (size_t i = 0; !ret && i < c.files.nr; i++)
		ret = write_source(next, c.tree, c.files.v[i]);
	*npages += c.files.nr;
	if (!ret) {
		spawn_run(rm_old, NULL, NULL, NULL);
		if ((rename(dir, old) < 0 && errno != ENOENT) || rename(next, dir) < 0)
			ret = error("cannot move %s into place: %s", dir, strerror(errno));
		spawn_run(rm_old, NULL, NULL, NULL);
	}
out:
	strvec_clear(&c.files);
	strvec_clear(&c.old);
	free(tree);
	free(dir);
	free(next);
	free(old);
	return ret;
}
