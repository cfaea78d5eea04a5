// SPDX-License-Identifier: GPL-2.0
/*
 * The layer graph, laid out by Graphviz (dot), inline in the index. Layers
 * are nodes; layers under one top directory (net/, drivers/, fs/) are
 * drawn as a cluster; an edge joins the layer that takes page references
 * on a channel to the one that drops them (its label: the number of
 * v_pair rows), and the layer whose memory a finding starts from to the
 * one that references it (red, with the finding count). Each edge links
 * to its row on the pairs page, which names its channels.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report_graph.h"
#include "report_page.h"
#include "spawn.h"
#include "usage.h"

const char layer_edges_sql[] =
	"SELECT a, b, sum(pairs), sum(findings), group_concat(channels, ' ') FROM ("
	" SELECT get_layer AS a, put_layer AS b, count(*) AS pairs, 0 AS findings,"
	"  group_concat(DISTINCT channel) AS channels FROM v_pair"
	"  WHERE get_layer != put_layer GROUP BY 1, 2"
	" UNION ALL"
	" SELECT sl.layer, kl.layer, 0, count(*), NULL FROM finding fi"
	"  JOIN function sl ON sl.id = fi.source_function_id"
	"  JOIN function kl ON kl.id = fi.sink_function_id"
	"  WHERE sl.layer != kl.layer GROUP BY 1, 2"
	") GROUP BY 1, 2 ORDER BY 1, 2";

/* A DOT string: quoted, with quotes and backslashes escaped (no \n, \l magic). */
static void dot_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* The top directory of a layer: "drivers" for drivers/nvme/host. */
static size_t top_len(const char *layer)
{
	return strcspn(layer, "/");
}

/*
 * newrank: Graphviz 2.43's ranking of clusters fails ("trouble in
 * init_rank", "lost edge") on the discovery run's 38 layers and 230 edges
 * without it.
 */
static int write_dot(const char *path, const struct table *nodes, const struct table *edges,
		     const char *drawn)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs("digraph layers {\n"
	      "\tgraph [newrank=true, rankdir=LR, fontname=\"sans-serif\", fontsize=11, nodesep=0.2, "
	      "ranksep=0.9, labeljust=l];\n"
	      "\tnode [shape=box, style=\"rounded,filled\", fillcolor=\"#eef3fb\", color=\"#3366cc\", "
	      "fontname=\"sans-serif\", fontsize=10, height=0.3];\n"
	      "\tedge [color=\"#888888\", fontname=\"sans-serif\", fontsize=9, arrowsize=0.6];\n", f);
	for (size_t n = 0; n < nodes->nrow;) {
		const char *l = T(nodes, n, 0);
		size_t k = top_len(l), m = n + 1, shown = 0;

		/* sorted: "net", "net/core", "net/ipv4" are one run, one cluster */
		while (m < nodes->nrow && top_len(T(nodes, m, 0)) == k && !strncmp(T(nodes, m, 0), l, k))
			m++;
		for (size_t i = n; i < m; i++)
			shown += drawn[edges->nrow + i];
		if (shown > 1) {
			char *top = xstrndup(l, k), *lab = xasprintf("%s/", top);

			fprintf(f, "\tsubgraph \"cluster_%zu\" {\n\t\tlabel=", n);
			dot_str(f, lab);
			fputs("; style=\"rounded\"; color=\"#bbbbbb\"; fontcolor=\"#555555\";\n", f);
			free(lab);
			free(top);
		}
		for (size_t i = n; i < m; i++) {
			if (!drawn[edges->nrow + i])
				continue;
			fputs(shown > 1 ? "\t\t" : "\t", f);
			dot_str(f, T(nodes, i, 0));
			fputs(";\n", f);
		}
		if (shown > 1)
			fputs("\t}\n", f);
		n = m;
	}
	for (size_t e = 0; e < edges->nrow; e++) {
		long np = atol(T(edges, e, 2)), nf = atol(T(edges, e, 3));

		if (!drawn[e])
			continue;
		const char *ps = np == 1 ? "" : "s", *fs = nf == 1 ? "" : "s";
		char *label = np && nf ? xasprintf("%ld pair%s, %ld finding%s", np, ps, nf, fs) :
			      np ? xasprintf("%ld pair%s", np, ps) : xasprintf("%ld finding%s", nf, fs);
		char *url = xasprintf("pairs.html#lp-%zu", e);
		char *tip = xasprintf("%s -> %s: %s", T(edges, e, 0), T(edges, e, 1), label);

		fputc('\t', f);
		dot_str(f, T(edges, e, 0));
		fputs(" -> ", f);
		dot_str(f, T(edges, e, 1));
		fputs(" [label=", f);
		dot_str(f, label);
		fputs(", URL=", f);
		dot_str(f, url);
		fputs(", tooltip=", f);
		dot_str(f, tip);
		if (nf)
			fputs(", color=\"#cc3333\", fontcolor=\"#aa0000\", penwidth=1.6", f);
		fputs("];\n", f);
		free(label);
		free(url);
		free(tip);
	}
	fputs("}\n", f);
	return fclose(f) ? -1 : 0;
}

