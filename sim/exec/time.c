/* Time: the model answers the time syscalls at the current counter; a sleep is a wait with a
 * deadline on the model's clock (the scheduler lets time pass to it: no host clock). */
#include <string.h>

#include "kernel.h"

int64_t vs_sys_time(struct vs_exec *x, struct vs_sc *c)
{
	return vs_core_model_syscall(x->core, (enum vs_sysop)c->s->time_op, c->a, vs_x_counter(x, 0), x->abi->klong);
}

enum { TIMER_ABSTIME_ = 1 };

/* nanosleep(req, rem) and clock_nanosleep(clock, flags, req, rem) */
int64_t vs_sys_nanosleep(struct vs_exec *x, struct vs_sc *c)
{
	int clock = c->s->op == X_CLOCK_NANOSLEEP;
	int32_t clk = clock ? (int32_t)c->a[0] : 1;
	int abs = clock && (c->a[1] & TIMER_ABSTIME_);
	int64_t sec, nsec;
	struct vdsosim_timespec probe;
	if (clock && (clk == 2 || clk == 3 || vdsosim_model_clock_gettime(x->m, vs_x_counter(x, 0), clk, &probe)))
		return -LX_EINVAL; /* the CPU-time clocks and unknown ids are not sleepable here */
	int r = vs_x_read_timespec(x, clock ? c->a[2] : c->a[0], strstr(c->s->name, "time64") != NULL, &sec, &nsec);
	if (r)
		return r;
	vs_x_block_until(x, c, W_SLEEP, clk, sec, nsec, abs, 0);
	return 0;
}
