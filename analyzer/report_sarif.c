// SPDX-License-Identifier: GPL-2.0
/*
 * SARIF 2.1.0 for code-scanning consumers: one result per unguarded finding
 * at its sink, the witness path as a code flow, the finding's fingerprint as
 * a partial fingerprint (consumers deduplicate across runs with it), and the
 * generated patch as a fix. Paths are relative to SRCROOT, the analysed tree.
 * Keys are sorted and rows ordered, so one database gives one byte stream.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "sink.h"
#include "spawn.h"
#include "usage.h"
#include "version.h"

/* the rules several families report; a family's own comes with it (sink.h) */
static const struct rule_info rules[] = {
	{ "slab-page-get", "SlabPageGet",
	  "A page reference is taken on slab memory.",
	  "get_page()/folio_get() on a page of kmalloc() or kmem_cache_alloc() memory. Slab "
	  "pages are not reference-counted for their users: since Linux 6.14 the reference is "
	  "refused with a warning, and before that the slab could free the memory under it. "
	  "Copy the data, or allocate it from the page allocator or a page_frag." },
	{ "slab-page-put", "SlabPagePut",
	  "A page reference is dropped on slab memory.",
	  "put_page()/folio_put() on a page of slab memory: it drops a reference the slab "
	  "allocator owns. Remove the pair, or use page-allocator memory." },
	{ "frozen-page-ref", "FrozenPageRef",
	  "A page reference is taken or dropped on a large-kmalloc page.",
	  "kmalloc() above KMALLOC_MAX_CACHE_SIZE comes from the page allocator, and since "
	  "Linux 6.17 as frozen pages (reference count 0): get_page() on one is a bug." },
	{ "tail-page-ref", "TailPageRef",
	  "A page reference is taken on a tail page of a non-compound allocation.",
	  "alloc_pages()/__get_free_pages() of order > 0 without __GFP_COMP: the pages after the "
	  "first have reference count 0. Allocate with __GFP_COMP." },
	{ "vmalloc-virt-to-page", "VmallocVirtToPage",
	  "virt_to_page() of a vmalloc address.",
	  "virt_to_page() only works on the direct map; for vmalloc memory use "
	  "vmalloc_to_page()." },
	{ "stack-virt-to-page", "StackVirtToPage",
	  "virt_to_page() of a stack address.",
	  "Stack memory (and with VMAP_STACK, vmalloc memory) must not be reference-counted or "
	  "handed to code that keeps its page." },
	{ "splice-unsafe-page", "SpliceUnsafePage",
	  "A page that may be slab or frozen is spliced into the socket layer.",
	  "With MSG_SPLICE_PAGES (or sendpage before 6.5) the socket layer takes references on "
	  "the pages it is given. Test sendpage_ok()/sendpages_ok() and clear "
	  "MSG_SPLICE_PAGES (or fall back to sock_no_sendpage()) for pages it rejects." },
};

struct sarif {
	struct db *db;
	const char *out;
	json_t *results;
	long n;
};

static json_t *location(const char *file, long line, long col, const char *message)
{
	json_t *region = json_pack("{s:I}", "startLine", (json_int_t)(line > 0 ? line : 1));
	json_t *loc;

	if (col > 0)
		json_object_set_new(region, "startColumn", json_integer(col));
	loc = json_pack("{s:{s:{s:s, s:s}, s:o}}", "physicalLocation", "artifactLocation",
			"uri", file, "uriBaseId", "SRCROOT", "region", region);
	if (message)
		json_object_set_new(loc, "message", json_pack("{s:s}", "text", message));
	return loc;
}

static int add_step(int ncol, const char *const *c, void *data)
{
	json_t *locs = data;

	(void)ncol;
	json_array_append_new(locs, json_pack("{s:o}", "location",
					      location(c[0], atol(c[1]), 0, c[2])));
	return 0;
}

/*
 * The patch's change alone against the tree (patch.diff: a series patch
 * applies on the ones before it, a SARIF fix on the file as it is) as
 * replacements: each hunk's old lines (context and removed) give way to its
 * new lines (context and added), whole lines.
 */
