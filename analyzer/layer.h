/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_LAYER_H
#define PAGEREF_LAYER_H

/*
 * The layer of a file, from its path relative to the kernel tree (DESIGN.md
 * "Layers"): mm, net/core, net/tls, block, lib, fs/<name>,
 * drivers/<class>/<name>; headers under include/ take the layer given by
 * db/models/header-layers.txt. Returns a malloc'd string.
 */
char *layer_of(const char *relpath);

#endif
