// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the embedded files' list (analyzer/embedded_list.h): every
 * model file in db/models is in it, what is compiled in is the file on
 * disk, and what the extractor reads feeds the extraction key (issue 29:
 * header-layers.txt fed no key, so editing it left stale layers).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "allocators.h"
#include "embedded.h"
#include "tap.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc(n + 1);
	if (buf && fread(buf, 1, n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[n] = '\0';
	fclose(f);
	return buf;
}

static const struct embedded_file *by_file(const char *file)
{
	for (size_t i = 0; i < nr_embedded_files; i++)
		if (!strcmp(embedded_files[i].file, file))
			return &embedded_files[i];
	return NULL;
}

/* the allocators' table made at build time: sorted as bsearch needs, and asked right */
static void test_allocator_table(void)
{
	int sorted = nr_embedded_origins_txt_words > 50;

	for (size_t i = 1; i < nr_embedded_origins_txt_words; i++)
		if (strcmp(embedded_origins_txt_words[i - 1], embedded_origins_txt_words[i]) >= 0) {
			sorted = 0;
			printf("# out of order: %s, %s\n", embedded_origins_txt_words[i - 1],
			       embedded_origins_txt_words[i]);
		}
	tap_ok(sorted, "origins.txt's names are a strictly ascending table");
	tap_ok(allocator_name("kmalloc(#64)", 7), "kmalloc is an allocator (by length)");
	tap_ok(allocator_name("__get_free_pages", 16), "__get_free_pages is one");
	tap_ok(!allocator_name("kmallo", 6), "a prefix of a name is not");
	tap_ok(!allocator_name("kmalloc_x", 9), "a name that goes on is not");
	tap_ok(!allocator_name("# the kmalloc family", 20), "a comment line is no name");
}

int main(void)
{
	const char *extracted[] = { "db/models/macros.txt", "db/models/page-types.txt",
				    "db/models/header-layers.txt", "db/models/directions.txt" };
	char path[4096];
	struct dirent *d;
	DIR *dir;
	int all_listed = 1, all_current = 1;

	snprintf(path, sizeof(path), "%s/db/models", PAGEREF_SOURCE_DIR);
	dir = opendir(path);
	tap_ok(dir != NULL, "db/models can be read");
	while (dir && (d = readdir(dir))) {
		char rel[512];
		size_t n = strlen(d->d_name);

		if (n < 4 || strcmp(d->d_name + n - 4, ".txt"))
			continue;
		snprintf(rel, sizeof(rel), "db/models/%s", d->d_name);
		if (!by_file(rel)) {
			all_listed = 0;
			printf("# not in embedded_list.h: %s\n", rel);
		}
	}
	if (dir)
		closedir(dir);
	tap_ok(all_listed, "every model file is in the list");
	for (size_t i = 0; i < nr_embedded_files; i++) {
		char *disk;

		snprintf(path, sizeof(path), "%s/%s", PAGEREF_SOURCE_DIR, embedded_files[i].file);
		disk = slurp(path);
		if (!disk || strcmp(disk, embedded_files[i].text)) {
			all_current = 0;
			printf("# compiled-in %s is not the file on disk\n", embedded_files[i].file);
		}
		free(disk);
	}
	tap_ok(all_current, "what is compiled in is each listed file as it is on disk");
	test_allocator_table();
	for (size_t i = 0; i < sizeof(extracted) / sizeof(extracted[0]); i++) {
		const struct embedded_file *e = by_file(extracted[i]);
		char name[128];

		snprintf(name, sizeof(name), "%s, read by the extractor, feeds the extraction key",
			 extracted[i]);
		tap_ok(e && (e->key & EMBEDDED_KEY_EXTRACT), name);
	}
	tap_ok(by_file("db/models/origins.txt") &&
	       (by_file("db/models/origins.txt")->key & EMBEDDED_KEY_SOLVE),
	       "the solve's models feed the solve key");
	return tap_done();
}
