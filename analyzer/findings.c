// SPDX-License-Identifier: GPL-2.0
/*
 * Findings: memory of a risky origin reaching a reference-count effect.
 *
 * A sink site is a call in F to G where G has an effect (get, put, ...)
 * on a parameter path and F's argument, resolved inside F, is not F's own
 * parameter: the page is F's business. If the resolved page comes from an
 * allocator of a risky origin (db/models/origins.txt) through a
 * buffer-to-page conversion, or from the stack, that is a finding. Memory
 * that F got from another function's return (a helper that kmallocs) is
 * followed through that function's ret_origin. The witness path runs from
 * the allocation through the sink call down G's chain of calls to the
 * _refcount primitive; the entry point is the first call on that chain
 * that crosses into another layer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "binding.h"
#include "channels.h"
#include "dispatch.h"
#include "fields.h"
#include "findings.h"
#include "hash.h"
#include "layer.h"
#include "join.h"
#include "origin_rules.h"
#include "path.h"
#include "producers.h"
#include "resolve.h"
#include "sink.h"
#include "usage.h"

/* The rule's severity for the analysed kernel (db/models/versions.txt). */
static const char *severity(const struct models *md, const char *rule)
{
	const char *entry = model_get(md->versions, md->nr_versions, rule);
	int major, minor;
	char before[16], from[16];

	if (!entry || sscanf(entry, "%d.%d %15s %15s", &major, &minor, before, from) != 4)
		return "error";
	/* an unknown version is taken as current: the stricter reading */
	if (md->kernel_version && md->kernel_version < major * 100 + minor)
		return !strcmp(before, "note") ? "note" : !strcmp(before, "warning") ? "warning" : "error";
	return !strcmp(from, "note") ? "note" : !strcmp(from, "warning") ? "warning" : "error";
}

static void fingerprint(struct finding *fi, const struct solve_input *in)
{
	struct hasher *h = hasher_new();

	hasher_add_str(h, fi->rule);
	hasher_add_str(h, in->fn[fi->sink_fn].layer);
	hasher_add_str(h, in->fn[fi->sink_fn].name);
	hasher_add_str(h, fi->sink_api);
	hasher_add_str(h, in->fn[fi->source_fn].name);
	hasher_add_str(h, fi->origin_expr);
	hasher_finish(h, fi->fingerprint);
}

/* Walk G's chain from the sink call down to the primitive, along the effects' links. */
static void chain_steps(struct solve_input *in, struct finding *fi, int g,
			const struct solve_effect *e)
{
	while (e) {
		struct solve_function *gf = &in->fn[g];
		struct solve_call *c = e->via;

		if (!c) {
			finding_add_step(fi, g, gf->file_id, gf->line,
				 e->model ? xasprintf("%s: takes a reference on %s's pages (%s, db/models/splice.txt)",
						      gf->name, e->path, e->op) :
				 xasprintf("%s: atomic update of %s's _refcount (%s)", gf->name, e->path,
					   e->op));
			return;
		}
		finding_add_step(fi, g, c->file_id, c->line,
			 xasprintf("%s calls %s%s (%s on %s)", gf->name, c->callee < 0 ? "indirectly " : "",
				   in->fn[e->via_fn].name, e->op, e->path));
		if (fi->entry_call == 0 && strcmp(gf->layer, in->fn[e->via_fn].layer))
			fi->entry_call = c->id;
		g = e->via_fn;
		e = effect_below(in, e);
	}
}

/* Does a step of path read one of the fields in db/models/io-pages.txt? */
static int reads_io_field(const struct models *md, const char *path)
{
	return producers_io_field(md, path) != NULL;
}

/*
 * Does f read the page it passes to c from a block I/O descriptor
 * (sg_page(sg), bv.bv_page)? Only where f reads it: the callee's own path
 * does not go through the field, or f's own stores replaced that part of
 * it (nvme-tcp puts a bio's page into the bvec of the message it sends:
 * bound, the page after those stores, is what f read).
 */
static int io_read(const struct solve_input *in, const struct models *md,
		   const struct solve_function *f, struct solve_call *c, int n,
		   const struct solve_effect *e, const char *bound)
{
	const char *arg;
	char *raw;
	int rewritten;

	if (strcmp(e->op, "get") && strcmp(e->op, "tryget") && strcmp(e->op, "put"))
		return 0;
	/* a completion callback (bi_end_io) finishes I/O its own driver built */
	for (int i = 0; f->stored_in && i < md->nr_io_pages; i++)
		if (!strcmp(md->io_pages[i].name, "callback") &&
		    !strcmp(md->io_pages[i].value, f->stored_in))
			return 0;
	if (!sink_io_consumer(md, f))
		return 0;
	arg = resolved_arg(in, md, c, n, NULL);
	if (!arg)
		return 0;
	raw = path_bind(e->path, n, arg);
	/*
	 * only for a message f built: the callee reads the bvec of the
	 * message's iterator, which f filled from a bio (a bio's own
	 * fields rewritten by stores say nothing of who reads them)
	 */
	/* (bound is one alternative of the page: raw may have others) */
	rewritten = raw && strstr(e->path, "msg_iter") && !path_has_alternative(raw, bound) &&
		    !strstr(bound, e->path + 2);
	free(raw);
	/* ... read from what f was given (p0->iter.bvec->bv_page), not from its own stack bvec */
	if (rewritten)
		return path_root(bound, NULL) == ROOT_PARAM && reads_io_field(md, bound);
	return !reads_io_field(md, e->path) && reads_io_field(md, arg);
}

