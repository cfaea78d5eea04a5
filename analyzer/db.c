// SPDX-License-Identifier: GPL-2.0
/*
 * Opening, creating and checking the database. The schema comes from
 * db/schema.sql, embedded at build time; its PRAGMA user_version is the
 * format version. A newer database is refused. An older one is upgraded
 * in one transaction when db/migrations.txt says which result tables and
 * views changed (they are recreated from the schema; the facts, which cost
 * twenty minutes on a real tree, are kept); any other older database is
 * refused: a silent half-upgrade is worse than a clear message.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db_internal.h"
#include "embedded.h"
#include "usage.h"

#define APPLICATION_ID 0x70677266	/* "pgrf" in the SQLite header */

int db_schema_version(void)
{
	const char *p = strstr(embedded_schema_sql, "PRAGMA user_version = ");

	return p ? atoi(p + strlen("PRAGMA user_version = ")) : -1;
}

/*
 * Is rc the database or the machine failing rather than our SQL: a damaged
 * file, a lock held past the busy timeout, a full disk, an I/O error, a
 * read-only file? Those are exit 3 (Documentation/usage.md, "Exit codes"), not a bug.
 */
static int db_fault(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_CORRUPT: case SQLITE_NOTADB: case SQLITE_BUSY: case SQLITE_LOCKED:
	case SQLITE_FULL: case SQLITE_IOERR: case SQLITE_READONLY: case SQLITE_CANTOPEN:
	case SQLITE_PROTOCOL:
		return 1;
	}
	return 0;
}

/* One line for a failure of code rc: msg says what SQLite said, what (if any) what failed. */
static int db_say(struct db *db, int rc, const char *what, const char *msg)
{
	if (db_fault(rc))
		return input_error("%s: %s%s%s (damaged or locked database, or a full disk)", db->path,
				   what ? what : "", what ? ": " : "", msg);
	return error("%s: %s%s%s", db->path, what ? what : "", what ? ": " : "", msg);
}

int db_error(struct db *db, int rc, const char *what)
{
	return db_say(db, rc, what, sqlite3_errstr(rc));
}

sqlite3_stmt *db_prepare(struct db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);

	/* preparing reads the schema: a damaged or locked file shows here first */
	if (rc != SQLITE_OK && db_fault(sqlite3_extended_errcode(db->h)))
		die(EXIT_INPUT, "%s: %s (damaged or locked database, or a full disk)", db->path,
		    sqlite3_errmsg(db->h));
	if (rc != SQLITE_OK)
		die(EXIT_BUG, "cannot prepare \"%.60s\": %s", sql, sqlite3_errmsg(db->h));
	return st;
}

int db_step_done(struct db *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return 0;
	return db_error(db, rc, NULL);
}

int db_rows_end(struct db *db, sqlite3_stmt *st, int rc)
{
	int ret = 0;

	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = db_error(db, rc, "cannot read the facts");
	sqlite3_finalize(st);
	return ret;
}

static int param_index(sqlite3_stmt *st, const char *name)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (!i)
		die(EXIT_BUG, "no parameter %s in \"%.60s\"", name, sqlite3_sql(st));
	return i;
}

