/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The join rules (join.h), asked in order. CMake builds
 * analyzer/join_<name>.c for each line. Adding one: its file, defining
 * join_<name>, a line here, its model lines, its fixture. No include
 * guard: included once per use.
 */
JOIN_RULE(direction)	/* a read command's buffer is filled by the device: never sent */
