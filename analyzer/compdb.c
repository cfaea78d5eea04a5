// SPDX-License-Identifier: GPL-2.0
/*
 * compile_commands.json in and out, through jansson. The extractor gets
 * argv arrays, so "command" strings from foreign databases are split once
 * here with sh rules.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compdb.h"
#include "shellwords.h"

void compdb_init(struct compdb *db)
{
	memset(db, 0, sizeof(*db));
}

void compdb_release(struct compdb *db)
{
	for (size_t i = 0; i < db->nr; i++) {
		free(db->cmd[i].directory);
		free(db->cmd[i].file);
		strvec_clear(&db->cmd[i].argv);
	}
	free(db->cmd);
	compdb_init(db);
}

void compdb_add(struct compdb *db, char *directory, char *file, struct strvec *argv)
{
	struct compile_command *c;

	ALLOC_GROW(db->cmd, db->nr, db->alloc);
	c = &db->cmd[db->nr++];
	c->directory = directory;
	c->file = file;
	c->argv = (struct strvec)STRVEC_INIT;
	for (size_t i = 0; i < argv->nr; i++)
		strvec_push(&c->argv, argv->v[i]);
}

static int first_command(struct strvec *argv, void *data)
{
	struct strvec *out = data;

	for (size_t i = 0; i < argv->nr; i++)
		strvec_push(out, argv->v[i]);
	return 1;
}

int compdb_read(struct compdb *db, const char *path)
{
	json_error_t jerr;
	json_t *root = json_load_file(path, 0, &jerr);
	size_t i;
	json_t *e;

	if (!root)
		return input_error("%s:%d: not a compile database: %s", path, jerr.line, jerr.text);
	if (!json_is_array(root)) {
		json_decref(root);
		return input_error("%s: not a compile database: top level is not an array", path);
	}
	json_array_foreach(root, i, e) {
		const char *dir = json_string_value(json_object_get(e, "directory"));
		const char *file = json_string_value(json_object_get(e, "file"));
		json_t *args = json_object_get(e, "arguments");
		const char *cmd = json_string_value(json_object_get(e, "command"));
		struct strvec argv = STRVEC_INIT;
		char *abs;

		if (!dir || !file || (!json_is_array(args) && !cmd)) {
			json_decref(root);
			return input_error("%s: entry %zu lacks directory, file or arguments", path, i);
		}
		if (json_is_array(args)) {
			size_t j;
			json_t *a;

			json_array_foreach(args, j, a)
				if (json_is_string(a))
					strvec_push(&argv, json_string_value(a));
		} else if (shellwords_split(cmd, first_command, &argv) < 0) {
			strvec_clear(&argv);
			json_decref(root);
			return input_error("%s: entry %zu has unbalanced quotes", path, i);
		}
		abs = file[0] == '/' ? xstrdup(file) : xasprintf("%s/%s", dir, file);
		compdb_add(db, xstrdup(dir), abs, &argv);
		strvec_clear(&argv);
	}
	json_decref(root);
	return 0;
}

int compdb_write(const struct compdb *db, const char *path)
{
	json_t *root = json_array();
	char *tmp = xasprintf("%s.tmp", path);
	int ret = 0;

	for (size_t i = 0; i < db->nr; i++) {
		const struct compile_command *c = &db->cmd[i];
		json_t *e = json_object(), *args = json_array();

		for (size_t j = 0; j < c->argv.nr; j++)
			json_array_append_new(args, json_string(c->argv.v[j]));
		json_object_set_new(e, "directory", json_string(c->directory));
		json_object_set_new(e, "file", json_string(c->file));
		json_object_set_new(e, "arguments", args);
		json_array_append_new(root, e);
	}
	if (json_dump_file(root, tmp, JSON_INDENT(1)) < 0 || rename(tmp, path) < 0) {
		ret = error("cannot write %s", path);
		unlink(tmp);
	}
	json_decref(root);
	free(tmp);
	return ret;
}

static int cmp_command(const void *a, const void *b)
{
	const struct compile_command *x = a, *y = b;

	return strcmp(x->file, y->file);
}

void compdb_sort(struct compdb *db)
{
	size_t i, j;

	qsort(db->cmd, db->nr, sizeof(*db->cmd), cmp_command);
	for (i = j = 0; i < db->nr; i++) {
		if (j && !strcmp(db->cmd[j - 1].file, db->cmd[i].file)) {
			free(db->cmd[i].directory);
			free(db->cmd[i].file);
			strvec_clear(&db->cmd[i].argv);
			continue;
		}
		db->cmd[j++] = db->cmd[i];
	}
	db->nr = j;
}
