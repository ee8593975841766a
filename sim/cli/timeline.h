#ifndef VDSOSIM_TIMELINE_H
#define VDSOSIM_TIMELINE_H
#include "../scenario/scenario.h"
#include "cli.h"

/* One page with a timeline per scenario (those with mine[i]). */
int timeline_html(const char *path, struct scenario **sc, const struct sc_outcome *out, const struct sc_trace *tr,
		  const int *mine, size_t n);

#endif