/*
 * Which edges and nodes to draw (drawn[e] for edge e, drawn[nr_edges + n]
 * for node n): all of them up to MAX_DRAWN edges; beyond, every edge a
 * finding crosses and the busiest pair edges up to MAX_DRAWN, and the
 * nodes they join. Returns how many edges are drawn.
 */
#define MAX_DRAWN 60

static size_t choose(const struct table *nodes, const struct table *edges, char *drawn)
{
	size_t n = 0;

	if (edges->nrow <= MAX_DRAWN) {
		memset(drawn, 1, edges->nrow + nodes->nrow);
		return edges->nrow;
	}
	for (size_t e = 0; e < edges->nrow; e++)
		if (atol(T(edges, e, 3)) > 0) {
			drawn[e] = 1;
			n++;
		}
	while (n < MAX_DRAWN) {
		long best = 0;
		size_t b = edges->nrow;

		for (size_t e = 0; e < edges->nrow; e++)
			if (!drawn[e] && atol(T(edges, e, 2)) > best) {
				best = atol(T(edges, e, 2));
				b = e;
			}
		if (b == edges->nrow)
			break;
		drawn[b] = 1;
		n++;
	}
	for (size_t k = 0; k < nodes->nrow; k++)
		for (size_t e = 0; e < edges->nrow && !drawn[edges->nrow + k]; e++)
			drawn[edges->nrow + k] = drawn[e] && (!strcmp(T(edges, e, 0), T(nodes, k, 0)) ||
							      !strcmp(T(edges, e, 1), T(nodes, k, 0)));
	return n;
}

int layer_graph(FILE *f, struct db *db, const char *dir)
{
	struct table edges, nodes;
	char *drawn;
	size_t nd;
	char *dot = xasprintf("%s/.layers.dot", dir), *svg = xasprintf("%s/.layers.svg", dir);
	char *argv[] = { "dot", "-Tsvg", dot, "-o", svg, NULL };
	char *text = NULL;

	table_load(db, &edges, layer_edges_sql, NULL);
	table_load(db, &nodes,
		"SELECT DISTINCT l FROM (SELECT get_layer AS l FROM v_pair WHERE get_layer != put_layer "
		"UNION SELECT put_layer FROM v_pair WHERE get_layer != put_layer "
		"UNION SELECT sl.layer FROM finding fi JOIN function sl ON sl.id = fi.source_function_id "
		"UNION SELECT kl.layer FROM finding fi JOIN function kl ON kl.id = fi.sink_function_id) "
		"ORDER BY l", NULL);
	drawn = xcalloc(edges.nrow + nodes.nrow + 1, 1);
	nd = choose(&nodes, &edges, drawn);
	fprintf(f, "<h2 id=\"graph\">Layers</h2>\n<p>Page references taken in one layer and dropped "
		"in another (pairs, grey), and findings whose memory comes from one layer and is "
		"referenced in another (red). <span id=\"graph-nodes\">%zu</span> layers, "
		"<span id=\"graph-edges\">%zu</span> edges; an edge links to its channels. Laid out "
		"by Graphviz.", nodes.nrow, edges.nrow);
	if (nd < edges.nrow)
		fprintf(f, " Drawn: <span id=\"graph-drawn\">%zu</span> edges, every one a finding "
			"crosses and the busiest pairs, and the layers they join; every edge is on "
			"<a href=\"pairs.html\">the pairs page</a>.", nd);
	fputs("</p>\n", f);
	if (!spawn_have("dot")) {
		fputs("<p class=\"warning\">Graphviz's <code>dot</code> is not installed, so the "
		      "graph is not drawn: <code>apt-get install graphviz</code> (make deps does).</p>\n", f);
		warning("report: no Graphviz (dot): the layer graph is not drawn");
	} else if (write_dot(dot, &nodes, &edges, drawn) < 0 || spawn_run(argv, NULL, "", NULL) != 0 ||
		   !(text = read_file(svg, NULL))) {
		fputs("<p class=\"error\">Graphviz could not lay out the graph.</p>\n", f);
		warning("report: dot failed on %s", dot);
	} else {
		/* from dot's own comment on: no XML prolog or doctype inside HTML */
		const char *s = strstr(text, "<!-- Generated by");

		if (!s)
			s = strstr(text, "<svg");

		fputs("<div class=\"graph\">\n", f);
		fputs(s ? s : "", f);
		fputs("</div>\n", f);
	}
	free(text);
	free(drawn);
	unlink(dot);
	unlink(svg);
	free(dot);
	free(svg);
	table_release(&edges);
	table_release(&nodes);
	return 0;
}
