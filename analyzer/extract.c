// SPDX-License-Identifier: GPL-2.0
/*
 * The extractor: the only file that includes clang-c. It parses one
 * translation unit and turns cursors into the plain facts of facts.h at
 * once; nothing downstream sees a CX type.
 *
 * One pass over the AST, pre-order. Macros the AST loses (virt_to_page,
 * kmalloc behind alloc_hooks, ...) are found by lexing the function's own
 * tokens and tied to the outermost expression whose expansion range is the
 * macro invocation; the macro's argument is the sub-expression whose file
 * location is the first argument token.
 */
#define _GNU_SOURCE
#include <clang-c/Index.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extract.h"

#define MAX_PATH_STEPS 8

enum mtok_kind { MT_MACRO, MT_MSGFLAG, MT_EXPORT };

/* An interesting token found by lexing a function or the main file. */
struct mtok {
	enum mtok_kind kind;
	char *name;
	unsigned offset, end;		/* name token; one past the closing paren */
	unsigned arg_offset;		/* first argument token */
#define MAX_MACRO_ARGS 6
	unsigned args[MAX_MACRO_ARGS];	/* first token of each argument */
	int nr_args;
	unsigned line, col;
	int complement;			/* preceded by ~ (MSG_ flags) */
	int tied;
	/*
	 * Every node expanded from a macro body has the invocation as its
	 * expansion range; only the outermost one, reached first in
	 * pre-order, stands for the macro.
	 */
	CXCursor tied_to;
};

struct callseq {
	CXCursor cursor;
	unsigned hash;
	int seq;
	int recorded;	/* do_call ran: shared subexpressions (a ?: b) are visited twice */
};

struct ctx {
	CXTranslationUnit tu;
	const struct extract_config *cfg;
	struct tu_facts *tf;
	CXFile main_file;

	/* locals holding a function pointer read from a struct field */
	struct fnptr_local {
		CXCursor var;
		char *struct_name, *field;
	} *fnptr;
	int nr_fnptr, alloc_fnptr;

	/* locals that received a buffer: later flows from them count too */
	struct strvec tracked;

	/* the function being extracted */
	struct fact_function *fn;
	int fn_index;
	CXCursor *params;
	int nr_params;
	CXFile fn_file;
	int ret_relevant;
	struct mtok *mt;
	int nr_mt, alloc_mt;
	struct callseq *calls;
	int nr_calls, alloc_calls;

	/* interesting tokens of the main file, found once */
	struct mtok *file_mt;
	int nr_file_mt;

	/* field declarations whose layout is recorded (tf->field), by hash */
	struct seen_field {
		CXCursor decl;
		unsigned hash;
		int used;
	} *seen;
	unsigned nr_seen, size_seen;
	struct strvec macro_typed;	/* macros whose expansion type is recorded */
	/* the record a function's local initialiser list initialises (cstores) */
	char *init_root;
};

/* --- small helpers ----------------------------------------------------- */

static char *take(CXString s)
{
	const char *c = clang_getCString(s);
	char *r = xstrdup(c ? c : "");

	clang_disposeString(s);
	return r;
}

static int spelling_is(CXCursor c, const char *name)
{
	CXString s = clang_getCursorSpelling(c);
	const char *cs = clang_getCString(s);
	int eq = cs && !strcmp(cs, name);

	clang_disposeString(s);
	return eq;
}

struct kids {
	CXCursor c[8];
	int nr;
};

static enum CXChildVisitResult collect_kid(CXCursor c, CXCursor parent, CXClientData data)
{
	struct kids *k = data;

	(void)parent;
	if (k->nr < 8)
		k->c[k->nr++] = c;
	return CXChildVisit_Continue;
}

static void kids_of(CXCursor c, struct kids *k)
{
	k->nr = 0;
	clang_visitChildren(c, collect_kid, k);
}

struct cursors {
	CXCursor *c;
	int nr, alloc;
};

static enum CXChildVisitResult gather_all(CXCursor c, CXCursor parent, CXClientData data)
{
	struct cursors *g = data;

	(void)parent;
	ALLOC_GROW(g->c, g->nr, g->alloc);
	g->c[g->nr++] = c;
	return CXChildVisit_Continue;
}

static void all_kids(CXCursor c, struct cursors *out)
{
	out->c = NULL;
	out->nr = out->alloc = 0;
	clang_visitChildren(c, gather_all, out);
}

static void expansion_pos(CXSourceLocation loc, CXFile *file, unsigned *line,
			  unsigned *col, unsigned *offset)
{
	clang_getExpansionLocation(loc, file, line, col, offset);
}

static unsigned cursor_line(CXCursor c)
{
	unsigned line;

	expansion_pos(clang_getCursorLocation(c), NULL, &line, NULL, NULL);
	return line;
}

static void extent_lines(CXCursor c, unsigned *first, unsigned *last)
{
	CXSourceRange r = clang_getCursorExtent(c);

	expansion_pos(clang_getRangeStart(r), NULL, first, NULL, NULL);
	expansion_pos(clang_getRangeEnd(r), NULL, last, NULL, NULL);
}

static char *file_path(CXFile f)
{
	char *p;

	if (!f)
		return xstrdup("?");
	p = take(clang_File_tryGetRealPathName(f));
	if (!*p) {
		char *cwd, *name;

		free(p);
		name = take(clang_getFileName(f));
		if (name[0] == '/')
			return name;
		cwd = getcwd(NULL, 0);
		p = xasprintf("%s/%s", cwd ? cwd : ".", name[0] == '.' && name[1] == '/' ? name + 2 : name);
		free(cwd);
		free(name);
	}
	return p;
}

static int is_expr(CXCursor c)
{
	return clang_isExpression(clang_getCursorKind(c));
}

/* Unwrap implicit casts, parentheses and C casts. */
static CXCursor strip(CXCursor c)
{
	for (;;) {
		enum CXCursorKind k = clang_getCursorKind(c);
		struct kids kd;

		if (k != CXCursor_UnexposedExpr && k != CXCursor_ParenExpr &&
		    k != CXCursor_CStyleCastExpr)
			return c;
		kids_of(c, &kd);
		if (!kd.nr || !is_expr(kd.c[kd.nr - 1]))
			return c;
		c = kd.c[kd.nr - 1];
	}
}

/* --- types --------------------------------------------------------------- */

/*
 * Does a value of type t carry pages? Pointers (up to two levels) to the
 * structs of db/models/page-types.txt, netmem_ref, and buffer pointers
 * (void *, char *, u8 *) that become pages through virt_to_page().
 */
static int type_relevant(const struct ctx *cx, CXType t)
{
	CXType c;
	int ptr = 0;
	char *name;
	int hit = 0;

	name = take(clang_getTypeSpelling(t));
	if (strstr(name, "netmem_ref")) {
		free(name);
		return 1;
	}
	free(name);
	c = clang_getCanonicalType(t);
	while (c.kind == CXType_Pointer && ptr < 3) {
		c = clang_getCanonicalType(clang_getPointeeType(c));
		ptr++;
	}
	if (ptr && (c.kind == CXType_Void || c.kind == CXType_Char_S || c.kind == CXType_Char_U ||
		    c.kind == CXType_UChar || c.kind == CXType_SChar))
		return 1;
	if (c.kind == CXType_Record) {
		CXCursor decl = clang_getTypeDeclaration(c);
		CXString s = clang_getCursorSpelling(decl);
		const char *n = clang_getCString(s);

		for (int i = 0; n && i < cx->cfg->nr_page_types && !hit; i++)
			hit = !strcmp(n, cx->cfg->page_types[i]);
		clang_disposeString(s);
	}
	return hit;
}

/*
 * Is t a pointer to a struct or union (up to two levels)? An object may
 * hold pages or lead to them (radeon's struct ttm_tt *, an out-struct a
 * method fills): a call given one is recorded with its arguments, so that
 * what the callee stores into the object binds to the caller's.
 */
static int object_pointer(CXType t)
{
	CXType c = clang_getCanonicalType(t);
	int ptr = 0;

	while (c.kind == CXType_Pointer && ptr < 2) {
		c = clang_getCanonicalType(clang_getPointeeType(c));
		ptr++;
	}
	return ptr && c.kind == CXType_Record;
}

static char *type_name(CXType t)
{
	return take(clang_getTypeSpelling(t));
}

/* The struct a field belongs to, as "name" (anonymous: the type spelling). */
static char *field_struct(CXCursor member_ref)
{
	CXCursor field = clang_getCursorReferenced(member_ref);
	CXCursor rec;
	char *n;

	if (clang_Cursor_isNull(field))
		return xstrdup("?");
	rec = clang_getCursorSemanticParent(field);
	n = take(clang_getCursorSpelling(rec));
	if (!*n || strstr(n, "(unnamed") || strstr(n, "(anonymous")) {
		free(n);
		n = take(clang_getTypeSpelling(clang_getCursorType(rec)));
	}
	if (!strncmp(n, "struct ", 7) || !strncmp(n, "union ", 6)) {
		char *s = xstrdup(strchr(n, ' ') + 1);

		free(n);
		n = s;
	}
	return n;
}

/* --- layouts behind access paths (typed channels) ------------------------- */

/*
 * The name of a record as channels spell it: its tag or typedef'd name;
 * an anonymous member (a union inside iov_iter) is the record around it,
 * as the paths spell its fields; a named field of an unnamed type is
 * "outer.(anon)".
 */
static char *record_name(CXCursor rec)
{
	char *n = take(clang_getCursorSpelling(rec));
	CXCursor up;

	if (*n && !strstr(n, "(unnamed") && !strstr(n, "(anonymous"))
		return n;
	free(n);
	up = clang_getCursorSemanticParent(rec);
	if (clang_Cursor_isNull(up) || clang_getCursorKind(up) == CXCursor_TranslationUnit ||
	    (clang_getCursorKind(up) != CXCursor_StructDecl &&
	     clang_getCursorKind(up) != CXCursor_UnionDecl))
		return xstrdup("(anon)");
	if (clang_Cursor_isAnonymousRecordDecl(rec))
		return record_name(up);
	n = record_name(up);
	{
		char *v = xasprintf("%s.(anon)", n);

		free(n);
		return v;
	}
}

