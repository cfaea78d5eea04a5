// SPDX-License-Identifier: GPL-2.0
/* Reading the facts the solver needs, and writing its results. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channels.h"
#include "db_internal.h"
#include "db_solve.h"
#include "hash.h"
#include "origin_rules.h"
#include "path.h"
#include "resolve.h"
#include "splice.h"
#include "usage.h"

static char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? xstrdup((const char *)t) : NULL;
}

/* An access path, spelled as the source does (no anonymous-union steps). */
static char *col_path(sqlite3_stmt *st, int i)
{
	return path_drop_anonymous(col_text(st, i));
}

int db_facts_state(struct db *db, char out[HASH_HEX])
{
	sqlite3_stmt *st = db_prepare(db, "SELECT f.path, t.command_hash, t.inputs_hash, t.status "
					  "FROM tu t JOIN file f ON f.id = t.file_id ORDER BY f.path");
	struct hasher *h = hasher_new();
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (int i = 0; i < 4; i++) {
			const unsigned char *t = sqlite3_column_text(st, i);

			hasher_add_str(h, t ? (const char *)t : "");
		}
	hasher_finish(h, out);
	/* a state read part way would say "up to date" of results that are not */
	return db_rows_end(db, st, rc);
}

int db_link_counts(struct db *db, long *direct, long *indirect, long *unresolved)
{
	sqlite3_stmt *st = db_prepare(db,
		"SELECT (SELECT count(*) FROM edge WHERE indirect = 0), "
		"(SELECT count(*) FROM edge WHERE indirect = 1), "
		"(SELECT count(*) FROM call c WHERE c.kind <> 'direct' AND NOT EXISTS "
		"  (SELECT 1 FROM edge e WHERE e.call_id = c.id))");
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		*direct = sqlite3_column_int64(st, 0);
		*indirect = sqlite3_column_int64(st, 1);
		*unresolved = sqlite3_column_int64(st, 2);
	}
	return db_rows_end(db, st, rc);
}

/* Append the row's dst, src and line (columns 1-3) to a list of stores. */
static void push_write(struct solve_write **w, int *nr, int *alloc, sqlite3_stmt *st)
{
	ALLOC_GROW(*w, *nr, *alloc);
	(*w)[*nr].dst = col_path(st, 1);
	(*w)[*nr].src = col_path(st, 2);
	(*w)[*nr].line = sqlite3_column_int(st, 3);
	(*w)[*nr].by = NULL;
	(*nr)++;
}

static int fn_index(const struct solve_input *in, long long id)
{
	return id >= 0 && id <= in->max_fn_id ? in->fn_of_id[id] : -1;
}

