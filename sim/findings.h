/* Findings kept per unit of work until every unit is done, then handed on in unit order: what
 * lets -j N and --shard I/N leave the output unchanged. Each owns a copy of its result. */
#ifndef VDSOSIM_FINDINGS_H
#define VDSOSIM_FINDINGS_H
#include "vdsosim.h"

struct vs_findings { struct vdsosim_finding *f; size_t n, cap; };
int vs_findings_add(struct vs_findings *fs, const struct vdsosim_finding *f);
void vs_findings_free(struct vs_findings *fs);

#endif