/* What a value of type t holds, for fact_field/fact_root (see facts.h). */
static char *layout_of(CXType t, const char **kind)
{
	CXType c = clang_getCanonicalType(t), e;

	switch (c.kind) {
	case CXType_Record:
		*kind = "embed";
		return record_name(clang_getTypeDeclaration(c));
	case CXType_Pointer:
		e = clang_getCanonicalType(clang_getPointeeType(c));
		if (e.kind == CXType_Pointer) {
			e = clang_getCanonicalType(clang_getPointeeType(e));
			*kind = "ptrptr";
		} else {
			*kind = "ptr";
		}
		if (e.kind == CXType_Record)
			return record_name(clang_getTypeDeclaration(e));
		return take(clang_getTypeSpelling(clang_getUnqualifiedType(e)));
	case CXType_ConstantArray:
	case CXType_IncompleteArray:
	case CXType_VariableArray: {
		CXType el = clang_getArrayElementType(c);

		e = clang_getCanonicalType(el);
		if (e.kind == CXType_Pointer) {
			e = clang_getCanonicalType(clang_getPointeeType(e));
			*kind = "ptrarray";
			if (e.kind == CXType_Record)
				return record_name(clang_getTypeDeclaration(e));
			return take(clang_getTypeSpelling(clang_getUnqualifiedType(e)));
		}
		*kind = "array";
		if (e.kind == CXType_Record)
			return record_name(clang_getTypeDeclaration(e));
		return take(clang_getTypeSpelling(clang_getUnqualifiedType(el)));
	}
	default:
		/* netmem_ref, unsigned long page_link: the spelling, typedef kept */
		*kind = "value";
		return take(clang_getTypeSpelling(clang_getUnqualifiedType(t)));
	}
}

static void add_field(struct ctx *cx, char *record, char *field, CXType t)
{
	struct fact_field *f;

	ALLOC_GROW(cx->tf->field, cx->tf->nr_field, cx->tf->alloc_field);
	f = &cx->tf->field[cx->tf->nr_field++];
	f->record = record;
	f->field = field;
	f->type = layout_of(t, &f->kind);
}

/* Record once per TU the layout of the field a member expression names. */
static void note_field(struct ctx *cx, CXCursor member_ref)
{
	CXCursor decl = clang_getCursorReferenced(member_ref);
	unsigned h, i;

	if (clang_Cursor_isNull(decl) || clang_getCursorKind(decl) != CXCursor_FieldDecl)
		return;
	h = clang_hashCursor(decl);
	if (cx->size_seen) {
		for (i = h & (cx->size_seen - 1); cx->seen[i].used; i = (i + 1) & (cx->size_seen - 1))
			if (cx->seen[i].hash == h && clang_equalCursors(cx->seen[i].decl, decl))
				return;
	}
	if (2 * (cx->nr_seen + 1) > cx->size_seen) {
		unsigned size = cx->size_seen ? 2 * cx->size_seen : 1024;
		struct seen_field *t = xcalloc(size, sizeof(*t));

		for (unsigned j = 0; j < cx->size_seen; j++) {
			if (!cx->seen[j].used)
				continue;
			for (i = cx->seen[j].hash & (size - 1); t[i].used; i = (i + 1) & (size - 1))
				;
			t[i] = cx->seen[j];
		}
		free(cx->seen);
		cx->seen = t;
		cx->size_seen = size;
	}
	for (i = h & (cx->size_seen - 1); cx->seen[i].used; i = (i + 1) & (cx->size_seen - 1))
		;
	cx->seen[i].used = 1;
	cx->seen[i].decl = decl;
	cx->seen[i].hash = h;
	cx->nr_seen++;
	{
		char *name = take(clang_getCursorSpelling(decl));

		/* the implicit member of an anonymous union: paths drop that step */
		if (!*name || strstr(name, "(anonymous") || strstr(name, "(unnamed")) {
			free(name);
			return;
		}
		add_field(cx, record_name(clang_getCursorSemanticParent(decl)), name,
			  clang_getCursorType(decl));
	}
}

/* Has the type of this macro's expansion been recorded? Records it if not. */
static int macro_typed(struct ctx *cx, const char *name)
{
	for (size_t i = 0; i < cx->macro_typed.nr; i++)
		if (!strcmp(cx->macro_typed.v[i], name))
			return 1;
	strvec_push(&cx->macro_typed, name);
	return 0;
}

/* A path base (pN, l:x, g:x, cN) and the type of the expression it names. */
static void note_root(struct ctx *cx, const char *base, CXCursor e)
{
	const char *p = base, *kind;
	struct fact_root *r;
	char *rec;

	if (!cx->fn)
		return;
	if ((*p == 'p' || *p == 'c') && p[1] >= '0' && p[1] <= '9') {
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	} else if ((*p == 'l' || *p == 'g') && p[1] == ':') {
		for (p += 2; *p && (*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
				    (*p >= '0' && *p <= '9')); p++)
			;
	} else {
		return;
	}
	if (*p)
		return;		/* not a bare base */
	for (int i = 0; i < cx->fn->nr_root; i++)
		if (!strcmp(cx->fn->root[i].root, base))
			return;
	/* a local or global array decays to a pointer: its root is the array */
	while (clang_getCursorKind(e) == CXCursor_UnexposedExpr ||
	       clang_getCursorKind(e) == CXCursor_ParenExpr) {
		struct kids kd;

		kids_of(e, &kd);
		if (kd.nr != 1 || !is_expr(kd.c[0]))
			break;
		e = kd.c[0];
	}
	rec = layout_of(clang_getCursorType(e), &kind);
	ALLOC_GROW(cx->fn->root, cx->fn->nr_root, cx->fn->alloc_root);
	r = &cx->fn->root[cx->fn->nr_root++];
	r->root = xstrdup(base);
	r->record = rec;
	r->kind = kind;
}

/* --- tokens --------------------------------------------------------------- */

static int is_tracked_macro(const struct ctx *cx, const char *s)
{
	for (int i = 0; i < cx->cfg->nr_macros; i++)
		if (!strcmp(s, cx->cfg->macros[i]))
			return 1;
	return 0;
}

static struct mtok *add_mtok(struct ctx *cx, enum mtok_kind kind, const char *name,
			     unsigned off, unsigned end, unsigned arg_off, unsigned line,
			     unsigned col, int compl)
{
	struct mtok *m;

	ALLOC_GROW(cx->mt, cx->nr_mt, cx->alloc_mt);
	m = &cx->mt[cx->nr_mt++];
	m->kind = kind;
	m->name = xstrdup(name);
	m->offset = off;
	m->end = end;
	m->arg_offset = arg_off;
	m->line = line;
	m->col = col;
	m->complement = compl;
	m->tied = 0;
	m->nr_args = arg_off ? 1 : 0;
	m->args[0] = arg_off;
	return m;
}

static void clear_mtoks(struct ctx *cx)
{
	for (int i = 0; i < cx->nr_mt; i++)
		free(cx->mt[i].name);
	cx->nr_mt = 0;
}

/*
 * The message flags that decide whether sendmsg references the pages of
 * msg->msg_iter: MSG_SPLICE_PAGES (since 6.5: splice them) and
 * MSG_ZEROCOPY (TCP and UDP pin them for a user's zerocopy buffer). Their
 * sets, clears and tests are facts (table msgflag, and cond for tests).
 */
static int is_msg_flag(const char *s)
{
	return !strcmp(s, "MSG_SPLICE_PAGES") || !strcmp(s, "MSG_ZEROCOPY");
}

/* Lex range and remember the tokens pageref cares about. */
static void scan_tokens(struct ctx *cx, CXSourceRange range, int exports)
{
	CXToken *tok = NULL;
	unsigned n = 0;

	clang_tokenize(cx->tu, range, &tok, &n);
	for (unsigned i = 0; i < n; i++) {
		CXString s;
		const char *sp;

		if (clang_getTokenKind(tok[i]) != CXToken_Identifier)
			continue;
		s = clang_getTokenSpelling(cx->tu, tok[i]);
		sp = clang_getCString(s);
		if (sp && (is_tracked_macro(cx, sp) || is_msg_flag(sp) ||
			   (exports && !strncmp(sp, "EXPORT_SYMBOL", 13)))) {
			unsigned line, col, off, end = 0, arg = 0;
			unsigned more[MAX_MACRO_ARGS];
			int nr_more = 0;
			enum mtok_kind kind = is_msg_flag(sp) ? MT_MSGFLAG :
					      !strncmp(sp, "EXPORT_SYMBOL", 13) ? MT_EXPORT : MT_MACRO;
			int compl = 0;

			clang_getExpansionLocation(clang_getTokenLocation(cx->tu, tok[i]),
						   NULL, &line, &col, &off);
			if (kind == MT_MSGFLAG && i > 0) {
				CXString p = clang_getTokenSpelling(cx->tu, tok[i - 1]);

				compl = !strcmp(clang_getCString(p), "~");
				clang_disposeString(p);
			}
			if (kind != MT_MSGFLAG) {
				/* need "(": find the matching ")" */
				int depth = 0;
				unsigned j = i + 1;

				if (j < n) {
					CXString p = clang_getTokenSpelling(cx->tu, tok[j]);

					if (strcmp(clang_getCString(p), "("))
						j = n;
					clang_disposeString(p);
				}
				for (; j < n; j++) {
					CXString p = clang_getTokenSpelling(cx->tu, tok[j]);
					const char *ps = clang_getCString(p);

					if (!strcmp(ps, "("))
						depth++;
					else if (!strcmp(ps, ",") && depth == 1 && j + 1 < n &&
						 nr_more < MAX_MACRO_ARGS - 1)
						clang_getExpansionLocation(clang_getTokenLocation(cx->tu, tok[j + 1]),
									   NULL, NULL, NULL, &more[nr_more++]);
					else if (!strcmp(ps, ")") && --depth == 0) {
						clang_getExpansionLocation(
							clang_getRangeEnd(clang_getTokenExtent(cx->tu, tok[j])),
							NULL, NULL, NULL, &end);
					}
					clang_disposeString(p);
					if (j == i + 2)
						clang_getExpansionLocation(clang_getTokenLocation(cx->tu, tok[j]),
									   NULL, NULL, NULL, &arg);
					if (end)
						break;
				}
				if (!end) {
					clang_disposeString(s);
					continue;
				}
				if (kind == MT_EXPORT && i + 2 < n) {
					CXString a = clang_getTokenSpelling(cx->tu, tok[i + 2]);
					struct fact_export *e;
					struct tu_facts *tf = cx->tf;

					ALLOC_GROW(tf->export, tf->nr_export, tf->alloc_export);
					e = &tf->export[tf->nr_export++];
					e->name = take(a);
					e->gpl = strstr(sp, "GPL") != NULL;
					clang_disposeString(s);
					continue;
				}
			}
			{
				struct mtok *m = add_mtok(cx, kind, sp, off, end, arg, line, col, compl);

				for (int a = 0; a < nr_more && m->nr_args; a++)
					m->args[m->nr_args++] = more[a];
			}
		}
		clang_disposeString(s);
	}
	clang_disposeTokens(cx->tu, tok, n);
}

/* --- access paths ----------------------------------------------------------- */

/*
 * A call's identity. clang_equalCursors() also compares the parent
 * declaration recorded in the cursor, which differs when the same call is
 * reached through clang_Cursor_getArgument() or a VarDecl's initialiser
 * instead of the visitor, so the same call would get two numbers. The AST
 * node itself is data[1] of an expression cursor (CXCursor is a public
 * struct; MakeCXCursor() stores the Stmt there): compare that.
 */
static struct callseq *call_entry(struct ctx *cx, CXCursor call)
{
	unsigned h = (unsigned)((uintptr_t)call.data[1] >> 4);
	struct callseq *cs;

