/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_REPORT_CHANNELS_H
#define PAGEREF_REPORT_CHANNELS_H

#include "db.h"
#include "usage.h"

/*
 * channels.html, channel/NAME.html for each channel, and pairs.html, into
 * the report directory dir; the source files they link are added to want.
 * Adds the pages written to *npages.
 */
int write_channel_pages(struct db *db, const char *dir, struct strvec *want, long *npages);

/* channel/NAME.html, the page of a channel: its name's characters, [*] as _ */
char *channel_page(const char *channel);

#endif