/*
 * Does f pass, as argument n of c, a carrier on its own stack (&l:msg,
 * &l:req.bio; not &l:rb->bio, a field of an object a local points to)
 * holding a page bound read out of an object (p0->out.data, not a field
 * of a struct on f's stack)?
 */
static int stack_carrier(const struct solve_call *c, int n, const char *bound)
{
	char *inner = NULL, *steps = NULL, *name = path_macro(bound, &inner, &steps);
	const char *page = name ? inner : bound;
	int ok = n < c->nr_arg && c->arg[n] && !strncmp(c->arg[n], "&l:", 3) &&
		 !strstr(c->arg[n], "->");

	switch (path_root(page, NULL)) {
	case ROOT_PARAM:
	case ROOT_GLOBAL:
		break;
	case ROOT_LOCAL:
		ok &= !strncmp(page + 2 + strcspn(page + 2, ".-["), "->", 2);
		break;
	default:
		ok = 0;
	}
	free(name);
	free(inner);
	free(steps);
	return ok;
}

/*
 * Does f read the page it passes to c out of a field of an object whose
 * type it knows (r->pages[i], sg_page(&r->slot[i].sg)), the callee taking
 * or dropping a reference on the page itself? Then f is the channel's
 * consumer; the callers of f, seeing the effect on the field, are not.
 */
static int heap_read(const struct solve_input *in, int fn, const struct solve_call *c, int n,
		     const struct solve_effect *e, const char *bound)
{
	char *key;

	if (strcmp(e->op, "get") && strcmp(e->op, "tryget") && strcmp(e->op, "put"))
		return 0;
	if (strchr(bound, '|'))
		return 0;
	/*
	 * or on a page f read out of the object and put into a carrier on
	 * its own stack (bvec_set_virt(&bv, conn->out.data), then
	 * sock_sendmsg(sock, &msg)): f is the consumer, its callers only see
	 * the object's field
	 */
	if (path_steps(e->path) > 0 && !stack_carrier(c, n, bound))
		return 0;
	key = layouts_heap_key(in->layouts, fn, bound);
	free(key);
	return key != NULL;
}

/*
 * What a finding's confidence says (Documentation/database.md): high, a
 * witness from one named risky allocation to the reference in which no
 * step is assumed; medium, one step assumed (an indirect call no rule
 * vetted, a join by the object's type, or an allocation that can be one
 * of several kinds, kvmalloc()); low, the origin not seen (unknown, io,
 * inferred from a field's other stores) or more than one step assumed.
 * seen: the origin is an allocation the witness names.
 */
static const char *confidence(int seen, const char *origin, int assumed)
{
	if (!seen)
		return "low";
	assumed += strchr(origin, ',') != NULL;
	return assumed == 0 ? "high" : assumed == 1 ? "medium" : "low";
}

/* A new finding at the end of out, its other fields zero. */
static struct finding *new_finding(struct finding_list *out, const char *rule, const char *origin,
				   char *expr, const char *op, int source_fn, int sink_fn)
{
	struct finding *fi;

	ALLOC_GROW(out->f, out->nr, out->alloc);
	fi = &out->f[out->nr++];
	memset(fi, 0, sizeof(*fi));
	fi->rule = rule;
	fi->origin = origin;
	fi->origin_expr = expr;
	fi->op = op;
	fi->source_fn = source_fn;
	fi->sink_fn = sink_fn;
	return fi;
}

/* What the sink sites of one findings_run() share: no file-scope state. */
struct sink_ctx {
	const struct field_map *fields;	/* heap fields' origins (fields.c) */
	void **veto_state;		/* each veto's (veto_list.h), for this run */
};

/* Does a veto of veto_list.h (the early ones, or the others) say this site cannot happen? */
static int vetoed(struct sink_ctx *sc, const struct solve_input *in, const struct models *md,
		  const struct solve_function *f, const struct solve_call *c,
		  const struct solve_effect *e, int early)
{
	for (size_t i = 0; i < nr_sink_vetoes; i++)
		if (sink_vetoes[i]->early == early &&
		    sink_vetoes[i]->vetoes(sc->veto_state[i], in, md, f, c, e))
			return 1;
	return 0;
}

/*
 * The bind rules' say at a sink site (bind.h): SITE_NONE from any rule
 * ends it; otherwise the last rule with a say decides, and with none the
 * site is one when F does not have the page from its caller.
 */
static int site_gate(struct sink_site *site, struct store_ctl *ctl)
{
	int r = SITE_DEFAULT;

	for (size_t i = 0; i < nr_bind_rules; i++) {
		int v;

		if (!bind_rules[i]->site_gate)
			continue;
		v = bind_rules[i]->site_gate(site, ctl);
		if (v == SITE_NONE)
			return SITE_NONE;
		if (v != SITE_DEFAULT)
			r = v;
	}
	return r == SITE_DEFAULT ? path_root(site->bound, NULL) != ROOT_PARAM : r;
}

/*
 * One page at a sink site: bound, the page as F passes it (one
 * alternative of what its stores put there); bound and ctl->needs are
 * the callee's to free.
 */
