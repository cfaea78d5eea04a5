// SPDX-License-Identifier: GPL-2.0
/*
 * Writing extracted facts, and deciding what to extract. Every TU is
 * replaced in one transaction, so a run that is interrupted leaves each TU
 * either as it was or as it is now; rows left 'pending' are redone.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db_facts.h"
#include "db_internal.h"
#include "embedded.h"
#include "hash.h"
#include "layer.h"
#include "usage.h"

char *db_relpath(const struct db_roots *r, const char *abs)
{
	size_t kl = strlen(r->kernel), ol = r->objdir ? strlen(r->objdir) : 0;

	if (ol && !strncmp(abs, r->objdir, ol) && abs[ol] == '/')
		return xasprintf("@obj/%s", abs + ol + 1);
	if (!strncmp(abs, r->kernel, kl) && abs[kl] == '/')
		return xstrdup(abs + kl + 1);
	return xstrdup(abs);
}

static char *abspath(const struct db_roots *r, const char *rel)
{
	if (rel[0] == '/')
		return xstrdup(rel);
	if (!strncmp(rel, "@obj/", 5))
		return xasprintf("%s/%s", r->objdir ? r->objdir : ".", rel + 5);
	return xasprintf("%s/%s", r->kernel, rel);
}

/*
 * Bump when the extractor records something differently, so that a new
 * pageref re-extracts TUs whose inputs did not change.
 */
#define EXTRACTOR_FORMAT "19"

void db_extractor_key(struct hasher *h)
{
	hasher_add_str(h, EXTRACTOR_FORMAT);
	for (size_t i = 0; i < nr_embedded_files; i++)
		if (embedded_files[i].key & EMBEDDED_KEY_EXTRACT)
			hasher_add_str(h, embedded_files[i].text);
}

void db_command_hash(const struct compile_command *c, char out[HASH_HEX])
{
	struct hasher *h = hasher_new();

	/* what the extractor looks for is part of the command (embedded_list.h) */
	db_extractor_key(h);
	hasher_add_str(h, c->directory);
	for (size_t i = 0; i < c->argv.nr; i++)
		hasher_add_str(h, c->argv.v[i]);
	hasher_finish(h, out);
}

static long long mtime_ns(const struct stat *st)
{
	return st->st_mtim.tv_sec * 1000000000ll + st->st_mtim.tv_nsec;
}

static void file_stmts(struct db *db)
{
	if (db->file_sel)
		return;
	db->file_sel = db_prepare(db, "SELECT id, size, mtime_ns, hash FROM file WHERE path = :path");
	db->file_ins = db_prepare(db,
		"INSERT INTO file(path, size, mtime_ns, hash) VALUES (:path, :size, :mtime, :hash) "
		"ON CONFLICT(path) DO UPDATE SET size = excluded.size, "
		"mtime_ns = excluded.mtime_ns, hash = excluded.hash RETURNING id");
}

/*
 * The id of a file, hashing its contents only when size or mtime moved.
 * Returns -1 when it cannot be read.
 */
static long long file_id(struct db *db, const struct db_roots *r, const char *abs,
			 char hash[HASH_HEX])
{
	sqlite3_stmt *sel, *ins;
	char *rel = db_relpath(r, abs);
	struct stat st;
	long long id = -1;

	file_stmts(db);
	sel = db->file_sel;
	ins = db->file_ins;
	if (stat(abs, &st) < 0) {
		free(rel);
		return -1;
	}
	db_bind_text(sel, ":path", rel);
	if (sqlite3_step(sel) == SQLITE_ROW && sqlite3_column_int64(sel, 1) == st.st_size &&
	    sqlite3_column_int64(sel, 2) == mtime_ns(&st)) {
		id = sqlite3_column_int64(sel, 0);
		snprintf(hash, HASH_HEX, "%s", (const char *)sqlite3_column_text(sel, 3));
	}
	sqlite3_reset(sel);
	sqlite3_clear_bindings(sel);
	if (id >= 0) {
		free(rel);
		return id;
	}
	if (hash_file(abs, hash) < 0) {
		free(rel);
		return -1;
	}
	db_bind_text(ins, ":path", rel);
	db_bind_int(ins, ":size", st.st_size);
	db_bind_int(ins, ":mtime", mtime_ns(&st));
	db_bind_text(ins, ":hash", hash);
	if (sqlite3_step(ins) == SQLITE_ROW)
		id = sqlite3_column_int64(ins, 0);
	sqlite3_reset(ins);
	sqlite3_clear_bindings(ins);
	free(rel);
	return id;
}

