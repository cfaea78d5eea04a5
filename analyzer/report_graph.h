/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_REPORT_GRAPH_H
#define PAGEREF_REPORT_GRAPH_H

#include <stdio.h>

#include "db.h"

/*
 * The layer graph's edges, in the graph's order: from, to, pairs,
 * findings, the channels of the pairs (space-separated). Edge k links to
 * pairs.html#lp-k, where the pairs page lists it (report_channels.c).
 */
extern const char layer_edges_sql[];

/*
 * The index's "Layers" section: the graph laid out by Graphviz's dot as
 * inline SVG (a node per layer, clustered by top directory; an edge per
 * pair of layers with its pair and finding counts). Scratch files go in
 * dir. Without dot, a line says so and how to install it. Returns -1 only
 * when the page cannot be written.
 */
int layer_graph(FILE *f, struct db *db, const char *dir);

#endif
