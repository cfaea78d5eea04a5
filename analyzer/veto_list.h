/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sink vetoes (sink.h), asked in order before the families: a site a
 * veto rules out cannot happen. CMake builds analyzer/veto_<name>.c for
 * each line. No include guard: included once per use.
 */
SINK_VETO(sockets)	/* kTLS's or a tap's socket where a layer can never have one */
