/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sink families, in the order they are asked (sink.h): the first that
 * claims a site decides it. Adding a family: its file sink_<name>.c
 * defining sink_<name>, a line here, its file in CMakeLists.txt, its model
 * lines, its fixture. No include guard: included once per use.
 */
SINK_FAMILY(allocator)	/* kmalloc'd, vmalloc'd, high-order buddy memory (origins.txt) */
SINK_FAMILY(stack)	/* the address of a local or a parameter */
SINK_FAMILY(field)	/* a spliced page read from a heap field every store fills alike */
SINK_FAMILY(block_io)	/* a page of someone else's block I/O, or read back from a field */
SINK_FAMILY(sender)	/* a page of unknown origin a driver sends */