static void sink_page(struct solve_input *in, const struct models *md, struct sink_ctx *sc,
		      int fi_idx, struct solve_call *c, int g_idx, const struct solve_effect *e,
		      int n, char *bound, struct store_ctl *ctlp, struct finding_list *out)
{
	struct solve_function *f = &in->fn[fi_idx];
	struct solve_function *g = &in->fn[g_idx];
	char *arg;
	const char *rule = NULL, *origin = NULL;
	int ofn, unknown, r;
	struct store_ctl ctl = *ctlp;
	struct finding *fi;
	struct sink_site site = { .in = in, .md = md, .fields = sc->fields, .fn = fi_idx, .c = c,
				  .g = g_idx, .e = e, .n = n, .ofn = -1 };
	const struct bind_site bs = { in, md, f, c, g_idx, e, 0, &ctl };
	const struct sink_family *family = NULL;

	site.bound = bound;
	r = site_gate(&site, &ctl);
	free(ctl.needs);
	site.io = !site.sent_here && io_read(in, md, f, c, n, e, bound);
	site.heap = !site.sent_here && !site.io && heap_read(in, fi_idx, c, n, e, bound);
	if (r < 0 || (r == 0 && !site.io && !site.heap) ||
	    /* a site that cannot happen (kTLS, or a tap's socket, where the sockets can never be that) */
	    vetoed(sc, in, md, f, c, e, 0)) {
		free(bound);
		free(site.guard);
		return;
	}
	/* what cannot be there taken out (an iterator of another kind: rule_splice.c) */
	for (size_t i = 0; bound && i < nr_bind_rules; i++)
		if (bind_rules[i]->narrow)
			bound = bind_rules[i]->narrow(&bs, bound);
	if (!bound) {
		free(site.guard);
		return;
	}
	arg = xstrdup(resolved_arg(in, md, c, n, &site.ofn));
	site.bound = bound;
	/* the first family that claims the site decides (sink_list.h) */
	for (size_t k = 0; k < nr_sink_families && !family; k++)
		if (sink_families[k]->claim(&site))
			family = sink_families[k];
	rule = site.rule;
	for (size_t i = 0; i < nr_bind_rules; i++)
		if (bind_rules[i]->site_rule)
			rule = bind_rules[i]->site_rule(&site, rule);
	origin = site.origin;
	unknown = site.unknown;
	/* the callee only touches the count when a guard ruled this origin out */
	if (rule && !unknown && (e->excl & origin_bits(origin)))
		rule = NULL;
	if (!rule) {
		free(arg);
		free(bound);
		free(site.expr);
		free(site.guard);
		return;
	}
	if (site.ofn < 0)
		site.ofn = fi_idx;
	ofn = site.ofn;

	fi = new_finding(out, rule, origin, site.expr, e->op, ofn, fi_idx);
	fi->sink_call = c;
	fi->sink_api = c->callee_name;
	fi->sink_path = bound;
	/* steps in the value as written (bv.bv_page) and as resolved: fields crossed */
	fi->field_steps = path_steps(c->arg[n]) + path_steps(arg);
	{
		/* and the fields the page was stored in on the way (sg.page_link, iov.iov_base) */
		char *raw = path_bind(e->path, n, arg);

		if (raw && path_steps(raw) > path_steps(bound))
			fi->field_steps += path_steps(raw) - path_steps(bound);
		free(raw);
	}
	fi->severity = severity(md, rule);
	/* an origin we cannot see (unknown, io) is a possibility, not a fact */
	if (unknown && !strcmp(fi->severity, "error"))
		fi->severity = "warning";
	family->witness(&site, fi);
	for (size_t i = 0; i < nr_bind_rules; i++)
		if (bind_rules[i]->site_witness)
			bind_rules[i]->site_witness(&site, fi);
	finding_add_step(fi, fi_idx, c->file_id, c->line,
		 xasprintf("%s passes %s to %s%s, which does %s on %s", f->name, bound,
			   c->callee < 0 ? "(indirectly) " : "", g->name, e->op, e->path));
	if (strcmp(f->layer, g->layer))
		fi->entry_call = c->id;
	chain_steps(in, fi, g_idx, e);
	if (!fi->entry_call)
		fi->entry_call = c->id;

	/* guarded, and by what (rule_guards.c) */
	for (size_t i = 0; i < nr_bind_rules; i++)
		if (bind_rules[i]->site_guard)
			bind_rules[i]->site_guard(&site, arg, fi);
	free(site.guard);
	/*
	 * the steps assumed: indirect calls on the way down whose target no
	 * rule vetted for the object (the socket rule vets the one into a
	 * kTLS sendmsg it marks: refeffect.ulp)
	 */
	fi->unresolved = e->indirect - (e->indirect && e->ulp) + (strchr(bound, '|') != NULL);
	fi->confidence = confidence(!unknown && !site.inferred, origin, fi->unresolved);
	fingerprint(fi, in);
	free(arg);
	for (int i = 0; i < out->nr - 1; i++)
		if (!strcmp(out->f[i].fingerprint, fi->fingerprint)) {
			finding_release(fi);
			out->nr--;
			return;
		}
}

/*
 * A call of F to a callee with effect e: the page F passes, each
 * alternative of it on its own (a page stored on one branch of an
 * if/else and a buffer's on the other are two pages, each with its own
 * origin, flag and guard).
 */
static void sink_site(struct solve_input *in, const struct models *md, struct sink_ctx *sc,
		      int fi_idx, struct solve_call *c, int g_idx, const struct solve_effect *e,
		      struct finding_list *out)
{
	struct solve_function *f = &in->fn[fi_idx];
	struct store_ctl ctl = { NULL, NULL };
	const char *a;
	char *bound, *alt;
	int n;