int db_solve_load(struct db *db, struct solve_input *in)
{
	sqlite3_stmt *st;
	struct solve_call **by_id = NULL;
	long long max_call = 0;
	long n;
	int rc = SQLITE_DONE;

	memset(in, 0, sizeof(*in));
	st = db_prepare(db, "SELECT max(id), count(*) FROM function");
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		in->max_fn_id = sqlite3_column_int64(st, 0);
		in->nr_fn = sqlite3_column_int(st, 1);
	}
	if (db_rows_end(db, st, rc) < 0)
		goto fail;
	in->fn = xcalloc(in->nr_fn + 1, sizeof(*in->fn));
	in->fn_of_id = xmalloc((in->max_fn_id + 1) * sizeof(int));
	memset(in->fn_of_id, 0xff, (in->max_fn_id + 1) * sizeof(int));
	/*
	 * In the order of the facts, not of their ids: the worklist and each
	 * callee's list of callers follow this order, and the bounded effect
	 * lists (MAX_EFFECTS) keep what arrives first. Ids depend on the order
	 * TUs were extracted in (workers, shards, the relevance filter's
	 * rounds); USRs and call seqs do not.
	 */
	st = db_prepare(db, "SELECT fn.id, fn.name, fn.layer, fn.file_id, fn.line, fl.path FROM function fn "
			    "LEFT JOIN file fl ON fl.id = fn.file_id ORDER BY fn.usr");
	for (n = 0; n < in->nr_fn && (rc = sqlite3_step(st)) == SQLITE_ROW; n++) {
		const char *path = (const char *)sqlite3_column_text(st, 5);
		const char *slash = path ? strrchr(path, '/') : NULL;

		in->fn[n].id = sqlite3_column_int64(st, 0);
		in->fn[n].name = col_text(st, 1);
		in->fn[n].layer = col_text(st, 2);
		in->fn[n].file_id = sqlite3_column_int64(st, 3);
		in->fn[n].line = sqlite3_column_int(st, 4);
		in->fn[n].dir = slash ? xstrndup(path, slash - path) : xstrdup("");
		in->fn[n].ret_origin_fn = -1;
		in->fn_of_id[in->fn[n].id] = n;
	}
	if (db_rows_end(db, st, rc) < 0)
		goto fail;

	st = db_prepare(db, "SELECT max(id), count(*) FROM call");
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		max_call = sqlite3_column_int64(st, 0);
		in->nr_calls = sqlite3_column_int64(st, 1);
	}
	if (db_rows_end(db, st, rc) < 0)
		goto fail;
	in->calls = xcalloc(in->nr_calls + 1, sizeof(*in->calls));
	by_id = xcalloc(max_call + 1, sizeof(*by_id));
	st = db_prepare(db, "SELECT c.id, c.function_id, c.seq, c.callee_name, NULL, "
			    "c.line, c.file_id, c.macro "
			    "FROM call c JOIN function fn ON fn.id = c.function_id ORDER BY fn.usr, c.seq");
	for (n = 0; n < in->nr_calls && (rc = sqlite3_step(st)) == SQLITE_ROW; n++) {
		struct solve_call *c = &in->calls[n];
		struct solve_function *f;

		c->id = sqlite3_column_int64(st, 0);
		c->caller = fn_index(in, sqlite3_column_int64(st, 1));
		c->seq = sqlite3_column_int(st, 2);
		c->callee_name = col_text(st, 3);
		c->callee = -1;
		c->line = sqlite3_column_int(st, 5);
		c->file_id = sqlite3_column_int64(st, 6);
		c->macro = col_text(st, 7);
		if (c->id >= 0 && c->id <= max_call)
			by_id[c->id] = c;
		if (c->caller < 0)
			continue;
		f = &in->fn[c->caller];
		ALLOC_GROW(f->call, f->nr_call, f->alloc_call);
		f->call[f->nr_call++] = c;
	}
	in->nr_calls = n;
	if (db_rows_end(db, st, rc) < 0)
		goto fail;

	/*
	 * the direct callee of each call (one per call: a USR has one
	 * definition), read apart from the calls: a subquery per call cost a
	 * third of the load; then each callee's callers in the calls' order
	 */
	st = db_prepare(db, "SELECT call_id, min(callee_id) FROM edge WHERE indirect = 0 GROUP BY call_id");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		struct solve_call *c = id >= 0 && id <= max_call ? by_id[id] : NULL;

		if (c)
			c->callee = fn_index(in, sqlite3_column_int64(st, 1));
	}
	if (db_rows_end(db, st, rc) < 0)
		goto fail;
	for (n = 0; n < in->nr_calls; n++) {
		struct solve_call *c = &in->calls[n];

		if (c->caller >= 0 && c->callee >= 0) {
			struct solve_function *g = &in->fn[c->callee];

			ALLOC_GROW(g->caller, g->nr_caller, g->alloc_caller);
			g->caller[g->nr_caller++] = c;
		}
	}

	st = db_prepare(db, "SELECT call_id, idx, value FROM call_arg");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		int idx = sqlite3_column_int(st, 1);
		struct solve_call *c = id >= 0 && id <= max_call ? by_id[id] : NULL;

		if (!c || idx < 0 || idx > 64)
			continue;
		if (idx >= c->nr_arg) {
			c->arg = xrealloc(c->arg, (idx + 1) * sizeof(*c->arg));
			memset(c->arg + c->nr_arg, 0, (idx + 1 - c->nr_arg) * sizeof(*c->arg));
			c->nr_arg = idx + 1;
		}
		c->arg[idx] = col_path(st, 2);
	}
	if (db_rows_end(db, st, rc) < 0)
		goto fail;

	/* calls through ops tables and stored pointers, to each candidate */
	st = db_prepare(db, "SELECT e.call_id, e.callee_id FROM edge e JOIN call c ON c.id = e.call_id "
			    "JOIN function fn ON fn.id = c.function_id JOIN function t ON t.id = e.callee_id "
			    "WHERE e.indirect = 1 ORDER BY fn.usr, c.seq, t.usr");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		int g = fn_index(in, sqlite3_column_int64(st, 1));
		struct solve_call *c = id >= 0 && id <= max_call ? by_id[id] : NULL;
		struct solve_function *gf;

		if (!c || g < 0 || c->caller < 0)
			continue;
		gf = &in->fn[g];
		ALLOC_GROW(gf->icaller, gf->nr_icaller, gf->alloc_icaller);
		gf->icaller[gf->nr_icaller++] = c;
	}
	if (db_rows_end(db, st, rc) < 0)
		goto fail;
	free(by_id);
	by_id = NULL;

	st = db_prepare(db, "SELECT function_id, op, path, line, flag FROM msgflag "
			    "ORDER BY function_id, line, col");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int f = fn_index(in, sqlite3_column_int64(st, 0));
		struct solve_function *fn;

		if (f < 0)
			continue;
		fn = &in->fn[f];
		ALLOC_GROW(fn->msgflag, fn->nr_msgflag, fn->alloc_msgflag);
		fn->msgflag[fn->nr_msgflag].op = col_text(st, 1);
		fn->msgflag[fn->nr_msgflag].path = col_path(st, 2);
		fn->msgflag[fn->nr_msgflag].line = sqlite3_column_int(st, 3);
		fn->msgflag[fn->nr_msgflag].flag =
			splice_flag_name((const char *)sqlite3_column_text(st, 4));
		if (!fn->msgflag[fn->nr_msgflag].flag) {
			free(fn->msgflag[fn->nr_msgflag].op);
			free(fn->msgflag[fn->nr_msgflag].path);
			continue;
		}
		fn->nr_msgflag++;
	}
	if (db_rows_end(db, st, rc) < 0)
		goto fail;

	st = db_prepare(db, "SELECT function_id, record, field, value, line, param FROM const_store "
			    "ORDER BY function_id, seq");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int f = fn_index(in, sqlite3_column_int64(st, 0));
		struct solve_function *fn;
		struct solve_cstore *c;

		if (f < 0)
			continue;
		fn = &in->fn[f];
		ALLOC_GROW(fn->cstore, fn->nr_cstore, fn->alloc_cstore);
		c = &fn->cstore[fn->nr_cstore++];
		c->record = col_text(st, 1);
		c->field = col_text(st, 2);
		c->known = sqlite3_column_type(st, 3) != SQLITE_NULL;
		c->value = sqlite3_column_int64(st, 3);
		c->line = sqlite3_column_int(st, 4);
		c->param = sqlite3_column_type(st, 5) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 5);
	}
	if (db_rows_end(db, st, rc) < 0)
		goto fail;

	st = db_prepare(db, "SELECT function_id, primitive, path, line FROM refop ORDER BY function_id, seq");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int f = fn_index(in, sqlite3_column_int64(st, 0));

		if (f < 0)
			continue;
		ALLOC_GROW(in->refop, in->nr_refop, in->alloc_refop);
		in->refop[in->nr_refop].fn = f;
		in->refop[in->nr_refop].primitive = col_text(st, 1);
		in->refop[in->nr_refop].path = col_path(st, 2);
		in->refop[in->nr_refop].line = sqlite3_column_int(st, 3);
		in->nr_refop++;
	}
	if (db_rows_end(db, st, rc) < 0)
		goto fail;

	/*
	 * Returns and stores into bare locals resolve values; stores into
	 * fields of locals and of parameters are the writes.
	 */
	st = db_prepare(db, "SELECT function_id, dst, src, line, "
			    "kind = 'return' OR (dst GLOB 'l:*' AND dst NOT GLOB '*[.>[]*'), type "
			    "FROM flow WHERE dst GLOB 'ret' OR dst GLOB 'l:*' OR dst GLOB 'p[0-9]*' "
			    "ORDER BY function_id, seq");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int f = fn_index(in, sqlite3_column_int64(st, 0));
		struct solve_function *fn;
		const char *dst = (const char *)sqlite3_column_text(st, 1);

		if (f < 0)
			continue;
		fn = &in->fn[f];
		if (sqlite3_column_int(st, 4)) {
			ALLOC_GROW(fn->flow, fn->nr_flow, fn->alloc_flow);
			fn->flow[fn->nr_flow].dst = col_path(st, 1);
			fn->flow[fn->nr_flow].src = col_path(st, 2);
			fn->flow[fn->nr_flow].type = col_text(st, 5);
			fn->flow[fn->nr_flow].line = sqlite3_column_int(st, 3);
			fn->nr_flow++;
		} else if (dst[0] == 'l') {
			push_write(&fn->lwrite, &fn->nr_lwrite, &fn->alloc_lwrite, st);
		} else if (strpbrk(dst, ".>[")) {
			push_write(&fn->write, &fn->nr_write, &fn->alloc_write, st);
		}
	}
	if (db_rows_end(db, st, rc) < 0)
		goto fail;

	/* which field a function is stored in: callbacks such as bi_end_io */
	st = db_prepare(db, "SELECT f.id, min(o.field) FROM ops o JOIN function f ON f.usr = o.function_usr "
			    "GROUP BY f.id");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int f = fn_index(in, sqlite3_column_int64(st, 0));

		if (f >= 0 && !in->fn[f].stored_in)
			in->fn[f].stored_in = col_text(st, 1);
	}
	if (db_rows_end(db, st, rc) < 0)
		goto fail;

	/* socket operations: what a protocol family implements for every socket */
	st = db_prepare(db, "SELECT f.id, o.struct_name, o.variable FROM ops o JOIN function f "
			    "ON f.usr = o.function_usr WHERE o.struct_name IN ('proto', 'proto_ops') "
			    "ORDER BY f.id, o.variable");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int f = fn_index(in, sqlite3_column_int64(st, 0));
		const char *var = (const char *)sqlite3_column_text(st, 2);

		if (f < 0)
			continue;
		in->fn[f].sockop = 1;
		if (var && !in->fn[f].proto_ops_var &&
		    !strcmp((const char *)sqlite3_column_text(st, 1), "proto_ops"))
			in->fn[f].proto_ops_var = xstrdup(var);
	}
	if (db_rows_end(db, st, rc) < 0)
		goto fail;

	st = db_prepare(db, "SELECT function_id, idx, type FROM param ORDER BY function_id, idx");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int f = fn_index(in, sqlite3_column_int64(st, 0));
		int idx = sqlite3_column_int(st, 1);
		struct solve_function *fn;

		if (f < 0 || idx < 0 || idx > 64)
			continue;
		fn = &in->fn[f];
		if (idx >= fn->nr_ptype) {
			fn->ptype = xrealloc(fn->ptype, (idx + 1) * sizeof(*fn->ptype));
			memset(fn->ptype + fn->nr_ptype, 0, (idx + 1 - fn->nr_ptype) * sizeof(*fn->ptype));
			fn->nr_ptype = idx + 1;
		}
		free(fn->ptype[idx]);
		fn->ptype[idx] = col_text(st, 2);
	}
	if (db_rows_end(db, st, rc) < 0)
		goto fail;

	st = db_prepare(db, "SELECT function_id, test, arg, negated, line, true_first, true_last, "
			    "false_first, false_last, decides FROM cond ORDER BY function_id, seq");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int f = fn_index(in, sqlite3_column_int64(st, 0));
		struct solve_function *fn;
		struct solve_cond *c;

		if (f < 0)
			continue;
		fn = &in->fn[f];
		ALLOC_GROW(fn->cond, fn->nr_cond, fn->alloc_cond);
		c = &fn->cond[fn->nr_cond++];
		c->test = col_text(st, 1);
		c->arg = col_path(st, 2);
		c->rarg = NULL;
		c->guard = -1;
		c->negated = sqlite3_column_int(st, 3);
		c->line = sqlite3_column_int(st, 4);
		c->true_first = sqlite3_column_int(st, 5);
		c->true_last = sqlite3_column_int(st, 6);
		c->false_first = sqlite3_column_int(st, 7);
		c->false_last = sqlite3_column_int(st, 8);
		c->decides = sqlite3_column_int(st, 9);
	}
	if (db_rows_end(db, st, rc) < 0)
		goto fail;

	/* what is stored into a global or a static, in whichever function */
	st = db_prepare(db, "SELECT function_id, dst, src, line FROM flow "
			    "WHERE dst GLOB 'g:*' AND dst NOT GLOB '*[.>[]*' "
			    "ORDER BY dst, (SELECT usr FROM function WHERE id = function_id), seq");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int f = fn_index(in, sqlite3_column_int64(st, 0));
		struct solve_gstore *g;

		if (f < 0)
			continue;
		ALLOC_GROW(in->gstore, in->nr_gstore, in->alloc_gstore);
		g = &in->gstore[in->nr_gstore++];
		g->fn = f;
		g->name = col_text(st, 1);
		g->src = col_path(st, 2);
		g->line = sqlite3_column_int(st, 3);
	}
	if (db_rows_end(db, st, rc) < 0)
		goto fail;

	/* function pointers copied from field to field (a copy of a sendpage is one) */
	st = db_prepare(db, "SELECT DISTINCT struct_name || '.' || field, src_struct || '.' || src_field "
			    "FROM field_copy ORDER BY 1, 2");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		strvec_push(&in->copy_dst, (const char *)sqlite3_column_text(st, 0));
		strvec_push(&in->copy_src, (const char *)sqlite3_column_text(st, 1));
	}
	if (db_rows_end(db, st, rc) < 0)
		goto fail;

	/* the layouts behind field steps, for naming channels (channels.c) */
	in->layouts = layouts_new();
	st = db_prepare(db, "SELECT record, field, type, kind FROM field_type");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		layouts_add_field(in->layouts, (const char *)sqlite3_column_text(st, 0),
				  (const char *)sqlite3_column_text(st, 1),
				  (const char *)sqlite3_column_text(st, 2),
				  (const char *)sqlite3_column_text(st, 3));
	if (db_rows_end(db, st, rc) < 0)
		goto fail;
	st = db_prepare(db, "SELECT function_id, root, record, kind FROM root_type");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int f = fn_index(in, sqlite3_column_int64(st, 0));

		if (f >= 0)
			layouts_add_root(in->layouts, f, (const char *)sqlite3_column_text(st, 1),
					 (const char *)sqlite3_column_text(st, 2),
					 (const char *)sqlite3_column_text(st, 3));
	}
	if (db_rows_end(db, st, rc) < 0)
		goto fail;
	/* a parameter no field path starts from still has its declared type */
	for (int f = 0; f < in->nr_fn; f++)
		for (int i = 0; i < in->fn[f].nr_ptype; i++) {
			char root[16];

			snprintf(root, sizeof(root), "p%d", i);
			if (in->fn[f].ptype[i])
				layouts_add_param(in->layouts, f, root, in->fn[f].ptype[i]);
		}
	/*
	 * a local has its declared type where no field path starts from it
	 * (sg_alloc_append_table_from_pages()'s cursor s, passed on to
	 * sg_set_page()); a call's value kept in a local (cmd =
	 * vhost_scsi_get_cmd(...)) has the local's type: paths resolved
	 * through the local name the call (c45->tvc_sgl), and the object is
	 * the same
	 */
	for (int f = 0; f < in->nr_fn; f++)
		for (int i = 0; i < in->fn[f].nr_flow; i++) {
			const struct solve_flow *fl = &in->fn[f].flow[i];
			const char *d = fl->src + 1;

			if (!fl->type)
				continue;
			if (!strncmp(fl->dst, "l:", 2) && !fl->dst[2 + strcspn(fl->dst + 2, ".-[")])
				layouts_add_param(in->layouts, f, fl->dst, fl->type);
			if (fl->src[0] != 'c' || !*d)
				continue;
			while (*d >= '0' && *d <= '9')
				d++;
			if (!*d)
				layouts_add_param(in->layouts, f, fl->src, fl->type);
		}
	layouts_done(in->layouts);
	return 0;
