// SPDX-License-Identifier: GPL-2.0
/* The sink families in sink_list.h's order (sink.h): apart, so that no family depends on it. */
#include "sink.h"

const struct sink_family *const sink_families[] = {
#define SINK_FAMILY(name) &sink_##name,
#include "sink_list.h"
#undef SINK_FAMILY
};
const size_t nr_sink_families = sizeof(sink_families) / sizeof(sink_families[0]);
