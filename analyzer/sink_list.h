/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sink families, in the order they are asked (sink.h): the first that
 * claims a site decides it. CMake builds analyzer/sink_<name>.c for each
 * line, C includes the list for the declarations (sink.h) and the table
 * (sink_table.c). Adding a family: its file, defining sink_<name> (with
 * its own rule's SARIF text, if it reports a new rule), a line here, its
 * rule's severity in db/models/versions.txt, its fixture. No include
 * guard: included once per use.
 */
SINK_FAMILY(allocator)	/* kmalloc'd, vmalloc'd, high-order buddy memory (origins.txt) */
SINK_FAMILY(stack)	/* the address of a local or a parameter */
SINK_FAMILY(global)	/* the address of a global: the kernel image, or vmalloc'd module data */
SINK_FAMILY(field)	/* a spliced page read from a heap field every store fills alike */
SINK_FAMILY(block_io)	/* a page of someone else's block I/O, or read back from a field */
SINK_FAMILY(sender)	/* a page of unknown origin a driver sends */
