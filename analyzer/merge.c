// SPDX-License-Identifier: GPL-2.0
/*
 * Sharded extraction and the merge of its databases (merge.h). The merge
 * is SQL over ATTACHed shards: ids are renumbered through temporary maps
 * (old id -> new id) for files (by path), TUs (by file), functions (by
 * USR), calls (by function and seq); everything else is keyed by those.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db_internal.h"
#include "hash.h"
#include "merge.h"
#include "usage.h"

int merge_shard_of(const char *relpath, int n)
{
	struct hasher *h = hasher_new();
	char hex[HASH_HEX], top[13];

	hasher_add_str(h, relpath);
	hasher_finish(h, hex);
	/* 48 of the 64 bits of XXH3 spread paths evenly over any N up to 4096 */
	memcpy(top, hex, 12);
	top[12] = '\0';
	return (int)(strtoull(top, NULL, 16) % (unsigned long long)n) + 1;
}

/* What a shard says about itself (its meta table). */
struct shard {
	const char *path;
	int k, n;
	char *kernel_version, *dirs, *config, *complete;
	double seconds;
};

static char *meta_of(struct db *db, const char *key)
{
	char *v = db_meta_get(db, key);

	return v ? v : xstrdup("");
}

static int read_shard(struct shard *s)
{
	struct db *db = db_open(s->path, DB_READONLY);
	char *v;

	if (!db)
		return -1;
	v = meta_of(db, "shard");
	if (sscanf(v, "%d/%d", &s->k, &s->n) != 2) {
		free(v);
		db_close(db);
		return input_error("%s: not a shard (no `pageref extract --shard K/N` ran on it)",
				   s->path);
	}
	free(v);
	s->kernel_version = meta_of(db, "kernel_version");
	s->dirs = meta_of(db, "dirs");
	s->config = meta_of(db, "config");
	s->complete = meta_of(db, "extract_complete");
	v = meta_of(db, "seconds_extract");
	s->seconds = atof(v);
	free(v);
	db_close(db);
	return 0;
}

static void shard_release(struct shard *s)
{
	free(s->kernel_version);
	free(s->dirs);
	free(s->config);
	free(s->complete);
}

/* The shards are the N slices of one split of one tree, DIRS and configuration. */
static int check_shards(struct shard *s, int nr)
{
	char *seen = xcalloc(nr + 1, 1);
	int ret = 0;

	for (int i = 0; i < nr && !ret; i++) {
		if (s[i].n != nr)
			ret = input_error("%s is shard %d/%d, but %d shards were given: merge wants all "
					  "%d slices of one split", s[i].path, s[i].k, s[i].n, nr, s[i].n);
		else if (seen[s[i].k])
			ret = input_error("%s is shard %d/%d again", s[i].path, s[i].k, s[i].n);
		else if (strcmp(s[i].complete, "1"))
			ret = input_error("%s: its extraction did not finish (run its extract again)",
					  s[i].path);
		else if (strcmp(s[i].kernel_version, s[0].kernel_version) ||
			 strcmp(s[i].dirs, s[0].dirs) || strcmp(s[i].config, s[0].config))
			ret = input_error("%s was extracted from %s, DIRS \"%s\", %s; %s from %s, DIRS "
					  "\"%s\", %s: not one split", s[i].path, s[i].kernel_version,
					  s[i].dirs, s[i].config, s[0].path, s[0].kernel_version,
					  s[0].dirs, s[0].config);
		else
			seen[s[i].k] = 1;
	}
	free(seen);
	return ret;
}