	if (path_root(e->path, &n) != ROOT_PARAM || n >= c->nr_arg || !c->arg[n])
		return;
	if (vetoed(sc, in, md, f, c, e, 1))
		return;	/* a site that cannot be one (a free: rule_frees.c) */
	bound = bind_at_ctl(in, md, c, e->path, &ctl);
	if (!bound) {
		free(ctl.needs);
		return;
	}
	if (!path_top_bar(bound)) {
		sink_page(in, md, sc, fi_idx, c, g_idx, e, n, bound, &ctl, out);
		return;
	}
	a = bound;
	while ((alt = path_next_alternative(&a))) {
		struct store_ctl one = { ctl.needs ? xstrdup(ctl.needs) : NULL, ctl.flag };

		sink_page(in, md, sc, fi_idx, c, g_idx, e, n, alt, &one, out);
	}
	free(ctl.needs);
	free(bound);
}

void finding_release(struct finding *fi)
{
	free(fi->origin_expr);
	free(fi->sink_path);
	free(fi->guard);
	for (int i = 0; i < fi->nr_step; i++)
		free(fi->step[i].what);
	free(fi->step);
}

void findings_release(struct finding_list *out)
{
	for (int i = 0; i < out->nr; i++)
		finding_release(&out->f[i]);
	free(out->f);
	for (int i = 0; i < out->nr_cs; i++) {
		free(out->cs[i].channel);
		free(out->cs[i].object);
		free(out->cs[i].page);
	}
	free(out->cs);
	memset(out, 0, sizeof(*out));
}

/* The producers of heap channels, for table channel_store, in producer order. */
static void list_stores(const struct solve_input *in, const struct models *md,
			const struct store_effects *ps, struct finding_list *out)
{
	for (int j = 0; j < ps->nr_p; j++) {
		const struct producer *p = &ps->p[j];
		const struct solve_function *pf = &in->fn[p->fn];
		struct channel_store *c;
		const char *entry, *origin = NULL;
		char *expr = NULL;

		if (!p->key)
			continue;
		ALLOC_GROW(out->cs, out->nr_cs, out->alloc_cs);
		c = &out->cs[out->nr_cs++];
		{
			struct strvec chs = STRVEC_INIT;

			channels_of(in->layouts, p->fn, p->dst, &chs);
			c->channel = xstrdup(chs.nr ? chs.v[0] : p->key);
			strvec_clear(&chs);
		}
		c->object = xstrdup(p->key);
		c->fn = p->fn;
		c->alloc_fn = p->alloc_fn;
		c->file_id = p->call ? p->call->file_id : pf->file_id;
		c->line = p->call ? p->call->line : p->line;
		c->page = xstrdup(p->page);
		entry = find_origin(md, p->page, &expr);
		c->risky = 0;
		c->origin = "unknown";
		if (entry && !origin_loaded_from(p->page, expr)) {
			c->risky = classify_origin(md, entry, expr, p->page, "get", &origin) != NULL;
			if (!origin)
				origin = origin_kind(md, entry);
			c->origin = origin ? origin : "unknown";
		}
		free(expr);
	}
}


/*
 * Does the producer hand its buffer to the consumer's storage stack: is a
 * function of the consumer's own layer other than the producer itself on
 * its way down (__nvme_submit_sync_cmd() for nvme-tcp's send)? Every
 * transport of a stack sends what its core submits. A driver that maps a
 * buffer into its own queue (virtio_blk's report zones, through its own
 * virtblk_submit_zone_report()) feeds only itself, not drbd or nbd; and in
 * a class directory of independent drivers (drivers/block, drivers/scsi)
 * the core must be in the consumer's own file. Stricter than the truth
 * (SCSI's scsi_execute_cmd() feeds libfc from another layer): a consumer
 * left unjoined keeps its io finding, nothing is lost.
 */
static int shared_core(const struct solve_input *in, const struct store_effects *ps,
		       const struct producer *p, const struct solve_function *cons)
{
	/*
	 * drivers/block and drivers/scsi hold independent drivers side by
	 * side: a consumer whose layer is such a class directory shares a
	 * core only with code in its own file
	 */
	int bare_class = layer_family_len(cons->layer) == strlen(cons->layer) &&
			 !strncmp(cons->layer, "drivers/", 8);

	if (!layer_same_family(in->fn[p->fn].layer, cons->layer))
		return 0;
	/*
	 * the stack's core stores the page itself (nvme_setup_discard() puts
	 * its range buffer into the request's special_vec, for the transport
	 * that calls it from its queue_rq to send)
	 */
	if (!bare_class && layer_same_driver(in->fn[p->fn].dir, cons->dir) && p->se_fn < 0)
		return 1;
	/*
	 * the way down passes through the consumer's own driver (its
	 * directory: a layer such as drivers/net/wireless holds many drivers,
	 * and an SDIO driver's buffer put into an MMC request's scatterlist
	 * is no USB driver's urb)
	 */
	for (int g = p->se_fn, k = p->se_idx; g >= 0 && k >= 0;) {
		const struct store_effect *e = &ps->se[g][k];

		if (g != p->fn && layer_same_driver(in->fn[g].dir, cons->dir) &&
		    (!bare_class || in->fn[g].file_id == cons->file_id))
			return 1;
		if (!e->via)
			break;
		g = e->via_fn;
		k = e->via_se;
	}
	return 0;
}

/* The producer's half of a joined witness: allocation, calls down, the store. */
static void producer_way(struct solve_input *in, const struct store_effects *ps,
			 const struct producer *p, struct finding *nf);

static void producer_steps(struct solve_input *in, const struct store_effects *ps,
			   const struct producer *p, const char *expr, const char *origin,
			   struct finding *nf)
{
	struct solve_function *pf = &in->fn[p->fn], *af = &in->fn[p->alloc_fn];
	char name[64];
	long long file_id;
	int line;

