/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_LAYER_H
#define PAGEREF_LAYER_H

#include <stddef.h>

/*
 * The layer of a file, from its path relative to the kernel tree (DESIGN.md
 * "Layers"): mm, net/core, net/tls, block, lib, fs/<name>,
 * drivers/<class>/<name>; headers under include/ take the layer given by
 * db/models/header-layers.txt. Returns a malloc'd string.
 */
char *layer_of(const char *relpath);

/* "drivers/nvme/host" -> "drivers/nvme": where a storage stack's producers and consumers meet */
size_t layer_family_len(const char *layer);

/* Are two layers of one family? */
int layer_same_family(const char *a, const char *b);

/*
 * Are two files' directories one driver's code? The same directory, or
 * one inside the other below the family (drivers/net/wireless/mediatek/mt76
 * and its mt76x0/; not drivers/net/wireless/ti/wl1251, whose layer,
 * drivers/net/wireless, is mt76's too).
 */
int layer_same_driver(const char *a, const char *b);

#endif