int db_file_hash(struct db *db, const struct db_roots *r, const char *abs, char hash[HASH_HEX])
{
	char *rel = db_relpath(r, abs);
	struct stat st;
	int known = 0;

	file_stmts(db);
	if (stat(abs, &st) < 0) {
		free(rel);
		return -1;
	}
	db_bind_text(db->file_sel, ":path", rel);
	if (sqlite3_step(db->file_sel) == SQLITE_ROW &&
	    sqlite3_column_int64(db->file_sel, 1) == st.st_size &&
	    sqlite3_column_int64(db->file_sel, 2) == mtime_ns(&st)) {
		snprintf(hash, HASH_HEX, "%s", (const char *)sqlite3_column_text(db->file_sel, 3));
		known = 1;
	}
	sqlite3_reset(db->file_sel);
	sqlite3_clear_bindings(db->file_sel);
	free(rel);
	return known ? 0 : hash_file(abs, hash);
}

/*
 * Bring the file table up to date with the disk and collect the ids of
 * files whose contents changed into temp table changed_file.
 */
static int refresh_files(struct db *db, const struct db_roots *r)
{
	sqlite3_stmt *all, *upd, *mark;
	int ret = 0;

	if (db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS changed_file(id INTEGER PRIMARY KEY);"
			"DELETE FROM changed_file") < 0)
		return -1;
	all = db_prepare(db, "SELECT id, path, size, mtime_ns, hash FROM file");
	upd = db_prepare(db, "UPDATE file SET size = :size, mtime_ns = :mtime, hash = :hash WHERE id = :id");
	mark = db_prepare(db, "INSERT OR IGNORE INTO changed_file(id) VALUES (:id)");
	while (sqlite3_step(all) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(all, 0);
		char *abs = abspath(r, (const char *)sqlite3_column_text(all, 1));
		const char *old = (const char *)sqlite3_column_text(all, 4);
		char hash[HASH_HEX] = "missing";
		struct stat st;

		if (stat(abs, &st) == 0 && sqlite3_column_int64(all, 2) == st.st_size &&
		    sqlite3_column_int64(all, 3) == mtime_ns(&st)) {
			free(abs);
			continue;
		}
		if (stat(abs, &st) < 0 || hash_file(abs, hash) < 0) {
			memset(&st, 0, sizeof(st));
			snprintf(hash, sizeof(hash), "missing");
		}
		if (strcmp(hash, old)) {
			db_bind_int(mark, ":id", id);
			if (db_step_done(db, mark) < 0)
				ret = -1;
		}
		db_bind_int(upd, ":size", st.st_size);
		db_bind_int(upd, ":mtime", mtime_ns(&st));
		db_bind_text(upd, ":hash", hash);
		db_bind_int(upd, ":id", id);
		if (db_step_done(db, upd) < 0)
			ret = -1;
		free(abs);
	}
	sqlite3_finalize(all);
	sqlite3_finalize(upd);
	sqlite3_finalize(mark);
	return ret;
}

