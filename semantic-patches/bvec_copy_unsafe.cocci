// SPDX-License-Identifier: GPL-2.0-only
/// A page sent in a bvec through sock_sendmsg() can be referenced whatever
/// MSG_SPLICE_PAGES says: kTLS's tls_sw_sendmsg_locked() zero-copies a
/// bvec's pages (sk_msg_zerocopy_from_iter() takes a reference on each).
/// A slab page, or another page sendpage_ok() rejects, must not be
/// referenced: send its data as a kvec instead, which every path copies.
/// This is the repair at the consumer, for a sender that cannot know where
/// its pages come from (nvme-tcp sends whatever the block layer and its
/// own core put into a request).
///
// Confidence: Moderate
// Copyright: (C) 2026 the pageref authors
// Comments: pageref finding rules slab-page-get and splice-unsafe-page,
//  sink sock_sendmsg; needs sendpage_ok() (include/linux/net.h, 5.10+) and
//  kernel_sendmsg(). The pages sendpage_ok() rejects (slab memory, or
//  pages with no reference count) are kernel memory in the direct map, so
//  page_address() is their data. Functions that already send a kvec
//  through kernel_sendmsg() are left alone.
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
import os

def pageref_bound(name):
	want = os.environ.get("PAGEREF_FUNCTION")
	return not want or name in want.split(",")

@copied@
identifier fn;
position p;
@@
fn@p(...) {
<+...
kernel_sendmsg(...)
...+>
}

@fix depends on patch@
identifier fn : script:python() { pageref_bound(fn) };
position p != copied.p;
identifier msg, bv;
expression page, len, off, dir, sock, ret;
@@
fn@p(...) {
<...
  bvec_set_page(&bv, page, len, off);
  iov_iter_bvec(&msg.msg_iter, dir, &bv, 1, len);
+ if (!sendpage_ok(page)) {
+	iov.iov_base = page_address(page) + off;
+	iov.iov_len = len;
+	iov_iter_kvec(&msg.msg_iter, dir, &iov, 1, len);
+	msg.msg_flags &= ~MSG_SPLICE_PAGES;
+ }
(
  ret = sock_sendmsg(sock, &msg);
|
  return sock_sendmsg(sock, &msg);
)
...>
}

// the kvec lives as long as the bvec it stands in for
@decl depends on fix@
identifier fix.fn, fix.bv;
@@
fn(...) {
<...
  struct bio_vec bv;
+ struct kvec iov;
...>
}

// a page at offset 0: no "+ 0"
@depends on fix@
expression page;
@@
- page_address(page) + 0
+ page_address(page)

@find depends on context || org || report@
identifier fn : script:python() { pageref_bound(fn) };
position p != copied.p;
identifier msg, bv;
expression page, len, off, dir, sock;
position q;
@@
fn@p(...) {
<...
  bvec_set_page(&bv, page, len, off);
* iov_iter_bvec@q(&msg.msg_iter, dir, &bv, 1, len);
  ... when any
  sock_sendmsg(sock, &msg)
...>
}

@script:python depends on org@
q << find.q;
@@
coccilib.org.print_todo(q[0], "bvec page sent without a copy for pages sendpage_ok() rejects (kTLS zero-copies it)")

@script:python depends on report@
q << find.q;
@@
coccilib.report.print_report(q[0], "WARNING: bvec page sent without a copy for pages sendpage_ok() rejects; kTLS references it whatever MSG_SPLICE_PAGES says")
