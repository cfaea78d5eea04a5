// SPDX-License-Identifier: GPL-2.0
/* The embedded files and the keys they feed, from embedded_list.h. */
#include "embedded.h"

const struct embedded_file embedded_files[] = {
#define EMBED(id, file, hash) { #id, file, embedded_##id, EMBEDDED_KEY_##hash },
#define MODEL(id, file, hash, field) { #id, file, embedded_##id, EMBEDDED_KEY_##hash },
#include "embedded_list.h"
#undef EMBED
#undef MODEL
};

const size_t nr_embedded_files = sizeof(embedded_files) / sizeof(embedded_files[0]);
