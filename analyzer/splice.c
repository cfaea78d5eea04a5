// SPDX-License-Identifier: GPL-2.0
/*
 * MSG_SPLICE_PAGES and sendpage: where whether a page is reference-counted
 * depends on a flag of the message. Since 6.5 a sendmsg implementation
 * given MSG_SPLICE_PAGES takes references on the pages of msg->msg_iter
 * (skb_splice_from_iter(), tls_sw_sendmsg_splice()); without it TCP copies,
 * but kTLS's software path still references a bvec's pages for zero-copy
 * encryption, flag or no flag. Up to 6.4, kernel_sendpage() and the
 * sendpage ops referenced the page unconditionally.
 *
 * Whether an effect depends on a flag is read from the code: a call that
 * runs only under a test of the message's flags (tcp_sendmsg_locked()'s
 * skb_splice_from_iter(), tls_sw_sendmsg_locked()'s tls_sw_sendmsg_splice())
 * gives its effects the message's flags path ("needs"), which goes up the
 * call graph until it reaches the function that builds the message: there
 * the flag is set or not, and a guard that clears it (nvme-tcp's
 * !sendpages_ok()) protects exactly these effects and nothing else
 * (guards.c). A reference taken on a path that tests no flag (kTLS's
 * zero-copy sk_msg_zerocopy_from_iter()) needs none, whatever the flags.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guards.h"
#include "path.h"
#include "splice.h"
#include "stores.h"
#include "usage.h"

static int ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == ':';
}

const char splice_pages_flag[] = "MSG_SPLICE_PAGES";
const char splice_true_flag[] = "true";

const char *splice_flag_name(const char *name)
{
	static const char *const flags[] = { splice_pages_flag, "MSG_ZEROCOPY" };

	for (size_t i = 0; name && i < sizeof(flags) / sizeof(flags[0]); i++)
		if (!strcmp(name, flags[i]))
			return flags[i];
	return NULL;
}

/* Is line in the branch of c that implies its test holds (!negated)? */
static int implies_test(const struct solve_cond *c, int line)
{
	int in_true = c->true_first && line >= c->true_first && line <= c->true_last;
	int in_false = c->false_first && line >= c->false_first && line <= c->false_last;

	return (in_true && !c->negated && (c->decides & 1)) ||
	       (in_false && c->negated && (c->decides & 2));
}

static char *control_at(const struct solve_input *in, const struct models *md,
			struct solve_function *f, int line, const char *want, const char **flag,
			int depth);

/* Is path a parameter of f declared bool? */
static int bool_param(const struct solve_function *f, const char *path)
{
	int n;

	if (path_root(path, &n) != ROOT_PARAM || path_steps(path) || n >= f->nr_ptype ||
	    !f->ptype[n])
		return 0;
	return !strcmp(f->ptype[n], "bool") || !strcmp(f->ptype[n], "_Bool");
}

static int is_false(const char *v)
{
	return !strcmp(v, "#0") || strstr(v, "false") != NULL;
}

/*
 * The message a bool local stands for: every store of a true value into it
 * (__ip_append_data(): zc = true) sits under a test of one flag on one
 * message. NULL when one does not, or there is none.
 */
static char *bool_control(const struct solve_input *in, const struct models *md,
			  struct solve_function *f, const char *local, const char *want,
			  const char **flag, int depth)
{
	char *common = NULL;
	const char *common_flag = NULL;
	int stores = 0;

	if (depth >= 3)
		return NULL;
	for (int i = 0; i < f->nr_flow; i++) {
		const char *mf = NULL;
		char *sub;

		if (strcmp(f->flow[i].dst, local) || is_false(f->flow[i].src))
			continue;
		stores++;
		sub = control_at(in, md, f, f->flow[i].line, want, &mf, depth + 1);
		if (!sub || (common && (strcmp(common, sub) || mf != common_flag))) {
			free(sub);
			free(common);
			return NULL;
		}
		if (!common) {
			common = sub;
			common_flag = mf;
		} else {
			free(sub);
		}
	}
	if (!stores)
		return NULL;
	*flag = common_flag;
	return common;
}

