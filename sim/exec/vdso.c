/* A program's vDSO calls: seen at the entry of an exported function and at the return to the
 * program; each becomes one record, with the updates asked for it planned in the machine core. */
#include <string.h>

#include "../../common/bytes.h"
#include "../../common/grow.h"
#include "kernel.h"

/* (a Thumb entry has bit 0 set: an arm64 kernel's compat vdso32) */
static int func_at(struct vs_exec *x, uint64_t off)
{
	for (int f = 0; f < VDSOSIM_NFUNCS; f++)
		if (vdsosim_profile_exports(x->prof, (enum vdsosim_func)f) && (x->prof->entry[f] & ~1ULL) == off)
			return f;
	return -1;
}

/* argument i of a function call (i386: on the stack, above the return address) */
static uint64_t call_arg(struct vs_exec *x, int i)
{
	if (!x->abi->args_on_stack)
		return vs_x_reg(x, x->abi->arg[i]);
	uint8_t b[8] = { 0 };
	uc_mem_read(x->uc, vs_x_reg(x, x->abi->sp_reg) + (uint64_t)((i + 1) * x->abi->word), b, (size_t)x->abi->word);
	return vs_get(b, x->abi->word, x->abi->big_endian);
}

void vs_x_vdso_enter(struct vs_exec *x, uint64_t addr)
{
	struct vs_core *c = x->core;
	struct vdsosim_exec_result *r = x->res;
	int f = func_at(x, addr - c->m.base);
	x->in_vdso = 1;
	x->vsyscall = f < 0; /* __kernel_vsyscall and the signal trampolines: the program's own syscalls */
	vs_result_reset(c->res);
	c->stop = 0;
	c->n_exec = c->n_loads = 0;
	c->call = NULL; /* (the shadow stack is the process's: it persists across calls) */
	x->call_idx = -1;
	if (f < 0 || !VS_GROW(r->vdso_calls, x->cap_calls, r->n_vdso_calls))
		return;
	uint64_t k = r->n_vdso_calls++;
	x->call_idx = (int64_t)k;
	x->proc.cur->vdso_calls++;
	struct vdsosim_exec_vdso_call *vc = &r->vdso_calls[k];
	*vc = (struct vdsosim_exec_vdso_call){ .func = (enum vdsosim_func)f, .counter = vs_x_counter(x, addr),
					       .tid = x->proc.cur->tid, .first_syscall = r->n_syscalls };
	for (int i = 0; i < 3; i++)
		vc->args[i] = call_arg(x, i);
	vc->clock = vdsosim_func_takes_clock((enum vdsosim_func)f) ? (int32_t)vc->args[0] : 0;
	/* updates asked for this call land through the machine core, as in the engine */
	struct vdsosim_call *ic = &x->inj;
	memset(ic, 0, sizeof *ic);
	for (unsigned i = 0; i < x->o->n_inject; i++)
		if (x->o->inject[i].call == k)
			ic->updates[ic->n_updates++] = x->o->inject[i].update;
	if (ic->n_updates) {
		ic->func = (enum vdsosim_func)f;
		ic->counter = vc->counter;
		ic->stall_spins = x->o->stall_spins;
		if (vs_core_plan(c, ic, c->res, VDSOSIM_TRACE_INJECT | VDSOSIM_TRACE_VVAR))
			vs_x_die(x, 0, "--inject into vDSO call %llu: %s", (unsigned long long)k, vdsosim_last_error());
		else
			c->call = ic;
	}
}

/* a guest word of n bytes at addr (0 where unreadable) */
static int64_t word_at(struct vs_exec *x, uint64_t addr, int n)
{
	uint8_t b[8] = { 0 };
	if (uc_mem_read(x->uc, addr, b, (size_t)n) != UC_ERR_OK)
		return 0;
	uint64_t v = vs_get(b, n, x->abi->big_endian);
	return n == 4 ? (int32_t)v : (int64_t)v;
}

/* What the call answered, read back from the program's memory as the ABI lays it out. */
static void read_answer(struct vs_exec *x, struct vdsosim_exec_vdso_call *vc)
{
	enum vdsosim_func base = vdsosim_func_base(vc->func);
	int t = vc->func == VDSOSIM_CLOCK_GETTIME64 || vc->func == VDSOSIM_CLOCK_GETRES_TIME64 ? 8 : x->abi->klong;
	uint64_t p = base == VDSOSIM_GETTIMEOFDAY || base == VDSOSIM_GETCPU ? vc->args[0] : vc->args[1];
	if (vc->ret < 0 || !p)
		return;
	switch (base) {
	case VDSOSIM_CLOCK_GETTIME: case VDSOSIM_CLOCK_GETRES: case VDSOSIM_GETTIMEOFDAY:
		vc->sec = word_at(x, p, t);
		vc->sub = word_at(x, p + (uint64_t)t, t);
		vc->has_answer = 1;
		break;
	case VDSOSIM_GETCPU:
		vc->sec = (uint32_t)word_at(x, p, 4);
		vc->sub = vc->args[1] ? (uint32_t)word_at(x, vc->args[1], 4) : 0;
		vc->has_answer = 1;
		break;
	default: break;
	}
}

void vs_x_vdso_leave(struct vs_exec *x)
{
	struct vs_core *c = x->core;
	struct vdsosim_exec_result *r = x->res;
	x->in_vdso = 0;
	x->vdso_insns += c->res->insns;
	c->call = NULL;
	if (x->vsyscall || x->call_idx < 0) {
		x->inj.n_updates = 0;
		return;
	}
	struct vdsosim_exec_vdso_call *vc = &r->vdso_calls[x->call_idx];
	x->call_idx = -1;
	uint64_t ret = x->prof->ops->retval(&c->m); /* (ppc64: a positive errno with CR0.SO is -errno) */
	/* an int, but time() gives a time_t (x32: 8 bytes in a 4-byte-pointer ABI) */
	vc->ret = vdsosim_func_base(vc->func) == VDSOSIM_TIME && x->abi->klong == 8 ? (int64_t)ret : (int32_t)ret;
	vc->syscalls = (uint32_t)c->res->n_syscalls;
	vc->path = c->res->n_syscalls ? VDSOSIM_PATH_SYSCALL : VDSOSIM_PATH_VDSO;
	vc->retries = vs_core_count_retries(c->res);
	vc->counter_reads = (uint32_t)c->res->n_counter;
	vc->counter_read = c->res->n_counter && c->res->cap_counter ? c->res->counter_reads[0].value : 0;
	vc->updates_landed = c->res->fired[0] + c->res->fired[1];
	vc->instructions = c->res->insns;
	read_answer(x, vc);
	/* a tick that landed here was the timeline's next: the following ones come after it */
	for (unsigned i = 0; i < x->inj.n_updates; i++) {
		enum vdsosim_event ev = x->inj.updates[i].event;
		if (c->res->fired[i] && (ev == VDSOSIM_EV_TICK || ev == VDSOSIM_EV_STALL))
			while (x->next_tick <= x->inj.counter)
				x->next_tick += x->tick_len;
	}
	x->inj.n_updates = 0;
	if (x->strace)
		vs_strace_vdso(x->strace, vc);
}
