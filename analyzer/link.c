// SPDX-License-Identifier: GPL-2.0
/* The link stage: see link.h. */
#include "db_solve.h"
#include "link.h"
#include "usage.h"

int link_run(struct db *db, struct link_summary *sum)
{
	double t0 = now_seconds();
	int ret;

	if (db_begin(db) < 0)
		return -1;
	ret = db_fill_bulk(db, "edge",
		"DELETE FROM edge;"
		/* direct: the definition with the callee's USR, in whatever TU */
		"INSERT OR IGNORE INTO edge(call_id, callee_id, caller_id, indirect) "
		"  SELECT c.id, f.id, c.function_id, 0 FROM call c JOIN function f ON f.usr = c.callee_usr "
		"  WHERE c.kind = 'direct';"
		/* through a field: every function stored in struct.field */
		"INSERT OR IGNORE INTO edge(call_id, callee_id, caller_id, indirect) "
		"  SELECT c.id, f.id, c.function_id, 1 FROM call c "
		"  JOIN ops o ON o.struct_name = c.struct_name AND o.field = c.field "
		"  JOIN function f ON f.usr = o.function_usr WHERE c.kind = 'member';"
		/*
		 * through a field a function pointer was copied into from
		 * another (conn->sendpage = sock->ops->sendpage), copies of
		 * copies too: what the source field holds
		 */
		"WITH RECURSIVE src(struct_name, field, s, f, depth) AS ("
		"  SELECT struct_name, field, src_struct, src_field, 1 FROM field_copy "
		"  UNION SELECT src.struct_name, src.field, fc.src_struct, fc.src_field, src.depth + 1 "
		"  FROM src JOIN field_copy fc ON fc.struct_name = src.s AND fc.field = src.f "
		"  WHERE src.depth < 4) "
		"INSERT OR IGNORE INTO edge(call_id, callee_id, caller_id, indirect) "
		"  SELECT c.id, f.id, c.function_id, 1 FROM call c "
		"  JOIN src ON src.struct_name = c.struct_name AND src.field = c.field "
		"  JOIN ops o ON o.struct_name = src.s AND o.field = src.f "
		"  JOIN function f ON f.usr = o.function_usr WHERE c.kind = 'member';");
	if (!ret)
		ret = db_link_counts(db, &sum->direct, &sum->indirect, &sum->unresolved);
	test_kill_point("link");	/* every edge written, not committed */
	if (db_end(db, ret) < 0)
		return -1;
	sum->seconds = now_seconds() - t0;
	return 0;
}
