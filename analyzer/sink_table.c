// SPDX-License-Identifier: GPL-2.0
/* The sink families and vetoes in their lists' order (sink.h): apart, so that none depends on it. */
#include "sink.h"

const struct sink_family *const sink_families[] = {
#define SINK_FAMILY(name) &sink_##name,
#include "sink_list.h"
#undef SINK_FAMILY
};
const size_t nr_sink_families = sizeof(sink_families) / sizeof(sink_families[0]);

const struct sink_veto *const sink_vetoes[] = {
#define SINK_VETO(name) &veto_##name,
#include "veto_list.h"
#undef SINK_VETO
};
const size_t nr_sink_vetoes = sizeof(sink_vetoes) / sizeof(sink_vetoes[0]);
