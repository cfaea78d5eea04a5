// SPDX-License-Identifier: GPL-2.0-only
/// A page (or a buffer's page) handed to the socket layer with MSG_SPLICE_PAGES is referenced
/// by it (skb_splice_from_iter()); a slab, large-kmalloc or tail page must
/// not be. Clear the flag for pages sendpage_ok() rejects, so that the data
/// is copied instead, as nvme-tcp and Ceph do.
///
// Confidence: Moderate
// Copyright: (C) 2026 the pageref authors
// Comments: pageref finding rule splice-unsafe-page; needs sendpage_ok()
//  (include/linux/net.h, 5.10+) and MSG_SPLICE_PAGES (6.5+). Functions that
//  already test sendpage_ok() or sendpages_ok() are left alone. A buffer
//  spliced through bvec_set_virt() is changed only when the pageref
//  generator names the function (PAGEREF_FUNCTION): on its own the rule
//  cannot tell a kmalloc'd buffer from page-frag memory such as nvme-tcp's
//  PDUs, which are safe to splice.
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual org
virtual report

// The patch generator binds a run to the function of one finding by setting
// PAGEREF_FUNCTION (a comma-separated list of names); unset (make
// coccicheck), every function is considered, except where pageref_named()
// asks for the analysis' word.
@initialize:python@
@@
import os

def pageref_names():
	want = os.environ.get("PAGEREF_FUNCTION")
	return want.split(",") if want else None

def pageref_bound(name):
	names = pageref_names()
	return names is None or name in names

def pageref_named(name):
	names = pageref_names()
	return names is not None and name in names

@guarded@
identifier fn;
position p;
@@
fn@p(...) {
<+...
\(sendpage_ok\|sendpages_ok\)(...)
...+>
}

@spliced@
identifier fn : script:python() { pageref_bound(fn) };
position p != guarded.p;
@@
fn@p(...) {
<+...
MSG_SPLICE_PAGES
...+>
}

@fix depends on patch@
identifier spliced.fn, msg, bv;
expression page, len, off, dir, nr, count;
@@
fn(...) {
<...
  bvec_set_page(&bv, page, len, off);
+ if (!sendpage_ok(page))
+	msg.msg_flags &= ~MSG_SPLICE_PAGES;
  iov_iter_bvec(&msg.msg_iter, dir, &bv, nr, count);
...>
}

// a buffer's page: only where the analysis traced the buffer to slab memory
@named@
identifier fn : script:python() { pageref_named(fn) };
position p != guarded.p;
@@
fn@p(...) {
<+...
MSG_SPLICE_PAGES
...+>
}

@fix_virt depends on patch@
identifier named.fn, msg, bv;
expression buf, len, dir, nr, count;
@@
fn(...) {
<...
  bvec_set_virt(&bv, buf, len);
+ if (!sendpage_ok(virt_to_page(buf)))
+	msg.msg_flags &= ~MSG_SPLICE_PAGES;
  iov_iter_bvec(&msg.msg_iter, dir, &bv, nr, count);
...>
}

@depends on context@
identifier spliced.fn, msg, bv;
expression page, len, off, dir, nr, count;
@@
fn(...) {
<...
  bvec_set_page(&bv, page, len, off);
* iov_iter_bvec(&msg.msg_iter, dir, &bv, nr, count);
...>
}

@depends on context@
identifier named.fn, msg, bv;
expression buf, len, dir, nr, count;
@@
fn(...) {
<...
  bvec_set_virt(&bv, buf, len);
* iov_iter_bvec(&msg.msg_iter, dir, &bv, nr, count);
...>
}

@find depends on org || report@
identifier spliced.fn, msg, bv;
expression page, len, off, dir, nr, count;
position p;
@@
fn(...) {
<...
  bvec_set_page(&bv, page, len, off);
  iov_iter_bvec@p(&msg.msg_iter, dir, &bv, nr, count);
...>
}

@find_virt depends on org || report@
identifier named.fn, msg, bv;
expression buf, len, dir, nr, count;
position p;
@@
fn(...) {
<...
  bvec_set_virt(&bv, buf, len);
  iov_iter_bvec@p(&msg.msg_iter, dir, &bv, nr, count);
...>
}

@script:python depends on org@
p << find.p;
@@
coccilib.org.print_todo(p[0], "page spliced with MSG_SPLICE_PAGES without sendpage_ok()")

@script:python depends on org@
p << find_virt.p;
@@
coccilib.org.print_todo(p[0], "slab buffer spliced with MSG_SPLICE_PAGES without sendpage_ok()")

@script:python depends on report@
p << find.p;
@@
coccilib.report.print_report(p[0], "WARNING: page spliced with MSG_SPLICE_PAGES without sendpage_ok(); clear the flag for pages it rejects")

@script:python depends on report@
p << find_virt.p;
@@
coccilib.report.print_report(p[0], "WARNING: slab buffer spliced with MSG_SPLICE_PAGES without sendpage_ok(); clear the flag for pages it rejects")
