/* The floor: a bare Unicorn run of the image's clock_gettime with only its counter sites hooked
 * (the Unicorn notes' configuration (a)). What no simulator of this kind can go below; the one
 * piece of the benchmark that touches Unicorn itself. */
#ifndef VDSOSIM_BENCH_FLOOR_H
#define VDSOSIM_BENCH_FLOOR_H
#include <stddef.h>
#include <stdint.h>

#include "vdsosim.h"

struct floor;
/* x86_64 images; pages: the data pages (npages of 4 KiB) mapped below the image */
struct floor *floor_open(const vdsosim_profile *p, uint8_t *pages, size_t npages);
void floor_call(struct floor *f, uint64_t counter);
void floor_close(struct floor *f);

#endif
