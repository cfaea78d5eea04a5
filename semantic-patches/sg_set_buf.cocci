// SPDX-License-Identifier: GPL-2.0-only
/// A scatterlist entry set from a kernel virtual address with virt_to_page() and offset_in_page(): sg_set_buf() says so (and checks the address under CONFIG_DEBUG_SG).
///
// Confidence: High
// Copyright: (C) 2026 the pageref authors
// Comments: cleanup, not bound to a finding rule; pageref resolves both
//  spellings to the same page. Needs sg_set_buf() (all kernels).
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
- sg_set_page@p(v, virt_to_page(buf), len, offset_in_page(buf))
+ sg_set_buf(v, buf, len)

@depends on context@
expression v, buf, len;
@@
* sg_set_page(v, virt_to_page(buf), len, offset_in_page(buf))

@find depends on org || report@
expression v, buf, len;
position p;
@@
sg_set_page@p(v, virt_to_page(buf), len, offset_in_page(buf))

@script:python depends on org@
p << find.p;
@@
coccilib.org.print_todo(p[0], "scatterlist entry set up from virt_to_page()/offset_in_page()")

@script:python depends on report@
p << find.p;
@@
coccilib.report.print_report(p[0], "WARNING: scatterlist entry set up from virt_to_page()/offset_in_page(); use sg_set_buf()")
