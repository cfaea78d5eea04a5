/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_FACTS_H
#define PAGEREF_FACTS_H

/*
 * Plain facts about one translation unit, as the extractor hands them to
 * the database writer. No libclang type crosses this boundary; strings are
 * owned by the structs and freed by tu_facts_release().
 *
 * Values are access paths (see Documentation/database.md, "Access paths"): p<N> parameter,
 * l:<name> local, g:<name> global, f:<name> function, c<seq> the result of
 * the function's call number seq, #<n> an integer constant, with ->field,
 * .field and [*] steps, & and * prefixes, and macro(value) for a recovered
 * macro expansion. "?" is a value the extractor could not name.
 */

struct fact_arg {
	int idx;
	char *value, *type;
};

struct fact_call {
	int seq;
	const char *kind;		/* "direct", "member", "pointer" */
	char *callee_usr;		/* direct only */
	char *callee_name;
	char *struct_name, *field;	/* member only */
	char *file;
	unsigned line, col;
	char *result_type;
	char *macro;			/* the macro this call came from, or NULL */
	struct fact_arg *arg;
	int nr_arg, alloc_arg;
};

struct fact_flow {
	const char *kind;		/* "assign", "init", "return" */
	char *dst, *src, *type;
	unsigned line;
};

struct fact_refop {
	int seq;
	char *primitive;
	const char *object;		/* "page" or "folio" */
	char *path;
	unsigned line;
};

struct fact_macro {
	char *name, *value, *arg;
	unsigned line, col;
};

struct fact_cond {
	const char *kind;		/* "if", "ternary", "while", "for", "do" */
	char *test, *arg;
	int negated;
	/*
	 * Which branches imply the test has the value !negated (bit 0, the
	 * true branch) or negated (bit 1, the false branch): 3 for a test
	 * alone, 1 inside a && chain, 2 inside a || chain, 0 when neither.
	 */
	int decides;
	unsigned line;
	unsigned true_first, true_last, false_first, false_last;	/* 0: none */
};

struct fact_msgflag {
	char *flag, *path;
	const char *op;			/* "set", "clear", "test" */
	unsigned line, col;
};

/*
 * A store into a command field of db/models/directions.txt: the record at
 * the root of the stored path, the field, the constant (known 0: the
 * stored value is not a constant).
 */
struct fact_cstore {
	char *record, *field, *path;
	long long value;
	int known;
	int param;		/* not a constant: the parameter stored, or -1 */
	unsigned line;
};

struct fact_param {
	char *name, *type;
};

/*
 * The layout behind a field step of an access path (typed channels): the
 * named record that holds the field (an anonymous member's fields belong
 * to the record around it, as paths spell them), what the field holds
 * (a record name, "page", or a scalar's spelling such as netmem_ref) and
 * how: "embed" (a record value), "ptr" (a pointer to it), "ptrptr" (a
 * pointer to pointers to it: struct page **), "array" (an embedded array
 * of it), "ptrarray" (an embedded array of pointers to it), "value" (a
 * scalar). A record "()" with a macro's name as field is
 * the type a tracked macro's expansion has (skb_shinfo: ptr
 * skb_shared_info).
 */
struct fact_field {
	char *record, *field, *type;
	const char *kind;
};

/* The record type of a path base in one function: pN, l:name, g:name, cN. */
struct fact_root {
	char *root, *record;
	const char *kind;
};

struct fact_function {
	char *usr, *name, *file;
	unsigned line, end_line;
	int is_static, is_inline;
	char *return_type;
	struct fact_param *param;
	int nr_param;
#define FACT_LIST(type, name) struct type *name; int nr_##name, alloc_##name
	FACT_LIST(fact_call, call);
	FACT_LIST(fact_flow, flow);
	FACT_LIST(fact_refop, refop);
	FACT_LIST(fact_macro, macro);
	FACT_LIST(fact_cond, cond);
	FACT_LIST(fact_msgflag, msgflag);
	FACT_LIST(fact_cstore, cstore);
	FACT_LIST(fact_root, root);
};

struct fact_ops {
	const char *kind;		/* "init" or "assign" */
	char *struct_name, *field, *function_usr, *function_name, *variable;
	int in_function;		/* index into functions, -1 at file scope */
	char *file;
	unsigned line;
};

/* dst_struct.dst_field = src_struct.src_field, of a function pointer */
struct fact_copy {
	char *struct_name, *field, *src_struct, *src_field;
	int in_function;		/* index into functions, -1 at file scope */
	char *file;
	unsigned line;
};

struct fact_export {
	char *name;
	int gpl;
};

struct tu_facts {
	char *main_file;		/* absolute */
	char **input;			/* absolute paths of every file read */
	int nr_input, alloc_input;
	FACT_LIST(fact_function, function);
	FACT_LIST(fact_ops, ops);
	FACT_LIST(fact_copy, copy);
	FACT_LIST(fact_export, export);
	FACT_LIST(fact_field, field);
	char *error;			/* first error, NULL when the TU parsed */
	int failed;
};

void tu_facts_release(struct tu_facts *tf);
/* one row's strings, the row zeroed (the fact-cache reader drops rows it steps over) */
void fact_ops_release(struct fact_ops *o);
void fact_copy_release(struct fact_copy *o);

#endif
