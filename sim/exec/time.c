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

/* A relative sleep a signal ended: the time it had left, into rem */
void vs_x_sleep_interrupted(struct vs_exec *x, struct vs_thread *t)
{
	const struct vs_sc *c = &t->sc;
	int clock = c->s->op == X_CLOCK_NANOSLEEP;
	uint64_t rem = clock ? c->a[3] : c->a[1], now = vs_x_counter(x, 0);
	if ((clock && (c->a[1] & TIMER_ABSTIME_)) || !rem || t->deadline == UINT64_MAX)
		return;
	int64_t sec, nsec;
	int n = strstr(c->s->name, "time64") ? 8 : x->abi->klong;
	vs_x_counter_to_ts(x, t->deadline > now ? t->deadline - now : 0, &sec, &nsec);
	vs_x_put_word(x, rem, (uint64_t)sec, n);
	vs_x_put_word(x, rem + (uint64_t)n, (uint64_t)nsec, n);
}
