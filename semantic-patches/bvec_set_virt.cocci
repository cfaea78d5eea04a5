// SPDX-License-Identifier: GPL-2.0-only
/// A bio_vec set from a kernel virtual address with virt_to_page() and offset_in_page(): bvec_set_virt() says so, and keeps the address visible.
///
// Confidence: High
// Copyright: (C) 2026 the pageref authors
// Comments: cleanup, not bound to a finding rule; pageref resolves both
//  spellings to the same page. Needs bvec_set_virt() (6.3+).
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
expression v, buf, len;
position p : script:python() { pageref_bound(p[0].current_element) };
@@
- bvec_set_page@p(v, virt_to_page(buf), len, offset_in_page(buf))
+ bvec_set_virt(v, buf, len)

@depends on context@
expression v, buf, len;
@@
* bvec_set_page(v, virt_to_page(buf), len, offset_in_page(buf))

@find depends on org || report@
expression v, buf, len;
position p;
@@
bvec_set_page@p(v, virt_to_page(buf), len, offset_in_page(buf))

@script:python depends on org@
p << find.p;
@@
coccilib.org.print_todo(p[0], "bio_vec set up from virt_to_page()/offset_in_page()")

@script:python depends on report@
p << find.p;
@@
coccilib.report.print_report(p[0], "WARNING: bio_vec set up from virt_to_page()/offset_in_page(); use bvec_set_virt()")