static json_t *fix_of(const char *diff, const char *subject)
{
	char *text = xstrdup(diff), *p, *save = NULL;
	json_t *changes = json_array(), *repl = NULL, *fix;
	char *uri = NULL, *inserted = NULL;
	long start = 0, count = 0;
	size_t ilen = 0;

#define FLUSH() do { \
		if (repl && inserted) { \
			json_t *del = count ? json_pack("{s:I, s:i, s:I, s:i}", "startLine", \
				(json_int_t)start, "startColumn", 1, "endLine", (json_int_t)(start + count), \
				"endColumn", 1) : json_pack("{s:I, s:i, s:I, s:i}", "startLine", \
				(json_int_t)(start + 1), "startColumn", 1, "endLine", (json_int_t)(start + 1), \
				"endColumn", 1); \
			json_array_append_new(repl, json_pack("{s:o, s:{s:s}}", "deletedRegion", del, \
				"insertedContent", "text", inserted)); \
		} \
		free(inserted); inserted = NULL; ilen = 0; \
	} while (0)
	for (p = strtok_r(text, "\n", &save); p; p = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(p, "+++ b/", 6)) {
			FLUSH();
			free(uri);
			uri = xstrdup(p + 6);
			repl = json_array();
			json_array_append_new(changes, json_pack("{s:{s:s, s:s}, s:o}", "artifactLocation",
				"uri", uri, "uriBaseId", "SRCROOT", "replacements", repl));
		} else if (!strncmp(p, "@@ -", 4) && repl) {
			FLUSH();
			count = 1;
			if (sscanf(p, "@@ -%ld,%ld", &start, &count) < 1)
				continue;
			inserted = xstrdup("");
		} else if (inserted && (p[0] == ' ' || p[0] == '+')) {
			size_t n = strlen(p + 1);

			inserted = xrealloc(inserted, ilen + n + 2);
			memcpy(inserted + ilen, p + 1, n);
			ilen += n;
			inserted[ilen++] = '\n';
			inserted[ilen] = '\0';
		} else if (inserted && p[0] != '-' && p[0] != '\\') {
			FLUSH();	/* the mail's trailer ("-- ", version) ends the diff */
		}
	}
	FLUSH();
#undef FLUSH
	free(uri);
	free(text);
	fix = json_pack("{s:{s:s}, s:o}", "description", "text", subject, "artifactChanges", changes);
	return fix;
}

static int collect_two(int ncol, const char *const *c, void *data)
{
	(void)ncol;
	strvec_push(data, c[0]);
	strvec_push(data, c[1]);
	return 1;
}

/* The mail's Subject, unfolded and without its "[PATCH n/m] " tag. */
static char *patch_subject(const char *out, const char *path)
{
	char *file = xasprintf("%s/%s", out, path), *text = read_file(file, NULL), *p, *end, *subj;
	size_t n = 0;

	free(file);
	p = text ? strstr(text, "\nSubject: ") : NULL;
	if (!p) {
		free(text);
		return NULL;
	}
	p += 10;
	subj = xcalloc(strlen(p) + 1, 1);
	for (end = p; *end; end++) {
		if (*end == '\n') {
			if (end[1] != ' ')
				break;
			continue;	/* a folded header line goes on after its space */
		}
		subj[n++] = *end;
	}
	p = subj;
	if (*p == '[' && strchr(p, ']'))
		p = strchr(p, ']') + 1 + (strchr(p, ']')[1] == ' ');
	p = xstrdup(p);
	free(subj);
	free(text);
	return p;
}

