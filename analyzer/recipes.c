// SPDX-License-Identifier: GPL-2.0
/*
 * Recipe metadata. The .cocci files stay the single description of what a
 * recipe does; recipes.txt only adds what the generator needs to choose one
 * (rules, sinks, helpers) and to write about it (confidence, subject).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "recipes.h"
#include "spawn.h"

static void split_list(struct strvec *sv, const char *field)
{
	char *copy = xstrdup(field), *tok, *save = NULL;

	if (strcmp(field, "-"))
		for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
			strvec_push(sv, tok);
	free(copy);
}

/* The /// lines of a .cocci, joined into one paragraph. */
static char *cocci_summary(const char *text)
{
	struct strvec words = STRVEC_INIT;
	const char *line;
	char *out;
	size_t len = 0, i;

	for (line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		const char *end = strchrnul(line, '\n');

		if (strncmp(line, "///", 3))
			continue;
		line += 3;
		while (line < end && *line == ' ')
			line++;
		if (line < end) {
			char *w = xstrndup(line, end - line);

			strvec_push(&words, w);
			free(w);
		}
	}
	for (i = 0; i < words.nr; i++)
		len += strlen(words.v[i]) + 1;
	out = xcalloc(len + 1, 1);
	for (i = 0; i < words.nr; i++) {
		if (i)
			strcat(out, " ");
		strcat(out, words.v[i]);
	}
	strvec_clear(&words);
	return out;
}

int recipes_load(struct recipes *rs, const char *dir)
{
	char *path = xasprintf("%s/recipes.txt", dir), *text, *line, *save = NULL;
	int lineno = 0;

	memset(rs, 0, sizeof(*rs));
	rs->dir = xstrdup(dir);
	text = read_file(path, NULL);
	if (!text) {
		input_error("cannot read the recipe list %s", path);
		free(path);
		return -1;
	}
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[6], *p = line, *cocci_text;
		struct recipe *r;
		int nf = 0;

		lineno++;
		if (*line == '#' || !*line)
			continue;
		/* five tab-separated fields, then the subject (the rest of the line) */
		while (nf < 5) {
			while (*p == '\t')
				p++;
			if (!*p)
				break;
			f[nf++] = p;
			p += strcspn(p, "\t");
			if (*p)
				*p++ = '\0';
		}
		while (*p == '\t')
			p++;
		f[5] = p;
		if (nf < 5 || !*f[5] || !strstr(f[5], "%s") || strstr(strstr(f[5], "%s") + 2, "%") ||
		    (strcmp(f[4], "high") && strcmp(f[4], "moderate") && strcmp(f[4], "low"))) {
			input_error("%s: line %d is not 'recipe rules sinks helpers confidence subject-with-%%s'",
				    path, lineno);
			goto fail;
		}
		ALLOC_GROW(rs->r, rs->nr, rs->alloc);
		r = &rs->r[rs->nr++];
		memset(r, 0, sizeof(*r));
		r->name = xstrdup(f[0]);
		r->cocci = xasprintf("%s/%s.cocci", dir, f[0]);
		split_list(&r->rules, f[1]);
		split_list(&r->sinks, f[2]);
		split_list(&r->helpers, f[3]);
		r->confidence = xstrdup(f[4]);
		r->subject = xstrdup(f[5]);
		cocci_text = read_file(r->cocci, NULL);
		if (!cocci_text) {
			input_error("%s: line %d names recipe %s, but %s cannot be read", path, lineno,
				    r->name, r->cocci);
			goto fail;
		}
		r->summary = cocci_summary(cocci_text);
		free(cocci_text);
	}
	free(text);
	free(path);
	return 0;
fail:
	free(text);
	free(path);
	return -1;
}

void recipes_release(struct recipes *rs)
{
	for (size_t i = 0; i < rs->nr; i++) {
		struct recipe *r = &rs->r[i];

		free(r->name);
		free(r->cocci);
		strvec_clear(&r->rules);
		strvec_clear(&r->sinks);
		strvec_clear(&r->helpers);
		free(r->confidence);
		free(r->subject);
		free(r->summary);
		free(r->unavailable);
	}
	free(rs->r);
	free(rs->dir);
	memset(rs, 0, sizeof(*rs));
}

/* Is s in sv: "*" any, "*.sendpage" a field of that name in any struct, or itself? */
static int in_list(const struct strvec *sv, const char *s)
{
	for (size_t i = 0; i < sv->nr; i++) {
		const char *v = sv->v[i];
		size_t n = strlen(s), k = strlen(v);

		if (!strcmp(v, "*") || !strcmp(v, s) ||
		    (v[0] == '*' && v[1] == '.' && n > k - 1 && !strcmp(s + n - (k - 1), v + 1)))
			return 1;
	}
	return 0;
}

int recipe_matches(const struct recipe *r, const char *rule, const char *sink_api)
{
	return !r->unavailable && r->rules.nr && in_list(&r->rules, rule) &&
	       in_list(&r->sinks, sink_api);
}

void recipes_check_helpers(struct recipes *rs, const char *tree)
{
	char *include = xasprintf("%s/include", tree);

	for (size_t i = 0; i < rs->nr; i++) {
		struct recipe *r = &rs->r[i];

		for (size_t h = 0; h < r->helpers.nr && !r->unavailable; h++) {
			char *name = xstrndup(r->helpers.v[h], strcspn(r->helpers.v[h], "@"));
			char *argv[] = { "grep", "-rqw", "--include=*.h", name, include, NULL };

			if (spawn_run(argv, NULL, "", "") != 0)
				r->unavailable = xasprintf("the tree does not define %s() (%s)", name,
							   r->helpers.v[h]);
			free(name);
		}
	}
	free(include);
}

int recipes_check_parse(struct recipes *rs, const char *workdir)
{
	char *log = xasprintf("%s/parse-cocci.log", workdir);
	int ret = 0;

	for (size_t i = 0; i < rs->nr && !ret; i++) {
		struct recipe *r = &rs->r[i];
		char *argv[] = { "spatch", "--parse-cocci", "-D", "patch", r->cocci, NULL };

		if (r->unavailable || spawn_run(argv, NULL, "", log) == 0)
			continue;
		{
			/* "rule name: parse error:" and the File/line that follows */
			char *text = read_file(log, NULL), *why = text ? strstr(text, "error") : NULL;
			char *msg;

			while (why && why > text && why[-1] != '\n')
				why--;
			msg = why ? xstrndup(why, strcspn(why, "\n")) : xstrdup("spatch --parse-cocci failed");
			if (why && (why = strchr(why, '\n')) && strstr(why, "File \"")) {
				char *loc = strstr(why, "File \""), *next;

				next = xasprintf("%s %.*s", msg, (int)strcspn(loc, "\n"), loc);
				free(msg);
				msg = next;
			}
			ret = input_error("recipe %s does not parse: %s", r->cocci, msg);
			free(msg);
			free(text);
		}
	}
	free(log);
	return ret;
}