	for (int i = cx->nr_calls - 1; i >= 0; i--)
		if (cx->calls[i].hash == h && cx->calls[i].cursor.data[1] == call.data[1])
			return &cx->calls[i];
	ALLOC_GROW(cx->calls, cx->nr_calls, cx->alloc_calls);
	cs = &cx->calls[cx->nr_calls++];
	cs->cursor = call;
	cs->hash = h;
	cs->seq = cx->nr_calls - 1;
	cs->recorded = 0;
	return cs;
}

static int call_seq(struct ctx *cx, CXCursor call)
{
	return call_entry(cx, call)->seq;
}

static int count_steps(const char *p)
{
	int n = 0;

	for (; *p; p++)
		n += *p == '.' || (*p == '-' && p[1] == '>') || *p == '[';
	return n;
}

static char *value_of(struct ctx *cx, CXCursor c);
static int is_tracked(struct ctx *cx, CXCursor c);

/* The macro invocation whose expansion is exactly c, if any. */
static struct mtok *macro_at(struct ctx *cx, CXCursor c)
{
	CXSourceRange r;
	CXFile f;
	unsigned start, end;

	if (!cx->nr_mt)
		return NULL;
	r = clang_getCursorExtent(c);
	clang_getExpansionLocation(clang_getRangeStart(r), &f, NULL, NULL, &start);
	if (!clang_File_isEqual(f, cx->fn_file))
		return NULL;
	for (int i = 0; i < cx->nr_mt; i++) {
		struct mtok *m = &cx->mt[i];

		if (m->kind != MT_MACRO || m->offset != start)
			continue;
		/* a function of that name in this kernel (kmalloc in 6.1): a call */
		if (!m->tied && clang_getCursorKind(c) == CXCursor_CallExpr) {
			CXCursor ref = clang_getCursorReferenced(c);

			if (clang_getCursorKind(ref) == CXCursor_FunctionDecl && spelling_is(ref, m->name)) {
				m->tied = 1;
				m->tied_to = clang_getNullCursor();
				return NULL;
			}
		}
		clang_getExpansionLocation(clang_getRangeEnd(r), NULL, NULL, NULL, &end);
		if (end + 1 >= m->end && end <= m->end + 1 &&
		    (!m->tied || m->tied_to.data[1] == c.data[1]))
			return m;
	}
	return NULL;
}

struct argfind {
	struct ctx *cx;
	unsigned offset;
	CXCursor found;
	int hit;
};

static enum CXChildVisitResult find_arg(CXCursor c, CXCursor parent, CXClientData data)
{
	struct argfind *a = data;
	CXFile f;
	unsigned off;