fail:
	free(by_id);
	return -1;
}

int db_findings_store(struct db *db, const struct solve_input *in, const struct finding_list *fl)
{
	sqlite3_stmt *fi, *step;
	int ret = 0;

	if (db_begin_with(db, "DELETE FROM finding") < 0)
		return -1;
	fi = db_prepare(db, "INSERT INTO finding(rule, severity, confidence, guarded, guard, origin, "
		"origin_expr, source_function_id, source_line, sink_function_id, sink_api, sink_call_id, "
		"op, sink_path, entry_call_id, field_steps, fingerprint, channel) VALUES (:rule, :sev, "
		":conf, :guarded, :guard, :origin, :expr, :src, :srcline, :sink, :api, :call, :op, "
		":path, :entry, :steps, :fp, :ch) RETURNING id");
	step = db_prepare(db, "INSERT INTO finding_step(finding_id, step, function_id, file_id, line, "
			      "what) VALUES (:id, :step, :fn, :file, :line, :what)");
	for (int i = 0; i < fl->nr && !ret; i++) {
		const struct finding *f = &fl->f[i];
		long long id = -1;

		db_bind_text(fi, ":rule", f->rule);
		db_bind_text(fi, ":sev", f->severity);
		db_bind_text(fi, ":conf", f->confidence);
		db_bind_int(fi, ":guarded", f->guarded);
		db_bind_text(fi, ":guard", f->guard);
		db_bind_text(fi, ":origin", f->origin);
		db_bind_text(fi, ":expr", f->origin_expr);
		db_bind_int(fi, ":src", in->fn[f->source_fn].id);
		db_bind_int(fi, ":srcline", f->source_line);
		db_bind_int(fi, ":sink", in->fn[f->sink_fn].id);
		db_bind_text(fi, ":api", f->sink_api);
		db_bind_int(fi, ":call", f->sink_call->id);
		db_bind_text(fi, ":op", f->op);
		db_bind_text(fi, ":path", f->sink_path);
		db_bind_int(fi, ":entry", f->entry_call);
		db_bind_int(fi, ":steps", f->field_steps);
		db_bind_text(fi, ":fp", f->fingerprint);
		{
			/* the channel the sink's page is read from, for the report's channel pages */
			struct strvec chs = STRVEC_INIT;

			channels_of(in->layouts, f->sink_fn, f->sink_path, &chs);
			db_bind_text(fi, ":ch", chs.nr ? chs.v[0] : NULL);
			strvec_clear(&chs);
		}
		int rc = sqlite3_step(fi);

		if (rc == SQLITE_ROW)
			id = sqlite3_column_int64(fi, 0);
		else
			ret = db_error(db, rc, "cannot store a finding");
		sqlite3_reset(fi);
		sqlite3_clear_bindings(fi);
		for (int s = 0; s < f->nr_step && !ret; s++) {
			db_bind_int(step, ":id", id);
			db_bind_int(step, ":step", s + 1);
			db_bind_int(step, ":fn", in->fn[f->step[s].fn].id);
			db_bind_int(step, ":file", f->step[s].file_id);
			db_bind_int(step, ":line", f->step[s].line);
			db_bind_text(step, ":what", f->step[s].what);
			ret = db_step_done(db, step);
		}
	}
	sqlite3_finalize(fi);
	sqlite3_finalize(step);
	if (!ret)
		ret = db_exec(db, "DELETE FROM channel_store");
	fi = ret ? NULL : db_prepare(db, "INSERT INTO channel_store(channel, object, function_id, "
		"alloc_function_id, file_id, line, page, origin, risky) VALUES (:ch, :obj, :fn, "
		":alloc, :file, :line, :page, :origin, :risky)");
	for (int i = 0; fi && i < fl->nr_cs && !ret; i++) {
		const struct channel_store *c = &fl->cs[i];

		db_bind_text(fi, ":ch", c->channel);
		db_bind_text(fi, ":obj", c->object);
		db_bind_int(fi, ":fn", in->fn[c->fn].id);
		db_bind_int(fi, ":alloc", in->fn[c->alloc_fn].id);
		db_bind_int(fi, ":file", c->file_id);
		db_bind_int(fi, ":line", c->line);
		db_bind_text(fi, ":page", c->page);
		db_bind_text(fi, ":origin", c->origin);
		db_bind_int(fi, ":risky", c->risky);
		ret = db_step_done(db, fi);
	}
	sqlite3_finalize(fi);
	return db_end(db, ret);
}