int db_plan(struct db *db, const struct db_roots *r, const struct compdb *cdb,
	    int retry_failed, int *dirty, long long *tu_id)
{
	sqlite3_stmt *sel, *changed, *ins, *pend, *keep;
	int ret = -1;

	if (db_begin(db) < 0)
		return -1;
	if (refresh_files(db, r) < 0)
		goto out;
	if (db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS keep_tu(id INTEGER PRIMARY KEY);"
			"DELETE FROM keep_tu") < 0)
		goto out;
	sel = db_prepare(db, "SELECT t.id, t.command_hash, t.status FROM tu t JOIN file f ON f.id = t.file_id "
			     "WHERE f.path = :path");
	changed = db_prepare(db, "SELECT 1 FROM tu_input i JOIN changed_file c ON c.id = i.file_id "
				 "WHERE i.tu_id = :id LIMIT 1");
	ins = db_prepare(db, "INSERT INTO tu(file_id, command, command_hash, inputs_hash, status) "
			     "VALUES (:file, '', '', '', 'pending') RETURNING id");
	pend = db_prepare(db, "UPDATE tu SET status = 'pending' WHERE id = :id");
	keep = db_prepare(db, "INSERT OR IGNORE INTO keep_tu(id) VALUES (:id)");
	ret = 0;
	for (size_t i = 0; i < cdb->nr && !ret; i++) {
		const struct compile_command *c = &cdb->cmd[i];
		char *rel = db_relpath(r, c->file);
		char ch[HASH_HEX];
		long long id = -1;

		db_command_hash(c, ch);
		dirty[i] = 1;
		db_bind_text(sel, ":path", rel);
		if (sqlite3_step(sel) == SQLITE_ROW) {
			const char *status = (const char *)sqlite3_column_text(sel, 2);
			int same_cmd = !strcmp((const char *)sqlite3_column_text(sel, 1), ch);

			id = sqlite3_column_int64(sel, 0);
			if (same_cmd && strcmp(status, "pending") &&
			    !(retry_failed && !strcmp(status, "failed"))) {
				db_bind_int(changed, ":id", id);
				dirty[i] = sqlite3_step(changed) == SQLITE_ROW;
				sqlite3_reset(changed);
				sqlite3_clear_bindings(changed);
			}
		}
		sqlite3_reset(sel);
		sqlite3_clear_bindings(sel);
		if (id < 0) {
			char hash[HASH_HEX];
			long long fid = file_id(db, r, c->file, hash);

			if (fid < 0) {
				/* extract_tu reports the unreadable source; keep a row for it */
				sqlite3_stmt *add = db_prepare(db,
					"INSERT INTO file(path, size, mtime_ns, hash) VALUES (:path, 0, 0, 'missing') "
					"ON CONFLICT(path) DO UPDATE SET hash = 'missing' RETURNING id");

				db_bind_text(add, ":path", rel);
				if (sqlite3_step(add) == SQLITE_ROW)
					fid = sqlite3_column_int64(add, 0);
				sqlite3_finalize(add);
			}
			db_bind_int(ins, ":file", fid);
			int rc = sqlite3_step(ins);

			if (rc == SQLITE_ROW)
				id = sqlite3_column_int64(ins, 0);
			else
				ret = db_error(db, rc, rel);
			sqlite3_reset(ins);
			sqlite3_clear_bindings(ins);
		} else if (dirty[i]) {
			db_bind_int(pend, ":id", id);
			ret = db_step_done(db, pend);
		}
		tu_id[i] = id;
		db_bind_int(keep, ":id", id);
		if (!ret)
			ret = db_step_done(db, keep);
		free(rel);
	}
	sqlite3_finalize(sel);
	sqlite3_finalize(changed);
	sqlite3_finalize(ins);
	sqlite3_finalize(pend);
	sqlite3_finalize(keep);
	/*
	 * The solver's results go when any fact will change: they are
	 * recomputed in full anyway, and deleting a TU's calls and functions
	 * while they are there costs a scan of refeffect, finding and
	 * channel_site per row (58 s for net/ipv4/tcp.c on a 4,000-TU
	 * database; 0.1 s without them).
	 */
	if (!ret) {
		int changes = 0;

		for (size_t i = 0; i < cdb->nr; i++)
			changes |= dirty[i];
		if (!changes) {
			sqlite3_stmt *gone = db_prepare(db, "SELECT 1 FROM tu WHERE id NOT IN "
							    "(SELECT id FROM keep_tu) LIMIT 1");

			changes = sqlite3_step(gone) == SQLITE_ROW;
			sqlite3_finalize(gone);
		}
		if (changes)
			ret = db_exec(db, "DELETE FROM finding_step; DELETE FROM finding; "
					  "DELETE FROM channel_site; DELETE FROM channel_store; "
					  "DELETE FROM refeffect; DELETE FROM edge; "
					  "DELETE FROM meta WHERE key IN ('link_key', 'solve_key')");
	}
	if (!ret)
		ret = db_exec(db, "DELETE FROM tu WHERE id NOT IN (SELECT id FROM keep_tu)");
out:
	return db_end(db, ret);
}

/*
 * A header function belongs to the TU with the first path (in byte order)
 * of those that include it, whichever extracts first: workers finish in
 * any order, and shards on other machines (merge.c) must give the same
 * facts. The body can differ by TU (fortify-string.h makes memcpy() a
 * macro in some TUs and not in others), so which TU it is matters.
 */
static const char owner_sql[] =
	"SELECT f.id, f.tu_id, of.path < (SELECT mf.path FROM tu mt JOIN file mf ON mf.id = mt.file_id "
	"WHERE mt.id = :tu), f.file_id = ot.file_id FROM function f JOIN tu ot ON ot.id = f.tu_id "
	"JOIN file of ON of.id = ot.file_id WHERE f.usr = :usr";

