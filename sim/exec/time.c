/* Time: the model answers the time syscalls at the current counter; a sleep passes on the
 * counter (time runs, nothing waits, no host clock). */
#include <string.h>

#include "../../common/bytes.h"
#include "kernel.h"

int64_t vs_sys_time(struct vs_exec *x, struct vs_sc *c)
{
	return vs_core_model_syscall(x->core, (enum vs_sysop)c->s->time_op, c->a, vs_x_counter(x, 0), x->abi->klong);
}

int64_t vs_sys_nanosleep(struct vs_exec *x, struct vs_sc *c)
{
	const struct vs_exec_abi *abi = x->abi;
	int clock = c->s->op == X_CLOCK_NANOSLEEP;
	uint64_t req = clock ? c->a[2] : c->a[0];
	int t64 = abi->klong == 8 || strstr(c->s->name, "time64");
	uint8_t b[16];
	if (uc_mem_read(x->uc, req, b, t64 ? 16 : 8) != UC_ERR_OK)
		return -LX_EFAULT;
	uint64_t sec = vs_get(b, t64 ? 8 : 4, abi->big_endian), nsec = vs_get(b + (t64 ? 8 : 4), t64 ? 8 : 4, abi->big_endian);
	if (clock && (c->a[1] & 1)) /* TIMER_ABSTIME: no sleep into the past */
		return 0;
	uint64_t freq = vdsosim_model_state(x->m)->freq_hz;
	if (sec < 100000)
		x->slept += sec * freq + nsec * (freq / 1000000) / 1000;
	return 0;
}