static const char merge_shard_sql[] =
	"DELETE FROM temp.fmap; DELETE FROM temp.tmap; DELETE FROM temp.fnin;"
	"DELETE FROM temp.fnmap; DELETE FROM temp.cmap;"
	/* files by path: the first shard's row (size, time, hash) stays */
	"INSERT INTO main.file(path, size, mtime_ns, hash) "
	"  SELECT path, size, mtime_ns, hash FROM s.file WHERE true ORDER BY id "
	"  ON CONFLICT(path) DO NOTHING;"
	"INSERT INTO temp.fmap SELECT sf.id, mf.id FROM s.file sf JOIN main.file mf ON mf.path = sf.path;"
	"INSERT INTO main.tu(file_id, command, command_hash, inputs_hash, status, seconds, error) "
	"  SELECT m.new, st.command, st.command_hash, st.inputs_hash, st.status, st.seconds, st.error "
	"  FROM s.tu st JOIN temp.fmap m ON m.old = st.file_id ORDER BY st.id;"
	"INSERT INTO temp.tmap SELECT st.id, mt.id FROM s.tu st JOIN temp.fmap m ON m.old = st.file_id "
	"  JOIN main.tu mt ON mt.file_id = m.new;"
	"INSERT INTO main.tu_input(tu_id, file_id) SELECT t.new, f.new FROM s.tu_input i "
	"  JOIN temp.tmap t ON t.old = i.tu_id JOIN temp.fmap f ON f.old = i.file_id;"
	/*
	 * Functions by USR. A main-file definition of a global name that another
	 * TU defines as well (modules never linked together) is kept under
	 * the TU-qualified USR, as one extraction keeps the second one.
	 */
	"INSERT INTO temp.fnin(old, usr) SELECT sf.id, CASE WHEN sf.file_id = st.file_id AND "
	"  EXISTS (SELECT 1 FROM main.function m WHERE m.usr = sf.usr) AND instr(sf.usr, '#') = 0 "
	"  THEN sf.usr || '#' || ff.path ELSE sf.usr END "
	"  FROM s.function sf JOIN s.tu st ON st.id = sf.tu_id JOIN s.file ff ON ff.id = sf.file_id;"
	/*
	 * A header function belongs to the TU with the first path that
	 * includes it (db_facts.c): a copy an earlier shard brought from a
	 * later path goes, with its facts, for this shard's.
	 */
	"DELETE FROM main.function WHERE id IN (SELECT m.id FROM temp.fnin n "
	"  JOIN s.function sf ON sf.id = n.old JOIN s.tu st ON st.id = sf.tu_id "
	"  JOIN s.file stf ON stf.id = st.file_id JOIN main.function m ON m.usr = n.usr "
	"  JOIN main.tu mt ON mt.id = m.tu_id JOIN main.file mtf ON mtf.id = mt.file_id "
	"  WHERE sf.file_id <> st.file_id AND m.file_id <> mt.file_id AND mtf.path > stf.path);"
	"DELETE FROM temp.fnin WHERE usr IN (SELECT usr FROM main.function);"
	"INSERT INTO main.function(usr, name, file_id, line, end_line, tu_id, is_static, is_inline, "
	"  is_exported, layer, return_type) "
	"  SELECT n.usr, sf.name, f.new, sf.line, sf.end_line, t.new, sf.is_static, sf.is_inline, "
	"  sf.is_exported, sf.layer, sf.return_type FROM temp.fnin n JOIN s.function sf ON sf.id = n.old "
	"  JOIN temp.fmap f ON f.old = sf.file_id JOIN temp.tmap t ON t.old = sf.tu_id ORDER BY sf.id;"
	"INSERT INTO temp.fnmap SELECT n.old, m.id FROM temp.fnin n JOIN main.function m ON m.usr = n.usr;"
	"INSERT INTO main.param(function_id, idx, name, type) "
	"  SELECT fm.new, x.idx, x.name, x.type FROM s.param x JOIN temp.fnmap fm ON fm.old = x.function_id;"
	"INSERT INTO main.root_type(function_id, root, record, kind) "
	"  SELECT fm.new, x.root, x.record, x.kind FROM s.root_type x "
	"  JOIN temp.fnmap fm ON fm.old = x.function_id;"
	"INSERT INTO main.flow(function_id, seq, kind, dst, src, type, line) "
	"  SELECT fm.new, x.seq, x.kind, x.dst, x.src, x.type, x.line FROM s.flow x "
	"  JOIN temp.fnmap fm ON fm.old = x.function_id;"
	"INSERT INTO main.refop(function_id, seq, primitive, object, path, line) "
	"  SELECT fm.new, x.seq, x.primitive, x.object, x.path, x.line FROM s.refop x "
	"  JOIN temp.fnmap fm ON fm.old = x.function_id;"
	"INSERT INTO main.macro_use(function_id, name, line, col, value, arg) "
	"  SELECT fm.new, x.name, x.line, x.col, x.value, x.arg FROM s.macro_use x "
	"  JOIN temp.fnmap fm ON fm.old = x.function_id;"
	"INSERT INTO main.cond(function_id, seq, kind, test, arg, negated, decides, line, true_first, "
	"  true_last, false_first, false_last) "
	"  SELECT fm.new, x.seq, x.kind, x.test, x.arg, x.negated, x.decides, x.line, x.true_first, "
	"  x.true_last, x.false_first, x.false_last FROM s.cond x "
	"  JOIN temp.fnmap fm ON fm.old = x.function_id;"
	"INSERT INTO main.msgflag(function_id, line, col, flag, op, path) "
	"  SELECT fm.new, x.line, x.col, x.flag, x.op, x.path FROM s.msgflag x "
	"  JOIN temp.fnmap fm ON fm.old = x.function_id;"
	"INSERT INTO main.const_store(function_id, seq, record, field, path, value, line, param) "
	"  SELECT fm.new, x.seq, x.record, x.field, x.path, x.value, x.line, x.param FROM s.const_store x "
	"  JOIN temp.fnmap fm ON fm.old = x.function_id;"
	"INSERT INTO main.call(function_id, seq, kind, callee_usr, callee_name, struct_name, field, "
	"  file_id, line, col, result_type, macro) "
	"  SELECT fm.new, c.seq, c.kind, c.callee_usr, c.callee_name, c.struct_name, c.field, f.new, "
	"  c.line, c.col, c.result_type, c.macro FROM s.call c JOIN temp.fnmap fm ON fm.old = c.function_id "
	"  JOIN temp.fmap f ON f.old = c.file_id ORDER BY c.id;"
	"INSERT INTO temp.cmap SELECT c.id, mc.id FROM s.call c JOIN temp.fnmap fm ON fm.old = c.function_id "
	"  JOIN main.call mc ON mc.function_id = fm.new AND mc.seq = c.seq;"
	"INSERT INTO main.call_arg(call_id, idx, value, type) "
	"  SELECT cm.new, a.idx, a.value, a.type FROM s.call_arg a JOIN temp.cmap cm ON cm.old = a.call_id;"
	/* ops and copies name the function they sit in by USR, as the extractor stores them */
	"INSERT OR IGNORE INTO main.ops(kind, struct_name, field, function_usr, function_name, variable, "
	"  in_function_id, tu_id, file_id, line) "
	"  SELECT o.kind, o.struct_name, o.field, o.function_usr, o.function_name, o.variable, "
	"  (SELECT m.id FROM main.function m WHERE m.usr = (SELECT usr FROM s.function WHERE id = "
	"  o.in_function_id)), t.new, f.new, o.line FROM s.ops o JOIN temp.tmap t ON t.old = o.tu_id "
	"  JOIN temp.fmap f ON f.old = o.file_id ORDER BY o.id;"
	"INSERT OR IGNORE INTO main.field_copy(struct_name, field, src_struct, src_field, in_function_id, "
	"  tu_id, file_id, line) "
	"  SELECT o.struct_name, o.field, o.src_struct, o.src_field, "
	"  (SELECT m.id FROM main.function m WHERE m.usr = (SELECT usr FROM s.function WHERE id = "
	"  o.in_function_id)), t.new, f.new, o.line FROM s.field_copy o JOIN temp.tmap t ON t.old = o.tu_id "
	"  JOIN temp.fmap f ON f.old = o.file_id ORDER BY o.rowid;"
	"INSERT OR IGNORE INTO main.export(name, tu_id, gpl) "
	"  SELECT e.name, t.new, e.gpl FROM s.export e JOIN temp.tmap t ON t.old = e.tu_id;"
	/* layouts are shared by every TU; the last extraction's row wins, here the last shard's */
	"INSERT OR REPLACE INTO main.field_type(record, field, type, kind) "
	"  SELECT record, field, type, kind FROM s.field_type;";

