// SPDX-License-Identifier: GPL-2.0
/*
 * The pairing database as pages: channels.html lists the channels by what
 * a reader came for (pairs across layers, findings, risky stores), each
 * channel has a page with its producers (the stores, with the memory
 * stored), its consumers (GET and PUT sites) by layer, its pairs, its
 * unpaired sites and the findings that read it; pairs.html lists the
 * layer graph's edges, each with the channels and pairs behind it.
 */
#include <stdlib.h>
#include <string.h>

#include "report_channels.h"
#include "report_graph.h"
#include "report_page.h"

char *channel_page(const char *channel)
{
	char *s = xasprintf("channel/%s.html", channel);

	for (char *p = s + 8; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-' || *p == '/'))
			*p = '_';
	return s;
}

static void channel_link(FILE *f, int depth, const char *channel)
{
	char *page = channel_page(channel);

	fputs("<a href=\"", f);
	for (int d = 0; d < depth; d++)
		fputs("../", f);
	esc_href(f, page);
	fputs("\">", f);
	esc(f, channel);
	fputs("</a>", f);
	free(page);
}

/* A section of a channel's page: a heading, how many rows sql gives and what they are, the table. */
static void section(FILE *f, struct db *db, struct strvec *want, const char *channel,
		    const char *id, const char *title, const char *what, const char *sql,
		    const char *const *head, const char *cols)
{
	struct table t;

	table_load(db, &t, sql, channel);
	fprintf(f, "<h2 id=\"%s\">%s</h2>\n<p><span id=\"count-%s\">%zu</span> %s</p>\n", id, title,
		id, t.nrow, what);
	if (t.nrow)
		table_html(f, want, 1, &t, head, cols);
	table_release(&t);
}

static int write_channel(const char *dir, struct db *db, struct strvec *want, const char *name)
{
	char *rel = channel_page(name), *title = xasprintf("channel %s", name);
	FILE *f = page_open(dir, rel, title, 1);
	struct table t;
	static const char *const store_head[] = { "layer", "function", "where", "page stored",
						  "memory", "risky", "object", NULL };
	static const char *const site_head[] = { "layer", "op", "function", "where", "how", NULL };
	static const char *const pair_head[] = { "GET", "where", "layer", "PUT", "where", "layer",
						 NULL };
	static const char *const unp_head[] = { "layer", "op", "function", "where", NULL };

	free(rel);
	free(title);
	if (!f)
		return -1;
	fputs("<h1>Channel <code>", f);
	esc(f, name);
	fputs("</code></h1>\n", f);

	section(f, db, want, name, "producers", "Producers", "stores of a page into this field, each "
		"followed up to the function that has the page, with the memory it is "
		"(<code>v_channel_store</code>).", "SELECT layer, function, file, line, page, origin, "
		"CASE risky WHEN 1 THEN 'yes' ELSE 'no' END, object FROM v_channel_store "
		"WHERE channel = ?1 ORDER BY layer, file, line, function, page", store_head, "tfsltttt");
	section(f, db, want, name, "consumers", "Consumers", "sites that take (GET) or drop (PUT) "
		"references through this field, by layer.", "SELECT layer, op, function, file, line, "
		"how FROM v_channel_site WHERE channel = ?1 ORDER BY layer, op, file, line, function",
		site_head, "ttfslt");
	section(f, db, want, name, "pairs", "Pairs", "pairs of a GET and a PUT site, across layers "
		"first.", "SELECT get_function, get_file, get_line, get_layer, put_function, put_file, "
		"put_line, put_layer FROM v_pair WHERE channel = ?1 ORDER BY get_layer = put_layer, "
		"get_layer, put_layer, get_file, get_line, put_file, put_line", pair_head, "fsltfslt");
	section(f, db, want, name, "unpaired", "Unpaired", "sites with no opposite operation on this "
		"channel.", "SELECT layer, op, function, file, line FROM v_unpaired WHERE channel = ?1 "
		"ORDER BY layer, op, file, line, function", unp_head, "ttfsl");

	table_load(db, &t, "SELECT id, rule, CASE guarded WHEN 1 THEN 'guarded' ELSE 'unguarded' END, "
		   "source_function, sink_function FROM v_finding WHERE channel = ?1 ORDER BY id", name);
	fprintf(f, "<h2 id=\"findings\">Findings</h2>\n<p><span id=\"count-channel-findings\">%zu"
		"</span> findings whose page is read from this channel.</p>\n", t.nrow);
	if (t.nrow) {
		fputs("<table><tr><th>id</th><th>rule</th><th></th><th>memory from</th>"
		      "<th>referenced in</th></tr>\n", f);
		for (size_t r = 0; r < t.nrow; r++) {
			fputs("<tr><td><a href=\"../finding/", f);
			esc_href(f, T(&t, r, 0));
			fputs(".html\">", f);
			esc(f, T(&t, r, 0));
			fputs("</a></td>", f);
			td(f, T(&t, r, 1), "");
			td(f, T(&t, r, 2), "");
			td(f, T(&t, r, 3), "()");
			td(f, T(&t, r, 4), "()");
			fputs("</tr>\n", f);
		}
		fputs("</table>\n", f);
	}
	table_release(&t);
	return page_close(f, NULL);
}

/* The channels, by pairs across layers, findings, risky stores, then name. */
static const char channels_sql[] =
	"WITH ch AS (SELECT channel FROM channel_site UNION SELECT channel FROM channel_store"
	" UNION SELECT channel FROM finding WHERE channel IS NOT NULL)"
	" SELECT ch.channel,"
	"  (SELECT count(*) FROM channel_site s WHERE s.channel = ch.channel AND s.op = 'get'),"
	"  (SELECT count(*) FROM channel_site s WHERE s.channel = ch.channel AND s.op = 'put'),"
	"  (SELECT count(*) FROM v_pair p WHERE p.channel = ch.channel),"
	"  (SELECT count(*) FROM v_pair p WHERE p.channel = ch.channel AND p.get_layer != p.put_layer) AS x,"
	"  (SELECT count(*) FROM v_unpaired u WHERE u.channel = ch.channel),"
	"  (SELECT count(*) FROM channel_store c WHERE c.channel = ch.channel),"
	"  (SELECT count(*) FROM channel_store c WHERE c.channel = ch.channel AND c.risky) AS r,"
	"  (SELECT count(*) FROM finding fi WHERE fi.channel = ch.channel) AS nf"
	" FROM ch ORDER BY x DESC, nf DESC, r DESC, ch.channel";

static int write_index(const char *dir, const struct table *ch)
{
	FILE *f = page_open(dir, "channels.html", "pageref: channels", 0);

	if (!f)
		return -1;
	fprintf(f, "<h1>Channels</h1>\n<p><span id=\"count-channels\">%zu</span> channels: struct "
		"fields that carry pages, named by the record that holds the field. Those whose "
		"references are taken in one layer and dropped in another come first, then those "
		"with findings and with stores of risky memory.</p>\n<table id=\"channels\"><tr>"
		"<th>channel</th><th>GET sites</th><th>PUT sites</th><th>pairs</th><th>across "
		"layers</th><th>unpaired</th><th>stores</th><th>risky stores</th><th>findings</th>"
		"</tr>\n", ch->nrow);
	for (size_t r = 0; r < ch->nrow; r++) {
		char *page = channel_page(T(ch, r, 0));

		fputs("<tr><td><a href=\"", f);
		esc_href(f, page);
		fputs("\">", f);
		esc(f, T(ch, r, 0));
		fputs("</a></td>", f);
		for (int c = 1; c < ch->ncol; c++)
			td(f, T(ch, r, c), "");
		fputs("</tr>\n", f);
		free(page);
	}
	fputs("</table>\n", f);
	return page_close(f, NULL);
}

/* pairs.html: the layer graph's edges (lp-K anchors), each with its channels and pairs. */
static int write_pairs(const char *dir, struct db *db, struct strvec *want)
{
	FILE *f = page_open(dir, "pairs.html", "pageref: reference pairs", 0);
	struct table e, p;

	if (!f)
		return -1;
	table_load(db, &e, layer_edges_sql, NULL);
	fprintf(f, "<h1>Reference pairs across layers</h1>\n<p>The edges of the layer graph: "
		"<span id=\"count-edges\">%zu</span> pairs of layers, each with the channels on which "
		"references taken in the first are dropped in the second, and the findings whose "
		"memory crosses from one to the other. Pairs within one layer are on the channel "
		"pages.</p>\n", e.nrow);
	for (size_t k = 0; k < e.nrow; k++) {
		struct strvec chs = STRVEC_INIT;
		char *list = xstrdup(T(&e, k, 4));

		fprintf(f, "<h2 id=\"lp-%zu\">", k);
		esc(f, T(&e, k, 0));
		fputs(" \xe2\x86\x92 ", f);
		esc(f, T(&e, k, 1));
		fprintf(f, "</h2>\n<p>%s pairs, %s findings", T(&e, k, 2), T(&e, k, 3));
		for (char *s = strtok(list, ", "); s; s = strtok(NULL, ", ")) {
			int dup = 0;

			for (size_t i = 0; i < chs.nr; i++)
				dup |= !strcmp(chs.v[i], s);
			if (!dup)
				strvec_push(&chs, s);
		}
		if (chs.nr)
			fputs("; channels:", f);
		for (size_t i = 0; i < chs.nr; i++) {
			fputc(' ', f);
			channel_link(f, 0, chs.v[i]);
		}
		fputs("</p>\n", f);
		free(list);
		strvec_clear(&chs);
		{
			const char *params[2] = { T(&e, k, 0), T(&e, k, 1) };

			memset(&p, 0, sizeof(p));
			db_query_each(db, "SELECT channel, get_function, get_file, get_line, put_function, "
				      "put_file, put_line FROM v_pair WHERE get_layer = ?1 AND put_layer = ?2 "
				      "ORDER BY channel, get_file, get_line, put_file, put_line",
				      params, 2, table_add_row, &p);
		}
		if (p.nrow) {
			fputs("<table><tr><th>channel</th><th>GET</th><th>where</th><th>PUT</th>"
			      "<th>where</th></tr>\n", f);
			for (size_t r = 0; r < p.nrow; r++) {
				fputs("<tr><td>", f);
				channel_link(f, 0, T(&p, r, 0));
				fputs("</td>", f);
				td(f, T(&p, r, 1), "()");
				fputs("<td>", f);
				href_src(f, 0, T(&p, r, 2), T(&p, r, 3));
				want_source(want, T(&p, r, 2));
				fputs("</td>", f);
				td(f, T(&p, r, 4), "()");
				fputs("<td>", f);
				href_src(f, 0, T(&p, r, 5), T(&p, r, 6));
				want_source(want, T(&p, r, 5));
				fputs("</td></tr>\n", f);
			}
			fputs("</table>\n", f);
		}
		table_release(&p);
	}
	table_release(&e);
	return page_close(f, NULL);
}

int write_channel_pages(struct db *db, const char *dir, struct strvec *want, long *npages)
{
	struct table ch;
	int ret;

	if (table_load(db, &ch, channels_sql, NULL))
		return -1;
	ret = write_index(dir, &ch);
	for (size_t r = 0; !ret && r < ch.nrow; r++)
		ret = write_channel(dir, db, want, T(&ch, r, 0));
	if (!ret)
		ret = write_pairs(dir, db, want);
	*npages += ch.nrow + 2;
	table_release(&ch);
	return ret;
}
