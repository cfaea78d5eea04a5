// SPDX-License-Identifier: GPL-2.0
/*
 * The report's pages: query results as tables, escaping (every database
 * value reaches a page through esc() or esc_href()), and the skeleton of
 * every page from reports/page.html.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "embedded.h"
#include "report_page.h"
#include "usage.h"

/* ---- query results as tables ------------------------------------------- */

int table_add_row(int ncol, const char *const *c, void *data)
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

int table_load(struct db *db, struct table *t, const char *sql, const char *param)
{
	memset(t, 0, sizeof(*t));
	return db_query_each(db, sql, param ? &param : NULL, param ? 1 : 0, table_add_row, t);
}

const char *T(const struct table *t, size_t r, int c)
{
	const char *v = t->cell[r * t->ncol + c];

	return v ? v : "";
}

void table_release(struct table *t)
{
	for (size_t i = 0; i < t->nrow * (size_t)t->ncol; i++)
		free(t->cell[i]);
	free(t->cell);
	memset(t, 0, sizeof(*t));
}

/* ---- writing ------------------------------------------------------------ */

void esc(FILE *f, const char *s)
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
void esc_href(FILE *f, const char *s)
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
void td(FILE *f, const char *text, const char *after)
{
	fputs("<td>", f);
	esc(f, text);
	fputs(after, f);
	fputs("</td>", f);
}

/*
 * The page skeleton (reports/page.html) from one @NAME@ to the next: the
 * text between goes out as it is, @TITLE@ escaped, @ROOT@ the way back to
 * the report's top, @STYLE@ the style sheet. Stops at @BODY@ or @SCRIPT@
 * and returns where; NULL at the end.
 */
static const char *skeleton(FILE *f, const char *from, const char *title, int depth,
			    const char *script)
{
	const char *p = from;

	while (*p) {
		const char *at = strchr(p, '@'), *end;
		size_t n;

		if (!at) {
			fputs(p, f);
			return NULL;
		}
		fwrite(p, 1, at - p, f);
		end = strchr(at + 1, '@');
		if (!end) {
			fputs(at, f);
			return NULL;
		}
		n = end - at + 1;
		if (!strncmp(at, "@TITLE@", n)) {
			esc(f, title);
		} else if (!strncmp(at, "@ROOT@", n)) {
			for (int d = 0; d < depth; d++)
				fputs("../", f);
		} else if (!strncmp(at, "@STYLE@", n)) {
			fputs(embedded_style_css, f);
		} else if (!strncmp(at, "@SCRIPT@", n)) {
			if (script)
				fprintf(f, "<script>\n%s</script>\n", script);
		} else if (!strncmp(at, "@BODY@", n)) {
			return end + 1 + (end[1] == '\n');
		} else {
			fwrite(at, 1, n, f);	/* not ours: as written */
		}
		p = end + 1;
	}
	return NULL;
}

FILE *page_open(const char *dir, const char *rel, const char *title, int depth)
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
		io_error(errno, "cannot write %s: %s", path, strerror(errno));
		free(path);
		return NULL;
	}
	free(path);
	skeleton(f, embedded_page_html, title, depth, NULL);
	return f;
}

int page_close(FILE *f, const char *script)
{
	const char *rest = strstr(embedded_page_html, "@BODY@");

	/* the skeleton after @BODY@, with the page's script */
	if (rest)
		skeleton(f, rest + 6 + (rest[6] == '\n'), "", 0, script);
	return fclose(f) ? io_error(errno, "cannot write a report page: %s", strerror(errno)) : 0;
}

/* The source page of a tree file: src/PATH.html, every line anchored. */
char *src_page(const char *file)
{
	return xasprintf("src/%s.html", file);
}

void href_src(FILE *f, int depth, const char *file, const char *line)
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

/* Note that file needs a source page (written once, at the end). */
void want_source(struct strvec *files, const char *file)
{
	for (size_t i = 0; i < files->nr; i++)
		if (!strcmp(files->v[i], file))
			return;
	strvec_push(files, file);
}

void table_html(FILE *f, struct strvec *want, int depth, const struct table *t,
		const char *const *head, const char *cols)
{
	fputs("<table><tr>", f);
	for (int c = 0; head[c]; c++) {
		fputs("<th>", f);
		esc(f, head[c]);
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
	for (size_t r = 0; r < t->nrow; r++) {
		fputs("<tr>", f);
		for (int c = 0; c < t->ncol && cols[c]; c++) {
			switch (cols[c]) {
			case 's':
				fputs("<td>", f);
				href_src(f, depth, T(t, r, c), T(t, r, c + 1));
				if (want)
					want_source(want, T(t, r, c));
				fputs("</td>", f);
				break;
			case 'l':
				break;	/* the line of the file before it */
			default:
				td(f, T(t, r, c), cols[c] == 'f' ? "()" : "");
			}
		}
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}
