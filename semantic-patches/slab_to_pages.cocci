// SPDX-License-Identifier: GPL-2.0-only
/// A function that kmallocs a buffer, hands its page to code that takes a
/// reference on it (MSG_SPLICE_PAGES, kernel_sendpage(), get_page()) and
/// then kfree()s it relies on the reference outliving kfree(): with slab
/// memory that is a use-after-free waiting to happen, and 6.14 refuses the
/// reference. Allocate the buffer from the page allocator instead, as a
/// compound allocation, and free it with free_pages(): the page's own
/// reference count then keeps it alive for as long as anyone holds it.
///
// Confidence: Low
// Copyright: (C) 2026 the pageref authors
// Comments: pageref finding rules splice-unsafe-page, slab-page-get and
//  slab-page-put with slab origin, when the function both allocates and
//  frees the buffer. Only a local pointer that is not returned or copied
//  elsewhere, and a size that is not reassigned in the function; and only
//  where the function itself references the page (MSG_SPLICE_PAGES,
//  kernel_sendpage(), get_page(virt_to_page(buf))). Rounds the
//  allocation up to a power-of-two number of pages: meant for buffers of
//  up to a few pages. Needs nothing new (__get_free_pages(), get_order()).
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual org
virtual report

// The patch generator binds a run to the function of one finding by setting
// PAGEREF_FUNCTION (a comma-separated list of names); unset (make
// coccicheck), every function is considered.
@initialize:python@
@@
import os

def pageref_bound(name):
	want = os.environ.get("PAGEREF_FUNCTION")
	return not want or name in want.split(",")

@owned@
identifier fn : script:python() { pageref_bound(fn) };
identifier x;
expression size, gfp;
@@
fn(...) {
<+...
x = \(kmalloc\|kzalloc\)(size, gfp);
... when exists
kfree(x);
...+>
}

// the buffer escapes (returned, stored through a pointer) or its size
// changes: leave the function alone (a local kvec or bio_vec may hold it)
@escapes@
identifier owned.fn, owned.x, fld, F;
expression owned.size, E;
position p;
@@
fn@p(...) {
<+...
(
return x;
|
E->fld = x
|
F = x
|
size = E
|
size += E
)
...+>
}

// and something in the function references the buffer's page
@referenced@
identifier owned.fn, owned.x;
position r;
@@
fn@r(...) {
<+...
\(MSG_SPLICE_PAGES\|kernel_sendpage(...)\|get_page(virt_to_page(x))\)
...+>
}

@fix depends on patch@
identifier owned.fn, owned.x;
expression owned.size, owned.gfp;
position p != escapes.p, referenced.r;
@@
fn@p@r(...) {
<...
(
- x = kmalloc(size, gfp);
+ x = (void *)__get_free_pages(gfp | __GFP_COMP, get_order(size));
|
- x = kzalloc(size, gfp);
+ x = (void *)__get_free_pages(gfp | __GFP_COMP | __GFP_ZERO, get_order(size));
|
// allocation and every free together, in one rule: positions do not
// survive a modification, so a second rule could not be bound the same way
- kfree(x);
+ free_pages((unsigned long)x, get_order(size));
)
...>
}

@depends on context@
identifier owned.fn, owned.x;
expression owned.size, owned.gfp;
position p != escapes.p, referenced.r;
@@
fn@p@r(...) {
<...
* x = \(kmalloc\|kzalloc\)(size, gfp);
...>
}

@find depends on org || report@
identifier owned.fn, owned.x;
expression owned.size, owned.gfp;
position p != escapes.p, referenced.r, q;
@@
fn@p@r(...) {
<...
x = \(kmalloc@q\|kzalloc@q\)(size, gfp);
...>
}

@script:python depends on org@
q << find.q;
@@
coccilib.org.print_todo(q[0], "kmalloc'd buffer the function frees itself: page-allocator memory keeps page references valid")

@script:python depends on report@
q << find.q;
@@
coccilib.report.print_report(q[0], "WARNING: kmalloc'd buffer the function frees itself; allocate it with __get_free_pages() if its page is referenced")