	(void)parent;
	if (!is_expr(c))
		return CXChildVisit_Recurse;
	clang_getFileLocation(clang_getRangeStart(clang_getCursorExtent(c)), &f, NULL, NULL, &off);
	if (off == a->offset && clang_File_isEqual(f, a->cx->fn_file)) {
		a->found = c;
		a->hit = 1;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

static void add_macro_use(struct ctx *cx, struct mtok *m, const char *value, const char *arg)
{
	struct fact_macro *fm;

	ALLOC_GROW(cx->fn->macro, cx->fn->nr_macro, cx->fn->alloc_macro);
	fm = &cx->fn->macro[cx->fn->nr_macro++];
	fm->name = xstrdup(m->name);
	fm->value = xstrdup(value);
	fm->arg = xstrdup(arg);
	fm->line = m->line;
	fm->col = m->col;
}

/* The value of the macro argument whose first token is at offset. */
static char *macro_arg(struct ctx *cx, CXCursor c, unsigned offset)
{
	struct argfind a = { cx, offset, clang_getNullCursor(), 0 };

	if (offset)
		clang_visitChildren(c, find_arg, &a);
	return a.hit ? value_of(cx, a.found) : xstrdup("?");
}

/* name(a0,a1,...): every argument, so sizes and orders survive the macro */
static char *macro_value(struct ctx *cx, CXCursor c, struct mtok *m)
{
	char *arg = macro_arg(cx, c, m->arg_offset), *v = xasprintf("%s(%s", m->name, arg);

	for (int i = 1; i < m->nr_args; i++) {
		char *a = macro_arg(cx, c, m->args[i]), *w = xasprintf("%s,%s", v, a);

		free(a);
		free(v);
		v = w;
	}
	{
		char *w = xasprintf("%s)", v);

		free(v);
		v = w;
	}
	if (!m->tied) {
		m->tied = 1;
		m->tied_to = c;
		add_macro_use(cx, m, v, arg);
	}
	free(arg);
	return v;
}

static char *decl_value(struct ctx *cx, CXCursor ref)
{
	CXCursor d = clang_getCursorReferenced(ref);
	enum CXCursorKind k = clang_getCursorKind(d);
	char *name;

	if (k == CXCursor_ParmDecl) {
		for (int i = 0; i < cx->nr_params; i++)
			if (clang_equalCursors(cx->params[i], d))
				return xasprintf("p%d", i);
	}
	name = take(clang_getCursorSpelling(d));
	if (k == CXCursor_FunctionDecl) {
		char *v = xasprintf("f:%s", name);

		free(name);
		return v;
	}
	if (k == CXCursor_EnumConstantDecl) {
		char *v = xasprintf("#%lld", clang_getEnumConstantDeclValue(d));

		free(name);
		return v;
	}
	if (k == CXCursor_VarDecl || k == CXCursor_ParmDecl) {
		int global = k == CXCursor_VarDecl && clang_Cursor_hasVarDeclGlobalStorage(d);
		enum CXTypeKind tk = clang_getCanonicalType(clang_getCursorType(d)).kind;
		/* an array decays to the address of its first element: &l:buf is on the stack */
		int array = tk == CXType_ConstantArray || tk == CXType_VariableArray ||
			    tk == CXType_IncompleteArray;
		char *v = xasprintf("%s%s:%s", array ? "&" : "", global ? "g" : "l", name);

		free(name);
		return v;
	}
	free(name);
	return xstrdup("?");
}

static int is_pointer(CXCursor c)
{
	return clang_getCanonicalType(clang_getCursorType(c)).kind == CXType_Pointer;
}

/*
 * An integer constant expression as "#n" (sizes and flags matter: kmalloc
 * sizes, GFP masks, orders), else a copy of otherwise (NULL: return NULL).
 */
static char *const_text(CXCursor c, const char *otherwise)
{
	CXEvalResult r = clang_Cursor_Evaluate(c);
	char *v = NULL;

	if (r && clang_EvalResult_getKind(r) == CXEval_Int)
		v = xasprintf("#%lld", clang_EvalResult_getAsLongLong(r));
	if (r)
		clang_EvalResult_dispose(r);
	return v ? v : otherwise ? xstrdup(otherwise) : NULL;
}

/*
 * The access path of an expression. Bounded: a path longer than
 * MAX_PATH_STEPS is cut to its prefix with a trailing "..." step.
 */
static char *value_of(struct ctx *cx, CXCursor c)
{
	struct mtok *m = macro_at(cx, c);
	enum CXCursorKind k;
	struct kids kd;
	char *base, *v;

	if (m)
		return macro_value(cx, c, m);
	k = clang_getCursorKind(c);
	switch (k) {
	case CXCursor_UnexposedExpr:
	case CXCursor_ParenExpr:
	case CXCursor_CStyleCastExpr:
		kids_of(c, &kd);
		if (kd.nr && is_expr(kd.c[kd.nr - 1]))
			return value_of(cx, kd.c[kd.nr - 1]);
		return xstrdup("?");
	case CXCursor_DeclRefExpr:
		return decl_value(cx, c);
	case CXCursor_IntegerLiteral:
	case CXCursor_CharacterLiteral:
		return const_text(c, "#?");
	case CXCursor_StringLiteral:
		return xstrdup("str");
	case CXCursor_CallExpr:
		return xasprintf("c%d", call_seq(cx, c));
	case CXCursor_MemberRefExpr: {
		char *field = take(clang_getCursorSpelling(c));

		kids_of(c, &kd);
		if (!kd.nr) {
			free(field);
			return xstrdup("?");
		}
		base = value_of(cx, kd.c[0]);
		note_field(cx, c);
		note_root(cx, base, kd.c[0]);
		if (*base && base[strlen(base) - 1] == ')') {
			struct mtok *bm = macro_at(cx, kd.c[0]);

			/* skb_shinfo(skb)->frags: the type the macro's expansion has */
			if (bm && bm->kind == MT_MACRO && !macro_typed(cx, bm->name))
				add_field(cx, xstrdup("()"), xstrdup(bm->name), clang_getCursorType(kd.c[0]));
		}
		if (count_steps(base) >= MAX_PATH_STEPS)
			v = xasprintf("%s...", base);
		else
			v = xasprintf("%s%s%s", base, is_pointer(kd.c[0]) ? "->" : ".", field);
		free(field);
		free(base);
		return v;
	}
	case CXCursor_ArraySubscriptExpr:
		kids_of(c, &kd);
		if (!kd.nr)
			return xstrdup("?");
		/* a[i] and i[a]: the array is the pointer-typed side */
		{
			CXCursor arr = kd.nr > 1 && !is_pointer(kd.c[0]) && is_pointer(kd.c[1]) ?
				       kd.c[1] : kd.c[0];

			base = value_of(cx, arr);
			note_root(cx, base[0] == '&' ? base + 1 : base, arr);
		}
		/* an array named by its decayed address: the element is in it */
		v = xasprintf("%s[*]", base[0] == '&' && base[1] != '&' ? base + 1 : base);
		free(base);
		return v;
	case CXCursor_UnaryOperator: {
		enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(c);

		kids_of(c, &kd);
		if (!kd.nr)
			return xstrdup("?");
		base = value_of(cx, kd.c[0]);
		if (op == CXUnaryOperator_AddrOf) {
			/* &arr of a local array: the solver reads it as the first element */
			if (!strncmp(base, "l:", 2))
				note_root(cx, base, kd.c[0]);
			v = xasprintf("&%s", base);
		} else if (op == CXUnaryOperator_Deref)
			v = xasprintf("*%s", base);
		else
			return base;	/* ++, --, -, !: the same object or a number */
		free(base);
		return v;
	}
	case CXCursor_BinaryOperator:
	case CXCursor_CompoundAssignOperator: {
		enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(c);

		kids_of(c, &kd);
		if (kd.nr < 2)
			return xstrdup("?");
		if (op == CXBinaryOperator_Comma)
			return value_of(cx, kd.c[1]);
		if (op >= CXBinaryOperator_Assign)
			return value_of(cx, kd.c[0]);
		/* pointer arithmetic stays within the object */
		if (is_pointer(kd.c[0]))
			return value_of(cx, kd.c[0]);
		if (is_pointer(kd.c[1]))
			return value_of(cx, kd.c[1]);
		return const_text(c, "?");	/* PAGE_SIZE << 2 */
	}
	case CXCursor_ConditionalOperator: {
		char *a, *b;

		kids_of(c, &kd);
		if (kd.nr < 2)
			return xstrdup("?");
		a = value_of(cx, kd.c[kd.nr - 2]);
		b = value_of(cx, kd.c[kd.nr - 1]);
		v = xasprintf("%s|%s", a, b);
		free(a);
		free(b);
		return v;
	}
	case CXCursor_StmtExpr:
		/* ({ ...; value; }): the value of the last statement */
		kids_of(c, &kd);
		if (kd.nr) {
			struct cursors body;
			CXCursor last;

			all_kids(kd.c[0], &body);
			if (!body.nr) {
				free(body.c);
				return xstrdup("?");
			}
			last = body.c[body.nr - 1];
			free(body.c);
			return is_expr(last) ? value_of(cx, last) : xstrdup("?");
		}
		return xstrdup("?");
	default:
		return const_text(c, "?");	/* sizeof(struct x) */
	}
}

/* --- facts --------------------------------------------------------------------- */

static void add_flow(struct ctx *cx, const char *kind, char *dst, char *src, CXType t,
		     unsigned line)
{
	struct fact_flow *f;

	if (!strncmp(dst, "l:", 2) && !strpbrk(dst, "-.[")) {
		size_t i;

		for (i = 0; i < cx->tracked.nr && strcmp(cx->tracked.v[i], dst); i++)
			;
		if (i == cx->tracked.nr)
			strvec_push(&cx->tracked, dst);
	}

	ALLOC_GROW(cx->fn->flow, cx->fn->nr_flow, cx->fn->alloc_flow);
	f = &cx->fn->flow[cx->fn->nr_flow++];
	f->kind = kind;
	f->dst = dst;
	f->src = src;
	f->type = type_name(t);
	f->line = line;
}

static void add_ops(struct ctx *cx, const char *kind, CXCursor member_ref, CXCursor fn_ref,
		    const char *variable, CXCursor at)
{
	struct tu_facts *tf = cx->tf;
	CXCursor fn = clang_getCursorReferenced(fn_ref);
	struct fact_ops *o;
	CXFile file;
	unsigned line;

	ALLOC_GROW(tf->ops, tf->nr_ops, tf->alloc_ops);
	o = &tf->ops[tf->nr_ops++];
	o->kind = kind;
	o->struct_name = field_struct(member_ref);
	o->field = take(clang_getCursorSpelling(member_ref));
	o->function_usr = take(clang_getCursorUSR(fn));
	o->function_name = take(clang_getCursorSpelling(fn));
	o->variable = variable ? xstrdup(variable) : NULL;
	o->in_function = cx->fn ? cx->fn_index : -1;
	expansion_pos(clang_getCursorLocation(at), &file, &line, NULL, NULL);
	o->file = file_path(file);
	o->line = line;
}

static CXCursor function_ref(CXCursor c);

static int is_function_pointer(CXType t)
{
	t = clang_getCanonicalType(t);
	if (t.kind != CXType_Pointer)
		return 0;
	t = clang_getCanonicalType(clang_getPointeeType(t));
	return t.kind == CXType_FunctionProto || t.kind == CXType_FunctionNoProto;
}

/*
 * dst = src.field, src.field a function pointer (a field copied into
 * another: conn->sendpage = sock->ops->sendpage), or either branch of a
 * ?: of those and functions. Returns whether anything was recorded.
 */
static int fn_copies(struct ctx *cx, CXCursor dst, CXCursor value, CXCursor at)
{
	CXCursor v = strip(value), fr;
	struct fact_copy *o;
	CXFile file;
	unsigned line;

	if (clang_getCursorKind(v) == CXCursor_ConditionalOperator) {
		struct kids kd;
		int any = 0;

		kids_of(v, &kd);
		for (int i = kd.nr >= 2 ? kd.nr - 2 : kd.nr; i < kd.nr; i++)
			any |= fn_copies(cx, dst, kd.c[i], at);
		return any;
	}
	fr = function_ref(v);
	if (!clang_Cursor_isNull(fr)) {
		add_ops(cx, "assign", dst, fr, NULL, at);
		return 1;
	}
	/* clang types a member like proto_ops.sendpage as the function itself */
	if (clang_getCursorKind(v) != CXCursor_MemberRefExpr ||
	    (!is_function_pointer(clang_getCursorType(v)) &&
	     clang_getCanonicalType(clang_getCursorType(v)).kind != CXType_FunctionProto))
		return 0;
	ALLOC_GROW(cx->tf->copy, cx->tf->nr_copy, cx->tf->alloc_copy);
	o = &cx->tf->copy[cx->tf->nr_copy++];
	o->struct_name = field_struct(dst);
	o->field = take(clang_getCursorSpelling(dst));
	o->src_struct = field_struct(v);
	o->src_field = take(clang_getCursorSpelling(v));
	o->in_function = cx->fn ? cx->fn_index : -1;
	expansion_pos(clang_getCursorLocation(at), &file, &line, NULL, NULL);
	o->file = file_path(file);
	o->line = line;
	return 1;
}

/* A function named by c (possibly as &f), or a null cursor. */
static CXCursor function_ref(CXCursor c)
{
	CXCursor s = strip(c);
	CXCursor d;

	if (clang_getCursorKind(s) == CXCursor_UnaryOperator &&
	    clang_getCursorUnaryOperatorKind(s) == CXUnaryOperator_AddrOf) {
		struct kids kd;

		kids_of(s, &kd);
		if (kd.nr)
			s = strip(kd.c[0]);
	}
	if (clang_getCursorKind(s) != CXCursor_DeclRefExpr)
		return clang_getNullCursor();
	d = clang_getCursorReferenced(s);
	return clang_getCursorKind(d) == CXCursor_FunctionDecl ? s : clang_getNullCursor();
}

static struct mtok *msgflag_within(struct ctx *cx, CXCursor c)
{
	CXSourceRange r;
	CXFile f;
	unsigned start, end;

	if (!cx->nr_mt)
		return NULL;
	r = clang_getCursorExtent(c);
	clang_getExpansionLocation(clang_getRangeStart(r), &f, NULL, NULL, &start);
	clang_getExpansionLocation(clang_getRangeEnd(r), NULL, NULL, NULL, &end);
	if (!clang_File_isEqual(f, cx->fn_file))
		return NULL;
	for (int i = 0; i < cx->nr_mt; i++)
		if (cx->mt[i].kind == MT_MSGFLAG && !cx->mt[i].tied &&
		    cx->mt[i].offset >= start && cx->mt[i].offset < end)
			return &cx->mt[i];
	return NULL;
}

static void add_msgflag(struct ctx *cx, struct mtok *m, const char *op, char *path)
{
	struct fact_msgflag *f;

	m->tied = 1;
	if (!cx->fn) {
		free(path);
		return;
	}
	ALLOC_GROW(cx->fn->msgflag, cx->fn->nr_msgflag, cx->fn->alloc_msgflag);
	f = &cx->fn->msgflag[cx->fn->nr_msgflag++];
	f->flag = xstrdup(m->name);
	f->op = op;
	f->path = path;
	f->line = m->line;
	f->col = m->col;
}

/* --- command fields (db/models/directions.txt) ------------------------------------ */

/* Is RECORD.FIELD one of the command fields whose stores are recorded? */
static int command_field(const struct ctx *cx, const char *record, const char *field)
{
	size_t n = strlen(record);

	for (int i = 0; i < cx->cfg->nr_command_fields; i++) {
		const char *f = cx->cfg->command_fields[i];

		if (!strncmp(f, record, n) && f[n] == '.' && !strcmp(f + n + 1, field))
			return 1;
	}
	return 0;
}

/* Is FIELD the field of any command field? */
static int command_field_name(const struct ctx *cx, const char *field)
{
	for (int i = 0; i < cx->cfg->nr_command_fields; i++) {
		const char *dot = strrchr(cx->cfg->command_fields[i], '.');

		if (dot && !strcmp(dot + 1, field))
			return 1;
	}
	return 0;
}

/*
 * The record of the object a member expression's field lies in, as its
 * root: down the '.' steps to the base (c.identify.opcode: the local c's
 * type), stopping at the first '->' (cmd->common.opcode: what cmd points
 * to). NULL when that is not a named record.
 */
static char *holder_record(CXCursor member)
{
	CXCursor c = strip(member);
	CXType t;

	for (;;) {
		struct kids kd;

		if (clang_getCursorKind(c) != CXCursor_MemberRefExpr) {
			t = clang_getCursorType(c);
			break;
		}
		kids_of(c, &kd);
		if (!kd.nr)
			return NULL;
		if (is_pointer(kd.c[0])) {
			t = clang_getPointeeType(clang_getCanonicalType(clang_getCursorType(kd.c[0])));
			break;
		}
		c = strip(kd.c[0]);
	}
	t = clang_getCanonicalType(t);
	if (t.kind != CXType_Record)
		return NULL;
	return record_name(clang_getTypeDeclaration(t));
}

static void push_cstore(struct ctx *cx, const char *record, const char *field, const char *path,
			int known, long long value, int param, unsigned line)
{
	struct fact_cstore *f;

	ALLOC_GROW(cx->fn->cstore, cx->fn->nr_cstore, cx->fn->alloc_cstore);
	f = &cx->fn->cstore[cx->fn->nr_cstore++];
	f->record = xstrdup(record);
	f->field = xstrdup(field);
	f->path = xstrdup(path);
	f->known = known;
	f->value = value;
	f->param = param;
	f->line = line;
}

static int int_value(CXCursor c, long long *v)
{
	CXEvalResult r = clang_Cursor_Evaluate(c);
	int ok = r && clang_EvalResult_getKind(r) == CXEval_Int;

	if (ok)
		*v = clang_EvalResult_getAsLongLong(r);
	if (r)
		clang_EvalResult_dispose(r);
	return ok;
}

/*
 * A store of value (a null cursor: a compound assignment) into a command
 * field: one row per constant it can be (both arms of a ?: of constants),
 * else one row with no value, so that the solver never takes a command
 * for a read when some store into it is not known.
 */
static void add_cstore(struct ctx *cx, const char *record, const char *field, const char *path,
		       CXCursor value, unsigned line)
{
	long long a, b;
	CXCursor v = clang_Cursor_isNull(value) ? value : strip(value);

	if (!cx->fn)
		return;
	if (!clang_Cursor_isNull(v) && int_value(v, &a)) {
		push_cstore(cx, record, field, path, 1, a, -1, line);
		return;
	}
	if (!clang_Cursor_isNull(v) && clang_getCursorKind(v) == CXCursor_ConditionalOperator) {
		struct kids kd;

		kids_of(v, &kd);
		if (kd.nr >= 2 && int_value(strip(kd.c[kd.nr - 2]), &a) &&
		    int_value(strip(kd.c[kd.nr - 1]), &b)) {
			push_cstore(cx, record, field, path, 1, a, -1, line);
			push_cstore(cx, record, field, path, 1, b, -1, line);
			return;
		}
	}
	/*
	 * a parameter (nvme_features()' c.features.opcode = op): its callers'
	 * constant arguments say what it is (join_direction.c)
	 */
	if (!clang_Cursor_isNull(v) && clang_getCursorKind(v) == CXCursor_DeclRefExpr &&
	    clang_getCursorKind(clang_getCursorReferenced(v)) == CXCursor_ParmDecl) {
		char *p = value_of(cx, v);
		int n = -1;

		if (p && p[0] == 'p' && sscanf(p + 1, "%d", &n) == 1 && n >= 0) {
			free(p);
			push_cstore(cx, record, field, path, 0, 0, n, line);
			return;
		}
		free(p);
	}
	push_cstore(cx, record, field, path, 0, 0, -1, line);
}

/* lhs = value, lhs op= value: a store into a command field? */
static void command_store(struct ctx *cx, CXCursor lhs, CXCursor value, unsigned line)
{
	CXCursor m = strip(lhs);
	char *field, *record, *path;

	if (!cx->fn || !cx->cfg->nr_command_fields || clang_getCursorKind(m) != CXCursor_MemberRefExpr)
		return;
	field = take(clang_getCursorSpelling(m));
	/* every assignment to a member comes here: the field's name first, it is cheap */
	if (!command_field_name(cx, field)) {
		free(field);
		return;
	}
	record = holder_record(m);
	if (record && command_field(cx, record, field)) {
		path = value_of(cx, m);
		add_cstore(cx, record, field, path, value, line);
		free(path);
	}
	free(record);
	free(field);
}

static void walk_init_list(struct ctx *cx, CXCursor list, const char *path,
			   const char *variable);

static void init_item(struct ctx *cx, CXCursor item, const char *path, const char *variable)
{
	struct cursors kd;
	CXCursor value, member = clang_getNullCursor();
	char *sub;

	all_kids(item, &kd);
	/* a DesignatedInitExpr: MemberRef designators, then the value */
	if (clang_getCursorKind(item) == CXCursor_UnexposedExpr && kd.nr >= 2 &&
	    clang_getCursorKind(kd.c[0]) == CXCursor_MemberRef) {
		for (int i = 0; i < kd.nr - 1; i++)
			if (clang_getCursorKind(kd.c[i]) == CXCursor_MemberRef)
				member = kd.c[i];
		value = kd.c[kd.nr - 1];
	} else {
		value = item;
	}
	free(kd.c);

	if (clang_Cursor_isNull(member)) {
		if (clang_getCursorKind(strip(value)) == CXCursor_InitListExpr)
			walk_init_list(cx, strip(value), path, variable);
		return;
	}
	{
		char *field = take(clang_getCursorSpelling(member));

		/* .identify.opcode = ...: every designator is a step */
		sub = xstrdup(path);
		all_kids(item, &kd);
		for (int i = 0; i < kd.nr - 1; i++) {
			if (clang_getCursorKind(kd.c[i]) == CXCursor_MemberRef) {
				char *d = take(clang_getCursorSpelling(kd.c[i])), *w;

				if (!*d) {	/* an anonymous union's own step */
					free(d);
					continue;
				}
				w = xasprintf("%s.%s", sub, d);
				free(sub);
				free(d);
				sub = w;
			}
		}
		free(kd.c);
		if (cx->fn && cx->init_root && command_field(cx, cx->init_root, field))
			add_cstore(cx, cx->init_root, field, sub, value, cursor_line(value));
		if (cx->fn && !strcmp(field, "msg_flags")) {
			struct mtok *m = msgflag_within(cx, value);

			if (m)
				add_msgflag(cx, m, m->complement ? "clear" : "set", xstrdup(sub));
		}
		free(field);
	}
	if (clang_getCursorKind(strip(value)) == CXCursor_InitListExpr) {
		walk_init_list(cx, strip(value), sub, variable);
	} else {
		CXCursor fr = function_ref(value);

		if (!clang_Cursor_isNull(fr))
			add_ops(cx, "init", member, fr, variable, value);
		else if (cx->fn && type_relevant(cx, clang_getCursorType(value)))
			add_flow(cx, "init", xstrdup(sub), value_of(cx, value),
				 clang_getCursorType(value), cursor_line(value));
	}
	free(sub);
}

/*
 * Walk an initialiser list: designated fields that receive functions are
 * ops-table entries; inside a function, page-carrying fields are flows
 * (struct bio_vec bv = { .bv_page = page }) and msg_flags may be set.
 */
static void walk_init_list(struct ctx *cx, CXCursor list, const char *path,
			   const char *variable)
{
	struct cursors kd;

	all_kids(list, &kd);
	for (int i = 0; i < kd.nr; i++)
		init_item(cx, kd.c[i], path, variable);
	free(kd.c);
}

/* --- function bodies ------------------------------------------------------------ */

/* A tracked macro whose expansion starts where c starts (end ignored). */
static struct mtok *macro_start(struct ctx *cx, CXCursor c)
{
	CXFile f;
	unsigned start;

	if (!cx->nr_mt)
		return NULL;
	clang_getExpansionLocation(clang_getRangeStart(clang_getCursorExtent(c)), &f, NULL,
				   NULL, &start);
	if (!clang_File_isEqual(f, cx->fn_file))
		return NULL;
	for (int i = 0; i < cx->nr_mt; i++)
		if (cx->mt[i].kind == MT_MACRO && cx->mt[i].offset == start)
			return &cx->mt[i];
	return NULL;
}

static void add_refop(struct ctx *cx, int seq, const char *primitive, CXCursor arg,
		      unsigned line)
{
	CXCursor s = strip(arg), member, base;
	struct kids kd;
	CXType t;
	struct fact_refop *r;
	const char *object;
	char *rec;

	if (clang_getCursorKind(s) != CXCursor_UnaryOperator ||
	    clang_getCursorUnaryOperatorKind(s) != CXUnaryOperator_AddrOf)
		return;
	kids_of(s, &kd);
	if (!kd.nr)
		return;
	member = strip(kd.c[0]);
	if (clang_getCursorKind(member) != CXCursor_MemberRefExpr || !spelling_is(member, REFCOUNT_FIELD))
		return;
	kids_of(member, &kd);
	if (!kd.nr)
		return;
	base = kd.c[0];
	t = clang_getCanonicalType(clang_getCursorType(base));
	if (t.kind == CXType_Pointer)
		t = clang_getCanonicalType(clang_getPointeeType(t));
	rec = take(clang_getCursorSpelling(clang_getTypeDeclaration(t)));
	object = !strcmp(rec, "page") ? "page" : !strcmp(rec, "folio") ? "folio" : NULL;
	free(rec);
	if (!object)
		return;
	ALLOC_GROW(cx->fn->refop, cx->fn->nr_refop, cx->fn->alloc_refop);
	r = &cx->fn->refop[cx->fn->nr_refop++];
	r->seq = seq;
	r->primitive = xstrdup(primitive);
	r->object = object;
	r->path = value_of(cx, base);
	r->line = line;
}

static struct fnptr_local *find_fnptr(struct ctx *cx, CXCursor var)
{
	for (int i = cx->nr_fnptr - 1; i >= 0; i--)
		if (clang_equalCursors(cx->fnptr[i].var, var))
			return &cx->fnptr[i];
	return NULL;
}

/* Remember a local function pointer loaded from a struct field. */
static void note_fnptr(struct ctx *cx, CXCursor var, CXCursor value)
{
	CXCursor s = strip(value);
	struct fnptr_local *fl, *from = NULL;

	/* typeof(__f2) __f1 = (__f2): INDIRECT_CALL_2() nests INDIRECT_CALL_1() */
	if (clang_getCursorKind(s) == CXCursor_DeclRefExpr)
		from = find_fnptr(cx, clang_getCursorReferenced(s));
	if ((!from && clang_getCursorKind(s) != CXCursor_MemberRefExpr) ||
	    !is_function_pointer(clang_getCursorType(var)))
		return;
	fl = find_fnptr(cx, var);
	if (!fl) {
		ALLOC_GROW(cx->fnptr, cx->nr_fnptr, cx->alloc_fnptr);
		fl = &cx->fnptr[cx->nr_fnptr++];
		fl->var = var;
	} else {
		free(fl->struct_name);
		free(fl->field);
	}
	if (from) {
		/* fl may have moved: find from again after growing */
		from = find_fnptr(cx, clang_getCursorReferenced(s));
		fl->struct_name = xstrdup(from->struct_name);
		fl->field = xstrdup(from->field);
		return;
	}
	fl->struct_name = field_struct(s);
	fl->field = take(clang_getCursorSpelling(s));
}

/*
 * compiletime_assert() declares a function named with __COUNTER__
 * (__compiletime_assert_435): the number depends on where in the TU the
 * header was read, so the TU that happens to extract a header function
 * would show in its facts. One name for all of them.
 */
static void counter_name(char *s)
{
	char *p = s ? strstr(s, "__compiletime_assert_") : NULL;

	if (p && p[21] >= '0' && p[21] <= '9' && !p[21 + strspn(p + 21, "0123456789")])
		p[20] = '\0';
}

static void do_call(struct ctx *cx, CXCursor c)
{
	struct callseq *cs = call_entry(cx, c);
	int seq = cs->seq;
	CXCursor ref = clang_getCursorReferenced(c);
	struct fact_call *fc;
	struct mtok *m;
	CXFile file;
	int nargs, relevant;

	if (cs->recorded)
		return;
	cs->recorded = 1;

	ALLOC_GROW(cx->fn->call, cx->fn->nr_call, cx->fn->alloc_call);
	fc = &cx->fn->call[cx->fn->nr_call++];
	memset(fc, 0, sizeof(*fc));
	fc->seq = seq;
	expansion_pos(clang_getCursorLocation(c), &file, &fc->line, &fc->col, NULL);
	fc->file = file_path(file);
	fc->result_type = type_name(clang_getCursorType(c));

	if (clang_getCursorKind(ref) == CXCursor_FunctionDecl) {
		fc->kind = "direct";
		fc->callee_usr = take(clang_getCursorUSR(ref));
		fc->callee_name = take(clang_getCursorSpelling(ref));
		counter_name(fc->callee_name);
		counter_name(fc->callee_usr);
	} else {
		struct kids kd;
		CXCursor callee;

		kids_of(c, &kd);
		callee = kd.nr ? strip(kd.c[0]) : clang_getNullCursor();
		if (clang_getCursorKind(callee) == CXCursor_UnaryOperator) {
			struct kids d;

			kids_of(callee, &d);
			if (d.nr)
				callee = strip(d.c[0]);
		}
		if (clang_getCursorKind(callee) == CXCursor_MemberRefExpr) {
			fc->kind = "member";
			fc->field = take(clang_getCursorSpelling(callee));
			fc->struct_name = field_struct(callee);
			fc->callee_name = xasprintf("%s.%s", fc->struct_name, fc->field);
		} else {
			struct fnptr_local *fl = clang_getCursorKind(callee) == CXCursor_DeclRefExpr ?
				find_fnptr(cx, clang_getCursorReferenced(callee)) : NULL;

			if (fl) {
				/* typeof(f) __f1 = sock->ops->sendmsg; __f1(...) */
				fc->kind = "member";
				fc->struct_name = xstrdup(fl->struct_name);
				fc->field = xstrdup(fl->field);
				fc->callee_name = xasprintf("%s.%s", fc->struct_name, fc->field);
			} else {
				fc->kind = "pointer";
				fc->callee_name = clang_getCursorKind(callee) == CXCursor_DeclRefExpr ?
						  decl_value(cx, callee) : xstrdup("?");
			}
		}
	}
	m = macro_start(cx, c);
	if (m && strcmp(m->name, fc->callee_name))
		fc->macro = xstrdup(m->name);

	nargs = clang_Cursor_getNumArguments(c);
	relevant = type_relevant(cx, clang_getCursorType(c));
	for (int i = 0; i < nargs && !relevant; i++) {
		CXCursor a = clang_Cursor_getArgument(c, i);

		relevant = type_relevant(cx, clang_getCursorType(a)) || is_tracked(cx, a) ||
			   object_pointer(clang_getCursorType(a));
	}
	for (int i = 0; i < nargs; i++) {
		CXCursor a = clang_Cursor_getArgument(c, i);
		struct fact_arg *fa;
		char *v = NULL;

		add_refop(cx, seq, fc->callee_name, a, fc->line);
		if (!relevant)
			continue;
		if (!type_relevant(cx, clang_getCursorType(a)))
			v = const_text(a, NULL);
		ALLOC_GROW(fc->arg, fc->nr_arg, fc->alloc_arg);
		fa = &fc->arg[fc->nr_arg++];
		fa->idx = i;
		fa->value = v ? v : value_of(cx, a);
		fa->type = type_name(clang_getCursorType(a));
	}
}

struct cond_ctx {
	const char *kind;
	unsigned line;
	unsigned tf, tl, ff, fl;
	int depth;	/* local condition variables followed */
};

static void add_cond(struct ctx *cx, const struct cond_ctx *cc, char *test, char *arg, int negated,
		     int decides)
{
	struct fact_cond *fc;

	ALLOC_GROW(cx->fn->cond, cx->fn->nr_cond, cx->fn->alloc_cond);
	fc = &cx->fn->cond[cx->fn->nr_cond++];
	fc->kind = cc->kind;
	fc->test = test;
	fc->arg = arg;
	fc->negated = negated;
	fc->decides = decides;
	fc->line = cc->line;
	fc->true_first = cc->tf;
	fc->true_last = cc->tl;
	fc->false_first = cc->ff;
	fc->false_last = cc->fl;
}

static int is_zero(CXCursor c)
{
	CXEvalResult r;
	int zero = 0;

	c = strip(c);
	if (clang_getCursorKind(c) != CXCursor_IntegerLiteral)
		return 0;
	r = clang_Cursor_Evaluate(c);
	if (r && clang_EvalResult_getKind(r) == CXEval_Int)
		zero = clang_EvalResult_getAsLongLong(r) == 0;
	if (r)
		clang_EvalResult_dispose(r);
	return zero;
}

static char *callee_label(struct ctx *cx, CXCursor call)
{
	CXCursor ref = clang_getCursorReferenced(call);
	struct kids kd;
	CXCursor callee;

	if (clang_getCursorKind(ref) == CXCursor_FunctionDecl)
		return take(clang_getCursorSpelling(ref));
	kids_of(call, &kd);
	callee = kd.nr ? strip(kd.c[0]) : clang_getNullCursor();
	if (clang_getCursorKind(callee) == CXCursor_MemberRefExpr) {
		char *s = field_struct(callee), *f = take(clang_getCursorSpelling(callee));
		char *l = xasprintf("%s.%s", s, f);

		free(s);
		free(f);
		return l;
	}
	return value_of(cx, callee);
}

/* A macro used as a test: the test is its name, the argument its operand. */
static void add_macro_cond(struct ctx *cx, const struct cond_ctx *cc, CXCursor e,
			   struct mtok *m, int negated, int decides)
{
	char *v = value_of(cx, e);	/* "name(arg)" */
	size_t skip = strlen(m->name) + 1;
	char *arg = strlen(v) > skip ? xstrndup(v + skip, strlen(v) - skip - 1) : xstrdup("?");

	add_cond(cx, cc, xstrdup(m->name), arg, negated, decides);
	free(v);
}

/*
 * A message flag tested in a condition: flags & MSG_SPLICE_PAGES, or a
 * local compared with one (zc == MSG_SPLICE_PAGES, after zc =
 * MSG_SPLICE_PAGES under a test of the message's flags). The flag alone on
 * one side, not inside a mask of several: then the test is the flag's.
 */
static struct mtok *flag_operand(struct ctx *cx, CXCursor side)
{
	CXFile f;
	unsigned off;

	side = strip(side);
	if (clang_getCursorKind(side) != CXCursor_IntegerLiteral)
		return NULL;
	/*
	 * Where the literal was written, also inside a macro's argument
	 * (unlikely(msg->msg_flags & MSG_SPLICE_PAGES)): the expansion
	 * location would be the macro's name.
	 */
	clang_getFileLocation(clang_getRangeStart(clang_getCursorExtent(side)), &f, NULL, NULL, &off);
	if (!cx->nr_mt || !clang_File_isEqual(f, cx->fn_file))
		return NULL;
	for (int i = 0; i < cx->nr_mt; i++)
		if (cx->mt[i].kind == MT_MSGFLAG && cx->mt[i].offset == off)
			return &cx->mt[i];
	return NULL;
}

/*
 * The atoms of a condition: calls and bare tests, with the number of
 * logical negations above them (x == NULL counts as one) and which
 * branches imply the atom's value (decides, as in struct fact_cond): an
 * atom of a && chain is known true in the true branch only, one of a ||
 * chain known false in the false branch only.
 */
static void cond_atoms(struct ctx *cx, const struct cond_ctx *cc, CXCursor e, int negated,
		       int bare, int dec)
{
	struct kids kd;
	struct mtok *m;

	e = strip(e);
	m = macro_at(cx, e);
	switch (clang_getCursorKind(e)) {
	case CXCursor_UnaryOperator:
		kids_of(e, &kd);
		if (kd.nr && clang_getCursorUnaryOperatorKind(e) == CXUnaryOperator_LNot)
			cond_atoms(cx, cc, kd.c[0], !negated, bare, dec);
		else if (kd.nr)
			cond_atoms(cx, cc, kd.c[0], negated, 0, 0);
		return;
	case CXCursor_BinaryOperator: {
		enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(e);
		struct mtok *flag;

		kids_of(e, &kd);
		if (kd.nr < 2)
			return;
		if (op == CXBinaryOperator_LAnd || op == CXBinaryOperator_LOr) {
			int keep = (op == CXBinaryOperator_LAnd) == !negated ? 1 : 2;

			cond_atoms(cx, cc, kd.c[0], negated, bare, dec & keep);
			cond_atoms(cx, cc, kd.c[1], negated, bare, dec & keep);
		} else if ((op == CXBinaryOperator_EQ || op == CXBinaryOperator_NE) &&
			   (is_zero(kd.c[0]) || is_zero(kd.c[1]))) {
			cond_atoms(cx, cc, is_zero(kd.c[1]) ? kd.c[0] : kd.c[1],
				   op == CXBinaryOperator_EQ ? !negated : negated, bare, dec);
		} else if ((op == CXBinaryOperator_And || op == CXBinaryOperator_EQ ||
			    op == CXBinaryOperator_NE) &&
			   ((flag = flag_operand(cx, kd.c[1])) || (flag = flag_operand(cx, kd.c[0]))) &&
			   !flag->complement) {
			CXCursor other = flag_operand(cx, kd.c[1]) ? kd.c[0] : kd.c[1];

			add_cond(cx, cc, xstrdup(flag->name), value_of(cx, other),
				 op == CXBinaryOperator_NE ? !negated : negated, dec);
			cond_atoms(cx, cc, other, negated, 0, 0);
		} else {
			cond_atoms(cx, cc, kd.c[0], negated, 0, 0);
			cond_atoms(cx, cc, kd.c[1], negated, 0, 0);
		}
		return;
	}
	case CXCursor_StmtExpr: {
		/* ({ ...; value; }) as in WARN_ON_ONCE(cond): the value decides */
		struct cursors body;

		kids_of(e, &kd);
		if (!kd.nr)
			return;
		all_kids(kd.c[0], &body);
		if (body.nr && is_expr(body.c[body.nr - 1]))
			cond_atoms(cx, cc, body.c[body.nr - 1], negated, bare, dec);
		free(body.c);
		return;
	}
	case CXCursor_CallExpr:
		if (!m && clang_Cursor_getNumArguments(e) > 0 &&
		    spelling_is(clang_getCursorReferenced(e), "__builtin_expect")) {
			/* likely(x), unlikely(x) */
			cond_atoms(cx, cc, clang_Cursor_getArgument(e, 0), negated, bare, dec);
			return;
		}
		if (m) {
			/* a macro that reads like a predicate */
			add_macro_cond(cx, cc, e, m, negated, dec);
			return;
		}
		add_cond(cx, cc, callee_label(cx, e),
			 clang_Cursor_getNumArguments(e) > 0 ?
			 value_of(cx, clang_Cursor_getArgument(e, 0)) : NULL, negated, dec);
		return;
	case CXCursor_DeclRefExpr: {
		/*
		 * A local that holds a test (int __ret_warn_on = !!(cond);
		 * if (unlikely(__ret_warn_on))): the test it was initialised with.
		 */
		CXCursor d = clang_getCursorReferenced(e);
		CXCursor init = clang_getCursorKind(d) == CXCursor_VarDecl &&
				!clang_Cursor_hasVarDeclGlobalStorage(d) ?
				clang_Cursor_getVarDeclInitializer(d) : clang_getNullCursor();

		/*
		 * A bool local is also a test of its own (ip's zc, set to true
		 * only under flags & MSG_ZEROCOPY: splice.c reads its stores)
		 */
		if (bare && clang_getCursorKind(d) == CXCursor_VarDecl &&
		    !clang_Cursor_hasVarDeclGlobalStorage(d) &&
		    clang_getCanonicalType(clang_getCursorType(d)).kind == CXType_Bool)
			add_cond(cx, cc, value_of(cx, e), NULL, negated, dec);
		if (!clang_Cursor_isNull(init) && !type_relevant(cx, clang_getCursorType(d)) &&
		    cc->depth < 4) {
			struct cond_ctx deeper = *cc;

			deeper.depth++;
			cond_atoms(cx, &deeper, init, negated, bare, dec);
			return;
		}
		if (clang_getCursorKind(d) == CXCursor_VarDecl &&
		    clang_getCanonicalType(clang_getCursorType(d)).kind == CXType_Bool)
			return;	/* recorded above */
	}
		/* fall through */
	case CXCursor_MemberRefExpr:
		if (bare)
			add_cond(cx, cc, value_of(cx, e), NULL, negated, dec);
		return;
	default:
		if (m && bare)
			add_macro_cond(cx, cc, e, m, negated, dec);
		return;
	}
}

static void do_cond(struct ctx *cx, CXCursor c, enum CXCursorKind k)
{
	struct kids kd;
	struct cond_ctx cc = { NULL, 0, 0, 0, 0, 0, 0 };
	int ncond = 0, first = 0;

	kids_of(c, &kd);
	switch (k) {
	case CXCursor_IfStmt:
		if (kd.nr < 2)
			return;
		cc.kind = "if";
		extent_lines(kd.c[1], &cc.tf, &cc.tl);
		if (kd.nr > 2)
			extent_lines(kd.c[2], &cc.ff, &cc.fl);
		ncond = 1;
		break;
	case CXCursor_ConditionalOperator:
		if (kd.nr < 2)
			return;
		cc.kind = "ternary";
		extent_lines(kd.c[kd.nr - 2], &cc.tf, &cc.tl);
		extent_lines(kd.c[kd.nr - 1], &cc.ff, &cc.fl);
		ncond = 1;
		break;
	case CXCursor_WhileStmt:
		if (kd.nr < 2)
			return;
		cc.kind = "while";
		extent_lines(kd.c[1], &cc.tf, &cc.tl);
		ncond = 1;
		break;
	case CXCursor_DoStmt:
		if (kd.nr < 2)
			return;
		cc.kind = "do";
		extent_lines(kd.c[0], &cc.tf, &cc.tl);
		first = 1;
		ncond = 1;
		break;
	case CXCursor_ForStmt:
		/* init, cond and inc are optional and libclang skips absent ones */
		if (kd.nr < 2)
			return;
		cc.kind = "for";
		extent_lines(kd.c[kd.nr - 1], &cc.tf, &cc.tl);
		ncond = kd.nr - 1;
		break;
	default:
		return;
	}
	for (int i = first; i < first + ncond; i++) {
		if (!is_expr(kd.c[i]))
			continue;
		cc.line = cursor_line(kd.c[i]);
		cond_atoms(cx, &cc, kd.c[i], 0, 1, 3);
	}
}

/* Is c (a plain local, after casts) one that received a buffer? */
static int is_tracked(struct ctx *cx, CXCursor c)
{
	CXCursor s = strip(c), d;
	CXString name;
	const char *n;
	int hit = 0;

	if (!cx->tracked.nr || clang_getCursorKind(s) != CXCursor_DeclRefExpr)
		return 0;
	d = clang_getCursorReferenced(s);
	if (clang_getCursorKind(d) != CXCursor_VarDecl || clang_Cursor_hasVarDeclGlobalStorage(d))
		return 0;
	name = clang_getCursorSpelling(d);
	n = clang_getCString(name);
	for (size_t i = 0; n && i < cx->tracked.nr && !hit; i++)
		hit = !strcmp(cx->tracked.v[i] + 2, n);
	clang_disposeString(name);
	return hit;
}

/*
 * Is dst := src worth a flow fact? When dst carries pages, and also when
 * src is a buffer converted to another pointer type, which is how a struct
 * gets its memory from kmalloc(): struct foo *f = kmalloc(...).
 */
static int flow_relevant(struct ctx *cx, CXCursor dst, CXCursor src)
{
	CXType t;

	if (type_relevant(cx, clang_getCursorType(dst)))
		return 1;
	/* zc = true: which branch set a bool local that a test reads later */
	if (clang_getCanonicalType(clang_getCursorType(dst)).kind == CXType_Bool)
		return 1;
	/* flags = msg->msg_flags: a message flag tested on the copy is the message's */
	if (clang_getCursorKind(strip(src)) == CXCursor_MemberRefExpr &&
	    spelling_is(strip(src), "msg_flags"))
		return 1;
	/* unsigned long addr = __get_free_pages(...): a tracked macro's result */
	if (macro_at(cx, src) || macro_at(cx, strip(src)))
		return 1;
	if (clang_getCanonicalType(clang_getCursorType(dst)).kind != CXType_Pointer)
		return 0;
	/*
	 * fn = sock->ops->sendpage: which member a function-pointer local
	 * holds, and where it was loaded, lets a guard around the load count
	 * for the call through it (if (sendpage_ok(page)) fn = ...; else ...)
	 */
	t = clang_getCanonicalType(clang_getPointeeType(clang_getCanonicalType(clang_getCursorType(dst))));
	if ((t.kind == CXType_FunctionProto || t.kind == CXType_FunctionNoProto) &&
	    clang_getCursorKind(strip(src)) == CXCursor_MemberRefExpr)
		return 1;
	t = clang_getCanonicalType(clang_getCursorType(strip(src)));
	if (t.kind == CXType_Pointer &&
	    clang_getCanonicalType(clang_getPointeeType(t)).kind == CXType_Void)
		return 1;
	/*
	 * data = nvmf_connect_data_prep(ctrl, ...): a local given what a
	 * helper returns, which may be memory it allocated (ret_origin); a
	 * store into a field is left to the field's other stores (fields.c)
	 */
	if (t.kind == CXType_Pointer && clang_getCursorKind(strip(src)) == CXCursor_CallExpr) {
		CXCursor d = clang_getCursorKind(dst) == CXCursor_VarDecl ? dst :
			     clang_getCursorKind(strip(dst)) == CXCursor_DeclRefExpr ?
			     clang_getCursorReferenced(strip(dst)) : clang_getNullCursor();

		if (clang_getCursorKind(d) == CXCursor_VarDecl && !clang_Cursor_hasVarDeclGlobalStorage(d))
			return 1;
	}
	return is_tracked(cx, src);
}

/*
 * A bool local given a test's value (rds_sendmsg(): bool zcopy =
 * (msg->msg_flags & MSG_ZEROCOPY) && ...): the test's atoms as a condition
 * whose true branch is the store's own line, so that "the stored value is
 * true" implies what the atoms say (splice.c reads the stores of a bool).
 */
static void value_conds(struct ctx *cx, CXCursor dst_type_of, CXCursor src, unsigned line)
{
	struct cond_ctx cc = { "if", line, line, line, 0, 0, 0 };
	enum CXCursorKind k = clang_getCursorKind(strip(src));

	if (clang_getCanonicalType(clang_getCursorType(dst_type_of)).kind != CXType_Bool ||
	    k == CXCursor_IntegerLiteral || k == CXCursor_DeclRefExpr)
		return;
	cond_atoms(cx, &cc, src, 0, 1, 3);
}

static void do_binop(struct ctx *cx, CXCursor c, enum CXCursorKind k)
{
	enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(c);
	struct kids kd;
	struct mtok *m;

	kids_of(c, &kd);
	if (kd.nr < 2)
		return;
	m = msgflag_within(cx, c);
	/* zc == MSG_SPLICE_PAGES, not (flags & MSG_SPLICE_PAGES) != 0: the inner & is the test */
	if (m && (op == CXBinaryOperator_EQ || op == CXBinaryOperator_NE) &&
	    !flag_operand(cx, kd.c[0]) && !flag_operand(cx, kd.c[1]))
		m = NULL;
	/* a test written inside a macro's argument: unlikely(flags & MSG_SPLICE_PAGES) */
	if (!m && (op == CXBinaryOperator_And || op == CXBinaryOperator_EQ ||
		   op == CXBinaryOperator_NE)) {
		m = flag_operand(cx, kd.c[1]);
		if (!m)
			m = flag_operand(cx, kd.c[0]);
		if (m && m->tied)
			m = NULL;
	}
	if (m) {
		const char *what = NULL;

		if (op == CXBinaryOperator_OrAssign)
			what = "set";
		else if (op == CXBinaryOperator_AndAssign)
			what = m->complement ? "clear" : "test";
		else if (op == CXBinaryOperator_Assign)
			what = m->complement ? "clear" : "set";
		else if (op == CXBinaryOperator_And)
			what = m->complement ? "clear" : "test";
		else if (op == CXBinaryOperator_EQ || op == CXBinaryOperator_NE)
			what = "test";
		if (what)
			add_msgflag(cx, m, what,
				    value_of(cx, flag_operand(cx, kd.c[0]) ? kd.c[1] : kd.c[0]));
	}
	if (op == CXBinaryOperator_Assign)
		command_store(cx, kd.c[0], kd.c[1], cursor_line(c));
	else if (k == CXCursor_CompoundAssignOperator)
		command_store(cx, kd.c[0], clang_getNullCursor(), cursor_line(c));
	if (k != CXCursor_BinaryOperator || op != CXBinaryOperator_Assign)
		return;
	if (clang_getCursorKind(strip(kd.c[0])) == CXCursor_DeclRefExpr)
		note_fnptr(cx, clang_getCursorReferenced(strip(kd.c[0])), kd.c[1]);
	if (clang_getCursorKind(strip(kd.c[0])) == CXCursor_MemberRefExpr) {
		CXCursor fr = function_ref(kd.c[1]);

		if (!clang_Cursor_isNull(fr)) {
			add_ops(cx, "assign", strip(kd.c[0]), fr, NULL, c);
			return;
		}
		if (fn_copies(cx, strip(kd.c[0]), kd.c[1], c))
			return;
	}
	if (flow_relevant(cx, kd.c[0], kd.c[1])) {
		add_flow(cx, "assign", value_of(cx, kd.c[0]), value_of(cx, kd.c[1]),
			 clang_getCursorType(kd.c[0]), cursor_line(c));
		if (clang_getCursorKind(strip(kd.c[0])) == CXCursor_DeclRefExpr)
			value_conds(cx, kd.c[0], kd.c[1], cursor_line(c));
	}
}

static void do_vardecl(struct ctx *cx, CXCursor c)
{
	CXCursor init = clang_Cursor_getVarDeclInitializer(c);
	char *name, *path;

	if (clang_Cursor_isNull(init))
		return;
	if (!clang_Cursor_hasVarDeclGlobalStorage(c))
		note_fnptr(cx, c, init);
	name = take(clang_getCursorSpelling(c));
	path = xasprintf("%s:%s", clang_Cursor_hasVarDeclGlobalStorage(c) ? "g" : "l", name);
	if (clang_getCursorKind(strip(init)) == CXCursor_InitListExpr) {
		CXType t = clang_getCanonicalType(clang_getCursorType(c));

		if (cx->fn && t.kind == CXType_Record)
			cx->init_root = record_name(clang_getTypeDeclaration(t));
		walk_init_list(cx, strip(init), path, name);
		free(cx->init_root);
		cx->init_root = NULL;
	} else if (flow_relevant(cx, c, init)) {
		add_flow(cx, "init", xstrdup(path), value_of(cx, init), clang_getCursorType(c),
			 cursor_line(c));
		if (!clang_Cursor_hasVarDeclGlobalStorage(c))
			value_conds(cx, c, init, cursor_line(c));
	}
	free(path);
	free(name);
}

static enum CXChildVisitResult body_visit(CXCursor c, CXCursor parent, CXClientData data)
{
	struct ctx *cx = data;
	enum CXCursorKind k = clang_getCursorKind(c);

	(void)parent;
	switch (k) {
	case CXCursor_ParmDecl:
	case CXCursor_TypeRef:
		return CXChildVisit_Continue;
	case CXCursor_CallExpr:
		do_call(cx, c);
		break;
	case CXCursor_IfStmt:
	case CXCursor_WhileStmt:
	case CXCursor_DoStmt:
	case CXCursor_ForStmt:
	case CXCursor_ConditionalOperator:
		do_cond(cx, c, k);
		break;
	case CXCursor_BinaryOperator:
	case CXCursor_CompoundAssignOperator:
		do_binop(cx, c, k);
		break;
	case CXCursor_VarDecl: {
		/* only the initialiser: typeof(expr) in the type is not evaluated */
		CXCursor init = clang_Cursor_getVarDeclInitializer(c);

		do_vardecl(cx, c);
		if (!clang_Cursor_isNull(init) &&
		    body_visit(init, c, cx) == CXChildVisit_Recurse)
			clang_visitChildren(init, body_visit, cx);
		return CXChildVisit_Continue;
	}
	case CXCursor_UnaryExpr:
		/* sizeof, alignof: unevaluated */
		return CXChildVisit_Continue;
	case CXCursor_MemberRefExpr:
		/*
		 * every field the body names has its layout, not only those on
		 * a recorded path: sg_page()'s sg->page_link sits in a mask
		 * the paths do not follow (conversions.txt says the page is
		 * there; the layout says what the field is)
		 */
		note_field(cx, c);
		break;
	case CXCursor_ReturnStmt: {
		struct kids kd;

		kids_of(c, &kd);
		if (kd.nr && is_expr(kd.c[0]) && (cx->ret_relevant || is_tracked(cx, kd.c[0])))
			add_flow(cx, "return", xstrdup("ret"), value_of(cx, kd.c[0]),
				 clang_getCursorType(kd.c[0]), cursor_line(c));
		break;
	}
	default:
		break;
	}
	if (cx->nr_mt && is_expr(c)) {
		struct mtok *m = macro_at(cx, c);

		if (m && !m->tied)
			free(value_of(cx, c));
	}
	return CXChildVisit_Recurse;
}

/* --- functions and the translation unit ----------------------------------------- */

static void extract_function(struct ctx *cx, CXCursor c, int in_main)
{
	struct tu_facts *tf = cx->tf;
	struct fact_function *fn;
	CXSourceRange ext = clang_getCursorExtent(c);
	unsigned start, end;
	int nargs;

	ALLOC_GROW(tf->function, tf->nr_function, tf->alloc_function);
	cx->fn_index = tf->nr_function++;
	fn = cx->fn = &tf->function[cx->fn_index];
	memset(fn, 0, sizeof(*fn));
	fn->usr = take(clang_getCursorUSR(c));
	fn->name = take(clang_getCursorSpelling(c));
	expansion_pos(clang_getCursorLocation(c), &cx->fn_file, &fn->line, NULL, NULL);
	fn->file = file_path(cx->fn_file);
	clang_getExpansionLocation(clang_getRangeStart(ext), NULL, NULL, NULL, &start);
	clang_getExpansionLocation(clang_getRangeEnd(ext), NULL, &fn->end_line, NULL, &end);
	fn->is_static = clang_Cursor_getStorageClass(c) == CX_SC_Static;
	fn->is_inline = clang_Cursor_isFunctionInlined(c);
	fn->return_type = type_name(clang_getCursorResultType(c));
	cx->ret_relevant = type_relevant(cx, clang_getCursorResultType(c));

	nargs = clang_Cursor_getNumArguments(c);
	if (nargs > 0) {
		cx->params = xcalloc(nargs, sizeof(*cx->params));
		fn->param = xcalloc(nargs, sizeof(*fn->param));
		for (int i = 0; i < nargs; i++) {
			CXCursor p = clang_Cursor_getArgument(c, i);

			cx->params[i] = p;
			fn->param[i].name = take(clang_getCursorSpelling(p));
			fn->param[i].type = type_name(clang_getCursorType(p));
		}
		cx->nr_params = fn->nr_param = nargs;
	}

	/* the tracked tokens inside this function */
	if (in_main) {
		for (int i = 0; i < cx->nr_file_mt; i++) {
			struct mtok *m = &cx->file_mt[i];

			if (m->kind != MT_EXPORT && m->offset >= start && m->offset < end) {
				struct mtok *c = add_mtok(cx, m->kind, m->name, m->offset, m->end,
							  m->arg_offset, m->line, m->col,
							  m->complement);

				memcpy(c->args, m->args, sizeof(c->args));
				c->nr_args = m->nr_args;
			}
		}
	} else {
		scan_tokens(cx, ext, 0);
	}

	clang_visitChildren(c, body_visit, cx);

	/* a flag passed straight to a call: where the flag comes in */
	for (int i = 0; i < cx->nr_mt; i++)
		if (cx->mt[i].kind == MT_MSGFLAG && !cx->mt[i].tied)
			add_msgflag(cx, &cx->mt[i], "set", xstrdup("?"));

	clear_mtoks(cx);
	for (int i = 0; i < cx->nr_fnptr; i++) {
		free(cx->fnptr[i].struct_name);
		free(cx->fnptr[i].field);
	}
	cx->nr_fnptr = 0;
	strvec_clear(&cx->tracked);
	free(cx->params);
	cx->params = NULL;
	cx->nr_params = 0;
	cx->nr_calls = 0;
	cx->fn = NULL;
}

static enum CXChildVisitResult top_visit(CXCursor c, CXCursor parent, CXClientData data)
{
	struct ctx *cx = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	int in_main;

	(void)parent;
	if (k != CXCursor_FunctionDecl && k != CXCursor_VarDecl)
		return CXChildVisit_Continue;
	in_main = clang_Location_isFromMainFile(clang_getCursorLocation(c));
	if (k == CXCursor_FunctionDecl) {
		if (!clang_isCursorDefinition(c))
			return CXChildVisit_Continue;
		if (!in_main) {
			char *usr = take(clang_getCursorUSR(c));
			int want = !cx->cfg->want_header_function ||
				   cx->cfg->want_header_function(usr, cx->cfg->data);

			free(usr);
			if (!want)
				return CXChildVisit_Continue;
		}
		extract_function(cx, c, in_main);
	} else if (in_main) {
		CXCursor init = clang_Cursor_getVarDeclInitializer(c);

		if (!clang_Cursor_isNull(init) &&
		    clang_getCursorKind(strip(init)) == CXCursor_InitListExpr) {
			char *name = take(clang_getCursorSpelling(c));
			char *path = xasprintf("g:%s", name);

			walk_init_list(cx, strip(init), path, name);
			free(path);
			free(name);
		}
	}
	return CXChildVisit_Continue;
}

static void add_input(CXFile f, CXSourceLocation *stack, unsigned len, CXClientData data)
{
	struct tu_facts *tf = data;

	(void)stack;
	(void)len;
	ALLOC_GROW(tf->input, tf->nr_input, tf->alloc_input);
	tf->input[tf->nr_input++] = file_path(f);
}

static char *diag_text(CXDiagnostic d)
{
	CXFile f;
	unsigned line, col;
	char *msg = take(clang_getDiagnosticSpelling(d));
	char *name, *s;

	clang_getExpansionLocation(clang_getDiagnosticLocation(d), &f, &line, &col, NULL);
	if (!f)
		return msg;
	name = take(clang_getFileName(f));
	s = xasprintf("%s:%u:%u: %s", name, line, col, msg);
	free(name);
	free(msg);
	return s;
}

static const char *parse_error_name(enum CXErrorCode ec)
{
	switch (ec) {
	case CXError_Crashed:
		return "libclang crashed";
	case CXError_InvalidArguments:
		return "libclang rejected the arguments";
	case CXError_ASTReadError:
		return "libclang could not read the input (a missing file named by the command?)";
	default:
		return "libclang failed";
	}
}

int extract_tu(const struct compile_command *cmd, const struct extract_config *cfg,
	       struct tu_facts *tf)
{
	CXIndex index = NULL;
	CXTranslationUnit tu = NULL;
	struct ctx cx;
	enum CXErrorCode ec;
	unsigned nd;
	size_t size = 0;

	memset(tf, 0, sizeof(*tf));
	tf->main_file = xstrdup(cmd->file);
	if (chdir(cmd->directory) < 0) {
		tf->failed = 1;
		tf->error = xasprintf("cannot enter %s", cmd->directory);
		return 0;
	}
	if (access(cmd->file, R_OK) < 0) {
		tf->failed = 1;
		tf->error = xasprintf("%s: cannot read the source file", cmd->file);
		return 0;
	}
	index = clang_createIndex(0, 0);
	ec = clang_parseTranslationUnit2FullArgv(index, NULL, (const char *const *)cmd->argv.v,
						 cmd->argv.nr, NULL, 0,
						 CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles,
						 &tu);
	if (ec != CXError_Success || !tu) {
		tf->failed = 1;
		tf->error = xasprintf("%s (error %d)", parse_error_name(ec), ec);
		goto out;
	}
	nd = clang_getNumDiagnostics(tu);
	for (unsigned i = 0; i < nd && !tf->error; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);

		if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
			tf->failed = 1;
			tf->error = diag_text(d);
		}
		clang_disposeDiagnostic(d);
	}
	clang_getInclusions(tu, add_input, tf);
	if (tf->failed)
		goto out;

