/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sink vetoes (sink.h), asked in order: a site a veto rules out cannot
 * happen. An early veto is asked before the page is bound, the others
 * after the splice and I/O tests. A veto is analyzer/rule_<name>.c, which
 * may also be a bind rule (bind_list.h). No include guard: included once
 * per use.
 */
SINK_VETO(frees)	/* kfree(), free_pages(): freeing memory as its allocator wants (early) */
SINK_VETO(sockets)	/* kTLS's or a tap's socket where a layer can never have one */
