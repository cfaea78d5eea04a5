/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_REPORT_PAGE_H
#define PAGEREF_REPORT_PAGE_H

#include <stdio.h>

#include "db.h"
#include "usage.h"

/* A query's result, every cell a string (NULL for SQL NULL). */
struct table {
	int ncol;
	size_t nrow, alloc;
	char **cell;		/* nrow * ncol */
};

/* A db_query_each() callback appending a row to the table data points to (zeroed first). */
int table_add_row(int ncol, const char *const *c, void *data);
/* Run sql (with one ?1 parameter, or none) into t. */
int table_load(struct db *db, struct table *t, const char *sql, const char *param);
/* Cell (r, c), "" for NULL. */
const char *T(const struct table *t, size_t r, int c);
void table_release(struct table *t);

/* Text into HTML, escaped: the one way a database value reaches a page. */
void esc(FILE *f, const char *s);
/* A path inside the report, escaped for an href. */
void esc_href(FILE *f, const char *s);
/* <td>, the escaped text, what follows it ("()" for a function), </td>. */
void td(FILE *f, const char *text, const char *after);

/*
 * A page of the report at dir/rel, depth directories below its top: the
 * skeleton (reports/page.html) up to its body, the title escaped. The
 * caller writes the body; page_close() writes the rest with the page's
 * script (NULL: none) and closes.
 */
FILE *page_open(const char *dir, const char *rel, const char *title, int depth);
int page_close(FILE *f, const char *script);

/*
 * A table of t's rows under head (NULL-terminated), every cell escaped;
 * cols says what each column is: 't' text, 'f' a function (shown with
 * "()"), 's' a tree file linked to its source page at the line in the next
 * column, 'l' (that line, not shown). Linked files are added to want
 * (NULL: none); depth is the page's below the report's top.
 */
void table_html(FILE *f, struct strvec *want, int depth, const struct table *t,
		const char *const *head, const char *cols);

/* src/PATH.html: the page of a tree file, every line anchored (L12). */
char *src_page(const char *file);
/* A link to file:line's source page from depth levels below the top. */
void href_src(FILE *f, int depth, const char *file, const char *line);
/* Note that file needs a source page (written once, at the end). */
void want_source(struct strvec *files, const char *file);

#endif
