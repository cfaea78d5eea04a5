// SPDX-License-Identifier: GPL-2.0-only
/// Before 6.5, kernel_sendpage() and proto_ops.sendpage take a reference on
/// the page they are given (do_tcp_sendpages()); a slab, large-kmalloc or
/// tail page must not be referenced. Fall back to sock_no_sendpage(), which
/// copies through kernel_sendmsg(), for pages sendpage_ok() rejects, as
/// nvme-tcp and drbd do; a direct sock->ops->sendpage() call gets the same
/// choice (the shape of the 2020 fixes in drbd and libceph).
///
// Confidence: Moderate
// Copyright: (C) 2026 the pageref authors
// Comments: pageref finding rule splice-unsafe-page on kernel_sendpage(), a
//  direct sock->ops->sendpage() call (proto_ops.sendpage), or a copy of it
//  kept in a driver's struct (iscsi_tcp's conn->sendpage) (sendpage era, up
//  to 6.4); needs sendpage_ok() (5.10+)
//  and sock_no_sendpage(). Functions that already test sendpage_ok() are left
//  alone; a call that is itself the unbraced branch of an if is reported,
//  not rewritten (an if/else there would read as a dangling else). A
//  buffer's page (virt_to_page(buf)) is changed only when the pageref
//  generator names the function (PAGEREF_FUNCTION): on its own the rule
//  cannot tell kmalloc'd memory from page-frag memory.
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
sendpage_ok(...)
...+>
}

@sends@
identifier fn : script:python() { pageref_bound(fn) };
expression E;
position p != guarded.p;
@@
fn@p(...) {
<+...
\(kernel_sendpage(...)\|sock_no_sendpage(...)\|E->ops->sendpage\|E->sendpage\)
...+>
}

// calls that are an unbraced if branch: reported only
@branch@
identifier sends.fn;
expression C, ret, E;
statement S;
position b;
@@
fn(...) {
<...
(
if (C) ret = kernel_sendpage@b(...); else S
|
if (C) S else ret = kernel_sendpage@b(...);
|
if (C) ret = kernel_sendpage@b(...);
|
if (C) ret = E->ops->sendpage@b(...); else S
|
if (C) S else ret = E->ops->sendpage@b(...);
|
if (C) ret = E->ops->sendpage@b(...);
)
...>
}

// a buffer's page (virt_to_page(buf)): only where the analysis traced the
// buffer to slab memory; nvme-tcp's PDUs are page-frag memory, safe to send
@buffer@
identifier fn : script:python() { not pageref_named(fn) };
expression E, S;
position v;
@@
fn(...) {
<...
(
kernel_sendpage@v(..., virt_to_page(E), ...)
|
S->ops->sendpage@v(..., virt_to_page(E), ...)
)
...>
}

@fix depends on patch@
identifier sends.fn;
expression ret, sock, page, off, len, flags, E;
position c != {branch.b, buffer.v};
@@
fn(...) {
<...
(
- ret = kernel_sendpage@c(sock, page, off, len, flags);
+ if (sendpage_ok(page))
+	ret = kernel_sendpage(sock, page, off, len, flags);
+ else
+	ret = sock_no_sendpage(sock, page, off, len, flags);
|
- ret = sock->ops->sendpage@c(sock, page, off, len, flags);
+ if (sendpage_ok(page))
+	ret = sock->ops->sendpage(sock, page, off, len, flags);
+ else
+	ret = sock_no_sendpage(sock, page, off, len, flags);
|
// a copy of the socket's sendpage kept in a driver's struct (6.1 iscsi_tcp's
// tcp_sw_conn->sendpage, set from sock->ops->sendpage)
- ret = E->sendpage@c(sock, page, off, len, flags);
+ if (sendpage_ok(page))
+	ret = E->sendpage(sock, page, off, len, flags);
+ else
+	ret = sock_no_sendpage(sock, page, off, len, flags);
)
...>
}

@fix_return depends on patch@
identifier sends.fn;
expression sock, page, off, len, flags;
position c != buffer.v;
@@
fn(...) {
<...
+ if (!sendpage_ok(page))
+	return sock_no_sendpage(sock, page, off, len, flags);
  return kernel_sendpage@c(sock, page, off, len, flags);
...>
}

@fix_return_ops depends on patch@
identifier sends.fn;
expression sock, page, off, len, flags;
position c != buffer.v;
@@
fn(...) {
<...
+ if (!sendpage_ok(page))
+	return sock_no_sendpage(sock, page, off, len, flags);
  return sock->ops->sendpage@c(sock, page, off, len, flags);
...>
}

// libceph's ceph_tcp_sendpage() shape: the ops function picked into a local
@fix_local depends on patch@
identifier sends.fn, fp;
expression sock, page;
@@
fn(...) {
...
- fp = sock->ops->sendpage;
+ if (sendpage_ok(page))
+	fp = sock->ops->sendpage;
+ else
+	fp = sock_no_sendpage;
...
fp(sock, page, ...)
...
}

@depends on context@
identifier sends.fn;
expression ret, sock, page, off, len, flags;
position c != buffer.v;
@@
fn(...) {
<...
(
* ret = kernel_sendpage@c(sock, page, off, len, flags);
|
* return kernel_sendpage@c(sock, page, off, len, flags);
|
* ret = sock->ops->sendpage@c(sock, page, off, len, flags);
|
* return sock->ops->sendpage@c(sock, page, off, len, flags);
)
...>
}

@find depends on org || report@
identifier sends.fn;
expression ret, sock, page, off, len, flags, E;
position p != buffer.v;
@@
fn(...) {
<...
(
  ret = kernel_sendpage@p(sock, page, off, len, flags);
|
  return kernel_sendpage@p(sock, page, off, len, flags);
|
  ret = sock->ops->sendpage@p(sock, page, off, len, flags);
|
  return sock->ops->sendpage@p(sock, page, off, len, flags);
|
  ret = E->sendpage@p(sock, page, off, len, flags);
)
...>
}

@find_local depends on org || report@
identifier sends.fn, fp;
expression sock, page;
position p;
@@
fn(...) {
...
fp@p = sock->ops->sendpage;
...
fp(sock, page, ...)
...
}

@script:python depends on org@
p << find_local.p;
@@
coccilib.org.print_todo(p[0], "sendpage picked without sendpage_ok()")

@script:python depends on report@
p << find_local.p;
@@
coccilib.report.print_report(p[0], "WARNING: sendpage picked without sendpage_ok(); pick sock_no_sendpage() for pages it rejects")

@script:python depends on org@
p << find.p;
@@
coccilib.org.print_todo(p[0], "page sent with sendpage without sendpage_ok()")

@script:python depends on report@
p << find.p;
@@
coccilib.report.print_report(p[0], "WARNING: page sent with sendpage without sendpage_ok(); fall back to sock_no_sendpage() for pages it rejects")