	snprintf(name, sizeof(name), "%.*s", (int)strcspn(expr, "("), expr);
	line = sink_line_of_origin(af, name, &file_id);
	nf->source_line = line;
	finding_add_step(nf, p->alloc_fn, file_id, line, xasprintf("%s: %s is %s memory", af->name, expr, origin));
	/* a helper that filled the caller's array: the way down below says it */
	if (af != pf && !(p->call && p->se_fn >= 0 && ps->se[p->se_fn][p->se_idx].fixed))
		finding_add_step(nf, p->fn, pf->file_id, pf->line,
			 xasprintf("%s gets it from %s", pf->name, af->name));
	producer_way(in, ps, p, nf);
}

/* The way p's page goes from p's function into the store (the steps after its memory). */
static void producer_way(struct solve_input *in, const struct store_effects *ps,
			 const struct producer *p, struct finding *nf)
{
	struct solve_function *pf = &in->fn[p->fn];

	if (!p->call) {
		finding_add_step(nf, p->fn, pf->file_id, p->line,
			 xasprintf("%s puts %s into %s", pf->name, p->page, p->dst));
		return;
	}
	finding_add_step(nf, p->fn, p->call->file_id, p->call->line,
		 p->se_fn >= 0 && ps->se[p->se_fn][p->se_idx].fixed ?
		 xasprintf("%s passes %s to %s, which fills it", pf->name, p->dst, in->fn[p->se_fn].name) :
		 xasprintf("%s passes %s to %s", pf->name, p->page, in->fn[p->se_fn].name));
	for (int g = p->se_fn, k = p->se_idx; g >= 0 && k >= 0;) {
		const struct store_effect *e = &ps->se[g][k];
		struct solve_function *gf = &in->fn[g];

		if (!e->via) {
			finding_add_step(nf, g, gf->file_id, e->line,
				 xasprintf("%s puts %s into %s", gf->name, e->path, e->dst));
			return;
		}
		finding_add_step(nf, g, e->via->file_id, e->via->line, e->fixed ?
			 xasprintf("%s passes %s to %s, which fills it", gf->name, e->dst,
				   in->fn[e->via_fn].name) :
			 xasprintf("%s passes %s to %s", gf->name, e->path, in->fn[e->via_fn].name));
		g = e->via_fn;
		k = e->via_se;
	}
}

/*
 * A new finding for consumer out->f[i] joined with producer p: the
 * producer's steps, the join (its text), then the consumer's steps after
 * its first. Dropped again when a finding of that fingerprint exists.
 */
static void add_joined(struct solve_input *in, const struct models *md,
		       const struct store_effects *ps, struct finding_list *out, int i,
		       const struct producer *p, const struct producer *copy, const char *rule,
		       const char *origin, char *expr, const char *confidence, char *join)
{
	struct finding *fi, *nf;
	int dup = 0;

	nf = new_finding(out, rule, origin, expr, out->f[i].op, p->alloc_fn, out->f[i].sink_fn);
	fi = &out->f[i];	/* the list may have moved */
	nf->sink_call = fi->sink_call;
	nf->sink_api = fi->sink_api;
	nf->sink_path = xstrdup(fi->sink_path);
	nf->field_steps = fi->field_steps + 1;
	nf->severity = severity(md, rule);
	nf->confidence = confidence;
	nf->guarded = fi->guarded;
	nf->guard = fi->guard ? xstrdup(fi->guard) : NULL;
	nf->entry_call = fi->entry_call;
	producer_steps(in, ps, p, expr, origin, nf);
	if (copy) {
		/* p stored it into one object's field, copy reads it back into another's */
		const struct solve_function *cf = &in->fn[copy->fn];

		finding_add_step(nf, copy->fn, cf->file_id, copy->call ? copy->call->line : copy->line,
			 xasprintf("%s reads it back as %s (joined on %s)", cf->name, copy->page, p->key));
		producer_way(in, ps, copy, nf);
	}
	finding_add_step(nf, fi->sink_fn, fi->sink_call->file_id, fi->sink_call->line, join);
	for (int k = 1; k < fi->nr_step; k++)
		finding_add_step(nf, fi->step[k].fn, fi->step[k].file_id, fi->step[k].line,
			 xstrdup(fi->step[k].what));
	fingerprint(nf, in);
	for (int k = 0; k < out->nr - 1 && !dup; k++)
		dup = !strcmp(out->f[k].fingerprint, nf->fingerprint);
	if (dup) {
		finding_release(nf);
		out->nr--;
	}
}

/* What the stores into one heap object's field hold (join_heap()). */
struct heap_stores {
	int risky, safe, unknown;
};

/*
 * Does a store into pkey, made in function fn, count for a consumer in
 * directory cons reading key? A key of one field step names an object
 * that is itself the page's holder (fxd_ring.pages[*], but also
 * scatterlist.page_link for a bare struct scatterlist *): every subsystem
 * has such objects, so only a store of the consumer's own driver
 * (layer_same_driver(): its directory, not its layer, which may hold a
 * hundred wireless drivers) is taken to write the ones it reads. So is a
 * key that ends in a block I/O carrier's page field (io-pages.txt:
 * bio.bi_io_vec.bv_page, ib_umem.sgt_append.sgt.sgl.page_link): every
 * driver has bios and scatterlists, and what one driver stores into its
 * own says nothing of another's (hibernation's hib_end_io() and
 * dm-integrity's bios). A longer key of another field
 * (mthca_dev.eq_table.icm_page) names the containing object, whoever
 * stores into it. A key seen from a containing object's root names the
 * same field as the contained object's own (layouts_keys_alias():
 * radeon_bo_move()'s bo->ttm->sg, radeon_ttm_tt_unpin_userptr()'s
 * ttm->sg); the shorter key is what the rules above read.
 */
