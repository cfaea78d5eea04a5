// SPDX-License-Identifier: GPL-2.0-only
/// Open-coded bio_vec set-up: three stores to bv_page, bv_len and bv_offset.
/// bvec_set_page() says the same in one call, and gives pageref (and
/// reviewers) one place where a page enters a bio_vec.
///
// Confidence: High
// Copyright: (C) 2026 the pageref authors
// Comments: cleanup, not bound to a finding rule. Needs bvec_set_page()
//  (6.3+, backported to some stable trees). Only the three stores in a row,
//  in either order of bv_len and bv_offset.
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual org
virtual report

// The patch generator binds a run to the function of one finding by setting
// PAGEREF_FUNCTION; unset (make coccicheck), every function is considered.
@initialize:python@
@@
import os

def pageref_bound(name):
	want = os.environ.get("PAGEREF_FUNCTION")
	return not want or name == want

@fix1 depends on patch@
identifier fn : script:python() { pageref_bound(fn) };
struct bio_vec *bv;
expression page, len, off;
@@
fn(...) {
<...
- bv->bv_page = page;
- bv->bv_len = len;
- bv->bv_offset = off;
+ bvec_set_page(bv, page, len, off);
...>
}

@fix2 depends on patch@
identifier fn : script:python() { pageref_bound(fn) };
struct bio_vec *bv;
expression page, len, off;
@@
fn(...) {
<...
- bv->bv_page = page;
- bv->bv_offset = off;
- bv->bv_len = len;
+ bvec_set_page(bv, page, len, off);
...>
}

@fix3 depends on patch@
identifier fn : script:python() { pageref_bound(fn) };
struct bio_vec bv;
expression page, len, off;
@@
fn(...) {
<...
- bv.bv_page = page;
- bv.bv_len = len;
- bv.bv_offset = off;
+ bvec_set_page(&bv, page, len, off);
...>
}

@fix4 depends on patch@
identifier fn : script:python() { pageref_bound(fn) };
struct bio_vec bv;
expression page, len, off;
@@
fn(...) {
<...
- bv.bv_page = page;
- bv.bv_offset = off;
- bv.bv_len = len;
+ bvec_set_page(&bv, page, len, off);
...>
}

@depends on context@
struct bio_vec *bv;
expression page, len, off;
@@
* bv->bv_page = page;
* bv->bv_len = len;
* bv->bv_offset = off;

@find1 depends on org || report@
struct bio_vec *bv;
expression page, len, off;
position p;
@@
  bv->bv_page@p = page;
  bv->bv_len = len;
  bv->bv_offset = off;

@script:python depends on org@
p << find1.p;
@@
coccilib.org.print_todo(p[0], "open-coded bio_vec set-up")

@script:python depends on report@
p << find1.p;
@@
coccilib.report.print_report(p[0], "WARNING: open-coded bio_vec set-up; use bvec_set_page()")

@depends on context@
struct bio_vec *bv;
expression page, len, off;
@@
* bv->bv_page = page;
* bv->bv_offset = off;
* bv->bv_len = len;

@find2 depends on org || report@
struct bio_vec *bv;
expression page, len, off;
position p;
@@
  bv->bv_page@p = page;
  bv->bv_offset = off;
  bv->bv_len = len;

@script:python depends on org@
p << find2.p;
@@
coccilib.org.print_todo(p[0], "open-coded bio_vec set-up")

@script:python depends on report@
p << find2.p;
@@
coccilib.report.print_report(p[0], "WARNING: open-coded bio_vec set-up; use bvec_set_page()")

@depends on context@
struct bio_vec bv;
expression page, len, off;
@@
* bv.bv_page = page;
* bv.bv_len = len;
* bv.bv_offset = off;

@find3 depends on org || report@
struct bio_vec bv;
expression page, len, off;
position p;
@@
  bv.bv_page@p = page;
  bv.bv_len = len;
  bv.bv_offset = off;

@script:python depends on org@
p << find3.p;
@@
coccilib.org.print_todo(p[0], "open-coded bio_vec set-up")

@script:python depends on report@
p << find3.p;
@@
coccilib.report.print_report(p[0], "WARNING: open-coded bio_vec set-up; use bvec_set_page()")

@depends on context@
struct bio_vec bv;
expression page, len, off;
@@
* bv.bv_page = page;
* bv.bv_offset = off;
* bv.bv_len = len;

@find4 depends on org || report@
struct bio_vec bv;
expression page, len, off;
position p;
@@
  bv.bv_page@p = page;
  bv.bv_offset = off;
  bv.bv_len = len;

@script:python depends on org@
p << find4.p;
@@
coccilib.org.print_todo(p[0], "open-coded bio_vec set-up")

@script:python depends on report@
p << find4.p;
@@
coccilib.report.print_report(p[0], "WARNING: open-coded bio_vec set-up; use bvec_set_page()")