int db_solve_store(struct db *db, const struct solve_input *in)
{
	sqlite3_stmt *st;
	int ret = 0;

	if (db_begin_with(db, "DELETE FROM refeffect") < 0)
		return -1;
	st = db_prepare(db, "INSERT OR IGNORE INTO refeffect(function_id, op, path, needs, derived_from, "
			    "depth, indirect, splice, ulp, via_call_id, excludes) VALUES (:fn, :op, :path, "
			    ":needs, :from, :depth, :indirect, :splice, :ulp, :via, :excl)");
	/* in the table's key order (function id first): appending to a b-tree is cheapest */
	for (long long id = 0; id <= in->max_fn_id && !ret; id++) {
		int i = in->fn_of_id[id];
		const struct solve_function *f = i >= 0 ? &in->fn[i] : NULL;

		for (int j = 0; f && j < f->nr_effect && !ret; j++) {
			const struct solve_effect *e = &f->effect[j];
			/* what it depends on, as the code tests it: p1->msg_flags & MSG_SPLICE_PAGES */
			char *needs = e->needs ? xasprintf("%s & %s", e->needs, e->flag) : xstrdup("");
			char excl[ORIGIN_LIST_MAX];

			db_bind_int(st, ":fn", f->id);
			db_bind_text(st, ":op", f->effect[j].op);
			db_bind_text(st, ":path", f->effect[j].path);
			db_bind_int(st, ":depth", f->effect[j].depth);
			db_bind_text(st, ":needs", needs);
			free(needs);
			db_bind_text(st, ":from", f->effect[j].model ? "model" : "code");
			db_bind_int(st, ":indirect", f->effect[j].indirect);
			db_bind_int(st, ":splice", f->effect[j].splice);
			db_bind_int(st, ":ulp", f->effect[j].ulp);
			if (f->effect[j].via)
				db_bind_int(st, ":via", f->effect[j].via->id);
			db_bind_text(st, ":excl", origin_list(f->effect[j].excl, excl));
			ret = db_step_done(db, st);
		}
	}
	sqlite3_finalize(st);
	return db_end(db, ret);
}

