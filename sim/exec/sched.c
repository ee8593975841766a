/* Scheduling: one CPU, the model's (the threads and their scheduler come later). */
#include "kernel.h"

int64_t vs_sys_sched_getaffinity(struct vs_exec *x, struct vs_sc *c)
{
	uint8_t mask[8] = { 0 };
	uint32_t cpu = vdsosim_model_state(x->m)->cpu;
	if (c->a[1] < sizeof mask || cpu >= 64)
		return -LX_EINVAL;
	mask[cpu / 8] = (uint8_t)(1u << (cpu % 8));
	return vs_x_put_user(x, c->a[2], mask, sizeof mask) ? -LX_EFAULT : (int64_t)sizeof mask;
}

/* a mask without the model's CPU is refused, as for an offline CPU */
int64_t vs_sys_sched_setaffinity(struct vs_exec *x, struct vs_sc *c)
{
	uint8_t mask[128] = { 0 };
	uint32_t cpu = vdsosim_model_state(x->m)->cpu;
	size_t n = c->a[1] < sizeof mask ? (size_t)c->a[1] : sizeof mask;
	uc_mem_read(x->uc, c->a[2], mask, n);
	return cpu / 8 < n && (mask[cpu / 8] >> (cpu % 8)) & 1 ? 0 : -LX_EINVAL;
}