/*
 * The message whose flag (want, or any when NULL) decides whether line
 * runs: the tested value resolved in f, or for a local that holds a flag
 * (tcp_sendmsg_locked(): zc = MSG_SPLICE_PAGES under a test of
 * msg->msg_flags, then if (zc == MSG_SPLICE_PAGES)) the one message every
 * store of the flag into it was tested on. NULL when no test decides.
 */
static char *control_at(const struct solve_input *in, const struct models *md,
			struct solve_function *f, int line, const char *want, const char **flag,
			int depth)
{
	for (int i = 0; i < f->nr_cond; i++) {
		const struct solve_cond *c = &f->cond[i];
		const char *name = splice_flag_name(c->test);
		char *r, *common = NULL;
		int stores = 0, ok = 1;

		if (!name && !want && !c->arg && c->test[0] == 'p' && implies_test(c, line) &&
		    bool_param(f, c->test)) {
			/* if (zcopy), a bool parameter: the caller's argument decides */
			*flag = splice_true_flag;
			return xstrdup(c->test);
		}
		if (!name && !c->arg && !strncmp(c->test, "l:", 2) && implies_test(c, line)) {
			/* if (zc): a bool local set to true only under a flag test */
			char *r = bool_control(in, md, f, c->test, want, flag, depth);

			if (r)
				return r;
			continue;
		}
		if (!name || (want && name != want) || !c->arg || !implies_test(c, line))
			continue;
		r = resolve(in, md, f, c->arg, 0, NULL);
		if (path_root(r, NULL) == ROOT_PARAM ||
		    (path_root(r, NULL) == ROOT_LOCAL && path_steps(r) > 0)) {
			*flag = name;
			return r;	/* p1->msg_flags, or l:msg.msg_flags of a message built here */
		}
		if (path_root(r, NULL) != ROOT_LOCAL) {
			/* flags from a call or a global: nobody here decides them */
			free(r);
			continue;
		}
		free(r);
		for (int j = 0; j < f->nr_msgflag && ok; j++) {
			const struct solve_msgflag *m = &f->msgflag[j];
			const char *mf;
			char *sub;

			if (strcmp(m->op, "set") || m->flag != name || strcmp(m->path, c->arg))
				continue;
			stores++;
			sub = depth < 3 ? control_at(in, md, f, m->line, name, &mf, depth + 1) : NULL;
			if (!sub || (common && strcmp(common, sub)))
				ok = 0;
			if (!common)
				common = sub;
			else
				free(sub);
		}
		if (ok && stores) {
			*flag = name;
			return common;
		}
		free(common);
	}
	return NULL;
}

char *splice_control(const struct solve_input *in, const struct models *md,
		     struct solve_function *f, int line, const char **flag)
{
	*flag = NULL;
	return control_at(in, md, f, line, NULL, flag, 0);
}

/*
 * Does a test in f that line depends on say the iterator is not of the
 * kind whose member path reads? tls_sw_sendmsg_locked() zero-copies only
 * under !is_kvec (is_kvec = iov_iter_is_kvec(&msg->msg_iter)): a kvec's
 * pages are not referenced there. The test's meaning is a "kind" line of
 * db/models/splice.txt (the code compares iter_type with an enum).
 */
