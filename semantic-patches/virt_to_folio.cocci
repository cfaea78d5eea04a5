// SPDX-License-Identifier: GPL-2.0-only
/// get_page()/put_page() on virt_to_page(x) or virt_to_head_page(x) take the
/// reference on the folio anyway; say so with folio_get()/folio_put() on
/// virt_to_folio(x), which also makes the head-page lookup explicit. Only for
/// memory that is refcountable (page-allocator memory): for slab memory the
/// reference itself is the bug (see slab_ref_pair.cocci).
///
// Confidence: Moderate
// Copyright: (C) 2026 the pageref authors
// Comments: cleanup, not bound to a pageref finding rule: pageref reports
//  slab, frozen, vmalloc and stack pages, for which a folio reference is just
//  as wrong. Needs virt_to_folio() (5.16+) and folio_get()/folio_put().
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
expression x;
position p : script:python() { pageref_bound(p[0].current_element) };
@@
(
- get_page@p(\(virt_to_page\|virt_to_head_page\)(x))
+ folio_get(virt_to_folio(x))
|
- put_page@p(\(virt_to_page\|virt_to_head_page\)(x))
+ folio_put(virt_to_folio(x))
)

@depends on context@
expression x;
@@
(
* get_page(\(virt_to_page\|virt_to_head_page\)(x))
|
* put_page(\(virt_to_page\|virt_to_head_page\)(x))
)

@find depends on org || report@
expression x;
identifier ref = {get_page, put_page};
position p;
@@
ref@p(\(virt_to_page\|virt_to_head_page\)(x))

@script:python depends on org@
p << find.p;
@@
coccilib.org.print_todo(p[0], "page reference through virt_to_page(); use the folio")

@script:python depends on report@
p << find.p;
@@
coccilib.report.print_report(p[0], "WARNING: get_page()/put_page() on virt_to_page(); use folio_get()/folio_put() on virt_to_folio()")