static int key_counts(const struct solve_input *in, const struct models *md, int fn,
		      const char *pkey, const char *key, const char *cons)
{
	/* the object as the shorter key names it: its type and path decide */
	const char *k = strlen(pkey) < strlen(key) ? pkey : key;

	if (!layouts_keys_alias(in->layouts, pkey, key))
		return 0;
	if (strchr(strchr(k, '.') + 1, '.') && !producers_io_field(md, k))
		return 1;
	return layer_same_driver(in->fn[fn].dir, cons);
}

/* Does the producer p count for a consumer in directory cons reading key (key_counts())? */
static int producer_counts(const struct solve_input *in, const struct models *md,
			   const struct producer *p, const char *key, const char *cons)
{
	return p->key && key_counts(in, md, p->fn, p->key, key, cons);
}

/*
 * The stores into key: producers by their memory, and the stores left as
 * effects of a function nothing calls (its pages are its callers', which
 * the analysis does not have) as unknown.
 */

static struct heap_stores heap_stores_of(const struct solve_input *in, const struct models *md,
					 const struct store_effects *ps, const char *key,
					 const char *op, const char *cons, int depth)
{
	struct heap_stores h = { 0, 0, 0 };

	for (int j = 0; j < ps->nr_p; j++) {
		const struct producer *p = &ps->p[j];
		const char *entry, *origin = NULL;
		char *expr = NULL, *from;

		if (!producer_counts(in, md, p, key, cons))
			continue;
		entry = find_origin(md, p->page, &expr);
		/*
		 * a page copied from another object's page field
		 * (sg_set_page(sg, cmd->tvc_upages[i])) is what that field's
		 * stores put there: safe when every one of them is, risky
		 * when one is (join_heap() names it); one copy deep
		 */
		from = !entry && !depth ? layouts_heap_key(in->layouts, p->fn, p->page) : NULL;
		if (from && strcmp(from, key)) {
			struct heap_stores f = heap_stores_of(in, md, ps, from, op, cons, depth + 1);

			if (f.risky)
				h.risky++;
			else if (f.safe && !f.unknown)
				h.safe++;
			else
				h.unknown++;
			free(from);
			free(expr);
			continue;
		}
		free(from);
		if (!entry || origin_loaded_from(p->page, expr))
			h.unknown++;
		else if (classify_origin(md, entry, expr, p->page, op, &origin))
			h.risky++;
		else
			h.safe++;
		free(expr);
	}
	for (int g = 0; g < ps->nr_fn; g++) {
		if (in->fn[g].nr_caller + in->fn[g].nr_icaller)
			continue;
		for (int k = 0; k < ps->nr[g]; k++) {
			const struct store_effect *e = &ps->se[g][k];
			char *k2 = layouts_heap_key(in->layouts, g, e->dst);
			char *from = NULL;

			if (!k2 || !key_counts(in, md, g, k2, key, cons)) {
				free(k2);
				continue;
			}
			/*
			 * a page the root was given in an object's page field
			 * (radeon's ttm->pages[i], put into ttm->sg by
			 * sg_alloc_table_from_pages()): safe when every store
			 * into that field is
			 */
			if (!depth)
				from = layouts_heap_key(in->layouts, g, e->path);
			if (from && strcmp(from, key)) {
				struct heap_stores f = heap_stores_of(in, md, ps, from, op, cons,
								      depth + 1);

				if (f.safe && !f.risky && !f.unknown)
					h.safe++;
				else
					h.unknown++;
			} else {
				h.unknown++;
			}
			free(k2);
			free(from);
		}
	}
	return h;
}

/*
 * The heap object a consumer reads: its path's key, or where the path
 * starts at a local walked along an array or chain (for_each_sg()'s sg =
 * sg_next(sg) from umem->sgt_append.sgt.sgl), the key of what the walk
 * starts from: __ib_umem_release() reads ib_umem.sgt_append.sgt.sgl.page_link.
 */
static char *sink_key(struct solve_input *in, int fn, const char *path)
{
	struct solve_function *f = &in->fn[fn];
	char *key = layouts_heap_key(in->layouts, fn, path), *tok, *start = NULL, *walked;
	int n = 0, walks = 0;

	if (path_root(path, NULL) != ROOT_LOCAL || path[0] != 'l')
		return key;
	tok = path_base_token(path);
	for (int i = 0; i < f->nr_flow && n < 2; i++) {
		if (strcmp(f->flow[i].dst, tok))
			continue;
		if (resolve_walks_itself(in, f, tok, f->flow[i].src)) {
			walks++;
		} else if (!start || strcmp(start, f->flow[i].src)) {
			free(start);
			start = xstrdup(f->flow[i].src);
			n++;
		}
	}
	walked = n == 1 && walks && !strchr(start, '(') ? path_replace(path, tok, start) : NULL;
	if (walked) {
		char *k = layouts_heap_key(in->layouts, fn, walked);

		if (k) {
			free(key);
			key = k;
		}
	}
	free(walked);
	free(start);
	free(tok);
	return key;
}

/*
 * join_heap()'s producer copy stores a page it read from another object's
 * field (sg_set_page(&cmd->sgl[i], cmd->pages[i])): the consumer of key
 * joined with each risky store into that field, the copy a step between.
 */
