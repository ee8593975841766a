#ifndef VDSOSIM_VSYSCALL_H
#define VDSOSIM_VSYSCALL_H
#include "backend.h"

#define VS_VSYSCALL_ADDR 0xffffffffff600000ull
/* Map the page for this mode (x86_64 machines only; none maps nothing) and its hook. */
int vs_vsyscall_map(struct vs_machine *m, enum vdsosim_vsyscall_mode mode, uc_hook *h);
/* The entry serving f (gettimeofday, time, getcpu), or 0. */
uint64_t vs_vsyscall_entry(enum vdsosim_func f);

#endif