/* One shard into db: attach, copy, detach; returns 0 or -1. */
static int merge_one(struct db *db, const char *path)
{
	sqlite3_stmt *st = db_prepare(db, "ATTACH DATABASE ?1 AS s");
	char *overlap = NULL;
	int ret = 0;

	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		ret = input_error("%s: cannot attach: %s", path, sqlite3_errmsg(db->h));
	sqlite3_finalize(st);
	if (ret)
		return -1;
	/* a TU in two shards: the split is not one split after all */
	st = db_prepare(db, "SELECT sf.path FROM s.tu st JOIN s.file sf ON sf.id = st.file_id "
			"JOIN main.file mf ON mf.path = sf.path JOIN main.tu mt ON mt.file_id = mf.id LIMIT 1");
	if (sqlite3_step(st) == SQLITE_ROW)
		overlap = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (overlap) {
		ret = input_error("%s: %s is in another shard too: the shards overlap", path, overlap);
		free(overlap);
	} else if (db_begin(db) < 0 || db_end(db, db_exec(db, merge_shard_sql)) < 0) {
		ret = -1;
	}
	if (db_exec(db, "DETACH DATABASE s") < 0)
		ret = -1;
	return ret;
}

/* The run's facts about itself: the first shard's, but for its own slice and times. */
static int merge_meta(struct db *db, const char *first, const struct shard *s, int nr)
{
	sqlite3_stmt *st = db_prepare(db, "ATTACH DATABASE ?1 AS s");
	double wall = 0, all = 0;
	char v[64];
	int ret;

	sqlite3_bind_text(st, 1, first, -1, SQLITE_STATIC);
	ret = sqlite3_step(st) == SQLITE_DONE ? 0 : error("%s: cannot attach", first);
	sqlite3_finalize(st);
	if (ret)
		return -1;
	ret = db_exec(db, "INSERT OR REPLACE INTO main.meta(key, value) SELECT key, value FROM s.meta "
		      "WHERE key NOT IN ('shard', 'extract_complete', 'solve_key', 'link_key') "
		      "AND key NOT LIKE 'seconds_%'");
	db_exec(db, "DETACH DATABASE s");
	for (int i = 0; i < nr; i++) {
		all += s[i].seconds;
		if (s[i].seconds > wall)
			wall = s[i].seconds;
	}
	/* the stage took as long as its slowest shard (they run side by side) */
	snprintf(v, sizeof(v), "%.1f", wall);
	if (!ret)
		ret = db_meta_set(db, "seconds_extract", v);
	snprintf(v, sizeof(v), "%d shards, %.1f s in all", nr, all);
	if (!ret)
		ret = db_meta_set(db, "extract_shards", v);
	if (!ret)
		ret = db_meta_set(db, "extract_complete", "1");
	return ret;
}