int splice_kind_excluded(const struct solve_input *in, const struct models *md,
			 struct solve_function *f, int line, const char *path)
{
	for (int i = 0; i < f->nr_cond; i++) {
		struct solve_cond *c = &f->cond[i];
		int in_true = c->true_first && line >= c->true_first && line <= c->true_last;
		int in_false = c->false_first && line >= c->false_first && line <= c->false_last;
		char name[64], member[64], *want;
		const char *iter;
		int hit = 0;

		/* the branch where the test is false */
		if (!c->arg || !((in_true && c->negated && (c->decides & 1)) ||
				 (in_false && !c->negated && (c->decides & 2))))
			continue;
		for (int j = 0; j < md->nr_splice && !hit; j++)
			hit = !strcmp(md->splice[j].name, "kind") &&
			      sscanf(md->splice[j].value, "%63s %63s", name, member) == 2 &&
			      !strcmp(name, c->test);
		if (!hit)
			continue;
		if (!c->rarg)
			c->rarg = resolve(in, md, f, c->arg, 0, NULL);
		iter = c->rarg[0] == '&' ? c->rarg + 1 : c->rarg;
		want = xasprintf("%s.%s", iter, member);
		hit = strstr(path, want) && !ident_char(strstr(path, want)[strlen(want)]);
		free(want);
		if (hit)
			return 1;
	}
	return 0;
}

/* Did f (itself or through a callee) set iterator prefix's member m? */
static int iter_member_set(const struct solve_function *f, const char *prefix, size_t n,
			   const char *m)
{
	for (int k = 0; k < f->nr_write + f->nr_lwrite; k++) {
		const char *dst = k < f->nr_write ? f->write[k].dst : f->lwrite[k - f->nr_write].dst;

		if (!strncmp(dst, prefix, n) && dst[n] == '.' && !strcmp(dst + n + 1, m))
			return 1;
	}
	return 0;
}

/* Did f set iterator prefix as another kind than skip, and never as skip? */
static int iter_set_as_other(const struct models *md, const struct solve_function *f,
			     const char *prefix, size_t n, const char *skip)
{
	if (iter_member_set(f, prefix, n, skip))
		return 0;
	for (int i = 0; i < md->nr_writes; i++) {
		char d[64];
		const char *m = stores_iter_member(md, i, d);

		if (m && strcmp(m, skip) && iter_member_set(f, prefix, n, m))
			return 1;
	}
	return 0;
}

/*
 * Does path still go through a member of an iterator (writes.txt's
 * iov_iter_bvec(): p0->bvec) of a message built in this function, or of
 * one whose iterator f initialised as another kind (kernel_sendmsg()'s
 * iov_iter_kvec() on its caller's message)? Then the effect on that
 * member's pages does not happen.
 */
static int iter_left_one(const struct models *md, const struct solve_function *f,
			 const char *path)
{
	int local = path_root(path, NULL) == ROOT_LOCAL;

	if (!local && !f)
		return 0;
	for (int i = 0; i < md->nr_writes; i++) {
		char d[64], step[72];
		const char *m = stores_iter_member(md, i, d);

		if (!m)
			continue;
		snprintf(step, sizeof(step), ".%s", m);
		for (const char *p = strstr(path, step); p; p = strstr(p + 1, step))
			if (!ident_char(p[strlen(step)]) &&
			    (local || iter_set_as_other(md, f, path, p - path, m)))
				return 1;
	}
	return 0;
}

char *splice_drop_left(const struct models *md, const struct solve_function *f, char *path)
{
	char *out = NULL;

	const char *a = path;
	char *one;

	while ((one = path_next_alternative(&a))) {
		if (iter_left_one(md, f, one))
			free(one);
		else
			out = path_or(out, one);
	}
	free(path);
	return out;
}

int splice_iter_left(const struct models *md, const struct solve_function *f, const char *path)
{
	char *kept = splice_drop_left(md, f, xstrdup(path));
	int left = !kept;

	free(kept);
	return left;
}

void splice_learn_copies(struct models *md, const struct strvec *dst, const struct strvec *src)
{
	for (int round = 0, changed = 1; changed && round < 4; round++) {
		changed = 0;
		for (size_t i = 0; i < dst->nr; i++) {
			if (!splice_is_sendpage(md, src->v[i]) || splice_is_sendpage(md, dst->v[i]))
				continue;
			md->splice = xrealloc(md->splice, (md->nr_splice + 1) * sizeof(*md->splice));
			md->splice[md->nr_splice].name = xstrdup("sendpage");
			md->splice[md->nr_splice].value = xstrdup(dst->v[i]);
			md->nr_splice++;
			changed = 1;
		}
	}
}

