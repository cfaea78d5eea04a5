// SPDX-License-Identifier: GPL-2.0-only
/// A function that kmallocs a buffer, takes a page reference on it with
/// get_page(virt_to_page()), drops it with put_page() and only then kfree()s
/// the buffer owns the memory for the whole time: the reference pair adds
/// nothing, and on slab memory it is wrong (6.14 refuses it, 6.17 makes large
/// kmalloc pages frozen). Remove the pair.
///
// Confidence: High
// Copyright: (C) 2026 the pageref authors
// Comments: pageref finding rules slab-page-get, slab-page-put and
//  frozen-page-ref when both ends and the kfree() are in one function.
//  Needs nothing new.
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

@fix depends on patch@
identifier fn : script:python() { pageref_bound(fn) };
expression x;
@@
fn(...) {
<...
x = \(kmalloc\|kzalloc\|kmalloc_array\|kcalloc\|kmemdup\|kvmalloc\|kvzalloc\)(...);
... when exists
- get_page(virt_to_page(x));
... when exists
- put_page(virt_to_page(x));
... when exists
\(kfree\|kvfree\)(x);
...>
}

@depends on context@
identifier fn;
expression x;
@@
fn(...) {
<...
x = \(kmalloc\|kzalloc\|kmalloc_array\|kcalloc\|kmemdup\|kvmalloc\|kvzalloc\)(...);
... when exists
* get_page(virt_to_page(x));
... when exists
* put_page(virt_to_page(x));
... when exists
\(kfree\|kvfree\)(x);
...>
}

@find depends on org || report@
identifier fn;
expression x;
position p;
@@
fn(...) {
<...
x = \(kmalloc\|kzalloc\|kmalloc_array\|kcalloc\|kmemdup\|kvmalloc\|kvzalloc\)(...);
... when exists
get_page@p(virt_to_page(x));
... when exists
put_page(virt_to_page(x));
... when exists
\(kfree\|kvfree\)(x);
...>
}

@script:python depends on org@
p << find.p;
@@
coccilib.org.print_todo(p[0], "page reference pair on memory the function kmallocs and frees")

@script:python depends on report@
p << find.p;
@@
coccilib.report.print_report(p[0], "WARNING: get_page()/put_page() pair on kmalloc'd memory the function frees itself; remove the pair")