int db_want_function(struct db *db, const char *usr, long long tu_id)
{
	sqlite3_stmt *st;
	int want = 1;

	if (!db->want)
		db->want = db_prepare(db, owner_sql);
	st = db->want;
	db_bind_text(st, ":usr", usr);
	db_bind_int(st, ":tu", tu_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		want = sqlite3_column_int64(st, 1) == tu_id ||
		       (!sqlite3_column_int(st, 2) && !sqlite3_column_int(st, 3));
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return want;
}

int db_tu_functions(struct db *db, long long tu_id,
		    void (*fn)(const char *usr, const char *path, int in_main, void *data), void *data)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT f.usr, mf.path, f.file_id = t.file_id FROM function f "
				      "JOIN tu t ON t.id = f.tu_id JOIN file mf ON mf.id = t.file_id "
				      "WHERE f.tu_id = :tu");
	int rc;

	if (!st)
		return -1;
	db_bind_int(st, ":tu", tu_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn((const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
		   sqlite3_column_int(st, 2), data);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* --- storing a TU ----------------------------------------------------------- */

struct store {
	struct db *db;
	const struct db_roots *r;
	long long tu_id;
	/* a one-entry cache: most facts are in the file of the previous one */
	char *last_path;
	long long last_id;
	sqlite3_stmt *fn, *param, *call, *arg, *flow, *refop, *macro, *cond, *msgflag,
		     *cstore, *ops, *copy, *export, *input, *fid, *field, *root, *owner, *drop;
};

static long long store_file(struct store *s, const char *abs)
{
	char hash[HASH_HEX];
	long long id;

	if (s->last_path && !strcmp(s->last_path, abs))
		return s->last_id;
	id = file_id(s->db, s->r, abs, hash);
	if (id < 0) {
		/* a file the compiler read but we cannot: keep a placeholder */
		char *rel = db_relpath(s->r, abs);

		db_bind_text(s->fid, ":path", rel);
		if (sqlite3_step(s->fid) == SQLITE_ROW)
			id = sqlite3_column_int64(s->fid, 0);
		sqlite3_reset(s->fid);
		sqlite3_clear_bindings(s->fid);
		free(rel);
	}
	free(s->last_path);
	s->last_path = xstrdup(abs);
	s->last_id = id;
	return id;
}

/* 1: stored; 0: a header function another TU owns (nothing stored); -1: error */
static int store_function(struct store *s, const struct fact_function *fn, int in_main)
{
	long long fid;
	char *rel, *layer, *usr;
	int ret = 0;

	if (!in_main) {
		/*
		 * A copy that a TU with a later path stored goes: this one is the
		 * owner's. One that an earlier TU owns stays, and this TU stores
		 * nothing of it: asked first, before any work (a TU from the fact
		 * cache carries thousands of header functions others own).
		 */
		long long old = -1;
		int other = 0;

		db_bind_text(s->owner, ":usr", fn->usr);
		db_bind_int(s->owner, ":tu", s->tu_id);
		if (sqlite3_step(s->owner) == SQLITE_ROW && sqlite3_column_int64(s->owner, 1) != s->tu_id) {
			if (!sqlite3_column_int(s->owner, 2) && !sqlite3_column_int(s->owner, 3))
				old = sqlite3_column_int64(s->owner, 0);
			else
				other = 1;
		}
		sqlite3_reset(s->owner);
		sqlite3_clear_bindings(s->owner);
		if (other)
			return 0;
		if (old >= 0) {
			db_bind_int(s->drop, ":id", old);
			if (db_step_done(s->db, s->drop) < 0)
				return -1;
		}
	}
	rel = db_relpath(s->r, fn->file);
	layer = layer_of(rel);
	usr = xstrdup(fn->usr);
	free(rel);
	for (int attempt = 0; attempt < 2; attempt++) {
		db_bind_text(s->fn, ":usr", usr);
		db_bind_text(s->fn, ":name", fn->name);
		db_bind_int(s->fn, ":file", store_file(s, fn->file));
		db_bind_int(s->fn, ":line", fn->line);
		db_bind_int(s->fn, ":end_line", fn->end_line);
		db_bind_int(s->fn, ":tu", s->tu_id);
		db_bind_int(s->fn, ":static", fn->is_static);
		db_bind_int(s->fn, ":inline", fn->is_inline);
		db_bind_text(s->fn, ":layer", layer);
		db_bind_text(s->fn, ":ret", fn->return_type);
		fid = -1;
		if (sqlite3_step(s->fn) == SQLITE_ROW)
			fid = sqlite3_column_int64(s->fn, 0);
		sqlite3_reset(s->fn);
		sqlite3_clear_bindings(s->fn);
		if (fid >= 0 || !in_main)
			break;
		/*
		 * Two TUs define the same global name (modules that are never
		 * linked together): keep both, the second under a TU-qualified USR.
		 */
		free(usr);
		rel = db_relpath(s->r, fn->file);
		usr = xasprintf("%s#%s", fn->usr, rel);
		free(rel);
	}
	free(layer);
	free(usr);
	if (fid < 0)
		return 0;	/* a header function another TU already owns */

	for (int i = 0; i < fn->nr_param && !ret; i++) {
		db_bind_int(s->param, ":fn", fid);
		db_bind_int(s->param, ":idx", i);
		db_bind_text(s->param, ":name", fn->param[i].name);
		db_bind_text(s->param, ":type", fn->param[i].type);
		ret = db_step_done(s->db, s->param);
	}
	for (int i = 0; i < fn->nr_call && !ret; i++) {
		const struct fact_call *c = &fn->call[i];
		long long cid = -1;

		db_bind_int(s->call, ":fn", fid);
		db_bind_int(s->call, ":seq", c->seq);
		db_bind_text(s->call, ":kind", c->kind);
		db_bind_text(s->call, ":usr", c->callee_usr);
		db_bind_text(s->call, ":name", c->callee_name);
		db_bind_text(s->call, ":struct", c->struct_name);
		db_bind_text(s->call, ":field", c->field);
		db_bind_int(s->call, ":file", store_file(s, c->file));
		db_bind_int(s->call, ":line", c->line);
		db_bind_int(s->call, ":col", c->col);
		db_bind_text(s->call, ":type", c->result_type);
		db_bind_text(s->call, ":macro", c->macro);
		int rc = sqlite3_step(s->call);

		if (rc == SQLITE_ROW)
			cid = sqlite3_column_int64(s->call, 0);
		else
			ret = db_error(s->db, rc, fn->name);
		sqlite3_reset(s->call);
		sqlite3_clear_bindings(s->call);
		for (int j = 0; j < c->nr_arg && !ret; j++) {
			db_bind_int(s->arg, ":call", cid);
			db_bind_int(s->arg, ":idx", c->arg[j].idx);
			db_bind_text(s->arg, ":value", c->arg[j].value);
			db_bind_text(s->arg, ":type", c->arg[j].type);
			ret = db_step_done(s->db, s->arg);
		}
	}
	for (int i = 0; i < fn->nr_flow && !ret; i++) {
		db_bind_int(s->flow, ":fn", fid);
		db_bind_int(s->flow, ":seq", i);
		db_bind_text(s->flow, ":kind", fn->flow[i].kind);
		db_bind_text(s->flow, ":dst", fn->flow[i].dst);
		db_bind_text(s->flow, ":src", fn->flow[i].src);
		db_bind_text(s->flow, ":type", fn->flow[i].type);
		db_bind_int(s->flow, ":line", fn->flow[i].line);
		ret = db_step_done(s->db, s->flow);
	}
	for (int i = 0; i < fn->nr_refop && !ret; i++) {
		db_bind_int(s->refop, ":fn", fid);
		db_bind_int(s->refop, ":seq", fn->refop[i].seq);
		db_bind_text(s->refop, ":prim", fn->refop[i].primitive);
		db_bind_text(s->refop, ":object", fn->refop[i].object);
		db_bind_text(s->refop, ":path", fn->refop[i].path);
		db_bind_int(s->refop, ":line", fn->refop[i].line);
		ret = db_step_done(s->db, s->refop);
	}
	for (int i = 0; i < fn->nr_macro && !ret; i++) {
		db_bind_int(s->macro, ":fn", fid);
		db_bind_text(s->macro, ":name", fn->macro[i].name);
		db_bind_int(s->macro, ":line", fn->macro[i].line);
		db_bind_int(s->macro, ":col", fn->macro[i].col);
		db_bind_text(s->macro, ":value", fn->macro[i].value);
		db_bind_text(s->macro, ":arg", fn->macro[i].arg);
		ret = db_step_done(s->db, s->macro);
	}
	for (int i = 0; i < fn->nr_cond && !ret; i++) {
		const struct fact_cond *c = &fn->cond[i];

		db_bind_int(s->cond, ":fn", fid);
		db_bind_int(s->cond, ":seq", i);
		db_bind_text(s->cond, ":kind", c->kind);
		db_bind_text(s->cond, ":test", c->test);
		db_bind_text(s->cond, ":arg", c->arg);
		db_bind_int(s->cond, ":neg", c->negated);
		db_bind_int(s->cond, ":decides", c->decides);
		db_bind_int(s->cond, ":line", c->line);
#define BIND_LINE(name, v) do { if (v) db_bind_int(s->cond, name, v); } while (0)
		BIND_LINE(":tf", c->true_first);
		BIND_LINE(":tl", c->true_last);
		BIND_LINE(":ff", c->false_first);
		BIND_LINE(":fl", c->false_last);
#undef BIND_LINE
		ret = db_step_done(s->db, s->cond);
	}
	for (int i = 0; i < fn->nr_msgflag && !ret; i++) {
		db_bind_int(s->msgflag, ":fn", fid);
		db_bind_int(s->msgflag, ":line", fn->msgflag[i].line);
		db_bind_int(s->msgflag, ":col", fn->msgflag[i].col);
		db_bind_text(s->msgflag, ":flag", fn->msgflag[i].flag);
		db_bind_text(s->msgflag, ":op", fn->msgflag[i].op);
		db_bind_text(s->msgflag, ":path", fn->msgflag[i].path);
		ret = db_step_done(s->db, s->msgflag);
	}
	for (int i = 0; i < fn->nr_cstore && !ret; i++) {
		const struct fact_cstore *c = &fn->cstore[i];

		db_bind_int(s->cstore, ":fn", fid);
		db_bind_int(s->cstore, ":seq", i);
		db_bind_text(s->cstore, ":record", c->record);
		db_bind_text(s->cstore, ":field", c->field);
		db_bind_text(s->cstore, ":path", c->path);
		if (c->known)
			db_bind_int(s->cstore, ":value", c->value);
		if (c->param >= 0)
			db_bind_int(s->cstore, ":param", c->param);
		db_bind_int(s->cstore, ":line", c->line);
		ret = db_step_done(s->db, s->cstore);
	}
	for (int i = 0; i < fn->nr_root && !ret; i++) {
		db_bind_int(s->root, ":fn", fid);
		db_bind_text(s->root, ":root", fn->root[i].root);
		db_bind_text(s->root, ":record", fn->root[i].record);
		db_bind_text(s->root, ":kind", fn->root[i].kind);
		ret = db_step_done(s->db, s->root);
	}
	return ret < 0 ? ret : 1;
}

static void store_prepare(struct store *s)
{
	struct db *db = s->db;

	s->fn = db_prepare(db, "INSERT INTO function(usr, name, file_id, line, end_line, tu_id, "
		"is_static, is_inline, is_exported, layer, return_type) VALUES (:usr, :name, :file, "
		":line, :end_line, :tu, :static, :inline, 0, :layer, :ret) "
		"ON CONFLICT(usr) DO NOTHING RETURNING id");
	s->param = db_prepare(db, "INSERT INTO param(function_id, idx, name, type) "
		"VALUES (:fn, :idx, :name, :type)");
	s->call = db_prepare(db, "INSERT INTO call(function_id, seq, kind, callee_usr, callee_name, "
		"struct_name, field, file_id, line, col, result_type, macro) VALUES (:fn, :seq, :kind, "
		":usr, :name, :struct, :field, :file, :line, :col, :type, :macro) RETURNING id");
	s->arg = db_prepare(db, "INSERT INTO call_arg(call_id, idx, value, type) "
		"VALUES (:call, :idx, :value, :type)");
	s->flow = db_prepare(db, "INSERT INTO flow(function_id, seq, kind, dst, src, type, line) "
		"VALUES (:fn, :seq, :kind, :dst, :src, :type, :line)");
	s->refop = db_prepare(db, "INSERT INTO refop(function_id, seq, primitive, object, path, line) "
		"VALUES (:fn, :seq, :prim, :object, :path, :line)");
	s->macro = db_prepare(db, "INSERT OR IGNORE INTO macro_use(function_id, name, line, col, value, arg) "
		"VALUES (:fn, :name, :line, :col, :value, :arg)");
	s->cond = db_prepare(db, "INSERT INTO cond(function_id, seq, kind, test, arg, negated, decides, "
		"line, true_first, true_last, false_first, false_last) VALUES (:fn, :seq, :kind, :test, "
		":arg, :neg, :decides, :line, :tf, :tl, :ff, :fl)");
	s->msgflag = db_prepare(db, "INSERT OR IGNORE INTO msgflag(function_id, line, col, flag, op, path) "
		"VALUES (:fn, :line, :col, :flag, :op, :path)");
	s->cstore = db_prepare(db, "INSERT INTO const_store(function_id, seq, record, field, path, "
		"value, param, line) VALUES (:fn, :seq, :record, :field, :path, :value, :param, :line)");
	s->ops = db_prepare(db, "INSERT OR IGNORE INTO ops(kind, struct_name, field, function_usr, "
		"function_name, variable, in_function_id, tu_id, file_id, line) VALUES (:kind, :struct, "
		":field, :usr, :name, :var, (SELECT id FROM function WHERE usr = :in_usr), :tu, :file, :line)");
	s->copy = db_prepare(db, "INSERT OR IGNORE INTO field_copy(struct_name, field, src_struct, "
		"src_field, in_function_id, tu_id, file_id, line) VALUES (:struct, :field, :sstruct, "
		":sfield, (SELECT id FROM function WHERE usr = :in_usr), :tu, :file, :line)");
	s->export = db_prepare(db, "INSERT OR IGNORE INTO export(name, tu_id, gpl) VALUES (:name, :tu, :gpl)");
	s->input = db_prepare(db, "INSERT OR IGNORE INTO tu_input(tu_id, file_id) VALUES (:tu, :file)");
	s->field = db_prepare(db, "INSERT OR REPLACE INTO field_type(record, field, type, kind) "
		"VALUES (:record, :field, :type, :kind)");
	s->root = db_prepare(db, "INSERT OR IGNORE INTO root_type(function_id, root, record, kind) "
		"VALUES (:fn, :root, :record, :kind)");
	s->fid = db_prepare(db, "INSERT INTO file(path, size, mtime_ns, hash) VALUES (:path, 0, 0, 'missing') "
		"ON CONFLICT(path) DO UPDATE SET hash = 'missing' RETURNING id");
	s->owner = db_prepare(db, owner_sql);
	s->drop = db_prepare(db, "DELETE FROM function WHERE id = :id");
}

static void store_finalize(struct store *s)
{
	sqlite3_stmt *all[] = { s->fn, s->param, s->call, s->arg, s->flow, s->refop, s->macro,
				s->cond, s->msgflag, s->cstore, s->ops, s->copy, s->export, s->input, s->fid,
				s->field, s->root, s->owner, s->drop };

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		sqlite3_finalize(all[i]);
	free(s->last_path);
}

int db_store_tu(struct db *db, const struct db_roots *r, long long tu_id,
		const struct compile_command *c, const struct tu_facts *tf, double seconds)
{
	struct store s = { .db = db, .r = r, .tu_id = tu_id };
	struct hasher *ih = hasher_new();
	char ch[HASH_HEX], ihash[HASH_HEX];
	sqlite3_stmt *upd;
	char *cmd;
	int ret = 0;

	if (db_begin(db) < 0) {
		hasher_finish(ih, ihash);
		return -1;
	}
	store_prepare(&s);
	{
		sqlite3_stmt *del[5] = {
			db_prepare(db, "DELETE FROM tu_input WHERE tu_id = :tu"),
			db_prepare(db, "DELETE FROM function WHERE tu_id = :tu"),
			db_prepare(db, "DELETE FROM ops WHERE tu_id = :tu"),
			db_prepare(db, "DELETE FROM field_copy WHERE tu_id = :tu"),
			db_prepare(db, "DELETE FROM export WHERE tu_id = :tu"),
		};

		for (int i = 0; i < 5; i++) {
			db_bind_int(del[i], ":tu", tu_id);
			if (!ret)
				ret = db_step_done(db, del[i]);
			sqlite3_finalize(del[i]);
		}
	}

	/* inputs: the main file first, then every header, in inclusion order */
	for (int i = 0; i < tf->nr_input && !ret; i++) {
		char hash[HASH_HEX] = "missing";
		long long fid = file_id(db, r, tf->input[i], hash);

		if (fid < 0)
			fid = store_file(&s, tf->input[i]);
		hasher_add_str(ih, tf->input[i]);
		hasher_add_str(ih, hash);
		db_bind_int(s.input, ":tu", tu_id);
		db_bind_int(s.input, ":file", fid);
		ret = db_step_done(db, s.input);
	}
	hasher_finish(ih, ihash);

	if (!tf->failed) {
		/*
		 * What happens inside a header function is the owner's: a TU
		 * that extracted a function another TU stored (all of them, with
		 * the fact cache) keeps no ops or copies of it, as if it had
		 * skipped the function.
		 */
		char *owned = xcalloc(tf->nr_function ? tf->nr_function : 1, 1);

		for (int i = 0; i < tf->nr_function && !ret; i++) {
			ret = store_function(&s, &tf->function[i],
					     !strcmp(tf->function[i].file, tf->main_file));
			owned[i] = ret > 0;
			ret = ret < 0 ? ret : 0;
		}
		for (int i = 0; i < tf->nr_ops && !ret; i++) {
			const struct fact_ops *o = &tf->ops[i];

			if (o->in_function >= 0 && !owned[o->in_function])
				continue;

			db_bind_text(s.ops, ":kind", o->kind);
			db_bind_text(s.ops, ":struct", o->struct_name);
			db_bind_text(s.ops, ":field", o->field);
			db_bind_text(s.ops, ":usr", o->function_usr);
			db_bind_text(s.ops, ":name", o->function_name);
			db_bind_text(s.ops, ":var", o->variable);
			db_bind_text(s.ops, ":in_usr", o->in_function >= 0 ?
				     tf->function[o->in_function].usr : NULL);
			db_bind_int(s.ops, ":tu", tu_id);
			db_bind_int(s.ops, ":file", store_file(&s, o->file));
			db_bind_int(s.ops, ":line", o->line);
			ret = db_step_done(db, s.ops);
		}
		for (int i = 0; i < tf->nr_copy && !ret; i++) {
			const struct fact_copy *o = &tf->copy[i];

			if (o->in_function >= 0 && !owned[o->in_function])
				continue;

			db_bind_text(s.copy, ":struct", o->struct_name);
			db_bind_text(s.copy, ":field", o->field);
			db_bind_text(s.copy, ":sstruct", o->src_struct);
			db_bind_text(s.copy, ":sfield", o->src_field);
			db_bind_text(s.copy, ":in_usr", o->in_function >= 0 ?
				     tf->function[o->in_function].usr : NULL);
			db_bind_int(s.copy, ":tu", tu_id);
			db_bind_int(s.copy, ":file", store_file(&s, o->file));
			db_bind_int(s.copy, ":line", o->line);
			ret = db_step_done(db, s.copy);
		}
		for (int i = 0; i < tf->nr_field && !ret; i++) {
			const struct fact_field *f = &tf->field[i];

			db_bind_text(s.field, ":record", f->record);
			db_bind_text(s.field, ":field", f->field);
			db_bind_text(s.field, ":type", f->type);
			db_bind_text(s.field, ":kind", f->kind);
			ret = db_step_done(db, s.field);
		}
		for (int i = 0; i < tf->nr_export && !ret; i++) {
			db_bind_text(s.export, ":name", tf->export[i].name);
			db_bind_int(s.export, ":tu", tu_id);
			db_bind_int(s.export, ":gpl", tf->export[i].gpl);
			ret = db_step_done(db, s.export);
		}
		free(owned);
	}

	db_command_hash(c, ch);
	{
		/* the argv as JSON-ish text for people; the hash is what counts */
		size_t len = 0;

		for (size_t i = 0; i < c->argv.nr; i++)
			len += strlen(c->argv.v[i]) + 1;
		cmd = xcalloc(1, len + 1);
		for (size_t i = 0; i < c->argv.nr; i++) {
			strcat(cmd, c->argv.v[i]);
			if (i + 1 < c->argv.nr)
				strcat(cmd, " ");
		}
	}
	upd = db_prepare(db, "UPDATE tu SET command = :cmd, command_hash = :ch, inputs_hash = :ih, "
			     "status = :status, seconds = :secs, error = :err WHERE id = :tu");
	db_bind_text(upd, ":cmd", cmd);
	db_bind_text(upd, ":ch", ch);
	db_bind_text(upd, ":ih", ihash);
	db_bind_text(upd, ":status", tf->failed ? "failed" : "ok");
	db_bind_double(upd, ":secs", seconds);
	db_bind_text(upd, ":err", tf->error);
	db_bind_int(upd, ":tu", tu_id);
	if (!ret)
		ret = db_step_done(db, upd);
	sqlite3_finalize(upd);
	free(cmd);
	store_finalize(&s);
	return db_end(db, ret);
}

int db_fail_tu(struct db *db, long long tu_id, const char *why, double seconds)
{
	sqlite3_stmt *st;
	int ret;

	if (db_begin(db) < 0)
		return -1;
	st = db_prepare(db, "DELETE FROM function WHERE tu_id = :tu");
	db_bind_int(st, ":tu", tu_id);
	ret = db_step_done(db, st);
	sqlite3_finalize(st);
	st = db_prepare(db, "UPDATE tu SET status = 'failed', error = :err, seconds = :secs, "
			    "command_hash = '' WHERE id = :tu");
	db_bind_text(st, ":err", why);
	db_bind_double(st, ":secs", seconds);
	db_bind_int(st, ":tu", tu_id);
	if (!ret)
		ret = db_step_done(db, st);
	sqlite3_finalize(st);
	return db_end(db, ret);
}

int db_tu_counts(struct db *db, int *ok, int *failed, int *pending)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT status, count(*) FROM tu GROUP BY status");

	*ok = *failed = *pending = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(st, 0);
		int n = sqlite3_column_int(st, 1);

		if (!strcmp(s, "ok"))
			*ok = n;
		else if (!strcmp(s, "failed"))
			*failed = n;
		else
			*pending = n;
	}
	sqlite3_finalize(st);
	return 0;
}

int db_failed_tus(struct db *db, const char *like, struct strvec *paths)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT path FROM v_tu WHERE status = 'failed' "
					  "AND error LIKE :like ORDER BY path");

	db_bind_text(st, ":like", like);
	while (sqlite3_step(st) == SQLITE_ROW)
		strvec_push(paths, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return 0;
}