static void join_copied(struct solve_input *in, const struct models *md,
			const struct store_effects *ps, struct finding_list *out, int i,
			const char *key, const struct producer *copy, struct heap_stores h)
{
	char *from = layouts_heap_key(in->layouts, copy->fn, copy->page);
	const char *cons = in->fn[out->f[i].sink_fn].dir;

	for (int j = 0; from && strcmp(from, key) && j < ps->nr_p; j++) {
		const struct producer *p = &ps->p[j];
		const char *entry, *rule, *origin = NULL;
		const struct finding *fi = &out->f[i];
		char *expr = NULL;

		if (!producer_counts(in, md, p, from, cons))
			continue;
		entry = find_origin(md, p->page, &expr);
		if (!entry || origin_loaded_from(p->page, expr) ||
		    !(rule = classify_origin(md, entry, expr, p->page, fi->op, &origin))) {
			free(expr);
			continue;
		}
		/* two joins by type: two steps assumed */
		add_joined(in, md, ps, out, i, p, copy, rule, origin, expr,
			   confidence(1, origin, fi->unresolved + 2),
			   xasprintf("joined on %s: %s reads %s, and %s stores there pages it read "
				     "from %s, where %s stores %s memory (%d of the field's %d stores "
				     "%s risky)", key, in->fn[fi->sink_fn].name, fi->sink_path,
				     in->fn[copy->fn].name, from, in->fn[p->fn].name, origin, h.risky,
				     h.risky + h.safe + h.unknown, h.risky == 1 ? "is" : "are"));
	}
	free(from);
}

/*
 * A consumer that reads a page back out of an object's field (origin heap,
 * or a page of block I/O read from the driver's own object) joined with
 * the stores into that same field of that same type of object
 * (layouts_heap_key(): "mthca_user_db_table.page[*].mem.page_link"): one
 * finding per store of risky memory, named by its allocation, its witness
 * the producer's part (allocation to store) and the consumer's (read to
 * the reference count). A consumer whose stores are all of memory that
 * may be reference-counted (page allocator, page pool, user pages) has
 * nothing to report, whatever its layer; one with stores the analysis
 * cannot name keeps an io finding as it was, and a heap read with no
 * risky store goes. The join is by type (two objects of one type are not
 * told apart): medium confidence within one driver, low across.
 */
static void join_heap(struct solve_input *in, const struct models *md,
		      const struct store_effects *ps, struct finding_list *out)
{
	int nr = out->nr, kept = 0;
	char *drop = xcalloc(nr + 1, 1);

	for (int i = 0; i < nr; i++) {
		int heap = !strcmp(out->f[i].origin, "heap");
		struct heap_stores h;
		char *key;

		if (!heap && strcmp(out->f[i].origin, "io"))
			continue;
		key = sink_key(in, out->f[i].sink_fn, out->f[i].sink_path);
		if (!key) {
			drop[i] = heap;
			continue;
		}
		h = heap_stores_of(in, md, ps, key, out->f[i].op, in->fn[out->f[i].sink_fn].dir, 0);
		drop[i] = heap ? 1 : h.risky > 0 || (h.safe > 0 && !h.unknown);
		for (int j = 0; h.risky && j < ps->nr_p; j++) {
			const struct producer *p = &ps->p[j];
			const char *entry, *rule, *origin = NULL;
			struct finding *fi;
			char *expr = NULL;

			if (!producer_counts(in, md, p, key, in->fn[out->f[i].sink_fn].dir))
				continue;
			entry = find_origin(md, p->page, &expr);
			fi = &out->f[i];
			if (!entry) {
				join_copied(in, md, ps, out, i, key, p, h);
				free(expr);
				continue;
			}
			if (origin_loaded_from(p->page, expr) ||
			    !(rule = classify_origin(md, entry, expr, p->page, fi->op, &origin))) {
				free(expr);
				continue;
			}
			/* the join by type is a step assumed, across families two */
			add_joined(in, md, ps, out, i, p, NULL, rule, origin, expr,
				   confidence(1, origin, fi->unresolved + 1 +
					      !layer_same_family(in->fn[p->fn].layer,
							   in->fn[fi->sink_fn].layer)),
				   xasprintf("joined on %s: %s reads %s, and %s stores %s memory there "
					     "(%d of the field's %d stores %s risky)", key,
					     in->fn[fi->sink_fn].name, fi->sink_path, in->fn[p->fn].name,
					     origin, h.risky, h.risky + h.safe + h.unknown,
					     h.risky == 1 ? "is" : "are"));
		}
		free(key);
	}
	for (int i = 0; i < out->nr; i++) {
		if (i < nr && drop[i]) {
			finding_release(&out->f[i]);
			continue;
		}
		out->f[kept++] = out->f[i];
	}
	out->nr = kept;
	free(drop);
}

/*
 * A consumer that reads a page back out of block I/O (origin io, or an
 * unknown page read from an io field) joined with each producer that puts
 * risky memory into that field through its storage stack's core
 * (shared_core()): one finding per producer, named by its allocation, so
 * that each can be judged and repaired where it allocates. The join is on
 * the field alone (the analysis does not follow a bio from submission to
 * the driver's queue), hence low confidence. A consumer joined to at least
 * one producer drops its io/unknown finding; one with none keeps it.
 */
