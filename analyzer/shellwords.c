// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "shellwords.h"

struct word {
	char *buf;
	size_t nr, alloc;
	int active;	/* a word has started, even if empty ('') */
};

static void word_add(struct word *w, char c)
{
	ALLOC_GROW(w->buf, w->nr + 1, w->alloc);
	w->buf[w->nr++] = c;
	w->active = 1;
}

static void word_end(struct word *w, struct strvec *argv)
{
	if (!w->active)
		return;
	word_add(w, '\0');
	strvec_push(argv, w->buf);
	w->nr = 0;
	w->active = 0;
}

static int command_end(struct strvec *argv,
		       int (*fn)(struct strvec *, void *), void *data)
{
	int ret = 0;

	if (argv->nr)
		ret = fn(argv, data);
	strvec_clear(argv);
	return ret;
}

int shellwords_split(const char *s,
		     int (*fn)(struct strvec *argv, void *data), void *data)
{
	struct strvec argv = STRVEC_INIT;
	struct word w = { NULL, 0, 0, 0 };
	int ret = 0;

	for (; *s && !ret; s++) {
		switch (*s) {
		case '\'':
			w.active = 1;
			for (s++; *s && *s != '\''; s++)
				word_add(&w, *s);
			if (!*s)
				goto unbalanced;
			break;
		case '"':
			w.active = 1;
			for (s++; *s && *s != '"'; s++) {
				if (*s == '\\' && strchr("\"\\$`\n", s[1]))
					s++;
				word_add(&w, *s);
			}
			if (!*s)
				goto unbalanced;
			break;
		case '\\':
			if (s[1] == '\n') {
				s++;
			} else if (s[1]) {
				word_add(&w, *++s);
			}
			break;
		case ' ': case '\t':
			word_end(&w, &argv);
			break;
		case ';': case '&': case '|': case '(': case ')': case '\n':
			word_end(&w, &argv);
			ret = command_end(&argv, fn, data);
			break;
		default:
			word_add(&w, *s);
		}
	}
	word_end(&w, &argv);
	if (!ret)
		ret = command_end(&argv, fn, data);
	strvec_clear(&argv);
	free(w.buf);
	return ret;
unbalanced:
	strvec_clear(&argv);
	free(w.buf);
	return -1;
}