int db_pairs_store(struct db *db, const struct solve_input *in, const struct channel_list *cl)
{
	sqlite3_stmt *st;
	int ret = 0;

	if (db_begin_with(db, "DELETE FROM channel_site") < 0)
		return -1;
	st = db_prepare(db, "INSERT OR IGNORE INTO channel_site(channel, op, function_id, file_id, line, how) "
			    "VALUES (:ch, :op, :fn, :file, :line, :how)");
	for (int i = 0; i < cl->nr && !ret; i++) {
		db_bind_text(st, ":ch", cl->s[i].channel);
		db_bind_text(st, ":op", cl->s[i].op);
		db_bind_int(st, ":fn", in->fn[cl->s[i].fn].id);
		db_bind_int(st, ":file", cl->s[i].file_id);
		db_bind_int(st, ":line", cl->s[i].line);
		db_bind_text(st, ":how", cl->s[i].how);
		ret = db_step_done(db, st);
	}
	sqlite3_finalize(st);
	return db_end(db, ret);
}

/*
 * An effect that is not the allocator's own free: kfree() drops the page
 * of a large kmalloc, but freeing memory as its allocator wants is never a
 * finding (findings.c), and every other TU calls it.
 */
static int page_param(const struct solve_function *f, const char *path)
{
	int n;
	char tail;

	return path[0] == 'p' && sscanf(path + 1, "%d%c", &n, &tail) == 1 && n < f->nr_ptype &&
	       f->ptype[n] && (strstr(f->ptype[n], "struct page *") || strstr(f->ptype[n], "struct folio *"));
}

