// SPDX-License-Identifier: GPL-2.0
/*
 * Findings for editors and CI: one gcc-style line per unguarded finding, so
 * that compilation-mode parsers (Emacs, Vim's quickfix, CI annotators) jump
 * to the sink. A guarded finding is not a problem and is not printed.
 */
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "usage.h"

enum severity severity_of(const char *name)
{
	if (!strcmp(name, "note"))
		return SEV_NOTE;
	if (!strcmp(name, "warning"))
		return SEV_WARNING;
	if (!strcmp(name, "error"))
		return SEV_ERROR;
	return SEV_NONE;
}

static int print_one(int ncol, const char *const *c, void *data)
{
	enum severity *worst = data, s = severity_of(c[3]);

	(void)ncol;
	if (s > *worst)
		*worst = s;
	/* the witness path's first and last functions say where to look next */
	printf("%s:%s:%s: %s: %s page from %s() reaches %s() in %s() (%s confidence, "
	       "pageref query explain %s) [%s]\n", c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
	       c[8], c[9], c[10]);
	return 0;
}

int report_text(struct db *db, enum severity *worst)
{
	*worst = SEV_NONE;
	return db_query_each(db,
		"SELECT f.sink_file, f.sink_line, c.col, f.severity, f.origin, f.source_function, "
		"f.sink_api, f.sink_function, f.confidence, f.id, f.rule "
		"FROM v_finding f JOIN finding fi ON fi.id = f.id JOIN call c ON c.id = fi.sink_call_id "
		"WHERE f.guarded = 0 ORDER BY f.sink_file, f.sink_line, c.col, f.rule, f.fingerprint",
		NULL, 0, print_one, worst);
}
