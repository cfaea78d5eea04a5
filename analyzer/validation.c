// SPDX-License-Identifier: GPL-2.0
/*
 * The validation results: validation/run.sh is a shell script (it drives
 * make, patch and QEMU) and writes its steps as a tab-separated file; this
 * checks that file and loads it into the database, where the report reads
 * it. The file is parsed whole before anything is written, so a truncated
 * or foreign file leaves the previous results in place.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "usage.h"
#include "validation.h"

struct row {
	char *step, *status, *seconds, *detail;
};

/* The text up to the next tab, which is cut off; NULL when there is none. */
static char *field(char **p)
{
	char *start = *p, *tab = start ? strchr(start, '\t') : NULL;

	if (!tab)
		return NULL;
	*tab = '\0';
	*p = tab + 1;
	return start;
}

/* Split one line in place; 0 when it has the four fields and sane values. */
static int parse(char *line, struct row *r, const char **why)
{
	char *end, *p = line;
	double secs;

	line[strcspn(line, "\r\n")] = '\0';
	r->step = field(&p);
	r->status = field(&p);
	r->seconds = field(&p);
	r->detail = p;
	if (!r->step || !r->status || !r->seconds) {
		*why = "expected STEP, STATUS, SECONDS and DETAIL separated by tabs";
		return -1;
	}
	if (!*r->step) {
		*why = "empty step name";
		return -1;
	}
	if (strcmp(r->status, "pass") && strcmp(r->status, "fail") && strcmp(r->status, "skip")) {
		*why = "status is not pass, fail or skip";
		return -1;
	}
	errno = 0;
	secs = strtod(r->seconds, &end);
	if (errno || end == r->seconds || *end || secs < 0) {
		*why = "seconds is not a number of seconds";
		return -1;
	}
	if (!strcmp(r->status, "skip") && !*r->detail) {
		*why = "a skipped step must say why";
		return -1;
	}
	return 0;
}

int validation_import(struct db *db, const char *file, long *rows, long *failed)
{
	FILE *f = fopen(file, "r");
	struct row *v = NULL;
	char *line = NULL, **lines = NULL;
	size_t cap = 0;
	long n = 0, lineno = 0;
	int ret = 0;

	*rows = *failed = 0;
	if (!f)
		return input_error("%s: %s", file, strerror(errno));
	while (getline(&line, &cap, f) >= 0) {
		const char *why = NULL;

		lineno++;
		lines = realloc(lines, (n + 1) * sizeof(*lines));
		v = realloc(v, (n + 1) * sizeof(*v));
		if (!lines || !v) {
			ret = error("out of memory");
			break;
		}
		lines[n] = strdup(line);
		if (!lines[n]) {
			ret = error("out of memory");
			break;
		}
		n++;
		if (parse(lines[n - 1], &v[n - 1], &why) < 0) {
			ret = input_error("%s:%ld: %s", file, lineno, why);
			break;
		}
	}
	if (!ret && ferror(f))
		ret = input_error("%s: read error", file);
	if (!ret && n == 0)
		ret = input_error("%s: no validation steps (did validation/run.sh finish?)", file);
	fclose(f);
	free(line);
	if (!ret && !(ret = db_begin_with(db, "DELETE FROM validation"))) {
		for (long i = 0; !ret && i < n; i++) {
			const char *p[] = { v[i].step, v[i].status, v[i].detail, v[i].seconds };

			ret = db_exec_params(db, "INSERT INTO validation (seq, step, status, detail, "
					     "seconds) VALUES ((SELECT count(*) FROM validation), "
					     "?1, ?2, ?3, CAST(?4 AS REAL))", p, 4);
			*failed += !strcmp(v[i].status, "fail");
		}
		ret = db_end(db, ret);
	}
	if (!ret)
		*rows = n;
	for (long i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	free(v);
	return ret;
}