static int real_effect(const struct models *md, const struct solve_function *f)
{
	if (model_get(md->frees, md->nr_frees, f->name)) {
		/*
		 * kfree() itself: its large-kmalloc folio_put() is the free of a
		 * buffer; but __free_page(page) puts a page it is handed, one a
		 * channel may hold (null_blk's t_page->page): that one counts
		 */
		for (int k = 0; k < f->nr_effect; k++)
			if (page_param(f, f->effect[k].path))
				return 1;
		return 0;
	}
	for (int k = 0; k < f->nr_effect; k++)
		if (!f->effect[k].free)
			return 1;
	return 0;
}

/*
 * A store through a parameter of a page, not of any pointer (list_del()
 * stores list links): the stored value is a page-typed parameter or a
 * page conversion (sg_set_buf()'s virt_to_page(buf)).
 */
static int page_write(const struct solve_function *f)
{
	for (int k = 0; k < f->nr_write; k++) {
		const char *src = f->write[k].src;
		int n;

		if (!src)
			continue;
		if (strstr(src, "to_page(") || strstr(src, "to_folio(") || strstr(src, "_page(p"))
			return 1;
		if (page_param(f, src) || (src[0] == 'p' && sscanf(src + 1, "%d", &n) == 1 &&
					     n < f->nr_ptype && f->ptype[n] && strstr(f->ptype[n], "netmem_ref")))
			return 1;
	}
	return 0;
}