int splice_model_has(const struct models *md, const char *kind, const char *name)
{
	for (int i = 0; i < md->nr_splice; i++)
		if (!strcmp(md->splice[i].name, kind) && !strcmp(md->splice[i].value, name))
			return 1;
	return 0;
}

int splice_is_sendpage(const struct models *md, const char *name)
{
	return splice_model_has(md, "sendpage", name);
}

void splice_socket_kinds(const struct models *md, struct solve_input *in)
{
	for (int g = 0; g < in->nr_fn; g++) {
		struct solve_function *f = &in->fn[g];

		f->sock_kind = (f->layer && splice_model_has(md, "ulp", f->layer) ? 1 : 0) |
			       (f->proto_ops_var && splice_model_has(md, "private-ops", f->proto_ops_var) ?
				2 : 0);
	}
}

int splice_flag_set(const struct solve_input *in, const struct models *md,
		    struct solve_function *f, const char *needs, const char *flag, int line,
		    const char *page, unsigned *excl, char **why)
{
	char *base = path_base_token(needs);
	unsigned all = ~0u;
	int sets = 0, assigned = 0;

	/*
	 * The last plain assignment of the flags before the call
	 * (msg.msg_flags = MSG_DONTWAIT) overrides any setting before it;
	 * this also keeps apart two messages named alike in different blocks.
	 */
	for (int i = 0; i < f->nr_lwrite; i++)
		if (f->lwrite[i].line <= line && f->lwrite[i].line > assigned &&
		    !strcmp(f->lwrite[i].dst, needs))
			assigned = f->lwrite[i].line;
	for (int i = 0; i < f->nr_msgflag; i++) {
		const struct solve_msgflag *m = &f->msgflag[i];
		char *mb;
		int same;

		if (strcmp(m->op, "set") || m->flag != flag || m->line > line || m->line < assigned)
			continue;
		/* "?": set on a value the extractor could not name, perhaps this one */
		mb = strcmp(m->path, "?") ? path_base_token(m->path) : xstrdup(base);
		same = !strcmp(mb, base);
		free(mb);
		/* set on one branch, the page put in on the other: not this page's flag */
		if (!same || entered_apart(f, page, line, m->line))
			continue;
		sets++;
		all &= guard_excludes(in, md, f, m->line, page, why, 1);
	}
	free(base);
	*excl = sets ? all : 0;
	return sets > 0;
}

void splice_model_effects(struct solve_input *in, const struct models *md, void *ctx,
			  void (*add)(void *ctx, struct solve_function *f, const char *op,
				      const char *path))
{
	for (int i = 0; i < md->nr_splice; i++) {
		char name[128], op[16], path[256];

		if (strcmp(md->splice[i].name, "effect") ||
		    sscanf(md->splice[i].value, "%127s %15s %255s", name, op, path) != 3)
			continue;
		for (int j = 0; j < in->nr_fn; j++)
			if (!strcmp(in->fn[j].name, name))
				add(ctx, &in->fn[j], op, path);
	}
}

char *splice_bool_arg(const struct solve_call *call, const char *needs)
{
	int p;

	/* the argument as written: a bool local's stores say more than its value */
	if (path_root(needs, &p) != ROOT_PARAM || p >= call->nr_arg || !call->arg[p])
		return NULL;
	return path_bind(needs, p, call->arg[p]);
}

char *splice_bool_needs(const struct solve_input *in, const struct models *md,
			struct solve_function *f, char *needs, const char **flag, int *never)
{
	char *r = NULL;

	*never = 0;
	if (is_false(needs)) {
		*never = 1;	/* rds_message_copy_from_user(rm, from, false) */
	} else if (path_root(needs, NULL) == ROOT_PARAM) {
		return needs;	/* still the caller's to say */
	} else if (path_root(needs, NULL) == ROOT_LOCAL && !path_steps(needs)) {
		r = bool_control(in, md, f, needs, NULL, flag, 0);
	}
	free(needs);
	if (!r)
		*flag = NULL;
	return r;
}
