// SPDX-License-Identifier: GPL-2.0-only
/// A kmalloc'd buffer kept in a file-scope pointer and handed to code that
/// takes a reference on its page (sendpage, MSG_SPLICE_PAGES, get_page())
/// is slab memory: since 6.14 a slab page's reference count is frozen and
/// the reference is refused (ocfs2's handshake and keepalive messages,
/// o2net_init(), before 86d7bd6e66e9). Allocate it from the page allocator
/// in the function that allocates it, and free it with free_pages()
/// everywhere the file kfree()s it: allocation and every free together.
///
// Confidence: Moderate
// Copyright: (C) 2026 the pageref authors
// Comments: pageref finding rules splice-unsafe-page, slab-page-get,
//  slab-page-put and frozen-page-ref with slab origin, when the memory is
//  a global or static pointer the bound function kmallocs. Only pointers
//  the file assigns from nothing else (NULL aside), and only bound to a
//  finding (PAGEREF_FUNCTION): that the page is referenced is the
//  analysis's to say, a kmalloc'd global is fine otherwise. Rounds the
//  allocation up to a power-of-two number of pages: meant for buffers of
//  up to a few pages. Needs nothing new (__get_free_pages(), get_order()).
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual org
virtual report

// The patch generator binds a run to the function of one finding by setting
// PAGEREF_FUNCTION (a comma-separated list of names). Unset, nothing is
// bound: the recipe changes nothing on its own.
@initialize:python@
@@
import os
import re

def pageref_named(name):
	want = os.environ.get("PAGEREF_FUNCTION")
	return bool(want) and name in want.split(",")

file_scope = set()	# pointers declared at file scope
unsafe = set()		# ... and assigned from something else than k[mz]alloc() or NULL

flagged = set()		# functions reported

def owned_global(name):
	return name in file_scope and name not in unsafe

// a pointer declared at file scope (current_element names the declaration
// itself there, or is "something_else" in a list of declarators; a local's
// is its function)
@decl@
type T;
identifier G;
position d;
@@
T *G@d;

@script:python@
G << decl.G;
d << decl.d;
@@
if d[0].current_element in (G, "something_else"):
	file_scope.add(G)

@assigned@
identifier G;
expression E;
@@
G = E

@script:python@
G << assigned.G;
E << assigned.E;
@@
if E != "NULL" and not re.match(r"^k[mz]alloc\s*\(", E):
	unsafe.add(G)

@owned@
identifier fn : script:python() { pageref_named(fn) };
identifier G : script:python() { owned_global(G) };
expression size, gfp;
@@
fn(...) {
<+...
G = \(kmalloc\|kzalloc\)(size, gfp);
...+>
}

@fix depends on patch@
identifier owned.G;
expression owned.size, owned.gfp;
@@
(
- G = kmalloc(size, gfp);
+ G = (void *)__get_free_pages(gfp | __GFP_COMP, get_order(size));
|
- G = kzalloc(size, gfp);
+ G = (void *)__get_free_pages(gfp | __GFP_COMP | __GFP_ZERO, get_order(size));
|
- kfree(G);
+ free_pages((unsigned long)G, get_order(size));
)

@depends on context@
identifier owned.G;
expression owned.size, owned.gfp;
@@
* G = \(kmalloc\|kzalloc\)(size, gfp);

// one line per function the patch changes: the allocation and every free
@find depends on org || report@
identifier owned.G, f;
expression owned.size, owned.gfp;
position q;
@@
f@q(...) {
<+...
\(G = \(kmalloc\|kzalloc\)(size, gfp)\|kfree(G)\)
...+>
}

@script:python depends on org@
q << find.q;
@@
if (q[0].file, q[0].line) not in flagged:
	flagged.add((q[0].file, q[0].line))
	coccilib.org.print_todo(q[0], "kmalloc'd global whose page is referenced: allocate it from the page allocator, free it with free_pages()")

@script:python depends on report@
q << find.q;
@@
if (q[0].file, q[0].line) not in flagged:
	flagged.add((q[0].file, q[0].line))
	coccilib.report.print_report(q[0], "WARNING: kmalloc'd global whose page is referenced; allocate it with __get_free_pages(), free it with free_pages()")