static int cmp_shard(const void *a, const void *b)
{
	return ((const struct shard *)a)->k - ((const struct shard *)b)->k;
}

int merge_run(const char *out, char *const *shards, int nr, int force)
{
	struct shard *s = xcalloc(nr, sizeof(*s));
	char *dst = xasprintf("%s/pageref.db", out), *tmp = xasprintf("%s/pageref.db.merge", out);
	struct db *db = NULL;
	int ret = 0;

	for (int i = 0; i < nr && !ret; i++) {
		s[i].path = shards[i];
		ret = read_shard(&s[i]);
	}
	if (!ret)
		ret = check_shards(s, nr);
	if (!ret && !force && access(dst, F_OK) == 0)
		ret = input_error("%s exists: merge writes a new database (--force replaces it)", dst);
	if (ret)
		goto out;
	qsort(s, nr, sizeof(*s), cmp_shard);
	{
		/* what a merge that was cut short left */
		char *wal = xasprintf("%s-wal", tmp), *shm = xasprintf("%s-shm", tmp);

		unlink(tmp);
		unlink(wal);
		unlink(shm);
		free(wal);
		free(shm);
	}
	db = db_open(tmp, DB_CREATE);
	if (!db) {
		ret = -1;
		goto out;
	}
	ret = db_exec(db, "CREATE TEMP TABLE fmap(old INTEGER PRIMARY KEY, new INTEGER NOT NULL);"
		      "CREATE TEMP TABLE tmap(old INTEGER PRIMARY KEY, new INTEGER NOT NULL);"
		      "CREATE TEMP TABLE fnin(old INTEGER PRIMARY KEY, usr TEXT NOT NULL);"
		      "CREATE TEMP TABLE fnmap(old INTEGER PRIMARY KEY, new INTEGER NOT NULL);"
		      "CREATE TEMP TABLE cmap(old INTEGER PRIMARY KEY, new INTEGER NOT NULL);");
	for (int i = 0; i < nr && !ret; i++)
		ret = merge_one(db, s[i].path);
	if (!ret)
		ret = merge_meta(db, s[0].path, s, nr);
	db_close(db);
	if (ret) {
		unlink(tmp);
		goto out;
	}
	{
		/* the old database's journal must not be applied to the new one */
		char *wal = xasprintf("%s-wal", dst), *shm = xasprintf("%s-shm", dst);

		unlink(wal);
		unlink(shm);
		free(wal);
		free(shm);
	}
	if (rename(tmp, dst) < 0)
		ret = error("cannot rename %s to %s: %s", tmp, dst, strerror(errno));
out:
	for (int i = 0; i < nr; i++)
		shard_release(&s[i]);
	free(s);
	free(dst);
	free(tmp);
	return ret;
}
