// SPDX-License-Identifier: GPL-2.0
/* pageref query: see query.h. More questions arrive with the solver. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "query.h"
#include "usage.h"

struct question {
	const char *name;
	const char *sql;		/* one parameter: the function name */
	const char *const *columns;	/* JSON keys */
	const char *format;		/* text: printf with one %s per column */
};

static const char *const edge_cols[] = { "function", "file", "line", "kind", "indirect", NULL };
static const char *const effect_cols[] = { "function", "op", "param_path", "derived_from", "depth", NULL };
static const char *const pair_cols[] = { "channel", "get", "put", "layers", "note", NULL };

static const struct question questions[] = {
	{ "callers",
	  "SELECT DISTINCT caller, file, line, kind, indirect FROM v_edge WHERE callee = ?1 "
	  "ORDER BY caller, file, line",
	  edge_cols, "%s  %s:%s  %s%s\n" },
	{ "callees",
	  "SELECT DISTINCT callee, file, line, kind, indirect FROM v_edge WHERE caller = ?1 "
	  "ORDER BY line, callee",
	  edge_cols, "%s  %s:%s  %s%s\n" },
	/* the pairs of a channel or function, then its sites with no partner */
	{ "pairs",
	  "SELECT channel, get, put, layers, note FROM ("
	  " SELECT 0 AS k, channel, get_function || ' ' || get_file || ':' || get_line AS get, "
	  " put_function || ' ' || put_file || ':' || put_line AS put, "
	  " get_layer || ' -> ' || put_layer AS layers, "
	  " CASE WHEN get_layer <> put_layer THEN '  cross-layer' ELSE '' END AS note "
	  " FROM v_pair WHERE channel = ?1 OR get_function = ?1 OR put_function = ?1 "
	  " UNION ALL SELECT 1, channel, "
	  " CASE op WHEN 'get' THEN function || ' ' || file || ':' || line ELSE '-' END, "
	  " CASE op WHEN 'put' THEN function || ' ' || file || ':' || line ELSE '-' END, "
	  " layer, '  unpaired' FROM v_unpaired WHERE channel = ?1 OR function = ?1) "
	  "ORDER BY channel, k, get, put",
	  pair_cols, "%s: GET %s  PUT %s  (%s)%s\n" },
	{ "effects",
	  "SELECT function, op, param_path, derived_from, depth FROM v_refeffect WHERE function = ?1 "
	  "ORDER BY op, param_path",
	  effect_cols, "%s: %s on %s (%s, depth %s)\n" },
};

struct out {
	const struct question *q;
	json_t *rows;
	int n;
};

static int row(int ncol, const char *const *col, void *data)
{
	struct out *o = data;
	const char *c[5] = { "", "", "", "", "" };

	for (int i = 0; i < ncol && i < 5; i++)
		c[i] = col[i] ? col[i] : "";
	o->n++;
	if (o->rows) {
		json_t *r = json_object();

		for (int i = 0; i < ncol && o->q->columns[i]; i++)
			json_object_set_new(r, o->q->columns[i], col[i] ? json_string(col[i]) : json_null());
		json_array_append_new(o->rows, r);
		return 0;
	}
	if (o->q->columns == edge_cols)
		printf(o->q->format, c[0], c[1], c[2], c[3], !strcmp(c[4], "1") ? " (indirect)" : "");
	else
		printf(o->q->format, c[0], c[1], c[2], c[3], c[4]);
	return 0;
}

struct explain {
	int json, n;
	json_t *steps;
};

static int explain_head(int ncol, const char *const *c, void *data)
{
	struct explain *x = data;

	(void)ncol;
	x->n++;
	if (x->json)
		return 0;
	printf("%s:%s: %s: [%s] %s page from %s reaches %s() (%s confidence%s)\n",
	       c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
	       !strcmp(c[8], "1") ? ", guarded" : "");
	printf("  entry point: %s at %s:%s\n", c[9], c[10], c[11]);
	printf("  fingerprint: %s\n  witness path:\n", c[12]);
	return 0;
}

static int explain_step(int ncol, const char *const *c, void *data)
{
	struct explain *x = data;

	(void)ncol;
	if (x->json) {
		json_array_append_new(x->steps, json_pack("{s:s, s:s, s:s, s:s, s:s}", "step", c[0],
							  "function", c[1], "file", c[2],
							  "line", c[3], "what", c[4]));
		return 0;
	}
	printf("  %2s. %s:%s  %s\n", c[0], c[2], c[3], c[4]);
	return 0;
}

/* query explain ID: the finding and its witness path. */
static int explain(struct db *db, const char *id, int json)
{
	struct explain x = { json, 0, json ? json_array() : NULL };
	int ret;

	ret = db_query_each(db,
		"SELECT sink_file, sink_line, severity, rule, origin, source_function, sink_api, "
		"confidence, guarded, entry_function, entry_file, entry_line, fingerprint "
		"FROM v_finding WHERE id = CAST(?1 AS INTEGER)", &id, 1, explain_head, &x);
	if (!ret && !x.n) {
		json_decref(x.steps);
		error_exit_code = EXIT_USAGE;
		return error("no finding %s (SELECT id FROM v_finding lists them)", id);
	}
	if (!ret)
		ret = db_query_each(db, "SELECT step, function, file, line, what FROM v_finding_step "
				    "WHERE finding_id = CAST(?1 AS INTEGER) ORDER BY step",
				    &id, 1, explain_step, &x);
	if (!ret && json) {
		json_t *top = json_pack("{s:s, s:s, s:o}", "question", "explain", "finding", id,
					"steps", x.steps);

		json_dumpf(top, stdout, JSON_INDENT(1) | JSON_SORT_KEYS);
		putchar('\n');
		json_decref(top);
	} else if (json) {
		json_decref(x.steps);
	}
	return ret;
}

int query_run(struct db *db, const char *what, const char *arg, int json)
{
	const struct question *q = NULL;
	struct out o = { NULL, NULL, 0 };
	int ret;

	if (!strcmp(what, "explain"))
		return explain(db, arg, json);
	for (size_t i = 0; i < sizeof(questions) / sizeof(questions[0]); i++)
		if (!strcmp(questions[i].name, what))
			q = &questions[i];
	if (!q) {
		error_exit_code = EXIT_USAGE;
		return error("unknown question '%s' (callers, callees, effects, pairs, explain)", what);
	}
	o.q = q;
	if (json)
		o.rows = json_array();
	ret = db_query_each(db, q->sql, &arg, 1, row, &o);
	if (!ret && json) {
		json_t *top = json_pack("{s:s, s:s, s:o}", "question", what, "function", arg,
					"rows", o.rows);

		json_dumpf(top, stdout, JSON_INDENT(1) | JSON_SORT_KEYS);
		putchar('\n');
		json_decref(top);
	} else if (json) {
		json_decref(o.rows);
	} else if (!ret && !o.n) {
		printf("no %s for %s\n", what, arg);
	}
	return ret;
}
