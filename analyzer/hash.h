/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_HASH_H
#define PAGEREF_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_HEX 17	/* 16 hex digits and a NUL */

/* Incremental XXH3-64: feed strings, numbers and buffers, then finish. */
struct hasher;
struct hasher *hasher_new(void);
void hasher_add(struct hasher *h, const void *buf, size_t len);
void hasher_add_str(struct hasher *h, const char *s);	/* includes the NUL */
void hasher_add_u64(struct hasher *h, uint64_t v);
void hasher_finish(struct hasher *h, char out[HASH_HEX]);	/* frees h */

void hash_buf(const void *buf, size_t len, char out[HASH_HEX]);
/* Hash a file's contents; -1 when it cannot be read. */
int hash_file(const char *path, char out[HASH_HEX]);

#endif