int db_relevant_store(struct db *db, const struct models *md, const struct solve_input *in,
		      const struct channel_list *cl, const char *stores)
{
	char *site = xcalloc(in->nr_fn ? in->nr_fn : 1, 1);
	sqlite3_stmt *st;
	int ret = 0;

	for (int i = 0; i < cl->nr; i++)
		site[cl->s[i].fn] = 1;
	if (db_begin_with(db, "DELETE FROM relevant_fn") < 0) {
		free(site);
		return -1;
	}
	st = db_prepare(db, "INSERT INTO relevant_fn(function_id, why) VALUES (:fn, :why)");
	for (int i = 0; i < in->nr_fn && !ret; i++) {
		const struct solve_function *f = &in->fn[i];
		/*
		 * a free (kfree()) puts its memory back on its allocator's
		 * lists (kmem_cache_cpu.partial): a page stored in a field, but
		 * freeing is never a finding and never a channel's producer
		 */
		int frees = model_get(md->frees, md->nr_frees, f->name) != NULL;
		const char *why = real_effect(md, f) ? "reference-count effect" :
				  frees ? NULL :
				  page_write(f) ? "stores a page through a parameter" :
				  stores[i] ? "puts a page into a channel field (block I/O, a driver's object)" :
				  site[i] ? "channel site" : NULL;

		if (!why)
			continue;
		db_bind_int(st, ":fn", f->id);
		db_bind_text(st, ":why", why);
		ret = db_step_done(db, st);
	}
	sqlite3_finalize(st);
	free(site);
	return db_end(db, ret);
}