void db_bind_text(sqlite3_stmt *st, const char *name, const char *value)
{
	int i = param_index(st, name);

	if (value)
		sqlite3_bind_text(st, i, value, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

void db_bind_int(sqlite3_stmt *st, const char *name, long long value)
{
	sqlite3_bind_int64(st, param_index(st, name), value);
}

void db_bind_double(sqlite3_stmt *st, const char *name, double value)
{
	sqlite3_bind_double(st, param_index(st, name), value);
}

int db_exec(struct db *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		db_say(db, sqlite3_extended_errcode(db->h), NULL, msg ? msg : sqlite3_errmsg(db->h));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int pragma_int(struct db *db, const char *sql, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* The statement in the schema that creates table or view name, or NULL. */
static char *schema_statement(const char *name)
{
	const char *kinds[] = { "CREATE TABLE ", "CREATE VIEW ", "CREATE INDEX " };

	for (size_t k = 0; k < 3; k++) {
		char *head = xasprintf("%s%s ", kinds[k], name);
		const char *p = strstr(embedded_schema_sql, head), *end;

		free(head);
		if (p && (end = strstr(p, ";\n")))
			return xstrndup(p, end - p + 1);
	}
	return NULL;
}

/* The objects db/migrations.txt recreates to go from version from to from + 1. */
static char *migration_line(int from)
{
	const char *p = embedded_migrations_txt;

	while (*p) {
		size_t n = strcspn(p, "\n");

		if (*p != '#' && atoi(p) == from && n > 0)
			return xstrndup(p, n);
		p += n + (p[n] == '\n');
	}
	return NULL;
}

/*
 * "ALTER TABLE t ADD COLUMN ...;" for a TABLE.COLUMN migration token, the
 * column's definition taken from its CREATE TABLE in db/schema.sql.
 */
static int has_column(struct db *db, const char *table, const char *column)
{
	sqlite3_stmt *st = NULL;
	int found = 0;

	if (sqlite3_prepare_v2(db->h, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2", -1, &st,
			       NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, column, -1, SQLITE_TRANSIENT);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

/* "" when the column is there already (a database that skipped a version) */
static char *column_added(struct db *db, const char *tok)
{
	const char *dot = strchr(tok, '.');
	char *table = xstrndup(tok, dot - tok), *stmt = schema_statement(table), *ret = NULL;
	char *want = xasprintf("\n\t%s\t", dot + 1);
	const char *p = stmt ? strstr(stmt, want) : NULL;

	if (p && has_column(db, table, dot + 1)) {
		ret = xstrdup("");
	} else if (p) {
		size_t n;

		const char *dash;

		p += 2;
		n = strcspn(p, "\n");
		/* the line's comment is not part of the definition */
		dash = strstr(p, "--");
		if (dash && (size_t)(dash - p) < n)
			n = dash - p;
		while (n && (p[n - 1] == ',' || p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		ret = xasprintf("ALTER TABLE %s ADD COLUMN %.*s;\n", table, (int)n, p);
	}
	free(want);
	free(stmt);
	free(table);
	return ret;
}

/*
 * Bring an older database to this schema, or fail leaving it untouched:
 * views first (they depend on the tables), then tables, then the new
 * tables and views in the schema's order.
 */
static int db_upgrade(struct db *db, int version)
{
	char *sql = xstrdup("BEGIN IMMEDIATE;\n");
	int ret;

	for (int v = version; v < db_schema_version(); v++) {
		char *line = migration_line(v), *save = NULL, *tok;
		char *drops = xstrdup(""), *creates = xstrdup("");

		if (!line) {
			free(sql);
			free(drops);
			free(creates);
			return -1;
		}
		strtok_r(line, " \t", &save);	/* the version */
		while ((tok = strtok_r(NULL, " \t", &save))) {
			char *stmt, *w;

			if (strchr(tok, '.')) {
				/* TABLE.COLUMN: a facts table gained a column; its rows stay */
				char *add = column_added(db, tok);

				if (!add) {
					free(line);
					free(sql);
					free(drops);
					free(creates);
					return -1;
				}
				w = xasprintf("%s%s", drops, add);
				free(drops);
				free(add);
				drops = w;
				continue;
			}
			stmt = schema_statement(tok);
			int view = stmt && !strncmp(stmt, "CREATE VIEW", 11);
			int index = stmt && !strncmp(stmt, "CREATE INDEX", 12);

			w = view ? xasprintf("DROP VIEW IF EXISTS %s;\n%s", tok, drops) :
			    index ? xasprintf("DROP INDEX IF EXISTS %s;\n%s", tok, drops) :
				    xasprintf("%sDROP TABLE IF EXISTS %s;\n", drops, tok);
			free(drops);
			drops = w;
			if (stmt) {
				w = view ? xasprintf("%s%s\n", creates, stmt) :
					   xasprintf("%s\n%s", stmt, creates);
				free(creates);
				creates = w;
			}
			free(stmt);
		}
		{
			char *w = xasprintf("%s%s%s", sql, drops, creates);

			free(sql);
			sql = w;
		}
		free(line);
		free(drops);
		free(creates);
	}
	{
		char *w = xasprintf("%sDELETE FROM meta WHERE key IN ('link_key', 'solve_key');\n"
				    "PRAGMA user_version = %d;\nCOMMIT;", sql, db_schema_version());

		free(sql);
		sql = w;
	}
	ret = db_exec(db, sql);
	if (ret < 0)
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	free(sql);
	return ret;
}

static int create_schema(struct db *db)
{
	char *sql = xasprintf("BEGIN;\n%s\nPRAGMA application_id = %d;\n"
			      "INSERT INTO meta(key, value) VALUES ('format', 'pageref');\nCOMMIT;",
			      embedded_schema_sql, APPLICATION_ID);
	int ret = db_exec(db, sql);

	free(sql);
	return ret;
}

/*
 * How long to wait for another process's lock before giving up (exit 3):
 * PAGEREF_BUSY_TIMEOUT seconds, default 600 (a solve beside a long
 * extraction waits); tests set it short to provoke a lock.
 */
static int db_busy_timeout_ms(void)
{
	const char *v = getenv("PAGEREF_BUSY_TIMEOUT");
	char *end;
	double s;

	if (!v || !*v)
		return 600000;
	s = strtod(v, &end);
	if (*end || s < 0 || s > 86400) {
		warning("PAGEREF_BUSY_TIMEOUT=%s: not a number of seconds, using 600", v);
		return 600000;
	}
	return (int)(s * 1000);
}

struct db *db_open(const char *path, enum db_mode mode)
{
	struct db *db = xcalloc(1, sizeof(*db));
	struct stat st;
	int exists = stat(path, &st) == 0 && st.st_size > 0;
	int version = -1, app = 0;
	int flags = mode == DB_READONLY ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;

	db->path = xstrdup(path);
	if (!exists && mode != DB_CREATE) {
		input_error("%s: no such database (run the extract stage first)", path);
		goto fail;
	}
	if (!exists)
		flags |= SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
		input_error("%s: cannot open database: %s", path,
			    db->h ? sqlite3_errmsg(db->h) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(db->h, db_busy_timeout_ms());
	if (exists) {
		if (pragma_int(db, "PRAGMA application_id", &app) < 0 ||
		    pragma_int(db, "PRAGMA user_version", &version) < 0) {
			input_error("%s: not a database or corrupt: %s (refusing to touch it)", path,
				    sqlite3_errmsg(db->h));
			goto fail;
		}
		if (app != APPLICATION_ID) {
			input_error("%s: not a pageref database (refusing to overwrite it)", path);
			goto fail;
		}
		if (version > db_schema_version()) {
			input_error("%s: made by a newer pageref (schema %d, this is %d); use that version or remove it",
				    path, version, db_schema_version());
			goto fail;
		}
		if (version < db_schema_version() &&
		    (mode == DB_READONLY || db_upgrade(db, version) < 0)) {
			input_error(mode == DB_READONLY ?
				    "%s: made by an older pageref (schema %d, this is %d); run analyze to upgrade it" :
				    "%s: made by an older pageref (schema %d, this is %d); remove it to re-extract",
				    path, version, db_schema_version());
			goto fail;
		}
	}
	if (mode != DB_READONLY &&
	    db_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
			"PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;") < 0) {
		error_exit_code = EXIT_INPUT;
		goto fail;
	}
	if (!exists && create_schema(db) < 0)
		goto fail;
	return db;
fail:
	if (db->h)
		sqlite3_close(db->h);
	free(db->path);
	free(db);
	return NULL;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	sqlite3_finalize(db->file_sel);
	sqlite3_finalize(db->file_ins);
	sqlite3_finalize(db->want);
	if (sqlite3_close(db->h) != SQLITE_OK)
		warning("%s: statements left unfinalized", db->path);
	free(db->path);
	free(db);
}

const char *db_file(const struct db *db)
{
	return db->path;
}

int db_begin(struct db *db)
{
	return db_exec(db, "BEGIN IMMEDIATE");
}

int db_commit(struct db *db)
{
	return db_exec(db, "COMMIT");
}

void db_rollback(struct db *db)
{
	sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

int db_end(struct db *db, int ret)
{
	if (ret) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}

int db_fill_bulk(struct db *db, const char *table, const char *sql)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT name, sql FROM sqlite_schema WHERE type = 'index' "
					  "AND tbl_name = :t AND sql IS NOT NULL ORDER BY name");
	struct strvec names = STRVEC_INIT, create = STRVEC_INIT;
	int rc, ret;

	db_bind_text(st, ":t", table);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		strvec_push(&names, (const char *)sqlite3_column_text(st, 0));
		strvec_push(&create, (const char *)sqlite3_column_text(st, 1));
	}
	ret = db_rows_end(db, st, rc);
	for (size_t i = 0; !ret && i < names.nr; i++) {
		char *drop = xasprintf("DROP INDEX \"%s\"", names.v[i]);

		ret = db_exec(db, drop);
		free(drop);
	}
	if (!ret)
		ret = db_exec(db, sql);
	/* built again from sorted data: cheaper than an insert into each per row */
	for (size_t i = 0; !ret && i < create.nr; i++)
		ret = db_exec(db, create.v[i]);
	strvec_clear(&names);
	strvec_clear(&create);
	return ret;
}

int db_begin_with(struct db *db, const char *sql)
{
	if (db_begin(db) < 0)
		return -1;
	if (db_exec(db, sql) < 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

int db_meta_set(struct db *db, const char *key, const char *value)
{
	sqlite3_stmt *st = db_prepare(db,
		"INSERT INTO meta(key, value) VALUES (:key, :value) "
		"ON CONFLICT(key) DO UPDATE SET value = excluded.value");
	int ret;

	db_bind_text(st, ":key", key);
	db_bind_text(st, ":value", value);
	ret = db_step_done(db, st);
	sqlite3_finalize(st);
	return ret;
}

char *db_meta_get(struct db *db, const char *key)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT value FROM meta WHERE key = :key");
	char *v = NULL;

	db_bind_text(st, ":key", key);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

int db_query_print(struct db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;
	int rc;

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, &tail) != SQLITE_OK) {
		error_exit_code = EXIT_USAGE;
		return error("bad query: %s", sqlite3_errmsg(db->h));
	}
	if (!st || !sqlite3_stmt_readonly(st) || (tail && tail[strspn(tail, " \t\n;")])) {
		sqlite3_finalize(st);
		error_exit_code = EXIT_USAGE;
		return error("only one read-only statement can be run");
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int n = sqlite3_column_count(st);

		for (int i = 0; i < n; i++) {
			const unsigned char *v = sqlite3_column_text(st, i);

			printf("%s%s", i ? "|" : "", v ? (const char *)v : "");
		}
		putchar('\n');
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(db, rc, "query failed");
	return 0;
}

static int no_rows(int ncol, const char *const *col, void *data)
{
	(void)ncol;
	(void)col;
	(void)data;
	return 0;
}

int db_exec_params(struct db *db, const char *sql, const char *const *params, int nparams)
{
	return db_query_each(db, sql, params, nparams, no_rows, NULL);
}

int db_query_each(struct db *db, const char *sql, const char *const *params, int nparams,
		  int (*fn)(int ncol, const char *const *col, void *data), void *data)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	const char *col[32];
	int rc;

	for (int i = 0; i < nparams; i++)
		sqlite3_bind_text(st, i + 1, params[i], -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int n = sqlite3_column_count(st);

		if (n > 32)
			n = 32;
		for (int i = 0; i < n; i++)
			col[i] = (const char *)sqlite3_column_text(st, i);
		if (fn(n, col, data))
			break;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_error(db, rc, NULL);
	return 0;
}
