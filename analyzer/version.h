/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_VERSION_H
#define PAGEREF_VERSION_H

#define PAGEREF_VERSION "0.1"

#endif