static void join_producers(struct solve_input *in, const struct models *md,
			   const struct store_effects *ps, struct finding_list *out)
{
	int nr = out->nr, kept = 0;
	char *joined = xcalloc(nr + 1, 1);
	struct dispatch *dp = dispatch_new(in);

	for (int i = 0; i < nr; i++) {
		const char *field, *cons_layer;
		int risky = 0;

		if (strcmp(out->f[i].origin, "io") && strcmp(out->f[i].origin, "unknown"))
			continue;
		field = producers_io_field(md, out->f[i].sink_path);
		if (!field)
			continue;
		cons_layer = in->fn[out->f[i].sink_fn].layer;
		for (int j = 0; j < ps->nr_p; j++) {
			const struct producer *p = &ps->p[j];
			const char *entry, *rule, *origin = NULL;
			struct finding *fi;
			char *expr = NULL, *way;

			if (p->field != field || !shared_core(in, ps, p, &in->fn[out->f[i].sink_fn]))
				continue;
			/* a rule of join_list.h that rules this pair out (a read's buffer, never sent) */
			if (join_ruled_out(in, md, ps, &out->f[i], p))
				continue;
			entry = find_origin(md, p->page, &expr);
			if (!entry || origin_loaded_from(p->page, expr)) {
				free(expr);
				continue;
			}
			fi = &out->f[i];
			rule = classify_origin(md, entry, expr, p->page, fi->op, &origin);
			if (!rule) {
				free(expr);
				continue;
			}
			if (!strcmp(fi->rule, "splice-unsafe-page"))
				rule = fi->rule;
			risky++;
			/*
			 * a join on the field is two steps assumed (the field, and
			 * the request between them); none when the producer's
			 * request is dispatched on to the consumer (dispatch.h)
			 */
			way = dispatch_path(dp, ps, p, fi->sink_fn);
			add_joined(in, md, ps, out, i, p, NULL, rule, origin, expr,
				   confidence(1, origin, fi->unresolved + (way ? 0 : 2)),
				   way ? xasprintf("joined on %s: %s reads %s, a page of block I/O, "
						   "and %s is a producer of %s pages in %.*s whose "
						   "request goes on to it (%s)", field,
						   in->fn[fi->sink_fn].name, fi->sink_path,
						   in->fn[p->fn].name, field,
						   (int)layer_family_len(cons_layer), cons_layer, way) :
				   xasprintf("joined on %s: %s reads %s, a page of block I/O, and %s is a "
					     "producer of %s pages in %.*s (the join is on the field, "
					     "not on one bio)", field, in->fn[fi->sink_fn].name,
					     fi->sink_path, in->fn[p->fn].name, field,
					     (int)layer_family_len(cons_layer), cons_layer));
			free(way);
		}
		joined[i] = risky > 0;
	}
	/* the consumers that now name their producers go; the rest keep their order */
	for (int i = 0; i < out->nr; i++) {
		if (i < nr && joined[i]) {
			finding_release(&out->f[i]);
			continue;
		}
		out->f[kept++] = out->f[i];
	}
	out->nr = kept;
	free(joined);
	dispatch_free(dp);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The buffer pointers consumers make pages of (virt_to_page(conn->out.data)
 * read back out of an object): the only fields whose stores of addresses
 * producers_compute() follows; sorted, each once.
 */
static void address_keys(struct solve_input *in, const struct finding_list *out,
			 struct strvec *keys)
{
	size_t kept = 0;

	for (int i = 0; i < out->nr; i++) {
		const struct finding *fi = &out->f[i];
		char *key;

		if (strcmp(fi->origin, "heap") || (strncmp(fi->sink_path, "virt_to_page(", 13) &&
						   strncmp(fi->sink_path, "virt_to_head_page(", 18)))
			continue;
		key = sink_key(in, fi->sink_fn, fi->sink_path);
		if (key)
			strvec_push(keys, key);
		free(key);
	}
	if (keys->nr)
		qsort(keys->v, keys->nr, sizeof(char *), cmp_str);
	for (size_t i = 0; i < keys->nr; i++) {
		if (kept && !strcmp(keys->v[kept - 1], keys->v[i])) {
			free(keys->v[i]);
			continue;
		}
		keys->v[kept++] = keys->v[i];
	}
	keys->nr = kept;
}

int findings_run(struct solve_input *in, const struct models *md, struct finding_list *out,
		 char *stores)
{
	struct store_effects ps;
	struct strvec addr_keys = { 0 };
	struct field_map fm;
	struct sink_ctx sc = { &fm, xcalloc(nr_sink_vetoes + 1, sizeof(void *)) };

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < nr_sink_vetoes; i++)
		sc.veto_state[i] = sink_vetoes[i]->start(in, md);
	fields_compute(in, md, &fm);
	/* every call that may reach a function with effects, direct or indirect */
	for (int g = 0; g < in->nr_fn; g++) {
		struct solve_function *gf = &in->fn[g];

		if (!gf->nr_effect)
			continue;
		for (int j = 0; j < gf->nr_caller + gf->nr_icaller; j++) {
			struct solve_call *c = j < gf->nr_caller ? gf->caller[j] :
					       gf->icaller[j - gf->nr_caller];

			for (int k = 0; k < gf->nr_effect; k++)
				sink_site(in, md, &sc, c->caller, c, g, &gf->effect[k], out);
		}
	}
	fields_release(&fm);
	/* each veto says what it left out */
	for (size_t i = 0; i < nr_sink_vetoes; i++)
		sink_vetoes[i]->finish(sc.veto_state[i]);
	free(sc.veto_state);
	address_keys(in, out, &addr_keys);
	producers_compute(in, md, &addr_keys, &ps);
	strvec_clear(&addr_keys);
	for (int g = 0; stores && g < in->nr_fn; g++)
		stores[g] = ps.nr[g] > 0;
	list_stores(in, md, &ps, out);
	join_heap(in, md, &ps, out);
	join_producers(in, md, &ps, out);
	producers_release(&ps);
	return 0;
}