	memset(&cx, 0, sizeof(cx));
	cx.tu = tu;
	cx.cfg = cfg;
	cx.tf = tf;
	cx.main_file = clang_getFile(tu, cmd->file);
	if (cx.main_file && clang_getFileContents(tu, cx.main_file, &size)) {
		CXSourceRange all = clang_getRange(clang_getLocationForOffset(tu, cx.main_file, 0),
						   clang_getLocationForOffset(tu, cx.main_file, size));

		scan_tokens(&cx, all, 1);
		cx.file_mt = cx.mt;
		cx.nr_file_mt = cx.nr_mt;
		cx.mt = NULL;
		cx.nr_mt = cx.alloc_mt = 0;
	}
	clang_visitChildren(clang_getTranslationUnitCursor(tu), top_visit, &cx);

	for (int i = 0; i < cx.nr_file_mt; i++)
		free(cx.file_mt[i].name);
	free(cx.file_mt);
	free(cx.mt);
	free(cx.calls);
	free(cx.fnptr);
	free(cx.seen);
	strvec_clear(&cx.macro_typed);
out:
	if (tu)
		clang_disposeTranslationUnit(tu);
	if (index)
		clang_disposeIndex(index);
	return 0;
}

char *extract_clang_version(void)
{
	return take(clang_getClangVersion());
}