static int add_result(int ncol, const char *const *c, void *data)
{
	struct sarif *s = data;
	const char *id = c[0];
	json_t *steps = json_array(), *result, *fixes;
	char *msg;
	int ret;

	(void)ncol;
	msg = xasprintf("%s page from %s() reaches %s() in %s() (%s confidence; entry point "
			"%s()). pageref query explain %s shows the witness path.", c[6], c[7],
			c[8], c[9], c[10], c[11], id);
	ret = db_query_each(s->db, "SELECT file, line, what FROM v_finding_step "
			    "WHERE finding_id = CAST(?1 AS INTEGER) ORDER BY step", &id, 1, add_step, steps);
	result = json_pack("{s:s, s:s, s:{s:s}, s:[o], s:{s:s}, s:[{s:[{s:o}]}]}",
			   "ruleId", c[1], "level", c[2], "message", "text", msg,
			   "locations", location(c[3], atol(c[4]), atol(c[5]), NULL),
			   "partialFingerprints", "pagerefFingerprint/v1", c[12],
			   "codeFlows", "threadFlows", "locations", steps);
	free(msg);
	/* the patch that repairs it, when it made the series */
	fixes = json_array();
	{
		char *path = NULL, *subject = NULL;
		struct strvec row = STRVEC_INIT;

		db_query_each(s->db, "SELECT path, diff FROM v_patch WHERE finding_id = CAST(?1 AS INTEGER) "
			      "AND status = 'series' AND path IS NOT NULL AND diff IS NOT NULL LIMIT 1",
			      &id, 1, collect_two, &row);
		if (row.nr == 2) {
			json_t *fix;

			path = row.v[0];
			subject = patch_subject(s->out, path);
			fix = fix_of(row.v[1], subject ? subject : path);
			if (fix)
				json_array_append_new(fixes, fix);
		}
		free(subject);
		strvec_clear(&row);
	}
	if (json_array_size(fixes))
		json_object_set_new(result, "fixes", fixes);
	else
		json_decref(fixes);
	json_array_append_new(s->results, result);
	s->n++;
	return ret;
}

static json_t *rule_json(const struct rule_info *r)
{
	return json_pack("{s:s, s:s, s:{s:s}, s:{s:s}, s:{s:s}}",
			 "id", r->id, "name", r->name, "shortDescription", "text", r->text,
			 "fullDescription", "text", r->help, "help", "text", r->help);
}

static json_t *rule_list(void)
{
	json_t *list = json_array();

	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		json_array_append_new(list, rule_json(&rules[i]));
	for (size_t i = 0; i < nr_sink_families; i++)
		if (sink_families[i]->rule)
			json_array_append_new(list, rule_json(sink_families[i]->rule));
	return list;
}

int report_sarif(struct db *db, const char *out, long *nresults)
{
	struct sarif s = { db, out, json_array(), 0 };
	char *kernel = db_meta_get(db, "kernel"), *root, *path, *tmp;
	json_t *doc;
	int ret;

	ret = db_query_each(db,
		"SELECT f.id, f.rule, f.severity, f.sink_file, f.sink_line, c.col, f.origin, "
		"f.source_function, f.sink_api, f.sink_function, f.confidence, f.entry_function, "
		"f.fingerprint "
		"FROM v_finding f JOIN finding fi ON fi.id = f.id JOIN call c ON c.id = fi.sink_call_id "
		"WHERE f.guarded = 0 ORDER BY f.sink_file, f.sink_line, c.col, f.rule, f.fingerprint",
		NULL, 0, add_result, &s);
	if (ret) {
		json_decref(s.results);
		free(kernel);
		return ret;
	}
	/* SRCROOT: the tree, as a directory URI (a trailing slash, per SARIF) */
	root = xasprintf("file://%s/", kernel && *kernel ? kernel : "/");
	/* columns are libclang's, counted in bytes: code points for ASCII source */
	doc = json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:s, s:o}}, s:{s:{s:s}}, s:o, s:s}]}",
			"$schema", "https://json.schemastore.org/sarif-2.1.0.json",
			"version", "2.1.0", "runs",
			"tool", "driver", "name", "pageref", "version", PAGEREF_VERSION,
			"rules", rule_list(),
			"originalUriBaseIds", "SRCROOT", "uri", root,
			"results", s.results, "columnKind", "unicodeCodePoints");
	free(root);
	free(kernel);
	path = xasprintf("%s/pageref.sarif", out);
	tmp = xasprintf("%s/pageref.sarif.tmp", out);
	/* written beside and renamed: a reader never sees half a file */
	if (json_dump_file(doc, tmp, JSON_INDENT(1) | JSON_SORT_KEYS) < 0)
		ret = io_error(errno, "cannot write %s: %s", tmp, strerror(errno));
	else if (rename(tmp, path) < 0)
		ret = error("cannot move %s into place: %s", path, strerror(errno));
	json_decref(doc);
	free(path);
	free(tmp);
	*nresults = s.n;
	return ret;
}
